"""Shares of incidents by category (risk domain, entity, intent, timing) with intervals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..stats import wilson
from ..stats._checks import check_confidence

__all__ = ["category_shares"]

_METHODS = ("wilson", "goodman")


def category_shares(
    values: Any,
    *,
    categories: Sequence[str] | None = None,
    method: str = "wilson",
    confidence: float = 0.95,
    missing: str = "raise",
) -> pd.DataFrame:
    """Count and share of each category, with a confidence interval per share.

    Parameters
    ----------
    values
        One label per incident (a Series, list or array of strings), e.g. the ``entity``
        column of ``load_aiid(table="mit")``.
    categories
        The categories to report, in this order; every label must be one of them
        (a typo or an unexpected label raises), and a category with no incident gets a
        row with count 0. Default: the labels present, most frequent first.
    method
        ``"wilson"`` (default): a Wilson score interval for each share on its own
        (:func:`analysis.stats.wilson`). ``"goodman"``: Goodman's (1965) simultaneous
        intervals, which cover all shares at once with the stated confidence (wider;
        statsmodels ``multinomial_proportions_confint``).
    confidence
        Coverage of each interval (of all of them jointly for ``"goodman"``).
    missing
        ``"raise"`` (default) on a missing label, ``"omit"`` to leave such incidents out
        of the counts and the total.

    Returns
    -------
    pandas.DataFrame
        Index ``category``; columns ``count``, ``share`` (count / total, a fraction),
        ``ci_low``, ``ci_high``, ``n`` (the total).

    Notes
    -----
    The intervals treat the incidents as independent draws from a process whose shares
    they estimate. A curated database is not a random sample of harms: the interval covers
    the noise of counting, not the selection of what gets reported.

    Examples
    --------
    >>> category_shares(["AI", "AI", "Human"])["count"].tolist()
    [2, 1]
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}; got {method!r}")
    if missing not in ("raise", "omit"):
        raise ValueError(f"missing must be 'raise' or 'omit'; got {missing!r}")
    level = check_confidence(confidence)
    if isinstance(values, (str, bytes)):
        raise TypeError("values must be one label per incident (a list or Series), not a "
                        "single string")
    labels = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values
    if labels.ndim != 1:
        raise ValueError("values must be one-dimensional: one label per incident")
    absent = labels.isna()
    if absent.any():
        if missing == "raise":
            raise ValueError(f"{int(absent.sum())} incidents have no label; pass missing='omit' "
                             "to leave them out of the shares (and report how many)")
        labels = labels[~absent]
    if labels.empty:
        raise ValueError("no labelled incident to count")
    counts = labels.astype(str).value_counts()
    if categories is not None:
        order = [str(c) for c in categories]
        if len(set(order)) != len(order):
            raise ValueError(f"categories repeat: {order}")
        unknown = sorted(set(counts.index) - set(order))
        if unknown:
            raise ValueError(f"labels not among the categories: {unknown}; known categories: "
                             f"{order} (check the spelling or add them)")
        counts = counts.reindex(order, fill_value=0)
    counts = counts.astype(np.int64)
    total = int(counts.sum())
    if method == "wilson":
        ci = wilson(counts.to_numpy(), total, confidence=level)
        low, high = ci["ci_low"].to_numpy(), ci["ci_high"].to_numpy()
    else:
        if counts.size < 2:
            raise ValueError("Goodman's intervals need at least two categories")
        from statsmodels.stats.proportion import multinomial_proportions_confint

        bounds = multinomial_proportions_confint(counts.to_numpy(), alpha=1 - level,
                                                 method="goodman")
        low, high = bounds[:, 0], bounds[:, 1]
    out = pd.DataFrame({"count": counts.to_numpy(), "share": counts.to_numpy() / total,
                        "ci_low": low, "ci_high": high, "n": total},
                       index=pd.Index(counts.index, name="category"))
    return out
