"""Researcher-style messy inputs: labels in another order, repeated pairs, wrong types."""

import numpy as np
import pandas as pd
import pytest

from analysis.agreement import (
    correlation_over_pairs,
    error_correlation,
    pair_rates,
    pairs_to_matrix,
    pairwise_agreement,
    simulate_pair,
)
from analysis.generalization.replication import _as_matrix


@pytest.fixture
def correct():
    rng = np.random.default_rng(3)
    return pd.DataFrame(rng.integers(0, 2, (4, 40)), index=list("abcd"),
                        columns=[f"q{i}" for i in range(40)])


def test_correlation_over_pairs_aligns_labelled_series(correct):
    x = pd.Series([0.1, 0.5, 0.3, 0.9, 0.2, 0.4], index=list("pqrstu"))
    y = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], index=list("pqrstu"))
    a, b = ["a", "a", "a", "b", "b", "c"], ["b", "c", "d", "c", "d", "d"]
    shuffled = correlation_over_pairs(x, y.iloc[::-1], a, b, rng=np.random.default_rng(1), n_boot=50)
    ordered = correlation_over_pairs(x, y, a, b, rng=np.random.default_rng(1), n_boot=50)
    assert shuffled["r"] == pytest.approx(np.corrcoef(x.to_numpy(), y.to_numpy())[0, 1])
    assert shuffled.equals(ordered)
    with pytest.raises(ValueError, match=r"same labels: \['p'\] only in x, \['z'\] only in y"):
        correlation_over_pairs(x, y.rename({"p": "z"}), a, b, rng=np.random.default_rng(1))
    with pytest.raises(ValueError, match="x and y must be numbers"):
        correlation_over_pairs(x.astype(str) + "%", y, a, b, rng=np.random.default_rng(1))


def test_pairs_to_matrix_refuses_a_pair_listed_twice(correct):
    pairs = pair_rates(correct)
    swapped = pairs.iloc[:1].rename(columns={"model_a": "model_b", "model_b": "model_a"})
    for bad in (pd.concat([pairs, pairs.iloc[:1]]), pd.concat([pairs, swapped])):
        with pytest.raises(ValueError, match="more than once"):
            pairs_to_matrix(bad, "error_correlation")
    self_pair = pd.DataFrame({"model_a": ["a"], "model_b": ["a"], "r": [1.0]})
    with pytest.raises(ValueError, match="with itself"):
        pairs_to_matrix(self_pair, "r")
    matrix = pairs_to_matrix(pairs, "error_correlation")
    errors = 1 - correct.to_numpy(float)
    assert matrix.loc["a", "c"] == pytest.approx(np.corrcoef(errors[0], errors[2])[0, 1])


def test_truth_with_repeated_items_or_another_type_is_refused(correct):
    rng = np.random.default_rng(0)
    preds = pd.DataFrame(rng.integers(0, 4, (3, 10)), index=list("abc"))
    truth = pd.Series(rng.integers(0, 4, 10))
    with pytest.raises(ValueError, match="lists item 0 twice"):
        pairwise_agreement(preds, pd.concat([truth, truth.iloc[:1]]))
    with pytest.raises(ValueError, match="different types"):
        pairwise_agreement(preds, truth.astype(str))
    # truth in another item order is aligned on the item labels
    shuffled = pairwise_agreement(preds, truth.sample(frac=1, random_state=1))
    both = (preds.to_numpy() == truth.to_numpy())
    assert shuffled.loc[0, "both_correct"] == pytest.approx((both[0] & both[1]).mean())


def test_simulation_counts_must_be_whole_numbers():
    with pytest.raises(ValueError, match="n_items must be a whole number"):
        simulate_pair(0.8, 0.7, 0.1, n_items=10.5, rng=np.random.default_rng(0))


@pytest.mark.parametrize("check", [lambda m: error_correlation(m), lambda m: _as_matrix(m, "correct")])
@pytest.mark.parametrize("bad, match", [
    (lambda m: m * 100, "0/1"),
    (lambda m: m.astype(float).where(m == 1), "NaN"),
    (lambda m: m.astype(str).replace("1", "yes"), "numeric"),
    (lambda m: m.iloc[:, :0], "empty|1 item"),
    (lambda m: m.to_numpy(), "DataFrame"),
])
def test_both_zero_one_validators_share_their_checks(correct, check, bad, match):
    with pytest.raises((ValueError, TypeError), match=match):
        check(bad(correct))
