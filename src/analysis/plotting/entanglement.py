"""Capability-entanglement figures: variance explained per component (scree) and each
benchmark's capabilities correlation with its interval, by safety area."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import PALETTE, percent_axis

__all__ = ["scree_plot", "entanglement_strips"]

_CYCLE = ["blue", "vermillion", "green", "orange", "purple", "sky", "black"]


def scree_plot(shares: Mapping[str, pd.Series], *, ax: plt.Axes | None = None,
               cumulative: bool = True, max_components: int | None = None) -> plt.Axes:
    """Share of variance explained by each principal component, one line per analysis.

    Parameters
    ----------
    shares
        Label -> shares per component (fractions summing to at most 1, in component order),
        e.g. ``PCAResult.explained_variance_ratio`` or the ``share`` row of
        :func:`analysis.entanglement.correlation_pca`.
    cumulative
        Also draw the cumulative share (dashed).
    max_components
        Show at most this many components.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> ax = scree_plot({"example": pd.Series([0.8, 0.15, 0.05])})
    """
    if not isinstance(shares, Mapping) or not shares:
        raise TypeError("shares must be a non-empty mapping label -> pandas Series of shares")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.0))
    longest = 0
    for k, (label, s) in enumerate(shares.items()):
        values = np.asarray(s, dtype=np.float64)[:max_components]
        if np.isnan(values).any() or (values < -1e-12).any() or values.sum() > 1 + 1e-9:
            raise ValueError(f"shares of {label!r} must be fractions summing to at most 1")
        x = np.arange(1, values.size + 1)
        longest = max(longest, values.size)
        colour = PALETTE[_CYCLE[k % len(_CYCLE)]]
        ax.plot(x, values, marker="o", color=colour, label=f"{label}: each component")
        if cumulative:
            ax.plot(x, np.cumsum(values), marker="s", markersize=3, linestyle="--",
                    color=colour, linewidth=1, label=f"{label}: cumulative")
    ax.set_xticks(np.arange(1, longest + 1))
    ax.set_xlabel("principal component")
    ax.set_ylabel("share of variance explained")
    ax.set_ylim(0, 1.02)
    percent_axis(ax, "y", decimals=0)
    ax.legend(fontsize=7, loc="center right")
    return ax


def entanglement_strips(table: pd.DataFrame, *, area: str = "area", group: str = "model_type",
                        order: list | None = None, ax: plt.Axes | None = None,
                        colours: Mapping[str, str] | None = None,
                        threshold: float | None = None, legend: str = "upper left") -> plt.Axes:
    """Capabilities correlation of every benchmark with its interval, one row per area.

    Each benchmark is a dot at its correlation with a thin horizontal bar for its interval;
    groups (e.g. base and chat models) are offset vertically within an area's row, and
    benchmarks are spread within their group's band in order of their correlation (no
    random jitter, so the figure is the same on every run).

    Parameters
    ----------
    table
        One row per benchmark and group with columns ``rho``, ``ci_low``, ``ci_high``
        and the ``area`` and ``group`` columns (as from
        :func:`analysis.entanglement.capabilities_correlation` with those added).
    order
        Areas from top to bottom (default: by median correlation, highest on top).
    colours
        Group -> palette name or colour.
    threshold
        Draw a dotted vertical line there (e.g. the threshold for "highly entangled").
    legend
        Matplotlib legend location (the default suits areas sorted with the most
        entangled on top, whose left half is empty).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"rho": [0.9, 0.1], "ci_low": [0.8, -0.3], "ci_high": [0.95, 0.5],
    ...                   "area": ["truthfulness", "bias"], "model_type": ["base", "base"]})
    >>> ax = entanglement_strips(t)
    """
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise ValueError("table must be a non-empty DataFrame, one row per benchmark")
    need = {"rho", "ci_low", "ci_high", area, group}
    if not need <= set(table.columns):
        raise ValueError(f"table lacks columns {sorted(need - set(table.columns))}")
    if order is None:
        order = table.groupby(area)["rho"].median().sort_values(ascending=False).index.tolist()
    groups = list(dict.fromkeys(table[group].astype(str)))
    cmap = {g: PALETTE.get((colours or {}).get(g, _CYCLE[k % len(_CYCLE)]),
                           (colours or {}).get(g, "")) for k, g in enumerate(groups)}
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 0.6 * len(order) + 1.4))
    band = 0.8 / len(groups)
    for row, name in enumerate(order):
        for k, g in enumerate(groups):
            part = table[(table[area] == name) & (table[group].astype(str) == g)]
            part = part.sort_values("rho")
            if part.empty:
                continue
            top = -row + 0.4 - band * k
            y = top - band * (np.arange(len(part)) + 0.5) / len(part)
            ax.hlines(y, part["ci_low"], part["ci_high"], color=cmap[g], linewidth=0.6,
                      alpha=0.5)
            ax.scatter(part["rho"], y, s=8, color=cmap[g], zorder=3,
                       label=g if name == order[0] or row == 0 else None)
    ax.axvline(0, color=PALETTE["grey"], linewidth=0.8)
    if threshold is not None:
        ax.axvline(threshold, color=PALETTE["black"], linestyle=":", linewidth=0.9)
    ax.set_yticks(-np.arange(len(order)))
    ax.set_yticklabels(order)
    ax.set_ylim(-len(order) + 0.5, 0.5)
    ax.set_xlim(-1.02, 1.02)
    ax.set_xlabel("capabilities correlation (Spearman's ρ with the capability score)")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=False))
    ax.legend(unique.values(), unique.keys(), fontsize=8, loc=legend, title="models")
    return ax
