"""Shared helpers: vectorised ranking along an axis, and validation of labelled rankings."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__: list[str] = []  # internal module

Ties = Literal["min", "average", "max", "dense"]
_TIES = ("min", "average", "max", "dense")

# Cells (replicates x pairs or replicates x models x models) handled per block.
BLOCK_CELLS = 4_000_000


def check_ties(ties: Any) -> str:
    if ties not in _TIES:
        raise ValueError(f"ties must be one of {', '.join(map(repr, _TIES))}; got {ties!r}")
    return ties


def rank_rows(values: np.ndarray, *, ties: str = "min", higher_is_better: bool = True) -> np.ndarray:
    """Rank every row of a 2-D array at once (1 = best), with one ``argsort`` along axis 1.

    ``ties``: ``"min"`` (competition ranking 1, 2, 2, 4: tied models share the best of
    their ranks), ``"average"`` (1, 2.5, 2.5, 4), ``"max"`` (1, 3, 3, 4) or ``"dense"``
    (1, 2, 2, 3); the same as ``scipy.stats.rankdata(-values, method=ties, axis=1)``
    (tested). NaN is not allowed (callers validate).
    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim == 1:
        return rank_rows(x[np.newaxis], ties=ties, higher_is_better=higher_is_better)[0]
    key = -x if higher_is_better else x
    order = np.argsort(key, axis=1, kind="stable")
    ordered = np.take_along_axis(key, order, axis=1)
    m = ordered.shape[1]
    starts = np.ones(ordered.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    if ties == "dense":
        sorted_ranks = np.cumsum(starts, axis=1).astype(np.float64)
    else:
        position = np.arange(m)
        first = np.maximum.accumulate(np.where(starts, position, 0), axis=1)
        ends = np.ones(ordered.shape, dtype=bool)
        ends[:, :-1] = starts[:, 1:]
        last = np.minimum.accumulate(np.where(ends, position, m - 1)[:, ::-1], axis=1)[:, ::-1]
        sorted_ranks = {"min": first + 1.0, "max": last + 1.0,
                        "average": (first + last) / 2 + 1.0}[ties]
    ranks = np.empty_like(sorted_ranks)
    np.put_along_axis(ranks, order, sorted_ranks, axis=1)
    return ranks


def as_ranking(values: Any, *, name: str, allow_nan: bool = False) -> pd.Series:
    """A 1-D numeric ranking (scores or ranks) as a float Series indexed by model.

    A Series keeps its labels (aligned by label later); a plain sequence gets positions
    ``0..n-1`` (matched by position). Labels must be unique; values numeric and finite
    (NaN only with ``allow_nan``: "not on this leaderboard").
    """
    if isinstance(values, pd.DataFrame):
        if values.shape[1] != 1:
            raise ValueError(
                f"{name} must be 1-D (one score or rank per model); got a DataFrame with "
                f"{values.shape[1]} columns: pass one column"
            )
        values = values.iloc[:, 0]
    if isinstance(values, pd.Series):
        series = values
    else:
        array = np.asarray(values)
        if array.ndim != 1:
            raise ValueError(
                f"{name} must be 1-D (one score or rank per model); got shape {array.shape}"
            )
        series = pd.Series(array)
    try:
        out = series.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric (scores or ranks); got dtype {series.dtype}") from None
    if out.index.has_duplicates:
        dup = out.index[out.index.duplicated()][0]
        raise ValueError(f"{name} lists model {dup!r} more than once; model labels must be unique")
    nan = out.isna()
    if nan.any() and not allow_nan:
        raise ValueError(
            f"{name} has {int(nan.sum())} NaN value(s) (models: "
            f"{', '.join(map(str, out.index[nan][:5]))}); drop unranked models, or pass "
            "missing='intersect' to use only the models both rankings score"
        )
    if np.isinf(out.to_numpy()).any():
        raise ValueError(f"{name} contains infinite values")
    return out


def _shown(labels: Any, limit: int = 8) -> str:
    labels = list(labels)
    return ", ".join(map(repr, labels[:limit])) + (", ..." if len(labels) > limit else "")


def _has_labels(series: pd.Series) -> bool:
    index = series.index
    return not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1)


def align_pair(
    a: pd.Series, b: pd.Series, *, names: tuple[str, str], missing: str
) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Values of two rankings on their common models, aligned by label.

    Two plain sequences are matched by position (equal lengths required). Labelled inputs
    must list the same models unless ``missing="intersect"``; NaN entries are dropped then.
    """
    if missing not in ("raise", "intersect"):
        raise ValueError(f"missing must be 'raise' or 'intersect'; got {missing!r}")
    if not _has_labels(a) and not _has_labels(b) and len(a) != len(b):
        raise ValueError(
            f"{names[0]} and {names[1]} are plain sequences of different lengths ({len(a)} "
            f"and {len(b)}), matched by position; pass Series indexed by model to align them "
            "by label"
        )
    only_a = a.index.difference(b.index, sort=False)
    only_b = b.index.difference(a.index, sort=False)
    if missing == "raise" and (len(only_a) or len(only_b)):
        parts = []
        if len(only_a):
            parts.append(f"only in {names[0]}: {_shown(only_a)}")
        if len(only_b):
            parts.append(f"only in {names[1]}: {_shown(only_b)}")
        raise ValueError(
            f"{names[0]} and {names[1]} rank different models ({'; '.join(parts)}). Models are "
            "matched by label; pass missing='intersect' to compare the models both rank"
        )
    common = a.index.intersection(b.index, sort=False)
    left, right = a.loc[common], b.loc[common]
    keep = left.notna().to_numpy() & right.notna().to_numpy()
    return left.to_numpy()[keep], right.to_numpy()[keep], common[keep]


def check_resamples(n_resamples: Any, name: str = "n_resamples") -> int:
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int | np.integer) or n_resamples < 2:
        raise ValueError(f"{name} must be an integer >= 2 (typically 1_000-10_000); got {n_resamples!r}")
    return int(n_resamples)


def model_index(index: pd.Index, name: Hashable = "model") -> pd.Index:
    out = index.copy()
    if out.name is None:
        out.name = name
    return out


def find_models(index: pd.Index, wanted: Any, *, name: str) -> np.ndarray:
    """Positions of the labels ``wanted`` in ``index``, or an error naming unknown ones."""
    wanted = list(wanted)
    positions = index.get_indexer(wanted)
    unknown = [w for w, p in zip(wanted, positions, strict=True) if p < 0]
    if unknown:
        raise ValueError(
            f"{name} names model(s) not in the scores: {_shown(unknown)}; known models: "
            f"{_shown(index)}"
        )
    if len(set(positions.tolist())) != len(positions):
        raise ValueError(f"{name} lists a model more than once")
    return positions.astype(np.intp)
