"""Our values for the claims of Chapter 14 (the elicitation gap), computed from the data.

Davidson et al. (2023) estimate compute-equivalent gains (CEGs) for post-training
enhancements from published results and find most above 5x and some above 20x. Their
enhancements and ours differ: the staged data hold analogues only, fixed before looking at
the comparison:

* **The analogues.** Four enhancements of base models measured on the same models and
  benchmark: three prompting techniques on GSM8K (8-shot chain of thought, zero-shot chain
  of thought, chain of thought with a majority vote over 5 samples, each against the
  harness's default 5-shot prompt) and instruction tuning (chat models against their own
  base models on seven benchmarks), from :func:`analysis.elicitation.elicitation_gaps`.
* **One CEG per model and enhancement**, read through the slope of the family's logit line
  of un-enhanced scores on log10 compute (``anchor="score"``); bounds where the enhanced
  score leaves the family's range.
* **An enhancement's CEG** is the median over its models. With bounds among the values the
  median is known only to lie in an interval (:func:`analysis.elicitation.ceg_median_bounds`);
  "supported" uses its lower end, "extrapolated" the median of the family lines' inversions
  continued past the largest model (an assumption, not data).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .. import elicitation

__all__ = [
    "gaps",
    "analogues",
    "ceg_summary",
    "share_median_above_5_supported",
    "largest_median_extrapolated",
]


@cache
def gaps() -> pd.DataFrame:
    """The chapter's table of elicitation gaps (cached; do not modify)."""
    return elicitation.elicitation_gaps()


def analogues() -> pd.DataFrame:
    """The rows with a CEG: prompting and instruction tuning (not reasoning effort)."""
    table = gaps()
    return table[table["kind"] != "reasoning effort"]


@cache
def ceg_summary() -> pd.DataFrame:
    """Per enhancement: counts of estimates and bounds, the median's bounds, the shares
    above 5x, and ``median_extrapolated``. Do not modify."""
    rows = analogues()
    out = elicitation.summarise_ceg(rows, "technique")
    out["median_extrapolated"] = rows.groupby("technique")["ceg_extrapolated"].median()
    return out


def share_median_above_5_supported() -> float:
    """Share of the four enhancements whose median CEG is above 5x at the lower end of what
    the data support."""
    return float((ceg_summary()["median_low"] > 5).mean())


def largest_median_extrapolated() -> float:
    """The largest median CEG among the four enhancements with the family lines extrapolated."""
    return float(ceg_summary()["median_extrapolated"].max())
