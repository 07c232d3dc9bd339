"""Checks of scalar arguments shared by every estimator: confidence, fractions, counts, rng."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = ["check_confidence", "check_fraction", "check_whole", "check_rng"]


def check_confidence(confidence: Any) -> float:
    """Return ``confidence`` as a float if it lies strictly between 0 and 1.

    Raises ``TypeError`` for a non-number (such as the string ``"0.95"``) and
    ``ValueError`` otherwise, naming the likely mistake (``95`` instead of ``0.95``).
    """
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real):
        raise TypeError(
            f"confidence must be a number strictly between 0 and 1 such as 0.95; got "
            f"{type(confidence).__name__} {confidence!r}"
        )
    if not 0 < confidence < 1:
        hint = " (it looks like a percentage: divide by 100)" if 1 < confidence <= 100 else ""
        raise ValueError(
            f"confidence must lie strictly between 0 and 1 (e.g. 0.95); got {confidence!r}{hint}"
        )
    return float(confidence)


def check_fraction(
    value: Any, name: str, *, low: float = 0.0, high: float = 1.0, what: str = "a fraction"
) -> np.ndarray:
    """Float array of ``value``, checked to lie in ``[low, high]`` (no NaN).

    The message names the likely mistake when the values look like percentages.
    """
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numeric; got {value!r}") from None
    if np.isnan(array).any():
        raise ValueError(f"{name} must not be NaN; got {value!r}")
    if ((array < low) | (array > high)).any():
        hint = ""
        if (np.abs(array) <= 100).all() and (np.abs(array) > high).any():
            hint = ": it looks like percentages (or percentage points); divide by 100"
        raise ValueError(f"{name} must be {what} in [{low:g}, {high:g}]; got {value!r}{hint}")
    return array


def check_whole(value: Any, name: str, *, minimum: int = 1, allow_inf: bool = False) -> np.ndarray:
    """Float array of ``value``, checked to hold whole numbers ``>= minimum`` (no NaN;
    ``inf`` only with ``allow_inf``)."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number, not a bool")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a whole number; got {value!r}") from None
    finite = np.isfinite(array)
    if np.isnan(array).any() or (not allow_inf and not finite.all()):
        raise ValueError(f"{name} must be a finite whole number; got {value!r}")
    if (array[finite] != np.round(array[finite])).any():
        raise ValueError(f"{name} must be a whole number (a count); got {value!r}")
    if (array < minimum).any():
        raise ValueError(f"{name} must be at least {minimum}; got {value!r}")
    return array


def check_rng(rng: Any) -> np.random.Generator:
    """Require an explicit :class:`numpy.random.Generator` so every resample is reproducible."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, got {type(rng).__name__}; "
            "pass rng=np.random.default_rng(seed) with a fixed seed"
        )
    return rng
