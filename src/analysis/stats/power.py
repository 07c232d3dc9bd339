"""How many items a comparison needs: sample size, detectable effect and power.

All functions use the normal approximation of Miller (2024, eq. 6) for a two-sided test at
level ``alpha`` of a difference ``delta`` in mean score, where ``omega2`` is the per-item
variance of the difference: ``Var(a - b)`` for a paired design
(:func:`analysis.stats.paired_variance`), ``Var(a) + Var(b)`` for an unpaired one
(:func:`analysis.stats.independent_variance`). Inputs broadcast like numpy arrays.

Units: scores are fractions in ``[0, 1]``, so ``delta`` is a difference of fractions
(one percentage point is ``0.01``) and ``omega2`` is at most 1 for a paired design (2 for an
unpaired one). Values that look like percentages raise an error; pass ``bounded=False``
for scores on another scale. Clustered items (passages, task families) need more items:
pass ``design_effect`` (see :func:`design_effect`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats as sps

from ._validation import check_fraction

__all__ = [
    "sample_size_factor",
    "required_sample_size",
    "minimum_detectable_effect",
    "power",
    "design_effect",
]


def _probability(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise TypeError(f"{name} must be a number strictly between 0 and 1; got {value!r}")
    if not 0 < value < 1:
        hint = " (it looks like a percentage: divide by 100)" if 1 < value <= 100 else ""
        raise ValueError(f"{name} must lie strictly between 0 and 1; got {value!r}{hint}")
    return float(value)


def _positive(value: Any, name: str) -> np.ndarray:
    array = np.asarray(value, dtype=np.float64)
    if np.isnan(array).any() or (array <= 0).any():
        raise ValueError(f"{name} must be positive (and not NaN); got {value!r}")
    return array


def _delta(value: Any, bounded: bool, *, allow_zero: bool = False) -> np.ndarray:
    array = np.asarray(value, dtype=np.float64)
    if np.isnan(array).any():
        raise ValueError(f"delta must not be NaN; got {value!r}")
    if not allow_zero and (array <= 0).any():
        raise ValueError(f"delta must be positive (and not NaN); got {value!r}")
    if bounded and (np.abs(array) >= 1).any():
        raise ValueError(
            f"delta is a difference of scores in [0, 1], so |delta| must be below 1; got "
            f"{value!r}. It looks like percentage points: a 1-point difference is delta=0.01 "
            "(divide by 100). For scores on another scale pass bounded=False"
        )
    return array


def _omega2(value: Any, bounded: bool) -> np.ndarray:
    array = _positive(value, "omega2")
    if bounded and (array > 2).any():
        raise ValueError(
            f"omega2 is a per-item variance of scores in [0, 1], at most 2; got {value!r}. It "
            "looks like a variance of percentages: divide by 100**2 = 10_000. For scores on "
            "another scale pass bounded=False"
        )
    return array


def _deff(value: Any) -> np.ndarray:
    array = np.asarray(value, dtype=np.float64)
    if np.isnan(array).any() or (array <= 0).any():
        raise ValueError(f"design_effect must be positive (1 for independent items); got {value!r}")
    return array


def _scalar_or_array(array: np.ndarray) -> Any:
    return array.item() if array.ndim == 0 else array


def design_effect(cluster_size: Any, icc: Any) -> Any:
    """Design effect of a clustered sample of equal clusters: ``1 + (m - 1) * ICC``.

    The factor by which clustering inflates the variance of a mean score (Kish 1965), for
    clusters of ``m`` items whose scores have intra-class correlation ``ICC``. Multiply the
    number of items an independent-items design needs by it, or pass it as
    ``design_effect`` to :func:`required_sample_size`, :func:`minimum_detectable_effect`
    and :func:`power`. With unequal clusters, use the mean cluster size as an approximation
    or take the design effect measured by :func:`analysis.stats.clustered_se`.

    Parameters
    ----------
    cluster_size
        Items per cluster ``m`` (at least 1).
    icc
        Intra-class correlation in ``[0, 1]`` (a fraction).

    Examples
    --------
    >>> design_effect(10, 0.1)
    1.9
    """
    m = np.asarray(cluster_size, dtype=np.float64)
    if np.isnan(m).any() or (m < 1).any():
        raise ValueError(f"cluster_size must be at least 1 item; got {cluster_size!r}")
    rho = check_fraction(icc, "icc", what="an intra-class correlation")
    return _scalar_or_array(1 + (m - 1) * rho)


def sample_size_factor(alpha: float = 0.05, power: float = 0.8) -> float:
    """``(z_{1-alpha/2} + z_{power})^2``: about 7.849 for ``alpha=0.05``, 80% power.

    Examples
    --------
    >>> round(sample_size_factor(), 3)
    7.849
    """
    a = _probability(alpha, "alpha")
    p = _probability(power, "power")
    return float((sps.norm.ppf(1 - a / 2) + sps.norm.ppf(p)) ** 2)


def required_sample_size(
    delta: Any,
    omega2: Any,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    design_effect: Any = 1.0,
    bounded: bool = True,
) -> Any:
    """Items needed to detect a true difference ``delta`` with the given power.

    ``n = ceil( (z_{1-alpha/2} + z_{power})^2 * omega2 * deff / delta^2 )``.

    Parameters
    ----------
    delta
        Smallest difference in mean score worth detecting, positive, as a fraction
        (0.01 = one percentage point).
    omega2
        Per-item variance of the difference; see the module docstring.
    alpha, power
        Two-sided test level and desired power.
    design_effect
        Variance inflation from clustered items (default 1: independent items); see
        :func:`design_effect`.
    bounded
        Scores are fractions in ``[0, 1]`` (default): ``delta`` must be below 1 and
        ``omega2`` at most 2. ``False`` for scores on another scale.

    Returns
    -------
    int or numpy.ndarray of int
        The number of items (rounded up). With clusters of ``m`` items, ``ceil(n / m)``
        clusters.

    Notes
    -----
    The normal approximation ignores the (small) chance of a significant result in the
    wrong direction and assumes the analysis uses the matching SE (clustered when
    ``design_effect > 1``).

    Examples
    --------
    >>> required_sample_size(0.03, 0.25)
    2181
    """
    factor = sample_size_factor(alpha, power)
    inflated = _omega2(omega2, bounded) * _deff(design_effect)
    n = np.ceil(factor * inflated / _delta(delta, bounded) ** 2)
    return _scalar_or_array(n.astype(np.int64))


def minimum_detectable_effect(
    n: Any,
    omega2: Any,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    design_effect: Any = 1.0,
    bounded: bool = True,
) -> Any:
    """Smallest true difference detectable with ``n`` items:
    ``(z_{1-alpha/2} + z_{power}) * sqrt(omega2 * deff / n)``.

    Parameters as in :func:`required_sample_size`; the result is a difference of fractions.

    Examples
    --------
    >>> round(minimum_detectable_effect(2000, 0.25), 4)
    0.0313
    """
    factor = sample_size_factor(alpha, power)
    mde = np.sqrt(factor * _omega2(omega2, bounded) * _deff(design_effect) / _positive(n, "n"))
    return _scalar_or_array(mde)


def power(
    n: Any,
    delta: Any,
    omega2: Any,
    *,
    alpha: float = 0.05,
    design_effect: Any = 1.0,
    bounded: bool = True,
) -> Any:
    """Probability that a two-sided level-``alpha`` test on ``n`` items detects a true
    difference ``delta``.

    ``Phi(delta/SE - z) + Phi(-delta/SE - z)`` with ``SE = sqrt(omega2 * deff / n)`` and
    ``z = z_{1-alpha/2}``. ``delta`` (a difference of fractions) may be 0 (the result is
    then ``alpha``) or negative. Other parameters as in :func:`required_sample_size`.

    Examples
    --------
    >>> round(power(2181, 0.03, 0.25), 3)
    0.8
    """
    z = sps.norm.ppf(1 - _probability(alpha, "alpha") / 2)
    delta = _delta(delta, bounded, allow_zero=True)
    se = np.sqrt(_omega2(omega2, bounded) * _deff(design_effect) / _positive(n, "n"))
    shift = delta / se
    return _scalar_or_array(sps.norm.cdf(shift - z) + sps.norm.cdf(-shift - z))
