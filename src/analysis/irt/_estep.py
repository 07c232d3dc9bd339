"""Quadrature, the E-step and the marginal log-likelihood (internal).

The 2PL log-likelihood of model ``i`` at node ``theta_q`` is

    sum_j M_ij [x_ij z_jq - log(1 + exp(z_jq))],   z_jq = a_j theta_q + d_j,

because ``log P - log(1 - P) = z``. The first term is ``theta_q (X a)_i + (X d)_i``: two
matrix-vector products; the second is ``M @ log(1 - P).T`` (with no missing responses it
is the same column sum for every model). So one E-step costs O(models x items) plus one
pass over the (items x nodes) array.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit, logsumexp, roots_hermite

__all__ = ["Quadrature", "normal_grid", "gauss_hermite", "Responses", "node_loglik", "posterior"]


@dataclass(frozen=True)
class Quadrature:
    """Nodes ``theta`` (ability units) and log weights of a discrete N(0, 1) prior."""

    nodes: np.ndarray
    log_weights: np.ndarray

    @property
    def weights(self) -> np.ndarray:
        return np.exp(self.log_weights)


def normal_grid(n_nodes: int = 41, limit: float = 6.0) -> Quadrature:
    """Evenly spaced nodes on ``[-limit, limit]`` with weights proportional to the N(0, 1)
    density, normalised to sum to 1 (the default quadrature of R's ``mirt``)."""
    if n_nodes < 3 or int(n_nodes) != n_nodes:
        raise ValueError(f"n_nodes must be a whole number >= 3; got {n_nodes!r}")
    nodes = np.linspace(-limit, limit, int(n_nodes))
    log_w = -0.5 * nodes**2
    return Quadrature(nodes, log_w - logsumexp(log_w))


def gauss_hermite(n_nodes: int = 21) -> Quadrature:
    """Gauss-Hermite nodes and weights for a N(0, 1) ability (the quadrature of the PyPI
    package ``mirt``, 21 nodes by default)."""
    x, w = roots_hermite(int(n_nodes))
    return Quadrature(x * np.sqrt(2.0), np.log(w / np.sqrt(np.pi)))


class Responses:
    """0/1 responses as float64 with NaN replaced by 0, the observed mask and counts."""

    __slots__ = ("x", "mask", "complete", "x_t", "mask_t", "x_t32", "mask32", "mask_t32")

    def __init__(self, values: np.ndarray) -> None:
        observed = ~np.isnan(values)
        self.complete = bool(observed.all())
        self.x = np.where(observed, values, 0.0)
        self.mask = None if self.complete else observed.astype(np.float64)
        self.x_t = np.ascontiguousarray(self.x.T)
        self.mask_t = None if self.complete else np.ascontiguousarray(self.mask.T)
        # float32 copies (0/1 exactly) for the EM iterations
        self.x_t32 = self.x_t.astype(np.float32)
        self.mask32 = None if self.complete else self.mask.astype(np.float32)
        self.mask_t32 = None if self.complete else self.mask_t.astype(np.float32)

    @property
    def shape(self) -> tuple[int, int]:
        return self.x.shape


def log_one_minus_p(z: np.ndarray) -> np.ndarray:
    """``log(1 - sigmoid(z))`` without overflow."""
    return -np.logaddexp(0.0, z)


def node_loglik(
    resp: Responses, a: np.ndarray, d: np.ndarray, nodes: np.ndarray, log1mp: np.ndarray | None = None
) -> np.ndarray:
    """(models x nodes) log-likelihood of every model's responses at every node."""
    if log1mp is None:
        log1mp = log_one_minus_p(np.outer(a, nodes) + d[:, None])
    ll = np.outer(resp.x @ a, nodes) + (resp.x @ d)[:, None]
    if resp.complete:
        ll += log1mp.sum(axis=0)[None, :]
    else:
        ll += resp.mask @ log1mp
    return ll


def posterior(ll: np.ndarray, log_weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Posterior over the nodes (models x nodes) and each model's log marginal likelihood."""
    joint = ll + log_weights[None, :]
    marginal = logsumexp(joint, axis=1)
    return np.exp(joint - marginal[:, None]), marginal


def probabilities(a: np.ndarray, d: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """(items x abilities) probability of a correct response, ``sigmoid(a theta + d)``."""
    return expit(np.outer(a, theta) + d[:, None])
