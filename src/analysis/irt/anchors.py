"""Anchor items: estimate a full-benchmark score from a few items (tinyBenchmarks style).

Polo et al. (2024): fit an IRT model on models already evaluated on every item, choose a
small set of anchor items, and for a new model estimate its ability from its anchor
responses alone, then predict its score on the whole benchmark. The honest error of such
an estimator is measured on models the fit has not seen: :func:`anchor_cross_validation`.
"""

from __future__ import annotations

import warnings
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
from scipy.cluster.vq import kmeans2
from scipy.special import expit

from ..stats._validation import as_score_matrix, check_rng
from ._estep import Responses
from .fit import ConvergenceWarning, fit_irt
from .scoring import _map_abilities

__all__ = ["choose_anchors", "predict_scores", "anchor_cross_validation",
           "summarise_anchor_errors"]

_METHODS = ("irt", "pirt", "anchor", "mean")


def _check_n(n_anchors: Any, n_items: int) -> int:
    if isinstance(n_anchors, bool) or int(n_anchors) != n_anchors or n_anchors < 1:
        raise ValueError(f"n_anchors must be a whole number >= 1; got {n_anchors!r}")
    if n_anchors > n_items:
        raise ValueError(f"n_anchors={n_anchors} exceeds the {n_items} fitted items")
    return int(n_anchors)


def choose_anchors(fit: Any, n_anchors: int, *, rng: np.random.Generator,
                   method: str = "cluster") -> pd.DataFrame:
    """Choose anchor items among the fitted items, each with the weight of the items it stands for.

    Parameters
    ----------
    fit
        An :class:`~analysis.irt.IRTFit` (on models that saw every item).
    n_anchors
        Number of anchors.
    rng
        A :class:`numpy.random.Generator` (k-means start, random draws).
    method
        ``"cluster"``: k-means on the items' IRT embedding (discrimination and intercept,
        standardised), the item nearest each centroid, weighted by its cluster's share of
        the items (Polo et al. 2024); ``"stratified"``: items sorted by observed fraction
        correct, cut into ``n_anchors`` equal strata, one random item per stratum, weighted
        by stratum size; ``"random"``: a simple random sample, equal weights.

    Returns
    -------
    pandas.DataFrame
        Index = anchor item labels; column ``weight`` (sums to 1 over the anchors).

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import choose_anchors, fit_irt, simulate_responses
    >>> fit = fit_irt(simulate_responses(80, 50, rng=np.random.default_rng(0))[0])
    >>> anchors = choose_anchors(fit, 5, rng=np.random.default_rng(1))
    >>> len(anchors), round(float(anchors["weight"].sum()), 6)
    (5, 1.0)
    """
    rng = check_rng(rng)
    n_items = len(fit.items)
    k = _check_n(n_anchors, n_items)
    if method == "random":
        pick = rng.choice(n_items, size=k, replace=False)
        weight = np.full(k, 1.0 / k)
    elif method == "stratified":
        order = np.argsort(fit.items["p_correct"].to_numpy(), kind="stable")
        strata = np.array_split(order, k)
        pick = np.array([rng.choice(s) for s in strata])
        weight = np.array([len(s) for s in strata], float) / n_items
    elif method == "cluster":
        emb = np.column_stack([fit.a, fit.d])
        sd = emb.std(axis=0)
        emb = (emb - emb.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # empty-cluster warnings: handled below
            centroids, labels = kmeans2(emb, k, minit="++", rng=rng)
        pick, weight = [], []
        for c in range(k):
            members = np.flatnonzero(labels == c)
            if len(members) == 0:
                continue
            dist = ((emb[members] - centroids[c]) ** 2).sum(axis=1)
            pick.append(members[np.argmin(dist)])
            weight.append(len(members) / n_items)
        pick, weight = np.array(pick), np.array(weight)
        if len(pick) < k:  # empty clusters: top up with random items of the largest weight
            rest = np.setdiff1d(np.arange(n_items), pick)
            extra = rng.choice(rest, size=k - len(pick), replace=False)
            pick = np.concatenate([pick, extra])
            weight = np.concatenate([weight, np.zeros(len(extra))])
    else:
        raise ValueError(f"method must be 'cluster', 'stratified' or 'random'; got {method!r}")
    return pd.DataFrame({"weight": weight / weight.sum()},
                        index=pd.Index(fit.items.index[pick], name="item"))


def _anchor_responses(scores: Any, anchors: pd.Index) -> tuple[np.ndarray, pd.Index]:
    matrix = as_score_matrix(scores, name="scores", binary=True, min_items=1, missing="omit",
                             supports_omit=True, check_orientation=False)
    if matrix.items is not None and not isinstance(matrix.items, pd.RangeIndex):
        missing_labels = anchors[~anchors.isin(matrix.items)]
        if len(missing_labels):
            raise ValueError(f"scores lack {len(missing_labels)} anchor item(s), e.g. "
                             f"{missing_labels[0]!r}; pass responses on every anchor")
        return matrix.values[:, matrix.items.get_indexer(anchors)], matrix.index
    if matrix.n_items != len(anchors):
        raise ValueError(f"scores has {matrix.n_items} columns; a plain array needs one column "
                         f"per anchor ({len(anchors)}), in the anchors' order")
    return matrix.values, matrix.index


def predict_scores(fit: Any, scores: Any, anchors: pd.DataFrame, *,
                   method: str = "irt", ability_prior: str = "fitted") -> pd.DataFrame:
    """Estimate each model's score on the whole benchmark from its anchor responses.

    The target is the fraction correct over every item of the fitted benchmark, including
    items the fit dropped as constant (they count at their constant value).

    Parameters
    ----------
    fit
        An :class:`~analysis.irt.IRTFit` fitted on other models.
    scores
        0/1 responses of the models to score: a DataFrame with (at least) the anchor items
        as columns, or a plain array with one column per anchor in the anchors' order.
        Only the anchor columns are used. NaN = not scored.
    anchors
        From :func:`choose_anchors` (index = item labels, column ``weight``).
    method
        ``"irt"``: MAP ability from the anchors with the item parameters fixed, then the mean
        predicted probability over all items; ``"pirt"`` (Polo et al.'s p-IRT): the observed
        anchor responses for the anchors and the IRT predictions for the other items;
        ``"anchor"``: the weighted mean of the anchor responses; ``"mean"``: their plain
        mean (the random-subset baseline).
    ability_prior
        Prior for the MAP ability of ``"irt"``/``"pirt"``: ``"fitted"`` (default), a
        normal with the mean and SD of the fitted models' abilities (models on real
        benchmarks are far from N(0, 1): a few strong ones sit at 5 to 8 SDs, and an
        N(0, 1) prior would pull them down); ``"standard"``: N(0, 1); ``"weak"``:
        N(0, 10^2), close to the maximum likelihood of Polo et al. but finite for perfect
        anchor scores.

    Returns
    -------
    pandas.DataFrame
        One row per model: ``estimate`` (fraction in [0, 1]) and ``se``: for ``"mean"`` the
        binomial ``sqrt(p (1 - p) / n)`` with the finite-population factor
        ``sqrt(1 - n / N)``; for ``"irt"``/``"pirt"`` the delta-method error from the
        ability's SE (it ignores misfit of the model and the error of the item parameters,
        so it is too small: use :func:`anchor_cross_validation` for an honest error);
        NaN for ``"anchor"``. For ``"irt"``/``"pirt"`` also ``theta`` (the MAP ability)
        and ``extrapolated``: True where it lies outside the fitted models' abilities.

    Notes
    -----
    The estimators can only be as good as the fitted population is representative. Items
    no fitted model solved (dropped as constant) count as 0, so a new model stronger than
    every fitted one is underestimated, and flagged ``extrapolated``: on nlu-irt hellaswag,
    with the albert-xxlarge-v2 checkpoints held out, the IRT estimate is 17-34 points too
    low while the random subset stays unbiased.

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import choose_anchors, fit_irt, predict_scores, simulate_responses
    >>> x, _ = simulate_responses(120, 60, rng=np.random.default_rng(0))
    >>> fit = fit_irt(x.iloc[:100])
    >>> anchors = choose_anchors(fit, 10, rng=np.random.default_rng(1))
    >>> est = predict_scores(fit, x.iloc[100:], anchors)
    >>> bool((est["estimate"] - x.iloc[100:].mean(axis=1)).abs().mean() < 0.15)
    True
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, _METHODS))}; got {method!r}")
    labels = pd.Index(anchors.index)
    unknown = labels[~labels.isin(fit.items.index)]
    if len(unknown):
        raise ValueError(f"anchors has {len(unknown)} item(s) the fit does not know, e.g. "
                         f"{unknown[0]!r}")
    y, index = _anchor_responses(scores, labels)
    obs = ~np.isnan(y)
    n_total = len(fit.all_items) if fit.all_items is not None else len(fit.items)
    dropped = fit.dropped_items["value"].fillna(0.0).to_numpy() if len(fit.dropped_items) else np.zeros(0)
    n_fit = len(fit.items)
    if method == "mean":
        n = obs.sum(axis=1)
        p = np.nansum(y, axis=1) / n
        fpc = np.sqrt(np.clip(1 - n / n_total, 0, 1))
        return pd.DataFrame({"estimate": p, "se": np.sqrt(p * (1 - p) / n) * fpc}, index=index)
    if method == "anchor":
        w = np.where(obs, anchors["weight"].to_numpy()[None, :], 0.0)
        est = np.nansum(y * w, axis=1) / w.sum(axis=1)
        est = (n_fit * est + dropped.sum()) / n_total
        return pd.DataFrame({"estimate": est, "se": np.nan}, index=index)
    pos = fit.items.index.get_indexer(labels)
    resp = Responses(y)

    anchor_items = SimpleNamespace(a=fit.a[pos], d=fit.d[pos])
    priors = {"standard": (0.0, 1.0), "weak": (0.0, 10.0),
              "fitted": (float(fit.abilities["theta"].mean()),
                         float(fit.abilities["theta"].std(ddof=1)))}
    if ability_prior not in priors:
        raise ValueError(f"ability_prior must be 'fitted', 'standard' or 'weak'; "
                         f"got {ability_prior!r}")
    mean, sd = priors[ability_prior]
    theta, se_theta = _map_abilities(anchor_items, resp, prior_mean=mean, prior_sd=sd)
    p = expit(np.outer(theta, fit.a) + fit.d[None, :])
    slope = (p * (1 - p) * fit.a[None, :]).sum(axis=1)
    if method == "irt":
        est = (p.sum(axis=1) + dropped.sum()) / n_total
        se = slope * se_theta / n_total
    else:
        seen = np.where(obs, y, p[:, pos]).sum(axis=1)
        unseen = p.sum(axis=1) - p[:, pos].sum(axis=1)
        est = (seen + unseen + dropped.sum()) / n_total
        se = (slope - (p[:, pos] * (1 - p[:, pos]) * fit.a[pos]).sum(axis=1)) * se_theta / n_total
    fitted = fit.abilities["theta"]
    outside = (theta > fitted.max()) | (theta < fitted.min())
    return pd.DataFrame({"estimate": est, "se": se, "theta": theta, "extrapolated": outside},
                        index=index)


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


def anchor_cross_validation(
    scores: Any, n_anchors: int, *, rng: np.random.Generator, groups: Any = None,
    n_folds: int = 5, anchor_method: str = "cluster", n_random: int = 20,
    **fit_options: Any,
) -> pd.DataFrame:
    """Held-out error of anchor-item estimators: fit on some models, predict the others.

    The models are split into ``n_folds`` folds of whole groups (e.g. all checkpoints of
    one base model, so that no held-out model has a near-copy in the fit). For each fold a
    model is fitted on the other folds (:func:`~analysis.irt.fit_irt`), anchors are chosen
    on it (:func:`choose_anchors` with ``anchor_method``), and every held-out model's score
    over all items is estimated from its anchor responses by ``"irt"``, ``"pirt"`` and
    ``"anchor"`` (:func:`predict_scores`), and by two baselines that need no fit:
    ``"random"`` (the mean of ``n_anchors`` items drawn at random, ``n_random`` draws per
    model) and ``"stratified"`` (one random item from each of ``n_anchors`` strata of
    training-set difficulty, weighted by stratum size).

    Parameters
    ----------
    scores
        Models x items 0/1 matrix (array, DataFrame or response matrix); NaN only with
        ``missing="omit"`` in ``fit_options``.
    n_anchors
        Number of items each estimator sees per model.
    rng
        A :class:`numpy.random.Generator`.
    groups
        One label per model, or the name of a column of a response matrix's ``.models``
        (``"base_model"`` for nlu-irt); default: every model is its own group.
    n_folds
        Number of folds (at most the number of groups).
    anchor_method
        ``"cluster"``, ``"stratified"`` or ``"random"`` (see :func:`choose_anchors`).
    n_random
        Random draws per held-out model for the ``"random"`` and ``"stratified"`` baselines
        (their errors are averaged over draws, as an expectation over anchor sets).
    **fit_options
        Passed to :func:`~analysis.irt.fit_irt`.

    Returns
    -------
    pandas.DataFrame
        One row per held-out model and method: ``fold``, ``model``, ``group``, ``method``,
        ``truth`` (fraction correct over all items), ``estimate`` and ``error``
        (estimate - truth; for the baselines, ``estimate`` is the mean over draws and
        ``abs_error`` the mean absolute error over draws). Summarise with
        :func:`summarise_anchor_errors`.

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import anchor_cross_validation, simulate_responses
    >>> x, _ = simulate_responses(60, 80, rng=np.random.default_rng(0))
    >>> cv = anchor_cross_validation(x, 10, rng=np.random.default_rng(1), n_folds=3)
    >>> sorted(cv["method"].unique())
    ['anchor', 'irt', 'pirt', 'random', 'stratified']
    """
    rng = check_rng(rng)
    frame = scores.scores if hasattr(scores, "scores") and hasattr(scores, "items") else scores
    matrix = as_score_matrix(frame, binary=True, min_items=1,
                             missing=fit_options.get("missing", "raise"), supports_omit=True)
    values = matrix.values
    n_models, n_items = values.shape
    _check_n(n_anchors, n_items)
    labels = _groups(scores, groups, n_models)
    unique = pd.unique(labels)
    if int(n_folds) != n_folds or not 2 <= n_folds <= len(unique):
        raise ValueError(f"n_folds must be a whole number in [2, {len(unique)}] (the number "
                         f"of groups); got {n_folds!r}")
    model_labels = matrix.index
    item_labels = matrix.items if matrix.items is not None else pd.RangeIndex(n_items)
    order = rng.permutation(len(unique))
    fold_of_group = {unique[g]: f % int(n_folds) for f, g in enumerate(order)}
    fold = np.array([fold_of_group[g] for g in labels])
    truth = np.nanmean(values, axis=1)
    rows = []
    for f in range(int(n_folds)):
        test = np.flatnonzero(fold == f)
        train = np.flatnonzero(fold != f)
        train_frame = pd.DataFrame(values[train], index=model_labels[train], columns=item_labels)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            fit = fit_irt(train_frame, **{"standard_errors": False, **fit_options})
        anchors = choose_anchors(fit, min(n_anchors, len(fit.items)), rng=rng, method=anchor_method)
        test_frame = pd.DataFrame(values[test], index=model_labels[test], columns=item_labels)
        for method in ("irt", "pirt", "anchor"):
            est = predict_scores(fit, test_frame, anchors, method=method)["estimate"].to_numpy()
            for i, m in enumerate(test):
                rows.append((f, model_labels[m], labels[m], method, truth[m], est[i],
                             est[i] - truth[m], abs(est[i] - truth[m])))
        p_train = np.nanmean(values[train], axis=0)
        strata = np.array_split(np.argsort(p_train, kind="stable"), n_anchors)
        share = np.array([len(s) for s in strata], float) / n_items
        for m in test:
            y = values[m]
            draws_r, draws_s = [], []
            for _ in range(int(n_random)):
                pick = rng.choice(n_items, size=n_anchors, replace=False)
                draws_r.append(np.nanmean(y[pick]))
                ys = np.array([y[rng.choice(s)] for s in strata])
                ok = ~np.isnan(ys)
                draws_s.append((ys[ok] * share[ok]).sum() / share[ok].sum())
            for method, draws in (("random", draws_r), ("stratified", draws_s)):
                draws = np.asarray(draws)
                rows.append((f, model_labels[m], labels[m], method, truth[m], draws.mean(),
                             draws.mean() - truth[m], np.abs(draws - truth[m]).mean()))
    return pd.DataFrame(rows, columns=["fold", "model", "group", "method", "truth", "estimate",
                                       "error", "abs_error"])


def summarise_anchor_errors(table: pd.DataFrame) -> pd.DataFrame:
    """Mean absolute error per method, with its spread across models and a group-level SE.

    Parameters
    ----------
    table
        The output of :func:`anchor_cross_validation`.

    Returns
    -------
    pandas.DataFrame
        One row per method: ``mae`` (mean over held-out models of the absolute error, a
        fraction: 0.01 = one percentage point), ``sd`` (SD of the absolute error across
        models, as in Polo et al.'s tables; for the ``"random"`` and ``"stratified"``
        baselines each model's error is already averaged over draws, so their ``sd`` is
        the spread of expected errors, smaller than that of one draw), ``se_mae`` (standard error of ``mae`` from the
        spread of group means, groups being independent), ``bias`` (mean signed error),
        ``n_models``, ``n_groups``.

    Example
    -------
    >>> import pandas as pd
    >>> from analysis.irt import summarise_anchor_errors
    >>> t = pd.DataFrame({"method": ["irt"] * 2, "group": [0, 1], "error": [0.01, -0.03],
    ...                   "abs_error": [0.01, 0.03]})
    >>> summarise_anchor_errors(t)["mae"].round(3).tolist()
    [0.02]
    """
    needed = {"method", "group", "error", "abs_error"}
    if not needed <= set(table.columns):
        raise ValueError(f"table needs the columns {sorted(needed)} (from anchor_cross_validation)")
    out = []
    for method, part in table.groupby("method", sort=False):
        by_group = part.groupby("group")["abs_error"].mean()
        se = by_group.std(ddof=1) / np.sqrt(len(by_group)) if len(by_group) > 1 else np.nan
        out.append((method, part["abs_error"].mean(), part["abs_error"].std(ddof=1), se,
                    part["error"].mean(), len(part), len(by_group)))
    return pd.DataFrame(out, columns=["method", "mae", "sd", "se_mae", "bias", "n_models",
                                      "n_groups"]).set_index("method")
