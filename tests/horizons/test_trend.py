"""Horizon trends: OLS on the log scale against numpy.polyfit, recovery of a known doubling time
within its interval, METR's frontier rule, the date a horizon is reached, the time a threshold
buys; bad input (missing dates, fewer than two models, missing horizons)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.horizons import (
    WORK_MONTH_MINUTES,
    date_reaching,
    doubling_time,
    fit_trend,
    frontier_models,
    time_bought,
)

TRUE_DOUBLING = 200.0          # days


def exponential(n=6, spacing=180, noise=0.0, rng=None):
    names = [f"m{i}" for i in range(n)]
    days = np.arange(n) * spacing
    dates = pd.Series(pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="D"), index=names)
    log_h = np.log(2) * days / TRUE_DOUBLING
    if noise:
        log_h = log_h + rng.normal(0, noise, n)
    return dates, pd.Series(np.exp(log_h), index=names)


def test_trend_is_ols_of_log_horizon_on_days():
    rng = np.random.default_rng(0)
    dates, h = exponential(n=9, noise=0.4, rng=rng)
    trend = fit_trend(dates, h, n_boot=0)
    days = (dates - dates.min()).dt.days.to_numpy()
    slope, intercept = np.polyfit(days, np.log(h.to_numpy()), 1)
    assert trend.slope == pytest.approx(slope) and trend.intercept == pytest.approx(intercept)
    assert trend.r2 == pytest.approx(np.corrcoef(days, np.log(h))[0, 1] ** 2)
    assert trend.doubling_days == pytest.approx(np.log(2) / slope)
    assert trend.predict(dates.iloc[[3]]) == pytest.approx(np.exp(intercept + slope * days[3]))


def test_an_exact_exponential_has_its_doubling_time_and_a_degenerate_interval():
    dates, h = exponential()
    out = doubling_time(dates, h, rng=np.random.default_rng(0), n_boot=200)
    assert out["doubling_days"] == pytest.approx(TRUE_DOUBLING)
    assert out["r2"] == pytest.approx(1)
    assert out["low"] == pytest.approx(TRUE_DOUBLING) and out["high"] == pytest.approx(TRUE_DOUBLING)
    shuffled = doubling_time(dates.sample(frac=1, random_state=0), h, n_boot=0)
    assert shuffled["doubling_days"] == pytest.approx(TRUE_DOUBLING)


def test_a_known_doubling_time_is_recovered_within_its_interval():
    dates, h = exponential(n=16, spacing=90, noise=0.3, rng=np.random.default_rng(1))
    out = doubling_time(dates, h, rng=np.random.default_rng(2), n_boot=2000)
    assert out["low"] < TRUE_DOUBLING < out["high"]
    assert out["low"] < out["doubling_days"] < out["high"]


def test_model_bootstrap_is_a_weighted_refit_on_the_drawn_models():
    dates, h = exponential(n=7, noise=0.5, rng=np.random.default_rng(3))
    trend = fit_trend(dates, h, rng=np.random.default_rng(4), n_boot=5)
    draws = np.random.default_rng(4).multinomial(7, np.full(7, 1 / 7), size=5)
    days = (dates - dates.min()).dt.days.to_numpy()
    for r in range(5):
        idx = np.repeat(np.arange(7), draws[r])
        if np.unique(days[idx]).size < 2:
            assert np.isnan(trend.boot_slopes[r])
            continue
        slope, intercept = np.polyfit(days[idx], np.log(h.to_numpy()[idx]), 1)
        assert trend.boot_slopes[r] == pytest.approx(slope)
        assert trend.boot_intercepts[r] == pytest.approx(intercept)


def test_replicates_carry_the_task_bootstrap_into_the_trend():
    dates, h = exponential(n=5, noise=0.2, rng=np.random.default_rng(5))
    reps = pd.DataFrame(np.exp(np.log(h.to_numpy()) + np.random.default_rng(6).normal(0, 0.3, (50, 5))),
                        columns=h.index)
    reps.iloc[0, 2] = np.nan                                  # a model without a horizon in one replicate
    trend = fit_trend(dates, h, rng=np.random.default_rng(0), replicates=reps, resample_models=False)
    days = (dates - dates.min()).dt.days.to_numpy()
    assert trend.boot_slopes[1] == pytest.approx(np.polyfit(days, np.log(reps.iloc[1]), 1)[0])
    keep = [0, 1, 3, 4]
    assert trend.boot_slopes[0] == pytest.approx(np.polyfit(days[keep], np.log(reps.iloc[0, keep]), 1)[0])
    same = fit_trend(dates, h, rng=np.random.default_rng(0), replicates=reps.iloc[:, ::-1],
                     resample_models=False)
    np.testing.assert_allclose(same.boot_slopes, trend.boot_slopes)   # columns matched by name
    flat = pd.DataFrame([h.to_numpy()] * 20, columns=h.index)
    out = doubling_time(dates, h, rng=np.random.default_rng(0), replicates=flat, resample_models=False)
    assert out["low"] == pytest.approx(out["doubling_days"]) == out["high"]


def test_band_is_the_pointwise_percentile_of_the_replicate_lines():
    dates, h = exponential(n=10, noise=0.3, rng=np.random.default_rng(7))
    trend = fit_trend(dates, h, rng=np.random.default_rng(8), n_boot=400, confidence=0.9)
    when = pd.to_datetime(["2021-06-01"])
    d = (when[0] - trend.origin).days
    lines = trend.boot_intercepts + trend.boot_slopes * d
    low, high = trend.band(when)
    assert low[0] == pytest.approx(np.exp(np.nanquantile(lines, 0.05)))
    assert high[0] == pytest.approx(np.exp(np.nanquantile(lines, 0.95)))
    assert low[0] < trend.predict(when)[0] < high[0]


def test_frontier_follows_its_definition():
    rng = np.random.default_rng(9)
    names = [f"m{i}" for i in range(30)]
    dates = pd.Series(pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 400, 30), unit="D"),
                      index=names)
    h = pd.Series(rng.lognormal(0, 1, 30), index=names)
    expected = [h[m] >= h[dates <= dates[m]].max() for m in names]
    assert frontier_models(dates, h).tolist() == expected


def test_date_reaching_solves_the_trend_line():
    dates, h = exponential(n=8, noise=0.3, rng=np.random.default_rng(10))
    trend = fit_trend(dates, h, rng=np.random.default_rng(11), n_boot=300)
    out = date_reaching(trend, WORK_MONTH_MINUTES)
    assert trend.predict([out["estimate"]])[0] == pytest.approx(WORK_MONTH_MINUTES, rel=1e-6)
    days = (np.log(WORK_MONTH_MINUTES) - trend.boot_intercepts) / trend.boot_slopes
    lo = trend.origin + pd.to_timedelta(np.quantile(days[trend.boot_slopes > 0], 0.025), unit="D")
    assert abs((out["low"] - lo).total_seconds()) < 1
    assert out["low"] < out["estimate"] < out["high"]
    assert WORK_MONTH_MINUTES == 167 * 60


def test_time_bought_is_doublings_times_the_doubling_time():
    assert time_bought(212.0, doublings=3)["days"] == pytest.approx(636)
    out = time_bought(pd.Series({"doubling_days": 200.0, "low": 150.0, "high": 300.0}), ratio=10)
    k = np.log2(10)
    assert out["doublings"] == pytest.approx(k)
    assert (out["days"], out["low"], out["high"]) == pytest.approx((200 * k, 150 * k, 300 * k))
    assert out["months"] == pytest.approx(200 * k / 30.4375)
    assert time_bought(100.0, ratio=1)["days"] == 0


@pytest.mark.parametrize("change, match", [
    (lambda d, h: (d.drop("m2"), h), r"no release date for \['m2'\]"),
    (lambda d, h: (d.where(d.index != "m1"), h), r"no release date for \['m1'\]"),
    (lambda d, h: (d, h.iloc[:1]), "at least two models"),
    (lambda d, h: (d, h.where(h.index != "m0")), "no horizon for"),
    (lambda d, h: (d, h * 0), "positive"),
    (lambda d, h: (pd.Series(pd.Timestamp("2020-01-01"), index=d.index), h), "one release date"),
])
def test_bad_trend_input_gets_a_clear_error(change, match):
    dates, h = change(*exponential())
    with pytest.raises(ValueError, match=match):
        doubling_time(dates, h, n_boot=0)


def test_other_bad_input_gets_a_clear_error():
    dates, h = exponential()
    with pytest.raises(TypeError, match="Series"):
        doubling_time(list(dates), list(h))
    with pytest.raises(ValueError, match="replicates has no column"):
        fit_trend(dates, h, rng=np.random.default_rng(0), replicates=pd.DataFrame({"m0": [1.0]}))
    with pytest.raises(ValueError, match="nothing to resample"):
        fit_trend(dates, h, n_boot=10, resample_models=False)
    with pytest.raises(ValueError, match="no band"):
        fit_trend(dates, h, n_boot=0).band(dates)
    with pytest.raises(ValueError, match="do not grow"):
        date_reaching(fit_trend(dates, h[::-1].set_axis(h.index), n_boot=0), 60.0)
    with pytest.raises(ValueError, match="positive number of minutes"):
        date_reaching(fit_trend(dates, h, n_boot=0), -1.0)
    with pytest.raises(ValueError, match="exactly one"):
        time_bought(200.0)
    with pytest.raises(ValueError, match="ratio must be"):
        time_bought(200.0, ratio=0.5)
    with pytest.raises(ValueError, match="positive number of days"):
        time_bought(float("nan"), doublings=2)
    with pytest.raises(KeyError, match="doubling_days"):
        time_bought(pd.Series({"low": 1.0}), doublings=2)
    for written in ("200", True, [200.0]):  # a number read from text, a flag, a list
        with pytest.raises(TypeError, match="number of days"):
            time_bought(written, doublings=2)


def test_official_trend_reproduces_metrs_time_horizon_1_1_doubling_time():
    from analysis.data import load_metr_time_horizon

    official = load_metr_time_horizon(table="horizons").query("version == '1.1'").set_index("model")
    published = load_metr_time_horizon(table="doubling_times").set_index("fit")
    frontier = frontier_models(official["release_date"], official["p50_minutes"])
    assert frontier.equals(official["is_sota"])
    ours = doubling_time(official["release_date"], official.loc[frontier, "p50_minutes"], n_boot=0)
    assert ours["doubling_days"] == pytest.approx(published.loc["all_time_stitched", "estimate_days"],
                                                  abs=0.01)


def test_given_replicates_without_resampling_models_need_no_generator():
    # Replicate r of the trend is the OLS fit of replicate r's horizons: nothing is drawn.
    dates, h = exponential(n=5)
    factors = np.array([[1.0, 1.1, 0.9, 1.2, 1.0], [0.8, 1.0, 1.0, 1.1, 1.3]])
    replicates = pd.DataFrame(h.to_numpy() * factors, columns=h.index)
    trend = fit_trend(dates, h, replicates=replicates, resample_models=False)
    days = ((dates - dates.min()).dt.total_seconds() / 86_400).to_numpy()
    for r in range(2):
        slope = np.polyfit(days, np.log(replicates.iloc[r].to_numpy()), 1)[0]
        assert trend.boot_slopes[r] == pytest.approx(slope, rel=1e-10)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        fit_trend(dates, h, replicates=replicates)  # resampling models needs one
