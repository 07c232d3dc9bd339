"""Forest plots: estimates with confidence intervals, one row per model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import PALETTE, percent_axis

__all__ = ["forest_plot"]


def _check_interval_frame(frame: pd.DataFrame, estimate: str, low: str, high: str) -> None:
    missing = [c for c in (estimate, low, high) if c not in frame.columns]
    if missing:
        raise ValueError(
            f"forest_plot needs columns {missing!r}, which the table lacks; it has "
            f"{list(frame.columns)!r}. Pass estimate=, low=, high= to name them."
        )
    values = frame[[estimate, low, high]].to_numpy(dtype=float)
    if np.isnan(values).any():
        bad = frame.index[np.isnan(values).any(axis=1)].tolist()
        raise ValueError(f"forest_plot got NaN estimates or bounds for rows {bad!r}.")
    if (values[:, 1] > values[:, 0]).any() or (values[:, 2] < values[:, 0]).any():
        bad = frame.index[(values[:, 1] > values[:, 0]) | (values[:, 2] < values[:, 0])]
        raise ValueError(
            f"forest_plot: for rows {bad.tolist()!r} the estimate lies outside its interval "
            f"({low} <= {estimate} <= {high} must hold)."
        )


def forest_plot(
    intervals: pd.DataFrame | Mapping[str, pd.DataFrame],
    *,
    estimate: str = "mean",
    low: str = "ci_low",
    high: str = "ci_high",
    order: Sequence | None = None,
    reference: float | None = None,
    xlabel: str = "accuracy",
    ax: plt.Axes | None = None,
    colors: Sequence[str] | None = None,
    percent: bool = True,
) -> plt.Axes:
    """Draw estimates with confidence intervals, one row per model.

    Parameters
    ----------
    intervals
        A table indexed by model with columns ``estimate``, ``low`` and ``high`` (the output
        of :func:`analysis.stats.mean_se` fits as it is), or a mapping from a method name to
        such tables, drawn side by side on each row to compare methods (e.g. naive vs
        clustered errors). All tables must share the same index.
    estimate, low, high
        Column names of the point estimate and of the interval's bounds.
    order
        Row order from top to bottom; default: the first table sorted by its estimate,
        highest on top.
    reference
        Draw a vertical line at this value (e.g. chance accuracy or another model's score).
    xlabel
        Label of the horizontal axis, with units.
    ax
        Axes to draw on; a new figure sized to the number of rows otherwise.
    colors
        One colour per table; the book palette by default.
    percent
        Label the axis in percent (the book's scale for accuracies given as fractions);
        ``False`` for other quantities.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        A missing column, NaN, an estimate outside its interval, or tables whose indexes
        differ.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"mean": [0.7, 0.8], "ci_low": [0.65, 0.76],
    ...                       "ci_high": [0.75, 0.84]}, index=["a", "b"])
    >>> ax = forest_plot(table)
    """
    tables = dict(intervals) if isinstance(intervals, Mapping) else {"": intervals}
    if not tables:
        raise ValueError("forest_plot needs at least one table of intervals.")
    first = next(iter(tables.values()))
    for name, frame in tables.items():
        _check_interval_frame(frame, estimate, low, high)
        if not frame.index.sort_values().equals(first.index.sort_values()):
            raise ValueError(
                f"forest_plot: table {name!r} has other rows than the first table; "
                "compare methods on the same models."
            )
    if order is None:
        order = first.sort_values(estimate, ascending=True).index
    else:
        order = pd.Index(order)[::-1]
        unknown = order.difference(first.index)
        if len(unknown):
            raise ValueError(f"forest_plot: order names rows not in the table: {list(unknown)!r}")
    if ax is None:
        height = min(1.3 + 0.32 * len(order) * max(1, len(tables) * 0.6), 16)
        _, ax = plt.subplots(figsize=(6.4, height))
    colors = list(colors or plt.rcParams["axes.prop_cycle"].by_key()["color"])
    rows = np.arange(len(order))
    offsets = (np.arange(len(tables)) - (len(tables) - 1) / 2) * (0.8 / max(len(tables), 2))
    for k, (name, frame) in enumerate(tables.items()):
        frame = frame.loc[order]
        est = frame[estimate].to_numpy(dtype=float)
        err = np.vstack([est - frame[low].to_numpy(float), frame[high].to_numpy(float) - est])
        ax.errorbar(
            est, rows + offsets[k], xerr=err, fmt="o", color=colors[k % len(colors)],
            label=name or None, markersize=4, elinewidth=1.6,
        )
    if reference is not None:
        ax.axvline(reference, color=PALETTE["grey"], linewidth=0.9, linestyle="--")
    ax.set_yticks(rows, [str(label) for label in order])
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel)
    if percent:
        percent_axis(ax, "x")
    if len(tables) > 1:
        ax.legend(loc="best")
    return ax
