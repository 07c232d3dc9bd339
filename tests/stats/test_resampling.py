"""Percentile and BCa intervals and bootstrap p-values from the library's paired replicates:
pinned to scipy.stats.bootstrap run on the same replicates, and to the jackknife computed
directly (leave one item, or one cluster, out)."""

from __future__ import annotations

import doctest
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis import stats
from analysis.stats import resampling
from analysis.stats.resampling import _pair_acceleration, _paired_bootstrap


@pytest.fixture
def scores() -> pd.DataFrame:
    """Three fictional 0/1 models on 120 items, correlated through item difficulty."""
    rng = np.random.default_rng(11)
    difficulty = rng.normal(size=120)
    ability = np.array([[0.9], [0.4], [-0.6]])
    p = 1 / (1 + np.exp(difficulty - ability))
    return pd.DataFrame((rng.random((3, 120)) < p).astype(float), index=["a", "b", "c"])


@pytest.fixture
def clusters() -> np.ndarray:
    return np.repeat(np.arange(30), 4)


def _scipy_interval(data, statistic, replicates, method, paired=False, confidence=0.95):
    """scipy.stats.bootstrap on *our* replicates (n_resamples=0 + bootstrap_result)."""
    return sps.bootstrap(
        data, statistic, n_resamples=0, paired=paired, method=method,
        confidence_level=confidence,
        bootstrap_result=SimpleNamespace(bootstrap_distribution=replicates),
    ).confidence_interval


def _loop_jackknife_acceleration(x: np.ndarray, groups: np.ndarray | None = None) -> float:
    """Efron & Tibshirani eq. 14.15, leaving out one unit at a time in a Python loop."""
    units = np.arange(len(x)) if groups is None else groups
    labels = np.unique(units)
    theta = np.array([x[units != g].mean() for g in labels])
    u = theta.mean() - theta
    return float((u**3).sum() / (6 * ((u**2).sum()) ** 1.5))


def test_docstring_examples_run_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning inside an example fails it
        assert doctest.testmod(resampling).failed == 0


@pytest.mark.parametrize("method", ["bca", "percentile"])
def test_interval_for_each_model_is_scipys_on_the_same_replicates(scores, method):
    _, reps = stats.bootstrap_mean(scores, rng=np.random.default_rng(0), n_resamples=4000,
                                   return_replicates=True)
    out = stats.bootstrap_interval(scores, reps, method=method, confidence=0.9)
    assert out.index.tolist() == ["a", "b", "c"]
    for j, row in enumerate(out.itertuples()):
        ref = _scipy_interval((scores.to_numpy()[j],), np.mean, reps[:, j],
                              "BCa" if method == "bca" else "percentile", confidence=0.9)
        assert row.ci_low == pytest.approx(ref.low, rel=1e-12)
        assert row.ci_high == pytest.approx(ref.high, rel=1e-12)
        assert row.se == pytest.approx(reps[:, j].std(ddof=1))


def test_interval_for_a_paired_difference_is_scipys_paired_bca(scores):
    _, reps = stats.bootstrap_mean(scores, rng=np.random.default_rng(1), n_resamples=4000,
                                   return_replicates=True)
    a, b = scores.to_numpy()[0], scores.to_numpy()[1]
    diff_reps = reps[:, 0] - reps[:, 1]
    out = stats.bootstrap_interval(a - b, diff_reps).iloc[0]
    ref = _scipy_interval((a, b), lambda x, y, axis=-1: x.mean(axis) - y.mean(axis),
                          diff_reps, "BCa", paired=True)
    assert out["ci_low"] == pytest.approx(ref.low, rel=1e-12)
    assert out["ci_high"] == pytest.approx(ref.high, rel=1e-12)
    # ... and pairwise_comparisons gives the same numbers for that pair.
    pairs = stats.pairwise_comparisons(scores, test="bootstrap", replicates=reps)
    first = pairs.iloc[0]
    assert (first["model_a"], first["model_b"]) == ("a", "b")
    assert first["ci_low"] == pytest.approx(ref.low, rel=1e-12)
    assert first["ci_high"] == pytest.approx(ref.high, rel=1e-12)
    assert first["p_value"] == pytest.approx(out["p_value"], rel=1e-12)


def test_acceleration_is_the_jackknife_formula(scores, clusters):
    values = scores.to_numpy()
    items = stats.jackknife_acceleration(scores)
    by_cluster = stats.jackknife_acceleration(scores, clusters=clusters)
    for j in range(3):
        assert items[j] == pytest.approx(_loop_jackknife_acceleration(values[j]), rel=1e-10)
        assert by_cluster[j] == pytest.approx(
            _loop_jackknife_acceleration(values[j], clusters), rel=1e-10)
    # For the item mean: a = skewness / (6 sqrt(n)) with the ddof-0 skewness.
    assert items[0] == pytest.approx(sps.skew(values[0]) / (6 * np.sqrt(120)), rel=1e-10)
    assert stats.jackknife_acceleration([1, 1, 1]).tolist() == [0.0]


def test_cluster_labels_are_aligned_on_items(scores, clusters):
    labelled = scores.set_axis([f"q{i}" for i in range(120)], axis=1)
    ids = pd.Series(clusters, index=labelled.columns).sample(frac=1, random_state=0)
    np.testing.assert_allclose(stats.jackknife_acceleration(labelled, clusters=ids),
                               stats.jackknife_acceleration(scores, clusters=clusters))
    with pytest.raises(ValueError, match="no entry for item 'q0'"):
        stats.jackknife_acceleration(labelled, clusters=ids.drop("q0"))


def test_pair_acceleration_without_forming_differences(scores, clusters):
    values = scores.to_numpy()
    ia, ib = np.array([0, 0, 1, 2]), np.array([1, 2, 2, 2])
    for groups in (None, clusters):
        influence = resampling._influence(values, groups)
        expected = stats.jackknife_acceleration(values[ia] - values[ib], clusters=groups)
        np.testing.assert_allclose(_pair_acceleration(influence, ia, ib), expected,
                                   rtol=1e-9, atol=1e-15)


def test_cluster_bca_is_the_textbook_formula(scores, clusters):
    _, reps = stats.cluster_bootstrap_mean(scores, clusters, rng=np.random.default_rng(2),
                                           n_resamples=3000, return_replicates=True)
    out = stats.bootstrap_interval(scores, reps, clusters=clusters)
    values = scores.to_numpy()
    for j in range(3):
        theta, t = values[j].mean(), reps[:, j]
        z0 = sps.norm.ppf((np.sum(t < theta) + np.sum(t <= theta)) / (2 * len(t)))
        a = _loop_jackknife_acceleration(values[j], clusters)
        levels = [sps.norm.cdf(z0 + (z0 + z) / (1 - a * (z0 + z)))
                  for z in sps.norm.ppf([0.025, 0.975])]
        np.testing.assert_allclose(out.iloc[j][["ci_low", "ci_high"]].to_numpy(dtype=float),
                                   np.quantile(t, levels), rtol=1e-12)
        assert out.iloc[j]["bias_correction"] == pytest.approx(z0)
        assert out.iloc[j]["acceleration"] == pytest.approx(a)


def test_percentile_p_value_is_twice_the_smaller_tail():
    rng = np.random.default_rng(3)
    reps = rng.normal(0.03, 0.02, size=(5000, 1))
    out = stats.bootstrap_interval(rng.random(50) - 0.47, reps, method="percentile")
    share = ((reps < 0).sum() + (reps <= 0).sum()) / (2 * 5000)
    assert out["p_value"].iloc[0] == pytest.approx(2 * min(share, 1 - share))


@pytest.mark.parametrize("method", ["bca", "percentile"])
def test_p_value_and_interval_agree(method):
    # The p-value inverts the interval: it is below 1 - confidence exactly when the
    # interval excludes 0 (checked over 300 simulated differences near the boundary).
    # Partial-credit scores, so that no replicate ties with 0 (0/1 scores put replicates
    # exactly on 0, where mid-ranks count them half and the two can differ by a tie).
    rng = np.random.default_rng(4)
    a = pd.DataFrame(rng.beta(3, 2, size=(300, 80)))
    b = pd.DataFrame(rng.beta(2.6, 2.2, size=(300, 80)))
    d = a - b
    stacked = pd.concat([a, b], ignore_index=True)
    _, reps = stats.bootstrap_mean(stacked, rng=np.random.default_rng(5), n_resamples=2000,
                                   return_replicates=True)
    diff_reps = reps[:, :300] - reps[:, 300:]
    out = stats.bootstrap_interval(d, diff_reps, method=method, confidence=0.9)
    excludes = (out["ci_low"] > 0) | (out["ci_high"] < 0)
    assert 20 < excludes.sum() < 280
    near = (out["p_value"] - 0.1).abs() < 2e-3  # interpolation makes the edge fuzzy
    assert ((out["p_value"] < 0.1) == excludes)[~near].all()


def test_identical_models_have_p_one_and_zero_width(scores):
    twin = pd.concat([scores.iloc[[0]], scores.iloc[[0]].rename(index={"a": "a2"})])
    _, reps = stats.bootstrap_mean(twin, rng=np.random.default_rng(6), n_resamples=500,
                                   return_replicates=True)
    out = stats.pairwise_comparisons(twin, test="bootstrap", replicates=reps).iloc[0]
    assert out["difference"] == 0 and out["ci_low"] == 0 and out["ci_high"] == 0
    assert out["p_value"] == 1


def test_pairwise_bootstrap_draws_its_own_replicates(scores, clusters):
    drawn = stats.pairwise_comparisons(scores, test="bootstrap", rng=np.random.default_rng(8),
                                       n_resamples=1000, clusters=clusters)
    _, reps = stats.cluster_bootstrap_mean(scores, clusters, rng=np.random.default_rng(8),
                                           n_resamples=1000, return_replicates=True)
    given = stats.pairwise_comparisons(scores, test="bootstrap", replicates=reps,
                                       clusters=clusters)
    pd.testing.assert_frame_equal(drawn, given)
    ia, ib = np.array([0, 0, 1]), np.array([1, 2, 2])
    block = _paired_bootstrap(scores.to_numpy(), reps, ia, ib, clusters=clusters,
                              method="bca", confidence=0.95)
    np.testing.assert_allclose(drawn["se"], block["se"])


def test_undefined_bca_warns_and_gives_nan():
    reps = np.full((100, 1), 0.9)
    reps[:50] = 0.95  # the estimate (0.5) lies below every replicate
    with pytest.warns(stats.DegenerateIntervalWarning, match="BCa interval is undefined"):
        out = stats.bootstrap_interval([0, 1, 0, 1], reps)
    assert np.isnan(out["ci_low"].iloc[0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert stats.bootstrap_interval([0, 1, 0, 1], reps, method="percentile")[
            "ci_low"].iloc[0] == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("replicates", "message"),
    [(np.zeros((100, 2)), "one column per row"), (np.zeros((1, 1)), "at least 2"),
     (np.full((10, 1), np.nan), "NaN")],
)
def test_bad_replicates_are_refused(replicates, message):
    with pytest.raises(ValueError, match=message):
        stats.bootstrap_interval([0, 1, 1], replicates)


def test_bad_method_and_scores_are_refused():
    with pytest.raises(ValueError, match="method"):
        stats.bootstrap_interval([0, 1, 1], np.zeros((10, 1)), method="studentised")
    with pytest.raises(ValueError, match="NaN"):
        stats.bootstrap_interval([0, np.nan, 1], np.zeros((10, 1)))
    with pytest.raises(ValueError, match="confidence"):
        stats.bootstrap_interval([0, 1, 1], np.zeros((10, 1)), confidence=95)
    with pytest.raises(ValueError, match="clusters"):
        stats.jackknife_acceleration([0, 1, 1], clusters=[1, 2])


# --- studentized bootstrap ------------------------------------------------------------------

def _textbook_bootstrap_t(x: np.ndarray, counts: np.ndarray, confidence: float, null: float):
    """Bootstrap-t written out replicate by replicate (Efron & Tibshirani 1993, 12.5)."""
    n = len(x)
    se = x.std(ddof=1) / np.sqrt(n)
    t = []
    for row in counts.astype(int):
        sample = np.repeat(x, row)
        se_b = sample.std(ddof=1) / np.sqrt(n)
        t.append((sample.mean() - x.mean()) / se_b)
    t = np.array(t)
    alpha = 1 - confidence
    low = x.mean() - np.quantile(t, 1 - alpha / 2) * se
    high = x.mean() - np.quantile(t, alpha / 2) * se
    observed = (x.mean() - null) / se
    share = ((t < observed).sum() + (t <= observed).sum()) / (2 * len(t))
    return low, high, 2 * min(share, 1 - share)


def test_studentized_bootstrap_is_the_textbook_bootstrap_t():
    rng = np.random.default_rng(12)
    x = rng.beta(2, 5, size=(2, 150))
    out = stats.studentized_bootstrap(x, rng=np.random.default_rng(3), n_resamples=700,
                                      confidence=0.9, null=0.3)
    counts = stats.resample_counts(np.random.default_rng(3), 700, 150, np.float64)
    for j in range(2):
        low, high, p = _textbook_bootstrap_t(x[j], counts, 0.9, 0.3)
        assert out["ci_low"].iloc[j] == pytest.approx(low, rel=1e-9)
        assert out["ci_high"].iloc[j] == pytest.approx(high, rel=1e-9)
        assert out["p_value"].iloc[j] == pytest.approx(p)
        assert out["se"].iloc[j] == pytest.approx(x[j].std(ddof=1) / np.sqrt(150))


def test_studentized_cluster_bootstrap_uses_the_clustered_se(scores, clusters):
    values = scores.to_numpy()
    out = stats.studentized_bootstrap(values, rng=np.random.default_rng(4), n_resamples=300,
                                      clusters=clusters)
    cr0 = stats.clustered_se(scores, clusters, method="CR0")["se"].to_numpy()
    np.testing.assert_allclose(out["se"], cr0, rtol=1e-12)
    # Replicate by replicate: resample clusters, recompute the CR0 SE of the drawn items.
    weights = stats.resample_counts(np.random.default_rng(4), 300, 30, np.float64).astype(int)
    j = 1
    t = []
    for row in weights:
        drawn = np.concatenate([values[j, clusters == c] for c in np.repeat(np.arange(30), row)])
        groups = np.repeat(np.arange(row.sum()), 4)
        se_b = stats.clustered_se(pd.Series(drawn), groups, method="CR0")["se"].iloc[0]
        t.append((drawn.mean() - values[j].mean()) / se_b)
    low = values[j].mean() - np.quantile(t, 0.975) * cr0[j]
    assert out["ci_low"].iloc[j] == pytest.approx(low, rel=1e-9)


def test_studentized_bootstrap_of_a_paired_difference(scores):
    d = scores.iloc[0] - scores.iloc[2]
    out = stats.studentized_bootstrap(d, rng=np.random.default_rng(5), n_resamples=2000).iloc[0]
    z = stats.paired_difference(scores.iloc[[0]], scores.iloc[[2]]).iloc[0]
    assert out["mean"] == pytest.approx(z["mean"])
    assert out["ci_low"] == pytest.approx(z["ci_low"], abs=0.02)
    assert out["p_value"] < 0.05 and z["p_value"] < 0.05


def test_studentized_bootstrap_with_zero_se_replicates_is_unbounded():
    # Five items, one correct: many replicates draw only wrong answers (SE 0, t* = -inf).
    out = stats.studentized_bootstrap([0, 0, 0, 0, 1], rng=np.random.default_rng(6),
                                      n_resamples=500).iloc[0]
    assert np.isinf(out["ci_high"]) and out["ci_high"] > 0
    same = stats.studentized_bootstrap([1, 1, 1], rng=np.random.default_rng(6), n_resamples=50)
    assert same[["ci_low", "ci_high"]].iloc[0].tolist() == [1.0, 1.0]


def test_studentized_bootstrap_bad_input():
    with pytest.raises(TypeError, match="Generator"):
        stats.studentized_bootstrap([0, 1, 1], rng=1)
    with pytest.raises(ValueError, match="n_resamples"):
        stats.studentized_bootstrap([0, 1, 1], rng=np.random.default_rng(0), n_resamples=1)
    with pytest.raises(ValueError, match="NaN"):
        stats.studentized_bootstrap([0, np.nan, 1], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="clusters"):
        stats.studentized_bootstrap([0, 1, 1], rng=np.random.default_rng(0), clusters=[1, 2])


def test_wrapped_unsigned_differences_are_refused_with_the_cause():
    """uint8 0/1 columns subtracted wrap around (0 - 1 = 255): never a silent interval."""
    a = np.array([1, 0, 1, 1, 0, 1, 0, 1], dtype=np.uint8)
    b = np.array([0, 1, 1, 0, 0, 1, 1, 1], dtype=np.uint8)
    wrapped = a - b
    assert wrapped.max() == 255
    reps = np.linspace(-0.2, 0.3, 200)
    for call in (
        lambda: stats.bootstrap_interval(wrapped, reps),
        lambda: stats.jackknife_acceleration(wrapped),
        lambda: stats.studentized_bootstrap(wrapped, rng=np.random.default_rng(0), n_resamples=50),
    ):
        with pytest.raises(ValueError, match="wrapped around.*astype\\(float\\)"):
            call()
    # Signed differences in [-1, 1] are fine, and bounded=False lets other scales through.
    signed = a.astype(float) - b.astype(float)
    assert np.isfinite(stats.jackknife_acceleration(signed)).all()
    assert np.isfinite(stats.jackknife_acceleration(signed * 10, bounded=False)).all()
