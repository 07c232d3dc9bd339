"""BenchRisk failure-mode & mitigation registries and per-benchmark scores (v0.5.2).

BenchRisk v0.5.2: a registry of 57 benchmark failure modes and 197 mitigations, and the
per-benchmark scoring sheets of 27 benchmarks, used to score how likely a benchmark is
to lead its users to unsupported conclusions.
"""

from __future__ import annotations

import re

import pandas as pd

from .._readers import (
    as_text,
    choose,
    parse_dates,
    read_csv,
    registered_paths,
    snake,
    snake_columns,
    to_number,
)
from .._registry import DatasetInfo, LoaderSpec, describe

__all__ = ["INFO", "load_benchrisk"]

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
    choose("table", table, ("scores", "failure_modes", "mitigations"))
    if table == "failure_modes":
        path = "FailureModeRegistryV0.5.2.csv"
        raw = read_csv(_BR, path, ["ID", "Stage", "Number", "Category", "Failure Mode",
                                   "Severity", "Example Realization", "Reference"])
        raw = raw[raw["Failure Mode"].notna()]
        out = snake_columns(raw).rename(columns={"id": "failure_mode_id"})
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
        raw = read_csv(_BR, path, cols, dtype=str)
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
            "affirming_status": as_text(raw["Affirming Status"]),
            "affirming_date": parse_dates(raw["Affirming Date"], "%m/%d/%Y", dataset=_BR,
                                          path=path, column="Affirming Date", strict=False),
            "references_and_notes": as_text(raw["References and Notes"]),
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


INFO = DatasetInfo(
    name="benchrisk",
    **describe(__doc__),
    license="MIT",
    license_note=(
        "Repository LICENSE is MIT (Copyright 2025 AI Verification and Evaluation Research "
        "Institute, Sean McGregor, Timothy Lin)."
    ),
    citation=(
        "S. McGregor et al. Risk Management for Mitigating Benchmark Failure Modes: "
        "BenchRisk. NeurIPS 2025 Datasets and Benchmarks. arXiv:2510.21460."
    ),
    bibkey="mcgregor2025benchrisk",
    related_bibkeys=(),
    loader="load_benchrisk",
    loaders=(
        LoaderSpec("load_benchrisk", "table", {
            "scores": ("benchmark", "threat_id"), "failure_modes": ("failure_mode_id",),
            "mitigations": ("failure_mode_id", "mitigation_number")}),
    ),
)
