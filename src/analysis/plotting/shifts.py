"""Distribution-shift figures: accuracy on the line on a probit or logit axis, and effective
robustness of groups of models across shifts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..generalization.transforms import DEFAULT_EPS, SCALES, to_scale
from .style import PALETTE

__all__ = ["shift_scatter", "effective_robustness_strips"]

_CYCLE = ["grey", "blue", "orange", "green", "vermillion", "purple", "sky", "black"]
_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)


def _colours(groups: Sequence[str], colours: Mapping[str, str] | None) -> dict[str, str]:
    out = {}
    for k, g in enumerate(groups):
        name = (colours or {}).get(g, _CYCLE[k % len(_CYCLE)])
        out[g] = PALETTE.get(name, name)
    return out


def _scaled_axis(ax: plt.Axes, axis: str, scale: str, low: float, high: float, eps: float) -> None:
    ticks = np.array([t for t in _TICKS if low <= t <= high] or [low, high])
    pos = to_scale(ticks, scale, eps=eps)
    # thin the ticks so that labels at least 1/12 of the range apart survive
    keep, last = [], -np.inf
    for k, p in enumerate(pos):
        if p - last >= (pos[-1] - pos[0]) / 12:
            keep.append(k)
            last = p
    ticks, pos = ticks[keep], pos[keep]
    getattr(ax, f"set_{axis}ticks")(pos)
    getattr(ax, f"set_{axis}ticklabels")([f"{100 * t:g}%" for t in ticks])


def shift_scatter(x: pd.Series, y: pd.Series, groups: pd.Series | None = None, *,
                  fit: Any = None, scale: str = "probit", ax: plt.Axes | None = None,
                  colours: Mapping[str, str] | None = None, labels: Mapping[str, str] | None = None,
                  xlabel: str = "accuracy without the shift", ylabel: str = "accuracy under the shift",
                  eps: float = DEFAULT_EPS) -> plt.Axes:
    """Accuracy under a shift against accuracy without it, one dot per model, on a
    probit (or logit, or linear) axis labelled in percent.

    Parameters
    ----------
    x, y
        Accuracies as fractions, Series indexed by model (aligned; models missing either
        are not drawn).
    groups
        Optional group of each model (e.g. the testbed's model type); one colour each, in
        order of first appearance unless ``colours`` maps group -> palette name or colour.
    fit
        Optional :class:`analysis.generalization.LineFit` on the same ``scale``: its line,
        and its bootstrap band when it has replicates, are drawn over the range of the
        models it was fitted on (no extrapolation).
    labels
        Model -> text to annotate beside its dot.
    eps
        Clipping before the transform (ImageNet-A has accuracies of 0).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The dashed diagonal is ``y = x``: no drop. On a probit axis a line that is parallel to
    the diagonal means a constant drop in standard-normal units, not in percentage points.

    Examples
    --------
    >>> x = pd.Series([0.6, 0.7, 0.8], index=list("abc"))
    >>> ax = shift_scatter(x, x - 0.1)
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")
    frame = pd.concat([x.rename("x"), y.rename("y")], axis=1, join="inner").dropna()
    if frame.empty:
        raise ValueError("x and y share no model with both accuracies")
    if fit is not None and fit.scale != scale:
        raise ValueError(f"the fit is on the {fit.scale} scale but the figure on {scale!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 5.2))
    tx, ty = to_scale(frame["x"], scale, eps=eps), to_scale(frame["y"], scale, eps=eps)
    if groups is None:
        ax.scatter(tx, ty, s=14, color=PALETTE["blue"], alpha=0.7, linewidths=0)
    else:
        g = groups.reindex(frame.index).fillna("other").astype(str)
        cmap = _colours(list(dict.fromkeys(g)), colours)
        for name, colour in cmap.items():
            m = (g == name).to_numpy()
            ax.scatter(tx[m], ty[m], s=14, color=colour, alpha=0.75, linewidths=0,
                       label=f"{name} ({int(m.sum())})")
    low = float(min(frame["x"].min(), frame["y"].min()))
    high = float(max(frame["x"].max(), frame["y"].max()))
    grid = np.linspace(frame["x"].min(), frame["x"].max(), 100)
    tg = to_scale(grid, scale, eps=eps)
    ax.plot(tg, tg, linestyle="--", color=PALETTE["black"], linewidth=0.8, label="y = x")
    if fit is not None:  # the line over the range of the models it was fitted on
        grid = np.linspace(fit.data["x"].min(), fit.data["x"].max(), 100)
        tg = to_scale(grid, scale, eps=eps)
        pred = fit.predict(grid, band=len(fit.replicates) > 0)
        ax.plot(tg, to_scale(pred["predicted"], scale, eps=eps), color=PALETTE["vermillion"],
                linewidth=1.6, label="baseline line")
        if "low" in pred:
            ax.fill_between(tg, to_scale(pred["low"], scale, eps=eps),
                            to_scale(pred["high"], scale, eps=eps),
                            color=PALETTE["vermillion"], alpha=0.25, linewidth=0)
    for model, text in (labels or {}).items():
        if model in frame.index:
            ax.annotate(text, (to_scale(frame.loc[model, "x"], scale, eps=eps),
                               to_scale(frame.loc[model, "y"], scale, eps=eps)),
                        xytext=(4, 4), textcoords="offset points", fontsize=8)
    _scaled_axis(ax, "x", scale, max(low, eps), high, eps)
    _scaled_axis(ax, "y", scale, max(low, eps), high, eps)
    ax.set_xlim(to_scale(frame["x"].min(), scale, eps=eps) - 0.1, to_scale(frame["x"].max(), scale, eps=eps) + 0.1)
    ax.set_xlabel(f"{xlabel} ({scale} axis)" if scale != "linear" else xlabel)
    ax.set_ylabel(f"{ylabel} ({scale} axis)" if scale != "linear" else ylabel)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def effective_robustness_strips(table: pd.DataFrame, groups: pd.Series, *,
                                labels: Mapping[str, str] | None = None, ax: plt.Axes | None = None,
                                colours: Mapping[str, str] | None = None,
                                legend: str = "upper right") -> plt.Axes:
    """Effective robustness of every model on every shift, one row of dots per shift and
    group, with the group median as a bar.

    Parameters
    ----------
    table
        Models x shifts, effective robustness as fractions (shown in percentage points), as
        returned by :func:`analysis.generalization.effective_robustness_table`.
    groups
        Group of each model; models without one are left out.
    labels
        Shift column -> row label.
    colours
        Group -> palette name or colour.
    legend
        Matplotlib legend location.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Groups are offset vertically within a shift's row, not jittered, so that the figure
    is the same on every run.

    Examples
    --------
    >>> t = pd.DataFrame({"v2": [0.0, 0.01, 0.05]}, index=list("abc"))
    >>> ax = effective_robustness_strips(t, pd.Series(["std", "std", "more data"], index=list("abc")))
    """
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise ValueError("table must be a non-empty models x shifts DataFrame")
    g = groups.reindex(table.index)
    if g.isna().all():
        raise ValueError("no model of the table has a group: check the index of groups")
    names = list(dict.fromkeys(g.dropna().astype(str)))
    cmap = _colours(names, colours)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.55 * len(table.columns) * max(1, len(names) / 2) + 1.2))
    step = 0.7 / max(len(names), 1)
    for row, shift in enumerate(table.columns):
        for k, name in enumerate(names):
            v = table.loc[(g == name).to_numpy(), shift].dropna().to_numpy() * 100
            pos = -row - 0.35 + step * (k + 0.5)
            ax.scatter(v, np.full(v.size, pos), s=9, color=cmap[name], alpha=0.6, linewidths=0,
                       label=name if row == 0 else None)
            if v.size:
                ax.plot([np.median(v)] * 2, [pos - step / 2, pos + step / 2], color=cmap[name],
                        linewidth=2.2)
    ax.axvline(0, color=PALETTE["grey"], linewidth=0.8)
    ax.set_yticks(-np.arange(len(table.columns)))
    ax.set_yticklabels([(labels or {}).get(c, c) for c in table.columns])
    ax.set_xlabel("effective robustness (percentage points)")
    ax.legend(loc=legend, fontsize=8)
    return ax
