"""Researcher-style messy inputs to the horizon fits and trends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.horizons import doubling_time, fit_horizons

DATES = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01"]),
                  index=list("abcd"))
HORIZONS = pd.Series([1.0, 2.0, 4.0, 8.0], index=list("abcd"))


def _ols_doubling(dates: pd.Series, horizons: pd.Series) -> float:
    days = (dates - dates.min()).dt.days.to_numpy(float)
    return float(np.log(2) / np.polyfit(days, np.log(horizons.to_numpy()), 1)[0])


def test_dates_in_another_order_or_as_strings_are_aligned_by_model():
    expected = _ols_doubling(DATES, HORIZONS)
    for dates in (DATES.iloc[::-1], DATES.dt.strftime("%Y-%m-%d").iloc[[2, 0, 3, 1]]):
        assert doubling_time(dates, HORIZONS, n_boot=0)["doubling_days"] == pytest.approx(expected)


@pytest.mark.parametrize("dates, error, match", [
    (pd.Series([2020.0, 2021.0, 2022.0, 2023.0], index=list("abcd")), TypeError, "not numbers"),
    (pd.concat([DATES, DATES.iloc[:1]]), ValueError, "lists 'a' twice"),
    (DATES.dt.strftime("%Y-%m-%d").replace("2020-01-01", "Jan '20"), ValueError, "before 1950"),
    (DATES.dt.strftime("%Y-%m-%d").replace("2020-01-01", "soon"), ValueError, "could not be read"),
])
def test_dates_that_are_not_dates_are_refused(dates, error, match):
    with pytest.raises(error, match=match):
        doubling_time(dates, HORIZONS, n_boot=0)


def test_horizons_written_as_text_are_refused():
    with pytest.raises(ValueError, match="numbers of minutes; got \\['1.0 min'"):
        doubling_time(DATES, HORIZONS.astype(str) + " min", n_boot=0)


RUNS = pd.DataFrame({"alias": "a", "human_minutes": [1, 2, 4, 8, 16, 32] * 2,
                     "score_binarized": [1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0]})


def test_fit_horizons_takes_one_p_and_refuses_percentages():
    one = fit_horizons(RUNS, weight=None, p=0.5)
    both = fit_horizons(RUNS, weight=None, p=(0.5, 0.8))
    assert one.loc["a", "h50"] == both.loc["a", "h50"]
    b0, b1 = both.loc["a", ["intercept", "slope"]]
    assert one.loc["a", "h50"] == pytest.approx(2 ** (-b0 / b1))
    with pytest.raises(ValueError, match="0.5, not 50"):
        fit_horizons(RUNS, weight=None, p=50)


def test_runs_without_an_agent_or_with_text_weights_are_refused():
    with pytest.raises(ValueError, match="1 runs have no 'alias'"):
        fit_horizons(RUNS.assign(alias=["a"] * 11 + [None]), weight=None)
    with pytest.raises(ValueError, match="numeric run weights"):
        fit_horizons(RUNS.assign(w="x"), weight="w")


def test_replicates_with_repeated_columns_or_zero_horizons_are_refused():
    rng = np.random.default_rng(0)
    reps = pd.DataFrame({m: HORIZONS[m] * np.array([1.0, 1.1]) for m in HORIZONS.index})
    ordered = doubling_time(DATES, HORIZONS, replicates=reps, resample_models=False, rng=rng)
    shuffled = doubling_time(DATES, HORIZONS, replicates=reps[["d", "b", "a", "c"]],
                             resample_models=False, rng=rng)
    pd.testing.assert_series_equal(ordered, shuffled)
    with pytest.raises(ValueError, match="more than one column for \\['a'\\]"):
        doubling_time(DATES, HORIZONS, replicates=pd.concat([reps, reps[["a"]]], axis=1),
                      resample_models=False, rng=rng)
    with pytest.raises(ValueError, match="positive horizons"):
        doubling_time(DATES, HORIZONS, replicates=reps * 0, resample_models=False, rng=rng)


def test_date_reaching_refuses_minutes_given_as_text():
    from analysis.horizons import date_reaching, fit_trend

    trend = fit_trend(DATES, HORIZONS, n_boot=0)
    with pytest.raises(ValueError, match="positive number of minutes, got '60'"):
        date_reaching(trend, "60")


def test_horizon_and_success_curve_align_intercepts_and_slopes_by_agent():
    from analysis.horizons import horizon, success_curve

    intercept = pd.Series([1.0, 2.0], index=["a", "b"])
    slope = pd.Series([-0.5, -1.0], index=["b", "a"])          # a: -1, b: -0.5
    np.testing.assert_allclose(horizon(intercept, slope), 2.0 ** (-intercept.to_numpy()
                                                                  / np.array([-1.0, -0.5])))
    np.testing.assert_allclose(success_curve(intercept, slope, 4.0),
                               1 / (1 + np.exp(-(intercept.to_numpy() + np.array([-1.0, -0.5]) * 2))))


def test_empty_runs_are_refused():
    with pytest.raises(ValueError, match="runs is empty"):
        fit_horizons(RUNS.iloc[:0], weight=None)
