"""The agreement figures draw what they are given, in the order and grouping asked for."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.agreement import gain_vs_correlation  # noqa: E402
from analysis.plotting import gain_curves, pair_scatter, pairwise_heatmap  # noqa: E402


def test_heatmap_sorts_models_by_group_and_marks_the_boundaries():
    m = pd.DataFrame(np.arange(9.0).reshape(3, 3), index=list("abc"), columns=list("abc"))
    ax = pairwise_heatmap(m, groups=pd.Series({"a": "z", "b": "y", "c": "z"}))
    shown = ax.images[0].get_array()
    np.testing.assert_array_equal(shown, m.loc[["b", "a", "c"], ["b", "a", "c"]].to_numpy())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["y", "z"]
    assert len(ax.lines) == 2          # one horizontal and one vertical boundary
    plt.close("all")


def test_scatter_and_gain_curves_draw_every_point_and_line():
    ax = pair_scatter([0.5, 0.6, 0.7], [0.1, 0.2, 0.3], [True, False, False], chance=0.25)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 3
    sim = gain_vs_correlation(0.7, 0.7, [0.0, 0.5, 0.9], n_items=100, n_reps=10,
                              rng=np.random.default_rng(0), skills=[1.0, 0.75])
    ax = gain_curves(sim)
    lines = [line for line in ax.lines if line.get_label() in ("oracle", "arbiter, skill 75%")]
    assert len(lines) == 2
    np.testing.assert_allclose(lines[0].get_ydata(), sim.query("skill == 1")["expected_gain"])
    plt.close("all")


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="square"):
        pairwise_heatmap(pd.DataFrame(np.ones((2, 3))))
    with pytest.raises(KeyError, match="groups has no entry"):
        pairwise_heatmap(pd.DataFrame(np.ones((2, 2)), index=["a", "b"], columns=["a", "b"]),
                         groups=pd.Series({"a": "x"}))
    with pytest.raises(ValueError, match="equal length"):
        pair_scatter([1, 2], [1], [True, False])
    with pytest.raises(ValueError, match="gain_vs_correlation"):
        gain_curves(pd.DataFrame({"x": [1]}))
