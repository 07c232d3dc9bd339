"""Saturation figures: normalised progress curves and a logistic fit to a frontier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import expit

from .style import PALETTE, percent_axis

__all__ = ["progress_curves", "frontier_fit_plot"]

_CYCLE = ["blue", "orange", "green", "vermillion", "purple", "sky", "black"]  # yellow: too pale


def progress_curves(curves: Mapping[str, tuple[Any, Any]], *, ax: plt.Axes | None = None,
                    xlabel: str = "years since the benchmark was published",
                    ylabel: str = "normalised progress") -> plt.Axes:
    """Step curves of normalised state-of-the-art progress, one per benchmark.

    Parameters
    ----------
    curves
        Label -> ``(years, progress)``: the frontier's records as times (e.g. years since
        publication) and normalised progress (-1 initial, 0 human level; see
        :func:`analysis.saturation.normalised_progress`), both sorted by time.
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Each curve is drawn as a step that holds its level until the next record, the way a
    state of the art behaves. Lines at -1 and 0 mark the initial score and human level.

    Examples
    --------
    >>> ax = progress_curves({"a": ([0.5, 1.0, 3.0], [-1.0, -0.4, 0.1])})
    """
    if not curves:
        raise ValueError("progress_curves needs at least one curve")
    if ax is None:
        _, ax = plt.subplots()
    for k, (label, (x, y)) in enumerate(curves.items()):
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if x.shape != y.shape or x.ndim != 1 or x.size == 0:
            raise ValueError(f"progress_curves: curve {label!r} needs two 1-D arrays of one "
                             f"length; got shapes {x.shape} and {y.shape}")
        colour = PALETTE[_CYCLE[k % len(_CYCLE)]]
        style = "-" if k < len(_CYCLE) else "--"  # more curves than colours: dashed
        ax.step(x, y, where="post", color=colour, linestyle=style, label=label, linewidth=1.6)
        ax.plot(x, y, "o", color=colour, markersize=3)
    for level, text in ((0.0, "human level"), (-1.0, "first result")):
        ax.axhline(level, color=PALETTE["grey"], linewidth=0.8, linestyle=":")
        ax.annotate(text, (1.0, level), xycoords=("axes fraction", "data"), ha="right",
                    va="bottom", fontsize=8, color=PALETTE["grey"])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, loc="lower right", ncol=2)
    return ax


def frontier_fit_plot(fit: Any, years: Any, scores: Any, *, ax: plt.Axes | None = None,
                      confidence: float = 0.95, title: str | None = None,
                      percent: bool = True) -> plt.Axes:
    """All results, the frontier, and a fitted logistic curve with its bootstrap band.

    Parameters
    ----------
    fit
        A :class:`analysis.saturation.LogisticProgress` (with replicates for a band).
    years, scores
        The results the fit came from: decimal years and scores (fractions).
    ax
        Axes to draw on; a new figure otherwise.
    confidence
        Level of the pointwise percentile band over the bootstrap curves.
    title
        A short panel label (figure captions go in the notebook's metadata).
    percent
        Label the score axis in percent.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from analysis.saturation import fit_logistic_progress
    >>> t, s = [2019.0, 2020.0, 2021.0, 2022.0], [0.3, 0.5, 0.7, 0.8]
    >>> ax = frontier_fit_plot(fit_logistic_progress(t, s), t, s)
    """
    from ..saturation import sota_frontier

    if ax is None:
        _, ax = plt.subplots()
    frontier = sota_frontier(years, scores)
    ax.plot(frontier["year"], frontier["score"], ".", color=PALETTE["grey"], alpha=0.5,
            markersize=4, label="results")
    ax.step(frontier["year"], frontier["frontier"], where="post", color=PALETTE["black"],
            linewidth=1.2, label="frontier")
    rec = frontier[frontier["record"]]
    ax.plot(rec["year"], rec["score"], "o", color=PALETTE["black"], markersize=4)
    grid = np.linspace(fit.first_year - 0.5, fit.last_year + 0.5, 200)
    if not fit.replicates.empty:
        rep = fit.replicates.dropna()
        curves = fit.lower + (fit.upper - fit.lower) * expit(
            rep["rate"].to_numpy()[:, None] * (grid - rep["midpoint"].to_numpy()[:, None]))
        a = (1 - confidence) / 2
        low, high = np.quantile(curves, [a, 1 - a], axis=0)
        ax.fill_between(grid, low, high, color=PALETTE["blue"], alpha=0.2, linewidth=0,
                        label=f"{confidence:.0%} bootstrap band")
    ax.plot(grid, fit.predict(grid), color=PALETTE["blue"], linewidth=1.6, label="logistic fit")
    ax.set_xlabel("model release date (year)")
    ax.set_ylabel("score")
    if title:
        ax.set_title(title, fontsize=10)
    if percent:
        percent_axis(ax, "y")
    return ax
