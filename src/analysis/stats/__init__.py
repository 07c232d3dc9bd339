"""Error bars, comparisons and power for evaluation scores.

Every estimator takes per-item scores, 1-D (one model) or 2-D (rows = models, columns =
items; a :class:`pandas.DataFrame` keeps its row labels), validates them (no NaN, no empty
input, binary where required) and returns a :class:`pandas.DataFrame` with one row per
model and the columns ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n`` plus
estimator-specific extras. Random steps require an explicit
:class:`numpy.random.Generator`.

Example
-------
>>> import numpy as np
>>> from analysis import stats
>>> stats.mean_se(np.array([1, 1, 0, 1]))["mean"].item()
0.75
"""

from .bootstrap import bootstrap_mean, cluster_bootstrap_mean, resample_counts
from .clustered import cluster_sums, clustered_se, stratified_se
from .components import repeated_sampling_se, variance_components
from .hypothesis import equivalence_test, mcnemar_test, noninferiority_test, paired_t_test
from .intervals import (
    clopper_pearson,
    clopper_pearson_scores,
    mean_se,
    normal_quantile,
    proportion_se,
    zero_failure_upper_bound,
)
from .multiple import adjust_p_values, leaderboard_tiers, pairwise_comparisons
from .paired import independent_variance, paired_difference, paired_variance
from .power import minimum_detectable_effect, power, required_sample_size, sample_size_factor
from .resampling import bootstrap_interval, jackknife_acceleration

__all__ = [
    "bootstrap_mean",
    "cluster_bootstrap_mean",
    "cluster_sums",
    "clopper_pearson",
    "clopper_pearson_scores",
    "clustered_se",
    "independent_variance",
    "mean_se",
    "minimum_detectable_effect",
    "normal_quantile",
    "paired_difference",
    "paired_variance",
    "power",
    "proportion_se",
    "repeated_sampling_se",
    "required_sample_size",
    "resample_counts",
    "sample_size_factor",
    "stratified_se",
    "variance_components",
    "zero_failure_upper_bound",
    # comparisons: small-sample and exact tests, equivalence, many comparisons, bootstrap
    "adjust_p_values",
    "bootstrap_interval",
    "equivalence_test",
    "jackknife_acceleration",
    "leaderboard_tiers",
    "mcnemar_test",
    "noninferiority_test",
    "paired_t_test",
    "pairwise_comparisons",
]
