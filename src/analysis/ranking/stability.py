"""Aggregate rankings of multi-task benchmarks and their sensitivity to irrelevant models
(Zhang & Hardt 2024)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..stats._validation import as_score_matrix, check_rng, row_labels
from ._ranks import BLOCK_CELLS, check_resamples, find_models, rank_rows

__all__ = ["aggregate_scores", "irrelevant_model_sensitivity", "SubsetSensitivity"]

Rule = Literal["mean", "mean_rank", "borda", "win_rate"]
_RULES = ("mean", "mean_rank", "borda", "win_rate")


def _task_matrix(scores: Any, lower_is_better: Any, missing: str, bounded: bool):
    if missing not in ("raise", "omit"):
        raise ValueError(f"missing must be 'raise' or 'omit'; got {missing!r}")
    matrix = as_score_matrix(scores, name="scores", min_items=1, missing=missing,
                             bounded=bounded, supports_omit=True)
    index = row_labels(matrix.index)
    if index.has_duplicates:
        raise ValueError(f"model {index[index.duplicated()][0]!r} appears twice; aggregate "
                         "duplicate leaderboard entries first")
    values = matrix.values.copy()
    lower = [lower_is_better] if isinstance(lower_is_better, str) else list(lower_is_better)
    if lower:
        if matrix.items is None:
            raise ValueError("lower_is_better names tasks, which needs a DataFrame with task "
                             "columns")
        unknown = [t for t in lower if t not in matrix.items]
        if unknown:
            raise ValueError(f"lower_is_better names unknown task(s) {unknown}; known tasks: "
                             f"{list(matrix.items)[:10]}")
        values[:, matrix.items.get_indexer(lower)] *= -1
    if values.shape[0] < 2:
        raise ValueError("an aggregate ranking needs at least 2 models (rows)")
    return values, index


def _pairwise(values: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, ...]:
    """For models ``rows`` against all models: over tasks scored by both, the number won,
    tied (``i != j``) and compared. Blocks of rows bound the memory (a loop over models)."""
    valid = ~np.isnan(values)
    m, k = values.shape
    step = max(1, BLOCK_CELLS // max(m * k, 1))
    wins = np.empty((len(rows), m))
    ties = np.empty((len(rows), m))
    both = np.empty((len(rows), m))
    for start in range(0, len(rows), step):
        block = rows[start:start + step]
        x = values[block][:, None, :]
        shared = valid[block][:, None, :] & valid[None, :, :]
        wins[start:start + step] = ((x > values[None]) & shared).sum(axis=2)
        equal = (x == values[None]) & shared
        equal[np.arange(len(block)), block] = False  # a model does not tie with itself
        ties[start:start + step] = equal.sum(axis=2)
        both[start:start + step] = shared.sum(axis=2)
    return wins, ties, both


def _aggregate(values: np.ndarray, rows: np.ndarray, rule: str, include: np.ndarray) -> np.ndarray:
    """Aggregate of models ``rows`` when only the models with ``include`` (subsets x models,
    0/1) take part; ``(subsets, len(rows))``, oriented so that higher is better."""
    if rule == "mean":
        means = np.nanmean(values[rows], axis=1)
        return np.broadcast_to(means, (include.shape[0], len(rows)))
    wins, ties, both = _pairwise(values, rows)
    if rule == "borda":
        return include @ (wins + 0.5 * ties).T
    if rule == "win_rate":
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.where(both > 0, wins / both, 0.0)
        return (include @ rate.T) / include.sum(axis=1, keepdims=True)
    # mean_rank: 1 + (models ahead + half the tied) per task, averaged over scored tasks
    losses = both - wins - ties
    losses[np.arange(len(rows)), rows] = 0.0  # a model is not ahead of itself
    n_scored = (~np.isnan(values[rows])).sum(axis=1)
    return -(1.0 + (include @ (losses + 0.5 * ties).T) / n_scored)


def _check_rule(rule: Any) -> str:
    if rule not in _RULES:
        raise ValueError(f"rule must be one of {', '.join(map(repr, _RULES))}; got {rule!r}")
    return rule


def aggregate_scores(
    scores: Any,
    *,
    rule: Rule = "mean",
    lower_is_better: Any = (),
    missing: Literal["raise", "omit"] = "raise",
    bounded: bool = False,
) -> pd.DataFrame:
    """Aggregate a multi-task leaderboard (models x tasks) into one score per model.

    Rules (``x_ik`` the score of model ``i`` on task ``k``, oriented so higher is better;
    with ``missing="omit"`` only tasks scored by the models involved count):

    - ``"mean"`` (cardinal): ``mean_k x_ik``, in the tasks' units;
    - ``"mean_rank"``: the mean over tasks of the model's rank (1 = best, tied models share
      the mid-rank); lower is better;
    - ``"borda"``: Borda count, ``sum_k`` (number of models beaten on task ``k`` + half the
      number tied); without missing values it orders models exactly as ``"mean_rank"``
      (``borda_i = K (m - mean_rank_i)`` with ``K`` tasks and ``m`` models);
    - ``"win_rate"``: Zhang & Hardt's (2024) ordinal aggregate (HELM's mean win rate):
      ``w_ij`` = share of the tasks scored by both on which ``i`` beats ``j`` strictly
      (``w_ii = 0``), averaged over all ``m`` models including ``i`` itself.

    Parameters
    ----------
    scores
        Models x tasks (DataFrame with models as index and tasks as columns, 2-D array or
        response matrix). Higher is better unless the task is in ``lower_is_better``.
    rule
        ``"mean"`` (default), ``"mean_rank"``, ``"borda"`` or ``"win_rate"``.
    lower_is_better
        Task names where lower is better (errors, inference time).
    missing
        ``"raise"`` (default) refuses NaN; ``"omit"`` treats NaN as "not evaluated".
    bounded
        Scores are fractions in [0, 1]: percentages are refused with a message (default
        ``False``: leaderboards mix units; averaging a task in percent with tasks in
        fractions gives the percent task 100 times the weight).

    Returns
    -------
    pandas.DataFrame
        One row per model (input order): ``aggregate`` (the rule's value: mean score,
        mean rank with 1 = best, Borda points or win rate) and ``rank`` (1 = best, tied
        aggregates share the better rank).

    Notes
    -----
    The mean score of a model depends on its own scores only, so adding or removing other
    models never changes the order of two models (independence of irrelevant
    alternatives); the rank-based rules do not have this property (see
    :func:`irrelevant_model_sensitivity`). With missing values, Borda favours models
    evaluated on more tasks and the mean rank compares ranks among different sets of
    models: prefer complete leaderboards.

    Examples
    --------
    >>> board = pd.DataFrame({"t1": [0.9, 0.8, 0.1], "t2": [0.2, 0.7, 0.6],
    ...                       "t3": [0.9, 0.5, 0.4]}, index=["a", "b", "c"])
    >>> aggregate_scores(board, rule="borda")["aggregate"].tolist()
    [4.0, 4.0, 1.0]
    >>> aggregate_scores(board, rule="mean")["rank"].tolist()
    [1.0, 1.0, 3.0]
    """
    rule = _check_rule(rule)
    values, index = _task_matrix(scores, lower_is_better, missing, bounded)
    rows = np.arange(values.shape[0])
    oriented = _aggregate(values, rows, rule, np.ones((1, len(rows))))[0]
    aggregate = -oriented if rule == "mean_rank" else oriented
    return pd.DataFrame({"aggregate": aggregate, "rank": rank_rows(oriented, ties="min")},
                        index=index)


@dataclass(frozen=True)
class SubsetSensitivity:
    """How often random subsets of the other models change the order of the focus models.

    Attributes
    ----------
    pairs
        One row per pair of focus models: ``model_a``, ``model_b``, ``reference_order``
        (+1 when ``model_a`` is ahead in the reference ranking, -1 behind, 0 tied),
        ``change_rate`` (share of subsets in which the order of the pair differs from the
        reference: reversed or tied), ``reversal_rate`` (strictly reversed only),
        ``ci_low``, ``ci_high`` (Wilson interval of ``change_rate``).
    any_change_rate
        Share of subsets in which at least one focus pair changes order.
    kendall_distance
        Per subset, the share of focus pairs whose order changed (``(1 - tau_a) / 2`` for
        untied rankings), an ``(n_subsets,)`` array.
    included
        The ``(n_subsets, other models)`` 0/1 array of which other models each subset kept.
    others
        Labels of the other models (the columns of ``included``).
    rule, reference
        As passed.
    """

    pairs: pd.DataFrame
    any_change_rate: float
    kendall_distance: np.ndarray
    included: np.ndarray
    others: pd.Index
    rule: str
    reference: str


def _wilson(successes: np.ndarray, n: int, z: float = 1.959963984540054) -> tuple[np.ndarray, np.ndarray]:
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def irrelevant_model_sensitivity(
    scores: Any,
    focus: Any = None,
    *,
    rng: np.random.Generator,
    rule: Rule = "borda",
    n_subsets: int = 1_000,
    keep: float | int = 0.5,
    reference: Literal["all", "focus"] = "all",
    lower_is_better: Any = (),
    missing: Literal["raise", "omit"] = "raise",
) -> SubsetSensitivity:
    """How often adding or removing *other* models changes the aggregate order of the focus
    models (Zhang & Hardt 2024).

    Each subset keeps every focus model and a random subset of the other models; the
    benchmark is re-aggregated on those models only (:func:`aggregate_scores`) and the
    order of every pair of focus models is compared with the reference order. All subsets
    are evaluated at once: the rank-based aggregates are linear in the 0/1 inclusion
    vector (one matrix product for all subsets).

    Parameters
    ----------
    scores
        Models x tasks, as in :func:`aggregate_scores`.
    focus
        Labels of the models whose relative order is tracked (at least 2; a target pair
        is ``["a", "b"]``). Default: the top fifth of the models by the full-set aggregate
        (at least 2), as Zhang & Hardt's default of ``len(data) // 5`` invariant models.
    rng
        A seeded :class:`numpy.random.Generator` (required).
    rule
        Aggregation rule: ``"borda"`` (default), ``"mean_rank"``, ``"win_rate"`` or
        ``"mean"`` (for which nothing ever changes: a check).
    n_subsets
        Number of random subsets.
    keep
        A probability (float in (0, 1)): each other model is kept independently with it;
        or a count (int): exactly that many other models, drawn without replacement.
    reference
        ``"all"`` (default): the order on the full leaderboard (do removals change it?);
        ``"focus"``: the order among the focus models alone (do additions change it?).
    lower_is_better, missing
        As in :func:`aggregate_scores`.

    Returns
    -------
    SubsetSensitivity
        Per-pair change rates with Wilson intervals, the share of subsets with any change,
        and the per-subset Kendall distance.

    Notes
    -----
    A tie in a subset counts as a change from a strict reference order (and any strict
    order as a change from a reference tie); ``reversal_rate`` counts strict reversals
    only. Zhang & Hardt search for the *worst* subset by optimisation; random subsets
    measure how *often* the order changes, which is smaller.

    Examples
    --------
    Borda on three tasks: ``a`` beats ``b`` on two tasks, ``b`` wins the third, and the two
    other models sit between ``b`` and ``a`` there. With both others, ``b`` overtakes ``a``.

    >>> board = pd.DataFrame({"t1": [4, 3, 2, 1], "t2": [4, 3, 2, 1], "t3": [1, 4, 3, 2]},
    ...                      index=["a", "b", "c", "d"])
    >>> out = irrelevant_model_sensitivity(board, ["a", "b"], rng=np.random.default_rng(0),
    ...                                    keep=2, n_subsets=10, reference="focus")
    >>> out.pairs[["model_a", "model_b", "reference_order", "reversal_rate"]].values.tolist()
    [['a', 'b', 1, 1.0]]
    """
    rule = _check_rule(rule)
    check_rng(rng)
    n_subsets = check_resamples(n_subsets, "n_subsets")
    if reference not in ("all", "focus"):
        raise ValueError(f"reference must be 'all' or 'focus'; got {reference!r}")
    values, index = _task_matrix(scores, lower_is_better, missing, False)
    m = len(index)
    if focus is None:
        full = _aggregate(values, np.arange(m), rule, np.ones((1, m)))[0]
        focus_pos = np.argsort(-full, kind="stable")[: max(2, m // 5)]
    else:
        if isinstance(focus, str):
            raise ValueError("focus must list at least 2 models, e.g. focus=['a', 'b']")
        focus_pos = find_models(index, focus, name="focus")
    if len(focus_pos) < 2:
        raise ValueError("focus must list at least 2 models")
    other_pos = np.setdiff1d(np.arange(m), focus_pos)
    n_other = len(other_pos)
    if n_other == 0:
        raise ValueError("every model is in focus: there are no other models to add or remove")
    if isinstance(keep, bool):
        raise ValueError("keep must be a probability in (0, 1) or a whole number of models")
    if isinstance(keep, int | np.integer):
        if not 0 <= keep <= n_other:
            raise ValueError(f"keep={keep} other models, but there are {n_other}")
        order = np.argsort(rng.random((n_subsets, n_other)), axis=1)
        kept = order < keep  # a uniformly random subset of exactly `keep` models per row
    else:
        keep = float(keep)
        if not 0 < keep < 1:
            raise ValueError(f"keep must be a probability in (0, 1) or a whole number of "
                             f"models; got {keep!r}")
        kept = rng.random((n_subsets, n_other)) < keep
    include = np.zeros((n_subsets, m))
    include[:, focus_pos] = 1.0
    include[:, other_pos] = kept
    agg = _aggregate(values, focus_pos, rule, include)
    base_include = np.ones((1, m))
    if reference == "focus":
        base_include = np.zeros((1, m))
        base_include[0, focus_pos] = 1.0
    base = _aggregate(values, focus_pos, rule, base_include)[0]
    ia, ib = np.triu_indices(len(focus_pos), k=1)
    ref = np.sign(base[ia] - base[ib])
    sub = np.sign(agg[:, ia] - agg[:, ib])
    changed = sub != ref
    reversed_ = sub == -ref
    reversed_ &= ref != 0
    n_changed = changed.sum(axis=0)
    low, high = _wilson(n_changed, n_subsets)
    labels = index[focus_pos]
    pairs = pd.DataFrame({"model_a": labels[ia], "model_b": labels[ib],
                          "reference_order": ref.astype(np.int64),
                          "change_rate": n_changed / n_subsets,
                          "reversal_rate": reversed_.mean(axis=0),
                          "ci_low": low, "ci_high": high})
    return SubsetSensitivity(pairs=pairs, any_change_rate=float(changed.any(axis=1).mean()),
                             kendall_distance=changed.mean(axis=1), included=kept.astype(np.int8),
                             others=index[other_pos], rule=rule, reference=reference)
