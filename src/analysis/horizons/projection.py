"""What a horizon trend implies: when a horizon is reached, and how much time a threshold buys."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .trend import HorizonTrend

__all__ = ["WORK_MONTH_MINUTES", "date_reaching", "time_bought"]

#: METR's "one month" of work: 167 working hours, in minutes.
WORK_MONTH_MINUTES = 167 * 60


def date_reaching(trend: HorizonTrend, minutes: float) -> pd.Series:
    """Date at which the trend's horizon reaches ``minutes``, with its bootstrap interval.

    Solves ``ln(minutes) = intercept + slope * days`` for ``days`` after the trend's
    origin; each bootstrap replicate with a positive slope gives a date, and the
    interval is their percentile interval at the trend's confidence level.

    Parameters
    ----------
    trend
        From :func:`analysis.horizons.fit_trend`.
    minutes
        The horizon to reach, in minutes (METR's one month: :data:`WORK_MONTH_MINUTES`).

    Returns
    -------
    pandas.Series
        ``estimate``, ``low``, ``high`` (Timestamps; ``low``/``high`` are NaT without a
        bootstrap) and ``n_undefined`` (replicates whose horizons did not grow).

    Caveats
    -------
    An extrapolation of a straight line on the log scale, often years beyond the last
    model: the interval covers the sampling of the models and tasks behind the fit, not
    a change of trend.

    Examples
    --------
    >>> from analysis.horizons import fit_trend
    >>> dates = pd.Series(pd.to_datetime(["2021-01-01", "2022-01-01"]), index=list("ab"))
    >>> trend = fit_trend(dates, pd.Series([1.0, 2.0], index=list("ab")), n_boot=0)
    >>> str(date_reaching(trend, 4.0)["estimate"].date())   # one more doubling: 365 days
    '2023-01-01'
    """
    if not isinstance(trend, HorizonTrend):
        raise TypeError("trend must be a HorizonTrend from analysis.horizons.fit_trend")
    if isinstance(minutes, (str, bytes)) or not np.isscalar(minutes) \
            or not (np.isfinite(minutes) and minutes > 0):
        raise ValueError(f"minutes must be a positive number of minutes, got {minutes!r}")
    if not trend.slope > 0:
        raise ValueError("the trend's horizons do not grow (slope <= 0): no date reaches a "
                         "longer horizon")

    def to_date(days: np.ndarray) -> pd.DatetimeIndex:
        return trend.origin + pd.to_timedelta(days, unit="D")

    estimate = to_date(np.array([(np.log(minutes) - trend.intercept) / trend.slope]))[0]
    low = high = pd.NaT
    ok = np.isfinite(trend.boot_slopes) & (trend.boot_slopes > 0)
    if ok.any():
        days = (np.log(minutes) - trend.boot_intercepts[ok]) / trend.boot_slopes[ok]
        alpha = (1 - trend.confidence) / 2
        low, high = to_date(np.quantile(days, [alpha, 1 - alpha]))
    return pd.Series({"estimate": estimate, "low": low, "high": high,
                      "n_undefined": int(trend.boot_slopes.size - ok.sum())})


def time_bought(doubling: Any, *, doublings: float | None = None,
                ratio: float | None = None) -> pd.Series:
    """Lead time of a warning threshold set ``doublings`` doublings below a dangerous horizon.

    If horizons grow exponentially with doubling time ``T``, a threshold at a horizon
    ``ratio`` times shorter than the dangerous one (``doublings = log2(ratio)``) is
    crossed ``doublings * T`` before the danger arrives: that is the time the
    evaluation buys, before anyone acts on it. Since the lead time is proportional to
    ``T``, an interval for ``T`` maps to one for the lead time.

    Parameters
    ----------
    doubling
        The doubling time in days: a number, or the Series of
        :func:`analysis.horizons.doubling_time` (its ``low`` and ``high`` give the
        interval).
    doublings, ratio
        Exactly one: the number of doublings (>= 0) between threshold and danger, or the
        ratio (>= 1) of the dangerous horizon to the threshold's.

    Returns
    -------
    pandas.Series
        ``doublings``, ``days``, ``low``, ``high`` (days; ``nan`` without an interval)
        and ``months`` (``days`` in average months of 30.44 days).

    Caveats
    -------
    The lead time assumes the trend continues and that the threshold is measured on the
    same task suite and elicitation as the danger; a jump in capability, or a
    measurement that lags deployment, shortens it.

    Examples
    --------
    >>> float(time_bought(212.0, ratio=8)["days"])      # three doublings
    636.0
    """
    if (doublings is None) == (ratio is None):
        raise ValueError("give exactly one of doublings= (a count) or ratio= (dangerous / "
                         "threshold horizon)")
    if ratio is not None:
        if not (np.isfinite(ratio) and ratio >= 1):
            raise ValueError(f"ratio must be a number >= 1 (the dangerous horizon over the "
                             f"threshold's), got {ratio!r}")
        doublings = float(np.log2(ratio))
    if not (np.isfinite(doublings) and doublings >= 0):
        raise ValueError(f"doublings must be a number >= 0, got {doublings!r}")
    if isinstance(doubling, pd.Series):
        missing = {"doubling_days", "low", "high"} - set(doubling.index)
        if missing:
            raise KeyError(f"doubling needs entries {sorted(missing)} (the output of "
                           "analysis.horizons.doubling_time), or pass a number of days")
        t, low, high = (float(doubling[k]) for k in ("doubling_days", "low", "high"))
    elif isinstance(doubling, bool | str | bytes) or not np.isscalar(doubling):
        raise TypeError(f"doubling must be a number of days or the Series of "
                        f"analysis.horizons.doubling_time, got {type(doubling).__name__} "
                        f"{doubling!r}")
    else:
        t, low, high = float(doubling), np.nan, np.nan
    if not (np.isfinite(t) and t > 0):
        raise ValueError(f"the doubling time must be a positive number of days, got {t!r}")
    return pd.Series({"doublings": doublings, "days": doublings * t, "low": doublings * low,
                      "high": doublings * high, "months": doublings * t / 30.4375})
