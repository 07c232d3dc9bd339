"""Comparing two models scored on the same items."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from ._validation import as_score_matrix, row_labels
from .clustered import clustered_se
from .intervals import mean_se

__all__ = ["paired_difference", "paired_variance", "independent_variance"]


def _pair(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    left = as_score_matrix(a, name="a")
    right = as_score_matrix(b, name="b")
    if left.values.shape != right.values.shape:
        raise ValueError(
            f"a and b must score the same items: got shapes {left.values.shape} and "
            f"{right.values.shape}. Align both on the shared items (same order) first"
        )
    return left.values, right.values, row_labels(left.index)


def paired_difference(
    a: Any, b: Any, *, clusters: Any = None, confidence: float = 0.95
) -> pd.DataFrame:
    """Difference in mean score between models ``a`` and ``b`` on the same items.

    Works on the per-item differences ``d_i = a_i - b_i`` (Miller 2024, eq. 5): the paired
    SE is ``sd(d)/sqrt(n)``, since ``Var(d) = Var(a) + Var(b) - 2 Cov(a, b)`` and two models
    tend to find the same items hard. With ``clusters``, the clustered SE of ``d`` is used.

    Parameters
    ----------
    a, b
        Per-item scores of the two models, same shape: 1-D (one comparison) or 2-D (row
        ``j`` of ``a`` is compared with row ``j`` of ``b``). Row labels come from ``a``.
    clusters
        Optional cluster id per item; see :func:`analysis.stats.clustered_se`.
    confidence
        Coverage of the two-sided interval.

    Returns
    -------
    pandas.DataFrame
        One row per comparison: ``diff`` (mean of a minus mean of b), ``se`` (paired),
        ``ci_low``, ``ci_high``, ``p_value`` (two-sided test of no difference, normal; or
        t with C - 1 df when clustered), ``se_unpaired`` (``sqrt(SE_a^2 + SE_b^2)``, the SE
        one would report ignoring the pairing, same method), ``correlation`` (Pearson
        correlation of a and b over items; NaN if either is constant), ``n``.

    Notes
    -----
    The paired SE is smaller than the unpaired one exactly when the correlation is
    positive. The test is a large-sample z-test (a paired t-test would differ only for
    small ``n``); it answers "is the gap bigger than item sampling explains?", not "is it
    large enough to matter".
    """
    left, right, index = _pair(a, b)
    m = left.shape[0]
    # One call estimates the differences and both models: the clusters are checked once.
    stacked = np.concatenate([left - right, left, right])
    if clusters is None:
        estimates = mean_se(stacked, confidence=confidence)
        statistic_dist = sps.norm
        dist_args: tuple = ()
    else:
        estimates = clustered_se(stacked, clusters, confidence=confidence)
        statistic_dist = sps.t
        dist_args = (int(estimates["df"].iloc[0]),)
    result = estimates.iloc[:m]
    se_a = estimates["se"].to_numpy()[m : 2 * m]
    se_b = estimates["se"].to_numpy()[2 * m :]
    diff = result["mean"].to_numpy()
    se = result["se"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        statistic = np.where(se > 0, diff / se, np.where(diff == 0, 0.0, np.inf))
    p_value = 2 * statistic_dist.sf(np.abs(statistic), *dist_args)
    la = left - left.mean(axis=1, keepdims=True)
    rb = right - right.mean(axis=1, keepdims=True)
    denominator = np.sqrt((la**2).sum(axis=1) * (rb**2).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        correlation = np.where(denominator > 0, (la * rb).sum(axis=1) / denominator, np.nan)
    return pd.DataFrame(
        {
            "diff": diff,
            "se": se,
            "ci_low": result["ci_low"].to_numpy(),
            "ci_high": result["ci_high"].to_numpy(),
            "p_value": p_value,
            "se_unpaired": np.sqrt(se_a**2 + se_b**2),
            "correlation": correlation,
            "n": left.shape[1],
        },
        index=index,
    )


def paired_variance(a: Any, b: Any) -> np.ndarray:
    """Per-item variance of the paired difference, ``Var(a - b)`` (ddof=1), per row.

    This is ``omega^2`` of a paired power calculation (Miller 2024, eq. 6); see
    :func:`analysis.stats.required_sample_size`.
    """
    left, right, _ = _pair(a, b)
    return (left - right).var(axis=1, ddof=1)


def independent_variance(a: Any, b: Any) -> np.ndarray:
    """``Var(a) + Var(b)`` (ddof=1) per row: ``omega^2`` if the models were run on
    independent item samples (an unpaired design)."""
    left, right, _ = _pair(a, b)
    return left.var(axis=1, ddof=1) + right.var(axis=1, ddof=1)
