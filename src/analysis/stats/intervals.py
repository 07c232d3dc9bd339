"""Error bars on a mean score: the central-limit interval and exact binomial bounds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from ._frames import interval_frame
from ._validation import as_score_matrix, check_confidence

__all__ = ["mean_se", "clopper_pearson", "zero_failure_upper_bound", "normal_quantile", "proportion_se", "clopper_pearson_scores"]


def normal_quantile(confidence: float) -> float:
    """Two-sided standard-normal critical value, e.g. 1.95996... for ``confidence=0.95``."""
    return float(sps.norm.ppf(0.5 + check_confidence(confidence) / 2))


def mean_se(scores: Any, *, confidence: float = 0.95) -> pd.DataFrame:
    """Mean score with its central-limit standard error and normal confidence interval.

    Treats the items as an independent random sample from a super-population of possible
    items (Miller 2024, eqs. 1-2)::

        SE = sqrt( sum_i (s_i - mean)^2 / (n - 1) ) / sqrt(n)
        CI = mean +/- z_{(1+confidence)/2} * SE

    Parameters
    ----------
    scores
        Per-item scores: 1-D (one model) or 2-D (rows = models, columns = items), as an
        array, :class:`pandas.Series` or :class:`pandas.DataFrame`. Scores need not be
        binary; every model must be scored on every item (no NaN).
    confidence
        Coverage of the two-sided interval, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per model (index ``model``: the DataFrame's index, the Series' name, or
        0..m-1) with columns ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n`` (items).

    Notes
    -----
    For binary scores the SE is ``sqrt(p(1-p)/(n-1))``, which differs from the textbook
    ``sqrt(p(1-p)/n)`` only by the factor ``sqrt(n/(n-1))``. The normal interval can
    cross 0 or 1 and undercovers when the mean is near a bound or ``n`` is small (say,
    fewer than about 30 successes or failures): use :func:`clopper_pearson` there. Items
    that come in groups (passages, tasks, classes) are not independent; use
    :func:`analysis.stats.clustered_se`.

    Examples
    --------
    >>> mean_se([1, 0, 1, 1])[["mean", "n"]].iloc[0].tolist()
    [0.75, 4.0]
    """
    matrix = as_score_matrix(scores)
    z = normal_quantile(confidence)
    values = matrix.values
    n = values.shape[1]
    mean = values.mean(axis=1)
    se = values.std(axis=1, ddof=1) / np.sqrt(n)
    return interval_frame(
        matrix, {"mean": mean, "se": se, "ci_low": mean - z * se, "ci_high": mean + z * se, "n": n}
    )


def _as_counts(values: Any, name: str) -> np.ndarray:
    array = np.atleast_1d(np.asarray(values))
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty integer or 1-D array of integers; got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.complexfloating):
        raise ValueError(f"{name} must be integer counts; got dtype {array.dtype}")
    if np.isnan(array.astype(np.float64)).any() or (array != np.round(array)).any():
        raise ValueError(f"{name} must be whole numbers (counts); got {array[:5].tolist()}")
    return array.astype(np.int64)


def clopper_pearson(successes: Any, trials: Any, *, confidence: float = 0.95) -> pd.DataFrame:
    """Exact (Clopper-Pearson 1934) binomial confidence interval for a success rate.

    The bounds invert two one-sided binomial tests, written with the beta distribution::

        low  = Beta^{-1}(a/2;     k,     n - k + 1)   (0 when k = 0)
        high = Beta^{-1}(1 - a/2; k + 1, n - k)       (1 when k = n)

    with ``a = 1 - confidence``.

    Parameters
    ----------
    successes, trials
        Numbers of correct items ``k`` and of items ``n`` (scalars or equal-length 1-D
        arrays), with ``0 <= k <= n`` and ``n >= 1``.
    confidence
        Coverage of the two-sided interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``successes``, ``trials``, ``mean`` (= k/n), ``ci_low``, ``ci_high``.

    Notes
    -----
    The interval guarantees at least the nominal coverage for every true rate, so it is
    conservative (wider than needed on average). It assumes independent items; it does not
    account for clustering.

    Examples
    --------
    >>> clopper_pearson(0, 10)[["ci_low", "ci_high"]].round(4).iloc[0].tolist()
    [0.0, 0.3085]
    """
    alpha = 1 - check_confidence(confidence)
    k = _as_counts(successes, "successes")
    n = _as_counts(trials, "trials")
    if k.shape != n.shape:
        if n.size == 1:
            n = np.broadcast_to(n, k.shape)
        elif k.size == 1:
            k = np.broadcast_to(k, n.shape)
        else:
            raise ValueError(f"successes ({k.size}) and trials ({n.size}) must have the same length")
    if (n < 1).any():
        raise ValueError(f"trials must be at least 1; got {n[n < 1][:5].tolist()}")
    if ((k < 0) | (k > n)).any():
        raise ValueError("successes must lie between 0 and trials (0 <= k <= n)")
    with np.errstate(invalid="ignore"):
        low = np.where(k == 0, 0.0, sps.beta.ppf(alpha / 2, np.maximum(k, 1), n - k + 1))
        high = np.where(k == n, 1.0, sps.beta.ppf(1 - alpha / 2, k + 1, np.maximum(n - k, 1)))
    return pd.DataFrame({"successes": k, "trials": n, "mean": k / n, "ci_low": low, "ci_high": high})


def zero_failure_upper_bound(n: Any, *, confidence: float = 0.95) -> np.ndarray | float:
    """Exact one-sided upper bound on a failure rate after ``n`` trials with no failure.

    Solves ``(1 - p)^n = 1 - confidence`` for ``p``: ``p = 1 - (1 - confidence)^(1/n)``.
    For 95% confidence this is close to the "rule of three" ``3/n`` when ``n`` is large
    (``-ln 0.05 = 2.996``), and smaller than it for small ``n``.

    Parameters
    ----------
    n
        Number of independent trials (scalar or array), each at least 1.
    confidence
        One-sided confidence level.

    Returns
    -------
    float or numpy.ndarray
        The upper bound(s), same shape as ``n``.

    Examples
    --------
    >>> round(zero_failure_upper_bound(100), 5)
    0.02951
    """
    level = check_confidence(confidence)
    trials = np.asarray(n, dtype=np.float64)
    if np.isnan(trials).any() or (trials < 1).any():
        raise ValueError(f"n must be at least 1 trial; got {n!r}")
    bound = 1 - (1 - level) ** (1 / trials)
    return float(bound) if bound.ndim == 0 else bound


def proportion_se(accuracy: Any, n: Any) -> np.ndarray | float:
    """Standard error of an accuracy known only as a summary: ``sqrt(p (1 - p) / n)``.

    Use it for published accuracies without per-item results. It is the ddof=0 version of
    :func:`mean_se` for binary scores, and it allows only unpaired comparisons.

    Parameters
    ----------
    accuracy
        Fraction(s) correct in ``[0, 1]``.
    n
        Number(s) of items, at least 1; broadcasts against ``accuracy``.

    Examples
    --------
    >>> round(proportion_se(0.9, 2000), 5)
    0.00671
    """
    p = np.asarray(accuracy, dtype=np.float64)
    items = np.asarray(n, dtype=np.float64)
    if np.isnan(p).any() or ((p < 0) | (p > 1)).any():
        raise ValueError(f"accuracy must be a fraction in [0, 1] (not a percentage); got {accuracy!r}")
    if np.isnan(items).any() or (items < 1).any():
        raise ValueError(f"n must be at least 1 item; got {n!r}")
    se = np.sqrt(p * (1 - p) / items)
    return float(se) if se.ndim == 0 else se


def clopper_pearson_scores(scores: Any, *, confidence: float = 0.95) -> pd.DataFrame:
    """Exact Clopper-Pearson interval from per-item 0/1 scores, one row per model.

    Counts the correct items of each row and calls :func:`clopper_pearson`. Scores must be
    binary: a partial-credit score has no binomial distribution (use :func:`mean_se` or the
    bootstrap for those).

    Returns
    -------
    pandas.DataFrame
        Index ``model``; columns ``mean``, ``ci_low``, ``ci_high``, ``n``.

    Examples
    --------
    >>> clopper_pearson_scores([1, 1, 1, 1, 0])["ci_low"].round(4).item()
    0.2836
    """
    matrix = as_score_matrix(scores, binary=True, min_items=1)
    n = matrix.n_items
    exact = clopper_pearson(matrix.values.sum(axis=1).astype(np.int64), n, confidence=confidence)
    return interval_frame(
        matrix,
        {"mean": exact["mean"].to_numpy(), "ci_low": exact["ci_low"].to_numpy(),
         "ci_high": exact["ci_high"].to_numpy(), "n": n},
    )
