"""Our values for the claims of Chapter 16 (what passing an evaluation tells you).

The published numbers this chapter checks are the answers of two textbook diagnostic-test
problems, recomputed with :func:`analysis.risk.posterior_after`: arithmetic, so agreement to
the printed digits is expected and a difference would be a bug.
"""

from __future__ import annotations

from ..risk import posterior_after

__all__ = ["mammography_flag", "mammography_natural_frequencies"]


def mammography_flag() -> float:
    """P(cancer | positive mammogram) with prevalence 1%, sensitivity 80% and false-positive
    rate 9.6% (Gigerenzer & Hoffrage 1995, after Eddy 1982)."""
    return float(posterior_after(0.01, 0.80, 0.096, outcome="flag"))


def mammography_natural_frequencies() -> float:
    """The same question with prevalence 0.8%, sensitivity 90% and false-positive rate 7%
    (Gigerenzer 2002)."""
    return float(posterior_after(0.008, 0.90, 0.07, outcome="flag"))
