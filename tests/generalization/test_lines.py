"""Line fits, effective robustness and the mixture model: pinned to statsmodels' OLS, to
their defining formulas and to a direct computation; bad input gets a clear error."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.special import expit, logit
from scipy.stats import norm

from analysis.generalization import (
    effective_robustness,
    fit_line,
    from_scale,
    mixture_line,
    to_scale,
)


@pytest.fixture
def zoo():
    rng = np.random.default_rng(0)
    x = rng.uniform(0.55, 0.9, 40)
    y = norm.cdf(1.1 * norm.ppf(x) - 0.4 + rng.normal(0, 0.05, 40))
    names = [f"model-{i}" for i in range(40)]
    return pd.Series(x, index=names), pd.Series(y, index=names)


@pytest.mark.parametrize("scale, transform", [("linear", lambda a: a), ("logit", logit),
                                              ("probit", norm.ppf)])
def test_line_equals_statsmodels_ols_on_the_transformed_accuracies(zoo, scale, transform):
    x, y = zoo
    ref = sm.OLS(transform(y.to_numpy()), sm.add_constant(transform(x.to_numpy()))).fit()
    fit = fit_line(x, y, scale=scale, n_boot=0)
    assert fit.intercept == pytest.approx(ref.params[0], rel=1e-10)
    assert fit.slope == pytest.approx(ref.params[1], rel=1e-10)
    assert fit.r2 == pytest.approx(ref.rsquared, rel=1e-10)


def test_scales_round_trip_and_clip_zero_and_one():
    acc = np.array([0.0, 0.2, 0.5, 0.97, 1.0])
    for scale in ("logit", "probit"):
        back = from_scale(to_scale(acc, scale), scale)
        np.testing.assert_allclose(back[1:-1], acc[1:-1], rtol=1e-12)
        assert np.isfinite(to_scale(acc, scale)).all()
    assert to_scale([0.5], "logit")[0] == 0 and from_scale([0.0], "probit")[0] == 0.5
    assert from_scale([2.0], "logit")[0] == pytest.approx(expit(2.0))


def test_bootstrap_is_reproducible_and_brackets_the_estimate(zoo):
    x, y = zoo
    a = fit_line(x, y, rng=np.random.default_rng(3), n_boot=500)
    b = fit_line(x, y, rng=np.random.default_rng(3), n_boot=500)
    assert a.slope_ci == b.slope_ci
    assert a.slope_ci[0] < a.slope < a.slope_ci[1]
    band = a.predict([0.6, 0.8], band=True)
    assert (band["low"] < band["predicted"]).all() and (band["predicted"] < band["high"]).all()


def test_series_are_aligned_on_model_labels(zoo):
    x, y = zoo
    shuffled = y.sample(frac=1, random_state=1)
    extra = pd.concat([shuffled, pd.Series([0.5], index=["only-in-y"])])
    assert fit_line(x, extra, n_boot=0).slope == pytest.approx(fit_line(x, y, n_boot=0).slope)
    # models without one of the accuracies (NaN: not evaluated) drop out
    assert len(fit_line(x, y.where(y.index != "model-3"), n_boot=0).data) == 39


def test_effective_robustness_follows_taori_definition(zoo):
    x, y = zoo
    baseline = list(x.index[:30])
    er = effective_robustness(x, y, baseline, scale="logit", rng=np.random.default_rng(0), n_boot=300)
    ref = sm.OLS(logit(y[baseline].to_numpy()), sm.add_constant(logit(x[baseline].to_numpy()))).fit()
    expected = y - expit(ref.params[0] + ref.params[1] * logit(x))
    np.testing.assert_allclose(er["effective_robustness"], expected[er.index], rtol=1e-9)
    assert er["baseline"].sum() == 30
    assert (er["robust"] == (er["y"] > er["high"])).all()


def test_mixture_line_matches_accuracies_computed_from_the_model():
    p, q, kappa = 0.85, 0.6, 2.5
    a0 = np.linspace(0.5, 1.0, 11)
    hard = 1 - kappa * (1 - a0)
    old, new = p * a0 + (1 - p) * hard, q * a0 + (1 - q) * hard
    slope, intercept = mixture_line(p, q, kappa)
    np.testing.assert_allclose(new, slope * old + intercept, rtol=1e-12)
    assert slope > 1
    assert mixture_line(0.7, 0.7, 4.0) == pytest.approx((1.0, 0.0))


@pytest.mark.parametrize("call, error, match", [
    (lambda: fit_line([60, 70, 80], [50, 60, 70], n_boot=0), ValueError, "divide by 100"),
    (lambda: fit_line([0.6, 0.7], [0.5, 0.6], n_boot=0), ValueError, "at least 3 models"),
    (lambda: fit_line([0.6, 0.7, 0.8], [0.5, 0.6], n_boot=0), ValueError, "same length"),
    (lambda: fit_line([0.6, 0.7, 0.8], [0.5, 0.6, 0.7]), ValueError, "rng="),
    (lambda: fit_line([0.7, 0.7, 0.7], [0.5, 0.6, 0.7], n_boot=0), ValueError, "same x accuracy"),
    (lambda: fit_line([0.6, 0.7, 0.8], [0.5, 0.6, 0.7], scale="log", n_boot=0), ValueError, "scale"),
    (lambda: fit_line(pd.Series([0.6, 0.7, 0.8], index=list("abc")),
                      pd.Series([0.5, 0.6, 0.7], index=list("xyz")), n_boot=0), ValueError, "share no model"),
    (lambda: mixture_line(0.8, 0.6, -1), ValueError, "kappa"),
    (lambda: mixture_line(80, 0.6, 2), ValueError, "divide by 100"),
])
def test_bad_input_gets_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_effective_robustness_refuses_unknown_baseline_models(zoo):
    x, y = zoo
    with pytest.raises(KeyError, match="not-a-model"):
        effective_robustness(x, y, ["not-a-model", "model-1", "model-2"], n_boot=0)


def test_imagenet_testbed_lies_on_a_probit_line():
    from analysis.data import load_imagenet_testbed

    wide = load_imagenet_testbed(wide=True)
    fit = fit_line(wide["val"], wide["imagenetv2-matched-frequency"], scale="probit",
                   rng=np.random.default_rng(0), n_boot=200)
    assert len(fit.data) > 300
    assert fit.r2 > 0.99  # Miller et al. 2021: the strongest case of accuracy on the line
    assert fit.slope_ci[0] < fit.slope < fit.slope_ci[1]
