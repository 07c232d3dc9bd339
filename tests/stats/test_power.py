"""Sample size, power, minimum detectable effect and design effect: pinned to their
formulas (Miller 2024, eq. 6; Kish's design effect), plus bad input."""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest
from scipy import stats as sps

from analysis import stats

Z95 = sps.norm.ppf(0.975)
power_module = importlib.import_module("analysis.stats.power")


def test_docstring_examples_run():
    assert doctest.testmod(power_module).failed == 0


def test_sample_size_factor_is_7_849():
    assert stats.sample_size_factor() == pytest.approx(7.849, abs=5e-4)
    assert stats.sample_size_factor(0.05, 0.8) == pytest.approx((Z95 + sps.norm.ppf(0.8)) ** 2)


def test_sample_size_power_and_mde_are_consistent():
    omega2, delta = 0.25, 0.03
    n = stats.required_sample_size(delta, omega2)
    assert n == int(np.ceil(stats.sample_size_factor() * omega2 / delta**2))
    assert stats.power(n, delta, omega2) >= 0.8 > stats.power(n - 1, delta, omega2)
    mde = stats.minimum_detectable_effect(n, omega2)
    assert mde == pytest.approx(np.sqrt(stats.sample_size_factor() * omega2 / n))
    assert stats.power(n, mde, omega2) == pytest.approx(0.8, abs=1e-5)
    assert stats.power(n, 0.0, omega2) == pytest.approx(0.05)


def test_power_functions_broadcast_and_validate():
    n = stats.required_sample_size(np.array([0.01, 0.02]), 0.2)
    assert n.shape == (2,) and n[0] > 3.9 * n[1]
    with pytest.raises(ValueError, match="delta must be positive"):
        stats.required_sample_size(0, 0.2)
    with pytest.raises(ValueError, match="alpha"):
        stats.power(100, 0.1, 0.2, alpha=1.5)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # Before: required_sample_size(1, 0.2) returned 2 items (delta typed in points).
        (lambda: stats.required_sample_size(1, 0.2), "percentage points.*0.01"),
        (lambda: stats.required_sample_size(3, 0.2), "percentage points"),
        (lambda: stats.power(1000, -2, 0.2), "percentage points"),
        (lambda: stats.minimum_detectable_effect(1000, 2500), "variance of percentages"),
        (lambda: stats.power(1000, 0.02, 0.2, alpha=5), "looks like a percentage"),
        (lambda: stats.required_sample_size(0.02, 0.2, power=80), "looks like a percentage"),
        (lambda: stats.required_sample_size(0.02, 0.2, power="0.8"), "number"),
    ],
)
def test_percentage_scale_is_caught(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_bounded_false_allows_other_scales():
    # A 1-point difference on a 0-100 scale with the matching variance is the same design.
    assert stats.required_sample_size(1, 2500, bounded=False) == stats.required_sample_size(0.01, 0.25)


def test_design_effect_formula_and_use():
    assert stats.design_effect(10, 0.1) == pytest.approx(1.9)
    assert stats.design_effect(1, 0.7) == 1
    np.testing.assert_allclose(stats.design_effect(np.array([5, 20]), 0.05), [1.2, 1.95])
    n_iid = stats.required_sample_size(0.03, 0.25)
    n_clustered = stats.required_sample_size(0.03, 0.25, design_effect=stats.design_effect(10, 0.1))
    assert n_clustered == int(np.ceil(stats.sample_size_factor() * 0.25 * 1.9 / 0.03**2))
    assert n_clustered > 1.89 * n_iid
    mde = stats.minimum_detectable_effect(n_clustered, 0.25, design_effect=1.9)
    assert stats.power(n_clustered, mde, 0.25, design_effect=1.9) == pytest.approx(0.8, abs=1e-5)


def test_design_effect_matches_clustered_se_for_exchangeable_clusters():
    # The clustered_se design effect estimates 1 + (m - 1) ICC: a large simulation with
    # m = 8 and ICC = 0.2 on a continuous score (fictional data).
    rng = np.random.default_rng(5)
    clusters, m, icc = 2000, 8, 0.2
    scores = (np.sqrt(icc) * rng.normal(size=clusters)[:, None]
              + np.sqrt(1 - icc) * rng.normal(size=(clusters, m))).ravel()
    out = stats.clustered_se(scores, np.repeat(np.arange(clusters), m), bounded=False)
    assert out["design_effect"].item() == pytest.approx(stats.design_effect(m, icc), rel=0.1)


@pytest.mark.parametrize(("m", "icc", "message"), [(0, 0.1, "at least 1"), (5, 1.5, "icc"),
                                                   (5, 20, "percentages"), (5, np.nan, "NaN")])
def test_design_effect_rejects_bad_input(m, icc, message):
    with pytest.raises(ValueError, match=message):
        stats.design_effect(m, icc)


@pytest.mark.parametrize("deff", [0, -1, np.nan])
def test_design_effect_argument_must_be_positive(deff):
    with pytest.raises(ValueError, match="design_effect must be positive"):
        stats.required_sample_size(0.02, 0.2, design_effect=deff)
