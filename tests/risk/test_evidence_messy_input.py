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
