"""Comparing two models scored on the same items.

Scores are models x items. Items are matched by label when both inputs carry item labels
(DataFrame columns, Series index), else by position. Rows are compared pairwise by
position: row ``j`` of ``a`` with row ``j`` of ``b``; every result row is named by both
models (``"A − B"``, columns ``model_a`` and ``model_b``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from ._validation import (
    ScoreMatrix,
    _labels_or_none,
    as_score_matrix,
    item_values,
    match_by_label,
)
from .clustered import _METHODS, _clustered_se
from .intervals import _mean_se

__all__ = ["paired_difference", "paired_variance", "independent_variance"]


def _align_items(left: ScoreMatrix, right: ScoreMatrix) -> np.ndarray:
    """``right``'s values with columns in ``left``'s item order (by label when both have labels)."""
    if not match_by_label(left.items, right.items, name="the items of a and b") or left.items.equals(
        right.items
    ):
        if left.n_items != right.n_items:
            raise ValueError(
                f"a and b must score the same items: a has {left.n_items} items, b has "
                f"{right.n_items}. Align both on the shared items first"
            )
        return right.values
    for side, labels in (("a", left.items), ("b", right.items)):
        if labels.has_duplicates:
            raise ValueError(
                f"{side} has the duplicate item label {labels[labels.duplicated()][0]!r} and a "
                "and b list their items differently, so they cannot be aligned by label: make "
                "the labels unique, or pass plain arrays (matched by position)"
            )
    positions = right.items.get_indexer(left.items)
    missing_in_b = positions < 0
    if missing_in_b.any():
        raise ValueError(
            f"a and b must score the same items (matched by label): item "
            f"{left.items[int(np.flatnonzero(missing_in_b)[0])]!r} of a is not in b "
            f"({int(missing_in_b.sum())} item(s) of a missing). Select the shared items of both first"
        )
    if left.n_items != right.n_items:
        missing_in_a = left.items.get_indexer(right.items) < 0
        raise ValueError(
            f"a and b must score the same items (matched by label): item "
            f"{right.items[int(np.flatnonzero(missing_in_a)[0])]!r} of b is not in a "
            f"({int(missing_in_a.sum())} item(s) of b missing). Select the shared items of both first"
        )
    return right.values[:, positions]


def _names(matrix: ScoreMatrix, side: str) -> list[str]:
    labels = _labels_or_none(matrix.index)
    if labels is None:
        return [side] if len(matrix.index) == 1 else [f"{side}[{j}]" for j in range(len(matrix.index))]
    return [str(v) for v in labels]


def _pair(
    a: Any, b: Any, *, bounded: bool = False, missing: str = "raise", supports_omit: bool = False
) -> tuple[np.ndarray, np.ndarray, list[str], list[str], ScoreMatrix]:
    left = as_score_matrix(a, name="a", bounded=bounded, missing=missing, supports_omit=supports_omit)
    right = as_score_matrix(b, name="b", bounded=bounded, missing=missing, supports_omit=supports_omit)
    right_values = _align_items(left, right)
    names_a, names_b = _names(left, "a"), _names(right, "b")
    m_a, m_b = left.values.shape[0], right_values.shape[0]
    if m_a != m_b:
        if m_b == 1:
            right_values = np.repeat(right_values, m_a, axis=0)
            names_b = names_b * m_a
        elif m_a == 1:
            left = ScoreMatrix(np.repeat(left.values, m_b, axis=0), right.index, False, left.items, left.item_meta)
            names_a = names_a * m_b
        else:
            raise ValueError(
                f"a has {m_a} models and b has {m_b}: row j of a is compared with row j of b, "
                "so both need the same number of rows (or one of them a single row)"
            )
    la, lb = _labels_or_none(left.index), _labels_or_none(right.index)
    if la is not None and lb is not None and len(la) > 1 and not la.equals(lb):
        if la.is_unique and lb.is_unique and set(la) == set(lb):
            first = next(x for x, y in zip(la, lb, strict=True) if x != y)
            raise ValueError(
                f"a and b hold the same models in a different order (model {first!r} is not "
                "in the same row of both). Rows are compared by position; to compare each "
                "model with itself, pass b.loc[a.index]"
            )
    items = left.items if left.items is not None else right.items
    meta = left.item_meta if left.item_meta is not None else right.item_meta
    template = ScoreMatrix(left.values, pd.RangeIndex(left.values.shape[0]), False, items, meta)
    return left.values, right_values, names_a, names_b, template


def paired_difference(
    a: Any,
    b: Any,
    *,
    clusters: Any = None,
    method: str = "CR1",
    confidence: float = 0.95,
    missing: str = "raise",
    bounded: bool = True,
) -> pd.DataFrame:
    """Difference in mean score between models ``a`` and ``b`` on the same items.

    Works on the per-item differences ``d_i = a_i - b_i`` (Miller 2024, eq. 5): the paired
    SE is ``sd(d)/sqrt(n)``, since ``Var(d) = Var(a) + Var(b) - 2 Cov(a, b)`` and two models
    tend to find the same items hard. With ``clusters``, the clustered SE of ``d`` is used.

    Parameters
    ----------
    a, b
        Per-item scores (fractions in ``[0, 1]``), models x items: 1-D (one model each) or
        2-D. Items are matched by label when both carry item labels (DataFrame columns,
        Series index; b's columns are reordered to a's, and an error names the first item
        of one that the other lacks), by position for plain arrays. Rows are compared by
        position: row ``j`` of ``a`` with row ``j`` of ``b`` (different models, as in
        "each model against the next one"); a single-row ``b`` (or ``a``) is compared with
        every row of the other. Passing the same labelled models in a different order raises
        an error (it is almost always a mistake).
    clusters
        Optional cluster id per item (Series indexed by item, response-matrix column name,
        or sequence in item order); see :func:`analysis.stats.clustered_se`.
    method
        Clustered variance when ``clusters`` is given: ``"CR1"`` (default), ``"CR0"`` or
        ``"CR2"``; see :func:`analysis.stats.clustered_se`.
    confidence
        Coverage of the two-sided interval.
    missing
        ``"raise"`` (default): NaN is an error. ``"omit"``: NaN means "not scored"; each
        comparison uses the items both of its models were scored on (``n`` counts them).
    bounded
        Scores are fractions in ``[0, 1]`` (default; percentages raise an error);
        ``False`` for unbounded scores.

    Returns
    -------
    pandas.DataFrame
        One row per comparison, indexed ``"A − B"`` (index name ``comparison``): ``model_a``,
        ``model_b``, ``mean`` (mean of a minus mean of b), ``se`` (paired), ``ci_low``,
        ``ci_high``, ``n``, ``p_value`` (two-sided test of no difference, normal; or t with
        the clustered df when clustered), ``se_unpaired`` (``sqrt(SE_a^2 + SE_b^2)``, the
        SE one would report ignoring the pairing, same method), ``correlation`` (Pearson
        correlation of a and b over items; NaN if either is constant). Plain arrays are
        named ``a``/``b`` (or ``a[j]``/``b[j]``).

    Notes
    -----
    The paired SE is smaller than the unpaired one exactly when the correlation is
    positive. The test is a large-sample z-test (a paired t-test would differ only for
    small ``n``); it answers "is the gap bigger than item sampling explains?", not "is it
    large enough to matter". Two models that agree on every item get SE 0.

    Examples
    --------
    >>> a = pd.Series([1, 1, 0, 1], name="A")
    >>> b = pd.Series([1, 0, 0, 1], name="B")
    >>> out = paired_difference(a, b)
    >>> out.index.tolist(), out["mean"].item()
    (['A − B'], 0.25)
    """
    if clusters is not None and method not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(_METHODS)}; got {method!r}")
    left, right, names_a, names_b, template = _pair(a, b, bounded=bounded, missing=missing, supports_omit=True)
    ids = None if clusters is None else item_values(clusters, template, name="clusters")
    observed = ~(np.isnan(left) | np.isnan(right))
    if observed.all():
        columns = _compare(left, right, ids, method, confidence)
    else:  # missing="omit": each comparison on the items both models were scored on
        rows = []
        for j in range(left.shape[0]):
            keep = observed[j]
            if keep.sum() < 2:
                raise ValueError(
                    f"{names_a[j]} − {names_b[j]}: {int(keep.sum())} item(s) scored for both "
                    "models; at least 2 are needed"
                )
            rows.append(_compare(left[j : j + 1, keep], right[j : j + 1, keep],
                                 None if ids is None else ids[keep], method, confidence))
        columns = {key: np.concatenate([row[key] for row in rows]) for key in rows[0]}
    index = pd.Index([f"{x} − {y}" for x, y in zip(names_a, names_b, strict=True)], name="comparison")
    return pd.DataFrame({"model_a": names_a, "model_b": names_b} | columns, index=index)


def _compare(
    left: np.ndarray, right: np.ndarray, ids: np.ndarray | None, method: str, confidence: float
) -> dict[str, np.ndarray]:
    """Paired estimates for row-aligned, NaN-free ``left`` and ``right`` (models x items)."""
    m, n = left.shape
    # One call estimates the differences and both models: the clusters are checked once.
    stacked = ScoreMatrix(np.concatenate([left - right, left, right]), pd.RangeIndex(3 * m), False)
    if ids is None:
        estimates = _mean_se(stacked, confidence=confidence)
        df = np.full(m, np.inf)  # t with infinite df: the normal test
    else:
        estimates = _clustered_se(stacked, ids, method=method, confidence=confidence)
        df = estimates["df"].to_numpy()[:m]
    se_all = estimates["se"].to_numpy()
    diff = estimates["mean"].to_numpy()[:m]
    se = se_all[:m]
    with np.errstate(invalid="ignore", divide="ignore"):
        statistic = np.where(se > 0, diff / se, np.where(diff == 0, 0.0, np.inf))
    la = left - left.mean(axis=1, keepdims=True)
    rb = right - right.mean(axis=1, keepdims=True)
    denominator = np.sqrt((la**2).sum(axis=1) * (rb**2).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        correlation = np.where(denominator > 0, (la * rb).sum(axis=1) / denominator, np.nan)
    return {
        "mean": diff,
        "se": se,
        "ci_low": estimates["ci_low"].to_numpy()[:m],
        "ci_high": estimates["ci_high"].to_numpy()[:m],
        "n": np.full(m, n),
        "p_value": 2 * sps.t.sf(np.abs(statistic), df),
        "se_unpaired": np.sqrt(se_all[m : 2 * m] ** 2 + se_all[2 * m :] ** 2),
        "correlation": correlation,
    }


def paired_variance(a: Any, b: Any, *, bounded: bool = True) -> np.ndarray:
    """Per-item variance of the paired difference, ``Var(a - b)`` (ddof=1), per row.

    This is ``omega^2`` of a paired power calculation (Miller 2024, eq. 6); see
    :func:`analysis.stats.required_sample_size`. Inputs are matched as in
    :func:`paired_difference` (items by label when labelled, rows by position); scores
    are fractions in ``[0, 1]`` unless ``bounded=False``.

    Examples
    --------
    >>> paired_variance([1, 0, 1, 0], [1, 1, 0, 0]).round(4).tolist()
    [0.6667]
    """
    left, right, *_ = _pair(a, b, bounded=bounded)
    return (left - right).var(axis=1, ddof=1)


def independent_variance(a: Any, b: Any, *, bounded: bool = True) -> np.ndarray:
    """``Var(a) + Var(b)`` (ddof=1) per row: ``omega^2`` if the models were run on
    independent item samples (an unpaired design).

    Inputs are matched as in :func:`paired_difference`; scores are fractions in ``[0, 1]``
    unless ``bounded=False``.

    Examples
    --------
    >>> independent_variance([1, 0, 1, 0], [1, 1, 0, 0]).round(4).tolist()
    [0.6667]
    """
    left, right, *_ = _pair(a, b, bounded=bounded)
    return left.var(axis=1, ddof=1) + right.var(axis=1, ddof=1)
