"""Generalization gaps: how accuracy on one test set predicts accuracy on another.

Lines of one accuracy on another across models, on a linear, logit or probit scale, with
bootstrap bands (:func:`fit_line`; Recht et al. 2019, Miller et al. 2021); effective
robustness above a baseline line (:func:`effective_robustness`; Taori et al. 2020); and
the easy/hard mixture model that explains why the line of a harder replication set has a
slope above one (:func:`mixture_line`; Recht et al. 2018); and the shifts of the ImageNet
testbed, with the baseline-model rule and every shift's line fitted at once
(:func:`fit_shifts`, :func:`effective_robustness_table`; Taori et al. 2020).

Accuracies are fractions in ``[0, 1]``; per-model inputs are aligned on model labels
when they are pandas Series.

Example
-------
>>> from analysis.generalization import fit_line
>>> fit = fit_line([0.6, 0.7, 0.8, 0.9], [0.40, 0.53, 0.67, 0.83], scale="probit", n_boot=0)
>>> fit.slope > 1
True
"""

from .contamination import (
    FAMILY_RULES,
    GSM1K_SIZE,
    GSM8K_TEST_SIZE,
    gap_correlation,
    gap_table,
    inflated_score,
    model_family,
    simulate_contamination,
)
from .difficulty import MixtureFit, difficulty_distribution, fit_mixture, item_difficulty
from .lines import LineFit, effective_robustness, fit_line
from .memorization import (
    INPUT_SETTINGS,
    RandomizationTest,
    corrupt_labels,
    digits,
    gaussian_inputs,
    memorizing_mlp,
    randomization_test,
    shuffle_pixels,
    train_until_fit,
)
from .mixture import mixture_line
from .replication import drop_table, paired_gains, rank_preservation, rank_shifts
from .shifts import (
    TESTBED_SHIFTS,
    baseline_models,
    classify_settings,
    effective_robustness_table,
    fit_shifts,
    synthetic_averages,
)
from .transforms import SCALES, from_scale, paired_accuracies, to_scale

__all__ = [
    "INPUT_SETTINGS",
    "RandomizationTest",
    "corrupt_labels",
    "digits",
    "gaussian_inputs",
    "memorizing_mlp",
    "randomization_test",
    "shuffle_pixels",
    "train_until_fit",
    "FAMILY_RULES",
    "GSM1K_SIZE",
    "GSM8K_TEST_SIZE",
    "gap_correlation",
    "gap_table",
    "inflated_score",
    "model_family",
    "simulate_contamination",
    "SCALES",
    "TESTBED_SHIFTS",
    "LineFit",
    "MixtureFit",
    "difficulty_distribution",
    "drop_table",
    "baseline_models",
    "classify_settings",
    "effective_robustness_table",
    "fit_shifts",
    "synthetic_averages",
    "effective_robustness",
    "fit_line",
    "fit_mixture",
    "from_scale",
    "item_difficulty",
    "mixture_line",
    "paired_accuracies",
    "paired_gains",
    "rank_preservation",
    "rank_shifts",
    "to_scale",
]
