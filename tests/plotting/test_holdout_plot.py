"""The reuse figure draws the mean over runs of each series."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from analysis.holdout import reuse_experiment
from analysis.plotting import reuse_curves


def test_lines_are_means_over_runs():
    out = reuse_experiment(np.random.default_rng(0), n=400, d=400, k=[0, 10, 40], n_runs=4)
    ax = reuse_curves(out, labels={"fresh": "fresh data"})
    lines = {line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")}
    assert set(lines) == {"train", "holdout", "fresh data"}
    expected = out[out["set"] == "holdout"].groupby("k")["accuracy"].mean()
    np.testing.assert_allclose(lines["holdout"].get_ydata(), expected.to_numpy())


def test_missing_columns_are_named():
    with pytest.raises(KeyError, match="run"):
        reuse_curves(pd.DataFrame({"k": [1], "set": ["a"], "accuracy": [0.5]}))
