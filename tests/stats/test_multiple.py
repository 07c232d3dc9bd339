"""Holm and Benjamini-Hochberg pinned to statsmodels' multipletests; all-pairs and
versus-baseline comparisons pinned to the two-model estimators; leaderboard tiers on
constructed cases whose answer is known."""

from __future__ import annotations

import doctest
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from analysis import stats
from analysis.stats import multiple

COLUMNS = ["model_a", "model_b", "difference", "se", "ci_low", "ci_high", "p_value",
           "p_adjusted", "reject"]


@pytest.fixture
def board() -> pd.DataFrame:
    """Five fictional 0/1 models on 300 items, correlated through item difficulty."""
    rng = np.random.default_rng(99)
    difficulty = rng.normal(size=300)
    ability = np.array([[1.2], [1.1], [0.5], [0.0], [-1.0]])
    p = 1 / (1 + np.exp(difficulty - ability))
    return pd.DataFrame((rng.random((5, 300)) < p).astype(float),
                        index=["m1", "m2", "m3", "m4", "m5"])


def test_docstring_examples_run_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning inside an example fails it
        assert doctest.testmod(multiple).failed == 0


# --- adjust_p_values ------------------------------------------------------------------------

@pytest.mark.parametrize(("ours", "theirs"), [("holm", "holm"), ("bh", "fdr_bh"),
                                              ("fdr_bh", "fdr_bh"), ("bonferroni", "bonferroni")])
@pytest.mark.parametrize("seed", range(4))
def test_adjustments_match_statsmodels(ours, theirs, seed):
    rng = np.random.default_rng(seed)
    p = np.concatenate([rng.uniform(0, 0.02, 5), rng.uniform(0, 1, 20), [0.01, 0.01, 1.0]])
    rng.shuffle(p)
    adjusted, reject = stats.adjust_p_values(p, method=ours, alpha=0.1)
    ref_reject, ref_adjusted, _, _ = multipletests(p, alpha=0.1, method=theirs)
    np.testing.assert_allclose(adjusted, ref_adjusted, rtol=1e-12)
    np.testing.assert_array_equal(reject, ref_reject)


def test_holm_worked_example():
    # Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 -> 0.02, 0.03, 0.06, 0.04 -> running max.
    adjusted, reject = stats.adjust_p_values([0.01, 0.04, 0.03, 0.005])
    np.testing.assert_allclose(adjusted, [0.03, 0.06, 0.06, 0.02])
    assert reject.tolist() == [True, False, False, True]
    none, _ = stats.adjust_p_values([0.01, 0.2], method="none")
    assert none.tolist() == [0.01, 0.2]


@pytest.mark.parametrize(
    ("p", "kwargs", "error", "message"),
    [([0.1, np.nan], {}, ValueError, "NaN"), ([0.1, 1.5], {}, ValueError, r"\[0, 1\]"),
     ([[0.1]], {}, ValueError, "1-D"), ([0.1], {"method": "sidak"}, ValueError, "unknown adjustment"),
     ([0.1], {"alpha": 5}, ValueError, "percentage"), ([0.1], {"alpha": 0}, ValueError, "alpha")],
)
def test_adjust_p_values_bad_input(p, kwargs, error, message):
    with pytest.raises(error, match=message):
        stats.adjust_p_values(p, **kwargs)


# --- pairwise_comparisons -------------------------------------------------------------------

def test_all_pairs_are_paired_differences_with_holm(board):
    out = stats.pairwise_comparisons(board)
    assert out.columns.tolist() == COLUMNS
    assert len(out) == 10
    assert list(zip(out["model_a"], out["model_b"], strict=True))[:2] == [("m1", "m2"), ("m1", "m3")]
    for row in out.itertuples():
        ref = stats.paired_difference(board.loc[[row.model_a]], board.loc[[row.model_b]]).iloc[0]
        assert row.difference == pytest.approx(ref["mean"])
        assert row.se == pytest.approx(ref["se"])
        assert row.ci_low == pytest.approx(ref["ci_low"])
        assert row.p_value == pytest.approx(ref["p_value"])
    _, holm, _, _ = multipletests(out["p_value"], method="holm")
    np.testing.assert_allclose(out["p_adjusted"], holm)
    assert (out["reject"] == (out["p_adjusted"] <= 0.05)).all()


def test_t_test_pairs_are_ttest_rel(board):
    out = stats.pairwise_comparisons(board, test="t", adjust="bh")
    values = board.to_numpy()
    ia, ib = np.triu_indices(5, k=1)
    ref = sps.ttest_rel(values[ia], values[ib], axis=1)
    np.testing.assert_allclose(out["p_value"], ref.pvalue, rtol=1e-10)
    _, bh, _, _ = multipletests(ref.pvalue, method="fdr_bh")
    np.testing.assert_allclose(out["p_adjusted"], bh, rtol=1e-10)


def test_clustered_pairs_use_the_clustered_paired_se(board):
    board = board.set_axis([f"q{i}" for i in range(300)], axis=1)  # item labels
    clusters = pd.Series(np.repeat(np.arange(60), 5), index=board.columns)
    out = stats.pairwise_comparisons(board, clusters=clusters, baseline="m3")
    assert out["model_b"].eq("m3").all() and out["model_a"].tolist() == ["m1", "m2", "m4", "m5"]
    ref = stats.paired_difference(board.drop(index="m3"), board.loc[["m3"]],
                                  clusters=clusters.to_numpy())
    np.testing.assert_allclose(out["se"], ref["se"])
    np.testing.assert_allclose(out["p_value"], ref["p_value"])
    unclustered = stats.pairwise_comparisons(board, baseline="m3")
    assert not np.allclose(out["se"], unclustered["se"])
    # Cluster labels are aligned on the item labels: a shuffled Series gives the same answer.
    shuffled = clusters.sample(frac=1, random_state=1)
    pd.testing.assert_frame_equal(out, stats.pairwise_comparisons(board, clusters=shuffled,
                                                                  baseline="m3"))


def test_clustered_pairs_are_processed_in_blocks(board, monkeypatch):
    clusters = np.repeat(np.arange(60), 5)
    monkeypatch.setattr(multiple, "_CELLS_PER_CALL", 700)  # two pairs per call
    blocked = stats.pairwise_comparisons(board, clusters=clusters)
    monkeypatch.undo()
    pd.testing.assert_frame_equal(blocked, stats.pairwise_comparisons(board, clusters=clusters))


def test_covariance_shortcut_is_exact_for_identical_and_opposite_models(board):
    twins = pd.concat([board, board.iloc[[0]].rename(index={"m1": "twin"}), 1 - board.iloc[[0]]
                       .rename(index={"m1": "flip"})])
    out = stats.pairwise_comparisons(twins, test="t").set_index(["model_a", "model_b"])
    same = out.loc[("m1", "twin")]
    assert same["se"] == 0 and same["p_value"] == 1 and same["ci_low"] == 0
    flip = out.loc[("m1", "flip")]
    d = board.iloc[0].to_numpy() - (1 - board.iloc[0].to_numpy())
    assert flip["se"] == pytest.approx(d.std(ddof=1) / np.sqrt(300), rel=1e-12)


def test_pairwise_accepts_a_response_matrix(board):
    items = pd.DataFrame({"passage": np.repeat(np.arange(60), 5)},
                         index=pd.Index([f"q{i}" for i in range(300)], name="item"))
    matrix = SimpleNamespace(scores=board.set_axis(items.index, axis=1), items=items)
    out = stats.pairwise_comparisons(matrix, clusters="passage", baseline="m1")
    ref = stats.pairwise_comparisons(board, clusters=items["passage"].to_numpy(), baseline="m1")
    pd.testing.assert_frame_equal(out, ref)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [({"baseline": "gpt-9"}, ValueError, "not one of the models"),
     ({"test": "wald"}, ValueError, "test must be"),
     ({"adjust": "tukey"}, ValueError, "unknown adjustment"),
     ({"test": "bootstrap"}, TypeError, "rng"),
     ({"test": "bootstrap", "rng": 0}, TypeError, "Generator"),
     ({"test": "bootstrap", "replicates": np.zeros((10, 4))}, ValueError, "one column per row"),
     ({"test": "bootstrap", "rng": np.random.default_rng(0), "bootstrap_method": "bc"},
      ValueError, "method")],
)
def test_pairwise_bad_arguments(board, kwargs, error, message):
    with pytest.raises(error, match=message):
        stats.pairwise_comparisons(board, **kwargs)


def test_pairwise_bad_scores(board):
    with pytest.raises(ValueError, match="unique"):
        stats.pairwise_comparisons(board.rename(index={"m2": "m1"}))
    with pytest.raises(ValueError, match="at least 2 models"):
        stats.pairwise_comparisons(board.iloc[:1])
    with pytest.raises(ValueError, match="percentages"):
        stats.pairwise_comparisons(board * 100)
    with pytest.raises(ValueError, match="NaN"):
        stats.pairwise_comparisons(board.replace(0.0, np.nan))
    with pytest.raises(ValueError, match="clusters"):
        stats.pairwise_comparisons(board, clusters=np.arange(10))


# --- leaderboard_tiers ----------------------------------------------------------------------

def test_identical_models_form_one_tier(board):
    same = pd.DataFrame(np.repeat(board.iloc[[0]].to_numpy(), 4, axis=0), index=list("wxyz"))
    out = stats.leaderboard_tiers(same)
    assert out["tier"].tolist() == [1, 1, 1, 1]
    assert out["rank"].tolist() == [1, 1, 1, 1]
    assert out["n_tied"].tolist() == [3, 3, 3, 3] and out["tier_size"].tolist() == [4] * 4


def test_far_apart_models_each_get_a_tier():
    # Nested models: each solves the previous one's items plus 100 more (of 500 items),
    # so every paired difference is about 100 / 500 with a tiny SE.
    solved = np.array([100, 200, 300, 400])
    scores = pd.DataFrame((np.arange(500) < solved[:, None]).astype(float),
                          index=["d", "c", "b", "a"])
    out = stats.leaderboard_tiers(scores)
    assert out.index.tolist() == ["a", "b", "c", "d"]
    assert out["tier"].tolist() == [1, 2, 3, 4]
    assert out["rank"].tolist() == [1, 2, 3, 4]
    assert out["n_tied"].tolist() == [0, 0, 0, 0]
    np.testing.assert_allclose(out["mean"], [0.8, 0.6, 0.4, 0.2])


def test_two_clear_groups_with_the_leader_rule():
    # Two pairs of identical models, the pairs 60 items apart on 500: tiers {a, b}, {c, d}.
    top = (np.arange(500) < 400).astype(float)
    bottom = (np.arange(500) < 340).astype(float)
    scores = pd.DataFrame([bottom, top, bottom, top], index=["c", "a", "d", "b"])
    out = stats.leaderboard_tiers(scores)
    assert out.index.tolist() == ["a", "b", "c", "d"]  # ties keep the input order
    assert out["tier"].tolist() == [1, 1, 2, 2]
    assert out["leader"].tolist() == ["a", "a", "c", "c"]
    assert out["rank"].tolist() == [1, 1, 3, 3]
    assert out["n_tied"].tolist() == [1, 1, 1, 1]


def test_tiers_follow_the_definition(board):
    out = stats.leaderboard_tiers(board)
    pairs = stats.pairwise_comparisons(board.loc[out.index])
    separated = {frozenset(p) for p in pairs.loc[pairs["reject"], ["model_a", "model_b"]].to_numpy()}
    leader, tier = out.index[0], 1
    for model in out.index:
        if frozenset((leader, model)) in separated:
            leader, tier = model, tier + 1
        assert out.loc[model, "tier"] == tier and out.loc[model, "leader"] == leader
    for model in out.index:
        assert out.loc[model, "n_tied"] == sum(
            frozenset((model, other)) not in separated for other in out.index if other != model)
    assert out["mean"].is_monotonic_decreasing


def test_tiers_with_bootstrap_and_clusters(board):
    clusters = np.repeat(np.arange(60), 5)
    z = stats.leaderboard_tiers(board, clusters=clusters)
    boot = stats.leaderboard_tiers(board, clusters=clusters, test="bootstrap",
                                   rng=np.random.default_rng(0), n_resamples=2000)
    assert z.index.tolist() == boot.index.tolist()
    assert z["tier"].iloc[0] == boot["tier"].iloc[0] == 1
    _, reps = stats.cluster_bootstrap_mean(board, clusters, rng=np.random.default_rng(0),
                                           n_resamples=2000, return_replicates=True)
    given = stats.leaderboard_tiers(board, clusters=clusters, test="bootstrap", replicates=reps)
    pd.testing.assert_frame_equal(boot, given)


def test_tiers_bad_input(board):
    with pytest.raises(ValueError, match="at least 2 models"):
        stats.leaderboard_tiers(board.iloc[:1])
    with pytest.raises(ValueError, match="unknown adjustment"):
        stats.leaderboard_tiers(board, adjust="scheffe")
