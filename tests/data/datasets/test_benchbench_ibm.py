"""Loaders of ``benchbench-ibm`` against the registered files in the cache."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import (
    load_benchbench_ibm,
)


def test_benchbench_ibm(staged):
    df = load_benchbench_ibm()
    assert list(df.columns) == ["file", "folder", "source", "snapshot_date", "category",
                                "entry", "model", "scenario", "score", "lower_is_better"]
    assert (df[["score"]].dtypes == np.float64).all()
    assert df["score"].notna().all()
    assert (df["folder"] == "benchmarks").all() and df["file"].nunique() == 40
    assert not df.duplicated(["file", "entry", "scenario"]).any()
    assert df["entry"].dtype == np.int64
    raw = pd.read_csv(staged / "benchbench-ibm" / "benchmarks" / "helm_lite_240829_holistic.csv")
    got = df.query("file == 'helm_lite_240829_holistic'").set_index("model")["score"]
    pd.testing.assert_series_equal(got.sort_index(), raw.set_index("model")["helm_lite"]
                                   .sort_index(), check_names=False)
    row = df.query("file == 'helm_lite_240829_holistic'").iloc[0]
    assert row["source"] == "helm_lite" and row["category"] == "holistic"
    assert row["snapshot_date"] == pd.Timestamp("2024-08-29")
    lv = df.query("source == 'lvbench'")
    assert len(lv) > 0 and lv["snapshot_date"].isna().all()  # 241189 is not a date
    assert df.query("source == 'helm_airbench'")["lower_is_better"].all()
    old = load_benchbench_ibm(subset="old")
    assert (old["folder"] == "benchmarks_old").all() and old["file"].nunique() == 22
    blz = old.query("file == 'BLZ_240312'")
    raw_blz = pd.read_csv(staged / "benchbench-ibm" / "benchmarks_old" / "BLZ_240312.csv")
    assert len(blz) == raw_blz["score"].notna().sum()
    assert len(load_benchbench_ibm(subset="all")) == len(df) + len(old)
