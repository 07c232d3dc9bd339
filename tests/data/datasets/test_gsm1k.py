"""Loaders of ``gsm1k`` against the registered files in the cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data import (
    load_gsm1k,
)


def test_gsm1k_models(staged):
    df = load_gsm1k()
    assert list(df.columns) == ["model", "gap", "avg_loglik"]
    assert df["model"].is_unique and len(df) == 56
    assert (df[["gap", "avg_loglik"]].dtypes == np.float64).all()
    # the files have no header row: the first line is data
    gap_raw = pd.read_csv(staged / "gsm1k" / "scale_diff.csv", header=None)
    ll_raw = pd.read_csv(staged / "gsm1k" / "averages.tsv", header=None, sep="\t")
    got = df.set_index("model")
    assert got.loc[gap_raw.iloc[0, 0], "gap"] == pytest.approx(gap_raw.iloc[0, 1])
    assert got.loc[ll_raw.iloc[0, 0], "avg_loglik"] == pytest.approx(ll_raw.iloc[0, 1])
    assert got.loc["CodeLlama-70b-hf", "gap"] == pytest.approx(0.0585883307799509)
    assert df.dropna().shape[0] == len(set(gap_raw[0]) & set(ll_raw[0])) == 52
    assert (df["avg_loglik"].dropna() < 0).all()


def test_gsm1k_items(staged):
    items = load_gsm1k(table="items")
    raw = pd.read_csv(staged / "gsm1k" / "gsm1k_public_50.csv")
    assert len(items) == 50 and items["answer"].dtype == np.float64
    assert items.loc[0, "answer"] == raw.loc[0, "answer"] == 7
    assert items.loc[0, "question"] == raw.loc[0, "question"]
