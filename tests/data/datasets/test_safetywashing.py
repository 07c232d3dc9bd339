"""Loaders of ``safetywashing`` against the registered files in the cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data import (
    load_safetywashing,
)


def test_safetywashing(staged):
    df = load_safetywashing()
    assert list(df.columns) == ["model_type", "model", "display_name", "model_size", "flop",
                                "benchmark", "benchmark_name", "metric", "score"]
    assert (df[["model_size", "flop", "score"]].dtypes == np.float64).all()
    assert not df.duplicated(["model_type", "model", "benchmark"]).any()
    base_raw = pd.read_csv(staged / "safetywashing" / "benchmarks_base_models.csv")
    chat_raw = pd.read_csv(staged / "safetywashing" / "benchmarks_chat_models.csv")
    meta = ["model", "model_size", "FLOP", "name", "type"]
    n = sum(r.drop(columns=meta).notna().sum().sum() for r in (base_raw, chat_raw))
    assert len(df) == n
    assert df.groupby("model_type")["model"].nunique().to_dict() == {"base": 27, "chat": 26}
    got = df.query("model_type == 'base' and model == 'Mixtral-8x22B-v0.1' and "
                   "benchmark == 'machiavelli-points'")["score"].item()
    assert got == pytest.approx(base_raw.loc[0, "machiavelli-points"])
    assert df.query("benchmark == 'mmlu'")["metric"].iloc[0] == "Accuracy (↑)"
    assert len(load_safetywashing(subset="chat")) + len(load_safetywashing(subset="base")) \
        == len(df)
