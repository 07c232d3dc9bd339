"""Detection rates from labelled scores in another order are aligned by model label."""

import numpy as np
import pandas as pd
import pytest

from analysis.risk import bootstrap_detection, threshold_detection

MEASURED = pd.Series([0.1, 0.5, 0.6, 0.9, 0.3], index=list("abcde"))
DEPLOYED = pd.Series([0.2, 0.7, 0.6, 0.95, 0.65], index=list("abcde"))


def test_threshold_detection_aligns_on_model_labels():
    out = threshold_detection(MEASURED, DEPLOYED.iloc[::-1], 0.6).iloc[0]
    present = DEPLOYED >= 0.6          # b, c, d, e
    flagged = MEASURED >= 0.6          # c, d
    assert out["n_present"] == present.sum() == 4
    assert out["sensitivity"] == pytest.approx((present & flagged).sum() / present.sum())
    with pytest.raises(ValueError, match=r"\['e'\] only in measured"):
        threshold_detection(MEASURED, DEPLOYED.drop("e"), 0.6)


def test_bootstrap_detection_aligns_clusters_on_model_labels():
    clusters = pd.Series(["x", "x", "y", "y", "z"], index=list("abcde"))
    ordered = bootstrap_detection(MEASURED, DEPLOYED, 0.6, rng=np.random.default_rng(0),
                                  clusters=clusters.to_numpy(), n_boot=200)
    shuffled = bootstrap_detection(MEASURED, DEPLOYED.iloc[::-1], 0.6,
                                   rng=np.random.default_rng(0),
                                   clusters=clusters.iloc[[4, 2, 0, 3, 1]], n_boot=200)
    pd.testing.assert_frame_equal(ordered, shuffled)


def test_chain_outputs_refuses_missing_or_text_draws():
    from analysis.risk import chain_outputs, sample_beliefs

    samples = sample_beliefs("default", np.random.default_rng(0), n=50)
    holed = samples.copy()
    holed.iloc[3, 0] = np.nan
    with pytest.raises(ValueError, match=f"no NaN; columns \\['{samples.columns[0]}'\\]"):
        chain_outputs(holed, "default")
    with pytest.raises(ValueError, match="must hold numbers"):
        chain_outputs(samples.astype({samples.columns[1]: str}), "default")


def test_bayes_functions_align_labelled_series():
    from analysis.risk import likelihood_ratios, posterior_after, sensitivity_needed

    prior = pd.Series([0.1, 0.5], index=["x", "y"])
    sens = pd.Series([0.9, 0.5], index=["y", "x"])          # x: 0.5, y: 0.9
    p, s = prior.to_numpy(), np.array([0.5, 0.9])
    expected = (1 - s) * p / ((1 - s) * p + 0.9 * (1 - p))
    np.testing.assert_allclose(posterior_after(prior, sens, 0.1), expected)
    np.testing.assert_allclose(likelihood_ratios(sens.loc[["x", "y"]], pd.Series(
        [0.2, 0.1], index=["y", "x"]))[0], s / np.array([0.1, 0.2]))
    target = pd.Series([0.05, 0.01], index=["y", "x"])
    q = np.array([0.01, 0.05])                                # x, y
    k = (q / (1 - q)) / (p / (1 - p))                         # odds ratio, false alarm 0
    np.testing.assert_allclose(sensitivity_needed(prior, target), 1 - k)
    with pytest.raises(ValueError, match="same labels"):
        posterior_after(prior, sens.rename({"x": "z"}), 0.1)
