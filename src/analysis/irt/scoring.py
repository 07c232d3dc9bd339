"""Ability estimates with the item parameters fixed, and simulated responses."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit, logsumexp

from ..stats._validation import as_score_matrix, check_rng, match_by_label
from ._estep import Responses

__all__ = ["estimate_abilities", "simulate_responses"]


def align_to_fit(fit: Any, scores: Any, *, missing: str = "omit", name: str = "scores"):
    """Responses of (new) models on the fitted items: a float array (models x fitted items,
    NaN where not scored), the model labels, and which fitted items were scored at all.

    A DataFrame (or response matrix) is aligned on the item labels: columns the fit dropped
    as constant are ignored, labels the fit never saw raise a ValueError naming them, and
    fitted items that are absent count as not scored. A plain array must have one column
    per fitted item, in the fit's order.
    """
    matrix = as_score_matrix(scores, name=name, binary=True, min_items=1, missing=missing,
                             supports_omit=True, check_orientation=False)
    fitted = fit.items.index
    if match_by_label(matrix.items, fitted) and matrix.items is not None:
        known = fitted.union(fit.dropped_items.index) if len(fit.dropped_items) else fitted
        unknown = matrix.items[~matrix.items.isin(known)]
        if len(unknown):
            raise ValueError(f"{name} has {len(unknown)} item(s) the fit does not know, e.g. "
                             f"{unknown[0]!r}; pass responses on the fitted items")
        pos = fitted.get_indexer(matrix.items)
        out = np.full((matrix.values.shape[0], len(fitted)), np.nan)
        keep = pos >= 0
        out[:, pos[keep]] = matrix.values[:, keep]
    else:
        if matrix.n_items != len(fitted):
            raise ValueError(f"{name} has {matrix.n_items} columns but the fit has "
                             f"{len(fitted)} items; pass a DataFrame with item labels to "
                             "score a subset of the items")
        out = matrix.values
    return out, matrix.index


def _map_abilities(fit: Any, resp: Responses, *, prior: bool = True, max_iter: int = 100,
                   start: np.ndarray | None = None, prior_mean: float = 0.0,
                   prior_sd: float = 1.0):
    """Newton iterations for every model at once; SE = 1 / sqrt(information (+ 1 / sd^2)),
    prior N(prior_mean, prior_sd^2) on the ability (none with ``prior=False``)."""
    precision = 1.0 / prior_sd**2
    a, d = fit.a, fit.d
    x, mask = resp.x, resp.mask
    obs = np.ones_like(x) if mask is None else mask
    theta = np.zeros(x.shape[0]) if start is None else start.copy()
    for _ in range(max_iter):
        p = expit(np.outer(theta, a) + d)
        if mask is None:
            grad = (x - p) @ a
            p *= 1 - p
            info = p @ (a * a)
        else:
            grad = ((x - p) * obs) @ a
            info = (p * (1 - p) * obs) @ (a * a)
        if prior:
            grad -= (theta - prior_mean) * precision
            info += precision
        with np.errstate(divide="ignore", invalid="ignore"):
            # without the prior, perfect scores have no finite maximum: those rows are
            # set to +-inf by the caller; keep their iterations finite here
            step = np.clip(np.nan_to_num(grad / info), -1.0, 1.0)
        theta = theta + step
        if np.abs(step).max() < 1e-7:
            break
    # the information at the previous iterate: the last step moved theta by < 1e-7
    with np.errstate(divide="ignore"):
        return theta, 1.0 / np.sqrt(info)


def estimate_abilities(fit: Any, scores: Any, *, method: str = "map",
                       missing: str = "omit") -> pd.DataFrame:
    """Abilities of (possibly new) models from their responses, item parameters fixed.

    Parameters
    ----------
    fit
        An :class:`~analysis.irt.IRTFit`.
    scores
        Models x items 0/1 responses on some or all of the fitted items (see
        ``align_to_fit`` for how items are matched). NaN = not scored (the default
        ``missing="omit"``; pass ``"raise"`` to refuse NaN).
    method
        ``"map"`` (default): posterior mode under the N(0, 1) ability prior, SE
        ``1 / sqrt(I(theta) + 1)`` with ``I(theta) = sum_j a_j^2 P_j (1 - P_j)`` over the
        scored items; ``"eap"``: posterior mean and SD on a 401-node grid on [-6, 6];
        ``"mle"``: maximum likelihood, SE ``1 / sqrt(I(theta))``, infinite for a model
        with all its scored items right or wrong (returned as +-inf).

    Returns
    -------
    pandas.DataFrame
        One row per model: ``theta`` (ability units), ``se``, ``n`` (scored items).

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import fit_irt, simulate_responses, estimate_abilities
    >>> x, truth = simulate_responses(300, 40, rng=np.random.default_rng(1))
    >>> fit = fit_irt(x[:200])
    >>> est = estimate_abilities(fit, x[200:])
    >>> bool(np.corrcoef(est["theta"], truth["theta"][200:])[0, 1] > 0.8)
    True
    """
    if method not in ("map", "eap", "mle"):
        raise ValueError(f"method must be 'map', 'eap' or 'mle'; got {method!r}")
    values, index = align_to_fit(fit, scores, missing=missing)
    resp = Responses(values)
    n = (~np.isnan(values)).sum(axis=1)
    if method == "eap":
        grid = np.linspace(-6, 6, 401)
        z = np.outer(fit.a, grid) + fit.d[:, None]
        log1mp = -np.logaddexp(0.0, z)
        ll = np.outer(resp.x @ fit.a, grid) + (resp.x @ fit.d)[:, None]
        ll += log1mp.sum(axis=0) if resp.complete else resp.mask @ log1mp
        ll += -0.5 * grid**2
        w = np.exp(ll - logsumexp(ll, axis=1)[:, None])
        theta = w @ grid
        se = np.sqrt(np.maximum(w @ grid**2 - theta**2, 0))
    else:
        theta, se = _map_abilities(fit, resp, prior=method == "map")
        if method == "mle":
            correct = np.nansum(values, axis=1)
            theta = np.where(correct == n, np.inf, np.where(correct == 0, -np.inf, theta))
            se = np.where(np.isinf(theta), np.inf, se)
    return pd.DataFrame({"theta": theta, "se": se, "n": n}, index=index)


def simulate_responses(n_models: int, n_items: int, *, rng: np.random.Generator,
                       model: str = "2PL", discrimination: Any = None,
                       difficulty: Any = None, theta: Any = None):
    """Simulate 0/1 responses from a 1PL or 2PL model (for tests and teaching).

    Abilities ``theta ~ N(0, 1)``, difficulties ``b ~ N(0, 1)``, discriminations
    ``a ~ LogNormal(0, 0.3)`` (2PL) or 1 (1PL) unless given.

    Returns
    -------
    (pandas.DataFrame, dict)
        The models x items responses (index ``model``, columns ``item``) and the true
        parameters ``{"theta", "discrimination", "difficulty"}``.

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import simulate_responses
    >>> x, truth = simulate_responses(5, 3, rng=np.random.default_rng(0))
    >>> x.shape
    (5, 3)
    """
    rng = check_rng(rng)
    if model not in ("1PL", "2PL"):
        raise ValueError(f"model must be '1PL' or '2PL'; got {model!r}")
    th = rng.standard_normal(n_models) if theta is None else np.asarray(theta, float)
    b = rng.standard_normal(n_items) if difficulty is None else np.asarray(difficulty, float)
    if discrimination is not None:
        a = np.broadcast_to(np.asarray(discrimination, float), (n_items,)).copy()
    else:
        a = np.exp(0.3 * rng.standard_normal(n_items)) if model == "2PL" else np.ones(n_items)
    p = expit(a[None, :] * (th[:, None] - b[None, :]))
    x = (rng.random(p.shape) < p).astype(np.float64)
    frame = pd.DataFrame(x, index=pd.Index([f"m{i}" for i in range(n_models)], name="model"),
                         columns=pd.Index([f"q{j}" for j in range(n_items)], name="item"))
    return frame, {"theta": th, "discrimination": a, "difficulty": b}
