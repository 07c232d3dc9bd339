"""Epoch AI Benchmarking Hub runs + curated external leaderboards.

Epoch AI Benchmarking Hub runs (GPQA diamond, MATH level 5, OTIS Mock AIME,
FrontierMath, SWE-bench Verified; with standard errors and reasoning-effort variants),
37 external leaderboards Epoch collected, and release dates of 574 model versions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from .._readers import (
    choose,
    parse_dates,
    read_csv,
    registered_paths,
    to_number,
)
from .._registry import DatasetInfo, LoaderSpec, describe
from ..errors import DataError

__all__ = ["INFO", "EPOCH_EXTERNAL_METRICS", "load_epoch_benchmarks"]

_EP = "epoch-benchmarks"
_EPOCH_EFFORT = re.compile(r"_(minimal|low|medium|high|xhigh)$")
#: External benchmark -> its headline score column (the metric kept by the loader).
EPOCH_EXTERNAL_METRICS: dict[str, str] = {
    "aider_polyglot": "Percent correct", "anli": "Score", "arc_agi": "Score",
    "arc_ai2": "Challenge score", "balrog": "Average progress", "bbh": "Average",
    "boolq": "Score", "cadeval": "Overall pass (%)", "csqa2": "Score",
    "cybench": "Unguided % Solved", "deepresearch": "Average score",
    "factorio_learning_environment": "Lab Success %", "fictionlivebench": "16k token score",
    "geobench": "ACW Country %", "gsm8k": "EM", "gso_bench": "Score OPT@1",
    "hellaswag": "Overall accuracy", "lambada": "Score", "lech_mazur_writing": "Mean score",
    "livebench": "Global average", "mcbench": "ELO", "metr": "Time horizon", "mmlu": "EM",
    "openbookqa": "Accuracy", "os_world": "Score", "osuniverse": "Weighted Score",
    "piqa": "Score", "scienceqa": "Score", "simple_bench": "Score (AVG@5)",
    "superglue": "Score", "terminal_bench": "Accuracy mean",
    "the_agent_company": "% Score", "triviaqa": "EM", "videomme": "Overall (no subtitles)",
    "vpct": "Correct", "weirdml": "Accuracy", "winogrande": "Accuracy",
}
_EPOCH_TABLES = ("runs", "external", "models", "benchmarks", "distilled")


def _epoch_csv(path: str, required: Sequence[str] = (), **kwargs) -> pd.DataFrame:
    return read_csv(_EP, path, required, encoding="utf-8-sig", **kwargs)


def _percent_aware(values: pd.Series, *, path: str, column: str) -> pd.Series:
    """Numbers; values written with ``%`` (or in a percent-named column) -> fractions."""
    text = values.astype("string").str.strip()
    has_pct = text.str.endswith("%").fillna(False)
    num = to_number(text, dataset=_EP, path=path, column=column, na=("", "-", "N/A", "nan"))
    if "%" in column or "percent" in column.lower():
        return num / 100.0
    return num.where(~has_pct, num / 100.0)


def load_epoch_benchmarks(*, table: str = "runs") -> pd.DataFrame:
    """Epoch AI benchmark data (benchmark-stitching repository, Dec 2025).

    Parameters
    ----------
    table
        ``"runs"`` (default; Epoch's own Benchmarking Hub runs), ``"external"`` (37
        curated external leaderboards, headline metric only), ``"models"`` (model
        versions with release dates), ``"benchmarks"`` (benchmark metadata) or
        ``"distilled"``.

    Returns
    -------
    pandas.DataFrame
        ``"runs"`` (541 rows, one per evaluation run):

        - ``run_id`` (str), ``task`` (str: e.g. ``"GPQA diamond"``, ``"MATH level 5"``,
          ``"FrontierMath-2025-02-28-Private"``, ``"SWE-Bench verified"``).
        - ``model`` (str): model-version id including any reasoning-effort suffix
          (``"o3-2025-04-16_high"``).
        - ``model_version`` (str): ``model`` without the effort suffix (join key of
          ``"models"``); ``reasoning_effort`` (str: minimal/low/medium/high/xhigh, or
          missing).
        - ``score`` (float64): best score across scorers, a fraction in [0, 1].
        - ``scorer`` (str), ``scorer_mean``, ``stderr`` (float64): the scorer whose mean
          (as printed, 2 decimals) is closest to ``score`` and its standard error.
        - ``scores`` (str): upstream ``Scores`` text (``"choice:0.85±0.02"``, ...).
        - ``started_at`` (datetime64), ``status``, ``manual_evaluation``, ``task_version``.
        - ``release_date`` (datetime64): of ``model_version`` (from ``"models"``; NaT
          when unknown).

        ``"external"``: ``benchmark`` (file name part, e.g. ``"mmlu"``, ``"metr"``),
        ``model_version``, ``metric`` (the headline column, see
        :data:`EPOCH_EXTERNAL_METRICS`), ``score`` (float64), ``source``,
        ``source_link``, ``notes``. Percentages (values written with ``%`` or columns
        named with ``%``/"Percent") are converted to fractions; other metrics keep their
        units (METR time horizon in minutes, MC-Bench Elo, LiveBench and OSWorld
        percentages written without ``%``, Lech Mazur writing 0-10; the rest fractions).

        ``"models"`` (574 rows): ``model_version`` (id), ``model``, ``release_date``
        (datetime64), ``hugging_face_id``, ``link``, ``notes``, ``display_name``.

        ``"benchmarks"`` (42 rows): ``benchmark``, ``optimized_for``, ``is_coding``,
        ``is_math`` (bool), ``benchmark_release_date`` (datetime64), ``source``.

        ``"distilled"`` (170 rows): ``model_version``, ``distilled`` (bool),
        ``confidence``, ``notes``.

    Notes
    -----
    Several files start with a UTF-8 byte-order mark and are read with ``utf-8-sig``.
    External rows without a model version or a headline score are dropped. Scores from
    different sources on one external benchmark may use different protocols (shots,
    scaffolds): check ``source``.
    """
    choose("table", table, _EPOCH_TABLES)
    if table == "models":
        return _epoch_models()
    if table == "benchmarks":
        path = "benchmark_optim.csv"
        raw = _epoch_csv(path, ["benchmark", "optimized_for", "is_coding", "is_math",
                                "benchmark_release_date", "source"], dtype=str)
        out = raw[["benchmark"]].astype(object).copy()
        for c in ("optimized_for", "is_coding", "is_math"):
            out[c] = raw[c].str.strip().str.upper().eq("TRUE")
        out["benchmark_release_date"] = parse_dates(raw["benchmark_release_date"], "%Y/%m/%d",
                                                    dataset=_EP, path=path,
                                                    column="benchmark_release_date")
        out["source"] = raw["source"].astype(object)
        return out
    if table == "distilled":
        path = "distilled_models.csv"
        raw = _epoch_csv(path, ["model", "distilled", "confidence", "notes"], dtype=str)
        return pd.DataFrame({"model_version": raw["model"].astype(object),
                             "distilled": raw["distilled"].str.strip().str.upper().eq("TRUE"),
                             "confidence": raw["confidence"].astype(object),
                             "notes": raw["notes"].astype(object)})
    if table == "external":
        parts = []
        for path in registered_paths(_EP, prefix="external_benchmark_", suffix=".csv"):
            name = path.removeprefix("external_benchmark_").removesuffix(".csv")
            if name not in EPOCH_EXTERNAL_METRICS:
                raise DataError(f"{_EP}/{path}: no headline metric is known for benchmark "
                                f"{name!r}; add it to EPOCH_EXTERNAL_METRICS")
            metric = EPOCH_EXTERNAL_METRICS[name]
            raw = _epoch_csv(path, ["Model version", metric], dtype=str)
            link = next((c for c in raw.columns if c.startswith("Source link")), None)
            notes = next((c for c in raw.columns if c.startswith("Notes")), None)
            parts.append(pd.DataFrame({
                "benchmark": name,
                "model_version": raw["Model version"].astype(object),
                "metric": metric,
                "score": _percent_aware(raw[metric], path=path, column=metric),
                "source": raw["Source"].astype(object) if "Source" in raw else None,
                "source_link": raw[link].astype(object) if link else None,
                "notes": raw[notes].astype(object) if notes else None,
            }))
        out = pd.concat(parts, ignore_index=True)
        out = out[out["model_version"].notna() & out["score"].notna()]
        return out.reset_index(drop=True)
    path = "benchmarks_runs.csv"
    cols = ["id", "task", "model", "Best score (across scorers)", "Scores", "started_at",
            "Status", "Manual evaluation", "task version"]
    raw = _epoch_csv(path, cols)
    score = to_number(raw["Best score (across scorers)"], dataset=_EP, path=path,
                      column="Best score (across scorers)")
    parts = raw["Scores"].astype("string").str.extractall(
        r"(?P<scorer>[^:,]+):(?P<mean>[-0-9.e]+)±(?P<se>[-0-9.e]+)")
    parts["mean"] = pd.to_numeric(parts["mean"]).astype("float64")
    parts["se"] = pd.to_numeric(parts["se"]).astype("float64")
    row = parts.index.get_level_values(0)
    parts["dist"] = (parts["mean"].to_numpy() - score.to_numpy()[row]).__abs__()
    best = parts.reset_index().sort_values(["level_0", "dist", "match"]).drop_duplicates(
        "level_0").set_index("level_0")
    model = raw["model"].astype("string")
    effort = model.str.extract(_EPOCH_EFFORT)[0]
    version = model.str.replace(_EPOCH_EFFORT, "", regex=True)
    models = _epoch_models().drop_duplicates("model_version").set_index("model_version")
    out = pd.DataFrame({
        "run_id": raw["id"].astype(object),
        "task": raw["task"].astype(object),
        "model": model.astype(object),
        "model_version": version.astype(object),
        "reasoning_effort": effort.astype(object).where(effort.notna(), None),
        "score": score,
        "scorer": best["scorer"].reindex(raw.index).astype(object),
        "scorer_mean": best["mean"].reindex(raw.index).astype("float64"),
        "stderr": best["se"].reindex(raw.index).astype("float64"),
        "scores": raw["Scores"].astype(object),
        "started_at": parse_dates(raw["started_at"], "%d %B %Y %I:%M%p", dataset=_EP,
                                  path=path, column="started_at"),
        "status": raw["Status"].astype(object),
        "manual_evaluation": raw["Manual evaluation"].astype(object),
        "task_version": raw["task version"].astype(object),
    })
    out["release_date"] = out["model_version"].map(models["release_date"])
    out["release_date"] = pd.to_datetime(out["release_date"])
    return out


def _epoch_models() -> pd.DataFrame:
    path = "model_versions.csv"
    raw = _epoch_csv(path, ["id", "Model", "Version release date", "Hugging Face developer id",
                            "Link", "Notes", "Display name"], dtype=str)
    return pd.DataFrame({
        "model_version": raw["id"].astype(object),
        "model": raw["Model"].astype(object),
        "release_date": parse_dates(raw["Version release date"], "%Y-%m-%d", dataset=_EP,
                                    path=path, column="Version release date"),
        "hugging_face_id": raw["Hugging Face developer id"].astype(object),
        "link": raw["Link"].astype(object),
        "notes": raw["Notes"].astype(object),
        "display_name": raw["Display name"].astype(object),
    })


INFO = DatasetInfo(
    name="epoch-benchmarks",
    **describe(__doc__),
    license="MIT",
    license_note=(
        "Repository LICENSE is MIT (Copyright 2025 Epoch AI). Epoch's website states its "
        "Benchmarking Hub data are CC BY 4.0 (not verified from the repository): cite Epoch "
        "AI."
    ),
    citation=(
        "Epoch AI. A Rosetta Stone for AI Benchmarks. 2025. https://github.com/epoch-"
        "research/benchmark-stitching."
    ),
    bibkey="epoch2025rosetta",
    related_bibkeys=(),
    loader="load_epoch_benchmarks",
    loaders=(
        LoaderSpec("load_epoch_benchmarks", "table", {
            "runs": ("run_id",), "external": (), "models": ("model_version",),
            "benchmarks": ("benchmark",), "distilled": ()}),
    ),
)
