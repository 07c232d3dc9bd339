"""Item difficulty and the easy/hard mixture model fitted to items: pinned to the defining
formulas (column means, numpy's histogram, the mixture's marginal likelihood computed item
by item), to parameter recovery on data simulated from the model, and to mixture_line;
bad input gets a clear error."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import logsumexp

from analysis.generalization import (
    difficulty_distribution,
    fit_mixture,
    item_difficulty,
    mixture_line,
)


def simulate(rng, a0, share_easy, kappa, n_items):
    """Models x items 0/1 from the mixture model (synthetic, for testing the fit)."""
    easy = rng.random(n_items) < share_easy
    prob = np.where(easy[None, :], a0[:, None], 1 - kappa * (1 - a0[:, None]))
    names = [f"m{i}" for i in range(a0.size)]
    return pd.DataFrame((rng.random((a0.size, n_items)) < prob).astype(np.int8), index=names)


@pytest.fixture(scope="module")
def simulated():
    rng = np.random.default_rng(11)
    a0 = np.linspace(0.80, 0.985, 12)
    return a0, simulate(rng, a0, 0.85, 5.0, 6000), simulate(rng, a0, 0.65, 5.0, 3000)


def test_item_difficulty_is_one_minus_the_share_of_models_right():
    rng = np.random.default_rng(0)
    m = pd.DataFrame((rng.random((5, 30)) < 0.6).astype(int), columns=[f"i{j}" for j in range(30)])
    out = item_difficulty(m)
    np.testing.assert_allclose(out.to_numpy(), 1 - m.to_numpy().sum(axis=0) / 5)
    assert out.index.tolist() == m.columns.tolist() and out.name == "difficulty"


def test_difficulty_distribution_is_numpys_histogram():
    rng = np.random.default_rng(1)
    a = pd.DataFrame((rng.random((6, 50)) < 0.7).astype(int))
    b = pd.DataFrame((rng.random((6, 40)) < 0.5).astype(int))
    out = difficulty_distribution({"old": a, "new": b}, bins=4)
    for name, m in (("old", a), ("new", b)):
        part = out[out["test_set"] == name]
        diff = 1 - m.to_numpy().mean(axis=0)
        counts, _ = np.histogram(diff, bins=np.linspace(0, 1, 5))
        np.testing.assert_allclose(part["share"], counts / diff.size)
        assert part["mean_difficulty"].iloc[0] == pytest.approx(diff.mean())
        assert part["share_all_right"].iloc[0] == pytest.approx(np.mean(diff == 0))
        assert part["share_all_wrong"].iloc[0] == pytest.approx(np.mean(diff == 1))


def test_fit_mixture_recovers_the_parameters_it_was_simulated_with(simulated):
    a0, orig, new = simulated
    fit = fit_mixture(orig, new)
    assert fit.converged
    assert fit.p_easy_original == pytest.approx(0.85, abs=0.02)
    assert fit.p_easy_new == pytest.approx(0.65, abs=0.02)
    assert fit.kappa == pytest.approx(5.0, rel=0.1)
    np.testing.assert_allclose(fit.easy_accuracy.to_numpy(), a0, atol=0.01)
    assert (fit.slope, fit.intercept) == pytest.approx(
        mixture_line(fit.p_easy_original, fit.p_easy_new, fit.kappa))


def test_fit_mixture_log_likelihood_is_the_marginal_likelihood_item_by_item(simulated):
    _, orig, new = simulated
    fit = fit_mixture(orig, new)

    def loglik(p, q, kappa, a):
        total = 0.0
        for share, m in ((p, orig), (q, new)):
            y = m.to_numpy(dtype=float).T  # items x models
            hard = 1 - kappa * (1 - a)
            easy_ll = (y * np.log(a) + (1 - y) * np.log(1 - a)).sum(axis=1)
            hard_ll = (y * np.log(hard) + (1 - y) * np.log(1 - hard)).sum(axis=1)
            total += logsumexp(np.c_[np.log(share) + easy_ll, np.log(1 - share) + hard_ll], axis=1).sum()
        return total

    a = fit.easy_accuracy.to_numpy()
    assert fit.log_likelihood == pytest.approx(loglik(fit.p_easy_original, fit.p_easy_new, fit.kappa, a),
                                               rel=1e-6)
    # the maximum is at least as high as nearby parameter values
    assert fit.log_likelihood >= loglik(fit.p_easy_original + 0.01, fit.p_easy_new, fit.kappa, a) - 1e-6
    assert fit.log_likelihood >= loglik(fit.p_easy_original, fit.p_easy_new, fit.kappa * 0.98, a) - 1e-6


def test_fit_mixture_implied_accuracies_follow_the_model(simulated):
    _, orig, new = simulated
    fit = fit_mixture(orig, new)
    implied = fit.implied_accuracies()
    a0, k, p = fit.easy_accuracy, fit.kappa, fit.p_easy_original
    np.testing.assert_allclose(implied["original"], p * a0 + (1 - p) * (1 - k * (1 - a0)))
    np.testing.assert_allclose(implied["new"], fit.intercept + fit.slope * implied["original"])
    # and they are close to the observed accuracies on data from the model
    np.testing.assert_allclose(implied["original"], orig.mean(axis=1), atol=0.01)


def test_fit_mixture_bootstrap_is_reproducible_and_brackets_the_estimate(simulated):
    _, orig, new = simulated
    one = fit_mixture(orig, new, rng=np.random.default_rng(5), n_boot=8)
    two = fit_mixture(orig, new, rng=np.random.default_rng(5), n_boot=8)
    np.testing.assert_array_equal(one.replicates, two.replicates)
    assert one.replicates.shape == (8, 5)
    iv = one.intervals
    assert (iv["ci_low"] <= iv["ci_high"]).all()
    assert iv.loc["p_easy_new", "ci_low"] < 0.65 + 0.03 and iv.loc["p_easy_new", "ci_high"] > 0.65 - 0.03


def test_fit_mixture_aligns_models_by_label(simulated):
    _, orig, new = simulated
    shuffled = new.iloc[::-1]
    assert fit_mixture(orig, shuffled).kappa == pytest.approx(fit_mixture(orig, new).kappa)


@pytest.mark.parametrize("mutate, match", [
    (lambda m: m * 100, "0/1"),
    (lambda m: m.astype(float).mask(m == 0), "NaN"),
    (lambda m: m.iloc[:2], "at least 3 models"),
    (lambda m: m.rename(index={"m0": "other"}), "same models"),
])
def test_fit_mixture_bad_input(simulated, mutate, match):
    _, orig, new = simulated
    with pytest.raises(ValueError, match=match):
        fit_mixture(orig, mutate(new))


def test_fit_mixture_needs_rng_for_the_bootstrap_and_dataframes(simulated):
    _, orig, new = simulated
    with pytest.raises(ValueError, match="rng"):
        fit_mixture(orig, new, n_boot=5)
    with pytest.raises(TypeError, match="DataFrame"):
        fit_mixture(orig.to_numpy(), new)
    with pytest.raises(ValueError, match="same models"):
        difficulty_distribution({"a": orig, "b": new.iloc[1:]})
