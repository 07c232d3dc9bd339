"""Our values for the claims of Chapter 9 (accuracy on the line), computed from the testbed.

Taori et al. (2020) and Miller et al. (2021) state their findings in words; the readings
fixed here turn each into a number:

* **Counts.** The paper evaluates 204 models in 213 settings; the results table of the
  testbed (a later version) is counted directly.
* **Baseline.** Effective robustness is measured against the logit line of the testbed's
  baseline models (:func:`analysis.generalization.baseline_models`: standard training,
  no ``aws``/``batch64``/``subsample`` re-runs, reference accuracy at least 55% on the
  shift's own reference column), as in the testbed's plotting code.
* **Natural shifts.** Taori et al. group the natural shifts into dataset shifts,
  consistency shifts and adversarially filtered ones; the claims about interventions read
  "natural shifts" as the *dataset* shifts of :data:`analysis.generalization.TESTBED_SHIFTS`
  (ImageNetV2 matched frequency, ObjectNet, the anchor frames of ImageNet-Vid-Robust and
  YTBB-Robust), the family their headline comparison is about. A model's effective
  robustness on them is its mean over the four (over those it was evaluated on).
* **Models compared.** Non-baseline models with ImageNet accuracy of at least 55% (the
  range in which the line was fitted), by the testbed's natural-shift model types
  ("Robustness intervention" merges the Lp-adversarially robust and the other
  interventions). A model *has* effective robustness when its mean exceeds one percentage
  point: smaller gains are within the scatter of standard models around their own line.
* **Transfer from synthetic shifts.** The slope of a least-squares line of the
  intervention models' dataset-shift effective robustness on their effective robustness
  on the average corruption (the testbed's ``avg_corruptions``): the share of a
  synthetic-shift gain that shows up on natural shifts. "Little or not at all" reads as a
  slope of at most 0.25.
* **Probit against linear.** Miller et al.: on probit axes the relation is linear. Read as:
  on every natural shift, the probit line explains at least as much variance (R², each on
  its own scale) as a line on raw accuracies.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .. import data, generalization

__all__ = [
    "MIN_ACCURACY",
    "THRESHOLD",
    "DATASET_SHIFTS",
    "accuracies",
    "model_types",
    "baseline",
    "line_fits",
    "effective_robustness",
    "model_summary",
    "n_settings",
    "n_models",
    "share_interventions_robust",
    "more_data_minus_interventions",
    "synthetic_transfer_slope",
    "probit_minus_linear_r2",
]

MIN_ACCURACY = 0.55  #: reference accuracy of the models that enter a line (testbed rule)
THRESHOLD = 0.01  #: effective robustness (fraction) that counts as having some
#: The dataset shifts (Taori et al.'s family), the natural shifts of the intervention claims.
DATASET_SHIFTS: tuple[str, ...] = tuple(
    generalization.TESTBED_SHIFTS.index[generalization.TESTBED_SHIFTS["family"] == "dataset"]
    .drop(["imagenetv2-threshold-0.7-format-val", "imagenetv2-top-images-format-val"]))


@cache
def accuracies() -> pd.DataFrame:
    """Models x settings (fractions) with the testbed's synthetic averages joined. Do not
    modify."""
    wide = data.load_imagenet_testbed(wide=True)
    return wide.join(generalization.synthetic_averages(wide))


@cache
def model_types() -> pd.DataFrame:
    """``model_type`` and ``nat_shift_model_type`` of every model of :func:`accuracies`."""
    types = data.load_imagenet_testbed_model_types().set_index("model")
    return types.loc[accuracies().index, ["model_type", "nat_shift_model_type"]]


@cache
def baseline() -> pd.Series:
    """The testbed's baseline models without the accuracy threshold (it is applied per
    shift, on the shift's reference column)."""
    return generalization.baseline_models(accuracies(), model_types()["model_type"], min_accuracy=0)


@cache
def line_fits(scale: str = "probit", n_boot: int = 0, seed: int = 0) -> pd.DataFrame:
    """:func:`analysis.generalization.fit_shifts` of every catalogued shift on the baseline
    models (bootstrap with ``numpy.random.default_rng(seed)`` when ``n_boot > 0``)."""
    rng = np.random.default_rng(seed) if n_boot else None
    return generalization.fit_shifts(accuracies(), models=baseline(), min_x=MIN_ACCURACY,
                                     scale=scale, rng=rng, n_boot=n_boot)


@cache
def effective_robustness() -> pd.DataFrame:
    """Models x shifts effective robustness (logit baseline lines, fractions)."""
    return generalization.effective_robustness_table(accuracies(), baseline=baseline(),
                                                     min_x=MIN_ACCURACY, scale="logit")


@cache
def model_summary() -> pd.DataFrame:
    """One row per model with ImageNet accuracy of at least 55%: ``val``, ``type`` (the
    natural-shift model type), ``baseline``, ``dataset_er`` (mean over
    :data:`DATASET_SHIFTS`), ``corruption_er`` and ``pgd_er``, and ``robust``
    (``dataset_er > THRESHOLD``)."""
    er = effective_robustness()
    out = pd.DataFrame({
        "val": accuracies()["val"],
        "type": model_types()["nat_shift_model_type"],
        "baseline": baseline(),
        "dataset_er": er[list(DATASET_SHIFTS)].mean(axis=1),
        "corruption_er": er["avg_corruptions"],
        "pgd_er": er["avg_pgd"],
    })
    out = out[out["val"] >= MIN_ACCURACY].dropna(subset=["dataset_er"])
    out["robust"] = out["dataset_er"] > THRESHOLD
    return out


def _share(kind: str) -> float:
    s = model_summary()
    return float(s.loc[~s["baseline"] & (s["type"] == kind), "robust"].mean())


def n_settings() -> float:
    """Number of evaluation settings (columns) in the testbed's results table."""
    return float(data.load_imagenet_testbed(wide=True).shape[1])


def n_models() -> float:
    """Number of models (rows) in the testbed's results table."""
    return float(data.load_imagenet_testbed(wide=True).shape[0])


def share_interventions_robust() -> float:
    """Share of robustness-intervention models with dataset-shift effective robustness
    above one percentage point."""
    return _share("Robustness intervention")


def more_data_minus_interventions() -> float:
    """Share of models trained with more data that have effective robustness, minus the
    share of robustness-intervention models that do."""
    return _share("Trained with more data") - _share("Robustness intervention")


def synthetic_transfer_slope() -> float:
    """OLS slope of dataset-shift on corruption effective robustness, intervention models."""
    s = model_summary()
    s = s[~s["baseline"] & (s["type"] == "Robustness intervention")].dropna(subset=["corruption_er"])
    return float(np.polyfit(s["corruption_er"], s["dataset_er"], 1)[0])


def probit_minus_linear_r2() -> float:
    """Smallest difference R²(probit) - R²(linear) over the natural shifts."""
    natural = generalization.TESTBED_SHIFTS.index[generalization.TESTBED_SHIFTS["kind"] == "natural"]
    diff = line_fits("probit")["r2"] - line_fits("linear")["r2"]
    return float(diff[natural].min())
