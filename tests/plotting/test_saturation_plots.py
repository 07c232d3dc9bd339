"""Saturation figures: what they draw and what they refuse."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy.special import expit

from analysis.plotting import frontier_fit_plot, progress_curves
from analysis.saturation import fit_logistic_progress


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_progress_curves_draw_each_curve_as_given():
    ax = progress_curves({"a": ([0.0, 1.0, 2.0], [-1.0, -0.5, 0.2]), "b": ([0.0, 3.0], [-1.0, -0.1])})
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [-1.0, -0.5, 0.2])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


@pytest.mark.parametrize("curves, match", [({}, "at least one"),
                                           ({"a": ([0.0, 1.0], [0.1])}, "one length")])
def test_progress_curves_bad_input(curves, match):
    with pytest.raises(ValueError, match=match):
        progress_curves(curves)


def test_frontier_fit_plot_draws_the_fitted_curve():
    t = np.linspace(2018, 2024, 13)
    s = 0.25 + 0.75 * expit(1.2 * (t - 2021))
    fit = fit_logistic_progress(t, s, lower=0.25, n_boot=50, rng=np.random.default_rng(0))
    ax = frontier_fit_plot(fit, t, s)
    line = next(ln for ln in ax.lines if ln.get_label() == "logistic fit")
    np.testing.assert_allclose(line.get_ydata(), fit.predict(line.get_xdata()))
    assert any(c.get_label().startswith("95%") for c in ax.collections)
