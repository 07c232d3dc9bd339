"""Reading a researcher's results: long CSV/Parquet tables, lm-evaluation-harness sample
logs, Inspect and every_eval_ever logs, with column detection and row-level error messages.

Every reader returns a long :class:`pandas.DataFrame` (one row per model, item and,
optionally, run). :func:`detect_columns` finds which columns hold the model, item, score,
cluster and run; :func:`to_matrix` checks the rows (naming the row and the column at fault)
and builds the :class:`~analysis.data.ResponseMatrix` with :func:`analysis.data.from_long`.
Problems with the input raise :class:`InputError` (the command line exits with status 2).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..data import ResponseMatrix, from_long, read_results

__all__ = ["InputError", "Columns", "Source", "read_any", "read_lm_eval_samples", "read_inspect_log",
           "detect_columns", "to_matrix", "CANDIDATES"]


class InputError(ValueError):
    """The results cannot be analysed as given; the message says where and how to fix it."""


#: Column names recognised for each role, in order of preference (matched case-insensitively).
CANDIDATES: dict[str, tuple[str, ...]] = {
    "model": ("model", "model_name", "model_id", "system", "submission"),
    "item": ("item", "item_id", "question_id", "sample_id", "doc_id", "example_id", "task_id",
             "problem_id", "instance_id", "prompt_id", "id"),
    "score": ("score", "correct", "is_correct", "accuracy", "acc", "exact_match", "passed",
              "pass", "success", "value"),
    "cluster": ("cluster", "category", "subject", "group", "passage_id", "topic", "domain"),
    "run": ("run", "epoch", "trial", "attempt", "repeat", "replicate", "sample_index", "seed"),
}
_FLAGS = {"model": "--model", "item": "--item", "score": "--score", "cluster": "--cluster",
          "run": "--run"}


@dataclass
class Columns:
    """Which column plays which role (``None``: absent) and how each was chosen."""

    model: str
    item: str
    score: str
    cluster: str | None = None
    run: str | None = None
    how: dict[str, str] = field(default_factory=dict)


@dataclass
class Source:
    """A long results table and where it came from (for messages)."""

    frame: pd.DataFrame
    label: str
    kind: str
    line_offset: int | None = None  # file line of row 0 (CSV: 2, after the header)
    defaults: dict[str, str] = field(default_factory=dict)


def _where(source: Source, row: int) -> str:
    if source.line_offset is None:
        return f"row {row}"
    return f"row {row} (line {row + source.line_offset} of {source.label})"


# --- readers ----------------------------------------------------------------------------------


def _kind(path: Path, fmt: str) -> str:
    from .eee import is_every_eval_ever
    if fmt != "auto":
        return fmt
    name = path.name.lower()
    if name.endswith((".csv", ".csv.gz", ".tsv", ".parquet", ".pq")):
        return "table"
    if name.endswith(".eval"):
        return "inspect"
    if name.endswith((".jsonl", ".jsonl.gz")):
        return "eee" if is_every_eval_ever(path) else "lm-eval"
    if name.endswith(".json"):
        with path.open() as handle:
            head = handle.read(4096)
        return "eee" if is_every_eval_ever(path) else (
            "inspect" if '"eval"' in head and '"version"' in head else "table-json")
    raise InputError(f"{path.name}: unknown format; give a .csv, .tsv, .parquet, an "
                     "lm-evaluation-harness samples .jsonl, an Inspect .eval/.json log or an "
                     "every_eval_ever _samples.jsonl (or say which with --format)")


def read_any(paths: Sequence[str | Path], *, fmt: str = "auto", metric: str | None = None,
             model_name: str | None = None) -> Source:
    """Read one or more result files into one long table.

    Parameters
    ----------
    paths
        Files of one kind: CSV/TSV/Parquet tables, lm-evaluation-harness ``samples_*.jsonl``
        files, Inspect logs (``.eval``/``.json``) or every_eval_ever ``_samples.jsonl``.
    fmt
        ``"auto"`` (by suffix and content), ``"table"``, ``"lm-eval"``, ``"inspect"``, ``"eee"``.
    metric
        For logs: the per-sample metric (lm-eval: e.g. ``acc``; Inspect: the scorer name;
        every_eval_ever: an ``evaluation_result_id`` or ``evaluation_name``).
    model_name
        For lm-eval samples, which do not record the model: its name (default: the name of
        the folder holding the file, as lm-eval writes it).

    Raises
    ------
    InputError
        A missing file, an unknown format, or a file that cannot be parsed.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise InputError("no results file given")
    for path in paths:
        if not path.is_file():
            raise InputError(f"no results file at {path}")
    kinds = {_kind(p, fmt) for p in paths}
    if len(kinds) > 1:
        raise InputError(f"the files are of different kinds ({', '.join(sorted(kinds))}); "
                         "report one kind at a time")
    kind = kinds.pop()
    label = paths[0].name if len(paths) == 1 else f"{len(paths)} files"
    from .eee import read_every_eval_ever
    logs = {"lm-eval": lambda p: read_lm_eval_samples(p, metric=metric, model_name=model_name),
            "inspect": lambda p: read_inspect_log(p, scorer=metric),
            "eee": lambda p: read_every_eval_ever(p, metric=metric)}
    if kind in logs:
        frame = pd.concat([logs[kind](p) for p in paths], ignore_index=True)
        return Source(frame, label, kind, defaults=_LOG_COLUMNS)
    frames = []
    for path in paths:
        try:
            if kind == "table-json":
                frames.append(pd.read_json(path))
            else:
                frames.append(read_results(path))
        except (ValueError, OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path.name}: cannot be read as a table ({exc})") from None
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    is_csv = len(paths) == 1 and paths[0].name.lower().endswith((".csv", ".csv.gz", ".tsv"))
    return Source(frame, label, "table", line_offset=2 if is_csv else None)


# The task is not a default cluster: a few tasks make a few, huge clusters (--cluster task).
_LOG_COLUMNS = {"model": "model", "item": "item", "score": "score", "cluster": "",
                "run": "epoch"}
_LM_EVAL_METRICS = ("acc", "exact_match", "acc_norm", "pass@1", "em", "f1", "mc1", "mc2",
                    "bleu", "rouge1")
_LM_EVAL_RESERVED = {"doc_id", "doc", "target", "arguments", "resps", "filtered_resps",
                     "filter", "metrics", "doc_hash", "prompt_hash", "target_hash"}


def _lm_eval_task(path: Path) -> str:
    match = re.match(r"samples_(.+?)_\d{4}-\d{2}-\d{2}T[\d\-.:]+$", path.name.split(".jsonl")[0])
    return match.group(1) if match else path.name.split(".jsonl")[0].removeprefix("samples_")


def read_lm_eval_samples(path: str | Path, *, metric: str | None = None,
                         model_name: str | None = None) -> pd.DataFrame:
    """Per-item scores from an lm-evaluation-harness ``--log_samples`` file.

    Each line of ``samples_<task>_<timestamp>.jsonl`` is one document under one filter:
    ``doc_id``, ``doc``, ``target``, ``resps``, ``filtered_resps``, ``filter`` and one
    field per metric (``acc``, ``exact_match``, ...; their names are listed in
    ``metrics``). The item is ``<task>/<doc_id>``; the task (from the file name) is kept in
    the column ``task`` (a possible ``--cluster``).

    Parameters
    ----------
    path
        The samples file.
    metric
        The metric field to use (default: the first of ``acc``, ``exact_match``,
        ``acc_norm``, ... present), optionally with the filter as lm-eval writes it in its
        results, ``"exact_match,strict-match"``. Without a filter, the first filter in the
        file is used (generation tasks often log ``strict-match`` and
        ``flexible-extract``).
    model_name
        The model (lm-eval does not store it per sample; default: the folder's name, which
        lm-eval sets to the sanitised model name).

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``item``, ``task``, ``filter``, ``score``.

    Examples
    --------
    >>> # read_lm_eval_samples("out/my-model/samples_arc_easy_2024-05-01T12-00-00.jsonl")
    """
    path = Path(path)
    rows = []
    opener = __import__("gzip").open if path.name.endswith(".gz") else open
    with opener(path, "rt") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path.name} line {number}: not JSON ({exc.msg})") from None
    if not rows:
        raise InputError(f"{path.name}: no samples")
    missing = [k for k in ("doc_id",) if k not in rows[0]]
    if missing:
        raise InputError(f"{path.name} line 1 has no {missing[0]!r}: not an lm-evaluation-harness "
                         "samples file (written with --log_samples)")
    available = [k for k in rows[0] if k not in _LM_EVAL_RESERVED
                 and isinstance(rows[0][k], int | float | bool)]
    wanted_filter = None
    if metric is not None and "," in metric:
        metric, wanted_filter = (part.strip() for part in metric.split(",", 1))
    if metric is None:
        listed = [m for m in rows[0].get("metrics") or [] if m in available]
        metric = next((m for m in _LM_EVAL_METRICS if m in available), None)
        metric = metric if metric in listed or not listed else listed[0]
        if metric is None:
            raise InputError(f"{path.name}: no per-sample metric found; fields with numbers: "
                             f"{available or 'none'}. Name one with --metric")
    filters = list(dict.fromkeys(row.get("filter", "none") for row in rows))
    if wanted_filter is None:
        wanted_filter = filters[0]
    elif wanted_filter not in filters:
        raise InputError(f"{path.name}: no filter {wanted_filter!r}; the file has {filters}")
    task = _lm_eval_task(path)
    model = model_name or path.parent.name or "model"
    seen: set = set()
    out: dict[str, list] = {"model": [], "item": [], "task": [], "filter": [], "score": []}
    for number, row in enumerate(rows, start=1):
        if row.get("filter", "none") != wanted_filter:
            continue
        if metric not in row:
            raise InputError(f"{path.name} line {number}: no metric {metric!r}; it has "
                             f"{sorted(k for k in row if k not in _LM_EVAL_RESERVED)}")
        if row["doc_id"] in seen:
            raise InputError(f"{path.name} line {number}: document {row['doc_id']!r} appears "
                             f"twice under filter {wanted_filter!r}")
        seen.add(row["doc_id"])
        out["model"].append(model)
        out["item"].append(f"{task}/{row['doc_id']}")
        out["task"].append(task)
        out["filter"].append(wanted_filter)
        out["score"].append(row[metric])
    return pd.DataFrame(out)


_STREAM_ABOVE_BYTES = 200 * 2**20  # larger Inspect logs are streamed sample by sample


def read_inspect_log(path: str | Path, *, scorer: str | None = None) -> pd.DataFrame:
    """Per-sample scores from an Inspect log, through Inspect's stable API only.

    Uses :func:`inspect_ai.log.read_eval_log` (the whole log; logs above 200 MB: the
    header, then :func:`inspect_ai.log.read_eval_log_samples` streams the samples); scores
    are converted
    with :func:`inspect_ai.scorer.value_to_float` (``"C"`` = 1, ``"I"`` = 0, ``"P"`` = 0.5).
    Needs the optional extra: ``pip install 'eval-science[inspect]'``.

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``item`` (sample id), ``epoch``, ``task``, ``score``, and one
        column per scalar field of the samples' metadata (a possible ``--cluster``; named
        ``metadata_<field>`` if the name is taken).
    """
    try:
        from inspect_ai.log import read_eval_log, read_eval_log_samples
        from inspect_ai.scorer import value_to_float
    except ImportError:
        raise InputError("reading Inspect logs needs inspect_ai: pip install "
                         "'eval-science[inspect]'") from None
    path = Path(path)
    header = read_eval_log(str(path), header_only=True)
    if header.status != "success":
        raise InputError(f"{path.name}: the Inspect run did not finish (status {header.status!r})")
    to_float = value_to_float()
    out: dict[str, list] = {"model": [], "item": [], "epoch": [], "task": [], "score": []}
    extra: list[dict] = []
    if path.stat().st_size < _STREAM_ABOVE_BYTES:  # one read is ~10x faster than streaming
        samples = read_eval_log(str(path)).samples or []
    else:
        samples = read_eval_log_samples(str(path), all_samples_required=False)
    for sample in samples:
        scores = sample.scores or {}
        if not scores:
            raise InputError(f"{path.name}: sample {sample.id!r} (epoch {sample.epoch}) has no score")
        name = scorer or next(iter(scores))
        if name not in scores:
            raise InputError(f"{path.name}: no scorer {name!r}; the log has {sorted(scores)}")
        value = scores[name].value
        if isinstance(value, dict):
            raise InputError(f"{path.name}: scorer {name!r} gives several values per sample; "
                             "pick one scorer with --metric")
        out["model"].append(header.eval.model)
        out["item"].append(str(sample.id))
        out["epoch"].append(int(sample.epoch))
        out["task"].append(header.eval.task)
        out["score"].append(float(to_float(value)))
        extra.append({k: v for k, v in (sample.metadata or {}).items()
                      if isinstance(v, str | int | float | bool)})
    frame = pd.DataFrame(out)
    meta = pd.DataFrame(extra, index=frame.index)
    meta.columns = [c if c not in frame.columns else f"metadata_{c}" for c in meta.columns]
    return frame.join(meta)


# --- columns ----------------------------------------------------------------------------------


def detect_columns(source: Source | pd.DataFrame, **given: str | None) -> Columns:
    """Choose the model, item, score, cluster and run columns.

    A role named in ``given`` (e.g. ``score="is_correct"``) must exist; otherwise the one
    column among :data:`CANDIDATES` present is used, and several candidates for one role
    are refused with a message naming them and the flag that picks one. Model, item and
    score are required; cluster and run are optional (``""`` turns auto-detection off).
    """
    if isinstance(source, pd.DataFrame):
        source = Source(source, "the table", "table")
    frame = source.frame
    by_lower: dict[str, list[str]] = {}
    for column in frame.columns:
        by_lower.setdefault(str(column).lower(), []).append(column)
    chosen: dict[str, str | None] = {}
    how: dict[str, str] = {}
    for role in ("model", "item", "score", "cluster", "run"):
        value = given.get(role)
        if value == "":
            chosen[role] = None
            continue
        if value is not None:
            if value not in frame.columns:
                raise InputError(f"{source.label} has no column {value!r} (given with "
                                 f"{_FLAGS[role]}); its columns are {list(frame.columns)}")
            chosen[role], how[role] = value, "given"
            continue
        if source.defaults.get(role) == "":
            chosen[role] = None
            continue
        if role in source.defaults and source.defaults[role] in frame.columns:
            chosen[role], how[role] = source.defaults[role], f"from the {source.kind} log"
            continue
        taken = {c for c in chosen.values() if c}
        found = [c for name in CANDIDATES[role] for c in by_lower.get(name, []) if c not in taken]
        if len(found) > 1:
            raise InputError(f"{source.label}: several columns could be the {role}: "
                             f"{found}. Say which with {_FLAGS[role]} COLUMN")
        if not found:
            if role in ("model", "item", "score"):
                raise InputError(
                    f"{source.label} has no {role} column; its columns are {list(frame.columns)}. "
                    f"Name it with {_FLAGS[role]} COLUMN (recognised names: "
                    f"{', '.join(CANDIDATES[role][:6])}, ...)")
            chosen[role] = None
            continue
        chosen[role], how[role] = found[0], "detected"
    return Columns(chosen["model"], chosen["item"], chosen["score"], chosen["cluster"],
                   chosen["run"], how)


# --- checks and the matrix --------------------------------------------------------------------


def _scores(source: Source, column: str) -> np.ndarray:
    raw = source.frame[column]
    if raw.dtype == bool:
        return raw.to_numpy(dtype=np.float64)
    numeric = pd.to_numeric(raw, errors="coerce")
    bad = (numeric.isna() & raw.notna()).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InputError(f"{_where(source, row)}, column {column!r}: {raw.iloc[row]!r} is not "
                         f"a number ({int(bad.sum())} such row(s)). Scores are numbers in "
                         "[0, 1], e.g. 1 for correct and 0 for incorrect")
    values = numeric.to_numpy(dtype=np.float64)
    empty = np.isnan(values)
    if empty.any():
        row = int(np.flatnonzero(empty)[0])
        raise InputError(f"{_where(source, row)}, column {column!r}: the score is empty "
                         f"({int(empty.sum())} such row(s)). Score a failed item as 0 if "
                         "that is what it means, or drop the rows")
    outside = ~((values >= 0) & (values <= 1))
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        hint = (" The scores look like percentages: divide them by 100"
                if values.max() <= 100 and values.min() >= 0 else "")
        raise InputError(f"{_where(source, row)}, column {column!r}: score {values[row]:g} is "
                         f"outside [0, 1] ({int(outside.sum())} such row(s)).{hint}")
    return values


def _check_ids(source: Source, columns: Columns) -> None:
    for role in ("model", "item", "run"):
        column = getattr(columns, role)
        if column is None:
            continue
        empty = source.frame[column].isna().to_numpy()
        if empty.any():
            row = int(np.flatnonzero(empty)[0])
            raise InputError(f"{_where(source, row)}, column {column!r}: the {role} is empty "
                             f"({int(empty.sum())} such row(s))")


def _check_duplicates(source: Source, columns: Columns) -> None:
    keys = [columns.model, columns.item] + ([columns.run] if columns.run else [])
    dup = source.frame.duplicated(subset=keys, keep=False).to_numpy()
    if not dup.any():
        return
    rows = np.flatnonzero(dup)
    first = int(rows[0])
    key = tuple(source.frame[k].iloc[first] for k in keys)
    same = source.frame[keys].iloc[rows[1:]].eq(list(key)).all(axis=1).to_numpy()
    second = int(rows[1:][same][0])
    what = f"model {key[0]!r} on item {key[1]!r}"
    if columns.run:
        raise InputError(f"{_where(source, first)} and {_where(source, second)} both score "
                         f"{what} in run {key[2]!r} (column {columns.run!r}): remove the "
                         "duplicates")
    raise InputError(f"{_where(source, first)} and {_where(source, second)} both score {what} "
                     f"(columns {columns.model!r}, {columns.item!r}). If these are repeated "
                     "runs (epochs, samples), name the column that tells them apart with "
                     "--run COLUMN; otherwise remove the duplicates")


def _check_cluster(source: Source, columns: Columns) -> None:
    if columns.cluster is None:
        return
    frame = source.frame
    if frame[columns.cluster].isna().any():
        row = int(np.flatnonzero(frame[columns.cluster].isna().to_numpy())[0])
        raise InputError(f"{_where(source, row)}, column {columns.cluster!r}: the cluster is empty")
    counts = frame.groupby(columns.item, sort=False)[columns.cluster].nunique()
    varying = counts[counts > 1]
    if len(varying):
        item = varying.index[0]
        rows = np.flatnonzero((frame[columns.item] == item).to_numpy())
        values = frame[columns.cluster].iloc[rows]
        other = int(rows[np.flatnonzero((values != values.iloc[0]).to_numpy())[0]])
        raise InputError(f"{_where(source, int(rows[0]))} and {_where(source, other)}: item "
                         f"{item!r} is in cluster {values.iloc[0]!r} and in cluster "
                         f"{frame[columns.cluster].iloc[other]!r} (column {columns.cluster!r}); "
                         "a cluster must be constant within an item")


def to_matrix(source: Source | pd.DataFrame, columns: Columns, *, common_items: bool = False,
              name: str = "") -> tuple[ResponseMatrix, dict[str, Any]]:
    """Check the rows and build the response matrix.

    Returns the matrix and notes on what was done (``dropped_items``: items left out
    because some model lacks them, with ``common_items=True``).

    Raises
    ------
    InputError
        Naming the row (and the file line for CSV) and the column at fault.
    """
    if isinstance(source, pd.DataFrame):
        source = Source(source, "the table", "table")
    if source.frame.empty:
        raise InputError(f"{source.label} has no rows")
    _check_ids(source, columns)
    values = _scores(source, columns.score)
    _check_duplicates(source, columns)
    _check_cluster(source, columns)
    keep = [c for c in (columns.model, columns.item, columns.cluster, columns.run) if c]
    frame = source.frame[list(dict.fromkeys(keep))].copy()
    frame["__score"] = values
    notes: dict[str, Any] = {"dropped_items": 0}
    if common_items:
        n_models = frame[columns.model].nunique()
        per_item = frame.groupby(columns.item, sort=False)[columns.model].nunique()
        complete = per_item.index[per_item == n_models]
        notes["dropped_items"] = int(len(per_item) - len(complete))
        frame = frame[frame[columns.item].isin(complete)]
        if frame.empty:
            raise InputError("no item was scored for every model: nothing left to compare")
    try:
        matrix = from_long(frame, model=columns.model, item=columns.item, score="__score",
                           cluster=columns.cluster, run=columns.run, name=name)
    except ValueError as exc:
        text = str(exc).replace(
            "keep only the items every model has, or pass missing='allow' to keep them as NaN",
            "or pass --common-items (common_items=True) to analyse only the items every model has")
        raise InputError(text) from None
    if matrix.n_items < 2:
        raise InputError("the results hold one item; a report needs two or more")
    return matrix, notes
