"""Time horizons: how long a task, measured in human time, an agent completes reliably.

Following Kwa et al. (2025, METR): per agent, a logistic regression of success on the log
of the time the task takes a human (:func:`fit_horizons`), the *horizon* at which the
fitted success probability crosses 50% or 80% (:func:`horizon`), a hierarchical bootstrap
over task families, tasks and runs (:func:`horizon_replicates`,
:func:`bootstrap_horizons`), the exponential trend of horizons over release dates and its
doubling time (:func:`fit_trend`, :func:`doubling_time`, :func:`frontier_models`), and
what a trend implies: the date a horizon is reached (:func:`date_reaching`) and the lead
time a warning threshold buys (:func:`time_bought`).
"""

from .fit import bootstrap_horizons, fit_horizons, horizon, horizon_replicates, success_curve
from .projection import WORK_MONTH_MINUTES, date_reaching, time_bought
from .trend import HorizonTrend, doubling_time, fit_trend, frontier_models

__all__ = ["WORK_MONTH_MINUTES", "HorizonTrend", "bootstrap_horizons", "date_reaching",
           "doubling_time", "fit_horizons", "fit_trend", "frontier_models", "horizon",
           "horizon_replicates", "success_curve", "time_bought"]
