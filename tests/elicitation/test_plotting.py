"""Elicitation figures draw what they are given and refuse mismatched input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.elicitation import family_fits  # noqa: E402
from analysis.plotting import ceg_diagram, change_scatter, exceedance_curves  # noqa: E402


def test_change_scatter_draws_one_series_per_group():
    t = pd.DataFrame({"technique": ["a", "a", "b"], "baseline": [0.2, 0.4, 0.5], "change": [0.1, 0.2, -0.1],
                      "ci_low": [0.05, 0.1, -0.2], "ci_high": [0.15, 0.3, 0.0]})
    ax = change_scatter(t)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    plt.close("all")
    with pytest.raises(KeyError, match="ci_low"):
        change_scatter(t.drop(columns="ci_low"))


def test_ceg_diagram_arrow_spans_the_inversion():
    x, s = np.array([22.0, 23.0, 24.0]), np.array([0.1, 0.2, 0.35])
    f = family_fits(x, s, ["f"] * 3).loc["f"]
    ax = ceg_diagram(f, x, s, model_log10_compute=22.0, baseline=0.1, elicited=0.25)
    arrow = [c for c in ax.get_children() if isinstance(c, matplotlib.text.Annotation)][0]
    x_to = (np.log(0.25 / 0.75) - f["intercept"]) / f["slope"]
    assert arrow.xy[0] == pytest.approx(x_to)
    plt.close("all")
    with pytest.raises(ValueError, match="fractions"):
        ceg_diagram(f, x, s, model_log10_compute=22.0, baseline=10, elicited=25)


def test_exceedance_curves_checks_shapes():
    ax = exceedance_curves([0.3, 0.5], {"a": [0.2, 1.0]}, threshold=0.5)
    assert ax.get_lines()[0].get_ydata().tolist() == [0.2, 1.0]
    plt.close("all")
    with pytest.raises(ValueError, match="shape"):
        exceedance_curves([0.3, 0.5], {"a": [0.2]}, threshold=0.5)
