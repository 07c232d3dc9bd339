"""Error bars on a mean score: the central-limit (normal or t) interval, and the Wilson,
Agresti-Coull and exact Clopper-Pearson intervals for proportions.

Scores are models x items (1-D = one model); scores are fractions in ``[0, 1]`` unless
``bounded=False``. See :mod:`analysis.stats` for the shared conventions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from ._frames import interval_frame
from ._validation import (
    ScoreMatrix,
    as_score_matrix,
    check_confidence,
    check_whole,
    warn_if_degenerate,
)

__all__ = [
    "mean_se",
    "clopper_pearson",
    "clopper_pearson_scores",
    "wilson",
    "wilson_scores",
    "agresti_coull",
    "zero_failure_upper_bound",
    "normal_quantile",
    "critical_value",
    "proportion_se",
]


def normal_quantile(q: float) -> float:
    """The ``q``-quantile ``z_q`` of the standard normal distribution.

    This is the notation page's ``z_q``: ``normal_quantile(0.975)`` is 1.95996...,
    ``normal_quantile(0.8)`` is 0.8416. For the two-sided critical value of a confidence
    level use :func:`critical_value`.

    Parameters
    ----------
    q
        Probability strictly between 0 and 1.

    Examples
    --------
    >>> round(normal_quantile(0.975), 4)
    1.96
    """
    return float(sps.norm.ppf(check_confidence_like(q, "q")))


def critical_value(confidence: float) -> float:
    """Two-sided standard-normal critical value ``z_{(1+confidence)/2}`` of a confidence level.

    ``critical_value(0.95)`` is 1.95996...: a 95% normal interval is mean +/- 1.96 SE, and a
    two-sided test at level 5% rejects when ``|estimate / SE| > 1.96``.

    Parameters
    ----------
    confidence
        Coverage of the two-sided interval, strictly between 0 and 1.

    Examples
    --------
    >>> round(critical_value(0.95), 4)
    1.96
    """
    return float(sps.norm.ppf(0.5 + check_confidence(confidence) / 2))


def check_confidence_like(value: Any, name: str) -> float:
    try:
        return check_confidence(value)
    except (TypeError, ValueError) as exc:
        raise type(exc)(str(exc).replace("confidence", name, 1)) from None


def _critical(confidence: float, method: str, df: Any) -> Any:
    level = check_confidence(confidence)
    if method == "normal":
        return sps.norm.ppf(0.5 + level / 2)
    if method == "t":
        return sps.t.ppf(0.5 + level / 2, df)
    raise ValueError(f"method must be 'normal' or 't'; got {method!r}")


def mean_se(
    scores: Any,
    *,
    confidence: float = 0.95,
    method: str = "normal",
    missing: str = "raise",
    bounded: bool = True,
) -> pd.DataFrame:
    """Mean score with its central-limit standard error and a normal (or t) interval.

    Treats the items as an independent random sample from a super-population of possible
    items (Miller 2024, eqs. 1-2)::

        SE = sqrt( sum_i (s_i - mean)^2 / (n - 1) ) / sqrt(n)
        CI = mean +/- z_{(1+confidence)/2} * SE          (method="normal", the default)
        CI = mean +/- t_{(1+confidence)/2, n-1} * SE     (method="t")

    Parameters
    ----------
    scores
        Per-item scores, models x items: 1-D (one model) or 2-D (rows = models, columns =
        items), as an array, :class:`pandas.Series`, :class:`pandas.DataFrame` or response
        matrix (``.scores``). Scores need not be binary. A plain 2-D array with more rows
        than columns triggers :class:`analysis.stats.OrientationWarning`.
    confidence
        Coverage of the two-sided interval, strictly between 0 and 1.
    method
        ``"normal"`` (default, as in Miller 2024) or ``"t"`` (Student t with ``n - 1``
        degrees of freedom; wider, better for small ``n`` of non-binary scores).
    missing
        ``"raise"`` (default): NaN is an error. ``"omit"``: NaN means "not scored"; each
        model's mean, SE and ``n`` use its own scored items.
    bounded
        Scores are fractions in ``[0, 1]`` (default); values outside raise an error that
        names the likely mistake (percentages). Pass ``False`` for unbounded scores.

    Returns
    -------
    pandas.DataFrame
        One row per model (index ``model``: the DataFrame's index, the Series' name, or
        0..m-1) with columns ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n`` (scored items).

    Warns
    -----
    DegenerateIntervalWarning
        When a model's scores are all equal (SE 0) or, for 0/1 scores, fewer than 10 items
        were right or wrong: the interval then undercovers badly (a model that got every
        item right gets the interval [1, 1]).

    Notes
    -----
    For binary scores the SE is ``sqrt(p(1-p)/(n-1))``, which differs from the textbook
    ``sqrt(p(1-p)/n)`` only by the factor ``sqrt(n/(n-1))``. The normal interval can
    cross 0 or 1 and undercovers when the mean is near a bound or ``n`` is small: use
    :func:`wilson_scores` or :func:`clopper_pearson_scores` there. Items that come in
    groups (passages, tasks, classes) are not independent; use
    :func:`analysis.stats.clustered_se`.

    Examples
    --------
    >>> mean_se([0.5, 1.0, 0.25, 1.0])[["mean", "n"]].iloc[0].tolist()
    [0.6875, 4.0]
    """
    matrix = as_score_matrix(scores, missing=missing, bounded=bounded, supports_omit=True)
    return _mean_se(matrix, confidence=confidence, method=method, warn=True)


def _mean_se(
    matrix: ScoreMatrix, *, confidence: float, method: str = "normal", warn: bool = False
) -> pd.DataFrame:
    values = matrix.values
    n = matrix.n_obs
    if matrix.has_missing:
        mean = np.nanmean(values, axis=1)
        sd = np.nanstd(values, axis=1, ddof=1)
    else:
        mean = values.mean(axis=1)
        sd = values.std(axis=1, ddof=1)
    se = sd / np.sqrt(n)
    crit = _critical(confidence, method, n - 1)
    if warn:
        warn_if_degenerate(matrix, se, stacklevel=4)
    return interval_frame(
        matrix, {"mean": mean, "se": se, "ci_low": mean - crit * se, "ci_high": mean + crit * se, "n": n}
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


def _counts(successes: Any, n: Any) -> tuple[np.ndarray, np.ndarray]:
    k = _as_counts(successes, "successes")
    trials = _as_counts(n, "n")
    if k.shape != trials.shape:
        if trials.size == 1:
            trials = np.broadcast_to(trials, k.shape)
        elif k.size == 1:
            k = np.broadcast_to(k, trials.shape)
        else:
            raise ValueError(f"successes ({k.size}) and n ({trials.size}) must have the same length")
    if (trials < 1).any():
        raise ValueError(f"n (trials) must be at least 1; got {trials[trials < 1][:5].tolist()}")
    if ((k < 0) | (k > trials)).any():
        raise ValueError("successes must lie between 0 and n (0 <= k <= n)")
    return k, trials


def _proportion_frame(k: np.ndarray, n: np.ndarray, low: np.ndarray, high: np.ndarray) -> pd.DataFrame:
    p = k / n
    return pd.DataFrame(
        {"mean": p, "se": np.sqrt(p * (1 - p) / n), "ci_low": low, "ci_high": high, "n": n, "successes": k}
    )


def clopper_pearson(successes: Any, n: Any, *, confidence: float = 0.95) -> pd.DataFrame:
    """Exact (Clopper-Pearson 1934) binomial confidence interval for a success rate.

    The bounds invert two one-sided binomial tests, written with the beta distribution::

        low  = Beta^{-1}(a/2;     k,     n - k + 1)   (0 when k = 0)
        high = Beta^{-1}(1 - a/2; k + 1, n - k)       (1 when k = n)

    with ``a = 1 - confidence``.

    Parameters
    ----------
    successes, n
        Numbers of correct items ``k`` and of items (trials) ``n``: scalars or equal-length
        1-D arrays (matched by position), with ``0 <= k <= n`` and ``n >= 1``.
    confidence
        Coverage of the two-sided interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``mean`` (= k/n), ``se`` (plug-in binomial SE ``sqrt(p(1-p)/n)``, for
        reference; the interval does not use it), ``ci_low``, ``ci_high``, ``n``,
        ``successes``.

    Notes
    -----
    The interval guarantees at least the nominal coverage for every true rate, so it is
    conservative (wider than needed on average; :func:`wilson` is closer to nominal). It
    assumes independent items; it does not account for clustering.

    Examples
    --------
    >>> clopper_pearson(0, 10)[["ci_low", "ci_high"]].round(4).iloc[0].tolist()
    [0.0, 0.3085]
    """
    alpha = 1 - check_confidence(confidence)
    k, trials = _counts(successes, n)
    with np.errstate(invalid="ignore"):
        low = np.where(k == 0, 0.0, sps.beta.ppf(alpha / 2, np.maximum(k, 1), trials - k + 1))
        high = np.where(k == trials, 1.0, sps.beta.ppf(1 - alpha / 2, k + 1, np.maximum(trials - k, 1)))
    return _proportion_frame(k, trials, low, high)


def wilson(successes: Any, n: Any, *, confidence: float = 0.95) -> pd.DataFrame:
    """Wilson (1927) score interval for a success rate, from counts.

    The set of rates ``p`` that a two-sided score test would not reject::

        centre     = (k + z^2/2) / (n + z^2)
        half-width = z / (n + z^2) * sqrt( k (n - k) / n + z^2 / 4 )

    with ``z = z_{(1+confidence)/2}``. Same as
    ``statsmodels.stats.proportion.proportion_confint(k, n, method="wilson")``.

    Parameters
    ----------
    successes, n
        Numbers of correct items ``k`` and of items ``n`` (scalars or equal-length 1-D
        arrays, matched by position), ``0 <= k <= n``, ``n >= 1``.
    confidence
        Coverage of the two-sided interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``mean`` (= k/n), ``se`` (plug-in ``sqrt(p(1-p)/n)``, for reference),
        ``ci_low``, ``ci_high``, ``n``, ``successes``.

    Notes
    -----
    Unlike the normal interval it never leaves ``[0, 1]`` and is not degenerate at
    ``k = 0`` or ``k = n``; its coverage stays close to nominal for small ``n`` (Brown,
    Cai & DasGupta 2001). It assumes independent items.

    Examples
    --------
    >>> wilson(10, 10)[["ci_low", "ci_high"]].round(4).iloc[0].tolist()
    [0.7225, 1.0]
    """
    z = critical_value(confidence)
    k, trials = _counts(successes, n)
    centre = (k + z**2 / 2) / (trials + z**2)
    half = z / (trials + z**2) * np.sqrt(k * (trials - k) / trials + z**2 / 4)
    # At k = 0 (k = n) the bound is exactly 0 (1); rounding would leave about 1e-17.
    low = np.where(k == 0, 0.0, np.clip(centre - half, 0, 1))
    high = np.where(k == trials, 1.0, np.clip(centre + half, 0, 1))
    return _proportion_frame(k, trials, low, high)


def agresti_coull(successes: Any, n: Any, *, confidence: float = 0.95) -> pd.DataFrame:
    """Agresti-Coull (1998) interval: the normal interval after adding ``z^2/2`` successes
    and ``z^2/2`` failures.

    ``n~ = n + z^2``, ``p~ = (k + z^2/2) / n~``, ``CI = p~ +/- z sqrt(p~ (1 - p~) / n~)``,
    clipped to ``[0, 1]``; same as statsmodels ``proportion_confint(method="agresti_coull")``.
    Parameters and result as in :func:`wilson` (``mean`` is still ``k/n``).

    Examples
    --------
    >>> agresti_coull(10, 10)["ci_low"].round(4).item()
    0.6791
    """
    z = critical_value(confidence)
    k, trials = _counts(successes, n)
    n_tilde = trials + z**2
    p_tilde = (k + z**2 / 2) / n_tilde
    half = z * np.sqrt(p_tilde * (1 - p_tilde) / n_tilde)
    return _proportion_frame(k, trials, np.clip(p_tilde - half, 0, 1), np.clip(p_tilde + half, 0, 1))


def _from_scores(scores: Any, interval, confidence: float, missing: str) -> pd.DataFrame:
    matrix = as_score_matrix(scores, binary=True, min_items=1, missing=missing, supports_omit=True)
    k = np.nansum(matrix.values, axis=1).astype(np.int64)
    out = interval(k, matrix.n_obs.astype(np.int64), confidence=confidence)
    return interval_frame(matrix, {c: out[c].to_numpy() for c in out.columns})


def clopper_pearson_scores(scores: Any, *, confidence: float = 0.95, missing: str = "raise") -> pd.DataFrame:
    """Exact Clopper-Pearson interval from per-item 0/1 scores, one row per model.

    Counts the correct items of each row (models x items) and calls
    :func:`clopper_pearson`. Scores must be binary: a partial-credit score has no binomial
    distribution (use :func:`mean_se` or the bootstrap for those). With
    ``missing="omit"``, NaN means "not scored" and each model's ``n`` counts its scored
    items.

    Returns
    -------
    pandas.DataFrame
        Index ``model``; columns ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n``,
        ``successes`` (as :func:`clopper_pearson`).

    Examples
    --------
    >>> clopper_pearson_scores([1, 1, 1, 1, 0])["ci_low"].round(4).item()
    0.2836
    """
    return _from_scores(scores, clopper_pearson, confidence, missing)


def wilson_scores(scores: Any, *, confidence: float = 0.95, missing: str = "raise") -> pd.DataFrame:
    """Wilson score interval from per-item 0/1 scores, one row per model.

    Counts the correct items of each row (models x items) and calls :func:`wilson`.
    The interval to use instead of :func:`mean_se` when accuracy is near 0 or 1 or ``n``
    is small. Scores must be binary; with ``missing="omit"``, NaN means "not scored".

    Returns
    -------
    pandas.DataFrame
        Index ``model``; columns ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n``,
        ``successes``.

    Examples
    --------
    >>> wilson_scores([1, 1, 1, 1, 1])["ci_low"].round(4).item()
    0.5655
    """
    return _from_scores(scores, wilson, confidence, missing)


def zero_failure_upper_bound(n: Any, *, confidence: float = 0.95) -> np.ndarray | float:
    """Exact one-sided upper bound on a failure rate after ``n`` trials with no failure.

    Solves ``(1 - p)^n = 1 - confidence`` for ``p``: ``p = 1 - (1 - confidence)^(1/n)``.
    For 95% confidence this is close to the "rule of three" ``3/n`` when ``n`` is large
    (``-ln 0.05 = 2.996``), and smaller than it for small ``n``.

    Parameters
    ----------
    n
        Number of independent trials (a whole number, scalar or array), each at least 1.
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
    trials = check_whole(n, "n")
    bound = 1 - (1 - level) ** (1 / trials)
    return float(bound) if bound.ndim == 0 else bound


def proportion_se(accuracy: Any, n: Any) -> np.ndarray | float:
    """Standard error of an accuracy known only as a summary: ``sqrt(p (1 - p) / n)``.

    Use it for published accuracies without per-item results. It is the ddof=0 version of
    :func:`mean_se` for binary scores, and it allows only unpaired comparisons.

    Parameters
    ----------
    accuracy
        Fraction(s) correct in ``[0, 1]`` (not percentages).
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
        raise ValueError(
            f"accuracy must be a fraction in [0, 1] (not a percentage: divide by 100); got {accuracy!r}"
        )
    if np.isnan(items).any() or (items < 1).any():
        raise ValueError(f"n must be at least 1 item; got {n!r}")
    se = np.sqrt(p * (1 - p) / items)
    return float(se) if se.ndim == 0 else se
