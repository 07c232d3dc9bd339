"""Loaders of ``metr-time-horizon`` against the registered files in the cache."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.data import (
    load_metr_time_horizon,
)


def test_metr_runs(staged):
    runs = load_metr_time_horizon()
    lines = (staged / "metr-time-horizon" / "all_runs.jsonl").read_text().splitlines()
    assert len(runs) == len(lines) == 7063 and runs["run_id"].is_unique
    assert {"alias", "task_id", "task_family", "score_binarized", "human_minutes",
            "score"} <= set(runs.columns)
    assert (runs[["score", "score_binarized", "human_minutes"]].dtypes == np.float64).all()
    assert set(runs["score_binarized"].unique()) <= {0.0, 1.0}
    assert (runs["human_minutes"] > 0).all()
    first = json.loads(lines[0])
    r = runs.set_index("run_id").loc[first["run_id"]]
    assert r["alias"] == first["alias"] and r["task_id"] == first["task_id"]
    assert r["score"] == pytest.approx(first["score"])
    assert r["started_at"] == pd.Timestamp(first["started_at"], unit="ms", tz="UTC")
    assert "human" in set(runs["alias"])
    assert "human" not in set(load_metr_time_horizon(include_human=False)["alias"])
    assert runs["task_id"].nunique() == 83


def test_metr_summaries(staged):
    hz = load_metr_time_horizon(table="horizons")
    raw = yaml.safe_load((staged / "metr-time-horizon" / "benchmark_results_1_1.yaml")
                         .read_text())
    assert (hz["version"] == "1.1").sum() == len(raw["results"]) == 17
    assert (hz["version"] == "1.0").sum() == 33
    assert not hz.duplicated(["version", "model"]).any()
    row = hz.query("version == '1.1' and model == 'claude_3_5_sonnet_20240620_inspect'").iloc[0]
    assert row["p50_minutes"] == pytest.approx(10.771603)
    assert row["release_date"] == pd.Timestamp("2024-06-20")
    assert (hz["p50_ci_low"] <= hz["p50_minutes"]).all()
    assert (hz["p50_minutes"] <= hz["p50_ci_high"]).all()
    dt = load_metr_time_horizon(table="doubling_times").set_index("fit")
    assert dt.loc["from_2023_on", "estimate_days"] == pytest.approx(130.801)
    rd = load_metr_time_horizon(table="release_dates")
    assert rd.query("alias == 'o3'")["release_date"].iloc[0] == pd.Timestamp("2025-04-16")
    mess = load_metr_time_horizon(table="messiness")
    assert len(mess) == 3874 and mess["is_label_record_done"].dtype == bool
    assert mess["is_label_record_done"].sum() == 702
    tasks = load_metr_time_horizon(table="messiness_tasks")
    assert len(tasks) == 142 and tasks["task_id"].is_unique
