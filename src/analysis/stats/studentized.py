"""The studentized (bootstrap-t) interval: each replicate divided by its own standard error."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._frames import interval_frame
from ._validation import as_cluster_codes, check_confidence, check_rng
from .bootstrap import resample_counts
from .clustered import cluster_sums
from .resampling import (
    _REPLICATE_BLOCK,
    _T_CAP,
    _clusters,
    _share_below,
    _signed_scores,
)

__all__ = ["studentized_bootstrap"]


def _studentized_replicates(
    values: np.ndarray, clusters: Any, rng: np.random.Generator, n_resamples: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Replicate means and replicate standard errors (n_resamples x rows), and the
    original SEs (rows), from one shared resampling of items (or clusters).

    The SE formula is the same for the sample and every replicate (ddof=1 over items, or
    the uncorrected clustered SE), so constant factors cancel in ``t*``.
    """
    n = values.shape[1]
    means = values.mean(axis=1)
    if clusters is None:
        se = values.std(axis=1, ddof=1) / np.sqrt(n)
        first, second = values.T, np.square(values).T  # items x rows
        units = n
    else:
        codes, units = as_cluster_codes(clusters, n)
        sums = cluster_sums(values, codes, units)  # rows x clusters
        sizes = np.bincount(codes, minlength=units).astype(np.float64)
        se = np.sqrt(np.square(sums - means[:, None] * sizes).sum(axis=1)) / n
        first, second, cross = sums.T, np.square(sums).T, (sums * sizes).T
    replicate_means, replicate_se = [], []
    for start in range(0, n_resamples, _REPLICATE_BLOCK):  # blocks, not single replicates
        counts = resample_counts(rng, min(_REPLICATE_BLOCK, n_resamples - start), units, np.float64)
        if clusters is None:
            mean = counts @ first / n
            variance = (counts @ second / n - mean**2) * n / (n - 1)
            replicate_se.append(np.sqrt(np.maximum(variance, 0.0) / n))
        else:
            total = (counts @ sizes)[:, None]
            mean = counts @ first / total
            squares = counts @ second - 2 * mean * (counts @ cross) + mean**2 * (counts @ sizes**2)[:, None]
            replicate_se.append(np.sqrt(np.maximum(squares, 0.0)) / total)
        replicate_means.append(mean)
    return np.concatenate(replicate_means), np.concatenate(replicate_se), se


def studentized_bootstrap(
    scores: Any,
    *,
    rng: np.random.Generator,
    n_resamples: int = 10_000,
    clusters: Any = None,
    confidence: float = 0.95,
    null: float = 0.0,
    bounded: bool = True,
) -> pd.DataFrame:
    """Bootstrap-t (studentized) interval and p-value for the mean score of each row.

    Each replicate ``b`` studentizes its mean by its own standard error,
    ``t*_b = (mean*_b - mean) / se*_b``, and the interval reads the quantiles of ``t*``
    off the original standard error (Efron & Tibshirani 1993, ch. 12.5;
    Davison & Hinkley 1997, eq. 5.7)::

        [mean - Q_t*(1 - alpha/2) * se,  mean - Q_t*(alpha/2) * se]

    The p-value for "mean = null" inverts it: ``t = (mean - null) / se`` and
    ``p = 2 * min(share of t* below t, share above)``. All rows share one resampling of
    items (or of clusters), so for difference scores the bootstrap is paired.

    Parameters
    ----------
    scores
        Per-item scores, 1-D or 2-D (models x items); for a paired difference pass the
        per-item differences ``a - b`` (rows are independent analyses that share the
        resampling). No scale check: differences are legitimately negative.
    rng
        A seeded :class:`numpy.random.Generator`; replicates are drawn from it in blocks of
        256 with :func:`analysis.stats.resample_counts`.
    n_resamples
        Number of bootstrap replicates.
    clusters
        Optional cluster id per item (a Series aligned on the item labels, a column name
        of a response matrix's item metadata, or a sequence in item order): resample whole
        clusters, and studentize with the clustered SE (CR0; the factor cancels).
    confidence
        Coverage of the two-sided interval.
    null
        Value tested by ``p_value``.
    bounded
        Require values in [-1, 1] (scores in [0, 1] or differences of them; the default).
        ``False`` for other unbounded scores.

    Returns
    -------
    pandas.DataFrame
        One row per model (index ``model``): ``mean``, ``se`` (analytic: ddof=1, or CR0
        with clusters), ``ci_low``, ``ci_high``, ``p_value``, ``se_bootstrap`` (sd of the
        replicate means), ``n_resamples``. In the units of the scores.

    Notes
    -----
    The bootstrap-t is second-order accurate like BCa and often better for skewed
    scores, but it can be erratic when the standard error is poorly estimated: 0/1
    scores on few items produce replicates whose SE is 0 (all drawn items equal), whose
    ``t*`` is infinite; if more than ``alpha/2`` of them fall in a tail, that end of the
    interval is infinite. With few clusters (below about 30) it inherits the clustered
    SE's instability. Prefer :func:`bootstrap_interval` (BCa) as the default.

    Examples
    --------
    >>> scores = np.r_[np.ones(70), np.zeros(30)]
    >>> out = studentized_bootstrap(scores, rng=np.random.default_rng(0), n_resamples=2000)
    >>> bool(out["ci_low"].iloc[0] < 0.7 < out["ci_high"].iloc[0])
    True
    """
    matrix = _signed_scores(scores, bounded)
    level = check_confidence(confidence)
    check_rng(rng)
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int | np.integer) or n_resamples < 2:
        raise ValueError(f"n_resamples must be an integer >= 2 (typically 10_000); got {n_resamples!r}")
    values = matrix.values
    means = values.mean(axis=1)
    replicate_means, replicate_se, se = _studentized_replicates(
        values, _clusters(clusters, matrix), rng, int(n_resamples))
    t_star = _ratio(replicate_means - means, replicate_se)
    alpha = 1 - level
    upper_t, lower_t = np.quantile(np.clip(t_star, -_T_CAP, _T_CAP), [1 - alpha / 2, alpha / 2], axis=0)
    upper_t, lower_t = (np.where(np.abs(q) >= _T_CAP, np.copysign(np.inf, q), q)
                        for q in (upper_t, lower_t))
    with np.errstate(invalid="ignore"):
        low = np.where(np.isinf(upper_t), np.copysign(np.inf, -upper_t), means - upper_t * se)
        high = np.where(np.isinf(lower_t), np.copysign(np.inf, -lower_t), means - lower_t * se)
    observed = _ratio(means - float(null), se)
    share = _share_below(t_star, observed)
    p_value = np.clip(2 * np.minimum(share, 1 - share), 0.0, 1.0)
    return interval_frame(
        matrix,
        {"mean": means, "se": se, "ci_low": low, "ci_high": high, "p_value": p_value,
         "se_bootstrap": replicate_means.std(axis=0, ddof=1), "n_resamples": int(n_resamples)},
    )


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """``numerator / denominator`` with 0/0 = 0 and x/0 = +-inf."""
    with np.errstate(invalid="ignore", divide="ignore"):
        safe = np.where(denominator > 0, denominator, 1.0)
        return np.where(denominator > 0, numerator / safe,
                        np.where(numerator == 0, 0.0, np.sign(numerator) * np.inf))
