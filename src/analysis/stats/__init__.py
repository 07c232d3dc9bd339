"""Error bars, comparisons and power for evaluation scores.

Conventions shared by every function:

* **Shape: models x items.** Per-item scores are 1-D (one model) or 2-D with one row per
  model and one column per item: a plain array, a :class:`pandas.Series` (one model,
  indexed by item), a :class:`pandas.DataFrame` (index = models, columns = items) or a
  response matrix (any object with a ``.scores`` DataFrame, models x items, and an
  ``.items`` metadata frame indexed by item). A plain 2-D array with more rows than
  columns and fewer than 50 columns is probably transposed and triggers
  :class:`OrientationWarning`; a DataFrame states the orientation and silences it.
* **Labels, not positions.** Per-item inputs (clusters, strata, weights) given as a
  Series are aligned on the item labels (DataFrame columns / Series index), or an error
  names the first item that does not match; with a response matrix they may be the name
  of a column of ``.items``. Plain arrays (and pandas' default ``0..n-1`` labels) are
  matched by position. Each docstring says which.
* **Scale.** Scores, accuracies and effect sizes are fractions in ``[0, 1]`` (one
  percentage point is 0.01); values that look like percentages raise an error saying so.
  Pass ``bounded=False`` for scores that are legitimately unbounded.
* **Missing items.** NaN is refused unless the caller passes ``missing="omit"`` (where
  supported), which treats NaN as "not scored" and reports each model's ``n``.
* **One result shape.** Estimators return a :class:`pandas.DataFrame` with one row per
  model (or per comparison, named ``"A − B"``) and the columns ``mean``, ``se``,
  ``ci_low``, ``ci_high``, ``n`` plus estimator-specific extras.
* **Warnings, not silence.** :class:`DegenerateIntervalWarning` flags normal or
  bootstrap intervals that are degenerate (all scores equal) or known to undercover
  (fewer than 10 successes or failures); random steps require an explicit
  :class:`numpy.random.Generator`.

Example
-------
>>> import numpy as np
>>> from analysis import stats
>>> stats.mean_se(np.array([0.5, 1.0, 0.25, 1.0]))["mean"].item()
0.6875
"""

from ._validation import DegenerateIntervalWarning, OrientationWarning
from .bootstrap import bootstrap_mean, cluster_bootstrap_mean, resample_counts
from .clustered import cluster_sums, clustered_se, stratified_se
from .components import repeated_sampling_se, variance_components
from .hypothesis import equivalence_test, mcnemar_test, noninferiority_test, paired_t_test
from .intervals import (
    agresti_coull,
    clopper_pearson,
    clopper_pearson_scores,
    critical_value,
    mean_se,
    normal_quantile,
    proportion_se,
    wilson,
    wilson_scores,
    zero_failure_upper_bound,
)
from .multiple import adjust_p_values, leaderboard_tiers, pairwise_comparisons
from .paired import independent_variance, paired_difference, paired_variance
from .power import (
    design_effect,
    minimum_detectable_effect,
    power,
    required_sample_size,
    sample_size_factor,
)
from .resampling import bootstrap_interval, jackknife_acceleration
from .studentized import studentized_bootstrap
from .summary import unpaired_proportion_test
from .weighted import weighted_mean_se

__all__ = [
    "DegenerateIntervalWarning",
    "OrientationWarning",
    "agresti_coull",
    "critical_value",
    "design_effect",
    "weighted_mean_se",
    "wilson",
    "wilson_scores",
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
    "unpaired_proportion_test",
    "pairwise_comparisons",
    "studentized_bootstrap",
]
