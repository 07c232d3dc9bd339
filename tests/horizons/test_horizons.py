"""Time horizons: the logistic fit against statsmodels, scikit-learn (as METR calls it) and the
explicit penalised objective, recovery of a known horizon, the hierarchical bootstrap; bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

from analysis.horizons import (
    bootstrap_horizons,
    fit_horizons,
    horizon,
    horizon_replicates,
    success_curve,
)

TRUE_B0, TRUE_B1 = 2.0, -0.5        # h50 = 2 ** 4 = 16 minutes


def simulate(rng, n_families=30, tasks_per_family=3, runs_per_task=6, agent="a"):
    minutes = 2.0 ** rng.uniform(-1, 9, n_families * tasks_per_family)
    task = np.repeat(np.arange(minutes.size), runs_per_task)
    p = 1 / (1 + np.exp(-(TRUE_B0 + TRUE_B1 * np.log2(minutes[task]))))
    return pd.DataFrame({"alias": agent, "task_id": task, "task_family": task // tasks_per_family,
                         "human_minutes": minutes[task], "score_binarized": rng.random(task.size) < p,
                         "invsqrt_task_weight": 1.0}).astype({"score_binarized": float})


def test_unpenalised_fit_equals_statsmodels_weighted_logit():
    rng = np.random.default_rng(0)
    runs = simulate(rng)
    runs["invsqrt_task_weight"] = rng.uniform(0.2, 2.0, len(runs))
    ours = fit_horizons(runs, regularization=0).iloc[0]
    design = sm.add_constant(np.log2(runs["human_minutes"].to_numpy()))
    ref = sm.GLM(runs["score_binarized"].to_numpy(), design, family=sm.families.Binomial(),
                 freq_weights=runs["invsqrt_task_weight"].to_numpy()).fit()
    assert ours["intercept"] == pytest.approx(ref.params[0], rel=1e-7)
    assert ours["slope"] == pytest.approx(ref.params[1], rel=1e-7)


def test_penalised_fit_minimises_metr_objective():
    runs = simulate(np.random.default_rng(1), n_families=8, tasks_per_family=2)
    x = np.log2(runs["human_minutes"].to_numpy())
    y = runs["score_binarized"].to_numpy()
    w = np.full(len(runs), 1 / len(runs))

    def objective(beta):  # scikit-learn's C * sum(w loss) + |b1|^2 / 2 with C = 1 / 0.1
        eta = beta[0] + beta[1] * x
        loss = np.logaddexp(0, -eta) * y + np.logaddexp(0, eta) * (1 - y)
        return 10 * (w * loss).sum() + beta[1] ** 2 / 2

    ref = minimize(objective, np.zeros(2), method="BFGS", options={"gtol": 1e-10}).x
    ours = fit_horizons(runs).iloc[0]
    np.testing.assert_allclose([ours["intercept"], ours["slope"]], ref, atol=1e-5)


def test_a_known_horizon_is_recovered_within_its_interval():
    runs = simulate(np.random.default_rng(2), n_families=60, runs_per_task=8)
    fit = fit_horizons(runs, regularization=0).iloc[0]
    assert fit["h50"] == pytest.approx(16, rel=0.25)
    boot = bootstrap_horizons(runs, np.random.default_rng(3), n_boot=300, regularization=0).iloc[0]
    assert boot["low"] < 16 < boot["high"]
    assert boot["low"] < fit["h50"] < boot["high"]


def test_a_fractional_score_is_a_weighted_success_and_failure():
    runs = simulate(np.random.default_rng(4), n_families=10)
    half = runs.iloc[:1].assign(score_binarized=0.5)
    split = pd.concat([runs.iloc[:1].assign(score_binarized=1.0, invsqrt_task_weight=0.5),
                       runs.iloc[:1].assign(score_binarized=0.0, invsqrt_task_weight=0.5)])
    a = fit_horizons(pd.concat([half, runs.iloc[1:]]))
    b = fit_horizons(pd.concat([split, runs.iloc[1:]]))
    np.testing.assert_allclose(a[["intercept", "slope"]], b[["intercept", "slope"]], rtol=1e-9)


def test_horizon_formula_and_unidentified_agents():
    assert float(horizon(TRUE_B0, TRUE_B1, 0.5)) == pytest.approx(16)
    assert float(horizon(TRUE_B0, TRUE_B1, 0.8)) == pytest.approx(2 ** ((np.log(4) - 2) / -0.5))
    assert np.isnan(horizon(1.0, 0.2, 0.5))
    never = simulate(np.random.default_rng(5), n_families=5).assign(alias="b", score_binarized=0.0)
    fit = fit_horizons(pd.concat([simulate(np.random.default_rng(5)), never]))
    assert not fit.loc["b", "identified"] and np.isnan(fit.loc["b", "h50"])
    assert fit.loc["a", "identified"]


def test_bootstrap_is_reproducible_and_resamples_runs_without_bias():
    runs = pd.concat([simulate(np.random.default_rng(6), agent="a"),
                      simulate(np.random.default_rng(7), agent="b")], ignore_index=True)
    one = bootstrap_horizons(runs, np.random.default_rng(8), n_boot=100)
    two = bootstrap_horizons(runs, np.random.default_rng(8), n_boot=100)
    pd.testing.assert_frame_equal(one, two)
    from analysis.horizons.fit import _hierarchical_counts

    counts = _hierarchical_counts(runs, np.random.default_rng(9), 4000, "alias", "task_family", "task_id")
    assert counts.mean() == pytest.approx(1.0, abs=0.02)      # each run drawn once on average
    per_agent = counts[:, runs["alias"].to_numpy() == "a"].sum(axis=1)
    assert per_agent.mean() == pytest.approx((runs["alias"] == "a").sum(), rel=0.02)


@pytest.mark.parametrize("change, error, match", [
    (lambda r: r.drop(columns="human_minutes"), KeyError, "human_minutes"),
    (lambda r: r.assign(human_minutes=0.0), ValueError, "positive task times"),
    (lambda r: r.assign(score_binarized=r["score_binarized"] * 100), ValueError, "divided by 100"),
    (lambda r: r.assign(score_binarized=np.nan), ValueError, "no missing"),
])
def test_bad_runs_get_a_clear_error(change, error, match):
    with pytest.raises(error, match=match):
        fit_horizons(change(simulate(np.random.default_rng(0), n_families=3)))


def test_bad_bootstrap_input_gets_a_clear_error():
    runs = simulate(np.random.default_rng(0), n_families=3)
    with pytest.raises(ValueError, match="one family"):
        bootstrap_horizons(runs.assign(task_family=np.arange(len(runs))), np.random.default_rng(0))
    with pytest.raises(ValueError, match="n_boot"):
        horizon_replicates(runs, np.random.default_rng(0), n_boot=0)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        horizon_replicates(runs, np.random.default_rng(0), p=50)
    with pytest.raises(ValueError, match="task_family"):
        horizon_replicates(runs.assign(task_family=None), np.random.default_rng(0))
    with pytest.raises(ValueError, match="positive task times"):
        success_curve(0.0, -1.0, [1.0, 0.0])


def test_success_curve_is_the_logistic_of_log2_minutes_and_crosses_p_at_the_horizon():
    minutes = np.array([0.5, 1.0, 16.0, 300.0])
    np.testing.assert_allclose(success_curve(TRUE_B0, TRUE_B1, minutes),
                               expit(TRUE_B0 + TRUE_B1 * np.log2(minutes)))
    for p in (0.2, 0.5, 0.8):
        assert success_curve(TRUE_B0, TRUE_B1, horizon(TRUE_B0, TRUE_B1, p)) == pytest.approx(p)


def test_fit_equals_scikit_learns_logistic_regression_as_metr_calls_it():
    """METR: LogisticRegression(C=1/0.1) on log2 minutes, weights summing to 1, fractional
    scores split into a weighted success and a weighted failure."""
    rng = np.random.default_rng(11)
    runs = simulate(rng, n_families=12)
    runs["invsqrt_task_weight"] = rng.uniform(0.2, 2.0, len(runs))
    runs.loc[runs.index[::7], "score_binarized"] = 0.25
    w = runs["invsqrt_task_weight"].to_numpy() / runs["invsqrt_task_weight"].sum()
    y = runs["score_binarized"].to_numpy()
    x = np.log2(runs["human_minutes"].to_numpy())
    frac = (y > 0) & (y < 1)
    xs = np.concatenate([x[~frac], x[frac], x[frac]])
    ys = np.concatenate([y[~frac], np.zeros(frac.sum()), np.ones(frac.sum())])
    ws = np.concatenate([w[~frac], w[frac] * (1 - y[frac]), w[frac] * y[frac]])
    ref = LogisticRegression(C=1 / 0.1, tol=1e-12, max_iter=10_000).fit(xs[:, None], ys, sample_weight=ws)
    ours = fit_horizons(runs).iloc[0]
    assert ours["intercept"] == pytest.approx(ref.intercept_[0], abs=1e-6)
    assert ours["slope"] == pytest.approx(ref.coef_[0, 0], abs=1e-6)
    h80 = 2 ** ((np.log(4) - ref.intercept_[0]) / ref.coef_[0, 0])
    assert ours["h80"] == pytest.approx(h80, rel=1e-5)


def test_a_replicate_is_scikit_learn_on_the_resampled_runs_without_renormalised_weights():
    from analysis.horizons.fit import _hierarchical_counts

    runs = pd.concat([simulate(np.random.default_rng(12), n_families=8, agent="a"),
                      simulate(np.random.default_rng(13), n_families=8, agent="b")], ignore_index=True)
    runs["invsqrt_task_weight"] = np.random.default_rng(14).uniform(0.5, 1.5, len(runs))
    reps = horizon_replicates(runs, np.random.default_rng(15), n_boot=3)
    counts = _hierarchical_counts(runs, np.random.default_rng(15), 3, "alias", "task_family", "task_id")
    for name in ("a", "b"):
        mask = (runs["alias"] == name).to_numpy()
        w = runs["invsqrt_task_weight"].to_numpy()[mask]
        w = w / w.sum()                      # the agent's weights sum to 1 before resampling
        x = np.log2(runs["human_minutes"].to_numpy()[mask])[:, None]
        y = runs["score_binarized"].to_numpy()[mask]
        for r in range(3):
            ref = LogisticRegression(C=10, tol=1e-12, max_iter=10_000).fit(x, y, sample_weight=counts[r, mask] * w)
            expected = 2 ** (-ref.intercept_[0] / ref.coef_[0, 0])
            assert reps.loc[r, name] == pytest.approx(expected, rel=1e-5)


def test_metr_runs_order_the_agents_as_expected():
    from analysis.data import load_metr_time_horizon

    fit = fit_horizons(load_metr_time_horizon(include_human=False))
    assert not fit.loc["davinci-002", "identified"]   # no success at all in the staged runs
    assert fit.loc["Claude 3.5 Sonnet (New)", "h50"] > fit.loc["GPT-4o", "h50"] > fit.loc["GPT-4 0314", "h50"]
