"""The plain-language summary at the top of a report: sentences generated from its numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .constants import MIN_MODELS_DISCRIMINATION

if TYPE_CHECKING:
    from .analyse import Report

__all__ = ["summarise", "names", "pct"]


def pct(value: float, digits: int = 1) -> str:
    """A fraction as a percentage, e.g. ``0.8125 -> '81.2%'``."""
    return f"{100 * value:.{digits}f}%"


def _share(value: float) -> str:
    """A share as a whole percentage, except that it never rounds to 0% or 100% unless it
    is exactly that: ``0.999 -> '99.9%'``, ``0.0004 -> '0.04%'``."""
    if 0 < value < 0.01:
        return f"{100 * value:.2g}%"
    if 0.99 < value < 1:
        digits = 1
        while round(100 * value, digits) >= 100 and digits < 6:
            digits += 1
        return pct(value, digits)
    return pct(value, 0)


def names(labels: Sequence, limit: int = 5) -> str:
    """``a``, ``a and b``, ``a, b and c``, or the first ``limit`` and how many more."""
    labels = [str(x) for x in labels]
    if len(labels) > limit:
        return ", ".join(labels[:limit]) + f" and {len(labels) - limit} more"
    if len(labels) <= 2:
        return " and ".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def summarise(report: Report) -> list[str]:
    """Sentences that state what the numbers of ``report`` say, most important first."""
    meta, models = report.meta, report.models
    level = f"{round(100 * meta['confidence'])}%"
    out = []
    design = f"{meta['n_models']} models were scored on {meta['n_items']:,} items"
    if meta["n_clusters"]:
        design += f" in {meta['n_clusters']:,} clusters"
    if meta.get("runs_per_item"):
        design += f", {meta['runs_per_item']:.3g} runs per item on average"
    out.append(design + ".")
    top = models.index[0]
    row = models.iloc[0]
    out.append(f"{top} leads with {pct(row['mean'])} ({level} interval {pct(row['ci_low'])} to "
               f"{pct(row['ci_high'])}, {row['method']}).")
    if meta["n_models"] < 2:
        return out
    pairs = report.pairs
    with_top = pairs[(pairs["model_a"] == top) | (pairs["model_b"] == top)]
    tied = [b if a == top else a for a, b, r in
            zip(with_top["model_a"], with_top["model_b"], with_top["reject"], strict=True) if not r]
    holm = f"Holm-adjusted paired tests at α = {meta['alpha']:g}"
    if tied:
        out.append(f"It is statistically tied with {names(tied)} ({holm}).")
    else:
        out.append(f"It is significantly ahead of every other model ({holm}).")
    tiers = report.tiers
    n_tiers = int(tiers["tier"].max())
    if n_tiers == 1:
        out.append("The data cannot separate any model from the leader: all models form one tier.")
    else:
        parts = [f"tier {t}: {names(tiers.index[tiers['tier'] == t], 3)}"
                 for t in range(1, min(n_tiers, 3) + 1)]
        more = f"; and {n_tiers - 3} more" if n_tiers > 3 else ""
        out.append(f"The models fall into {n_tiers} statistically tied tiers ({'; '.join(parts)}{more}).")
    out.append(f"{int(pairs['reject'].sum()):,} of {len(pairs):,} pairs of models differ "
               "significantly.")
    if "rank_low" in models.columns:
        low, high = int(models["rank_low"].iloc[0]), int(models["rank_high"].iloc[0])
        unit = "whole clusters of items" if meta["n_clusters"] else "the items"
        first = _share(float(models["p_first"].iloc[0]))
        if high == 1:
            out.append(f"Resampling {unit}, {top} ranks first in {first} of the bootstrap "
                       f"resamples (its {level} rank interval is 1 to 1).")
        else:
            out.append(f"Resampling {unit}, {top} ranks between {low} and {high} in the central "
                       f"{level} of the bootstrap resamples and first in {first} of them.")
    closest = report.closest
    if len(closest):
        same = closest[closest["difference"] == 0]
        if len(same):
            out.append(f"{len(same)} pair(s) of neighbours have exactly the same mean score "
                       f"(e.g. {same['model_a'].iloc[0]} and {same['model_b'].iloc[0]}): no "
                       "number of items would separate them if that were the truth.")
        finite = closest[np.isfinite(closest["items_needed"].to_numpy(dtype=float))]
        if len(finite):
            c = finite.iloc[0]
            out.append(
                f"The closest neighbours{' with different scores' if len(same) else ''}, "
                f"{c['model_a']} and {c['model_b']}, differ by "
                f"{100 * c['difference']:.2f} points; if that were the true difference, about "
                f"{int(c['items_needed']):,} items ({c['ratio']:.1f} times the current "
                f"{int(c['items_now']):,}) would separate them with 80% power.")
    if meta["n_clusters"]:
        deff = float(models["design_effect"].mean())
        out.append(f"Items share clusters: the variance of a score is {deff:.2f} times what "
                   "independent items would give (mean design effect); the intervals account for it (CR2).")
    if report.runs is not None:
        share = float(report.runs["within_share"].mean())
        out.append(f"Run-to-run noise is {pct(share, 0)} of the per-run score variance "
                   "(mean over models); more runs shrink only that part.")
    flags = report.items["flag"].value_counts()
    parts = [f"{int(flags[f]):,} {f}" for f in ("all correct", "all wrong") if f in flags]
    if parts:
        out.append(f"Items that no model distinguishes: {' and '.join(parts)}; they add "
                   "nothing to comparisons.")
    if "negative discrimination" in flags:
        out.append(f"{int(flags['negative discrimination']):,} items are failed more often by "
                   "stronger models (negative item–rest correlation): check their answer keys.")
    elif meta["n_models"] < MIN_MODELS_DISCRIMINATION:
        out.append(f"With fewer than {MIN_MODELS_DISCRIMINATION} models, item–rest correlations "
                   "are too noisy to flag items by discrimination.")
    if report.irt is not None:
        irt_flags = report.irt["flag"].value_counts()
        listed = [f"{int(irt_flags[f]):,} {f}" for f in
                  ("too easy", "too hard", "non-discriminating", "misfitting") if f in irt_flags]
        if listed:
            out.append(f"A 2PL IRT model flags {names(listed, 4)} items.")
    return out
