"""analysis.risk.evidence: Bayes' rule for an evaluation read as a diagnostic test.

Expected values are written out by hand from Bayes' rule on worked numbers: the mammography
problem of Gigerenzer & Hoffrage (1995; prevalence 1%, sensitivity 80%, false-positive rate
9.6%, answer 7.8%) and Gigerenzer's later version (0.8%, 90%, 7%: about 7 of 77 positives,
9%).
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from analysis.risk import (
    bootstrap_detection,
    gap_sensitivity,
    likelihood_ratios,
    posterior_after,
    sensitivity_needed,
    threshold_detection,
)

# --- Bayes' rule on worked examples --------------------------------------------------


def test_mammography_flag_is_bayes_rule_by_hand():
    by_hand = 0.01 * 0.80 / (0.01 * 0.80 + 0.99 * 0.096)
    assert posterior_after(0.01, 0.80, 0.096, outcome="flag") == pytest.approx(by_hand, rel=1e-12)
    assert round(by_hand, 3) == 0.078  # the published answer, 7.8%


def test_mammography_pass_is_bayes_rule_by_hand():
    by_hand = 0.01 * 0.20 / (0.01 * 0.20 + 0.99 * 0.904)
    assert posterior_after(0.01, 0.80, 0.096, outcome="pass") == pytest.approx(by_hand, rel=1e-12)


def test_natural_frequencies_version():
    # 8 of 1,000 have it; 7 of them test positive; about 70 of the 992 others do too.
    value = posterior_after(0.008, 0.90, 0.07, outcome="flag")
    assert value == pytest.approx(0.0072 / (0.0072 + 0.992 * 0.07), rel=1e-12)
    assert 0.08 < value < 0.10  # "about 9%", 7 of 77


def test_posterior_odds_are_prior_odds_times_likelihood_ratio():
    prior, s, f = 0.3, 0.7, 0.1
    lr_flag, lr_pass = likelihood_ratios(s, f)
    assert lr_flag == pytest.approx(7.0)
    assert lr_pass == pytest.approx(0.3 / 0.9)
    for outcome, lr in (("flag", lr_flag), ("pass", lr_pass)):
        post = posterior_after(prior, s, f, outcome=outcome)
        assert post / (1 - post) == pytest.approx(prior / (1 - prior) * lr, rel=1e-12)


def test_outcomes_average_back_to_the_prior():
    # Law of total probability: E[posterior] = prior.
    prior, s, f = np.array([0.05, 0.4, 0.9]), 0.6, 0.2
    p_flag = s * prior + f * (1 - prior)
    mean = (p_flag * posterior_after(prior, s, f, "flag")
            + (1 - p_flag) * posterior_after(prior, s, f, "pass"))
    np.testing.assert_allclose(mean, prior, rtol=1e-12)


# --- limits and symmetry ----------------------------------------------------------------


def test_perfect_sensitivity_makes_a_pass_conclusive():
    assert posterior_after(0.3, 1.0, 0.05, outcome="pass") == 0.0


def test_no_false_alarms_makes_a_flag_conclusive():
    assert posterior_after(0.01, 0.2, 0.0, outcome="flag") == 1.0
    lr_flag, _ = likelihood_ratios(0.2, 0.0)
    assert lr_flag == np.inf


def test_uninformative_evaluation_leaves_the_prior():
    priors = np.linspace(0, 1, 11)
    for outcome in ("pass", "flag"):
        np.testing.assert_allclose(posterior_after(priors, 0.3, 0.3, outcome=outcome), priors)


def test_swapping_roles_is_symmetric():
    # Relabelling present <-> absent and flag <-> pass swaps sensitivity with 1 - false_alarm.
    prior, s, f = 0.2, 0.7, 0.1
    a = posterior_after(prior, s, f, outcome="flag")
    b = posterior_after(1 - prior, 1 - f, 1 - s, outcome="pass")
    assert a == pytest.approx(1 - b, rel=1e-12)


def test_dogmatic_priors_do_not_move():
    assert posterior_after(0.0, 0.8, 0.1, outcome="flag") == 0.0
    assert posterior_after(1.0, 0.8, 0.1, outcome="pass") == 1.0


def test_impossible_outcome_gives_nan():
    assert np.isnan(posterior_after(1.0, 1.0, 0.1, outcome="pass"))
    assert np.isnan(posterior_after(0.5, 0.0, 0.0, outcome="flag"))
    lr_flag, _ = likelihood_ratios(0.0, 0.0)
    assert np.isnan(lr_flag)


def test_pass_evidence_is_weak_when_sensitivity_is_low():
    # The asymmetry: with low sensitivity a pass barely moves the prior, a flag moves it far.
    prior = 0.3
    after_pass = posterior_after(prior, 0.1, 0.02, outcome="pass")
    after_flag = posterior_after(prior, 0.1, 0.02, outcome="flag")
    assert prior - after_pass < 0.05
    assert after_flag - prior > 0.3


# --- broadcasting ---------------------------------------------------------------------


def test_broadcasting_over_priors_and_sensitivities():
    priors = np.linspace(0.01, 0.99, 5)[:, None]
    sens = np.array([0.2, 0.5, 0.9])[None, :]
    out = posterior_after(priors, sens, 0.05, outcome="pass")
    assert out.shape == (5, 3)
    for i in range(5):
        for j in range(3):
            p, s = priors[i, 0], sens[0, j]
            assert out[i, j] == pytest.approx((1 - s) * p / ((1 - s) * p + 0.95 * (1 - p)))
    lr_flag, lr_pass = likelihood_ratios(sens, np.array([[0.01], [0.1]]))
    assert lr_flag.shape == lr_pass.shape == (2, 3)


def test_scalar_inputs_give_python_floats():
    assert isinstance(posterior_after(0.5, 0.5, 0.1), float)
    assert isinstance(sensitivity_needed(0.5, 0.1), float)


# --- sensitivity needed -----------------------------------------------------------------


def test_sensitivity_needed_inverts_bayes_rule():
    prior, target, f = np.array([0.2, 0.5, 0.8]), 0.05, 0.03
    s = sensitivity_needed(prior, target, f)
    np.testing.assert_allclose(posterior_after(prior, s, f, outcome="pass"), target, rtol=1e-10)
    assert sensitivity_needed(0.5, 0.1) == pytest.approx(1 - 1 / 9)


def test_sensitivity_needed_limits():
    assert sensitivity_needed(0.3, 0.0) == 1.0
    assert sensitivity_needed(0.0, 0.1) == 0.0
    assert sensitivity_needed(0.3, 0.5) == 0.0  # target above prior: nothing needed
    assert sensitivity_needed(1.0, 0.5) == 1.0


# --- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize("name, args", [
    ("prior", (1.2, 0.5, 0.1)), ("sensitivity", (0.5, -0.1, 0.1)), ("false_alarm", (0.5, 0.5, 2)),
])
def test_probabilities_outside_unit_interval_are_refused(name, args):
    with pytest.raises(ValueError, match=name):
        posterior_after(*args)


def test_percentages_get_a_hint():
    with pytest.raises(ValueError, match="percentages"):
        posterior_after(30, 0.5, 0.1)


def test_nan_is_refused():
    with pytest.raises(ValueError, match="NaN"):
        posterior_after(np.array([0.1, np.nan]), 0.5, 0.1)
    with pytest.raises(ValueError, match="NaN"):
        likelihood_ratios(np.nan, 0.1)


def test_strings_are_refused():
    with pytest.raises(TypeError, match="prior"):
        posterior_after("0.3", 0.5, 0.1)


def test_unknown_outcome_names_the_terminology():
    with pytest.raises(ValueError, match="'flag'"):
        posterior_after(0.3, 0.5, 0.1, outcome="fail")
    with pytest.raises(ValueError, match="pass"):
        posterior_after(0.3, 0.5, 0.1, outcome="negative")


# --- empirical sensitivity of a threshold evaluation ---------------------------------------


MEASURED = np.array([0.05, 0.30, 0.55, 0.62, 0.20, 0.71, 0.45])
DEPLOYED = np.array([0.10, 0.65, 0.60, 0.80, 0.52, 0.70, 0.45])


def test_threshold_detection_counts_by_hand():
    out = threshold_detection(MEASURED, DEPLOYED, [0.5, 0.7])
    # t = 0.5: present = deployed >= 0.5 -> models 1, 2, 3, 4, 5; flagged among them: 2, 3, 5.
    # t = 0.7: present -> 3, 5; flagged (measured >= 0.7) among them: 5. Absent flagged: none.
    assert out["n_present"].tolist() == [5, 2]
    assert out["n_detected"].tolist() == [3, 1]
    np.testing.assert_allclose(out["sensitivity"], [3 / 5, 1 / 2])
    assert out["n_false_alarm"].tolist() == [0, 0]
    assert out["false_alarm"].tolist() == [0, 0]


def test_false_alarms_when_measured_exceeds_deployed():
    out = threshold_detection([0.6, 0.2], [0.4, 0.8], 0.5)
    assert out["false_alarm"].iloc[0] == 1.0 and out["sensitivity"].iloc[0] == 0.0


def test_no_model_above_threshold_gives_nan_sensitivity():
    out = threshold_detection(MEASURED, DEPLOYED, 0.95)
    assert out["n_present"].iloc[0] == 0 and np.isnan(out["sensitivity"].iloc[0])


def test_detection_bad_input():
    with pytest.raises(ValueError, match="same length"):
        threshold_detection([0.1, 0.2], [0.3], 0.5)
    with pytest.raises(ValueError, match="NaN"):
        threshold_detection([0.1, np.nan], [0.3, 0.4], 0.5)
    with pytest.raises(ValueError, match="percentages"):
        threshold_detection([10, 20], [30, 40], 0.5)
    with pytest.raises(ValueError, match="threshold"):
        threshold_detection([0.1], [0.3], 50)


def test_bootstrap_point_estimates_match_and_intervals_cover_them():
    rng = np.random.default_rng(3)
    out = bootstrap_detection(MEASURED, DEPLOYED, [0.5, 0.7], rng=rng, n_boot=500)
    point = threshold_detection(MEASURED, DEPLOYED, [0.5, 0.7])
    pd.testing.assert_frame_equal(out[point.columns], point)
    assert (out["sensitivity_low"] <= out["sensitivity"]).all()
    assert (out["sensitivity"] <= out["sensitivity_high"]).all()


def test_bootstrap_replicates_follow_a_hand_resample():
    # One replicate, checked against resampling the models with the same draws by hand.
    seed = 11
    out = bootstrap_detection(MEASURED, DEPLOYED, 0.5, rng=np.random.default_rng(seed), n_boot=1,
                              confidence=0.5)
    idx = np.random.default_rng(seed).integers(0, MEASURED.size, size=(1, MEASURED.size))[0]
    m, d = MEASURED[idx], DEPLOYED[idx]
    expected = ((m >= 0.5) & (d >= 0.5)).sum() / (d >= 0.5).sum()
    assert out["sensitivity_low"].iloc[0] == pytest.approx(expected)


def test_bootstrap_is_reproducible_and_clusters_resample_whole_families():
    families = ["a", "a", "b", "b", "c", "c", "d"]
    one = bootstrap_detection(MEASURED, DEPLOYED, 0.5, rng=np.random.default_rng(5),
                              clusters=families, n_boot=300)
    two = bootstrap_detection(MEASURED, DEPLOYED, 0.5, rng=np.random.default_rng(5),
                              clusters=families, n_boot=300)
    pd.testing.assert_frame_equal(one, two)
    # With every model in its own cluster the cluster bootstrap is the model bootstrap.
    own = bootstrap_detection(MEASURED, DEPLOYED, 0.5, rng=np.random.default_rng(5),
                              clusters=list("abcdefg"), n_boot=300)
    plain = bootstrap_detection(MEASURED, DEPLOYED, 0.5, rng=np.random.default_rng(5), n_boot=300)
    pd.testing.assert_frame_equal(own, plain)


def test_bootstrap_bad_input():
    with pytest.raises(TypeError, match="Generator"):
        bootstrap_detection(MEASURED, DEPLOYED, 0.5, rng=1)
    with pytest.raises(ValueError, match="one label per model"):
        bootstrap_detection(MEASURED, DEPLOYED, 0.5, rng=np.random.default_rng(0), clusters=["a"])
    with pytest.raises(ValueError, match="missing"):
        bootstrap_detection(MEASURED, DEPLOYED, 0.5, rng=np.random.default_rng(0),
                            clusters=["a", None, "b", "b", "c", "c", "d"])
    with pytest.raises(ValueError, match="confidence"):
        bootstrap_detection(MEASURED, DEPLOYED, 0.5, rng=np.random.default_rng(0), confidence=95)


# --- sensitivity from the gap distribution ----------------------------------------------------


def test_gap_sensitivity_is_the_empirical_cdf():
    gaps = np.array([0.3, -0.01, 0.1, 0.2, 0.1])
    margins = np.array([-0.1, 0.0, 0.1, 0.25, 1.0])
    expected = [(gaps <= m).mean() for m in margins]
    np.testing.assert_allclose(gap_sensitivity(margins, gaps), expected)


def test_gap_sensitivity_agrees_with_threshold_detection():
    # A model `margin` above the threshold is flagged iff its gap <= margin.
    gaps = np.array([0.0, 0.05, 0.12, 0.3])
    threshold, margin = 0.5, 0.1
    deployed = np.full(gaps.size, threshold + margin)
    out = threshold_detection(deployed - gaps, deployed, threshold)
    assert out["sensitivity"].iloc[0] == pytest.approx(gap_sensitivity(margin, gaps))


def test_gap_sensitivity_bad_input():
    with pytest.raises(ValueError, match="finite"):
        gap_sensitivity(0.1, [0.1, np.nan])
    with pytest.raises(ValueError, match="1-D"):
        gap_sensitivity(0.1, [])


# --- the figure -------------------------------------------------------------------------------


def test_posterior_curves_draw_bayes_rule():
    from analysis.plotting import posterior_curves

    axes = posterior_curves([0.2, 0.9], false_alarm=0.05)
    assert len(axes) == 2
    lines = [ln for ln in axes[0].get_lines() if ln.get_label() == "sensitivity 20%"]
    assert len(lines) == 1
    x, y = lines[0].get_xdata(), lines[0].get_ydata()
    np.testing.assert_allclose(y, 0.8 * x / (0.8 * x + 0.95 * (1 - x)))


def test_detection_plot_draws_the_estimates():
    from analysis.plotting import detection_plot

    out = bootstrap_detection(MEASURED, DEPLOYED, [0.3, 0.5, 0.7], rng=np.random.default_rng(0),
                              n_boot=100)
    ax = detection_plot({"weak": out})
    line = [ln for ln in ax.get_lines() if ln.get_label() == "weak"][0]
    np.testing.assert_allclose(line.get_ydata(), out["sensitivity"])
    with pytest.raises(KeyError, match="sensitivity_low"):
        detection_plot({"weak": out.drop(columns="sensitivity_low")})
