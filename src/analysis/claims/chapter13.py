"""Our values for the claims of Chapter 13 (capability entanglement).

Two data sets. **ObsScaling** (Ruan et al. 2024): 148 base models x 8 benchmarks (the
October 2024 file, larger than the paper's set); missing cells imputed by iterative PCA
(one component, standardized space, clipped to [0, 1]); PCA on the unstandardized scores.
**Safetywashing** (Ren et al. 2024): 27 base and 26 chat models; each benchmark oriented
higher-is-better (the metadata already does it), z-scored; the capability score is PC1 of
the Spearman matrix of the 12 capability benchmarks; each benchmark's capabilities
correlation has a percentile bootstrap interval over models (:data:`N_BOOT` replicates,
seeded with :data:`SEED`).

Readings fixed before any correlation was computed (see the chapter): a benchmark is
*highly entangled* when its capabilities correlation is at least :data:`HIGH` (0.70);
"many safety benchmarks" means at least a third of the benchmarks in the safety areas of
:func:`analysis.entanglement.safety_area` (everything but the capability score and "other
capability"); "weakly or negatively entangled" means a correlation of at most 0.30.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .. import data, entanglement

__all__ = [
    "SEED", "N_BOOT", "HIGH", "OBS_BENCHMARKS", "obsscaling", "ruan_pca", "safetywashing",
    "entangled", "ruan_pc1_share", "ruan_pc123_share", "share_high_base", "share_high_chat",
    "truthfulqa_base", "truthfulqa_chat", "rmsce_minus_brier_base", "rmsce_minus_brier_chat",
    "min_adversarial_base", "min_bias_base", "wmdp_abs_min",
]

SEED = 20240711  #: one seed for every random step of the chapter
N_BOOT = 1_000  #: bootstrap replicates over models
HIGH = 0.70  #: threshold for "highly entangled", fixed before looking at the data
OBS_BENCHMARKS = ("MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K",
                  "XWinograd", "HumanEval")  #: the eight ObsScaling benchmarks
_NOT_SAFETY = ("capability score", "other capability")


@cache
def obsscaling() -> pd.DataFrame:
    """ObsScaling base models x 8 benchmarks (fractions, NaN where missing). Do not modify."""
    wide = data.load_obsscaling(wide=True).set_index("model")
    return wide[list(OBS_BENCHMARKS)]


@cache
def ruan_pca() -> entanglement.PCAResult:
    """Ruan et al.'s PCA: impute (1 component, standardized, clipped), PCA unstandardized."""
    return entanglement.pca(entanglement.impute_pca(obsscaling()))


@cache
def safetywashing(kind: str) -> pd.DataFrame:
    """Safetywashing ``kind`` ("base"/"chat") models x benchmarks, higher = better.

    The chat table's ``LMSYS_Chatbot_Arena`` (an Elo rating, metric "N/A") is declared
    higher-is-better. Do not modify."""
    declared = ("LMSYS_Chatbot_Arena",) if kind == "chat" else ()
    return entanglement.orient_scores(data.load_safetywashing(subset=kind),
                                      higher_is_better=declared)


@cache
def entangled(kind: str) -> pd.DataFrame:
    """Capabilities correlation of every benchmark with its interval and safety area."""
    out = entanglement.capabilities_correlation(
        safetywashing(kind), entanglement.SAFETYWASHING_CAPABILITY,
        rng=np.random.default_rng(SEED + (kind == "chat")), n_boot=N_BOOT)
    return out.assign(area=entanglement.safety_area(out.index), model_type=kind)


def _safety(kind: str) -> pd.DataFrame:
    table = entangled(kind)
    return table[~table["area"].isin(_NOT_SAFETY)]


def ruan_pc1_share() -> float:
    """PC1's share of the variance of the 8 ObsScaling benchmarks."""
    return float(ruan_pca().explained_variance_ratio["PC1"])


def ruan_pc123_share() -> float:
    """Share of PC1-PC3 together."""
    return float(ruan_pca().explained_variance_ratio.iloc[:3].sum())


def share_high_base() -> float:
    """Share of safety-area benchmarks with capabilities correlation >= HIGH (base)."""
    return float((_safety("base")["rho"] >= HIGH).mean())


def share_high_chat() -> float:
    """Share of safety-area benchmarks with capabilities correlation >= HIGH (chat)."""
    return float((_safety("chat")["rho"] >= HIGH).mean())


def truthfulqa_base() -> float:
    """Capabilities correlation of TruthfulQA MC1, base models."""
    return float(entangled("base").loc["truthfulqa_mc1", "rho"])


def truthfulqa_chat() -> float:
    """Capabilities correlation of TruthfulQA MC1, chat models."""
    return float(entangled("chat").loc["truthfulqa_mc1", "rho"])


def rmsce_minus_brier_base() -> float:
    """rho(1 - RMS calibration error, MMLU) - rho(1 - Brier score, MMLU), base models."""
    t = entangled("base")["rho"]
    return float(t["rmsce_mmlu"] - t["brier_mmlu"])


def rmsce_minus_brier_chat() -> float:
    """The same difference for chat models."""
    t = entangled("chat")["rho"]
    return float(t["rmsce_mmlu"] - t["brier_mmlu"])


def min_adversarial_base() -> float:
    """Smallest capabilities correlation in the adversarial-robustness area (base)."""
    t = entangled("base")
    return float(t.loc[t["area"] == "adversarial robustness", "rho"].min())


def min_bias_base() -> float:
    """Smallest capabilities correlation in the bias area (base)."""
    t = entangled("base")
    return float(t.loc[t["area"] == "bias", "rho"].min())


def wmdp_abs_min() -> float:
    """|rho| of WMDP (1 - accuracy on hazardous-knowledge questions), the smaller of base
    and chat: how strongly hazardous knowledge moves with general capability."""
    return float(min(abs(entangled(k).loc["wmdp", "rho"]) for k in ("base", "chat")))
