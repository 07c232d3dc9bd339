"""Input checks shared by every estimator: shapes, labels, missing values, scale, clusters.

Conventions enforced here (see the package docstring):

* scores are **models x items**: a 1-D input is one model; in a 2-D input rows are models
  and columns are items;
* where inputs carry labels (a :class:`pandas.Series` index, :class:`pandas.DataFrame`
  columns and index), per-item inputs (clusters, strata, weights) are **aligned on the item
  labels**, or an error names the first item that does not match; plain arrays (and
  pandas' default ``0..n-1`` labels) are matched **by position**;
* scores are fractions in ``[0, 1]`` unless the caller passes ``bounded=False``.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from ._checks import check_confidence, check_fraction, check_rng, check_whole
from ._matrix import ScoreMatrix

__all__ = [
    "DegenerateIntervalWarning",
    "OrientationWarning",
    "ScoreMatrix",
    "as_score_matrix",
    "as_cluster_codes",
    "as_binary_frame",
    "align_by_label",
    "cluster_codes",
    "item_values",
    "match_by_label",
    "is_response_matrix",
    "check_confidence",
    "check_fraction",
    "check_whole",
    "check_rng",
    "warn_if_degenerate",
]

#: A plain 2-D array with more rows than columns and fewer columns than this looks transposed.
ORIENTATION_MAX_COLUMNS = 50

#: Fewer observed successes (or failures) than this makes the normal interval unreliable.
DEGENERATE_MIN_COUNT = 10


class DegenerateIntervalWarning(UserWarning):
    """A normal or bootstrap interval that is degenerate or known to undercover.

    Raised at run time when a model's scores are all equal (standard error 0, interval of
    width 0) or, for 0/1 scores, when fewer than 10 items were answered correctly or
    incorrectly: there the central-limit interval covers far less than its nominal level
    (for example 40-88% instead of 95% at ``n <= 100`` and accuracy 0.95). Use
    :func:`analysis.stats.wilson_scores` or :func:`analysis.stats.clopper_pearson_scores`.
    Silence it with ``warnings.filterwarnings`` once you have read it.
    """


class OrientationWarning(UserWarning):
    """A plain 2-D array whose shape suggests items x models instead of models x items.

    Every estimator reads rows as models and columns as items. A plain array with more
    rows than columns and fewer than 50 columns (say 100 x 3) is read as 100 models scored
    on 3 items, which is more often a transposed matrix. Pass ``scores.T`` if it is transposed, or a
    :class:`pandas.DataFrame` (index = models, columns = items) to state the orientation
    and silence the warning.
    """


def is_response_matrix(obj: Any) -> bool:
    """True for a response-matrix object: it has ``.scores`` (models x items DataFrame)
    and ``.items`` (item metadata indexed by item)."""
    return (
        hasattr(obj, "scores")
        and hasattr(obj, "items")
        and isinstance(getattr(obj, "scores", None), pd.DataFrame)
    )


def _labels_or_none(index: pd.Index) -> pd.Index | None:
    """Labels, or None when they are pandas' default ``0..n-1`` (no real labels)."""
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return None
    return index


def match_by_label(left: pd.Index | None, right: pd.Index | None, *, name: str = "the inputs") -> bool:
    """Whether two item indexes are matched by label (True) or by position (False).

    By position when either side is a plain array (``None``), or when one side has pandas'
    default ``0..n-1`` labels and the other has non-integer labels (default labels are then
    no labels at all, e.g. a column of a frame after ``reset_index``). When one side has
    default labels and the other different *integer* labels, the labels could be item ids
    or row numbers: that is ambiguous and raises ``ValueError``. Otherwise by label.
    """
    if left is None or right is None:
        return False
    if left.equals(right):
        return True
    for one, other in ((left, right), (right, left)):
        if _labels_or_none(one) is None:
            if not pd.api.types.is_integer_dtype(other.dtype):
                return False
            raise ValueError(
                f"cannot tell how to match {name}: one side has pandas' default labels "
                f"0..{len(one) - 1}, the other integer labels in another order (starting "
                f"{', '.join(map(str, other[:3]))}). Pass a plain array (.to_numpy()) to match "
                "by position, or give both the same item labels"
            )
    return True


def as_score_matrix(
    scores: Any,
    *,
    name: str = "scores",
    binary: bool = False,
    min_items: int = 2,
    missing: str = "raise",
    bounded: bool = False,
    check_orientation: bool = True,
    supports_omit: bool = False,
) -> ScoreMatrix:
    """Validate per-item scores and return them as a ``(rows, items)`` float64 matrix.

    Accepts a 1-D array or :class:`pandas.Series` (one model's scores, indexed by item), a
    2-D array or :class:`pandas.DataFrame` (rows = models, columns = items), or a
    response-matrix object (anything with a ``.scores`` DataFrame, models x items, and an
    ``.items`` metadata frame). Raises ``ValueError`` with what was wrong and how to fix
    it: empty input, more than two dimensions, non-numeric values, NaN (unless
    ``missing="omit"``; the message offers that option when the caller ``supports_omit``),
    infinite values, fewer than ``min_items`` scored items, a value
    other than 0 or 1 (with ``binary``), a value outside ``[0, 1]`` (with ``bounded``; the
    message says when the scores look like percentages), or a DataFrame labelled as
    items x models. Warns :class:`OrientationWarning` for a plain 2-D array with more rows
    than columns and fewer than 50 columns (unless ``check_orientation=False``).
    """
    if missing not in ("raise", "omit"):
        raise ValueError(f"missing must be 'raise' or 'omit'; got {missing!r}")
    item_meta = None
    items: pd.Index | None = None
    plain_2d = False
    if is_response_matrix(scores):
        item_meta = scores.items if isinstance(scores.items, pd.DataFrame) else None
        scores = scores.scores
    if isinstance(scores, pd.DataFrame):
        if scores.index.name == "item" or scores.columns.name == "model":
            raise ValueError(
                f"{name} is labelled items x models (index name {scores.index.name!r}, "
                f"columns name {scores.columns.name!r}); estimators take models x items: "
                "pass the transpose (.T)"
            )
        index = scores.index
        items = scores.columns
        frame_values = scores.to_numpy()
    elif isinstance(scores, pd.Series):
        index = pd.Index([scores.name if scores.name is not None else 0])
        items = scores.index
        frame_values = scores.to_numpy()
    else:
        frame_values = np.asarray(scores)
        index = None
        plain_2d = frame_values.ndim == 2
    # Whole-number input (bool/int dtype: 0/1 correctness) cannot hold NaN or inf.
    integer_valued = isinstance(frame_values, np.ndarray) and frame_values.dtype.kind in "biu"
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
    if (
        plain_2d
        and check_orientation
        and values.shape[0] > values.shape[1]
        and values.shape[1] < ORIENTATION_MAX_COLUMNS
    ):
        warnings.warn(
            f"{name} is a plain array with {values.shape[0]} rows and {values.shape[1]} "
            f"columns; it is read as models x items, i.e. {values.shape[0]} models scored "
            f"on {values.shape[1]} items. If rows are items, pass {name}.T; to confirm the "
            "orientation and silence this warning, pass a pandas DataFrame "
            "(index = models, columns = items)",
            OrientationWarning,
            stacklevel=3,
        )
    # These checks run on every call: without NaN or inf, one pass (the row sums, finite
    # exactly when every value is finite; kept for the estimators) replaces the elementwise
    # masks, and whole-number input needs no pass at all.
    with np.errstate(over="ignore", invalid="ignore"):  # inf - inf, or overflow: checked below
        row_sums = None if integer_valued else values.sum(axis=1)
    has_nan = False
    if row_sums is not None and not np.isfinite(row_sums).all():
        nan = np.isnan(values)
        has_nan = bool(nan.any())
        row_sums = None
    if has_nan and missing == "raise":
        rows = np.flatnonzero(nan.any(axis=1))
        labels = ", ".join(map(str, index[rows[:5]]))
        omit = (
            ", or pass missing='omit' to treat NaN as 'not scored' (each model's estimate "
            "then uses its own scored items)"
            if supports_omit
            else ""
        )
        raise ValueError(
            f"{name} contains {int(nan.sum())} NaN value(s) (rows: {labels}"
            f"{', ...' if len(rows) > 5 else ''}). By default every model must be scored on "
            "every item: drop the unscored items for all models, or score a failed run as 0 "
            f"if that is what it means{omit}"
        )
    finite = values[~nan] if has_nan else values
    if row_sums is None and not integer_valued and np.isinf(finite).any():
        raise ValueError(f"{name} contains infinite values; scores must be finite numbers")
    n_obs = (~nan).sum(axis=1) if has_nan else np.full(values.shape[0], values.shape[1])
    if (n_obs < min_items).any():
        row = int(np.flatnonzero(n_obs < min_items)[0])
        raise ValueError(
            f"{name} has {int(n_obs[row])} scored item(s) for model {index[row]!r}; at least "
            f"{min_items} are needed to estimate a variance"
        )
    value_range = None
    if (binary or bounded) and finite.size:
        source = frame_values if integer_valued else finite  # int8 0/1: a fraction of the work
        value_range = (float(source.min()), float(source.max()))
    if binary and not (integer_valued and value_range[0] >= 0 and value_range[1] <= 1):
        bad = (finite != 0) & (finite != 1)
        if bad.any():
            example = float(finite[bad][0])
            raise ValueError(
                f"{name} must be binary (0/1 correctness) but has {int(bad.sum())} other "
                f"value(s), e.g. {example:g}. Threshold or binarise the scores first"
            )
    elif bounded and value_range is not None and (value_range[0] < 0 or value_range[1] > 1):
        low, high = value_range
        if low >= 0 and high <= 100:
            raise ValueError(
                f"{name} must be fractions in [0, 1] but range from {low:g} to {high:g}: they "
                "look like percentages; divide by 100. If the scores are legitimately outside "
                "[0, 1] (rewards, BLEU, times), pass bounded=False"
            )
        raise ValueError(
            f"{name} must be fractions in [0, 1] but range from {low:g} to {high:g}; for "
            "scores that are legitimately unbounded, pass bounded=False"
        )
    return ScoreMatrix(
        values, index, was_1d, items, item_meta, has_missing=has_nan, row_sums=row_sums,
        value_range=value_range, integer_valued=integer_valued,
    )


def as_binary_frame(table: Any, name: str, *, min_models: int = 1, unique: bool = True,
                    hint: str = "") -> pd.DataFrame:
    """``table`` checked to be a models x items :class:`pandas.DataFrame` of 0/1 correctness.

    Refuses (``TypeError``) anything but a DataFrame and (``ValueError``, via
    :func:`as_score_matrix` with ``binary=True``) duplicate labels
    (with ``unique``), fewer than ``min_models`` rows, no item, non-numeric values, NaN and
    values other than 0/1 (percentages, scores; ``hint`` is appended to that message).
    Returns ``table`` itself.

    >>> as_binary_frame(pd.DataFrame([[1, 0], [0, 1]]), "correct").shape
    (2, 2)
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, models x items; got {type(table).__name__}")
    if unique and (table.index.has_duplicates or table.columns.has_duplicates):
        raise ValueError(f"{name} has duplicate model or item labels; make them unique")
    if table.shape[0] < min_models:
        raise ValueError(f"{name} needs at least {min_models} models (rows) and 1 item "
                         f"(column); got shape {table.shape}. Is it transposed?")
    try:
        as_score_matrix(table, name=name, binary=True, min_items=1, check_orientation=False)
    except ValueError as exc:
        binary = str(exc).startswith(f"{name} must be binary")
        raise ValueError(f"{exc}{hint if binary else ''}") from None
    return table


def align_by_label(inputs: dict[str, Any]) -> dict[str, Any]:
    """Per-model inputs with every labelled :class:`pandas.Series` aligned on the first one.

    A Series with real labels (not pandas' default ``0..n-1``) is reindexed to the labels of
    the first such Series when both list the same unique labels, in any order; arrays,
    lists, scalars and default-labelled Series are matched by position (see
    :func:`match_by_label`); Series with identical indexes are left as they are. Raises
    ``ValueError`` when labels to align repeat or the label sets differ, naming the labels
    found on one side only.

    >>> align_by_label({"x": pd.Series([1, 2], ["a", "b"]), "y": pd.Series([3, 4], ["b", "a"])})["y"].tolist()
    [4, 3]
    """
    series = {k: v for k, v in inputs.items() if isinstance(v, pd.Series)}
    labelled = [k for k, v in series.items() if _labels_or_none(v.index) is not None]
    if not labelled:
        return dict(inputs)
    first_key = labelled[0]
    first = series[first_key].index
    out = dict(inputs)
    for key, value in series.items():
        if value.index.equals(first) or not match_by_label(first, value.index,
                                                           name=f"{key} to {first_key}"):
            continue
        for side, index in ((first_key, first), (key, value.index)):
            if index.has_duplicates:
                dup = index[index.duplicated()].tolist()[0]
                raise ValueError(f"{side} lists {dup!r} twice and {first_key} and {key} list "
                                 "their labels differently, so they cannot be aligned: make "
                                 "the labels unique (one value per model)")
        only_first, only_here = first.difference(value.index), value.index.difference(first)
        if len(only_first) or len(only_here):  # not the same models: refuse, do not guess
            raise ValueError(
                f"{first_key} and {key} do not hold the same labels: {list(only_first[:3])} only "
                f"in {first_key}, {list(only_here[:3])} only in {key}. They are aligned by "
                "label: select the common labels first (e.g. x.loc[common]), or pass plain "
                "arrays to match by position")
        out[key] = value.reindex(first)
    return out


def _as_id_array(ids: Any, name: str) -> np.ndarray:
    """One-dimensional object/number array of ids; tuples stay whole (one id each)."""
    if isinstance(ids, pd.MultiIndex):
        out = np.empty(len(ids), dtype=object)
        out[:] = list(ids)
        return out
    if isinstance(ids, pd.Series | pd.Index):
        return ids.to_numpy()
    if isinstance(ids, list | tuple) and any(isinstance(v, tuple) for v in ids):
        out = np.empty(len(ids), dtype=object)
        out[:] = list(ids)
        return out
    array = np.asarray(ids)
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D, one id per item; got shape {array.shape}. For composite "
            "ids pass a list of tuples, a pandas MultiIndex, or a Series"
        )
    return array


def item_values(values: Any, matrix: ScoreMatrix, *, name: str) -> np.ndarray:
    """Per-item values (cluster ids, strata, weights) in the order of ``matrix``'s items.

    ``values`` may be a :class:`pandas.Series` (aligned on its index when both it and the
    scores carry item labels, see :func:`match_by_label`; every scored item must be
    present, extra labels are ignored), a string naming a column of a response matrix's item metadata, or a plain
    sequence (matched by position; its length must equal the number of items).
    """
    n_items = matrix.n_items
    if isinstance(values, str):
        if matrix.item_meta is None:
            raise ValueError(
                f"{name}={values!r} names an item-metadata column, which needs a response "
                "matrix (an object with .scores and .items); pass one id per item instead"
            )
        if values not in matrix.item_meta.columns:
            raise ValueError(
                f"{name}={values!r} is not a column of the item metadata; available: "
                f"{', '.join(map(str, matrix.item_meta.columns))}"
            )
        values = matrix.item_meta[values]
    if isinstance(values, pd.Series):
        if match_by_label(matrix.items, values.index, name=f"{name} to the scores' items"):
            if values.index.equals(matrix.items):
                return _as_id_array(values, name)
            for side, labels_ in (("scores", matrix.items), (name, values.index)):
                if labels_.has_duplicates:
                    dup = labels_[labels_.duplicated()][0]
                    raise ValueError(
                        f"{side} has the duplicate item label {dup!r} and the two inputs list "
                        "their items differently, so they cannot be aligned by label: make "
                        f"the labels unique, or pass {name} as a plain array (matched by position)"
                    )
            positions = values.index.get_indexer(matrix.items)
            absent = positions < 0
            if absent.any():
                first = matrix.items[int(np.flatnonzero(absent)[0])]
                raise ValueError(
                    f"{name} has no entry for item {first!r} ({int(absent.sum())} scored "
                    f"item(s) missing); {name} is matched to the scores by item label"
                )
            return _as_id_array(values.iloc[positions], name)
    array = _as_id_array(values, name)
    if len(array) != n_items:
        raise ValueError(
            f"{name} has {len(array)} ids but the scores have {n_items} items: pass one "
            f"{name} value per item (column), in the same order, or a Series indexed by item"
        )
    return array


def _factorize(ids: np.ndarray) -> tuple[np.ndarray, int]:
    try:
        codes, uniques = pd.factorize(ids, sort=True)
    except TypeError:  # ids of mixed, unorderable types
        codes, uniques = pd.factorize(ids, sort=False)
    return codes.astype(np.intp), len(uniques)


def as_cluster_codes(
    clusters: Any, n_items: int, *, name: str = "clusters", min_clusters: int = 2
) -> tuple[np.ndarray, int]:
    """Map one cluster id per item (by position) to integer codes ``0..C-1``; return
    ``(codes, C)``.

    Raises ``ValueError`` when the number of ids differs from the number of items, an id is
    missing (NaN/None), or there are fewer than ``min_clusters`` clusters. Tuple ids (a
    list of tuples, a MultiIndex) count as one id each.
    """
    ids = _as_id_array(clusters, name)
    if len(ids) != n_items:
        raise ValueError(
            f"{name} has {len(ids)} ids but the scores have {n_items} items: pass one cluster "
            "id per item (column), in the same order"
        )
    return _codes(ids, name, min_clusters)


def _codes(ids: np.ndarray, name: str, min_clusters: int) -> tuple[np.ndarray, int]:
    missing = np.asarray(pd.isna(ids), dtype=bool)  # a tuple id is never missing
    if missing.any():
        raise ValueError(
            f"{name} has {int(missing.sum())} missing id(s) (first at position "
            f"{int(np.flatnonzero(missing)[0])}); every item needs a {name} id"
        )
    codes, n_clusters = _factorize(ids)
    if n_clusters < min_clusters:
        raise ValueError(
            f"{name} has {n_clusters} distinct id(s); clustered errors need at least "
            f"{min_clusters} clusters (and are unreliable with fewer than about 30)"
        )
    return codes, n_clusters


def cluster_codes(
    clusters: Any, matrix: ScoreMatrix, *, name: str = "clusters", min_clusters: int = 2
) -> tuple[np.ndarray, int]:
    """Like :func:`as_cluster_codes`, but aligned on ``matrix``'s item labels
    (see :func:`item_values`)."""
    return _codes(item_values(clusters, matrix, name=name), name, min_clusters)


def warn_if_degenerate(matrix: ScoreMatrix, se: np.ndarray, *, stacklevel: int = 3) -> None:
    """Warn :class:`DegenerateIntervalWarning` for rows whose normal/bootstrap interval is
    degenerate (SE 0) or unreliable (0/1 scores with fewer than 10 successes or failures)."""
    flagged = np.asarray(se) == 0
    # Summaries cached by as_score_matrix: no extra pass over the scores when it did them.
    if matrix.is_binary:
        successes = matrix.row_sums
        failures = matrix.n_obs - successes
        flagged |= np.minimum(successes, failures) < DEGENERATE_MIN_COUNT
    if not flagged.any():
        return
    rows = np.flatnonzero(flagged)
    labels = ", ".join(map(str, matrix.index[rows[:5]])) + (", ..." if len(rows) > 5 else "")
    reason = (
        "standard error 0 (for example every item right, or every item wrong), so the "
        "interval has width 0"
        if (np.asarray(se)[rows] == 0).all()
        else f"fewer than {DEGENERATE_MIN_COUNT} items were answered correctly or incorrectly "
        "(or the standard error is 0)"
    )
    warnings.warn(
        f"{len(rows)} model(s) ({labels}): {reason}; the normal or bootstrap interval then "
        "covers far less than its nominal level. Use the Wilson interval "
        "(analysis.stats.wilson_scores) or the exact Clopper-Pearson interval "
        "(analysis.stats.clopper_pearson_scores) for 0/1 scores",
        DegenerateIntervalWarning,
        stacklevel=stacklevel,
    )


def row_labels(index: pd.Index, name: Hashable = "model") -> pd.Index:
    """Copy of ``index`` named ``name`` unless it already has a name."""
    out = index.copy()
    if out.name is None:
        out.name = name
    return out
