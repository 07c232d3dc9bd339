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
from scipy.stats import rankdata

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


def _pearson_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pearson correlation along axis 1 of two arrays of equal shape, ignoring NaN pairs."""
    ok = ~(np.isnan(a) | np.isnan(b))
    n = ok.sum(axis=1)
    a0 = np.where(ok, a, 0.0)
    b0 = np.where(ok, b, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ma, mb = a0.sum(axis=1) / n, b0.sum(axis=1) / n
        da = np.where(ok, a0 - ma[:, None, ...], 0.0)
        db = np.where(ok, b0 - mb[:, None, ...], 0.0)
        r = (da * db).sum(axis=1) / np.sqrt((da ** 2).sum(axis=1) * (db ** 2).sum(axis=1))
    return r


def _replicate_scores(cap: np.ndarray, method: str) -> np.ndarray:
    """Capability score of each model in each replicate: ``cap`` is (B, n, k) raw scores."""
    sd = cap.std(axis=1, keepdims=True)
    z = (cap - cap.mean(axis=1, keepdims=True)) / np.where(sd == 0, np.nan, sd)
    x = rankdata(cap, axis=1) if method == "spearman" else cap
    xc = x - x.mean(axis=1, keepdims=True)
    cov = np.einsum("bnk,bnl->bkl", xc, xc)
    d = np.sqrt(np.einsum("bkk->bk", cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / (d[:, :, None] * d[:, None, :])
    bad = ~np.isfinite(corr).all(axis=(1, 2))
    corr[bad] = np.eye(corr.shape[1])
    _, vec = np.linalg.eigh(corr)
    w = _fix_signs(vec[:, :, ::-1])[:, :, 0]
    out = np.einsum("bnk,bk->bn", z, w)
    out[bad] = np.nan
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
    repeated models get average ranks). All replicates are computed at once as arrays.

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
    rows = table.loc[score.index, report]
    # point estimates, benchmark by benchmark over the models having it
    sub = rows.to_numpy()[None]
    cap_point = np.broadcast_to(score.to_numpy()[None, :, None], sub.shape)
    rho = _correlate(sub, cap_point, method)[0]
    n_models = rows.notna().sum().to_numpy()
    # bootstrap: resample models with a capability score
    n = len(score)
    idx = rng.integers(0, n, size=(n_boot, n))
    cap_raw = table.loc[score.index, names].to_numpy()[idx]
    boot_score = _replicate_scores(cap_raw, method)
    values = rows.to_numpy()[idx]
    reps = _correlate(values, np.broadcast_to(boot_score[:, :, None], values.shape), method)
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


def _correlate(values: np.ndarray, cap: np.ndarray, method: str) -> np.ndarray:
    """Correlation along axis 1 of (B, n, p) benchmark values with capability scores, per
    column, over the rows where both are observed (ranks recomputed on those rows)."""
    mask = np.isnan(values) | np.isnan(cap)
    a = np.where(mask, np.nan, values)
    b = np.where(mask, np.nan, cap)
    if method == "spearman":
        a = rankdata(a, axis=1, nan_policy="omit")
        b = rankdata(b, axis=1, nan_policy="omit")
    return _pearson_rows(a, b)
