"""Leaderboard tiers of statistically tied models: a thin wrapper of the statistics module."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import stats

__all__ = ["leaderboard_tiers"]


def leaderboard_tiers(scores: Any, **options: Any) -> pd.DataFrame:
    """Group a leaderboard into tiers of models that are not statistically separable.

    The same function as :func:`analysis.stats.leaderboard_tiers` (one implementation,
    documented there): models sorted by mean score; all ``m (m - 1) / 2`` pairs compared
    with paired tests on the shared items and the p-values adjusted together (Holm by
    default, :func:`analysis.stats.adjust_p_values`); going down the list, a model starts
    a new tier when it differs significantly from the current tier's leader.

    Parameters
    ----------
    scores
        Per-item scores, models x items (array, DataFrame with models as index, or a
        response matrix); higher is better.
    **options
        Any keyword of :func:`analysis.stats.leaderboard_tiers`: ``clusters``, ``test``
        (``"z"``, ``"t"``, ``"bootstrap"``), ``adjust`` (``"holm"``, ``"bh"``,
        ``"bonferroni"``, ``"none"``), ``alpha``, ``rng``, ``n_resamples``,
        ``replicates``, ``cluster_method``, ``bounded``.

    Returns
    -------
    pandas.DataFrame
        One row per model, best first: ``mean``, ``rank``, ``tier`` (1 = top),
        ``tier_size``, ``leader``, ``n_tied``.

    Notes
    -----
    "Not significantly different" is not transitive, so tiers summarise rather than
    partition; a tie means the benchmark cannot separate the models, not that they are
    equal. Rank intervals (:func:`analysis.ranking.bootstrap_rank_intervals`) show the
    same uncertainty model by model.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> truth = np.array([[0.9], [0.9], [0.5], [0.1]])  # four fictional models
    >>> scores = pd.DataFrame((rng.random((4, 400)) < truth).astype(float),
    ...                       index=["a", "b", "c", "d"])
    >>> leaderboard_tiers(scores)["tier"].tolist()
    [1, 1, 2, 3]
    """
    return stats.leaderboard_tiers(scores, **options)
