"""Loaders of ``chembench-irt`` against the registered files in the cache."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from analysis.data import (
    load_chembench_irt,
)


def test_chembench_irt(staged):
    df = load_chembench_irt()
    assert list(df.columns) == ["model", "item", "difficulty", "correct"]
    assert df["correct"].dtype == np.uint8 and df["item"].dtype == np.int64
    assert len(df) == 22 * 2854
    assert not df.duplicated(["model", "item"]).any()
    scores = pd.read_csv(staged / "chembench-irt" / "model_score_allcorrect.csv", index_col=0)
    got = df.groupby("model")["correct"].mean()
    np.testing.assert_allclose(got.loc[scores.index], scores["score"])
    diff = json.loads((staged / "chembench-irt" / "difficulty_dict.json").read_text())
    counts = df.drop_duplicates("item")["difficulty"].value_counts()
    assert {k: counts[k] for k in diff} == {k: len(v) for k, v in diff.items()}
    raw = pd.read_csv(staged / "chembench-irt" / "binary_matrix.csv", index_col=0)
    assert df.query("model == 'o1' and item == 1")["correct"].item() == raw.loc[1, "o1"]
