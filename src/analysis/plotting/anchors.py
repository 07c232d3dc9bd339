"""Anchor-item figures: held-out error against the number of items, one line per estimator."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import PALETTE, percent_axis

__all__ = ["anchor_error_curves"]

_COLOURS = {"irt": PALETTE["blue"], "pirt": PALETTE["sky"], "anchor": PALETTE["green"],
            "random": PALETTE["vermillion"], "stratified": PALETTE["orange"]}
_LABELS = {"irt": "IRT", "pirt": "p-IRT", "anchor": "anchors, weighted",
           "random": "random subset", "stratified": "stratified subset"}


def anchor_error_curves(
    summary: pd.DataFrame,
    methods: Sequence[str] | None = None,
    *,
    reference: Mapping[str, tuple[Any, Any]] | None = None,
    ax: plt.Axes | None = None,
    xlabel: str = "number of items per model",
    ylabel: str = "mean absolute error",
) -> plt.Axes:
    """Plot mean absolute error against the number of items, with confidence intervals.

    Parameters
    ----------
    summary
        The output of :func:`analysis.irt.summarise_anchor_errors` for a cross-validation
        over several sizes (index ``method``; columns ``n_anchors``, ``mae``, ``ci_low``,
        ``ci_high``). Errors are fractions, labelled in percentage points.
    methods
        Methods to draw, in this order (default: every method in ``summary``).
    reference
        Optional ``{label: (n_items, error)}`` lines drawn thin and dashed in grey, e.g. the
        exact expected error of a random subset (:func:`analysis.irt.random_subset_mae`).
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        Logarithmic horizontal axis; dots with vertical bars (the intervals), joined by
        lines; the points of the methods are shifted slightly sideways so the bars do not
        overlap.

    Example
    -------
    >>> import pandas as pd
    >>> from analysis.plotting import anchor_error_curves
    >>> s = pd.DataFrame({"n_anchors": [10, 100], "mae": [0.08, 0.03], "ci_low": [0.07, 0.02],
    ...                   "ci_high": [0.09, 0.04]}, index=pd.Index(["irt", "irt"], name="method"))
    >>> ax = anchor_error_curves(s)
    """
    needed = {"n_anchors", "mae", "ci_low", "ci_high"}
    if not isinstance(summary, pd.DataFrame) or not needed <= set(summary.columns):
        raise ValueError(f"summary needs the columns {sorted(needed)} (from "
                         "summarise_anchor_errors on a cross-validation over several sizes)")
    present = list(dict.fromkeys(summary.index))
    methods = present if methods is None else list(methods)
    unknown = [m for m in methods if m not in present]
    if unknown:
        raise ValueError(f"unknown method(s) {unknown}; summary holds {present}")
    if ax is None:
        _, ax = plt.subplots()
    shifts = np.exp(np.linspace(-0.04, 0.04, len(methods))) if len(methods) > 1 else [1.0]
    for method, shift in zip(methods, shifts, strict=True):
        part = summary.loc[[method]].sort_values("n_anchors")
        n = part["n_anchors"].to_numpy(float) * shift
        mae = part["mae"].to_numpy()
        err = np.vstack([mae - part["ci_low"].to_numpy(), part["ci_high"].to_numpy() - mae])
        ax.errorbar(n, mae, yerr=err, marker="o", capsize=3,
                    color=_COLOURS.get(method), label=_LABELS.get(method, method))
    for k, (label, (n_ref, err_ref)) in enumerate((reference or {}).items()):
        ax.plot(np.asarray(n_ref, float), np.asarray(err_ref, float), color=PALETTE["grey"],
                linewidth=1.2, linestyle=["--", ":", "-."][k % 3], label=label)
    ax.set_xscale("log")
    ax.set_ylim(bottom=0)
    percent_axis(ax, "y")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax
