"""What an elicitation gap means for a threshold evaluation.

A threshold evaluation acts when a measured score reaches a threshold ``T``. If deployed
use elicits more than the evaluation did, the deployed score is the measured score plus a
gap, and a model measured below ``T`` can be above it in use. Given a sample of observed
gaps (from ``gaps``), these functions give the chance that the deployed score crosses
``T`` and the lower trigger that keeps that chance below a chosen level. Gaps are added
either in points or in log-odds (``scale="logit"``), where the same gap moves a score
near 0 or 1 less than one near 50%.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import expit, logit

from ..stats._validation import align_by_label
from ._checks import as_float, as_fraction

__all__ = ["exceedance_probability", "trigger_score", "log_odds_change"]

_EDGE = 1e-6


def _scale(scale: str) -> str:
    if scale not in ("points", "logit"):
        raise ValueError(f"scale must be 'points' or 'logit'; got {scale!r}")
    return scale


def _gaps(gaps: Any) -> np.ndarray:
    g = as_float(gaps, "gaps")
    if g.size < 2:
        raise ValueError("gaps needs at least two observed gaps to describe their spread")
    return g


def log_odds_change(baseline: Any, elicited: Any, *, clip: float = 1e-3) -> np.ndarray:
    """Change in log-odds, ``logit(elicited) - logit(baseline)``, scores clipped to ``[clip, 1 - clip]``.

    Two Series with model labels are aligned by label (the result follows ``baseline``'s
    order); arrays are matched by position.

    Examples
    --------
    >>> round(float(log_odds_change(0.5, 0.75)[0]), 4)
    1.0986
    """
    baseline, elicited = align_by_label({"baseline": baseline, "elicited": elicited}).values()
    b = np.clip(as_fraction(baseline, "baseline"), clip, 1 - clip)
    e = np.clip(as_fraction(elicited, "elicited"), clip, 1 - clip)
    if b.size != e.size:
        raise ValueError(f"baseline and elicited need one value per model each; got {b.size} and {e.size}")
    return logit(e) - logit(b)


def exceedance_probability(measured: Any, gaps: Any, threshold: float, *, scale: str = "points") -> np.ndarray:
    """Share of observed gaps that would lift each measured score to the threshold or above.

    Parameters
    ----------
    measured
        Measured scores (fractions in ``[0, 1]``), e.g. a grid.
    gaps
        Observed elicitation gaps: score changes in fraction points (``scale="points"``)
        or log-odds changes (``scale="logit"``, see :func:`log_odds_change`). Each gap is
        one draw of "how much more deployment elicits"; the result is their empirical
        distribution, not a model of it.
    threshold
        The evaluation's threshold, a fraction in ``(0, 1)``.
    scale
        How a gap is added to a measured score.

    Returns
    -------
    numpy.ndarray
        ``P(measured + gap >= threshold)`` for each measured score. Negative gaps (a
        deployment that elicits less) are used as given, so a score at the threshold can
        give less than 1; pass ``numpy.maximum(gaps, 0)`` if users can always fall back
        on the evaluation's own elicitation.

    Examples
    --------
    >>> exceedance_probability([0.5], [0.0, 0.1, 0.2, 0.3], 0.65).tolist()
    [0.5]
    """
    m = as_fraction(measured, "measured")
    g = _gaps(gaps)
    t = float(as_fraction(threshold, "threshold")[0])
    if _scale(scale) == "logit":
        lifted = logit(np.clip(m, _EDGE, 1 - _EDGE))[:, None] + g[None, :]
        return (lifted >= logit(np.clip(t, _EDGE, 1 - _EDGE))).mean(axis=1)
    return (m[:, None] + g[None, :] >= t - 1e-12).mean(axis=1)


def trigger_score(threshold: Any, gaps: Any, *, coverage: float = 0.9, scale: str = "points") -> np.ndarray:
    """The measured score at which to act so that deployment stays below the threshold.

    With the ``coverage``-quantile ``q`` of the gaps, a model measured below
    ``threshold - q`` (points) or ``expit(logit(threshold) - q)`` (log-odds) stays
    below the threshold in use for a share ``coverage`` of the observed gaps.

    Parameters
    ----------
    threshold
        Threshold(s), fractions in ``(0, 1)``.
    gaps
        Observed gaps, as in :func:`exceedance_probability`.
    coverage
        Share of gaps to cover, strictly between 0 and 1.
    scale
        ``"points"`` or ``"logit"``.

    Returns
    -------
    numpy.ndarray
        The trigger score for each threshold (can be below 0 on the points scale: no
        measured score is then safe).

    Examples
    --------
    >>> trigger_score(0.5, [0.0, 0.1, 0.2], coverage=0.5).round(3).tolist()
    [0.4]
    """
    t = as_fraction(threshold, "threshold")
    g = _gaps(gaps)
    if not 0 < float(coverage) < 1:
        raise ValueError(f"coverage must lie strictly between 0 and 1 (e.g. 0.9); got {coverage!r}")
    q = float(np.quantile(g, float(coverage)))
    if _scale(scale) == "logit":
        return expit(logit(np.clip(t, _EDGE, 1 - _EDGE)) - q)
    return t - q
