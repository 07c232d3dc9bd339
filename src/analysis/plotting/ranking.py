"""Rank intervals: each model's observed rank with the range its rank takes under resampling."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import PALETTE

__all__ = ["rank_interval_plot"]

_NEEDED = ("rank", "rank_ci_low", "rank_ci_high")


def rank_interval_plot(
    intervals: pd.DataFrame | Mapping[str, pd.DataFrame],
    *,
    top: int | None = None,
    ax: plt.Axes | None = None,
    colors: list[str] | None = None,
    xlabel: str = "rank (1 = best)",
) -> plt.Axes:
    """Draw each model's rank (dot) and its rank interval (bar), best model on top.

    Parameters
    ----------
    intervals
        The output of :func:`analysis.ranking.bootstrap_rank_intervals`,
        :func:`~analysis.ranking.parametric_rank_intervals` or
        :func:`~analysis.ranking.rank_intervals_from_replicates` (columns ``rank``,
        ``rank_ci_low``, ``rank_ci_high``, indexed by model); or a mapping from a method
        name to such tables over the same models, drawn side by side on each row.
    top
        Show only the ``top`` best-ranked models of the first table (default: all).
    ax
        Axes to draw on; a new figure sized to the number of rows otherwise.
    colors
        One colour per table; the book palette by default.
    xlabel
        Label of the horizontal axis.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A percentile interval of ranks need not contain the observed rank (the bootstrap
    distribution of a rank is biased for nearly tied models), so the dot may sit outside
    its bar; the figure shows this rather than hiding it.

    Examples
    --------
    >>> table = pd.DataFrame({"rank": [1.0, 2.0, 3.0], "rank_ci_low": [1.0, 1.0, 3.0],
    ...                       "rank_ci_high": [2.0, 2.0, 3.0]}, index=["a", "b", "c"])
    >>> ax = rank_interval_plot(table)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['c', 'b', 'a']
    """
    tables = dict(intervals) if isinstance(intervals, Mapping) else {"": intervals}
    if not tables:
        raise ValueError("rank_interval_plot needs at least one table of rank intervals")
    first = next(iter(tables.values()))
    for name, frame in tables.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"rank_interval_plot: table {name!r} must be a DataFrame; got "
                            f"{type(frame).__name__}")
        missing = [c for c in _NEEDED if c not in frame.columns]
        if missing:
            raise ValueError(f"rank_interval_plot needs columns {missing} (from "
                             "analysis.ranking's rank-interval functions); the table has "
                             f"{list(frame.columns)}")
        if frame[list(_NEEDED)].isna().to_numpy().any():
            raise ValueError(f"rank_interval_plot: table {name!r} has NaN ranks or bounds")
        if not frame.index.sort_values().equals(first.index.sort_values()):
            raise ValueError(f"rank_interval_plot: table {name!r} has other models than the "
                             "first table; compare methods on the same models")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int | np.integer)
                            or top < 1):
        raise ValueError(f"top must be a positive whole number of models; got {top!r}")
    order = first.sort_values(["rank", "rank_ci_low"], kind="stable").index
    if top is not None:
        order = order[:top]
    order = order[::-1]  # best on top
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, min(1.3 + 0.22 * len(order) * max(1, len(tables) * 0.6), 16)))
    colors = list(colors or plt.rcParams["axes.prop_cycle"].by_key()["color"])
    rows = np.arange(len(order))
    offsets = (np.arange(len(tables)) - (len(tables) - 1) / 2) * (0.7 / max(len(tables), 2))
    for k, (name, frame) in enumerate(tables.items()):
        frame = frame.loc[order]
        y = rows + offsets[k]
        color = colors[k % len(colors)]
        ax.hlines(y, frame["rank_ci_low"], frame["rank_ci_high"], color=color, linewidth=2.2,
                  label=name or None)
        ax.plot(frame["rank"], y, "o", color=color, markersize=3.5,
                markeredgecolor=PALETTE["black"], markeredgewidth=0.4)
    ax.set_yticks(rows, [str(label) for label in order])
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel)
    if len(tables) > 1:
        ax.legend(loc="lower right")
    return ax
