"""The entanglement figures draw what they are given and refuse malformed tables."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.plotting import entanglement_strips, scree_plot  # noqa: E402


def test_scree_plot_draws_shares_and_cumulative():
    ax = scree_plot({"a": pd.Series([0.7, 0.2, 0.1]), "b": pd.Series([0.5, 0.3])})
    lines = ax.get_lines()
    assert len(lines) == 4
    np.testing.assert_allclose(lines[1].get_ydata(), [0.7, 0.9, 1.0])
    plt.close("all")
    with pytest.raises(ValueError, match="summing"):
        scree_plot({"bad": pd.Series([70.0, 30.0])})
    with pytest.raises(TypeError, match="mapping"):
        scree_plot(pd.Series([0.5]))


def test_entanglement_strips_one_row_per_area():
    t = pd.DataFrame({"rho": [0.9, 0.1, 0.5, -0.2], "ci_low": [0.8, -0.3, 0.2, -0.6],
                      "ci_high": [0.95, 0.5, 0.7, 0.2],
                      "area": ["truthfulness", "bias", "truthfulness", "bias"],
                      "model_type": ["base", "base", "chat", "chat"]})
    ax = entanglement_strips(t, threshold=0.7)
    assert [x.get_text() for x in ax.get_yticklabels()] == ["truthfulness", "bias"]
    dots = np.concatenate([c.get_offsets()[:, 0] for c in ax.collections
                           if c.get_offsets().shape[0] and hasattr(c, "get_sizes")
                           and c.get_sizes().size])
    assert set(np.round(dots, 6)) >= {0.9, 0.1, 0.5, -0.2}
    plt.close("all")
    with pytest.raises(ValueError, match="lacks columns"):
        entanglement_strips(t.drop(columns="area"))
