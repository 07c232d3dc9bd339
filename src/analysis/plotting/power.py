"""Power curves: the probability of detecting a difference against benchmark size."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np

from .style import PALETTE, percent_axis

__all__ = ["power_curves"]


def power_curves(
    n_items: np.ndarray,
    curves: Mapping[str, np.ndarray],
    *,
    target: float | None = 0.8,
    ax: plt.Axes | None = None,
    xlabel: str = "number of items",
    ylabel: str = "power",
    percent: bool = True,
) -> plt.Axes:
    """Plot power (or any probability) against the number of items, one line per design.

    Parameters
    ----------
    n_items
        Increasing numbers of items, shape ``(k,)``; drawn on a logarithmic axis.
    curves
        Mapping from a label (e.g. ``"paired"``) to the power at each ``n_items``,
        values in [0, 1].
    target
        Draw a horizontal line at this power (the conventional 0.8); ``None`` for none.
    ax
        Axes to draw on; a new figure otherwise.
    percent
        Label the power axis in percent (the book's scale for probabilities).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> n = np.array([100, 1000, 10000])
    >>> ax = power_curves(n, {"paired": np.array([0.1, 0.5, 0.99])})
    """
    n_items = np.asarray(n_items, dtype=float)
    if n_items.ndim != 1 or n_items.size < 2 or np.any(np.diff(n_items) <= 0):
        raise ValueError("power_curves needs an increasing 1-D array of at least two sizes.")
    if ax is None:
        _, ax = plt.subplots()
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        if values.shape != n_items.shape:
            raise ValueError(
                f"power_curves: curve {label!r} has shape {values.shape}, "
                f"but n_items has shape {n_items.shape}."
            )
        if np.isnan(values).any() or (values < 0).any() or (values > 1).any():
            raise ValueError(f"power_curves: curve {label!r} must hold probabilities in [0, 1].")
        ax.plot(n_items, values, label=label)
    if target is not None:
        ax.axhline(target, color=PALETTE["grey"], linewidth=0.9, linestyle="--")
    ax.set_xscale("log")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if percent:
        percent_axis(ax, "y")
    if len(curves) > 1:
        ax.legend(loc="upper left")
    return ax
