"""plotting.incidents: the figures draw what they are given and refuse the wrong input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import incidents  # noqa: E402
from analysis.plotting import coverage_plot, incident_counts_plot  # noqa: E402


def test_incident_counts_plot_bars_and_fit():
    counts = pd.DataFrame({"incidents": [10, 20, 40, 5], "complete": [True] * 3 + [False]},
                          index=pd.Index([2020, 2021, 2022, 2023], name="year"))
    fit = incidents.growth_rate(counts, model="poisson")
    ax = incident_counts_plot(counts, fit)
    heights = [p.get_height() for p in ax.patches]
    assert heights == [10, 20, 40, 5]
    assert ax.get_yscale() == "log" and len(ax.lines) == 1
    plt.close("all")
    with pytest.raises(TypeError, match="incidents_per_year"):
        incident_counts_plot(pd.DataFrame({"incidents": [1]}))


def test_coverage_plot_one_bar_per_subdomain():
    ax = coverage_plot(["7.3", "7.3", "6.5"])
    widths = [p.get_width() for p in ax.patches]
    assert len(widths) == 24 and sum(widths) == 3 and max(widths) == 2
    plt.close("all")
    with pytest.raises(ValueError, match="not in the coverage table"):
        coverage_plot(["9.9"])
