"""Reading every_eval_ever instance-level logs (``<uuid>_samples.jsonl``) for the report.

every_eval_ever (https://github.com/evaleval/every_eval_ever, PyPI ``every-eval-ever``) is
a shared format for evaluation results; its converters already turn lm-evaluation-harness,
Inspect and HELM outputs into it, so one reader covers those frameworks. The package
needs Python 3.12 or newer, so this module does not use it: it reads the FORMAT, one JSON
object per line as its published schema ``instance_level_eval.schema.json`` (version
0.3.0) defines it, and checks only what the report needs.

Per line the schema requires ``schema_version``, ``evaluation_id``, ``model_id``,
``evaluation_name``, ``sample_id``, ``interaction_type``, ``input``,
``answer_attribution`` and ``evaluation`` (with ``score``, a number, and
``is_correct``). A sample scored by several aggregate results (metrics) appears once per
result, told apart by ``evaluation_result_id`` (optional) or by ``evaluation_name``.
"""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from .readers import InputError

__all__ = ["read_every_eval_ever", "is_every_eval_ever", "EEE_REQUIRED"]

#: Top-level fields every instance record must have (the schema's ``required``, v0.3.0).
EEE_REQUIRED: tuple[str, ...] = (
    "schema_version", "evaluation_id", "model_id", "evaluation_name", "sample_id",
    "interaction_type", "input", "answer_attribution", "evaluation")
_EVALUATION_REQUIRED = ("score", "is_correct")
_STRINGS = ("model_id", "evaluation_name", "sample_id")


def _open(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if path.name.endswith(".gz") else \
        path.open(encoding="utf-8")


def is_every_eval_ever(path: str | Path) -> bool:
    """Whether a ``.jsonl``/``.json`` file looks like every_eval_ever output.

    True when the first non-empty line of a JSON Lines file is an object with
    ``schema_version``, ``evaluation_id`` and ``sample_id`` (an instance record), or when a
    ``.json`` file starts an object with ``schema_version`` and ``evaluation_results`` (an
    aggregate log, which :func:`read_every_eval_ever` refuses with a pointer to its
    samples file). Reads at most the first line (or 64 kB).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x_samples.jsonl"
    >>> _ = p.write_text('{"schema_version": "0.3.0", "evaluation_id": "e", "sample_id": "1"}\\n')
    >>> is_every_eval_ever(p)
    True
    """
    path = Path(path)
    try:
        with _open(path) as handle:
            if ".jsonl" in path.name.lower():
                line = next((raw for raw in handle if raw.strip()), "")
                record = json.loads(line)
                return isinstance(record, dict) and {"schema_version", "evaluation_id",
                                                     "sample_id"} <= record.keys()
            head = handle.read(65536)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, EOFError):
        return False
    return '"schema_version"' in head and '"evaluation_results"' in head


def _refuse_aggregate(path: Path) -> None:
    try:
        with _open(path) as handle:
            record = json.load(handle)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path.name}: not JSON ({exc.msg}, line {exc.lineno})") from None
    pointer = ""
    if isinstance(record, dict):
        detail = record.get("detailed_evaluation_results") or {}
        if isinstance(detail, dict) and detail.get("file_path"):
            pointer = f" (this log names {Path(str(detail['file_path'])).name})"
    raise InputError(f"{path.name} is an every_eval_ever aggregate log (one score per "
                     "evaluation); the report needs per-item scores: give its instance-level "
                     f"<uuid>_samples.jsonl file{pointer}")


def _check_record(record: Any, where: str) -> None:
    if not isinstance(record, dict):
        raise InputError(f"{where}: not a JSON object (every_eval_ever writes one object per "
                         "line)")
    missing = [name for name in EEE_REQUIRED if name not in record]
    if missing:
        raise InputError(f"{where}: required field(s) {missing} missing; not an every_eval_ever "
                         "instance record (schema instance_level_eval.schema.json)")
    for name in _STRINGS:
        if not isinstance(record[name], str | int) or isinstance(record[name], bool):
            raise InputError(f"{where}, field {name!r}: expected a string, got "
                             f"{record[name]!r}")
    evaluation = record["evaluation"]
    if not isinstance(evaluation, dict):
        raise InputError(f"{where}, field 'evaluation': expected an object with 'score' and "
                         f"'is_correct', got {evaluation!r}")
    missing = [name for name in _EVALUATION_REQUIRED if name not in evaluation]
    if missing:
        raise InputError(f"{where}, field 'evaluation': required field(s) {missing} missing")
    score = evaluation["score"]
    if isinstance(score, bool) or not isinstance(score, int | float):
        raise InputError(f"{where}, field 'evaluation.score': {score!r} is not a number "
                         "(the schema's score is a number, e.g. 1.0 for correct)")
    if not math.isfinite(score) or not 0 <= score <= 1:
        hint = " It looks like a percentage: rescale it to a fraction" if 1 < score <= 100 else ""
        raise InputError(f"{where}, field 'evaluation.score': {score!r} is outside [0, 1]; the "
                         "report needs scores on [0, 1] (every_eval_ever allows any number: "
                         f"choose a metric on that scale with --metric).{hint}")


def _label(record: dict) -> str:
    result_id = record.get("evaluation_result_id")
    return str(result_id) if result_id is not None else str(record["evaluation_name"])


def _epoch(record: dict) -> int | None:
    value = (record.get("metadata") or {}).get("epoch")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def read_every_eval_ever(path: str | Path, *, metric: str | None = None) -> pd.DataFrame:
    """Per-sample scores from an every_eval_ever instance-level file, without the package.

    Reads ``<uuid>_samples.jsonl`` (optionally gzipped) line by line, checks each record
    against the parts of the published schema (v0.3.0) the report uses, and returns one
    row per record of the chosen metric. The ``evaluation.score`` of each record is the
    item's score, and must lie in [0, 1] here (the schema allows any number).

    Parameters
    ----------
    path
        The instance-level JSON Lines file.
    metric
        Which metric to use when samples are scored several times: an
        ``evaluation_result_id`` (e.g. HELM's ``exact_match``) or, failing that, an
        ``evaluation_name`` (e.g. lm-eval's ``gsm8k/strict-match``). Default: all records,
        refused when one sample of one model is scored under more than one of them.

    Returns
    -------
    pandas.DataFrame
        Columns ``model`` (``model_id``), ``item`` (``sample_id``), ``task``
        (``evaluation_name``), ``metric`` (``evaluation_result_id``, else
        ``evaluation_name``), ``score``; ``epoch`` when every record's ``metadata`` has
        one (the Inspect converter writes it); then one column per ``metadata`` field
        (a possible ``--cluster``, named ``metadata_<field>`` if the name is taken).

    Raises
    ------
    analysis.report.readers.InputError
        Naming the file, the line and the field: a line that is not JSON, a required field
        missing, a score that is not a number or is outside [0, 1], an unknown ``metric``
        (the message lists those present), several metrics without ``metric``, a sample
        scored twice, or an aggregate log given instead of the samples file.

    Notes
    -----
    The item is the ``sample_id`` alone, so records of several evaluations are combined
    only when their sample ids differ; when they overlap, choose one with ``metric``.
    ``is_correct`` must be present (the schema requires it) but is not used: ``score`` is.

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> rec = {"schema_version": "0.3.0", "evaluation_id": "e", "model_id": "org/m",
    ...        "evaluation_name": "toy", "sample_id": "1", "interaction_type": "single_turn",
    ...        "input": {"raw": "1+1?", "reference": ["2"]}, "output": {"raw": ["2"]},
    ...        "answer_attribution": [], "evaluation": {"score": 1.0, "is_correct": True}}
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a_samples.jsonl"
    >>> _ = p.write_text(json.dumps(rec) + "\\n")
    >>> read_every_eval_ever(p)[["model", "item", "score"]].values.tolist()
    [['org/m', '1', 1.0]]
    """
    path = Path(path)
    if ".jsonl" not in path.name.lower() and is_every_eval_ever(path):
        _refuse_aggregate(path)
    records: list[tuple[int, dict]] = []
    try:
        with _open(path) as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path.name} line {number}: not JSON ({exc.msg}, column "
                                     f"{exc.colno})") from None
                records.append((number, record))
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise InputError(f"{path.name}: cannot be read as UTF-8 JSON Lines ({exc})") from None
    if not records:
        raise InputError(f"{path.name}: no samples (an every_eval_ever samples file has one "
                         "JSON object per line)")
    labels: dict[str, None] = {}
    for number, record in records:
        _check_record(record, f"{path.name} line {number}")
        labels.setdefault(_label(record), None)
    if metric is not None:
        by_id = [(n, r) for n, r in records if r.get("evaluation_result_id") is not None
                 and str(r["evaluation_result_id"]) == metric]
        chosen = by_id or [(n, r) for n, r in records if str(r["evaluation_name"]) == metric]
        if not chosen:
            names = sorted({str(r["evaluation_name"]) for _, r in records})
            raise InputError(f"{path.name}: no metric {metric!r}; the file has "
                             f"evaluation_result_id/evaluation_name {list(labels)} (evaluation "
                             f"names {names})")
        records = chosen
    epochs = [_epoch(r) for _, r in records]
    use_epoch = all(e is not None for e in epochs)
    if not use_epoch and any(e is not None for e in epochs):
        number = records[epochs.index(None)][0]
        raise InputError(f"{path.name} line {number}, field 'metadata.epoch': missing or not a "
                         "whole number, while other lines have one; give every line its epoch")
    seen: dict[tuple, tuple[int, str]] = {}
    for (number, record), epoch in zip(records, epochs, strict=True):
        key = (str(record["model_id"]), str(record["sample_id"])) + ((epoch,) if use_epoch else ())
        label = _label(record) if metric is None else metric
        if key in seen:
            first, other = seen[key]
            what = (f"model {key[0]!r} on sample {key[1]!r}"
                    + (f" in epoch {epoch}" if use_epoch else ""))
            if other != label:
                raise InputError(f"{path.name} lines {first} and {number} both score {what}, "
                                 f"under {other!r} and {label!r}: several metrics or "
                                 f"evaluations; choose one with --metric (metric=) from "
                                 f"{list(labels)}")
            raise InputError(f"{path.name} lines {first} and {number} both score {what} "
                             f"under {label!r}: remove the duplicate")
        seen[key] = (number, label)
    frame = pd.DataFrame({
        "model": [str(r["model_id"]) for _, r in records],
        "item": [str(r["sample_id"]) for _, r in records],
        "task": [str(r["evaluation_name"]) for _, r in records],
        "metric": [_label(r) for _, r in records],
        "score": [float(r["evaluation"]["score"]) for _, r in records],
    })
    if use_epoch:
        frame["epoch"] = epochs
    extra = [{k: v for k, v in (r.get("metadata") or {}).items()
              if isinstance(v, str | int | float | bool) and not (use_epoch and k == "epoch")}
             for _, r in records]
    meta = pd.DataFrame(extra, index=frame.index)
    meta.columns = [c if c not in frame.columns else f"metadata_{c}" for c in meta.columns]
    return frame.join(meta)
