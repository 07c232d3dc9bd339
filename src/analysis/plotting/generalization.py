"""Accuracy on the line: one accuracy against another across models, with the fitted line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FixedLocator, FuncFormatter

from ..generalization import LineFit, from_scale, paired_accuracies, to_scale
from ..generalization.transforms import SCALES
from .style import PALETTE

__all__ = ["accuracy_line_plot"]

#: Accuracies labelled on logit / probit axes (fractions).
_TICKS = np.array([0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99])


def _interval(value: Any, models: pd.Index, name: str) -> np.ndarray | None:
    """(2, n) array of distances below/above for errorbar, from (low, high) Series."""
    if value is None:
        return None
    if not (isinstance(value, tuple) and len(value) == 2):
        raise TypeError(f"{name} must be a pair (low, high) of Series indexed by model")
    low, high = (pd.Series(v) if not isinstance(v, pd.Series) else v for v in value)
    missing = models.difference(low.index).union(models.difference(high.index))
    if len(missing):
        raise ValueError(f"{name} lacks models {list(missing[:3])}; give bounds for every plotted model")
    return np.vstack([low.reindex(models).to_numpy(dtype=float), high.reindex(models).to_numpy(dtype=float)])


def accuracy_line_plot(
    x: pd.Series,
    y: pd.Series,
    *,
    fit: LineFit | None = None,
    x_interval: tuple[pd.Series, pd.Series] | None = None,
    y_interval: tuple[pd.Series, pd.Series] | None = None,
    scale: str = "linear",
    reference: bool = True,
    band: bool = True,
    annotate: Sequence[str] = (),
    label: str | None = None,
    color: str | None = None,
    xlabel: str = "accuracy on the original test set",
    ylabel: str = "accuracy on the new test set",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Scatter one accuracy against another across models, with intervals and a fitted line.

    The figure of Recht et al. (2019) and Miller et al. (2021): a dot per model, its
    confidence intervals as thin bars, the line fitted across models with its bootstrap
    band, and the line ``y = x`` (no drop) for reference. Call it several times on the same
    ``ax`` to overlay groups of models (each with its own ``label`` and ``color``).

    Parameters
    ----------
    x, y
        Accuracies as fractions, Series indexed by model (aligned on labels; models
        missing from either are left out).
    fit
        A :class:`~analysis.generalization.LineFit` to draw (its own scale is used); with
        ``band=True`` and bootstrap replicates, its pointwise band is shaded.
    x_interval, y_interval
        ``(low, high)`` Series of interval bounds per model (fractions), e.g. the
        ``original_low``/``original_high`` columns of
        :func:`analysis.generalization.drop_table`.
    scale
        Axis scale: ``"linear"`` (default), ``"probit"`` or ``"logit"``; ticks are labelled
        in percent on every scale.
    reference
        Draw ``y = x``.
    band
        Shade the bootstrap band of ``fit``.
    annotate
        Models to label next to their dot.
    label, color
        Legend entry and colour of the dots and the line.
    xlabel, ylabel
        Axis labels.
    ax
        Axes to draw on; a new square figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.generalization import fit_line
    >>> x = pd.Series([0.6, 0.7, 0.8, 0.9], index=list("abcd"))
    >>> y = pd.Series([0.45, 0.57, 0.69, 0.81], index=list("abcd"))
    >>> ax = accuracy_line_plot(x, y, fit=fit_line(x, y, scale="linear", n_boot=0))
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")
    if not (isinstance(x, pd.Series) and isinstance(y, pd.Series)):
        raise TypeError("x and y must be Series of accuracies indexed by model")
    pairs = paired_accuracies(x, y)
    models = pairs.index
    if ax is None:
        _, ax = plt.subplots(figsize=(5.2, 5.0))
    previous = (*ax.get_xlim(), *ax.get_ylim()) if ax.has_data() else None
    color = color or PALETTE["blue"]
    tx, ty = to_scale(pairs["x"], scale), to_scale(pairs["y"], scale)
    xerr = _interval(x_interval, models, "x_interval")
    yerr = _interval(y_interval, models, "y_interval")
    if xerr is not None:
        xerr = np.abs(to_scale(np.clip(xerr, 0, 1), scale) - tx)
    if yerr is not None:
        yerr = np.abs(to_scale(np.clip(yerr, 0, 1), scale) - ty)
    if xerr is not None or yerr is not None:
        ax.errorbar(tx, ty, xerr=xerr, yerr=yerr, fmt="none", ecolor=color, alpha=0.45,
                    elinewidth=0.8, zorder=2)
    ax.scatter(tx, ty, s=18, color=color, label=label, zorder=3)
    for model in annotate:
        if model not in models:
            raise KeyError(f"cannot annotate {model!r}: not among the plotted models")
        i = models.get_loc(model)
        ax.annotate(str(model), (tx[i], ty[i]), xytext=(4, -10), textcoords="offset points",
                    fontsize=8)
    lo = min(tx.min(), ty.min())
    hi = max(tx.max(), ty.max())
    pad = 0.05 * (hi - lo)
    lo, hi = lo - pad, hi + pad
    if previous is not None:  # a second group on the same axes: keep the first in view
        lo, hi = min(lo, *previous), max(hi, *previous)
    if fit is not None:
        grid_acc = from_scale(np.linspace(tx.min() - pad, tx.max() + pad, 100), scale)
        pred = fit.predict(np.clip(grid_acc, 1e-6, 1 - 1e-6), band=band and len(fit.replicates) > 0)
        gx = to_scale(pred["x"], scale)
        line_y = to_scale(np.clip(pred["predicted"], 1e-6, 1 - 1e-6), scale)
        ax.plot(gx, line_y, color=color, linewidth=1.5, zorder=2)
        if "low" in pred:
            ax.fill_between(gx, to_scale(np.clip(pred["low"], 1e-6, 1 - 1e-6), scale),
                            to_scale(np.clip(pred["high"], 1e-6, 1 - 1e-6), scale),
                            color=color, alpha=0.18, linewidth=0, zorder=1)
    if reference and previous is None:
        ax.plot([lo, hi], [lo, hi], color="0.55", linestyle="--", linewidth=1, zorder=0,
                label="y = x")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    for axis in (ax.xaxis, ax.yaxis):
        if scale == "linear":
            axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v * 100:.0f}%"))
        else:
            axis.set_major_locator(FixedLocator(to_scale(_TICKS, scale)))
            axis.set_major_formatter(FuncFormatter(
                lambda v, _: f"{from_scale(v, scale) * 100:.0f}%"))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_aspect("equal", adjustable="box")
    return ax
