"""Our values for the claims of Chapter 4 (ranking stability, signal and noise).

Zhang & Hardt (2024) state three things the staged leaderboards can check; Heineman et al.
(2025) one (second-hand). How each verbal statement is read as a number is written down
here; the thresholds are the book's readings, chosen after a first look at the data, so the
verdicts are descriptive, not the outcome of a pre-registered test:

* **Independence of irrelevant models for the mean.** A cardinal benchmark that averages
  scores cannot change the order of two models when other models are added or removed.
  Ours: on HELM (classic) accuracy, the share of random subsets of the other models that
  change the order of any pair among the top fifth, with the mean as the aggregate (0 is
  the claim).
* **Ordinal aggregates are unstable.** "The aggregated rankings of existing benchmarks are
  highly unstable under irrelevant changes." Ours: the same share with HELM's own
  aggregate, the mean win rate; "highly unstable" is read as "at least half of the random
  halves of the other models change the order of some pair among the top fifth".
* **The diversity-stability trade-off.** "The more diverse a multi-task benchmark, the
  more sensitive to trivial changes it is." Ours: across the staged Zhang & Hardt
  leaderboards (complete models only, at least 6 models and 3 tasks, every task's
  direction known), the Spearman correlation between diversity ``1 - W`` (Kendall's W of
  the tasks' rankings) and sensitivity (the mean share of top-fifth pairs whose Borda
  order changes when a random half of the other models is kept); "a clear trade-off" is
  read as a correlation of at least 0.5.
* **SNR and decision accuracy** (Heineman et al., second-hand R = 0.791). Ours: over
  Epoch AI's Benchmarking Hub tasks, the Pearson correlation between log SNR (signal over
  the models, noise from the published standard errors) and replication agreement (the
  share of model pairs two independent replications would order alike).

Random steps use the fixed seeds below; every function is cached in the process.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
from scipy import stats as sps

from .. import data, ranking

__all__ = [
    "SEED",
    "ZH_LEADERBOARDS",
    "imagenetv2_rank_intervals",
    "helm_accuracy",
    "helm_change_rate",
    "helm_mean_change_rate",
    "helm_win_rate_change_rate",
    "zh_leaderboard",
    "diversity_sensitivity",
    "tradeoff_correlation",
    "epoch_runs",
    "epoch_signal_noise",
    "snr_agreement_correlation",
]

SEED = 20241130
#: Zhang & Hardt leaderboards whose tasks all have a known direction (helm/bias and
#: helm/summarization mix metrics of unstated direction and are left out).
ZH_LEADERBOARDS = (
    "helm/accuracy", "helm/calibration", "helm/efficiency", "helm/fairness", "helm/robustness",
    "helm/toxicity", "heim/aesthetics_auto", "heim/aesthetics_human", "heim/alignment_auto",
    "heim/alignment_human", "heim/black_out", "heim/nsfw", "heim/nudity", "heim/originality",
    "heim/quality_auto", "heim/quality_human", "openllm", "mmlu", "glue", "superglue", "mteb",
    "vtab", "bigcode", "bbh", "imagenet",
)
_LOWER = re.compile(r"↓|inference time|Toxic fraction|ECE")
_N_SUBSETS = 1_000


@cache
def imagenetv2_rank_intervals() -> pd.DataFrame:
    """Bootstrap rank intervals (2,000 item resamples) of the models on ImageNetV2
    MatchedFrequency, from their per-item top-1 correctness."""
    matrix = data.imagenetv2_matrix(test_set="matched-frequency")
    return ranking.bootstrap_rank_intervals(matrix, rng=np.random.default_rng(SEED),
                                            n_resamples=2_000)


@cache
def zh_leaderboard(table: str) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """One Zhang & Hardt leaderboard as models x tasks, complete models only (duplicate
    entries of a model averaged), and the tasks where lower is better."""
    long = data.load_benchbench_zhang_hardt(table=table)
    wide = long.groupby(["model", "task"])["score"].mean().unstack()
    lower = tuple(t for t in wide.columns if _LOWER.search(str(t)))
    return wide.dropna(), lower


def helm_accuracy() -> pd.DataFrame:
    """HELM (classic) accuracy: the models scored on all 16 scenarios."""
    return zh_leaderboard("helm/accuracy")[0]


@cache
def helm_change_rate(rule: str) -> ranking.SubsetSensitivity:
    """Random halves of the other models on HELM accuracy: does the order among the top
    fifth change? (1,000 subsets, each other model kept with probability 1/2.)"""
    return ranking.irrelevant_model_sensitivity(
        helm_accuracy(), rng=np.random.default_rng(SEED), rule=rule, n_subsets=_N_SUBSETS,
        keep=0.5)


def helm_mean_change_rate() -> float:
    """Share of subsets changing the top-fifth order when the aggregate is the mean."""
    return helm_change_rate("mean").any_change_rate


def helm_win_rate_change_rate() -> float:
    """The same with HELM's aggregate, the mean win rate."""
    return helm_change_rate("win_rate").any_change_rate


@cache
def diversity_sensitivity() -> pd.DataFrame:
    """One row per leaderboard with at least 6 complete models and 3 tasks: models, tasks,
    diversity (1 - Kendall's W) and sensitivity (mean Kendall distance of the top fifth
    over random halves of the other models, Borda count), and the share of subsets with
    any change."""
    rows = []
    for k, table in enumerate(ZH_LEADERBOARDS):
        wide, lower = zh_leaderboard(table)
        if wide.shape[0] < 6 or wide.shape[1] < 3:
            continue
        w = ranking.kendall_w(wide, lower_is_better=list(lower))["w"]
        out = ranking.irrelevant_model_sensitivity(
            wide, rng=np.random.default_rng([SEED, k]), rule="borda", n_subsets=_N_SUBSETS,
            keep=0.5, lower_is_better=list(lower))
        rows.append({"leaderboard": table, "models": wide.shape[0], "tasks": wide.shape[1],
                     "diversity": 1 - float(w),
                     "sensitivity": float(out.kendall_distance.mean()),
                     "any change": out.any_change_rate})
    return pd.DataFrame(rows).set_index("leaderboard")


def tradeoff_correlation() -> float:
    """Spearman correlation of diversity and sensitivity across the leaderboards."""
    table = diversity_sensitivity()
    return float(sps.spearmanr(table["diversity"], table["sensitivity"]).statistic)


@cache
def epoch_runs() -> pd.DataFrame:
    """Epoch AI Benchmarking Hub runs with a positive score: one run per model and task
    (the latest, where a model was run more than once)."""
    runs = data.load_epoch_benchmarks(table="runs")
    runs = runs[runs["score"] > 0].sort_values("started_at", kind="stable")
    return runs.drop_duplicates(["task", "model"], keep="last").reset_index(drop=True)


@cache
def epoch_signal_noise() -> pd.DataFrame:
    """One row per Epoch task with at least 10 models: models, mean score, median
    standard error, signal, noise (from the standard errors), SNR and replication
    agreement."""
    rows = []
    for task, group in epoch_runs().groupby("task"):
        if len(group) < 10:
            continue
        score, se = group["score"], group["stderr"]
        noise = ranking.standard_error_noise(score, se)
        rows.append({"task": task, "models": len(group), "mean score": float(score.mean()),
                     "median se": float(se.median()), "signal": ranking.signal(score),
                     "noise": noise, "snr": ranking.signal(score) / noise,
                     "replication agreement": ranking.replication_agreement(score, se)})
    return pd.DataFrame(rows).set_index("task")


def snr_agreement_correlation() -> float:
    """Pearson correlation of log SNR and replication agreement across Epoch tasks."""
    table = epoch_signal_noise()
    return float(sps.pearsonr(np.log(table["snr"]), table["replication agreement"]).statistic)
