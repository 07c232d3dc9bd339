"""analysis.saturation.fit: the logistic progress curve and its bootstrap."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import curve_fit
from scipy.special import expit

from analysis.saturation import fit_logistic_progress, sota_frontier


def _curve(lower, upper):
    return lambda t, rate, mid: lower + (upper - lower) * expit(rate * (t - mid))


def test_recovers_a_noiseless_curve():
    t = np.linspace(2016, 2024, 17)
    s = _curve(0.25, 1.0)(t, 0.9, 2020.7)
    fit = fit_logistic_progress(t, s, lower=0.25, upper=1.0)
    assert fit.rate == pytest.approx(0.9, rel=1e-6)
    assert fit.midpoint == pytest.approx(2020.7, abs=1e-6)
    assert fit.rmse == pytest.approx(0.0, abs=1e-8)
    assert fit.width == pytest.approx(2 * np.log(9) / 0.9)
    assert not fit.extrapolated


def test_agrees_with_scipy_curve_fit_on_the_records():
    rng = np.random.default_rng(3)
    t = np.sort(rng.uniform(2018, 2025, 80))
    s = np.clip(_curve(0.0, 1.0)(t, 1.2, 2021.5) + rng.normal(0, 0.08, t.size), 0, 1)
    fit = fit_logistic_progress(t, s)
    rec = sota_frontier(t, s).query("record")
    (rate, mid), _ = curve_fit(_curve(0.0, 1.0), rec["year"], rec["score"], p0=[1.0, 2021.0])
    assert fit.n_records == len(rec)
    assert fit.rate == pytest.approx(rate, rel=1e-4)
    assert fit.midpoint == pytest.approx(mid, abs=1e-4)


def test_predict_and_year_reaching_are_inverse():
    t = np.linspace(2016, 2024, 9)
    fit = fit_logistic_progress(t, _curve(0.5, 1.0)(t, 1.0, 2020.0), lower=0.5, upper=1.0)
    year = fit.year_reaching(0.9)
    assert fit.predict(year) == pytest.approx(0.9)
    with pytest.raises(ValueError, match="never reaches"):
        fit.year_reaching(1.0)


def test_bootstrap_is_reproducible_and_brackets_the_estimate():
    rng = np.random.default_rng(5)
    t = np.sort(rng.uniform(2018, 2025, 60))
    s = np.clip(_curve(0.0, 1.0)(t, 1.0, 2021.0) + rng.normal(0, 0.05, t.size), 0, 1)
    a = fit_logistic_progress(t, s, n_boot=300, rng=np.random.default_rng(1))
    b = fit_logistic_progress(t, s, n_boot=300, rng=np.random.default_rng(1))
    assert a.intervals.equals(b.intervals)
    for row in ("rate", "midpoint"):
        assert a.intervals.loc[row, "low"] <= a.intervals.loc[row, "estimate"] <= a.intervals.loc[row, "high"]
    assert a.intervals.loc["rate", "n_boot"] <= 300 and len(a.replicates) == 300
    low, high = a.year_reaching_interval(0.9)
    assert low <= a.year_reaching(0.9) <= high


def test_vectorised_replicates_match_one_at_a_time_fits():
    # each bootstrap replicate's fit equals a separate fit of that replicate's data
    rng = np.random.default_rng(11)
    t = np.sort(rng.uniform(2018, 2025, 40))
    s = np.clip(_curve(0.0, 1.0)(t, 1.0, 2021.0) + rng.normal(0, 0.05, t.size), 0, 1)
    fit = fit_logistic_progress(t, s, n_boot=5, rng=np.random.default_rng(2))
    counts = np.random.default_rng(2).multinomial(t.size, np.full(t.size, 1 / t.size), size=5)
    for k in range(5):
        keep = counts[k] > 0
        one = fit_logistic_progress(t[keep], s[keep])
        assert fit.replicates.loc[k, "rate"] == pytest.approx(one.rate, rel=1e-6)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(scores=[27, 35, 50, 65]), ValueError, "percentages"),
    (dict(lower=1.0, upper=0.0), ValueError, "lower < upper"),
    (dict(scores=[0.5, 0.4, 0.3, 0.2]), ValueError, "1 record"),
    (dict(n_boot=10), TypeError, "Generator"),
    (dict(n_boot=-1, rng=np.random.default_rng(0)), ValueError, "at least 0"),
    (dict(n_boot=10, rng=np.random.default_rng(0), confidence=95), ValueError, "percentage"),
])
def test_bad_input(kwargs, error, match):
    args = dict(times=[2019.0, 2020.0, 2021.0, 2022.0], scores=[0.3, 0.5, 0.7, 0.8])
    args.update(kwargs)
    with pytest.raises(error, match=match):
        fit_logistic_progress(**args)


def test_year_reaching_interval_needs_a_bootstrap():
    fit = fit_logistic_progress([2019.0, 2020.0, 2021.0], [0.3, 0.5, 0.7])
    with pytest.raises(ValueError, match="no bootstrap"):
        fit.year_reaching_interval(0.6)
