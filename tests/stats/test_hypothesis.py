"""Paired t-test, exact McNemar, TOST and non-inferiority: pinned to scipy and statsmodels,
plus the errors bad input must raise."""

from __future__ import annotations

import doctest
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.weightstats import ttost_paired, ztost

from analysis import stats
from analysis.stats import hypothesis


@pytest.fixture
def pair() -> tuple[np.ndarray, np.ndarray]:
    """Two fictional correlated 0/1 models on 60 items (method illustration, not data)."""
    rng = np.random.default_rng(7)
    difficulty = rng.normal(size=60)
    a = (rng.random(60) < 1 / (1 + np.exp(difficulty - 0.6))).astype(float)
    b = (rng.random(60) < 1 / (1 + np.exp(difficulty))).astype(float)
    return a, b


def test_docstring_examples_run_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning inside an example fails it
        assert doctest.testmod(hypothesis).failed == 0


# --- paired t-test --------------------------------------------------------------------------

@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_paired_t_test_is_scipy_ttest_rel(pair, alternative):
    a, b = pair
    row = stats.paired_t_test(a, b, alternative=alternative, confidence=0.9).iloc[0]
    ref = sps.ttest_rel(a, b, alternative=alternative)
    ci = ref.confidence_interval(confidence_level=0.9)
    assert row["statistic"] == pytest.approx(ref.statistic, rel=1e-12)
    assert row["p_value"] == pytest.approx(ref.pvalue, rel=1e-12)
    assert row["df"] == ref.df == 59
    assert row["ci_low"] == pytest.approx(ci.low, rel=1e-12)
    assert row["ci_high"] == pytest.approx(ci.high, rel=1e-12)
    assert row["difference"] == pytest.approx(a.mean() - b.mean())
    assert row["se"] == pytest.approx((a - b).std(ddof=1) / np.sqrt(60))


def test_paired_t_test_rows_are_separate_comparisons():
    rng = np.random.default_rng(1)
    a = rng.random((3, 25))
    b = rng.random((3, 25))
    out = stats.paired_t_test(pd.DataFrame(a, index=["x", "y", "z"]), b)
    assert out.index.tolist() == ["x − b[0]", "y − b[1]", "z − b[2]"]
    assert out.index.name == "comparison" and out["model_a"].tolist() == ["x", "y", "z"]
    np.testing.assert_allclose(out["p_value"], sps.ttest_rel(a, b, axis=1).pvalue, rtol=1e-12)


def test_t_test_holds_its_level_where_the_z_test_does_not():
    # n = 20 normal differences: a nominal 5% z-test rejects 2 P(T_19 > 1.96) = 6.5% of
    # true nulls; the t-test 5%. 40,000 simulated comparisons in one vectorised call.
    rng = np.random.default_rng(2024)
    a = pd.DataFrame(rng.normal(size=(40_000, 20)))
    b = pd.DataFrame(np.zeros((40_000, 20)))
    t = stats.paired_t_test(a, b, bounded=False)
    z_reject = (2 * sps.norm.sf(np.abs(t["statistic"])) < 0.05).mean()
    assert 2 * sps.t.sf(sps.norm.ppf(0.975), 19) == pytest.approx(0.0648, abs=5e-5)
    assert z_reject == pytest.approx(0.0648, abs=0.004)
    assert (t["p_value"] < 0.05).mean() == pytest.approx(0.05, abs=0.004)


def test_constant_differences_give_p_one_or_zero():
    same = stats.paired_t_test([1, 0, 1, 1], [1, 0, 1, 1]).iloc[0]
    assert same["difference"] == 0 and same["se"] == 0 and same["p_value"] == 1
    shifted = stats.paired_t_test([0.5, 0.6, 0.7], [0.4, 0.5, 0.6]).iloc[0]
    assert shifted["p_value"] == 0


def test_labelled_items_are_aligned_and_mismatches_named(pair):
    a, b = pair
    items = [f"q{i}" for i in range(60)]
    sa = pd.Series(a, index=items, name="m1")
    sb = pd.Series(b, index=items, name="m2")
    shuffled = sb.sample(frac=1, random_state=0)
    aligned = stats.paired_t_test(sa, shuffled)
    np.testing.assert_allclose(aligned["p_value"], stats.paired_t_test(a, b)["p_value"])
    assert aligned.index.tolist() == ["m1 − m2"]
    renamed = sb.rename(index={"q3": "q999"})
    with pytest.raises(ValueError, match="item 'q3' of a is not in b"):
        stats.paired_t_test(sa, renamed)
    with pytest.raises(ValueError, match="same items"):
        stats.paired_t_test(a, b[:-1])


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ([1, np.nan, 0], [1, 0, 0], "NaN"),
        ([[[1, 0]]], [[[1, 0]]], "1-D"),
        ([70, 80, 90], [60, 80, 85], "percentages"),
        ([1, 0, 1], [1, 0], "same items"),
    ],
)
def test_paired_t_test_bad_input(a, b, message):
    with pytest.raises(ValueError, match=message):
        stats.paired_t_test(a, b)


def test_paired_t_test_rejects_unknown_alternative():
    with pytest.raises(ValueError, match="alternative"):
        stats.paired_t_test([1, 0, 1], [0, 0, 1], alternative="bigger")


def test_alpha_must_be_a_level(pair):
    a, b = pair
    with pytest.raises(ValueError, match="looks like a percentage"):
        stats.equivalence_test(a, b, margin=0.05, alpha=5)
    with pytest.raises(TypeError, match="alpha"):
        stats.noninferiority_test(a, b, margin=0.05, alpha="0.05")


# --- McNemar --------------------------------------------------------------------------------

def _table(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.array([[np.sum((a == 1) & (b == 1)), np.sum((a == 1) & (b == 0))],
                     [np.sum((a == 0) & (b == 1)), np.sum((a == 0) & (b == 0))]])


@pytest.mark.parametrize("seed", range(6))
def test_mcnemar_matches_statsmodels(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 60))
    a = (rng.random(n) < 0.7).astype(float)
    b = np.where(rng.random(n) < 0.75, a, 1 - a)
    table = _table(a, b)
    exact = stats.mcnemar_test(a, b).iloc[0]
    ref = mcnemar(table, exact=True)
    assert exact["b"] == table[0, 1] and exact["c"] == table[1, 0]
    assert exact["statistic"] == ref.statistic
    assert exact["p_value"] == pytest.approx(ref.pvalue, rel=1e-12)
    assert exact["difference"] == pytest.approx(a.mean() - b.mean())
    for correction in (True, False):
        chi2 = stats.mcnemar_test(a, b, exact=False, correction=correction).iloc[0]
        ref = mcnemar(table, exact=False, correction=correction)
        assert chi2["statistic"] == pytest.approx(ref.statistic, rel=1e-12)
        assert chi2["p_value"] == pytest.approx(ref.pvalue, rel=1e-12)


def test_mcnemar_worked_example_and_no_discordant_items():
    # 5 discordant items, all won by a: p = 2 * (1/2)^5 = 0.0625.
    row = stats.mcnemar_test([1, 1, 1, 1, 1, 0], [0, 0, 0, 0, 0, 0]).iloc[0]
    assert (row["b"], row["c"], row["n_discordant"]) == (5, 0, 5)
    assert row["p_value"] == pytest.approx(0.0625)
    same = stats.mcnemar_test([1, 0, 1], [1, 0, 1]).iloc[0]
    assert same["n_discordant"] == 0 and same["p_value"] == 1


def test_mcnemar_needs_binary_scores():
    with pytest.raises(ValueError, match="binary"):
        stats.mcnemar_test([1, 0.5, 1], [1, 0, 1])
    with pytest.raises(ValueError, match="binary"):
        stats.mcnemar_test([100, 0, 100], [100, 0, 0])


def test_mcnemar_rows_and_labels():
    a = pd.DataFrame([[1, 1, 0, 1], [0, 0, 1, 1]], index=["m1", "m2"], columns=list("wxyz"))
    b = pd.DataFrame([[0, 1, 1, 1], [0, 0, 1, 0]], index=["r1", "r2"], columns=list("zyxw"))
    out = stats.mcnemar_test(a, b)
    # b's columns are put in a's order: b becomes [[1, 1, 1, 0], [0, 1, 0, 0]].
    assert out.index.tolist() == ["m1 − r1", "m2 − r2"]
    assert out["b"].tolist() == [1, 2] and out["c"].tolist() == [1, 1]


# --- equivalence and non-inferiority --------------------------------------------------------

@pytest.mark.parametrize("margin", [0.05, 0.1, (-0.02, 0.15)])
def test_tost_matches_statsmodels_ttost_paired(pair, margin):
    a, b = pair
    out = stats.equivalence_test(a, b, margin=margin).iloc[0]
    low, high = (-margin, margin) if np.ndim(margin) == 0 else margin
    p, (t1, p1, df1), (t2, p2, df2) = ttost_paired(a, b, low, high)
    assert out["p_value"] == pytest.approx(p, rel=1e-10)
    assert out["p_low"] == pytest.approx(p1, rel=1e-10)
    assert out["p_high"] == pytest.approx(p2, rel=1e-10)
    assert (out["low"], out["high"]) == (low, high)


def test_tost_z_matches_statsmodels_ztost(pair):
    a, b = pair
    out = stats.equivalence_test(a, b, margin=0.1, test="z").iloc[0]
    p, (z1, p1), (z2, p2) = ztost(a - b, -0.1, 0.1)
    assert out["p_value"] == pytest.approx(p, rel=1e-10)
    assert out["p_low"] == pytest.approx(p1, rel=1e-10)


def test_tost_is_the_90_percent_interval_inside_the_margin():
    rng = np.random.default_rng(3)
    a = pd.DataFrame(rng.random((200, 300)) < 0.7).astype(float)
    b = pd.DataFrame(np.where(rng.random((200, 300)) < 0.9, a, 1 - a))
    out = stats.equivalence_test(a, b, margin=0.04)
    inside = (out["ci_low"] > -0.04) & (out["ci_high"] < 0.04)
    assert 0 < out["equivalent"].sum() < 200
    assert (inside == out["equivalent"]).all()
    assert out["ci_high"].sub(out["difference"]).div(out["se"]).round(10).eq(
        round(sps.t.ppf(0.95, 299), 10)).all()


def test_noninferiority_is_one_sided_ttest_rel(pair):
    a, b = pair
    out = stats.noninferiority_test(a, b, margin=0.05).iloc[0]
    ref = sps.ttest_rel(a + 0.05, b, alternative="greater")
    assert out["p_value"] == pytest.approx(ref.pvalue, rel=1e-10)
    assert out["statistic"] == pytest.approx(ref.statistic, rel=1e-10)
    assert out["p_value"] == pytest.approx(stats.equivalence_test(a, b, margin=0.05)["p_low"].iloc[0])
    assert out["noninferior"] == (out["ci_low"] > -0.05)


@pytest.mark.parametrize(
    ("margin", "message"),
    [(2, "percentage points"), (5.0, "percentage points"), ((-3, 3), "percentage points"),
     (0, "positive"), (-0.1, "positive"), ((0.05, -0.05), "low < high"), ("a lot", "margin"),
     (np.nan, "margin")],
)
def test_bad_margins_are_refused(pair, margin, message):
    a, b = pair
    with pytest.raises(ValueError, match=message):
        stats.equivalence_test(a, b, margin=margin)


def test_noninferiority_margin_checks(pair):
    a, b = pair
    with pytest.raises(ValueError, match="percentage points"):
        stats.noninferiority_test(a, b, margin=1)
    with pytest.raises(ValueError, match="positive"):
        stats.noninferiority_test(a, b, margin=0)
    with pytest.raises(ValueError, match="one positive number"):
        stats.noninferiority_test(a, b, margin=(0.01, 0.02))
    with pytest.raises(ValueError, match="test must be"):
        stats.noninferiority_test(a, b, margin=0.01, test="wilcoxon")


def test_response_matrix_objects_are_accepted(pair):
    a, b = pair
    items = pd.DataFrame(index=pd.Index([f"q{i}" for i in range(60)], name="item"))
    ma = SimpleNamespace(scores=pd.DataFrame([a], index=["m1"], columns=items.index), items=items)
    mb = SimpleNamespace(scores=pd.DataFrame([b], index=["m2"], columns=items.index), items=items)
    out = stats.paired_t_test(ma, mb)
    assert out[["model_a", "model_b"]].iloc[0].tolist() == ["m1", "m2"]
    assert out["p_value"].iloc[0] == pytest.approx(sps.ttest_rel(a, b).pvalue)


# --- unpaired comparison of published accuracies ---------------------------------------------

def test_unpaired_proportion_test_matches_statsmodels_wald():
    from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

    from analysis.stats import unpaired_proportion_test

    # Miller (2024)'s Galleon vs Dreadnought inputs: MATH, HumanEval, MGSM.
    n = np.array([5000, 164, 2500])
    p_a = np.array([0.655, 0.836, 0.753])
    p_b = np.array([0.630, 0.867, 0.780])
    ours = unpaired_proportion_test(p_a, p_b, n)
    for k in range(3):
        ref = test_proportions_2indep(p_a[k] * n[k], n[k], p_b[k] * n[k], n[k],
                                      method="wald", compare="diff", return_results=True)
        low, high = confint_proportions_2indep(p_a[k] * n[k], n[k], p_b[k] * n[k], n[k],
                                               method="wald", compare="diff")
        assert ours["z"].iloc[k] == pytest.approx(ref.statistic, rel=1e-10)
        assert ours["p_value"].iloc[k] == pytest.approx(ref.pvalue, rel=1e-8)
        assert ours["ci_low"].iloc[k] == pytest.approx(low, rel=1e-8)
        assert ours["ci_high"].iloc[k] == pytest.approx(high, rel=1e-8)
    # The defining formula, by hand for MATH.
    se = np.sqrt(0.655 * 0.345 / 5000 + 0.63 * 0.37 / 5000)
    assert ours["se"].iloc[0] == pytest.approx(se, rel=1e-12)


def test_unpaired_proportion_test_keeps_labels_and_refuses_percentages():
    from analysis.stats import unpaired_proportion_test

    a = pd.Series([0.5, 0.6], index=["x", "y"])
    assert unpaired_proportion_test(a, 0.55, 100).index.tolist() == ["x", "y"]
    with pytest.raises(ValueError, match="percentage"):
        unpaired_proportion_test(65.5, 63.0, 5000)
    with pytest.raises(ValueError, match="whole numbers"):
        unpaired_proportion_test(0.5, 0.6, 100.5)
    with pytest.raises(ValueError, match="at least 1"):
        unpaired_proportion_test(0.5, 0.6, 0)
