"""Time horizons: the logistic fit against statsmodels and the explicit penalised objective,
recovery of a known horizon, the hierarchical bootstrap, the doubling time; bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.optimize import minimize

from analysis.horizons import bootstrap_horizons, doubling_time, fit_horizons, horizon

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


def test_doubling_time_of_an_exact_exponential():
    dates = pd.Series(pd.date_range("2020-01-01", periods=6, freq="180D"), index=list("abcdef"))
    h = pd.Series(2.0 ** (np.arange(6) * 180 / 200), index=list("abcdef"))  # doubles every 200 days
    out = doubling_time(dates, h, rng=np.random.default_rng(0), n_boot=200)
    assert out["doubling_days"] == pytest.approx(200)
    assert out["r2"] == pytest.approx(1)
    assert out["low"] == pytest.approx(200) and out["high"] == pytest.approx(200)
    shuffled = doubling_time(dates.sample(frac=1, random_state=0), h, n_boot=0)
    assert shuffled["doubling_days"] == pytest.approx(200)


@pytest.mark.parametrize("change, error, match", [
    (lambda r: r.drop(columns="human_minutes"), KeyError, "human_minutes"),
    (lambda r: r.assign(human_minutes=0.0), ValueError, "positive task times"),
    (lambda r: r.assign(score_binarized=r["score_binarized"] * 100), ValueError, "divided by 100"),
    (lambda r: r.assign(score_binarized=np.nan), ValueError, "no missing"),
])
def test_bad_runs_get_a_clear_error(change, error, match):
    with pytest.raises(error, match=match):
        fit_horizons(change(simulate(np.random.default_rng(0), n_families=3)))


def test_bad_trend_input_gets_a_clear_error():
    dates = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01"]), index=list("ab"))
    with pytest.raises(ValueError, match="at least 3 models"):
        doubling_time(dates, pd.Series([1.0, 2.0], index=list("ab")), n_boot=0)
    with pytest.raises(TypeError, match="Series"):
        doubling_time(["2020-01-01"] * 3, [1, 2, 3])
    runs = simulate(np.random.default_rng(0), n_families=3)
    with pytest.raises(ValueError, match="one family"):
        bootstrap_horizons(runs.assign(task_family=np.arange(len(runs))), np.random.default_rng(0))


def test_metr_runs_order_the_agents_as_expected():
    from analysis.data import load_metr_time_horizon

    fit = fit_horizons(load_metr_time_horizon(include_human=False))
    assert not fit.loc["davinci-002", "identified"]   # no success at all in the staged runs
    assert fit.loc["Claude 3.5 Sonnet (New)", "h50"] > fit.loc["GPT-4o", "h50"] > fit.loc["GPT-4 0314", "h50"]
