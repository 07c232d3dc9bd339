"""accuracy_line_plot: what it draws (dots, intervals, the fitted line, y = x) and what it refuses."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from analysis.generalization import fit_line
from analysis.plotting import accuracy_line_plot


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def zoo():
    names = [f"m{i}" for i in range(6)]
    x = pd.Series(np.linspace(0.6, 0.85, 6), index=names)
    y = pd.Series(1.1 * x.to_numpy() - 0.2, index=names)
    return x, y


def test_dots_line_and_reference_on_the_linear_scale(zoo):
    x, y = zoo
    fit = fit_line(x, y, scale="linear", n_boot=50, rng=np.random.default_rng(0))
    ax = accuracy_line_plot(x, y, fit=fit, x_interval=(x - 0.01, x + 0.01),
                            y_interval=(y - 0.02, y + 0.02))
    dots = [c for c in ax.collections if c.get_offsets().shape == (6, 2)][0]
    np.testing.assert_allclose(dots.get_offsets(), np.c_[x, y])
    fitted, reference = ax.lines[-2], ax.lines[-1]
    np.testing.assert_allclose(fitted.get_ydata(), fit.intercept + fit.slope * fitted.get_xdata())
    assert reference.get_label() == "y = x"
    np.testing.assert_allclose(reference.get_xdata(), reference.get_ydata())


def test_probit_axes_plot_the_transformed_accuracies(zoo):
    x, y = zoo
    ax = accuracy_line_plot(x, y, scale="probit")
    dots = [c for c in ax.collections if c.get_offsets().shape == (6, 2)][0]
    np.testing.assert_allclose(dots.get_offsets(), np.c_[norm.ppf(x), norm.ppf(y)])
    assert ax.xaxis.get_major_formatter()(norm.ppf(0.9), 0) == "90%"


def test_a_second_group_keeps_the_first_in_view(zoo):
    x, y = zoo
    ax = accuracy_line_plot(x, y)
    accuracy_line_plot(x * 0.5, y * 0.5, ax=ax, label="second")
    assert ax.get_xlim()[0] <= 0.3 and ax.get_xlim()[1] >= 0.85


@pytest.mark.parametrize("kwargs, error, match", [
    ({"scale": "log"}, ValueError, "scale"),
    ({"x_interval": "low"}, TypeError, "pair"),
    ({"annotate": ["nope"]}, KeyError, "nope"),
])
def test_bad_input(zoo, kwargs, error, match):
    x, y = zoo
    with pytest.raises(error, match=match):
        accuracy_line_plot(x, y, **kwargs)


def test_percentages_are_refused(zoo):
    x, y = zoo
    with pytest.raises(ValueError, match="percentages"):
        accuracy_line_plot(x * 100, y * 100)
