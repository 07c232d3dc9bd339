"""Intervals and p-values from bootstrap replicates: percentile and BCa, one model or paired
differences.

:func:`analysis.stats.bootstrap_mean` and :func:`analysis.stats.cluster_bootstrap_mean`
draw one item (or cluster) resampling shared by every model, so the difference of two
columns of their replicates is a bootstrap replicate of the paired difference. This
module turns replicates into intervals and p-values; :func:`analysis.stats.pairwise_comparisons`
with ``test="bootstrap"`` does it for every pair of models at once.

The BCa interval (Efron 1987; Efron & Tibshirani 1993, ch. 14) moves the percentile
levels by a bias correction ``z0`` (from the share of replicates below the estimate) and
an acceleration ``a`` (from the jackknife). For a mean of items the jackknife has a closed
form, so nothing here loops over items, clusters or replicates.
:func:`studentized_bootstrap` (bootstrap-t) draws its own replicates, since it needs
each replicate's standard error as well as its mean.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from ._frames import interval_frame
from ._validation import (
    DegenerateIntervalWarning,
    as_cluster_codes,
    as_score_matrix,
    check_confidence,
    item_values,
)
from .clustered import cluster_sums

__all__ = ["bootstrap_interval", "jackknife_acceleration"]

Method = Literal["percentile", "bca"]

# Columns of paired replicates handled at once (bounds memory for many pairs).
_PAIR_BLOCK = 256
# Replicates drawn at once by the studentized bootstrap (bounds the counts matrix).
_REPLICATE_BLOCK = 256
# |t*| beyond this is treated as infinite (a replicate with standard error 0).
_T_CAP = 1e15


def _clusters(clusters: Any, matrix: Any) -> np.ndarray | None:
    """Cluster ids in item order: aligned on item labels (Series), a column of a response
    matrix's item metadata (str), or by position."""
    return None if clusters is None else item_values(clusters, matrix, name="clusters")


def _check_method(method: str) -> str:
    key = str(method).lower()
    if key not in ("percentile", "bca"):
        raise ValueError(f"method must be 'percentile' or 'bca'; got {method!r}")
    return key


def _influence(values: np.ndarray, clusters: Any) -> np.ndarray:
    """Jackknife influence values ``U`` (rows x units) of the mean of each row.

    ``U_j = mean_k(theta_(k)) - theta_(j)``, up to a positive factor common to all units,
    where ``theta_(j)`` is the estimate without unit ``j``. For the item mean (units =
    items) this is ``s_j - mean`` divided by ``n - 1``; for the cluster ratio estimator
    (units = clusters) ``theta_(c) = (T - T_c) / (n - n_c)``. The factor cancels in the
    acceleration, so it is dropped.
    """
    if clusters is None:
        return values - values.mean(axis=1, keepdims=True)
    codes, n_clusters = as_cluster_codes(clusters, values.shape[1])
    sizes = np.bincount(codes, minlength=n_clusters).astype(np.float64)
    totals = values.sum(axis=1, keepdims=True)
    left_out = (totals - cluster_sums(values, codes, n_clusters)) / (values.shape[1] - sizes)
    return left_out.mean(axis=1, keepdims=True) - left_out


def _acceleration(second: np.ndarray, third: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """``a = sum U^3 / (6 (sum U^2)^(3/2))``; 0 when ``sum U^2`` is (numerically) zero."""
    zero = second <= 1e-12 * np.maximum(scale, np.finfo(float).tiny)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(zero, 0.0, third / (6 * np.where(zero, 1.0, second) ** 1.5))


def _row_acceleration(influence: np.ndarray) -> np.ndarray:
    second = np.square(influence).sum(axis=1)
    return _acceleration(second, (influence**3).sum(axis=1), second)


def _pair_acceleration(influence: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Acceleration of every difference ``row ia - row ib`` without forming the differences.

    The influence values of a difference are the differences of influence values, so
    ``sum (U_a - U_b)^2`` and ``sum (U_a - U_b)^3`` expand into row moments and two
    (rows x rows) matrix products.
    """
    squares = np.square(influence)
    second_rows = squares.sum(axis=1)
    third_rows = (squares * influence).sum(axis=1)
    gram = influence @ influence.T
    mixed = squares @ influence.T  # mixed[a, b] = sum U_a^2 U_b
    second = second_rows[ia] - 2 * gram[ia, ib] + second_rows[ib]
    third = third_rows[ia] - 3 * mixed[ia, ib] + 3 * mixed[ib, ia] - third_rows[ib]
    return _acceleration(second, third, second_rows[ia] + second_rows[ib])


def _quantiles_sorted(ordered: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Linear-interpolation quantiles (numpy's default) of each column of a sorted array,
    each column at its own level; NaN levels give NaN."""
    b = ordered.shape[0]
    valid = np.isfinite(levels)
    position = np.where(valid, np.clip(levels, 0, 1), 0.0) * (b - 1)
    low = np.minimum(np.floor(position).astype(np.intp), b - 2 if b > 1 else 0)
    high = np.minimum(low + 1, b - 1)
    below = np.take_along_axis(ordered, low[np.newaxis, :], axis=0)[0]
    above = np.take_along_axis(ordered, high[np.newaxis, :], axis=0)[0]
    return np.where(valid, below + (position - low) * (above - below), np.nan)


def _share_below(replicates: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Mid-rank share of replicates below ``value``: ``(#(< v) + #(<= v)) / 2B``."""
    return ((replicates < value).sum(axis=0) + (replicates <= value).sum(axis=0)) / (
        2 * replicates.shape[0]
    )


def _interval_block(
    estimate: np.ndarray,
    replicates: np.ndarray,
    acceleration: np.ndarray,
    method: str,
    confidence: float,
    null: float,
) -> dict[str, np.ndarray]:
    """SE, interval, z0 and p-value for each column of ``replicates`` (B x k)."""
    alpha = 1 - confidence
    z_low, z_high = ndtri(alpha / 2), ndtri(1 - alpha / 2)
    if method == "bca":
        with np.errstate(divide="ignore"):
            z0 = ndtri(_share_below(replicates, estimate))
        a = acceleration
    else:
        z0 = np.zeros_like(estimate)
        a = np.zeros_like(estimate)
    with np.errstate(invalid="ignore", divide="ignore"):
        levels = [ndtr(z0 + (z0 + z) / (1 - a * (z0 + z))) for z in (z_low, z_high)]
    ordered = np.sort(replicates, axis=0)
    low, high = (_quantiles_sorted(ordered, level) for level in levels)
    # p-value: the smallest alpha at which the (same-method) interval excludes `null`.
    share = _share_below(replicates, np.full_like(estimate, null))
    with np.errstate(invalid="ignore", divide="ignore"):
        v = ndtri(share) - z0
        z = v / (1 + a * v) - z0
        tail = ndtr(z)
    p_value = np.where((share <= 0) | (share >= 1), 0.0, 2 * np.minimum(tail, 1 - tail))
    p_value = np.where(np.isfinite(z0) & np.isfinite(p_value), np.clip(p_value, 0, 1), np.nan)
    return {"se": replicates.std(axis=0, ddof=1), "ci_low": low, "ci_high": high,
            "p_value": p_value, "bias_correction": z0, "acceleration": acceleration}


def _warn_if_degenerate(result: dict[str, np.ndarray]) -> None:
    if np.isnan(result["ci_low"]).any() or np.isnan(result["ci_high"]).any():
        warnings.warn(
            "the BCa interval is undefined for some rows (the estimate lies outside the "
            "range of its bootstrap replicates); they are NaN. Use method='percentile' or "
            "more replicates",
            DegenerateIntervalWarning,
            stacklevel=3,
        )


def _check_replicates(replicates: Any, n_rows: int) -> np.ndarray:
    reps = np.asarray(replicates, dtype=np.float64)
    if reps.ndim == 1:
        reps = reps[:, np.newaxis]
    if reps.ndim != 2 or reps.shape[1] != n_rows:
        raise ValueError(
            f"replicates must be an (n_resamples, models) array with one column per row of "
            f"the scores ({n_rows}); got shape {reps.shape}. Pass the array returned by "
            "bootstrap_mean(..., return_replicates=True) for the same scores"
        )
    if reps.shape[0] < 2:
        raise ValueError(f"need at least 2 bootstrap replicates; got {reps.shape[0]}")
    if not np.isfinite(reps).all():
        raise ValueError("replicates contain NaN or infinite values")
    return reps


def _signed_scores(scores: Any, bounded: bool) -> Any:
    """Scores or per-item differences of scores: values in [-1, 1] unless ``bounded=False``.

    Differences of unsigned-integer 0/1 columns wrap around (``0 - 1 == 255`` for uint8):
    the error names that mistake instead of returning a silently wrong interval.
    """
    matrix = as_score_matrix(scores)
    if bounded and matrix.values.size and np.abs(matrix.values).max() > 1:
        largest = float(np.abs(matrix.values).max())
        hint = (" They look like a difference of unsigned integers that wrapped around "
                "(0 - 1 = 255 for uint8): convert the scores with .astype(float) before "
                "subtracting." if largest in (255.0, 65535.0) else
                " Percentages? Divide by 100.")
        raise ValueError(
            f"scores must be fractions in [0, 1], or differences of them in [-1, 1]; the "
            f"largest absolute value is {largest:g}.{hint} Pass bounded=False for other "
            "unbounded scores")
    return matrix


def jackknife_acceleration(scores: Any, *, clusters: Any = None, bounded: bool = True) -> np.ndarray:
    """BCa acceleration of the mean score, from the jackknife, one value per model.

    With jackknife estimates ``theta_(j)`` (the mean without unit ``j``) and
    ``U_j = mean(theta_(.)) - theta_(j)`` (Efron & Tibshirani 1993, eq. 14.15)::

        a = sum_j U_j^3 / (6 * (sum_j U_j^2)^(3/2))

    For the mean of independent items (units = items) ``U_j`` is proportional to
    ``s_j - mean``, so ``a`` is a sixth of the skewness of the scores divided by
    ``sqrt(n)``. With ``clusters`` the units are clusters and the estimate is the
    cluster bootstrap's ratio ``sum of scores / number of items``.

    Parameters
    ----------
    scores
        Per-item scores, 1-D or 2-D (models x items); for a paired difference pass the
        per-item differences.
    clusters
        Optional cluster id per item (leave-one-cluster-out jackknife): a Series aligned
        on the item labels, a column name of a response matrix's item metadata, or a
        sequence in item order.
    bounded
        Require values in [-1, 1] (scores in [0, 1] or differences of them; the default).
        ``False`` for other unbounded scores.

    Returns
    -------
    numpy.ndarray
        One acceleration per row (0 for a constant row). Dimensionless.

    Examples
    --------
    >>> float(jackknife_acceleration([0, 0, 0, 1]).round(4)[0])
    0.0962
    """
    matrix = _signed_scores(scores, bounded)
    return _row_acceleration(_influence(matrix.values, _clusters(clusters, matrix)))


def bootstrap_interval(
    scores: Any,
    replicates: Any,
    *,
    clusters: Any = None,
    method: Method = "bca",
    confidence: float = 0.95,
    null: float = 0.0,
    bounded: bool = True,
) -> pd.DataFrame:
    """Percentile or BCa interval and bootstrap p-value from replicates of the mean score.

    With ``B`` replicates ``t*`` of the estimate ``t`` (the mean of each row)::

        percentile:  [Q(alpha/2), Q(1 - alpha/2)]
        BCa:         [Q(l), Q(u)],  l, u = Phi(z0 + (z0 + z) / (1 - a (z0 + z))),
                     z = z_{alpha/2}, z_{1-alpha/2};
                     z0 = Phi^-1(share of t* below t),  a = jackknife acceleration

    where ``Q`` is the replicates' quantile function (linear interpolation). This is
    :func:`scipy.stats.bootstrap` with ``method="percentile"`` / ``"BCa"`` applied to the
    given replicates. The p-value for "mean = null" inverts the same interval: the smallest
    ``alpha`` at which it excludes ``null`` (for the percentile method,
    ``2 * min(share of t* below null, share above)``).

    Parameters
    ----------
    scores
        The per-item scores the replicates were drawn from: 1-D or 2-D (models x items).
        For a paired difference pass the per-item differences ``a - b`` and the
        difference of the two models' replicate columns. Positional: row ``j`` of the
        scores goes with column ``j`` of the replicates.
    replicates
        ``(n_resamples, models)`` replicate means (1-D for one model), e.g. from
        :func:`analysis.stats.bootstrap_mean` with ``return_replicates=True``.
    clusters
        The cluster ids used by :func:`analysis.stats.cluster_bootstrap_mean`, when the
        replicates come from it (the acceleration then leaves out clusters, not items);
        aligned on item labels as in :func:`jackknife_acceleration`.
    method
        ``"bca"`` (default) or ``"percentile"``.
    confidence
        Coverage of the two-sided interval.
    null
        Value tested by ``p_value`` (0: "no difference" for difference scores).
    bounded
        Require values in [-1, 1] (scores in [0, 1] or differences of them; the default).
        ``False`` for other unbounded scores.

    Returns
    -------
    pandas.DataFrame
        One row per model (index ``model``): ``mean``, ``se`` (sd of the replicates),
        ``ci_low``, ``ci_high``, ``p_value``, ``bias_correction`` (``z0``; 0 for the
        percentile method), ``acceleration`` (``a``), ``n_resamples``. In the units of the
        scores (accuracy as a fraction for 0/1 scores).

    Notes
    -----
    BCa corrects the percentile interval's bias and skewness errors to second order
    (coverage error O(1/n) instead of O(1/sqrt(n))); it needs many replicates (several
    thousand: ``z0`` and the tail quantiles are noisy) and is undefined when the estimate
    lies outside the replicates (a warning is raised and the row is NaN). The p-value
    cannot resolve values below about ``1 / n_resamples``: a reported 0 means "smaller
    than that". Replicates equal to ``null`` (common for 0/1 scores on few items) count
    half below and half above, so at the boundary the p-value and the interval can
    disagree by such ties. For a handful of items no bootstrap interval is reliable; for small paired
    binary samples use :func:`analysis.stats.mcnemar_test`.

    Examples
    --------
    >>> scores = np.r_[np.ones(70), np.zeros(30)]
    >>> from analysis.stats import bootstrap_mean
    >>> frame, reps = bootstrap_mean(scores, rng=np.random.default_rng(1), n_resamples=2000,
    ...                              return_replicates=True)
    >>> out = bootstrap_interval(scores, reps)
    >>> bool(out["ci_low"].iloc[0] < 0.7 < out["ci_high"].iloc[0])
    True
    """
    matrix = _signed_scores(scores, bounded)
    level = check_confidence(confidence)
    key = _check_method(method)
    reps = _check_replicates(replicates, matrix.values.shape[0])
    estimate = matrix.values.mean(axis=1)
    acceleration = _row_acceleration(_influence(matrix.values, _clusters(clusters, matrix)))
    result = _interval_block(estimate, reps, acceleration, key, level, float(null))
    if key == "bca":
        _warn_if_degenerate(result)
    return interval_frame(matrix, {"mean": estimate} | result | {"n_resamples": reps.shape[0]})


def _paired_bootstrap(
    values: np.ndarray,
    replicates: np.ndarray,
    ia: np.ndarray,
    ib: np.ndarray,
    *,
    clusters: Any,
    method: str,
    confidence: float,
) -> dict[str, np.ndarray]:
    """Bootstrap difference, SE, interval and p-value of ``row ia - row ib`` for index
    arrays ``ia``, ``ib`` (internal; used by :func:`analysis.stats.pairwise_comparisons`).

    The replicate columns of every pair are differenced in blocks of pairs, so memory stays
    bounded by ``n_resamples x _PAIR_BLOCK`` whatever the number of pairs.
    """
    key = _check_method(method)
    means = values.mean(axis=1)
    acceleration = _pair_acceleration(_influence(values, clusters), ia, ib)
    parts: list[dict[str, np.ndarray]] = []
    for start in range(0, len(ia), _PAIR_BLOCK):
        block = slice(start, start + _PAIR_BLOCK)
        estimate = means[ia[block]] - means[ib[block]]
        diff = replicates[:, ia[block]] - replicates[:, ib[block]]
        parts.append(_interval_block(estimate, diff, acceleration[block], key, confidence, 0.0))
    result = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]} if parts else {}
    if key == "bca" and parts:
        _warn_if_degenerate(result)
    return result
