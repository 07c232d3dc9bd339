"""analysis.saturation.progress: frontier, normalised progress, time to a threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.saturation import (
    normalised_progress,
    saturation_times,
    sota_frontier,
    time_to_threshold,
)


def test_frontier_is_the_running_maximum_of_time_sorted_scores():
    rng = np.random.default_rng(0)
    t = rng.uniform(2015, 2025, 50)
    s = rng.uniform(0, 1, 50)
    f = sota_frontier(t, s)
    ref = pd.Series(s[np.argsort(t)]).cummax().to_numpy()  # pandas as the reference
    np.testing.assert_allclose(f["frontier"], ref)
    np.testing.assert_allclose(f["year"], np.sort(t))
    # a record is exactly a strict increase of the running maximum (the first counts)
    expected = np.concatenate([[True], np.diff(ref) > 0])
    np.testing.assert_array_equal(f["record"], expected)


def test_frontier_lower_is_better_is_the_running_minimum():
    f = sota_frontier([1, 2, 3, 4], [0.3, 0.4, 0.2, 0.25], higher_is_better=False)
    assert f["frontier"].tolist() == [0.3, 0.3, 0.2, 0.2]
    assert f["record"].tolist() == [True, False, True, False]


def test_frontier_keeps_labels_and_breaks_time_ties_by_score():
    s = pd.Series([0.6, 0.9, 0.5], index=["b", "a", "c"])
    f = sota_frontier([2020.0, 2020.0, 2019.0], s)
    assert f.index.tolist() == ["c", "b", "a"]
    assert f["record"].tolist() == [True, True, True]
    tie = sota_frontier([1, 2], [0.5, 0.5])
    assert tie["record"].tolist() == [True, False]  # matching a record is not a record


def test_dates_become_decimal_calendar_years():
    f = sota_frontier(pd.to_datetime(["2020-01-01", "2021-07-02"]), [0.1, 0.2])
    np.testing.assert_allclose(f["year"], [2020.0, 2021.5], atol=2 / 365)


@pytest.mark.parametrize("times, scores, match", [
    ([1, 2], [0.1], "one entry per result"),
    ([1, np.nan], [0.1, 0.2], "missing"),
    ([1, 2], [0.1, np.nan], "NaN"),
    ([[1, 2]], [[0.1, 0.2]], "one-dimensional"),
    (pd.to_datetime(["2020-01-01", None]), [0.1, 0.2], "missing"),
])
def test_frontier_bad_input(times, scores, match):
    with pytest.raises(ValueError, match=match):
        sota_frontier(times, scores)


def test_frontier_rejects_unreadable_times():
    with pytest.raises(TypeError, match="dates or numbers"):
        sota_frontier(["soon", "later"], [0.1, 0.2])


def test_normalised_progress_is_kiela_scale():
    # defining points: -1 at the initial score, 0 at the human baseline, linear between
    h, s0 = 0.956, 0.40
    assert normalised_progress(s0, human=h, initial=s0) == pytest.approx(-1.0)
    assert normalised_progress(h, human=h, initial=s0) == pytest.approx(0.0)
    mid = (h + s0) / 2
    assert normalised_progress(mid, human=h, initial=s0) == pytest.approx(-0.5)
    # beyond human: as far above as the initial score was below -> +1
    assert normalised_progress(2 * h - s0, human=h, initial=s0) == pytest.approx(1.0)


def test_normalised_progress_for_error_rates_rises_with_improvement():
    err = np.array([0.30, 0.175, 0.05, 0.0])
    out = normalised_progress(err, human=0.05, initial=0.30, higher_is_better=False)
    np.testing.assert_allclose(out, [-1.0, -0.5, 0.0, 0.2])


@pytest.mark.parametrize("kwargs, match", [
    (dict(human=0.5, initial=0.5), "no progress"),
    (dict(human=0.5, initial=0.7), "started beyond human"),
    (dict(human=0.5, initial=0.2, higher_is_better=False), "higher_is_better=True"),
    (dict(human=np.nan, initial=0.2), "finite"),
])
def test_normalised_progress_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        normalised_progress([0.6], **kwargs)


def test_time_to_threshold_reached_and_censored():
    t, s = [2019.0, 2020.0, 2021.5, 2022.0], [0.5, 0.8, 0.97, 0.6]
    c = time_to_threshold(t, s, 0.956, labels=["a", "b", "c", "d"])
    assert (c.reached, c.years, c.crossing_year, c.label) == (True, 2.5, 2021.5, "c")
    assert c.observed_years == 3.0
    late = time_to_threshold(t, s, 0.99)
    assert not late.reached and np.isnan(late.years) and late.observed_years == 3.0
    exact = time_to_threshold(t, s, 0.8)  # reaching counts, beating is not needed
    assert exact.years == 1.0


def test_time_to_threshold_from_a_start_date():
    dates = pd.to_datetime(["2020-01-01", "2022-01-01"])
    c = time_to_threshold(dates, [0.5, 0.9], 0.9, start="2019-01-01")
    assert c.years == pytest.approx(3.0, abs=2 / 365)
    with pytest.raises(ValueError, match="after the first result"):
        time_to_threshold(dates, [0.5, 0.9], 0.9, start="2023-01-01")
    with pytest.raises(ValueError, match="finite"):
        time_to_threshold(dates, [0.5, 0.9], float("nan"))


def test_time_to_threshold_lower_is_better():
    c = time_to_threshold([1.0, 2.0, 4.0], [0.3, 0.2, 0.04], 0.05, higher_is_better=False)
    assert c.reached and c.years == 3.0


def test_saturation_times_matches_time_to_threshold_per_benchmark():
    df = pd.DataFrame({"benchmark": ["a", "a", "b", "b", "b"],
                       "release_date": [2019.0, 2020.0, 2019.0, 2020.0, 2021.0],
                       "score": [0.5, 0.9, 0.1, 0.2, np.nan]})
    out = saturation_times(df, {"a": 0.9, "b": 0.5}, starts={"b": 2018.0})
    assert out.loc["a", "years"] == 1.0 and out.loc["a", "n_results"] == 2
    assert not out.loc["b", "reached"] and out.loc["b", "observed_years"] == 2.0
    assert out.loc["b", "n_results"] == 2  # the row without a score is dropped
    with pytest.raises(KeyError, match="no results for benchmark"):
        saturation_times(df, {"c": 0.5})
    with pytest.raises(KeyError, match="lack the column"):
        saturation_times(df.drop(columns="score"), {"a": 0.5})
