"""Input checks shared by the saturation helpers: times, scores, their pairing."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["as_years", "as_scores", "paired"]

_DAYS_PER_YEAR = 365.25


def as_years(times: Any, name: str = "times", *, origin: Any = None) -> np.ndarray:
    """Float array of times in years.

    Dates (``datetime64``, :class:`pandas.Timestamp`, date strings) become decimal calendar
    years (1970-01-01 is 1970.0, with 365.25 days a year: within a day of the calendar) or,
    with ``origin``, years since that date; plain numbers are taken to be years already and
    returned unchanged (``origin`` must then be ``None``).
    """
    if isinstance(times, (pd.Series, pd.Index)):
        values = times.to_numpy()
    else:
        values = np.asarray(times)
    if values.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (one time per result); got shape "
                         f"{values.shape}")
    if values.dtype.kind in "iuf":
        if origin is not None:
            raise ValueError(f"{name} are plain numbers (taken as years): pass origin=None, "
                             "or pass dates")
        out = values.astype(np.float64)
    else:
        try:
            with warnings.catch_warnings():  # "could not infer format": strings are fine
                warnings.simplefilter("ignore", UserWarning)
                stamps = pd.to_datetime(values)
        except (TypeError, ValueError) as error:
            raise TypeError(f"{name} must be dates or numbers of years; could not read them "
                            f"as dates ({error})") from None
        base = pd.Timestamp("1970-01-01") if origin is None else pd.Timestamp(origin)
        days = ((stamps - base) / pd.Timedelta(days=1)).to_numpy(dtype=np.float64)
        out = days / _DAYS_PER_YEAR + (1970.0 if origin is None else 0.0)
    if np.isnan(out).any():
        raise ValueError(f"{name} contain missing values (NaN/NaT): drop those results first "
                         "(e.g. models without a release date)")
    return out


def as_scores(scores: Any, name: str = "scores") -> np.ndarray:
    """Float array of scores, one-dimensional, without NaN."""
    try:
        values = np.asarray(scores, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numeric; got {scores!r}") from None
    if values.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (one score per result); got shape "
                         f"{values.shape}")
    if np.isnan(values).any():
        raise ValueError(f"{name} contain NaN: drop results without a score first")
    return values


def paired(times: Any, scores: Any, *, origin: Any = None, minimum: int = 1
           ) -> tuple[np.ndarray, np.ndarray]:
    """Times in years and scores, checked to pair up, with at least ``minimum`` results."""
    t = as_years(times, origin=origin)
    s = as_scores(scores)
    if t.shape != s.shape:
        raise ValueError(f"times and scores must have one entry per result; got {t.size} "
                         f"times and {s.size} scores")
    if t.size < minimum:
        raise ValueError(f"need at least {minimum} results; got {t.size}")
    return t, s
