"""Comparisons from published summaries: two accuracies without per-item results."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from ._validation import check_confidence
from .hypothesis import _ratio
from .intervals import critical_value, proportion_se

__all__ = ["unpaired_proportion_test"]


def unpaired_proportion_test(
    accuracy_a: Any,
    accuracy_b: Any,
    n_a: Any,
    n_b: Any = None,
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Compare two published accuracies when per-item results are not available (Wald z).

    With only summary accuracies, the two scores can only be treated as independent::

        d = p_a - p_b,   SE = sqrt(p_a (1 - p_a) / n_a + p_b (1 - p_b) / n_b),   z = d / SE

    (Miller 2024, eq. 5, unpaired). When both models were scored on the same items, this
    SE is too large by the amount their per-item scores correlate: use
    :func:`analysis.stats.paired_difference` on per-item results whenever they exist.

    Parameters
    ----------
    accuracy_a, accuracy_b
        Accuracies as fractions in [0, 1] (not percentages); scalars or arrays that
        broadcast (one comparison per element). A :class:`pandas.Series` keeps its index.
    n_a, n_b
        Numbers of items behind each accuracy; ``n_b`` defaults to ``n_a`` (the same
        benchmark).
    confidence
        Coverage of the two-sided interval for the difference.

    Returns
    -------
    pandas.DataFrame
        One row per comparison: ``difference``, ``se``, ``z``, ``p_value`` (two-sided),
        ``ci_low``, ``ci_high``, ``n_a``, ``n_b``.

    Notes
    -----
    Two 95% intervals of equal width stop overlapping only when ``|d|`` exceeds
    ``1.96 (SE_a + SE_b)``, that is about ``2.77`` unpaired standard errors of the
    difference: "the intervals overlap" is a much stricter test than this one.

    Examples
    --------
    >>> row = unpaired_proportion_test(0.655, 0.630, 5000).iloc[0]
    >>> round(float(row["difference"]), 3), round(float(row["z"]), 2)
    (0.025, 2.61)
    """
    index = next((x.index for x in (accuracy_a, accuracy_b) if isinstance(x, pd.Series)), None)
    p_a = np.atleast_1d(np.asarray(accuracy_a, dtype=np.float64))
    p_b = np.atleast_1d(np.asarray(accuracy_b, dtype=np.float64))
    items_a = np.atleast_1d(np.asarray(n_a, dtype=np.float64))
    items_b = items_a if n_b is None else np.atleast_1d(np.asarray(n_b, dtype=np.float64))
    for items, name in ((items_a, "n_a"), (items_b, "n_b")):
        if np.isnan(items).any() or (items != np.round(items)).any():
            raise ValueError(f"{name} must be whole numbers of items; got {items!r}")
    se = np.sqrt(proportion_se(p_a, items_a) ** 2 + proportion_se(p_b, items_b) ** 2)
    difference = p_a - p_b
    z = _ratio(difference, se)
    half = critical_value(check_confidence(confidence)) * se
    p_a, difference, se, z, half, items_a, items_b = np.broadcast_arrays(
        p_a, difference, se, z, half, items_a, items_b)
    frame = pd.DataFrame(
        {"difference": difference, "se": se, "z": z, "p_value": 2 * sps.norm.sf(np.abs(z)),
         "ci_low": difference - half, "ci_high": difference + half,
         "n_a": items_a.astype(np.int64), "n_b": items_b.astype(np.int64)})
    if index is not None and len(index) == len(frame):
        frame.index = index
    return frame
