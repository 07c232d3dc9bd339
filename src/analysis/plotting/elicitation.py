"""Elicitation figures: score changes against the baseline score, a compute-equivalent gain read
off a family's line, and threshold exceedance curves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.special import expit

from .style import PALETTE, percent_axis

__all__ = ["change_scatter", "ceg_diagram", "exceedance_curves"]

_CYCLE = ["blue", "orange", "green", "vermillion", "purple", "sky", "black"]


def change_scatter(table: pd.DataFrame, *, by: str = "technique", ax: plt.Axes | None = None,
                   xlabel: str = "baseline score", ylabel: str = "change in score") -> plt.Axes:
    """Each model's change in score against its baseline score, with 95% intervals, one colour per group.

    Parameters
    ----------
    table
        Rows with ``baseline``, ``change``, ``ci_low``, ``ci_high`` (fractions; the layout
        of :func:`analysis.elicitation.elicitation_gaps`) and the column ``by``.
    by
        Column whose values get one colour each.
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A change cannot exceed ``1 - baseline`` nor fall below ``-baseline``: the grey lines
    mark that ceiling and floor, which squeeze the changes of models near 0% or 100%.

    Examples
    --------
    >>> t = pd.DataFrame({"technique": ["a"], "baseline": [0.3], "change": [0.1],
    ...                   "ci_low": [0.05], "ci_high": [0.15]})
    >>> ax = change_scatter(t)
    """
    need = ["baseline", "change", "ci_low", "ci_high", by]
    missing = [c for c in need if c not in table.columns]
    if missing:
        raise KeyError(f"change_scatter: table has no column(s) {missing}")
    if table.empty:
        raise ValueError("change_scatter: the table is empty")
    if ax is None:
        _, ax = plt.subplots()
    for k, (label, g) in enumerate(table.groupby(by, sort=False)):
        colour = PALETTE[_CYCLE[k % len(_CYCLE)]]
        ax.errorbar(g["baseline"], g["change"], yerr=[g["change"] - g["ci_low"], g["ci_high"] - g["change"]],
                    fmt="o", color=colour, markersize=3.5, elinewidth=0.7, alpha=0.8, label=str(label))
    grid = np.linspace(0, 1, 101)
    ax.plot(grid, 1 - grid, color=PALETTE["grey"], linewidth=0.8, linestyle=":")
    ax.plot(grid, -grid, color=PALETTE["grey"], linewidth=0.8, linestyle=":")
    ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    low = min(-0.05, float(table["ci_low"].min()) - 0.02)
    high = max(0.05, float(table["ci_high"].max()) + 0.02)
    ax.set_ylim(low, high)
    ax.set_xlim(0, 1)
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel + " (points)")
    ax.legend(fontsize=8, loc="upper right")
    return ax


def ceg_diagram(fit: pd.Series, log10_compute: Any, score: Any, *, model_log10_compute: float,
                baseline: float, elicited: float, ax: plt.Axes | None = None,
                label: str = "enhanced") -> plt.Axes:
    """One family's un-enhanced scores, its fitted logit line, and one model's gain read as compute.

    Parameters
    ----------
    fit
        One row of :func:`analysis.elicitation.family_fits` (logit link).
    log10_compute, score
        The family's un-enhanced models (log10 FLOPs, fractions).
    model_log10_compute
        log10 compute of the model whose gain is shown.
    baseline, elicited
        Its un-enhanced and enhanced scores (fractions).
    ax
        Axes to draw on; a new figure otherwise.
    label
        Legend label of the enhanced point.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The horizontal arrow runs from where the line puts the un-enhanced score to where it
    puts the enhanced one (``anchor="score"`` in
    :func:`analysis.elicitation.compute_equivalent_gain`); its length in decades is
    log10 of the CEG. A dashed line continues the fit beyond the family's largest model,
    where the reading is an extrapolation.

    Examples
    --------
    >>> from analysis.elicitation import family_fits
    >>> f = family_fits([22, 23, 24], [0.1, 0.2, 0.35], ["f"] * 3).loc["f"]
    >>> ax = ceg_diagram(f, [22, 23, 24], [0.1, 0.2, 0.35], model_log10_compute=22,
    ...                  baseline=0.1, elicited=0.25)
    """
    x = np.asarray(log10_compute, dtype=float)
    s = np.asarray(score, dtype=float)
    if x.shape != s.shape or x.ndim != 1:
        raise ValueError("ceg_diagram: log10_compute and score need one value per model")
    if not (0 <= baseline <= 1 and 0 <= elicited <= 1):
        raise ValueError("ceg_diagram: baseline and elicited must be fractions in [0, 1]")
    if ax is None:
        _, ax = plt.subplots()
    a, b = float(fit["intercept"]), float(fit["slope"])
    lo, hi = float(fit["x_min"]), float(fit["x_max"])
    x_from = (np.log(baseline / (1 - baseline)) - a) / b
    x_to = (np.log(elicited / (1 - elicited)) - a) / b
    right = max(hi, x_to) + 0.2
    inside = np.linspace(lo, hi, 50)
    beyond = np.linspace(hi, right, 30)
    ax.plot(inside, expit(a + b * inside), color=PALETTE["blue"], linewidth=1.6, label="family line (un-enhanced)")
    ax.plot(beyond, expit(a + b * beyond), color=PALETTE["blue"], linewidth=1.2, linestyle="--")
    ax.plot(x, s, "o", color=PALETTE["blue"], markersize=5, label="un-enhanced models")
    ax.plot([model_log10_compute], [elicited], "D", color=PALETTE["vermillion"], markersize=6, label=label)
    ax.annotate("", xy=(x_to, elicited), xytext=(x_from, elicited),
                arrowprops={"arrowstyle": "->", "color": PALETTE["vermillion"], "linewidth": 1.4})
    ax.axhline(elicited, color=PALETTE["grey"], linewidth=0.6, linestyle=":")
    ax.set_xlabel("pre-training compute (log10 FLOPs)")
    ax.set_ylabel("score")
    percent_axis(ax, "y")
    ax.legend(fontsize=8, loc="upper left")
    return ax


def exceedance_curves(measured: Any, curves: Mapping[str, Any], *, threshold: float,
                      ax: plt.Axes | None = None) -> plt.Axes:
    """Chance that deployment crosses a threshold, against the measured score, one curve per gap set.

    Parameters
    ----------
    measured
        Grid of measured scores (fractions).
    curves
        Label -> exceedance probabilities on that grid (from
        :func:`analysis.elicitation.exceedance_probability`).
    threshold
        The threshold (a fraction), drawn as a vertical line.
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = exceedance_curves([0.3, 0.5], {"a": [0.2, 1.0]}, threshold=0.5)
    """
    m = np.asarray(measured, dtype=float)
    if not curves:
        raise ValueError("exceedance_curves needs at least one curve")
    if ax is None:
        _, ax = plt.subplots()
    for k, (label, p) in enumerate(curves.items()):
        p = np.asarray(p, dtype=float)
        if p.shape != m.shape:
            raise ValueError(f"exceedance_curves: curve {label!r} has shape {p.shape}, the grid {m.shape}")
        ax.plot(m, p, color=PALETTE[_CYCLE[k % len(_CYCLE)]], linewidth=1.8, label=str(label))
    ax.axvline(threshold, color=PALETTE["grey"], linewidth=0.8, linestyle=":")
    ax.set_xlabel("measured score")
    ax.set_ylabel("chance of reaching the threshold in use")
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(fontsize=8, loc="upper left")
    return ax
