"""Loaders of ``correlated-errors`` against the registered files in the cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data import (
    load_correlated_errors,
)


def test_correlated_errors(staged):
    pairs = load_correlated_errors()
    assert len(pairs) == 71 * 70 // 2
    models = pd.unique(pd.concat([pairs["model1"], pairs["model2"]]))
    assert len(models) == 71
    key = pairs[["model1", "model2"]].apply(sorted, axis=1, result_type="expand")
    assert not key.duplicated().any()
    rates = ["overall_agreement_rate", "both_correct_rate", "agreement_rate_when_either_wrong",
             "agreement_rate_when_both_wrong"]
    assert (pairs[rates + ["chi_square", "p_value"]].dtypes == np.float64).all()
    assert pairs[rates].stack().between(0, 1).all()
    assert pairs["agreement_rate_when_both_wrong"].mean() == pytest.approx(0.6, abs=0.1)
    raw = pd.read_csv(staged / "correlated-errors" / "model_correlations.csv")
    assert pairs.loc[0, "chi_square"] == raw.loc[0, "chi_square"]
    acc = load_correlated_errors(table="accuracy").set_index("model")["accuracy"]
    assert acc.dtype == np.float64 and acc.between(0, 1).all() and len(acc) == 71
    assert acc["01-ai/yi-large-preview"] == pytest.approx(0.8000284859706595)
    meta = load_correlated_errors(table="models").set_index("model")
    assert meta.loc["qwen/qwen2.5-72b-instruct-turbo", "size_b"] == 72.0
    assert set(meta.index) == set(models)
    hf = load_correlated_errors(table="hf_accuracy")
    assert len(hf) == 451 and hf["model"].is_unique
