"""Accuracy against the number of adaptive queries: reused holdout, fresh data, training set."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import PALETTE, percent_axis

__all__ = ["reuse_curves"]

_COLOURS = {"train": PALETTE["grey"], "holdout": PALETTE["vermillion"], "fresh": PALETTE["blue"],
            "reported": PALETTE["vermillion"]}


def reuse_curves(results: pd.DataFrame, *, x: str = "k", series: str = "set",
                 value: str = "accuracy", labels: Mapping[str, str] | None = None,
                 chance: float | None = 0.5, ax: plt.Axes | None = None) -> plt.Axes:
    """Mean accuracy over runs against the number of queries, with a band of ±2 standard
    errors of that mean, one line per series (``train``, ``holdout``, ``fresh``).

    Parameters
    ----------
    results
        Long table with a ``run`` column, the ``x`` column, the ``series`` column and the
        ``value`` column, as :func:`analysis.holdout.reuse_experiment` returns. A wide
        table such as :func:`analysis.holdout.boosting_attack`'s is melted first by the
        caller (``results.melt(id_vars=["run", "k"], var_name="set", value_name="accuracy")``).
    x, series, value
        Column names.
    labels
        Legend label of each series (default: the series names).
    chance
        Draw a thin line at chance accuracy; ``None`` for none.
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.holdout import reuse_experiment
    >>> out = reuse_experiment(np.random.default_rng(0), n=500, d=500, k=[0, 10, 50], n_runs=3)
    >>> ax = reuse_curves(out)
    """
    missing = [c for c in ("run", x, series, value) if c not in results.columns]
    if missing:
        raise KeyError(f"results lacks columns {missing}; it has {list(results.columns)}")
    if ax is None:
        _, ax = plt.subplots()
    summary = results.groupby([series, x])[value].agg(["mean", "std", "count"]).reset_index()
    colours = iter(PALETTE[c] for c in ("orange", "green", "purple", "sky"))
    for name, rows in summary.groupby(series, sort=False):
        colour = _COLOURS.get(name) or next(colours)
        se = rows["std"].fillna(0).to_numpy() / np.sqrt(rows["count"].to_numpy())
        label = (labels or {}).get(name, name)
        ax.plot(rows[x], rows["mean"], color=colour, label=label)
        ax.fill_between(rows[x], rows["mean"] - 2 * se, rows["mean"] + 2 * se, color=colour,
                        alpha=0.2, linewidth=0)
    if chance is not None:
        ax.axhline(chance, color=PALETTE["black"], linewidth=0.6, linestyle=":")
    percent_axis(ax, "y", decimals=0)
    ax.set_ylabel("accuracy")
    ax.legend(loc="upper left")
    return ax
