"""The chain model (analysis.risk.chain): the combination rules against hand-derived values,
the Monte Carlo against the closed-form product under point-mass beliefs, determinism,
common random numbers, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import risk


def _point(preset: str = "default", **centres: float):
    """Every belief of a preset made certain (point mass at its central value)."""
    beliefs = risk.get_beliefs(preset)
    changes = {b.name: {"family": "point"} for b in beliefs}
    for name, value in centres.items():
        changes[name] = {"family": "point", "centre": value}
    return risk.update_beliefs(beliefs, changes)


def test_combine_failures_by_hand():
    p = np.array([0.1, 0.25, 0.4])
    assert risk.combine_failures(p, "independent") == pytest.approx(0.9 * 0.75 * 0.6)
    assert risk.combine_failures(p, "shared_cause") == pytest.approx(0.6)
    assert risk.combine_failures(p, "exclusive") == pytest.approx(1 - 0.75)
    # the exclusive form stops at zero when the failures add up to more than one
    assert risk.combine_failures(np.array([0.6, 0.7]), "exclusive") == 0.0


def test_combine_failures_are_the_frechet_bounds_and_independence_lies_between():
    rng = np.random.default_rng(3)
    p = rng.random((500, 5))
    low = risk.combine_failures(p, "exclusive")
    mid = risk.combine_failures(p, "independent")
    high = risk.combine_failures(p, "shared_cause")
    assert (low <= mid + 1e-12).all() and (mid <= high + 1e-12).all()
    # a single failure mode: all three agree
    one = p[:, :1]
    for mode in risk.COMBINE_MODES:
        np.testing.assert_allclose(risk.combine_failures(one, mode), 1 - one[:, 0])


def test_combine_failures_independent_matches_a_simulation_of_independent_events():
    rng = np.random.default_rng(11)
    p = np.array([0.2, 0.3, 0.1])
    events = rng.random((200_000, 3)) < p
    assert (~events.any(axis=1)).mean() == pytest.approx(risk.combine_failures(p), abs=0.004)


def test_time_share_formula():
    share = risk.time_share(np.array([200.0, 100.0]), np.array([1.0, 3.0]), np.array([400.0, 200.0]))
    np.testing.assert_allclose(share, [0.5, 1.0])


def test_point_mass_beliefs_give_the_closed_form_exactly():
    beliefs = _point()
    c = {b.name: b.centre for b in beliefs}
    out = risk.simulate_chain(beliefs, np.random.default_rng(0), n=50).outputs
    understanding = [c[k] for k in ("beyond_system", "real_world_reveals", "scary_demos_suffice",
                                    "elicitation_gap", "entanglement", "thresholds_not_understanding")]
    p_u = math.prod(1 - x for x in understanding)
    share = min(1.0, c["margin_doublings"] * c["doubling_days"] / c["days_needed"])
    p_m_u = (1 - c["lab_reneges"]) * (1 - c["government_declines"]) * share * (1 - c["culture_unchanged"])
    harm = sum(c[k] for k in ("weaponization", "opportunity_cost", "safety_washing", "lab_leak",
                              "delayed_catastrophe"))
    np.testing.assert_allclose(out["p_understanding"], p_u, rtol=1e-12)
    np.testing.assert_allclose(out["p_mitigation_given_understanding"], p_m_u, rtol=1e-12)
    np.testing.assert_allclose(out["p_mitigation"], p_u * p_m_u, rtol=1e-12)
    np.testing.assert_allclose(out["net_value"], c["benefit"] * p_u * p_m_u - harm, rtol=1e-12)


def test_point_mass_shared_cause_and_exclusive_by_hand():
    beliefs = _point(margin_doublings=10.0, lab_reneges=0.1)  # time is no constraint: share = 1
    c = {b.name: b.centre for b in beliefs}
    u = [0.3, 0.3, 0.2, 0.25, 0.2, 0.3]  # the default means of Section 2, as in the presets
    assert [c[k] for k in ("beyond_system", "real_world_reveals", "scary_demos_suffice",
                           "elicitation_gap", "entanglement", "thresholds_not_understanding")] == u
    shared = risk.simulate_chain(beliefs, np.random.default_rng(0), n=5, combine="shared_cause").outputs
    assert shared["p_understanding"].iloc[0] == pytest.approx(1 - 0.3)
    assert shared["p_mitigation_given_understanding"].iloc[0] == pytest.approx(1 - 0.4)
    exclusive = risk.simulate_chain(beliefs, np.random.default_rng(0), n=5, combine="exclusive").outputs
    assert exclusive["p_understanding"].iloc[0] == pytest.approx(max(0.0, 1 - sum(u)))
    assert exclusive["p_mitigation_given_understanding"].iloc[0] == pytest.approx(1 - 0.1 - 0.4 - 0.3)


def test_monte_carlo_mean_matches_the_product_of_independent_beta_means():
    # With independent beliefs, E[prod(1 - p_i)] = prod(1 - E[p_i]): a check of the sampler.
    beliefs = risk.update_beliefs("default", margin_doublings={"family": "point", "centre": 50.0})
    r = risk.simulate_chain(beliefs, np.random.default_rng(5), n=200_000)
    means = {b.name: b.mean for b in beliefs}
    expected = math.prod(1 - means[k] for k in ("beyond_system", "real_world_reveals",
                                                  "scary_demos_suffice", "elicitation_gap",
                                                  "entanglement", "thresholds_not_understanding"))
    assert r.summary()["p_understanding"] == pytest.approx(expected, rel=0.01)


def test_sampled_beliefs_follow_their_distributions():
    from scipy import stats

    s = risk.sample_beliefs("default", np.random.default_rng(2), n=20_000)
    lab = next(b for b in risk.get_beliefs() if b.name == "lab_reneges")
    a, b = lab.centre * lab.spread, (1 - lab.centre) * lab.spread
    assert stats.kstest(s["lab_reneges"], "beta", args=(a, b)).pvalue > 0.001
    ben = next(b for b in risk.get_beliefs() if b.name == "benefit")
    logs = np.log(s["benefit"])
    assert logs.mean() == pytest.approx(math.log(ben.centre), abs=0.03)
    assert logs.std() == pytest.approx(ben.spread, rel=0.03)


def test_same_seed_same_result_and_different_seed_differs():
    a = risk.simulate_chain("default", np.random.default_rng(7), n=3000)
    b = risk.simulate_chain("default", np.random.default_rng(7), n=3000)
    c = risk.simulate_chain("default", np.random.default_rng(8), n=3000)
    pd.testing.assert_frame_equal(a.outputs, b.outputs)
    assert not a.outputs.equals(c.outputs)


def test_raising_the_chance_a_lab_honours_commitments_raises_p_mitigation_draw_by_draw():
    # The documented direction of Chapter 12: a lab likelier to honour its commitments
    # (lab_reneges lower) gives a higher P(mitigation), draw by draw under common random numbers.
    base = risk.get_beliefs("default")
    honour = risk.update_beliefs(base, lab_reneges=0.1)
    u = np.random.default_rng(4).random((5000, len(base)))
    before = risk.simulate_chain(base, None, uniforms=u).outputs
    after = risk.simulate_chain(honour, None, uniforms=u).outputs
    assert (after["p_mitigation"] >= before["p_mitigation"] - 1e-15).all()
    assert after["p_mitigation"].mean() > before["p_mitigation"].mean()
    np.testing.assert_array_equal(after["p_understanding"], before["p_understanding"])
    for mode in risk.COMBINE_MODES:
        b = risk.simulate_chain(base, None, uniforms=u, combine=mode).summary()
        a = risk.simulate_chain(honour, None, uniforms=u, combine=mode).summary()
        assert a["p_mitigation"] >= b["p_mitigation"]


def test_presets_are_ordered():
    p = {name: risk.simulate_chain(name, np.random.default_rng(1), n=4000).summary()
         for name in risk.PRESETS}
    assert p["optimist"]["p_mitigation"] > p["default"]["p_mitigation"] > p["sceptic"]["p_mitigation"]
    assert (p["optimist"]["expected_net_value"] > p["default"]["expected_net_value"]
            > p["sceptic"]["expected_net_value"])


@pytest.mark.parametrize("bad", [[0.1, 1.2], [-0.1, 0.2], [0.1, np.nan]])
def test_combine_failures_refuses_bad_probabilities(bad):
    with pytest.raises(ValueError):
        risk.combine_failures(np.array(bad))


def test_unknown_combine_mode():
    with pytest.raises(ValueError, match="unknown combine"):
        risk.simulate_chain("default", np.random.default_rng(0), n=10, combine="noisy")
    with pytest.raises(ValueError, match="unknown combine"):
        risk.combine_failures(np.array([0.1]), "weakest")


def test_bad_uniforms_and_rng():
    with pytest.raises(ValueError, match="shape"):
        risk.sample_beliefs("default", None, uniforms=np.zeros((5, 3)))
    with pytest.raises(TypeError):
        risk.simulate_chain("default", 42, n=10)


def test_time_share_refuses_non_positive():
    with pytest.raises(ValueError, match="positive"):
        risk.time_share(np.array([0.0]), np.array([1.0]), np.array([1.0]))
