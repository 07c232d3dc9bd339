"""The error-against-items figure: what it draws and what it refuses."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.plotting import anchor_error_curves


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture()
def summary():
    return pd.DataFrame(
        {"n_anchors": [10, 100, 10, 100], "mae": [0.05, 0.02, 0.10, 0.04],
         "ci_low": [0.04, 0.015, 0.09, 0.035], "ci_high": [0.06, 0.03, 0.11, 0.045]},
        index=pd.Index(["irt", "irt", "random", "random"], name="method"))


def test_curves_draw_each_method_with_its_interval(summary):
    ax = anchor_error_curves(summary, ["random", "irt"],
                             reference={"exact": ([10, 100], [0.1, 0.03])})
    labels = [c.get_label() for c in ax.containers]
    assert labels == ["random subset", "IRT"]
    np.testing.assert_allclose(ax.containers[0].lines[0].get_ydata(), [0.10, 0.04])
    np.testing.assert_allclose(ax.containers[1].lines[0].get_ydata(), [0.05, 0.02])
    # the error bars span the interval: their segments run from ci_low to ci_high
    bars = ax.containers[1].lines[2][0].get_segments()
    np.testing.assert_allclose([seg[:, 1] for seg in bars], [[0.04, 0.06], [0.015, 0.03]])
    reference = [line for line in ax.lines if line.get_label() == "exact"]
    np.testing.assert_allclose(reference[0].get_ydata(), [0.1, 0.03])
    assert ax.get_xscale() == "log"
    assert "%" in ax.yaxis.get_major_formatter()(0.05, 0)


def test_curves_refuse_bad_input(summary):
    with pytest.raises(ValueError, match="columns"):
        anchor_error_curves(summary.drop(columns="ci_low"))
    with pytest.raises(ValueError, match="unknown method"):
        anchor_error_curves(summary, ["gp-irt"])
