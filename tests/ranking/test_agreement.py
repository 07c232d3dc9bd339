"""Rank correlation pinned to scipy (point estimates, per-replicate values), Fisher-z to its
formula, bootstrap coverage of a known tau; pairwise matrix pinned to scipy; Kendall's W to
its formula, to scipy's Friedman test and to the mean-Spearman identity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis.ranking import agreement_matrix, kendall_w, rank_correlation
from analysis.ranking.agreement import _kendall_rows, _spearman_rows


@pytest.fixture
def two_rankings():
    rng = np.random.default_rng(7)
    x = rng.normal(size=30)
    y = 0.6 * x + 0.8 * rng.normal(size=30)
    labels = [f"model{i:02d}" for i in range(30)]
    return pd.Series(x, index=labels), pd.Series(y, index=labels)


@pytest.mark.parametrize("method", ["kendall", "spearman"])
def test_point_estimate_is_scipy(two_rankings, method):
    a, b = two_rankings
    out = rank_correlation(a, b, method=method, ci="none")
    reference = sps.kendalltau(a, b) if method == "kendall" else sps.spearmanr(a, b)
    assert out["estimate"] == reference.statistic
    assert out["p_value"] == reference.pvalue
    # aligned by label: the order of b does not matter
    shuffled = rank_correlation(a, b.iloc[::-1], method=method, ci="none")
    assert shuffled["estimate"] == pytest.approx(out["estimate"], abs=1e-12)


def test_vectorised_replicates_match_scipy_with_ties():
    rng = np.random.default_rng(2)
    a = rng.integers(0, 4, size=(50, 9)).astype(float)
    b = rng.integers(0, 4, size=(50, 9)).astype(float)
    kt = [sps.kendalltau(x, y).statistic for x, y in zip(a, b, strict=True)]
    sr = [sps.spearmanr(x, y).statistic for x, y in zip(a, b, strict=True)]
    np.testing.assert_allclose(_kendall_rows(a, b), kt)
    np.testing.assert_allclose(_spearman_rows(a, b), sr)


@pytest.mark.parametrize("method", ["kendall", "spearman"])
def test_bootstrap_resamples_models(two_rankings, method):
    a, b = two_rankings
    out, reps = rank_correlation(a, b, method=method, rng=np.random.default_rng(11),
                                 n_resamples=300, return_replicates=True)
    draws = np.random.default_rng(11).integers(0, 30, size=(300, 30))
    f = sps.kendalltau if method == "kendall" else sps.spearmanr
    expected = [f(a.to_numpy()[d], b.to_numpy()[d]).statistic for d in draws]
    np.testing.assert_allclose(reps, expected)
    np.testing.assert_allclose([out["ci_low"], out["ci_high"]],
                               np.quantile(expected, [0.025, 0.975]))


def test_bootstrap_interval_covers_the_known_tau():
    # bivariate normal with correlation rho: Kendall's tau = (2 / pi) arcsin(rho)
    rng = np.random.default_rng(3)
    rho = 0.6
    z = rng.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=80)
    out = rank_correlation(z[:, 0], z[:, 1], rng=np.random.default_rng(4), n_resamples=2000)
    tau = 2 / np.pi * np.arcsin(rho)
    assert out["ci_low"] < tau < out["ci_high"]
    fisher = rank_correlation(z[:, 0], z[:, 1], ci="fisher")
    assert fisher["ci_low"] < tau < fisher["ci_high"]


@pytest.mark.parametrize(("method", "c", "k"), [("spearman", 1.06, 3), ("kendall", 0.437, 4)])
def test_fisher_interval_formula(two_rankings, method, c, k):
    a, b = two_rankings
    out = rank_correlation(a, b, method=method, ci="fisher", confidence=0.9)
    z = np.arctanh(out["estimate"])
    half = sps.norm.ppf(0.95) * np.sqrt(c / (30 - k))
    assert out["ci_low"] == pytest.approx(np.tanh(z - half))
    assert out["ci_high"] == pytest.approx(np.tanh(z + half))


def test_missing_models_are_named_or_intersected():
    a = pd.Series([0.9, 0.8, 0.7, 0.6], index=["p", "q", "r", "s"])
    b = pd.Series([0.5, 0.4, 0.3, 0.2], index=["p", "q", "r", "t"])
    with pytest.raises(ValueError, match=r"only in a: 's'; only in b: 't'"):
        rank_correlation(a, b, ci="none")
    out = rank_correlation(a, b, ci="none", missing="intersect")
    assert out["n_models"] == 3 and out["estimate"] == 1.0
    with pytest.raises(ValueError, match="NaN"):
        rank_correlation(a.where(a > 0.6), a, ci="none")
    assert rank_correlation(a.where(a > 0.6), a, ci="none", missing="intersect")["n_models"] == 3


def test_rank_correlation_bad_input():
    a = np.arange(5.0)
    with pytest.raises(ValueError, match="different lengths"):
        rank_correlation(a, np.arange(6.0), ci="none")
    with pytest.raises(ValueError, match="1-D"):
        rank_correlation(np.ones((5, 2)), a, ci="none")
    with pytest.raises(TypeError, match="rng"):
        rank_correlation(a, a)
    with pytest.raises(ValueError, match="method"):
        rank_correlation(a, a, method="pearson", ci="none")
    with pytest.raises(ValueError, match="at least 3"):
        rank_correlation(a[:2], a[:2], ci="none")
    with pytest.raises(ValueError, match="more than 4"):
        rank_correlation(a[:4], a[:4], ci="fisher")
    with pytest.raises(ValueError, match="more than once"):
        rank_correlation(pd.Series([1.0, 2, 3], index=["x", "x", "y"]), a[:3], ci="none")


def test_agreement_matrix_is_scipy_on_shared_models():
    rng = np.random.default_rng(9)
    boards = pd.DataFrame(rng.normal(size=(12, 4)), columns=["A", "B", "C", "D"],
                          index=[f"m{i}" for i in range(12)])
    boards.iloc[:5, 2] = np.nan
    boards.iloc[8:, 3] = np.nan
    out = agreement_matrix(boards, min_models=5)
    assert out.n_models.loc["C", "D"] == 3 and np.isnan(out.estimate.loc["C", "D"])
    both = boards[["A", "C"]].dropna()
    assert out.estimate.loc["A", "C"] == sps.kendalltau(both["A"], both["C"]).statistic
    assert out.n_models.loc["A", "C"] == 7 and out.n_models.loc["A", "A"] == 12
    np.testing.assert_array_equal(out.estimate.to_numpy(), out.estimate.to_numpy().T)
    flipped = agreement_matrix(boards.assign(B=-boards["B"]), lower_is_better=["B"])
    assert flipped.estimate.loc["A", "B"] == pytest.approx(out.estimate.loc["A", "B"])
    spear = agreement_matrix({"A": boards["A"], "B": boards["B"]}, method="spearman")
    assert spear.estimate.loc["A", "B"] == pytest.approx(
        sps.spearmanr(boards["A"], boards["B"]).statistic)
    with pytest.raises(ValueError, match="unknown leaderboard"):
        agreement_matrix(boards, lower_is_better=["Z"])
    with pytest.raises(ValueError, match="min_models"):
        agreement_matrix(boards, min_models=2)


def test_kendall_w_worked_example_and_identities():
    ranks = pd.DataFrame({"r1": [1, 2, 3, 4], "r2": [2, 1, 3, 4], "r3": [1, 3, 2, 4]},
                         index=["a", "b", "c", "d"])
    out = kendall_w(-ranks)
    assert out["w"] == pytest.approx(7 / 9)
    assert out["chi2"] == pytest.approx(3 * 3 * 7 / 9)
    # Friedman's test in scipy: one argument per model, measured by each rater
    assert out["chi2"] == pytest.approx(sps.friedmanchisquare(*ranks.to_numpy()).statistic)
    # mean pairwise Spearman = (m W - 1) / (m - 1) without ties
    rhos = [sps.spearmanr(ranks[x], ranks[y]).statistic
            for x, y in (("r1", "r2"), ("r1", "r3"), ("r2", "r3"))]
    assert np.mean(rhos) == pytest.approx((3 * out["w"] - 1) / 2)
    identical = pd.DataFrame({f"r{j}": [0.9, 0.5, 0.4, 0.1] for j in range(5)})
    assert kendall_w(identical)["w"] == pytest.approx(1.0)


def test_kendall_w_with_ties_matches_friedman():
    rng = np.random.default_rng(4)
    scores = pd.DataFrame(rng.integers(0, 5, size=(8, 6)).astype(float))
    out = kendall_w(scores)
    reference = sps.friedmanchisquare(*(-scores).to_numpy())
    assert out["chi2"] == pytest.approx(reference.statistic)
    assert out["p_value"] == pytest.approx(reference.pvalue)


def test_kendall_w_missing_models():
    frame = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [1.0, 2, np.nan, 4]}, index=list("pqrs"))
    with pytest.raises(ValueError, match="'r'"):
        kendall_w(frame)
    assert kendall_w(frame, missing="intersect")["n_models"] == 3
    with pytest.raises(ValueError, match="at least 2 rankings"):
        kendall_w(frame[["a"]])
