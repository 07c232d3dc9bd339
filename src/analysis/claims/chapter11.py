"""Our values for the claims of Chapter 11 (adaptive overfitting), from the simulations."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .. import holdout

#: Seed of the chapter's simulations (the chapter and the claims share them).
SEED = 20150807


@cache
def dwork_experiment(mechanism: str = "standard") -> pd.DataFrame:
    """Dwork et al.'s experiment as published: n = d = 10,000, no signal, 100 runs,
    k = 0, 10, ..., 500, Gaussian Thresholdout noise as in the authors' script."""
    offset = {"standard": 0, "thresholdout": 1}[mechanism]
    return holdout.reuse_experiment(np.random.default_rng(SEED + offset), n=10_000, d=10_000,
                                    n_runs=100, mechanism=mechanism)


def _mean_at(mechanism: str, which: str, k: int = 500) -> float:
    out = dwork_experiment(mechanism)
    return float(out.loc[(out["k"] == k) & (out["set"] == which), "accuracy"].mean())


def standard_holdout_k500() -> float:
    """Mean accuracy the reused holdout reports at k = 500 (standard holdout)."""
    return _mean_at("standard", "holdout")


def standard_train_k500() -> float:
    """Mean training accuracy at k = 500 (standard holdout)."""
    return _mean_at("standard", "train")


def standard_fresh_k500() -> float:
    """Mean accuracy on fresh data at k = 500: the truth."""
    return _mean_at("standard", "fresh")
