"""Accuracy scales for line fits (linear, logit, probit) and the pairing of two accuracy lists."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit, logit
from scipy.stats import norm

from ..stats._checks import check_fraction

__all__ = ["SCALES", "to_scale", "from_scale", "paired_accuracies"]

#: Accuracy scales a line can be fitted on.
SCALES = ("linear", "logit", "probit")

#: Default clipping of accuracies 0 and 1 before a logit or probit transform (half an item
#: in 10,000): ImageNet-A has models at exactly 0.
DEFAULT_EPS = 5e-5


def _check_scale(scale: str) -> str:
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")
    return scale


def to_scale(accuracy: Any, scale: str = "probit", *, eps: float = DEFAULT_EPS) -> np.ndarray:
    """Map accuracies (fractions in ``[0, 1]``) to a fitting scale.

    ``probit``: ``Phi^{-1}(acc)``, the scale on which out-of-distribution accuracy is close
    to linear in in-distribution accuracy (Miller et al. 2021); ``logit``: ``log(acc / (1 -
    acc))``, the scale of Taori et al.'s effective robustness; ``linear``: unchanged.
    Accuracies are clipped to ``[eps, 1 - eps]`` first, because 0 and 1 map to infinity.

    Examples
    --------
    >>> to_scale([0.5, 0.8413447], "probit").round(4).tolist()
    [0.0, 1.0]
    """
    _check_scale(scale)
    acc = check_fraction(accuracy, "accuracy", what="an accuracy as a fraction")
    if scale == "linear":
        return acc
    if not 0 < eps < 0.5:
        raise ValueError(f"eps must lie in (0, 0.5), got {eps!r}")
    acc = np.clip(acc, eps, 1 - eps)
    return norm.ppf(acc) if scale == "probit" else logit(acc)


def from_scale(value: Any, scale: str = "probit") -> np.ndarray:
    """Inverse of :func:`to_scale`: back to accuracies in ``[0, 1]``.

    Examples
    --------
    >>> from_scale([0.0], "logit").tolist()
    [0.5]
    """
    _check_scale(scale)
    value = np.asarray(value, dtype=np.float64)
    if scale == "linear":
        return value
    return norm.cdf(value) if scale == "probit" else expit(value)


def paired_accuracies(x: Any, y: Any, *, names: tuple[str, str] = ("x", "y")) -> pd.DataFrame:
    """Pair two lists of per-model accuracies, by model label when they have labels.

    Series are aligned on their index (the models present in both are kept; a model in
    only one of them is dropped, and all-missing pairs raise). Plain sequences are paired
    by position and must have equal length. Missing values (a model not evaluated on one
    of the sets) drop that model. Accuracies must be fractions: percentages raise with a
    hint to divide by 100.

    Returns
    -------
    pandas.DataFrame
        Columns ``names``, one row per model with both accuracies.
    """
    if isinstance(x, pd.Series) and isinstance(y, pd.Series):
        if x.index.has_duplicates or y.index.has_duplicates:
            raise ValueError("model labels must be unique in both accuracy Series")
        frame = pd.concat([x.rename(names[0]), y.rename(names[1])], axis=1, join="inner")
        if frame.empty:
            raise ValueError(
                f"{names[0]} and {names[1]} share no model label (first labels: "
                f"{list(x.index[:3])} and {list(y.index[:3])}); pass plain arrays to pair them "
                "by position")
    else:
        x_arr, y_arr = np.asarray(x, dtype=object), np.asarray(y, dtype=object)
        if x_arr.ndim != 1 or y_arr.ndim != 1 or x_arr.shape != y_arr.shape:
            raise ValueError(
                f"{names[0]} and {names[1]} must be 1-D with one accuracy per model and the "
                f"same length; got shapes {x_arr.shape} and {y_arr.shape}")
        frame = pd.DataFrame({names[0]: pd.to_numeric(pd.Series(x_arr), errors="coerce"),
                              names[1]: pd.to_numeric(pd.Series(y_arr), errors="coerce")})
    frame = frame.apply(pd.to_numeric, errors="coerce").dropna()
    if len(frame) < 3:
        raise ValueError(f"a line needs at least 3 models with both accuracies; got {len(frame)}")
    for column in names:
        check_fraction(frame[column].to_numpy(), column, what="an accuracy as a fraction")
    return frame
