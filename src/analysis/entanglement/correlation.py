"""Capability score and capabilities correlation (Ren et al. 2024), with a bootstrap over models.

A benchmark's *capabilities correlation* is the Spearman correlation, over models, between
its scores and a general-capability score: the first principal component of the rank
correlation matrix of a set of capability benchmarks, applied to their z-scores. With a
few dozen models every such correlation is uncertain; :func:`capabilities_correlation`
puts a percentile bootstrap interval on each, resampling models and refitting the
capability score in every replicate.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..stats._checks import check_confidence, check_rng
from ._checks import as_table, check_n_boot
from .components import _fix_signs, correlation_pca

__all__ = ["zscore", "capability_score", "capabilities_correlation"]


def zscore(scores: pd.DataFrame) -> pd.DataFrame:
    """Standardize each benchmark over the models that have it (population sd, ``ddof=0``).

    ``z = (x - mean) / sd`` per column, NaN kept as NaN; the population standard deviation
    is the one Ren et al. (2024) use. Units drop out, so benchmarks reported in
    percentages, fractions or game points can be combined afterwards.

    Examples
    --------
    >>> import pandas as pd
    >>> zscore(pd.DataFrame({"a": [1.0, 2.0, 3.0]}))["a"].round(4).tolist()
    [-1.2247, 0.0, 1.2247]
    """
    table = as_table(scores, min_models=2)
    sd = table.std(ddof=0)
    constant = sd.index[sd == 0].tolist()
    if constant:
        raise ValueError(f"benchmarks {constant[:5]} have the same score for every model: a "
                         "z-score is undefined; drop them")
    return (table - table.mean()) / sd


def _capability_benchmarks(table: pd.DataFrame, capability: Any) -> list:
    if isinstance(capability, str) or not hasattr(capability, "__iter__"):
        raise TypeError("capability must be a list of benchmark names (columns of scores)")
    names = list(capability)
    if len(names) < 2:
        raise ValueError("capability needs at least two benchmarks")
    unknown = [c for c in names if c not in table.columns]
    if unknown:
        raise ValueError(f"capability benchmarks {unknown[:5]} are not columns of scores")
    if len(set(names)) != len(names):
        raise ValueError("capability lists a benchmark twice")
    return names


def capability_score(scores: pd.DataFrame, capability: Any, *,
                     method: str = "spearman") -> pd.Series:
    """General-capability score of each model, as in Ren et al. (2024).

    The weights are the PC1 eigenvector ``w`` of the correlation matrix (Spearman by
    default) of the ``capability`` benchmarks over models scored on all of them
    (:func:`correlation_pca`), signed to sum positive; the score is ``Z w`` with ``Z`` the
    benchmarks' z-scores (population sd, :func:`zscore`, computed over all models that have
    each benchmark, as in the authors' code).

    Parameters
    ----------
    scores
        Models x benchmarks in any units.
    capability
        Names of the capability benchmarks (at least two).
    method
        ``"spearman"`` or ``"pearson"`` for the correlation matrix.

    Returns
    -------
    pandas.Series
        One score per model scored on every capability benchmark (others are left out);
        ``attrs["share"]`` is PC1's share of the eigenvalues, ``attrs["weights"]`` the
        weights.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 3, 2, 4], "c": [0, 1, 1, 2]})
    >>> capability_score(s, ["a", "b"]).round(3).tolist()
    [-1.897, 0.0, 0.0, 1.897]
    """
    table = as_table(scores, min_models=3)
    names = _capability_benchmarks(table, capability)
    decomposition = correlation_pca(table[names], method=method)
    weights = decomposition.loc[names, "PC1"]
    z = zscore(table[names]).dropna()
    out = pd.Series(z.to_numpy() @ weights.to_numpy(), index=z.index, name="capability_score")
    out.attrs["share"] = float(decomposition.loc["share", "PC1"])
    out.attrs["weights"] = weights
    return out


def _resample_ranks(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Average ranks of each model's value within each bootstrap resample.

    ``values`` is (n, p) with NaN for missing cells, ``counts`` (B, n) how often each model
    was drawn. A model drawn ``c`` times contributes ``c`` tied copies; its rank among the
    drawn, observed values is ``L + (E + 1) / 2`` with ``L`` the number of drawn values
    below it and ``E`` the number equal to it (its own copies included), the average rank
    of a tie group. Returns (B, n, p), NaN where the value is missing. Equivalent to
    ranking the resampled vector with ``scipy.stats.rankdata`` (a test checks), without
    materialising the resamples.
    """
    ok = ~np.isnan(values)
    below = (values[None, :, :] < values[:, None, :]).astype(np.float64)  # (i, j, p)
    equal = (values[None, :, :] == values[:, None, :]).astype(np.float64)
    low = np.tensordot(counts, below, axes=([1], [1]))  # (B, i, p)
    tied = np.tensordot(counts, equal, axes=([1], [1]))
    return np.where(ok[None], low + (tied + 1) / 2, np.nan)


def _score_ranks(score: np.ndarray, counts: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """Ranks of a per-replicate score (B, n) within each resample, restricted for each
    benchmark to the models observed on it (``observed`` (n, p)): (B, n, p)."""
    below = (score[:, None, :] < score[:, :, None]) * counts[:, None, :]  # (B, i, j)
    equal = (score[:, None, :] == score[:, :, None]) * counts[:, None, :]
    mask = observed.astype(np.float64)
    return (below @ mask) + ((equal @ mask) + 1) / 2


def _weighted_pearson(a: np.ndarray, b: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Pearson correlation over axis 1 of (B, n, p) arrays with weights (B, n, p) (a
    model's weight is how often it was drawn; 0 leaves it out); NaN where undefined."""
    w = np.where(np.isnan(a) | np.isnan(b), 0.0, weights)
    a0, b0 = np.where(w > 0, a, 0.0), np.where(w > 0, b, 0.0)
    wa, wb = w * a0, w * b0

    def total(x, y):  # sum over models, as one contraction per replicate and benchmark
        return np.einsum("bnp,bnp->bp", x, y)

    sw = w.sum(axis=1)
    sa, sb = np.einsum("bnp->bp", wa), np.einsum("bnp->bp", wb)
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = total(wa, b0) - sa * sb / sw
        var_a = total(wa, a0) - sa ** 2 / sw
        var_b = total(wb, b0) - sb ** 2 / sw
        r = cov / np.sqrt(var_a * var_b)
        r[(var_a <= 1e-9 * np.maximum(sw, 1)) | (var_b <= 1e-9 * np.maximum(sw, 1))] = np.nan
    r[~np.isfinite(r)] = np.nan
    return np.clip(r, -1.0, 1.0)


def _replicate_scores(cap: np.ndarray, counts: np.ndarray, method: str) -> np.ndarray:
    """Capability score of each model in each replicate: ``cap`` (n, k) raw scores of the
    capability benchmarks (complete), ``counts`` (B, n). Z-scores with the resample's mean
    and population sd, the resample's correlation matrix, its PC1 (signed to sum
    positive). (B, n); NaN rows for degenerate replicates (a constant benchmark)."""
    n = counts.sum(axis=1, keepdims=True)  # (B, 1)
    mean = counts @ cap / n
    sd = np.sqrt(np.maximum(counts @ cap ** 2 / n - mean ** 2, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (cap[None] - mean[:, None, :]) / sd[:, None, :]  # (B, n, k)
    x = _resample_ranks(cap, counts) if method == "spearman" else np.broadcast_to(
        cap[None], z.shape)
    xc = x - np.einsum("bn,bnk->bk", counts, x)[:, None, :] / n[:, :, None]
    cov = np.einsum("bn,bnk,bnl->bkl", counts, xc, xc)
    d = np.sqrt(np.einsum("bkk->bk", cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / (d[:, :, None] * d[:, None, :])
    bad = ~np.isfinite(corr).all(axis=(1, 2)) | (sd == 0).any(axis=1)
    corr[bad] = np.eye(corr.shape[1])
    _, vec = np.linalg.eigh(corr)
    w = _fix_signs(vec[:, :, ::-1])[:, :, 0]
    out = np.einsum("bnk,bk->bn", np.nan_to_num(z), w)
    out[bad] = np.nan
    return out


def _correlations(values: np.ndarray, score: np.ndarray, counts: np.ndarray,
                  method: str) -> np.ndarray:
    """(B, p) correlation of each benchmark (``values`` (n, p)) with the replicate's score
    (B, n) over the drawn models observed on it."""
    observed = ~np.isnan(values)
    weights = counts[:, :, None] * observed[None]
    if method == "spearman":
        a = _resample_ranks(values, counts)
        b = _score_ranks(np.nan_to_num(score), counts, observed)
    else:
        a = np.broadcast_to(values[None], weights.shape)
        b = np.broadcast_to(score[:, :, None], weights.shape)
    out = _weighted_pearson(a, b, weights)
    out[np.isnan(score).any(axis=1)] = np.nan
    return out


def capabilities_correlation(scores: pd.DataFrame, capability: Any, *,
                             rng: np.random.Generator, n_boot: int = 2000,
                             confidence: float = 0.95, method: str = "spearman",
                             benchmarks: Any = None) -> pd.DataFrame:
    """Correlation of each benchmark with the capability score, with bootstrap intervals.

    For each benchmark, Spearman's rho (or Pearson's r) between its scores and
    :func:`capability_score` over the models that have both (NaN cells are dropped per
    benchmark, as Ren et al. 2024 do). The interval is a percentile bootstrap over
    models: each replicate draws models with replacement from those with a capability
    score, recomputes the z-scores, the correlation matrix, its PC1 weights and the
    capability score on the replicate, then the correlation of every benchmark (ties from
    repeated models get average ranks). All replicates are computed at once as arrays
    of how often each model was drawn, without materialising the resamples.

    Parameters
    ----------
    scores
        Models x benchmarks in any units; a benchmark whose direction is "lower is better"
        must be negated first, so that a positive correlation means "more capable models
        score better".
    capability
        Names of the capability benchmarks defining the score.
    rng
        A seeded :class:`numpy.random.Generator`.
    n_boot
        Replicates (at least 100).
    confidence
        Level of the percentile interval.
    method
        ``"spearman"`` (default) or ``"pearson"``.
    benchmarks
        Benchmarks to report (default: every column, the capability ones included).

    Returns
    -------
    pandas.DataFrame
        Indexed by benchmark: ``rho``, ``ci_low``, ``ci_high``, ``n_models`` (models used
        for the point estimate), ``is_capability``, ``degenerate`` (share of replicates in
        which the correlation was undefined, e.g. a benchmark constant over the drawn
        models; those are left out of the interval).

    Notes
    -----
    With 20-30 models the intervals are wide; a percentile bootstrap of a correlation is
    also somewhat too narrow in small samples. The capability benchmarks' own correlations
    are inflated: each is part of the score it is correlated with.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> g = rng.normal(size=30)
    >>> s = pd.DataFrame({"a": g + rng.normal(size=30), "b": g + rng.normal(size=30),
    ...                   "c": g + rng.normal(size=30), "x": rng.normal(size=30)})
    >>> out = capabilities_correlation(s, ["a", "b", "c"], rng=np.random.default_rng(1),
    ...                                n_boot=200)
    >>> bool(out.loc["x", "ci_low"] < 0 < out.loc["x", "ci_high"])
    True
    """
    table = as_table(scores, min_models=3)
    names = _capability_benchmarks(table, capability)
    rng = check_rng(rng)
    n_boot = check_n_boot(n_boot)
    confidence = check_confidence(confidence)
    if method not in ("spearman", "pearson"):
        raise ValueError(f"method must be 'spearman' or 'pearson'; got {method!r}")
    if benchmarks is None:
        report = list(table.columns)
    else:
        report = [benchmarks] if isinstance(benchmarks, str) else list(benchmarks)
        unknown = [b for b in report if b not in table.columns]
        if unknown:
            raise ValueError(f"benchmarks {unknown[:5]} are not columns of scores")
    score = capability_score(table, names, method=method)
    rows = table.loc[score.index, report].to_numpy()
    cap = table.loc[score.index, names].to_numpy()
    ones = np.ones((1, len(score)))
    rho = _correlations(rows, score.to_numpy()[None], ones, method)[0]
    n_models = (~np.isnan(rows)).sum(axis=0)
    # bootstrap over the models with a capability score: how often each model is drawn
    n = len(score)
    idx = rng.integers(0, n, size=(n_boot, n))
    counts = np.zeros((n_boot, n))
    np.add.at(counts, (np.arange(n_boot)[:, None], idx), 1.0)
    # replicates in chunks of bounded memory (arrays of chunk x n x max(n, p) numbers)
    chunk = max(1, int(4e6 // (n * max(n, rows.shape[1]))))
    reps = np.concatenate([
        _correlations(rows, _replicate_scores(cap, part, method), part, method)
        for part in np.array_split(counts, -(-n_boot // chunk))])
    tail = (1 - confidence) / 2
    degenerate = np.isnan(reps).mean(axis=0)
    with np.errstate(invalid="ignore"):
        ok = ~np.isnan(reps).all(axis=0)
        low = np.full(len(report), np.nan)
        high = np.full(len(report), np.nan)
        low[ok] = np.nanquantile(reps[:, ok], tail, axis=0)
        high[ok] = np.nanquantile(reps[:, ok], 1 - tail, axis=0)
    return pd.DataFrame({
        "rho": rho, "ci_low": low, "ci_high": high, "n_models": n_models,
        "is_capability": [b in names for b in report], "degenerate": degenerate,
    }, index=pd.Index(report, name="benchmark"))

