"""Anchor items, their held-out error, and the bootstrap over models."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import optimize
from scipy.special import expit

from analysis.data import response_matrix
from analysis.irt import (
    anchor_cross_validation,
    bootstrap_items,
    choose_anchors,
    fit_irt,
    predict_scores,
    simulate_responses,
    summarise_anchor_errors,
)


@pytest.fixture(scope="module")
def bench():
    x, truth = simulate_responses(120, 300, rng=np.random.default_rng(31))
    return x, fit_irt(x.iloc[:100])


@pytest.mark.parametrize("method", ["cluster", "stratified", "random"])
def test_anchors_are_distinct_fitted_items_with_weights_summing_to_one(bench, method):
    _, fit = bench
    anchors = choose_anchors(fit, 12, rng=np.random.default_rng(0), method=method)
    assert len(anchors) == 12 and anchors.index.is_unique
    assert anchors.index.isin(fit.items.index).all()
    assert anchors["weight"].sum() == pytest.approx(1)
    again = choose_anchors(fit, 12, rng=np.random.default_rng(0), method=method)
    assert anchors.equals(again)  # reproducible from the generator


def test_stratified_anchors_take_one_item_per_difficulty_stratum(bench):
    _, fit = bench
    anchors = choose_anchors(fit, 3, rng=np.random.default_rng(0), method="stratified")
    order = fit.items["p_correct"].sort_values(kind="stable").index
    strata = [set(s) for s in np.array_split(order.to_numpy(), 3)]
    assert [sum(a in s for a in anchors.index) for s in strata] == [1, 1, 1]
    np.testing.assert_allclose(anchors["weight"], [len(s) / 300 for s in strata])


def test_predictions_are_pinned_to_their_formulas(bench):
    x, fit = bench
    anchors = choose_anchors(fit, 10, rng=np.random.default_rng(2))
    new = x.iloc[100:]
    y = new[anchors.index].to_numpy()
    mean = predict_scores(fit, new, anchors, method="mean")
    p = y.mean(axis=1)
    np.testing.assert_allclose(mean["estimate"], p)
    np.testing.assert_allclose(mean["se"], np.sqrt(p * (1 - p) / 10 * (1 - 10 / 300)))
    weighted = predict_scores(fit, new, anchors, method="anchor")
    np.testing.assert_allclose(weighted["estimate"], y @ anchors["weight"].to_numpy())
    irt = predict_scores(fit, new, anchors, method="irt", ability_prior="standard")
    pirt = predict_scores(fit, new, anchors, method="pirt", ability_prior="standard")
    from analysis.irt import estimate_abilities

    theta = estimate_abilities(fit, new[anchors.index])["theta"].to_numpy()
    prob = expit(np.outer(theta, fit.a) + fit.d)
    np.testing.assert_allclose(irt["estimate"], prob.mean(axis=1), rtol=1e-6)
    pos = fit.items.index.get_indexer(anchors.index)
    expected = (prob.sum(axis=1) - prob[:, pos].sum(axis=1) + y.sum(axis=1)) / 300
    np.testing.assert_allclose(pirt["estimate"], expected, rtol=1e-6)
    # a plain array is read in the anchors' order
    np.testing.assert_allclose(
        predict_scores(fit, y, anchors, ability_prior="standard")["estimate"], irt["estimate"])
    # the default prior is a normal with the fitted models' ability mean and SD: with it,
    # the MAP gradient sum_j a_j (y_j - P_j) - (theta - m) / s^2 vanishes
    est = predict_scores(fit, new, anchors)["estimate"].to_numpy()
    m, s = fit.abilities["theta"].mean(), fit.abilities["theta"].std()
    a_k, d_k = fit.a[pos], fit.d[pos]
    for i in range(3):
        t = optimize.brentq(lambda t, i=i: (a_k * (y[i] - expit(a_k * t + d_k))).sum()
                            - (t - m) / s**2, -10, 10)
        assert est[i] == pytest.approx(expit(fit.a * t + fit.d).mean(), rel=1e-6)
    # a model above every fitted one is flagged
    top = pd.DataFrame([np.ones(len(anchors))], columns=anchors.index)
    assert predict_scores(fit, top, anchors, ability_prior="weak")["extrapolated"].item()
    assert not irt["extrapolated"].any()
    with pytest.raises(ValueError, match="ability_prior"):
        predict_scores(fit, new, anchors, ability_prior="flat")


def test_dropped_constant_items_count_at_their_value():
    x, _ = simulate_responses(60, 40, rng=np.random.default_rng(4))
    x["always"] = 1.0
    fit = fit_irt(x)
    anchors = choose_anchors(fit, 40, rng=np.random.default_rng(0), method="random")
    est = predict_scores(fit, x, anchors, method="anchor")
    np.testing.assert_allclose(est["estimate"], x.mean(axis=1))


def test_anchor_errors_are_refused_clearly(bench):
    x, fit = bench
    anchors = choose_anchors(fit, 5, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="lack"):
        predict_scores(fit, x.drop(columns=anchors.index[0]), anchors)
    with pytest.raises(ValueError, match="does not know"):
        predict_scores(fit, x, anchors.rename(index={anchors.index[0]: "zzz"}))
    with pytest.raises(ValueError, match="method"):
        predict_scores(fit, x, anchors, method="gp-irt")
    with pytest.raises(ValueError, match="exceeds"):
        choose_anchors(fit, 1000, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="Generator"):
        choose_anchors(fit, 5, rng=0)
    with pytest.raises(ValueError, match="groups"):
        anchor_cross_validation(x, 5, rng=np.random.default_rng(0), groups=[1, 2])


def test_irt_beats_random_items_on_held_out_models_when_the_model_holds():
    x, _ = simulate_responses(150, 400, rng=np.random.default_rng(9))
    groups = np.repeat(np.arange(50), 3)
    cv = anchor_cross_validation(x, 15, rng=np.random.default_rng(1), groups=groups,
                                 n_folds=3, n_random=10)
    # whole groups are held out together
    assert (cv.groupby("group")["fold"].nunique() == 1).all()
    assert set(cv["model"]) == set(x.index)
    summary = summarise_anchor_errors(cv)
    assert summary.loc["irt", "mae"] < summary.loc["random", "mae"]
    assert summary.loc["random", "n_groups"] == 50
    # binomial expectation for the random subset: E|error| ~ sqrt(2/pi) sqrt(p(1-p)/n)
    assert summary.loc["random", "mae"] == pytest.approx(np.sqrt(2 / np.pi * 0.2 / 15), rel=0.35)


def test_summary_is_pinned():
    table = pd.DataFrame({"method": ["irt"] * 4, "group": [0, 0, 1, 1],
                          "error": [0.01, -0.03, 0.02, 0.0], "abs_error": [0.01, 0.03, 0.02, 0.0]})
    row = summarise_anchor_errors(table).loc["irt"]
    assert row["mae"] == pytest.approx(0.015)
    assert row["bias"] == pytest.approx(0.0)
    assert row["se_mae"] == pytest.approx(np.std([0.02, 0.01], ddof=1) / np.sqrt(2))
    with pytest.raises(ValueError, match="columns"):
        summarise_anchor_errors(table.drop(columns="group"))


def test_cross_validation_on_nlu_irt_holds_out_base_models():
    m = response_matrix("nlu-irt", test_set="rte")
    cv = anchor_cross_validation(m, 20, rng=np.random.default_rng(0), groups="base_model",
                                 n_folds=3, n_random=5)
    assert cv["group"].nunique() == m.models["base_model"].nunique()
    assert (cv.groupby("group")["fold"].nunique() == 1).all()
    summary = summarise_anchor_errors(cv)
    assert (summary["mae"] < 0.2).all()


def test_bootstrap_intervals_cover_the_truth_and_are_reproducible():
    t = np.random.default_rng(8).standard_normal(300)
    x, truth = simulate_responses(300, 15, rng=np.random.default_rng(7),
                                  theta=(t - t.mean()) / t.std())  # the fit's N(0, 1) scale
    ci = bootstrap_items(x, rng=np.random.default_rng(1), n_boot=40)
    again = bootstrap_items(x, rng=np.random.default_rng(1), n_boot=40)
    pd.testing.assert_frame_equal(ci, again)
    assert (ci["n_boot"] == 40).all()
    assert ((ci["difficulty_low"] <= ci["difficulty"]) & (ci["difficulty"] <= ci["difficulty_high"])).all()
    fit = fit_irt(x)
    # the bootstrap SE is close to the information-based one for a (the SD of b = -d/a
    # has heavier tails where a is small)
    np.testing.assert_allclose(ci["se_discrimination_boot"], fit.items["se_discrimination"],
                               rtol=0.4)
    assert 0.8 < np.median(ci["se_difficulty_boot"] / fit.items["se_difficulty"]) < 1.5
    covered = (ci["difficulty_low"] <= truth["difficulty"]) & (truth["difficulty"] <= ci["difficulty_high"])
    assert covered.mean() >= 0.8
    with pytest.raises(TypeError, match="Generator"):
        bootstrap_items(x, rng=None)
    with pytest.raises(ValueError, match="n_boot"):
        bootstrap_items(x, rng=np.random.default_rng(0), n_boot=1)
