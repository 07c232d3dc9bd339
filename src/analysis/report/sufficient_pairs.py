"""The report's paired comparisons, tiers and closest-pair sample sizes from sufficient
statistics (:class:`analysis.report.sufficient.SufficientStatistics`).

A paired comparison of models ``a`` and ``b`` needs the variance of the per-item
differences ``d_i = x_ai - x_bi``, and ``sum_i d_i^2 = Q_a + Q_b - 2 C_ab`` needs only the
sums of squares ``Q`` and the cross-products ``C_ab = sum_i x_ai x_bi`` (the models x models
Gram matrix ``X X^T``), which add up over any split of the items. With clusters, the
residual cluster sums of a difference are the difference of the two models' residual
cluster sums ``R_a - R_b`` (``R_ac = (n T_ac - n_c T_a) / n``), so the CR2 variance of every
pair, ``sum_c (R_ac - R_bc)^2 / (1 - n_c / n) / n^2``, comes from the Gram matrix of the
weighted residual cluster sums ``G = R W R^T`` (``W = diag(1 / (1 - n_c / n))``):
``G_aa + G_bb - 2 G_ab``. Neither forms the pairs x items differences.

The tables are those of :func:`analysis.report.analyse` (``pairs`` from
:func:`analysis.stats.pairwise_comparisons` with ``test="t"``, ``cluster_method="CR2"``
and Holm's adjustment; ``tiers`` from :func:`analysis.stats.leaderboard_tiers`; ``closest``
from its paired ``omega^2``, design effect and
:func:`analysis.stats.required_sample_size`): same columns, order and values (to rounding,
1e-12 in the tests). Cost for ``m`` models and ``C`` clusters: one ``m x C`` by ``C x m``
product and ``m (m - 1) / 2`` pairs of a few float64 numbers each (1,000 models: 499,500
pairs, about 100 MB at the peak).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from .. import stats
from ..stats._validation import check_confidence
from ..stats.clustered import _bell_mccaffrey_df
from ..stats.multiple import _leader_tiers
from .sufficient import SufficientStatistics

__all__ = ["closest_from_statistics", "closest_table", "comparisons_from_statistics",
           "pairs_from_statistics", "tiers_from_statistics"]


def _positions(s: SufficientStatistics, order: pd.Index) -> np.ndarray:
    """Rows of ``s`` in the order ``order`` (every model once), or a clear error."""
    if s.gram is None:
        raise ValueError("these statistics hold no cross-products (gram is None): compute them "
                         "with partial_statistics(..., cross=True) on blocks of whole items")
    order = pd.Index(order)
    where = s.models.get_indexer(order)
    if (where < 0).any() or len(order) != len(s.models) or order.has_duplicates:
        unknown = list(order[where < 0][:5])
        raise ValueError(f"order must list each of the {len(s.models)} models once; unknown: "
                         f"{unknown}, given {len(order)} label(s)")
    n = s.n
    if len(n) < 2:
        raise ValueError("paired comparisons need at least 2 models")
    if (n < 2).any() or not (n == n[0]).all():
        raise ValueError(f"every model needs the same items (2 or more); items per model: {n[:5].tolist()}")
    return where


def _uses_clusters(s: SufficientStatistics) -> bool:
    return s.clusters is not None and 2 <= len(s.clusters) < s.n[0]


def _item_variances(s: SufficientStatistics, where: np.ndarray, ia: np.ndarray,
                    ib: np.ndarray) -> np.ndarray:
    """Per-item (ddof=1) variance of ``d = x_a - x_b`` for the pairs ``(ia, ib)`` (positions
    in ``where``): ``(n sum d^2 - (sum d)^2) / (n (n - 1))`` (exact numerators for 0/1
    scores), with the in-memory engine's rule that a variance within 1e-12 of the two
    models' own variances is 0 (two models agreeing on every item)."""
    n = s.n[0]
    total, gram = s.sums[where], s.gram[np.ix_(where, where)]
    own = np.diag(gram)
    square = own[ia] + own[ib] - 2 * gram[ia, ib]
    variance = (n * square - (total[ia] - total[ib]) ** 2) / (n * (n - 1))
    own_variance = (n * own - total**2) / (n * (n - 1))
    return np.where(variance <= 1e-12 * (own_variance[ia] + own_variance[ib]), 0.0, variance)


def _clustered_variances(s: SufficientStatistics, where: np.ndarray, ia: np.ndarray,
                         ib: np.ndarray) -> tuple[np.ndarray, float]:
    """CR2 variance of the mean difference of each pair and the Bell-McCaffrey df (see the
    module docstring). Pairs whose residual cluster sums are identical get exactly 0, as
    the differences' own residual sums would give (the Gram form leaves rounding there)."""
    n = s.n[0]
    sizes = s.cluster_counts[0]
    total = s.sums[where]
    raw = n * s.cluster_sums[where] - sizes * total[:, None]  # exact for 0/1 scores
    resid = raw / n
    gram = (resid / (1 - sizes / n)) @ resid.T
    own = np.diag(gram)
    variance = np.maximum(own[ia] + own[ib] - 2 * gram[ia, ib], 0.0) / n**2
    _, group = np.unique(raw, axis=0, return_inverse=True)
    group = group.ravel()
    variance[group[ia] == group[ib]] = 0.0
    return variance, float(_bell_mccaffrey_df(sizes))


def pairs_from_statistics(s: SufficientStatistics, order: pd.Index, *, alpha: float = 0.05,
                          confidence: float = 0.95) -> pd.DataFrame:
    """Every pair of models compared on the same items: the report's ``pairs`` table.

    Parameters
    ----------
    s
        Statistics with cross-products (``s.gram``), e.g. from
        :func:`analysis.report.sufficient.from_matrix`.
    order
        The model labels, best first (the report's ranking); pair ``(a, b)`` has ``a``
        before ``b``.
    alpha, confidence
        Level of the Holm-adjusted tests; coverage of the (unadjusted) intervals.

    Returns
    -------
    pandas.DataFrame
        As :func:`analysis.stats.pairwise_comparisons` with ``test="t"`` (n - 1 df) or,
        with clusters, ``cluster_method="CR2"`` (Bell-McCaffrey df): ``model_a``,
        ``model_b``, ``difference`` (mean of a minus mean of b, a fraction for 0/1 scores),
        ``se``, ``ci_low``, ``ci_high``, ``p_value``, ``p_adjusted`` (Holm), ``reject``.

    Examples
    --------
    >>> from analysis.data import from_long
    >>> from analysis.report.sufficient import from_matrix
    >>> rows = pd.DataFrame({"model": ["a"] * 4 + ["b"] * 4, "item": list("wxyz") * 2,
    ...                      "score": [1, 1, 1, 0, 1, 0, 0, 0]})
    >>> s = from_matrix(from_long(rows), n_resamples=10)
    >>> pairs_from_statistics(s, pd.Index(["a", "b"]))[["difference", "se"]].round(4).values.tolist()
    [[0.5, 0.2887]]
    """
    where = _positions(s, order)
    level = check_confidence(confidence)
    m, n = len(where), s.n[0]
    ia, ib = np.triu_indices(m, k=1)
    mean = s.sums[where] / n
    if _uses_clusters(s):
        variance, df = _clustered_variances(s, where, ia, ib)
        difference = (s.sums[where][ia] - s.sums[where][ib]) / n
        se = np.sqrt(variance)
    else:
        df = n - 1
        difference = mean[ia] - mean[ib]
        se = np.sqrt(_item_variances(s, where, ia, ib) / n)
    # |t| (infinite for a non-zero difference with SE 0) and its two-sided p-value.
    with np.errstate(invalid="ignore", divide="ignore"):
        statistic = np.where(se > 0, np.abs(difference) / np.where(se > 0, se, 1.0),
                             np.where(difference == 0, 0.0, np.inf))
    p_value = np.minimum(1.0, 2 * sps.t.sf(statistic, df))
    q = sps.t.ppf(0.5 + level / 2, df)
    p_adjusted, reject = stats.adjust_p_values(p_value, method="holm", alpha=alpha)
    labels = pd.Index(order)
    return pd.DataFrame({"model_a": labels[ia], "model_b": labels[ib], "difference": difference,
                         "se": se, "ci_low": difference - q * se, "ci_high": difference + q * se,
                         "p_value": p_value, "p_adjusted": p_adjusted, "reject": reject})


def tiers_from_statistics(s: SufficientStatistics, order: pd.Index,
                          pairs: pd.DataFrame) -> pd.DataFrame:
    """The report's ``tiers`` table: :func:`analysis.stats.leaderboard_tiers`'s leader
    rule on the models in ``order`` (best first, as the report ranks them) and the
    ``reject`` column of ``pairs`` (:func:`pairs_from_statistics` for that order).

    Examples
    --------
    >>> from analysis.data import from_long
    >>> from analysis.report.sufficient import from_matrix
    >>> rows = pd.DataFrame({"model": ["a"] * 4 + ["b"] * 4, "item": list("wxyz") * 2,
    ...                      "score": [1, 1, 1, 0, 1, 0, 0, 0]})
    >>> s = from_matrix(from_long(rows), n_resamples=10)
    >>> order = pd.Index(["a", "b"])
    >>> tiers_from_statistics(s, order, pairs_from_statistics(s, order))["tier"].tolist()
    [1, 1]
    """
    where = _positions(s, order)
    _check_pairs(pairs, pd.Index(order))
    return _leader_tiers(pd.Index(order), s.sums[where] / s.n[0], pairs["reject"].to_numpy())


def _check_pairs(pairs: pd.DataFrame, order: pd.Index) -> None:
    """``pairs`` must list every pair of ``order`` once, in :func:`numpy.triu_indices` order
    (as :func:`pairs_from_statistics` makes it): the tables read its rows by position."""
    m = len(order)
    if len(pairs) != m * (m - 1) // 2:
        raise ValueError(f"pairs has {len(pairs)} rows; {m} models make {m * (m - 1) // 2} pairs "
                         "(use pairs_from_statistics with the same order)")
    ia, ib = np.triu_indices(m, k=1)
    if not (np.array_equal(pairs["model_a"].to_numpy(), order[ia].to_numpy())
            and np.array_equal(pairs["model_b"].to_numpy(), order[ib].to_numpy())):
        raise ValueError("pairs lists its models in another order than order; compute it with "
                         "pairs_from_statistics(s, order)")


def closest_from_statistics(s: SufficientStatistics, order: pd.Index, pairs: pd.DataFrame, *,
                            alpha: float = 0.05, power: float = 0.8) -> pd.DataFrame:
    """Items needed to separate each pair of neighbours in ``order`` (the observed
    difference taken as the true one): the report's ``closest`` table.

    ``omega2`` is the per-item variance of the paired difference (ddof=1, as
    :func:`analysis.stats.paired_variance`), ``design_effect`` the pair's squared SE in
    ``pairs`` over ``omega2 / n`` (1 without clusters), ``items_needed``
    :func:`analysis.stats.required_sample_size` at ``alpha`` and ``power`` (NaN when the
    difference or ``omega2`` is 0). Rows sorted by difference, smallest first.

    Examples
    --------
    >>> from analysis.data import from_long
    >>> from analysis.report.sufficient import from_matrix
    >>> rows = pd.DataFrame({"model": ["a"] * 4 + ["b"] * 4, "item": list("wxyz") * 2,
    ...                      "score": [1, 1, 1, 0, 1, 0, 0, 0]})
    >>> s = from_matrix(from_long(rows), n_resamples=10)
    >>> order = pd.Index(["a", "b"])
    >>> closest_from_statistics(s, order, pairs_from_statistics(s, order))["items_needed"].tolist()
    [11.0]
    """
    where = _positions(s, order)
    m, n = len(where), s.n[0]
    _check_pairs(pairs, pd.Index(order))
    upper = np.arange(m - 1)
    lower = upper + 1
    omega2 = np.maximum(_item_variances(s, where, upper, lower), 0.0)
    mean = s.sums[where] / n
    delta = mean[:-1] - mean[1:]
    # The row of pair (k, k + 1) in numpy.triu_indices order.
    se = pairs["se"].to_numpy()[upper * m - upper * (upper + 1) // 2]
    return closest_table(pd.Index(order), delta, omega2, se, int(n), alpha=alpha, power=power)


def closest_table(order: pd.Index, delta: np.ndarray, omega2: np.ndarray, se: np.ndarray,
                  n: int, *, alpha: float = 0.05, power: float = 0.8) -> pd.DataFrame:
    """The ``closest`` table from each neighbour pair's difference ``delta``, per-item
    variance ``omega2`` and paired SE ``se`` (pair ``k`` is ``order[k]`` vs ``order[k + 1]``),
    for ``n`` items: shared by both engines.

    ``design_effect`` is ``se**2 / (omega2 / n)`` (1 where ``omega2`` is 0), ``items_needed``
    :func:`analysis.stats.required_sample_size` at ``alpha`` and ``power`` (NaN where the
    difference or ``omega2`` is not positive); rows sorted by difference, smallest first.

    Examples
    --------
    >>> t = closest_table(pd.Index(["a", "b"]), np.array([0.05]), np.array([0.1]),
    ...                   np.array([0.01]), 1000)
    >>> round(float(t["design_effect"].iloc[0]), 3)
    1.0
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        deff = np.where(omega2 > 0, se**2 / (omega2 / n), 1.0)
    deff = np.clip(np.nan_to_num(deff, nan=1.0), 1e-6, None)
    ok = (delta > 0) & (omega2 > 0)
    needed = np.full(len(delta), np.nan)
    if ok.any():
        needed[ok] = stats.required_sample_size(delta[ok], omega2[ok], alpha=alpha, power=power,
                                                design_effect=deff[ok], bounded=False)
    frame = pd.DataFrame({"model_a": order[:-1], "model_b": order[1:], "difference": delta,
                          "omega2": omega2, "design_effect": deff, "items_needed": needed,
                          "items_now": n, "ratio": needed / n})
    return frame.sort_values("difference", kind="stable").reset_index(drop=True)


def comparisons_from_statistics(s: SufficientStatistics, order: pd.Index, *,
                                alpha: float = 0.05, confidence: float = 0.95
                                ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(pairs, tiers, closest)`` of the report for the models in ``order`` (best first):
    :func:`pairs_from_statistics`, :func:`tiers_from_statistics` and
    :func:`closest_from_statistics`.

    Examples
    --------
    >>> from analysis.data import from_long
    >>> from analysis.report.sufficient import from_matrix
    >>> rows = pd.DataFrame({"model": ["a"] * 4 + ["b"] * 4, "item": list("wxyz") * 2,
    ...                      "score": [1, 1, 1, 0, 1, 0, 0, 0]})
    >>> pairs, tiers, closest = comparisons_from_statistics(
    ...     from_matrix(from_long(rows), n_resamples=10), pd.Index(["a", "b"]))
    >>> len(pairs), len(tiers), len(closest)
    (1, 2, 1)
    """
    pairs = pairs_from_statistics(s, order, alpha=alpha, confidence=confidence)
    tiers = tiers_from_statistics(s, order, pairs)
    closest = closest_from_statistics(s, order, pairs, alpha=alpha)
    return pairs, tiers, closest
