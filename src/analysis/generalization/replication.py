"""Replication test sets: per-model drops with exact intervals, paired gains, rank preservation.

A replication test set (CIFAR-10.1, ImageNetV2; Recht et al. 2018, 2019) re-runs the
collection process of a benchmark and scores the same models on the new items. Three
questions follow, one function each:

* :func:`drop_table`: how much accuracy does each model lose? Exact (Clopper–Pearson)
  intervals per model and test set, and an *unpaired* interval for the drop, because the
  two accuracies are measured on different items.
* :func:`paired_gains`: do gains over a baseline model on the old set carry over to the
  new set? Two models on the *same* items are compared with paired intervals.
* :func:`rank_preservation` and :func:`rank_shifts`: is the order of the models kept?

Accuracies are fractions in ``[0, 1]``; models are matched by label, and a model present
on one test set only is an error unless ``join="inner"`` is passed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..ranking import rank_correlation
from ..stats import clopper_pearson, paired_difference, unpaired_proportion_test
from ..stats._checks import check_confidence, check_fraction
from ..stats._validation import as_binary_frame

__all__ = ["drop_table", "paired_gains", "rank_preservation", "rank_shifts"]

_JOINS = ("exact", "inner")


def _check_join(join: str) -> str:
    if join not in _JOINS:
        raise ValueError(f"join must be one of {_JOINS}, got {join!r}")
    return join


def _matched_models(original: pd.Index, new: pd.Index, join: str) -> pd.Index:
    """Models on both sets; with ``join="exact"`` both lists must hold the same models."""
    if original.has_duplicates or new.has_duplicates:
        raise ValueError("model labels must be unique on both test sets")
    only_original, only_new = original.difference(new), new.difference(original)
    if _check_join(join) == "exact" and (len(only_original) or len(only_new)):
        raise ValueError(
            f"the two test sets do not list the same models: {len(only_original)} only on the "
            f"original (e.g. {list(only_original[:3])}), {len(only_new)} only on the new "
            f"(e.g. {list(only_new[:3])}); fix the names or pass join='inner' to keep the "
            "models on both")
    common = original.intersection(new, sort=False)
    if len(common) == 0:
        raise ValueError("the two test sets share no model label")
    return common


def _as_matrix(scores: Any, name: str) -> pd.DataFrame:
    """A models x items 0/1 DataFrame, checked (no NaN, only 0/1)."""
    return as_binary_frame(scores, name, unique=False)


def _accuracies_and_sizes(values: Any, n: Any, name: str) -> tuple[pd.Series, pd.Series]:
    """Accuracy per model and its number of items, from a matrix or a Series plus ``n``."""
    if isinstance(values, pd.DataFrame):
        matrix = _as_matrix(values, name)
        if n is not None:
            raise ValueError(f"n_{name} is implied by the per-item matrix {name}: leave it out")
        acc = matrix.mean(axis=1).astype(float)
        return acc, pd.Series(matrix.shape[1], index=acc.index, dtype=np.int64)
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name} must be a Series of accuracies indexed by model, or a "
                        f"models x items DataFrame; got {type(values).__name__}")
    if n is None:
        raise ValueError(f"n_{name} (number of items of the {name} test set) is required "
                         "with accuracies given as a Series")
    acc = pd.Series(check_fraction(values.to_numpy(), name, what="an accuracy as a fraction"),
                    index=values.index)
    sizes = (n.reindex(acc.index) if isinstance(n, pd.Series)
             else pd.Series(np.broadcast_to(np.asarray(n), acc.shape).copy(), index=acc.index))
    if sizes.isna().any() or (sizes < 1).any() or (sizes != np.round(sizes)).any():
        raise ValueError(f"n_{name} must be a whole number of items >= 1 for every model")
    return acc, sizes.astype(np.int64)


def drop_table(original: Any, new: Any, *, n_original: Any = None, n_new: Any = None,
               confidence: float = 0.95, join: str = "exact") -> pd.DataFrame:
    """Per-model accuracy on an original and a new test set, the drop, and their intervals.

    Each accuracy gets an exact Clopper–Pearson interval (:func:`analysis.stats.clopper_pearson`)
    from ``k = round(accuracy * n)`` correct items. The drop ``original - new`` is a
    difference between *different* items, so its interval is the unpaired Wald interval
    ``d ± z sqrt(p1 (1 - p1) / n1 + p2 (1 - p2) / n2)``
    (:func:`analysis.stats.unpaired_proportion_test`).

    Parameters
    ----------
    original, new
        Either a Series of accuracies (fractions in ``[0, 1]``) indexed by model, with
        ``n_original`` / ``n_new`` the numbers of items (a scalar or a Series by model);
        or a models x items DataFrame of 0/1 correctness, from which accuracy and ``n``
        are computed.
    n_original, n_new
        Numbers of items behind each accuracy (only with Series).
    confidence
        Coverage of every interval (the imagenet-testbed figures use 0.995).
    join
        ``"exact"`` (default): both sets must list the same models, or an error names the
        differences. ``"inner"``: keep the models on both.

    Returns
    -------
    pandas.DataFrame
        Indexed by model, sorted by original accuracy (best first): ``original``,
        ``original_low``, ``original_high``, ``new``, ``new_low``, ``new_high``, ``drop``
        (``original - new``, a fraction; positive = the model lost accuracy),
        ``drop_low``, ``drop_high``, ``drop_p_value`` (two-sided, no drop),
        ``error_ratio`` (new error over original error; inf when the original error is
        0), ``n_original``, ``n_new``.

    Notes
    -----
    Accuracies given as a Series are turned into counts by rounding ``accuracy * n``; an
    accuracy that was itself rounded (e.g. a percentage with two decimals on 50,000
    items) changes ``k`` by at most a few items. The intervals describe the sampling of
    *items* only: they say nothing about which models were chosen, and a drop shared by all
    models is a property of the test sets, not of any one model.

    Examples
    --------
    >>> orig = pd.Series([0.90, 0.80], index=["a", "b"])
    >>> new = pd.Series([0.85, 0.70], index=["a", "b"])
    >>> table = drop_table(orig, new, n_original=10_000, n_new=2_000)
    >>> table["drop"].round(3).tolist()
    [0.05, 0.1]
    >>> bool((table["drop_low"] > 0).all())
    True
    """
    level = check_confidence(confidence)
    acc_o, n_o = _accuracies_and_sizes(original, n_original, "original")
    acc_n, n_n = _accuracies_and_sizes(new, n_new, "new")
    models = _matched_models(acc_o.index, acc_n.index, join)
    acc_o, n_o, acc_n, n_n = acc_o[models], n_o[models], acc_n[models], n_n[models]
    cp_o = clopper_pearson(np.round(acc_o.to_numpy() * n_o.to_numpy()), n_o.to_numpy(),
                           confidence=level)
    cp_n = clopper_pearson(np.round(acc_n.to_numpy() * n_n.to_numpy()), n_n.to_numpy(),
                           confidence=level)
    test = unpaired_proportion_test(acc_o.to_numpy(), acc_n.to_numpy(), n_o.to_numpy(),
                                    n_n.to_numpy(), confidence=level)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (1 - acc_n.to_numpy()) / (1 - acc_o.to_numpy())
    out = pd.DataFrame({
        "original": acc_o.to_numpy(), "original_low": cp_o["ci_low"].to_numpy(),
        "original_high": cp_o["ci_high"].to_numpy(),
        "new": acc_n.to_numpy(), "new_low": cp_n["ci_low"].to_numpy(),
        "new_high": cp_n["ci_high"].to_numpy(),
        "drop": test["difference"].to_numpy(), "drop_low": test["ci_low"].to_numpy(),
        "drop_high": test["ci_high"].to_numpy(), "drop_p_value": test["p_value"].to_numpy(),
        "error_ratio": np.where(acc_o.to_numpy() == 1, np.inf, ratio),
        "n_original": n_o.to_numpy(), "n_new": n_n.to_numpy(),
    }, index=pd.Index(models, name="model"))
    return out.sort_values("original", ascending=False, kind="stable")


def paired_gains(original: pd.DataFrame, new: pd.DataFrame, *, baseline: str,
                 confidence: float = 0.95, join: str = "exact") -> pd.DataFrame:
    """Each model's gain over a baseline model on the original and on the new test set.

    On one test set every model is scored on the same items, so a gain over the baseline
    is a *paired* difference with SE ``sd(a_i - b_i) / sqrt(n)``
    (:func:`analysis.stats.paired_difference`), much narrower than the unpaired one when
    the two models find the same items hard. Recht et al. (2019) observe that gains on the
    original set become *larger* gains on the new one: then ``gain_new > gain_original``
    for models above the baseline, and ``ratio`` (``gain_new / gain_original``) exceeds 1.

    Parameters
    ----------
    original, new
        Models x items DataFrames of 0/1 correctness (index = model labels) on the two
        test sets.
    baseline
        Label of the reference model (present on both sets).
    confidence
        Coverage of the paired intervals.
    join
        As in :func:`drop_table`.

    Returns
    -------
    pandas.DataFrame
        Indexed by model (the baseline left out), sorted by ``gain_original``:
        ``gain_original``, ``gain_original_low``, ``gain_original_high``, ``gain_new``,
        ``gain_new_low``, ``gain_new_high`` (fractions: one percentage point is 0.01),
        ``ratio`` (NaN when ``gain_original`` is 0), ``n_original``, ``n_new``.

    Examples
    --------
    >>> o = pd.DataFrame([[1, 1, 1, 0], [1, 0, 1, 0]], index=["good", "base"])
    >>> n = pd.DataFrame([[1, 1, 0, 0], [0, 0, 0, 1]], index=["good", "base"])
    >>> paired_gains(o, n, baseline="base")[["gain_original", "gain_new"]].iloc[0].tolist()
    [0.25, 0.25]
    """
    level = check_confidence(confidence)
    original, new = _as_matrix(original, "original"), _as_matrix(new, "new")
    models = _matched_models(original.index, new.index, join)
    if baseline not in models:
        raise KeyError(f"baseline {baseline!r} is not a model on both test sets "
                       f"(e.g. {list(models[:3])})")
    others = [m for m in models if m != baseline]
    if not others:
        raise ValueError("paired_gains needs at least one model besides the baseline")
    parts = {}
    for key, matrix in (("original", original), ("new", new)):
        base = matrix.loc[[baseline]].to_numpy(dtype=np.float64)
        rows = matrix.loc[others].to_numpy(dtype=np.float64)
        diff = paired_difference(rows, base, confidence=level)
        parts[key] = diff
    out = pd.DataFrame({
        "gain_original": parts["original"]["mean"].to_numpy(),
        "gain_original_low": parts["original"]["ci_low"].to_numpy(),
        "gain_original_high": parts["original"]["ci_high"].to_numpy(),
        "gain_new": parts["new"]["mean"].to_numpy(),
        "gain_new_low": parts["new"]["ci_low"].to_numpy(),
        "gain_new_high": parts["new"]["ci_high"].to_numpy(),
        "n_original": original.shape[1], "n_new": new.shape[1],
    }, index=pd.Index(others, name="model"))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = out["gain_new"] / out["gain_original"]
    out.insert(6, "ratio", ratio.where(out["gain_original"] != 0))
    return out.sort_values("gain_original", ascending=False, kind="stable")


def _series_pair(original: Any, new: Any, join: str) -> tuple[pd.Series, pd.Series]:
    for value, name in ((original, "original"), (new, "new")):
        if not isinstance(value, pd.Series):
            raise TypeError(f"{name} must be a Series of accuracies indexed by model; got "
                            f"{type(value).__name__}")
    models = _matched_models(original.index, new.index, join)
    if len(models) < 3:
        raise ValueError(f"rank preservation needs at least 3 models on both sets; got {len(models)}")
    x = pd.Series(check_fraction(original[models].to_numpy(), "original",
                                 what="an accuracy as a fraction"), index=models)
    y = pd.Series(check_fraction(new[models].to_numpy(), "new", what="an accuracy as a fraction"),
                  index=models)
    return x, y


def rank_preservation(original: pd.Series, new: pd.Series, *, rng: np.random.Generator | None = None,
                      n_resamples: int = 2_000, confidence: float = 0.95,
                      join: str = "exact") -> pd.DataFrame:
    """Spearman's rho and Kendall's tau-b between the model orders on two test sets.

    Both come from :func:`analysis.ranking.rank_correlation` with a percentile bootstrap
    over models (``rng`` given) or Fisher-type intervals (``rng=None``).

    Parameters
    ----------
    original, new
        Accuracies (fractions) as Series indexed by model.
    rng
        Seeded Generator for the bootstrap; ``None`` uses the Fisher intervals.
    n_resamples, confidence
        Bootstrap replicates and coverage.
    join
        As in :func:`drop_table`.

    Returns
    -------
    pandas.DataFrame
        Rows ``spearman`` and ``kendall``; columns ``estimate``, ``ci_low``, ``ci_high``,
        ``p_value``, ``n_models``, ``ci_method``.

    Notes
    -----
    A correlation near 1 says the order is kept *overall*; models close in accuracy
    can still swap, which :func:`rank_shifts` lists. The bootstrap interval describes which
    models happen to be in the zoo, not item noise.

    Examples
    --------
    >>> x = pd.Series([0.9, 0.8, 0.7, 0.6, 0.5], index=list("abcde"))
    >>> y = pd.Series([0.8, 0.7, 0.5, 0.55, 0.4], index=list("abcde"))
    >>> rank_preservation(x, y)["estimate"].round(3).tolist()
    [0.9, 0.8]
    """
    x, y = _series_pair(original, new, join)
    ci = "fisher" if rng is None else "bootstrap"
    rows = {}
    for method in ("spearman", "kendall"):
        res = rank_correlation(x, y, method=method, ci=ci, rng=rng, n_resamples=n_resamples,
                               confidence=confidence)
        rows[method] = res
    out = pd.DataFrame(rows).T
    out = out[["estimate", "ci_low", "ci_high", "p_value", "n_models", "ci_method"]]
    return out.astype({"estimate": float, "ci_low": float, "ci_high": float,
                       "p_value": float, "n_models": int})


def rank_shifts(original: pd.Series, new: pd.Series, *, join: str = "exact") -> pd.DataFrame:
    """Each model's rank on both test sets (1 = best; ties share the mean rank).

    Returns
    -------
    pandas.DataFrame
        Indexed by model, sorted by ``rank_original``: ``original``, ``new``,
        ``rank_original``, ``rank_new``, ``shift`` (``rank_original - rank_new``: positive
        = the model moved up on the new set).

    Examples
    --------
    >>> x = pd.Series([0.9, 0.8, 0.7], index=list("abc"))
    >>> y = pd.Series([0.7, 0.8, 0.6], index=list("abc"))
    >>> rank_shifts(x, y)["shift"].tolist()
    [-1.0, 1.0, 0.0]
    """
    x, y = _series_pair(original, new, join)
    out = pd.DataFrame({"original": x, "new": y,
                        "rank_original": x.rank(ascending=False, method="average"),
                        "rank_new": y.rank(ascending=False, method="average")})
    out["shift"] = out["rank_original"] - out["rank_new"]
    out.index.name = "model"
    return out.sort_values("rank_original", kind="stable")
