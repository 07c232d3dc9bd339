"""Benchmark saturation: the state of the art over time, normalised progress, time to a
threshold, logistic progress curves and Ott et al.'s trajectory prototypes.

Conventions:

* **One row per result.** A benchmark's history is a set of results, each with a time
  (a model's release date or any date; plain numbers are read as decimal years) and a
  score (a fraction for accuracies). Dates become decimal calendar years.
* **The frontier** (:func:`sota_frontier`) is the running best score; a *record* is a
  result that strictly improved it. Time to a threshold, the logistic fit and the
  trajectory class are all computed from the frontier.
* **Normalised progress** (Kiela et al. 2021): ``(s - human) / (human - initial)``, -1 at
  the initial score and 0 at the human baseline (:func:`normalised_progress`). Human
  baselines are typed in with their sources (:func:`human_baselines`).
* **Randomness** needs an explicit :class:`numpy.random.Generator`; bootstrap replicates
  are fitted all at once.

The functions: :func:`sota_frontier`, :func:`normalised_progress`, :func:`time_to_threshold` (a
:class:`Crossing`), :func:`saturation_times` (many benchmarks), :func:`fit_logistic_progress`
(a :class:`LogisticProgress`), :func:`prototype_curves`, :func:`classify_trajectory`,
:func:`human_baselines`.

Example
-------
>>> from analysis import saturation
>>> saturation.normalised_progress(0.956, human=0.956, initial=0.4)
0.0
"""

from .baselines import HUMAN_BASELINES, human_baselines
from .fit import LogisticProgress, fit_logistic_progress
from .progress import (
    Crossing,
    normalised_progress,
    saturation_times,
    sota_frontier,
    time_to_threshold,
)
from .trajectories import PROTOTYPES, classify_trajectory, prototype_curves

__all__ = [
    "sota_frontier",
    "normalised_progress",
    "Crossing",
    "time_to_threshold",
    "saturation_times",
    "LogisticProgress",
    "fit_logistic_progress",
    "PROTOTYPES",
    "prototype_curves",
    "classify_trajectory",
    "HUMAN_BASELINES",
    "human_baselines",
]
