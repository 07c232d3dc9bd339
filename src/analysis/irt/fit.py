"""1PL and 2PL item response models fitted by marginal maximum likelihood (EM).

Model: ``P(x_ij = 1) = sigmoid(a_j (theta_i - b_j)) = sigmoid(a_j theta_i + d_j)`` with
``d_j = -a_j b_j``; the 1PL has one discrimination ``a`` shared by all items.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit

from ._estep import Quadrature, Responses, gauss_hermite, node_loglik, normal_grid, posterior
from ._prepare import prepare

__all__ = ["IRTFit", "fit_irt", "marginal_log_likelihood", "ConvergenceWarning"]

#: |z| = |a theta + d| is clipped here: beyond it P is 1 or 0 to 200 digits.
_Z_CLIP = 500.0
_Z_CLIP32 = 80.0
#: Newton steps larger than this (in a or d) are shortened.
_MAX_STEP = 2.0


class ConvergenceWarning(UserWarning):
    """The EM iterations stopped at ``max_iter`` before the log-likelihood settled."""


@dataclass
class IRTFit:
    """A fitted 1PL or 2PL model (returned by :func:`fit_irt`).

    Attributes
    ----------
    model
        ``"1PL"`` or ``"2PL"``.
    items
        One row per fitted item: ``discrimination`` (a), ``difficulty`` (b, ability units),
        ``intercept`` (d = -a b), their standard errors ``se_*``, ``n`` (responses) and
        ``p_correct`` (observed fraction correct).
    abilities
        One row per fitted model: ``theta`` (MAP ability under the N(0, 1) prior, ability
        units), ``se`` (posterior standard deviation from the curvature), ``n`` and
        ``accuracy`` (observed fraction correct on the fitted items).
    log_likelihood
        Marginal log-likelihood (nats) at the estimates on the fit's quadrature.
    log_prior
        Log prior density of the item parameters at the estimates (the EM maximises
        ``log_likelihood + log_prior``).
    converged, n_iter, history
        Whether the change of the penalised log-likelihood fell below ``tol``, the number of
        EM iterations, and the marginal log-likelihood after each one.
    dropped_items, dropped_models
        What was removed before the fit and why (``reason``, and ``value``: the constant
        fraction correct), see :func:`fit_irt`.
    extreme_models
        Models kept in the fit with every item right (or wrong): their MAP ability is
        finite but rests on the prior (their maximum-likelihood ability is infinite).
    quadrature
        The ability nodes and log weights used.
    prior
        The item-parameter priors: ``a_mean``, ``a_sd``, ``d_sd``.
    """

    model: str
    items: pd.DataFrame
    abilities: pd.DataFrame
    log_likelihood: float
    log_prior: float
    converged: bool
    n_iter: int
    history: np.ndarray
    dropped_items: pd.DataFrame
    dropped_models: pd.DataFrame
    extreme_models: pd.DataFrame
    quadrature: Quadrature
    prior: dict[str, float] = field(default_factory=dict)
    all_items: pd.Index | None = None

    @property
    def a(self) -> np.ndarray:
        return self.items["discrimination"].to_numpy()

    @property
    def d(self) -> np.ndarray:
        return self.items["intercept"].to_numpy()

    def probability(self, theta: Any) -> np.ndarray:
        """(abilities x items) probability of a correct response at the abilities ``theta``."""
        theta = np.atleast_1d(np.asarray(theta, dtype=np.float64))
        return expit(np.outer(theta, self.a) + self.d[None, :])


def _check_positive(value: float, name: str, *, allow_inf: bool = False) -> float:
    if value is None and allow_inf:
        return np.inf
    value = float(value)
    if np.isnan(value) or value <= 0 or (np.isinf(value) and not allow_inf):
        raise ValueError(f"{name} must be a positive number; got {value!r}")
    return value


def _start(x: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Starting values: d from the logit of each item's fraction correct, a = 1."""
    n = x.shape[0] if mask is None else mask.sum(axis=0)
    p = np.clip((x.sum(axis=0) + 0.5) / (n + 1.0), 0.01, 0.99)
    return np.ones(x.shape[1]), 1.7 * np.log(p / (1 - p))


def _newton_2pl(a, d, r, n, nodes, p, prior):
    """One Newton step per item on the expected complete-data log-posterior (all items at
    once; the objective is concave in (a, d), so the 2 x 2 Hessian is negative definite)."""
    expected = n * p
    resid = r - expected
    expected *= 1.0 - p  # now the weights n P (1 - P)
    g_d = resid.sum(axis=1) - d / prior["d_sd"] ** 2
    g_a = resid @ nodes - (a - prior["a_mean"]) / prior["a_sd"] ** 2
    h = expected @ np.stack([np.ones_like(nodes), nodes, nodes**2], axis=1)
    h_dd = h[:, 0] + 1 / prior["d_sd"] ** 2
    h_ad = h[:, 1]
    h_aa = h[:, 2] + 1 / prior["a_sd"] ** 2
    det = h_aa * h_dd - h_ad**2
    step_a = (h_dd * g_a - h_ad * g_d) / det
    step_d = (h_aa * g_d - h_ad * g_a) / det
    shrink = np.maximum(1.0, np.maximum(np.abs(step_a), np.abs(step_d)) / _MAX_STEP)
    return a + step_a / shrink, d + step_d / shrink


def _newton_1pl(a, d, r, n, nodes, p, prior):
    """Newton steps for the intercepts (a fixed), then for the common discrimination."""
    resid = r - n * p
    w = n * p * (1.0 - p)
    g_d = resid.sum(axis=1) - d / prior["d_sd"] ** 2
    h_dd = w.sum(axis=1) + 1 / prior["d_sd"] ** 2
    step_d = np.clip(g_d / h_dd, -_MAX_STEP, _MAX_STEP)
    g_a = float((resid @ nodes).sum()) - (a[0] - prior["a_mean"]) / prior["a_sd"] ** 2
    h_aa = float((w @ nodes**2).sum()) + 1 / prior["a_sd"] ** 2
    step_a = float(np.clip(g_a / h_aa, -0.5, 0.5))
    return a + step_a, d + step_d


def _z_and_log1mp(a, d, nodes32):
    """float32 (items x nodes) linear predictor z = a theta + d and log(1 - sigmoid(z))."""
    z = np.multiply.outer(a.astype(np.float32), nodes32)
    z += d.astype(np.float32)[:, None]
    np.clip(z, -_Z_CLIP32, _Z_CLIP32, out=z)
    log1mp = np.negative(z)
    expit(log1mp, out=log1mp)  # 1 - P, >= 1.8e-35 after the clip: no underflow in float32
    np.log(log1mp, out=log1mp)
    return z, log1mp


def _item_q(a, d, r, n, nodes, log1mp, prior, one_pl):
    """Each item's expected complete-data log-posterior (the M-step objective):
    sum_q r_jq z_jq + n_jq log(1 - P_jq), minus the prior penalty; z is linear in (a, d)."""
    q = a * (r @ nodes) + d * r.sum(axis=1) + (n * log1mp).sum(axis=1).astype(np.float64)
    q -= 0.5 * (d / prior["d_sd"]) ** 2
    if not one_pl:
        q -= 0.5 * ((a - prior["a_mean"]) / prior["a_sd"]) ** 2
    return q


def _accept(a, d, a1, d1, z, log1mp, r, n, nodes32, prior, one_pl, max_halvings=8):
    """Keep the Newton step where it raises the M-step objective; halve it elsewhere.

    This makes the iteration a generalised EM: the penalised marginal likelihood cannot
    decrease (one undamped Newton step per iteration can make EM cycle).
    """
    q_old = _item_q(a, d, r, n, nodes32, log1mp, prior, one_pl)
    z1, l1 = _z_and_log1mp(a1, d1, nodes32)
    q_new = _item_q(a1, d1, r, n, nodes32, l1, prior, one_pl)
    slack = 1e-5 * (np.abs(q_old) + 1.0)
    if one_pl:
        total_old = q_old.sum() - 0.5 * ((a[0] - prior["a_mean"]) / prior["a_sd"]) ** 2
        for _ in range(max_halvings):
            total_new = q_new.sum() - 0.5 * ((a1[0] - prior["a_mean"]) / prior["a_sd"]) ** 2
            if total_new >= total_old - slack.sum():
                return a1, d1, z1, l1
            a1, d1 = (a + a1) / 2, (d + d1) / 2
            z1, l1 = _z_and_log1mp(a1, d1, nodes32)
            q_new = _item_q(a1, d1, r, n, nodes32, l1, prior, one_pl)
        return a, d, z, log1mp
    n_rows = n if n.shape[0] > 1 else None
    for _ in range(max_halvings):
        bad = np.flatnonzero(q_new < q_old - slack)
        if not len(bad):
            break
        a1[bad] = (a[bad] + a1[bad]) / 2
        d1[bad] = (d[bad] + d1[bad]) / 2
        zb, lb = _z_and_log1mp(a1[bad], d1[bad], nodes32)
        z1[bad], l1[bad] = zb, lb
        nb = n_rows[bad] if n_rows is not None else n
        q_new[bad] = _item_q(a1[bad], d1[bad], r[bad], nb, nodes32, lb, prior, one_pl)
    else:
        bad = np.flatnonzero(q_new < q_old - slack)
        a1[bad], d1[bad], z1[bad], l1[bad] = a[bad], d[bad], z[bad], log1mp[bad]
    return a1, d1, z1, l1


def _log_prior(a, d, prior, one_pl):
    a_part = a[:1] if one_pl else a
    return float(-0.5 * (((a_part - prior["a_mean"]) / prior["a_sd"]) ** 2).sum()
                 - 0.5 * ((d / prior["d_sd"]) ** 2).sum())


def _louis_se(resp, a, d, nodes, post, prior, one_pl):
    """Standard errors from the observed information (Louis 1982), item by item.

    Per item j with complete-data score s = (x - P(theta)) z, z = (theta, 1):
    I_obs = sum_i E_i[P(1-P) z z'] - E_i[s s'] + E_i[s] E_i[s]' + prior precision,
    expectations over each model's posterior on the nodes. Cross-item terms are ignored
    (block-diagonal information), except for the common a of the 1PL, whose score sums
    over items.
    """
    x, mask = resp.x, resp.mask
    z = np.outer(a, nodes) + d[:, None]
    p = expit(z)
    r = resp.x_t @ post
    n = (resp.mask_t @ post) if mask is not None else np.broadcast_to(post.sum(axis=0), p.shape)
    basis = [nodes, np.ones_like(nodes)]  # (a, d)
    w = n * p * (1 - p)
    ess = r * (1 - 2 * p) + n * p**2  # sum_i E_i[(x - P)^2] at each node
    mean_theta = post @ nodes
    info = np.empty((len(a), 2, 2))
    u = []
    for k in range(2):
        ez = post @ (p * basis[k]).T  # models x items: E_i[P z_k]
        xm = x * (mean_theta[:, None] if k == 0 else 1.0)
        uk = xm - ez
        if mask is not None:
            uk *= mask
        u.append(uk)
    for k in range(2):
        for m in range(k, 2):
            zz = basis[k] * basis[m]
            val = (w * zz).sum(axis=1) - (ess * zz).sum(axis=1) + (u[k] * u[m]).sum(axis=0)
            info[:, k, m] = info[:, m, k] = val
    info[:, 1, 1] += 1 / prior["d_sd"] ** 2
    if one_pl:
        se_d = 1 / np.sqrt(np.maximum(info[:, 1, 1], 1e-300))
        # Common a: score sum_j (x_ij - P_j(theta)) theta, its posterior variance per model.
        obs = mask if mask is not None else np.ones_like(x)
        g = nodes[None, :] * (x.sum(axis=1)[:, None] - obs @ p)
        var = (post * g**2).sum(axis=1) - (post * g).sum(axis=1) ** 2
        info_a = (w * nodes**2).sum() - var.sum() + 1 / prior["a_sd"] ** 2
        se_a = np.full(len(a), 1 / np.sqrt(max(info_a, 1e-300)))
        cov_ad = np.zeros(len(a))
        return se_a, se_d, cov_ad
    info[:, 0, 0] += 1 / prior["a_sd"] ** 2
    det = info[:, 0, 0] * info[:, 1, 1] - info[:, 0, 1] ** 2
    bad = det <= 0
    det = np.where(bad, np.nan, det)
    var_a = info[:, 1, 1] / det
    var_d = info[:, 0, 0] / det
    cov_ad = -info[:, 0, 1] / det
    return np.sqrt(var_a), np.sqrt(var_d), cov_ad


def fit_irt(
    scores: Any,
    *,
    model: str = "2PL",
    n_nodes: int = 41,
    quadrature: str = "grid",
    max_iter: int = 500,
    tol: float = 1e-3,
    prior_a: tuple[float, float] | None = (1.0, 2.0),
    prior_d_sd: float | None = 10.0,
    missing: str = "raise",
    on_constant: str = "drop",
    standard_errors: bool = True,
) -> IRTFit:
    """Fit a 1PL or 2PL model to a models x items 0/1 matrix by marginal maximum likelihood.

    EM (Bock and Aitkin 1981) on a fixed quadrature for the ability: the E-step computes
    each model's posterior over the nodes with two matrix products; the M-step takes one
    Newton step per item on the expected counts, all items at once. Abilities are then
    MAP estimates with the item parameters fixed (:func:`analysis.irt.estimate_abilities`).

    Parameters
    ----------
    scores
        Models x items 0/1 correctness: array, DataFrame (index = models, columns = items)
        or response matrix. NaN (a model not scored on an item) only with
        ``missing="omit"``: the likelihood then uses each model's scored items.
    model
        ``"2PL"`` (a discrimination per item) or ``"1PL"`` (one discrimination shared by all
        items, equivalent to a Rasch model with a = 1 and ability SD = a).
    n_nodes, quadrature
        Number of ability nodes; ``"grid"`` (evenly spaced on [-6, 6] with N(0, 1) weights,
        default) or ``"gauss-hermite"``.
    max_iter, tol
        EM stops when the penalised log-likelihood changes by less than ``tol`` nats per
        1,000 responses, or after ``max_iter`` iterations (with a
        :class:`ConvergenceWarning`; ``converged`` reports which).
    prior_a, prior_d_sd
        Bayes-modal priors for stability: ``a ~ N(prior_a[0], prior_a[1]**2)`` and
        ``d ~ N(0, prior_d_sd**2)`` on the slope-intercept form, in which the M-step stays
        concave. They keep the estimates finite for items that separate the models perfectly
        (where the maximum-likelihood a is infinite); with the defaults they are weak
        (a 1-SD move costs half a nat). ``None`` (or an infinite SD) removes a prior:
        plain marginal maximum likelihood, which diverges for separating items.
    missing
        ``"raise"`` (default) or ``"omit"`` (NaN = not scored).
    on_constant
        ``"drop"`` (default): items that every scored model got right (or wrong) are
        dropped and listed in ``dropped_items`` with the reason; ``"raise"``: refuse them.
        Models with every remaining item right (or wrong) are kept (they inform the item
        parameters; dropping them would bias the discriminations down) and listed in
        ``extreme_models``; models with no scored item are dropped (``dropped_models``).
    standard_errors
        Compute the item standard errors (default). ``False`` leaves them NaN and saves
        about a fifth of the time (bootstrap replicates, speed comparisons).

    Returns
    -------
    IRTFit

    Notes
    -----
    **Identifiability**: the ability is N(0, 1) in the population of models (location and
    scale), and the prior mean of a is positive (sign). Item parameters are therefore on the
    scale of the fitted set of models: refit, and the scale moves with the models included.
    **Standard errors** come from the observed information (Louis' formula) of each item's
    parameters, treating the other items as known; with few models, or for items near
    perfect separation, prefer :func:`analysis.irt.bootstrap_items`. With many items per
    model (thousands) every posterior sits on one node, the quadrature likelihood is
    piecewise and EM can stop at a local optimum: compare fits from a few ``n_nodes``.
    Models whose ability lies beyond the grid (``|theta| > 6``; on nlu-irt hellaswag the best
    checkpoints reach MAP 8) sit on its edge during EM. **Difficulty** ``b = -d / a`` is in
    ability SD units and is unstable where ``a`` is near 0 (its SE says so); the intercept
    ``d`` is the stable parameter. **Algorithm details**: each Newton step is kept only
    where it raises the item's M-step objective and halved elsewhere (a generalised EM:
    the penalised likelihood never decreases; undamped single Newton steps can make EM
    cycle); the (items x nodes) arithmetic of the iterations runs in float32 with sums over
    items in float64, and the reported likelihood, posteriors and errors are recomputed in
    float64.

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import fit_irt, simulate_responses
    >>> x, truth = simulate_responses(200, 30, rng=np.random.default_rng(0))
    >>> fit = fit_irt(x)
    >>> err = fit.items["difficulty"].to_numpy() - truth["difficulty"]
    >>> bool(np.median(np.abs(err)) < 0.3)
    True
    """
    if model not in ("1PL", "2PL"):
        raise ValueError(f"model must be '1PL' or '2PL'; got {model!r}")
    if quadrature not in ("grid", "gauss-hermite"):
        raise ValueError(f"quadrature must be 'grid' or 'gauss-hermite'; got {quadrature!r}")
    if int(max_iter) != max_iter or max_iter < 1:
        raise ValueError(f"max_iter must be a whole number >= 1; got {max_iter!r}")
    tol = _check_positive(tol, "tol")
    if prior_a is None:
        prior_a = (1.0, np.inf)
    if len(prior_a) != 2:
        raise ValueError(f"prior_a must be (mean, sd) or None; got {prior_a!r}")
    prior = {"a_mean": float(prior_a[0]),
             "a_sd": _check_positive(prior_a[1], "prior_a[1]", allow_inf=True),
             "d_sd": _check_positive(prior_d_sd, "prior_d_sd", allow_inf=True)}
    prep = prepare(scores, missing=missing, on_constant=on_constant)
    quad = normal_grid(n_nodes) if quadrature == "grid" else gauss_hermite(n_nodes)
    nodes, log_w = quad.nodes, quad.log_weights
    resp = Responses(prep.values)
    one_pl = model == "1PL"
    a, d = _start(resp.x, resp.mask)
    n_resp = resp.x.size if resp.complete else resp.mask.sum()
    threshold = tol * n_resp / 1000.0
    history = []
    previous = -np.inf
    converged = False
    step = _newton_1pl if one_pl else _newton_2pl
    nodes32 = nodes.astype(np.float32)
    z, log1mp = _z_and_log1mp(a, d, nodes32)
    it = 0
    while it < int(max_iter):
        it += 1
        # The (items x nodes) work runs in float32 (twice as fast); sums over items are
        # accumulated in float64, and the final likelihood and errors are recomputed in float64.
        ll = np.outer(resp.x @ a, nodes) + (resp.x @ d)[:, None]
        if resp.complete:
            ll += log1mp.sum(axis=0, dtype=np.float64)[None, :]
        else:
            ll += resp.mask32 @ log1mp
        post, marginal = posterior(ll, log_w)
        loglik = float(marginal.sum())
        history.append(loglik)
        objective = loglik + _log_prior(a, d, prior, one_pl)
        if abs(objective - previous) < threshold:
            converged = True
            break
        previous = objective
        post32 = post.astype(np.float32)
        r = resp.x_t32 @ post32
        n = (resp.mask_t32 @ post32) if not resp.complete else post32.sum(axis=0)[None, :]
        a1, d1 = step(a, d, r, n, nodes32, expit(z), prior)
        a, d, z, log1mp = _accept(a, d, a1, d1, z, log1mp, r, n, nodes32, prior, one_pl)
    # final E-step in float64
    ll = node_loglik(resp, a, d, nodes)
    post, marginal = posterior(ll, log_w)
    loglik = float(marginal.sum())
    if not converged:
        warnings.warn(f"EM stopped after {max_iter} iterations; the last change of the "
                      f"log-likelihood was {abs(objective - previous):.3g} nats (tol "
                      f"{threshold:.3g}). Raise max_iter or tol", ConvergenceWarning,
                      stacklevel=2)
    if standard_errors:
        se_a, se_d, cov_ad = _louis_se(resp, a, d, nodes, post, prior, one_pl)
    else:
        se_a = se_d = cov_ad = np.full(len(a), np.nan)
    b = -d / a
    # delta method for b = -d / a
    var_b = (d / a**2) ** 2 * se_a**2 + (1 / a) ** 2 * se_d**2 - 2 * (d / a**2) / a * cov_ad
    obs = ~np.isnan(prep.values)
    items = pd.DataFrame({
        "discrimination": a, "difficulty": b, "intercept": d,
        "se_discrimination": se_a, "se_difficulty": np.sqrt(np.maximum(var_b, 0)),
        "se_intercept": se_d, "n": obs.sum(axis=0),
        "p_correct": np.nanmean(prep.values, axis=0),
    }, index=prep.items)
    fit = IRTFit(model=model, items=items, abilities=pd.DataFrame(), log_likelihood=loglik,
                 log_prior=_log_prior(a, d, prior, one_pl), converged=converged, n_iter=it,
                 history=np.asarray(history), dropped_items=prep.dropped_items,
                 dropped_models=prep.dropped_models,
                 extreme_models=prep.extreme_models, quadrature=quad, prior=prior,
                 all_items=prep.all_items)
    from .scoring import _map_abilities

    theta, se = _map_abilities(fit, resp, start=post @ nodes)
    fit.abilities = pd.DataFrame({"theta": theta, "se": se, "n": obs.sum(axis=1),
                                  "accuracy": np.nanmean(prep.values, axis=1)}, index=prep.models)
    return fit


def marginal_log_likelihood(
    scores: Any, discrimination: Any, difficulty: Any, *, n_nodes: int = 61,
    quadrature: str = "grid", missing: str = "raise",
) -> float:
    """Marginal log-likelihood (nats) of 2PL item parameters on a given quadrature.

    ``sum_i log sum_q w_q prod_j P_j(theta_q)^x_ij (1 - P_j(theta_q))^(1 - x_ij)`` with
    ``P_j = sigmoid(a_j (theta - b_j))`` and ability N(0, 1). Use it to compare fits from
    different programs on a common quadrature. Items and models are used as given (no
    dropping); parameters are matched to the items by position.

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import marginal_log_likelihood
    >>> x = np.array([[1, 0], [0, 1], [1, 1]])
    >>> round(marginal_log_likelihood(x, [0.0, 0.0], [0.0, 0.0]), 4)  # 6 coin flips
    -4.1589
    """
    a = np.asarray(discrimination, dtype=np.float64).ravel()
    b = np.asarray(difficulty, dtype=np.float64).ravel()
    from ..stats._validation import as_score_matrix

    matrix = as_score_matrix(scores, binary=True, min_items=1, missing=missing,
                             supports_omit=True, check_orientation=False)
    if a.shape != b.shape or a.size != matrix.n_items:
        raise ValueError(f"discrimination and difficulty need one value per item "
                         f"({matrix.n_items}); got {a.size} and {b.size}")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("discrimination and difficulty must be finite")
    quad = normal_grid(n_nodes) if quadrature == "grid" else gauss_hermite(n_nodes)
    resp = Responses(matrix.values)
    d = -a * b
    ll = node_loglik(resp, a, d, quad.nodes)
    return float(posterior(ll, quad.log_weights)[1].sum())
