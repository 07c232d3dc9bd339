"""Bootstrap confidence intervals for item parameters (resampling models)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..stats._validation import check_confidence, check_rng
from .fit import ConvergenceWarning, fit_irt

__all__ = ["bootstrap_items"]


def bootstrap_items(scores: Any, *, rng: np.random.Generator, n_boot: int = 200,
                    confidence: float = 0.95, **fit_options: Any) -> pd.DataFrame:
    """Percentile bootstrap intervals for each item's discrimination and difficulty.

    Models (rows) are resampled with replacement and the model is refitted
    (:func:`~analysis.irt.fit_irt` with ``fit_options``) ``n_boot`` times. Models are the
    unit of sampling because they are what a benchmark's item parameters are estimated
    from; the ability scale is re-fixed to N(0, 1) in every replicate, as in the original
    fit.

    Parameters
    ----------
    scores
        Models x items 0/1 matrix, as for :func:`~analysis.irt.fit_irt`.
    rng
        A :class:`numpy.random.Generator` (explicit, so the intervals are reproducible).
    n_boot
        Number of bootstrap replicates.
    confidence
        Coverage of the percentile intervals, a fraction in (0, 1).
    **fit_options
        Passed to :func:`~analysis.irt.fit_irt` (``model``, ``n_nodes``, ``missing``...).

    Returns
    -------
    pandas.DataFrame
        One row per item of the full-data fit: ``discrimination``, ``difficulty`` (the
        full-data estimates), ``discrimination_low/high``, ``difficulty_low/high``,
        ``se_discrimination_boot``, ``se_difficulty_boot`` and ``n_boot`` (replicates in
        which the item was not constant, so could be fitted).

    Notes
    -----
    An item that is constant in a replicate (e.g. one that only one model gets wrong) is
    skipped in that replicate, which shrinks its interval towards the well-estimated
    replicates: check ``n_boot``. With few models (tens) the percentile interval of a
    discrimination can be wide and asymmetric.

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import bootstrap_items, simulate_responses
    >>> x, _ = simulate_responses(100, 8, rng=np.random.default_rng(0))
    >>> ci = bootstrap_items(x, rng=np.random.default_rng(1), n_boot=20)
    >>> bool((ci["difficulty_low"] <= ci["difficulty_high"]).all())
    True
    """
    rng = check_rng(rng)
    check_confidence(confidence)
    if int(n_boot) != n_boot or n_boot < 2:
        raise ValueError(f"n_boot must be a whole number >= 2; got {n_boot!r}")
    frame = scores.scores if hasattr(scores, "scores") and hasattr(scores, "items") else scores
    if not isinstance(frame, pd.DataFrame):
        frame = pd.DataFrame(np.asarray(frame, dtype=np.float64))
    full = fit_irt(frame, **fit_options)
    items = full.items.index
    draws_a = np.full((int(n_boot), len(items)), np.nan)
    draws_b = np.full_like(draws_a, np.nan)
    n_models = frame.shape[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for k in range(int(n_boot)):
            rows = rng.integers(0, n_models, n_models)
            sample = frame.iloc[rows].copy()
            sample.index = pd.RangeIndex(n_models, name="model")
            try:
                rep = fit_irt(sample, **{**fit_options, "standard_errors": False})
            except ValueError:
                continue
            pos = items.get_indexer(rep.items.index)
            keep = pos >= 0
            draws_a[k, pos[keep]] = rep.a[keep]
            draws_b[k, pos[keep]] = rep.items["difficulty"].to_numpy()[keep]
    tail = (1 - confidence) / 2 * 100
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = pd.DataFrame({
            "discrimination": full.a,
            "discrimination_low": np.nanpercentile(draws_a, tail, axis=0),
            "discrimination_high": np.nanpercentile(draws_a, 100 - tail, axis=0),
            "difficulty": full.items["difficulty"].to_numpy(),
            "difficulty_low": np.nanpercentile(draws_b, tail, axis=0),
            "difficulty_high": np.nanpercentile(draws_b, 100 - tail, axis=0),
            "se_discrimination_boot": np.nanstd(draws_a, axis=0, ddof=1),
            "se_difficulty_boot": np.nanstd(draws_b, axis=0, ddof=1),
            "n_boot": (~np.isnan(draws_a)).sum(axis=0),
        }, index=items)
    return out
