"""incidents.shares: counts by hand, Wilson's formula, statsmodels' Goodman intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import multinomial_proportions_confint

from analysis import incidents


def test_counts_and_wilson_formula():
    labels = ["AI"] * 6 + ["Human"] * 3 + ["Other"]
    out = incidents.category_shares(labels)
    assert out.index.tolist() == ["AI", "Human", "Other"]
    assert out["count"].tolist() == [6, 3, 1] and (out["n"] == 10).all()
    assert out["share"].tolist() == [0.6, 0.3, 0.1]
    z, n = stats.norm.ppf(0.975), 10
    k = np.array([6, 3, 1])
    centre = (k + z**2 / 2) / (n + z**2)
    half = z / (n + z**2) * np.sqrt(k * (n - k) / n + z**2 / 4)
    np.testing.assert_allclose(out["ci_low"], centre - half)
    np.testing.assert_allclose(out["ci_high"], centre + half)


def test_goodman_matches_statsmodels_and_is_wider():
    labels = ["a"] * 50 + ["b"] * 30 + ["c"] * 20
    out = incidents.category_shares(labels, method="goodman", confidence=0.9)
    reference = multinomial_proportions_confint([50, 30, 20], alpha=0.1, method="goodman")
    np.testing.assert_allclose(out[["ci_low", "ci_high"]].to_numpy(), reference)
    wilson = incidents.category_shares(labels, confidence=0.9)
    assert ((out["ci_high"] - out["ci_low"]) > (wilson["ci_high"] - wilson["ci_low"])).all()


def test_categories_order_and_empty_category():
    out = incidents.category_shares(pd.Series(["x", "y", "x"]), categories=["y", "x", "z"])
    assert out.index.tolist() == ["y", "x", "z"] and out["count"].tolist() == [1, 2, 0]
    assert out.loc["z", "ci_low"] == pytest.approx(0, abs=1e-12) and out.loc["z", "ci_high"] > 0


def test_missing_labels():
    labels = pd.Series(["x", None, "y", np.nan])
    with pytest.raises(ValueError, match="missing='omit'"):
        incidents.category_shares(labels)
    out = incidents.category_shares(labels, missing="omit")
    assert out["n"].iloc[0] == 2 and out["count"].sum() == 2


def test_bad_input():
    with pytest.raises(ValueError, match="not among the categories"):
        incidents.category_shares(["AI", "Humna"], categories=["AI", "Human", "Other"])
    with pytest.raises(ValueError, match="repeat"):
        incidents.category_shares(["AI"], categories=["AI", "AI"])
    with pytest.raises(ValueError, match="method"):
        incidents.category_shares(["AI"], method="exact")
    with pytest.raises(ValueError, match="percentage"):
        incidents.category_shares(["AI"], confidence=95)
    with pytest.raises(TypeError, match="single string"):
        incidents.category_shares("AI")
    with pytest.raises(ValueError, match="no labelled"):
        incidents.category_shares([None], missing="omit")
    with pytest.raises(ValueError, match="two categories"):
        incidents.category_shares(["AI", "AI"], method="goodman")
    with pytest.raises(ValueError, match="'raise' or 'omit'"):
        incidents.category_shares(["AI"], missing="keep")
