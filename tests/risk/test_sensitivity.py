"""Sensitivity analysis of the chain (analysis.risk.sensitivity): the tornado's ordering and
the variance-based index on constructed cases with known answers, recommendations, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import risk


def _certain_except(*uncertain: str, preset: str = "default"):
    beliefs = risk.get_beliefs(preset)
    return risk.update_beliefs(beliefs, {b.name: {"family": "point"} for b in beliefs
                                         if b.name not in uncertain})


def test_tornado_on_a_constructed_case_puts_the_widest_belief_first():
    # Only two beliefs are uncertain; the benefit is far wider than a harm of the same
    # size, so it must come first, and every certain belief has zero swing.
    beliefs = risk.update_beliefs(_certain_except("benefit", "lab_leak"),
                                  benefit={"spread": 1.5}, lab_leak={"spread": 0.1})
    t = risk.tornado(beliefs, np.random.default_rng(0), n=4000)
    assert list(t.index[:2]) == ["benefit", "lab_leak"]
    assert (t["swing"].iloc[2:] == 0).all()
    # With the benefit fixed at its percentile and all else certain, the output is exact:
    c = {b.name: b for b in beliefs}
    p_m = risk.simulate_chain(beliefs, np.random.default_rng(0), n=10).outputs["p_mitigation"].iloc[0]
    harm_mean = risk.sample_beliefs(beliefs, np.random.default_rng(0), n=4000)[
        ["weaponization", "opportunity_cost", "safety_washing", "lab_leak", "delayed_catastrophe"]
    ].sum(axis=1).mean()
    expected_high = c["benefit"].quantile(0.9) * p_m - harm_mean
    assert t.loc["benefit", "output_high"] == pytest.approx(expected_high, rel=1e-9)


def test_tornado_signs_for_p_mitigation():
    t = risk.tornado("default", np.random.default_rng(1), n=3000, output="p_mitigation")
    # a higher failure probability lowers P(mitigation); a wider margin raises it
    assert t.loc["lab_reneges", "output_high"] < t.loc["lab_reneges", "output_low"]
    assert t.loc["margin_doublings", "output_high"] > t.loc["margin_doublings", "output_low"]
    assert t.loc["benefit", "swing"] == 0  # the benefit does not enter P(mitigation)
    assert t.attrs["baseline"] == pytest.approx(
        risk.simulate_chain("default", np.random.default_rng(1), n=3000).summary()["p_mitigation"])


def test_first_order_index_on_a_known_additive_case():
    # net value = benefit x p - harm with everything certain but two harms: the output is
    # the sum of two independent lognormals, whose first-order indices are their shares
    # of the variance (and add to one).
    beliefs = risk.update_beliefs(_certain_except("opportunity_cost", "weaponization"),
                                  opportunity_cost={"spread": 0.5}, weaponization={"spread": 0.5,
                                                                                   "centre": 0.5})
    r = risk.simulate_chain(beliefs, np.random.default_rng(3), n=40_000)
    g = risk.global_sensitivity(r, output="net_value", bins=40)
    var = {name: (c.centre**2) * (np.exp(0.25) - 1) * np.exp(0.25)
           for name, c in {b.name: b for b in beliefs}.items()
           if name in ("opportunity_cost", "weaponization")}
    total = sum(var.values())
    for name, v in var.items():
        assert g.loc[name, "first_order"] == pytest.approx(v / total, abs=0.03)
    assert g.drop(index=list(var))["first_order"].max() < 0.01
    assert g.loc["opportunity_cost", "spearman"] < 0


def test_recommendation_effects_are_zero_when_nothing_is_uncertain_and_moved_beliefs_matter():
    r = risk.recommendation_effects("default", np.random.default_rng(0), n=2000)
    assert set(r.index) == set(range(1, 13))
    # recommendation 8 only lowers the opportunity cost: P(mitigation) is unchanged and the
    # net value rises by the change in the mean opportunity cost
    assert r.loc[8, "d_p_mitigation"] == 0
    assert r.loc[8, "d_expected_net_value"] > 0
    # recommendation 1 only lowers lab_reneges: P(mitigation) rises
    assert r.loc[1, "d_p_mitigation"] > 0


def test_recommendation_8_adds_the_opportunity_cost_saving_exactly():
    beliefs = _certain_except()
    r = risk.recommendation_effects(beliefs, np.random.default_rng(0), n=10)
    cost = {b.name: b for b in beliefs}["opportunity_cost"].centre
    assert r.loc[8, "d_expected_net_value"] == pytest.approx(cost * 0.3)


def test_compare_presets_uses_common_random_numbers():
    runs = risk.compare_presets(np.random.default_rng(0), n=500)
    again = risk.compare_presets(np.random.default_rng(0), n=500)
    for name in risk.PRESETS:
        pd.testing.assert_frame_equal(runs[name].outputs, again[name].outputs)


def test_bad_input():
    with pytest.raises(ValueError, match="unknown output"):
        risk.tornado("default", np.random.default_rng(0), n=100, output="value")
    with pytest.raises(ValueError, match="need 0 < low < high"):
        risk.tornado("default", np.random.default_rng(0), n=100, low=0.9, high=0.1)
    with pytest.raises(ValueError):
        risk.tornado("default", np.random.default_rng(0), n=100, low=10, high=90)
    r = risk.simulate_chain("default", np.random.default_rng(0), n=30)
    with pytest.raises(ValueError, match="2 draws per bin"):
        risk.global_sensitivity(r, bins=20)
    with pytest.raises(ValueError, match="unknown output"):
        risk.global_sensitivity(r, output="value")
    with pytest.raises(ValueError, match="unknown preset"):
        risk.compare_presets(np.random.default_rng(0), n=10, presets=["hopeful"])


def test_recommendation_effects_equal_a_full_rerun_with_the_same_draws():
    r = risk.recommendation_effects("default", np.random.default_rng(9), n=3000)
    base = risk.simulate_chain("default", np.random.default_rng(9), n=3000).summary()
    effects = risk.recommendations_table().loc[11, "effects"]
    moved = risk.simulate_chain(risk.apply_recommendation("default", effects),
                                np.random.default_rng(9), n=3000).summary()
    assert r.loc[11, "d_p_mitigation"] == pytest.approx(moved["p_mitigation"] - base["p_mitigation"],
                                                        rel=1e-9, abs=1e-15)
    assert r.loc[11, "d_expected_net_value"] == pytest.approx(
        moved["expected_net_value"] - base["expected_net_value"], rel=1e-9)
