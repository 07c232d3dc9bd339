"""Checks every estimator shares: bad scores, orientation, label alignment, cluster ids,
confidence levels, response-matrix inputs."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis import stats
from analysis.stats._validation import DegenerateIntervalWarning, as_score_matrix, item_values

quiet = pytest.mark.filterwarnings("ignore::analysis.stats.DegenerateIntervalWarning")


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ([], "empty"),
        ([[1.0, np.nan, 0.0]], "NaN"),
        ([1.0, np.inf], "infinite"),
        (np.zeros((2, 2, 2)), "1-D"),
        (["a", "b"], "numeric"),
        ([1.0], "at least 2"),
    ],
)
@pytest.mark.parametrize(
    "estimator",
    [stats.mean_se, lambda s: stats.clustered_se(s, np.arange(np.size(s))),
     lambda s: stats.weighted_mean_se(s, np.ones(np.size(s))),
     lambda s: stats.bootstrap_mean(s, rng=np.random.default_rng(0), n_resamples=10)],
)
def test_bad_scores_get_a_clear_error(estimator, scores, message):
    with pytest.raises(ValueError, match=message):
        estimator(scores)


def test_binary_check_names_the_offending_value():
    with pytest.raises(ValueError, match="binary.*0.5"):
        as_score_matrix([0, 0.5, 1], binary=True)


@quiet
def test_duplicate_item_labels_are_refused_only_where_alignment_needs_them():
    # Runs indexed by task repeat labels: fine for a mean, and for per-run inputs that carry
    # the same index; but a differently ordered Series cannot be aligned on them.
    runs = pd.Series([0.0, 1.0, 1.0, 0.5], index=["t1", "t2", "t1", "t2"])
    assert stats.mean_se(runs)["mean"].item() == 0.625
    families = pd.Series(["f1", "f2", "f1", "f2"], index=runs.index)
    assert stats.clustered_se(runs, families)["n_clusters"].item() == 2
    with pytest.raises(ValueError, match="duplicate item label 't1'"):
        stats.clustered_se(runs, families.iloc[::-1])
    with pytest.raises(ValueError, match="duplicate item label 't1'"):
        stats.paired_difference(runs, runs.iloc[::-1])
    other = pd.Series([1.0, 1.0, 1.0, 0.5], index=runs.index)  # same labels, same order
    assert stats.paired_difference(runs, other)["mean"].item() == pytest.approx(-0.25)


# --- orientation ----------------------------------------------------------------------------

@quiet
def test_tall_plain_array_warns_about_orientation():
    # Before: a 100 x 3 array was read as 100 models of 3 items without a word.
    tall = (np.random.default_rng(0).random((100, 3)) < 0.7).astype(float)
    with pytest.warns(stats.OrientationWarning, match=r"100 models scored on 3 items.*\.T"):
        out = stats.mean_se(tall)
    assert len(out) == 100  # still the documented reading: rows are models


@quiet
def test_orientation_warning_is_silenced_by_a_dataframe_or_a_wide_array():
    tall = (np.random.default_rng(0).random((100, 3)) < 0.7).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("error", stats.OrientationWarning)
        stats.mean_se(pd.DataFrame(tall))
        stats.mean_se(tall.T)
        stats.mean_se(tall[:, 0])  # 1-D: one model


def test_dataframe_labelled_items_by_models_is_refused(labelled_scores):
    with pytest.raises(ValueError, match="items x models.*transpose"):
        stats.mean_se(labelled_scores.T)


# --- labels ---------------------------------------------------------------------------------

def test_series_are_aligned_on_item_labels(labelled_scores):
    clusters = pd.Series(np.repeat(np.arange(40), 10), index=labelled_scores.columns)
    shuffled = clusters.sample(frac=1, random_state=0)
    np.testing.assert_array_equal(
        item_values(shuffled, as_score_matrix(labelled_scores), name="clusters"), clusters.to_numpy()
    )


def test_missing_item_label_is_named(labelled_scores):
    clusters = pd.Series(1, index=labelled_scores.columns).drop("q007")
    with pytest.raises(ValueError, match="no entry for item 'q007'"):
        stats.clustered_se(labelled_scores, clusters)


def test_default_labels_match_by_position(binary_scores):
    # pandas' default 0..n-1 labels are no labels: positional, like a plain array.
    clusters = np.repeat(np.arange(40), 10)
    np.testing.assert_allclose(
        stats.clustered_se(binary_scores, pd.Series(clusters))["se"],
        stats.clustered_se(binary_scores, clusters)["se"],
    )


def test_default_labels_against_other_integer_labels_are_ambiguous():
    # Item ids 0..n-1 stored out of order, or filtered rows 3, 7, 9, ... against a Series
    # after reset_index: label or position? Neither guess is safe, so the error says how
    # to be explicit.
    scores = pd.DataFrame([[0.9, 0.1, 0.8, 0.2, 0.7, 0.3]], columns=[5, 4, 3, 2, 1, 0])
    with pytest.raises(ValueError, match="cannot tell how to match clusters.*to_numpy"):
        stats.clustered_se(scores, pd.Series([0, 1, 0, 1, 2, 2]))
    runs = pd.Series([0.9, 0.1, 0.8, 0.2, 0.7, 0.3], index=[3, 7, 9, 12, 15, 18])
    with pytest.raises(ValueError, match="cannot tell how to match"):
        stats.clustered_se(runs, pd.Series(["a", "a", "b", "b", "c", "c"]))
    with pytest.raises(ValueError, match="cannot tell how to match the items of a and b"):
        stats.paired_difference(runs, runs.reset_index(drop=True))
    # Integer labels on both sides are labels.
    ids = pd.Series(["a", "a", "b", "b", "c", "c"], index=runs.index)
    np.testing.assert_allclose(stats.clustered_se(runs, ids.iloc[::-1])["se"],
                               stats.clustered_se(runs.to_numpy(), ids.to_numpy())["se"])


@pytest.mark.parametrize(
    ("clusters", "message"),
    [([0, 0, 1], "3 ids but the scores have 4"), ([0, 0, None, 1], "missing"), ([0, 0, 0, 0], "at least 2")],
)
def test_bad_clusters_get_a_clear_error(clusters, message):
    with pytest.raises(ValueError, match=message):
        stats.clustered_se([1, 0, 1, 1], clusters)


@quiet
def test_tuple_cluster_ids_are_one_id_each():
    # Before: a list of tuples was rejected as "must be 1-D".
    scores = [1, 1, 0, 1, 0, 0]
    tuples = [("a", 1), ("a", 1), ("b", 2), ("b", 2), ("c", 1), ("c", 1)]
    expected = stats.clustered_se(scores, ["a", "a", "b", "b", "c", "c"])
    pd.testing.assert_frame_equal(stats.clustered_se(scores, tuples), expected)
    multi = pd.MultiIndex.from_tuples(tuples)
    pd.testing.assert_frame_equal(stats.clustered_se(scores, multi), expected)
    with pytest.raises(ValueError, match="list of tuples"):
        stats.clustered_se(scores, np.zeros((6, 2)))
    with pytest.raises(ValueError, match="1 missing id"):
        stats.clustered_se(scores, tuples[:5] + [None])


# --- response matrix (duck typed) -------------------------------------------------------------

def _response_matrix(frame: pd.DataFrame) -> SimpleNamespace:
    items = pd.DataFrame(
        {"cluster": np.repeat(np.arange(40), 10), "weight": np.linspace(0.5, 2, frame.shape[1])},
        index=frame.columns,
    ).iloc[::-1]  # metadata in another order: must be aligned, not read by position
    return SimpleNamespace(scores=frame, items=items)


def test_response_matrix_is_accepted_with_column_names(labelled_scores):
    matrix = _response_matrix(labelled_scores)
    pd.testing.assert_frame_equal(stats.mean_se(matrix), stats.mean_se(labelled_scores))
    clusters = pd.Series(np.repeat(np.arange(40), 10), index=labelled_scores.columns)
    pd.testing.assert_frame_equal(
        stats.clustered_se(matrix, "cluster"), stats.clustered_se(labelled_scores, clusters)
    )
    weights = pd.Series(np.linspace(0.5, 2, 400), index=labelled_scores.columns)
    pd.testing.assert_frame_equal(
        stats.weighted_mean_se(matrix, "weight"), stats.weighted_mean_se(labelled_scores, weights)
    )
    pd.testing.assert_frame_equal(
        stats.stratified_se(matrix, "cluster"), stats.stratified_se(labelled_scores, clusters)
    )


def test_unknown_metadata_column_is_named(labelled_scores):
    with pytest.raises(ValueError, match="'family' is not a column.*cluster, weight"):
        stats.clustered_se(_response_matrix(labelled_scores), "family")
    with pytest.raises(ValueError, match="needs a response matrix"):
        stats.clustered_se(labelled_scores, "cluster")


# --- confidence -----------------------------------------------------------------------------

@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.2, np.nan])
def test_confidence_must_be_a_probability(confidence):
    with pytest.raises(ValueError, match="confidence"):
        stats.mean_se([0.2, 0.6, 1.0], confidence=confidence)


@pytest.mark.parametrize("confidence", ["0.95", None, True])
def test_confidence_of_the_wrong_type_is_named(confidence):
    # Before: confidence="0.95" raised "'<' not supported between 'int' and 'str'".
    with pytest.raises(TypeError, match="confidence must be a number.*0.95"):
        stats.mean_se([0.2, 0.6, 1.0], confidence=confidence)


def test_confidence_in_percent_is_named():
    with pytest.raises(ValueError, match="looks like a percentage"):
        stats.clopper_pearson(3, 10, confidence=95)


# --- the one-pass checks: integer input, NaN and inf found through the row sums --------------


def test_integer_scores_are_checked_without_conversion_errors():
    matrix = as_score_matrix(np.array([[0, 1, 1], [1, 0, 0]], dtype=np.int8), bounded=True)
    assert matrix.values.dtype == np.float64 and matrix.integer_valued and matrix.is_binary
    assert matrix.value_range == (0.0, 1.0)
    np.testing.assert_array_equal(matrix.row_sums, [2.0, 1.0])
    with pytest.raises(ValueError, match="look like percentages"):
        as_score_matrix(np.array([[0, 40, 100]]), bounded=True)
    with pytest.raises(ValueError, match="binary .* e.g. 2"):
        as_score_matrix(np.array([[0, 1, 2]]), binary=True)
    assert as_score_matrix(np.array([[True, False, True]]), binary=True).is_binary


@pytest.mark.parametrize(
    ("values", "binary"),
    [([[0.0, 1.0, 1.0]], True), ([[0.0, 0.5, 1.0]], False), ([[0.0, 1.0, 2.0]], False),
     ([[0.0, np.nan, 1.0]], True), ([[-1.0, 0.0, 1.0]], False)],
)
def test_is_binary_means_every_scored_value_is_0_or_1(values, binary):
    matrix = as_score_matrix(values, missing="omit", supports_omit=True)
    assert matrix.is_binary is binary


def test_nan_and_inf_are_found_however_the_row_sums_come_out():
    # A NaN row sum (NaN, or inf - inf) and an infinite one both lead to the exact checks.
    with pytest.raises(ValueError, match="1 NaN value"):
        as_score_matrix([[0.5, np.nan], [0.5, 0.5]])
    with pytest.raises(ValueError, match="infinite"):
        as_score_matrix([[np.inf, -np.inf, 1.0]], bounded=False)
    with pytest.raises(ValueError, match="infinite"):
        as_score_matrix([[np.inf, 1.0]], bounded=False)
    # Finite values whose sum overflows are valid scores (bounded=False).
    huge = as_score_matrix([[1e308, 1e308]], bounded=False)
    assert not huge.has_missing and np.isfinite(huge.values).all()


def test_degenerate_warning_is_the_same_for_integer_and_float_scores():
    scores = np.zeros((2, 40), dtype=np.int8)
    scores[0, :35] = 1  # 5 failures: too few for the normal interval
    scores[1, :20] = 1
    for variant in (scores, scores.astype(float)):
        with pytest.warns(DegenerateIntervalWarning, match=r"1 model\(s\) \(0\)"):
            stats.clustered_se(variant, np.repeat(np.arange(8), 5))
