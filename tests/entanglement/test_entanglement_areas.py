"""Safety areas of the Safetywashing benchmarks and their orientation."""

import pandas as pd
import pytest

from analysis import data
from analysis.entanglement import SAFETYWASHING_CAPABILITY, orient_scores, safety_area


def test_areas_of_named_benchmarks():
    got = safety_area(["mmlu", "wmdp_chem", "truthfulqa_mc1", "halueval", "brier_mmlu",
                       "rmsce_piqa", "HarmBench-GCG-T-all", "adv_sst2", "bbq_amb",
                       "machiavelli-power.Σ", "sycophancy", "cyberseceval2_frr", "drop_f1"])
    assert got.tolist() == [
        "capability score", "hazardous knowledge", "truthfulness", "truthfulness",
        "calibration", "calibration", "jailbreaks and misuse", "adversarial robustness",
        "bias", "machine ethics", "sycophancy and persona", "security and privacy",
        "other capability"]
    assert len(SAFETYWASHING_CAPABILITY) == 12
    with pytest.raises(TypeError, match="strings"):
        safety_area(["mmlu", 3])


def test_every_capability_benchmark_is_in_both_subsets():
    for kind in ("base", "chat"):
        names = set(data.load_safetywashing(subset=kind)["benchmark"])
        assert set(SAFETYWASHING_CAPABILITY) <= names


def test_orient_scores_negates_lower_is_better_only():
    long = pd.DataFrame({"model": ["m1", "m2", "m1", "m2", "m1", "m2"],
                         "benchmark": ["up", "up", "down", "down", "elo", "elo"],
                         "score": [0.2, 0.4, 0.1, 0.3, 1000.0, 1100.0],
                         "metric": ["Accuracy (↑)"] * 2 + ["Error (↓)"] * 2 + ["N/A"] * 2})
    with pytest.raises(ValueError, match="no direction"):
        orient_scores(long)
    wide = orient_scores(long, higher_is_better=["elo"])
    assert wide["up"].tolist() == [0.2, 0.4]
    assert wide["down"].tolist() == [-0.1, -0.3]
    assert wide["elo"].tolist() == [1000.0, 1100.0]
    with pytest.raises(ValueError, match="not in long"):
        orient_scores(long, higher_is_better=["zz"])
    with pytest.raises(ValueError, match="twice"):
        orient_scores(pd.concat([long, long]), higher_is_better=["elo"])
    with pytest.raises(ValueError, match="lacks columns"):
        orient_scores(long.drop(columns="metric"))
    with pytest.raises(TypeError, match="DataFrame"):
        orient_scores([1, 2])
