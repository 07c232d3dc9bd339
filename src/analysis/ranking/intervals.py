"""Rank confidence intervals: bootstrap over items, or parametric from published means ± SEs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..stats import bootstrap_mean
from ..stats._validation import as_score_matrix, check_confidence, check_rng, row_labels
from ._ranks import check_resamples, check_ties, model_index, rank_rows

__all__ = ["bootstrap_rank_intervals", "parametric_rank_intervals", "rank_intervals_from_replicates"]


def rank_intervals_from_replicates(
    estimates: Any,
    replicates: Any,
    *,
    confidence: float = 0.95,
    ties: str = "min",
    higher_is_better: bool = True,
) -> pd.DataFrame:
    """Each model's rank and its percentile interval, from replicate scores of all models.

    Every row of ``replicates`` is one resampled leaderboard; it is ranked as a whole
    (one ``argsort`` along the model axis for all rows at once), so each model's interval
    is the spread of its rank over the replicates.

    Parameters
    ----------
    estimates
        Point estimates, one per model (a Series indexed by model, or an array): the
        observed leaderboard, ranked for ``rank``.
    replicates
        ``(n_resamples, models)`` replicate scores, columns in the order of ``estimates``.
    confidence
        Coverage of each model's two-sided percentile interval of ranks.
    ties
        How tied scores are ranked in the observed leaderboard and in every replicate:
        ``"min"`` (default, competition ranking 1, 2, 2, 4: tied models share the better
        rank), ``"average"`` (1, 2.5, 2.5, 4), ``"max"`` or ``"dense"``.
    higher_is_better
        Rank 1 is the highest score (default) or the lowest.

    Returns
    -------
    pandas.DataFrame
        One row per model (input order, index ``model``): ``estimate``, ``rank`` (of the
        observed estimates, 1 = best), ``rank_ci_low``, ``rank_ci_high`` (the
        ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` quantiles of the replicate
        ranks, ``inverted_cdf`` so they are ranks that occurred), ``rank_median``,
        ``rank_mean``, ``p_first`` (share of replicates in which the model ranks first,
        ties included), ``n_resamples``.

    Examples
    --------
    >>> reps = np.array([[0.9, 0.8, 0.1], [0.7, 0.8, 0.1], [0.9, 0.7, 0.2], [0.9, 0.8, 0.3]])
    >>> out = rank_intervals_from_replicates([0.85, 0.8, 0.2], reps, confidence=0.5)
    >>> out[["rank", "rank_ci_low", "rank_ci_high", "p_first"]].values.tolist()
    [[1.0, 1.0, 1.0, 0.75], [2.0, 1.0, 2.0, 0.25], [3.0, 3.0, 3.0, 0.0]]
    """
    level = check_confidence(confidence)
    check_ties(ties)
    if isinstance(estimates, pd.Series):
        index = model_index(estimates.index)
        est = estimates.to_numpy(dtype=np.float64)
    else:
        est = np.asarray(estimates, dtype=np.float64)
        if est.ndim != 1:
            raise ValueError(f"estimates must be 1-D (one per model); got shape {est.shape}")
        index = pd.RangeIndex(len(est), name="model")
    reps = np.asarray(replicates, dtype=np.float64)
    if reps.ndim != 2 or reps.shape[1] != len(est):
        raise ValueError(
            f"replicates must be an (n_resamples, models) array with {len(est)} columns (one "
            f"per estimate); got shape {reps.shape}"
        )
    if reps.shape[0] < 2:
        raise ValueError(f"need at least 2 replicates; got {reps.shape[0]}")
    if not (np.isfinite(reps).all() and np.isfinite(est).all()):
        raise ValueError("estimates and replicates must be finite (no NaN or infinite values)")
    ranks = rank_rows(reps, ties=ties, higher_is_better=higher_is_better)
    alpha = 1 - level
    low, high = np.quantile(ranks, [alpha / 2, 1 - alpha / 2], axis=0, method="inverted_cdf")
    return pd.DataFrame(
        {"estimate": est,
         "rank": rank_rows(est, ties=ties, higher_is_better=higher_is_better),
         "rank_ci_low": low, "rank_ci_high": high,
         "rank_median": np.median(ranks, axis=0), "rank_mean": ranks.mean(axis=0),
         "p_first": (ranks == 1).mean(axis=0), "n_resamples": reps.shape[0]},
        index=index,
    )


def bootstrap_rank_intervals(
    scores: Any,
    *,
    rng: np.random.Generator | None = None,
    n_resamples: int = 2_000,
    confidence: float = 0.95,
    ties: str = "min",
    replicates: Any = None,
    bounded: bool = True,
) -> pd.DataFrame:
    """Rank confidence intervals from per-item scores, by a paired bootstrap over items.

    Each replicate resamples the items once, with replacement, for **all models together**
    (:func:`analysis.stats.bootstrap_mean` with ``return_replicates=True``), takes every
    model's mean on that resample, and ranks the models within the replicate. A model's
    interval is the central ``confidence`` range of its ranks over the replicates.

    Parameters
    ----------
    scores
        Per-item scores, models x items (DataFrame with models as index, 2-D array, or a
        response matrix); higher is better. Fractions in [0, 1] unless ``bounded=False``.
    rng
        A seeded :class:`numpy.random.Generator` (required unless ``replicates`` is given).
    n_resamples
        Number of bootstrap replicates (2,000 gives quantiles of ranks to about ±1%).
    confidence
        Coverage of each model's interval.
    ties
        Ranking of tied means (see :func:`rank_intervals_from_replicates`). With 0/1 items
        and few items, two models often have the same mean in a replicate; ``"min"``
        (default) gives both the better rank, ``"average"`` the mid-rank.
    replicates
        ``(n_resamples, models)`` replicate means already drawn for these scores (from
        ``bootstrap_mean(..., return_replicates=True)``), to share one resampling with
        other analyses.
    bounded
        Scores are fractions in [0, 1] (default; percentages are refused with a message).

    Returns
    -------
    pandas.DataFrame
        One row per model (input order): ``mean`` (accuracy as a fraction for 0/1 scores),
        ``se`` (bootstrap SE of the mean), ``rank``, ``rank_ci_low``, ``rank_ci_high``,
        ``rank_median``, ``rank_mean``, ``p_first``, ``n_items``, ``n_resamples``.

    Notes
    -----
    The intervals are marginal: each covers its own model's rank, not all ranks at once.
    The bootstrap distribution of a rank is biased when models have (nearly) equal true
    means: the rank of one of two identical models spreads over both positions, but the
    observed leaderboard still puts one first (Hall & Miller 2009). Items are assumed
    independent; for clustered items resample clusters
    (:func:`analysis.stats.cluster_bootstrap_mean`) and pass its replicates.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> truth = np.array([[0.9], [0.6], [0.58], [0.2]])  # four fictional models
    >>> scores = pd.DataFrame((rng.random((4, 500)) < truth).astype(float),
    ...                       index=["a", "b", "c", "d"])
    >>> out = bootstrap_rank_intervals(scores, rng=np.random.default_rng(1), n_resamples=500)
    >>> out[["rank_ci_low", "rank_ci_high"]].astype(int).values.tolist()
    [[1, 1], [2, 3], [2, 3], [4, 4]]
    """
    matrix = as_score_matrix(scores, bounded=bounded)
    level = check_confidence(confidence)
    check_ties(ties)
    index = row_labels(matrix.index)
    if index.has_duplicates:
        raise ValueError(f"model labels must be unique; repeated: {index[index.duplicated()][0]!r}")
    if matrix.values.shape[0] < 2:
        raise ValueError("rank intervals need at least 2 models (rows)")
    if replicates is None:
        if rng is None:
            raise TypeError("bootstrap_rank_intervals needs rng=np.random.default_rng(seed) "
                            "(or replicates=)")
        check_rng(rng)
        n_resamples = check_resamples(n_resamples)
        frame = pd.DataFrame(matrix.values)  # positional: labels are restored below
        _, reps = bootstrap_mean(frame, rng=rng, n_resamples=n_resamples, return_replicates=True,
                                 bounded=False)
    else:
        reps = np.asarray(replicates, dtype=np.float64)
        if reps.ndim != 2 or reps.shape[1] != matrix.values.shape[0]:
            raise ValueError(
                f"replicates must be an (n_resamples, models) array with one column per model "
                f"({matrix.values.shape[0]}); got shape {reps.shape}"
            )
    means = pd.Series(matrix.values.mean(axis=1), index=index)
    out = rank_intervals_from_replicates(means, reps, confidence=level, ties=ties)
    out = out.rename(columns={"estimate": "mean"})
    out.insert(1, "se", reps.std(axis=0, ddof=1))
    out.insert(len(out.columns) - 1, "n_items", matrix.n_items)
    return out


def _means_and_ses(means: Any, se: Any) -> tuple[pd.Series, np.ndarray]:
    if isinstance(means, pd.DataFrame):
        if se is not None:
            raise ValueError("pass either a DataFrame with 'mean' and 'se' columns, or means and se")
        se_col = next((c for c in ("se", "stderr", "std_err") if c in means.columns), None)
        if "mean" not in means.columns or se_col is None:
            raise ValueError(
                "a DataFrame of published results needs a 'mean' column and an 'se' (or "
                f"'stderr') column; got columns {list(means.columns)}"
            )
        return means["mean"].astype(np.float64), means[se_col].to_numpy(dtype=np.float64)
    if se is None:
        raise TypeError("parametric_rank_intervals needs se= (one standard error per model)")
    if isinstance(means, pd.Series):
        mean_series = means.astype(np.float64)
    else:
        array = np.asarray(means, dtype=np.float64)
        if array.ndim != 1:
            raise ValueError(f"means must be 1-D (one per model); got shape {array.shape}")
        mean_series = pd.Series(array)
    if isinstance(se, pd.Series) and isinstance(means, pd.Series):
        missing = mean_series.index.difference(se.index)
        if len(missing):
            raise ValueError(f"se has no entry for model(s) {', '.join(map(repr, missing[:5]))}; "
                             "se is matched to the means by model label")
        se_values = se.loc[mean_series.index].to_numpy(dtype=np.float64)
    else:
        se_values = np.asarray(se, dtype=np.float64)
    if se_values.shape != (len(mean_series),):
        raise ValueError(f"se must hold one standard error per model ({len(mean_series)}); got "
                         f"shape {se_values.shape}")
    return mean_series, se_values


def parametric_rank_intervals(
    means: Any,
    se: Any = None,
    *,
    rng: np.random.Generator,
    n_resamples: int = 10_000,
    confidence: float = 0.95,
    ties: str = "min",
    higher_is_better: bool = True,
    bounded: bool = True,
) -> pd.DataFrame:
    """Rank confidence intervals from published means and standard errors (no per-item data).

    Parametric bootstrap: each replicate draws every model's score independently from
    ``Normal(mean, se^2)`` and ranks the models within the replicate (all replicates at
    once); a model's interval is the central ``confidence`` range of its ranks.

    Parameters
    ----------
    means
        Published scores, one per model: a Series indexed by model, an array, or a
        DataFrame with columns ``mean`` and ``se`` (or ``stderr``), such as the output of
        :func:`analysis.stats.mean_se`.
    se
        Standard errors in the units of ``means`` (a Series is aligned on the model labels).
    rng
        A seeded :class:`numpy.random.Generator` (required).
    n_resamples
        Number of replicates.
    confidence
        Coverage of each model's interval.
    ties
        Ranking of tied scores (see :func:`rank_intervals_from_replicates`). Draws from
        continuous normals tie only when SEs are 0; ties in the published means are ranked
        the same way for ``rank``.
    higher_is_better
        Rank 1 is the highest score (default) or the lowest (errors, times).
    bounded
        Means are fractions in [0, 1] (default): percentages, or standard errors larger
        than 1, are refused with a message. ``False`` for Elo ratings and other units.

    Returns
    -------
    pandas.DataFrame
        One row per model: ``mean``, ``se``, ``rank``, ``rank_ci_low``, ``rank_ci_high``,
        ``rank_median``, ``rank_mean``, ``p_first``, ``n_resamples``.

    Notes
    -----
    The draws are independent between models. When models were scored on the same items
    their errors are positively correlated and differences vary less than independence
    implies, so these intervals are then conservative (too wide); with per-item data use
    :func:`bootstrap_rank_intervals`. The normal approximation is poor for accuracies
    near 0 or 1 on few items.

    Examples
    --------
    >>> published = pd.DataFrame({"mean": [0.71, 0.70, 0.52], "se": [0.02, 0.02, 0.02]},
    ...                          index=["x", "y", "z"])
    >>> out = parametric_rank_intervals(published, rng=np.random.default_rng(0))
    >>> out[["rank", "rank_ci_low", "rank_ci_high"]].astype(int).values.tolist()
    [[1, 1, 2], [2, 1, 2], [3, 3, 3]]
    """
    check_rng(rng)
    level = check_confidence(confidence)
    check_ties(ties)
    n_resamples = check_resamples(n_resamples)
    mean_series, se_values = _means_and_ses(means, se)
    index = model_index(mean_series.index)
    if index.has_duplicates:
        raise ValueError(f"model labels must be unique; repeated: {index[index.duplicated()][0]!r}")
    mu = mean_series.to_numpy()
    if len(mu) < 2:
        raise ValueError("rank intervals need at least 2 models")
    for name, values in (("means", mu), ("se", se_values)):
        bad = ~np.isfinite(values)
        if bad.any():
            raise ValueError(f"{name} has {int(bad.sum())} NaN or infinite value(s) (models: "
                             f"{', '.join(map(str, index[bad][:5]))}); drop those models")
    if (se_values < 0).any():
        raise ValueError("se must be non-negative")
    if bounded:
        as_score_matrix(mu, name="means", bounded=True, min_items=1)
        if (se_values > 1).any():
            raise ValueError(
                f"se ranges up to {se_values.max():g}, more than 1, while the means are fractions "
                "in [0, 1]: standard errors look like percentage points; divide by 100 (or pass "
                "bounded=False for other units)"
            )
    draws = mu + se_values * rng.standard_normal((n_resamples, len(mu)))
    out = rank_intervals_from_replicates(pd.Series(mu, index=index), draws, confidence=level,
                                         ties=ties, higher_is_better=higher_is_better)
    out = out.rename(columns={"estimate": "mean"})
    out.insert(1, "se", se_values)
    return out
