"""Rank intervals: vectorised ranking pinned to scipy, bootstrap replicates shared with
analysis.stats.bootstrap_mean, known orders recovered, bad input refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

from analysis.ranking import (
    bootstrap_rank_intervals,
    parametric_rank_intervals,
    rank_intervals_from_replicates,
)
from analysis.ranking._ranks import rank_rows
from analysis.stats import bootstrap_mean


@pytest.mark.parametrize("ties", ["min", "average", "max", "dense"])
def test_rank_rows_matches_scipy_rankdata(ties):
    rng = np.random.default_rng(1)
    values = rng.integers(0, 5, size=(300, 7)).astype(float)  # many ties
    expected = rankdata(-values, method=ties, axis=1)
    np.testing.assert_array_equal(rank_rows(values, ties=ties), expected)
    np.testing.assert_array_equal(rank_rows(values, ties=ties, higher_is_better=False),
                                  rankdata(values, method=ties, axis=1))


def test_bootstrap_ranks_are_the_ranks_of_bootstrap_mean_replicates(item_scores):
    out = bootstrap_rank_intervals(item_scores, rng=np.random.default_rng(5), n_resamples=400)
    _, reps = bootstrap_mean(item_scores, rng=np.random.default_rng(5), n_resamples=400,
                             return_replicates=True)
    ranks = rankdata(-reps, method="min", axis=1)
    low, high = np.quantile(ranks, [0.025, 0.975], axis=0, method="inverted_cdf")
    np.testing.assert_array_equal(out["rank_ci_low"], low)
    np.testing.assert_array_equal(out["rank_ci_high"], high)
    np.testing.assert_allclose(out["p_first"], (ranks == 1).mean(axis=0))
    np.testing.assert_allclose(out["mean"], item_scores.mean(axis=1))
    np.testing.assert_allclose(out["se"], reps.std(axis=0, ddof=1))
    # passing the replicates gives the same table
    again = bootstrap_rank_intervals(item_scores, replicates=reps)
    pd.testing.assert_frame_equal(out, again)


def test_bootstrap_recovers_known_order(item_scores):
    out = bootstrap_rank_intervals(item_scores, rng=np.random.default_rng(0), n_resamples=1000)
    true_rank = np.array([1, 2, 3, 4, 5])
    assert ((out["rank_ci_low"] <= true_rank) & (true_rank <= out["rank_ci_high"])).all()
    # far-apart models are pinned; m3 and m4 (0.70 vs 0.69) are not separable on 2,000 items
    assert out.loc["m5", "rank_ci_low"] == out.loc["m5", "rank_ci_high"] == 5
    assert out.loc["m3", "rank_ci_low"] == 3 and out.loc["m3", "rank_ci_high"] == 4
    assert list(out.index) == list(item_scores.index)


def test_identical_models_share_the_top_under_min_ties():
    scores = pd.DataFrame([[1, 0, 1, 1, 0, 1] * 20] * 2 + [[0, 0, 1, 0, 0, 0] * 20],
                          index=["a", "b", "c"], dtype=float)
    out = bootstrap_rank_intervals(scores, rng=np.random.default_rng(0), n_resamples=200)
    assert out["rank"].tolist() == [1, 1, 3]
    assert out.loc["a", "p_first"] == out.loc["b", "p_first"] == 1.0
    avg = bootstrap_rank_intervals(scores, rng=np.random.default_rng(0), n_resamples=200,
                                   ties="average")
    assert avg["rank"].tolist() == [1.5, 1.5, 3]


def test_parametric_recovers_known_probabilities():
    # two models with equal means: each ranks first in about half the draws
    out = parametric_rank_intervals([0.6, 0.6, 0.1], [0.02, 0.02, 0.001],
                                    rng=np.random.default_rng(3), n_resamples=20_000)
    half_width = 3 * np.sqrt(0.25 / 20_000)
    assert abs(out.loc[0, "p_first"] - 0.5) < half_width
    assert out.loc[2, ["rank_ci_low", "rank_ci_high"]].tolist() == [3, 3]
    # P(a ahead of b) for a known gap: Phi(delta / sqrt(se_a^2 + se_b^2))
    out = parametric_rank_intervals(pd.Series([0.62, 0.60], index=["a", "b"]),
                                    pd.Series([0.02, 0.01], index=["b", "a"]),
                                    rng=np.random.default_rng(4), n_resamples=20_000)
    from scipy.stats import norm
    expected = norm.cdf(0.02 / np.hypot(0.01, 0.02))
    assert abs(out.loc["a", "p_first"] - expected) < 3 * np.sqrt(expected * (1 - expected) / 20_000)
    assert out.loc["a", "se"] == 0.01  # aligned by label


def test_parametric_accepts_a_mean_se_frame_and_lower_is_better():
    frame = pd.DataFrame({"mean": [10.0, 20.0, 30.0], "stderr": [0.1, 0.1, 0.1]},
                         index=["x", "y", "z"])
    out = parametric_rank_intervals(frame, rng=np.random.default_rng(0), n_resamples=100,
                                    higher_is_better=False, bounded=False)
    assert out["rank"].tolist() == [1, 2, 3]
    assert out["rank_ci_high"].tolist() == [1, 2, 3]


def test_bad_input_is_refused(item_scores):
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="percentages"):
        bootstrap_rank_intervals(item_scores * 100, rng=rng)
    with pytest.raises(ValueError, match="NaN"):
        bootstrap_rank_intervals(item_scores.where(item_scores > 0), rng=rng)
    with pytest.raises(TypeError, match="rng"):
        bootstrap_rank_intervals(item_scores)
    with pytest.raises(TypeError, match="Generator"):
        bootstrap_rank_intervals(item_scores, rng=0)
    with pytest.raises(ValueError, match="ties"):
        bootstrap_rank_intervals(item_scores, rng=rng, ties="first")
    with pytest.raises(ValueError, match="shape"):
        bootstrap_rank_intervals(item_scores, replicates=np.zeros((10, 3)))
    with pytest.raises(ValueError, match="percentages"):
        parametric_rank_intervals([71.0, 70.0], [2.0, 2.0], rng=rng)
    with pytest.raises(ValueError, match="percentage points"):
        parametric_rank_intervals([0.71, 0.70], [2.0, 2.0], rng=rng)
    with pytest.raises(ValueError, match="NaN"):
        parametric_rank_intervals([0.71, np.nan], [0.02, 0.02], rng=rng)
    with pytest.raises(ValueError, match="one standard error per model"):
        parametric_rank_intervals([0.71, 0.7], [0.02], rng=rng)
    with pytest.raises(ValueError, match="no entry for model"):
        parametric_rank_intervals(pd.Series([0.7, 0.6], index=["a", "b"]),
                                  pd.Series([0.02, 0.02], index=["a", "c"]), rng=rng)
    with pytest.raises(ValueError, match="non-negative"):
        parametric_rank_intervals([0.71, 0.7], [0.02, -0.01], rng=rng)
    with pytest.raises(ValueError, match="shape"):
        rank_intervals_from_replicates([0.1, 0.2], np.zeros((5, 3)))
    with pytest.raises(ValueError, match="percentage"):
        bootstrap_rank_intervals(item_scores, rng=rng, confidence=95)


def test_leaderboard_tiers_is_the_stats_function(item_scores):
    from analysis import stats
    from analysis.ranking import leaderboard_tiers

    pd.testing.assert_frame_equal(leaderboard_tiers(item_scores, adjust="bh"),
                                  stats.leaderboard_tiers(item_scores, adjust="bh"))
    with pytest.raises(TypeError):
        leaderboard_tiers(item_scores, no_such_option=1)
