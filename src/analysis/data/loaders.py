"""One loader per registered dataset: each returns a tidy :class:`pandas.DataFrame`.

Every loader reads the registered files through :func:`analysis.data.fetch` (via the
helpers of :mod:`analysis.data.loaders_common`), so it works from the verified cache or
from ``ANALYSIS_DATA_DIR``. Column names are snake_case; numeric columns are float64
unless documented otherwise (0/1 response data are ``uint8``); dates are ``datetime64``.
When an upstream file no longer has a column a loader needs, the loader raises
:class:`~analysis.data.DataError` naming the file and the missing columns. Options are
keyword arguments validated against the valid choices (unknown names raise ValueError).

The ImageNet testbed and ImageNetV2 loaders live in :mod:`analysis.data.imagenet_testbed`
and :mod:`analysis.data.imagenetv2`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from . import loaders_common as _common
from .errors import DataError
from .loaders_common import (
    check_columns,
    choose,
    long_from_wide,
    parse_dates,
    read_csv,
    read_json,
    read_jsonl,
    read_yaml,
    registered_paths,
    snake,
    to_number,
)

__all__ = [
    "load_aiid",
    "load_benchbench_ibm",
    "load_benchbench_zhang_hardt",
    "load_benchrisk",
    "load_chembench_irt",
    "load_cifar10_1",
    "cifar10_1_matrix",
    "load_correlated_errors",
    "load_epoch_benchmarks",
    "load_gsm1k",
    "load_metr_time_horizon",
    "load_nlu_irt",
    "nlu_irt_matrix",
    "load_obsscaling",
    "load_safetywashing",
]


def _snake_columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={c: snake(c) for c in frame.columns})


def _json_list_to_text(values: pd.Series) -> pd.Series:
    """``'["a","b"]'`` -> ``'a; b'`` (vectorised string operations; empty list -> NA)."""
    text = (values.astype("string").str.strip().str.removeprefix("[").str.removesuffix("]")
            .str.replace('"', "", regex=False).str.replace(",", "; ", regex=False))
    return text.mask(text == "").astype(object)


# ----------------------------------------------------------------------------------- aiid

_AIID_TABLES = {
    "incidents": "incidents.csv",
    "mit": "classifications_MIT.csv",
    "gmf": "classifications_GMF.csv",
    "cset": "classifications_CSETv1.csv",
    "duplicates": "duplicates.csv",
}


def load_aiid(*, table: str = "incidents") -> pd.DataFrame:
    """The AI Incident Database snapshot (early 2026): incidents and their classifications.

    Parameters
    ----------
    table
        ``"incidents"`` (default), ``"mit"`` (MIT AI Risk Repository taxonomy), ``"gmf"``
        (Goals, Methods, Failures), ``"cset"`` (CSET AI harm taxonomy v1) or
        ``"duplicates"``.

    Returns
    -------
    pandas.DataFrame
        ``"incidents"`` (1,367 rows, one per incident, sorted by ``incident_id``):

        - ``incident_id`` (int64): AIID incident number (unique).
        - ``date`` (datetime64): date of the incident.
        - ``title``, ``description`` (str).
        - ``n_reports`` (int64): number of news reports linked to the incident.
        - ``report_ids`` (str): the report numbers, ``"; "``-separated.
        - ``deployers``, ``developers``, ``harmed_parties`` (str): entity slugs of the
          alleged deployers, developers and harmed or nearly harmed parties,
          ``"; "``-separated (missing when the list is empty).

        ``"mit"`` (1,242 rows): ``incident_id``, ``published`` (bool), ``risk_domain``
        (7 domains, e.g. ``"1. Discrimination and Toxicity"``), ``risk_subdomain``,
        ``entity`` (AI / Human / Other), ``timing`` (Pre-/Post-deployment), ``intent``.

        ``"gmf"`` (326 rows) and ``"cset"`` (214 rows): ``incident_id`` then every
        upstream column, snake_cased (e.g. ``known_ai_goal``, ``known_ai_technical_failure``;
        ``harm_domain``, ``tangible_harm``, ``ai_harm_level``, ``sector_of_deployment``),
        as text except ``incident_id``. The taxonomy namespace column is dropped.

        ``"duplicates"`` (13 rows): ``duplicate_incident_id``, ``true_incident_id``.

    Notes
    -----
    CC BY-SA 4.0: tables derived from this data and published must carry the same
    license and attribute the AI Incident Database. Incident counts over time reflect
    reporting and curation effort, not only the rate of incidents. The news reports
    themselves are not in the snapshot. In the CSET table the upstream header repeats
    ``AI System`` and ``Clear link to technology``; the repeats become ``ai_system_1`` and
    ``clear_link_to_technology_1`` (pandas de-duplication, then snake_case).
    """
    choose("AIID table", table, _AIID_TABLES)
    ds, path = "aiid", _AIID_TABLES[table]
    if table == "incidents":
        cols = ["incident_id", "date", "reports", "Alleged deployer of AI system",
                "Alleged developer of AI system", "Alleged harmed or nearly harmed parties",
                "description", "title"]
        raw = read_csv(ds, path, cols)
        reports = _json_list_to_text(raw["reports"])
        out = pd.DataFrame({
            "incident_id": raw["incident_id"].astype("int64"),
            "date": parse_dates(raw["date"], "%Y-%m-%d", dataset=ds, path=path, column="date"),
            "title": raw["title"].astype(object),
            "description": raw["description"].astype(object),
            "n_reports": (reports.str.count(";").add(1).where(reports.notna(), 0)
                          .astype("int64")),
            "report_ids": reports,
            "deployers": _json_list_to_text(raw["Alleged deployer of AI system"]),
            "developers": _json_list_to_text(raw["Alleged developer of AI system"]),
            "harmed_parties": _json_list_to_text(raw["Alleged harmed or nearly harmed parties"]),
        })
        return out.sort_values("incident_id").reset_index(drop=True)
    if table == "duplicates":
        raw = read_csv(ds, path, ["duplicate_incident_number", "true_incident_number"])
        return pd.DataFrame({
            "duplicate_incident_id": raw["duplicate_incident_number"].astype("int64"),
            "true_incident_id": raw["true_incident_number"].astype("int64"),
        })
    required = ["Incident ID"]
    if table == "mit":
        required += ["Published", "Risk Domain", "Risk Subdomain", "Entity", "Timing", "Intent"]
    raw = read_csv(ds, path, required, dtype=str if table == "cset" else None)
    out = _snake_columns(raw.drop(columns=["Namespace"], errors="ignore"))
    out["incident_id"] = to_number(out["incident_id"], dataset=ds, path=path,
                                   column="Incident ID").astype("int64")
    if "published" in out and not pd.api.types.is_bool_dtype(out["published"]):
        out["published"] = out["published"].astype("string").str.lower().eq("true")
    return out.sort_values("incident_id", kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------------- benchbench-ibm

_IBM = "benchbench-ibm"
_IBM_FILE = re.compile(r"^(?P<folder>benchmarks(?:_old)?)/(?P<stem>.+)\.csv$")
_IBM_STEM = re.compile(r"^(?P<source>.+?)_(?P<date>\d{4,6})(?:_(?P<rest>.*))?$")


def load_benchbench_ibm(*, snapshots: str = "current") -> pd.DataFrame:
    """Leaderboard snapshots collected by IBM BenchBench (2024), one row per score.

    Parameters
    ----------
    snapshots
        ``"current"`` (default: the 40 files of upstream ``benchmarks/``, the set the
        BenchBench app uses), ``"old"`` (the 22 older snapshots in ``benchmarks_old/``)
        or ``"all"``.

    Returns
    -------
    pandas.DataFrame
        Long table, one row per (file, model, scenario) with a score:

        - ``file`` (str): registered file stem, e.g. ``"helm_lite_240829_holistic"``.
        - ``folder`` (str): ``"benchmarks"`` or ``"benchmarks_old"``.
        - ``source`` (str): leaderboard, the file stem before its date
          (e.g. ``"helm_lite"``, ``"chatbot_arena"``).
        - ``snapshot_date`` (datetime64): the ``YYMMDD`` date in the file name (NaT when
          it is not a valid date, see Notes).
        - ``entry`` (int64): data row of the upstream file (0-based); ``(file, entry,
          scenario)`` is unique, ``(file, model, scenario)`` is not always (a few files
          list a model twice).
        - ``category`` (str): category tag after the date (``"holistic"``,
          ``"knowledge"``, ``"safety"``, ...); for the old long-format files the ``tag``
          column; missing when the file name has none.
        - ``model`` (str): model name as the leaderboard writes it (not harmonised
          across sources).
        - ``scenario`` (str): score column (wide files) or ``scenario`` value (long files).
        - ``score`` (float64): the score in the leaderboard's own units (fractions,
          percentages, Elo ratings, ...).
        - ``lower_is_better`` (bool): the file is listed (by its ``source_date`` prefix)
          in upstream ``lower_is_better_benchmarks.txt``.

    Notes
    -----
    Two layouts exist: wide (``model`` + one column per scenario) and, in some old
    files, long (``model, score, scenario, source, aggragated_from, tag``).
    ``lvbench_241189_longcontext.csv`` names its model column ``llm_model`` (renamed to
    ``model``) and its date ``241189`` is not a valid date (NaT). ``livecodebench`` has
    two dates in its name (the first is used). Missing scores are dropped.
    """
    choose("snapshots", snapshots, ("current", "old", "all"))
    folders = {"current": ("benchmarks",), "old": ("benchmarks_old",),
               "all": ("benchmarks", "benchmarks_old")}[snapshots]
    lower = set(read_text_lines(_IBM, "lower_is_better_benchmarks.txt"))
    parts = []
    for path in registered_paths(_IBM, suffix=".csv"):
        m = _IBM_FILE.match(path)
        if not m or m["folder"] not in folders:
            continue
        raw = read_csv(_IBM, path)
        if "model" not in raw.columns and "llm_model" in raw.columns:
            raw = raw.rename(columns={"llm_model": "model"})
        check_columns(raw, ["model"], _IBM, path)
        if {"score", "scenario"} <= set(raw.columns):
            long = pd.DataFrame({
                "entry": np.arange(len(raw), dtype=np.int64),
                "model": raw["model"], "scenario": raw["scenario"],
                "score": to_number(raw["score"], dataset=_IBM, path=path, column="score"),
                "category": raw["tag"] if "tag" in raw else pd.NA,
            })
            long = long[long["score"].notna()]
        else:
            values = [c for c in raw.columns if c != "model"]
            num = raw[["model"]].assign(entry=np.arange(len(raw), dtype=np.int64), **{
                c: to_number(raw[c], dataset=_IBM, path=path, column=c) for c in values})
            long = long_from_wide(num, ["entry", "model"], values, "scenario", "score")
            long["category"] = pd.NA
        stem = _IBM_STEM.match(m["stem"])
        source = stem["source"] if stem else m["stem"]
        date_text = stem["date"] if stem and len(stem["date"]) == 6 else None
        rest = stem["rest"] if stem else None
        tag = rest.rsplit("_", 1)[-1] if rest else None
        long["category"] = long["category"].fillna(tag) if tag else long["category"]
        long = long.assign(file=m["stem"], folder=m["folder"], source=source,
                           snapshot_date=pd.to_datetime(date_text, format="%y%m%d",
                                                        errors="coerce"),
                           lower_is_better=any(m["stem"].startswith(x) for x in lower))
        parts.append(long)
    out = pd.concat(parts, ignore_index=True)
    out["model"] = out["model"].astype(str)
    out["scenario"] = out["scenario"].astype(str)
    out["category"] = out["category"].astype(object).where(out["category"].notna(), None)
    cols = ["file", "folder", "source", "snapshot_date", "category", "entry", "model",
            "scenario", "score", "lower_is_better"]
    return out[cols].reset_index(drop=True)


def read_text_lines(dataset: str, path: str) -> list[str]:
    """Non-empty stripped lines of a registered text file."""
    text = Path(_common.fetch(dataset, path)).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


# ------------------------------------------------------------------ benchbench-zhang-hardt

_ZH = "benchbench-zhang-hardt"
# leaderboard -> (file, model column, non-task columns); HELM efficiency says "Model".
_ZH_BOARDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    **{f"helm/{m}": (f"helm/{m}.tsv", "Model/adapter", ("Mean win rate",))
       for m in ("accuracy", "bias", "calibration", "efficiency", "fairness", "robustness",
                 "summarization", "toxicity")},
    **{f"heim/{m}": (f"heim/{m}.tsv", "Model/adapter", ())
       for m in ("aesthetics_auto", "aesthetics_human", "alignment_auto", "alignment_human",
                 "black_out", "nsfw", "nudity", "originality", "quality_auto",
                 "quality_human")},
    "openllm": ("openllm/leaderboard.tsv", "Model", ("T", "Average")),
    "mmlu": ("mmlu/leaderboard.tsv", "model_name", ("Unnamed: 0", "split_name",
                                                    "average_score")),
    "glue": ("glue/leaderboard.tsv", "Model", ("Rank", "Name", "URL", "Score")),
    "superglue": ("superglue/leaderboard.tsv", "Model", ("Rank", "Name", "URL", "Score")),
    "mteb": ("mteb/leaderboard.tsv", "Model", ("Rank", "-", "Model Size (GB)",
                                               "Embedding Dimensions", "Max Tokens",
                                               "Average (56 datasets)")),
    "vtab": ("vtab/leaderboard.tsv", "model", ("Mean (selected datasets)",)),
    "bigcode": ("bigcode/leaderboard.tsv", "Models", ("T", "Win", "Throughput")),
    "bbh": ("bbh/leaderboard.tsv", "Model", ("Rank", "Company", "Release", "Parameters",
                                             "Average")),
    "imagenet": ("imagenet/leaderboard.tsv", "Weight", ("Acc@1", "Acc@5", "Params", "GFLOPS",
                                                        "Recipe", "Model", "acc")),
}


def load_benchbench_zhang_hardt(*, leaderboard: str = "helm/accuracy") -> pd.DataFrame:
    """One multi-task leaderboard of Zhang & Hardt (2024), long: one row per model x task.

    Parameters
    ----------
    leaderboard
        One of ``"helm/<metric>"`` (accuracy, bias, calibration, efficiency, fairness,
        robustness, summarization, toxicity), ``"heim/<page>"`` (aesthetics_auto,
        aesthetics_human, alignment_auto, alignment_human, black_out, nsfw, nudity,
        originality, quality_auto, quality_human), ``"openllm"``, ``"mmlu"``
        (per-subject), ``"glue"``, ``"superglue"``, ``"mteb"``, ``"vtab"``,
        ``"bigcode"``, ``"bbh"``, ``"imagenet"`` (per-class accuracy).

    Returns
    -------
    pandas.DataFrame
        - ``leaderboard`` (str): the name passed in.
        - ``entry`` (int64): data row of the upstream file (0-based). ``(entry, task)`` is
          unique; ``(model, task)`` is not always: some leaderboards list a model more than
          once (GLUE/SuperGLUE submissions of one model by different teams, Open LLM
          duplicates, MMLU runs of one model at different times).
        - ``model`` (str): model as the leaderboard names it (HELM/HEIM ``Model/adapter``;
          ``mmlu``: the HF ``details_`` dataset name; ``imagenet``: the torchvision weight
          name, e.g. ``"ResNet50_Weights.IMAGENET1K_V2"``).
        - ``task`` (str): task column (HEIM: without the ``[ sort ]`` suffix; ``mmlu``: the
          subject, e.g. ``"abstract_algebra"``; ``imagenet``: ``"acc_<class id>"``).
        - ``score`` (float64): in the leaderboard's own units: HELM/HEIM/MMLU/ImageNet
          fractions; Open LLM, GLUE, SuperGLUE, MTEB, VTAB, BigCode and BBH percentages.
          Missing cells (``-``) are dropped.

        Aggregate columns (mean win rate, averages, ranks, sizes) are not tasks and are
        left out; HEIM keeps every metric column except the mean win rate.

    Notes
    -----
    GLUE/SuperGLUE report some tasks as two metrics ``"a/b"`` (e.g. F1/accuracy); the
    score is their mean, as in Zhang & Hardt's code. The direction of a task is not
    uniform: HEIM columns marked ``↓`` (e.g. NSFW fraction) and HELM ``efficiency``
    (inference time) are lower-is-better. ``vtab/leaderboard.tsv`` has one more field per
    row than its header: the first field is the model name. ``helm/efficiency.tsv``
    names its model column ``Model`` instead of ``Model/adapter``.
    """
    choose("leaderboard", leaderboard, _ZH_BOARDS)
    path, model_col, skip = _ZH_BOARDS[leaderboard]
    raw = read_csv(_ZH, path, sep="\t", dtype=str)
    if model_col == "Model/adapter" and model_col not in raw.columns and "Model" in raw.columns:
        raw = raw.rename(columns={"Model": model_col})
    if leaderboard == "vtab":
        raw = raw.rename_axis("model").reset_index()
    check_columns(raw, [model_col], _ZH, path)
    tasks = [c for c in raw.columns if c != model_col and c not in skip
             and not str(c).startswith("Mean win rate")]
    if not tasks:
        raise DataError(f"{_ZH}/{path}: no task columns found")
    values = {}
    for c in tasks:
        text = raw[c].astype("string").str.strip()
        if text.str.contains("/", regex=False).any():
            pair = text.str.split("/", expand=True)
            nums = pd.concat([to_number(pair[i], dataset=_ZH, path=path, column=c)
                              for i in pair.columns], axis=1)
            values[c] = nums.mean(axis=1, skipna=False)
        else:
            values[c] = to_number(text, dataset=_ZH, path=path, column=c,
                                  na=("", "-", "N/A"))
    frame = pd.DataFrame({"entry": np.arange(len(raw), dtype=np.int64),
                          "model": raw[model_col].astype(str), **values})
    long = long_from_wide(frame, ["entry", "model"], tasks, "task", "score")
    task = long["task"].astype(str).str.replace(r"\s*\[ sort \]$", "", regex=True)
    if leaderboard == "mmlu":
        task = task.str.replace(r"^harness\|hendrycksTest-(.*)\|5$", r"\1", regex=True)
    long["task"] = task
    long.insert(0, "leaderboard", leaderboard)
    return long.reset_index(drop=True)


# ------------------------------------------------------------------------------ benchrisk

_BR = "benchrisk"
_BR_SCORES = re.compile(r"^scores/Production Benchmark Benchmark V0\.5\.2 - (?P<name>.+)\.csv$")


def load_benchrisk(*, table: str = "scores") -> pd.DataFrame:
    """BenchRisk v0.5.2: failure modes, mitigations and the scoring sheets of 27 benchmarks.

    Parameters
    ----------
    table
        ``"scores"`` (default), ``"failure_modes"`` or ``"mitigations"``.

    Returns
    -------
    pandas.DataFrame
        ``"scores"`` (27 benchmarks x 52 threats = 1,404 rows):

        - ``benchmark`` (str): sheet name, e.g. ``"MMLU"``, ``"AILuminate10"``.
        - ``threat_id`` (str): failure-mode id, ``"#001"``...
        - ``stage`` (str): benchmark lifecycle stage, e.g. ``"(1) Task Definition"``.
        - ``category`` (str): BenchRisk dimension (Intelligibility, Comprehensiveness,
          Correctness, Consistency, Longevity).
        - ``threat`` (str): the failure mode ("Threat to Reliability").
        - ``severity`` (float64): severity weight in [0, 1].
        - ``mitigated_risk``, ``underperformance`` (float64): sheet values in [0, 1].
        - ``benchmark_scored`` (float64): the sheet's "Benchmark Scored" value (0-100 in
          the staged sheets; its formula is not documented in the data).
        - ``available_mitigations``, ``adopted_mitigations`` (str): comma-separated
          mitigation numbers (missing when none).
        - ``n_available``, ``n_adopted`` (int64): how many.
        - ``affirming_status`` (str), ``affirming_date`` (datetime64; NaT when the sheet
          holds something else, see Notes), ``references_and_notes`` (str).

        ``"failure_modes"`` (57 rows; the registry's empty placeholder ids are dropped):
        ``failure_mode_id``, ``stage``, ``number`` (int64), ``category``,
        ``failure_mode``, ``severity`` (float64), ``example_realization``, ``reference``.

        ``"mitigations"`` (197 rows): ``failure_mode_id``, ``mitigation_number`` (int64),
        ``likelihood_reduction`` and ``severity_reduction`` (float64, **fractions**:
        upstream percent / 100), ``risk_short_description``, ``response_measure``,
        ``notes``, ``question``.

    Notes
    -----
    In some sheets (e.g. ``ARCAGIPublic``) the ``Affirming Date`` column repeats the
    adopted mitigation numbers instead of a date; those values become NaT.
    """
    choose("BenchRisk table", table, ("scores", "failure_modes", "mitigations"))
    if table == "failure_modes":
        path = "FailureModeRegistryV0.5.2.csv"
        raw = read_csv(_BR, path, ["ID", "Stage", "Number", "Category", "Failure Mode",
                                   "Severity", "Example Realization", "Reference"])
        raw = raw[raw["Failure Mode"].notna()]
        out = _snake_columns(raw).rename(columns={"id": "failure_mode_id"})
        out["number"] = out["number"].astype("int64")
        out["severity"] = to_number(out["severity"], dataset=_BR, path=path, column="Severity")
        return out.reset_index(drop=True)
    if table == "mitigations":
        path = "MitigationRegistryV0.5.2.csv"
        cols = ["Risk ID Mitigated", "Mitigation Number", "Reduction in Likelihood (Percent)",
                "Reduction in Severity (Percent)", "Risk Short Description",
                "Response Measure Description", "Notes", "Reformatted as a Question"]
        raw = read_csv(_BR, path, cols)
        return pd.DataFrame({
            "failure_mode_id": raw[cols[0]].astype(object),
            "mitigation_number": raw[cols[1]].astype("int64"),
            "likelihood_reduction": to_number(raw[cols[2]], dataset=_BR, path=path,
                                              column=cols[2], percent=True),
            "severity_reduction": to_number(raw[cols[3]], dataset=_BR, path=path,
                                            column=cols[3], percent=True),
            "risk_short_description": raw[cols[4]].astype(object),
            "response_measure": raw[cols[5]].astype(object),
            "notes": raw[cols[6]].astype(object),
            "question": raw[cols[7]].astype(object),
        })
    cols = ["Threat ID", "Stage", "Category", "Threat to Reliability", "Severity",
            "Mitigated Risk", "Underperformance", "Benchmark Scored", "Available Mitigations",
            "Adopted Mitigation(s)", "Affirming Status", "Affirming Date",
            "References and Notes"]
    parts = []
    for path in registered_paths(_BR, prefix="scores/", suffix=".csv"):
        m = _BR_SCORES.match(path)
        if not m:
            continue
        raw = read_csv(_BR, path, cols, dtype={"Available Mitigations": str,
                                               "Adopted Mitigation(s)": str})
        frame = pd.DataFrame({
            "benchmark": m["name"],
            "threat_id": raw["Threat ID"].astype(object),
            "stage": raw["Stage"].astype(object),
            "category": raw["Category"].astype(object),
            "threat": raw["Threat to Reliability"].astype(object),
            **{snake(c): to_number(raw[c], dataset=_BR, path=path, column=c)
               for c in ("Severity", "Mitigated Risk", "Underperformance", "Benchmark Scored")},
            "available_mitigations": raw["Available Mitigations"].astype(object),
            "adopted_mitigations": raw["Adopted Mitigation(s)"].astype(object),
            "affirming_status": raw["Affirming Status"].astype(object),
            "affirming_date": parse_dates(raw["Affirming Date"], "%m/%d/%Y", dataset=_BR,
                                          path=path, column="Affirming Date", strict=False),
            "references_and_notes": raw["References and Notes"].astype(object),
        })
        parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    for col, n in (("available_mitigations", "n_available"),
                   ("adopted_mitigations", "n_adopted")):
        text = out[col].astype("string").str.replace(r"\s+", "", regex=True).str.strip(",")
        text = text.mask(text == "")
        out[col] = text.astype(object).where(text.notna(), None)
        out[n] = (text.str.count(",") + 1).fillna(0).astype("int64")
    order = ["benchmark", "threat_id", "stage", "category", "threat", "severity",
             "mitigated_risk", "underperformance", "benchmark_scored", "available_mitigations",
             "adopted_mitigations", "n_available", "n_adopted", "affirming_status",
             "affirming_date", "references_and_notes"]
    return out[order]


# -------------------------------------------------------------------------- chembench-irt

_CB = "chembench-irt"


def load_chembench_irt() -> pd.DataFrame:
    """Binary correctness of 22 LLMs (and one agent) on 2,854 ChemBench questions, long.

    Returns
    -------
    pandas.DataFrame
        22 x 2,854 = 62,788 rows, sorted by model (upstream column order) then item:

        - ``model`` (str): e.g. ``"GPT-4o"``, ``"Claude-3.5 (Sonnet)"``, ``"PaperQA2"``
          (a tool-augmented agent, not a bare LLM).
        - ``item`` (int64): question index 0-2853 (positions only: the mapping to
          ChemBench question names is not published in this repository).
        - ``difficulty`` (str): ChemBench label ``"easy"``, ``"intermediate"`` or
          ``"hard"`` from ``difficulty_dict.json`` (missing if unlabelled).
        - ``correct`` (uint8): 1 = the question was answered fully correctly
          ("all correct" metric), 0 otherwise.

    Notes
    -----
    A model's mean of ``correct`` equals its ``score`` in the upstream
    ``model_score_allcorrect.csv``. Use ``frame.pivot(index="model", columns="item",
    values="correct")`` for the models x items matrix.
    """
    path = "binary_matrix.csv"
    raw = read_csv(_CB, path)
    first = raw.columns[0]
    if not str(first).startswith("Unnamed") and first != "":
        raise DataError(f"{_CB}/{path}: expected an unnamed question-index first column, "
                        f"found {first!r}")
    models = [c for c in raw.columns if c != first]
    values = raw[models].to_numpy(dtype="float64")
    if np.isnan(values).any() or not np.isin(values, (0.0, 1.0)).all():
        raise DataError(f"{_CB}/{path}: responses must be 0/1 without gaps")
    items = raw[first].to_numpy(dtype="int64")
    difficulty = read_json(_CB, "difficulty_dict.json")
    labels = pd.Series({int(i): level for level, ids in difficulty.items() for i in ids},
                       dtype=object)
    n_items, n_models = values.shape
    out = pd.DataFrame({
        "model": np.repeat(np.asarray(models, dtype=object), n_items),
        "item": np.tile(items, n_models),
        "correct": values.T.ravel().astype(np.uint8),
    })
    out.insert(2, "difficulty", out["item"].map(labels).astype(object))
    return out


# ------------------------------------------------------------------------------ cifar10.1

_CIFAR = "cifar10.1"
_CIFAR_SPLITS = ("v6", "v4", "original")
#: CIFAR-10 class names in label order.
CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
                   "ship", "truck")
_CIFAR_PRED = re.compile(r"^model_predictions/(?P<split>[^/]+)_predictions/"
                         r"(?P<model>.+)_predictions\.json$")


def _cifar_predictions(split: str) -> tuple[list[str], np.ndarray, np.ndarray | None]:
    choose("CIFAR-10.1 split", split, _CIFAR_SPLITS)
    found = [(m["model"], p) for p in registered_paths(_CIFAR, prefix="model_predictions/")
             if (m := _CIFAR_PRED.match(p)) and m["split"] == split]
    models = sorted(name for name, _ in found)
    paths = dict(found)
    preds = [np.asarray(read_json(_CIFAR, paths[name]), dtype=np.int16) for name in models]
    lengths = {len(p) for p in preds}
    if len(lengths) != 1:
        raise DataError(f"{_CIFAR}: the {split} predictions have different lengths {lengths}")
    matrix = np.vstack(preds)
    labels = None
    if split != "original":
        path = f"datasets/cifar10.1_{split}_labels.npy"
        labels = np.load(_common.fetch(_CIFAR, path), allow_pickle=False).astype(np.int16)
        if labels.shape != (matrix.shape[1],):
            raise DataError(f"{_CIFAR}/{path}: {labels.shape[0]} labels for "
                            f"{matrix.shape[1]} predictions")
    return models, matrix, labels


def load_cifar10_1(*, split: str = "v6") -> pd.DataFrame:
    """Per-image predictions of 30 CIFAR-10 models on CIFAR-10.1 (v4, v6) and CIFAR-10 test.

    Parameters
    ----------
    split
        ``"v6"`` (default; 2,000 class-balanced images, the authors' recommended
        version), ``"v4"`` (2,021 images, the paper's main tables) or ``"original"``
        (the 10,000-image CIFAR-10 test set).

    Returns
    -------
    pandas.DataFrame
        One row per model x image, sorted by model then ``item``:

        - ``split`` (str): the split.
        - ``model`` (str): e.g. ``"resnet_basic_32"``, ``"wrn_28_10"``.
        - ``item`` (int64): image position in the split (upstream order).
        - ``label`` (Int16, nullable): true class 0-9 (order of
          ``CIFAR10_CLASSES``); missing for ``"original"``.
        - ``prediction`` (int16): predicted class 0-9.
        - ``correct`` (UInt8, nullable): 1 = prediction equals label; missing for
          ``"original"``.

    Notes
    -----
    The true labels of the original CIFAR-10 test set are not in the upstream
    repository, so on ``"original"`` only agreement between models can be computed. The
    label files come from the upstream ``datasets/`` folder, which the MIT license does
    not cover (Tiny Images terms). v6 accuracy of ``resnet_basic_32`` is 0.852.
    """
    models, matrix, labels = _cifar_predictions(split)
    n_models, n_items = matrix.shape
    label = (pd.array(np.tile(labels, n_models), dtype="Int16") if labels is not None
             else pd.array(np.full(n_models * n_items, pd.NA), dtype="Int16"))
    correct = (pd.array((matrix == labels[None, :]).ravel().astype(np.uint8), dtype="UInt8")
               if labels is not None
               else pd.array(np.full(n_models * n_items, pd.NA), dtype="UInt8"))
    return pd.DataFrame({
        "split": split,
        "model": np.repeat(np.asarray(models, dtype=object), n_items),
        "item": np.tile(np.arange(n_items, dtype=np.int64), n_models),
        "label": label,
        "prediction": matrix.ravel(),
        "correct": correct,
    })


def cifar10_1_matrix(split: str = "v6", kind: str = "correct") -> pd.DataFrame:
    """The models x images matrix of one CIFAR-10.1 split.

    Parameters
    ----------
    split
        ``"v6"``, ``"v4"`` or ``"original"`` (as in :func:`load_cifar10_1`).
    kind
        ``"correct"`` (uint8 0/1; not available for ``"original"``, which has no labels)
        or ``"prediction"`` (int16 predicted class 0-9).

    Returns
    -------
    pandas.DataFrame
        Index ``model`` (30 models, sorted), columns ``item`` (image position), like
        :func:`analysis.data.imagenetv2_matrix`.
    """
    choose("kind", kind, ("correct", "prediction"))
    models, matrix, labels = _cifar_predictions(split)
    if kind == "correct":
        if labels is None:
            raise ValueError("kind='correct' needs labels, which the 'original' split lacks; "
                             "valid choices for 'original': ['prediction']")
        matrix = (matrix == labels[None, :]).astype(np.uint8)
    return pd.DataFrame(matrix, index=pd.Index(models, name="model"),
                        columns=pd.RangeIndex(matrix.shape[1], name="item"))


# ---------------------------------------------------------------------- correlated-errors

_CE = "correlated-errors"


def load_correlated_errors(*, table: str = "pairs") -> pd.DataFrame:
    """Error agreement of 71 LLMs on HELM MMLU (Kim et al. 2025), and model metadata.

    Parameters
    ----------
    table
        ``"pairs"`` (default), ``"accuracy"`` (HELM MMLU accuracy), ``"models"``
        (metadata) or ``"hf_accuracy"`` (451 Hugging Face Open LLM Leaderboard models).

    Returns
    -------
    pandas.DataFrame
        ``"pairs"`` (2,485 rows = 71 x 70 / 2 unordered pairs):

        - ``model1``, ``model2`` (str): HELM model ids, e.g. ``"openai/gpt-4-0613"``.
        - ``chi_square``, ``p_value`` (float64): chi-square test of independence of the
          two models' answer letters.
        - ``overall_agreement_rate`` (float64): fraction of questions with the same answer.
        - ``both_correct_rate`` (float64): fraction both answer correctly.
        - ``agreement_rate_when_either_wrong`` (float64): same answer given at least one
          is wrong.
        - ``agreement_rate_when_both_wrong`` (float64): same (wrong) answer given both are
          wrong - the paper's headline quantity (~0.6).
        - ``contingency_table`` (str): upstream printed crosstab of answer letters.

        ``"accuracy"``: ``model``, ``accuracy`` (float64, fraction). ``"models"``:
        ``model``, ``company``, ``model_name``, ``size_b`` (float64, parameters in
        billions, missing when undisclosed). ``"hf_accuracy"``: ``model``, ``accuracy``.

    Notes
    -----
    Upstream ``model_accuracy.csv`` has one value with a stray trailing ``F``
    (``"0.8000284859706595F"``, ``01-ai/yi-large-preview``); it is stripped. The per-item
    answers behind the pairs are not in the stored snapshot.
    """
    choose("correlated-errors table", table, ("pairs", "accuracy", "models", "hf_accuracy"))
    if table == "pairs":
        path = "model_correlations.csv"
        cols = ["model1", "model2", "chi_square", "p_value", "overall_agreement_rate",
                "both_correct_rate", "agreement_rate_when_either_wrong",
                "agreement_rate_when_both_wrong", "contingency_table"]
        raw = read_csv(_CE, path, cols)
        out = raw[cols].copy()
        for c in cols[2:-1]:
            out[c] = to_number(out[c], dataset=_CE, path=path, column=c)
        for c in ("model1", "model2", "contingency_table"):
            out[c] = out[c].astype(object)
        return out
    if table == "accuracy":
        path = "model_accuracy.csv"
        raw = read_csv(_CE, path, ["model", "model_accuracy"])
        text = raw["model_accuracy"].astype("string").str.strip().str.replace(
            r"F$", "", regex=True)
        return pd.DataFrame({"model": raw["model"].astype(object),
                             "accuracy": to_number(text, dataset=_CE, path=path,
                                                   column="model_accuracy")})
    if table == "models":
        path = "model_overview.csv"
        raw = read_csv(_CE, path, ["model string", "company", "model_name", "size"])
        size = raw["size"].astype("string").str.strip().str.lower().str.removesuffix("b")
        return pd.DataFrame({
            "model": raw["model string"].astype(object),
            "company": raw["company"].astype(object),
            "model_name": raw["model_name"].astype(object),
            "size_b": to_number(size, dataset=_CE, path=path, column="size"),
        })
    path = "hf_model_accuracy.csv"
    raw = read_csv(_CE, path, ["Unnamed: 0", "0"])
    return pd.DataFrame({"model": raw["Unnamed: 0"].astype(object),
                         "accuracy": to_number(raw["0"], dataset=_CE, path=path, column="0")})


# ----------------------------------------------------------------------- epoch-benchmarks

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
    choose("Epoch table", table, _EPOCH_TABLES)
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


# ---------------------------------------------------------------------------------- gsm1k

_GSM = "gsm1k"


def load_gsm1k(*, table: str = "models") -> pd.DataFrame:
    """GSM1k (Zhang et al. 2024): per-model GSM8k-GSM1k gap and GSM8k log-likelihood.

    Parameters
    ----------
    table
        ``"models"`` (default) or ``"items"`` (the 50 public GSM1k problems).

    Returns
    -------
    pandas.DataFrame
        ``"models"``: one row per model found in either upstream file (outer join:
        56 models, 52 of them in both), sorted by model:

        - ``model`` (str): Hugging Face-style name, e.g. ``"Mixtral-8x22B-v0.1"``.
        - ``gap`` (float64): GSM8k accuracy minus GSM1k accuracy, a difference of
          fractions (positive = overfit to GSM8k); from ``scale_diff.csv`` (58 rows,
          52 distinct models).
        - ``avg_loglik`` (float64): average character-normalised log-likelihood of the
          GSM8k test examples under the model (higher = more likely memorised); from
          ``averages.tsv`` (59 rows, 56 distinct models).

        ``"items"``: ``item`` (int64, row position), ``question`` (str), ``answer``
        (float64, the numeric answer).

    Notes
    -----
    ``scale_diff.csv`` (comma-separated) and ``averages.tsv`` (tab-separated) have
    **no header row**: each row is ``model, value``. The paper's figure joins the two on
    model name and drops models present in only one file (``dropna()`` on the result
    gives that subset). Both files repeat some rows verbatim (six models in
    ``scale_diff.csv``, e.g. ``Meta-Llama-3-70B``, three in ``averages.tsv``); exact
    repeats are dropped, conflicting repeats raise DataError. The full per-model GSM8k and GSM1k accuracies are not published
    in the repository, only their difference.
    """
    choose("GSM1k table", table, ("models", "items"))
    if table == "items":
        path = "gsm1k_public_50.csv"
        raw = read_csv(_GSM, path, ["answer", "question"], dtype=str)
        return pd.DataFrame({
            "item": np.arange(len(raw), dtype=np.int64),
            "question": raw["question"].astype(object),
            "answer": to_number(raw["answer"], dataset=_GSM, path=path, column="answer"),
        })
    gap = read_csv(_GSM, "scale_diff.csv", ["model", "gap"], header=None,
                   names=["model", "gap"])
    loglik = read_csv(_GSM, "averages.tsv", ["model", "avg_loglik"], sep="\t", header=None,
                      names=["model", "avg_loglik"])
    gap["gap"] = to_number(gap["gap"], dataset=_GSM, path="scale_diff.csv", column="gap")
    loglik["avg_loglik"] = to_number(loglik["avg_loglik"], dataset=_GSM, path="averages.tsv",
                                     column="avg_loglik")
    frames = []
    for frame, path in ((gap, "scale_diff.csv"), (loglik, "averages.tsv")):
        frame["model"] = frame["model"].astype(str).str.strip()
        frame = frame.drop_duplicates()  # upstream repeats some rows verbatim
        if frame["model"].duplicated().any():
            raise DataError(f"{_GSM}/{path}: conflicting values for models "
                            f"{frame.loc[frame['model'].duplicated(), 'model'].tolist()[:5]}")
        frames.append(frame)
    gap, loglik = frames
    out = gap.merge(loglik, on="model", how="outer")
    out["model"] = out["model"].astype(object)
    return out.sort_values("model").reset_index(drop=True)[["model", "gap", "avg_loglik"]]


# ---------------------------------------------------------------------- metr-time-horizon

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
    choose("METR table", table, _METR_TABLES)
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
            out[c] = out[c].astype(object).where(out[c].notna(), None)
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
        out = _snake_columns(raw)
        for c in ("in_original_test_set", "in_expanded_test_set"):
            out[c] = out[c].str.strip().str.upper().eq("TRUE")
        for c in ("internet_access", "compressed_task_image_size"):
            if c in out:
                out[c] = to_number(out[c], dataset=_METR, path=path, column=c)
        return out
    path = "messiness.csv"
    raw = read_csv(_METR, path, ["task id", "task family", "labeller",
                                 "is label record done"], dtype=str)
    out = _snake_columns(raw)
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


# -------------------------------------------------------------------------------- nlu-irt

_NLU = "nlu-irt"
_NLU_SUFFIX = "_irt_all_coded.csv"


def _nlu_test_sets() -> list[str]:
    return [p.removesuffix(_NLU_SUFFIX) for p in registered_paths(_NLU, suffix=_NLU_SUFFIX)]


def _nlu_read(test_set: str) -> tuple[pd.Series, list[str], np.ndarray]:
    choose("NLU test set", test_set, _nlu_test_sets())
    path = test_set + _NLU_SUFFIX
    raw = read_csv(_NLU, path, ["userid"])
    items = [c for c in raw.columns if c != "userid"]
    values = raw[items].to_numpy(dtype="float64")
    if np.isnan(values).any() or not np.isin(values, (0.0, 1.0)).all():
        raise DataError(f"{_NLU}/{path}: responses must be 0/1 without gaps")
    return raw["userid"].astype(str), items, values.astype(np.uint8)


def load_nlu_irt(*, test_sets: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Per-item 0/1 responses of 18 transformer models x 5 checkpoints on NLU test sets.

    Parameters
    ----------
    test_sets
        One test-set name, a list of them, or None (default) for all 29 (about 7.4
        million rows; reading them all takes a few seconds). Names are the upstream
        file prefixes: ``"abductive-nli"``, ``"adversarial-nli"``, ``"arc-challenge"``,
        ``"arc-easy"``, ``"arct"``, ``"boolq"``, ``"cb"``, ``"commonsenseqa"``, ``"copa"``,
        ``"cosmosqa"``, ``"hellaswag"``, ``"mcscript"``, ``"mctaco"``, ``"mnli"``,
        ``"mrqa-nq"``, ``"mutual"``, ``"mutual-plus"``, ``"newsqa"``, ``"piqa"``,
        ``"qamr"``, ``"quail"``, ``"quoref"``, ``"rte"``, ``"snli"``, ``"socialiqa"``,
        ``"squad_v2"``, ``"wic"``, ``"winogrande"``, ``"wsc"``.

    Returns
    -------
    pandas.DataFrame
        One row per test set x response pattern row x item (90 rows per item):

        The text columns are ``category`` dtype (7.4 million rows for all test sets).

        - ``test_set`` (category).
        - ``model`` (category): upstream ``userid``, e.g. ``"roberta-base-10M-1_25"`` - a
          model run and a checkpoint; unique within a test set.
        - ``base_model`` (category): the part before the last ``_`` (``"roberta-base-10M-1"``:
          RoBERTa-base pre-trained on 10M tokens, run 1; ``"roberta-large"``, ...).
        - ``checkpoint`` (category): the part after it: ``"1"``, ``"10"``, ``"25"``, ``"50"``
          (percent of fine-tuning) or ``"best"``.
        - ``item`` (category): upstream item column name, e.g. ``"cb_0"``,
          ``"adversarial_nli_r10"``; unique within a test set.
        - ``item_index`` (int64): position of the item column in its file.
        - ``correct`` (uint8): 1 = answered correctly.

    Notes
    -----
    Vania et al. (2021) fit IRT models to exactly these matrices. The 90 "models" are not
    independent: each base model appears at 5 checkpoints. No license file upstream:
    cite and do not redistribute.
    """
    valid = _nlu_test_sets()
    if test_sets is None:
        names = valid
    elif isinstance(test_sets, str):
        names = [test_sets]
    else:
        names = list(test_sets)
    parts = []
    for name in names:  # at most 29 files
        parts.append(_nlu_read(name))
    users = pd.Index(pd.unique(np.concatenate([p[0].to_numpy(dtype=object) for p in parts])))
    item_names = pd.Index(np.concatenate([np.asarray(p[1], dtype=object) for p in parts]))
    split = users.to_series().str.rsplit("_", n=1, expand=True)
    base_cats = pd.Index(pd.unique(split[0].to_numpy(dtype=object)))
    ckpt_cats = pd.Index(pd.unique(split[1].to_numpy(dtype=object)))
    base_code = base_cats.get_indexer(split[0].to_numpy(dtype=object))
    ckpt_code = ckpt_cats.get_indexer(split[1].to_numpy(dtype=object))
    cols: dict[str, list[np.ndarray]] = {k: [] for k in
                                         ("set", "user", "item", "item_index", "correct")}
    offset = 0
    for k, (userid, _items, values) in enumerate(parts):
        n_models, n_items = values.shape
        user_code = users.get_indexer(userid.to_numpy(dtype=object))
        cols["set"].append(np.full(n_models * n_items, k, dtype=np.int16))
        cols["user"].append(np.repeat(user_code, n_items))
        cols["item"].append(np.tile(np.arange(offset, offset + n_items), n_models))
        cols["item_index"].append(np.tile(np.arange(n_items, dtype=np.int64), n_models))
        cols["correct"].append(values.ravel())
        offset += n_items
    user = np.concatenate(cols["user"])
    cat = pd.Categorical.from_codes
    return pd.DataFrame({
        "test_set": cat(np.concatenate(cols["set"]), categories=pd.Index(names)),
        "model": cat(user, categories=users),
        "base_model": cat(base_code[user], categories=base_cats),
        "checkpoint": cat(ckpt_code[user], categories=ckpt_cats),
        "item": cat(np.concatenate(cols["item"]), categories=item_names),
        "item_index": np.concatenate(cols["item_index"]),
        "correct": np.concatenate(cols["correct"]),
    })


def nlu_irt_matrix(test_set: str) -> pd.DataFrame:
    """The response matrix of one NLU test set: models x items (uint8 0/1).

    Parameters
    ----------
    test_set
        One of the names listed in :func:`load_nlu_irt`.

    Returns
    -------
    pandas.DataFrame
        Index ``model`` (the 90 upstream ``userid`` values, file order), columns
        ``item`` (upstream item names, file order), values uint8 (1 = correct), like
        :func:`analysis.data.imagenetv2_matrix`.
    """
    userid, items, values = _nlu_read(test_set)
    return pd.DataFrame(values, index=pd.Index(userid.to_numpy(dtype=object), name="model"),
                        columns=pd.Index(items, name="item"))


# ----------------------------------------------------------------------------- obsscaling

_OBS = "obsscaling"
_OBS_TABLES = {
    "base": "base_llm_benchmark_eval.csv",
    "base_sub_10b": "base_llm_benchmark_eval_sub_10b.csv",
    "emergent": "base_llm_emergent_capability_eval.csv",
    "leaderboard_v2": "base_llm_leaderboard_v2_eval.csv",
    "post_training": "base_llm_post_training_eval.csv",
    "instruct": "instruct_llm_benchmark_eval.csv",
    "agent": "instruct_llm_agent_eval.csv",
}
_OBS_META = {"Model Family": "model_family", "Model Size (B)": "model_size_b",
             "Pretraining Data Size (T)": "pretraining_tokens_t", "FLOPs (1E21)": "flops_1e21"}


def load_obsscaling(*, table: str = "base", wide: bool = False) -> pd.DataFrame:
    """Observational Scaling Laws (Ruan et al. 2024): LLM x benchmark score tables.

    Parameters
    ----------
    table
        ``"base"`` (default: 148 base models x 8 benchmarks), ``"base_sub_10b"`` (92
        models under 10B), ``"emergent"`` (BIG-bench-style emergent tasks),
        ``"leaderboard_v2"`` (Open LLM Leaderboard v2), ``"post_training"`` (prompting
        techniques on GSM8K/BBH), ``"instruct"`` (27 instruction-tuned models) or
        ``"agent"`` (AgentBench / AgentBoard).
    wide
        If True, one row per model with one column per benchmark (upstream layout,
        metadata columns snake_cased); otherwise long (default).

    Returns
    -------
    pandas.DataFrame
        Long: one row per model x benchmark with a score:

        - ``model`` (str): Hugging Face id or API model name.
        - ``model_family`` (str), ``model_size_b`` (float64, parameters in billions),
          ``pretraining_tokens_t`` (float64, trillions of tokens), ``flops_1e21``
          (float64, training compute in units of 1e21 FLOPs) - only for ``"base"``,
          ``"base_sub_10b"`` and ``"instruct"`` (missing for closed models).
        - ``benchmark`` (str): upstream column name (e.g. ``"MMLU"``, ``"GSM8K"``,
          ``"leaderboard_bbh"``, ``"gsm8k_cot_8_exact_match,strict-match"``).
        - ``score`` (float64): as upstream: fractions in [0, 1], except
          ``ipa_transliterate_2_bleu`` (BLEU, 0-100), AgentBench raw scores and
          AgentBoard percentages, and ``,norm`` columns of ``"post_training"``
          (chance-normalised, can be negative). ``Arena-Elo`` and ``MTBench`` in
          ``"instruct"`` are rescaled to [0, 1] by the authors.

    Notes
    -----
    Missing scores are dropped from the long form. ``base_sub_10b`` is a subset of
    ``base``.
    """
    choose("ObsScaling table", table, _OBS_TABLES)
    path = _OBS_TABLES[table]
    raw = read_csv(_OBS, path, ["Model"])
    meta = [c for c in _OBS_META if c in raw.columns]
    if table in ("base", "base_sub_10b", "instruct"):
        check_columns(raw, list(_OBS_META), _OBS, path)
    benchmarks = [c for c in raw.columns if c != "Model" and c not in _OBS_META]
    columns: dict[str, pd.Series] = {"model": raw["Model"].astype(str)}
    for c in meta:
        columns[_OBS_META[c]] = (raw[c].astype(object) if c == "Model Family"
                                 else to_number(raw[c], dataset=_OBS, path=path, column=c))
    for c in benchmarks:
        columns[c] = to_number(raw[c], dataset=_OBS, path=path, column=c)
    frame = pd.DataFrame(columns)
    if wide:
        return frame
    ids = ["model", *[_OBS_META[c] for c in meta]]
    long = long_from_wide(frame, ids, benchmarks, "benchmark", "score")
    long["model"] = long["model"].astype(object)
    return long


# -------------------------------------------------------------------------- safetywashing

_SW = "safetywashing"
_SW_META = ("model_size", "FLOP", "name", "type")


def load_safetywashing(*, models: str = "all") -> pd.DataFrame:
    """Safetywashing (Ren et al. 2024): capability and safety benchmark scores of LLMs.

    Parameters
    ----------
    models
        ``"all"`` (default), ``"base"`` (27 base models) or ``"chat"`` (26 chat models).

    Returns
    -------
    pandas.DataFrame
        Long: one row per model x benchmark with a score:

        - ``model_type`` (str): ``"base"`` or ``"chat"``.
        - ``model`` (str): Hugging Face name (e.g. ``"Llama-2-13b-hf"``).
        - ``display_name`` (str): upstream ``name`` (``"Llama 2 13B"``).
        - ``model_size`` (float64): parameters; ``flop`` (float64): training FLOP
          (missing when unknown).
        - ``benchmark`` (str): upstream column (e.g. ``"mmlu"``, ``"truthfulqa_mc1"``,
          ``"machiavelli-violations.deception"``).
        - ``benchmark_name`` (str), ``metric`` (str): from ``benchmarks_info.csv``
          (``metric`` carries the direction, e.g. ``"Accuracy (↑)"``; missing if the
          benchmark is not described there).
        - ``score`` (float64): in the benchmark's own units (fractions, percentages, game
          points ...): standardise per benchmark before combining.

    Notes
    -----
    Every metric in ``benchmarks_info.csv`` is oriented so that higher is better
    (e.g. "Negated score", "1 - Brier Score"). Chat models have two extra benchmarks
    (``Alpaca-Eval_win-rate``, ``LMSYS_Chatbot_Arena``). Missing scores are dropped.
    """
    choose("models", models, ("all", "base", "chat"))
    info = read_csv(_SW, "benchmarks_info.csv", ["benchmark", "name", "metric"])
    info = info.drop_duplicates("benchmark").set_index("benchmark")
    kinds = ("base", "chat") if models == "all" else (models,)
    parts = []
    for kind in kinds:
        path = f"benchmarks_{kind}_models.csv"
        raw = read_csv(_SW, path, ["model", *_SW_META])
        benchmarks = [c for c in raw.columns if c != "model" and c not in _SW_META]
        frame = pd.DataFrame({
            "model_type": kind,
            "model": raw["model"].astype(str),
            "display_name": raw["name"].astype(str),
            "model_size": to_number(raw["model_size"], dataset=_SW, path=path,
                                    column="model_size"),
            "flop": to_number(raw["FLOP"], dataset=_SW, path=path, column="FLOP"),
            **{c: to_number(raw[c], dataset=_SW, path=path, column=c) for c in benchmarks},
        })
        parts.append(long_from_wide(frame, ["model_type", "model", "display_name",
                                            "model_size", "flop"],
                                    benchmarks, "benchmark", "score"))
    out = pd.concat(parts, ignore_index=True)
    out.insert(6, "benchmark_name", out["benchmark"].map(info["name"]).astype(object))
    out.insert(7, "metric", out["benchmark"].map(info["metric"]).astype(object))
    for c in ("model_type", "model", "display_name", "benchmark"):
        out[c] = out[c].astype(object)
    return out

