"""Reliability reports for a researcher's own per-item results (``python -m analysis report``).

One call, or one command, turns a long table of per-item scores (CSV, TSV, Parquet; an
lm-evaluation-harness samples log; an Inspect log; an every_eval_ever instance-level log)
into a self-contained HTML page and,
optionally, JSON: each model's score with the interval the book's coverage study
recommends (CR2 clustered errors when items share clusters; normal, Wilson or exact
Clopper–Pearson for 0/1 items by the number of right and wrong answers); every pair of
models compared on the same items with Holm-adjusted p-values; statistically tied tiers
and bootstrap rank intervals (seeded); run-to-run variance when items were run several
times; how many items would separate the closest models; item statistics (classical, and
a 2PL IRT fit with 20 or more models); and a plain-language summary built from those
numbers. Bad input is refused with a message naming the row and column at fault.

Example
-------
>>> import pandas as pd
>>> from analysis.report import make_report
>>> rows = pd.DataFrame({"model": ["a"] * 6 + ["b"] * 6, "question_id": list(range(6)) * 2,
...                      "correct": [1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0]})
>>> report = make_report(rows, progress=False)
>>> report.models.index.tolist()
['a', 'b']
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .analyse import IRT_MIN_MODELS, Report, analyse, choose_intervals, item_statistics
from .readers import (
    CANDIDATES,
    Columns,
    InputError,
    Source,
    detect_columns,
    read_any,
    read_inspect_log,
    read_lm_eval_samples,
    to_matrix,
)

__all__ = [
    "CANDIDATES",
    "IRT_MIN_MODELS",
    "Columns",
    "InputError",
    "Report",
    "analyse",
    "choose_intervals",
    "detect_columns",
    "item_statistics",
    "load_results",
    "make_report",
    "read_inspect_log",
    "read_lm_eval_samples",
]

_STEPS = ["reading", "intervals", "paired comparisons", "bootstrap ranks", "sample sizes",
          "run-to-run variance", "item statistics", "IRT fit", "writing"]


def load_results(results: pd.DataFrame | str | Path | Sequence[str | Path], *, fmt: str = "auto",
                 metric: str | None = None, model_name: str | None = None,
                 common_items: bool = False, **columns: str | None):
    """Read results and build the response matrix; return ``(matrix, columns, notes, source)``.

    ``columns`` names roles explicitly (``model=``, ``item=``, ``score=``, ``cluster=``,
    ``run=``); the others are detected (see :func:`detect_columns`).

    Raises
    ------
    InputError
        Bad input, with the row and column at fault.
    """
    if isinstance(results, pd.DataFrame):
        source = Source(results, "the table", "table")
    else:
        paths = [results] if isinstance(results, str | Path) else list(results)
        source = read_any(paths, fmt=fmt, metric=metric, model_name=model_name)
    chosen = detect_columns(source, **columns)
    matrix, notes = to_matrix(source, chosen, common_items=common_items, name=source.label)
    return matrix, chosen, notes, source


def _check_writable(path: str | Path | None, force: bool) -> None:
    if path is None or str(path) == "-":
        return
    if Path(path).exists() and not force:
        raise FileExistsError(f"{path} exists; pass --force (force=True) to overwrite it")


def make_report(
    results: pd.DataFrame | str | Path | Sequence[str | Path],
    *,
    output: str | Path | None = None,
    json_path: str | Path | None = None,
    force: bool = False,
    model: str | None = None,
    item: str | None = None,
    score: str | None = None,
    cluster: str | None = None,
    run: str | None = None,
    fmt: str = "auto",
    metric: str | None = None,
    model_name: str | None = None,
    common_items: bool = False,
    seed: int = 0,
    n_resamples: int = 2000,
    confidence: float = 0.95,
    irt: bool | None = None,
    title: str | None = None,
    progress: bool = True,
    engine: str = "memory",
    resampling: str = "multinomial",
    scheduler: str | None = None,
) -> Report:
    """Analyse per-item results and optionally write the HTML report and JSON numbers.

    Parameters
    ----------
    results
        A long :class:`pandas.DataFrame`, or the path(s) of CSV/TSV/Parquet tables,
        lm-evaluation-harness samples ``.jsonl`` files, Inspect ``.eval``/``.json`` logs or
        every_eval_ever ``<uuid>_samples.jsonl`` instance-level logs.
    output, json_path
        Where to write the HTML page and the JSON numbers (``"-"``: stdout); ``None``:
        not written. Existing files are refused unless ``force=True``.
    model, item, score, cluster, run
        Column names (default: detected; ``""`` for cluster or run turns detection off).
    fmt, metric, model_name
        Input kind (``"auto"``, ``"table"``, ``"lm-eval"``, ``"inspect"``, ``"eee"``), the metric or
        scorer of a log, and the model name for lm-eval samples.
    common_items
        Keep only the items every model was scored on (default: refuse missing cells).
    seed, n_resamples
        Seed of the :class:`numpy.random.Generator` and number of bootstrap resamples.
    confidence
        Interval coverage.
    irt
        Force the 2PL section on or off (default: 0/1 scores and at least
        :data:`IRT_MIN_MODELS` models).
    title
        Title of the page.
    progress
        Show a progress bar (tqdm, on stderr).
    engine
        ``"memory"`` (default): the whole report from the models x items matrix.
        ``"dask"``: ``results`` is one Parquet file or folder (partitioned dataset) of
        scores in [0, 1], read with Dask on a local cluster or the one at ``scheduler``: scores,
        intervals, rank intervals, paired comparisons, tiers and closest pairs, without the
        item statistics and the IRT fit
        (:func:`analysis.report.engine_dask.analyse_dataset`), with the same numbers as the
        in-memory engine with ``resampling="poisson"``.
    resampling
        In-memory bootstrap: ``"multinomial"`` (default) or ``"poisson"`` (the weights the
        Dask engine uses; see :func:`analysis.report.analyse`).
    scheduler
        Address of a Dask scheduler (``engine="dask"``; default: a local cluster).

    Returns
    -------
    Report

    Raises
    ------
    InputError
        Bad input (the row and column at fault are named).
    FileExistsError
        An output file exists and ``force`` is False.
    """
    from .. import __version__

    _check_writable(output, force)
    _check_writable(json_path, force)
    if engine not in ("memory", "dask"):
        raise InputError(f"engine must be 'memory' or 'dask'; got {engine!r}")
    if engine == "dask":
        return _dask_report(results, output=output, json_path=json_path, title=title,
                            seed=seed, n_resamples=n_resamples, confidence=confidence,
                            scheduler=scheduler, model=model, item=item, score=score,
                            cluster=cluster, run=run)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(_STEPS), desc="report", unit="step", leave=False, file=sys.stderr,
                   disable=None)  # off when stderr is not a terminal

    def step(name: str) -> None:
        if bar is not None:
            bar.set_postfix_str(name)
            bar.update(1)

    try:
        step("reading")
        matrix, chosen, notes, source = load_results(
            results, fmt=fmt, metric=metric, model_name=model_name, common_items=common_items,
            model=model, item=item, score=score, cluster=cluster, run=run)
        meta: dict[str, Any] = {
            "source": source.label, "kind": source.kind, "version": __version__, "title": title,
            "columns": {r: getattr(chosen, r) for r in ("model", "item", "score", "cluster", "run")},
            "column_choice": chosen.how, "n_rows": len(source.frame),
            "dropped_items": notes["dropped_items"]}
        report = analyse(matrix, seed=seed, n_resamples=n_resamples, confidence=confidence,
                         irt=irt, step=step, meta=meta, resampling=resampling)
        if notes["dropped_items"]:
            report.notes.insert(0, f"{notes['dropped_items']:,} items not scored for every "
                                "model were left out (--common-items).")
        step("writing")
        _write(report, output, json_path)
    finally:
        if bar is not None:
            bar.close()
    return report


def _write(report: Report, output: str | Path | None, json_path: str | Path | None) -> None:
    if output is not None:
        Path(output).write_text(report.to_html(), encoding="utf-8")
    if json_path is not None:
        text = report.to_json()
        if str(json_path) == "-":
            print(text)
        else:
            Path(json_path).write_text(text + "\n", encoding="utf-8")


def _dask_report(results: Any, *, output: Any, json_path: Any, title: str | None,
                 **options: Any) -> Report:
    from .. import __version__
    from .engine_dask import analyse_dataset

    paths = [results] if isinstance(results, str | Path) else results
    if isinstance(paths, pd.DataFrame) or len(paths) != 1:
        raise InputError("engine='dask' reads one Parquet file or one folder of Parquet files "
                         "(a partitioned dataset); pass its path")
    report = analyse_dataset(paths[0], meta={"title": title, "version": __version__}, **options)
    _write(report, output, json_path)
    return report
