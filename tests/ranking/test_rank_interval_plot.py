"""rank_interval_plot: what it draws and what it refuses."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.plotting import rank_interval_plot
from analysis.ranking import bootstrap_rank_intervals


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _table():
    return pd.DataFrame({"rank": [2.0, 1.0, 3.0], "rank_ci_low": [1.0, 1.0, 2.0],
                         "rank_ci_high": [3.0, 2.0, 3.0]}, index=["b", "a", "c"])


def test_best_model_on_top_and_bars_span_the_interval():
    ax = rank_interval_plot(_table())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["c", "b", "a"]
    segments = ax.collections[0].get_segments()  # bottom to top: c, b, a
    spans = [(s[0][0], s[1][0]) for s in segments]
    assert spans == [(2.0, 3.0), (1.0, 3.0), (1.0, 2.0)]


def test_top_keeps_the_best_models(item_scores):
    out = bootstrap_rank_intervals(item_scores, rng=np.random.default_rng(0), n_resamples=200)
    ax = rank_interval_plot(out, top=2)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["m2", "m1"]


def test_two_methods_side_by_side_with_a_legend():
    ax = rank_interval_plot({"items": _table(), "published": _table()})
    assert len(ax.collections) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["items", "published"]


@pytest.mark.parametrize(
    ("table", "kwargs", "error", "message"),
    [
        (_table().drop(columns="rank_ci_low"), {}, ValueError, "rank_ci_low"),
        (_table().assign(rank=[1.0, np.nan, 3.0]), {}, ValueError, "NaN"),
        (_table(), {"top": 0}, ValueError, "top"),
        ({"x": _table(), "y": _table().iloc[:2]}, {}, ValueError, "other models"),
        ({}, {}, ValueError, "at least one"),
        ({"x": [1, 2]}, {}, TypeError, "DataFrame"),
    ],
)
def test_refuses_bad_tables(table, kwargs, error, message):
    with pytest.raises(error, match=message):
        rank_interval_plot(table, **kwargs)
