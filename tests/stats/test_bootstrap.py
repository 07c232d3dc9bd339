"""Item and cluster bootstrap: multinomial counts, agreement with the analytic SE,
determinism, label alignment, degenerate-interval warnings, plus bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import stats


def test_resample_counts_are_multinomial_draws():
    counts = stats.resample_counts(np.random.default_rng(0), 2000, 50)
    assert counts.shape == (2000, 50) and (counts.sum(1) == 50).all()
    assert counts.mean() == pytest.approx(1.0, abs=0.01)
    assert counts.var() == pytest.approx(49 / 50, rel=0.05)


def test_bootstrap_agrees_with_analytic_se(binary_scores):
    out = stats.bootstrap_mean(binary_scores, rng=np.random.default_rng(1), n_resamples=4000)
    values = binary_scores.to_numpy()
    ddof0 = values.std(1) / np.sqrt(values.shape[1])
    np.testing.assert_allclose(out["se"], ddof0, rtol=0.05)
    np.testing.assert_array_equal(out["mean"], values.mean(1))
    assert (out["ci_low"] < out["mean"]).all() and (out["mean"] < out["ci_high"]).all()


def test_bootstrap_is_deterministic_for_any_thread_count(binary_scores):
    one, reps1 = stats.bootstrap_mean(
        binary_scores, rng=np.random.default_rng(5), n_resamples=700, n_threads=1, return_replicates=True
    )
    two, reps2 = stats.bootstrap_mean(
        binary_scores, rng=np.random.default_rng(5), n_resamples=700, n_threads=2, return_replicates=True
    )
    np.testing.assert_array_equal(reps1, reps2)
    pd.testing.assert_frame_equal(one, two)
    assert reps1.shape == (700, 3)


def test_bootstrap_of_non_binary_scores_is_exact_in_float64():
    scores = np.linspace(0, 1, 101) ** 2
    _, reps = stats.bootstrap_mean(scores, rng=np.random.default_rng(2), n_resamples=10, return_replicates=True)
    counts = stats.resample_counts(np.random.default_rng(2).spawn(1)[0], 10, 101, np.float64)
    np.testing.assert_allclose(reps[:, 0], counts @ scores / 101, rtol=1e-14)


def test_bootstrap_of_an_all_correct_model_warns():
    # Before: SE 0 and the interval [1, 1] without a word.
    with pytest.warns(stats.DegenerateIntervalWarning, match="clopper_pearson_scores"):
        out = stats.bootstrap_mean(np.ones(60), rng=np.random.default_rng(0), n_resamples=50)
    assert out["se"].item() == 0 and out["ci_low"].item() == 1


def test_cluster_bootstrap_of_an_all_correct_model_warns():
    with pytest.warns(stats.DegenerateIntervalWarning, match="standard error 0"):
        stats.cluster_bootstrap_mean(np.ones(60), np.repeat(np.arange(6), 10),
                                     rng=np.random.default_rng(0), n_resamples=50)


def test_bootstrap_refuses_percentages():
    with pytest.raises(ValueError, match="percentages"):
        stats.bootstrap_mean([50, 100, 0, 100], rng=np.random.default_rng(0), n_resamples=10)


def test_cluster_bootstrap_tracks_clustered_se(binary_scores):
    clusters = np.repeat(np.arange(50), 8)
    boot = stats.cluster_bootstrap_mean(binary_scores, clusters, rng=np.random.default_rng(9), n_resamples=4000)
    analytic = stats.clustered_se(binary_scores, clusters, correction=False)
    np.testing.assert_allclose(boot["se"], analytic["se"], rtol=0.08)


def test_cluster_bootstrap_aligns_clusters_on_item_labels(labelled_scores):
    clusters = pd.Series(np.repeat(np.arange(50), 8), index=labelled_scores.columns)
    shuffled = clusters.sample(frac=1, random_state=3)
    kwargs = {"n_resamples": 300, "return_replicates": True}
    _, aligned = stats.cluster_bootstrap_mean(labelled_scores, shuffled, rng=np.random.default_rng(4), **kwargs)
    _, reference = stats.cluster_bootstrap_mean(labelled_scores, clusters.to_numpy(),
                                                rng=np.random.default_rng(4), **kwargs)
    np.testing.assert_allclose(aligned, reference)


@pytest.mark.parametrize("rng", [None, 0, np.random.RandomState(0)])
def test_bootstrap_requires_a_generator(rng):
    with pytest.raises(TypeError, match="default_rng"):
        stats.bootstrap_mean([0.2, 0.5, 1.0], rng=rng)


def test_bootstrap_rejects_bad_resample_counts():
    with pytest.raises(ValueError, match="n_resamples"):
        stats.bootstrap_mean([0.2, 0.5, 1.0], rng=np.random.default_rng(0), n_resamples=1)


@pytest.mark.parametrize("n_threads", [0, 2.5, "2", True])
def test_bootstrap_rejects_bad_thread_counts(n_threads):
    # Before: n_threads=2.5 was accepted.
    with pytest.raises(ValueError, match="n_threads"):
        stats.bootstrap_mean([0.2, 0.5, 1.0], rng=np.random.default_rng(0), n_resamples=10, n_threads=n_threads)
