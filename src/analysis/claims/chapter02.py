"""Our values for the claims of Chapter 2 (item response theory), computed from the data.

Vania et al. (2021) name the test sets that best separate strong models (Quoref, HellaSwag,
MC-TACO) and those that look saturated (SNLI, MNLI, CommitmentBank). The criterion the book
uses to rank the 29 test sets was fixed before comparing with that list:

* **Fit.** A 2PL per test set on the 18 ``best`` checkpoints, one response pattern per base
  model, with :func:`analysis.irt.fit_irt`'s defaults; each test set is fitted once per
  process (``functools.cache``) and the chapter reuses these fits. (Vania et al. fitted
  all 90 checkpoint rows jointly over the test sets; fitted one test set at a time, the
  early checkpoints, which answer by class prior, can become the latent dimension of a
  small classification set: the chapter shows this.)
* **Strong model.** On each test set, the most accurate of the 18 models (its ability from
  the same fit).
* **Headroom.** Vania et al.'s locally estimated headroom for a 2PL: the slope of each
  item's characteristic curve at that ability, ``a P (1 - P)``, averaged over *all* items of
  the test set (items every checkpoint got right, or wrong, were dropped from the fit and
  count as 0: they cannot separate anyone). A per-item average, so that large test sets do
  not win by size.
* **Rank.** 1 = most headroom among the 29 test sets. "Best at separating strong models"
  reads as rank <= 3 (the three sets named), "saturated" as rank >= 27 (the bottom three).
* **Discrimination** (the span-selection claim): the median discrimination of a test set's
  fitted items, ranked the same way; "discriminates well" reads as the top half (rank <= 14).

Each test set's scale is its own (abilities N(0, 1) over its 90 checkpoints); Vania et al.
fitted their model differently (variational inference, priors, a guessing parameter), so
only orderings are compared, never parameter values.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
from scipy.special import expit

from .. import data, irt

__all__ = [
    "nlu_matrix",
    "nlu_fit",
    "headroom_slope",
    "nlu_headroom",
    "chembench_fit",
]


@cache
def nlu_matrix(test_set: str):
    """The response matrix of one NLU test set (cached in the process)."""
    return data.response_matrix("nlu-irt", test_set=test_set)


@cache
def nlu_fit(test_set: str, rows: str = "best") -> irt.IRTFit:
    """The 2PL fit of one NLU test set (cached; no standard errors, which the ranking does
    not use). ``rows="best"``: the 18 best checkpoints, one per base model (the book's
    choice); ``"all"``: all 90 checkpoint rows. Do not modify the returned object."""
    matrix = nlu_matrix(test_set)
    if rows == "best":
        scores = matrix.scores.loc[matrix.models["checkpoint"] == "best"]
    elif rows == "all":
        scores = matrix.scores
    else:
        raise ValueError(f"rows must be 'best' or 'all'; got {rows!r}")
    return irt.fit_irt(scores, standard_errors=False)


def headroom_slope(fit: irt.IRTFit, theta: float) -> pd.Series:
    """Slope of each fitted item's characteristic curve at the ability ``theta``:
    ``dP/dtheta = a P (1 - P)`` (Vania et al.'s locally estimated headroom, for a 2PL).
    Negative for items with a negative discrimination."""
    p = expit(fit.a * float(theta) + fit.d)
    return pd.Series(fit.a * p * (1 - p), index=fit.items.index, name="headroom")


@cache
def nlu_headroom() -> pd.DataFrame:
    """One row per NLU test set: size, constant items, the strongest model and its ability,
    mean headroom and information per item at that ability, median discrimination, share
    of negative discriminations, and the two ranks (1 = most)."""
    rows = []
    for name in data.nlu_irt_test_sets():
        matrix, fit = nlu_matrix(name), nlu_fit(name)
        best = matrix.models.index[matrix.models["checkpoint"] == "best"]
        accuracy = matrix.scores.loc[best].mean(axis=1)
        strongest = accuracy.idxmax()  # the first of equally accurate models
        theta_top = float(fit.abilities.loc[strongest, "theta"])
        n_items = matrix.n_items
        slope = headroom_slope(fit, theta_top)
        info = irt.item_information(fit, [theta_top]).iloc[0]
        rows.append({
            "test set": name,
            "items": n_items,
            "constant items": len(fit.dropped_items),
            "strongest model": matrix.models.loc[strongest, "base_model"],
            "its accuracy": float(accuracy[strongest]),
            "its ability": theta_top,
            "headroom per item": float(slope.sum()) / n_items,
            "information per item": float(info.sum()) / n_items,
            "median discrimination": float(np.median(fit.a)),
            "negative discrimination": float((fit.a < 0).mean()),
        })
    table = pd.DataFrame(rows).set_index("test set")
    table["headroom rank"] = table["headroom per item"].rank(ascending=False, method="min")
    table["discrimination rank"] = table["median discrimination"].rank(ascending=False,
                                                                       method="min")
    table[["headroom rank", "discrimination rank"]] = table[
        ["headroom rank", "discrimination rank"]].astype(int)
    return table.sort_values("headroom rank")


def _headroom_rank(test_set: str) -> float:
    return float(nlu_headroom().loc[test_set, "headroom rank"])


def _discrimination_rank(test_set: str) -> float:
    return float(nlu_headroom().loc[test_set, "discrimination rank"])


def n_test_sets() -> float:
    """Number of NLU test sets in the data."""
    return float(len(data.nlu_irt_test_sets()))


def n_base_models() -> float:
    """Number of distinct base models (each appears at five checkpoints) on one test set."""
    return float(nlu_matrix("cb").models["base_model"].nunique())


def quoref_rank() -> float:
    """Rank of Quoref among the 29 test sets by headroom per item at the strongest model."""
    return _headroom_rank("quoref")


def hellaswag_rank() -> float:
    """Rank of HellaSwag by headroom per item at the strongest model."""
    return _headroom_rank("hellaswag")


def mctaco_rank() -> float:
    """Rank of MC-TACO by headroom per item at the strongest model."""
    return _headroom_rank("mctaco")


def snli_rank() -> float:
    """Rank of SNLI by headroom per item at the strongest model."""
    return _headroom_rank("snli")


def mnli_rank() -> float:
    """Rank of MNLI by headroom per item at the strongest model."""
    return _headroom_rank("mnli")


def cb_rank() -> float:
    """Rank of CommitmentBank by headroom per item at the strongest model."""
    return _headroom_rank("cb")


def qamr_discrimination_rank() -> float:
    """Rank of QAMR among the 29 test sets by median item discrimination."""
    return _discrimination_rank("qamr")


def squad_v2_discrimination_rank() -> float:
    """Rank of SQuAD 2.0 among the 29 test sets by median item discrimination."""
    return _discrimination_rank("squad_v2")


@cache
def chembench_fit(model: str = "2PL") -> irt.IRTFit:
    """The 1PL or 2PL fit of ChemBench's 22 models x 2,854 questions (cached)."""
    return irt.fit_irt(data.response_matrix("chembench-irt").scores, model=model)
