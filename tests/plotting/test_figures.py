"""The book's figure helpers: what they draw and what they refuse."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.plotting import PALETTE, forest_plot, percent_axis, power_curves, use_book_style


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _table(means, half=0.02, index=("a", "b", "c")):
    means = np.asarray(means, dtype=float)
    return pd.DataFrame(
        {"mean": means, "ci_low": means - half, "ci_high": means + half}, index=list(index)
    )


def test_style_sets_the_palette_as_colour_cycle():
    use_book_style()
    cycle = [c.lower() for c in plt.rcParams["axes.prop_cycle"].by_key()["color"]]
    assert cycle[0] == PALETTE["blue"].lower()
    assert plt.rcParams["axes.spines.top"] is False


def test_forest_plot_orders_rows_by_estimate_highest_on_top():
    ax = forest_plot(_table([0.7, 0.9, 0.8]))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["a", "c", "b"]  # bottom to top


def test_forest_plot_draws_interval_bounds_from_the_table():
    table = _table([0.5, 0.6, 0.7], half=0.05)
    ax = forest_plot(table, order=["a", "b", "c"])
    (container,) = ax.containers
    segments = container.lines[2][0].get_segments()
    lows = sorted(seg[0][0] for seg in segments)
    np.testing.assert_allclose(lows, table["ci_low"].sort_values().to_numpy())


def test_forest_plot_compares_methods_side_by_side():
    tables = {"naive": _table([0.5, 0.6, 0.7]), "clustered": _table([0.5, 0.6, 0.7], 0.06)}
    ax = forest_plot(tables)
    assert len(ax.containers) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["naive", "clustered"]


def test_forest_plot_rejects_an_estimate_outside_its_interval():
    table = _table([0.5, 0.6, 0.7])
    table.loc["b", "ci_low"] = 0.65
    with pytest.raises(ValueError, match="outside its interval"):
        forest_plot(table)


def test_forest_plot_names_missing_columns():
    with pytest.raises(ValueError, match="ci_high"):
        forest_plot(_table([0.5, 0.6, 0.7]).drop(columns="ci_high"))


def test_forest_plot_rejects_tables_on_different_models():
    with pytest.raises(ValueError, match="other rows"):
        forest_plot({"x": _table([0.5, 0.6, 0.7]), "y": _table([0.5, 0.6], index=("a", "b"))})


def test_power_curves_checks_probabilities_and_shapes():
    n = np.array([10, 100, 1000])
    ax = power_curves(n, {"paired": np.array([0.1, 0.5, 0.9])})
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [0.1, 0.5, 0.9])
    with pytest.raises(ValueError, match="probabilities"):
        power_curves(n, {"bad": np.array([0.1, 1.5, 0.9])})
    with pytest.raises(ValueError, match="shape"):
        power_curves(n, {"bad": np.array([0.1, 0.5])})
    with pytest.raises(ValueError, match="increasing"):
        power_curves(np.array([100, 10]), {"x": np.array([0.1, 0.2])})


def test_percent_axis_labels_fractions_as_percent():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0.25, 0.75])
    percent_axis(ax, "y")
    fig.canvas.draw()
    assert ax.yaxis.get_major_formatter()(0.5, 0).endswith("%")
    assert ax.yaxis.get_major_formatter()(0.5, 0).startswith("50")
    with pytest.raises(ValueError, match="'x' or 'y'"):
        percent_axis(ax, "z")


def test_forest_plot_uses_percent_unless_told_otherwise():
    ax = forest_plot(_table([0.5, 0.6, 0.7]))
    assert ax.xaxis.get_major_formatter()(0.5, 0).endswith("%")
    ax = forest_plot(_table([0.5, 0.6, 0.7]), percent=False)
    assert not str(ax.xaxis.get_major_formatter()(0.5, 0)).endswith("%")
