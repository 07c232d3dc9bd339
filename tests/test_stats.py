"""Statistical helpers, pinned to their defining formulas, closed forms and an independent
reference implementation (statsmodels), plus the errors bad input must raise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

from analysis import stats
from analysis.stats._validation import as_score_matrix

Z95 = sps.norm.ppf(0.975)


@pytest.fixture
def binary_scores() -> pd.DataFrame:
    """Three fictional models on 400 items (method illustration, not data)."""
    rng = np.random.default_rng(20241101)
    difficulty = rng.normal(size=400)
    ability = np.array([[-0.5], [0.0], [0.8]])
    p = 1 / (1 + np.exp(difficulty - ability))
    return pd.DataFrame((rng.random((3, 400)) < p).astype(float), index=["a", "b", "c"])


# --- mean_se -------------------------------------------------------------------------------

def test_mean_se_worked_example():
    # 1, 0, 1, 1: mean 0.75, ddof-1 sd 0.5, so SE = 0.5 / sqrt(4) = 0.25.
    row = stats.mean_se([1, 0, 1, 1]).iloc[0]
    assert row["mean"] == 0.75
    assert row["se"] == pytest.approx(0.25)
    assert row["ci_low"] == pytest.approx(0.75 - Z95 * 0.25)
    assert row["ci_high"] == pytest.approx(0.75 + Z95 * 0.25)
    assert row["n"] == 4


def test_mean_se_matches_formula_for_every_row(binary_scores):
    out = stats.mean_se(binary_scores, confidence=0.9)
    values = binary_scores.to_numpy()
    n = values.shape[1]
    expected = np.sqrt(((values - values.mean(1, keepdims=True)) ** 2).sum(1) / (n - 1)) / np.sqrt(n)
    np.testing.assert_allclose(out["se"], expected)
    # Binary scores: the same SE is sqrt(p(1-p)/(n-1)).
    p = values.mean(1)
    np.testing.assert_allclose(out["se"], np.sqrt(p * (1 - p) / (n - 1)))
    z90 = sps.norm.ppf(0.95)
    np.testing.assert_allclose(out["ci_high"] - out["mean"], z90 * expected)
    assert list(out.index) == ["a", "b", "c"] and out.index.name == "model"


def test_mean_se_labels_series_and_arrays():
    assert stats.mean_se(pd.Series([0, 1, 1], name="gpt")).index.tolist() == ["gpt"]
    assert stats.mean_se(np.ones((2, 3))).index.tolist() == [0, 1]


def test_proportion_se_is_the_ddof0_binary_se():
    scores = np.r_[np.ones(30), np.zeros(10)]
    assert stats.proportion_se(0.75, 40) == pytest.approx(scores.std(ddof=0) / np.sqrt(40))
    np.testing.assert_allclose(stats.proportion_se([0.5, 0.9], [100, 2000]),
                               np.sqrt([0.25 / 100, 0.09 / 2000]))
    with pytest.raises(ValueError, match="not a percentage"):
        stats.proportion_se(75, 40)
    with pytest.raises(ValueError, match="at least 1"):
        stats.proportion_se(0.5, 0)


# --- exact intervals ----------------------------------------------------------------------

def test_clopper_pearson_closed_forms():
    # k = 0: upper bound solves (1-p)^n = alpha/2; k = n: lower bound solves p^n = alpha/2.
    out = stats.clopper_pearson([0, 10], [10, 10])
    assert out["ci_low"][0] == 0 and out["ci_high"][1] == 1
    assert out["ci_high"][0] == pytest.approx(1 - 0.025 ** (1 / 10))
    assert out["ci_low"][1] == pytest.approx(0.025 ** (1 / 10))
    assert out["ci_high"][0] == pytest.approx(0.3085, abs=5e-5)  # the textbook table value


def test_clopper_pearson_agrees_with_statsmodels():
    k = np.array([1, 7, 50, 1800, 1999])
    n = np.array([5, 20, 100, 2000, 2000])
    out = stats.clopper_pearson(k, n, confidence=0.9)
    low, high = proportion_confint(k, n, alpha=0.1, method="beta")
    np.testing.assert_allclose(out["ci_low"], low, rtol=1e-10)
    np.testing.assert_allclose(out["ci_high"], high, rtol=1e-10)
    np.testing.assert_allclose(out["mean"], k / n)


def test_clopper_pearson_from_scores_counts_each_row(binary_scores):
    out = stats.clopper_pearson_scores(binary_scores, confidence=0.9)
    counts = binary_scores.sum(axis=1).astype(int).to_numpy()
    low, high = proportion_confint(counts, 400, alpha=0.1, method="beta")
    np.testing.assert_allclose(out["ci_low"], low, rtol=1e-10)
    np.testing.assert_allclose(out["ci_high"], high, rtol=1e-10)
    assert list(out.index) == ["a", "b", "c"] and (out["n"] == 400).all()
    with pytest.raises(ValueError, match="binary"):
        stats.clopper_pearson_scores([1, 0.5, 0])


def test_clopper_pearson_1800_of_2000():
    row = stats.clopper_pearson(1800, 2000).iloc[0]
    assert (round(row["ci_low"], 3), round(row["ci_high"], 3)) == (0.886, 0.913)


@pytest.mark.parametrize(
    ("k", "n", "message"),
    [(5, 4, "between 0 and trials"), (-1, 4, "between 0 and trials"), (1, 0, "at least 1"),
     (1.5, 4, "whole numbers"), ([1, 2], [3, 4, 5], "same length"), (np.nan, 3, "whole numbers")],
)
def test_clopper_pearson_rejects_bad_counts(k, n, message):
    with pytest.raises(ValueError, match=message):
        stats.clopper_pearson(k, n)


def test_zero_failure_bound_and_rule_of_three():
    assert stats.zero_failure_upper_bound(100) == pytest.approx(1 - 0.05 ** (1 / 100))
    n = np.array([10, 100, 10_000])
    bound = stats.zero_failure_upper_bound(n)
    # (1 - bound)^n = 0.05 exactly; the rule of three 3/n is close for large n, larger for small n.
    np.testing.assert_allclose((1 - bound) ** n, 0.05)
    assert (bound < 3 / n).all()
    assert bound[-1] * n[-1] == pytest.approx(-np.log(0.05), rel=1e-3)
    with pytest.raises(ValueError, match="at least 1"):
        stats.zero_failure_upper_bound(0)


# --- clustered and stratified -------------------------------------------------------------

def test_clustered_se_worked_example():
    # Residuals +-0.5 sum to +1 and -1 per cluster: V = (1 + 1) / 16; corrected V = 2 * 2 / 16.
    scores, clusters = [1, 1, 0, 0], ["x", "x", "y", "y"]
    plain = stats.clustered_se(scores, clusters, correction=False).iloc[0]
    corrected = stats.clustered_se(scores, clusters).iloc[0]
    assert plain["se"] == pytest.approx(np.sqrt(2 / 16))
    assert corrected["se"] == pytest.approx(0.5)
    # ddof-1 naive variance is (1/3)/4, so the design effect is 0.25 / (1/12) = 3.
    assert corrected["design_effect"] == pytest.approx(3.0)
    assert corrected["n_clusters"] == 2 and corrected["df"] == 1
    assert corrected["ci_high"] == pytest.approx(0.5 + sps.t.ppf(0.975, 1) * 0.5)


def test_singleton_clusters_reduce_to_ordinary_se(binary_scores):
    items = np.arange(binary_scores.shape[1])
    corrected = stats.clustered_se(binary_scores, items)
    plain = stats.clustered_se(binary_scores, items, correction=False)
    values = binary_scores.to_numpy()
    n = values.shape[1]
    np.testing.assert_allclose(corrected["se"], values.std(1, ddof=1) / np.sqrt(n))
    np.testing.assert_allclose(plain["se"], values.std(1, ddof=0) / np.sqrt(n))
    np.testing.assert_allclose(corrected["design_effect"], 1.0)


def test_clustered_se_matches_statsmodels(binary_scores):
    rng = np.random.default_rng(7)
    clusters = rng.integers(0, 37, size=binary_scores.shape[1])
    out = stats.clustered_se(binary_scores, clusters)
    for label, row in binary_scores.iterrows():
        fit = sm.OLS(row.to_numpy(), np.ones(len(row))).fit(
            cov_type="cluster", cov_kwds={"groups": clusters, "use_correction": True}
        )
        assert out.loc[label, "se"] == pytest.approx(fit.bse[0], rel=1e-10)
        assert out.loc[label, "mean"] == pytest.approx(fit.params[0])


def test_cluster_ids_may_be_any_labels_in_any_order(binary_scores):
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 20, size=binary_scores.shape[1])
    names = np.array([f"family-{c}" for c in codes], dtype=object)
    np.testing.assert_allclose(
        stats.clustered_se(binary_scores, codes)["se"], stats.clustered_se(binary_scores, names)["se"]
    )


def test_stratified_se_matches_definition(binary_scores):
    strata = np.repeat(np.arange(8), 50)
    out = stats.stratified_se(binary_scores, strata)
    frame = binary_scores.T.assign(stratum=strata)
    grouped = frame.groupby("stratum")
    expected = np.sqrt((grouped.var(ddof=1).mul(grouped.size(), axis=0)).sum()) / len(strata)
    np.testing.assert_allclose(out["se"], expected[binary_scores.index])
    assert (out["n_strata"] == 8).all()
    # Strata that are constant within carry no sampling noise at all.
    assert stats.stratified_se([0, 0, 1, 1], ["a", "a", "b", "b"])["se"].item() == 0.0


def test_stratified_se_needs_two_items_per_stratum():
    with pytest.raises(ValueError, match="at least 2 items"):
        stats.stratified_se([0, 1, 1], ["a", "a", "b"])


# --- paired comparisons -------------------------------------------------------------------

def test_paired_difference_formula(binary_scores):
    a, b = binary_scores.loc[["c"]], binary_scores.loc[["a"]]
    out = stats.paired_difference(a, b).iloc[0]
    d = (a.to_numpy() - b.to_numpy()).ravel()
    n = d.size
    se = d.std(ddof=1) / np.sqrt(n)
    assert out["diff"] == pytest.approx(d.mean())
    assert out["se"] == pytest.approx(se)
    assert out["p_value"] == pytest.approx(2 * sps.norm.sf(abs(d.mean() / se)))
    var_a, var_b = a.to_numpy().var(ddof=1), b.to_numpy().var(ddof=1)
    assert out["se_unpaired"] == pytest.approx(np.sqrt((var_a + var_b) / n))
    r = np.corrcoef(a.to_numpy().ravel(), b.to_numpy().ravel())[0, 1]
    assert out["correlation"] == pytest.approx(r)
    # Var(a - b) = Var(a) + Var(b) - 2 Cov(a, b): pairing helps exactly when r > 0.
    cov = np.cov(a.to_numpy().ravel(), b.to_numpy().ravel())[0, 1]
    assert stats.paired_variance(a, b)[0] == pytest.approx(var_a + var_b - 2 * cov)
    assert stats.independent_variance(a, b)[0] == pytest.approx(var_a + var_b)


def test_paired_difference_with_clusters_is_clustered_se_of_differences(binary_scores):
    clusters = np.repeat(np.arange(40), 10)
    a, b = binary_scores.iloc[[2, 1]], binary_scores.iloc[[0, 0]]
    out = stats.paired_difference(a, b, clusters=clusters)
    reference = stats.clustered_se(a.to_numpy() - b.to_numpy(), clusters)
    np.testing.assert_allclose(out["se"], reference["se"])
    np.testing.assert_allclose(out["ci_low"], reference["ci_low"])
    t = out["diff"] / out["se"]
    np.testing.assert_allclose(out["p_value"], 2 * sps.t.sf(np.abs(t), 39))
    assert list(out.index) == ["c", "b"]


def test_identical_models_have_zero_difference_and_p_one():
    out = stats.paired_difference([1, 0, 1, 0], [1, 0, 1, 0]).iloc[0]
    assert out["diff"] == 0 and out["se"] == 0 and out["p_value"] == 1


def test_paired_difference_rejects_misaligned_items():
    with pytest.raises(ValueError, match="same items"):
        stats.paired_difference([1, 0, 1], [1, 0])


# --- power --------------------------------------------------------------------------------

def test_sample_size_factor_is_7_849():
    assert stats.sample_size_factor() == pytest.approx(7.849, abs=5e-4)
    assert stats.sample_size_factor(0.05, 0.8) == pytest.approx((Z95 + sps.norm.ppf(0.8)) ** 2)


def test_sample_size_power_and_mde_are_consistent():
    omega2, delta = 0.25, 0.03
    n = stats.required_sample_size(delta, omega2)
    assert n == int(np.ceil(stats.sample_size_factor() * omega2 / delta**2))
    assert stats.power(n, delta, omega2) >= 0.8 > stats.power(n - 1, delta, omega2)
    mde = stats.minimum_detectable_effect(n, omega2)
    assert mde == pytest.approx(np.sqrt(stats.sample_size_factor() * omega2 / n))
    # At the MDE power is 80% up to the tiny chance of rejecting in the wrong direction.
    assert stats.power(n, mde, omega2) == pytest.approx(0.8, abs=1e-5)
    assert stats.power(n, 0.0, omega2) == pytest.approx(0.05)


def test_power_functions_broadcast_and_validate():
    n = stats.required_sample_size(np.array([0.01, 0.02]), 0.2)
    assert n.shape == (2,) and n[0] > 3.9 * n[1]
    with pytest.raises(ValueError, match="delta must be positive"):
        stats.required_sample_size(0, 0.2)
    with pytest.raises(ValueError, match="alpha"):
        stats.power(100, 0.1, 0.2, alpha=1.5)


# --- bootstrap ----------------------------------------------------------------------------

def test_resample_counts_are_multinomial_draws():
    counts = stats.resample_counts(np.random.default_rng(0), 2000, 50)
    assert counts.shape == (2000, 50) and (counts.sum(1) == 50).all()
    # Each count is Binomial(50, 1/50): mean 1, variance 49/50.
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


def test_cluster_bootstrap_tracks_clustered_se(binary_scores):
    clusters = np.repeat(np.arange(50), 8)
    boot = stats.cluster_bootstrap_mean(binary_scores, clusters, rng=np.random.default_rng(9), n_resamples=4000)
    analytic = stats.clustered_se(binary_scores, clusters, correction=False)
    np.testing.assert_allclose(boot["se"], analytic["se"], rtol=0.08)


@pytest.mark.parametrize("rng", [None, 0, np.random.RandomState(0)])
def test_bootstrap_requires_a_generator(rng):
    with pytest.raises(TypeError, match="default_rng"):
        stats.bootstrap_mean([0, 1, 1], rng=rng)


def test_bootstrap_rejects_bad_resample_counts():
    with pytest.raises(ValueError, match="n_resamples"):
        stats.bootstrap_mean([0, 1, 1], rng=np.random.default_rng(0), n_resamples=1)


# --- bad input, shared by every estimator -------------------------------------------------

@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ([], "empty"),
        ([[1.0, np.nan, 0.0]], "NaN"),
        ([1.0, np.inf], "infinite"),
        (np.zeros((2, 2, 2)), "1-D"),
        (["a", "b"], "numeric"),
        ([1.0], "at least 2"),
    ],
)
@pytest.mark.parametrize("estimator", [stats.mean_se, lambda s: stats.clustered_se(s, np.arange(np.size(s)))])
def test_bad_scores_get_a_clear_error(estimator, scores, message):
    with pytest.raises(ValueError, match=message):
        estimator(scores)


def test_binary_check_names_the_offending_value():
    with pytest.raises(ValueError, match="binary.*0.5"):
        as_score_matrix([0, 0.5, 1], binary=True)


@pytest.mark.parametrize(
    ("clusters", "message"),
    [([0, 0, 1], "3 ids but the scores have 4"), ([0, 0, None, 1], "missing"), ([0, 0, 0, 0], "at least 2")],
)
def test_bad_clusters_get_a_clear_error(clusters, message):
    with pytest.raises(ValueError, match=message):
        stats.clustered_se([1, 0, 1, 1], clusters)


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.2])
def test_confidence_must_be_a_probability(confidence):
    with pytest.raises(ValueError, match="confidence"):
        stats.mean_se([0, 1, 1], confidence=confidence)


# --- variance components (repeated runs) ------------------------------------------------

def test_variance_components_worked_example():
    # Item a: runs 1,1,0,0 (mean 0.5, ddof-1 variance 1/3); item b: 1,1,1,1 (variance 0).
    # within = (1/3 + 0) / 2 = 1/6; between = Var([0.5, 1], ddof=1) - (1/6) * (1/4) = 1/12.
    row = stats.variance_components([1, 1, 0, 0, 1, 1, 1, 1], list("aaaabbbb")).iloc[0]
    assert row["within_variance"] == pytest.approx(1 / 6)
    assert row["between_variance"] == pytest.approx(1 / 12)
    assert row["within_share"] == pytest.approx(2 / 3)
    assert row["n_items"] == 2 and row["runs_per_item"] == 4


def test_variance_components_match_a_groupby_with_unequal_runs():
    rng = np.random.default_rng(11)
    items = rng.integers(0, 30, size=500)
    scores = (rng.random(500) < rng.random(30)[items]).astype(float)
    row = stats.variance_components(scores, items).iloc[0]
    groups = pd.Series(scores).groupby(items)
    k = groups.size()
    within = groups.var(ddof=1)[k >= 2].mean()
    between = groups.mean().var(ddof=1) - within * (1 / k).mean()
    assert row["within_variance"] == pytest.approx(within)
    assert row["between_variance"] == pytest.approx(between)
    assert row["total_variance"] == pytest.approx(scores.var(ddof=1))


def test_variance_components_need_repeats_and_one_model():
    with pytest.raises(ValueError, match="two or more runs"):
        stats.variance_components([1, 0, 1], ["a", "b", "c"])
    with pytest.raises(ValueError, match="1-D"):
        stats.variance_components(np.ones((2, 4)), ["a", "a", "b", "b"])


def test_repeated_sampling_se_is_millers_formula():
    se = stats.repeated_sampling_se(0.15, 0.08, 80, np.array([1, 4]))
    np.testing.assert_allclose(se, np.sqrt((0.15 + 0.08 / np.array([1, 4])) / 80))
    # Infinitely many runs leave only the between-item part.
    assert stats.repeated_sampling_se(0.15, 0.08, 80, 1e12) == pytest.approx(np.sqrt(0.15 / 80))
    with pytest.raises(ValueError, match="at least 1"):
        stats.repeated_sampling_se(0.15, 0.08, 0, 1)
