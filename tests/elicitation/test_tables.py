"""The book's table of elicitation gaps on the staged data: its shape, its pairing against the
loaders' raw columns, and that every row's change is elicited minus baseline."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import data
from analysis.elicitation import (
    GSM8K_BASELINE,
    GSM8K_ITEMS,
    GSM8K_TECHNIQUES,
    POST_TRAINING_BASES,
    elicitation_gaps,
)


@pytest.fixture(scope="module")
def table(staged):
    return elicitation_gaps()


def test_columns_and_kinds(table):
    assert set(table["kind"]) == {"prompting", "post-training", "reasoning effort"}
    np.testing.assert_allclose(table["change"], table["elicited"] - table["baseline"])
    assert table["ceg_kind"].isin(["estimate", "lower_bound", "upper_bound", "undefined"]).all()
    assert (table.loc[table["kind"] == "reasoning effort", "ceg_kind"] == "undefined").all()


def test_prompting_rows_pair_the_raw_columns(table):
    wide = data.load_obsscaling(table="post_training", wide=True).set_index("model")
    scores = wide[GSM8K_BASELINE]
    assert np.allclose(scores.dropna() * GSM8K_ITEMS, np.round(scores.dropna() * GSM8K_ITEMS))
    rows = table[table["kind"] == "prompting"]
    for label, column in GSM8K_TECHNIQUES.items():
        sub = rows[rows["technique"] == label].set_index("model")
        assert len(sub) == wide[[GSM8K_BASELINE, column]].dropna().shape[0]
        np.testing.assert_allclose(sub["elicited"], wide.loc[sub.index, column])
        np.testing.assert_allclose(sub["baseline"], scores.loc[sub.index])


def test_post_training_pairs_share_compute(table):
    inst = data.load_obsscaling(table="instruct", wide=True).set_index("model")
    base = data.load_obsscaling(table="base", wide=True).set_index("model")
    for chat, parent in POST_TRAINING_BASES.items():
        assert inst.loc[chat, "flops_1e21"] == pytest.approx(base.loc[parent, "flops_1e21"])
    assert set(table.loc[table["kind"] == "post-training", "model"]) == set(POST_TRAINING_BASES)


def test_effort_rows_go_up_in_effort(table):
    rows = table[table["kind"] == "reasoning effort"]
    assert len(rows) > 20
    assert rows["se"].ge(0.005 * np.sqrt(2) - 1e-12).all()   # Epoch's 0.00 read as < 0.005


def test_unknown_model_in_the_pairing_is_named(staged, monkeypatch):
    from analysis.elicitation import tables

    monkeypatch.setitem(tables.POST_TRAINING_BASES, "no-such-chat-model", "meta-llama/Llama-2-7b-hf")
    tables._post_training.cache_clear()
    try:
        with pytest.raises(data.DataError, match="no-such-chat-model"):
            tables.post_training_gaps()
    finally:
        monkeypatch.undo()
        tables._post_training.cache_clear()
