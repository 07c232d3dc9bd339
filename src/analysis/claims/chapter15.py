"""Our values for the claims of Chapter 15 (time horizons), from METR's published horizons."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .. import horizons
from ..data import load_metr_time_horizon

#: Seed of the chapter's bootstraps (the chapter and the claims share it).
SEED = 20250319

#: Release date of Claude 3.7 Sonnet, the last model of Kwa et al.'s (2025) trend.
PAPER_LAST_RELEASE = "2025-02-24"


@cache
def official(version: str) -> pd.DataFrame:
    """METR's published horizons of one Time Horizon version ("1.0" or "1.1"), by model,
    with ``frontier`` (METR's state-of-the-art rule recomputed from the published p50s)."""
    table = load_metr_time_horizon(table="horizons")
    out = table[table["version"] == version].set_index("model")
    out["frontier"] = horizons.frontier_models(out["release_date"], out["p50_minutes"])
    return out


def frontier_trend(version: str, *, start: str | None = None, end: str | None = None,
                   n_boot: int = 0) -> horizons.HorizonTrend:
    """Trend of the frontier models' p50 horizons released in ``[start, end]``; with
    ``n_boot`` > 0, a bootstrap over models seeded with :data:`SEED`."""
    table = official(version)
    keep = table["frontier"].copy()
    if start is not None:
        keep &= table["release_date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= table["release_date"] <= pd.Timestamp(end)
    return horizons.fit_trend(table["release_date"], table.loc[keep, "p50_minutes"],
                              rng=np.random.default_rng(SEED), n_boot=n_boot)


def decimal_year(date: pd.Timestamp) -> float:
    """A date as a decimal year (2029-01-01 is 2029.0)."""
    start = pd.Timestamp(year=date.year, month=1, day=1)
    return date.year + (date - start) / (pd.Timestamp(year=date.year + 1, month=1, day=1) - start)


def claude37_h50_th10() -> float:
    """Claude 3.7 Sonnet's p50 horizon (minutes) in METR's Time Horizon 1.0 file."""
    return float(official("1.0").loc["claude_3_7_sonnet", "p50_minutes"])


def claude37_h50_th11() -> float:
    """Claude 3.7 Sonnet's p50 horizon (minutes) in METR's Time Horizon 1.1 file."""
    return float(official("1.1").loc["claude_3_7_sonnet_inspect", "p50_minutes"])


def doubling_paper_models() -> float:
    """Doubling time (days) of the TH 1.0 frontier models up to Claude 3.7 Sonnet."""
    return frontier_trend("1.0", end=PAPER_LAST_RELEASE).doubling_days


def r2_paper_models() -> float:
    """R² of that trend (log scale)."""
    return frontier_trend("1.0", end=PAPER_LAST_RELEASE).r2


def doubling_th11_all_time() -> float:
    """Doubling time (days) of all TH 1.1 frontier models (2019 on)."""
    return frontier_trend("1.1").doubling_days


def doubling_th11_from_2023() -> float:
    """Doubling time (days) of the TH 1.1 frontier models released from 2023 on."""
    return frontier_trend("1.1", start="2023-01-01").doubling_days


@cache
def _th11_2023_interval() -> tuple[float, float]:
    trend = frontier_trend("1.1", start="2023-01-01", n_boot=2000)
    ok = trend.boot_slopes > 0
    low, high = np.quantile(np.log(2) / trend.boot_slopes[ok], [0.025, 0.975])
    return float(low), float(high)


def doubling_th11_from_2023_low() -> float:
    """Lower end of our 95% interval (bootstrap over models) of that doubling time."""
    return _th11_2023_interval()[0]


def doubling_th11_from_2023_high() -> float:
    """Upper end of that interval."""
    return _th11_2023_interval()[1]


def one_month_date_paper_models() -> float:
    """Decimal year at which the paper-era trend reaches a one-month (167 h) horizon."""
    trend = frontier_trend("1.0", end=PAPER_LAST_RELEASE)
    return decimal_year(horizons.date_reaching(trend, horizons.WORK_MONTH_MINUTES)["estimate"])
