"""mean_se (normal and t), Clopper-Pearson, Wilson, Agresti-Coull, the normal quantile and
critical value: pinned to their formulas and to statsmodels/scipy, plus bad input."""

from __future__ import annotations

import doctest
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

from analysis import stats
from analysis.stats import intervals

Z95 = sps.norm.ppf(0.975)
quiet = pytest.mark.filterwarnings("ignore::analysis.stats.DegenerateIntervalWarning")


def test_docstring_examples_run_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning inside an example fails it
        assert doctest.testmod(intervals).failed == 0


# --- quantiles --------------------------------------------------------------------------------

def test_normal_quantile_is_the_q_quantile_of_the_notation_page():
    # z_q is the q-quantile: z_0.975 = 1.96 (it used to take a confidence level: 2.24).
    assert stats.normal_quantile(0.975) == pytest.approx(1.959964, abs=1e-6)
    assert stats.normal_quantile(0.8) == pytest.approx(sps.norm.ppf(0.8))
    assert stats.normal_quantile(0.5) == 0


def test_critical_value_is_two_sided():
    assert stats.critical_value(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert stats.critical_value(0.9) == pytest.approx(stats.normal_quantile(0.95))


@pytest.mark.parametrize("q", [0, 1, 1.5, np.nan])
def test_normal_quantile_rejects_non_probabilities(q):
    with pytest.raises(ValueError, match="q must lie strictly between 0 and 1"):
        stats.normal_quantile(q)


# --- mean_se --------------------------------------------------------------------------------

@quiet
def test_mean_se_worked_example():
    # 1, 0, 1, 1: mean 0.75, ddof-1 sd 0.5, so SE = 0.5 / sqrt(4) = 0.25.
    row = stats.mean_se([1, 0, 1, 1]).iloc[0]
    assert row["mean"] == 0.75
    assert row["se"] == pytest.approx(0.25)
    assert row["ci_low"] == pytest.approx(0.75 - Z95 * 0.25)
    assert row["ci_high"] == pytest.approx(0.75 + Z95 * 0.25)
    assert row["n"] == 4


def test_mean_se_matches_formula_for_every_row(binary_scores):
    out = stats.mean_se(binary_scores, confidence=0.9)
    values = binary_scores.to_numpy()
    n = values.shape[1]
    expected = np.sqrt(((values - values.mean(1, keepdims=True)) ** 2).sum(1) / (n - 1)) / np.sqrt(n)
    np.testing.assert_allclose(out["se"], expected)
    p = values.mean(1)
    np.testing.assert_allclose(out["se"], np.sqrt(p * (1 - p) / (n - 1)))
    np.testing.assert_allclose(out["ci_high"] - out["mean"], sps.norm.ppf(0.95) * expected)
    assert list(out.index) == ["a", "b", "c"] and out.index.name == "model"
    assert list(out.columns) == ["mean", "se", "ci_low", "ci_high", "n"]


def test_mean_se_t_interval_is_scipy_t_interval():
    scores = np.array([0.2, 0.9, 0.5, 0.7, 0.4, 0.65])
    row = stats.mean_se(scores, method="t", confidence=0.9).iloc[0]
    low, high = sps.t.interval(0.9, len(scores) - 1, loc=scores.mean(), scale=sps.sem(scores))
    assert row["ci_low"] == pytest.approx(low) and row["ci_high"] == pytest.approx(high)
    normal = stats.mean_se(scores, confidence=0.9).iloc[0]
    assert row["se"] == normal["se"] and row["ci_high"] > normal["ci_high"]


def test_mean_se_rejects_unknown_method():
    with pytest.raises(ValueError, match="'normal' or 't'"):
        stats.mean_se([0.2, 0.4, 0.5], method="wald")


@quiet
def test_mean_se_labels_series_and_arrays():
    assert stats.mean_se(pd.Series([0, 1, 1], name="gpt")).index.tolist() == ["gpt"]
    assert stats.mean_se(np.ones((2, 3))).index.tolist() == [0, 1]


def test_mean_se_missing_omit_uses_each_models_items(binary_scores):
    with_nan = binary_scores.copy()
    with_nan.iloc[1, :150] = np.nan
    with pytest.raises(ValueError, match="missing='omit'"):
        stats.mean_se(with_nan)
    out = stats.mean_se(with_nan, missing="omit")
    subset = stats.mean_se(binary_scores.iloc[[1], 150:])
    assert out.loc["b", "mean"] == pytest.approx(subset["mean"].item())
    assert out.loc["b", "se"] == pytest.approx(subset["se"].item())
    assert out["n"].tolist() == [400, 250, 400]
    pd.testing.assert_series_equal(out.loc["a"], stats.mean_se(binary_scores).loc["a"])


def test_mean_se_missing_needs_two_items_per_model():
    with pytest.raises(ValueError, match="1 scored item.*model 1"):
        stats.mean_se([[0.5, 0.5, 1.0], [np.nan, np.nan, 1.0]], missing="omit")
    with pytest.raises(ValueError, match="missing must be"):
        stats.mean_se([0.5, 0.5], missing="drop")


def test_percentage_scores_are_caught():
    # Before: 0-100 scores gave an interval such as [26, 124] without a word.
    with pytest.raises(ValueError, match="look like percentages; divide by 100"):
        stats.mean_se([100, 0, 100, 100, 50])
    with pytest.raises(ValueError, match="bounded=False"):
        stats.mean_se([-3.0, 2.5, 7.0])
    unbounded = stats.mean_se([-3.0, 2.5, 7.0], bounded=False).iloc[0]
    assert unbounded["mean"] == pytest.approx(6.5 / 3)


# --- degenerate intervals -------------------------------------------------------------------

def test_all_correct_warns_and_points_to_wilson():
    # Before: SE 0 and the interval [1, 1], silently.
    with pytest.warns(stats.DegenerateIntervalWarning, match="wilson_scores"):
        row = stats.mean_se(np.ones(50)).iloc[0]
    assert row["se"] == 0  # the estimate itself is unchanged; the warning says what it is worth


def test_few_failures_warn_many_do_not():
    nearly = np.r_[np.ones(95), np.zeros(5)]  # accuracy 0.95 on 100 items
    with pytest.warns(stats.DegenerateIntervalWarning, match="fewer than 10"):
        stats.mean_se(nearly)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stats.mean_se(np.r_[np.ones(90), np.zeros(10)])
        stats.mean_se(np.linspace(0.1, 0.9, 9))  # partial credit: only SE 0 would warn
    assert issubclass(stats.DegenerateIntervalWarning, UserWarning)


def test_degenerate_warning_is_justified_by_coverage():
    # Exact coverage of the nominal-95% normal interval at n = 100, p = 0.97 (about 80%),
    # against Wilson (close to 95%): the warning is about a real defect.
    n, p = 100, 0.97
    k = np.arange(n + 1)
    ph = k / n
    se = np.sqrt(ph * (1 - ph) / (n - 1))
    covered_normal = (ph - Z95 * se <= p) & (p <= ph + Z95 * se)
    w = stats.wilson(k, n)
    covered_wilson = (w["ci_low"] <= p) & (p <= w["ci_high"])
    pmf = sps.binom.pmf(k, n, p)
    assert (pmf * covered_normal).sum() < 0.85
    assert (pmf * covered_wilson).sum() > 0.92


# --- exact and score intervals ----------------------------------------------------------------

def test_clopper_pearson_closed_forms():
    out = stats.clopper_pearson([0, 10], [10, 10])
    assert out["ci_low"][0] == 0 and out["ci_high"][1] == 1
    assert out["ci_high"][0] == pytest.approx(1 - 0.025 ** (1 / 10))
    assert out["ci_low"][1] == pytest.approx(0.025 ** (1 / 10))
    assert out["ci_high"][0] == pytest.approx(0.3085, abs=5e-5)  # the textbook table value


def test_clopper_pearson_agrees_with_statsmodels():
    k = np.array([1, 7, 50, 1800, 1999])
    n = np.array([5, 20, 100, 2000, 2000])
    out = stats.clopper_pearson(k, n, confidence=0.9)
    low, high = proportion_confint(k, n, alpha=0.1, method="beta")
    np.testing.assert_allclose(out["ci_low"], low, rtol=1e-10)
    np.testing.assert_allclose(out["ci_high"], high, rtol=1e-10)
    np.testing.assert_allclose(out["mean"], k / n)


def test_proportion_intervals_share_the_estimator_shape():
    # Before: clopper_pearson had `trials` and no `se`; clopper_pearson_scores had no `se`.
    shape = ["mean", "se", "ci_low", "ci_high", "n", "successes"]
    for frame in (stats.clopper_pearson(3, 4), stats.wilson(3, 4), stats.agresti_coull(3, 4),
                  stats.clopper_pearson_scores([1, 1, 1, 0]), stats.wilson_scores([1, 1, 1, 0])):
        assert list(frame.columns) == shape
    row = stats.clopper_pearson(30, 40).iloc[0]
    assert row["se"] == pytest.approx(np.sqrt(0.75 * 0.25 / 40)) and row["n"] == 40


def test_clopper_pearson_from_scores_counts_each_row(binary_scores):
    out = stats.clopper_pearson_scores(binary_scores, confidence=0.9)
    counts = binary_scores.sum(axis=1).astype(int).to_numpy()
    low, high = proportion_confint(counts, 400, alpha=0.1, method="beta")
    np.testing.assert_allclose(out["ci_low"], low, rtol=1e-10)
    np.testing.assert_allclose(out["ci_high"], high, rtol=1e-10)
    assert list(out.index) == ["a", "b", "c"] and (out["n"] == 400).all()
    with pytest.raises(ValueError, match="binary"):
        stats.clopper_pearson_scores([1, 0.5, 0])


def test_clopper_pearson_1800_of_2000():
    row = stats.clopper_pearson(1800, 2000).iloc[0]
    assert (round(row["ci_low"], 3), round(row["ci_high"], 3)) == (0.886, 0.913)


@pytest.mark.parametrize("method", ["wilson", "agresti_coull"])
@pytest.mark.parametrize("confidence", [0.8, 0.95, 0.99])
def test_score_intervals_match_statsmodels(method, confidence):
    k = np.array([0, 1, 7, 50, 97, 100, 1999])
    n = np.array([10, 5, 20, 100, 100, 100, 2000])
    out = getattr(stats, method)(k, n, confidence=confidence)
    low, high = proportion_confint(k, n, alpha=1 - confidence, method=method)
    np.testing.assert_allclose(out["ci_low"], low, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(out["ci_high"], high, rtol=1e-12, atol=1e-15)


def test_wilson_is_the_score_test_inversion():
    # At each bound, the score statistic (p_hat - p) / sqrt(p (1 - p) / n) equals +-z.
    k, n = 17, 40
    row = stats.wilson(k, n).iloc[0]
    for bound, sign in ((row["ci_low"], 1), (row["ci_high"], -1)):
        assert (k / n - bound) / np.sqrt(bound * (1 - bound) / n) == pytest.approx(sign * Z95)


def test_wilson_ends_of_the_scale_are_exact():
    # With no successes the score-test inversion's lower bound is 0 exactly (and 1 for all
    # successes); the closed form leaves a rounding residue that printing as 0.0% hides.
    out = stats.wilson([0, 30, 5], [30, 30, 30])  # n = 30: both residues appear
    assert out["ci_low"].iloc[0] == 0.0
    assert out["ci_high"].iloc[1] == 1.0
    assert 0 < out["ci_low"].iloc[2] < out["ci_high"].iloc[2] < 1


def test_wilson_scores_with_missing_items(binary_scores):
    with_nan = binary_scores.copy()
    with_nan.iloc[0, :100] = np.nan
    out = stats.wilson_scores(with_nan, missing="omit")
    k = int(binary_scores.iloc[0, 100:].sum())
    low, high = proportion_confint(k, 300, method="wilson")
    assert out.loc["a", "n"] == 300 and out.loc["a", "successes"] == k
    assert out.loc["a", "ci_low"] == pytest.approx(low) and out.loc["a", "ci_high"] == pytest.approx(high)
    with pytest.raises(ValueError, match="NaN"):
        stats.wilson_scores(with_nan)


@pytest.mark.parametrize(
    ("k", "n", "message"),
    [(5, 4, "between 0 and n"), (-1, 4, "between 0 and n"), (1, 0, "at least 1"),
     (1.5, 4, "whole numbers"), ([1, 2], [3, 4, 5], "same length"), (np.nan, 3, "whole numbers")],
)
@pytest.mark.parametrize("interval", [stats.clopper_pearson, stats.wilson, stats.agresti_coull])
def test_proportion_intervals_reject_bad_counts(interval, k, n, message):
    with pytest.raises(ValueError, match=message):
        interval(k, n)


# --- other bounds ---------------------------------------------------------------------------

def test_zero_failure_bound_and_rule_of_three():
    assert stats.zero_failure_upper_bound(100) == pytest.approx(1 - 0.05 ** (1 / 100))
    n = np.array([10, 100, 10_000])
    bound = stats.zero_failure_upper_bound(n)
    np.testing.assert_allclose((1 - bound) ** n, 0.05)
    assert (bound < 3 / n).all()
    assert bound[-1] * n[-1] == pytest.approx(-np.log(0.05), rel=1e-3)


@pytest.mark.parametrize(("n", "message"), [(0, "at least 1"), (2.5, "whole number"), (np.nan, "whole number")])
def test_zero_failure_bound_needs_whole_trials(n, message):
    # Before: 2.5 trials were accepted.
    with pytest.raises(ValueError, match=message):
        stats.zero_failure_upper_bound(n)


def test_proportion_se_is_the_ddof0_binary_se():
    scores = np.r_[np.ones(30), np.zeros(10)]
    assert stats.proportion_se(0.75, 40) == pytest.approx(scores.std(ddof=0) / np.sqrt(40))
    np.testing.assert_allclose(stats.proportion_se([0.5, 0.9], [100, 2000]),
                               np.sqrt([0.25 / 100, 0.09 / 2000]))
    with pytest.raises(ValueError, match="not a percentage"):
        stats.proportion_se(75, 40)
    with pytest.raises(ValueError, match="at least 1"):
        stats.proportion_se(0.5, 0)
