"""fit_irt: recovery of known parameters, pinned objective and errors, independent references."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize
from scipy.special import expit

from analysis import irt
from analysis.irt import fit_irt, marginal_log_likelihood, simulate_responses


def standard_thetas(n, seed):
    """Abilities with sample mean 0 and SD 1 exactly: the fit's scale is fixed by N(0, 1),
    so the difficulties are comparable with the truth only on the sample's own scale."""
    t = np.random.default_rng(seed).standard_normal(n)
    return (t - t.mean()) / t.std()


@pytest.fixture(scope="module")
def sim():
    x, truth = simulate_responses(1500, 15, rng=np.random.default_rng(11),
                                  theta=standard_thetas(1500, 12))
    return x, truth, fit_irt(x)


def _brute_loglik(x, a, b, quad):
    """Marginal log-likelihood by explicit loops (the definition)."""
    total = 0.0
    for row in np.asarray(x, float):
        like = 0.0
        for theta, w in zip(quad.nodes, quad.weights, strict=True):
            p = expit(a * (theta - b))
            keep = ~np.isnan(row)
            like += w * np.prod(np.where(row[keep] == 1, p[keep], 1 - p[keep]))
        total += np.log(like)
    return total


def test_recovers_known_2pl_parameters_within_their_intervals(sim):
    x, truth, fit = sim
    assert fit.converged and fit.model == "2PL"
    for name in ("discrimination", "difficulty"):
        z = (fit.items[name].to_numpy() - truth[name]) / fit.items[f"se_{name}"].to_numpy()
        assert np.mean(np.abs(z) < 1.96) >= 0.8, name  # 95% intervals, 15 items
        assert np.abs(z).max() < 4
    theta = truth["theta"][[int(m[1:]) for m in fit.abilities.index]]
    assert np.corrcoef(fit.abilities["theta"], theta)[0, 1] > 0.8  # 15 items
    z = (fit.abilities["theta"] - theta) / fit.abilities["se"]
    assert 0.92 < np.mean(np.abs(z) < 1.96) < 0.98  # posterior SD: Bayesian coverage


def test_recovers_a_common_1pl_discrimination():
    x, truth = simulate_responses(1500, 20, rng=np.random.default_rng(2), model="1PL",
                                  discrimination=1.4, theta=standard_thetas(1500, 3))
    fit = fit_irt(x, model="1PL")
    a, se = fit.items["discrimination"].iloc[0], fit.items["se_discrimination"].iloc[0]
    assert (fit.items["discrimination"] == a).all()
    assert abs(a - 1.4) < 3 * se and se < 0.1
    z = (fit.items["difficulty"] - truth["difficulty"]) / fit.items["se_difficulty"]
    assert np.mean(np.abs(z) < 1.96) >= 0.8


def test_standard_errors_are_the_observed_information_of_each_item():
    """Louis' block = minus the Hessian of the penalised marginal log-likelihood in
    (a_j, d_j), by finite differences with the other items held fixed."""
    x, _ = simulate_responses(400, 6, rng=np.random.default_rng(5))
    fit = fit_irt(x, tol=1e-7)
    quad = fit.quadrature
    a, d = fit.a.copy(), fit.d.copy()
    xv = x.to_numpy()
    j, h = 2, 1e-4

    def objective(aj, dj):
        aa, dd = a.copy(), d.copy()
        aa[j], dd[j] = aj, dj
        ll = marginal_log_likelihood(xv, aa, -dd / aa, n_nodes=len(quad.nodes))
        return ll - 0.5 * ((aj - 1) / 2) ** 2 - 0.5 * (dj / 10) ** 2

    f0 = objective(a[j], d[j])
    haa = (objective(a[j] + h, d[j]) - 2 * f0 + objective(a[j] - h, d[j])) / h**2
    hdd = (objective(a[j], d[j] + h) - 2 * f0 + objective(a[j], d[j] - h)) / h**2
    had = (objective(a[j] + h, d[j] + h) - objective(a[j] + h, d[j] - h)
           - objective(a[j] - h, d[j] + h) + objective(a[j] - h, d[j] - h)) / (4 * h * h)
    cov = np.linalg.inv(-np.array([[haa, had], [had, hdd]]))
    assert fit.items["se_discrimination"].iloc[j] == pytest.approx(np.sqrt(cov[0, 0]), rel=0.02)
    assert fit.items["se_intercept"].iloc[j] == pytest.approx(np.sqrt(cov[1, 1]), rel=0.02)


def test_em_reaches_the_maximum_found_by_direct_optimisation():
    """Independent implementation: maximise the penalised marginal log-likelihood of a
    small matrix with scipy.optimize (BFGS on all parameters at once)."""
    x, _ = simulate_responses(150, 4, rng=np.random.default_rng(8))
    fit = fit_irt(x, tol=1e-5, n_nodes=21)
    xv = x.loc[fit.abilities.index].to_numpy()

    def negative(params):
        a, d = params[:4], params[4:]
        ll = marginal_log_likelihood(xv, a, -d / a, n_nodes=21)
        return -(ll - 0.5 * (((a - 1) / 2) ** 2).sum() - 0.5 * ((d / 10) ** 2).sum())

    best = minimize(negative, np.r_[np.ones(4), np.zeros(4)], method="BFGS")
    assert -best.fun == pytest.approx(fit.log_likelihood + fit.log_prior, abs=1e-3)
    # the likelihood is flat near its maximum: parameters agree to ~0.5%
    np.testing.assert_allclose(fit.a, best.x[:4], rtol=5e-3)
    np.testing.assert_allclose(fit.d, best.x[4:], rtol=5e-3, atol=5e-3)


def test_marginal_log_likelihood_is_pinned_to_its_definition():
    x = np.array([[1, 0, np.nan], [0, 1, 1], [1, 1, 0], [0, 0, 1]], float)
    a, b = np.array([0.5, 1.5, 2.0]), np.array([-0.3, 0.2, 1.0])
    quad = irt.normal_grid(11)
    got = marginal_log_likelihood(x, a, b, n_nodes=11, missing="omit")
    assert got == pytest.approx(_brute_loglik(x, a, b, quad), rel=1e-12)
    # a = 0: every response is a coin flip
    assert marginal_log_likelihood(x[1:], [0, 0, 0], [0, 0, 0]) == pytest.approx(9 * np.log(0.5))
    gh = irt.gauss_hermite(21)
    assert gh.weights.sum() == pytest.approx(1) and (gh.weights * gh.nodes**2).sum() == pytest.approx(1)


def test_missing_responses_are_left_out_of_the_likelihood():
    x, truth = simulate_responses(800, 12, rng=np.random.default_rng(4),
                                  theta=standard_thetas(800, 5))
    holey = x.copy()
    holes = np.random.default_rng(5).random(x.shape) < 0.2
    holey[holes] = np.nan
    with pytest.raises(ValueError, match="missing='omit'"):
        fit_irt(holey)
    fit = fit_irt(holey, missing="omit")
    assert (fit.items["n"] < 800).all()
    z = (fit.items["difficulty"] - truth["difficulty"]) / fit.items["se_difficulty"]
    assert np.mean(np.abs(z) < 1.96) >= 0.75
    ll = marginal_log_likelihood(holey.loc[fit.abilities.index], fit.a, fit.items["difficulty"], n_nodes=41,
                                 missing="omit")
    assert ll == pytest.approx(fit.log_likelihood, rel=1e-9)


def test_constant_items_are_dropped_and_extreme_models_kept_with_a_report():
    x, _ = simulate_responses(200, 10, rng=np.random.default_rng(1))
    x.loc["perfect"] = 1.0
    x["easy"] = 1.0
    x["hard"] = 0.0
    x.loc["unscored"] = np.nan
    x.loc["unscored", "hard"] = 0.0  # scored only on an item that is dropped
    fit = fit_irt(x, missing="omit")
    assert fit.dropped_items.loc["easy", "reason"] == "all correct"
    assert fit.dropped_items.loc["hard", "reason"] == "all wrong"
    assert fit.dropped_models.loc["unscored", "reason"] == "unobserved"
    assert fit.extreme_models.loc["perfect", "reason"] == "all correct"
    assert "easy" not in fit.items.index and "unscored" not in fit.abilities.index
    # kept, with a finite MAP ability above every other model's
    assert fit.abilities.loc["perfect", "theta"] == fit.abilities["theta"].max() < 6
    with pytest.raises(ValueError, match="on_constant='drop'"):
        fit_irt(x, on_constant="raise", missing="omit")


def test_bad_input_gets_a_clear_error():
    x, _ = simulate_responses(50, 6, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="2-D"):
        fit_irt(x.iloc[0])
    with pytest.raises(ValueError, match="binary"):
        fit_irt(x * 0.5)
    with pytest.raises(ValueError, match="3PL"):
        fit_irt(x, model="3PL")
    with pytest.raises(ValueError, match="more than two|shape"):
        fit_irt(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="at least 2"):
        fit_irt(pd.DataFrame([[1.0, 0.0], [1.0, 1.0]]))
    with pytest.raises(ValueError, match="on_constant"):
        fit_irt(x, on_constant="keep")
    with pytest.raises(ValueError, match="prior_d_sd"):
        fit_irt(x, prior_d_sd=-1)
    with pytest.raises(ValueError, match="one value per item"):
        marginal_log_likelihood(x, [1.0], [0.0])


def test_non_convergence_is_reported():
    x, _ = simulate_responses(100, 8, rng=np.random.default_rng(0))
    with pytest.warns(irt.ConvergenceWarning):
        fit = fit_irt(x, max_iter=2)
    assert not fit.converged and fit.n_iter == 2
