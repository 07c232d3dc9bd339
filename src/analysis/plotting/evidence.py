"""What a pass and a flag say: posterior against prior, and empirical sensitivity curves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..risk.evidence import posterior_after
from .style import PALETTE, percent_axis

__all__ = ["posterior_curves", "detection_plot"]

_CYCLE = ("vermillion", "orange", "green", "blue", "purple", "sky")


def posterior_curves(sensitivities: Sequence[float], *, false_alarm: float = 0.05,
                     axes: Sequence[plt.Axes] | None = None,
                     n_points: int = 201) -> np.ndarray:
    """Two panels: P(capability | pass) and P(capability | flag) against the prior, one
    line per sensitivity, with the diagonal (an outcome that says nothing) in grey.

    Parameters
    ----------
    sensitivities
        Sensitivities to draw (fractions in [0, 1]); each line is labelled
        ``"sensitivity NN%"``.
    false_alarm
        The evaluation's false-alarm rate, the same for every line.
    axes
        Two axes to draw on (pass, flag); a new 1 x 2 figure otherwise.
    n_points
        Number of priors on the grid from 0 to 1.

    Returns
    -------
    numpy.ndarray
        The two axes.

    Examples
    --------
    >>> axes = posterior_curves([0.3, 0.9], false_alarm=0.05)
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 3.6), sharey=True)
    axes = np.asarray(axes).ravel()
    if axes.size != 2:
        raise ValueError(f"axes must hold two axes (pass, flag); got {axes.size}")
    prior = np.linspace(0.0, 1.0, int(n_points))
    for outcome, ax, title in zip(("pass", "flag"), axes,
                                  ("after a pass", "after a flag (a 'fail')"), strict=True):
        ax.plot(prior, prior, color=PALETTE["grey"], linewidth=0.8, linestyle=":",
                label="_no evidence")
        for k, s in enumerate(sensitivities):
            ax.plot(prior, posterior_after(prior, s, false_alarm, outcome=outcome),
                    color=PALETTE[_CYCLE[k % len(_CYCLE)]], label=f"sensitivity {s:.0%}")
        percent_axis(ax, "x", decimals=0)
        percent_axis(ax, "y", decimals=0)
        ax.set_xlabel("prior P(capability)")
        ax.set_title(title)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
    axes[0].set_ylabel("posterior P(capability)")
    axes[0].legend(loc="upper left", fontsize="small")
    return axes


def detection_plot(results: Mapping[str, pd.DataFrame], *, ax: plt.Axes | None = None) -> plt.Axes:
    """Empirical sensitivity of a threshold evaluation against the threshold, with its
    bootstrap interval as a band, one line per elicitation.

    Parameters
    ----------
    results
        Label -> table from :func:`analysis.risk.bootstrap_detection` (columns
        ``threshold``, ``sensitivity``, ``sensitivity_low``, ``sensitivity_high``).
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.risk import bootstrap_detection
    >>> out = bootstrap_detection([0.2, 0.6, 0.7], [0.7, 0.8, 0.7], [0.5, 0.6],
    ...                           rng=np.random.default_rng(0), n_boot=50)
    >>> ax = detection_plot({"weak": out})
    """
    needed = ("threshold", "sensitivity", "sensitivity_low", "sensitivity_high")
    for label, table in results.items():
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise KeyError(f"results[{label!r}] lacks columns {missing}; pass tables from "
                           "analysis.risk.bootstrap_detection")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 3.8))
    for k, (label, table) in enumerate(results.items()):
        colour = PALETTE[_CYCLE[(k + 3) % len(_CYCLE)]]
        ax.plot(table["threshold"], table["sensitivity"], color=colour, marker="o",
                markersize=3, label=label)
        ax.fill_between(table["threshold"], table["sensitivity_low"], table["sensitivity_high"],
                        color=colour, alpha=0.2, linewidth=0)
    percent_axis(ax, "x", decimals=0)
    percent_axis(ax, "y", decimals=0)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("threshold (score under the strongest elicitation)")
    ax.set_ylabel("sensitivity")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=max(1, min(3, len(results))),
              fontsize="small", frameon=False)
    return ax
