"""Weighted mean scores (task weights) with linearisation standard errors.

Scores are models x items; NaN means "not scored" only with ``missing="omit"``. Weights
are per item: a Series aligned on the item labels, the name of a column of a response
matrix's ``.items``, or a plain sequence matched by position.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from ._frames import interval_frame
from ._validation import (
    as_score_matrix,
    check_confidence,
    cluster_codes,
    item_values,
    warn_if_degenerate,
)
from .clustered import cluster_sums

__all__ = ["weighted_mean_se"]


def weighted_mean_se(
    scores: Any,
    weights: Any,
    *,
    clusters: Any = None,
    confidence: float = 0.95,
    method: str = "normal",
    missing: str = "raise",
    bounded: bool = True,
) -> pd.DataFrame:
    """Weighted mean score with its linearisation (sandwich) standard error.

    For weights ``w_i`` (such as METR's task weights) the weighted mean is the ratio
    estimator ``m_w = sum_i w_i s_i / W`` with ``W = sum_i w_i``. Its variance is estimated
    by Taylor linearisation, the standard survey formula for a ratio (with-replacement
    design; Cochran 1977, sec. 6.11) and the HC1 sandwich of a weighted regression on a
    constant::

        Var = n / (n - 1) * sum_i w_i^2 (s_i - m_w)^2 / W^2

    With ``clusters``, residuals are summed within clusters first::

        Var = C / (C - 1) * sum_c ( sum_{i in c} w_i (s_i - m_w) )^2 / W^2

    (statsmodels ``WLS(...).fit(cov_type="cluster")``). With equal weights these reduce to
    :func:`analysis.stats.mean_se` and :func:`analysis.stats.clustered_se`.

    Parameters
    ----------
    scores
        Per-item scores, models x items: 1-D (one model) or 2-D; arrays, Series,
        DataFrames or a response matrix. Fractions in ``[0, 1]`` unless ``bounded=False``.
    weights
        One non-negative weight per item (only relative sizes matter): a Series indexed
        by item (aligned on the item labels), the name of a column of a response matrix's
        ``.items``, or a plain sequence in item order (matched by position).
    clusters
        Optional cluster id per item (same forms as ``weights``) for a cluster-robust SE.
    confidence
        Coverage of the two-sided interval.
    method
        ``"normal"`` (default) or ``"t"`` (``n - 1`` df). With ``clusters`` the interval
        always uses t with ``C - 1`` df.
    missing
        ``"raise"`` (default) or ``"omit"``: NaN means "not scored"; each model's mean
        and SE use its own scored items and their weights, and ``n`` counts them.
    bounded
        Scores are fractions in ``[0, 1]`` (default); ``False`` for unbounded scores.

    Returns
    -------
    pandas.DataFrame
        One row per model with ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n`` (scored
        items with positive weight), ``effective_n`` (Kish's ``W^2 / sum w_i^2``: the number
        of equally weighted items with the same precision), ``df`` (of the interval;
        infinite for the normal interval) and, with clusters, ``n_clusters``.

    Notes
    -----
    The weights are treated as fixed (design or importance weights), not as frequencies:
    statsmodels ``DescrStatsW`` interprets them as frequency weights and gives a different
    (too small, for weights above 1) standard error. The linearisation estimator is
    consistent as the number of items grows; like every analytic SE it is unreliable when
    a few items carry most of the weight (small ``effective_n``).

    Examples
    --------
    >>> out = weighted_mean_se([0.9, 0.5, 1.0, 0.7], [1, 1, 2, 2])
    >>> round(out["mean"].item(), 4), round(out["effective_n"].item(), 2)
    (0.8, 3.6)
    """
    level = check_confidence(confidence)
    if method not in ("normal", "t"):
        raise ValueError(f"method must be 'normal' or 't'; got {method!r}")
    matrix = as_score_matrix(scores, missing=missing, bounded=bounded, supports_omit=True)
    raw = item_values(weights, matrix, name="weights")
    try:
        w = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"weights must be numbers; got values such as {raw[:3].tolist()}") from None
    if not np.isfinite(w).all() or (w < 0).any():
        bad = int(np.flatnonzero(~np.isfinite(w) | (w < 0))[0])
        raise ValueError(f"weights must be finite and non-negative; item at position {bad} has {w[bad]!r}")
    observed = ~np.isnan(matrix.values)
    wm = np.where(observed, w[None, :], 0.0)
    y = np.where(observed, matrix.values, 0.0)
    total = wm.sum(axis=1)
    if (total <= 0).any():
        row = int(np.flatnonzero(total <= 0)[0])
        raise ValueError(f"model {matrix.index[row]!r} has zero total weight on its scored items")
    n = (wm > 0).sum(axis=1)
    if (n < 2).any():
        row = int(np.flatnonzero(n < 2)[0])
        raise ValueError(
            f"model {matrix.index[row]!r} has {int(n[row])} scored item(s) with positive weight; "
            "at least 2 are needed to estimate a variance"
        )
    mean = (wm * y).sum(axis=1) / total
    z = wm * (y - mean[:, None])
    extra: dict[str, Any] = {}
    if clusters is None:
        variance = n / (n - 1) * np.square(z).sum(axis=1) / total**2
        df = n - 1.0 if method == "t" else np.full(len(n), np.inf)
    else:
        codes, n_clusters = cluster_codes(clusters, matrix)
        present = cluster_sums(wm, codes, n_clusters) > 0
        c = present.sum(axis=1)
        if (c < 2).any():
            row = int(np.flatnonzero(c < 2)[0])
            raise ValueError(f"model {matrix.index[row]!r} has scored items in fewer than 2 clusters")
        sums = cluster_sums(z, codes, n_clusters)
        variance = c / (c - 1) * np.square(sums).sum(axis=1) / total**2
        df = c - 1.0
        extra["n_clusters"] = c
    se = np.sqrt(variance)
    crit = sps.t.ppf(0.5 + level / 2, df)
    warn_if_degenerate(matrix, se, stacklevel=3)
    return interval_frame(
        matrix,
        {
            "mean": mean,
            "se": se,
            "ci_low": mean - crit * se,
            "ci_high": mean + crit * se,
            "n": n,
            "effective_n": total**2 / np.square(wm).sum(axis=1),
            "df": df,
        }
        | extra,
    )
