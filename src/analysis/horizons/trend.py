"""The trend of horizons over release dates: exponential growth and its doubling time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..stats._checks import check_confidence, check_rng

__all__ = ["HorizonTrend", "fit_trend", "doubling_time", "frontier_models"]


@dataclass(frozen=True)
class HorizonTrend:
    """An exponential trend of horizons: ``ln h = intercept + slope * days since origin``.

    Attributes
    ----------
    origin
        The date at which ``days`` is 0 (the earliest release date of the fit).
    intercept, slope
        Of ``ln(horizon in minutes)`` on days since ``origin``; ``slope`` is per day.
    r2
        Coefficient of determination of the fit on the log scale.
    models
        The models of the fit, in input order.
    boot_intercepts, boot_slopes
        Bootstrap replicates of the intercept and slope (``nan`` where a replicate has
        fewer than two distinct dates); empty without a bootstrap.
    confidence
        Level of the intervals that :meth:`band` and :func:`doubling_time` report.
    """

    origin: pd.Timestamp
    intercept: float
    slope: float
    r2: float
    models: tuple[str, ...]
    boot_intercepts: np.ndarray = field(repr=False)
    boot_slopes: np.ndarray = field(repr=False)
    confidence: float = 0.95

    @property
    def doubling_days(self) -> float:
        """``ln 2 / slope`` in days; ``nan`` when horizons do not grow."""
        return float(np.log(2) / self.slope) if self.slope > 0 else float("nan")

    def days(self, dates: Any) -> np.ndarray:
        """Days from :attr:`origin` to ``dates`` (fractional)."""
        stamps = pd.to_datetime(pd.Series(np.atleast_1d(np.asarray(dates, dtype=object))))
        return ((stamps - self.origin).dt.total_seconds() / 86_400).to_numpy()

    def predict(self, dates: Any) -> np.ndarray:
        """The trend's horizon (minutes) at ``dates``."""
        return np.exp(self.intercept + self.slope * self.days(dates))

    def band(self, dates: Any) -> tuple[np.ndarray, np.ndarray]:
        """Pointwise percentile band of the trend's horizon at ``dates`` over the replicates."""
        if not self.boot_slopes.size:
            raise ValueError("this trend was fitted without a bootstrap (n_boot=0): no band")
        d = self.days(dates)
        curves = self.boot_intercepts[:, None] + self.boot_slopes[:, None] * d[None, :]
        alpha = (1 - self.confidence) / 2
        low, high = np.nanquantile(curves, [alpha, 1 - alpha], axis=0)
        return np.exp(low), np.exp(high)


def _release_dates(release_dates: pd.Series, models: pd.Index) -> pd.Series:
    """The release date of each of ``models`` (aligned by label), refusing what is not a date."""
    if release_dates.index.has_duplicates:
        dup = release_dates.index[release_dates.index.duplicated()].tolist()[0]
        raise ValueError(f"release_dates lists {dup!r} twice: one release date per model")
    raw = release_dates.reindex(models)
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_datetime64_any_dtype(raw):
        raise TypeError("release_dates must be dates (Timestamps, or strings such as "
                        f"'2024-03-01'), not numbers (got {raw.dtype}: decimal years or "
                        "epoch seconds would be read as nanoseconds); convert them first")
    undated = list(models[raw.isna()])
    if undated:
        raise ValueError(f"no release date for {undated}: add them to release_dates (indexed by "
                         "the same model names as horizons) or drop them from horizons")
    # Each string parsed on its own (a table may mix '2024-03-01' and 'March 2024'); what
    # cannot be read, or is read as an implausible year, is refused below.
    dates = pd.to_datetime(raw, errors="coerce", format="mixed")
    if dates.isna().any():
        bad = raw[dates.isna()]
        raise ValueError(f"release_dates {bad.tolist()[:3]} (models {bad.index.tolist()[:3]}) "
                         "could not be read as dates: write them as 'YYYY-MM-DD' or parse them "
                         "with pandas.to_datetime(..., format=...)")
    if (dates.dt.year < 1950).any():
        early = dates[dates.dt.year < 1950]
        raise ValueError(f"release_dates before 1950 ({early.index.tolist()[:3]}: "
                         f"{raw[early.index].tolist()[:3]}) were surely misread: write the dates "
                         "as 'YYYY-MM-DD' or parse them with pandas.to_datetime(..., format=...)")
    return dates


def _aligned(release_dates: Any, horizons: Any) -> tuple[pd.Series, pd.Series]:
    """Dates and positive horizons of the same models, with errors that say what is wrong."""
    if not (isinstance(release_dates, pd.Series) and isinstance(horizons, pd.Series)):
        raise TypeError("release_dates and horizons must be pandas Series indexed by model")
    if horizons.index.has_duplicates:
        raise ValueError("horizons has duplicate model names: one horizon per model")
    h = pd.to_numeric(horizons, errors="coerce").astype(float)
    text = h.isna() & horizons.notna()
    if text.any():
        raise ValueError(f"horizons must be numbers of minutes; got {horizons[text].tolist()[:3]} "
                         f"for {horizons.index[text].tolist()[:3]}")
    missing_h = list(h.index[h.isna()])
    if missing_h:
        raise ValueError(f"no horizon for {missing_h}: drop the models whose horizon could not "
                         "be fitted (e.g. horizons.dropna()) before fitting a trend")
    if (h <= 0).any() or not np.isfinite(h).all():
        raise ValueError("horizons must be positive, finite numbers of minutes")
    dates = _release_dates(release_dates, h.index)
    if len(h) < 2:
        raise ValueError(f"a trend needs at least two models with a date and a horizon; got {len(h)}")
    if dates.nunique() < 2:
        raise ValueError("all models share one release date: no trend can be fitted")
    return dates, h


def _weighted_ols(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row-wise weighted least squares of ``y`` on ``x`` (rows x models); ``nan`` where a row
    has fewer than two distinct ``x`` with weight."""
    total = w.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        xm = (w * x).sum(axis=1, keepdims=True) / total
        ym = (w * y).sum(axis=1, keepdims=True) / total
        sxx = (w * (x - xm) ** 2).sum(axis=1)
        slope = (w * (x - xm) * (y - ym)).sum(axis=1) / sxx
    slope = np.where(sxx > 1e-9 * np.maximum(1.0, (x ** 2).max()), slope, np.nan)
    return ym[:, 0] - slope * xm[:, 0], slope


def fit_trend(release_dates: pd.Series, horizons: pd.Series, *,
              rng: np.random.Generator | None = None, n_boot: int | None = None,
              replicates: pd.DataFrame | None = None, resample_models: bool = True,
              confidence: float = 0.95) -> HorizonTrend:
    """Exponential trend of horizons: OLS of ``ln(horizon)`` on release date, with replicates.

    Parameters
    ----------
    release_dates
        Series of dates (Timestamps or strings :func:`pandas.to_datetime` reads, not
        numbers), indexed by model and aligned with ``horizons`` by model label (any
        order); it may hold more models than ``horizons``, but every model of
        ``horizons`` needs one.
    horizons
        Series of horizons in minutes (positive), indexed by model (at least two models
        and two distinct dates).
    rng
        Random generator for resampling the models (needed when ``n_boot`` > 0 and
        ``resample_models``; given ``replicates`` alone, nothing is drawn).
    n_boot
        Number of bootstrap replicates (0: none). Default 1000, or the number of rows of
        ``replicates``.
    replicates
        Optional bootstrap replicates of the horizons (rows) by model (columns), e.g. from
        :func:`analysis.horizons.horizon_replicates`: replicate ``r`` of the trend is
        fitted to row ``r`` (METR's interval: the task resampling carried through to the
        trend). A ``nan`` drops the model from that replicate, as METR drops horizons
        that could not be fitted.
    resample_models
        Also resample the models with replacement in each replicate (the trend's
        sampling of models). With neither this nor ``replicates``, there is nothing to
        resample.
    confidence
        Level of the intervals derived from the trend.

    Returns
    -------
    HorizonTrend

    Caveats
    -------
    Models are not a random sample (they are the models a lab chose to evaluate), and
    neighbours in time share methods: either bootstrap understates the uncertainty of
    an extrapolation. The fit is on the log scale, a trend of the geometric mean.

    Examples
    --------
    >>> dates = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]), index=list("abc"))
    >>> h = pd.Series([1.0, 4.0, 16.0], index=list("abc"))   # x4 a year (2020 has 366 days)
    >>> round(fit_trend(dates, h, n_boot=0).doubling_days, 2)
    182.75
    """
    level = check_confidence(confidence)
    dates, h = _aligned(release_dates, horizons)
    origin = dates.min()
    days = ((dates - origin).dt.total_seconds() / 86_400).to_numpy()
    log_h = np.log(h.to_numpy())
    b0, b1 = (v[0] for v in _weighted_ols(days[None], log_h[None], np.ones((1, days.size))))
    r2 = 1 - ((log_h - b0 - b1 * days) ** 2).sum() / ((log_h - log_h.mean()) ** 2).sum()
    if replicates is not None:
        if not isinstance(replicates, pd.DataFrame):
            raise TypeError("replicates must be a DataFrame: replicates (rows) by model (columns)")
        absent = [m for m in h.index if m not in replicates.columns]
        if absent:
            raise ValueError(f"replicates has no column for {absent}: it needs one per model")
        repeated = [m for m in h.index if (replicates.columns == m).sum() > 1]
        if repeated:
            raise ValueError(f"replicates has more than one column for {repeated[:3]}: one per model")
        rep = replicates[list(h.index)].apply(pd.to_numeric, errors="coerce")
        if (rep <= 0).any(axis=None) or (rep.isna() & replicates[list(h.index)].notna()).any(axis=None):
            raise ValueError("replicates must hold positive horizons in minutes (NaN where a "
                             "replicate has no horizon); found zeros, negatives or text")
        if n_boot is not None and n_boot != len(replicates):
            raise ValueError(f"n_boot={n_boot} but replicates has {len(replicates)} rows; "
                             "leave n_boot out")
        n_boot = len(replicates)
    elif not resample_models and n_boot:
        raise ValueError("nothing to resample: pass replicates, or resample_models=True")
    n_boot = 1000 if n_boot is None else n_boot
    if isinstance(n_boot, bool) or int(n_boot) != n_boot or n_boot < 0:
        raise ValueError(f"n_boot must be a whole number >= 0, got {n_boot!r}")
    boot_a = boot_b = np.empty(0)
    if n_boot:
        k = days.size
        y = (np.log(replicates[list(h.index)].to_numpy(dtype=float)) if replicates is not None
             else np.broadcast_to(log_h, (int(n_boot), k)))
        if resample_models:
            weights = check_rng(rng).multinomial(k, np.full(k, 1 / k), size=int(n_boot)).astype(float)
        else:
            weights = np.ones((int(n_boot), k))
        usable = np.isfinite(y)
        weights = np.where(usable, weights, 0.0)
        boot_a, boot_b = _weighted_ols(np.broadcast_to(days, y.shape), np.where(usable, y, 0.0),
                                       weights)
    return HorizonTrend(origin=origin, intercept=float(b0), slope=float(b1), r2=float(r2),
                        models=tuple(h.index), boot_intercepts=boot_a, boot_slopes=boot_b,
                        confidence=level)


def doubling_time(release_dates: pd.Series, horizons: pd.Series, *,
                  rng: np.random.Generator | None = None, n_boot: int | None = None,
                  replicates: pd.DataFrame | None = None, resample_models: bool = True,
                  confidence: float = 0.95) -> pd.Series:
    """Doubling time of horizons, ``ln 2 / slope`` of :func:`fit_trend`, with its interval.

    Parameters are those of :func:`fit_trend`.

    Returns
    -------
    pandas.Series
        ``doubling_days``, ``low``, ``high`` (percentile interval over the replicates whose
        slope is positive), ``slope_per_day`` (of ``ln h``), ``r2``, ``n_models``,
        ``n_undefined`` (replicates whose horizons did not grow, or with one date).

    Examples
    --------
    >>> dates = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]), index=list("abc"))
    >>> h = pd.Series([1.0, 4.0, 16.0], index=list("abc"))
    >>> round(float(doubling_time(dates, h, n_boot=0)["doubling_days"]), 2)
    182.75
    """
    trend = fit_trend(release_dates, horizons, rng=rng, n_boot=n_boot, replicates=replicates,
                      resample_models=resample_models, confidence=confidence)
    slopes = trend.boot_slopes
    ok = np.isfinite(slopes) & (slopes > 0)
    low = high = np.nan
    if ok.any():
        alpha = (1 - trend.confidence) / 2
        low, high = np.quantile(np.log(2) / slopes[ok], [alpha, 1 - alpha])
    return pd.Series({"doubling_days": trend.doubling_days, "low": float(low), "high": float(high),
                      "slope_per_day": trend.slope, "r2": trend.r2, "n_models": len(trend.models),
                      "n_undefined": int((~ok).sum())})


def frontier_models(release_dates: pd.Series, horizons: pd.Series) -> pd.Series:
    """Which models set the state of the art when released (METR's rule for its trend).

    A model is on the frontier if its horizon is at least the largest horizon of every
    model released on or before its release date (ties on a date: every model that
    reaches the running maximum).

    Returns
    -------
    pandas.Series
        Boolean, indexed like ``horizons``.

    Examples
    --------
    >>> dates = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]), index=list("abc"))
    >>> frontier_models(dates, pd.Series([2.0, 1.0, 4.0], index=list("abc"))).tolist()
    [True, False, True]
    """
    dates, h = _aligned(release_dates, horizons)
    best_by_date = h.groupby(dates.to_numpy()).max().sort_index().cummax()
    return pd.Series(h.to_numpy() >= best_by_date.reindex(dates.to_numpy()).to_numpy(),
                     index=h.index)
