"""The report's Dask engine against the in-memory engine, and the counter-based Poisson
weights both use (analysis.report.poisson, analysis.report.sufficient, engine_dask)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import poisson

from analysis.report import InputError, choose_intervals, load_results, make_report
from analysis.report.analyse import clusters_of
from analysis.report.cli import main
from analysis.report.poisson import (
    GAMMA,
    HASH_KEY,
    counter_uniforms,
    mix64,
    poisson_weights,
    unit_keys,
    weighted_sums,
)
from analysis.report.sufficient import finish, from_matrix, partial_statistics

pytest.importorskip("distributed")
# dask's Parquet reader calls a pandas method that pandas 3.1 deprecates (not our code)
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword:DeprecationWarning")

MASK = (1 << 64) - 1
COLUMNS = ["mean", "se", "ci_low", "ci_high", "rank_low", "rank_high", "p_first"]


def mix_reference(z: int) -> int:
    """SplitMix64's finaliser on Python integers (Steele, Lea & Flood 2014)."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def uniform_reference(seed: int, key: int, b: int) -> float:
    state = mix_reference(key ^ mix_reference((seed + int(GAMMA)) & MASK))
    return (mix_reference((state + (b + 1) * int(GAMMA)) & MASK) >> 11) / 2**53


def results(n_models: int, n_items: int, *, clusters: int = 0, runs: int = 1,
            seed: int = 0) -> pd.DataFrame:
    """Long 0/1 results from a Rasch model (synthetic, to test the engines), rows shuffled."""
    rng = np.random.default_rng(seed)
    p = 1 / (1 + np.exp(-(np.linspace(-1, 1, n_models)[:, None] - rng.normal(0, 1, n_items))))
    x = (rng.random((runs, n_models, n_items)) < p).astype(np.int8)
    frame = pd.DataFrame({
        "model": np.tile(np.repeat([f"model-{i}" for i in range(n_models)], n_items), runs),
        "item": np.tile([f"q{j}" for j in range(n_items)], n_models * runs),
        "score": x.ravel()})
    if runs > 1:
        frame["run"] = np.repeat(np.arange(runs), n_models * n_items)
    if clusters:
        frame["cluster"] = [f"c{int(q[1:]) * clusters // n_items}" for q in frame["item"]]
    return frame.sample(frac=1, random_state=seed).reset_index(drop=True)


def write_dataset(frame: pd.DataFrame, folder, parts: int) -> str:
    folder.mkdir()
    for k, rows in enumerate(np.array_split(np.arange(len(frame)), parts)):
        frame.iloc[rows].to_parquet(folder / f"part-{k:03d}.parquet", index=False)
    return str(folder)


@pytest.fixture(scope="module")
def client():
    from analysis.report.engine_dask import open_client

    with open_client(n_workers=1, processes=False) as c:
        yield c


# --- the counter-based generator, pinned to its defining formula ---------------------------

def test_mix64_gives_splitmix64s_published_outputs():
    # SplitMix64 seeded with 0 outputs mix64(k * GAMMA), k = 1, 2, 3: the reference
    # values of Vigna's splitmix64.c
    z = (np.arange(1, 4, dtype=np.uint64) * GAMMA)
    assert [int(v) for v in mix64(z)] == [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]
    values = [0, 1, 2**63 + 12345, MASK]
    assert [int(v) for v in mix64(np.array(values, dtype=np.uint64))] == [mix_reference(v) for v in values]


def test_uniforms_follow_the_formula_on_hand_computed_cases():
    keys = np.array([0, 7, 2**64 - 1], dtype=np.uint64)
    for seed in (0, 3, 2**40 + 1):
        u = counter_uniforms(seed, keys, np.array([0, 1, 999]))
        expected = [[uniform_reference(seed, int(k), b) for k in keys] for b in (0, 1, 999)]
        np.testing.assert_array_equal(u, expected)


def test_weights_are_the_poisson_quantile_of_the_uniforms():
    keys = unit_keys(range(500))
    u = counter_uniforms(5, keys, np.arange(40))
    np.testing.assert_array_equal(poisson_weights(5, keys, 40), poisson.ppf(u, 1.0))


def test_weights_have_poisson1_mean_variance_and_zero_share():
    w = poisson_weights(1, unit_keys(range(5_000)), 200).ravel()  # 1,000,000 draws
    se = 1 / np.sqrt(w.size)
    assert abs(w.mean() - 1) < 5 * se
    assert abs(w.var() - 1) < 5 * np.sqrt(3) * se  # Var of s^2 for Poisson(1): (mu4 - 1) / n = 3 / n
    assert abs((w == 0).mean() - np.exp(-1)) < 5 * np.sqrt(np.exp(-1) * (1 - np.exp(-1))) * se


def test_replicate_blocks_and_seeds():
    keys = unit_keys(["a", "b", "c"])
    np.testing.assert_array_equal(poisson_weights(2, keys, 10)[6:],
                                  poisson_weights(2, keys, 4, start=6))
    assert not np.array_equal(poisson_weights(2, keys, 50), poisson_weights(3, keys, 50))
    with pytest.raises(ValueError, match="seed"):
        poisson_weights(-1, keys, 5)
    with pytest.raises(ValueError, match="n_resamples"):
        poisson_weights(0, keys, 0)


def test_unit_keys_hash_the_text_of_the_id():
    np.testing.assert_array_equal(unit_keys([17, 3]), unit_keys(["17", "3"]))
    text = np.array(["17", "3"], dtype=object)
    np.testing.assert_array_equal(unit_keys([17, 3]), pd.util.hash_array(text, hash_key=HASH_KEY,
                                                                         categorize=False))
    assert unit_keys([17.0])[0] != unit_keys([17])[0]


def test_weighted_sums_do_not_depend_on_how_units_are_split():
    rng = np.random.default_rng(0)
    keys = unit_keys(range(3_000))
    values = rng.integers(0, 2, (3_000, 4)).astype(float)
    whole = weighted_sums(9, keys, values, 300)
    order = rng.permutation(3_000)
    pieces = sum(weighted_sums(9, keys[part], values[part], 300)
                 for part in np.array_split(order, 7))
    np.testing.assert_array_equal(whole, pieces)  # whole numbers: exact sums
    np.testing.assert_array_equal(whole, poisson_weights(9, keys, 300) @ values)


def test_partial_statistics_add_up_over_any_split_of_the_rows():
    frame = results(4, 300, clusters=15)
    models, clusters = pd.Index(sorted(frame["model"].unique())), pd.Index(sorted(frame["cluster"].unique()))
    whole = partial_statistics(frame, models, clusters, seed=4, n_resamples=100)
    parts = [partial_statistics(frame.iloc[rows], models, clusters, seed=4, n_resamples=100)
             for rows in np.array_split(np.random.default_rng(1).permutation(len(frame)), 6)]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    for name in ("n", "sums", "squares", "cluster_sums", "cluster_counts", "boot_sums", "boot_counts"):
        np.testing.assert_array_equal(getattr(whole, name), getattr(total, name))


# --- the shared finishing code equals the in-memory engine's intervals ---------------------

@pytest.mark.parametrize("design", [dict(n_models=5, n_items=40), dict(n_models=5, n_items=3_000),
                                    dict(n_models=4, n_items=400, clusters=20),
                                    dict(n_models=4, n_items=300, clusters=12, runs=3),
                                    dict(n_models=6, n_items=200, runs=3)])
def test_finish_reproduces_choose_intervals(design):
    matrix, *_ = load_results(results(**design))
    expected = choose_intervals(matrix)
    got = finish(from_matrix(matrix, clusters=clusters_of(matrix), n_resamples=100))
    got = got.loc[expected.index]
    numbers = ["mean", "se", "ci_low", "ci_high", "se_naive", "design_effect"]
    np.testing.assert_allclose(got[numbers].to_numpy(float), expected[numbers].to_numpy(float),
                               rtol=1e-12, atol=1e-13)
    assert got["method"].tolist() == expected["method"].tolist()
    assert got["n"].tolist() == expected["n"].tolist()


def test_resampling_must_be_named():
    with pytest.raises(ValueError, match="resampling"):
        make_report(results(3, 30), resampling="bayesian", progress=False)


# --- the two engines ------------------------------------------------------------------------

@pytest.mark.parametrize("design", [dict(n_models=6, n_items=500),
                                    dict(n_models=5, n_items=400, clusters=25),
                                    dict(n_models=4, n_items=300, clusters=20, runs=3)])
def test_engines_agree(design, tmp_path, client):
    frame = results(**design)
    memory = make_report(frame, resampling="poisson", n_resamples=400, seed=3, irt=False,
                         progress=False).models
    from analysis.report.engine_dask import analyse_dataset

    dask = analyse_dataset(write_dataset(frame, tmp_path / "data", 5), n_resamples=400, seed=3,
                           client=client).models
    assert dask.index.tolist() == memory.index.tolist()
    np.testing.assert_allclose(dask[COLUMNS].to_numpy(float), memory[COLUMNS].to_numpy(float),
                               rtol=0, atol=1e-12)
    assert dask["method"].tolist() == memory["method"].tolist()


def test_dask_answers_do_not_depend_on_the_partitioning(tmp_path, client):
    from analysis.report.engine_dask import analyse_dataset

    frame = results(5, 400, clusters=10)
    one = analyse_dataset(write_dataset(frame, tmp_path / "one", 1), n_resamples=300, client=client)
    many = analyse_dataset(write_dataset(frame.sample(frac=1, random_state=7), tmp_path / "many", 9),
                           n_resamples=300, client=client)
    assert many.meta["n_partitions"] == 9
    pd.testing.assert_frame_equal(one.models, many.models)


def test_the_report_pages_of_the_dask_engine(tmp_path, client, monkeypatch):
    import analysis.report.engine_dask as engine

    original = engine.dask_statistics  # on the module's cluster, not a new one
    monkeypatch.setattr(engine, "dask_statistics",
                        lambda path, **options: original(path, client=client, **options))
    path = write_dataset(results(4, 200), tmp_path / "data", 3)
    out = tmp_path / "r.html"
    assert main([path, "--engine", "dask", "-o", str(out), "--json", "--resamples", "200",
                 "--no-progress", "-q"]) == 0
    page = out.read_text()
    assert "--engine dask" in page and "model-3" in page
    assert "engine" in out.with_suffix(".json").read_text()


# --- bad input ------------------------------------------------------------------------------

def test_missing_column_is_named(tmp_path, capsys):
    frame = results(3, 50).drop(columns="score")
    path = write_dataset(frame, tmp_path / "data", 2)
    assert main([path, "--engine", "dask", "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert "no score column" in err and "--score" in err
    with pytest.raises(InputError, match="no column 'points'"):
        make_report(path, engine="dask", score="points")


def test_scores_outside_the_unit_interval_are_refused(tmp_path, client):
    from analysis.report.engine_dask import analyse_dataset

    frame = results(3, 50)
    frame["score"] = frame["score"] * 100.0
    with pytest.raises(InputError, match="outside \\[0, 1\\].*percentages: divide them by 100"):
        analyse_dataset(write_dataset(frame, tmp_path / "data", 2), client=client)
    frame["score"] = frame["score"].where(frame.index != 7)  # one missing score
    frame["score"] = frame["score"] / 100
    with pytest.raises(InputError, match="missing, not numbers or outside"):
        analyse_dataset(write_dataset(frame, tmp_path / "gap", 2), client=client)


def test_graded_scores_give_the_in_memory_answers(tmp_path, client):
    # Partial credit (synthetic: scores in steps of 0.25): the same per-model table, pairs,
    # tiers and closest pairs as the in-memory engine with the same Poisson weights.
    from analysis.report.engine_dask import analyse_dataset

    frame = results(5, 300, clusters=15, seed=5)
    rng = np.random.default_rng(5)
    frame["score"] = np.clip(frame["score"] * 0.75 + rng.integers(0, 2, len(frame)) * 0.25, 0, 1)
    memory = make_report(frame, resampling="poisson", n_resamples=300, seed=2, irt=False,
                         progress=False)
    dask = analyse_dataset(write_dataset(frame, tmp_path / "data", 4), n_resamples=300, seed=2,
                           client=client)
    assert not dask.meta["binary"]
    assert dask.models.index.tolist() == memory.models.index.tolist()
    np.testing.assert_allclose(dask.models[COLUMNS].to_numpy(float),
                               memory.models[COLUMNS].to_numpy(float), rtol=0, atol=1e-12)
    for column in ("difference", "se", "p_adjusted"):
        np.testing.assert_allclose(dask.pairs[column], memory.pairs[column], rtol=0, atol=1e-12)
    assert dask.pairs["reject"].tolist() == memory.pairs["reject"].tolist()
    assert dask.tiers["tier"].tolist() == memory.tiers["tier"].tolist()


def test_incomplete_and_duplicated_rows_are_refused(tmp_path, client):
    from analysis.report.engine_dask import analyse_dataset

    frame = results(3, 50)
    missing = frame[~((frame["model"] == "model-1") & (frame["item"] == "q4"))]
    with pytest.raises(InputError, match="'model-1' has 49 scored items"):
        analyse_dataset(write_dataset(missing, tmp_path / "a", 2), client=client)
    doubled = pd.concat([frame, frame[frame["model"] == "model-2"].head(3)])
    with pytest.raises(InputError, match="need a run column"):
        analyse_dataset(write_dataset(doubled, tmp_path / "b", 2), client=client)


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    from analysis.report.engine_dask import analyse_dataset

    path = write_dataset(results(3, 50), tmp_path / "data", 1)
    with pytest.raises(InputError, match="cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'"):
        analyse_dataset(path, scheduler="tcp://127.0.0.1:9", timeout=1.0)


def test_dask_engine_needs_one_dataset(tmp_path):
    with pytest.raises(InputError, match="one Parquet file or one folder"):
        make_report(results(3, 30), engine="dask")
    with pytest.raises(InputError, match="engine must be"):
        make_report(results(3, 30), engine="spark")
