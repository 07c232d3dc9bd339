"""Our values for the claims of Chapter 10 (contamination), computed from the GSM1k data.

Zhang et al. (2024) publish, in their repository, each model's GSM8k − GSM1k accuracy gap
(``scale_diff.csv``) and the average character-normalised log-likelihood the model assigns
to GSM8k's test problems (``averages.tsv``); the per-model accuracies are not public. The
readings fixed here:

* **Drops up to 13%.** The largest gap of any model in the gap file, in percentage points
  (the gap is a difference of accuracies).
* **The correlation.** Spearman's rho between gap and log-likelihood over the models in
  *both* files (inner join on the model name, as the authors' plotting script does), with a
  percentile bootstrap over models seeded with :data:`SEED`; the paper's "r² = 0.32" is
  compared with rho squared, and its sign with rho's.
* **Phi and Mistral overfit systematically.** Read as: every model of the two lineages
  (:func:`analysis.generalization.model_family`) has a positive gap. "Frontier models
  show little overfitting" is not checkable: no frontier model is in the public files.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .. import data, generalization

__all__ = [
    "SEED",
    "N_BOOT",
    "gsm1k",
    "joined",
    "correlation",
    "max_gap",
    "spearman_rho",
    "spearman_rho2",
    "share_phi_mistral_positive",
]

SEED = 20240501  #: one seed for every random step of the chapter
N_BOOT = 2_000  #: bootstrap replicates over models


@cache
def gsm1k() -> pd.DataFrame:
    """One row per model in either public file (``gap``, ``avg_loglik``; NaN where a file
    lacks the model), indexed by model, with its ``family``. Do not modify."""
    frame = data.load_gsm1k().set_index("model")
    return frame.assign(family=generalization.model_family(frame.index))


@cache
def joined() -> pd.DataFrame:
    """The models in both files (the inner join on name). Do not modify."""
    return gsm1k().dropna(subset=["gap", "avg_loglik"])


@cache
def correlation() -> pd.Series:
    """Spearman's rho and rho squared of gap and log-likelihood with bootstrap intervals."""
    frame = gsm1k()
    return generalization.gap_correlation(
        frame["gap"].dropna(), frame["avg_loglik"].dropna(), join="inner",
        rng=np.random.default_rng(SEED), n_resamples=N_BOOT)


def max_gap() -> float:
    """Largest GSM8k − GSM1k gap in the gap file (fraction)."""
    return float(gsm1k()["gap"].max())


def spearman_rho() -> float:
    """Spearman's rho between gap and GSM8k log-likelihood (joined models)."""
    return float(correlation()["rho"])


def spearman_rho2() -> float:
    """Rho squared, the number the paper reports as r² = 0.32."""
    return float(correlation()["rho2"])


def share_phi_mistral_positive() -> float:
    """Share of the Phi and Mistral models (in the gap file) with a positive gap."""
    frame = gsm1k().dropna(subset=["gap"])
    gaps = frame.loc[frame["family"].isin(["Phi", "Mistral"]), "gap"]
    return float((gaps > 0).mean())
