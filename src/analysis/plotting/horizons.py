"""Time-horizon figures: success against task length per agent, horizons against release date."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import PALETTE, percent_axis

__all__ = ["success_curves_plot", "horizon_trend_plot"]

_CYCLE = ["blue", "orange", "green", "vermillion", "purple", "sky", "black"]


def _minutes_axis(axis: Any) -> None:
    """Ticks at 1 s, 1 min, 10 min, 1 h, 4 h, 1 day and METR's work-month (167 h)."""
    ticks = {1 / 60: "1 s", 1: "1 min", 10: "10 min", 60: "1 h", 240: "4 h", 1440: "1 day",
             167 * 60: "1 work-month"}
    lo, hi = axis.get_view_interval()
    keep = {m: s for m, s in ticks.items() if lo <= m <= hi}
    axis.set_ticks(list(keep), list(keep.values()))
    axis.set_minor_locator(plt.NullLocator())


def success_curves_plot(runs: pd.DataFrame, fits: pd.DataFrame, agents: Sequence[str], *,
                        agent: str = "alias", task: str = "task_id",
                        minutes: str = "human_minutes", score: str = "score_binarized",
                        ax: plt.Axes | None = None) -> plt.Axes:
    """Each agent's success rate per task against the task's human time, with its fitted curve.

    Dots are the agent's mean success over its runs of a task (unweighted); the line is
    the fitted logistic in ``log2(minutes)`` and the marker on the 50% line is the
    horizon ``h50``.

    Parameters
    ----------
    runs
        One row per run (as for :func:`analysis.horizons.fit_horizons`).
    fits
        The output of :func:`analysis.horizons.fit_horizons` (``intercept``, ``slope``,
        ``h50``), indexed by agent.
    agents
        The agents to draw (a handful stays legible).
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from analysis.horizons import fit_horizons
    >>> runs = pd.DataFrame({"alias": "a", "task_id": list("uvwxyz") * 2,
    ...                      "human_minutes": [1, 2, 4, 8, 16, 32] * 2,
    ...                      "score_binarized": [1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0]})
    >>> ax = success_curves_plot(runs, fit_horizons(runs, weight=None), ["a"])
    """
    from ..horizons import success_curve

    unknown = [a for a in agents if a not in fits.index]
    if unknown:
        raise KeyError(f"no fit for agents {unknown}; fits has {list(fits.index)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.2))
    grid = np.geomspace(runs[minutes].min() / 2, runs[minutes].max() * 2, 200)
    for i, name in enumerate(agents):
        colour = PALETTE[_CYCLE[i % len(_CYCLE)]]
        per_task = runs[runs[agent] == name].groupby(task).agg(m=(minutes, "mean"), s=(score, "mean"))
        ax.plot(per_task["m"], per_task["s"], "o", color=colour, alpha=0.35, markersize=3.5)
        fit = fits.loc[name]
        ax.plot(grid, success_curve(fit["intercept"], fit["slope"], grid), color=colour,
                linewidth=1.8, label=name)
        if np.isfinite(fit.get("h50", np.nan)) and grid[0] <= fit["h50"] <= grid[-1]:
            ax.plot([fit["h50"]], [0.5], "D", color=colour, markersize=6,
                    markeredgecolor="white")
    ax.axhline(0.5, color=PALETTE["grey"], linewidth=0.8, linestyle=":")
    ax.set_xscale("log", base=2)
    ax.set_xlim(grid[0], grid[-1])
    _minutes_axis(ax.xaxis)
    ax.set_ylim(-0.03, 1.03)
    percent_axis(ax, "y")
    ax.set_xlabel("time the task takes a human (log scale)")
    ax.set_ylabel("success rate")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    return ax


def horizon_trend_plot(release_dates: pd.Series, horizons: pd.Series, trend: Any = None, *,
                       low: pd.Series | None = None, high: pd.Series | None = None,
                       label: str | None = None, color: str = "blue", until: Any = None,
                       annotate: Sequence[str] = (), ax: plt.Axes | None = None) -> plt.Axes:
    """Horizons against release date on a log scale, with a fitted trend and its band.

    Parameters
    ----------
    release_dates, horizons
        Series indexed by model (dates; minutes).
    trend
        Optional :class:`analysis.horizons.HorizonTrend` drawn as a line (solid over the
        fitted dates, dashed beyond, up to ``until``) with its bootstrap band if it has
        replicates.
    low, high
        Optional interval of each horizon (minutes), drawn as vertical bars.
    label
        Legend label of the points.
    color
        A colour name of the book palette, ``analysis.plotting.PALETTE``.
    until
        Last date of the trend line (default: the last release date).
    annotate
        Models whose names are written beside their point.
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from analysis.horizons import fit_trend
    >>> dates = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]), index=list("abc"))
    >>> h = pd.Series([1.0, 4.0, 16.0], index=list("abc"))
    >>> ax = horizon_trend_plot(dates, h, fit_trend(dates, h, n_boot=0))
    """
    if color not in PALETTE:
        raise KeyError(f"color must be one of {list(PALETTE)}, got {color!r}")
    colour = PALETTE[color]
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.5))
    dates = pd.to_datetime(release_dates.reindex(horizons.index))
    if low is not None and high is not None:
        err = np.vstack([horizons - low.reindex(horizons.index), high.reindex(horizons.index) - horizons])
        ax.errorbar(dates, horizons, yerr=err, fmt="none", ecolor=colour, alpha=0.4, linewidth=1)
    ax.plot(dates, horizons, "o", color=colour, markersize=5, label=label)
    if trend is not None:
        first, last = dates.min(), dates.max()
        end = pd.Timestamp(until) if until is not None else last
        grid = pd.date_range(first, max(end, last), periods=200)
        inside = grid <= last
        ax.plot(grid[inside], trend.predict(grid[inside]), color=colour, linewidth=1.5)
        if (~inside).any():
            ax.plot(grid[~inside], trend.predict(grid[~inside]), color=colour, linewidth=1.5,
                    linestyle="--")
        if trend.boot_slopes.size:
            band_low, band_high = trend.band(grid)
            ax.fill_between(grid, band_low, band_high, color=colour, alpha=0.15, linewidth=0)
    for name in annotate:
        ax.annotate(name, (dates[name], horizons[name]), xytext=(5, -3),
                    textcoords="offset points", fontsize=8, color=PALETTE["black"])
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(plt.FixedLocator([1 / 60, 1, 10, 60, 240, 1440, 167 * 60]))
    ax.set_ylim(max(ax.get_ylim()[0], 1 / 200), None)
    _minutes_axis(ax.yaxis)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("model release date")
    ax.set_ylabel("50% time horizon (log scale)")
    return ax
