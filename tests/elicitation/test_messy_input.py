"""Researcher-style messy inputs: Series of the same models in another order, raw compute."""

import numpy as np
import pandas as pd
import pytest
from scipy.special import logit

from analysis.elicitation import (
    ceg_median_bounds,
    compute_equivalent_gain,
    family_fits,
    log_odds_change,
    score_change,
)

MODELS = list("abcdef")
BASE = pd.Series([0.2, 0.3, 0.4, 0.5, 0.6, 0.7], index=MODELS)
ELICITED = pd.Series([0.3, 0.3, 0.6, 0.5, 0.9, 0.8], index=MODELS)
FAMILY = pd.Series(list("xxxyyy"), index=MODELS)
X = pd.Series([21.0, 22.0, 23.0, 21.0, 22.0, 23.0], index=MODELS)


def test_score_change_aligns_series_on_model_labels():
    se_b = pd.Series([0.01, 0.01, 0.01, 0.01, 0.01, 0.2], index=MODELS)
    out = score_change(BASE, ELICITED.iloc[::-1], se_baseline=se_b.iloc[::-1], se_elicited=0.01)
    assert out.index.tolist() == MODELS
    np.testing.assert_allclose(out["change"], ELICITED.to_numpy() - BASE.to_numpy())
    np.testing.assert_allclose(out["se"], np.sqrt(se_b.to_numpy() ** 2 + 0.01 ** 2))
    with pytest.raises(ValueError, match=r"same labels: \[\] only in baseline, \['z'\] only in elicited"):
        score_change(BASE, pd.concat([ELICITED, pd.Series([0.5], index=["z"])]), n_items=100)
    with pytest.raises(ValueError, match="lists 'b' twice"):
        score_change(BASE, pd.concat([ELICITED.iloc[1:], ELICITED.iloc[:2]]), n_items=100)


def test_log_odds_change_aligns_series_on_model_labels():
    out = log_odds_change(BASE, ELICITED.sample(frac=1, random_state=2))
    np.testing.assert_allclose(out, logit(ELICITED.to_numpy()) - logit(BASE.to_numpy()))


def test_family_fits_and_ceg_align_series_on_model_labels():
    shuffled = [3, 1, 5, 0, 4, 2]
    fits = family_fits(X, BASE, FAMILY.iloc[shuffled])
    expected = family_fits(X.to_numpy(), BASE.to_numpy(), FAMILY.to_numpy())
    pd.testing.assert_frame_equal(fits, expected)
    slope, intercept = np.polyfit(X.iloc[:3], logit(BASE.iloc[:3]), 1)
    assert fits.loc["x", "slope"] == pytest.approx(slope)
    ceg = compute_equivalent_gain(fits, FAMILY, X.iloc[shuffled], ELICITED.iloc[::-1])
    ordered = compute_equivalent_gain(fits, FAMILY.to_numpy(), X.to_numpy(), ELICITED.to_numpy())
    pd.testing.assert_frame_equal(ceg, ordered)
    # model a (family x): log10 CEG = (logit(s') - intercept) / slope - log10 C
    assert np.log10(ceg.loc[0, "ceg"]) == pytest.approx(
        (logit(0.3) - intercept) / slope - 21.0)


def test_raw_compute_instead_of_its_log_is_refused():
    with pytest.raises(ValueError, match="raw compute, not its log10"):
        family_fits(10.0 ** X, BASE, FAMILY)


def test_ceg_median_bounds_aligns_kinds_on_labels():
    ceg = pd.Series([1.0, 2.0, 3.0], index=list("abc"))
    kind = pd.Series(["estimate", "estimate", "lower_bound"], index=list("cab"))
    # by label: a = 1 estimate, b = 2 lower bound, c = 3 estimate (by position: (2.0, 2.0))
    assert ceg_median_bounds(ceg, kind) == ceg_median_bounds(
        [1.0, 2.0, 3.0], ["estimate", "lower_bound", "estimate"]) == (2.0, 3.0)


def test_family_fits_of_no_model_is_refused():
    with pytest.raises(ValueError, match="are empty"):
        family_fits([], [], [])
