"""Standard errors for items that are not independent: clusters and strata.

Scores are models x items. Cluster and stratum ids are per item: a Series is aligned on
the item labels (Series index / DataFrame columns), a string names a column of a
response matrix's item metadata, a plain sequence is matched by position.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy import stats as sps

from ._frames import interval_frame
from ._validation import (
    ScoreMatrix,
    as_score_matrix,
    check_confidence,
    cluster_codes,
    warn_if_degenerate,
)
from .intervals import critical_value

__all__ = ["clustered_se", "stratified_se", "cluster_sums"]

_METHODS = ("CR0", "CR1", "CR2")


def cluster_sums(values: np.ndarray, codes: np.ndarray, n_clusters: int) -> np.ndarray:
    """Sum each row of ``values`` (rows x items) within clusters: a rows x clusters array.

    Parameters
    ----------
    values
        A 2-D array, rows x items (cast to float64).
    codes
        The cluster of every item: integers in ``0..n_clusters-1``, one per column of
        ``values`` (as returned by :func:`pandas.factorize`).
    n_clusters
        Number of clusters ``C``; a cluster with no item gets the sum 0.

    Returns
    -------
    numpy.ndarray
        Float64 array of shape ``(rows, C)``; column ``c`` is the row sum over the items of
        cluster ``c``.

    Notes
    -----
    Vectorised, without a loop over clusters or items. For a row-major (C-ordered)
    ``values`` whose items are already ordered by cluster (``codes`` non-decreasing, as in
    a benchmark stored class by class), one :func:`numpy.add.reduceat` over the contiguous
    blocks; otherwise the product of ``values`` with the sparse items x clusters membership
    matrix (one 1 per item), which never reorders the columns of ``values`` and is fastest
    on a column-major (Fortran-ordered) array, the layout of ``DataFrame.to_numpy()``. On
    64 x 50,000 scores in 1,000 clusters either takes a few milliseconds; a C-ordered
    array with unsorted codes costs one transposed copy more.

    Examples
    --------
    >>> cluster_sums(np.array([[1.0, 2.0, 3.0]]), np.array([1, 0, 1]), 2).tolist()
    [[2.0, 4.0]]
    """
    values = np.asarray(values, dtype=np.float64)
    codes = np.asarray(codes)
    if values.ndim != 2:
        raise ValueError(
            f"values must be 2-D (rows x items); got shape {values.shape}. Wrap one row as "
            "values[np.newaxis, :]"
        )
    n_items = values.shape[1]
    if codes.ndim != 1 or len(codes) != n_items:
        raise ValueError(
            f"codes must be 1-D with one cluster code per item ({n_items}); got shape "
            f"{codes.shape}"
        )
    if codes.dtype.kind not in "iu":
        raise ValueError(
            f"codes must be integers 0..n_clusters-1 (got dtype {codes.dtype}); map cluster "
            "ids to codes first, e.g. with pandas.factorize"
        )
    if n_items and (codes.min() < 0 or codes.max() >= n_clusters):
        raise ValueError(
            f"codes must lie in 0..{n_clusters - 1} (n_clusters={n_clusters}); got values "
            f"from {codes.min()} to {codes.max()}"
        )
    if n_items == 0:
        return np.zeros((values.shape[0], n_clusters))
    if values.flags.c_contiguous and _is_sorted(codes):  # contiguous blocks of each row
        sizes = np.bincount(codes, minlength=n_clusters)
        starts = np.cumsum(sizes) - sizes
        if (sizes > 0).all():
            return np.add.reduceat(values, starts, axis=1)
        out = np.zeros((values.shape[0], n_clusters))
        out[:, sizes > 0] = np.add.reduceat(values, starts[sizes > 0], axis=1)
        return out
    membership = sparse.csr_array(
        (np.ones(n_items), codes.astype(np.intp, copy=False), np.arange(n_items + 1)),
        shape=(n_items, n_clusters),
    )
    return np.asarray(values @ membership)


def _is_sorted(codes: np.ndarray) -> bool:
    """Whether the items are stored cluster by cluster (codes non-decreasing)."""
    return bool((codes[1:] >= codes[:-1]).all())


def clustered_se(
    scores: Any,
    clusters: Any,
    *,
    method: str = "CR1",
    correction: bool = True,
    confidence: float = 0.95,
    missing: str = "raise",
    bounded: bool = True,
) -> pd.DataFrame:
    """Mean score with a cluster-robust standard error (items grouped into clusters).

    Items that share a passage, a task family or a class are correlated, so they carry less
    information than independent items. The cluster-robust variance of the mean
    (Miller 2024, eq. 3; Cameron & Miller 2015) sums the residuals ``r_i = s_i - mean``
    within each cluster ``c`` (``n_c`` items of ``n``) before squaring::

        CR0:  Var = sum_c S_c^2 / n^2,                    S_c = sum_{i in c} r_i
        CR1:  Var = C / (C - 1) * CR0                     (the default)
        CR2:  Var = sum_c S_c^2 / (1 - n_c / n) / n^2     (Bell & McCaffrey 2002)

    CR2 is the bias-reduced linearisation of Bell & McCaffrey (2002) for the
    intercept-only model: its adjustment matrices ``(I - H_cc)^{-1/2}`` reduce, for a mean,
    to the factor ``(1 - h_c)^{-1/2}`` with leverage ``h_c = n_c / n``
    (Pustejovsky & Tipton 2018; Imbens & Kolesar 2016). It is unbiased when the items are
    in fact independent with equal variance, and equals CR1 when clusters have equal size.

    Parameters
    ----------
    scores
        Per-item scores, models x items: 1-D (one model) or 2-D; see
        :func:`analysis.stats.mean_se`.
    clusters
        One cluster id per item (any hashable values, tuples included): a Series indexed by
        item (aligned on the item labels; an error names the first scored item it lacks),
        the name of a column of a response matrix's ``.items``, or a plain sequence in the
        order of the items (matched by position).
    method
        ``"CR1"`` (default; the ``C/(C-1)`` correction of statsmodels and common eval
        harnesses, t interval with ``C - 1`` df), ``"CR0"`` (Miller's formula, no
        correction) or ``"CR2"`` (bias-reduced, with Bell-McCaffrey degrees of freedom;
        recommended with fewer than about 30 clusters or clusters of unequal size).
    correction
        ``False`` is a synonym for ``method="CR0"`` (kept for compatibility). With every
        item its own cluster, CR1 equals the ordinary (ddof=1) SE and CR0 the ddof=0 SE.
    confidence
        Coverage of the two-sided interval.
    missing
        ``"raise"`` (default): NaN is an error. ``"omit"``: NaN means "not scored"; each
        model is estimated on its own scored items and the clusters they fall in.
    bounded
        Scores are fractions in ``[0, 1]`` (default); ``False`` for unbounded scores.

    Returns
    -------
    pandas.DataFrame
        One row per model with ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n`` (scored
        items), ``n_clusters`` (with a scored item), ``df`` (the t interval's degrees of freedom: ``C - 1`` for CR0/CR1,
        Bell-McCaffrey for CR2, which is at most ``C - 1`` and smaller when clusters are
        unequal) and ``design_effect`` (= clustered variance / ordinary ddof=1 variance;
        how many times more items the clustered design needs for the same precision; NaN
        when a model's scores are constant).

    Notes
    -----
    The CR0/CR1 estimators are biased downwards when clusters are few (below about 30) or
    very unequal in size, and the ``C - 1`` df t interval then undercovers; CR2 with
    Bell-McCaffrey df is the standard small-cluster remedy (Imbens & Kolesar 2016). The
    result depends on choosing the right unit: cluster on the unit that was sampled
    (for example the passage, not the question written about it).

    Examples
    --------
    >>> round(clustered_se([0.9, 0.8, 0.2, 0.1], ["x", "x", "y", "y"])["se"].item(), 4)
    0.35
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(_METHODS)}; got {method!r}")
    if not correction:
        if method == "CR2":
            raise ValueError("correction=False means CR0; it cannot be combined with method='CR2'")
        method = "CR0"
    matrix = as_score_matrix(scores, bounded=bounded, missing=missing, supports_omit=True)
    return _clustered_se(matrix, clusters, method=method, confidence=confidence, warn=True)


def _bell_mccaffrey_df(sizes: np.ndarray) -> np.ndarray:
    """Bell-McCaffrey degrees of freedom of the CR2 variance of a mean, per row of ``sizes``.

    For the intercept-only model the matrix ``G'G`` of Bell & McCaffrey (2002) is, up to a
    factor ``1/n^2``, ``M = D^{-1/2} (diag(n_c) - n n' / N) D^{-1/2}`` with
    ``D = diag(1 - n_c/N)``; ``df = tr(M)^2 / tr(M^2)``. With ``a_c = n_c / (1 - n_c/N)``
    and ``u_c^2 = n_c a_c``, ``M = diag(a) - u u' / N``, so (without forming the C x C
    matrix) ``tr(M) = sum(a) - sum(u^2) / N`` and
    ``tr(M^2) = sum(a^2) - 2 sum(a u^2) / N + (sum(u^2) / N)^2``. ``sizes`` is
    ``(..., C)``; a cluster of size 0 (no scored item in that row) contributes nothing.
    """
    total = sizes.sum(axis=-1)
    a = sizes / (1 - sizes / total[..., np.newaxis])
    u2 = sizes * a
    spread = u2.sum(axis=-1) / total
    trace = a.sum(axis=-1) - spread
    trace_sq = np.einsum("...c,...c->...", a, a) - 2 * np.einsum("...c,...c->...", a, u2) / total
    return trace**2 / (trace_sq + spread**2)


def _exact_sums_apply(matrix: ScoreMatrix) -> bool:
    """Whether the scores are whole numbers small enough for exact float64 sums: every
    product below stays under 2**52 when ``n * max|s| <= 2**26`` (0/1 scores: 67M items)."""
    if matrix.has_missing or not (matrix.integer_valued or matrix.is_binary):
        return False
    low, high = matrix.value_range
    return matrix.n_items * max(abs(low), abs(high), 1.0) <= 2**26


def _residual_sums(
    matrix: ScoreMatrix, codes: np.ndarray, n_clusters: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row: mean, residual sums per cluster ``S_c`` (rows x C), cluster sizes (C, or
    rows x C with missing scores), scored items ``n``, ordinary variance of the mean."""
    values = matrix.values
    n = matrix.n_obs.astype(np.float64)
    if _exact_sums_apply(matrix):
        # Whole numbers (0/1 correctness): cluster and row sums are exact, so the residual
        # sums (n T_c - n_c T) / n and the ordinary variance (n Q - T^2) / (n^2 (n - 1))
        # have exact numerators and one rounding each, with no centred copy of the scores.
        sizes = np.bincount(codes, minlength=n_clusters).astype(np.float64)
        raw = cluster_sums(values, codes, n_clusters)
        totals = raw.sum(axis=1)
        squares = totals if matrix.is_binary else np.einsum("ij,ij->i", values, values)
        matrix.row_sums = totals  # exact, equal to values.sum(axis=1); reused by the warning
        sums = (n[:, None] * raw - sizes * totals[:, None]) / n[:, None]
        naive = (n * squares - totals**2) / n**2 / (n - 1)
        return totals / n, sums, sizes, n, naive
    if not matrix.has_missing:
        sizes = np.bincount(codes, minlength=n_clusters).astype(np.float64)
        mean = matrix.row_sums / n  # == values.mean(axis=1)
        # Lay the residuals out the way cluster_sums reads them fastest (see its Notes).
        residuals = np.subtract(values, mean[:, None], order="K" if _is_sorted(codes) else "F")
    else:  # each model on its own scored items (missing="omit"), zeros for the others
        observed = ~np.isnan(values)
        sizes = cluster_sums(observed, codes, n_clusters)
        mean = np.where(observed, values, 0.0).sum(axis=1) / n
        residuals = np.where(observed, values - mean[:, None], 0.0)
    naive = np.einsum("ij,ij->i", residuals, residuals) / (n - 1) / n
    return mean, cluster_sums(residuals, codes, n_clusters), sizes, n, naive


def _clustered_se(
    matrix: ScoreMatrix, clusters: Any, *, method: str, confidence: float, warn: bool = False
) -> pd.DataFrame:
    level = check_confidence(confidence)
    codes, n_clusters = cluster_codes(clusters, matrix)
    mean, sums, sizes, n, naive_var = _residual_sums(matrix, codes, n_clusters)
    counts = np.broadcast_to((sizes > 0).sum(axis=-1), mean.shape)
    if (counts < 2).any():  # possible only with missing scores
        row = int(np.flatnonzero(counts < 2)[0])
        raise ValueError(
            f"model {matrix.index[row]!r} has scored items in {int(counts[row])} cluster(s); "
            "clustered errors need at least 2"
        )
    squares = np.square(sums)
    if method == "CR2":
        variance = (squares / (1 - sizes / n[:, None])).sum(axis=1) / n**2
        df = np.broadcast_to(_bell_mccaffrey_df(sizes), mean.shape).astype(np.float64)
    else:
        factor = counts / (counts - 1) if method == "CR1" else 1.0
        variance = factor * squares.sum(axis=1) / n**2
        df = (counts - 1).astype(np.float64)
    se = np.sqrt(variance)
    with np.errstate(invalid="ignore", divide="ignore"):
        design_effect = np.where(naive_var > 0, variance / naive_var, np.nan)
    if warn:
        warn_if_degenerate(matrix, se, stacklevel=4)
    same_df = bool((df == df[0]).all())  # one quantile for all rows unless scores are missing
    t = sps.t.ppf(0.5 + level / 2, df[0] if same_df else df)
    return interval_frame(
        matrix,
        {
            "mean": mean,
            "se": se,
            "ci_low": mean - t * se,
            "ci_high": mean + t * se,
            "n": matrix.n_obs,
            "n_clusters": counts.astype(np.int64),
            "df": df,
            "design_effect": design_effect,
        },
    )


def stratified_se(
    scores: Any, strata: Any, *, confidence: float = 0.95, bounded: bool = True
) -> pd.DataFrame:
    """Mean score with the standard error of a stratified sample.

    When a benchmark is built by drawing a fixed number of items from each stratum
    (subject, difficulty band, source), only within-stratum variation is sampling noise::

        Var = sum_h n_h * s_h^2 / n^2

    where ``s_h^2`` is the ddof=1 variance of the scores in stratum ``h`` and ``n_h`` its
    number of items. The overall mean is the plain item mean (strata weighted by size).

    Parameters
    ----------
    scores
        Per-item scores, models x items, 1-D or 2-D.
    strata
        One stratum id per item (every stratum needs at least two items; a single stratum
        is allowed and gives the ordinary SE): a Series indexed by item (aligned on the item
        labels), the name of a column of a response matrix's ``.items``, or a plain
        sequence in item order (matched by position).
    confidence
        Coverage of the two-sided normal interval.
    bounded
        Scores are fractions in ``[0, 1]`` (default); ``False`` for unbounded scores.

    Returns
    -------
    pandas.DataFrame
        One row per model with ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n``, ``n_strata``.

    Notes
    -----
    The stratified SE is usually smaller than the ordinary SE, much smaller when strata
    differ in mean, but it is *not* bounded by it: when items within a stratum differ more
    than items overall, it can exceed the ordinary SE by a factor of up to about
    ``sqrt(max_h n_h / (n_h - 1))``, i.e. 1.41 with two-item strata. With small strata
    the within-stratum variances are also very noisy. It is correct only if the strata
    sizes were fixed by design; if strata were themselves sampled, use
    :func:`clustered_se` instead.

    Examples
    --------
    >>> stratified_se([0, 0, 1, 1], ["a", "a", "b", "b"])["se"].item()
    0.0
    """
    matrix = as_score_matrix(scores, bounded=bounded)
    z = critical_value(confidence)
    codes, n_strata = cluster_codes(strata, matrix, name="strata", min_clusters=1)
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
