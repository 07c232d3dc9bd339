"""Out-of-sample prediction from PC1, against scikit-learn and the R² formula."""

import numpy as np
import pandas as pd
import pytest
from sklearn.decomposition import PCA
from sklearn.linear_model import LinearRegression

from analysis.entanglement import (
    cross_validated_prediction,
    cross_validated_r2,
    leave_one_benchmark_out,
    sigmoid,
)


def _factor(n=50, seed=0):
    rng = np.random.default_rng(seed)
    g = rng.normal(size=n)
    x = pd.DataFrame({f"b{j}": g + 0.3 * rng.normal(size=n) for j in range(4)})
    y = pd.Series(0.8 * g + 0.6 * rng.normal(size=n), name="y")
    return x, y


def test_cross_validation_matches_sklearn_refit_per_fold():
    x, y = _factor()
    out = cross_validated_prediction(x, y, rng=np.random.default_rng(1), n_folds=5)
    expected = np.empty(len(y))
    for k in range(5):
        test = out["fold"].to_numpy() == k
        p = PCA(n_components=1).fit(x[~test].to_numpy())
        sign = np.sign(p.components_[0].sum())
        pc_train = p.transform(x[~test].to_numpy()) * sign
        pc_test = p.transform(x[test].to_numpy()) * sign
        expected[test] = LinearRegression().fit(pc_train, y[~test]).predict(pc_test)
    np.testing.assert_allclose(out["predicted"], expected, atol=1e-10)
    resid = y.to_numpy() - expected
    r2 = 1 - (resid ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert out.attrs["r2"] == pytest.approx(r2)
    assert out.attrs["mae"] == pytest.approx(np.abs(resid).mean())
    assert sorted(np.bincount(out["fold"])) == [10] * 5


def test_out_of_sample_r2_near_the_population_value():
    # y = 0.8 g + 0.6 e: R² of the best predictor g is 0.64; PC1 of 4 noisy copies of g is
    # a slightly noisy g, so the out-of-sample R² is a little below 0.64
    x, y = _factor(n=4000, seed=2)
    r2 = cross_validated_prediction(x, y, rng=np.random.default_rng(0)).attrs["r2"]
    attenuation = 1 / (1 + 0.09 / 4)  # corr(PC1, g)^2 for noise sd 0.3 averaged over 4
    assert abs(r2 - 0.64 * attenuation) < 0.03


def test_sigmoid_link_recovers_a_sigmoid():
    g = np.linspace(-3, 3, 80)
    x = pd.DataFrame({"a": g, "b": 2 * g, "c": g + 1})
    y = pd.Series(sigmoid(g, 1.5, 0.2, floor=0.25))
    out = cross_validated_prediction(x, y, rng=np.random.default_rng(0), link="sigmoid",
                                     floor=0.25)
    assert out.attrs["r2"] > 0.999
    lin = cross_validated_prediction(x, y, rng=np.random.default_rng(0), link="linear")
    assert lin.attrs["r2"] < out.attrs["r2"]
    assert sigmoid(0.0, 1.0, 0.0) == 0.5


def test_vectorised_r2_equals_one_target_at_a_time():
    x, y = _factor()
    targets = pd.DataFrame({"y": y, "y2": -y + 0.1 * np.arange(len(y))})
    many = cross_validated_r2(x, targets, rng=np.random.default_rng(5), n_folds=None)
    for col in targets:
        one = cross_validated_prediction(x, targets[col], rng=np.random.default_rng(5),
                                         n_folds=None, standardize=True)
        assert many.loc[col, "r2"] == pytest.approx(one.attrs["r2"])
        assert many.loc[col, "mae"] == pytest.approx(one.attrs["mae"])
    # a missing target cell is left out of that target's fit and score only (PC1 still
    # uses every training model, unlike cross_validated_prediction, which drops the model)
    targets.iloc[[3, 4], 1] = np.nan
    holed = cross_validated_r2(x, targets, rng=np.random.default_rng(5), n_folds=None)
    assert holed.loc["y2", "n_models"] == len(y) - 2 and np.isfinite(holed.loc["y2", "r2"])
    assert holed.loc["y", "r2"] == many.loc["y", "r2"]


def test_leave_one_benchmark_out_uses_only_the_other_benchmarks():
    x, y = _factor()
    table = x.assign(noise=np.random.default_rng(9).normal(size=len(x)))
    out = leave_one_benchmark_out(table, rng=np.random.default_rng(0), n_folds=5)
    assert (out.loc[["b0", "b1", "b2", "b3"], "r2"] > 0.6).all()  # at best 1 / 1.09
    assert out.loc["noise", "r2"] < 0.1  # PC1 of the others carries no information on it
    # with missing cells the others are imputed; the held-out one is never imputed
    holed = (table - table.min()) / (table.max() - table.min())
    holed.iloc[[0, 1], 0] = np.nan
    out = leave_one_benchmark_out(holed, rng=np.random.default_rng(0), n_folds=5)
    assert out.loc["b0", "n_models"] == len(x) - 2 and out.loc["b1", "n_models"] == len(x)


def test_bad_input():
    x, y = _factor(n=10)
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="Series"):
        cross_validated_prediction(x, y.to_numpy(), rng=rng)
    with pytest.raises(ValueError, match="link"):
        cross_validated_prediction(x, y, rng=rng, link="probit")
    with pytest.raises(ValueError, match="n_folds"):
        cross_validated_prediction(x, y, rng=rng, n_folds=1)
    with pytest.raises(ValueError, match="impute"):
        cross_validated_prediction(x.where(x > 0), y, rng=rng)
    with pytest.raises(ValueError, match="predictors lack"):
        cross_validated_prediction(x, y.rename(lambda i: f"m{i}"), rng=rng)
    with pytest.raises(ValueError, match="fractions"):
        cross_validated_prediction(x, y * 100, rng=rng, link="sigmoid")
    with pytest.raises(ValueError, match="at least 4"):
        cross_validated_prediction(x, y.where(y.index < 3), rng=rng)
    with pytest.raises(ValueError, match="three benchmarks"):
        leave_one_benchmark_out(x[["b0", "b1"]], rng=rng)
    with pytest.raises(ValueError, match="not columns"):
        leave_one_benchmark_out(x, rng=rng, targets=["zz"])
    with pytest.raises(TypeError, match="Generator"):
        cross_validated_r2(x, y.to_frame(), rng=None)
