"""The D-study figure draws what GStudy.d_study_intervals computes."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from analysis.gtheory import g_study
from analysis.plotting import reliability_curves


@pytest.fixture(scope="module")
def study():
    rng = np.random.default_rng(0)
    m, t, r = np.meshgrid(np.arange(6), np.arange(40), np.arange(2), indexing="ij")
    y = rng.normal(size=6)[m] + rng.normal(size=40)[t] + 0.5 * rng.normal(size=(6, 40))[m, t]
    y = y + rng.normal(size=m.shape)
    return g_study(pd.DataFrame({"model": m.ravel(), "task": t.ravel(), "score": y.ravel()}))


def test_lines_are_the_d_study_coefficients(study):
    grid = np.array([5, 20, 80])
    ax = reliability_curves(study, grid, np.random.default_rng(1), runs=(1, 4), target=0.9)
    lines = [line for line in ax.get_lines() if line.get_label().endswith("task")]
    assert [line.get_label() for line in lines] == ["1 run per task", "4 runs per task"]
    for line, n_runs in zip(lines, (1, 4), strict=True):
        np.testing.assert_allclose(line.get_ydata(), study.d_study(grid, n_runs)["generalizability"])
    assert ax.get_xscale() == "log"


def test_bad_arguments_are_refused(study):
    with pytest.raises(ValueError, match="increasing"):
        reliability_curves(study, np.array([20, 5]), np.random.default_rng(1))
    with pytest.raises(ValueError, match="coefficient"):
        reliability_curves(study, np.array([5, 20]), np.random.default_rng(1), coefficient="alpha")
