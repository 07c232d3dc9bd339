"""Tests for two models scored on the same items: small-sample and exact tests, equivalence.

:func:`analysis.stats.paired_difference` compares two models with a large-sample z-test.
This module adds what it does not cover: the paired t-test for few items, the exact
McNemar test for few discordant binary items, and two one-sided tests (TOST) for
"equivalent within a margin" and "no worse than" claims.

Every function takes the per-item scores of two models, ``a`` and ``b``, with the same
items: 1-D (one comparison) or 2-D (row ``j`` of ``a`` is compared with row ``j`` of
``b``), paired exactly as in :func:`analysis.stats.paired_difference` (items aligned by
label when both inputs carry labels, else by position). Differences are ``a - b``, in
the units of the scores (for 0/1 correctness: accuracy, as a fraction in [0, 1]); each
result row is one comparison, indexed ``"A − B"`` with columns ``model_a`` and
``model_b``.
"""

from __future__ import annotations

import numbers
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats as sps

from ._validation import as_score_matrix, check_confidence
from .paired import _pair as _pair_scores

__all__ = ["paired_t_test", "mcnemar_test", "equivalence_test", "noninferiority_test"]

Alternative = Literal["two-sided", "greater", "less"]


# --- inputs ---------------------------------------------------------------------------------

def _pair(
    a: Any, b: Any, *, binary: bool = False, bounded: bool = True
) -> tuple[np.ndarray, np.ndarray, dict[str, list[str]], pd.Index]:
    """Validate two score sets on the same items; return ``(a, b, model names, index)``.

    Scale and binary checks first, then :func:`analysis.stats.paired_difference`'s pairing
    (items aligned by label or position, rows by position, one row broadcast), so every
    comparison in the package names and aligns its inputs the same way.
    """
    for scores, name in ((a, "a"), (b, "b")):
        as_score_matrix(scores, name=name, binary=binary, bounded=bounded, check_orientation=False)
    left, right, names_a, names_b, _ = _pair_scores(a, b)
    index = pd.Index([f"{x} − {y}" for x, y in zip(names_a, names_b, strict=True)],
                     name="comparison")
    return left, right, {"model_a": names_a, "model_b": names_b}, index


def check_alpha(alpha: Any) -> float:
    """Return a significance level strictly between 0 and 1; name the percentage mistake."""
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise TypeError(f"alpha must be a number such as 0.05; got {alpha!r}")
    if not 0 < alpha < 1:
        hint = " (it looks like a percentage: 5% is 0.05)" if 1 <= alpha <= 100 else ""
        raise ValueError(f"alpha must lie strictly between 0 and 1 (e.g. 0.05); got {alpha!r}{hint}")
    return float(alpha)


def _check_alternative(alternative: str) -> str:
    if alternative not in ("two-sided", "greater", "less"):
        raise ValueError(
            f"alternative must be 'two-sided', 'greater' (a better than b) or 'less'; "
            f"got {alternative!r}"
        )
    return alternative


def _ratio(numerator: np.ndarray, se: np.ndarray) -> np.ndarray:
    """``numerator / se`` with 0/0 = 0 and x/0 = +-inf (constant per-item differences)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(se > 0, numerator / np.where(se > 0, se, 1.0),
                        np.where(numerator == 0, 0.0, np.sign(numerator) * np.inf))


def _differences(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    d = a - b
    n = d.shape[1]
    return d.mean(axis=1), d.std(axis=1, ddof=1) / np.sqrt(n), n


def _reference(test: str, n: int) -> tuple[Any, tuple]:
    if test == "t":
        return sps.t, (n - 1,)
    if test == "z":
        return sps.norm, ()
    raise ValueError(f"test must be 't' (Student's t, n - 1 df) or 'z' (normal); got {test!r}")


# --- paired t-test --------------------------------------------------------------------------

def paired_t_test(
    a: Any,
    b: Any,
    *,
    confidence: float = 0.95,
    alternative: Alternative = "two-sided",
    bounded: bool = True,
) -> pd.DataFrame:
    """Paired t-test of the mean per-item difference between two models on the same items.

    With per-item differences ``d_i = a_i - b_i`` (``n`` items)::

        difference = mean(d),   se = sd(d, ddof=1) / sqrt(n),   t = difference / se

    referred to Student's t with ``n - 1`` degrees of freedom. The interval is
    ``difference +/- t_{n-1} * se``. This is :func:`scipy.stats.ttest_rel`, one row per
    comparison.

    Parameters
    ----------
    a, b
        Per-item scores of the two models: 1-D, or 2-D with row ``j`` of ``a`` compared
        with row ``j`` of ``b`` (a single row is compared with every row of the other).
        Arrays, Series, DataFrames (models as index, items as columns) or response
        matrices. When both carry item labels (Series index, DataFrame columns), ``b`` is
        aligned on ``a``'s labels and an item in only one of them is an error naming it;
        plain arrays are compared by position. Pairing is that of
        :func:`analysis.stats.paired_difference`.
    confidence
        Coverage of the interval (two-sided, or one-sided for a one-sided alternative).
    alternative
        ``"two-sided"`` (the default), ``"greater"`` (a scores higher than b) or ``"less"``.
    bounded
        Scores are fractions in [0, 1] (the default; scores that look like percentages
        are refused with a message). Pass ``False`` for unbounded scores (rewards, times).

    Returns
    -------
    pandas.DataFrame
        One row per comparison (index ``"A − B"``, named ``comparison``): ``model_a``,
        ``model_b``, ``difference`` (mean of a minus mean of
        b, in the units of the scores; for 0/1 correctness an accuracy difference as a
        fraction), ``se``, ``statistic`` (t), ``df``, ``ci_low``, ``ci_high``, ``p_value``,
        ``n``.

    Notes
    -----
    Use it instead of the z-test of :func:`analysis.stats.paired_difference` when there
    are few items (say, fewer than 50): with ``n = 20`` items a nominal 5% z-test rejects
    a true null 6.5% of the time for normal differences (exactly ``2 P(T_19 > 1.96)``) and
    about 7% for two independent 0/1 models (simulated), while the t-test stays at or
    below 5%. For many items the two agree. The t reference is exact for normal differences only; for 0/1 scores
    with very few discordant items prefer :func:`mcnemar_test`. Items must be independent
    (for clustered items use ``paired_difference(..., clusters=...)``). When every
    difference is the same, ``se`` is 0 and the p-value is 1 if the difference is 0 and 0
    otherwise.

    Examples
    --------
    >>> a = [1, 1, 1, 0, 1, 1, 0, 1, 1, 1]
    >>> b = [1, 0, 1, 0, 0, 1, 0, 1, 0, 1]
    >>> out = paired_t_test(a, b)
    >>> out[["difference", "statistic", "p_value"]].round(4).iloc[0].tolist()
    [0.3, 1.964, 0.0811]
    """
    level = check_confidence(confidence)
    _check_alternative(alternative)
    left, right, names, index = _pair(a, b, bounded=bounded)
    return pd.DataFrame({**names, **_t_test(left, right, level, alternative)}, index=index)


def _t_test(left: np.ndarray, right: np.ndarray, level: float, alternative: str) -> dict[str, Any]:
    """Paired t-test of each row of validated ``(rows, items)`` arrays."""
    difference, se, n = _differences(left, right)
    df = n - 1
    statistic = _ratio(difference, se)
    if alternative == "two-sided":
        p_value = 2 * sps.t.sf(np.abs(statistic), df)
        q = sps.t.ppf(0.5 + level / 2, df)
        low, high = difference - q * se, difference + q * se
    else:
        q = sps.t.ppf(level, df)
        if alternative == "greater":
            p_value = sps.t.sf(statistic, df)
            low, high = difference - q * se, np.full_like(difference, np.inf)
        else:
            p_value = sps.t.cdf(statistic, df)
            low, high = np.full_like(difference, -np.inf), difference + q * se
    return {"difference": difference, "se": se, "statistic": statistic, "df": df,
            "ci_low": low, "ci_high": high, "p_value": np.minimum(p_value, 1.0), "n": n}


# --- McNemar --------------------------------------------------------------------------------

def mcnemar_test(a: Any, b: Any, *, exact: bool = True, correction: bool = True) -> pd.DataFrame:
    """McNemar's test of equal accuracy for two models scored 0/1 on the same items.

    Only discordant items carry information: ``b`` items that model a gets right and
    model b wrong, and ``c`` items the other way round. Under "equal accuracy" each
    discordant item is a fair coin, so the exact test is a two-sided binomial test::

        p = min(1, 2 * P(Binomial(b + c, 1/2) <= min(b, c)))

    With ``exact=False`` the chi-square approximation ``(|b - c| - 1)^2 / (b + c)`` (1 df;
    without the ``- 1`` when ``correction=False``) is used instead. Both are what
    ``statsmodels.stats.contingency_tables.mcnemar`` computes.

    Parameters
    ----------
    a, b
        Binary per-item scores (1 = correct) of the two models: 1-D, or 2-D with row ``j``
        of ``a`` compared with row ``j`` of ``b``. Labelled inputs are aligned on item
        labels, plain arrays by position (see :func:`paired_t_test`).
    exact
        Exact binomial test (the default; right for small samples) or chi-square.
    correction
        Continuity correction of the chi-square version (ignored when ``exact``).

    Returns
    -------
    pandas.DataFrame
        One row per comparison (index ``"A − B"``, named ``comparison``): ``model_a``,
        ``model_b``, ``b`` (a right, b wrong), ``c`` (a
        wrong, b right), ``n_discordant`` (b + c), ``difference`` (accuracy of a minus
        accuracy of b, as a fraction: ``(b - c) / n``), ``statistic`` (``min(b, c)`` for
        the exact test, the chi-square value otherwise), ``p_value``, ``n`` (items).

    Notes
    -----
    The exact test is conservative (it holds its level at every sample size, usually
    below it); use it when ``b + c`` is small (below about 25), where the chi-square
    version is unreliable. It needs 0/1 scores: partial credit has no discordant pairs
    (use :func:`paired_t_test`). With no discordant items the p-value is 1. It tests
    equal accuracy on these items; it gives no interval (use
    :func:`analysis.stats.paired_difference` for one).

    Examples
    --------
    >>> a = [1, 1, 1, 1, 1, 1, 1, 0, 1, 1]
    >>> b = [0, 0, 0, 0, 0, 1, 1, 0, 1, 1]
    >>> row = mcnemar_test(a, b).iloc[0]
    >>> int(row["b"]), int(row["c"]), float(row["p_value"])
    (5, 0, 0.0625)
    """
    left, right, names, index = _pair(a, b, binary=True)
    n = left.shape[1]
    only_a = (left * (1 - right)).sum(axis=1)
    only_b = ((1 - left) * right).sum(axis=1)
    discordant = only_a + only_b
    if exact:
        statistic = np.minimum(only_a, only_b)
        p_value = np.minimum(1.0, 2 * sps.binom.cdf(statistic, discordant, 0.5))
    else:
        gap = np.abs(only_a - only_b) - (1.0 if correction else 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            statistic = np.where(discordant > 0, gap**2 / np.maximum(discordant, 1), 0.0)
        p_value = np.where(discordant > 0, sps.chi2.sf(statistic, 1), 1.0)
    return pd.DataFrame(
        {**names, "b": only_a.astype(np.int64), "c": only_b.astype(np.int64),
         "n_discordant": discordant.astype(np.int64), "difference": (only_a - only_b) / n,
         "statistic": statistic, "p_value": p_value, "n": n},
        index=index,
    )


# --- equivalence and non-inferiority -------------------------------------------------------

def _check_margin(margin: Any) -> tuple[float, float]:
    """``margin`` (symmetric) or ``(low, high)`` as fractions; refuse percentage points."""
    try:
        bounds = np.asarray(margin, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"margin must be a number or a (low, high) pair; got {margin!r}") from None
    if bounds.ndim == 0:
        if not bounds > 0:
            raise ValueError(f"margin must be positive (e.g. 0.02 for +-2 points); got {margin!r}")
        bounds = np.array([-float(bounds), float(bounds)])
    if bounds.shape != (2,) or not np.isfinite(bounds).all():
        raise ValueError(f"margin must be a finite number or a (low, high) pair; got {margin!r}")
    if (np.abs(bounds) >= 1).any():
        raise ValueError(
            f"margin {margin!r} looks like percentage points: margins are differences in "
            "the scores' units, as a fraction (a margin of 2 points is 0.02)"
        )
    low, high = float(bounds[0]), float(bounds[1])
    if not low < high:
        raise ValueError(f"margin must give low < high (e.g. 0.02, or (-0.02, 0.01)); got {margin!r}")
    return low, high


def equivalence_test(
    a: Any,
    b: Any,
    *,
    margin: float | tuple[float, float],
    test: Literal["t", "z"] = "t",
    alpha: float = 0.05,
    bounded: bool = True,
) -> pd.DataFrame:
    """Two one-sided tests (TOST): is the paired difference within ``(low, high)``?

    Equivalence is the claim ``low < mean(a) - mean(b) < high``. TOST rejects "not
    equivalent" when both one-sided nulls are rejected::

        H0_low:  difference <= low    p_low  = P(T >= (difference - low)  / se)
        H0_high: difference >= high   p_high = P(T <= (difference - high) / se)
        p_value = max(p_low, p_high)

    with ``se`` the paired standard error and ``T`` Student's t with ``n - 1`` df
    (``test="t"``, ``statsmodels.stats.weightstats.ttost_paired``) or normal
    (``test="z"``). Equivalently: equivalent at level ``alpha`` when the ``1 - 2 alpha``
    interval (reported) lies inside the margin.

    Parameters
    ----------
    a, b
        Per-item scores of the two models on the same items (1-D or 2-D, as in
        :func:`paired_t_test`; labelled inputs are aligned on item labels).
    margin
        Equivalence margin, a difference in the scores' units as a fraction: ``0.02``
        means within +-2 percentage points; ``(low, high)`` gives an asymmetric range.
        Values of 1 or more are refused (they look like percentage points).
    test
        ``"t"`` (default; right for any number of items) or ``"z"``.
    alpha
        Level of each one-sided test.
    bounded
        Scores are fractions in [0, 1] (the default; scores that look like percentages
        are refused with a message). Pass ``False`` for unbounded scores (rewards, times).

    Returns
    -------
    pandas.DataFrame
        One row per comparison (index ``"A − B"``, named ``comparison``): ``model_a``,
        ``model_b``, ``difference``, ``se``, ``low``,
        ``high`` (the margin), ``p_low``, ``p_high``, ``p_value``, ``ci_low``,
        ``ci_high`` (the ``1 - 2 alpha`` interval), ``equivalent`` (``p_value < alpha``),
        ``n``.

    Notes
    -----
    Failing to reject "no difference" is not evidence of equivalence; this test is.
    Choose the margin before looking at the data, from what difference would matter.
    It assumes independent items; for a clustered benchmark the per-item SE is too small
    and the test too liberal.

    Examples
    --------
    >>> a = np.r_[np.ones(800), np.zeros(200)]                # 80% correct
    >>> b = np.r_[np.zeros(30), np.ones(770), np.ones(30), np.zeros(170)]  # 60 items differ
    >>> row = equivalence_test(a, b, margin=0.03).iloc[0]
    >>> float(row["difference"]), float(row["ci_high"].round(4)), bool(row["equivalent"])
    (0.0, 0.0128, True)
    """
    level = 1 - check_alpha(alpha)
    low, high = _check_margin(margin)
    left, right, names, index = _pair(a, b, bounded=bounded)
    difference, se, n = _differences(left, right)
    dist, args = _reference(test, n)
    p_low = dist.sf(_ratio(difference - low, se), *args)
    p_high = dist.cdf(_ratio(difference - high, se), *args)
    p_value = np.maximum(p_low, p_high)
    q = dist.ppf(level, *args)
    return pd.DataFrame(
        {**names, "difference": difference, "se": se, "low": low, "high": high, "p_low": p_low,
         "p_high": p_high, "p_value": p_value, "ci_low": difference - q * se,
         "ci_high": difference + q * se, "equivalent": p_value < alpha, "n": n},
        index=index,
    )


def noninferiority_test(
    a: Any,
    b: Any,
    *,
    margin: float,
    test: Literal["t", "z"] = "t",
    alpha: float = 0.05,
    bounded: bool = True,
) -> pd.DataFrame:
    """One-sided test that model ``a`` is no worse than ``b`` by more than ``margin``.

    Non-inferiority is the claim ``mean(a) - mean(b) > -margin``::

        H0: difference <= -margin,    p = P(T >= (difference + margin) / se)

    with the paired standard error and Student's t (``n - 1`` df) or the normal
    reference. It is one half of :func:`equivalence_test` (its ``p_low`` with
    ``low = -margin``), and the t version is :func:`scipy.stats.ttest_rel` of
    ``a + margin`` against ``b`` with ``alternative="greater"``.

    Parameters
    ----------
    a, b
        Per-item scores of the new model (``a``) and the reference (``b``) on the same
        items (1-D or 2-D; labelled inputs are aligned on item labels).
    margin
        Largest acceptable shortfall, positive, as a fraction (``0.01`` = one percentage
        point). Values of 1 or more are refused.
    test
        ``"t"`` (default) or ``"z"``.
    alpha
        Level of the one-sided test.
    bounded
        Scores are fractions in [0, 1] (the default; scores that look like percentages
        are refused with a message). Pass ``False`` for unbounded scores (rewards, times).

    Returns
    -------
    pandas.DataFrame
        One row per comparison (index ``"A − B"``, named ``comparison``): ``model_a``,
        ``model_b``, ``difference``, ``se``, ``margin``,
        ``statistic``, ``p_value``, ``ci_low`` (one-sided ``1 - alpha`` lower bound),
        ``noninferior`` (``p_value < alpha``, i.e. ``ci_low > -margin``), ``n``.

    Notes
    -----
    A cheaper model "matching" a frontier model is a non-inferiority claim: state the
    margin in advance. Assumes independent items.

    Examples
    --------
    >>> a = np.r_[np.ones(450), np.zeros(50)]   # 90% correct
    >>> b = np.r_[np.ones(455), np.zeros(45)]   # 91% correct, same items
    >>> row = noninferiority_test(a, b, margin=0.03).iloc[0]
    >>> float(row["difference"].round(3)), bool(row["noninferior"])
    (-0.01, True)
    """
    level = 1 - check_alpha(alpha)
    if np.ndim(margin) != 0:
        raise ValueError(f"margin must be one positive number (a fraction); got {margin!r}")
    low, _ = _check_margin(margin)
    left, right, names, index = _pair(a, b, bounded=bounded)
    difference, se, n = _differences(left, right)
    dist, args = _reference(test, n)
    statistic = _ratio(difference - low, se)
    p_value = dist.sf(statistic, *args)
    return pd.DataFrame(
        {**names, "difference": difference, "se": se, "margin": -low, "statistic": statistic,
         "p_value": p_value, "ci_low": difference - dist.ppf(level, *args) * se,
         "noninferior": p_value < alpha, "n": n},
        index=index,
    )
