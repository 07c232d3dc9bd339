"""Ott et al.'s three prototype trajectories and the classification of a frontier by them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .progress import sota_frontier

__all__ = ["PROTOTYPES", "prototype_curves", "classify_trajectory"]

#: The three prototypes of Ott et al. (2022, Fig. 3): name -> (function, x range).
PROTOTYPES: dict[str, str] = {
    "linear": "f(x) = x",
    "early saturation": "f(x) = -1/x on x in [1, 50]",
    "stagnation, then breakthrough": "f(x) = -1/x on x in [-50, -1]",
}


def _minmax(values: np.ndarray) -> np.ndarray:
    low, high = values.min(axis=-1, keepdims=True), values.max(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (values - low) / (high - low)


def prototype_curves(u: Any) -> pd.DataFrame:
    """The three prototypes at relative times ``u`` in [0, 1], each scaled to [0, 1].

    Ott et al. (2022) define the prototypes on their own x ranges (``x`` for the linear
    one, ``-1/x`` on ``x`` from 1 to 50 and from -50 to -1); here each range is mapped
    linearly onto ``u`` in [0, 1] and each curve's values min-max scaled to [0, 1] over
    that range, so that they can be compared with a trajectory scaled the same way.

    Parameters
    ----------
    u
        Relative times in [0, 1] (0 = first result, 1 = last).

    Returns
    -------
    pandas.DataFrame
        One column per prototype (the keys of :data:`PROTOTYPES`), one row per ``u``.

    Examples
    --------
    >>> prototype_curves([0.0, 0.5, 1.0]).round(3)["early saturation"].tolist()
    [0.0, 0.98, 1.0]
    """
    u = np.asarray(u, dtype=np.float64)
    if u.ndim != 1 or np.isnan(u).any() or (u < 0).any() or (u > 1).any():
        raise ValueError(f"u must be a 1-D array of relative times in [0, 1]; got {u!r}")
    grid = np.array([0.0, 1.0])
    curves = {}
    for name, (f, x0, x1) in {"linear": (lambda x: x, 0.0, 1.0),
                              "early saturation": (lambda x: -1 / x, 1.0, 50.0),
                              "stagnation, then breakthrough": (lambda x: -1 / x, -50.0, -1.0)
                              }.items():
        ends = f(x0 + (x1 - x0) * grid)
        curves[name] = (f(x0 + (x1 - x0) * u) - ends[0]) / (ends[1] - ends[0])
    return pd.DataFrame(curves, index=pd.Index(u, name="u"))


def classify_trajectory(times: Any, scores: Any, *, higher_is_better: bool = True,
                        min_records: int = 3) -> pd.Series:
    """Classify a benchmark's state-of-the-art trajectory by the nearest Ott prototype.

    The frontier's records (:func:`sota_frontier`) are placed on relative time (first
    record 0, last record 1) and min-max scaled to [0, 1]; the Euclidean distance to each
    of :func:`prototype_curves` at the same relative times decides the class, as in Ott et
    al. (2022, Fig. 3).

    Parameters
    ----------
    times, scores
        One per result, as in :func:`sota_frontier`.
    higher_is_better
        ``False`` for lower-is-better metrics (the frontier is flipped so that it rises).
    min_records
        Fewest records to classify; shorter trajectories are labelled ``"too short"``.

    Returns
    -------
    pandas.Series
        ``label`` (the nearest prototype, ``"too short"`` or ``"flat"``), ``n_records``,
        ``span_years`` (first to last record) and one ``distance: <prototype>`` per
        prototype (root mean square, i.e. the Euclidean distance divided by the square
        root of the number of records, so that trajectories of different lengths compare;
        the ranking is the same).

    Notes
    -----
    Ott et al. describe their rescaling only briefly and their code (the ITO notebooks) is
    not at hand here: this is the book's reading, stated so that it can be checked. The
    class depends on when the data start: a benchmark first seen half saturated looks
    like "early saturation" whatever happened before. Records only: the time between
    records is what distinguishes the shapes.

    Examples
    --------
    >>> classify_trajectory([0, 1, 2, 3, 4], [0.1, 0.8, 0.85, 0.88, 0.9])["label"]
    'early saturation'
    """
    frontier = sota_frontier(times, scores, higher_is_better=higher_is_better)
    rec = frontier[frontier["record"]]
    sign = 1.0 if higher_is_better else -1.0
    out = {"label": "too short", "n_records": int(len(rec)), "span_years": np.nan}
    out.update({f"distance: {name}": np.nan for name in PROTOTYPES})
    if len(rec) < int(min_records):
        return pd.Series(out, dtype=object)
    t = rec["year"].to_numpy()
    out["span_years"] = float(t[-1] - t[0])
    if t[-1] == t[0]:
        out["label"] = "flat"
        return pd.Series(out, dtype=object)
    u = (t - t[0]) / (t[-1] - t[0])
    y = _minmax(sign * rec["frontier"].to_numpy())
    proto = prototype_curves(u)
    dist = np.sqrt(((proto.to_numpy() - y[:, None]) ** 2).mean(axis=0))
    out.update({f"distance: {name}": float(d) for name, d in zip(proto.columns, dist, strict=True)})
    out["label"] = str(proto.columns[int(np.argmin(dist))])
    return pd.Series(out, dtype=object)
