"""Variance components of repeated runs (Miller 2024, eq. 4): pinned to a worked example
and a groupby, plus bad input."""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pandas as pd
import pytest

from analysis import stats

components = importlib.import_module("analysis.stats.components")


def test_docstring_examples_run():
    assert doctest.testmod(components).failed == 0


def test_variance_components_worked_example():
    # Item a: runs 1,1,0,0 (mean 0.5, ddof-1 variance 1/3); item b: 1,1,1,1 (variance 0).
    # within = (1/3 + 0) / 2 = 1/6; between = Var([0.5, 1], ddof=1) - (1/6) * (1/4) = 1/12.
    row = stats.variance_components([1, 1, 0, 0, 1, 1, 1, 1], list("aaaabbbb")).iloc[0]
    assert row["within_variance"] == pytest.approx(1 / 6)
    assert row["between_variance"] == pytest.approx(1 / 12)
    assert row["within_share"] == pytest.approx(2 / 3)
    assert row["n_items"] == 2 and row["runs_per_item"] == 4


def test_variance_components_match_a_groupby_with_unequal_runs():
    rng = np.random.default_rng(11)
    items = rng.integers(0, 30, size=500)
    scores = (rng.random(500) < rng.random(30)[items]).astype(float)
    row = stats.variance_components(scores, items).iloc[0]
    groups = pd.Series(scores).groupby(items)
    k = groups.size()
    within = groups.var(ddof=1)[k >= 2].mean()
    between = groups.mean().var(ddof=1) - within * (1 / k).mean()
    assert row["within_variance"] == pytest.approx(within)
    assert row["between_variance"] == pytest.approx(between)
    assert row["total_variance"] == pytest.approx(scores.var(ddof=1))


def test_variance_components_align_items_on_the_runs_index():
    runs = pd.DataFrame({"score": [1, 1, 0, 0, 1, 1, 1, 1], "task": list("aaaabbbb")},
                        index=[f"run{i}" for i in range(8)])
    shuffled = runs["task"].sample(frac=1, random_state=0)
    pd.testing.assert_frame_equal(stats.variance_components(runs["score"], shuffled),
                                  stats.variance_components(runs["score"], runs["task"]))


def test_variance_components_need_repeats_and_one_model():
    with pytest.raises(ValueError, match="two or more runs"):
        stats.variance_components([1, 0, 1], ["a", "b", "c"])
    with pytest.raises(ValueError, match="1-D"):
        stats.variance_components(np.ones((2, 4)), ["a", "a", "b", "b"])


def test_repeated_sampling_se_on_another_scale():
    assert stats.repeated_sampling_se(1500, 800, 80, 1, bounded=False) == pytest.approx(
        100 * stats.repeated_sampling_se(0.15, 0.08, 80, 1))


def test_repeated_sampling_se_is_millers_formula():
    se = stats.repeated_sampling_se(0.15, 0.08, 80, np.array([1, 4]))
    np.testing.assert_allclose(se, np.sqrt((0.15 + 0.08 / np.array([1, 4])) / 80))
    assert stats.repeated_sampling_se(0.15, 0.08, 80, np.inf) == pytest.approx(np.sqrt(0.15 / 80))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.nan, 0.08, 80, 2), "must not be NaN"),  # before: returned NaN
        ((0.15, np.nan, 80, 2), "must not be NaN"),
        ((0.15, 0.08, 80, 2.5), "runs must be a whole number"),  # before: accepted
        ((0.15, 0.08, 80.5, 2), "n_items must be a whole number"),
        ((0.15, 0.08, 0, 1), "at least 1"),
        ((0.15, -0.1, 80, 1), ">= 0"),
        ((0.15, 0.08, np.inf, 1), "finite"),
        ((1500, 800, 80, 1), "variances of percentages"),
    ],
)
def test_repeated_sampling_se_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        stats.repeated_sampling_se(*args)
