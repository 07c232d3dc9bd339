"""Item response theory figures: item characteristic curves and information curves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.special import expit

from .style import PALETTE, percent_axis

__all__ = ["item_characteristic_curves", "information_curves"]


def _grid(theta: Any) -> np.ndarray:
    grid = np.linspace(-6, 6, 241) if theta is None else np.asarray(theta, dtype=float)
    if grid.ndim != 1 or grid.size < 2 or not np.isfinite(grid).all() or np.any(np.diff(grid) <= 0):
        raise ValueError("theta must be an increasing 1-D array of at least two finite abilities")
    return grid


def _mark(ax: plt.Axes, markers: Mapping[str, float] | None) -> None:
    """Thin grey vertical lines at named abilities, named in the legend."""
    styles = [":", "-.", "--"]
    for k, (label, value) in enumerate((markers or {}).items()):
        if not np.isfinite(value):
            raise ValueError(f"marker {label!r} must be a finite ability; got {value!r}")
        ax.axvline(value, color=PALETTE["grey"], linewidth=1.2, linestyle=styles[k % 3],
                   label=label)


def item_characteristic_curves(
    fit: Any,
    items: Sequence[Any] | Mapping[str, Any],
    *,
    theta: Any = None,
    markers: Mapping[str, float] | None = None,
    ax: plt.Axes | None = None,
    xlabel: str = "ability θ",
    ylabel: str = "probability of a correct answer",
) -> plt.Axes:
    """Plot the item characteristic curves ``P(theta) = sigmoid(a (theta - b))`` of a fit.

    Parameters
    ----------
    fit
        A fitted :class:`~analysis.irt.IRTFit` (anything with ``items`` holding
        ``discrimination`` and ``intercept`` columns indexed by item).
    items
        Item labels to draw, or a mapping ``{legend label: item label}``.
    theta
        Increasing abilities to draw the curves on (default: 241 points on [-6, 6]).
    markers
        Optional ``{label: ability}`` drawn as grey vertical lines and named in the legend
        (e.g. the ability of the strongest model).
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.irt import fit_irt, simulate_responses
    >>> fit = fit_irt(simulate_responses(100, 5, rng=np.random.default_rng(0))[0])
    >>> ax = item_characteristic_curves(fit, ["q0", "q1"], markers={"best": 1.5})
    """
    grid = _grid(theta)
    chosen = dict(items) if isinstance(items, Mapping) else {str(i): i for i in items}
    if not chosen:
        raise ValueError("items must name at least one fitted item")
    table = fit.items
    unknown = [i for i in chosen.values() if i not in table.index]
    if unknown:
        raise ValueError(f"{len(unknown)} item(s) are not fitted items, e.g. {unknown[0]!r}")
    if ax is None:
        _, ax = plt.subplots()
    for label, item in chosen.items():
        a, d = table.loc[item, ["discrimination", "intercept"]].astype(float)
        ax.plot(grid, expit(a * grid + d), label=label)
    _mark(ax, markers)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    percent_axis(ax, "y")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax


def information_curves(
    curves: Mapping[str, pd.Series],
    *,
    markers: Mapping[str, float] | None = None,
    ax: plt.Axes | None = None,
    xlabel: str = "ability θ",
    ylabel: str = "information",
    log: bool = False,
) -> plt.Axes:
    """Plot information curves (test or item information against ability), one per label.

    Parameters
    ----------
    curves
        Mapping from a label (e.g. a test set) to a Series of information values indexed
        by increasing ability (as in the ``information`` column of
        :func:`analysis.irt.test_information`), values >= 0.
    markers
        Optional ``{label: ability}`` drawn as grey vertical lines, named in the legend.
    ax
        Axes to draw on; a new figure otherwise.
    log
        Logarithmic information axis (curves that differ by orders of magnitude).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> theta = np.linspace(-3, 3, 7)
    >>> ax = information_curves({"test": pd.Series(np.exp(-theta**2), index=theta)})
    """
    if not curves:
        raise ValueError("curves must hold at least one curve")
    if ax is None:
        _, ax = plt.subplots()
    for label, values in curves.items():
        values = pd.Series(values, dtype=float)
        grid = _grid(values.index.to_numpy(dtype=float))
        if values.isna().any() or (values < 0).any():
            raise ValueError(f"information_curves: curve {label!r} must be >= 0 without NaN")
        ax.plot(grid, values.to_numpy(), label=label)
    _mark(ax, markers)
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if len(curves) + len(markers or {}) > 1:
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax
