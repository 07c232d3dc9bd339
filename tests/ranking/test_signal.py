"""Signal, noise, SNR and decision accuracy pinned to the authors' formulas
(allenai/signal-and-noise ``snr/metrics.py``, re-typed here as the reference) and to hand
computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.ranking import decision_accuracy, noise, signal, signal_to_noise_ratio


def _reference_snr(signal_scores, noise_scores):
    dispersion = np.max([np.abs(mj - mk) for mj in signal_scores for mk in signal_scores])
    return (dispersion / np.mean(signal_scores)) / (np.std(noise_scores) / np.mean(noise_scores))


def _reference_decision_accuracy(small, target):
    small, target = np.asarray(small), np.asarray(target)
    small_diffs = small[:, None] > small[None, :]
    target_diffs = target[:, None] > target[None, :]
    mask = np.triu(np.ones_like(small_diffs), k=1).astype(bool)
    return np.mean((small_diffs == target_diffs)[mask])


def test_hand_computed_values():
    assert signal([0.2, 0.3, 0.5]) == pytest.approx(0.3 / (1 / 3))
    assert noise([1.0, 3.0]) == pytest.approx(0.5)  # std 1 (ddof 0), mean 2
    assert signal_to_noise_ratio([0.2, 0.3, 0.5], [1.0, 3.0]) == pytest.approx(0.9 / 0.5)


def test_snr_matches_the_authors_formula():
    rng = np.random.default_rng(0)
    models = rng.uniform(0.3, 0.7, size=12)
    run = 0.5 + 0.01 * rng.normal(size=30)
    assert signal_to_noise_ratio(models, run) == pytest.approx(_reference_snr(models, run))
    mixes = 0.5 + 0.01 * rng.normal(size=(6, 8))  # runs x checkpoints: pooled, last 5
    assert signal_to_noise_ratio(models, mixes, last=5) == pytest.approx(
        _reference_snr(models, mixes[:, -5:].ravel()))
    assert noise(run, last=10) == pytest.approx(np.std(run[-10:]) / np.mean(run[-10:]))


def test_scale_free():
    models, run = np.array([0.4, 0.5, 0.7]), np.array([0.5, 0.52, 0.49])
    assert signal_to_noise_ratio(100 * models, 100 * run) == pytest.approx(
        signal_to_noise_ratio(models, run))


def test_decision_accuracy_matches_reference_and_handles_ties():
    rng = np.random.default_rng(1)
    small = np.round(rng.random(15), 1)  # ties
    target = np.round(small + 0.2 * rng.normal(size=15), 1)
    assert decision_accuracy(small, target) == pytest.approx(
        _reference_decision_accuracy(small, target))
    untied_s, untied_t = rng.random(10), rng.random(10)
    values = {t: decision_accuracy(untied_s, untied_t, ties=t) for t in ("reference", "half", "drop")}
    assert len(set(values.values())) == 1
    assert decision_accuracy(untied_s, untied_s) == 1.0
    assert decision_accuracy(untied_s, -untied_s) == 0.0
    # a pair tied at the small scale: half credit, or left out
    s, t = [0.3, 0.3, 0.5], [0.4, 0.6, 0.7]
    assert decision_accuracy(s, t, ties="half") == pytest.approx((0.5 + 1 + 1) / 3)
    assert decision_accuracy(s, t, ties="drop") == 1.0
    assert decision_accuracy(s, t) == 1.0  # reference: (False == False) counts as agreement
    # ... but as disagreement when the first model of the tied pair is ahead at the target
    assert decision_accuracy(s, [0.6, 0.4, 0.7]) == pytest.approx(2 / 3)


def test_decision_accuracy_aligns_by_label_in_sorted_order():
    small = pd.Series([0.30, 0.32, 0.35, 0.31], index=["d", "b", "c", "a"])
    target = pd.Series([0.56, 0.55, 0.60, 0.50], index=["d", "b", "c", "a"])
    ordered = small.sort_index(), target.sort_index()
    assert decision_accuracy(small, target.sample(frac=1, random_state=0)) == pytest.approx(
        _reference_decision_accuracy(*ordered))
    with pytest.raises(ValueError, match="only in target: 'e'"):
        decision_accuracy(small, pd.concat([target, pd.Series({"e": 0.1})]))
    assert decision_accuracy(small, pd.concat([target, pd.Series({"e": 0.1})]),
                             missing="intersect") == pytest.approx(4 / 6)


def test_bad_input():
    with pytest.raises(ValueError, match="NaN"):
        signal([0.1, np.nan, 0.3])
    with pytest.raises(ValueError, match="positive"):
        signal([-0.5, -0.2])
    with pytest.raises(ValueError, match="at least 2"):
        noise([0.5])
    with pytest.raises(ValueError, match="last=40"):
        noise(np.ones(30) * 0.5, last=40)
    with pytest.raises(ValueError, match="infinite"):
        signal_to_noise_ratio([0.4, 0.6], [0.5, 0.5])
    with pytest.raises(ValueError, match="1-D or 2-D"):
        noise(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="ties"):
        decision_accuracy([1, 2], [1, 2], ties="ignore")
    with pytest.raises(ValueError, match="different lengths"):
        decision_accuracy([1, 2, 3], [1, 2])
