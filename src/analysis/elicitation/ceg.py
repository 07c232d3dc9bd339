"""Compute-equivalent gain: how much more pre-training compute would buy the same score.

Davidson et al. (2023) express an enhancement's effect as a compute-equivalent gain
(CEG): the factor by which a model's pre-training compute would have to grow for the
un-enhanced model to score what the enhanced one scores. Within a model family, fit the
un-enhanced scores against log10 compute, ``g(score) = a + b log10 C``, and invert the
line at the enhanced score: ``log10 C' = (g(s') - a) / b``; the CEG is ``C' / C``.

The inversion is only supported inside the family's observed range. An enhanced score
above every un-enhanced score of the family says only that the gain exceeds what the
family's largest model adds (a lower bound, ``C_max / C``); one below every un-enhanced
score bounds the gain from above (``C_min / C``); a family whose scores do not rise with
compute (slope <= 0) gives no estimate, but still the lower bound when the enhanced score
beats the whole family.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps
from scipy.special import logit

from ..stats._checks import check_confidence
from ..stats._validation import align_by_label
from ._checks import as_float, as_fraction, as_se, same_length

__all__ = ["family_fits", "compute_equivalent_gain", "ceg_median_bounds", "summarise_ceg", "CEG_KINDS"]

#: What a CEG value is: an inverse-prediction estimate, a bound, or nothing.
CEG_KINDS: tuple[str, ...] = ("estimate", "lower_bound", "upper_bound", "undefined")


def _link(score: np.ndarray, link: str, clip: float) -> tuple[np.ndarray, np.ndarray]:
    """Linked scores and the derivative dg/dp (for the delta method)."""
    if link == "identity":
        return score, np.ones_like(score)
    p = np.clip(score, clip, 1 - clip)
    return logit(p), 1.0 / (p * (1 - p))


def _check_link(link: str, clip: float) -> float:
    if link not in ("logit", "identity"):
        raise ValueError(f"link must be 'logit' or 'identity'; got {link!r}")
    clip = float(clip)
    if not 0 < clip < 0.5:
        raise ValueError(f"clip must lie strictly between 0 and 0.5 (e.g. 0.001); got {clip!r}")
    return clip


def _labels(family: Any, name: str, size: int) -> np.ndarray:
    labels = np.atleast_1d(np.asarray(family, dtype=object))
    if labels.ndim != 1 or labels.size != size:
        raise ValueError(f"{name} must give one family label per model ({size}); got {labels.size}")
    if pd.isna(labels).any():
        raise ValueError(f"{name} must not contain missing labels; drop models without a family")
    return labels


def _log10_compute(value: Any) -> np.ndarray:
    """log10 compute, finite, refusing raw compute (FLOP counts) passed by mistake."""
    x = as_float(value, "log10_compute")
    if not np.isfinite(x).all():
        raise ValueError("log10_compute must be finite (compute must be positive before the log)")
    if (np.abs(x) > 100).any():
        raise ValueError(f"log10_compute holds {np.abs(x).max():.3g}: that is raw compute, not its "
                         "log10 (1e24 FLOP is 24); pass numpy.log10(compute)")
    return x


def family_fits(
    log10_compute: Any, score: Any, family: Any, *, link: str = "logit", clip: float = 1e-3
) -> pd.DataFrame:
    """Least-squares line of (linked) score on log10 compute, one per family.

    Parameters
    ----------
    log10_compute
        log10 of each model's pre-training compute (any fixed unit: only differences
        matter), one per model.
    score
        Un-enhanced score of each model, a fraction in ``[0, 1]``.
    family
        Family label of each model. Every family needs at least two models with
        different compute. The three inputs, when given as Series with model labels,
        are aligned by label (any order); arrays and lists are matched by position.
    link
        ``"logit"`` (default: scores near 0 or 1 move slowly, as accuracies do) or
        ``"identity"``.
    clip
        Scores are clipped to ``[clip, 1 - clip]`` before the logit (a score of 0 has no
        logit).

    Returns
    -------
    pandas.DataFrame
        Indexed by family: ``n``, ``slope`` (linked score per decade of compute),
        ``intercept``, ``sigma2`` (residual variance, ``SSR / (n - 2)``; NaN for
        ``n = 2``), ``x_mean``, ``sxx`` (centred sum of squares of log10 compute),
        ``x_min``, ``x_max`` (log10 compute range), ``score_min``, ``score_max``
        (observed score range, unlinked).

    Examples
    --------
    >>> fit = family_fits([0, 1, 2], [0.2, 0.3, 0.4], ["f"] * 3, link="identity")
    >>> round(float(fit.loc["f", "slope"]), 3)
    0.1
    """
    clip = _check_link(link, clip)
    log10_compute, score, family = align_by_label(
        {"log10_compute": log10_compute, "score": score, "family": family}).values()
    x = _log10_compute(log10_compute)
    s = as_fraction(score, "score")
    n_models = same_length(log10_compute=x, score=s)
    if n_models == 0:
        raise ValueError("log10_compute and score are empty: give the un-enhanced models")
    labels = _labels(family, "family", n_models)
    codes, names = pd.factorize(labels)
    k = names.size
    y, _ = _link(s, link, clip)
    n = np.bincount(codes, minlength=k).astype(float)
    x_mean = np.bincount(codes, x, k) / n
    y_mean = np.bincount(codes, y, k) / n
    dx, dy = x - x_mean[codes], y - y_mean[codes]
    sxx = np.bincount(codes, dx * dx, k)
    if ((n < 2) | (sxx <= 0)).any():
        bad = list(names[(n < 2) | (sxx <= 0)])
        raise ValueError(
            f"family/families {bad} have fewer than two models with different compute; a line "
            "needs at least two: drop them or merge them into a larger family"
        )
    slope = np.bincount(codes, dx * dy, k) / sxx
    intercept = y_mean - slope * x_mean
    resid = y - intercept[codes] - slope[codes] * x
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma2 = np.where(n > 2, np.bincount(codes, resid * resid, k) / (n - 2), np.nan)
    frame = pd.DataFrame({"x": x, "s": s, "code": codes})
    g = frame.groupby("code")
    return pd.DataFrame({
        "n": n.astype(int), "slope": slope, "intercept": intercept, "sigma2": sigma2,
        "x_mean": x_mean, "sxx": sxx, "x_min": g["x"].min().to_numpy(), "x_max": g["x"].max().to_numpy(),
        "score_min": g["s"].min().to_numpy(), "score_max": g["s"].max().to_numpy(),
    }, index=pd.Index(names, name="family"))


def compute_equivalent_gain(
    fits: pd.DataFrame,
    family: Any,
    log10_compute: Any,
    score: Any,
    *,
    se: Any = 0.0,
    baseline: Any = None,
    se_baseline: Any = 0.0,
    anchor: str = "compute",
    link: str = "logit",
    clip: float = 1e-3,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Compute-equivalent gain of enhanced models, with bounds outside the family's range.

    Parameters
    ----------
    fits
        Output of :func:`family_fits` on the un-enhanced models (same ``link`` and
        ``clip``).
    family
        Family of each enhanced model (must be a row of ``fits``). The per-model inputs
        (``family``, ``log10_compute``, ``score``, ``se``, ``baseline``,
        ``se_baseline``), when given as Series with model labels, are aligned by label on
        the first of them (rows follow its order); arrays are matched by position.
    log10_compute
        log10 pre-training compute of each enhanced model, in the unit of ``fits``.
    score
        Enhanced score of each model, a fraction in ``[0, 1]``.
    se
        Standard error of each enhanced score (fraction; scalar broadcasts). It enters
        the interval with the line's own uncertainty.
    baseline, se_baseline
        Un-enhanced score of each model and its standard error: needed for
        ``anchor="score"``.
    anchor
        Where the model sits on its family's line before enhancement. ``"compute"``
        (Davidson et al.'s reading): at its actual compute ``C``, so
        ``log10 CEG = (g(s') - a) / b - log10 C``; a model that sits above or below its
        family's line carries that residual into its CEG (no change can give a CEG other
        than 1). ``"score"``: at the compute the line assigns to its own un-enhanced score,
        so ``log10 CEG = (g(s') - g(s)) / b``: only the change counts, read through the
        family's slope. Bounds always use the actual compute.
    link, clip
        As in :func:`family_fits`.
    confidence
        Coverage of the interval of an estimate.

    Returns
    -------
    pandas.DataFrame
        One row per enhanced model: ``family``, ``kind`` (one of ``CEG_KINDS``),
        ``ceg`` (the estimate ``C'/C``, or the bound ``C_max/C`` or ``C_min/C``; NaN if
        undefined), ``ceg_low``, ``ceg_high`` (interval of an estimate, NaN otherwise
        and for families of two models), ``ceg_extrapolated`` (the line's inversion even
        outside the range; NaN for slope <= 0), ``log10_ceg``.

    Notes
    -----
    The interval is a delta-method interval of ``log10 CEG`` with a t quantile on
    ``n - 2`` degrees of freedom, mapped back by ``10**``. With ``anchor="compute"`` it is
    the inverse-prediction variance
    ``(g'(s')^2 se^2 + sigma2 (1/n + (x' - x_mean)^2 / sxx)) / slope^2``; with
    ``anchor="score"``, ``(g'(s')^2 se^2 + g'(s)^2 se_b^2) / slope^2 + (g(s') - g(s))^2
    sigma2 / (sxx slope^4)`` (the two scores treated as independent). It ignores
    that the slope itself may be near 0 (Fieller's interval would be wider); a
    family of three or four models gives a wide interval. The CEG assumes every
    family member shares the enhanced model's recipe apart from compute, and that
    the line holds between them.

    Examples
    --------
    >>> fit = family_fits([0, 1, 2], [0.2, 0.3, 0.4], ["f"] * 3, link="identity")
    >>> out = compute_equivalent_gain(fit, ["f"], [0.0], [0.3], link="identity")
    >>> out["kind"].item(), round(out["ceg"].item(), 6)
    ('estimate', 10.0)
    """
    clip = _check_link(link, clip)
    if not isinstance(fits, pd.DataFrame) or "slope" not in fits.columns:
        raise TypeError("fits must be the DataFrame returned by family_fits()")
    family, log10_compute, score, se, baseline, se_baseline = align_by_label(
        {"family": family, "log10_compute": log10_compute, "score": score, "se": se,
         "baseline": baseline, "se_baseline": se_baseline}).values()
    x = _log10_compute(log10_compute)
    s = as_fraction(score, "score")
    m = same_length(log10_compute=x, score=s)
    labels = _labels(family, "family", m)
    unknown = sorted({str(v) for v in labels} - {str(v) for v in fits.index})
    if unknown:
        raise KeyError(f"unknown family/families {unknown}; fitted families are {list(fits.index)}")
    se_arr = as_se(se, "se", m)
    level = check_confidence(confidence)
    if anchor not in ("compute", "score"):
        raise ValueError(f"anchor must be 'compute' or 'score'; got {anchor!r}")
    if anchor == "score":
        if baseline is None:
            raise ValueError("anchor='score' needs the un-enhanced scores: pass baseline=")
        s0 = as_fraction(baseline, "baseline")
        same_length(score=s, baseline=s0)
        se0 = as_se(se_baseline, "se_baseline", m)
    f = fits.loc[labels]
    b, a = f["slope"].to_numpy(), f["intercept"].to_numpy()
    y, dg = _link(s, link, clip)
    rising = b > 0
    sigma2, sxx = f["sigma2"].to_numpy(), f["sxx"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        x_star = np.where(rising, (y - a) / b, np.nan)
        if anchor == "compute":
            x_from = x
            var = (dg**2 * se_arr**2 + sigma2 * (
                1 / f["n"].to_numpy() + (x_star - f["x_mean"].to_numpy()) ** 2 / sxx)) / b**2
        else:
            y0, dg0 = _link(s0, link, clip)
            x_from = np.where(rising, (y0 - a) / b, np.nan)
            var = (dg**2 * se_arr**2 + dg0**2 * se0**2) / b**2 + (y - y0) ** 2 * sigma2 / (sxx * b**4)
        t = sps.t.ppf(0.5 + level / 2, f["n"].to_numpy() - 2)
    above = s > f["score_max"].to_numpy()
    below = s < f["score_min"].to_numpy()
    kind = np.where(above, "lower_bound", np.where(~rising, "undefined",
                    np.where(below, "upper_bound", "estimate")))
    log10_ceg = np.select(
        [kind == "estimate", kind == "lower_bound", kind == "upper_bound"],
        [x_star - x_from, f["x_max"].to_numpy() - x, f["x_min"].to_numpy() - x], np.nan)
    half = np.where(kind == "estimate", t * np.sqrt(var), np.nan)
    return pd.DataFrame({
        "family": labels, "kind": kind, "ceg": 10.0**log10_ceg,
        "ceg_low": 10.0 ** (log10_ceg - half), "ceg_high": 10.0 ** (log10_ceg + half),
        "ceg_extrapolated": 10.0 ** (x_star - x_from), "log10_ceg": log10_ceg,
    })


def ceg_median_bounds(ceg: Any, kind: Any) -> tuple[float, float]:
    """Bounds on the median CEG of a set whose values are estimates or one-sided bounds.

    A lower bound ``L`` says only ``CEG >= L``: the smallest median the set allows puts it
    at ``L`` and the largest at infinity; an upper bound ``U`` ranges over ``(0, U]``.
    ``"undefined"`` rows are left out.

    Parameters
    ----------
    ceg
        Values (estimates or bounds), positive. Two Series with labels are aligned by
        label; arrays are matched by position.
    kind
        One of ``CEG_KINDS`` per value.

    Returns
    -------
    tuple of float
        ``(low, high)``: the median lies in ``[low, high]`` (``high`` may be ``inf``).

    Examples
    --------
    >>> ceg_median_bounds([2.0, 8.0, 10.0], ["estimate", "lower_bound", "upper_bound"])
    (2.0, 10.0)
    """
    ceg, kind = align_by_label({"ceg": ceg, "kind": kind}).values()
    kinds = np.atleast_1d(np.asarray(kind, dtype=object))
    values = as_float(ceg, "ceg", allow_nan=True)
    if kinds.size != values.size:
        raise ValueError(f"ceg and kind need the same length; got {values.size} and {kinds.size}")
    bad = sorted({str(k) for k in kinds} - set(CEG_KINDS))
    if bad:
        raise ValueError(f"unknown kind(s) {bad}; expected one of {list(CEG_KINDS)}")
    keep = kinds != "undefined"
    v, k = values[keep], kinds[keep]
    if v.size == 0:
        raise ValueError("no defined CEG (all rows are 'undefined'): nothing to summarise")
    if np.isnan(v).any() or (v <= 0).any():
        raise ValueError("defined CEG values must be positive numbers (no NaN)")
    low = np.where(k == "upper_bound", 0.0, v)
    high = np.where(k == "lower_bound", np.inf, v)
    return float(np.median(low)), float(np.median(high))


def summarise_ceg(table: pd.DataFrame, by: str | list[str], *, above: float = 5.0) -> pd.DataFrame:
    """Per group: how many CEGs are estimates or bounds, the median's bounds and the share above a factor.

    Parameters
    ----------
    table
        Rows with columns ``ceg`` and ``ceg_kind`` (as in
        :func:`analysis.elicitation.elicitation_gaps`) and the grouping column(s).
    by
        Grouping column(s), e.g. ``"technique"``.
    above
        The factor to compare with (Davidson et al.'s 5x).

    Returns
    -------
    pandas.DataFrame
        One row per group: ``n`` (defined CEGs), ``n_estimate``, ``n_lower``,
        ``n_upper``, ``median_low``, ``median_high`` (:func:`ceg_median_bounds`),
        ``share_above_low`` (share known to exceed ``above``: estimates and lower bounds
        above it) and ``share_above_high`` (share that may exceed it: also lower bounds
        below it and upper bounds above it).

    Examples
    --------
    >>> t = pd.DataFrame({"g": ["a", "a"], "ceg": [6.0, 2.0], "ceg_kind": ["estimate", "lower_bound"]})
    >>> summarise_ceg(t, "g").loc["a", ["share_above_low", "share_above_high"]].tolist()
    [0.5, 1.0]
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame; got {type(table).__name__}")
    keys = [by] if isinstance(by, str) else list(by)
    missing = [c for c in [*keys, "ceg", "ceg_kind"] if c not in table.columns]
    if missing:
        raise KeyError(f"table has no column(s) {missing}")
    defined = table[table["ceg_kind"] != "undefined"]
    rows = {}
    for name, g in defined.groupby(keys if len(keys) > 1 else keys[0]):
        low, high = ceg_median_bounds(g["ceg"], g["ceg_kind"])
        v, k = g["ceg"].to_numpy(), g["ceg_kind"].to_numpy()
        sure = ((k == "estimate") | (k == "lower_bound")) & (v > above)
        maybe = sure | (k == "lower_bound") | ((k == "upper_bound") & (v > above))
        rows[name] = {"n": len(g), "n_estimate": int((k == "estimate").sum()),
                      "n_lower": int((k == "lower_bound").sum()), "n_upper": int((k == "upper_bound").sum()),
                      "median_low": low, "median_high": high,
                      "share_above_low": float(sure.mean()), "share_above_high": float(maybe.mean())}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.names = keys
    return out
