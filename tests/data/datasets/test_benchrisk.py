"""Loaders of ``benchrisk`` against the registered files in the cache."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import (
    load_benchrisk,
)


def test_benchrisk_scores(staged):
    df = load_benchrisk()
    assert len(df) == 27 * 52 and df["benchmark"].nunique() == 27
    assert not df.duplicated(["benchmark", "threat_id"]).any()
    assert (df[["severity", "mitigated_risk", "underperformance", "benchmark_scored"]].dtypes == np.float64).all()
    for c in ("severity", "mitigated_risk", "underperformance"):
        assert df[c].between(0, 1).all(), c
    mmlu = df.query("benchmark == 'MMLU'").set_index("threat_id")
    raw = pd.read_csv(staged / "benchrisk" / "scores" /
                      "Production Benchmark Benchmark V0.5.2 - MMLU.csv").set_index("Threat ID")
    np.testing.assert_allclose(mmlu["benchmark_scored"], raw.loc[mmlu.index, "Benchmark Scored"])
    assert (df["n_adopted"] <= df["n_available"]).all()
    assert pd.api.types.is_datetime64_any_dtype(df["affirming_date"])
    arc = df.query("benchmark == 'ARCAGIPublic'")
    assert arc["affirming_date"].isna().all()


def test_benchrisk_registries(staged):
    fm = load_benchrisk(table="failure_modes")
    assert len(fm) == 57 and fm["failure_mode_id"].is_unique
    assert fm["severity"].between(0, 1).all()
    mit = load_benchrisk(table="mitigations")
    raw = pd.read_csv(staged / "benchrisk" / "MitigationRegistryV0.5.2.csv")
    assert len(mit) == len(raw) == 197
    np.testing.assert_allclose(mit["likelihood_reduction"],
                               raw["Reduction in Likelihood (Percent)"] / 100)
    assert mit["severity_reduction"].between(0, 1).all()
    assert set(mit["failure_mode_id"]) <= set(fm["failure_mode_id"])
