"""Checking schemes, plurality votes, bootstraps and synthetic pairs: pinned to item-by-item
reference implementations, to their formulas, and to known simulation parameters."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from analysis.agreement import (
    bootstrap_pairs,
    checking_ceiling,
    checking_schemes,
    correlation_over_pairs,
    correlation_range,
    error_correlation,
    gain_vs_correlation,
    majority_vote,
    pair_rates,
    pairs_to_matrix,
    pairwise_agreement,
    simulate_pair,
    vision_family,
)


@pytest.fixture
def answers():
    rng = np.random.default_rng(3)
    n = 400
    truth = pd.Series(rng.integers(0, 5, n), index=[f"q{i}" for i in range(n)])
    preds = pd.DataFrame(
        [np.where(rng.random(n) < acc, truth, rng.integers(0, 5, n)) for acc in (0.4, 0.55, 0.7, 0.85)],
        index=["w", "x", "y", "z"], columns=truth.index)
    return preds, truth


def test_pair_rates_match_their_definitions(answers):
    preds, truth = answers
    correct = preds.eq(truth, axis=1).astype(int)
    rates = pair_rates(correct).set_index(["model_a", "model_b"])
    phi = error_correlation(correct)
    for a, b in itertools.combinations(correct.index, 2):
        ca, cb = correct.loc[a].to_numpy(), correct.loc[b].to_numpy()
        row = rates.loc[(a, b)]
        assert row["both_correct"] == pytest.approx(np.mean(ca & cb))
        assert row["both_wrong"] == pytest.approx(np.mean((1 - ca) & (1 - cb)))
        assert row["error_correlation"] == pytest.approx(phi.loc[a, b])
    matrix = pairs_to_matrix(rates.reset_index(), "error_correlation", diagonal=1.0,
                             order=correct.index)
    np.testing.assert_allclose(matrix.to_numpy(), phi.to_numpy())


def test_schemes_follow_their_definitions_item_by_item(answers):
    preds, truth = answers
    correct = preds.eq(truth, axis=1).astype(int)
    out = checking_schemes(pair_rates(correct), skills=[0.5, 1.0])
    for a, b in itertools.combinations(correct.index, 2):
        rows = out[(out.model_a == a) & (out.model_b == b)].set_index("scheme")
        ca, cb = correct.loc[a].to_numpy(), correct.loc[b].to_numpy()
        better = max(ca.mean(), cb.mean())
        oracle = checking_ceiling(correct, a, [b])["ceiling"]
        assert rows.loc["oracle (either right)", "accuracy"] == pytest.approx(oracle)
        assert rows.loc["defer to better", "accuracy"] == pytest.approx(better)
        # a coin-flip arbiter: half the items where exactly one is right
        coin = np.mean(ca & cb) + 0.5 * np.mean(ca != cb)
        assert rows.loc["arbiter, skill 0.5", "accuracy"] == pytest.approx(coin)
        q = rows.loc["oracle (either right)", "breakeven_skill"]
        assert np.mean(ca & cb) + q * np.mean(ca != cb) == pytest.approx(better)


def test_random_arbiter_simulated_item_by_item_matches_the_formula():
    rng = np.random.default_rng(5)
    c = simulate_pair(0.7, 0.6, 0.3, n_items=200_000, rng=rng)[0]
    ca, cb = c
    pick_right = rng.random(ca.size) < 0.8                     # arbiter with skill 0.8
    arbiter = np.where(ca == cb, ca, pick_right).mean()
    rates = pd.DataFrame({"accuracy_a": [ca.mean()], "accuracy_b": [cb.mean()],
                          "both_correct": [np.mean(ca & cb)]})
    formula = checking_schemes(rates, skills=[0.8]).iloc[1]["accuracy"]
    assert arbiter == pytest.approx(formula, abs=0.003)


def _plurality_reference(preds, truth, group):
    acc = preds.eq(truth, axis=1).mean(axis=1)
    order = sorted(group, key=lambda m: -acc[m])               # stable: ties keep group order
    right = 0
    for item in preds.columns:
        answers = [preds.loc[m, item] for m in order]
        counts = Counter(answers)
        top = max(counts.values())
        choice = next(x for x in answers if counts[x] == top)
        right += choice == truth[item]
    return right / preds.shape[1]


def test_majority_vote_matches_a_reference_plurality_vote(answers):
    preds, truth = answers
    groups = list(itertools.combinations(preds.index, 3))
    out = majority_vote(preds, truth, groups)
    for g, row in zip(groups, out.itertuples(), strict=True):
        assert row.accuracy == pytest.approx(_plurality_reference(preds, truth, g))
        assert row.oracle == pytest.approx(
            checking_ceiling(preds.eq(truth, axis=1).astype(int), g[0], g[1:])["ceiling"])


def test_simulated_error_correlation_is_recovered_within_its_interval():
    c = simulate_pair(0.75, 0.65, 0.4, n_items=5_000, rng=np.random.default_rng(11))[0]
    preds = pd.DataFrame(np.where(c == 1, 0, 1), index=["a", "b"])
    out = bootstrap_pairs(preds, pd.Series(np.zeros(c.shape[1], dtype=int)),
                          rng=np.random.default_rng(12), n_boot=1000).set_index("statistic")
    row = out.loc["error_correlation"]
    assert row["ci_low"] < 0.4 < row["ci_high"]
    assert row["ci_high"] - row["ci_low"] < 0.1
    assert c.mean(axis=1) == pytest.approx([0.75, 0.65], abs=0.02)


def test_gain_formula_and_simulation_agree():
    out = gain_vs_correlation(0.7, 0.7, [0.0, 0.5, 0.9], n_items=2_000, n_reps=400,
                              rng=np.random.default_rng(2), skills=[1.0])
    p = 0.7
    np.testing.assert_allclose(out["expected_gain"], p * (1 - p) * (1 - np.array([0.0, 0.5, 0.9])))
    unequal = gain_vs_correlation(0.8, 0.6, [0.2], n_items=20_000, n_reps=200,
                                  rng=np.random.default_rng(3), skills=[1.0, 0.75])
    # unequal accuracies: the sample's better model is almost always the truly better one
    np.testing.assert_allclose(unequal["mean_gain"], unequal["expected_gain"], atol=0.002)
    assert (unequal["gain_low"] < unequal["expected_gain"]).all()
    assert (unequal["expected_gain"] < unequal["gain_high"]).all()


def test_correlation_range_is_where_the_joint_distribution_exists():
    low, high = correlation_range(0.8, 0.6)
    sim = simulate_pair(0.8, 0.6, high, n_items=50_000, rng=np.random.default_rng(0))[0]
    assert ((1 - sim[0]) & sim[1]).sum() == 0                  # at the top: a's errors ⊂ b's
    with pytest.raises(ValueError, match=r"must lie in \[-0.408, 0.612\]"):
        simulate_pair(0.8, 0.6, 0.9, n_items=10, rng=np.random.default_rng(0))
    assert correlation_range(0.7, 0.7)[1] == pytest.approx(1.0)


def test_bootstrap_estimates_are_the_point_values(answers):
    preds, truth = answers
    out = bootstrap_pairs(preds, truth, rng=np.random.default_rng(0), n_boot=300)
    est = out.pivot_table(index=["model_a", "model_b"], columns="statistic", values="estimate")
    pa = pairwise_agreement(preds, truth).set_index(["model_a", "model_b"])
    rates = pair_rates(preds.eq(truth, axis=1).astype(int)).set_index(["model_a", "model_b"])
    np.testing.assert_allclose(est["agreement_when_both_wrong"], pa.loc[est.index, "agreement_when_both_wrong"])
    np.testing.assert_allclose(est["error_correlation"], rates.loc[est.index, "error_correlation"])
    oracle = checking_schemes(rates.reset_index(), skills=[1.0]).query("scheme != 'defer to better'")
    np.testing.assert_allclose(est["oracle_gain"].to_numpy(), oracle.set_index(["model_a", "model_b"]).loc[est.index, "gain"])
    assert (out["ci_low"] <= out["estimate"]).all() and (out["estimate"] <= out["ci_high"]).all()
    mean = bootstrap_pairs(preds, truth, rng=np.random.default_rng(0), n_boot=300, reduce="mean")
    np.testing.assert_allclose(mean["estimate"], out.groupby("statistic", sort=False)["estimate"].mean())
    again = bootstrap_pairs(preds, truth, rng=np.random.default_rng(0), n_boot=300)
    pd.testing.assert_frame_equal(out, again)


def test_correlation_over_pairs_is_pearson_and_resamples_models():
    rng = np.random.default_rng(4)
    i, j = np.triu_indices(15, k=1)
    skill = rng.normal(size=15)
    x = skill[i] + skill[j]
    y = x + rng.normal(size=x.size)
    out = correlation_over_pairs(x, y, i, j, rng=rng, n_boot=500)
    assert out["r"] == pytest.approx(np.corrcoef(x, y)[0, 1])
    assert out["ci_low"] < out["r"] < out["ci_high"] and out["n_models"] == 15
    # pairs sharing models carry less information than independent pairs: wider than Fisher z
    fisher = np.tanh(np.arctanh(out["r"]) + np.array([-1, 1]) * 1.96 / np.sqrt(x.size - 3))
    assert out["ci_high"] - out["ci_low"] > fisher[1] - fisher[0]


def test_every_vision_model_gets_a_named_family():
    from analysis.data import cifar10_1_matrix, imagenetv2_matrix

    for models in (imagenetv2_matrix(test_set="matched-frequency").index,
                   cifar10_1_matrix().index):
        fam = vision_family(models)
        assert (fam != fam.index).all(), fam[fam == fam.index].index.tolist()


@pytest.mark.parametrize("call, error, match", [
    (lambda p, t, c: pairwise_agreement(p.iloc[:1], t), ValueError, "at least 2 models"),
    (lambda p, t, c: pairwise_agreement(p, t.iloc[:-1]), KeyError, "no answer"),
    (lambda p, t, c: pairwise_agreement(p.astype(float).where(p > 0), t), ValueError, "missing"),
    (lambda p, t, c: pair_rates(c * 0.5), ValueError, "0/1"),
    (lambda p, t, c: checking_schemes(pair_rates(c).assign(accuracy_a=lambda d: d.accuracy_a * 100)),
     ValueError, "percentages"),
    (lambda p, t, c: checking_schemes(pair_rates(c).assign(both_correct=0.99)), ValueError, "same items"),
    (lambda p, t, c: checking_schemes(pair_rates(c).drop(columns="both_correct")), KeyError, "both_correct"),
    (lambda p, t, c: checking_schemes(pair_rates(c), skills=[1.5]), ValueError, "skills"),
    (lambda p, t, c: majority_vote(p, t, [("w", "x"), ("w", "x", "y")]), ValueError, "same size"),
    (lambda p, t, c: majority_vote(p, t, [("w", "x", "nope")]), KeyError, "unknown models"),
    (lambda p, t, c: majority_vote(p, t, [("w", "w", "x")]), ValueError, "twice"),
    (lambda p, t, c: bootstrap_pairs(p, t, rng=0), TypeError, "Generator"),
    (lambda p, t, c: bootstrap_pairs(p, t, rng=np.random.default_rng(0), pairs=[("w", "w")]),
     ValueError, "two different"),
    (lambda p, t, c: correlation_over_pairs([1, 2, np.nan], [1, 2, 3], [0, 0, 1], [1, 2, 2],
                                            rng=np.random.default_rng(0)), ValueError, "missing"),
    (lambda p, t, c: simulate_pair(70, 0.6, 0.1, n_items=5, rng=np.random.default_rng(0)),
     ValueError, "divide percentages"),
    (lambda p, t, c: gain_vs_correlation(0.7, 0.7, [np.nan], n_items=5, rng=np.random.default_rng(0)),
     ValueError, "no NaN"),
    (lambda p, t, c: vision_family("resnet50"), TypeError, "one string"),
])
def test_bad_input_gets_a_clear_error(answers, call, error, match):
    preds, truth = answers
    correct = preds.eq(truth, axis=1).astype(int)
    with pytest.raises(error, match=match):
        call(preds, truth, correct)
