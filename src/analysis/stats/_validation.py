"""Input checks shared by every estimator: shapes, missing values, binary scores, clusters."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ScoreMatrix", "as_score_matrix", "as_cluster_codes", "check_confidence", "check_rng"]


class ScoreMatrix:
    """Scores as a float64 ``(rows, items)`` array plus the row labels to report them under."""

    __slots__ = ("values", "index", "was_1d")

    def __init__(self, values: np.ndarray, index: pd.Index, was_1d: bool) -> None:
        self.values = values
        self.index = index
        self.was_1d = was_1d

    @property
    def n_items(self) -> int:
        return self.values.shape[1]


def as_score_matrix(
    scores: Any, *, name: str = "scores", binary: bool = False, min_items: int = 2
) -> ScoreMatrix:
    """Validate per-item scores and return them as a ``(rows, items)`` float64 matrix.

    Accepts a 1-D array or :class:`pandas.Series` (one model's scores) or a 2-D array or
    :class:`pandas.DataFrame` (rows = models, columns = items). Raises ``ValueError`` with
    what was wrong and how to fix it: empty input, more than two dimensions, non-numeric
    values, NaN or infinite values, fewer than ``min_items`` items, or (with ``binary``)
    a value other than 0 or 1.
    """
    if isinstance(scores, pd.DataFrame):
        index = scores.index
        frame_values = scores.to_numpy()
    elif isinstance(scores, pd.Series):
        index = pd.Index([scores.name if scores.name is not None else 0])
        frame_values = scores.to_numpy()
    else:
        frame_values = np.asarray(scores)
        index = None
    try:
        values = np.asarray(frame_values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} must be numeric (per-item scores such as 0/1 correctness); "
            f"could not convert values of dtype {np.asarray(frame_values).dtype}: {exc}"
        ) from None
    was_1d = values.ndim == 1
    if values.ndim == 1:
        values = values[np.newaxis, :]
    if values.ndim != 2:
        raise ValueError(
            f"{name} must be 1-D (one model's items) or 2-D (models x items); "
            f"got an array with shape {values.shape}"
        )
    if values.size == 0:
        raise ValueError(f"{name} is empty (shape {values.shape}): pass at least one scored item")
    if index is None:
        index = pd.RangeIndex(values.shape[0])
    n_nan = int(np.isnan(values).sum())
    if n_nan:
        rows = np.flatnonzero(np.isnan(values).any(axis=1))
        labels = ", ".join(map(str, index[rows[:5]]))
        raise ValueError(
            f"{name} contains {n_nan} NaN value(s) (rows: {labels}{', ...' if len(rows) > 5 else ''}). "
            "Every model must be scored on every item: drop the unscored items for all models, "
            "or score a failed run as 0 if that is what it means"
        )
    if not np.isfinite(values).all():
        raise ValueError(f"{name} contains infinite values; scores must be finite numbers")
    if values.shape[1] < min_items:
        raise ValueError(
            f"{name} has {values.shape[1]} item(s); at least {min_items} are needed to "
            "estimate a variance"
        )
    if binary:
        bad = (values != 0) & (values != 1)
        if bad.any():
            example = values[bad][0]
            raise ValueError(
                f"{name} must be binary (0/1 correctness) but has {int(bad.sum())} other "
                f"value(s), e.g. {example!r}. Threshold or binarise the scores first"
            )
    return ScoreMatrix(values, index, was_1d)


def as_cluster_codes(clusters: Any, n_items: int, *, name: str = "clusters") -> tuple[np.ndarray, int]:
    """Map one cluster id per item to integer codes ``0..C-1``; return ``(codes, C)``.

    Raises ``ValueError`` when the number of ids differs from the number of items, an id is
    missing (NaN/None), or there are fewer than two clusters.
    """
    ids = clusters.to_numpy() if isinstance(clusters, pd.Series | pd.Index) else np.asarray(clusters)
    if ids.ndim != 1:
        raise ValueError(f"{name} must be 1-D, one id per item; got shape {ids.shape}")
    if len(ids) != n_items:
        raise ValueError(
            f"{name} has {len(ids)} ids but the scores have {n_items} items: pass one cluster "
            "id per item (column), in the same order"
        )
    missing = pd.isna(ids)
    if missing.any():
        raise ValueError(
            f"{name} has {int(missing.sum())} missing id(s) (first at position "
            f"{int(np.flatnonzero(missing)[0])}); every item needs a cluster id"
        )
    codes, uniques = pd.factorize(ids, sort=True)
    n_clusters = len(uniques)
    if n_clusters < 2:
        raise ValueError(
            f"{name} has {n_clusters} distinct id(s); clustered errors need at least 2 "
            "clusters (and are unreliable with fewer than about 30)"
        )
    return codes.astype(np.intp), n_clusters


def check_confidence(confidence: float) -> float:
    """Return ``confidence`` if it lies strictly between 0 and 1, else raise ``ValueError``."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1 (e.g. 0.95); got {confidence!r}")
    return float(confidence)


def check_rng(rng: Any) -> np.random.Generator:
    """Require an explicit :class:`numpy.random.Generator` so every resample is reproducible."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, got {type(rng).__name__}; "
            "pass rng=np.random.default_rng(seed) with a fixed seed"
        )
    return rng


def row_labels(index: pd.Index, name: Hashable = "model") -> pd.Index:
    """Copy of ``index`` named ``name`` unless it already has a name."""
    out = index.copy()
    if out.name is None:
        out.name = name
    return out
