"""Weight sensitivity of a ranking by risk: pinned to direct computation on small tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

from analysis import audit

D = pd.DataFrame({"a": [0.1, 0.5, 0.9, 0.3], "b": [0.9, 0.4, 0.7, 0.2],
                  "c": [0.5, 0.45, 0.8, 0.6]}, index=["W", "X", "Y", "Z"])


def test_weighted_scores_is_the_matrix_product():
    w = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
    got = audit.weighted_scores(D, w)
    np.testing.assert_allclose(got.to_numpy(), w @ D.to_numpy().T)
    assert list(got.columns) == list(D.index)
    by_name = audit.weighted_scores(D, pd.Series({"c": 0.5, "a": 0.2, "b": 0.3}))
    np.testing.assert_allclose(by_name.to_numpy()[0], w[0] @ D.to_numpy().T)


def test_ranks_lowest_score_first_ties_share_the_better_rank():
    scores = pd.DataFrame([[0.3, 0.1, 0.3, 0.9]], columns=list("pqrs"))
    assert audit.risk_ranks(scores).iloc[0].tolist() == [2, 1, 2, 4]
    assert audit.risk_ranks(scores).iloc[0].tolist() == list(
        rankdata(scores.iloc[0], method="min").astype(int))


def test_dirichlet_weights_are_reproducible_and_on_the_simplex():
    w1 = audit.dirichlet_weights(4000, [2.0, 1.0, 1.0], rng=np.random.default_rng(5))
    w2 = audit.dirichlet_weights(4000, [2.0, 1.0, 1.0], rng=np.random.default_rng(5))
    pd.testing.assert_frame_equal(w1, w2)
    np.testing.assert_allclose(w1.sum(axis=1), 1.0)
    # Dirichlet mean alpha / sum(alpha) = (0.5, 0.25, 0.25); sd of a mean of 4,000 < 0.005
    np.testing.assert_allclose(w1.mean().to_numpy(), [0.5, 0.25, 0.25], atol=0.02)
    named = audit.dirichlet_weights(3, pd.Series([1.0, 1.0], index=["p", "q"]),
                                    rng=np.random.default_rng(0))
    assert list(named.columns) == ["p", "q"]


def test_rank_distribution_and_sensitivity_count_draws():
    w = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.4, 0.3, 0.3]])
    scores = w @ D.to_numpy().T
    ranks = rankdata(scores, method="min", axis=1)
    dist = audit.rank_distribution(D, w)
    for j, name in enumerate(D.index):
        for r in range(1, 5):
            assert dist.loc[name, r] == pytest.approx(np.mean(ranks[:, j] == r))
    np.testing.assert_allclose(dist.sum(axis=1), 1.0)
    sens = audit.rank_sensitivity(D, w)
    lowest = scores.argmin(axis=1)  # no ties in this table
    for j, name in enumerate(D.index):
        assert sens.loc[name, "p_riskiest"] == pytest.approx(np.mean(lowest == j))
        assert sens.loc[name, "p_top3"] == pytest.approx(np.mean(ranks[:, j] <= 3))
    assert sens["p_riskiest"].sum() == pytest.approx(1.0)


def test_ties_for_riskiest_share_the_draw():
    tied = pd.DataFrame({"a": [0.2, 0.2, 0.9]}, index=["p", "q", "r"])
    sens = audit.rank_sensitivity(tied, [[1.0]])
    assert sens.loc["p", "p_riskiest"] == 0.5 and sens.loc["q", "p_riskiest"] == 0.5


def test_dominated_benchmark_is_always_riskiest():
    d = D.copy()
    d.loc["V"] = [0.0, 0.0, 0.0]
    w = audit.dirichlet_weights(500, np.ones(3), rng=np.random.default_rng(1))
    w.columns = list("abc")
    assert audit.rank_sensitivity(d, w).loc["V", "p_riskiest"] == 1.0


def test_one_at_a_time_against_direct_renormalisation():
    base = np.array([0.5, 0.3, 0.2])
    t = audit.one_at_a_time(D, base, factors=[0.0, 1.0, 3.0])
    assert len(t) == 3 * 3 * len(D)
    assert (t.loc[t["factor"] == 1.0, "rank_change"] == 0).all()
    w = base.copy()
    w[1] *= 3.0
    w /= w.sum()
    direct = w @ D.to_numpy().T
    row = t[(t["dimension"] == "b") & (t["factor"] == 3.0)].set_index("benchmark")
    np.testing.assert_allclose(row.loc[D.index, "score"], direct)
    np.testing.assert_array_equal(row.loc[D.index, "rank"], rankdata(direct, method="min"))


@pytest.mark.parametrize("weights, match", [
    ([50, 30, 20], "percentages"),
    ([0.5, 0.5], "3 entries"),
    ([0.5, 0.4, 0.0], "sum to 1"),
    ([0.5, np.nan, 0.5], "NaN"),
    (pd.Series({"a": 0.5, "b": 0.5, "x": 0.0}), "indexed by the dimensions"),
])
def test_bad_weights(weights, match):
    with pytest.raises(ValueError, match=match):
        audit.weighted_scores(D, weights)


def test_bad_arguments():
    with pytest.raises(TypeError):
        audit.dirichlet_weights(10, [1, 1], rng=1)
    with pytest.raises(ValueError, match="positive"):
        audit.dirichlet_weights(10, [1, 0], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="n_draws"):
        audit.dirichlet_weights(0, [1, 1], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="percentages"):
        audit.weighted_scores(D * 100, [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="interval"):
        audit.rank_sensitivity(D, [[0.2, 0.3, 0.5]], interval=90)
    with pytest.raises(ValueError, match="non-negative"):
        audit.one_at_a_time(D, [0.2, 0.3, 0.5], factors=[-1.0])
    with pytest.raises(ValueError, match="all weights at zero"):
        audit.one_at_a_time(D, [1.0, 0.0, 0.0], factors=[0.0])
    with pytest.raises(ValueError, match="NaN"):
        audit.risk_ranks(pd.DataFrame([[0.1, np.nan]]))
