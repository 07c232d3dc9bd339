"""How much a ranking of benchmarks by risk depends on how the dimensions are weighted.

A single BenchRisk number for a benchmark is a weighted mean of its five dimension scores;
the site's average uses equal weights, the corrected total weights each dimension by its
share of the registry's severity. Neither choice is forced. These functions rank the
benchmarks under many weight vectors (random draws from a Dirichlet distribution over the
simplex, or one weight changed at a time) and summarise how often each benchmark comes out
riskiest. Rank 1 is the riskiest benchmark: the *lowest* weighted score.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from ..stats._checks import check_fraction, check_rng

__all__ = [
    "weighted_scores",
    "risk_ranks",
    "dirichlet_weights",
    "rank_distribution",
    "rank_sensitivity",
    "one_at_a_time",
]


def _scores(dimension_scores: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(dimension_scores, pd.DataFrame):
        raise TypeError("dimension_scores must be a DataFrame (benchmarks x dimensions); got "
                        f"{type(dimension_scores).__name__}")
    if dimension_scores.shape[0] < 2 or dimension_scores.shape[1] < 1:
        raise ValueError("dimension_scores needs at least two benchmarks (rows) and one "
                         f"dimension (column); got shape {dimension_scores.shape}")
    check_fraction(dimension_scores.to_numpy(), "dimension_scores", what="a score")
    return dimension_scores


def _weights(weights, columns: Sequence[str]) -> np.ndarray:
    """Weights as a 2-D float array (draws x dimensions), each row summing to 1."""
    if isinstance(weights, pd.Series):
        unknown = sorted(set(weights.index) - set(columns))
        if unknown or len(weights) != len(columns):
            raise ValueError(f"weights must be indexed by the dimensions {list(columns)}; got "
                             f"{list(weights.index)}")
        weights = weights.reindex(list(columns)).to_numpy()
    elif isinstance(weights, pd.DataFrame):
        if list(weights.columns) != list(columns):
            weights = weights.reindex(columns=list(columns))
            if weights.isna().any().any():
                raise ValueError(f"weights' columns must be the dimensions {list(columns)}")
        weights = weights.to_numpy()
    array = check_fraction(weights, "weights", what="a weight")
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or array.shape[1] != len(columns):
        raise ValueError(f"weights must have {len(columns)} entries per row (one per "
                         f"dimension); got shape {np.shape(weights)}")
    if not np.allclose(array.sum(axis=1), 1.0, atol=1e-9):
        raise ValueError("each row of weights must sum to 1 (fractions of the whole); got "
                         f"sums {np.unique(array.sum(axis=1).round(6))[:5]}")
    return array


def weighted_scores(dimension_scores: pd.DataFrame, weights) -> pd.DataFrame:
    """Each benchmark's weighted mean of its dimension scores, under each weight vector.

    Parameters
    ----------
    dimension_scores
        Benchmarks x dimensions, fractions in [0, 1] (e.g. ``score_benchmarks(...)[DIMENSIONS]``).
    weights
        One weight vector (length = number of dimensions; a Series indexed by dimension is
        aligned by name) or an array (draws x dimensions). Each vector sums to 1.

    Returns
    -------
    pandas.DataFrame
        Draws x benchmarks: ``weights @ scores.T``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"a": [0.2, 0.8], "b": [0.6, 0.4]}, index=["X", "Y"])
    >>> weighted_scores(d, [0.5, 0.5]).round(2).to_dict("records")
    [{'X': 0.4, 'Y': 0.6}]
    """
    scores = _scores(dimension_scores)
    w = _weights(weights, list(scores.columns))
    return pd.DataFrame(w @ scores.to_numpy().T, columns=scores.index)


def risk_ranks(scores) -> pd.DataFrame:
    """Rank benchmarks by weighted score within each draw: 1 = lowest score = riskiest.

    Tied benchmarks share the better (smaller) rank ("min" method).

    Parameters
    ----------
    scores
        Draws x benchmarks (from :func:`weighted_scores`).

    Returns
    -------
    pandas.DataFrame
        Same shape, int64 ranks.

    Examples
    --------
    >>> import pandas as pd
    >>> risk_ranks(pd.DataFrame({"X": [0.4], "Y": [0.6], "Z": [0.4]})).iloc[0].tolist()
    [1, 3, 1]
    """
    if not isinstance(scores, pd.DataFrame):
        raise TypeError(f"scores must be a DataFrame (draws x benchmarks); got "
                        f"{type(scores).__name__}")
    values = scores.to_numpy(dtype=float)
    if np.isnan(values).any():
        raise ValueError("scores must not be NaN")
    ranks = rankdata(values, method="min", axis=1).astype("int64")
    return pd.DataFrame(ranks, index=scores.index, columns=scores.columns)


def dirichlet_weights(
    n_draws: int, alpha, *, rng: np.random.Generator, dimensions: Sequence[str] | None = None
) -> pd.DataFrame:
    """Random weight vectors from a Dirichlet distribution over the simplex.

    Parameters
    ----------
    n_draws
        Number of weight vectors.
    alpha
        Concentration: a vector (one per dimension), or a Series indexed by dimension. All
        ones draws uniformly over the simplex; ``c * w0`` centres the draws on the weights
        ``w0`` (larger ``c``, tighter around them).
    rng
        A ``numpy.random.Generator`` (explicit seed: reproducible draws).
    dimensions
        Column names (default: ``alpha``'s index, or ``0..k-1``).

    Returns
    -------
    pandas.DataFrame
        ``n_draws`` x dimensions, rows summing to 1.

    Examples
    --------
    >>> import numpy as np
    >>> w = dirichlet_weights(3, [1, 1, 1], rng=np.random.default_rng(0))
    >>> np.allclose(w.sum(axis=1), 1)
    True
    """
    check_rng(rng)
    if isinstance(n_draws, bool) or not isinstance(n_draws, int | np.integer) or n_draws < 1:
        raise ValueError(f"n_draws must be a whole number >= 1; got {n_draws!r}")
    if dimensions is None:
        dimensions = list(alpha.index) if isinstance(alpha, pd.Series) else None
    a = np.asarray(alpha, dtype=float)
    if a.ndim != 1 or a.size < 2 or np.isnan(a).any() or (a <= 0).any():
        raise ValueError("alpha must be a vector of at least two positive numbers (one per "
                         f"dimension); got {alpha!r}")
    if dimensions is not None and len(dimensions) != a.size:
        raise ValueError(f"dimensions has {len(dimensions)} names for {a.size} alphas")
    return pd.DataFrame(rng.dirichlet(a, size=int(n_draws)),
                        columns=list(dimensions) if dimensions is not None else None)


def rank_distribution(dimension_scores: pd.DataFrame, weights) -> pd.DataFrame:
    """Share of weight vectors that put each benchmark at each risk rank.

    Parameters
    ----------
    dimension_scores, weights
        As for :func:`weighted_scores` (``weights``: draws x dimensions).

    Returns
    -------
    pandas.DataFrame
        Benchmarks x ranks ``1..n`` (1 = riskiest); each row sums to 1.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"a": [0.2, 0.8], "b": [0.6, 0.4]}, index=["X", "Y"])
    >>> rank_distribution(d, [[0.9, 0.1], [0.1, 0.9]]).to_dict("index")
    {'X': {1: 0.5, 2: 0.5}, 'Y': {1: 0.5, 2: 0.5}}
    """
    ranks = risk_ranks(weighted_scores(dimension_scores, weights)).to_numpy()
    n = ranks.shape[1]
    counts = (ranks[:, :, None] == np.arange(1, n + 1)[None, None, :]).mean(axis=0)
    return pd.DataFrame(counts, index=dimension_scores.index,
                        columns=pd.RangeIndex(1, n + 1, name="rank"))


def rank_sensitivity(
    dimension_scores: pd.DataFrame, weights, *, interval: float = 0.9
) -> pd.DataFrame:
    """Summary of each benchmark's risk rank over many weight vectors.

    Parameters
    ----------
    dimension_scores, weights
        As for :func:`weighted_scores` (``weights``: draws x dimensions).
    interval
        Central share of the draws that ``rank_low`` .. ``rank_high`` spans (a fraction).

    Returns
    -------
    pandas.DataFrame
        One row per benchmark, sorted by ``p_riskiest`` then median rank:
        ``rank_median``, ``rank_low``, ``rank_high`` (quantiles of its rank, lower method),
        ``p_riskiest`` (share of draws in which it has the lowest weighted score; a tie for
        lowest shares the draw equally, so the column sums to 1) and ``p_top3`` (rank <= 3).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"a": [0.1, 0.5, 0.9], "b": [0.2, 0.6, 0.7]}, index=["X", "Y", "Z"])
    >>> float(rank_sensitivity(d, [[0.5, 0.5], [1.0, 0.0]]).loc["X", "p_riskiest"])
    1.0
    """
    check_fraction(interval, "interval", what="a share of the draws")
    if not 0 < interval < 1:
        raise ValueError(f"interval must lie strictly between 0 and 1; got {interval!r}")
    scores = weighted_scores(dimension_scores, weights)
    ranks = risk_ranks(scores).to_numpy()
    low_q, high_q = (1 - interval) / 2, 1 - (1 - interval) / 2
    is_min = ranks == 1
    credit = is_min / is_min.sum(axis=1, keepdims=True)
    out = pd.DataFrame({
        "rank_median": np.quantile(ranks, 0.5, axis=0, method="lower"),
        "rank_low": np.quantile(ranks, low_q, axis=0, method="lower"),
        "rank_high": np.quantile(ranks, high_q, axis=0, method="higher"),
        "p_riskiest": credit.mean(axis=0),
        "p_top3": (ranks <= 3).mean(axis=0),
    }, index=dimension_scores.index)
    out[["rank_median", "rank_low", "rank_high"]] = out[
        ["rank_median", "rank_low", "rank_high"]].astype("int64")
    return out.sort_values(["p_riskiest", "rank_median"], ascending=[False, True])


def one_at_a_time(
    dimension_scores: pd.DataFrame,
    base_weights,
    *,
    factors: Sequence[float] = (0.0, 2.0),
) -> pd.DataFrame:
    """Ranks when one dimension's weight is scaled and the weights renormalised.

    For each dimension ``d`` and factor ``f``: ``w_d <- f * w_d``, then all weights are
    divided by their sum. The rest of the weights keep their proportions. ``f = 0`` drops
    the dimension; ``f = 2`` doubles it.

    Parameters
    ----------
    dimension_scores
        Benchmarks x dimensions, fractions.
    base_weights
        One weight vector summing to 1 (a Series indexed by dimension, or an array).
    factors
        Non-negative multipliers.

    Returns
    -------
    pandas.DataFrame
        Long: ``dimension``, ``factor``, ``benchmark``, ``score``, ``rank`` (1 = riskiest),
        ``base_rank`` and ``rank_change`` (rank - base_rank; negative = looks riskier).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"a": [0.1, 0.5], "b": [0.9, 0.4]}, index=["X", "Y"])
    >>> t = one_at_a_time(d, [0.5, 0.5], factors=[0.0])
    >>> t.query("dimension == 'a' and benchmark == 'X'")["rank"].item()
    2
    """
    scores = _scores(dimension_scores)
    base = _weights(base_weights, list(scores.columns))[0]
    f = np.asarray(factors, dtype=float)
    if f.ndim != 1 or f.size == 0 or np.isnan(f).any() or (f < 0).any():
        raise ValueError(f"factors must be a non-empty list of non-negative numbers; got "
                         f"{factors!r}")
    k, n_f = len(base), f.size
    w = np.repeat(base[None, None, :], n_f, axis=1).repeat(k, axis=0)  # dims x factors x k
    w[np.arange(k), :, np.arange(k)] *= f[None, :]
    sums = w.sum(axis=2, keepdims=True)
    if (sums <= 0).any():
        raise ValueError("a factor leaves all weights at zero; use a positive base weight "
                         "elsewhere")
    w = (w / sums).reshape(k * n_f, k)
    s = weighted_scores(scores, w)
    r = risk_ranks(s)
    base_rank = risk_ranks(weighted_scores(scores, base)).iloc[0]
    out = pd.DataFrame({
        "dimension": np.repeat(np.repeat(list(scores.columns), n_f), len(scores)),
        "factor": np.repeat(np.tile(f, k), len(scores)),
        "benchmark": np.tile(scores.index.to_numpy(), k * n_f),
        "score": s.to_numpy().ravel(),
        "rank": r.to_numpy().ravel(),
    })
    out["base_rank"] = base_rank.loc[out["benchmark"]].to_numpy()
    out["rank_change"] = out["rank"] - out["base_rank"]
    return out
