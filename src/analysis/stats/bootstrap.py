"""Bootstrap error bars: resampling items (or whole clusters) with replacement."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from ._frames import interval_frame
from ._validation import (
    as_score_matrix,
    check_confidence,
    check_rng,
    check_whole,
    cluster_codes,
    warn_if_degenerate,
)
from .clustered import cluster_sums

__all__ = ["bootstrap_mean", "cluster_bootstrap_mean", "resample_counts"]

# Replicates per task: each task owns a child generator, so results do not depend on the
# number of threads. Draws are made _BLOCK rows at a time.
_CHUNK = 128
_BLOCK = 16


def resample_counts(rng: np.random.Generator, n_resamples: int, n: int, dtype: Any = np.float32) -> np.ndarray:
    """How often each of ``n`` units is drawn in each of ``n_resamples`` bootstrap samples
    of size ``n``: an ``(n_resamples, n)`` array whose rows sum to ``n``.

    Row ``r`` is ``np.bincount`` of ``n`` uniform draws. The draws for a block of rows come
    from one call (which releases the GIL, so threads draw in parallel); each row is then
    counted on its own, which keeps the bincount target in cache. ``numpy.bincount`` holds
    the GIL, but a GIL-free count (densifying the block as a ``scipy.sparse`` COO matrix,
    identical counts) was measured no faster end to end on two cores (whole-process wall-time
    ratio 0.98, 8 alternated pairs): drawing, counting and the product already keep both
    cores busy.
    """
    counts = np.empty((n_resamples, n), dtype=dtype)
    for start in range(0, n_resamples, _BLOCK):
        draws = rng.integers(0, n, size=(min(_BLOCK, n_resamples - start), n))
        for offset, row in enumerate(draws):
            counts[start + offset] = np.bincount(row, minlength=n)
    return counts


def _run_chunks(task, rng: np.random.Generator, n_resamples: int, n_threads: int | None) -> np.ndarray:
    sizes = [min(_CHUNK, n_resamples - s) for s in range(0, n_resamples, _CHUNK)]
    children = rng.spawn(len(sizes))
    workers = _check_threads(n_threads) if n_threads is not None else min(len(sizes), os.cpu_count() or 1)
    if workers == 1:
        parts = [task(child, size) for child, size in zip(children, sizes, strict=True)]
    else:
        # Our threads already fill the cores: a multi-threaded BLAS inside each would
        # oversubscribe them (measured: about 40% slower).
        with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
            parts = list(pool.map(task, children, sizes))
    return np.concatenate(parts, axis=0)


def _check_threads(n_threads: Any) -> int:
    if isinstance(n_threads, bool) or not isinstance(n_threads, int | np.integer):
        raise ValueError(f"n_threads must be a whole number of threads, at least 1; got {n_threads!r}")
    return int(check_whole(n_threads, "n_threads").item())


def _check_resamples(n_resamples: int) -> int:
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int | np.integer) or n_resamples < 2:
        raise ValueError(f"n_resamples must be an integer >= 2 (typically 10_000); got {n_resamples!r}")
    return int(n_resamples)


def _summarise(matrix, mean, replicates, confidence, extra) -> pd.DataFrame:
    alpha = 1 - confidence
    low, high = np.quantile(replicates, [alpha / 2, 1 - alpha / 2], axis=0)
    columns = {"mean": mean, "se": replicates.std(axis=0, ddof=1), "ci_low": low, "ci_high": high}
    return interval_frame(matrix, columns | extra)


def bootstrap_mean(
    scores: Any,
    *,
    rng: np.random.Generator,
    n_resamples: int = 10_000,
    confidence: float = 0.95,
    n_threads: int | None = None,
    return_replicates: bool = False,
    bounded: bool = True,
) -> pd.DataFrame | tuple[pd.DataFrame, np.ndarray]:
    """Nonparametric bootstrap of the mean score, resampling items with replacement.

    Every model is resampled on the *same* item draws (a paired bootstrap), so differences
    between rows of the replicates keep the between-model correlation.

    Parameters
    ----------
    scores
        Per-item scores, models x items: 1-D (one model) or 2-D (rows = models); see
        :func:`analysis.stats.mean_se`.
    rng
        A :class:`numpy.random.Generator` (required: results are reproducible only with a
        seeded generator). Child generators are spawned from it, one per block of 128
        replicates, so the result is identical for any ``n_threads``.
    n_resamples
        Number of bootstrap replicates.
    confidence
        Coverage of the two-sided percentile interval.
    n_threads
        Worker threads (default: one per CPU, at most one per block).
    return_replicates
        Also return the ``(n_resamples, models)`` array of replicate means.
    bounded
        Scores are fractions in ``[0, 1]`` (default); ``False`` for unbounded scores.

    Returns
    -------
    pandas.DataFrame or (pandas.DataFrame, numpy.ndarray)
        One row per model with ``mean`` (of the original sample), ``se`` (standard
        deviation of the replicates), ``ci_low``, ``ci_high`` (percentile interval), ``n``,
        ``n_resamples``; and optionally the replicates.

    Warns
    -----
    DegenerateIntervalWarning
        When a model's scores are all equal (every replicate is the same: SE 0 and a
        zero-width interval) or, for 0/1 scores, fewer than 10 items were right or wrong.

    Notes
    -----
    Implementation: a replicate mean is ``counts @ scores / n``, where ``counts`` holds how
    often each item was drawn (:func:`resample_counts`), and a single matrix product serves
    every model, so the work is
    O(resamples x items) for drawing plus one BLAS product, instead of materialising every
    resampled matrix as :func:`scipy.stats.bootstrap` does. Binary scores use float32
    (exact: every sum is an integer below 2**24); others use float64.
    ``benchmarks/bench_stats.py`` compares speed and agreement with scipy.

    The percentile interval is reliable for means of many items; like the normal interval
    it assumes independent items (see :func:`cluster_bootstrap_mean`). The bootstrap SE
    divides by ``n`` and so is close to the ddof=0 SE, slightly below :func:`mean_se`.
    """
    matrix = as_score_matrix(scores, bounded=bounded)
    level = check_confidence(confidence)
    check_rng(rng)
    n_resamples = _check_resamples(n_resamples)
    if n_threads is not None:
        _check_threads(n_threads)
    values = matrix.values
    n = values.shape[1]
    exact32 = bool(np.isin(values, (0.0, 1.0)).all()) and n < 2**24
    dtype = np.float32 if exact32 else np.float64
    transposed = np.ascontiguousarray(values.T, dtype=dtype)

    def task(child: np.random.Generator, size: int) -> np.ndarray:
        counts = resample_counts(child, size, n, dtype)
        return (counts @ transposed).astype(np.float64) / n

    replicates = _run_chunks(task, rng, n_resamples, n_threads)
    frame = _summarise(matrix, values.mean(axis=1), replicates, level, {"n": n, "n_resamples": n_resamples})
    warn_if_degenerate(matrix, frame["se"].to_numpy(), stacklevel=3)
    return (frame, replicates) if return_replicates else frame


def cluster_bootstrap_mean(
    scores: Any,
    clusters: Any,
    *,
    rng: np.random.Generator,
    n_resamples: int = 10_000,
    confidence: float = 0.95,
    return_replicates: bool = False,
    bounded: bool = True,
) -> pd.DataFrame | tuple[pd.DataFrame, np.ndarray]:
    """Bootstrap of the mean score that resamples whole clusters with replacement.

    Each replicate draws ``C`` clusters with replacement and takes the mean over all items
    of the drawn clusters (a ratio estimator: ``sum of drawn cluster sums / number of drawn
    items``), so within-cluster correlation is carried into the replicates.

    Parameters
    ----------
    scores
        Per-item scores, models x items, 1-D or 2-D.
    clusters
        One cluster id per item: a Series indexed by item (aligned on the item labels), the
        name of a column of a response matrix's ``.items``, or a plain sequence in item
        order (matched by position).
    rng
        A seeded :class:`numpy.random.Generator`.
    n_resamples, confidence, return_replicates, bounded
        As in :func:`bootstrap_mean`.

    Returns
    -------
    pandas.DataFrame or (pandas.DataFrame, numpy.ndarray)
        One row per model with ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n``,
        ``n_clusters``, ``n_resamples``.

    Warns
    -----
    DegenerateIntervalWarning
        As in :func:`bootstrap_mean`.

    Notes
    -----
    With few clusters (below about 30) the cluster bootstrap, like the analytic clustered
    SE, is too optimistic. Its SE is close to the uncorrected clustered SE
    (:func:`analysis.stats.clustered_se` with ``correction=False``).
    """
    matrix = as_score_matrix(scores, bounded=bounded)
    level = check_confidence(confidence)
    check_rng(rng)
    n_resamples = _check_resamples(n_resamples)
    codes, n_clusters = cluster_codes(clusters, matrix)
    values = matrix.values
    sums = cluster_sums(values, codes, n_clusters).T  # clusters x models
    sizes = np.bincount(codes, minlength=n_clusters).astype(np.float64)

    def task(child: np.random.Generator, size: int) -> np.ndarray:
        weights = resample_counts(child, size, n_clusters, np.float64)
        return (weights @ sums) / (weights @ sizes)[:, None]

    replicates = _run_chunks(task, rng, n_resamples, 1)
    extra = {"n": values.shape[1], "n_clusters": n_clusters, "n_resamples": n_resamples}
    frame = _summarise(matrix, values.mean(axis=1), replicates, level, extra)
    warn_if_degenerate(matrix, frame["se"].to_numpy(), stacklevel=3)
    return (frame, replicates) if return_replicates else frame
