"""agreement_by_model_count, standard_error_noise and replication_agreement, pinned to
scipy (Kendall's tau-b, Spearman's rho on each subset), their defining formulas and a
Monte Carlo check, plus the bad inputs a reader will try."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis.ranking import (
    agreement_by_model_count,
    replication_agreement,
    signal,
    standard_error_noise,
)


@pytest.fixture
def boards() -> tuple[pd.Series, pd.Series]:
    rng = np.random.default_rng(7)
    truth = rng.normal(size=30)
    labels = [f"m{i}" for i in range(30)]
    a = pd.Series(truth + 0.5 * rng.normal(size=30), index=labels)
    b = pd.Series(truth + 0.5 * rng.normal(size=30), index=labels)
    return a, b


def test_subsets_match_scipy_on_each_subset(boards):
    """Re-draw the same subsets with the same seed and compute scipy's tau on each."""
    a, b = boards
    sizes, n_subsets = [5, 12], 40
    out = agreement_by_model_count(a, b, sizes, rng=np.random.default_rng(3), n_subsets=n_subsets)
    rng = np.random.default_rng(3)
    x, y = a.to_numpy(), b.to_numpy()
    for k in sizes:
        keys = rng.random((n_subsets, len(x)))
        idx = np.argpartition(keys, k - 1, axis=1)[:, :k]
        taus = np.array([sps.kendalltau(x[r], y[r]).statistic for r in idx])
        assert out.loc[k, "mean"] == pytest.approx(taus.mean())
        assert out.loc[k, "sd"] == pytest.approx(taus.std(ddof=1))
        assert out.loc[k, "share_negative"] == pytest.approx((taus < 0).mean())
    assert out["full"].iloc[0] == pytest.approx(sps.kendalltau(x, y).statistic)


def test_subsets_spearman_and_full_size(boards):
    a, b = boards
    out = agreement_by_model_count(a, b, [30], rng=np.random.default_rng(0), n_subsets=5,
                                   method="spearman")
    rho = sps.spearmanr(a, b).statistic
    assert out.loc[30, "mean"] == pytest.approx(rho)
    assert out.loc[30, "sd"] == pytest.approx(0.0, abs=1e-12)


def test_subsets_spread_shrinks_with_more_models(boards):
    a, b = boards
    out = agreement_by_model_count(a, b, [4, 10, 25], rng=np.random.default_rng(1),
                                   n_subsets=2000)
    assert out["sd"].is_monotonic_decreasing
    assert (out["q025"] <= out["mean"]).all() and (out["mean"] <= out["q975"]).all()


def test_subsets_align_by_label_and_intersect():
    a = pd.Series([1.0, 2.0, 3.0, 4.0, np.nan], index=list("pqrst"))
    b = pd.Series([4.0, 3.0, 2.0, 1.0, 0.0, 9.0], index=list("srqptu"))  # same order as a
    out = agreement_by_model_count(a, b, [3, 4], rng=np.random.default_rng(0), n_subsets=20)
    assert out["mean"].tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="only in b"):
        agreement_by_model_count(a.dropna(), b, [3], rng=np.random.default_rng(0),
                                 missing="raise")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sizes": [2]}, "between 3 and"),
        ({"sizes": [31]}, "between 3 and"),
        ({"sizes": [2.5]}, "whole numbers"),
        ({"sizes": [5], "method": "pearson"}, "kendall"),
        ({"sizes": [5], "n_subsets": 1}, "n_subsets"),
    ],
)
def test_subsets_bad_input(boards, kwargs, message):
    a, b = boards
    with pytest.raises(ValueError, match=message):
        agreement_by_model_count(a, b, rng=np.random.default_rng(0), **kwargs)


def test_subsets_need_a_generator(boards):
    a, b = boards
    with pytest.raises(TypeError):
        agreement_by_model_count(a, b, [5], rng=0)


def test_standard_error_noise_formula_and_snr():
    means, se = np.array([0.3, 0.5, 0.7]), np.array([0.01, 0.02, 0.02])
    expected = np.sqrt((0.01**2 + 0.02**2 + 0.02**2) / 3) / 0.5
    assert standard_error_noise(means, se) == pytest.approx(expected)
    assert signal(means) / standard_error_noise(means, se) == pytest.approx(0.8 / expected)
    # unit-free: percentages give the same noise
    assert standard_error_noise(means * 100, se * 100) == pytest.approx(expected)


def test_replication_agreement_formula_for_one_pair():
    d, v = 0.03, 0.02**2 + 0.01**2
    p = sps.norm.cdf(d / np.sqrt(v))
    assert replication_agreement([0.53, 0.50], [0.02, 0.01]) == pytest.approx(p**2 + (1 - p) ** 2)


def test_replication_agreement_matches_monte_carlo():
    rng = np.random.default_rng(11)
    means = rng.uniform(0.4, 0.6, size=8)
    se = rng.uniform(0.01, 0.05, size=8)
    draws = means + se * rng.standard_normal((2, 200_000, 8))
    i, j = np.triu_indices(8, k=1)
    same = np.sign(draws[0][:, i] - draws[0][:, j]) == np.sign(draws[1][:, i] - draws[1][:, j])
    assert replication_agreement(means, se) == pytest.approx(same.mean(), abs=0.003)


def test_replication_agreement_edges_and_labels():
    assert replication_agreement([0.5, 0.5, 0.5], [0.0, 0.0, 0.0]) == 0.5
    assert replication_agreement([0.1, 0.5, 0.9], [0.0, 0.0, 0.0]) == 1.0
    means = pd.Series([0.5, 0.6], index=["x", "y"])
    se = pd.Series([0.05, 0.01], index=["y", "x"])  # aligned by label
    assert replication_agreement(means, se) == pytest.approx(
        replication_agreement([0.5, 0.6], [0.01, 0.05]))


@pytest.mark.parametrize(
    ("means", "se", "message"),
    [
        ([0.5, np.nan], [0.01, 0.01], "NaN"),
        ([0.5, 0.6], [0.01, -0.01], "non-negative"),
        ([0.5, 0.6], [0.01], "one value per model"),
        ([0.5], [0.01], "at least 2"),
    ],
)
def test_bad_means_and_standard_errors(means, se, message):
    with pytest.raises(ValueError, match=message):
        replication_agreement(means, se)
    with pytest.raises(ValueError, match=message):
        standard_error_noise(means, se)


def test_noise_refuses_non_positive_mean():
    with pytest.raises(ValueError, match="positive"):
        standard_error_noise([-0.5, 0.2], [0.01, 0.01])


def test_se_series_must_cover_the_models():
    with pytest.raises(ValueError, match="no entry"):
        replication_agreement(pd.Series([0.5, 0.6], index=["x", "y"]),
                              pd.Series([0.01], index=["x"]))
