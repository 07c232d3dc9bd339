"""Researcher-style messy inputs to the out-of-sample predictions."""

import numpy as np
import pandas as pd
import pytest

from analysis.entanglement import (
    cross_validated_prediction,
    cross_validated_r2,
    leave_one_benchmark_out,
)


@pytest.fixture
def scores():
    rng = np.random.default_rng(4)
    g = np.linspace(0.1, 0.9, 10)
    return pd.DataFrame({"p": g, "q": g ** 2, "r": np.sqrt(g) + rng.normal(0, 0.05, 10),
                         "s": rng.random(10)}, index=[f"m{i}" for i in range(10)])


def test_targets_with_other_model_labels_are_refused(scores):
    renamed = scores[["r"]].set_axis([f"M{i}" for i in range(10)])
    with pytest.raises(ValueError, match="share no model label"):
        cross_validated_r2(scores[["p", "q"]], renamed, rng=np.random.default_rng(0))


def test_targets_in_another_order_are_aligned_by_model(scores):
    shuffled = cross_validated_r2(scores[["p", "q"]], scores[["r"]].iloc[::-1],
                                  rng=np.random.default_rng(0))
    one = cross_validated_prediction(scores[["p", "q"]], scores["r"], n_folds=None,
                                     standardize=True, rng=np.random.default_rng(0))
    assert shuffled.loc["r", "r2"] == pytest.approx(one.attrs["r2"])


def test_one_target_may_be_named_by_a_string(scores):
    one = leave_one_benchmark_out(scores, targets="r", rng=np.random.default_rng(0), n_folds=5)
    listed = leave_one_benchmark_out(scores, targets=["r"], rng=np.random.default_rng(0), n_folds=5)
    assert one.index.tolist() == ["r"]
    pd.testing.assert_frame_equal(one, listed)


def test_orient_scores_reads_scores_written_as_text_and_refuses_words():
    from analysis.entanglement import orient_scores

    long = pd.DataFrame({"model": ["a", "b"], "benchmark": "x", "score": ["0.2", "0.4"],
                         "metric": "error (↓)"})
    assert orient_scores(long)["x"].tolist() == [-0.2, -0.4]
    with pytest.raises(ValueError, match="must hold numbers; got \\['n/a'\\]"):
        orient_scores(long.assign(score=["0.2", "n/a"]))


def test_impute_needs_at_least_one_iteration(scores):
    from analysis.entanglement import impute_pca

    with pytest.raises(ValueError, match="max_iter must be a whole number >= 1"):
        impute_pca(scores.mask(scores > 0.8), max_iter=0)
