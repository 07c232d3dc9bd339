"""analysis.saturation.trajectories: Ott et al.'s prototypes and the classification."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.saturation import PROTOTYPES, classify_trajectory, prototype_curves


def test_prototypes_follow_their_defining_functions():
    u = np.linspace(0, 1, 11)
    p = prototype_curves(u)
    np.testing.assert_allclose(p["linear"], u)
    x = 1 + 49 * u  # early saturation: -1/x on [1, 50], min-max scaled
    np.testing.assert_allclose(p["early saturation"], (-1 / x + 1) / (1 - 1 / 50))
    x = -50 + 49 * u  # breakthrough: -1/x on [-50, -1]
    np.testing.assert_allclose(p["stagnation, then breakthrough"], (-1 / x - 1 / 50) / (1 - 1 / 50))
    assert list(p.columns) == list(PROTOTYPES)


def test_prototypes_bad_input():
    with pytest.raises(ValueError, match="relative times"):
        prototype_curves([0.0, 1.5])


@pytest.mark.parametrize("name", list(PROTOTYPES))
def test_a_trajectory_shaped_like_a_prototype_gets_its_label(name):
    t = np.linspace(2015, 2022, 12)
    u = (t - t[0]) / (t[-1] - t[0])
    shape = prototype_curves(u)[name].to_numpy()
    scores = 0.3 + 0.6 * shape + np.arange(12) * 1e-6  # strictly increasing: all records
    out = classify_trajectory(t, scores)
    assert out["label"] == name and out["n_records"] == 12
    assert out[f"distance: {name}"] == pytest.approx(0.0, abs=1e-4)


def test_lower_is_better_trajectory_is_flipped():
    t = np.arange(10.0)
    err = 1 / (t + 1)  # error falls fast, then slowly: early saturation
    assert classify_trajectory(t, err, higher_is_better=False)["label"] == "early saturation"


def test_short_and_flat_trajectories():
    assert classify_trajectory([1, 2], [0.1, 0.2])["label"] == "too short"
    assert classify_trajectory([1, 1, 1], [0.1, 0.2, 0.3])["label"] == "flat"
