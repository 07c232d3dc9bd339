"""How many items a comparison needs: sample size, detectable effect and power.

All functions use the normal approximation of Miller (2024, eq. 6) for a two-sided test at
level ``alpha`` of a difference ``delta`` in mean score, where ``omega2`` is the per-item
variance of the difference: ``Var(a - b)`` for a paired design
(:func:`analysis.stats.paired_variance`), ``Var(a) + Var(b)`` for an unpaired one
(:func:`analysis.stats.independent_variance`). Inputs broadcast like numpy arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats as sps

__all__ = ["sample_size_factor", "required_sample_size", "minimum_detectable_effect", "power"]


def _probability(value: Any, name: str) -> float:
    if not 0 < value < 1:
        raise ValueError(f"{name} must lie strictly between 0 and 1; got {value!r}")
    return float(value)


def _positive(value: Any, name: str) -> np.ndarray:
    array = np.asarray(value, dtype=np.float64)
    if np.isnan(array).any() or (array <= 0).any():
        raise ValueError(f"{name} must be positive (and not NaN); got {value!r}")
    return array


def _scalar_or_array(array: np.ndarray) -> Any:
    return array.item() if array.ndim == 0 else array


def sample_size_factor(alpha: float = 0.05, power: float = 0.8) -> float:
    """``(z_{1-alpha/2} + z_{power})^2``: about 7.849 for ``alpha=0.05``, 80% power."""
    a = _probability(alpha, "alpha")
    p = _probability(power, "power")
    return float((sps.norm.ppf(1 - a / 2) + sps.norm.ppf(p)) ** 2)


def required_sample_size(delta: Any, omega2: Any, *, alpha: float = 0.05, power: float = 0.8) -> Any:
    """Items needed to detect a true difference ``delta`` with the given power.

    ``n = ceil( (z_{1-alpha/2} + z_{power})^2 * omega2 / delta^2 )``.

    Parameters
    ----------
    delta
        Smallest difference in mean score worth detecting (same units as the scores),
        positive.
    omega2
        Per-item variance of the difference; see the module docstring.
    alpha, power
        Two-sided test level and desired power.

    Returns
    -------
    int or numpy.ndarray of int
        The number of items (rounded up).

    Notes
    -----
    The normal approximation ignores the (small) chance of a significant result in the
    wrong direction and assumes independent items; with clusters, multiply by the design
    effect.
    """
    factor = sample_size_factor(alpha, power)
    n = np.ceil(factor * _positive(omega2, "omega2") / _positive(delta, "delta") ** 2)
    return _scalar_or_array(n.astype(np.int64))


def minimum_detectable_effect(n: Any, omega2: Any, *, alpha: float = 0.05, power: float = 0.8) -> Any:
    """Smallest true difference detectable with ``n`` items:
    ``(z_{1-alpha/2} + z_{power}) * sqrt(omega2 / n)``."""
    factor = sample_size_factor(alpha, power)
    mde = np.sqrt(factor * _positive(omega2, "omega2") / _positive(n, "n"))
    return _scalar_or_array(mde)


def power(n: Any, delta: Any, omega2: Any, *, alpha: float = 0.05) -> Any:
    """Probability that a two-sided level-``alpha`` test on ``n`` items detects a true
    difference ``delta``: ``Phi(delta/SE - z) + Phi(-delta/SE - z)`` with
    ``SE = sqrt(omega2 / n)`` and ``z = z_{1-alpha/2}``.

    ``delta`` may be 0 (the result is then ``alpha``) or negative.
    """
    z = sps.norm.ppf(1 - _probability(alpha, "alpha") / 2)
    delta = np.asarray(delta, dtype=np.float64)
    if np.isnan(delta).any():
        raise ValueError("delta must not be NaN")
    shift = delta / np.sqrt(_positive(omega2, "omega2") / _positive(n, "n"))
    return _scalar_or_array(sps.norm.cdf(shift - z) + sps.norm.cdf(-shift - z))
