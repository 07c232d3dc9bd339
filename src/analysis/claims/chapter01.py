"""Our values for the claims of Chapter 1 (error bars), computed from the data."""

from __future__ import annotations

import numpy as np

from .. import data, stats


def _clopper_pearson(accuracy: float, n: int) -> tuple[float, float]:
    row = stats.clopper_pearson(round(accuracy * n), n).iloc[0]
    return float(row["ci_low"]), float(row["ci_high"])


def cp_n2000_low() -> float:
    """Lower end of the 95% Clopper–Pearson interval at 90% accuracy, n = 2,000."""
    return _clopper_pearson(0.90, 2000)[0]


def cp_n2000_high() -> float:
    """Upper end of the 95% Clopper–Pearson interval at 90% accuracy, n = 2,000."""
    return _clopper_pearson(0.90, 2000)[1]


def cp_half_width_90() -> float:
    """Half-width of the 95% Clopper–Pearson interval at 90% accuracy, n = 10,000."""
    low, high = _clopper_pearson(0.90, 10_000)
    return (high - low) / 2


def cp_half_width_97() -> float:
    """Half-width of the 95% Clopper–Pearson interval at 97% accuracy, n = 10,000."""
    low, high = _clopper_pearson(0.97, 10_000)
    return (high - low) / 2


def power_constant() -> float:
    """(z_0.975 + z_0.8)^2: 5% two-sided test, 80% power."""
    return float(stats.sample_size_factor())


def metr_family_clustered_ratio_max() -> float:
    """Largest ratio of the family-clustered to the naive SE over METR's agents that ran
    every task (runs as observations, task families as clusters)."""
    runs = data.load_metr_time_horizon(table="runs", include_human=False)
    n_tasks = runs["task_id"].nunique()
    complete = runs.groupby("alias")["task_id"].transform("nunique") == n_tasks
    ratios = []
    for _, group in runs[complete].groupby("alias"):
        naive = stats.mean_se(group["score_binarized"].to_numpy())
        clustered = stats.clustered_se(group["score_binarized"].to_numpy(),
                                       group["task_family"].to_numpy())
        ratios.append(float(clustered["se"].iloc[0] / naive["se"].iloc[0]))
    return float(np.max(ratios))


def nasnet_matched_frequency() -> float:
    """NASNet-Large's top-1 accuracy on ImageNetV2 MatchedFrequency, from the raw predictions."""
    v2 = data.imagenetv2_matrix(test_set="matched-frequency")
    return float(v2.loc["nasnetalarge"].mean())
