"""Figures of correlated errors: a pairwise heatmap, a pair scatter, gain against correlation."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import PALETTE, percent_axis

__all__ = ["pairwise_heatmap", "pair_scatter", "gain_curves"]


def pairwise_heatmap(matrix: pd.DataFrame, *, groups: pd.Series | None = None,
                     ax: plt.Axes | None = None, label: str = "",
                     vmin: float | None = None, vmax: float | None = None,
                     tick_labels: bool = True) -> plt.Axes:
    """A models x models matrix as a heatmap, grouped by family with boundary lines.

    Parameters
    ----------
    matrix
        Square DataFrame (e.g. from :func:`analysis.agreement.pairs_to_matrix`).
    groups
        Group (family, provider) of each model, indexed by model: models are sorted by
        group and thin lines separate the groups, whose names label the axes.
    ax
        Axes to draw on; a new figure otherwise.
    label
        Colour-bar label.
    vmin, vmax
        Colour range (default: the data's range).
    tick_labels
        Label the rows with the model names (without groups) or group names.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> m = pd.DataFrame([[1.0, 0.5], [0.5, 1.0]], index=["a", "b"], columns=["a", "b"])
    >>> ax = pairwise_heatmap(m, groups=pd.Series({"a": "x", "b": "y"}), label="phi")
    """
    if not isinstance(matrix, pd.DataFrame) or matrix.shape[0] != matrix.shape[1]:
        raise ValueError("matrix must be a square DataFrame (models x models)")
    if ax is None:
        _, ax = plt.subplots()
    order = list(matrix.index)
    if groups is not None:
        missing = set(order) - set(groups.index)
        if missing:
            raise KeyError(f"groups has no entry for {sorted(missing)[:5]}")
        order = sorted(order, key=lambda m: (groups[m], m))
    values = matrix.loc[order, order].to_numpy(dtype=float)
    image = ax.imshow(values, cmap="viridis", vmin=vmin, vmax=vmax, interpolation="nearest")
    plt.colorbar(image, ax=ax, label=label, fraction=0.046, pad=0.04)
    if groups is not None:
        g = np.asarray([groups[m] for m in order], dtype=object)
        edges = np.flatnonzero(g[1:] != g[:-1]) + 0.5
        for e in edges:
            ax.axhline(e, color="white", linewidth=0.6)
            ax.axvline(e, color="white", linewidth=0.6)
        starts = np.concatenate([[-0.5], edges])
        ends = np.concatenate([edges, [len(order) - 0.5]])
        centres = (starts + ends) / 2
        names = [g[int(np.ceil(s))] for s in starts]
        if tick_labels:
            ax.set_yticks(centres, names, fontsize=7)
            ax.set_xticks(centres, names, fontsize=7, rotation=90)
    elif tick_labels:
        ax.set_yticks(range(len(order)), order, fontsize=6)
        ax.set_xticks(range(len(order)), order, fontsize=6, rotation=90)
    ax.grid(False)
    return ax


def pair_scatter(x: Sequence[float], y: Sequence[float], same_group: Sequence[bool], *,
                 ax: plt.Axes | None = None, xlabel: str = "", ylabel: str = "",
                 chance: float | None = None, percent: bool = True,
                 labels: tuple[str, str] = ("different family", "same family")) -> plt.Axes:
    """One dot per model pair, pairs within a group drawn over pairs across groups.

    Parameters
    ----------
    x, y
        One value per pair (e.g. mean accuracy of the pair, agreement when both wrong).
    same_group
        Whether the two models share a family or provider.
    ax
        Axes to draw on; a new figure otherwise.
    xlabel, ylabel
        Axis labels.
    chance
        Draw a dashed horizontal line at this value (e.g. ``1 / (m - 1)``).
    percent
        Show both axes in percent (for fractions).
    labels
        Legend labels of the across and within pairs.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = pair_scatter([0.6, 0.7, 0.8], [0.5, 0.6, 0.7], [False, True, False])
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    same = np.asarray(same_group, dtype=bool)
    if not x.shape == y.shape == same.shape or x.ndim != 1:
        raise ValueError("x, y and same_group must be 1-d and of equal length (one per pair)")
    if ax is None:
        _, ax = plt.subplots()
    ax.scatter(x[~same], y[~same], s=6, alpha=0.35, color=PALETTE["grey"], linewidth=0,
               label=f"{labels[0]} ({int((~same).sum())})")
    ax.scatter(x[same], y[same], s=10, alpha=0.8, color=PALETTE["vermillion"], linewidth=0,
               label=f"{labels[1]} ({int(same.sum())})")
    if chance is not None:
        ax.axhline(chance, color=PALETTE["black"], linestyle="--", linewidth=0.8,
                   label="chance")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if percent:
        percent_axis(ax, "x", decimals=0)
        percent_axis(ax, "y", decimals=0)
    ax.legend(fontsize=7, markerscale=2)
    return ax


def gain_curves(curves: pd.DataFrame, *, ax: plt.Axes | None = None,
                observed: pd.DataFrame | None = None, relative: bool = False) -> plt.Axes:
    """Gain over the better model against error correlation, one line per arbiter skill.

    Parameters
    ----------
    curves
        Output of :func:`analysis.agreement.gain_vs_correlation` (may hold several
        settings in a ``setting`` column; one line per setting and skill).
    ax
        Axes to draw on; a new figure otherwise.
    observed
        Optional real pairs to overlay: columns ``error_correlation`` and ``gain``.
    relative
        Plot ``relative_gain`` (gain / better accuracy) without the simulation bands.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.agreement import gain_vs_correlation
    >>> sim = gain_vs_correlation(0.7, 0.7, [0.0, 0.5], n_items=200, n_reps=20,
    ...                           rng=np.random.default_rng(0))
    >>> ax = gain_curves(sim)
    """
    need = {"error_correlation", "skill", "expected_gain", "gain_low", "gain_high"}
    if not isinstance(curves, pd.DataFrame) or need - set(curves.columns):
        raise ValueError(f"curves must be a DataFrame with columns {sorted(need)} "
                         "(from gain_vs_correlation)")
    if ax is None:
        _, ax = plt.subplots()
    colours = [PALETTE[c] for c in ("blue", "orange", "green", "purple", "sky", "vermillion")]
    settings = curves["setting"] if "setting" in curves else pd.Series("", index=curves.index)
    keys = list(dict.fromkeys(zip(settings, curves["skill"], strict=True)))
    for k, (setting, skill) in enumerate(keys):
        part = curves[(settings == setting) & (curves["skill"] == skill)]
        name = "oracle" if skill == 1 else f"arbiter, skill {skill:.0%}"
        label = f"{setting}: {name}" if setting else name
        colour = colours[k % len(colours)]
        column = "relative_gain" if relative else "expected_gain"
        ax.plot(part["error_correlation"], part[column], color=colour, label=label)
        if not relative:
            ax.fill_between(part["error_correlation"], part["gain_low"], part["gain_high"],
                            color=colour, alpha=0.2, linewidth=0)
    if observed is not None:
        ax.scatter(observed["error_correlation"], observed["gain"], s=5, alpha=0.3,
                   color=PALETTE["grey"], linewidth=0, label="real pairs (oracle)")
    ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    ax.set_xlabel("error correlation (phi)")
    ax.set_ylabel("relative gain over the better model" if relative
                  else "gain over the better model (percentage points)")
    percent_axis(ax, "y", decimals=0)
    ax.legend(fontsize=7)
    return ax
