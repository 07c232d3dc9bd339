"""Loaders of ``obsscaling`` against the registered files in the cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data import (
    load_obsscaling,
)


def test_obsscaling(staged):
    long = load_obsscaling()
    raw = pd.read_csv(staged / "obsscaling" / "base_llm_benchmark_eval.csv")
    assert list(long.columns) == ["model", "model_family", "model_size_b",
                                  "pretraining_tokens_t", "flops_1e21", "benchmark", "score"]
    assert (long[["model_size_b", "pretraining_tokens_t", "flops_1e21", "score"]].dtypes == np.float64).all()
    assert long["model"].nunique() == len(raw) == 148
    assert len(long) == raw.iloc[:, 5:].notna().sum().sum()
    assert not long.duplicated(["model", "benchmark"]).any()
    v = long.query("model == 'meta-llama/Llama-2-7b-hf' and benchmark == 'MMLU'")["score"]
    assert v.item() == pytest.approx(raw.set_index("Model").loc["meta-llama/Llama-2-7b-hf",
                                                                  "MMLU"])
    assert long["score"].between(0, 1).all()
    wide = load_obsscaling(wide=True)
    assert wide.shape == raw.shape and "flops_1e21" in wide.columns
    post = load_obsscaling(table="post_training")
    assert post["score"].min() < 0  # chance-normalised ",norm" columns
    assert set(load_obsscaling(table="agent").columns) == {"model", "benchmark", "score"}
