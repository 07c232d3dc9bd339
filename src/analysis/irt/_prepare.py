"""Input checks for the IRT functions: 0/1 matrix, missing values, constant items and models."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..stats._validation import as_score_matrix

__all__ = ["Prepared", "prepare"]


class Prepared:
    """The kept responses (float64 with NaN = missing) and what was dropped and why."""

    __slots__ = ("values", "models", "items", "dropped_items", "dropped_models",
                 "extreme_models", "all_items", "all_models", "item_meta", "model_meta")

    def __init__(self, values, models, items, dropped_items, dropped_models, extreme_models,
                 all_items, all_models, item_meta, model_meta):
        self.extreme_models = extreme_models
        self.values = values
        self.models = models
        self.items = items
        self.dropped_items = dropped_items
        self.dropped_models = dropped_models
        self.all_items = all_items
        self.all_models = all_models
        self.item_meta = item_meta
        self.model_meta = model_meta


def _labels(index: pd.Index | None, n: int, name: str) -> pd.Index:
    if index is None:
        return pd.RangeIndex(n, name=name)
    out = index.copy()
    out.name = name
    return out


def prepare(scores: Any, *, missing: str = "raise", on_constant: str = "drop",
            name: str = "scores") -> Prepared:
    """Validate a models x items 0/1 matrix; drop (or refuse) constant items.

    An item every scored model got right (or wrong) carries no information on its
    difficulty or discrimination (its maximum-likelihood difficulty is infinite): with
    ``on_constant="drop"`` it is removed and reported in ``dropped_items`` (columns
    ``reason`` and ``value``, the constant fraction correct); with ``"raise"`` a ValueError
    names it. Models with no scored item are dropped (``dropped_models``). Models with
    every remaining item right (or wrong) are **kept** and listed in ``extreme_models``:
    in marginal maximum likelihood they are informative (they say the items were easy, or
    hard, for the best or worst models), and dropping them truncates the ability
    distribution, which biases the discriminations downwards.
    """
    if on_constant not in ("drop", "raise"):
        raise ValueError(f"on_constant must be 'drop' or 'raise'; got {on_constant!r}")
    model_meta = getattr(scores, "models", None) if hasattr(scores, "scores") else None
    matrix = as_score_matrix(scores, name=name, binary=True, min_items=1, missing=missing,
                             supports_omit=True)
    if matrix.was_1d:
        raise ValueError(f"{name} must be a models x items matrix (2-D); got one model's "
                         "scores (1-D). IRT needs several models")
    values = matrix.values
    all_models = _labels(matrix.index, values.shape[0], "model")
    all_items = _labels(matrix.items, values.shape[1], "item")
    for axis, labels in (("model", all_models), ("item", all_items)):
        if not labels.is_unique:
            dup = labels[labels.duplicated()][0]
            raise ValueError(f"{name} has the duplicate {axis} label {dup!r}; labels must be unique")
    obs = ~np.isnan(values)
    n_i = obs.sum(axis=0)
    s_i = np.nansum(values, axis=0)
    keep_i = (n_i > 0) & (s_i > 0) & (s_i < n_i)
    item_rows = [(all_items[k], "unobserved" if n_i[k] == 0 else
                  ("all correct" if s_i[k] else "all wrong"),
                  np.nan if n_i[k] == 0 else s_i[k] / n_i[k]) for k in np.flatnonzero(~keep_i)]
    sub = values[:, keep_i]
    n_m = (~np.isnan(sub)).sum(axis=1)
    s_m = np.nansum(sub, axis=1)
    keep_m = n_m > 0
    model_rows = [(all_models[k], "unobserved", np.nan) for k in np.flatnonzero(~keep_m)]
    extreme = keep_m & ((s_m == 0) | (s_m == n_m))
    extreme_rows = [(all_models[k], "all correct" if s_m[k] else "all wrong", s_m[k] / n_m[k])
                    for k in np.flatnonzero(extreme)]
    columns = ["reason", "value"]
    dropped_items = pd.DataFrame([r[1:] for r in item_rows], columns=columns,
                                 index=pd.Index([r[0] for r in item_rows], name="item"))
    dropped_models = pd.DataFrame([r[1:] for r in model_rows], columns=columns,
                                  index=pd.Index([r[0] for r in model_rows], name="model"))
    extreme_models = pd.DataFrame([r[1:] for r in extreme_rows], columns=columns,
                                  index=pd.Index([r[0] for r in extreme_rows], name="model"))
    if on_constant == "raise" and len(dropped_items):
        raise ValueError(f"{name} has {len(dropped_items)} item(s) with constant or no "
                         f"responses (e.g. {dropped_items.index[0]!r}: "
                         f"{dropped_items['reason'].iloc[0]}); their maximum-likelihood "
                         "difficulty is infinite. Remove them, or pass on_constant='drop' to "
                         "drop them with a report")
    if keep_m.sum() < 2 or keep_i.sum() < 2:
        raise ValueError(f"{name} has {int(keep_m.sum())} model(s) and {int(keep_i.sum())} "
                         "item(s) left after dropping constant ones; IRT needs at least 2 of each")
    item_meta = matrix.item_meta
    return Prepared(values[np.ix_(keep_m, keep_i)], all_models[keep_m], all_items[keep_i],
                    dropped_items, dropped_models, extreme_models, all_items, all_models,
                    item_meta, model_meta)
