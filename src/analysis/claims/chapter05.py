"""Our values for the claims of Chapter 5 (saturation), computed from the data.

Kiela et al. (2021) state, from their Fig. 1, that surpassing human estimates on a benchmark
once took decades and now takes a few years. Their figure data are not public, so the book
tests the claim on Epoch AI's collection of dated results (model release dates, the
external leaderboards and Epoch's own Benchmarking Hub runs). Two readings, fixed here:

* **"A few years."** For each benchmark with a typed-in human baseline
  (:func:`analysis.saturation.human_baselines`), the years from the benchmark's
  publication to the first result at or above that baseline. "A few years" reads as at
  most five; the claim is read to say that at least half of these benchmarks were passed
  within five years. A benchmark not passed by the end of its data counts as not passed
  (for MMLU and CommonsenseQA 2.0 the data end before five years are up, so this is
  conservative).
* **"Faster than it used to."** For every benchmark with scores as fractions, a logistic
  curve in time is fitted to the records of its frontier (lower asymptote: chance level
  where the answer format fixes one, else 0; upper: 1); its *width* is the years from 10%
  to 90% of the way. A fit counts as usable when the frontier has at least 5 records and
  the fitted midpoint lies inside the years of the data (no extrapolation). The claim
  reads as a negative Kendall tau-b between the benchmarks' publication dates and the
  widths of the usable fits. (The criterion was set with a first table of fits in view;
  Exercise 2 of the chapter varies it.)

Ott et al.'s counts (3,765 benchmarks, and their shares of trajectory types) come from the
Intelligence Task Ontology, which is not staged here: they are not registered.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
from scipy import stats as sps

from .. import data, saturation

__all__ = [
    "SEED",
    "N_BOOT",
    "CHANCE",
    "NOT_FRACTIONS",
    "results",
    "human_level_times",
    "logistic_fits",
    "trajectory_classes",
    "share_human_within_five_years",
    "saturation_speed_trend",
]

SEED = 20250505  #: seed of every bootstrap in the chapter's claims
N_BOOT = 300  #: bootstrap replicates per logistic fit
#: Accuracy of guessing where the answer format fixes it (k options: 1/k); others 0.
CHANCE: dict[str, float] = {
    "arc_ai2": 0.25, "anli": 1 / 3, "GPQA diamond": 0.25, "hellaswag": 0.25, "mmlu": 0.25,
    "openbookqa": 0.25, "boolq": 0.5, "csqa2": 0.5, "piqa": 0.5, "winogrande": 0.5,
}
#: External benchmarks whose headline metric is not a fraction (Elo, minutes, 0-10, or
#: percentages written without "%"): left out of the fits.
NOT_FRACTIONS = ("lech_mazur_writing", "livebench", "mcbench", "metr", "os_world")


def _key(name: str) -> str:
    return re.sub(r"bench$", "", re.sub(r"[^a-z0-9]", "", name.lower()))


@cache
def results() -> pd.DataFrame:
    """Every dated result: ``benchmark`` (external name, or the Hub task), ``name`` (display
    name), ``model_version``, ``score``, ``release_date`` (of the model), ``introduced``
    (the benchmark's publication date, NaT if unknown), ``source`` (``"external"`` or
    ``"hub"``). Results of models without a release date are dropped. Do not modify."""
    ext = data.load_epoch_benchmarks(table="external")
    runs = data.load_epoch_benchmarks(table="runs")
    models = data.load_epoch_benchmarks(table="models").drop_duplicates("model_version")
    meta = data.load_epoch_benchmarks(table="benchmarks")
    dates = models.set_index("model_version")["release_date"]
    ext = ext.assign(release_date=ext["model_version"].map(dates), source="external")
    hub = runs.rename(columns={"task": "benchmark"}).assign(source="hub")
    cols = ["benchmark", "model_version", "score", "release_date", "source"]
    out = pd.concat([ext[cols], hub[cols]], ignore_index=True).dropna(subset=["release_date"])
    by_key = meta.assign(key=meta["benchmark"].map(_key)).set_index("key")
    keys = out["benchmark"].map(_key)
    out["name"] = keys.map(by_key["benchmark"]).fillna(out["benchmark"])
    out["introduced"] = pd.to_datetime(keys.map(by_key["benchmark_release_date"]))
    return out.reset_index(drop=True)


@cache
def human_level_times() -> pd.DataFrame:
    """:func:`analysis.saturation.saturation_times` for the benchmarks with a human
    baseline, from their publication date, plus ``introduced`` (decimal year),
    ``years_from_first`` (from the first result in the data instead) and ``within_5``."""
    res = results()
    base = saturation.human_baselines()
    intro = res.drop_duplicates("benchmark").set_index("benchmark")["introduced"]
    out = saturation.saturation_times(res, base["human"].to_dict(),
                                      starts=intro[base.index].to_dict())
    first = saturation.saturation_times(res, base["human"].to_dict())
    crossed = out["crossed_by"].dropna()
    out["crossed_by"] = crossed.map(res["model_version"]).reindex(out.index)
    out["years_from_first"] = first["years"]
    out["first_result"] = first["start"]
    out["name"] = base["name"]
    out["humans"] = base["humans"]
    out["within_5"] = out["reached"].astype(bool) & (out["years"] <= 5)
    return out


@cache
def logistic_fits() -> pd.DataFrame:
    """One row per benchmark with fraction scores and at least 3 records: the logistic fit
    (``lower``, ``rate``, ``midpoint``, ``width`` with its bootstrap ``width_low`` and
    ``width_high``, ``rmse``, ``n_records``, ``n_results``, ``first_year``,
    ``last_year``, ``extrapolated``), ``introduced`` (decimal year) and ``usable`` (the
    criterion of the module docstring). The fit objects are in ``fit``."""
    res = results()
    rows = {}
    for k, (name, part) in enumerate(res.groupby("benchmark", sort=True)):
        if name in NOT_FRACTIONS or not part["score"].between(0, 1).all():
            continue
        lower = CHANCE.get(name, 0.0)
        part = part[part["score"] >= lower]  # below-chance results cannot be on the curve
        try:
            fit = saturation.fit_logistic_progress(
                part["release_date"], part["score"], lower=lower, upper=1.0, n_boot=N_BOOT,
                rng=np.random.default_rng([SEED, k]))
        except ValueError:  # fewer than 3 records
            continue
        intro = part["introduced"].iloc[0]
        rows[name] = {
            "name": part["name"].iloc[0], "lower": lower, "rate": fit.rate,
            "midpoint": fit.midpoint, "width": fit.width,
            "width_low": fit.intervals.loc["width", "low"],
            "width_high": fit.intervals.loc["width", "high"], "rmse": fit.rmse,
            "n_records": fit.n_records, "n_results": fit.n_results,
            "first_year": fit.first_year, "last_year": fit.last_year,
            "extrapolated": fit.extrapolated,
            "introduced": (float(saturation.sota_frontier([intro], [0.0])["year"].iloc[0])
                           if pd.notna(intro) else np.nan),
            "fit": fit,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "benchmark"
    out["usable"] = (out["n_records"] >= 5) & ~out["extrapolated"].astype(bool)
    return out


@cache
def trajectory_classes() -> pd.DataFrame:
    """:func:`analysis.saturation.classify_trajectory` for every benchmark in
    :func:`results` (any metric: the classification is scale-free), with ``name``."""
    res = results()
    rows = {name: saturation.classify_trajectory(part["release_date"], part["score"])
            for name, part in res.groupby("benchmark", sort=True)}
    out = pd.DataFrame(rows).T
    out.insert(0, "name", res.drop_duplicates("benchmark").set_index("benchmark")["name"])
    out.index.name = "benchmark"
    return out


def share_human_within_five_years() -> float:
    """Share of the benchmarks with a human baseline passed within 5 years of publication."""
    return float(human_level_times()["within_5"].mean())


def saturation_speed_trend() -> float:
    """Kendall tau-b between publication date and logistic width over the usable fits
    with a known publication date (negative: newer benchmarks saturate faster)."""
    fits = logistic_fits()
    use = fits[fits["usable"] & fits["introduced"].notna()]
    return float(sps.kendalltau(use["introduced"], use["width"]).statistic)
