"""Linear fits of one accuracy on another, with bootstrap bands, and effective robustness."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..stats._checks import check_confidence, check_rng
from .transforms import DEFAULT_EPS, from_scale, paired_accuracies, to_scale

__all__ = ["LineFit", "fit_line", "effective_robustness"]


def _ols(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Slope and intercept of y on x along the last axis (vectorised over replicates)."""
    xm, ym = x.mean(axis=-1, keepdims=True), y.mean(axis=-1, keepdims=True)
    sxx = ((x - xm) ** 2).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = ((x - xm) * (y - ym)).sum(axis=-1) / sxx
    return slope, ym[..., 0] - slope * xm[..., 0]


@dataclass(frozen=True)
class LineFit:
    """A line ``T(y) = intercept + slope * T(x)`` on the scale ``T`` (see :func:`fit_line`).

    Attributes
    ----------
    slope, intercept, r2 : float
        Ordinary least squares on the transformed accuracies, and its R².
    slope_ci, intercept_ci : tuple of float
        Percentile bootstrap intervals (resampling models).
    scale : str
        ``"linear"``, ``"logit"`` or ``"probit"``.
    data : pandas.DataFrame
        The paired accuracies the line was fitted on (``x``, ``y``).
    """

    slope: float
    intercept: float
    r2: float
    slope_ci: tuple[float, float]
    intercept_ci: tuple[float, float]
    scale: str
    eps: float
    confidence: float
    data: pd.DataFrame
    replicates: np.ndarray  # (n_boot, 2): slope, intercept

    def predict(self, x: Any, *, band: bool = False) -> pd.DataFrame:
        """Predicted ``y`` accuracy at accuracies ``x`` (fractions), optionally with the
        pointwise percentile band of the bootstrap lines (columns ``low``, ``high``)."""
        tx = to_scale(x, self.scale, eps=self.eps)
        out = pd.DataFrame({"x": np.asarray(x, dtype=float).ravel(),
                            "predicted": from_scale(self.intercept + self.slope * tx, self.scale).ravel()})
        if band:
            lines = self.replicates[:, 1:2] + self.replicates[:, 0:1] * tx.ravel()[None, :]
            alpha = (1 - self.confidence) / 2
            low, high = np.nanquantile(lines, [alpha, 1 - alpha], axis=0)
            out["low"], out["high"] = from_scale(low, self.scale), from_scale(high, self.scale)
        return out


def fit_line(x: Any, y: Any, *, scale: str = "probit", rng: np.random.Generator | None = None,
             n_boot: int = 1000, confidence: float = 0.95, eps: float = DEFAULT_EPS) -> LineFit:
    """Fit one accuracy on another across models: ``T(y) = a + b T(x)`` by OLS.

    The "accuracy on the line" fit of Miller et al. (2021) with ``scale="probit"``, the
    replication-test-set fit of Recht et al. (2019) with ``scale="linear"``, the baseline
    of Taori et al.'s (2020) effective robustness with ``scale="logit"``.

    Parameters
    ----------
    x, y
        Per-model accuracies as fractions: Series indexed by model (aligned on labels, a
        model missing from either is dropped) or equal-length sequences (by position).
    scale
        ``"linear"``, ``"logit"`` or ``"probit"``.
    rng
        Generator for the bootstrap over models; required when ``n_boot > 0``.
    n_boot
        Bootstrap replicates (0 for none: the intervals are then NaN).
    confidence
        Level of the percentile intervals.
    eps
        Accuracies are clipped to ``[eps, 1 - eps]`` before a logit or probit.

    Returns
    -------
    LineFit

    Notes
    -----
    The bootstrap resamples models, treating them as a sample from a population of
    models; models of one family are not independent, so the intervals are optimistic
    when the zoo is dominated by a few families. OLS treats ``x`` as measured without
    error, which biases the slope towards 0 when ``x`` varies little relative to its
    sampling error.

    Examples
    --------
    >>> x = [0.6, 0.7, 0.8, 0.9]
    >>> fit = fit_line(x, [0.5, 0.6, 0.7, 0.8], scale="linear", n_boot=0)
    >>> round(fit.slope, 6), round(fit.intercept, 6)
    (1.0, -0.1)
    """
    level = check_confidence(confidence)
    pairs = paired_accuracies(x, y)
    tx, ty = to_scale(pairs["x"], scale, eps=eps), to_scale(pairs["y"], scale, eps=eps)
    if np.ptp(tx) == 0:
        raise ValueError("every model has the same x accuracy: a line through them is undefined")
    slope, intercept = (float(v) for v in _ols(tx, ty))
    residual = ty - (intercept + slope * tx)
    r2 = float(1 - (residual ** 2).sum() / ((ty - ty.mean()) ** 2).sum())
    if int(n_boot) != n_boot or n_boot < 0:
        raise ValueError(f"n_boot must be a whole number >= 0, got {n_boot!r}")
    if n_boot:
        if rng is None:
            raise ValueError("pass rng=numpy.random.default_rng(seed) for the bootstrap (or n_boot=0)")
        rng = check_rng(rng)
        idx = rng.integers(0, tx.size, size=(int(n_boot), tx.size))
        reps = np.column_stack(_ols(tx[idx], ty[idx]))
        alpha = (1 - level) / 2
        lo, hi = np.nanquantile(reps, [alpha, 1 - alpha], axis=0)
    else:
        reps = np.empty((0, 2))
        lo = hi = np.array([np.nan, np.nan])
    return LineFit(slope, intercept, r2, (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1])),
                   scale, eps, level, pairs, reps)


def effective_robustness(x: Any, y: Any, baseline: Any, *, scale: str = "logit",
                         rng: np.random.Generator | None = None, n_boot: int = 1000,
                         confidence: float = 0.95, eps: float = DEFAULT_EPS) -> pd.DataFrame:
    """Effective robustness (Taori et al. 2020): accuracy under shift above the baseline line.

    ``rho(f) = acc_shift(f) - beta(acc_orig(f))`` with ``beta(v) = T^{-1}(a + b T(v))`` fitted
    on the *baseline* models only (Taori et al.: standard models, logit scale). A model is
    *effectively robust* when its shifted accuracy lies above the bootstrap band of the
    baseline line at its original accuracy.

    Parameters
    ----------
    x, y
        Original and shifted accuracies as fractions, Series indexed by model.
    baseline
        The models that define the line: a boolean Series indexed by model, or a list of
        model labels. Every one must have both accuracies.
    scale, rng, n_boot, confidence, eps
        As in :func:`fit_line`.

    Returns
    -------
    pandas.DataFrame
        Indexed by model: ``x``, ``y``, ``baseline`` (bool), ``predicted``, ``low``,
        ``high`` (band of the baseline line), ``effective_robustness`` (``y - predicted``,
        a fraction) and ``robust`` (``y > high``).

    Examples
    --------
    >>> x = pd.Series([0.6, 0.7, 0.8, 0.9, 0.7], index=list("abcde"))
    >>> y = pd.Series([0.5, 0.6, 0.7, 0.8, 0.75], index=list("abcde"))
    >>> er = effective_robustness(x, y, ["a", "b", "c", "d"], scale="linear", n_boot=0)
    >>> round(float(er.loc["e", "effective_robustness"]), 6)
    0.15
    """
    if not (isinstance(x, pd.Series) and isinstance(y, pd.Series)):
        raise TypeError("effective_robustness needs x and y as pandas Series indexed by model")
    pairs = paired_accuracies(x, y)
    if isinstance(baseline, pd.Series) and baseline.dtype == bool:
        names = baseline.index[baseline.to_numpy()]
    else:
        names = pd.Index(list(baseline))
    missing = names.difference(pairs.index)
    if len(missing):
        raise KeyError(f"{len(missing)} baseline models lack an x or y accuracy (first: "
                       f"{missing[0]!r}); drop them from the baseline")
    fit = fit_line(pairs.loc[names, "x"], pairs.loc[names, "y"], scale=scale, rng=rng,
                   n_boot=n_boot, confidence=confidence, eps=eps)
    pred = fit.predict(pairs["x"].to_numpy(), band=n_boot > 0)
    out = pairs.assign(baseline=pairs.index.isin(names), predicted=pred["predicted"].to_numpy())
    out["low"] = pred["low"].to_numpy() if n_boot else np.nan
    out["high"] = pred["high"].to_numpy() if n_boot else np.nan
    out["effective_robustness"] = out["y"] - out["predicted"]
    out["robust"] = out["y"] > out["high"]
    return out
