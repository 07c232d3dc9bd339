"""Threshold evaluations under an elicitation gap: exceedance shares and trigger scores against
direct counts and quantiles, on both scales; bad input."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit, logit

from analysis.elicitation import exceedance_probability, log_odds_change, trigger_score


def test_exceedance_counts_gaps():
    gaps = np.array([-0.05, 0.0, 0.02, 0.1, 0.3])
    measured = np.array([0.3, 0.48, 0.5, 0.6])
    out = exceedance_probability(measured, gaps, 0.5)
    expected = [(m + gaps >= 0.5 - 1e-12).mean() for m in measured]
    np.testing.assert_allclose(out, expected)
    assert out[-1] == 1.0 or out[-1] == pytest.approx((0.6 + gaps >= 0.5).mean())


def test_exceedance_on_the_logit_scale():
    gaps = np.array([0.0, 0.5, 1.0, 2.0])
    out = exceedance_probability([0.2], gaps, 0.4, scale="logit")
    assert out[0] == pytest.approx((logit(0.2) + gaps >= logit(0.4)).mean())


def test_trigger_score_is_the_threshold_minus_a_gap_quantile():
    rng = np.random.default_rng(0)
    gaps = rng.normal(0.05, 0.05, 200)
    trig = trigger_score([0.5, 0.7], gaps, coverage=0.9)
    np.testing.assert_allclose(trig, np.array([0.5, 0.7]) - np.quantile(gaps, 0.9))
    # a model measured just below the trigger crosses the threshold for at most 10% of gaps
    assert exceedance_probability(trig[:1] - 1e-9, gaps, 0.5)[0] <= 0.1 + 1e-9
    trig_l = trigger_score(0.5, gaps, coverage=0.9, scale="logit")
    np.testing.assert_allclose(trig_l, expit(logit(0.5) - np.quantile(gaps, 0.9)))


def test_log_odds_change():
    np.testing.assert_allclose(log_odds_change([0.2, 0.5], [0.4, 0.5]), [logit(0.4) - logit(0.2), 0.0])
    assert np.isfinite(log_odds_change([0.0], [1.0])).all()   # clipped


def test_bad_input():
    with pytest.raises(ValueError, match="percentages"):
        exceedance_probability([40.0], [0.1, 0.2], 0.5)
    with pytest.raises(ValueError, match="percentages"):
        trigger_score(50, [0.1, 0.2])
    with pytest.raises(ValueError, match="at least two"):
        trigger_score(0.5, [0.1])
    with pytest.raises(ValueError, match="NaN"):
        exceedance_probability([0.4], [0.1, np.nan], 0.5)
    with pytest.raises(ValueError, match="coverage"):
        trigger_score(0.5, [0.1, 0.2], coverage=90)
    with pytest.raises(ValueError, match="scale"):
        trigger_score(0.5, [0.1, 0.2], scale="percent")
    with pytest.raises(ValueError, match="one value per model"):
        log_odds_change([0.2, 0.3], [0.4])
