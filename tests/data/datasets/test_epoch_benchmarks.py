"""Loaders of ``epoch-benchmarks`` against the registered files in the cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data import (
    load_epoch_benchmarks,
)


def test_epoch_runs(staged):
    runs = load_epoch_benchmarks()
    raw = pd.read_csv(staged / "epoch-benchmarks" / "benchmarks_runs.csv", encoding="utf-8-sig")
    assert len(runs) == len(raw) == 541 and runs["run_id"].is_unique
    assert {"run_id", "task", "model", "model_version", "reasoning_effort", "score",
            "stderr", "started_at", "release_date"} <= set(runs.columns)
    assert (runs[["score", "stderr", "scorer_mean"]].dtypes == np.float64).all()
    assert runs["score"].between(0, 1).all()
    assert pd.api.types.is_datetime64_any_dtype(runs["started_at"])
    r = runs.set_index("run_id").loc["V3YQtSEnQ3TPZEPPgkCKQM"]
    assert r["score"] == pytest.approx(0.85) and r["stderr"] == pytest.approx(0.02)
    assert r["model_version"] == "gpt-5.1" and r["reasoning_effort"] == "medium"
    assert (runs["scorer_mean"] - runs["score"]).abs().max() < 0.01
    o3 = runs.query("model_version == 'o3-2025-04-16'")
    assert set(o3["reasoning_effort"]) >= {"low", "high"}
    assert runs["release_date"].notna().mean() > 0.5


def test_epoch_external_and_metadata(staged):
    ext = load_epoch_benchmarks(table="external")
    assert ext["benchmark"].nunique() == 37
    assert (ext[["score"]].dtypes == np.float64).all()
    mmlu = pd.read_csv(staged / "epoch-benchmarks" / "external_benchmark_mmlu.csv",
                       encoding="utf-8-sig")
    row = mmlu.iloc[0]
    got = ext.query("benchmark == 'mmlu' and model_version == @row['Model version']")
    assert float(row["EM"].rstrip("%")) / 100 in got["score"].round(6).tolist()
    metr = ext.query("benchmark == 'metr'").set_index("model_version")["score"]
    assert metr["claude-3-5-sonnet-20240620"] == pytest.approx(18.21683)
    models = load_epoch_benchmarks(table="models")
    assert len(models) == 574 and models["model_version"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(models["release_date"])
    bench = load_epoch_benchmarks(table="benchmarks")
    assert len(bench) == 42 and bench["is_math"].dtype == bool
    dist = load_epoch_benchmarks(table="distilled")
    assert len(dist) == 170 and dist["distilled"].dtype == bool
