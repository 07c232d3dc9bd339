"""Growth of yearly incident counts: a log-linear Poisson or negative-binomial regression.

The model is ``log E[count in year t] = intercept + slope * (t - centre)``, so the counts
grow by the factor ``exp(slope)`` per year. The Poisson model assumes the variance equals
the mean; the negative binomial (NB2, variance ``mu + alpha mu^2``) lets the year-to-year
scatter be larger, as it is for counts of reported events, and gives wider intervals.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..stats import critical_value
from ..stats._checks import check_confidence

__all__ = ["growth_rate", "growth_curve"]

_MODELS = ("negative_binomial", "poisson")


def _as_yearly(counts: Any) -> pd.Series:
    if isinstance(counts, pd.DataFrame):
        if "incidents" not in counts.columns:
            raise KeyError("counts as a DataFrame needs an 'incidents' column "
                           "(the output of incidents_per_year)")
        if "complete" in counts.columns:
            if not pd.api.types.is_bool_dtype(counts["complete"]):
                raise TypeError(f"counts['complete'] must be True/False (bool); got "
                                f"{counts['complete'].dtype}: text such as 'False' would read as "
                                "True. Convert it, e.g. counts['complete'] == 'True'")
            counts = counts.loc[counts["complete"], "incidents"]
        else:
            counts = counts["incidents"]
    if not isinstance(counts, pd.Series):
        raise TypeError("counts must be a pandas Series indexed by year (or the DataFrame of "
                        f"incidents_per_year); got {type(counts).__name__}")
    years = pd.to_numeric(pd.Series(counts.index), errors="coerce").to_numpy(dtype=float)
    if np.isnan(years).any() or (years != np.round(years)).any():
        raise ValueError("counts must be indexed by whole calendar years (e.g. 2015, 2016, ...)")
    if pd.Index(years).has_duplicates:
        raise ValueError("counts: a year appears twice in the index; one count per year")
    values = pd.to_numeric(counts, errors="coerce").to_numpy(dtype=float)
    if np.isnan(values).any():
        raise ValueError("counts must not be missing; a year without incidents counts 0")
    if (values < 0).any() or (values != np.round(values)).any():
        raise ValueError(f"counts must be whole numbers >= 0; got {values[:6].tolist()}")
    if values.size < 3:
        raise ValueError(f"a growth rate needs at least 3 years of counts; got {values.size}")
    if values.sum() == 0:
        raise ValueError("counts are all zero: no growth rate can be estimated")
    series = pd.Series(values, index=years.astype(np.int64)).sort_index()
    gaps = np.flatnonzero(np.diff(series.index.to_numpy()) > 1)
    if gaps.size:
        after = int(series.index[gaps[0]])
        raise ValueError(
            f"counts skip year {after + 1} (after {after}): a year without incidents must be "
            "counted as 0, not left out (value_counts() drops it); use incidents_per_year, or "
            "counts.reindex(range(first, last + 1), fill_value=0)")
    return series


def growth_rate(
    counts: pd.Series | pd.DataFrame,
    *,
    model: str = "negative_binomial",
    first_year: int | None = None,
    last_year: int | None = None,
    confidence: float = 0.95,
) -> pd.Series:
    """Yearly growth of counts from a log-linear count regression, with a Wald interval.

    Parameters
    ----------
    counts
        Counts per calendar year: a Series indexed by year (any order, every year from the
        first to the last, a year without incidents as 0), or the DataFrame of
        :func:`incidents_per_year` (its incomplete last year is then left out).
    model
        ``"negative_binomial"`` (default; NB2 with its dispersion ``alpha`` estimated by
        maximum likelihood) or ``"poisson"``.
    first_year, last_year
        Fit only the years in this range (inclusive).
    confidence
        Coverage of the two-sided interval.

    Returns
    -------
    pandas.Series
        ``growth`` (``exp(slope) - 1``, a fraction per year: 0.3 = +30% a year),
        ``ci_low``, ``ci_high`` (the Wald interval of the slope, transformed),
        ``doubling_years`` (``log 2 / slope``; infinite if the slope is <= 0),
        ``slope``, ``slope_se``, ``intercept``, ``centre_year`` (the curve is
        ``exp(intercept + slope * (year - centre_year))``, see :func:`growth_curve`),
        ``alpha`` (NB2 dispersion; 0 for Poisson), ``dispersion`` (Pearson chi-square of
        the Poisson fit over its residual degrees of freedom: well above 1 means the
        Poisson interval is too narrow), ``n_years``, ``first_year``, ``last_year``,
        ``total``, ``model``.

    Notes
    -----
    Fitted with statsmodels (``GLM`` with a Poisson family, ``NegativeBinomial`` for NB2).
    The years are treated as independent given the trend. For incidents, the growth
    mixes more incidents with more reporting of them: it is not the growth of harm.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.Series([10, 20, 40, 80], index=[2020, 2021, 2022, 2023])
    >>> round(float(growth_rate(counts, model="poisson")["growth"]), 6)
    1.0
    """
    if model not in _MODELS:
        raise ValueError(f"model must be one of {_MODELS}; got {model!r}")
    level = check_confidence(confidence)
    series = _as_yearly(counts)
    lo = series.index.min() if first_year is None else int(first_year)
    hi = series.index.max() if last_year is None else int(last_year)
    series = _as_yearly(series[(series.index >= lo) & (series.index <= hi)])
    from statsmodels.discrete.discrete_model import NegativeBinomial
    from statsmodels.genmod.families import Poisson
    from statsmodels.genmod.generalized_linear_model import GLM

    years = series.index.to_numpy(dtype=float)
    centre = float(years.mean())
    design = np.column_stack([np.ones_like(years), years - centre])
    y = series.to_numpy()
    with warnings.catch_warnings():
        # counts that follow the curve exactly trigger statsmodels' separation warning
        warnings.filterwarnings("ignore", message="Perfect separation")
        poisson = GLM(y, design, family=Poisson()).fit()
    dispersion = float(poisson.pearson_chi2 / poisson.df_resid) if poisson.df_resid > 0 else np.nan
    if model == "poisson":
        params, cov, alpha = poisson.params, poisson.cov_params(), 0.0
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # alpha -> 0 on equidispersed counts is fine
            nb = NegativeBinomial(y, design, loglike_method="nb2").fit(
                start_params=np.append(poisson.params, 0.1), disp=0, maxiter=500)
        params, alpha = nb.params[:2], float(nb.params[2])
        cov = nb.cov_params()[:2, :2]
        if not np.all(np.isfinite(cov)):
            raise RuntimeError("the negative-binomial fit did not converge; try model='poisson' "
                               "and read its dispersion")
    slope, se = float(params[1]), float(np.sqrt(cov[1, 1]))
    z = critical_value(level)
    return pd.Series({
        "growth": float(np.expm1(slope)),
        "ci_low": float(np.expm1(slope - z * se)),
        "ci_high": float(np.expm1(slope + z * se)),
        "doubling_years": float(np.log(2) / slope) if slope > 0 else float("inf"),
        "slope": slope, "slope_se": se, "intercept": float(params[0]), "centre_year": centre,
        "alpha": alpha, "dispersion": dispersion, "n_years": int(y.size),
        "first_year": int(years.min()), "last_year": int(years.max()), "total": int(y.sum()),
        "model": model,
    }, dtype=object)


def growth_curve(fit: pd.Series, years: Any) -> np.ndarray:
    """Expected count in each year under a :func:`growth_rate` fit.

    ``exp(intercept + slope * (year - centre_year))``; years outside the fitted range are
    extrapolations.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.Series([10, 20, 40, 80], index=[2020, 2021, 2022, 2023])
    >>> growth_curve(growth_rate(counts, model="poisson"), [2024]).round(3).tolist()
    [160.0]
    """
    missing = {"intercept", "slope", "centre_year"} - set(getattr(fit, "index", []))
    if missing:
        raise KeyError(f"fit must be the output of growth_rate; missing {sorted(missing)}")
    t = np.asarray(years, dtype=float)
    return np.exp(float(fit["intercept"]) + float(fit["slope"]) * (t - float(fit["centre_year"])))
