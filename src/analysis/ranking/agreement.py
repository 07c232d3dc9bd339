"""Agreement between rankings: Kendall and Spearman correlation with CIs, pairwise agreement
across leaderboards, and Kendall's W concordance."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd
from scipy import stats as sps

from ..stats._validation import check_confidence, check_rng
from ._ranks import BLOCK_CELLS, align_pair, as_ranking, check_resamples, rank_rows

__all__ = ["rank_correlation", "agreement_matrix", "kendall_w", "PairwiseAgreement"]

Method = Literal["kendall", "spearman"]

#: Fisher-z variance constants: Var(atanh r) ~ c / (n - k) (Fieller, Hartley & Pearson 1957).
FISHER_CONSTANTS = {"spearman": (1.06, 3), "kendall": (0.437, 4)}


def _check_method(method: Any) -> str:
    if method not in ("kendall", "spearman"):
        raise ValueError(f"method must be 'kendall' or 'spearman'; got {method!r}")
    return method


def _point(a: np.ndarray, b: np.ndarray, method: str) -> tuple[float, float]:
    if method == "kendall":
        result = sps.kendalltau(a, b)  # tau-b
    else:
        result = sps.spearmanr(a, b)
    return float(result.statistic), float(result.pvalue)


def _kendall_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Kendall tau-b of every row pair ``(a[r], b[r])`` by sign comparisons over all pairs.

    ``tau_b = sum sign(da) sign(db) / sqrt(#pairs untied in a * #pairs untied in b)``, the
    definition ``scipy.stats.kendalltau`` computes (tested). NaN where a row is constant.
    """
    n = a.shape[1]
    ia, ib = np.triu_indices(n, k=1)
    step = max(1, BLOCK_CELLS // max(len(ia), 1))
    out = np.empty(a.shape[0])
    for start in range(0, a.shape[0], step):  # blocks of replicates bound the memory
        block = slice(start, start + step)
        da = np.sign(a[block][:, ia] - a[block][:, ib])
        db = np.sign(b[block][:, ia] - b[block][:, ib])
        denominator = np.sqrt(np.abs(da).sum(axis=1) * np.abs(db).sum(axis=1))
        with np.errstate(invalid="ignore", divide="ignore"):
            out[block] = (da * db).sum(axis=1) / denominator
    return out


def _spearman_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Spearman rho of every row pair: Pearson correlation of mid-ranks, row by row at once."""
    ra = rank_rows(a, ties="average")
    rb = rank_rows(b, ties="average")
    ra -= ra.mean(axis=1, keepdims=True)
    rb -= rb.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (ra * rb).sum(axis=1) / np.sqrt((ra * ra).sum(axis=1) * (rb * rb).sum(axis=1))


def rank_correlation(
    a: Any,
    b: Any,
    *,
    method: Method = "kendall",
    ci: Literal["bootstrap", "fisher", "none"] = "bootstrap",
    rng: np.random.Generator | None = None,
    n_resamples: int = 2_000,
    confidence: float = 0.95,
    missing: Literal["raise", "intersect"] = "raise",
    return_replicates: bool = False,
) -> pd.Series | tuple[pd.Series, np.ndarray]:
    """Kendall's tau-b or Spearman's rho between two rankings of the same models, with a CI.

    Parameters
    ----------
    a, b
        Scores or ranks, one per model: Series indexed by model (aligned by label) or plain
        sequences of equal length (matched by position). Both must point the same way
        (higher = better in both, or rank 1 = best in both); negate one otherwise.
    method
        ``"kendall"`` (default; tau-b, ties corrected) or ``"spearman"``.
    ci
        ``"bootstrap"`` (default): percentile interval from resampling *models* with
        replacement (pairs bootstrap); needs ``rng``. ``"fisher"``: ``tanh(atanh(r) ± z
        sqrt(c / (n - k)))`` with ``c, k = 1.06, 3`` for Spearman and ``0.437, 4`` for
        Kendall (Fieller, Hartley & Pearson 1957). ``"none"``: no interval.
    rng
        A seeded :class:`numpy.random.Generator` (for ``ci="bootstrap"``).
    n_resamples
        Bootstrap replicates.
    confidence
        Coverage of the two-sided interval.
    missing
        ``"raise"`` (default): an error names the models present in only one ranking (or
        NaN). ``"intersect"``: use the models both rank.
    return_replicates
        Also return the bootstrap replicates of the statistic.

    Returns
    -------
    pandas.Series or (pandas.Series, numpy.ndarray)
        ``estimate`` (exactly ``scipy.stats.kendalltau`` / ``spearmanr``), ``ci_low``,
        ``ci_high``, ``p_value`` (scipy's, for no association), ``n_models``, ``method``,
        ``ci_method``.

    Notes
    -----
    The models are treated as a sample from a population of models, which they rarely
    are: the interval describes how much the correlation depends on which models happen
    to be on both leaderboards, not measurement noise in the scores (for that, use
    :func:`bootstrap_rank_intervals` on per-item data). A resample repeats models, which
    become ties in both rankings; tau-b and mid-ranks handle them. Replicates where one
    ranking is constant (possible with very few models) are dropped; the count kept is
    ``n_resamples``.

    Examples
    --------
    >>> a = pd.Series([0.9, 0.8, 0.7, 0.6, 0.5], index=list("pqrst"))
    >>> b = pd.Series([0.85, 0.9, 0.6, 0.65, 0.4], index=list("pqrst"))
    >>> out = rank_correlation(a, b, ci="fisher")
    >>> round(out["estimate"], 3), out["n_models"]
    (0.6, 5)
    """
    method = _check_method(method)
    level = check_confidence(confidence)
    if ci not in ("bootstrap", "fisher", "none"):
        raise ValueError(f"ci must be 'bootstrap', 'fisher' or 'none'; got {ci!r}")
    sa = as_ranking(a, name="a", allow_nan=missing == "intersect")
    sb = as_ranking(b, name="b", allow_nan=missing == "intersect")
    x, y, _ = align_pair(sa, sb, names=("a", "b"), missing=missing)
    n = len(x)
    if n < 3:
        raise ValueError(f"a rank correlation needs at least 3 shared models; got {n}")
    estimate, p_value = _point(x, y, method)
    low = high = np.nan
    reps = np.empty(0)
    kept = 0
    if ci == "bootstrap":
        if rng is None:
            raise TypeError("ci='bootstrap' needs rng=np.random.default_rng(seed); or pass "
                            "ci='fisher'")
        check_rng(rng)
        n_resamples = check_resamples(n_resamples)
        draws = rng.integers(0, n, size=(n_resamples, n))
        rows = _kendall_rows if method == "kendall" else _spearman_rows
        reps = rows(x[draws], y[draws])
        finite = reps[np.isfinite(reps)]
        kept = len(finite)
        if kept >= 2:
            alpha = 1 - level
            low, high = np.quantile(finite, [alpha / 2, 1 - alpha / 2])
    elif ci == "fisher":
        c, k = FISHER_CONSTANTS[method]
        if n <= k:
            raise ValueError(f"the Fisher-z interval for {method} needs more than {k} models; "
                             f"got {n}")
        q = sps.norm.ppf(0.5 + level / 2)
        with np.errstate(divide="ignore"):
            z = np.arctanh(np.clip(estimate, -1.0, 1.0))
        half = q * np.sqrt(c / (n - k))
        low, high = float(np.tanh(z - half)), float(np.tanh(z + half))
    out = pd.Series({"estimate": estimate, "ci_low": float(low), "ci_high": float(high),
                     "p_value": p_value, "n_models": n, "method": method, "ci_method": ci,
                     "n_resamples": kept}, name=method)
    return (out, reps) if return_replicates else out


def _as_board_frame(leaderboards: Any) -> pd.DataFrame:
    if isinstance(leaderboards, dict):
        frame = pd.concat({k: as_ranking(v, name=f"leaderboard {k!r}", allow_nan=True)
                           for k, v in leaderboards.items()}, axis=1)
    elif isinstance(leaderboards, pd.DataFrame):
        frame = leaderboards
    else:
        raise TypeError("leaderboards must be a DataFrame (models x leaderboards, NaN where a "
                        "model is absent) or a dict of Series indexed by model")
    if frame.index.has_duplicates:
        raise ValueError(f"model {frame.index[frame.index.duplicated()][0]!r} appears twice; "
                         "aggregate duplicate entries first")
    if frame.columns.has_duplicates:
        raise ValueError("leaderboard names must be unique")
    try:
        return frame.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError("leaderboard scores must be numeric") from None


def _oriented(frame: pd.DataFrame, lower_is_better: Any) -> pd.DataFrame:
    lower = [lower_is_better] if isinstance(lower_is_better, str) else list(lower_is_better)
    unknown = [c for c in lower if c not in frame.columns]
    if unknown:
        raise ValueError(f"lower_is_better names unknown leaderboard(s) {unknown}; known: "
                         f"{list(frame.columns)[:10]}")
    out = frame.copy()
    out[lower] = -out[lower]
    return out


class PairwiseAgreement(NamedTuple):
    """Pairwise rank agreement between leaderboards: ``estimate`` (leaderboards x
    leaderboards correlation, NaN where fewer than ``min_models`` are shared) and
    ``n_models`` (how many models each pair shares)."""

    estimate: pd.DataFrame
    n_models: pd.DataFrame


def agreement_matrix(
    leaderboards: Any,
    *,
    method: Method = "kendall",
    min_models: int = 5,
    lower_is_better: Any = (),
) -> PairwiseAgreement:
    """Kendall (or Spearman) correlation between every pair of leaderboards, over the
    models each pair shares, with the number of shared models.

    Parameters
    ----------
    leaderboards
        A DataFrame, models x leaderboards (NaN where a model is not on a leaderboard), or
        a dict mapping leaderboard name to a Series of scores indexed by model. Model names
        must already be harmonised across leaderboards.
    method
        ``"kendall"`` (tau-b, default) or ``"spearman"``.
    min_models
        Pairs sharing fewer models get NaN (a correlation over 3 models is 1, 1/3, -1/3
        or -1).
    lower_is_better
        Names of leaderboards where lower is better (negated before comparing).

    Returns
    -------
    PairwiseAgreement
        ``estimate`` and ``n_models``, both leaderboards x leaderboards; the diagonal
        holds 1 and each leaderboard's number of models.

    Notes
    -----
    Every pair uses its own set of shared models, so entries are not comparable as a
    matrix of one population (a pair sharing only frontier models tends to agree less
    than one spanning small and large models); read them with ``n_models``. Each entry is
    ``scipy.stats.kendalltau`` / ``spearmanr`` on the shared models (tested).

    Examples
    --------
    >>> boards = pd.DataFrame({"A": [0.9, 0.8, 0.7, 0.6, np.nan],
    ...                        "B": [0.7, 0.8, 0.5, 0.4, 0.3]}, index=list("pqrst"))
    >>> out = agreement_matrix(boards, min_models=4)
    >>> round(float(out.estimate.loc["A", "B"]), 3), int(out.n_models.loc["A", "B"])
    (0.667, 4)
    """
    method = _check_method(method)
    if isinstance(min_models, bool) or not isinstance(min_models, int | np.integer) or min_models < 3:
        raise ValueError(f"min_models must be an integer >= 3; got {min_models!r}")
    frame = _oriented(_as_board_frame(leaderboards), lower_is_better)
    names = frame.columns
    values = frame.to_numpy()
    present = ~np.isnan(values)
    counts = present.T.astype(np.int64) @ present.astype(np.int64)
    estimate = np.eye(len(names))
    ia, ib = np.triu_indices(len(names), k=1)
    for i, j in zip(ia, ib, strict=True):  # a loop over pairs of leaderboards (few)
        both = present[:, i] & present[:, j]
        value = np.nan
        if both.sum() >= min_models:
            value = _point(values[both, i], values[both, j], method)[0]
        estimate[i, j] = estimate[j, i] = value
    return PairwiseAgreement(pd.DataFrame(estimate, index=names, columns=names),
                             pd.DataFrame(counts, index=names, columns=names))


def kendall_w(
    rankings: Any,
    *,
    missing: Literal["raise", "intersect"] = "raise",
    lower_is_better: Any = (),
) -> pd.Series:
    """Kendall's coefficient of concordance W of several rankings of the same models.

    With ``m`` rankings of ``n`` models, ``r_ij`` the mid-rank of model ``i`` in ranking
    ``j``, ``R_i = sum_j r_ij`` and ``S = sum_i (R_i - m (n + 1) / 2)^2``::

        W = 12 S / (m^2 (n^3 - n) - m sum_j T_j),   T_j = sum over tie groups (t^3 - t)

    W is 1 when all rankings agree and 0 when the rank sums are all equal. The Friedman
    statistic is ``m (n - 1) W``, chi-squared with ``n - 1`` df for large ``m``; it equals
    ``scipy.stats.friedmanchisquare`` (tested). Without ties, the mean Spearman rho over
    all pairs of rankings is ``(m W - 1) / (m - 1)``.

    Parameters
    ----------
    rankings
        A DataFrame, models x rankings (one column per leaderboard, task or rater; scores
        with higher = better, or ranks after negation via ``lower_is_better``), or a dict
        of Series indexed by model.
    missing
        ``"raise"`` (default): a model missing (NaN) from any ranking is an error naming
        it. ``"intersect"``: use the models every ranking scores.
    lower_is_better
        Names of columns where lower is better (ranks with 1 = best, errors, times).

    Returns
    -------
    pandas.Series
        ``w``, ``chi2`` (Friedman), ``p_value``, ``n_models``, ``n_rankings``.

    Examples
    --------
    Three raters rank four models (1 = best): rank sums 4, 6, 8, 12, so ``S = 35`` and
    ``W = 12 * 35 / (9 * 60) = 7/9``.

    >>> ranks = pd.DataFrame({"r1": [1, 2, 3, 4], "r2": [2, 1, 3, 4], "r3": [1, 3, 2, 4]},
    ...                      index=["a", "b", "c", "d"])
    >>> round(float(kendall_w(ranks, lower_is_better=["r1", "r2", "r3"])["w"]), 6)
    0.777778
    """
    if missing not in ("raise", "intersect"):
        raise ValueError(f"missing must be 'raise' or 'intersect'; got {missing!r}")
    frame = _oriented(_as_board_frame(rankings), lower_is_better)
    nan = frame.isna().any(axis=1)
    if nan.any():
        if missing == "raise":
            raise ValueError(
                f"{int(nan.sum())} model(s) are missing from some ranking (e.g. "
                f"{', '.join(map(repr, frame.index[nan][:5]))}); pass missing='intersect' to use "
                "the models every ranking scores"
            )
        frame = frame[~nan]
    n, m = frame.shape
    if m < 2:
        raise ValueError(f"Kendall's W needs at least 2 rankings (columns); got {m}")
    if n < 2:
        raise ValueError(f"Kendall's W needs at least 2 models shared by all rankings; got {n}")
    ranks = rank_rows(frame.to_numpy().T, ties="average")  # rankings x models
    rank_sums = ranks.sum(axis=0)
    s = float(((rank_sums - m * (n + 1) / 2) ** 2).sum())
    ordered = np.sort(ranks, axis=1)  # tie groups are runs of equal mid-ranks
    starts = np.ones(ordered.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    group = np.cumsum(starts, axis=1) - 1 + (np.arange(m) * n)[:, None]
    sizes = np.bincount(group.ravel(), minlength=m * n).astype(np.float64)
    ties = float((sizes**3 - sizes).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    w = 12 * s / denominator if denominator > 0 else np.nan
    chi2 = m * (n - 1) * w
    return pd.Series({"w": w, "chi2": chi2, "p_value": float(sps.chi2.sf(chi2, n - 1)),
                      "n_models": n, "n_rankings": m}, name="kendall_w")
