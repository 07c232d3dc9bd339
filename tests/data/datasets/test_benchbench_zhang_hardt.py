"""Loaders of ``benchbench-zhang-hardt`` against the registered files in the cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data import (
    load_benchbench_zhang_hardt,
)


def test_zhang_hardt_helm(staged):
    df = load_benchbench_zhang_hardt()
    assert list(df.columns) == ["leaderboard", "entry", "model", "task", "score"]
    assert (df[["score"]].dtypes == np.float64).all()
    raw = pd.read_csv(staged / "benchbench-zhang-hardt" / "helm" / "accuracy.tsv", sep="\t")
    models = set(raw["Model/adapter"])
    assert set(df["model"]) <= models and "Mean win rate" not in set(df["task"])
    cell = df.query("model == 'Llama 2 (70B)' and task == 'MMLU - EM'")["score"].item()
    assert cell == pytest.approx(0.582)
    n_present = (raw.drop(columns=["Model/adapter", "Mean win rate"]) != "-").sum().sum()
    assert len(df) == n_present
    assert not df.duplicated(["entry", "task"]).any()
    assert df["score"].between(0, 1).all()


@pytest.mark.parametrize("board", ["helm/efficiency", "heim/nsfw", "openllm", "mmlu", "glue",
                                   "superglue", "mteb", "vtab", "bigcode", "bbh"])
def test_zhang_hardt_boards(staged, board):
    df = load_benchbench_zhang_hardt(table=board)
    assert len(df) > 50 and df["score"].notna().all()
    assert (df["leaderboard"] == board).all()
    assert not df.duplicated(["entry", "task"]).any()


def test_zhang_hardt_special_layouts(staged):
    glue = load_benchbench_zhang_hardt(table="glue")
    assert glue.duplicated(["model", "task"]).any()  # e.g. RefBERT submitted twice
    glue = glue.drop_duplicates(["model", "task"]).set_index(["model", "task"])
    assert glue.loc[("Turing ULR v6", "MRPC"), "score"] == pytest.approx((94.2 + 92.3) / 2)
    mmlu = load_benchbench_zhang_hardt(table="mmlu")
    assert mmlu["task"].nunique() == 57 and "abstract_algebra" in set(mmlu["task"])
    vtab = load_benchbench_zhang_hardt(table="vtab").set_index(["model", "task"])
    assert vtab.loc[("Sup-Rotation-100%", "CIFAR-100"), "score"] == pytest.approx(84.8)
    heim = load_benchbench_zhang_hardt(table="heim/nsfw")
    assert not heim["task"].str.contains("[ sort ]", regex=False).any()
