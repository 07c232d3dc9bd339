"""Input checks for the IRT functions: 0/1 matrix, missing values, constant items and models."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from ..stats._validation import as_score_matrix

__all__ = ["Prepared", "prepare"]


class Prepared:
    """The kept responses (float64 with NaN = missing) and what was dropped and why."""

    __slots__ = ("values", "models", "items", "dropped_items", "dropped_models", "all_items",
                 "all_models", "item_meta", "model_meta")

    def __init__(self, values, models, items, dropped_items, dropped_models, all_items,
                 all_models, item_meta, model_meta):
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
    """Validate a models x items 0/1 matrix; drop (or refuse) constant items and models.

    An item every scored model got right (or wrong) carries no information on its
    difficulty or discrimination (its maximum-likelihood difficulty is infinite), and a
    model that got every remaining item right (or wrong) has an infinite maximum-likelihood
    ability. With ``on_constant="drop"`` both are removed, repeatedly until none is left,
    and reported in ``dropped_items`` / ``dropped_models`` (columns ``reason`` and
    ``value``, the constant score); with ``"raise"`` a ValueError names them.
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
    keep_m = np.ones(values.shape[0], bool)
    keep_i = np.ones(values.shape[1], bool)
    item_rows: list[tuple[Hashable, str, float]] = []
    model_rows: list[tuple[Hashable, str, float]] = []
    while True:
        sub = values[np.ix_(keep_m, keep_i)]
        obs = ~np.isnan(sub)
        n_i = obs.sum(axis=0)
        s_i = np.nansum(sub, axis=0)
        bad_i = (n_i == 0) | (s_i == 0) | (s_i == n_i)
        idx_i = np.flatnonzero(keep_i)
        for k in np.flatnonzero(bad_i):
            reason = "unobserved" if n_i[k] == 0 else ("all correct" if s_i[k] else "all wrong")
            item_rows.append((all_items[idx_i[k]], reason, np.nan if n_i[k] == 0 else s_i[k] / n_i[k]))
        keep_i[idx_i[bad_i]] = False
        sub = values[np.ix_(keep_m, keep_i)]
        obs = ~np.isnan(sub)
        n_m = obs.sum(axis=1)
        s_m = np.nansum(sub, axis=1)
        bad_m = (n_m == 0) | (s_m == 0) | (s_m == n_m)
        idx_m = np.flatnonzero(keep_m)
        for k in np.flatnonzero(bad_m):
            reason = "unobserved" if n_m[k] == 0 else ("all correct" if s_m[k] else "all wrong")
            model_rows.append((all_models[idx_m[k]], reason, np.nan if n_m[k] == 0 else s_m[k] / n_m[k]))
        keep_m[idx_m[bad_m]] = False
        if not bad_i.any() and not bad_m.any():
            break
    dropped_items = pd.DataFrame(item_rows, columns=["item", "reason", "value"]).set_index("item")
    dropped_models = pd.DataFrame(model_rows, columns=["model", "reason", "value"]).set_index("model")
    if on_constant == "raise" and (len(dropped_items) or len(dropped_models)):
        what = []
        if len(dropped_items):
            what.append(f"{len(dropped_items)} item(s) with constant or no responses (e.g. "
                        f"{dropped_items.index[0]!r}: {dropped_items['reason'].iloc[0]})")
        if len(dropped_models):
            what.append(f"{len(dropped_models)} model(s) (e.g. {dropped_models.index[0]!r}: "
                        f"{dropped_models['reason'].iloc[0]})")
        raise ValueError(f"{name} has {' and '.join(what)}; their maximum-likelihood parameters "
                         "are infinite. Remove them, or pass on_constant='drop' to drop them "
                         "with a report")
    if keep_m.sum() < 2 or keep_i.sum() < 2:
        raise ValueError(f"{name} has {int(keep_m.sum())} model(s) and {int(keep_i.sum())} "
                         "item(s) left after dropping constant ones; IRT needs at least 2 of each")
    item_meta = matrix.item_meta
    return Prepared(values[np.ix_(keep_m, keep_i)], all_models[keep_m], all_items[keep_i],
                    dropped_items, dropped_models, all_items, all_models, item_meta, model_meta)
