"""METR task-level agent runs and published time-horizon summaries.

METR agent runs (a pre-publication February 2025 file: 7,063 runs on 83 tasks, 10 models
plus human baselines) with human task lengths, task messiness annotations, model release
dates, and METR's published 50%/80% time horizons with confidence intervals (Time
Horizon 1.0 and 1.1).
"""

from __future__ import annotations

import pandas as pd

from .._readers import (
    as_text,
    choose,
    parse_dates,
    read_csv,
    read_jsonl,
    read_yaml,
    snake_columns,
    to_number,
)
from .._registry import DatasetInfo, LoaderSpec, describe
from ..errors import DataError
from ..responses import ResponseMatrix, from_long

__all__ = ["INFO", "load_metr_time_horizon", "metr_time_horizon_responses"]

_METR = "metr-time-horizon"
_METR_TABLES = ("runs", "horizons", "doubling_times", "release_dates", "messiness",
                "messiness_tasks")


def load_metr_time_horizon(*, table: str = "runs", include_human: bool = True
                           ) -> pd.DataFrame:
    """METR time-horizon data: agent runs, official horizons, release dates, messiness.

    Parameters
    ----------
    table
        ``"runs"`` (default), ``"horizons"`` (official per-model p50/p80 horizons of
        METR-Horizon v1.0 and v1.1), ``"doubling_times"``, ``"release_dates"``,
        ``"messiness"`` (task realism annotations) or ``"messiness_tasks"``.
    include_human
        For ``"runs"``: keep the human baseline rows (``alias == "human"``).

    Returns
    -------
    pandas.DataFrame
        ``"runs"`` (7,063 runs of the February 2025 pre-paper file, one per agent run):

        - ``run_id`` (str), ``alias`` (str: public model name, e.g.
          ``"Claude 3.5 Sonnet (New)"``, ``"human"``), ``model`` (str: internal id).
        - ``task_id`` (str: ``family/task``), ``task_family`` (str).
        - ``score`` (float64): continuous task score.
        - ``score_binarized`` (float64): 0/1 success - the response of the logistic
          horizon fit.
        - ``human_minutes`` (float64): human time for the task (the x-axis of the fit).
        - ``human_score`` (float64), ``human_source`` (str: baseline / estimate / ...).
        - ``time_limit`` (float64, seconds), ``started_at``, ``completed_at``
          (datetime64, UTC, from milliseconds since the epoch).
        - ``fatal_error_from`` (str), ``dollar_equivalent``, ``total_tokens`` (float64).
        - ``equal_task_weight``, ``invsqrt_task_weight`` (float64): task-diversity
          weights (per run) used by METR's fits.

        ``"horizons"``: ``version`` (``"1.0"``/``"1.1"``), ``model`` (METR key),
        ``release_date`` (datetime64), ``p50_minutes``, ``p50_ci_low``, ``p50_ci_high``,
        ``p80_minutes``, ``p80_ci_low``, ``p80_ci_high`` (float64, minutes),
        ``average_score`` (float64), ``is_sota`` (bool), ``usage_usd``,
        ``working_time`` (float64).

        ``"doubling_times"``: ``version``, ``fit``, ``estimate_days``, ``ci_low_days``,
        ``ci_high_days`` (float64).

        ``"release_dates"``: ``alias``, ``release_date`` (datetime64), ``file``
        (``release_dates.yaml`` current, ``release_dates_2025-02.yaml`` for the runs file).

        ``"messiness"``: the 3,874 upstream annotation records with snake_case columns
        (``label_id``, ``task_id``, ``task_family``, ``labeller``,
        ``is_label_record_done`` and ``is_record_trash`` as bool, the 0/1 factor columns
        as float64, ...). ``"messiness_tasks"``: 142 tasks with snake_case columns.

    Notes
    -----
    ``all_runs.jsonl`` is the **pre-publication February 2025 version** (83 tasks, 10
    models + human; no SWAA tasks): fits on it will not reproduce the paper's headline
    numbers. Use ``"horizons"`` for the official values. Only messiness records with
    ``is_label_record_done`` true (and not trash) should be analysed.
    """
    choose("table", table, _METR_TABLES)
    if table == "runs":
        path = "all_runs.jsonl"
        cols = ["run_id", "alias", "model", "task_id", "task_family", "score",
                "score_binarized", "human_minutes", "human_score", "human_source",
                "time_limit", "started_at", "completed_at", "fatal_error_from",
                "dollar_equivalent", "total_tokens", "equal_task_weight",
                "invsqrt_task_weight"]
        raw = read_jsonl(_METR, path, cols)
        out = raw[cols].copy()
        for c in ("score", "score_binarized", "human_minutes", "human_score", "time_limit",
                  "dollar_equivalent", "total_tokens", "equal_task_weight",
                  "invsqrt_task_weight"):
            out[c] = to_number(out[c], dataset=_METR, path=path, column=c)
        for c in ("started_at", "completed_at"):
            out[c] = pd.to_datetime(to_number(out[c], dataset=_METR, path=path, column=c),
                                    unit="ms", utc=True)
        for c in ("run_id", "alias", "model", "task_id", "task_family", "human_source",
                  "fatal_error_from"):
            out[c] = as_text(out[c])
        if not include_human:
            out = out[out["alias"] != "human"]
        return out.reset_index(drop=True)
    if table in ("horizons", "doubling_times"):
        return _metr_yaml(table)
    if table == "release_dates":
        parts = []
        for path in ("release_dates.yaml", "release_dates_2025-02.yaml"):
            data = read_yaml(_METR, path)
            if not isinstance(data, dict) or "date" not in data:
                raise DataError(f"{_METR}/{path}: expected a top-level 'date' mapping")
            dates = pd.Series(data["date"], dtype=object).astype(str)
            parts.append(pd.DataFrame({
                "alias": dates.index.astype(object),
                "release_date": parse_dates(dates, "%Y-%m-%d", dataset=_METR, path=path,
                                            column="date").to_numpy(),
                "file": path,
            }))
        return pd.concat(parts, ignore_index=True)
    if table == "messiness_tasks":
        path = "messiness_tasks.csv"
        raw = read_csv(_METR, path, ["task_id", "task_family", "in_original_test_set",
                                     "in_expanded_test_set"], dtype=str)
        out = snake_columns(raw)
        for c in ("in_original_test_set", "in_expanded_test_set"):
            out[c] = out[c].str.strip().str.upper().eq("TRUE")
        for c in ("internet_access", "compressed_task_image_size"):
            if c in out:
                out[c] = to_number(out[c], dataset=_METR, path=path, column=c)
        return out
    path = "messiness.csv"
    raw = read_csv(_METR, path, ["task id", "task family", "labeller",
                                 "is label record done"], dtype=str)
    out = snake_columns(raw)
    text_cols = {"task_id", "task_family", "date_done", "labeller"}
    for c in out.columns:
        if c in text_cols:
            out[c] = out[c].astype(object)
            continue
        upper = out[c].str.strip().str.upper()
        if upper.dropna().isin(["TRUE", "FALSE"]).all() and upper.notna().any():
            out[c] = upper.eq("TRUE")
        else:
            num = pd.to_numeric(out[c].str.strip(), errors="coerce").astype("float64")
            if (num.notna() | out[c].isna()).all():
                out[c] = num
            else:
                out[c] = out[c].astype(object)
    return out


def _metr_yaml(table: str) -> pd.DataFrame:
    rows, doubling = [], []
    for version, path in (("1.0", "benchmark_results_1_0.yaml"),
                          ("1.1", "benchmark_results_1_1.yaml")):
        data = read_yaml(_METR, path)
        if not isinstance(data, dict) or "results" not in data:
            raise DataError(f"{_METR}/{path}: expected a top-level 'results' mapping")
        for fit, d in (data.get("doubling_time_in_days") or {}).items():
            doubling.append({"version": version, "fit": fit,
                             "estimate_days": d.get("point_estimate"),
                             "ci_low_days": d.get("ci_low"), "ci_high_days": d.get("ci_high")})
        for model, entry in data["results"].items():  # a few dozen models per file
            metrics = entry.get("metrics")
            if not isinstance(metrics, dict) or "p50_horizon_length" not in metrics:
                raise DataError(f"{_METR}/{path}: model {model!r} lacks "
                                f"metrics.p50_horizon_length")
            p50, p80 = metrics["p50_horizon_length"], metrics.get("p80_horizon_length") or {}
            usage = metrics.get("usage") or {}
            rows.append({
                "version": version, "model": model,
                "release_date": str(entry.get("release_date") or ""),
                "p50_minutes": p50.get("estimate"), "p50_ci_low": p50.get("ci_low"),
                "p50_ci_high": p50.get("ci_high"),
                "p80_minutes": p80.get("estimate"), "p80_ci_low": p80.get("ci_low"),
                "p80_ci_high": p80.get("ci_high"),
                "average_score": (metrics.get("average_score") or {}).get("estimate"),
                "is_sota": bool(metrics.get("is_sota", False)),
                "usage_usd": usage.get("usd"), "working_time": usage.get("working_time"),
            })
    if table == "doubling_times":
        out = pd.DataFrame(doubling, columns=["version", "fit", "estimate_days", "ci_low_days",
                                              "ci_high_days"])
        return out.astype({c: "float64" for c in out.columns[2:]})
    out = pd.DataFrame(rows)
    num = [c for c in out.columns if c not in ("version", "model", "release_date", "is_sota")]
    out[num] = out[num].astype("float64")
    out["release_date"] = parse_dates(out["release_date"], "%Y-%m-%d", dataset=_METR,
                                      path="benchmark_results_*.yaml", column="release_date")
    return out


def metr_time_horizon_responses(*, include_human: bool = False) -> ResponseMatrix:
    """The :class:`~analysis.data.ResponseMatrix` of the METR agent runs.

    Model = agent (``alias``), item = task (``task_id``), one run per row of the
    February 2025 runs file (``run`` = ``run_id``); a cell is the agent's mean 0/1 success
    (``score_binarized``) over its runs of the task. Item metadata: ``cluster`` (the task
    family: tasks of a family share an environment), ``human_minutes`` (the mean human
    time, the x-axis of the horizon fits). ``.runs`` keeps every run.

    Parameters
    ----------
    include_human
        Keep the human baseline as a "model" (default False).

    Notes
    -----
    Not every agent ran every task: missing cells are NaN (``has_missing``). METR's
    task-diversity weights vary per run, so they are left in :func:`load_metr_time_horizon`
    rather than put on the items.

    Example
    -------
    >>> from analysis import data
    >>> data.metr_time_horizon_responses().n_items  # doctest: +SKIP
    83
    """
    runs = load_metr_time_horizon(table="runs", include_human=include_human)
    human = runs.groupby("task_id", sort=False)["human_minutes"].transform("mean")
    return from_long(runs.assign(human_minutes=human), model="alias", item="task_id",
                     score="score_binarized", cluster="task_family", run="run_id",
                     item_columns=["human_minutes"], missing="allow",
                     name="metr-time-horizon/runs")


INFO = DatasetInfo(
    name="metr-time-horizon",
    **describe(__doc__),
    license="none (cite, never redistribute)",
    license_note=(
        "Neither METR/eval-analysis-public nor IAPS-AI/METR-Time-Horizons has a license file; "
        "METR asks for citation. The run file is not the one behind the paper's headline "
        "numbers."
    ),
    citation=(
        "T. Kwa, B. West, J. Becker, A. Deng, K. Garcia, M. Hasin, S. Jawhar, M. Kinniment, "
        "N. Rush, S. Von Arx, et al. Measuring AI Ability to Complete Long Tasks. "
        "arXiv:2503.14499, 2025."
    ),
    bibkey="kwa2025measuring",
    related_bibkeys=(),
    loader="load_metr_time_horizon",
    responses="metr_time_horizon_responses",
    loaders=(
        LoaderSpec("load_metr_time_horizon", "table", {
            "runs": ("run_id",), "horizons": ("version", "model"),
            "doubling_times": ("version", "fit"), "release_dates": ("file", "alias"),
            "messiness": (), "messiness_tasks": ("task_id",)}),
    ),
)
