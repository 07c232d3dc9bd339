"""Paired score changes: the variance formula, binomial standard errors, coverage on simulated
runs with a known change, the t interval across models against scipy, reasoning-effort pairs;
bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis.elicitation import effort_changes, gap_distribution, score_change, summarise_changes

Z95 = sps.norm.ppf(0.975)


def test_score_change_formula_with_correlation():
    b, e = np.array([0.4, 0.7]), np.array([0.5, 0.65])
    sb, se_ = np.array([0.02, 0.03]), np.array([0.01, 0.04])
    out = score_change(b, e, se_baseline=sb, se_elicited=se_, correlation=0.3)
    var = sb**2 + se_**2 - 2 * 0.3 * sb * se_
    np.testing.assert_allclose(out["change"], e - b)
    np.testing.assert_allclose(out["se"], np.sqrt(var))
    np.testing.assert_allclose(out["ci_low"], e - b - Z95 * np.sqrt(var))
    np.testing.assert_allclose(out["ci_high"], e - b + Z95 * np.sqrt(var))
    np.testing.assert_allclose(out["z"], (e - b) / np.sqrt(var))


def test_binomial_standard_errors_from_n_items():
    out = score_change([0.2, 0.5], [0.3, 0.5], n_items=500)
    expected = np.sqrt(np.array([0.2 * 0.8 + 0.3 * 0.7, 0.25 + 0.25]) / 500)
    np.testing.assert_allclose(out["se"], expected)


def test_series_index_is_kept():
    b = pd.Series([0.1, 0.2], index=["m1", "m2"])
    out = score_change(b, [0.2, 0.2], n_items=100)
    assert list(out.index) == ["m1", "m2"]


def test_coverage_of_a_known_change_on_simulated_runs():
    rng = np.random.default_rng(14)
    n, reps, p0, delta = 500, 4000, 0.40, 0.08
    b = rng.binomial(n, p0, reps) / n
    e = rng.binomial(n, p0 + delta, reps) / n
    out = score_change(b, e, n_items=n)
    covered = ((out["ci_low"] <= delta) & (delta <= out["ci_high"])).mean()
    assert 0.93 <= covered <= 0.97
    assert abs(out["change"].mean() - delta) < 0.003


def test_summarise_changes_matches_scipy_t_interval():
    rng = np.random.default_rng(1)
    t = pd.DataFrame({"technique": np.repeat(["a", "b"], [7, 5]), "change": rng.normal(0.1, 0.05, 12)})
    out = summarise_changes(t, "technique")
    for name, g in t.groupby("technique"):
        ci = sps.ttest_1samp(g["change"], 0).confidence_interval(0.95)
        assert out.loc[name, "ci_low"] == pytest.approx(ci.low)
        assert out.loc[name, "ci_high"] == pytest.approx(ci.high)
        assert out.loc[name, "median"] == pytest.approx(g["change"].median())
        assert out.loc[name, "share_positive"] == pytest.approx((g["change"] > 0).mean())


def _runs():
    return pd.DataFrame({
        "model_version": ["m"] * 4 + ["n"] * 2,
        "task": ["t"] * 4 + ["t", "t"],
        "reasoning_effort": ["low", "medium", "high", "high", "medium", None],
        "score": [0.4, 0.5, 0.55, 0.6, 0.3, 0.2],
        "stderr": [0.03, 0.03, 0.04, 0.02, 0.05, 0.05],
        "started_at": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03", "2025-02-01",
                                      "2025-01-01", "2025-01-01"]),
    })


def test_effort_changes_extremes_keep_latest_duplicate():
    out = effort_changes(_runs())
    assert len(out) == 1                      # model n has only one level
    row = out.iloc[0]
    assert (row["from_effort"], row["to_effort"]) == ("low", "high")
    assert row["elicited"] == pytest.approx(0.6)   # the later of the two high runs
    assert row["se"] == pytest.approx(np.hypot(0.03, 0.02))


def test_effort_changes_all_pairs():
    out = effort_changes(_runs(), pairs="all")
    assert set(zip(out["from_effort"], out["to_effort"], strict=True)) == {
        ("low", "medium"), ("low", "high"), ("medium", "high")}


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"baseline": [40.0], "elicited": [50.0], "n_items": 100}, ValueError, "percentages"),
        ({"baseline": [np.nan], "elicited": [0.5], "n_items": 100}, ValueError, "NaN"),
        ({"baseline": [0.4, 0.5], "elicited": [0.5], "n_items": 100}, ValueError, "same length"),
        ({"baseline": [0.4], "elicited": [0.5]}, ValueError, "n_items"),
        ({"baseline": [0.4], "elicited": [0.5], "n_items": 100, "correlation": 2}, ValueError, "correlation"),
        ({"baseline": [0.4], "elicited": [0.5], "se_baseline": -0.1, "se_elicited": 0.1}, ValueError,
         "non-negative"),
        ({"baseline": [], "elicited": [], "n_items": 100}, ValueError, "empty"),
    ],
)
def test_score_change_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        score_change(**kwargs)


def test_summarise_changes_bad_input():
    t = pd.DataFrame({"technique": ["a", "b", "b"], "change": [0.1, 0.2, 0.3]})
    with pytest.raises(ValueError, match="at least two models"):
        summarise_changes(t, "technique")
    with pytest.raises(KeyError, match="no column"):
        summarise_changes(t, "kind")
    with pytest.raises(ValueError, match="NaN"):
        summarise_changes(t.assign(change=[0.1, np.nan, 0.2]), "technique")


def test_effort_changes_bad_input():
    runs = _runs()
    with pytest.raises(ValueError, match="unknown reasoning-effort"):
        effort_changes(runs.assign(reasoning_effort="max"))
    with pytest.raises(KeyError, match="stderr"):
        effort_changes(runs.drop(columns="stderr"))
    with pytest.raises(ValueError, match="two reasoning-effort levels"):
        effort_changes(runs[runs["model_version"] == "n"])
    with pytest.raises(ValueError, match="pairs"):
        effort_changes(runs, pairs="adjacent")


def test_gap_distribution_matches_numpy_quantiles():
    rng = np.random.default_rng(5)
    t = pd.DataFrame({"kind": np.repeat(["a", "b"], [9, 6]), "change": rng.normal(0.1, 0.1, 15),
                      "log_odds_change": rng.normal(0.5, 0.3, 15), "ci_low": rng.normal(0, 0.1, 15)})
    out = gap_distribution(t, "kind", quantiles=(0.5, 0.9))
    for name, g in t.groupby("kind"):
        assert out.loc[name, "n"] == len(g)
        assert out.loc[name, "change_q0.9"] == pytest.approx(np.quantile(g["change"], 0.9))
        assert out.loc[name, "log_odds_change_q0.5"] == pytest.approx(np.quantile(g["log_odds_change"], 0.5))
        assert out.loc[name, "share_above_zero"] == pytest.approx((g["ci_low"] > 0).mean())
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        gap_distribution(t, "kind", quantiles=(90,))
    with pytest.raises(ValueError, match="NaN"):
        gap_distribution(t.assign(change=np.nan), "kind")
    with pytest.raises(KeyError, match="ci_low"):
        gap_distribution(t.drop(columns="ci_low"), "kind")
