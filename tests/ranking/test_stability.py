"""Aggregation rules pinned to direct computations (scipy mid-ranks, Zhang & Hardt's win
rate written as loops), subset sensitivity pinned to re-aggregating each subset, and a
worked Borda example whose change probability is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

from analysis.ranking import aggregate_scores, irrelevant_model_sensitivity


@pytest.fixture
def board() -> pd.DataFrame:
    rng = np.random.default_rng(12)
    values = np.round(rng.random((9, 6)), 1)  # rounding makes ties
    return pd.DataFrame(values, index=[f"m{i}" for i in range(9)],
                        columns=[f"t{k}" for k in range(6)])


def _zhang_hardt_win_rate(values: np.ndarray) -> np.ndarray:
    """benchbench.utils.win_rate.WinningRate, then the mean over all models."""
    m, n = values.shape
    rate = np.zeros((m, m))
    for i in range(m):
        for j in range(m):
            won = total = 0
            for k in range(n):
                if not np.isnan(values[i, k]) and not np.isnan(values[j, k]):
                    total += 1
                    won += values[i, k] > values[j, k] and i != j
            rate[i, j] = won / total if total else 0
    return rate.mean(axis=1)


def test_rules_match_direct_computations(board):
    mean_rank = rankdata(-board.to_numpy(), method="average", axis=0).mean(axis=1)
    np.testing.assert_allclose(aggregate_scores(board, rule="mean_rank")["aggregate"], mean_rank)
    m, k = board.shape
    borda = aggregate_scores(board, rule="borda")["aggregate"]
    np.testing.assert_allclose(borda, k * (m - mean_rank))
    np.testing.assert_allclose(aggregate_scores(board, rule="mean")["aggregate"],
                               board.mean(axis=1))
    np.testing.assert_allclose(aggregate_scores(board, rule="win_rate")["aggregate"],
                               _zhang_hardt_win_rate(board.to_numpy()))
    ranks = aggregate_scores(board, rule="mean_rank")["rank"]
    np.testing.assert_array_equal(ranks, rankdata(mean_rank, method="min"))
    np.testing.assert_array_equal(aggregate_scores(board, rule="borda")["rank"], ranks)


def test_missing_values_and_direction(board):
    holes = board.copy()
    holes.iloc[0, 0] = holes.iloc[3, 2] = np.nan
    with pytest.raises(ValueError, match="missing='omit'"):
        aggregate_scores(holes, rule="borda")
    np.testing.assert_allclose(aggregate_scores(holes, rule="win_rate", missing="omit")["aggregate"],
                               _zhang_hardt_win_rate(holes.to_numpy()))
    mean_rank = np.nanmean(rankdata(-holes.to_numpy(), method="average", axis=0,
                                    nan_policy="omit"), axis=1)
    np.testing.assert_allclose(
        aggregate_scores(holes, rule="mean_rank", missing="omit")["aggregate"], mean_rank)
    flipped = board.assign(t0=-board["t0"])
    pd.testing.assert_frame_equal(aggregate_scores(flipped, rule="borda", lower_is_better=["t0"]),
                                  aggregate_scores(board, rule="borda"))


def test_subsets_match_reaggregating_each_subset(board):
    focus = ["m0", "m3", "m5"]
    for rule in ("borda", "mean_rank", "win_rate"):
        out = irrelevant_model_sensitivity(board, focus, rng=np.random.default_rng(1), rule=rule,
                                           n_subsets=40)
        full = aggregate_scores(board, rule=rule)["aggregate"]
        sign = -1 if rule == "mean_rank" else 1
        changed = []
        for kept in out.included:  # a loop in the test only: the reference computation
            models = focus + list(out.others[kept.astype(bool)])
            sub = aggregate_scores(board.loc[models], rule=rule)["aggregate"]
            pairs = [("m0", "m3"), ("m0", "m5"), ("m3", "m5")]
            changed.append([np.sign(sign * (sub[a] - sub[b])) != np.sign(sign * (full[a] - full[b]))
                            for a, b in pairs])
        changed = np.array(changed)
        np.testing.assert_allclose(out.pairs["change_rate"], changed.mean(axis=0))
        np.testing.assert_allclose(out.kendall_distance, changed.mean(axis=1))
        assert out.any_change_rate == changed.any(axis=1).mean()


def test_mean_score_is_immune_to_irrelevant_models(board):
    out = irrelevant_model_sensitivity(board, rng=np.random.default_rng(0), rule="mean",
                                       n_subsets=200)
    assert out.any_change_rate == 0.0
    assert len(out.pairs) == 1  # default focus: top fifth (at least 2) of 9 models


def test_worked_borda_example_recovers_known_rate():
    # a beats b on t1, t2; b wins t3 where c and d sit between b and a.
    # Alone: a 2, b 1. With c only (or d only): a 4, b 4 (tie). With both: a 6, b 7.
    board = pd.DataFrame({"t1": [4, 3, 2, 1], "t2": [4, 3, 2, 1], "t3": [1, 4, 3, 2]},
                         index=["a", "b", "c", "d"], dtype=float)
    out = irrelevant_model_sensitivity(board, ["a", "b"], rng=np.random.default_rng(2),
                                       n_subsets=4000, keep=0.5, reference="focus")
    row = out.pairs.iloc[0]
    assert row["reference_order"] == 1
    assert row["ci_low"] < 0.75 < row["ci_high"]  # P(at least one of c, d kept)
    assert abs(row["reversal_rate"] - 0.25) < 3 * np.sqrt(0.25 * 0.75 / 4000)
    everything = irrelevant_model_sensitivity(board, ["a", "b"], rng=np.random.default_rng(2),
                                              n_subsets=50, keep=2)
    assert everything.pairs["change_rate"].item() == 0.0  # the reference is the full board


def test_bad_input(board):
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="not in the scores: 'nobody'"):
        irrelevant_model_sensitivity(board, ["m0", "nobody"], rng=rng)
    with pytest.raises(ValueError, match="no other models"):
        irrelevant_model_sensitivity(board, list(board.index), rng=rng)
    with pytest.raises(ValueError, match="keep"):
        irrelevant_model_sensitivity(board, ["m0", "m1"], rng=rng, keep=1.5)
    with pytest.raises(ValueError, match="keep=20"):
        irrelevant_model_sensitivity(board, ["m0", "m1"], rng=rng, keep=20)
    with pytest.raises(TypeError, match="Generator"):
        irrelevant_model_sensitivity(board, ["m0", "m1"], rng=1)
    with pytest.raises(ValueError, match="rule"):
        aggregate_scores(board, rule="copeland")
    with pytest.raises(ValueError, match="unknown task"):
        aggregate_scores(board, lower_is_better=["speed"])
    with pytest.raises(ValueError, match="percentages"):
        aggregate_scores(board * 100, bounded=True)
    with pytest.raises(ValueError, match="appears twice"):
        aggregate_scores(pd.concat([board, board.iloc[:1]]))
