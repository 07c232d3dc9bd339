"""incidents.growth: pinned to the Poisson score equations, its Fisher information, and a
negative-binomial likelihood maximised with scipy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, special, stats

from analysis import incidents

COUNTS = pd.Series([8, 6, 13, 24, 41, 50, 45, 43, 90, 77, 104, 168, 283, 370],
                   index=range(2012, 2026))  # AIID-like counts, typed in


def test_exact_exponential_counts_recovered():
    counts = pd.Series(5 * 3.0 ** np.arange(5), index=range(2001, 2006))
    for model in ("poisson", "negative_binomial"):
        fit = incidents.growth_rate(counts, model=model)
        assert fit["growth"] == pytest.approx(2.0, rel=1e-4)
        assert fit["doubling_years"] == pytest.approx(np.log(2) / np.log(3), rel=1e-4)
    assert incidents.growth_curve(fit, [2006]) == pytest.approx([5 * 3.0**5], rel=1e-3)


def test_poisson_solves_score_equations_and_uses_fisher_information():
    fit = incidents.growth_rate(COUNTS, model="poisson")
    years = COUNTS.index.to_numpy(dtype=float)
    mu = incidents.growth_curve(fit, years)
    t = years - years.mean()
    y = COUNTS.to_numpy(dtype=float)
    assert np.sum(y - mu) == pytest.approx(0, abs=1e-6)  # d loglik / d intercept
    assert np.sum(t * (y - mu)) == pytest.approx(0, abs=1e-5)  # d loglik / d slope
    info = np.array([[mu.sum(), (t * mu).sum()], [(t * mu).sum(), (t * t * mu).sum()]])
    assert fit["slope_se"] == pytest.approx(np.sqrt(np.linalg.inv(info)[1, 1]), rel=1e-6)
    z = stats.norm.ppf(0.975)
    assert fit["ci_low"] == pytest.approx(np.expm1(fit["slope"] - z * fit["slope_se"]))
    assert fit["ci_high"] == pytest.approx(np.expm1(fit["slope"] + z * fit["slope_se"]))
    pearson = np.sum((y - mu) ** 2 / mu) / (y.size - 2)
    assert fit["dispersion"] == pytest.approx(pearson, rel=1e-6)
    assert fit["alpha"] == 0 and fit["n_years"] == 14 and fit["total"] == y.sum()


def test_negative_binomial_matches_scipy_maximum_likelihood():
    y = COUNTS.to_numpy(dtype=float)
    t = COUNTS.index.to_numpy(dtype=float) - COUNTS.index.to_numpy(dtype=float).mean()

    def negloglik(theta):
        a, b, log_alpha = theta
        mu, r = np.exp(a + b * t), np.exp(-log_alpha)  # NB2: var = mu + alpha mu^2
        return -np.sum(special.gammaln(y + r) - special.gammaln(r) - special.gammaln(y + 1)
                       + r * np.log(r / (r + mu)) + y * np.log(mu / (r + mu)))

    best = optimize.minimize(negloglik, [np.log(y.mean()), 0.2, np.log(0.1)],
                             method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12,
                                                            "maxiter": 20000})
    fit = incidents.growth_rate(COUNTS)
    assert fit["slope"] == pytest.approx(best.x[1], abs=1e-4)
    assert fit["alpha"] == pytest.approx(np.exp(best.x[2]), rel=1e-3)
    poisson = incidents.growth_rate(COUNTS, model="poisson")
    assert fit["slope_se"] > poisson["slope_se"]  # overdispersed counts: a wider interval


def test_year_range_and_frame_input():
    frame = pd.DataFrame({"incidents": [*COUNTS.tolist(), 25],
                          "complete": [True] * 14 + [False]},
                         index=pd.Index(range(2012, 2027), name="year"))
    from_frame = incidents.growth_rate(frame, model="poisson")
    assert from_frame["last_year"] == 2025  # the incomplete year is left out
    assert from_frame["slope"] == pytest.approx(incidents.growth_rate(COUNTS, model="poisson")["slope"])
    part = incidents.growth_rate(COUNTS, model="poisson", first_year=2016, last_year=2024)
    reference = incidents.growth_rate(COUNTS.loc[2016:2024], model="poisson")
    assert part["slope"] == pytest.approx(reference["slope"]) and part["n_years"] == 9


def test_decline_has_infinite_doubling_time():
    fit = incidents.growth_rate(pd.Series([40, 20, 10, 5], index=[1, 2, 3, 4]), model="poisson")
    assert fit["growth"] == pytest.approx(-0.5, rel=1e-4) and fit["doubling_years"] == np.inf


@pytest.mark.parametrize("counts, match", [
    (pd.Series([1, -2, 3], index=[1, 2, 3]), "whole numbers >= 0"),
    (pd.Series([1, 2.5, 3], index=[1, 2, 3]), "whole numbers >= 0"),
    (pd.Series([1, np.nan, 3], index=[1, 2, 3]), "missing"),
    (pd.Series([1, 2], index=[1, 2]), "at least 3 years"),
    (pd.Series([1, 2, 3], index=[1, 1, 2]), "twice"),
    (pd.Series([1, 2, 3], index=["a", "b", "c"]), "calendar years"),
    (pd.Series([0, 0, 0], index=[1, 2, 3]), "all zero"),
])
def test_bad_counts(counts, match):
    with pytest.raises(ValueError, match=match):
        incidents.growth_rate(counts)


def test_bad_arguments():
    with pytest.raises(ValueError, match="model must be"):
        incidents.growth_rate(COUNTS, model="gamma")
    with pytest.raises(ValueError, match="percentage"):
        incidents.growth_rate(COUNTS, confidence=95)
    with pytest.raises(TypeError, match="Series"):
        incidents.growth_rate([1, 2, 3])
    with pytest.raises(KeyError, match="incidents"):
        incidents.growth_rate(pd.DataFrame({"n": [1, 2, 3]}))
    with pytest.raises(KeyError, match="growth_rate"):
        incidents.growth_curve(pd.Series({"slope": 0.1}), [2020])
