"""Item characteristic and information curves: what they draw and what they refuse."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from analysis.irt import fit_irt, simulate_responses
from analysis.plotting import information_curves, item_characteristic_curves


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def fit():
    x, _ = simulate_responses(150, 6, rng=np.random.default_rng(0))
    return fit_irt(x, standard_errors=False)


def test_icc_draws_the_fitted_sigmoid(fit):
    theta = np.linspace(-3, 3, 13)
    ax = item_characteristic_curves(fit, {"easy": "q0", "other": "q1"}, theta=theta)
    a, d = fit.items.loc["q0", ["discrimination", "intercept"]]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), expit(a * theta + d))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["easy", "other"]


def test_icc_marks_named_abilities(fit):
    ax = item_characteristic_curves(fit, ["q0"], markers={"best model": 1.5})
    assert ax.lines[-1].get_xdata()[0] == 1.5
    assert "best model" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_icc_names_unknown_items(fit):
    with pytest.raises(ValueError, match="not fitted"):
        item_characteristic_curves(fit, ["nope"])
    with pytest.raises(ValueError, match="at least one"):
        item_characteristic_curves(fit, [])


def test_icc_rejects_a_decreasing_grid(fit):
    with pytest.raises(ValueError, match="increasing"):
        item_characteristic_curves(fit, ["q0"], theta=[1.0, 0.0])


def test_information_curves_plot_each_series():
    theta = np.linspace(-2, 2, 5)
    curves = {"a": pd.Series(np.ones(5), index=theta), "b": pd.Series(np.arange(5.0), index=theta)}
    ax = information_curves(curves, log=False)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), np.arange(5.0))
    assert len(ax.get_legend().get_texts()) == 2


def test_information_curves_refuse_negative_or_missing_values():
    theta = np.linspace(-2, 2, 3)
    with pytest.raises(ValueError, match=">= 0"):
        information_curves({"bad": pd.Series([1.0, -1.0, 0.0], index=theta)})
    with pytest.raises(ValueError, match="at least one"):
        information_curves({})
    with pytest.raises(ValueError, match="finite ability"):
        information_curves({"x": pd.Series([1.0, 1.0], index=[0.0, 1.0])}, markers={"m": np.inf})
