"""Weighted mean scores: pinned to statsmodels WLS sandwich SEs (HC1, cluster) and to the
unweighted estimators, missing items, label alignment, plus bad input."""

from __future__ import annotations

import doctest
import importlib
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as sps
from statsmodels.stats.weightstats import DescrStatsW

from analysis import stats

weighted = importlib.import_module("analysis.stats.weighted")


@pytest.fixture
def weights(binary_scores) -> np.ndarray:
    return np.random.default_rng(8).gamma(2.0, size=binary_scores.shape[1])


def test_docstring_examples_run_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning inside an example fails it
        assert doctest.testmod(weighted).failed == 0


def test_weighted_mean_se_is_the_wls_hc1_sandwich(binary_scores, weights):
    out = stats.weighted_mean_se(binary_scores, weights, confidence=0.9)
    for label, row in binary_scores.iterrows():
        fit = sm.WLS(row.to_numpy(), np.ones(len(row)), weights=weights).fit(cov_type="HC1")
        assert out.loc[label, "mean"] == pytest.approx(fit.params[0], rel=1e-12)
        assert out.loc[label, "se"] == pytest.approx(fit.bse[0], rel=1e-10)
        assert out.loc[label, "ci_high"] == pytest.approx(fit.params[0] + sps.norm.ppf(0.95) * fit.bse[0])
    assert out["effective_n"].iloc[0] == pytest.approx(weights.sum() ** 2 / (weights**2).sum())
    # DescrStatsW reads weights as frequencies: same mean, different (here smaller) SE.
    d = DescrStatsW(binary_scores.iloc[0].to_numpy(), weights=weights)
    assert out["mean"].iloc[0] == pytest.approx(d.mean)


def test_weighted_cluster_se_is_the_wls_cluster_sandwich(binary_scores, weights):
    clusters = np.repeat(np.arange(40), 10)
    out = stats.weighted_mean_se(binary_scores, weights, clusters=clusters)
    for label, row in binary_scores.iterrows():
        fit = sm.WLS(row.to_numpy(), np.ones(len(row)), weights=weights).fit(
            cov_type="cluster", cov_kwds={"groups": clusters}
        )
        assert out.loc[label, "se"] == pytest.approx(fit.bse[0], rel=1e-10)
    assert (out["n_clusters"] == 40).all() and (out["df"] == 39).all()


def test_equal_weights_reduce_to_mean_se_and_clustered_se(binary_scores):
    ones = np.full(binary_scores.shape[1], 3.0)
    np.testing.assert_allclose(stats.weighted_mean_se(binary_scores, ones)["se"], stats.mean_se(binary_scores)["se"])
    t = stats.weighted_mean_se(binary_scores, ones, method="t")
    np.testing.assert_allclose(t["ci_high"], stats.mean_se(binary_scores, method="t")["ci_high"])
    clusters = np.repeat(np.arange(40), 10)
    np.testing.assert_allclose(
        stats.weighted_mean_se(binary_scores, ones, clusters=clusters)["ci_low"],
        stats.clustered_se(binary_scores, clusters)["ci_low"],
    )


def test_missing_items_omit_scores_and_weights(binary_scores, weights):
    with_nan = binary_scores.copy()
    with_nan.iloc[2, 300:] = np.nan
    with pytest.raises(ValueError, match="missing='omit'"):
        stats.weighted_mean_se(with_nan, weights)
    out = stats.weighted_mean_se(with_nan, weights, missing="omit")
    subset = stats.weighted_mean_se(binary_scores.iloc[[2], :300], weights[:300])
    assert out.loc["c", "n"] == 300
    assert out.loc["c", "se"] == pytest.approx(subset["se"].item())
    assert out.loc["a", "se"] == pytest.approx(stats.weighted_mean_se(binary_scores, weights).loc["a", "se"])


def test_weights_series_is_aligned_on_item_labels(labelled_scores, weights):
    series = pd.Series(weights, index=labelled_scores.columns)
    pd.testing.assert_frame_equal(
        stats.weighted_mean_se(labelled_scores, series.iloc[::-1]),
        stats.weighted_mean_se(labelled_scores, weights),
    )
    with pytest.raises(ValueError, match="no entry for item 'q010'"):
        stats.weighted_mean_se(labelled_scores, series.drop("q010"))


@pytest.mark.parametrize(
    ("w", "message"),
    [([1, -1, 1, 1], "non-negative"), ([1, np.nan, 1, 1], "finite"), ([0, 0, 0, 0], "zero total weight"),
     ([1, 0, 0, 0], "at least 2"), ([1, 1, 1], "3 ids but the scores have 4"), (["a", "b", "c", "d"], "numbers")],
)
def test_bad_weights_get_a_clear_error(w, message):
    with pytest.raises(ValueError, match=message):
        stats.weighted_mean_se([0.2, 0.4, 0.9, 1.0], w)


def test_weighted_refuses_percentages_and_bad_methods():
    with pytest.raises(ValueError, match="percentages"):
        stats.weighted_mean_se([20, 40, 90, 100], [1, 1, 1, 1])
    with pytest.raises(ValueError, match="'normal' or 't'"):
        stats.weighted_mean_se([0.2, 0.4, 0.9, 1.0], [1, 1, 1, 1], method="CR2")
