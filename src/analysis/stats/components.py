"""Noise from the model itself: splitting score variance when items are run repeatedly."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._validation import as_score_matrix, check_whole, cluster_codes

__all__ = ["variance_components", "repeated_sampling_se"]


def variance_components(scores: Any, items: Any, *, bounded: bool = True) -> pd.DataFrame:
    """Split the variance of per-run scores into between-item and within-item parts.

    With ``s = x_i + e`` for a run on item ``i`` (``x_i`` the item's expected score,
    ``e`` the run-to-run noise with variance ``sigma_i^2``), Miller (2024, eq. 4) writes
    ``Var(s) = Var(x) + E[sigma^2]``. From runs grouped by item::

        within  = mean over items with >= 2 runs of their ddof-1 run variance   (E[sigma^2])
        between = Var(item means, ddof=1) - within * mean(1 / K_i)              (Var(x))

    where ``K_i`` is the number of runs of item ``i``; the subtraction removes the run
    noise that the item means still carry.

    Parameters
    ----------
    scores
        One model's per-run scores, 1-D (for example 0/1 success of each run), fractions
        in ``[0, 1]`` unless ``bounded=False``.
    items
        The item (task, question) of each run: a Series aligned on the runs' index when
        ``scores`` is a Series with labels, else a sequence matched by position.
    bounded
        Scores are fractions in ``[0, 1]`` (default); ``False`` for unbounded scores.

    Returns
    -------
    pandas.DataFrame
        One row: ``n_items``, ``runs_per_item`` (mean K), ``total_variance`` (ddof-1
        variance of all runs), ``within_variance``, ``between_variance``,
        ``within_share`` (``within / (within + between)``).

    Notes
    -----
    ``between_variance`` can come out slightly negative when items barely differ; it is
    reported as estimated, not clipped. Items with a single run contribute to the item
    means but not to the within-item variance. For 0/1 scores, an item's run variance is
    ``p_i (1 - p_i) K_i / (K_i - 1)``.

    Examples
    --------
    >>> row = variance_components([1, 1, 0, 0, 1, 1, 1, 1], list("aaaabbbb")).iloc[0]
    >>> [round(float(row[c]), 4) for c in ("within_variance", "between_variance")]
    [0.1667, 0.0833]
    """
    matrix = as_score_matrix(scores, name="scores", bounded=bounded)
    if matrix.values.shape[0] != 1:
        raise ValueError(
            "variance_components takes one model's runs as a 1-D array; loop over models "
            "(their numbers of runs usually differ)"
        )
    values = matrix.values[0]
    codes, n_items = cluster_codes(items, matrix, name="items")
    runs = np.bincount(codes, minlength=n_items).astype(np.float64)
    sums = np.bincount(codes, weights=values, minlength=n_items)
    item_means = sums / runs
    residual_squares = np.bincount(codes, weights=(values - item_means[codes]) ** 2, minlength=n_items)
    repeated = runs >= 2
    if not repeated.any():
        raise ValueError("no item has two or more runs: the within-item variance needs repeats")
    within = float(np.mean(residual_squares[repeated] / (runs[repeated] - 1)))
    between = float(item_means.var(ddof=1) - within * np.mean(1 / runs))
    total = within + between
    return pd.DataFrame(
        {
            "n_items": [n_items],
            "runs_per_item": [float(runs.mean())],
            "total_variance": [float(values.var(ddof=1))],
            "within_variance": [within],
            "between_variance": [between],
            "within_share": [within / total if total > 0 else np.nan],
        }
    )


def repeated_sampling_se(
    between_variance: Any, within_variance: Any, n_items: Any, runs: Any, *, bounded: bool = True
) -> Any:
    """Standard error of a mean score over ``n_items`` items with ``runs`` runs each:
    ``sqrt((Var(x) + E[sigma^2] / runs) / n_items)`` (Miller 2024, eq. 4).

    More runs per item shrink only the within-item part; the between-item part needs more
    items. Inputs broadcast like numpy arrays.

    Parameters
    ----------
    between_variance
        ``Var(x)``, the variance of the items' expected scores (may be slightly negative
        as estimated by :func:`variance_components`; the total is floored at 0).
    within_variance
        ``E[sigma^2]``, the mean run-to-run variance, at least 0.
    n_items
        Number of items, a whole number at least 1.
    runs
        Runs per item, a whole number at least 1; ``numpy.inf`` gives the limit of
        infinitely many runs.
    bounded
        The variances are of scores in ``[0, 1]`` (default), so at most 1; ``False`` for
        scores on another scale.

    Examples
    --------
    >>> round(repeated_sampling_se(0.15, 0.08, 80, 4), 4)
    0.0461
    """
    between = np.asarray(between_variance, dtype=np.float64)
    within = np.asarray(within_variance, dtype=np.float64)
    if np.isnan(between).any() or np.isnan(within).any():
        raise ValueError(
            f"between_variance and within_variance must not be NaN; got {between_variance!r} "
            f"and {within_variance!r}"
        )
    if (within < 0).any():
        raise ValueError(f"within_variance must be >= 0; got {within_variance!r}")
    if bounded and ((np.abs(between) > 1).any() or (within > 1).any()):
        raise ValueError(
            "variances of scores in [0, 1] are at most 1; got between_variance="
            f"{between_variance!r}, within_variance={within_variance!r}. They look like "
            "variances of percentages: divide by 100**2 = 10_000. For scores on another scale "
            "pass bounded=False"
        )
    n = check_whole(n_items, "n_items")
    k = check_whole(runs, "runs", allow_inf=True)
    se = np.sqrt(np.maximum(between + within / k, 0.0) / n)
    return se.item() if se.ndim == 0 else se
