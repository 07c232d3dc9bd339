"""The response-matrix API: a researcher's long table becomes the matrix every chapter uses,
and every malformed table is refused with an error that says what to fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data import ResponseMatrix, from_long, read_results


def _long(n_models: int = 3, n_items: int = 4, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    models = [f"m{i}" for i in range(n_models)]
    items = [f"q{j}" for j in range(n_items)]
    grid = pd.MultiIndex.from_product([models, items], names=["model", "item"]).to_frame(index=False)
    grid["score"] = rng.integers(0, 2, len(grid))
    grid["family"] = grid["item"].map(lambda q: "even" if int(q[1:]) % 2 == 0 else "odd")
    return grid


def test_matrix_holds_each_score_at_its_model_and_item():
    rows = _long()
    shuffled = rows.sample(frac=1, random_state=1)
    m = from_long(shuffled, cluster="family")
    for row in rows.itertuples():
        assert m.scores.loc[row.model, row.item] == row.score
    assert m.scores.index.name == "model" and m.scores.columns.name == "item"
    assert m.items.loc[m.scores.columns, "cluster"].tolist() == [
        "even" if int(q[1:]) % 2 == 0 else "odd" for q in m.scores.columns]


def test_repeated_runs_average_within_a_cell_and_are_kept():
    rows = pd.DataFrame({"model": ["a"] * 4 + ["b"] * 4, "item": ["x", "x", "y", "y"] * 2,
                         "epoch": [1, 2] * 4, "score": [1, 0, 1, 1, 0, 0, 0.5, 1]})
    m = from_long(rows, run="epoch")
    assert m.scores.loc["a"].tolist() == [0.5, 1.0]
    assert m.scores.loc["b"].tolist() == [0.0, 0.75]
    assert len(m.runs) == 8 and set(m.runs.columns) == {"model", "item", "run", "score"}


def test_booleans_and_numeric_strings_are_scores():
    rows = _long()
    rows["score"] = rows["score"].astype(bool)
    assert from_long(rows).scores.to_numpy().sum() == rows["score"].sum()
    rows["score"] = rows["score"].astype(int).astype(str)
    assert from_long(rows).scores.to_numpy().sum() == rows["score"].astype(int).sum()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.assign(score=r["score"].map({0: "wrong", 1: "right"})), "non-numeric"),
        (lambda r: r.assign(score=r["score"] * 100), "percentages"),
        (lambda r: r.assign(score=r["score"] - 2), r"\[0, 1\]"),
        (lambda r: r.assign(score=r["score"].where(r.index != 2)), "NaN"),
        (lambda r: pd.concat([r, r.iloc[[0]]]), "repeat a \\(model, item\\) pair.*run="),
        (lambda r: r.iloc[1:], "cells have no score.*missing='allow'"),
        (lambda r: r.rename(columns={"score": "correct"}), "no column.*score"),
        (lambda r: r.iloc[:0], "no rows"),
        (lambda r: r.assign(model=r["model"].where(r.index != 3)), "model ids"),
    ],
    ids=["text", "percent", "range", "nan", "duplicate", "missing", "column", "empty", "no-id"],
)
def test_malformed_tables_are_refused_with_the_fix(change, message):
    with pytest.raises(ValueError, match=message):
        from_long(change(_long()))


def test_cluster_must_be_constant_within_an_item():
    rows = _long()
    rows.loc[0, "family"] = "odd-one-out"
    with pytest.raises(ValueError, match="constant within each item.*'q0'"):
        from_long(rows, cluster="family")


def test_duplicate_runs_are_refused():
    rows = _long().assign(run=1)
    with pytest.raises(ValueError, match="repeat a \\(model, item, run\\)"):
        from_long(pd.concat([rows, rows.iloc[[0]]]), run="run")


def test_missing_cells_kept_as_nan_when_allowed():
    m = from_long(_long().iloc[1:], missing="allow")
    assert m.has_missing and np.isnan(m.scores.loc["m0", "q0"])
    assert "1 cells missing" in repr(m)


def test_weights_must_be_positive():
    rows = _long().assign(w=1.0)
    assert (from_long(rows, weight="w").items["weight"] == 1.0).all()
    rows.loc[rows["item"] == "q1", "w"] = -1.0
    with pytest.raises(ValueError, match="positive"):
        from_long(rows, weight="w")


def test_subset_keeps_metadata_aligned_and_names_unknown_labels():
    m = from_long(_long(), cluster="family")
    sub = m.subset(models=["m2", "m0"], items=["q3", "q1"])
    assert sub.scores.index.tolist() == ["m2", "m0"]
    assert sub.items.index.tolist() == ["q3", "q1"]
    with pytest.raises(KeyError, match="unknown item.*'q9'"):
        m.subset(items=["q9"])


def test_from_wide_aligns_metadata_on_labels():
    scores = pd.DataFrame([[1, 0], [0, 1]], index=["a", "b"], columns=["x", "y"])
    items = pd.DataFrame({"cluster": ["cy", "cx"]}, index=["y", "x"])
    m = ResponseMatrix.from_wide(scores, items=items)
    assert m.items["cluster"].tolist() == ["cx", "cy"]
    with pytest.raises(ValueError, match="lacks 1 item"):
        ResponseMatrix.from_wide(scores, items=items.iloc[:1])
    with pytest.raises(ValueError, match="percentages"):
        ResponseMatrix.from_wide(scores * 100)


def test_read_results_reads_csv_and_parquet(tmp_path):
    rows = _long()
    rows.to_csv(tmp_path / "r.csv", index=False)
    rows.to_parquet(tmp_path / "r.parquet")
    a = from_long(tmp_path / "r.csv")
    b = from_long(str(tmp_path / "r.parquet"))
    pd.testing.assert_frame_equal(a.scores, b.scores)
    (tmp_path / "r.xlsx").write_text("")
    with pytest.raises(ValueError, match="unknown format"):
        read_results(tmp_path / "r.xlsx")
    with pytest.raises(FileNotFoundError):
        read_results(tmp_path / "absent.csv")


def test_a_million_rows_pivot_without_loops():
    rng = np.random.default_rng(3)
    n_models, n_items = 20, 50_000
    rows = pd.DataFrame({
        "model": np.repeat(np.arange(n_models), n_items),
        "item": np.tile(np.arange(n_items), n_models),
        "score": rng.integers(0, 2, n_models * n_items),
    })
    m = from_long(rows)
    assert m.scores.shape == (n_models, n_items)
    np.testing.assert_array_equal(m.scores.to_numpy().ravel(), rows["score"].to_numpy())
