"""Anchor items: estimate a full-benchmark score from a few items (tinyBenchmarks style).

Polo et al. (2024): fit an IRT model on models already evaluated on every item, choose a
small set of anchor items, and for a new model estimate its ability from its anchor
responses alone, then predict its score on the whole benchmark. The honest error of such
an estimator is measured on models the fit has not seen: :func:`~analysis.irt.anchor_cross_validation`.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree
from scipy.special import expit

from ..stats._validation import as_score_matrix, check_rng
from ._estep import Responses
from .scoring import _map_abilities

__all__ = ["choose_anchors", "predict_scores"]

_METHODS = ("irt", "pirt", "anchor", "mean")


def _check_n(n_anchors: Any, n_items: int) -> int:
    if isinstance(n_anchors, bool) or int(n_anchors) != n_anchors or n_anchors < 1:
        raise ValueError(f"n_anchors must be a whole number >= 1; got {n_anchors!r}")
    if n_anchors > n_items:
        raise ValueError(f"n_anchors={n_anchors} exceeds the {n_items} fitted items")
    return int(n_anchors)


def _kmeans(x: np.ndarray, k: int, rng: np.random.Generator,
            max_iter: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's k-means with k-means++ starts (Arthur and Vassilvitskii 2007) on a few columns.

    Written out because scipy's ``kmeans2`` seeds k-means++ in time quadratic in ``k``
    (minutes for 400 anchors among 30,000 items); here each new centre updates one vector
    of squared distances, and each Lloyd step finds the nearest centres with a k-d tree.
    Returns the centroids and each row's cluster.
    """
    n = len(x)
    centers = np.empty((k, x.shape[1]))
    first = int(rng.integers(n))
    centers[0] = x[first]
    d2 = ((x - x[first]) ** 2).sum(axis=1)
    for c in range(1, k):  # k-means++ is sequential: each centre depends on the previous
        total = d2.sum()
        pick = int(rng.choice(n, p=d2 / total)) if total > 0 else int(rng.integers(n))
        centers[c] = x[pick]
        d2 = np.minimum(d2, ((x - x[pick]) ** 2).sum(axis=1))
    labels = np.full(n, -1)
    for _ in range(max_iter):
        new = cKDTree(centers).query(x)[1]  # nearest centre, without an n x k matrix
        if np.array_equal(new, labels):
            break
        labels = new
        count = np.bincount(labels, minlength=k)
        sums = np.stack([np.bincount(labels, weights=x[:, j], minlength=k)
                         for j in range(x.shape[1])], axis=1)
        filled = count > 0  # an empty cluster keeps its centre
        centers[filled] = sums[filled] / count[filled, None]
    return centers, labels


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
        centroids, labels = _kmeans(emb, k, rng)
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


def _positions(index: pd.Index, labels: pd.Index) -> np.ndarray:
    """Position of each label in ``index`` (-1 where absent); an index lookup, not ``isin``,
    which is slow on the Arrow-backed string labels of large benchmarks."""
    if not index.is_unique:
        raise ValueError("item labels must be unique; found repeated labels, e.g. "
                         f"{index[index.duplicated()][0]!r}")
    return index.get_indexer(labels)


def _anchor_responses(scores: Any, anchors: pd.Index) -> tuple[np.ndarray, pd.Index]:
    matrix = as_score_matrix(scores, name="scores", binary=True, min_items=1, missing="omit",
                             supports_omit=True, check_orientation=False)
    if matrix.items is not None and not isinstance(matrix.items, pd.RangeIndex):
        pos = _positions(matrix.items, anchors)
        missing_labels = anchors[pos < 0]
        if len(missing_labels):
            raise ValueError(f"scores lack {len(missing_labels)} anchor item(s), e.g. "
                             f"{missing_labels[0]!r}; pass responses on every anchor")
        return matrix.values[:, pos], matrix.index
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
        so it is too small: use :func:`~analysis.irt.anchor_cross_validation` for an honest error);
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
    unknown = labels[_positions(fit.items.index, labels) < 0]
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
