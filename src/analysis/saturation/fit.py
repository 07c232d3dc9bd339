"""A logistic curve in time fitted to the state-of-the-art frontier, with bootstrap CIs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from ..stats._checks import check_confidence, check_rng, check_whole
from ._checks import paired

__all__ = ["LogisticProgress", "fit_logistic_progress"]

_WIDTH = 2 * np.log(9.0)  # logit(0.9) - logit(0.1): years from 10% to 90% is _WIDTH / rate


@dataclass(frozen=True)
class LogisticProgress:
    """A logistic progress curve ``lower + (upper - lower) * expit(rate * (t - midpoint))``.

    Attributes
    ----------
    rate
        Steepness in 1/years; ``2 ln 9 / rate`` years take the frontier from 10% to 90% of
        the way from ``lower`` to ``upper`` (:attr:`width`).
    midpoint
        Decimal year at which the curve is half way between ``lower`` and ``upper``.
    lower, upper
        The fixed asymptotes (not fitted), in the scores' unit.
    rmse
        Root mean squared residual over the frontier's records, in the scores' unit.
    n_records, n_results
        Records the curve was fitted to, and results they were taken from.
    first_year, last_year
        Span of the data; a midpoint outside it is an extrapolation.
    intervals
        Percentile bootstrap intervals (rows ``rate``, ``midpoint``, ``width``; columns
        ``estimate``, ``low``, ``high``, ``n_boot`` (replicates that could be fitted));
        empty without a bootstrap.
    replicates
        The bootstrap replicates' ``rate`` and ``midpoint`` (NaN where a replicate had too
        few records).
    """

    rate: float
    midpoint: float
    lower: float
    upper: float
    rmse: float
    n_records: int
    n_results: int
    first_year: float
    last_year: float
    intervals: pd.DataFrame = field(default_factory=pd.DataFrame)
    replicates: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def width(self) -> float:
        """Years from 10% to 90% of the way between ``lower`` and ``upper``."""
        return float(_WIDTH / self.rate)

    @property
    def extrapolated(self) -> bool:
        """Whether the midpoint lies outside the years of the data."""
        return not self.first_year <= self.midpoint <= self.last_year

    def predict(self, years: Any) -> np.ndarray:
        """The curve at decimal ``years``."""
        t = np.asarray(years, dtype=np.float64)
        return self.lower + (self.upper - self.lower) * expit(self.rate * (t - self.midpoint))

    def year_reaching(self, level: float) -> float:
        """Decimal year at which the curve reaches ``level`` (strictly between the
        asymptotes); its bootstrap interval is :meth:`year_reaching_interval`."""
        return float(self._years_at(level, np.array([self.rate]), np.array([self.midpoint]))[0])

    def year_reaching_interval(self, level: float, confidence: float = 0.95
                               ) -> tuple[float, float]:
        """Percentile bootstrap interval of :meth:`year_reaching`."""
        confidence = check_confidence(confidence)
        if self.replicates.empty:
            raise ValueError("the fit has no bootstrap replicates: fit with n_boot > 0")
        years = self._years_at(level, self.replicates["rate"].to_numpy(),
                               self.replicates["midpoint"].to_numpy())
        years = years[np.isfinite(years)]
        a = (1 - confidence) / 2
        return float(np.quantile(years, a)), float(np.quantile(years, 1 - a))

    def _years_at(self, level: float, rate: np.ndarray, midpoint: np.ndarray) -> np.ndarray:
        u = (float(level) - self.lower) / (self.upper - self.lower)
        if not 0 < u < 1:
            raise ValueError(f"level {level!r} is not strictly between the asymptotes "
                             f"{self.lower!r} and {self.upper!r}: the curve never reaches it")
        return midpoint + logit(u) / rate


def _records(t: np.ndarray, s: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Record mask per row of ``present`` (replicates x results, results sorted by time and
    score): a present result that beats every earlier present result."""
    masked = np.where(present, s, -np.inf)
    best_before = np.concatenate([np.full((present.shape[0], 1), -np.inf),
                                  np.maximum.accumulate(masked, axis=1)[:, :-1]], axis=1)
    return present & (s > best_before)


def _sse(t, y, w, lower, span, rate, mid):
    f = lower + span * expit(rate[:, None] * (t - mid[:, None]))
    return (w * (y - f) ** 2).sum(axis=1)


def _fit_many(t: np.ndarray, y: np.ndarray, w: np.ndarray, lower: float, upper: float,
              n_iter: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Weighted least squares of the logistic for every row of ``w`` at once
    (Levenberg-Marquardt on two parameters, 2x2 normal equations solved in closed form)."""
    span = upper - lower
    u = np.clip((y - lower) / span, 0.02, 0.98)
    z = logit(u)
    sw = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        tm = (w * t).sum(axis=1) / sw
        zm = (w * z).sum(axis=1) / sw
        slope = (w * (t - tm[:, None]) * (z - zm[:, None])).sum(axis=1) / (
            w * (t - tm[:, None]) ** 2).sum(axis=1)
    rate = np.where(np.isfinite(slope) & (slope > 0), slope, 1.0)
    mid = np.where(np.isfinite(slope) & (slope > 0), tm - zm / rate, tm)
    damp = np.full(rate.shape, 1e-3)
    sse = _sse(t, y, w, lower, span, rate, mid)
    for _ in range(n_iter):
        p = expit(rate[:, None] * (t - mid[:, None]))
        d = span * p * (1 - p)
        r = y - (lower + span * p)
        jr, jm = d * (t - mid[:, None]), -d * rate[:, None]
        a11, a12, a22 = (w * jr * jr).sum(1), (w * jr * jm).sum(1), (w * jm * jm).sum(1)
        g1, g2 = (w * jr * r).sum(1), (w * jm * r).sum(1)
        b11, b22 = a11 * (1 + damp), a22 * (1 + damp)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            det = b11 * b22 - a12 ** 2
            step_r, step_m = (b22 * g1 - a12 * g2) / det, (b11 * g2 - a12 * g1) / det
            new = _sse(t, y, w, lower, span, rate + step_r, mid + step_m)
        better = np.isfinite(new) & (new <= sse)
        with np.errstate(invalid="ignore"):
            small = (np.abs(step_r) <= 1e-10 * (1 + np.abs(rate))) & (
                np.abs(step_m) <= 1e-10 * (1 + np.abs(mid)))
        rate = np.where(better, rate + step_r, rate)
        mid = np.where(better, mid + step_m, mid)
        sse = np.where(better, new, sse)
        damp = np.where(better, damp / 3, np.minimum(damp * 4, 1e12))
        if np.all((better & small) | (~better & (damp >= 1e12))):
            break  # every fit has converged or cannot move
    return rate, mid


def fit_logistic_progress(times: Any, scores: Any, *, lower: float = 0.0, upper: float = 1.0,
                          n_boot: int = 0, rng: np.random.Generator | None = None,
                          confidence: float = 0.95, min_records: int = 3) -> LogisticProgress:
    """Fit a logistic curve in time to the records of the state-of-the-art frontier.

    The model is ``lower + (upper - lower) * expit(rate * (t - midpoint))`` with fixed
    asymptotes (e.g. chance level and 1), fitted by least squares to the records of
    :func:`sota_frontier` (each record weighs the same; the results that set no record do
    not enter the fit but do enter the bootstrap).

    Parameters
    ----------
    times, scores
        One per result (dates or decimal years; scores in the unit of the asymptotes, a
        fraction for accuracies). Higher is better.
    lower, upper
        Asymptotes: the floor (chance level) and the ceiling (1 for accuracy; lower if some
        labels are wrong). Not estimated: a frontier seldom shows both.
    n_boot
        Bootstrap replicates (0: none). Each replicate resamples the *results* with
        replacement, recomputes the frontier and refits: the interval says how much the
        curve depends on which models happen to be in the data. All replicates are fitted
        at once, vectorised.
    rng
        A :class:`numpy.random.Generator`; required when ``n_boot > 0``.
    confidence
        Level of the percentile intervals.
    min_records
        Fewest records to fit (2 parameters: at least 3 for a residual).

    Returns
    -------
    LogisticProgress

    Notes
    -----
    Where it works: a frontier that rises through the middle of its range inside the
    data. Where it does not: a frontier that was near its ceiling at the first result
    (the midpoint is then an extrapolation into the past:
    :attr:`LogisticProgress.extrapolated`), one that has not started to rise (the ceiling
    and midpoint are then unidentified), and one that jumps in a single step (the rate is
    unbounded). A record
    set is a time series: resampling results treats the models as exchangeable, which
    ignores that they were built on each other, so the intervals are optimistic.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.special import expit
    >>> t = np.arange(2018.0, 2023.0, 0.5)
    >>> s = 0.25 + 0.75 * expit(1.5 * (t - 2020.3))  # a noiseless curve
    >>> fit = fit_logistic_progress(t, s, lower=0.25, upper=1.0)
    >>> round(fit.midpoint, 2), round(fit.rate, 2), round(fit.width, 2)
    (2020.3, 1.5, 2.93)
    """
    t, s = paired(times, scores, minimum=1)
    lower, upper = float(lower), float(upper)
    if not (np.isfinite(lower) and np.isfinite(upper) and lower < upper):
        raise ValueError(f"need finite asymptotes with lower < upper; got {lower!r}, {upper!r}")
    if (s > upper).any() or (s < lower).any():
        raise ValueError(f"scores must lie between lower ({lower:g}) and upper ({upper:g}); "
                         f"got {s.min():g} to {s.max():g} (percentages where fractions belong? "
                         "a ceiling below the best score?)")
    n_boot = int(check_whole(n_boot, "n_boot", minimum=0))
    min_records = int(check_whole(min_records, "min_records", minimum=3))
    order = np.lexsort((s, t))
    t, s = t[order], s[order]
    records = _records(t, s, np.ones((1, t.size), dtype=bool))
    n_rec = int(records.sum())
    if n_rec < min_records:
        raise ValueError(f"the frontier has {n_rec} record(s); a logistic fit needs at least "
                         f"{min_records}")
    rate, mid = _fit_many(t, s, records.astype(float), lower, upper)
    fitted = lower + (upper - lower) * expit(rate[0] * (t - mid[0]))
    rmse = float(np.sqrt(np.mean((s[records[0]] - fitted[records[0]]) ** 2)))
    intervals, replicates = pd.DataFrame(), pd.DataFrame()
    if n_boot:
        rng = check_rng(rng)
        confidence = check_confidence(confidence)
        counts = rng.multinomial(t.size, np.full(t.size, 1.0 / t.size), size=n_boot)
        rec = _records(t, s, counts > 0)
        ok = rec.sum(axis=1) >= min_records
        cols = rec.any(axis=0)  # only results that are a record in some replicate matter
        b_rate, b_mid = _fit_many(t[cols], s[cols], rec[:, cols].astype(float), lower, upper)
        good = ok & np.isfinite(b_rate) & (b_rate > 0)
        b_rate, b_mid = np.where(good, b_rate, np.nan), np.where(good, b_mid, np.nan)
        replicates = pd.DataFrame({"rate": b_rate, "midpoint": b_mid})
        a = (1 - confidence) / 2
        rows = {}
        for name, est, values in (("rate", rate[0], b_rate), ("midpoint", mid[0], b_mid),
                                  ("width", _WIDTH / rate[0], _WIDTH / b_rate)):
            v = values[np.isfinite(values)]
            low, high = (np.quantile(v, [a, 1 - a]) if v.size else (np.nan, np.nan))
            rows[name] = {"estimate": float(est), "low": float(low), "high": float(high),
                          "n_boot": int(v.size)}
        intervals = pd.DataFrame.from_dict(rows, orient="index")
    return LogisticProgress(float(rate[0]), float(mid[0]), lower, upper, rmse, n_rec, t.size,
                            float(t[0]), float(t[-1]), intervals, replicates)
