"""Rankings of models: rank confidence intervals, agreement, stability, signal and noise.

Conventions (as in :mod:`analysis.stats`):

* **Per-item scores are models x items** (array, DataFrame with models as index, response
  matrix); a **multi-task leaderboard is models x tasks**; a single ranking is one score
  (or rank) per model, a :class:`pandas.Series` indexed by model.
* **Labels, not positions.** Rankings given as Series are aligned on the model labels; a
  model present in one ranking only is an error naming it unless ``missing="intersect"``.
  Plain arrays are matched by position. Model names must already be harmonised across
  leaderboards (the data loaders keep each leaderboard's own spelling).
* **Rank 1 is the best model.** Higher scores are better unless a function takes
  ``higher_is_better`` or ``lower_is_better``. Ties follow ``ties=`` and each docstring
  says how they are ranked (default: competition ranking, tied models share the better
  rank).
* **Randomness** needs an explicit :class:`numpy.random.Generator`; nothing loops over
  replicates or items in Python: all replicates are ranked at once along an axis, and
  Kendall's tau for many replicates uses vectorised sign comparisons.

Functions
---------
Rank intervals: :func:`bootstrap_rank_intervals` (per-item scores, one shared item
resampling for all models), :func:`parametric_rank_intervals` (published means ± SEs),
:func:`rank_intervals_from_replicates`. Agreement: :func:`rank_correlation` (Kendall tau-b
or Spearman with bootstrap or Fisher-z intervals), :func:`agreement_matrix`,
:func:`kendall_w`. Stability (Zhang & Hardt 2024): :func:`aggregate_scores`,
:func:`irrelevant_model_sensitivity`. Signal and noise (Heineman et al. 2025):
:func:`signal`, :func:`noise`, :func:`signal_to_noise_ratio`, :func:`decision_accuracy`;
with published means ± standard errors only, :func:`standard_error_noise` and
:func:`replication_agreement`. Agreement over subsets of models (Perlitz et al. 2024):
:func:`agreement_by_model_count`.
Statistically tied tiers: :func:`leaderboard_tiers` calls
:func:`analysis.stats.leaderboard_tiers` (all pairs compared with Holm control; one
implementation).

Example
-------
>>> import pandas as pd
>>> from analysis import ranking
>>> a = pd.Series([0.9, 0.7, 0.5, 0.3], index=["w", "x", "y", "z"])
>>> ranking.rank_correlation(a, a, ci="none")["estimate"]
1.0
"""

from .agreement import PairwiseAgreement, agreement_matrix, kendall_w, rank_correlation
from .intervals import (
    bootstrap_rank_intervals,
    parametric_rank_intervals,
    rank_intervals_from_replicates,
)
from .replication import agreement_by_model_count, replication_agreement, standard_error_noise
from .signal import decision_accuracy, noise, signal, signal_to_noise_ratio
from .stability import SubsetSensitivity, aggregate_scores, irrelevant_model_sensitivity
from .tiers import leaderboard_tiers

__all__ = [
    "PairwiseAgreement",
    "SubsetSensitivity",
    "aggregate_scores",
    "agreement_by_model_count",
    "agreement_matrix",
    "bootstrap_rank_intervals",
    "decision_accuracy",
    "irrelevant_model_sensitivity",
    "kendall_w",
    "leaderboard_tiers",
    "noise",
    "parametric_rank_intervals",
    "rank_correlation",
    "rank_intervals_from_replicates",
    "replication_agreement",
    "signal",
    "signal_to_noise_ratio",
    "standard_error_noise",
]
