"""analysis.generalization.contamination: gaps, their intervals, the gap/log-likelihood
correlation and the contamination simulation, pinned to their defining formulas and to
scipy.stats."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis.generalization import (
    GSM1K_SIZE,
    GSM8K_TEST_SIZE,
    gap_correlation,
    gap_table,
    inflated_score,
    model_family,
    simulate_contamination,
)


@pytest.fixture
def pair():
    rng = np.random.default_rng(7)
    models = [f"m{i:02d}" for i in range(25)]
    ll = pd.Series(rng.uniform(-1.0, -0.4, 25), index=models)
    gap = pd.Series(0.1 * (ll + 1.0) + rng.normal(0, 0.02, 25), index=models)
    return gap, ll


# --- model_family -----------------------------------------------------------------------

def test_family_rules_first_match_wins():
    names = ["math-shepherd-mistral-7b-rl", "Mixtral-8x7B-v0.1", "Phi-3-mini-4k-instruct",
             "phi-2", "CodeLlama-7b-hf", "Phind-CodeLlama-34B-v2", "Xwin-Math-7B-V1.0",
             "llemma_7b", "gemma-2b", "Yi-6B-Chat", "deepseek-math-7b-rl", "gpt2-xl"]
    got = model_family(names)
    assert got.tolist() == ["Mistral", "Mistral", "Phi", "Phi", "Llama", "Llama", "Llama",
                            "Llama", "Gemma", "Yi", "DeepSeek", "other"]
    assert got.index.tolist() == names


def test_family_custom_rules_and_order():
    assert model_family(["CodeLlama-7b"], [("Code", "code"), ("Llama", "llama")]).iloc[0] == "code"
    assert model_family(["CodeLlama-7b"], [("Llama", "llama"), ("Code", "code")]).iloc[0] == "llama"
    assert model_family(["x"], [], other="unknown").iloc[0] == "unknown"


def test_family_bad_input():
    with pytest.raises(TypeError, match="not one string"):
        model_family("phi-2")
    with pytest.raises(ValueError, match="pairs"):
        model_family(["phi-2"], [("phi", "Phi", "extra")])


# --- gap_table --------------------------------------------------------------------------

def test_worst_case_se_is_the_binomial_formula_at_one_half():
    gaps = pd.Series({"a": 0.10, "b": -0.02, "c": 0.0})
    out = gap_table(gaps)
    se = np.sqrt(0.25 / GSM8K_TEST_SIZE + 0.25 / GSM1K_SIZE)
    z = sps.norm.ppf(0.975)
    assert np.allclose(out["se"], se)
    assert np.allclose(out["ci_low"], out["gap"] - z * se)
    assert np.allclose(out["ci_high"], out["gap"] + z * se)
    assert out.index.tolist() == ["a", "c", "b"]  # largest gap first
    assert out["excludes_zero"].tolist() == [True, False, False]
    assert np.allclose(out["p_value"], 2 * sps.norm.sf(np.abs(out["gap"]) / se))
    assert out.loc["c", "p_value"] == 1.0


def test_se_under_an_assumed_accuracy_and_worst_case_bound():
    gaps = pd.Series({"a": 0.10, "b": 0.03})
    acc = pd.Series({"b": 0.9, "a": 0.7})
    out = gap_table(gaps, n_original=1000, n_new=500, accuracy_new=acc, confidence=0.9)
    p1, p2 = np.array([0.8, 0.93]), np.array([0.7, 0.9])
    expected = np.sqrt(p1 * (1 - p1) / 1000 + p2 * (1 - p2) / 500)
    assert np.allclose(out.loc[["a", "b"], "se"], expected)
    z = sps.norm.ppf(0.95)
    assert np.allclose(out["ci_high"] - out["gap"], z * out["se"])
    worst = gap_table(gaps, n_original=1000, n_new=500)
    assert (worst["se"] >= out.loc[worst.index, "se"]).all()


def test_gap_table_bad_input():
    with pytest.raises(ValueError, match="percentage"):
        gap_table(pd.Series({"a": 5.0, "b": 13.0}))
    with pytest.raises(TypeError, match="Series"):
        gap_table([0.1, 0.2])
    with pytest.raises(ValueError, match="NaN"):
        gap_table(pd.Series({"a": 0.1, "b": np.nan}))
    with pytest.raises(ValueError, match="twice"):
        gap_table(pd.Series([0.1, 0.2], index=["a", "a"]))
    with pytest.raises(ValueError, match="original set"):
        gap_table(pd.Series({"a": 0.2}), accuracy_new=0.9)
    with pytest.raises(ValueError, match="percentage"):
        gap_table(pd.Series({"a": 0.02}), accuracy_new=80)
    with pytest.raises(ValueError, match="lacks"):
        gap_table(pd.Series({"a": 0.02, "b": 0.0}), accuracy_new=pd.Series({"a": 0.5}))
    with pytest.raises(ValueError, match="percentage"):
        gap_table(pd.Series({"a": 0.02}), confidence=95)


# --- gap_correlation --------------------------------------------------------------------

def test_rho_is_scipy_spearman_and_rho2_its_square(pair):
    gap, ll = pair
    out = gap_correlation(gap, ll, rng=np.random.default_rng(0), n_resamples=200)
    ref = sps.spearmanr(gap, ll)
    assert out["rho"] == pytest.approx(ref.statistic, abs=1e-12)
    assert out["p_value"] == pytest.approx(ref.pvalue, rel=1e-9)
    assert out["rho2"] == pytest.approx(ref.statistic ** 2, abs=1e-12)
    assert out["n_models"] == 25


def test_bootstrap_intervals_against_a_looped_scipy_reference(pair):
    gap, ll = pair
    n_res = 300
    out = gap_correlation(gap, ll, rng=np.random.default_rng(3), n_resamples=n_res)
    # the same draws, each replicate computed with scipy: models resampled with replacement
    draws = np.random.default_rng(3).integers(0, 25, size=(n_res, 25))
    x, y = gap.to_numpy(), ll[gap.index].to_numpy()
    reps = np.array([sps.spearmanr(x[d], y[d]).statistic for d in draws])
    assert out["rho_ci_low"] == pytest.approx(np.quantile(reps, 0.025), abs=1e-9)
    assert out["rho_ci_high"] == pytest.approx(np.quantile(reps, 0.975), abs=1e-9)
    assert out["rho2_ci_low"] == pytest.approx(np.quantile(reps ** 2, 0.025), abs=1e-9)
    assert out["rho2_ci_high"] == pytest.approx(np.quantile(reps ** 2, 0.975), abs=1e-9)


def test_rho2_interval_is_not_the_square_of_rho_endpoints():
    rng = np.random.default_rng(1)
    gap = pd.Series(rng.uniform(-0.05, 0.1, 12), index=list("abcdefghijkl"))
    ll = pd.Series(rng.uniform(-1, -0.4, 12), index=gap.index)
    out = gap_correlation(gap, ll, rng=np.random.default_rng(2), n_resamples=500)
    assert out["rho_ci_low"] < 0 < out["rho_ci_high"]  # unrelated: interval straddles 0
    assert out["rho2_ci_low"] < min(out["rho_ci_low"] ** 2, out["rho_ci_high"] ** 2)


def test_join_inner_uses_shared_models_and_reports_the_count(pair):
    gap, ll = pair
    out = gap_correlation(gap.iloc[:20], ll.iloc[3:], rng=np.random.default_rng(0),
                          n_resamples=100, join="inner")
    assert out["n_models"] == 17
    assert out["rho"] == pytest.approx(sps.spearmanr(gap.iloc[3:20], ll.iloc[3:20]).statistic)


def test_gap_correlation_bad_input(pair):
    gap, ll = pair
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="model lists differ"):
        gap_correlation(gap.iloc[:20], ll, rng=rng)
    with pytest.raises(ValueError, match="at least 3"):
        gap_correlation(gap.iloc[:2], ll.iloc[:2], rng=rng)
    with pytest.raises(ValueError, match="percentage"):
        gap_correlation(gap * 100, ll, rng=rng)
    with pytest.raises(ValueError, match="negate"):
        gap_correlation(gap, -ll, rng=rng)
    with pytest.raises(TypeError, match="Generator"):
        gap_correlation(gap, ll, rng=0)
    with pytest.raises(ValueError, match="join"):
        gap_correlation(gap, ll, rng=rng, join="outer")
    # another score than a log-likelihood is allowed when said so
    assert gap_correlation(gap, -ll, rng=rng, loglik=False, n_resamples=50)["rho"] < 0


# --- inflated_score and simulate_contamination --------------------------------------

def test_inflated_score_formula():
    p, c, m = np.array([0.3, 0.6, 0.9]), np.array([0.0, 0.1, 0.5]), 0.8
    assert np.allclose(inflated_score(p, c, m), c * m + (1 - c) * p)
    assert inflated_score(0.5, 0.0) == 0.5
    with pytest.raises(ValueError, match="percentage"):
        inflated_score(0.5, 20)


def test_simulation_matches_the_model_it_simulates():
    n1, n2, sims = 1319, 1250, 20_000
    out = simulate_contamination([0.4, 0.7], [0.0, 0.1], [0.9], rng=np.random.default_rng(11),
                                 n_original=n1, n_new=n2, n_sims=sims)
    assert len(out) == 4
    s, p = out["expected_score"], out["skill"]
    assert np.allclose(s, out["contaminated_share"] * 0.9 + (1 - out["contaminated_share"]) * p)
    assert np.allclose(out["expected_gap"], out["contaminated_share"] * (0.9 - p))
    # Monte Carlo error of the means: within 4 standard errors
    se_score = np.sqrt(s * (1 - s) / n1 / sims)
    assert (np.abs(out["mean_score"] - s) < 4 * se_score).all()
    sd = np.sqrt(s * (1 - s) / n1 + p * (1 - p) / n2)
    assert (np.abs(out["mean_gap"] - out["expected_gap"]) < 4 * sd / np.sqrt(sims)).all()
    assert np.allclose(out["sd_gap"], sd, rtol=0.03)
    # no contamination: the test rejects at its level; otherwise close to the normal power
    null = out["contaminated_share"] == 0
    assert (np.abs(out.loc[null, "power"] - 0.05) < 4 * np.sqrt(0.05 * 0.95 / sims)).all()
    assert np.allclose(out["power"], out["power_normal"], atol=0.02)


def test_simulation_is_reproducible_and_checks_input():
    kwargs = dict(n_sims=200, n_original=100, n_new=100)
    a = simulate_contamination(0.5, 0.2, rng=np.random.default_rng(5), **kwargs)
    b = simulate_contamination(0.5, 0.2, rng=np.random.default_rng(5), **kwargs)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(TypeError, match="Generator"):
        simulate_contamination(0.5, 0.2, rng=None)
    with pytest.raises(ValueError, match="percentage"):
        simulate_contamination(60, 0.2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="percentage"):
        simulate_contamination(0.6, 0.2, 90, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="1-D"):
        simulate_contamination(np.ones((2, 2)) / 2, 0.2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="at least 1"):
        simulate_contamination(0.6, 0.2, rng=np.random.default_rng(0), n_new=0)
    with pytest.raises(ValueError, match="alpha"):
        simulate_contamination(0.6, 0.2, rng=np.random.default_rng(0), alpha=0.0)
