"""Checks of a models x benchmarks score table shared by the entanglement functions."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["as_table", "check_fractions", "check_n_boot"]


def as_table(scores: Any, name: str = "scores", *, min_models: int = 2,
             allow_missing: bool = True, min_per_benchmark: int = 2) -> pd.DataFrame:
    """A float copy of a models x benchmarks DataFrame, checked.

    Rows are models (unique index), columns benchmarks (unique names). Every cell must be a
    number or NaN (a missing score); ``inf`` is refused. With ``allow_missing=False`` no
    cell may be NaN. Each benchmark needs at least ``min_per_benchmark`` observed models,
    and the table at least ``min_models`` models.
    """
    if not isinstance(scores, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame with one row per model and one "
                        f"column per benchmark; got {type(scores).__name__}")
    if scores.index.has_duplicates:
        dup = scores.index[scores.index.duplicated()].unique()[:3].tolist()
        raise ValueError(f"{name} lists a model twice ({dup}): one row per model")
    if scores.columns.has_duplicates:
        dup = scores.columns[scores.columns.duplicated()].unique()[:3].tolist()
        raise ValueError(f"{name} lists a benchmark twice ({dup}): one column per benchmark")
    if scores.shape[1] == 0:
        raise ValueError(f"{name} has no benchmark column")
    bad = [c for c in scores.columns
           if not (pd.api.types.is_numeric_dtype(scores[c]) and
                   not pd.api.types.is_bool_dtype(scores[c]))]
    if bad:
        raise TypeError(f"{name} must hold numbers; columns {bad[:5]} are not numeric "
                        "(convert them with pandas.to_numeric, or drop label columns)")
    table = scores.astype(np.float64)
    values = table.to_numpy()
    if np.isinf(values).any():
        raise ValueError(f"{name} holds infinite values; a score must be finite (or NaN "
                         "for a missing cell)")
    if not allow_missing and np.isnan(values).any():
        cols = table.columns[np.isnan(values).any(axis=0)].tolist()
        raise ValueError(f"{name} has missing cells (NaN) in {cols[:5]}; impute them first "
                         "(entanglement.impute_pca) or drop those models or benchmarks")
    if len(table) < min_models:
        raise ValueError(f"{name} needs at least {min_models} models (rows); got {len(table)}")
    few = table.columns[table.notna().sum() < min_per_benchmark].tolist()
    if few:
        raise ValueError(f"benchmarks {few[:5]} of {name} have fewer than two scored models: "
                         "nothing can be estimated from them; drop them")
    return table


def check_fractions(table: pd.DataFrame, name: str = "scores") -> pd.DataFrame:
    """Require every observed score to be a fraction in [0, 1], naming percentage columns."""
    values = table.to_numpy()
    outside = table.columns[((values < 0) | (values > 1)).any(axis=0)].tolist()
    if outside:
        looks_percent = bool(np.nanmax(np.abs(table[outside].to_numpy())) <= 100)
        hint = (": they look like percentages (mixed with fractions?); divide those columns "
                "by 100" if looks_percent else "")
        raise ValueError(f"{name} must hold fractions in [0, 1]; columns {outside[:5]} do "
                         f"not{hint}")
    return table


def check_n_boot(n_boot: Any) -> int:
    """A whole number of bootstrap replicates, at least 100."""
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)):
        raise TypeError(f"n_boot must be a whole number such as 2000; got {n_boot!r}")
    if n_boot < 100:
        raise ValueError(f"n_boot must be at least 100 for a percentile interval; got {n_boot}")
    return int(n_boot)
