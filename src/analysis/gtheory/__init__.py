"""Generalizability theory: where the noise in a benchmark score comes from.

A score depends on which model was run, but also on which tasks were drawn and on the
luck of each run. A **G-study** (:func:`g_study`) splits the variance of run-level scores
of a crossed models x tasks design with repeated runs into model, task, model x task and
run components; a **D-study** (:meth:`GStudy.d_study`, :meth:`GStudy.tasks_needed`)
turns them into the reliability of a ranking for any planned number of tasks and runs
(Cronbach et al. 1972; Brennan 2001).

Example
-------
>>> import numpy as np, pandas as pd
>>> from analysis.gtheory import g_study
>>> rng = np.random.default_rng(1)
>>> m, t, r = np.meshgrid(np.arange(5), np.arange(30), np.arange(2), indexing="ij")
>>> y = rng.normal(size=5)[m] + rng.normal(size=30)[t] + rng.normal(size=m.shape)
>>> study = g_study(pd.DataFrame({"model": m.ravel(), "task": t.ravel(), "score": y.ravel()}))
>>> study.tasks_needed(0.9, n_runs=1) >= 1
True
"""

from ._design import balanced_subset
from .study import GStudy, g_study

__all__ = ["GStudy", "balanced_subset", "g_study"]
