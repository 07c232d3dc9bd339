"""Standard errors for items that are not independent: clusters and strata."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from ._frames import interval_frame
from ._validation import as_cluster_codes, as_score_matrix, check_confidence
from .intervals import normal_quantile

__all__ = ["clustered_se", "stratified_se", "cluster_sums"]


def cluster_sums(values: np.ndarray, codes: np.ndarray, n_clusters: int) -> np.ndarray:
    """Sum each row of ``values`` (rows x items) within clusters: a rows x clusters array.

    Vectorised: one stable sort of the items by cluster, then :func:`numpy.add.reduceat`
    over the contiguous blocks (no loop over clusters or items).
    """
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(n_clusters))
    return np.add.reduceat(values[:, order], starts, axis=1)


def clustered_se(
    scores: Any, clusters: Any, *, correction: bool = True, confidence: float = 0.95
) -> pd.DataFrame:
    """Mean score with a cluster-robust standard error (items grouped into clusters).

    Items that share a passage, a task family or a class are correlated, so they carry less
    information than independent items. The cluster-robust variance of the mean
    (Miller 2024, eq. 3; Cameron & Miller 2015) sums the residuals ``r_i = s_i - mean``
    within each cluster before squaring::

        Var = f * sum_c ( sum_{i in c} r_i )^2 / n^2,     f = C / (C - 1) or 1

    Parameters
    ----------
    scores
        Per-item scores, 1-D (one model) or 2-D (models x items); see
        :func:`analysis.stats.mean_se`.
    clusters
        One cluster id per item (any hashable values), in the order of the items.
    correction
        Multiply by ``C/(C-1)`` (the small-sample correction used by statsmodels and by
        common eval harnesses). Miller (2024) writes the formula without it. With every item
        its own cluster, the corrected SE equals the ordinary (ddof=1) SE and the
        uncorrected one the ddof=0 SE.
    confidence
        Coverage of the two-sided interval.

    Returns
    -------
    pandas.DataFrame
        One row per model with ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n`` (items),
        ``n_clusters``, ``df`` (= C - 1, the interval's degrees of freedom) and
        ``design_effect`` (= clustered variance / ordinary ddof=1 variance; how many
        times more items the clustered design needs for the same precision; NaN when a
        model's scores are constant).

    Notes
    -----
    The interval uses Student's t with ``C - 1`` degrees of freedom (Cameron & Miller
    2015, sec. VI), so it widens when there are few clusters; with a few dozen clusters it is
    close to the normal interval. The estimator itself is biased downwards when clusters are
    few (below about 30) or very unequal in size: treat such error bars as optimistic.
    The result depends on choosing the right unit: cluster on the unit that was sampled
    (for example the passage, not the question written about it).
    """
    matrix = as_score_matrix(scores)
    level = check_confidence(confidence)
    codes, n_clusters = as_cluster_codes(clusters, matrix.n_items)
    values = matrix.values
    n = values.shape[1]
    mean = values.mean(axis=1)
    sums = cluster_sums(values - mean[:, None], codes, n_clusters)
    factor = n_clusters / (n_clusters - 1) if correction else 1.0
    se = np.sqrt(factor * np.square(sums).sum(axis=1)) / n
    naive_var = values.var(axis=1, ddof=1) / n
    with np.errstate(invalid="ignore", divide="ignore"):
        design_effect = np.where(naive_var > 0, se**2 / naive_var, np.nan)
    t = float(sps.t.ppf(0.5 + level / 2, n_clusters - 1))
    return interval_frame(
        matrix,
        {
            "mean": mean,
            "se": se,
            "ci_low": mean - t * se,
            "ci_high": mean + t * se,
            "n": n,
            "n_clusters": n_clusters,
            "df": n_clusters - 1,
            "design_effect": design_effect,
        },
    )


def stratified_se(scores: Any, strata: Any, *, confidence: float = 0.95) -> pd.DataFrame:
    """Mean score with the standard error of a stratified sample.

    When a benchmark is built by drawing a fixed number of items from each stratum
    (subject, difficulty band, source), only within-stratum variation is sampling noise::

        Var = sum_h n_h * s_h^2 / n^2

    where ``s_h^2`` is the ddof=1 variance of the scores in stratum ``h`` and ``n_h`` its
    number of items. The overall mean is the plain item mean (strata weighted by size).

    Parameters
    ----------
    scores
        Per-item scores, 1-D or 2-D (models x items).
    strata
        One stratum id per item, in the order of the items; every stratum needs at least
        two items.
    confidence
        Coverage of the two-sided normal interval.

    Returns
    -------
    pandas.DataFrame
        One row per model with ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n``, ``n_strata``.

    Notes
    -----
    Stratified SEs are never larger than the ordinary SE by more than a factor close to 1
    and can be much smaller when strata differ in mean. They are correct only if the
    strata sizes were fixed by design; if strata were themselves sampled, use
    :func:`clustered_se` instead.
    """
    matrix = as_score_matrix(scores)
    z = normal_quantile(confidence)
    codes, n_strata = as_cluster_codes(strata, matrix.n_items, name="strata")
    sizes = np.bincount(codes, minlength=n_strata)
    if (sizes < 2).any():
        small = int(np.flatnonzero(sizes < 2)[0])
        raise ValueError(
            f"every stratum needs at least 2 items to estimate its variance; stratum number "
            f"{small} (in sorted id order) has {int(sizes[small])}. Merge small strata first"
        )
    values = matrix.values
    n = values.shape[1]
    # ddof=1 variance per stratum from sums and sums of squares (of centred data, for accuracy).
    mean = values.mean(axis=1)
    centred = values - mean[:, None]
    sums_c, squares_c = np.split(
        cluster_sums(np.concatenate([centred, centred**2]), codes, n_strata), 2
    )
    within = (squares_c - sums_c**2 / sizes) / (sizes - 1)
    se = np.sqrt(np.maximum((sizes * within).sum(axis=1), 0.0)) / n
    return interval_frame(
        matrix,
        {"mean": mean, "se": se, "ci_low": mean - z * se, "ci_high": mean + z * se, "n": n, "n_strata": n_strata},
    )
