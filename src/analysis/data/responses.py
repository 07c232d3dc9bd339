"""The response matrix: the common data shape of every chapter (models × items).

A :class:`ResponseMatrix` bundles the per-item scores of several models with what is known
about the items (class, task family, test set, cluster, weight) and about the models
(family, release date, ...). The dataset modules return one for every dataset with per-item
results, and :func:`from_long` builds one from a researcher's own long-format table
(one row per model, item and, optionally, run). The functions of :mod:`analysis.stats`
accept it wherever they accept a models × items matrix.

Example
-------
>>> import pandas as pd
>>> from analysis.data import from_long
>>> rows = pd.DataFrame({"model": ["a", "a", "b", "b"], "item": ["q1", "q2", "q1", "q2"],
...                      "score": [1, 0, 1, 1]})
>>> m = from_long(rows)
>>> m.scores.loc["b"].tolist()
[1.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ResponseMatrix", "from_long", "read_results"]


def _examples(values: Sequence[Any], limit: int = 5) -> str:
    shown = ", ".join(repr(v) for v in list(values)[:limit])
    return shown + (", ..." if len(values) > limit else "")


@dataclass(frozen=True)
class ResponseMatrix:
    """Per-item scores of several models, with item and model metadata.

    Attributes
    ----------
    scores
        Models × items :class:`pandas.DataFrame` of scores as fractions in [0, 1]
        (1 = correct for binary scoring); index named ``model``, columns named ``item``.
        NaN marks an item a model was not scored on (only where the matrix was built with
        ``missing="allow"``). With repeated runs, a cell is the mean over that model's runs.
    items
        One row per item, indexed like ``scores.columns`` (name ``item``): metadata such as
        ``cluster`` (the unit that items share: passage, task family, class), ``weight``,
        ``class_id`` or ``test_set``.
    models
        One row per model, indexed like ``scores.index`` (name ``model``): metadata such as
        family or release date. May have no columns.
    runs
        The long per-run table (columns ``model``, ``item``, ``run``, ``score``) when the
        scores come from repeated runs, otherwise ``None``.
    name
        A short description, e.g. ``"imagenetv2/matched-frequency"``.

    Notes
    -----
    The matrix is validated when it is made: labels unique, metadata indexed exactly like
    the scores, scores finite fractions in [0, 1] or NaN. Build one with :func:`from_long`
    (a long table) or :meth:`from_wide` (a models × items frame) rather than by hand.
    """

    scores: pd.DataFrame
    items: pd.DataFrame
    models: pd.DataFrame
    runs: pd.DataFrame | None = None
    name: str = ""

    def __post_init__(self) -> None:
        scores = self.scores
        if not isinstance(scores, pd.DataFrame):
            raise TypeError("ResponseMatrix.scores must be a pandas DataFrame (models x items)")
        for axis, labels in (("model", scores.index), ("item", scores.columns)):
            if not labels.is_unique:
                dup = labels[labels.duplicated()].unique()
                raise ValueError(f"{axis} labels must be unique; repeated: {_examples(dup)}")
        if not scores.index.equals(self.models.index):
            raise ValueError("ResponseMatrix.models must be indexed by the score rows, in order")
        if not scores.columns.equals(self.items.index):
            raise ValueError("ResponseMatrix.items must be indexed by the score columns, in order")
        values = scores.to_numpy(dtype=np.float64, na_value=np.nan)
        finite = values[~np.isnan(values)]
        if np.isinf(finite).any() or (finite.size and (finite.min() < 0 or finite.max() > 1)):
            raise ValueError(
                "scores must be fractions in [0, 1] (1 = correct); found values in "
                f"[{finite.min():g}, {finite.max():g}]. Rescale them first (divide "
                "percentages by 100)")

    @classmethod
    def from_wide(
        cls,
        scores: pd.DataFrame,
        *,
        items: pd.DataFrame | None = None,
        models: pd.DataFrame | None = None,
        name: str = "",
    ) -> ResponseMatrix:
        """Wrap a models × items frame, with optional metadata aligned on its labels.

        ``items`` and ``models`` are aligned on the score labels (extra rows are dropped);
        a score label they lack raises an error that names it.
        """
        scores = scores.astype(np.float64)
        scores.index = scores.index.rename("model")
        scores.columns = scores.columns.rename("item")
        return cls(
            scores=scores,
            items=_aligned(items, scores.columns, "item", "items"),
            models=_aligned(models, scores.index, "model", "models"),
            name=name,
        )

    @property
    def n_models(self) -> int:
        """Number of models (rows)."""
        return self.scores.shape[0]

    @property
    def n_items(self) -> int:
        """Number of items (columns)."""
        return self.scores.shape[1]

    @property
    def has_missing(self) -> bool:
        """Whether some model was not scored on some item."""
        return bool(self.scores.isna().to_numpy().any())

    def item_column(self, column: str) -> pd.Series:
        """One column of the item metadata, with an error that lists the available ones."""
        if column not in self.items.columns:
            raise KeyError(
                f"{self.name or 'this matrix'} has no item column {column!r}; "
                f"available: {list(self.items.columns) or 'none'}")
        return self.items[column]

    def subset(
        self, *, models: Sequence[Hashable] | None = None, items: Sequence[Hashable] | None = None
    ) -> ResponseMatrix:
        """The matrix restricted to some models and/or items, in the order given.

        Unknown labels raise an error that names them.
        """
        model_labels = self.scores.index if models is None else _checked(models, self.scores.index, "model")
        item_labels = self.scores.columns if items is None else _checked(items, self.scores.columns, "item")
        runs = self.runs
        if runs is not None:
            runs = runs[runs["model"].isin(model_labels) & runs["item"].isin(item_labels)]
            runs = runs.reset_index(drop=True)
        return ResponseMatrix(
            scores=self.scores.loc[model_labels, item_labels],
            items=self.items.loc[item_labels],
            models=self.models.loc[model_labels],
            runs=runs,
            name=self.name,
        )

    def to_long(self) -> pd.DataFrame:
        """One row per scored (model, item) cell, with the item metadata joined."""
        long = self.scores.stack().rename("score").reset_index()
        return long.join(self.items, on="item")

    def __repr__(self) -> str:
        missing = f", {int(self.scores.isna().to_numpy().sum()):,} cells missing" if self.has_missing else ""
        runs = f", {len(self.runs):,} runs" if self.runs is not None else ""
        meta = f"; item metadata: {', '.join(map(str, self.items.columns))}" if len(self.items.columns) else ""
        label = f"{self.name!r}: " if self.name else ""
        return f"<ResponseMatrix {label}{self.n_models} models x {self.n_items:,} items{missing}{runs}{meta}>"


def _checked(labels: Sequence[Hashable], known: pd.Index, axis: str) -> pd.Index:
    labels = pd.Index(labels)
    unknown = labels[~labels.isin(known)]
    if len(unknown):
        raise KeyError(f"unknown {axis}(s): {_examples(unknown)}; this matrix has "
                       f"{len(known)} {axis}s, e.g. {_examples(known, 3)}")
    return labels


def _aligned(meta: pd.DataFrame | None, labels: pd.Index, axis: str, what: str) -> pd.DataFrame:
    if meta is None:
        return pd.DataFrame(index=labels)
    missing = labels[~labels.isin(meta.index)]
    if len(missing):
        raise ValueError(f"{what} metadata lacks {len(missing)} {axis}(s) of the scores: "
                         f"{_examples(missing)}")
    return meta.loc[labels].rename_axis(axis)


def read_results(path: str | Path) -> pd.DataFrame:
    """Read a long-format results table from a CSV or Parquet file.

    The format follows the suffix (``.csv``, ``.csv.gz``, ``.parquet``, ``.pq``); the
    error for anything else says which suffixes are understood.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no results file at {path} (resolved to {path.resolve()})")
    name = path.name.lower()
    if name.endswith((".parquet", ".pq")):
        return pd.read_parquet(path)
    if name.endswith((".csv", ".csv.gz", ".tsv")):
        return pd.read_csv(path, sep="\t" if name.endswith(".tsv") else ",")
    raise ValueError(f"{path.name}: unknown format; save the results as .csv, .tsv or .parquet")


def from_long(
    frame: pd.DataFrame | str | Path,
    *,
    model: str = "model",
    item: str = "item",
    score: str = "score",
    cluster: str | None = None,
    run: str | None = None,
    weight: str | None = None,
    item_columns: Sequence[str] = (),
    model_columns: Sequence[str] = (),
    missing: str = "refuse",
    name: str = "",
) -> ResponseMatrix:
    """Build a :class:`ResponseMatrix` from a long table of per-item results.

    Parameters
    ----------
    frame
        One row per (model, item) — or per (model, item, run) with ``run`` — as a
        :class:`pandas.DataFrame` or the path of a CSV or Parquet file.
    model, item, score
        Column names. Scores must be numbers (or booleans) in [0, 1]; 1 = correct.
    cluster
        Optional column of the unit items share (passage, task family, class). Must be
        constant within an item; becomes ``items["cluster"]``.
    run
        Optional column of the run or epoch id for repeated runs. Each cell of the matrix
        is then the mean over the runs, and the runs are kept in ``.runs``.
    weight
        Optional column of item weights (positive, constant within an item); becomes
        ``items["weight"]``.
    item_columns, model_columns
        Further metadata columns, constant within an item (or a model).
    missing
        ``"refuse"`` (default): every model must be scored on every item, otherwise an
        error says how many cells are missing and where. ``"allow"``: keep NaN for cells
        that were not scored (estimators then need to be told how to treat them).
    name
        A short description kept with the matrix.

    Returns
    -------
    ResponseMatrix
        Models and items in order of first appearance in ``frame``.

    Raises
    ------
    ValueError
        With what was wrong and how to fix it: a missing column, non-numeric or NaN
        scores, scores outside [0, 1] (percentages), duplicate (model, item) rows without a
        ``run`` column, duplicate (model, item, run) rows, metadata that varies within an
        item, missing cells.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"model": ["a", "a", "a", "a"], "item": ["q1", "q1", "q2", "q2"],
    ...                      "epoch": [1, 2, 1, 2], "score": [1, 0, 1, 1]})
    >>> from_long(rows, run="epoch").scores.loc["a"].tolist()
    [0.5, 1.0]
    """
    if not isinstance(frame, pd.DataFrame):
        frame = read_results(frame)
    if missing not in ("refuse", "allow"):
        raise ValueError(f"missing must be 'refuse' or 'allow', got {missing!r}")
    roles = {"model": model, "item": item, "score": score, "cluster": cluster, "run": run,
             "weight": weight}
    wanted = [c for c in roles.values() if c is not None] + list(item_columns) + list(model_columns)
    absent = [c for c in wanted if c not in frame.columns]
    if absent:
        raise ValueError(
            f"the results table has no column(s) {absent}; its columns are "
            f"{list(frame.columns)}. Name yours with model=, item=, score= (and cluster=, "
            "run=, weight=)")
    if frame.empty:
        raise ValueError("the results table has no rows")
    for role in ("model", "item") + (("run",) if run else ()):
        if frame[roles[role]].isna().any():
            first = int(np.flatnonzero(frame[roles[role]].isna().to_numpy())[0])
            raise ValueError(f"column {roles[role]!r} ({role} ids) is empty in "
                             f"{int(frame[roles[role]].isna().sum())} row(s), first at row {first}")

    values = _numeric_scores(frame[score], score)
    model_codes, model_labels = pd.factorize(frame[model], sort=False)
    item_codes, item_labels = pd.factorize(frame[item], sort=False)
    n_models, n_items = len(model_labels), len(item_labels)
    cell = model_codes.astype(np.int64) * n_items + item_codes

    runs_table = None
    if run is None:
        dup = pd.Series(cell).duplicated(keep=False).to_numpy()
        if dup.any():
            first = int(np.flatnonzero(dup)[0])
            raise ValueError(
                f"{int(dup.sum())} rows repeat a (model, item) pair, e.g. model "
                f"{frame[model].iloc[first]!r}, item {frame[item].iloc[first]!r}. If these are "
                "repeated runs (epochs, samples), name the column that tells them apart with "
                "run=...; otherwise remove the duplicates")
        sums = np.bincount(cell, weights=values, minlength=n_models * n_items)
        counts = np.bincount(cell, minlength=n_models * n_items)
    else:
        run_codes = pd.factorize(frame[run], sort=False)[0]
        key = pd.DataFrame({"c": cell, "r": run_codes})
        dup = key.duplicated(keep=False).to_numpy()
        if dup.any():
            first = int(np.flatnonzero(dup)[0])
            raise ValueError(
                f"{int(dup.sum())} rows repeat a (model, item, run) triple, e.g. model "
                f"{frame[model].iloc[first]!r}, item {frame[item].iloc[first]!r}, run "
                f"{frame[run].iloc[first]!r}: remove the duplicates")
        sums = np.bincount(cell, weights=values, minlength=n_models * n_items)
        counts = np.bincount(cell, minlength=n_models * n_items)
        runs_table = pd.DataFrame({"model": frame[model].to_numpy(), "item": frame[item].to_numpy(),
                                   "run": frame[run].to_numpy(), "score": values})

    with np.errstate(invalid="ignore", divide="ignore"):
        matrix = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan).reshape(n_models, n_items)
    n_missing = int((counts == 0).sum())
    if n_missing and missing == "refuse":
        rows, cols = np.divmod(np.flatnonzero(counts == 0)[0], n_items)
        raise ValueError(
            f"{n_missing:,} of {n_models * n_items:,} (model, item) cells have no score, e.g. "
            f"model {model_labels[rows]!r} on item {item_labels[cols]!r}. Score every model on "
            "the same items (a failed or skipped item usually counts as 0), keep only the "
            "items every model has, or pass missing='allow' to keep them as NaN")

    scores = pd.DataFrame(matrix, index=pd.Index(model_labels, name="model"),
                          columns=pd.Index(item_labels, name="item"))
    item_meta = {"cluster": cluster, "weight": weight} | {c: c for c in item_columns}
    items = _per_label(frame, item, item_codes, item_labels, {k: v for k, v in item_meta.items() if v}, "item")
    if weight is not None:
        w = pd.to_numeric(items["weight"], errors="coerce")
        if not (np.isfinite(w) & (w > 0)).all():
            raise ValueError(f"weights in column {weight!r} must be positive finite numbers")
        items["weight"] = w.astype(np.float64)
    models = _per_label(frame, model, model_codes, model_labels, {c: c for c in model_columns}, "model")
    return ResponseMatrix(scores=scores, items=items, models=models, runs=runs_table, name=name)


def _numeric_scores(column: pd.Series, name: str) -> np.ndarray:
    if column.dtype == bool:
        return column.to_numpy(dtype=np.float64)
    numeric = pd.to_numeric(column, errors="coerce")
    bad = numeric.isna() & column.notna()
    if bad.any():
        examples = pd.unique(column[bad])
        raise ValueError(
            f"column {name!r} holds {int(bad.sum())} non-numeric score(s), e.g. "
            f"{_examples(examples)}. Convert them to numbers in [0, 1] first (for example "
            "1 for correct and 0 for incorrect)")
    if numeric.isna().any():
        first = int(np.flatnonzero(numeric.isna().to_numpy())[0])
        raise ValueError(
            f"column {name!r} is empty (NaN) in {int(numeric.isna().sum())} row(s), first at row "
            f"{first}. Score a failed run as 0 if that is what it means, or drop the rows")
    values = numeric.to_numpy(dtype=np.float64)
    if not np.isfinite(values).all():
        raise ValueError(f"column {name!r} holds infinite scores")
    low, high = values.min(), values.max()
    if high > 1 and high <= 100 and low >= 0:
        raise ValueError(
            f"scores in column {name!r} run up to {high:g}: they look like percentages. "
            "Divide them by 100; scores are fractions in [0, 1]")
    if low < 0 or high > 1:
        raise ValueError(f"scores in column {name!r} must lie in [0, 1]; found [{low:g}, {high:g}]")
    return values


def _per_label(frame: pd.DataFrame, key: str, codes: np.ndarray, labels: pd.Index,
               columns: dict[str, str], axis: str) -> pd.DataFrame:
    """Metadata that must be constant within each label, one row per label."""
    out = pd.DataFrame(index=pd.Index(labels, name=axis))
    for target, source in columns.items():
        grouped = frame[source].groupby(codes, sort=True)
        varying = grouped.nunique(dropna=False) > 1
        if varying.any():
            label = labels[int(np.flatnonzero(varying.to_numpy())[0])]
            raise ValueError(f"column {source!r} must be constant within each {axis}, but "
                             f"{axis} {label!r} has several values; fix the table or leave the "
                             "column out")
        out[target] = grouped.first().to_numpy()
    return out
