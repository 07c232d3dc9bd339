"""Aggregated leaderboard snapshots of ~40 LLM benchmarks (IBM BenchBench / BAT).

Aggregated snapshots (2024) of about 40 LLM leaderboards (Chatbot Arena, HELM, Open LLM
Leaderboard v1/v2, LiveBench, MixEval, OpenCompass, AlpacaEval, ...) collected by IBM's
BenchBench for benchmark agreement testing.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .._readers import (
    check_columns,
    choose,
    long_from_wide,
    read_csv,
    read_text_lines,
    registered_paths,
    to_number,
)
from .._registry import DatasetInfo, LoaderSpec, describe

__all__ = ["INFO", "load_benchbench_ibm"]

_IBM = "benchbench-ibm"
_IBM_FILE = re.compile(r"^(?P<folder>benchmarks(?:_old)?)/(?P<stem>.+)\.csv$")
_IBM_STEM = re.compile(r"^(?P<source>.+?)_(?P<date>\d{4,6})(?:_(?P<rest>.*))?$")


def load_benchbench_ibm(*, subset: str = "current") -> pd.DataFrame:
    """Leaderboard snapshots collected by IBM BenchBench (2024), one row per score.

    Parameters
    ----------
    subset
        Which snapshots: ``"current"`` (default: the 40 files of upstream ``benchmarks/``, the set the
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
    choose("subset", subset, ("current", "old", "all"))
    folders = {"current": ("benchmarks",), "old": ("benchmarks_old",),
               "all": ("benchmarks", "benchmarks_old")}[subset]
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


INFO = DatasetInfo(
    name="benchbench-ibm",
    **describe(__doc__),
    license="Apache-2.0",
    license_note=(
        "The repository's LICENCE file is Apache-2.0 (its README says MIT). The numbers were "
        "scraped from public leaderboards, whose terms apply."
    ),
    citation=(
        "Y. Perlitz, A. Gera, O. Arviv, A. Yehudai, E. Bandel, E. Shnarch, M. Shmueli-"
        "Scheuer, L. Choshen. Do These LLM Benchmarks Agree? Fixing Benchmark Evaluation with "
        "BenchBench. arXiv:2407.13696, 2024."
    ),
    bibkey="perlitz2024benchbench",
    related_bibkeys=(),
    loader="load_benchbench_ibm",
    loaders=(
        LoaderSpec("load_benchbench_ibm", "subset", {
            s: ("folder", "file", "entry", "scenario") for s in ("current", "old", "all")}),
    ),
)
