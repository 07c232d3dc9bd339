"""Error agreement between models: pinned to the definitions computed item by item, to
pandas' correlation, to chance under independence; bad input gets a clear error."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from analysis.agreement import checking_ceiling, error_correlation, pairwise_agreement


@pytest.fixture
def answers():
    rng = np.random.default_rng(0)
    truth = pd.Series(rng.integers(0, 4, 300), index=[f"q{i}" for i in range(300)])
    preds = pd.DataFrame(
        [np.where(rng.random(300) < acc, truth, rng.integers(0, 4, 300)) for acc in (0.5, 0.6, 0.7, 0.8)],
        index=["w", "x", "y", "z"], columns=truth.index)
    return preds, truth


def test_rates_follow_their_definitions_item_by_item(answers):
    preds, truth = answers
    out = pairwise_agreement(preds, truth).set_index(["model_a", "model_b"])
    for a, b in itertools.combinations(preds.index, 2):
        same = both_wrong = either = same_both = same_either = both_right = 0
        for item in preds.columns:
            pa, pb, t = preds.loc[a, item], preds.loc[b, item], truth[item]
            same += pa == pb
            both_right += (pa == t) and (pb == t)
            if pa != t or pb != t:
                either += 1
                same_either += pa == pb
            if pa != t and pb != t:
                both_wrong += 1
                same_both += pa == pb
        row = out.loc[(a, b)]
        assert row["agreement"] == pytest.approx(same / 300)
        assert row["both_correct"] == pytest.approx(both_right / 300)
        assert row["agreement_when_either_wrong"] == pytest.approx(same_either / either)
        assert row["agreement_when_both_wrong"] == pytest.approx(same_both / both_wrong)
        assert row["n_both_wrong"] == both_wrong


def test_independent_wrong_answers_agree_at_chance():
    rng = np.random.default_rng(1)
    m, n = 5, 40_000
    truth = pd.Series(np.zeros(n, dtype=int))
    wrong = pd.DataFrame(rng.integers(1, m, (2, n)))      # every answer wrong, uniform over m - 1
    rate = pairwise_agreement(wrong, truth)["agreement_when_both_wrong"].iloc[0]
    assert rate == pytest.approx(1 / (m - 1), abs=0.01)


def test_truth_is_aligned_on_item_labels(answers):
    preds, truth = answers
    a = pairwise_agreement(preds, truth)
    b = pairwise_agreement(preds, truth.sample(frac=1, random_state=0))
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(KeyError, match="q299"):
        pairwise_agreement(preds, truth.drop("q299"))


def test_error_correlation_is_pearson_on_error_indicators(answers):
    preds, truth = answers
    correct = preds.eq(truth, axis=1).astype(int)
    expected = (1 - correct).T.corr()
    pd.testing.assert_frame_equal(error_correlation(correct), expected, check_names=False)


def test_checking_ceiling_counts_items_some_model_gets_right():
    correct = pd.DataFrame([[1, 0, 0, 0, 1], [0, 1, 0, 0, 1], [0, 0, 1, 0, 1]], index=list("abc"))
    out = checking_ceiling(correct, "a", ["b", "c"])
    assert out["primary_accuracy"] == pytest.approx(0.4)
    assert out["ceiling"] == pytest.approx(0.8)
    assert out["errors_repairable"] == pytest.approx(2 / 3)
    assert checking_ceiling(correct, "a", ["b"])["gain"] == pytest.approx(0.2)


@pytest.mark.parametrize("call, error, match", [
    (lambda c: checking_ceiling(c, "a", ["zz"]), KeyError, "unknown models"),
    (lambda c: checking_ceiling(c, "a", ["a"]), ValueError, "other than the primary"),
    (lambda c: error_correlation(c * 100), ValueError, "0/1"),
    (lambda c: error_correlation(c.astype(float).where(c == 1)), ValueError, "NaN"),
    (lambda c: error_correlation(c.to_numpy()), TypeError, "DataFrame"),
    (lambda c: error_correlation(c.iloc[:1]), ValueError, "at least 2 models"),
])
def test_bad_input_gets_a_clear_error(call, error, match):
    correct = pd.DataFrame([[1, 0, 1], [0, 1, 1]], index=["a", "b"])
    with pytest.raises(error, match=match):
        call(correct)


def test_cifar_models_share_their_wrong_answers_far_above_chance():
    from analysis.data import cifar10_1_items, cifar10_1_matrix

    preds = cifar10_1_matrix(test_set="v6", value="prediction")
    truth = cifar10_1_items(test_set="v6").set_index("item")["class_id"]
    out = pairwise_agreement(preds, truth)
    assert len(out) == len(preds) * (len(preds) - 1) // 2
    # Kim et al. 2025: models that both err often give the same wrong answer (chance: 1/9)
    assert out["agreement_when_both_wrong"].median() > 3 / 9
