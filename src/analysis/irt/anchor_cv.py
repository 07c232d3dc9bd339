"""How good is an anchor-item estimate? Held-out error, its uncertainty, and the baselines.

An anchor-item estimator (:func:`~analysis.irt.predict_scores`) is judged by its error on
models the IRT fit has not seen, never by its nominal standard error:
:func:`anchor_cross_validation` fits on some models and predicts the others, for one or
several numbers of anchors, beside two baselines that need no fit (a random subset and a
difficulty-stratified subset); :func:`summarise_anchor_errors` turns its table into a mean
absolute error with a cluster-robust confidence interval, :func:`compare_anchor_methods`
into paired differences between two estimators, and :func:`random_subset_mae` gives the
exact expected error of a random subset, the yardstick any cleverer choice must beat.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import gammaln, xlog1py, xlogy

from ..stats._validation import as_score_matrix, check_rng
from ..stats.clustered import clustered_se
from .anchors import choose_anchors, predict_scores
from .fit import ConvergenceWarning, fit_irt

__all__ = ["anchor_cross_validation", "summarise_anchor_errors", "compare_anchor_methods",
           "random_subset_mae"]

_COLUMNS = ["fold", "model", "group", "n_anchors", "method", "truth", "estimate", "error",
            "abs_error"]


def _sizes(n_anchors: Any, n_items: int) -> list[int]:
    values = np.atleast_1d(np.asarray(n_anchors, dtype=object))
    if values.ndim != 1 or values.size == 0:
        raise ValueError("n_anchors must be a whole number >= 1 or a non-empty list of them")
    out = []
    for n in values:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer, float)) or int(n) != n or n < 1:
            raise ValueError(f"n_anchors must hold whole numbers >= 1; got {n!r}")
        if n > n_items:
            raise ValueError(f"n_anchors={int(n)} exceeds the {n_items} items of the benchmark")
        out.append(int(n))
    if len(set(out)) != len(out):
        raise ValueError(f"n_anchors has repeated values: {out}")
    return out


def _groups(scores: Any, groups: Any, n_models: int) -> np.ndarray:
    if groups is None:
        return np.arange(n_models)
    if isinstance(groups, str):
        meta = getattr(scores, "models", None)
        if not isinstance(meta, pd.DataFrame) or groups not in meta.columns:
            raise ValueError(f"groups={groups!r} names a column of a response matrix's model "
                             "metadata (.models); pass one group label per model instead")
        groups = meta[groups]
    values = np.asarray(groups)
    if values.shape != (n_models,):
        raise ValueError(f"groups needs one label per model ({n_models}); got shape {values.shape}")
    if pd.isna(values).any():
        raise ValueError("groups contains missing labels")
    return values


def _baselines(y: np.ndarray, order: np.ndarray, k: int, n_random: int,
               rng: np.random.Generator) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Mean estimate and mean absolute error over ``n_random`` draws, per held-out model."""
    n_items = y.shape[1]
    truth = np.nanmean(y, axis=1)
    # random: the k smallest of n_items uniform keys is a uniform k-subset, one per draw
    pick = np.argpartition(rng.random((n_random, n_items)), k - 1, axis=1)[:, :k]
    sub = y[:, pick]  # models x draws x k
    random = np.nanmean(sub, axis=2)
    # stratified: the strata of np.array_split over the training-set difficulty order
    size = np.full(k, n_items // k)
    size[: n_items % k] += 1
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    idx = order[start + (rng.random((n_random, k)) * size).astype(int)]
    sub = y[:, idx]
    weight = np.where(np.isnan(sub), 0.0, size / n_items)
    stratified = np.nansum(sub * weight, axis=2) / weight.sum(axis=2)
    return {name: (draws.mean(axis=1), np.abs(draws - truth[:, None]).mean(axis=1))
            for name, draws in (("random", random), ("stratified", stratified))}


def anchor_cross_validation(
    scores: Any, n_anchors: int | Sequence[int], *, rng: np.random.Generator,
    groups: Any = None, n_folds: int = 5, anchor_method: str = "cluster", n_random: int = 20,
    **fit_options: Any,
) -> pd.DataFrame:
    """Held-out error of anchor-item estimators: fit on some models, predict the others.

    The models are split into ``n_folds`` folds of whole groups (e.g. all checkpoints of
    one base model, or all members of one architecture family, so that no held-out model
    has a near-copy in the fit). For each fold an IRT model is fitted once on the other
    folds (:func:`~analysis.irt.fit_irt`); then for each number of anchors ``k``, ``k``
    anchors are chosen on that fit (:func:`~analysis.irt.choose_anchors` with
    ``anchor_method``) and every held-out model's score over all items is estimated from
    its anchor responses by ``"irt"``, ``"pirt"`` and ``"anchor"``
    (:func:`~analysis.irt.predict_scores`), and by two baselines that need no fit:
    ``"random"`` (the mean of ``k`` items drawn at random) and ``"stratified"`` (one random
    item from each of ``k`` equal strata of training-set fraction correct, weighted by
    stratum size), each over ``n_random`` draws shared by the fold's held-out models.

    Parameters
    ----------
    scores
        Models x items 0/1 matrix (array, DataFrame or response matrix); NaN only with
        ``missing="omit"`` in ``fit_options``.
    n_anchors
        Number of items each estimator sees per model, or a list of such numbers (an
        error-against-size curve; the fits are shared, so the sizes are compared on the
        same folds). Where a fit keeps fewer non-constant items than ``k``, the IRT
        estimators use all of them.
    rng
        A :class:`numpy.random.Generator` (folds, anchors, baseline draws).
    groups
        One label per model, or the name of a column of a response matrix's ``.models``
        (``"base_model"`` for nlu-irt); default: every model is its own group.
    n_folds
        Number of folds (at most the number of groups).
    anchor_method
        ``"cluster"``, ``"stratified"`` or ``"random"`` (see :func:`~analysis.irt.choose_anchors`).
    n_random
        Random draws per fold and size for the ``"random"`` and ``"stratified"`` baselines.
        Their ``abs_error`` is the mean over draws: an estimate of the *expected* error of
        one random subset, so their spread across models is smaller than that of a single
        draw.
    **fit_options
        Passed to :func:`~analysis.irt.fit_irt`.

    Returns
    -------
    pandas.DataFrame
        One row per held-out model, size and method: ``fold``, ``model``, ``group``,
        ``n_anchors``, ``method``, ``truth`` (fraction correct over all items),
        ``estimate``, ``error`` (estimate - truth) and ``abs_error`` (for the baselines,
        ``estimate`` is the mean over draws and ``abs_error`` the mean absolute error over
        draws). Summarise with :func:`summarise_anchor_errors`.

    Notes
    -----
    One split of the groups into folds: the errors vary with it, and with the anchors the
    clustering finds. :func:`summarise_anchor_errors` treats groups as independent, which
    is the honest unit; repeat the whole procedure with other generators to see the
    variation from the split.

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import anchor_cross_validation, simulate_responses
    >>> x, _ = simulate_responses(60, 80, rng=np.random.default_rng(0))
    >>> cv = anchor_cross_validation(x, [5, 10], rng=np.random.default_rng(1), n_folds=3)
    >>> sorted(cv["method"].unique()), sorted(cv["n_anchors"].unique().tolist())
    (['anchor', 'irt', 'pirt', 'random', 'stratified'], [5, 10])
    """
    rng = check_rng(rng)
    frame = scores.scores if hasattr(scores, "scores") and hasattr(scores, "items") else scores
    matrix = as_score_matrix(frame, binary=True, min_items=1,
                             missing=fit_options.get("missing", "raise"), supports_omit=True)
    values = np.asarray(matrix.values, dtype=float)
    n_models, n_items = values.shape
    sizes = _sizes(n_anchors, n_items)
    if isinstance(n_random, bool) or int(n_random) != n_random or n_random < 1:
        raise ValueError(f"n_random must be a whole number >= 1; got {n_random!r}")
    labels = _groups(scores, groups, n_models)
    codes, unique = pd.factorize(labels)
    if isinstance(n_folds, bool) or int(n_folds) != n_folds or not 2 <= n_folds <= len(unique):
        raise ValueError(f"n_folds must be a whole number in [2, {len(unique)}] (the number "
                         f"of groups); got {n_folds!r}")
    model_labels = matrix.index
    item_labels = matrix.items if matrix.items is not None else pd.RangeIndex(n_items)
    fold_of_group = np.empty(len(unique), dtype=int)
    fold_of_group[rng.permutation(len(unique))] = np.arange(len(unique)) % int(n_folds)
    fold = fold_of_group[codes]
    truth = np.nanmean(values, axis=1)
    blocks = []
    for f in range(int(n_folds)):
        test, train = np.flatnonzero(fold == f), np.flatnonzero(fold != f)
        train_frame = pd.DataFrame(values[train], index=model_labels[train], columns=item_labels)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            fit = fit_irt(train_frame, **{"standard_errors": False, **fit_options})
        test_frame = pd.DataFrame(values[test], index=model_labels[test], columns=item_labels)
        order_train = np.argsort(np.nanmean(values[train], axis=0), kind="stable")
        for k in sizes:
            anchors = choose_anchors(fit, min(k, len(fit.items)), rng=rng, method=anchor_method)
            estimates = {method: predict_scores(fit, test_frame, anchors, method=method)
                         ["estimate"].to_numpy() for method in ("irt", "pirt", "anchor")}
            results = {m: (e, np.abs(e - truth[test])) for m, e in estimates.items()}
            results.update(_baselines(values[test], order_train, k, int(n_random), rng))
            for method, (est, abs_err) in results.items():
                blocks.append(pd.DataFrame({
                    "fold": f, "model": model_labels[test], "group": labels[test],
                    "n_anchors": k, "method": method, "truth": truth[test], "estimate": est,
                    "error": est - truth[test], "abs_error": abs_err}))
    table = pd.concat(blocks, ignore_index=True)[_COLUMNS]
    return table.sort_values(["n_anchors", "fold"], kind="stable", ignore_index=True)


def _check_table(table: Any) -> pd.DataFrame:
    needed = {"method", "group", "error", "abs_error"}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise ValueError(f"table needs the columns {sorted(needed)} (from anchor_cross_validation)")
    if "n_anchors" not in table.columns:
        table = table.assign(n_anchors=-1)
    return table


def _by_model(table: pd.DataFrame, column: str) -> tuple[pd.DataFrame, np.ndarray]:
    """(n_anchors, method) x model matrix of ``column`` and the model's group."""
    key = table["model"] if "model" in table.columns else table.groupby(
        ["n_anchors", "method"], sort=False).cumcount()
    wide = table.assign(_model=key.to_numpy()).pivot_table(
        index=["n_anchors", "method"], columns="_model", values=column, sort=False, dropna=False)
    group = table.assign(_model=key.to_numpy()).groupby("_model", sort=False)["group"].first()
    return wide, group.loc[wide.columns].to_numpy()


def summarise_anchor_errors(table: pd.DataFrame, *, confidence: float = 0.95) -> pd.DataFrame:
    """Mean absolute error per method (and size), with a cluster-robust confidence interval.

    Parameters
    ----------
    table
        The output of :func:`anchor_cross_validation`.
    confidence
        Coverage of the two-sided interval for the mean absolute error.

    Returns
    -------
    pandas.DataFrame
        Index ``method``; one row per method and number of anchors: ``n_anchors`` (when
        the table has it), ``mae`` (mean over held-out models of the absolute error, a
        fraction: 0.01 = one percentage point), ``sd`` (SD of the absolute error across
        models, as in Polo et al.'s tables; for the baselines each model's error is
        already averaged over draws, so their ``sd`` is the spread of expected errors),
        ``se_mae``, ``ci_low``, ``ci_high`` (cluster-robust CR1 standard error of ``mae``
        with the groups as clusters, and its t interval with ``groups - 1`` degrees of
        freedom: :func:`analysis.stats.clustered_se`), ``bias`` (mean signed error),
        ``n_models``, ``n_groups``.

    Notes
    -----
    The models of one group share their errors (they are held out together and resemble
    each other), so the group is the independent unit: with few groups the interval is
    wide, and honestly so. The interval covers the variation over held-out models for this
    split of the data, not the variation over choices of anchors or folds.

    Example
    -------
    >>> import pandas as pd
    >>> from analysis.irt import summarise_anchor_errors
    >>> t = pd.DataFrame({"method": ["irt"] * 2, "group": [0, 1], "error": [0.01, -0.03],
    ...                   "abs_error": [0.01, 0.03]})
    >>> summarise_anchor_errors(t)["mae"].round(3).tolist()
    [0.02]
    """
    table = _check_table(table)
    wide, group = _by_model(table, "abs_error")
    if len(pd.unique(group)) < 2:
        raise ValueError("the table holds a single group of models: a standard error needs "
                         "at least two groups")
    ci = clustered_se(wide.to_numpy(), group, confidence=confidence, missing="omit",
                      bounded=False)
    stats = table.groupby(["n_anchors", "method"], sort=False).agg(
        sd=("abs_error", lambda e: e.std(ddof=1)), bias=("error", "mean"),
        n_models=("abs_error", "count"), n_groups=("group", "nunique"))
    out = pd.DataFrame({"mae": ci["mean"].to_numpy(), "se_mae": ci["se"].to_numpy(),
                        "ci_low": ci["ci_low"].to_numpy(), "ci_high": ci["ci_high"].to_numpy()},
                       index=wide.index).join(stats)
    out = out.reset_index().set_index("method")
    columns = ["n_anchors", "mae", "sd", "se_mae", "ci_low", "ci_high", "bias", "n_models",
               "n_groups"]
    if (out["n_anchors"] == -1).all():
        columns = columns[1:]
    return out[columns]


def compare_anchor_methods(table: pd.DataFrame, method: str = "irt", baseline: str = "random",
                           *, confidence: float = 0.95) -> pd.DataFrame:
    """Paired difference in absolute error between two estimators, on the same models.

    Parameters
    ----------
    table
        The output of :func:`anchor_cross_validation`.
    method, baseline
        Two values of its ``method`` column; the difference is ``method - baseline``
        (negative: ``method`` is closer to the truth).
    confidence
        Coverage of the two-sided interval.

    Returns
    -------
    pandas.DataFrame
        One row per number of anchors (index ``n_anchors``): ``difference`` (mean over
        models of ``|error_method| - |error_baseline|``, a fraction), ``se``, ``ci_low``,
        ``ci_high`` (cluster-robust CR1 with the groups as clusters, t interval with
        ``groups - 1`` df), ``n_models``, ``n_groups``. Pairing removes the variation
        between models that both estimators share, so the interval is narrower than the
        two separate ones suggest.

    Example
    -------
    >>> import pandas as pd
    >>> from analysis.irt import compare_anchor_methods
    >>> t = pd.DataFrame({"model": ["m1", "m2"] * 2, "group": ["a", "b"] * 2,
    ...                   "method": ["irt", "irt", "random", "random"],
    ...                   "error": [0.01, 0.02, 0.03, -0.05], "abs_error": [0.01, 0.02, 0.03, 0.05]})
    >>> round(float(compare_anchor_methods(t)["difference"].iloc[0]), 3)
    -0.025
    """
    table = _check_table(table)
    if "model" not in table.columns:
        raise ValueError("table needs a 'model' column to pair the two methods model by model")
    known = sorted(table["method"].unique())
    for name in (method, baseline):
        if name not in known:
            raise ValueError(f"unknown method {name!r}; the table holds {known}")
    if method == baseline:
        raise ValueError("method and baseline must differ")
    wide, group = _by_model(table[table["method"].isin([method, baseline])], "abs_error")
    diff = wide.xs(method, level="method") - wide.xs(baseline, level="method")
    if len(pd.unique(group)) < 2:
        raise ValueError("the table holds a single group of models: a standard error needs "
                         "at least two groups")
    ci = clustered_se(diff.to_numpy(), group, confidence=confidence, missing="omit",
                      bounded=False)
    n_groups = [len(pd.unique(group[np.isfinite(row)])) for row in diff.to_numpy()]
    return pd.DataFrame({"difference": ci["mean"].to_numpy(), "se": ci["se"].to_numpy(),
                         "ci_low": ci["ci_low"].to_numpy(), "ci_high": ci["ci_high"].to_numpy(),
                         "n_models": ci["n"].to_numpy(), "n_groups": n_groups},
                        index=pd.Index(diff.index, name="n_anchors"))


def _log_choose(n: Any, k: Any) -> np.ndarray:
    """log of the binomial coefficient C(n, k) for 0 <= k <= n (arbitrary elsewhere)."""
    n, k = np.asarray(n, float), np.asarray(k, float)
    k = np.clip(k, 0, None)
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(np.clip(n - k, 0, None) + 1)


def random_subset_mae(accuracy: Any, n_items: Any, *, n_total: int | None = None) -> np.ndarray:
    """Exact expected absolute error of a benchmark score estimated from a random subset.

    A model answers a fraction ``p`` of a benchmark's ``N`` items correctly; the mean of
    ``n`` items drawn without replacement is hypergeometric, and its expected absolute
    error is ``E|X/n - p| = sum_k P(X = k) |k/n - p|``. With ``n_total=None`` the benchmark
    is treated as infinite (binomial draws). For large ``n`` this approaches the normal
    value ``sqrt(2/pi) * sqrt(p (1 - p) / n * (N - n) / (N - 1))``.

    Parameters
    ----------
    accuracy
        The model's fraction correct ``p`` in [0, 1] (a scalar or an array).
    n_items
        Subset size ``n`` (a whole number >= 1, or an array broadcastable with
        ``accuracy``).
    n_total
        Benchmark size ``N``; ``p N`` is rounded to a whole number of correct items.

    Returns
    -------
    numpy.ndarray
        Expected absolute error, a fraction, of the broadcast shape of the inputs.

    Notes
    -----
    This is the error of *one* random subset averaged over subsets, for one model; it
    assumes nothing about the items and needs no fitted model, so it is the bar a
    cleverer choice of items has to beat. It answers "how many items do I need?" before
    any data on other models exist.

    Example
    -------
    >>> from analysis.irt import random_subset_mae
    >>> round(float(random_subset_mae(0.5, 1)), 3)  # one item: always 0.5 away
    0.5
    >>> round(float(random_subset_mae(0.7, 100)), 4)
    0.0364
    """
    p = np.asarray(accuracy, dtype=float)
    if not np.isfinite(p).all() or (p < 0).any() or (p > 1).any():
        bad = "percentages? pass fractions in [0, 1]" if (p > 1).any() and (p <= 100).all() else \
            "fractions in [0, 1]"
        raise ValueError(f"accuracy must be finite {bad}")
    n = np.asarray(n_items)
    if n.dtype.kind not in "iuf" or (n != np.round(n)).any() or (n < 1).any():
        raise ValueError(f"n_items must hold whole numbers >= 1; got {n_items!r}")
    n = n.astype(int)
    p, n = np.broadcast_arrays(p, n)
    k = np.arange(int(n.max()) + 1).reshape((-1,) + (1,) * p.ndim)
    if n_total is None:
        target = p
        log_pmf = _log_choose(n, k) + xlogy(k, p) + xlog1py(n - k, -p)
        possible = k <= n
    else:
        if isinstance(n_total, bool) or int(n_total) != n_total or n_total < n.max():
            raise ValueError(f"n_total must be a whole number >= n_items; got {n_total!r}")
        correct = np.round(p * n_total)
        target = correct / n_total
        log_pmf = (_log_choose(correct, k) + _log_choose(n_total - correct, n - k)
                   - _log_choose(n_total, n))
        possible = (k <= n) & (k <= correct) & (n - k <= n_total - correct)
    # log-gamma terms rather than scipy.stats' pmf: the same numbers, much faster on grids
    pmf = np.where(possible, np.exp(np.where(possible, log_pmf, 0.0)), 0.0)
    out = (pmf * np.abs(k / n - target)).sum(axis=0)
    return np.asarray(out)
