"""Figures of the Evaluation -> Understanding -> Mitigation chain: the chain with its failure
modes, a tornado plot, and the chain's outputs under several sets of beliefs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .style import PALETTE, percent_axis

__all__ = ["chain_diagram", "tornado_plot", "preset_comparison_plot"]


def _box(ax: plt.Axes, x: float, y: float, w: float, h: float, text: str, colour: str,
         size: float = 13, weight: str = "bold") -> None:
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02",
                                facecolor=colour, edgecolor="none", alpha=0.9))
    ax.text(x, y, text, ha="center", va="center", fontsize=size, color="white", weight=weight)


def _arrow(ax: plt.Axes, start: tuple[float, float], end: tuple[float, float], colour: str) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=18, lw=2,
                                 color=colour))


def chain_diagram(beliefs_table: pd.DataFrame, *, ax: plt.Axes | None = None,
                  link_probabilities: Mapping[str, float] | None = None,
                  time_failure: float | None = None) -> plt.Axes:
    """The chain Evaluation -> Understanding -> Mitigation with the failure modes listed
    under the link each can break, and the harms beside it, each with its current mean.

    Parameters
    ----------
    beliefs_table
        From :func:`analysis.risk.beliefs_table` (columns ``section``, ``link``, ``title``,
        ``mean``, ``unit``).
    link_probabilities
        Optional ``{"understanding": p, "mitigation": p}`` written on the arrows (e.g. the
        Monte Carlo means of P(U) and P(M | U)).
    time_failure
        Optional mean failure probability of 3.3 (one minus the time share), shown beside
        it; 3.3 is computed from three beliefs, so the table has no single mean for it.

    Examples
    --------
    >>> from analysis.risk import beliefs_table
    >>> ax = chain_diagram(beliefs_table("default"))
    """
    missing = {"section", "link", "title", "mean", "unit"} - set(beliefs_table.columns)
    if missing:
        raise KeyError(f"beliefs_table lacks columns {sorted(missing)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 6.2))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 6.2)
    ax.axis("off")
    top = 5.55
    for x, label, colour in ((1.05, "Evaluation", PALETTE["grey"]),
                             (5.0, "Understanding", PALETTE["blue"]),
                             (8.95, "Mitigation", PALETTE["green"])):
        _box(ax, x, top, 1.9, 0.7, label, colour)
    probs = link_probabilities or {}
    for (x0, x1), link in (((2.1, 3.95), "understanding"), ((6.05, 7.9), "mitigation")):
        _arrow(ax, (x0, top), (x1, top), PALETTE["black"])
        if link in probs:
            ax.text((x0 + x1) / 2, top + 0.42, f"{probs[link]:.0%}", ha="center", va="bottom",
                    fontsize=12)

    def listing(link: str, x: float, y: float, colour: str, heading: str) -> None:
        rows = beliefs_table[beliefs_table["link"] == link].drop_duplicates("section")
        ax.text(x, y, heading, fontsize=12, weight="bold", color=colour, va="top")
        for i, (_, row) in enumerate(rows.iterrows()):
            if row["unit"] == "probability":
                value = f"{row['mean']:.0%}"
            elif row["section"] == "3.3":
                value = f"{time_failure:.0%}" if time_failure is not None else "time"
            else:
                value = f"{row['mean']:.2g}"
            line = y - 0.42 * (i + 1)
            ax.text(x + 0.5, line, value, fontsize=10, va="top", ha="right", color=colour)
            ax.text(x + 0.6, line, f"{row['section']}  {row['title']}", fontsize=10, va="top")

    listing("understanding", 0.0, 4.75, PALETTE["blue"], "Ways the first link fails")
    listing("mitigation", 5.15, 4.75, PALETTE["green"], "Ways the second link fails")
    listing("harm", 5.15, 2.35, PALETTE["vermillion"], "Harms (mean, in budgets)")
    ax.text(0.0, 1.7, r"$V = B \cdot P(U) \cdot P(M \mid U) - \sum_h H_h$", fontsize=14,
            va="top")
    ax.text(0.0, 1.15, "V net value, B benefit, U understanding,\nM mitigation, H harms",
            fontsize=10.5, va="top", color=PALETTE["grey"])
    return ax


def tornado_plot(table: pd.DataFrame, *, top: int = 10, ax: plt.Axes | None = None,
                 label: str | None = None, percent: bool = False) -> plt.Axes:
    """Tornado plot of a one-at-a-time sensitivity table (:func:`analysis.risk.tornado`).

    One bar per belief (the ``top`` largest swings, largest at the top) from the statistic
    with the belief at its low percentile (blue) to the statistic at its high percentile
    (orange); the grey line is the statistic under the full beliefs.

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.risk import tornado
    >>> ax = tornado_plot(tornado("default", np.random.default_rng(0), n=500))
    """
    needed = {"output_low", "output_high", "swing", "section"}
    if not needed <= set(table.columns):
        raise KeyError(f"table lacks columns {sorted(needed - set(table.columns))}")
    rows = table.sort_values("swing", ascending=False).head(int(top)).iloc[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.45 * len(rows) + 1.4))
    base = table.attrs.get("baseline", float(np.median(rows[["output_low", "output_high"]])))
    y = np.arange(len(rows))
    for end, colour, name in (("output_low", PALETTE["blue"], "belief at its 10th percentile"),
                              ("output_high", PALETTE["orange"], "belief at its 90th percentile")):
        ax.barh(y, rows[end] - base, left=base, color=colour, height=0.6, label=name)
    ax.axvline(base, color=PALETTE["grey"], lw=1)
    low_end, high_end = rows[["output_low", "output_high"]].to_numpy().min(), rows[["output_low", "output_high"]].to_numpy().max()
    if low_end < 0 < high_end:  # break-even, when the bars cross it
        ax.axvline(0, color=PALETTE["black"], lw=1, ls="--")
    ax.set_yticks(y, [f"{s}  {n}" for s, n in zip(rows["section"], rows.index, strict=True)])
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(label or table.attrs.get("output", "statistic"))
    if percent:
        percent_axis(ax, "x")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=11)
    return ax


def preset_comparison_plot(results: Mapping[str, object], *, axes: Sequence[plt.Axes] | None = None
                           ) -> np.ndarray:
    """Distributions of P(mitigation) and of the net value under several sets of beliefs
    (empirical distribution functions, one line per set).

    Parameters
    ----------
    results
        ``name -> ChainResult`` (e.g. :func:`analysis.risk.compare_presets`).

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.risk import compare_presets
    >>> axes = preset_comparison_plot(compare_presets(np.random.default_rng(0), n=500))
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9, 3.8), sharey=True)
    axes = np.asarray(axes)
    colours = {"optimist": PALETTE["green"], "default": PALETTE["blue"],
               "sceptic": PALETTE["vermillion"]}
    spare = iter([PALETTE["purple"], PALETTE["orange"], PALETTE["sky"], PALETTE["black"]])
    for name, result in results.items():
        colour = colours.get(name) or next(spare)
        for ax, column in zip(axes, ("p_mitigation", "net_value"), strict=True):
            values = np.sort(result.outputs[column].to_numpy())
            ax.plot(values, np.arange(1, values.size + 1) / values.size, color=colour, label=name)
    axes[0].set_xlabel("P(evaluation leads to mitigation)")
    axes[0].set_ylabel("share of draws at or below")
    percent_axis(axes[0], "x")
    percent_axis(axes[0], "y")
    axes[1].set_xscale("symlog", linthresh=1)
    axes[1].axvline(0, color=PALETTE["grey"], lw=1)
    axes[1].set_xlabel("net value (budgets, symlog)")
    axes[0].legend(loc="lower right")
    return axes
