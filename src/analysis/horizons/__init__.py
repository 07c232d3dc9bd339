"""Time horizons: how long a task, measured in human time, an agent completes reliably.

Following Kwa et al. (2025, METR): per agent, a logistic regression of success on the log
of the time the task takes a human (:func:`fit_horizons`), the *horizon* at which the
fitted success probability crosses 50% or 80% (:func:`horizon`), a hierarchical bootstrap
over task families, tasks and runs (:func:`bootstrap_horizons`), and the exponential trend
of horizons over release dates with its doubling time (:func:`doubling_time`).
"""

from .fit import bootstrap_horizons, fit_horizons, horizon
from .trend import doubling_time

__all__ = ["bootstrap_horizons", "doubling_time", "fit_horizons", "horizon"]
