"""The trend of horizons over release dates: exponential growth and its doubling time."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..stats._checks import check_confidence, check_rng

__all__ = ["doubling_time"]


def doubling_time(release_dates: Any, horizons: Any, *, rng: np.random.Generator | None = None,
                  n_boot: int = 1000, confidence: float = 0.95) -> pd.Series:
    """Doubling time of horizons: OLS of ``ln(horizon)`` on release date, ``ln 2 / slope``.

    Parameters
    ----------
    release_dates
        Series of dates (anything :func:`pandas.to_datetime` reads), indexed by model.
    horizons
        Series of horizons in minutes (positive), indexed by model; aligned on the index
        with ``release_dates`` (models in only one are dropped; fewer than 3 raise).
    rng, n_boot, confidence
        Bootstrap over models for the interval of the doubling time (``n_boot=0`` for
        none). A replicate whose slope is not positive has no doubling time and is
        counted in ``n_undefined``.

    Returns
    -------
    pandas.Series
        ``doubling_days``, ``low``, ``high``, ``slope_per_day`` (of ``ln h``), ``r2``,
        ``n_models``, ``n_undefined``.

    Caveats
    -------
    Models are not a random sample (they are the frontier models a lab chose to run), and
    neighbours in time share methods: the bootstrap interval is a lower bound on the
    uncertainty. The fit is on the log scale, so it is a trend of the geometric mean.

    Examples
    --------
    >>> dates = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]), index=list("abc"))
    >>> h = pd.Series([1.0, 4.0, 16.0], index=list("abc"))   # x4 a year (2020 has 366 days)
    >>> round(float(doubling_time(dates, h, n_boot=0)["doubling_days"]), 2)
    182.75
    """
    if not (isinstance(release_dates, pd.Series) and isinstance(horizons, pd.Series)):
        raise TypeError("release_dates and horizons must be pandas Series indexed by model")
    level = check_confidence(confidence)
    frame = pd.concat([pd.to_datetime(release_dates).rename("date"),
                       pd.to_numeric(horizons, errors="coerce").rename("h")], axis=1, join="inner").dropna()
    if len(frame) < 3:
        raise ValueError(f"a trend needs at least 3 models with both a date and a horizon; got {len(frame)}")
    if (frame["h"] <= 0).any():
        raise ValueError("horizons must be positive numbers of minutes")
    days = (frame["date"] - frame["date"].min()).dt.total_seconds().to_numpy() / 86_400
    log_h = np.log(frame["h"].to_numpy())
    if np.ptp(days) == 0:
        raise ValueError("all models share one release date: no trend can be fitted")
    slope, intercept = np.polyfit(days, log_h, 1)
    r2 = 1 - ((log_h - intercept - slope * days) ** 2).sum() / ((log_h - log_h.mean()) ** 2).sum()
    low = high = np.nan
    undefined = 0
    if n_boot:
        rng = check_rng(rng)
        idx = rng.integers(0, days.size, size=(int(n_boot), days.size))
        x, y = days[idx], log_h[idx]
        xm, ym = x.mean(axis=1, keepdims=True), y.mean(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            slopes = ((x - xm) * (y - ym)).sum(axis=1) / ((x - xm) ** 2).sum(axis=1)
            doubling = np.log(2) / slopes
        ok = np.isfinite(doubling) & (slopes > 0)
        undefined = int((~ok).sum())
        alpha = (1 - level) / 2
        if ok.any():
            low, high = np.quantile(doubling[ok], [alpha, 1 - alpha])
    return pd.Series({"doubling_days": np.log(2) / slope if slope > 0 else np.nan, "low": low,
                      "high": high, "slope_per_day": slope, "r2": r2, "n_models": len(frame),
                      "n_undefined": undefined})
