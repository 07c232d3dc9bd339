"""Figures of incident databases: counts per year with a growth fit, coverage by subdomain."""

from __future__ import annotations

import textwrap
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import PALETTE

__all__ = ["incident_counts_plot", "coverage_plot"]

#: Colour of each coverage level of ``COVERAGE_LEVELS``.
_LEVEL_COLOURS = {"measured": PALETTE["blue"], "partly": PALETTE["orange"],
                  "not measured": PALETTE["vermillion"]}


def incident_counts_plot(
    counts: pd.DataFrame,
    fit: pd.Series | None = None,
    *,
    log: bool = True,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Bars of incidents per year, the incomplete last year hatched, and a fitted curve.

    Parameters
    ----------
    counts
        The output of :func:`analysis.incidents.incidents_per_year` (index ``year``,
        columns ``incidents`` and ``complete``).
    fit
        Optional output of :func:`analysis.incidents.growth_rate`: its curve is drawn over
        the fitted years.
    log
        Logarithmic count axis (default): a constant growth rate is a straight line.
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"incidents": [3, 5, 2], "complete": [True, True, False]},
    ...                       index=pd.Index([2020, 2021, 2022], name="year"))
    >>> ax = incident_counts_plot(counts)
    """
    from ..incidents import growth_curve

    if not isinstance(counts, pd.DataFrame) or not {"incidents", "complete"} <= set(counts):
        raise TypeError("counts must be the DataFrame of incidents.incidents_per_year "
                        "(columns 'incidents' and 'complete')")
    if ax is None:
        _, ax = plt.subplots()
    years = counts.index.to_numpy()
    done = counts["complete"].to_numpy(dtype=bool)
    ax.bar(years[done], counts["incidents"].to_numpy()[done], color=PALETTE["sky"],
           label="incidents per year")
    if (~done).any():
        ax.bar(years[~done], counts["incidents"].to_numpy()[~done], color="white",
               edgecolor=PALETTE["sky"], hatch="///", label="incomplete year")
    if fit is not None:
        grid = np.linspace(float(fit["first_year"]), float(fit["last_year"]), 100)
        ax.plot(grid, growth_curve(fit, grid), color=PALETTE["vermillion"], linewidth=1.5,
                label=f"fit: {float(fit['growth']):+.0%} a year")
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("year of the incident")
    ax.set_ylabel("incidents" + (" (log scale)" if log else ""))
    ax.legend(loc="upper left")
    return ax


def coverage_plot(
    labels: Any,
    *,
    table: pd.DataFrame | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Horizontal bars: incidents per MIT risk subdomain, coloured by benchmark coverage.

    Parameters
    ----------
    labels
        One MIT risk-subdomain label (or code) per incident.
    table
        A coverage table like :func:`analysis.incidents.benchmark_coverage` (default: the
        book's judgement). Every subdomain of the table gets a bar, empty ones too.
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = coverage_plot(["7.3", "7.3", "6.5"])
    """
    from ..incidents import BENCHMARK_COVERAGE, coverage_of, subdomain_code

    table = BENCHMARK_COVERAGE if table is None else table
    coverage_of(labels, table=table)  # checks labels and table
    counts = subdomain_code(labels).value_counts().reindex(table.index, fill_value=0)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 7.0))
    y = np.arange(len(table))[::-1]
    colours = [_LEVEL_COLOURS[level] for level in table["coverage"]]
    ax.barh(y, counts.to_numpy(), color=colours)
    names = table["subdomain"] if "subdomain" in table else pd.Series("", index=table.index)
    ticks = [textwrap.shorten(f"{code} {name}", 44, placeholder=" …")
             for code, name in zip(table.index, names, strict=True)]
    ax.set_yticks(y, ticks, fontsize=9)
    ax.set_xlabel("incidents")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in _LEVEL_COLOURS.values()]
    ax.legend(handles, [f"benchmarks: {level}" for level in _LEVEL_COLOURS], loc="lower right")
    return ax
