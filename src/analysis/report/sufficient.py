"""Sufficient statistics of the report's per-model numbers, shared by every engine.

The means, standard errors, intervals and Poisson-bootstrap rank intervals of the report
need only sums over items, which add up over any split of the rows: per model the count,
sum and sum of squares of its item scores (the diagonal cross-products), per model and
cluster the sums and counts, per pair of models the cross-product of their item scores
(the models x models Gram matrix, for the paired comparisons of
:mod:`analysis.report.sufficient_pairs`), and per bootstrap replicate the Poisson-weighted
sums and counts (:mod:`analysis.report.poisson`). :func:`partial_statistics` computes them from one
block of item-level rows (the whole matrix in memory, or one Dask partition), ``+`` adds
blocks, and :func:`finish` turns them into the report's table with the same numpy code
whatever engine produced them. Whole-number scores make every sum exact, so two engines
agree to the last bit; fractional item scores (means over repeated runs) agree to rounding.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sps
from scipy.stats import rankdata

from .. import stats
from ..data import ResponseMatrix
from ..stats.clustered import _bell_mccaffrey_df
from .poisson import unit_keys, weighted_sums

__all__ = ["SufficientStatistics", "finish", "from_matrix", "partial_statistics",
           "poisson_replicates", "rank_intervals"]


@dataclass
class SufficientStatistics:
    """Additive statistics of item-level scores (one row per model and item).

    Attributes
    ----------
    models, clusters
        Labels of the rows of the arrays (clusters: ``None`` without clusters).
    n, sums, squares
        Per model: items scored, sum and sum of squares of the item scores.
    non_binary
        Item scores other than 0 and 1 (fractions from repeated runs).
    cluster_sums, cluster_counts
        Models x clusters: sum of the item scores and number of items.
    boot_sums, boot_counts
        Replicates x models: Poisson-weighted sum of item scores and of ones (the
        resampled unit is the cluster when there are clusters, else the item).
    seed
        Seed of the Poisson weights.
    gram
        Models x models: ``sum_i x_ai x_bi`` over the items (its diagonal is ``squares``),
        or ``None`` when not computed. A cross-product needs both models' scores of an item
        in the same block: blocks must hold whole items (every model's row of an item).
    """

    models: pd.Index
    clusters: pd.Index | None
    n: np.ndarray
    sums: np.ndarray
    squares: np.ndarray
    non_binary: int
    cluster_sums: np.ndarray | None
    cluster_counts: np.ndarray | None
    boot_sums: np.ndarray
    boot_counts: np.ndarray
    seed: int
    gram: np.ndarray | None = None

    def __add__(self, other: SufficientStatistics) -> SufficientStatistics:
        if not (self.models.equals(other.models) and self.seed == other.seed
                and self.boot_sums.shape == other.boot_sums.shape):
            raise ValueError("statistics of different models, seeds or replicate counts cannot be added")

        def add(a, b):
            return None if a is None else a + b

        return SufficientStatistics(
            self.models, self.clusters, self.n + other.n, self.sums + other.sums,
            self.squares + other.squares, self.non_binary + other.non_binary,
            add(self.cluster_sums, other.cluster_sums), add(self.cluster_counts, other.cluster_counts),
            self.boot_sums + other.boot_sums, self.boot_counts + other.boot_counts, self.seed,
            None if self.gram is None or other.gram is None else self.gram + other.gram)


def partial_statistics(records: pd.DataFrame, models: pd.Index, clusters: pd.Index | None, *,
                       seed: int, n_resamples: int, cross: bool = True) -> SufficientStatistics:
    """Sufficient statistics of one block of item-level rows.

    Parameters
    ----------
    records
        Columns ``model``, ``item``, ``score`` (the item's score: 0/1, or the mean over
        runs) and, with clusters, ``cluster``; one row per model and item in this block.
    models, clusters
        All model labels and all cluster labels (``None``: no clusters), in the order of
        the result's arrays.
    seed, n_resamples
        Seed and number of the Poisson-bootstrap replicates.
    cross
        Also compute the models x models cross-products (``gram``). They are right only
        when this block holds whole items: every model's row of each of its items (the
        whole matrix, or a partition of a dataset written or shuffled by item). Memory:
        one models x models float64 array (8 MB for 1,000 models) and a dense models x
        items buffer of at most :data:`_GRAM_CELLS` cells.

    Examples
    --------
    >>> rows = pd.DataFrame({"model": ["a", "a", "b", "b"], "item": [1, 2, 1, 2],
    ...                      "score": [1.0, 0.0, 1.0, 1.0]})
    >>> s = partial_statistics(rows, pd.Index(["a", "b"]), None, seed=0, n_resamples=10)
    >>> s.sums.tolist(), s.boot_sums.shape, s.gram.tolist()
    ([1.0, 2.0], (10, 2), [[1.0, 1.0], [1.0, 2.0]])
    """
    m = len(models)
    code = _codes(records["model"], models)
    x = records["score"].to_numpy(dtype=np.float64)
    n = np.bincount(code, minlength=m).astype(np.float64)
    sums = np.bincount(code, weights=x, minlength=m)
    squares = np.bincount(code, weights=x * x, minlength=m)
    non_binary = int(((x != 0) & (x != 1)).sum())
    cluster_sums = cluster_counts = None
    if clusters is not None:
        c = len(clusters)
        cell = code * c + _codes(records["cluster"], clusters)
        cluster_sums = np.bincount(cell, weights=x, minlength=m * c).reshape(m, c)
        cluster_counts = np.bincount(cell, minlength=m * c).reshape(m, c).astype(np.float64)
    # The resampled units held here: their model x unit sums, then the weighted sums.
    unit, uniques = pd.factorize(records["cluster" if clusters is not None else "item"], sort=False)
    cell = unit.astype(np.int64) * m + code
    size = len(uniques) * m
    by_unit = np.stack([np.bincount(cell, weights=x, minlength=size),
                        np.bincount(cell, minlength=size).astype(np.float64)], axis=1)
    boot = weighted_sums(seed, unit_keys(uniques), by_unit.reshape(len(uniques), 2 * m), n_resamples)
    gram = _cross_products(code, records["item"], x, m) if cross else None
    return SufficientStatistics(models, clusters, n, sums, squares, non_binary, cluster_sums,
                                cluster_counts, np.ascontiguousarray(boot[:, 0::2]),
                                np.ascontiguousarray(boot[:, 1::2]), seed, gram)


# Cells of the dense models x items buffer of one step of _cross_products (32 MB).
_GRAM_CELLS = 4_000_000


def _cross_products(code: np.ndarray, item: pd.Series, x: np.ndarray, m: int) -> np.ndarray:
    """``X X^T`` for the models x items matrix ``X`` of a block of rows (model codes
    ``code``, item labels ``item``, scores ``x``; a cell with no row counts 0), built
    from dense slices of at most :data:`_GRAM_CELLS` cells, one matrix product each."""
    local, uniques = pd.factorize(item, sort=False)
    k = len(uniques)
    gram = np.zeros((m, m))
    step = max(1, _GRAM_CELLS // max(m, 1))
    if k <= step:
        dense = np.zeros((m, k))
        dense[code, local] = x
        return dense @ dense.T
    order = np.argsort(local, kind="stable")
    bounds = np.searchsorted(local[order], np.arange(0, k + step, step))
    for lo, start, stop in zip(range(0, k, step), bounds[:-1], bounds[1:], strict=True):
        rows = order[start:stop]
        dense = np.zeros((m, step))
        dense[code[rows], local[rows] - lo] = x[rows]
        gram += dense @ dense.T
    return gram


def _codes(column: pd.Series, labels: pd.Index) -> np.ndarray:
    """Positions in ``labels`` of each value of ``column``, matched by text (``str``): the
    distinct values are matched once (a categorical column costs nothing more)."""
    local, uniques = pd.factorize(column, sort=False)
    where = labels.astype(str).get_indexer(pd.Index(uniques).astype(str))
    if (where < 0).any():
        raise ValueError(f"values not among the labels given: {list(uniques[where < 0][:5])}")
    return where[local]


def from_matrix(matrix: ResponseMatrix, *, seed: int = 0, n_resamples: int = 2000,
                clusters: pd.Series | None = None, cross: bool = True) -> SufficientStatistics:
    """The statistics of a whole response matrix (the in-memory engine): one block.

    ``clusters``: one cluster per item (a Series indexed by item), or ``None``. ``cross``:
    also the cross-products ``X X^T`` (one matrix product of the scores), which
    :mod:`analysis.report.sufficient_pairs` needs and the per-model numbers do not.

    Examples
    --------
    >>> from analysis.data import from_long
    >>> rows = pd.DataFrame({"model": ["a", "a", "b", "b"], "item": ["x", "y"] * 2,
    ...                      "score": [1, 0, 1, 1]})
    >>> from_matrix(from_long(rows), n_resamples=10).n.tolist()
    [2.0, 2.0]
    """
    scores = matrix.scores
    m, n = scores.shape
    values = scores.to_numpy(dtype=np.float64)
    records = pd.DataFrame({"model": np.repeat(scores.index.to_numpy(), n),
                            "item": np.tile(scores.columns.to_numpy(), m),
                            "score": values.ravel()})
    labels = None
    if clusters is not None:
        per_item = clusters.reindex(scores.columns).to_numpy()
        records["cluster"] = np.tile(per_item, m)
        labels = pd.Index(pd.unique(per_item))
    # The matrix is already dense: its cross-products are one product, not a rebuild of it
    # from the rows.
    out = partial_statistics(records, pd.Index(scores.index), labels, seed=seed,
                             n_resamples=n_resamples, cross=False)
    out.gram = values @ values.T if cross else None
    return out


def _rules() -> dict[str, float]:
    from .analyse import _rules as rules

    return rules()


def finish(s: SufficientStatistics, *, confidence: float = 0.95) -> pd.DataFrame:
    """Per-model mean, SE and interval from the statistics, with the interval that
    :func:`analysis.report.choose_intervals` chooses (CR2 clustered with Bell-McCaffrey df;
    for independent 0/1 items normal, Wilson or Clopper-Pearson by the count of the rarer
    outcome; otherwise t), and the same columns.

    The formulas are those of :func:`analysis.stats.clustered_se` (exact-sum path:
    residual cluster sums ``(n T_c - n_c T) / n``), :func:`analysis.stats.mean_se`
    (``var = (n Q - T^2) / (n^2 (n - 1))``), :func:`analysis.stats.wilson` and
    :func:`analysis.stats.clopper_pearson`.
    """
    n, total = s.n, s.sums
    if (n < 2).any() or not (n == n[0]).all():
        raise ValueError(f"every model needs the same items (2 or more); items per model: {n[:5].tolist()}")
    mean = total / n
    naive = np.sqrt(np.maximum(n * s.squares - total**2, 0.0) / n**2 / (n - 1))
    z = stats.critical_value(confidence)
    t_naive = sps.t.ppf(0.5 + confidence / 2, n - 1)
    use_clusters = s.clusters is not None and 2 <= len(s.clusters) < n[0]
    out = pd.DataFrame(index=pd.Index(s.models, name="model"))
    if use_clusters:
        sizes = s.cluster_counts[0]
        resid = (n[:, None] * s.cluster_sums - sizes * total[:, None]) / n[:, None]
        se = np.sqrt((np.square(resid) / (1 - sizes / n[:, None])).sum(axis=1) / n**2)
        t = sps.t.ppf(0.5 + confidence / 2, _bell_mccaffrey_df(sizes))
        out = out.assign(mean=mean, se=se, ci_low=mean - t * se, ci_high=mean + t * se, n=n,
                         method="CR2 clustered")
    elif s.non_binary == 0:
        k = np.round(total).astype(np.int64)
        trials = n.astype(np.int64)
        rarer = np.minimum(k, trials - k)
        rules = _rules()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", stats.DegenerateIntervalWarning)
            cp = stats.clopper_pearson(k, trials, confidence=confidence)
            wil = stats.wilson(k, trials, confidence=confidence)
        low, high = cp["ci_low"].to_numpy(), cp["ci_high"].to_numpy()
        se = cp["se"].to_numpy()
        method = np.full(len(n), "Clopper–Pearson", dtype=object)
        wilson = rarer >= rules.get("wilson", 5)
        normal = rarer >= rules.get("normal", 50)
        low = np.where(wilson, wil["ci_low"], low)
        high = np.where(wilson, wil["ci_high"], high)
        se = np.where(wilson, wil["se"], se)
        method[wilson] = "Wilson"
        low, high = np.where(normal, mean - z * naive, low), np.where(normal, mean + z * naive, high)
        se = np.where(normal, naive, se)
        method[normal] = "normal (CLT)"
        out = out.assign(mean=mean, se=se, ci_low=low, ci_high=high, n=n, method=method)
    else:
        out = out.assign(mean=mean, se=naive, ci_low=mean - t_naive * naive,
                         ci_high=mean + t_naive * naive, n=n, method="t (CLT)")
    out["se_naive"] = naive
    out["design_effect"] = (out["se"] / naive) ** 2 if use_clusters else 1.0
    out["n_clusters"] = len(s.clusters) if use_clusters else 0
    out["n"] = out["n"].astype(np.int64)
    return out


def rank_intervals(replicates: np.ndarray, order: pd.Index, *, confidence: float = 0.95) -> pd.DataFrame:
    """Rank intervals from bootstrap replicate means (replicates x models, columns in the
    order of ``order``): the ``(1 - confidence) / 2`` quantiles of each model's rank (1 =
    best; ties take the best rank) and the share of replicates where it ranks first."""
    ranks = rankdata(-replicates, axis=1, method="min")
    tail = (1 - confidence) / 2
    low = np.quantile(ranks, tail, axis=0, method="inverted_cdf")
    high = np.quantile(ranks, 1 - tail, axis=0, method="inverted_cdf")
    return pd.DataFrame({"rank_low": low.astype(int), "rank_high": high.astype(int),
                         "p_first": (ranks == 1).mean(axis=0)}, index=order)


def poisson_replicates(s: SufficientStatistics) -> np.ndarray:
    """Replicate means (replicates x models): weighted sums over weighted counts."""
    with np.errstate(invalid="ignore", divide="ignore"):
        reps = s.boot_sums / s.boot_counts
    if not np.isfinite(reps).all():
        raise ValueError("a Poisson replicate drew no unit (too few items or clusters to resample)")
    return reps
