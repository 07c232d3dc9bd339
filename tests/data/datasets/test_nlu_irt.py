"""Loaders of ``nlu-irt`` against the registered files in the cache."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import (
    load_nlu_irt,
    nlu_irt_matrix,
)


def test_nlu_irt_long(staged):
    df = load_nlu_irt(test_set="cb")
    raw = pd.read_csv(staged / "nlu-irt" / "cb_irt_all_coded.csv")
    assert list(df.columns) == ["test_set", "model", "base_model", "checkpoint", "item",
                                "item_index", "correct"]
    assert len(df) == 90 * 28 == raw.shape[0] * (raw.shape[1] - 1)
    assert df["correct"].dtype == np.uint8
    assert not df.duplicated(["model", "item"]).any()
    cell = df.query("model == 'roberta-base-10M-1_10' and item == 'cb_20'")["correct"].item()
    assert cell == raw.set_index("userid").loc["roberta-base-10M-1_10", "cb_20"] == 0
    assert set(df["checkpoint"]) == {"1", "10", "25", "50", "best"}
    assert df["base_model"].nunique() == 18
    two = load_nlu_irt(test_set=["cb", "copa"])
    assert set(two["test_set"]) == {"cb", "copa"} and len(two) == 90 * (28 + 50)


def test_nlu_irt_matrix(staged):
    m = nlu_irt_matrix(test_set="copa")
    raw = pd.read_csv(staged / "nlu-irt" / "copa_irt_all_coded.csv", index_col="userid")
    assert m.shape == (90, 50) and (m.dtypes == np.int8).all()
    assert m.index.name == "model" and m.columns.name == "item"
    np.testing.assert_array_equal(m.to_numpy(), raw.to_numpy())
    assert list(m.index) == list(raw.index)


def test_fast_parser_reads_only_the_exact_layout():
    from analysis.data.datasets.nlu_irt import _parse_binary_csv
    users, items, values = _parse_binary_csv(b"userid,a,b,c\nm1,1,0,1\nm2,0,0,1\n")
    assert list(users) == ["m1", "m2"] and items == ["a", "b", "c"]
    np.testing.assert_array_equal(values, [[1, 0, 1], [0, 0, 1]])
    for other in (b"userid,a,b\nm1,1,\nm2,0,1\n",  # a gap: pandas reads it and refuses it
                  b"userid,a,b\nm1,1.0,0\nm2,0,1\n", b"userid,a,b\nm1,2,0\nm2,0,1\n",
                  b'"userid",a\nm1,1\n', b"user,a\nm1,1\n"):
        assert _parse_binary_csv(other) is None
