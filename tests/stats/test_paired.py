"""Paired differences: the per-item difference formula, label alignment, naming by both
models, clustered variants, plus bad input."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis import stats
from analysis.stats import paired


def test_docstring_examples_run():
    assert doctest.testmod(paired).failed == 0


def test_paired_difference_formula(binary_scores):
    a, b = binary_scores.loc[["c"]], binary_scores.loc[["a"]]
    out = stats.paired_difference(a, b).iloc[0]
    d = (a.to_numpy() - b.to_numpy()).ravel()
    n = d.size
    se = d.std(ddof=1) / np.sqrt(n)
    assert out["mean"] == pytest.approx(d.mean())
    assert out["se"] == pytest.approx(se)
    assert out["ci_low"] == pytest.approx(d.mean() - sps.norm.ppf(0.975) * se)
    assert out["p_value"] == pytest.approx(2 * sps.norm.sf(abs(d.mean() / se)))
    var_a, var_b = a.to_numpy().var(ddof=1), b.to_numpy().var(ddof=1)
    assert out["se_unpaired"] == pytest.approx(np.sqrt((var_a + var_b) / n))
    r = np.corrcoef(a.to_numpy().ravel(), b.to_numpy().ravel())[0, 1]
    assert out["correlation"] == pytest.approx(r)
    cov = np.cov(a.to_numpy().ravel(), b.to_numpy().ravel())[0, 1]
    assert stats.paired_variance(a, b)[0] == pytest.approx(var_a + var_b - 2 * cov)
    assert stats.independent_variance(a, b)[0] == pytest.approx(var_a + var_b)


def test_comparisons_are_named_by_both_models(binary_scores):
    # Before: the row was labelled "c" alone, which reads as c's own score.
    out = stats.paired_difference(binary_scores.loc[["c", "b"]], binary_scores.loc[["a", "a"]])
    assert out.index.tolist() == ["c − a", "b − a"] and out.index.name == "comparison"
    assert out["model_a"].tolist() == ["c", "b"] and out["model_b"].tolist() == ["a", "a"]
    assert list(out.columns[:7]) == ["model_a", "model_b", "mean", "se", "ci_low", "ci_high", "n"]
    plain = stats.paired_difference(np.ones(5) * 0.5, np.linspace(0, 1, 5))
    assert plain.index.tolist() == ["a − b"]


def test_a_single_baseline_row_is_compared_with_every_row(binary_scores):
    out = stats.paired_difference(binary_scores, binary_scores.loc[["a"]])
    expected = stats.paired_difference(binary_scores, binary_scores.loc[["a", "a", "a"]])
    pd.testing.assert_frame_equal(out, expected)


def test_items_are_aligned_on_labels(labelled_scores):
    # Before: b's items in another order gave a wrong SE and correlation.
    a, b = labelled_scores.loc[["c"]], labelled_scores.loc[["a"]]
    reordered = b[b.columns[::-1]]
    pd.testing.assert_frame_equal(stats.paired_difference(a, reordered), stats.paired_difference(a, b))
    np.testing.assert_allclose(stats.paired_variance(a, reordered), stats.paired_variance(a, b))
    series = stats.paired_difference(a.iloc[0], reordered.iloc[0])
    assert series["se"].item() == pytest.approx(stats.paired_difference(a, b)["se"].item())


def test_items_that_do_not_match_are_named(labelled_scores):
    a, b = labelled_scores.loc[["c"]], labelled_scores.loc[["a"]]
    with pytest.raises(ValueError, match="item 'q003' of a is not in b"):
        stats.paired_difference(a, b.drop(columns="q003"))
    with pytest.raises(ValueError, match="item 'q999' of b is not in a"):
        stats.paired_difference(a.drop(columns="q003"), b.rename(columns={"q003": "q999"}))
    with pytest.raises(ValueError, match="same items"):
        stats.paired_difference([1, 0, 1], [1, 0])


def test_same_models_in_another_order_raise(binary_scores):
    # Before: rows were matched by position and reported under a's labels (x - z as "x").
    condition_a = binary_scores
    condition_b = 1 - binary_scores
    with pytest.raises(ValueError, match="same models in a different order.*model 'a'"):
        stats.paired_difference(condition_a, condition_b.loc[["c", "b", "a"]])
    same_order = stats.paired_difference(condition_a, condition_b.loc[["c", "b", "a"]].loc[condition_a.index])
    assert same_order.index.tolist() == ["a − a", "b − b", "c − c"]


def test_row_counts_must_match(binary_scores):
    with pytest.raises(ValueError, match="a has 3 models and b has 2"):
        stats.paired_difference(binary_scores, binary_scores.iloc[:2])


def test_paired_difference_with_clusters_is_clustered_se_of_differences(binary_scores):
    clusters = np.repeat(np.arange(40), 10)
    a, b = binary_scores.iloc[[2, 1]], binary_scores.iloc[[0, 0]]
    out = stats.paired_difference(a, b, clusters=clusters)
    reference = stats.clustered_se(a.to_numpy() - b.to_numpy(), clusters, bounded=False)
    np.testing.assert_allclose(out["se"], reference["se"])
    np.testing.assert_allclose(out["ci_low"], reference["ci_low"])
    np.testing.assert_allclose(out["p_value"], 2 * sps.t.sf(np.abs(out["mean"] / out["se"]), 39))
    assert out.index.tolist() == ["c − a", "b − a"]
    cr2 = stats.paired_difference(a, b, clusters=clusters, method="CR2")
    np.testing.assert_allclose(
        cr2["se"], stats.clustered_se(a.to_numpy() - b.to_numpy(), clusters, method="CR2", bounded=False)["se"]
    )
    with pytest.raises(ValueError, match="method"):
        stats.paired_difference(a, b, clusters=clusters, method="HC3")


def test_paired_clusters_series_is_aligned(labelled_scores):
    clusters = pd.Series(np.repeat(np.arange(40), 10), index=labelled_scores.columns)
    a, b = labelled_scores.loc[["c"]], labelled_scores.loc[["a"]]
    np.testing.assert_allclose(
        stats.paired_difference(a, b, clusters=clusters.iloc[::-1])["se"],
        stats.paired_difference(a, b, clusters=clusters.to_numpy())["se"],
    )


def test_identical_models_have_zero_difference_and_p_one():
    out = stats.paired_difference([1, 0, 1, 0], [1, 0, 1, 0]).iloc[0]
    assert out["mean"] == 0 and out["se"] == 0 and out["p_value"] == 1


def test_percentage_scores_are_refused():
    with pytest.raises(ValueError, match="percentages"):
        stats.paired_difference([100, 0, 100], [0, 100, 100])


@pytest.mark.parametrize("clustered", [False, True])
def test_missing_items_use_the_items_both_models_were_scored_on(labelled_scores, clustered):
    clusters = pd.Series(np.repeat(np.arange(40), 10), index=labelled_scores.columns)
    a, b = labelled_scores.loc[["c", "b"]].copy(), labelled_scores.loc[["a", "a"]].copy()
    a.iloc[0, :50] = np.nan
    b.iloc[0, 350:] = np.nan  # comparison c − a: items 50..349 scored by both
    kwargs = {"clusters": clusters} if clustered else {}
    with pytest.raises(ValueError, match="missing='omit'"):
        stats.paired_difference(a, b, **kwargs)
    out = stats.paired_difference(a, b, missing="omit", **kwargs)
    both = slice(50, 350)
    alone = stats.paired_difference(a.iloc[[0], both], b.iloc[[0], both],
                                    **({"clusters": clusters.iloc[both]} if clustered else {}))
    pd.testing.assert_series_equal(out.iloc[0], alone.iloc[0])
    full = stats.paired_difference(labelled_scores.loc[["b"]], labelled_scores.loc[["a"]], **kwargs)
    pd.testing.assert_series_equal(out.iloc[1], full.iloc[0])
    assert out["n"].tolist() == [300, 400]


def test_missing_items_need_two_shared_items():
    with pytest.raises(ValueError, match="a − b: 1 item"):
        stats.paired_difference([0.5, np.nan, 1.0], [np.nan, 0.2, 0.4], missing="omit")
