"""The testbed's shifts: catalogue, synthetic averages, baseline rule and every line at once,
pinned to statsmodels' OLS, to :func:`fit_line` and to their defining formulas; bad input
gets a clear error."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.stats import norm

from analysis.data import load_imagenet_testbed, load_imagenet_testbed_model_types
from analysis.generalization import (
    TESTBED_SHIFTS,
    baseline_models,
    classify_settings,
    effective_robustness,
    effective_robustness_table,
    fit_line,
    fit_shifts,
    synthetic_averages,
)


@pytest.fixture
def table():
    """A synthetic zoo of 40 models on a reference column and two shifts (one with gaps)."""
    rng = np.random.default_rng(1)
    x = rng.uniform(0.5, 0.9, 40)
    a = norm.cdf(1.1 * norm.ppf(x) - 0.4 + rng.normal(0, 0.05, 40))
    b = norm.cdf(0.8 * norm.ppf(x) - 1.0 + rng.normal(0, 0.1, 40))
    b[:3] = np.nan
    return pd.DataFrame({"val": x, "a": a, "b": b}, index=[f"m{i}" for i in range(40)])


def test_fit_equals_statsmodels_ols_with_r2_and_residual_sd(table):
    fits = fit_shifts(table, {"a": "val", "b": "val"}, min_x=0.6, n_boot=0)
    for shift in ["a", "b"]:
        use = table[(table["val"] >= 0.6) & table[shift].notna()]
        ref = sm.OLS(norm.ppf(use[shift]), sm.add_constant(norm.ppf(use["val"]))).fit()
        row = fits.loc[shift]
        assert row["n_models"] == len(use)
        assert row["intercept"] == pytest.approx(ref.params[0], rel=1e-10)
        assert row["slope"] == pytest.approx(ref.params[1], rel=1e-10)
        assert row["r2"] == pytest.approx(ref.rsquared, rel=1e-10)
        assert row["resid_sd"] == pytest.approx(np.sqrt(ref.scale), rel=1e-10)
        assert np.isnan(row["slope_low"])


def test_bootstrap_equals_fit_line_with_the_same_generator(table):
    fits = fit_shifts(table, {"a": "val"}, min_x=0, scale="logit",
                      rng=np.random.default_rng(7), n_boot=300, confidence=0.9)
    ref = fit_line(table["val"], table["a"], scale="logit", rng=np.random.default_rng(7),
                   n_boot=300, confidence=0.9)
    row = fits.loc["a"]
    assert (row["slope_low"], row["slope_high"]) == pytest.approx(ref.slope_ci, rel=1e-12)
    assert (row["intercept_low"], row["intercept_high"]) == pytest.approx(ref.intercept_ci, rel=1e-12)
    assert row["r2_low"] < row["r2"] < row["r2_high"] <= 1
    assert row["resid_sd_low"] < row["resid_sd"] < row["resid_sd_high"]


def test_model_selection_and_threshold(table):
    chosen = table.index[::2]
    fits = fit_shifts(table, {"a": "val"}, models=list(chosen), min_x=0.7, n_boot=0)
    keep = table.loc[chosen]
    keep = keep[keep["val"] >= 0.7]
    ref = fit_line(keep["val"], keep["a"], n_boot=0)
    assert fits.loc["a", "n_models"] == len(keep)
    assert fits.loc["a", "slope"] == pytest.approx(ref.slope, rel=1e-12)
    mask = pd.Series(table.index.isin(chosen), index=table.index)
    same = fit_shifts(table, {"a": "val"}, models=mask, min_x=0.7, n_boot=0)
    assert same.loc["a", "slope"] == fits.loc["a", "slope"]


def test_effective_robustness_table_equals_the_single_shift_function(table):
    base = list(table.index[:25])
    er = effective_robustness_table(table, {"a": "val", "b": "val"}, baseline=base, min_x=0)
    for shift in ["a", "b"]:
        use = [m for m in base if table.loc[m, shift] == table.loc[m, shift]]
        ref = effective_robustness(table["val"], table[shift], use, n_boot=0)
        assert np.allclose(er.loc[ref.index, shift], ref["effective_robustness"], atol=1e-12)
    assert er["b"].isna().sum() == 3


def test_synthetic_averages_follow_the_testbed_definition():
    acc = pd.DataFrame({
        "imagenet-c.fog.1_in-memory": [0.6, 0.5], "imagenet-c.fog.2_in-memory": [0.4, np.nan],
        "imagenet-c.fog.1_on-disk": [0.2, 0.2], "imagenet-c.snow.1_in-memory": [0.9, 0.9],
        "greyscale": [0.7, 0.7], "stylized_imagenet": [0.1, 0.1],
        "pgd.l2.eps0.1": [0.3, 0.3], "pgd.linf.eps2": [0.1, np.nan]})
    out = synthetic_averages(acc)
    # fog in-memory (0.5), fog on-disk (0.2), snow in-memory (0.9), greyscale, stylized
    assert out.loc[0, "avg_corruptions"] == pytest.approx((0.5 + 0.2 + 0.9 + 0.7 + 0.1) / 5)
    assert out.loc[0, "avg_pgd"] == pytest.approx(0.2)
    assert out.iloc[1].isna().all()  # a missing part makes the average missing


def test_baseline_rule():
    acc = pd.DataFrame({"val": [0.76, 0.76, 0.76, 0.50, 0.80]},
                       index=["resnet50", "resnet50_AWS_baseline", "r_batch64", "alexnet", "clip"])
    types = pd.Series(["Standard training"] * 4 + ["Trained with more data"], index=acc.index)
    assert baseline_models(acc, types).tolist() == [True, False, False, False, False]
    assert baseline_models(acc, types, min_accuracy=0.4).tolist() == [True, False, False, True, False]


def test_catalogue_covers_the_real_testbed():
    wide = load_imagenet_testbed(wide=True)
    roles = classify_settings(wide.columns)
    assert len(roles) == wide.shape[1] == 213
    assert set(roles["role"]) == {"reference", "natural", "synthetic"}
    full = wide.join(synthetic_averages(wide))
    assert set(TESTBED_SHIFTS.index) | set(TESTBED_SHIFTS["x"]) <= set(full.columns)
    types = load_imagenet_testbed_model_types().set_index("model")["model_type"]
    base = baseline_models(wide, types, min_accuracy=0)
    fits = fit_shifts(full, models=base, n_boot=0)
    assert (fits["n_models"] >= 50).all() and fits["r2"].between(0, 1).all()


def test_bad_input_is_named(table):
    with pytest.raises(KeyError, match="nope"):
        fit_shifts(table, {"nope": "val"}, n_boot=0)
    with pytest.raises(ValueError, match="rng"):
        fit_shifts(table, {"a": "val"}, n_boot=10)
    with pytest.raises(TypeError, match="Generator"):
        fit_shifts(table, {"a": "val"}, n_boot=10, rng=1)
    with pytest.raises(ValueError, match="divide by 100"):
        fit_shifts(table, {"a": "val"}, n_boot=0, min_x=55)
    with pytest.raises(ValueError, match="only 0 models"):
        fit_shifts(table, {"a": "val"}, n_boot=0, min_x=0.99)
    with pytest.raises(ValueError, match="empty"):
        fit_shifts(table, {}, n_boot=0)
    with pytest.raises(ValueError, match="divide by 100"):
        fit_shifts(table * 100, {"a": "val"}, n_boot=0, min_x=0)
    with pytest.raises(KeyError, match="not rows"):
        fit_shifts(table, {"a": "val"}, n_boot=0, models=["m1", "zz"])
    with pytest.raises(ValueError, match="unknown testbed setting"):
        classify_settings(["val", "imagenet-z"])
    with pytest.raises(KeyError, match="model type"):
        baseline_models(table, pd.Series("Standard training", index=["m1"]))
    with pytest.raises(ValueError, match="divide by 100"):
        baseline_models(table, pd.Series("Standard training", index=table.index), min_accuracy=55)
    with pytest.raises(ValueError, match="pgd"):
        synthetic_averages(table)


def test_figures_draw_and_refuse_bad_input(table):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.plotting import effective_robustness_strips, shift_scatter

    fit = fit_line(table["val"], table["a"], scale="probit", rng=np.random.default_rng(0), n_boot=50)
    groups = pd.Series(["std"] * 20 + ["other"] * 20, index=table.index)
    ax = shift_scatter(table["val"], table["a"], groups, fit=fit, labels={"m0": "first"})
    assert len(ax.collections) >= 3 and ax.texts[0].get_text() == "first"
    with pytest.raises(ValueError, match="scale"):
        shift_scatter(table["val"], table["a"], fit=fit, scale="logit")
    with pytest.raises(ValueError, match="no model"):
        shift_scatter(table["val"].iloc[:5], table["a"].iloc[5:])
    er = effective_robustness_table(table, {"a": "val", "b": "val"}, baseline=list(table.index), min_x=0)
    ax = effective_robustness_strips(er, groups)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    with pytest.raises(ValueError, match="no model"):
        effective_robustness_strips(er, pd.Series(["x"], index=["zz"]))
    plt.close("all")
