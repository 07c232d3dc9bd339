"""Compute-equivalent gain: the family lines against scipy's linregress, exact recovery of a
known gain on a synthetic log-linear family, coverage on noisy simulated families, the bounds
outside a family's range, the delta-method variance; bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from scipy.special import expit, logit

from analysis.elicitation import (
    ceg_median_bounds,
    compute_equivalent_gain,
    family_fits,
    summarise_ceg,
)

A, B = -14.0, 0.6          # logit(score) = A + B log10(C)
X = np.array([21.0, 21.5, 22.0, 22.7, 23.3])


def test_family_fits_match_linregress():
    rng = np.random.default_rng(2)
    x = rng.uniform(20, 24, 12)
    s = expit(A + B * x + rng.normal(0, 0.2, 12))
    fam = np.repeat(["f", "g"], 6)
    fits = family_fits(x, s, fam)
    for name in ("f", "g"):
        m = fam == name
        ref = sps.linregress(x[m], logit(s[m]))
        assert fits.loc[name, "slope"] == pytest.approx(ref.slope)
        assert fits.loc[name, "intercept"] == pytest.approx(ref.intercept)
        assert fits.loc[name, "sigma2"] / fits.loc[name, "sxx"] == pytest.approx(ref.stderr**2)
        assert fits.loc[name, "score_max"] == pytest.approx(s[m].max())
        assert fits.loc[name, "x_min"] == pytest.approx(x[m].min())


@pytest.mark.parametrize("anchor", ["compute", "score"])
def test_exact_recovery_on_a_log_linear_family(anchor):
    fits = family_fits(X, expit(A + B * X), ["f"] * X.size)
    gains = np.array([3.0, 10.0, 0.5])
    x_model = np.array([21.2, 21.6, 22.9])
    enhanced = expit(A + B * (x_model + np.log10(gains)))
    out = compute_equivalent_gain(fits, ["f"] * 3, x_model, enhanced,
                                  baseline=expit(A + B * x_model), anchor=anchor)
    assert (out["kind"] == "estimate").all()
    np.testing.assert_allclose(out["ceg"], gains, rtol=1e-9)
    np.testing.assert_allclose(out["ceg_low"], gains, rtol=1e-9)   # no residual, no score noise


def test_identity_link_recovers_the_gain():
    s = 0.1 + 0.05 * X - 1.0
    fits = family_fits(X, s, ["f"] * X.size, link="identity")
    out = compute_equivalent_gain(fits, ["f"], [21.5], [0.1 + 0.05 * (21.5 + 1) - 1.0], link="identity")
    assert out["ceg"].item() == pytest.approx(10.0)


def test_interval_covers_a_known_gain_on_noisy_families():
    rng = np.random.default_rng(7)
    reps, n_items, gain = 400, 2000, 5.0
    x = np.tile(np.linspace(21, 24, 8), reps)
    fam = np.repeat(np.arange(reps).astype(str), 8)
    s = rng.binomial(n_items, expit(A + B * x)) / n_items
    fits = family_fits(x, s, fam)
    xm = np.full(reps, 22.0)
    p_enh = expit(A + B * (xm + np.log10(gain)))
    s_enh = rng.binomial(n_items, p_enh) / n_items
    s0 = rng.binomial(n_items, expit(A + B * xm)) / n_items
    se = np.sqrt(s_enh * (1 - s_enh) / n_items)
    se0 = np.sqrt(s0 * (1 - s0) / n_items)
    for anchor in ("compute", "score"):
        out = compute_equivalent_gain(fits, fits.index, xm, s_enh, se=se, baseline=s0,
                                      se_baseline=se0, anchor=anchor)
        est = out[out["kind"] == "estimate"]
        assert len(est) > 0.95 * reps
        covered = ((est["ceg_low"] <= gain) & (gain <= est["ceg_high"])).mean()
        assert 0.90 <= covered <= 0.99, (anchor, covered)
        assert abs(np.median(np.log10(est["ceg"])) - np.log10(gain)) < 0.05


def test_delta_method_variance_formula():
    rng = np.random.default_rng(3)
    s = expit(A + B * X + rng.normal(0, 0.1, X.size))
    fits = family_fits(X, s, ["f"] * X.size)
    f = fits.loc["f"]
    s_enh, se, xm = 0.3, 0.02, 22.0
    out = compute_equivalent_gain(fits, ["f"], [xm], [s_enh], se=se)
    x_star = (logit(s_enh) - f["intercept"]) / f["slope"]
    var = ((se / (s_enh * (1 - s_enh))) ** 2
           + f["sigma2"] * (1 / f["n"] + (x_star - f["x_mean"]) ** 2 / f["sxx"])) / f["slope"] ** 2
    t = sps.t.ppf(0.975, X.size - 2)
    assert out["kind"].item() == "estimate"
    assert out["log10_ceg"].item() == pytest.approx(x_star - xm)
    assert np.log10(out["ceg_high"].item()) == pytest.approx(x_star - xm + t * np.sqrt(var))


def test_bounds_outside_the_family_range():
    s = expit(A + B * X)
    fits = family_fits(X, s, ["f"] * X.size)
    out = compute_equivalent_gain(fits, ["f", "f"], [21.5, 22.0], [s.max() + 0.01, s.min() - 0.001])
    assert out["kind"].tolist() == ["lower_bound", "upper_bound"]
    np.testing.assert_allclose(out["ceg"], [10 ** (X.max() - 21.5), 10 ** (X.min() - 22.0)])
    assert out["ceg_low"].isna().all()
    assert np.isfinite(out["ceg_extrapolated"]).all()   # the line's inversion is still reported


def test_flat_family_gives_a_bound_or_nothing():
    fits = family_fits([21, 22, 23], [0.30, 0.32, 0.28], ["f"] * 3)
    out = compute_equivalent_gain(fits, ["f", "f"], [21, 21], [0.5, 0.31])
    assert out["kind"].tolist() == ["lower_bound", "undefined"]
    assert out["ceg"].iloc[0] == pytest.approx(100.0)
    assert np.isnan(out["ceg"].iloc[1])


def test_two_model_family_has_no_interval():
    fits = family_fits([21, 23], [0.2, 0.6], ["f"] * 2)
    out = compute_equivalent_gain(fits, ["f"], [21], [0.4])
    assert out["kind"].item() == "estimate"
    assert np.isnan(out["ceg_low"].item())


def test_ceg_median_bounds_and_summary():
    low, high = ceg_median_bounds([2.0, 8.0, 10.0, 1.0], ["estimate", "lower_bound", "upper_bound", "undefined"])
    assert (low, high) == (2.0, 10.0)
    t = pd.DataFrame({"g": ["a"] * 4, "ceg": [6.0, 2.0, 9.0, 3.0],
                      "ceg_kind": ["estimate", "lower_bound", "upper_bound", "estimate"]})
    row = summarise_ceg(t, "g").loc["a"]
    assert row["share_above_low"] == pytest.approx(0.25)       # only the estimate 6
    assert row["share_above_high"] == pytest.approx(0.75)      # + the lower bound 2 and upper bound 9
    assert row["median_low"] == pytest.approx(np.median([6, 2, 0, 3]))
    assert row["median_high"] == pytest.approx(np.median([6, np.inf, 9, 3]))


def test_bad_input():
    with pytest.raises(ValueError, match="percentages"):
        family_fits(X, 100 * expit(A + B * X), ["f"] * X.size)
    with pytest.raises(ValueError, match="NaN"):
        family_fits([21.0, np.nan], [0.2, 0.3], ["f", "f"])
    with pytest.raises(ValueError, match="fewer than two models"):
        family_fits([21.0, 22.0, 23.0], [0.2, 0.3, 0.4], ["f", "f", "g"])
    with pytest.raises(ValueError, match="fewer than two models"):
        family_fits([21.0, 21.0], [0.2, 0.3], ["f", "f"])
    with pytest.raises(ValueError, match="link"):
        family_fits(X, expit(A + B * X), ["f"] * X.size, link="probit")
    fits = family_fits(X, expit(A + B * X), ["f"] * X.size)
    with pytest.raises(KeyError, match="unknown family"):
        compute_equivalent_gain(fits, ["Llama-9"], [22.0], [0.5])
    with pytest.raises(ValueError, match="percentages"):
        compute_equivalent_gain(fits, ["f"], [22.0], [55.0])
    with pytest.raises(ValueError, match="baseline"):
        compute_equivalent_gain(fits, ["f"], [22.0], [0.5], anchor="score")
    with pytest.raises(ValueError, match="anchor"):
        compute_equivalent_gain(fits, ["f"], [22.0], [0.5], anchor="model")
    with pytest.raises(TypeError, match="family_fits"):
        compute_equivalent_gain(pd.DataFrame({"a": [1]}), ["f"], [22.0], [0.5])
    with pytest.raises(ValueError, match="unknown kind"):
        ceg_median_bounds([2.0], ["bound"])
    with pytest.raises(ValueError, match="no defined CEG"):
        ceg_median_bounds([np.nan], ["undefined"])
