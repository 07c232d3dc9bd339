"""Input checks shared by the elicitation modules (internal)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__: list[str] = []  # internal module


def as_float(value: Any, name: str, *, allow_nan: bool = False) -> np.ndarray:
    """1-D float array of ``value`` (a scalar becomes length 1); NaN refused unless allowed."""
    try:
        array = np.atleast_1d(np.asarray(value, dtype=np.float64))
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numeric; got {value!r}") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (one value per model); got shape {array.shape}")
    if not allow_nan and np.isnan(array).any():
        where = int(np.flatnonzero(np.isnan(array))[0])
        raise ValueError(
            f"{name} must not contain NaN (first at position {where}); drop models without a "
            "score before calling"
        )
    return array


def as_fraction(value: Any, name: str, *, allow_nan: bool = False) -> np.ndarray:
    """1-D float array of scores in [0, 1]; percentages are named as the likely mistake."""
    array = as_float(value, name, allow_nan=allow_nan)
    finite = array[~np.isnan(array)]
    if ((finite < 0) | (finite > 1)).any():
        hint = ""
        if (finite <= 100).all() and (finite >= 0).all():
            hint = ": it looks like percentages; divide by 100"
        raise ValueError(f"{name} must be fractions in [0, 1]{hint}; got values up to {finite.max():g}")
    return array


def as_se(value: Any, name: str, size: int) -> np.ndarray:
    """Non-negative standard errors broadcast to ``size`` values (no NaN)."""
    array = as_float(value, name)
    if (array < 0).any():
        raise ValueError(f"{name} must be non-negative standard errors; got {value!r}")
    if array.size == 1:
        array = np.full(size, array[0])
    if array.size != size:
        raise ValueError(f"{name} has {array.size} values but the scores have {size}; give one per model")
    return array


def same_length(**arrays: np.ndarray) -> int:
    """The common length of the arrays, or an error naming the mismatch."""
    sizes = {name: a.size for name, a in arrays.items()}
    if len(set(sizes.values())) != 1:
        raise ValueError(f"inputs must have one value per model and the same length; got {sizes}")
    return next(iter(sizes.values()))
