"""Many comparisons at once: all pairs of models (or each model against a baseline), with
multiple-comparison control, and a leaderboard grouped into statistically tied tiers."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from ._validation import as_score_matrix, check_confidence, check_rng, item_values, row_labels
from .bootstrap import bootstrap_mean, cluster_bootstrap_mean
from .hypothesis import _ratio, _reference, check_alpha
from .paired import paired_difference
from .resampling import _check_method, _check_replicates, _paired_bootstrap

__all__ = ["adjust_p_values", "pairwise_comparisons", "leaderboard_tiers"]

Test = Literal["z", "t", "bootstrap"]
Adjust = Literal["holm", "bh", "bonferroni", "none"]

_ADJUST_ALIASES = {"holm": "holm", "bh": "bh", "fdr_bh": "bh", "benjamini-hochberg": "bh",
                   "bonferroni": "bonferroni", "none": "none"}

# Item-differences per call to the per-pair estimators (bounds memory for many pairs).
_CELLS_PER_CALL = 2_000_000


def adjust_p_values(
    p_values: Any, *, method: Adjust = "holm", alpha: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Adjust p-values for multiple comparisons: Holm, Benjamini-Hochberg or Bonferroni.

    With the ``m`` p-values sorted, ``p_(1) <= ... <= p_(m)``::

        holm (FWER):       q_(i) = max_{j <= i} min(1, (m - j + 1) p_(j))
        bh (FDR):          q_(i) = min_{j >= i} min(1, m p_(j) / j)
        bonferroni (FWER): q_i   = min(1, m p_i)

    and a hypothesis is rejected when ``q <= alpha``. This is
    ``statsmodels.stats.multitest.multipletests`` with ``method="holm"``,
    ``"fdr_bh"`` and ``"bonferroni"``.

    Parameters
    ----------
    p_values
        1-D p-values in [0, 1], in any order (results come back in the same order).
    method
        ``"holm"`` (default: controls the chance of any false rejection, valid under any
        dependence and never less powerful than Bonferroni), ``"bh"`` (alias
        ``"fdr_bh"``: controls the expected share of false rejections; valid for
        independent or positively dependent tests), ``"bonferroni"`` or ``"none"``.
    alpha
        Family-wise error rate (Holm, Bonferroni) or false discovery rate (BH).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Adjusted p-values and the boolean rejections, in input order.

    Examples
    --------
    >>> q, reject = adjust_p_values([0.01, 0.04, 0.03, 0.005])
    >>> q.round(3).tolist(), reject.tolist()
    ([0.03, 0.06, 0.06, 0.02], [True, False, False, True])
    """
    key = _ADJUST_ALIASES.get(str(method).lower())
    if key is None:
        raise ValueError(
            f"unknown adjustment {method!r}; choose one of 'holm', 'bh' (or 'fdr_bh'), "
            "'bonferroni', 'none'"
        )
    check_alpha(alpha)
    p = np.asarray(p_values, dtype=np.float64)
    if p.ndim != 1:
        raise ValueError(f"p_values must be 1-D; got shape {p.shape}")
    if np.isnan(p).any():
        raise ValueError(f"p_values contain {int(np.isnan(p).sum())} NaN value(s)")
    if ((p < 0) | (p > 1)).any():
        raise ValueError("p_values must lie in [0, 1]")
    m = p.size
    if m == 0 or key == "none":
        return p.copy(), p <= alpha
    if key == "bonferroni":
        adjusted = np.minimum(1.0, m * p)
        return adjusted, adjusted <= alpha
    order = np.argsort(p, kind="stable")
    ranked = p[order]
    rank = np.arange(1, m + 1)
    if key == "holm":
        sorted_adjusted = np.minimum(1.0, np.maximum.accumulate((m - rank + 1) * ranked))
    else:
        sorted_adjusted = np.minimum(1.0, np.minimum.accumulate((m * ranked / rank)[::-1])[::-1])
    adjusted = np.empty(m)
    adjusted[order] = sorted_adjusted
    return adjusted, adjusted <= alpha


def _difference_column(frame: pd.DataFrame) -> np.ndarray:
    for name in ("difference", "diff", "mean"):
        if name in frame.columns:
            return frame[name].to_numpy()
    raise KeyError("paired_difference returned no difference column")  # pragma: no cover


def _pairs_from_covariance(
    values: np.ndarray, ia: np.ndarray, ib: np.ndarray, level: float, test: str
) -> dict[str, np.ndarray]:
    """Paired z- or t-tests of every pair ``row ia - row ib`` from one covariance matrix.

    ``Var(a - b) = S_aa + S_bb - 2 S_ab`` with ``S`` the ddof=1 covariance of the rows
    over items, so one (models x models) matrix product replaces forming the
    ``pairs x items`` differences. Same numbers as :func:`analysis.stats.paired_difference`
    (z) and :func:`analysis.stats.paired_t_test` (t), to rounding (tested).
    """
    n = values.shape[1]
    means = values.mean(axis=1)
    centred = values - means[:, None]
    covariance = centred @ centred.T / (n - 1)
    own = np.diag(covariance)
    variance = own[ia] + own[ib] - 2 * covariance[ia, ib]
    # Rounding can leave +-1e-17 where two models agree on every item: call that 0.
    variance = np.where(variance <= 1e-12 * (own[ia] + own[ib]), 0.0, variance)
    se = np.sqrt(variance / n)
    difference = means[ia] - means[ib]
    statistic = _ratio(difference, se)
    dist, args = _reference(test, n)
    q = dist.ppf(0.5 + level / 2, *args)
    return {"difference": difference, "se": se, "ci_low": difference - q * se,
            "ci_high": difference + q * se,
            "p_value": np.minimum(1.0, 2 * dist.sf(np.abs(statistic), *args))}


def _pair_indices(index: pd.Index, baseline: Any) -> tuple[np.ndarray, np.ndarray]:
    m = len(index)
    if baseline is None:
        ia, ib = np.triu_indices(m, k=1)
        return ia.astype(np.intp), ib.astype(np.intp)
    matches = np.flatnonzero(index == baseline)
    if len(matches) != 1:
        shown = ", ".join(map(repr, index[:10])) + (", ..." if m > 10 else "")
        raise ValueError(f"baseline {baseline!r} is not one of the models ({shown})")
    ia = np.delete(np.arange(m), matches[0])
    return ia, np.full(ia.shape, matches[0])


def pairwise_comparisons(
    scores: Any,
    *,
    baseline: Any = None,
    clusters: Any = None,
    test: Test = "z",
    adjust: Adjust = "holm",
    alpha: float = 0.05,
    confidence: float = 0.95,
    rng: np.random.Generator | None = None,
    n_resamples: int = 10_000,
    replicates: Any = None,
    bootstrap_method: Literal["bca", "percentile"] = "bca",
    cluster_method: str = "CR1",
    bounded: bool = True,
) -> pd.DataFrame:
    """Paired difference, SE, interval and adjusted p-value for every pair of models.

    Compares all pairs of rows (``model_a`` before ``model_b`` in the input order), or,
    with ``baseline``, every other model against the baseline (``model_b`` = baseline).
    Each comparison is paired over the shared items (see
    :func:`analysis.stats.paired_difference`); the p-values are then adjusted over the
    whole family with :func:`adjust_p_values`.

    Parameters
    ----------
    scores
        Per-item scores, models x items: a 2-D array (models labelled 0..m-1), a
        DataFrame with models as index and items as columns, or a response-matrix object
        with such a ``.scores`` table. Model labels must be unique. Every model is scored
        on the same items (the columns), so labels need no alignment.
    baseline
        Label of the reference model; ``None`` (default) compares all pairs.
    clusters
        Optional cluster id per item: clustered paired SEs (t with C - 1 df), or, with
        ``test="bootstrap"``, a cluster bootstrap.
    test
        ``"z"`` (default): the paired z-test of :func:`analysis.stats.paired_difference`
        (with ``clusters``: its clustered SE, t with the clustered df). ``"t"``:
        :func:`analysis.stats.paired_t_test` (n - 1 df; with ``clusters`` the same as
        ``"z"``). Without clusters all pairs come from one models x models covariance
        matrix (the same numbers, without forming every pair's differences). ``"bootstrap"``: paired bootstrap with a BCa or percentile interval
        and the p-value that inverts it (:func:`analysis.stats.bootstrap_interval`).
    adjust
        Multiple-comparison control: ``"holm"`` (default, family-wise error),
        ``"bh"`` (false discovery rate), ``"bonferroni"`` or ``"none"``.
    alpha
        Level for ``reject``.
    confidence
        Coverage of each (unadjusted) interval.
    rng, n_resamples, replicates, bootstrap_method
        For ``test="bootstrap"``: a seeded :class:`numpy.random.Generator` and the number
        of replicates, or ``replicates`` already drawn for these scores (the
        ``(n_resamples, models)`` array from ``bootstrap_mean`` or
        ``cluster_bootstrap_mean`` with ``return_replicates=True``); and the interval
        method.
    cluster_method
        Clustered variance with ``clusters`` and ``test="z"`` or ``"t"``: ``"CR1"``
        (default), ``"CR0"`` or ``"CR2"`` (see :func:`analysis.stats.clustered_se`).
    bounded
        Scores are fractions in [0, 1] (default; percentages are refused with a message);
        ``False`` for unbounded scores.

    Returns
    -------
    pandas.DataFrame
        One row per comparison: ``model_a``, ``model_b``, ``difference`` (mean of a minus
        mean of b, in the scores' units; accuracy as a fraction for 0/1 scores), ``se``,
        ``ci_low``, ``ci_high``, ``p_value`` (two-sided, unadjusted), ``p_adjusted``,
        ``reject`` (``p_adjusted <= alpha``).

    Notes
    -----
    The intervals are marginal (unadjusted): only the p-values account for the number of
    comparisons. With ``m`` models there are ``m (m - 1) / 2`` pairs, so Holm over all
    pairs is conservative for large leaderboards; comparing against one baseline is a
    smaller family. The z-test is a large-sample test: with few items use ``test="t"``.
    Items are assumed independent unless ``clusters`` is given.

    Examples
    --------
    >>> scores = pd.DataFrame([[1, 1, 1, 1, 0, 1, 1, 1], [1, 0, 1, 0, 0, 1, 0, 1],
    ...                        [0, 0, 1, 0, 0, 0, 0, 1]], index=["x", "y", "z"])
    >>> out = pairwise_comparisons(scores, test="t")
    >>> out[["model_a", "model_b", "difference"]].values.tolist()
    [['x', 'y', 0.375], ['x', 'z', 0.625], ['y', 'z', 0.25]]
    """
    matrix = as_score_matrix(scores, bounded=bounded)
    level = check_confidence(confidence)
    index = row_labels(matrix.index)
    if index.has_duplicates:
        raise ValueError(f"model labels must be unique; repeated: {index[index.duplicated()][0]!r}")
    if matrix.values.shape[0] < 2:
        raise ValueError("pairwise_comparisons needs at least 2 models (rows)")
    if test not in ("z", "t", "bootstrap"):
        raise ValueError(f"test must be 'z', 't' or 'bootstrap'; got {test!r}")
    adjust_p_values([], method=adjust, alpha=alpha)  # validates the name and alpha early
    values = matrix.values
    if clusters is not None:  # aligned on item labels, or a column of the item metadata
        clusters = item_values(clusters, matrix, name="clusters")
    ia, ib = _pair_indices(index, baseline)
    if test == "bootstrap":
        method = _check_method(bootstrap_method)
        if replicates is None:
            if rng is None:
                raise TypeError("test='bootstrap' needs rng=np.random.default_rng(seed) (or replicates=)")
            check_rng(rng)
            frame = pd.DataFrame(values)  # positional, and no orientation warning
            if clusters is None:
                _, reps = bootstrap_mean(frame, rng=rng, n_resamples=n_resamples,
                                         return_replicates=True)
            else:
                _, reps = cluster_bootstrap_mean(frame, clusters, rng=rng, n_resamples=n_resamples,
                                                 return_replicates=True)
        else:
            reps = _check_replicates(replicates, values.shape[0])
        result = _paired_bootstrap(values, reps, ia, ib, clusters=clusters, method=method,
                                   confidence=level)
        difference = values.mean(axis=1)[ia] - values.mean(axis=1)[ib]
        columns = {"difference": difference, "se": result["se"], "ci_low": result["ci_low"],
                   "ci_high": result["ci_high"], "p_value": result["p_value"]}
    elif clusters is None:
        columns = _pairs_from_covariance(values, ia, ib, level, test)
    else:  # clustered: stats-core's paired_difference, a block of pairs per call
        step = max(1, _CELLS_PER_CALL // values.shape[1])
        frames = [
            paired_difference(pd.DataFrame(values[ia[s:s + step]]), pd.DataFrame(values[ib[s:s + step]]),
                              clusters=clusters, method=cluster_method, confidence=level)
            for s in range(0, len(ia), step)
        ]
        columns = {
            "difference": np.concatenate([_difference_column(f) for f in frames]),
            **{k: np.concatenate([f[k].to_numpy() for f in frames])
               for k in ("se", "ci_low", "ci_high", "p_value")},
        }
    p_adjusted, reject = adjust_p_values(columns["p_value"], method=adjust, alpha=alpha)
    return pd.DataFrame(
        {"model_a": index[ia], "model_b": index[ib], **columns, "p_adjusted": p_adjusted,
         "reject": reject}
    )


def leaderboard_tiers(
    scores: Any,
    *,
    clusters: Any = None,
    test: Test = "z",
    adjust: Adjust = "holm",
    alpha: float = 0.05,
    rng: np.random.Generator | None = None,
    n_resamples: int = 10_000,
    replicates: Any = None,
    cluster_method: str = "CR1",
    bounded: bool = True,
) -> pd.DataFrame:
    """Group a leaderboard into tiers of models that are not statistically separable.

    Definition (a "leader" rule, computed from one family of tests):

    1. Sort the models by mean score, best first (ties keep the input order).
    2. Compare every pair of models with :func:`pairwise_comparisons` (paired tests on
       the shared items) and adjust the ``m (m - 1) / 2`` p-values together (Holm by
       default), so the family does not depend on the tiering.
    3. The best model leads tier 1. Going down the sorted list, a model joins the current
       tier unless its difference from the tier's leader is significant (adjusted
       p-value at most ``alpha``); then it starts a new tier and leads it.

    Parameters
    ----------
    scores
        Per-item scores, models x items (2-D array, DataFrame with models as index, or a
        response-matrix object with ``.scores``); higher is better.
    clusters, test, adjust, alpha, rng, n_resamples, replicates, cluster_method, bounded
        As in :func:`pairwise_comparisons` (``rng`` is needed for ``test="bootstrap"``).

    Returns
    -------
    pandas.DataFrame
        One row per model, best first (index ``model``): ``mean`` (in the scores' units),
        ``rank`` (1 = best; equal means share the smaller rank), ``tier`` (1 = top),
        ``tier_size``, ``leader`` (the model leading its tier), ``n_tied`` (how many other
        models it is not significantly different from, in any tier).

    Notes
    -----
    Tiers are a summary, not a partition the data implies: "not significantly different"
    is not transitive, so a model can be tied with models in the next tier (``n_tied``
    counts them) even though it is separated from that tier's leader. Adjusting over all
    pairs makes separating models harder as the leaderboard grows; identical models
    always share a tier and models far apart (relative to the paired SE) each get their
    own. A tie says the benchmark cannot tell the models apart, not that they are equal
    (for that, see :func:`analysis.stats.equivalence_test`).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> truth = np.array([[0.9], [0.9], [0.5], [0.1]])  # accuracy of four fictional models
    >>> scores = pd.DataFrame((rng.random((4, 400)) < truth).astype(float),
    ...                       index=["a", "b", "c", "d"])
    >>> leaderboard_tiers(scores)["tier"].tolist()
    [1, 1, 2, 3]
    """
    matrix = as_score_matrix(scores, bounded=bounded)
    index = row_labels(matrix.index)
    if clusters is not None:
        clusters = item_values(clusters, matrix, name="clusters")
    means = matrix.values.mean(axis=1)
    order = np.argsort(-means, kind="stable")
    m = len(order)
    if m == 1:
        raise ValueError("leaderboard_tiers needs at least 2 models (rows)")
    sorted_scores = pd.DataFrame(matrix.values[order], index=index[order])
    reps = None
    if replicates is not None:
        reps = _check_replicates(replicates, m)[:, order]
    comparisons = pairwise_comparisons(
        sorted_scores, clusters=clusters, test=test, adjust=adjust, alpha=alpha, rng=rng,
        n_resamples=n_resamples, replicates=reps, cluster_method=cluster_method, bounded=False,
    )
    return _leader_tiers(index[order], means[order], comparisons["reject"].to_numpy())


def _leader_tiers(labels: pd.Index, sorted_means: np.ndarray, reject: np.ndarray) -> pd.DataFrame:
    """The leader rule of :func:`leaderboard_tiers` for models already sorted best first
    (``labels``, ``sorted_means``), given ``reject`` of every pair ``(a, b)``, ``a < b``, in
    :func:`numpy.triu_indices` order (the rows of :func:`pairwise_comparisons` on the
    sorted models). Returns :func:`leaderboard_tiers`'s table."""
    m = len(labels)
    separated = np.zeros((m, m), dtype=bool)
    ia, ib = np.triu_indices(m, k=1)
    separated[ia, ib] = reject
    separated |= separated.T
    tier = np.empty(m, dtype=np.int64)
    leader = np.empty(m, dtype=np.intp)
    current, lead = 1, 0
    for k in range(m):  # a loop over models (few), not items or replicates
        if separated[lead, k]:
            current, lead = current + 1, k
        tier[k], leader[k] = current, lead
    rank = pd.Series(-sorted_means).rank(method="min").to_numpy().astype(np.int64)
    tier_size = np.bincount(tier)[tier]
    return pd.DataFrame(
        {"mean": sorted_means, "rank": rank, "tier": tier, "tier_size": tier_size,
         "leader": labels[leader], "n_tied": (m - 1) - separated.sum(axis=1)},
        index=labels,
    )
