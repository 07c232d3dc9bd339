"""Our values for the claims of Chapter 12 (the argument as a model): the paper's counts read
from the model's own tables, and the doubling time of METR's horizons that feeds Section 3.3."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .. import horizons, risk
from ..data import load_metr_time_horizon

#: Seed of the chapter's random steps (the chapter and the claims share it).
SEED = 20240802
#: Days in a month, for a doubling time in months (365.25 / 12).
DAYS_PER_MONTH = 365.25 / 12


def _sections(link: str) -> int:
    table = risk.beliefs_table("default")
    return int(table.loc[table["link"] == link, "section"].nunique())


def understanding_failure_modes() -> float:
    """Distinct Section 2 failure modes among the model's beliefs."""
    return float(_sections("understanding"))


def mitigation_failure_modes() -> float:
    """Distinct Section 3 failure modes among the model's beliefs (3.3 has three beliefs)."""
    return float(_sections("mitigation"))


def harms() -> float:
    """Distinct Section 4 harms among the model's beliefs."""
    return float(_sections("harm"))


def recommendations() -> float:
    """Recommendations mapped to beliefs."""
    return float(len(risk.recommendations_table()))


def frontier_horizons(version: str = "1.1") -> pd.DataFrame:
    """METR's official per-model 50% horizons of the models that were the frontier
    (``is_sota``) when released, for one Time Horizon version."""
    table = load_metr_time_horizon(table="horizons")
    return table[(table["version"] == version) & table["is_sota"]].set_index("model")


@cache
def metr_doubling(n_boot: int = 2000) -> pd.Series:
    """Doubling time (days) of the frontier 50% horizons of Time Horizon 1.1, with a
    bootstrap interval over models (seeded)."""
    frame = frontier_horizons("1.1")
    return horizons.doubling_time(frame["release_date"], frame["p50_minutes"],
                                  rng=np.random.default_rng(SEED), n_boot=n_boot)


def doubling_days() -> float:
    """Our doubling time in days (point estimate)."""
    return float(metr_doubling()["doubling_days"])


def doubling_months() -> float:
    """Our doubling time in months."""
    return doubling_days() / DAYS_PER_MONTH
