"""Paired comparisons, tiers and closest pairs from sufficient statistics
(analysis.report.sufficient_pairs) and in the Dask engine, against their defining formulas
and the in-memory engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from report.test_engine_dask import client, results, write_dataset  # noqa: F401 (client: a fixture)

from analysis import stats
from analysis.report import load_results, make_report
from analysis.report.analyse import clusters_of
from analysis.report.sufficient import from_matrix, partial_statistics
from analysis.report.sufficient_pairs import (
    closest_from_statistics,
    comparisons_from_statistics,
    pairs_from_statistics,
    tiers_from_statistics,
)

pytest.importorskip("distributed")
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword:DeprecationWarning")

DESIGNS = [dict(n_models=6, n_items=300), dict(n_models=5, n_items=400, clusters=25),
           dict(n_models=4, n_items=240, clusters=12, runs=3), dict(n_models=5, n_items=150, runs=2),
           dict(n_models=7, n_items=40), dict(n_models=6, n_items=90, clusters=6)]


def assert_tables_equal(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Same columns, order, labels and booleans; numbers to 1e-12."""
    assert got.columns.tolist() == expected.columns.tolist()
    assert got.index.tolist() == expected.index.tolist()
    for column in expected.columns:
        a, b = got[column], expected[column]
        if pd.api.types.is_float_dtype(b):
            np.testing.assert_allclose(a.to_numpy(float), b.to_numpy(float), rtol=0, atol=1e-12,
                                       err_msg=column)
        else:
            assert a.tolist() == b.tolist(), column


def with_twins(frame: pd.DataFrame) -> pd.DataFrame:
    """Two models copied under new names: identical rows (SE 0, tied means)."""
    twins = frame[frame["model"].isin(["model-0", "model-1"])].copy()
    twins["model"] = twins["model"].str.replace("model-", "twin-")
    return pd.concat([frame, twins], ignore_index=True)


# --- the Gram-matrix SEs against their defining formulas ------------------------------------

def test_unclustered_pairs_equal_the_paired_t_test_of_the_differences():
    matrix, *_ = load_results(with_twins(results(5, 120, seed=2)))
    s = from_matrix(matrix, n_resamples=20)
    order = pd.Index(matrix.scores.index)
    pairs = pairs_from_statistics(s, order, confidence=0.9)
    values = matrix.scores.loc[order].to_numpy(float)
    ia, ib = np.triu_indices(len(order), k=1)
    direct = stats.paired_t_test(values[ia], values[ib], confidence=0.9, bounded=False)
    for column in ("difference", "se", "ci_low", "ci_high", "p_value"):
        np.testing.assert_allclose(pairs[column], direct[column], rtol=0, atol=1e-12)
    assert (pairs["se"] == 0).sum() == 2  # each twin against its original


def test_closest_pairs_follow_the_sample_size_formula():
    # n = ceil((z_{1-alpha/2} + z_power)^2 omega2 deff / delta^2), with omega2 the ddof=1
    # variance of the neighbours' per-item differences and deff = se^2 / (omega2 / n).
    from scipy.stats import norm

    matrix, *_ = load_results(results(5, 400, seed=4))
    s = from_matrix(matrix, n_resamples=20)
    means = matrix.scores.mean(axis=1).sort_values(ascending=False, kind="stable")
    order = pd.Index(means.index)
    pairs = pairs_from_statistics(s, order)
    closest = closest_from_statistics(s, order, pairs, alpha=0.05, power=0.8).set_index("model_a")
    values = matrix.scores.loc[order].to_numpy(float)
    n = values.shape[1]
    for k in range(len(order) - 1):
        d = values[k] - values[k + 1]
        omega2, delta = d.var(ddof=1), d.mean()
        se = stats.paired_t_test(values[k], values[k + 1], bounded=False)["se"].iloc[0]
        deff = se**2 / (omega2 / n)
        row = closest.loc[order[k]]
        assert row["model_b"] == order[k + 1]
        assert row["omega2"] == pytest.approx(omega2, abs=1e-12)
        assert row["design_effect"] == pytest.approx(deff, rel=1e-9)
        if delta > 0:
            expected = np.ceil((norm.ppf(0.975) + norm.ppf(0.8)) ** 2 * omega2 * deff / delta**2)
            assert row["items_needed"] == expected


def test_clustered_pairs_equal_cr2_of_the_differences():
    frame = results(6, 200, clusters=15, seed=3)
    matrix, *_ = load_results(frame)
    clusters = clusters_of(matrix)
    s = from_matrix(matrix, clusters=clusters, n_resamples=20)
    order = pd.Index(matrix.scores.index)
    pairs = pairs_from_statistics(s, order)
    values = matrix.scores.loc[order].to_numpy(float)
    ia, ib = np.triu_indices(len(order), k=1)
    d = pd.DataFrame(values[ia] - values[ib], columns=matrix.scores.columns)
    direct = stats.clustered_se(d, clusters, method="CR2", bounded=False)
    np.testing.assert_allclose(pairs["se"], direct["se"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(pairs["difference"], direct["mean"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(pairs["ci_high"], direct["ci_high"], rtol=0, atol=1e-12)


def test_a_difference_with_no_residual_cluster_sums_gets_se_exactly_zero():
    # b differs from a on two items of one cluster, in opposite directions: the residual
    # cluster sums of the difference are all 0, so its CR2 SE is exactly 0 (no rounding).
    rng = np.random.default_rng(5)
    a = (rng.random(60) < 0.5).astype(float)
    a[:2] = [1.0, 0.0]
    b = a.copy()
    b[:2] = [0.0, 1.0]
    scores = pd.DataFrame([a, b, 1 - a], index=["a", "b", "c"], columns=[f"q{i}" for i in range(60)])
    rows = scores.stack().rename("score").rename_axis(["model", "item"]).reset_index()
    rows["cluster"] = [f"c{int(q[1:]) // 6}" for q in rows["item"]]
    s = partial_statistics(rows, pd.Index(["a", "b", "c"]), pd.Index(sorted(rows["cluster"].unique())),
                           seed=0, n_resamples=10)
    pairs = pairs_from_statistics(s, pd.Index(["a", "b", "c"]))
    assert pairs["se"].iloc[0] == 0.0 and pairs["difference"].iloc[0] == 0.0
    assert (pairs["se"].iloc[1:] > 0).all()


# --- the same tables as the in-memory engine ------------------------------------------------

@pytest.mark.parametrize("design", DESIGNS)
def test_comparisons_equal_the_in_memory_report(design):
    frame = with_twins(results(**design))
    memory = make_report(frame, resampling="poisson", n_resamples=50, irt=False, progress=False)
    matrix, *_ = load_results(frame)
    s = from_matrix(matrix, clusters=clusters_of(matrix), n_resamples=50)
    pairs, tiers, closest = comparisons_from_statistics(s, memory.models.index)
    assert_tables_equal(pairs, memory.pairs)
    assert_tables_equal(tiers, memory.tiers)
    assert_tables_equal(closest, memory.closest)


def test_tiers_follow_the_leader_rule_of_leaderboard_tiers():
    frame = results(8, 60, seed=4)
    matrix, *_ = load_results(frame)
    s = from_matrix(matrix, n_resamples=20)
    order = matrix.scores.mean(axis=1).sort_values(ascending=False, kind="stable").index
    pairs = pairs_from_statistics(s, order, alpha=0.2)
    expected = stats.leaderboard_tiers(matrix.scores.loc[order], test="t", alpha=0.2)
    assert_tables_equal(tiers_from_statistics(s, order, pairs), expected)


# --- the Dask engine ------------------------------------------------------------------------

def models_in_another_order(frame: pd.DataFrame, folder, parts: int) -> str:
    """Partitions holding different models first, items split across partitions."""
    folder.mkdir()
    rng = np.random.default_rng(1)
    for k, rows in enumerate(np.array_split(rng.permutation(len(frame)), parts)):
        part = frame.iloc[rows]
        names = sorted(part["model"].unique(), reverse=bool(k % 2))
        part = part.assign(model=pd.Categorical(part["model"], categories=names))
        part.sort_values("model").to_parquet(folder / f"part-{k:03d}.parquet", index=False)
    return str(folder)


@pytest.mark.parametrize("design", [dict(n_models=5, n_items=200),
                                    dict(n_models=4, n_items=240, clusters=12, runs=3)])
def test_dask_comparisons_equal_the_in_memory_report(design, tmp_path, client):  # noqa: F811
    from analysis.report.engine_dask import analyse_dataset

    frame = with_twins(results(**design))
    memory = make_report(frame, resampling="poisson", n_resamples=200, seed=2, irt=False,
                         progress=False)
    dask = analyse_dataset(models_in_another_order(frame, tmp_path / "data", 4), n_resamples=200,
                           seed=2, client=client)
    assert dask.meta["shuffled"]  # rows of one item sit in several partitions
    for got, expected in ((dask.pairs, memory.pairs), (dask.tiers, memory.tiers),
                          (dask.closest, memory.closest)):
        assert_tables_equal(got, expected)
    columns = ["rank", "tier", "n_tied", "rank_low", "rank_high", "p_first"]
    assert_tables_equal(dask.models[columns], memory.models[columns])
    assert dask.summary[1:] == memory.summary[1:len(dask.summary)]


def test_itemwise_partitions_are_not_shuffled(tmp_path, client):  # noqa: F811
    from analysis.report.engine_dask import analyse_dataset

    frame = results(4, 120, clusters=8)
    folder = tmp_path / "data"
    folder.mkdir()
    items = sorted(frame["item"].unique())
    for k, block in enumerate(np.array_split(np.array(items, dtype=object), 3)):
        frame[frame["item"].isin(block)].to_parquet(folder / f"part-{k}.parquet", index=False)
    whole = analyse_dataset(folder, n_resamples=100, client=client)
    split = analyse_dataset(write_dataset(frame, tmp_path / "split", 3), n_resamples=100,
                            client=client)
    assert not whole.meta["shuffled"] and split.meta["shuffled"]
    assert_tables_equal(whole.pairs, split.pairs)
    assert_tables_equal(whole.closest, split.closest)
    page = whole.to_html()
    assert "Paired comparisons" in page and "How many items would separate" in page
    assert "item statistics and the IRT fit need the whole" in page


# --- additivity and bad input ---------------------------------------------------------------

def test_cross_products_add_up_over_blocks_of_whole_items(monkeypatch):
    import analysis.report.sufficient as sufficient

    frame = results(5, 90, seed=6)
    models = pd.Index(sorted(frame["model"].unique()))
    matrix, *_ = load_results(frame)
    x = matrix.scores.loc[models].to_numpy(float)
    items = np.array(sorted(frame["item"].unique()), dtype=object)
    parts = [partial_statistics(frame[frame["item"].isin(block)], models, None, seed=0, n_resamples=5)
             for block in np.array_split(items, 4)]
    total = parts[0] + parts[1] + parts[2] + parts[3]
    np.testing.assert_array_equal(total.gram, x @ x.T)
    monkeypatch.setattr(sufficient, "_GRAM_CELLS", 7 * len(models))  # slices of 7 items
    chunked = partial_statistics(frame, models, None, seed=0, n_resamples=5)
    np.testing.assert_array_equal(chunked.gram, x @ x.T)
    without = partial_statistics(frame, models, None, seed=0, n_resamples=5, cross=False)
    assert without.gram is None and (without + total).gram is None


def test_bad_input_is_refused_with_a_clear_message():
    frame = results(3, 40)
    models = pd.Index(sorted(frame["model"].unique()))
    s = partial_statistics(frame, models, None, seed=0, n_resamples=5)
    with pytest.raises(ValueError, match="unknown: \\['nope'\\]"):
        pairs_from_statistics(s, pd.Index(["model-0", "model-1", "nope"]))
    with pytest.raises(ValueError, match="each of the 3 models once"):
        pairs_from_statistics(s, models[:2])
    pairs = pairs_from_statistics(s, models)
    with pytest.raises(ValueError, match="another order"):
        tiers_from_statistics(s, models[::-1], pairs)
    with pytest.raises(ValueError, match="3 models make 3 pairs"):
        closest_from_statistics(s, models, pairs.head(2))
    with pytest.raises(ValueError, match="another order"):  # read by position: refused
        closest_from_statistics(s, models, pairs.iloc[::-1])
    no_cross = partial_statistics(frame, models, None, seed=0, n_resamples=5, cross=False)
    with pytest.raises(ValueError, match="no cross-products"):
        pairs_from_statistics(no_cross, models)
    short = partial_statistics(frame.iloc[1:], models, None, seed=0, n_resamples=5)
    with pytest.raises(ValueError, match="same items"):
        pairs_from_statistics(short, models)
