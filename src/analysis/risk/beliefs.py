"""Beliefs about the chain's parameters: one frozen record per failure mode, harm or value.

A belief is a distribution: Beta (a mean and a strength, the Beta's ``a + b``) for a
probability, lognormal (a median and the standard deviation of its logarithm) for a
positive value, or a point mass. The presets and the twelve recommendations are tables in
``analysis.risk.presets``; this module turns them into :class:`Belief` records, shows
them as a table, and changes them with validation.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .presets import BELIEF_ROWS, PRESET_CENTRES, RECOMMENDATION_ROWS

__all__ = ["Belief", "PRESETS", "FAMILIES", "get_beliefs", "beliefs_table", "update_beliefs",
           "belief_from_doubling_time", "recommendations_table", "apply_recommendation"]

PRESETS = tuple(PRESET_CENTRES)
FAMILIES = ("beta", "lognormal", "point")
_LINKS = ("understanding", "mitigation", "value", "harm")


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a number; got {type(value).__name__} {value!r}")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{what} is NaN; give a number")
    return value


@dataclass(frozen=True)
class Belief:
    """One parameter of the chain and the reader's uncertainty about it.

    Attributes
    ----------
    name, section, link, kind
        Identifier (``"lab_reneges"``), the paper's section (``"3.1"``), the link it acts on
        (``"understanding"``, ``"mitigation"``, ``"value"``, ``"harm"``) and whether it is a
        ``"probability"`` (in [0, 1]) or a ``"positive"`` value.
    title, meaning, unit
        The paper's heading, what the number means, its unit.
    family, centre, spread
        ``"beta"``: mean ``centre`` in (0, 1), strength ``spread`` = a + b > 0 (larger is
        surer). ``"lognormal"``: median ``centre`` > 0, ``spread`` = sd of the log.
        ``"point"``: the value ``centre`` with certainty (``spread`` ignored).
    justification, citation, informed_by
        One line of reasoning, its bibkey, and the chapter or data that can inform it.

    Examples
    --------
    >>> b = Belief("p", "3.1", "mitigation", "probability", "t", "m", "beta", 0.25, 8.0)
    >>> round(float(b.quantile(0.5)), 3), b.mean
    (0.228, 0.25)
    """

    name: str
    section: str
    link: str
    kind: str
    title: str
    meaning: str
    family: str
    centre: float
    spread: float
    unit: str = "probability"
    justification: str = ""
    citation: str = "mukobi2024reasons"
    informed_by: str = "no staged data"

    def __post_init__(self) -> None:
        if self.link not in _LINKS:
            raise ValueError(f"belief {self.name!r}: link must be one of {_LINKS}; got {self.link!r}")
        if self.kind not in ("probability", "positive"):
            raise ValueError(f"belief {self.name!r}: kind must be 'probability' or 'positive'")
        if self.family not in FAMILIES:
            raise ValueError(f"belief {self.name!r}: family must be one of {FAMILIES}; got {self.family!r}")
        centre = _number(self.centre, f"belief {self.name!r}: centre")
        spread = _number(self.spread, f"belief {self.name!r}: spread")
        if self.kind == "probability":
            if not 0 <= centre <= 1:
                hint = " (it looks like a percentage: divide by 100)" if 1 < centre <= 100 else ""
                raise ValueError(f"belief {self.name!r} is a probability: its value must lie in "
                                 f"[0, 1]; got {centre!r}{hint}")
            if self.family == "lognormal":
                raise ValueError(f"belief {self.name!r} is a probability: use 'beta' or 'point'")
            if self.family == "beta" and not 0 < centre < 1:
                raise ValueError(f"belief {self.name!r}: a Beta mean must lie strictly between 0 "
                                 f"and 1; use family='point' for {centre}")
        else:
            if self.family == "beta":
                raise ValueError(f"belief {self.name!r} is a positive value: use 'lognormal' or 'point'")
            if centre <= 0:
                raise ValueError(f"belief {self.name!r} is a positive value ({self.unit}): its "
                                 f"centre must be > 0; got {centre!r}")
        if self.family != "point" and spread <= 0:
            raise ValueError(f"belief {self.name!r}: spread must be > 0 (or use family='point'); "
                             f"got {spread!r}")
        object.__setattr__(self, "centre", centre)
        object.__setattr__(self, "spread", spread)

    def ppf(self, u: Any) -> np.ndarray:
        """Values at quantiles ``u`` in (0, 1) (the inverse distribution function)."""
        u = np.asarray(u, dtype=float)
        if self.family == "point":
            return np.full(u.shape, self.centre)
        if self.family == "beta":
            a, b = self.centre * self.spread, (1 - self.centre) * self.spread
            return stats.beta.ppf(u, a, b)
        return self.centre * np.exp(self.spread * stats.norm.ppf(u))

    def quantile(self, q: float) -> float:
        """The ``q`` quantile of the belief (a float)."""
        return float(self.ppf(q))

    @property
    def mean(self) -> float:
        """The belief's mean (a lognormal's mean is its median times exp(sigma^2 / 2))."""
        if self.family == "lognormal":
            return self.centre * math.exp(self.spread**2 / 2)
        return self.centre


def _preset_name(preset: Any) -> str:
    if preset not in PRESET_CENTRES:
        raise ValueError(f"unknown preset {preset!r}; choose one of {PRESETS}")
    return preset


def get_beliefs(preset: str = "default") -> tuple[Belief, ...]:
    """The beliefs of a preset: ``"default"`` (the book's reading of Mukobi 2024),
    ``"optimist"`` or ``"sceptic"``.

    Every number is the book's judgement, not a measurement; see each belief's
    ``justification`` and ``analysis.risk.presets``.

    Examples
    --------
    >>> beliefs = get_beliefs("sceptic")
    >>> len(beliefs), beliefs[0].section, beliefs[0].centre
    (18, '2.1', 0.5)
    """
    centres = PRESET_CENTRES[_preset_name(preset)]
    return tuple(Belief(**{**row, "centre": centres[row["name"]]}) for row in BELIEF_ROWS)


def _as_beliefs(beliefs: Any) -> tuple[Belief, ...]:
    if isinstance(beliefs, str):
        return get_beliefs(beliefs)
    beliefs = tuple(beliefs)
    if not beliefs or not all(isinstance(b, Belief) for b in beliefs):
        raise TypeError("beliefs must be a preset name or a sequence of Belief records "
                        "(from get_beliefs or update_beliefs)")
    names = [b.name for b in beliefs]
    if len(set(names)) != len(names):
        raise ValueError(f"belief names repeat: {sorted(n for n in set(names) if names.count(n) > 1)}")
    return beliefs


def beliefs_table(beliefs: Sequence[Belief] | str = "default") -> pd.DataFrame:
    """The beliefs as the table a chapter shows: one row each, with the 10th, 50th and 90th
    percentiles, the mean, the justification, citation and what can inform it.

    Examples
    --------
    >>> t = beliefs_table("default")
    >>> t.loc["lab_reneges", ["section", "family"]].tolist(), float(t.loc["lab_reneges", "mean"])
    (['3.1', 'beta'], 0.35)
    """
    rows = []
    for b in _as_beliefs(beliefs):
        rows.append({"name": b.name, "section": b.section, "link": b.link, "title": b.title,
                     "meaning": b.meaning, "unit": b.unit, "family": b.family, "centre": b.centre,
                     "spread": b.spread if b.family != "point" else 0.0,
                     "p10": b.quantile(0.1), "p50": b.quantile(0.5), "p90": b.quantile(0.9),
                     "mean": b.mean, "justification": b.justification, "citation": b.citation,
                     "informed_by": b.informed_by})
    return pd.DataFrame(rows).set_index("name")


def _change(belief: Belief, change: Any) -> Belief:
    if isinstance(change, Belief):
        if change.name != belief.name:
            raise ValueError(f"a Belief named {change.name!r} cannot replace {belief.name!r}")
        return change
    if isinstance(change, Mapping):
        allowed = {"centre", "spread", "family"}
        unknown = set(change) - allowed
        if unknown:
            raise ValueError(f"belief {belief.name!r}: can change {sorted(allowed)}; got {sorted(unknown)}")
        return replace(belief, **dict(change))
    return replace(belief, centre=_number(change, f"belief {belief.name!r}"))


def update_beliefs(beliefs: Sequence[Belief] | str, changes: Mapping[str, Any] | None = None,
                   **more: Any) -> tuple[Belief, ...]:
    """A copy of ``beliefs`` with some changed, validated.

    Parameters
    ----------
    beliefs
        A preset name or a sequence of :class:`Belief`.
    changes, **more
        ``name -> change``. A number sets the central value (a probability's mean, a
        value's median) and keeps the spread; a mapping sets any of ``centre``,
        ``spread``, ``family`` (``{"family": "point", "centre": 0.2}`` makes it certain);
        a :class:`Belief` of the same name replaces it.

    Raises
    ------
    ValueError
        Unknown names (with the closest known one), probabilities outside [0, 1] (with a
        hint when they look like percentages), NaN, non-positive values or spreads.

    Examples
    --------
    >>> b = update_beliefs("default", lab_reneges=0.1)
    >>> [x.centre for x in b if x.name == "lab_reneges"]
    [0.1]
    """
    beliefs = _as_beliefs(beliefs)
    todo = {**dict(changes or {}), **more}
    by_name = {b.name: b for b in beliefs}
    unknown = [n for n in todo if n not in by_name]
    if unknown:
        hints = {n: difflib.get_close_matches(str(n), list(by_name), n=1) for n in unknown}
        said = "; ".join(f"{n!r}" + (f" (did you mean {h[0]!r}?)" if h else "") for n, h in hints.items())
        raise ValueError(f"unknown belief {said}; known: {sorted(by_name)}")
    return tuple(_change(b, todo[b.name]) if b.name in todo else b for b in beliefs)


def belief_from_doubling_time(estimate: pd.Series | Mapping[str, float], *,
                              confidence: float = 0.95) -> Belief:
    """The 3.3 belief ``doubling_days`` from a fitted doubling time.

    A lognormal with median the point estimate and log-sd from the interval,
    ``ln(high / low) / (2 z)``, as :func:`analysis.horizons.doubling_time` returns it
    (``doubling_days``, ``low``, ``high``). An asymmetric interval is summarised by its width
    on the log scale only.

    Examples
    --------
    >>> b = belief_from_doubling_time({"doubling_days": 200.0, "low": 150.0, "high": 260.0})
    >>> b.centre, round(b.spread, 3)
    (200.0, 0.14)
    """
    est = {k: _number(estimate[k], f"doubling time {k}") for k in ("doubling_days", "low", "high")}
    if not 0 < est["low"] <= est["doubling_days"] <= est["high"]:
        raise ValueError(f"need 0 < low <= doubling_days <= high (days); got {est}")
    z = float(stats.norm.ppf(0.5 + _number(confidence, "confidence") / 2))
    sigma = math.log(est["high"] / est["low"]) / (2 * z)
    row = next(r for r in BELIEF_ROWS if r["name"] == "doubling_days")
    return Belief(**{**row, "centre": est["doubling_days"], "spread": sigma,
                     "justification": "Fitted to METR's per-model 50% horizons of frontier models "
                                      "(log-linear trend, bootstrap interval over models)."})


def recommendations_table() -> pd.DataFrame:
    """The paper's twelve recommendations (Section 6) and the beliefs each would move.

    ``effects`` maps a belief to the factor on its central value if the recommendation is
    carried out: the book's assumption, not a finding.

    Examples
    --------
    >>> t = recommendations_table()
    >>> len(t), t.loc[1, "title"], t.loc[1, "effects"]
    (12, 'Credibly commit', {'lab_reneges': 0.7})
    """
    rows = [{**r, "moves": ", ".join(f"{k} x{v:g}" for k, v in r["effects"].items())}
            for r in RECOMMENDATION_ROWS]
    return pd.DataFrame(rows).set_index("number")


def apply_recommendation(beliefs: Sequence[Belief] | str, effects: Mapping[str, float]
                         ) -> tuple[Belief, ...]:
    """``beliefs`` with each named central value multiplied by its factor.

    Examples
    --------
    >>> b = apply_recommendation("default", {"lab_reneges": 0.5})
    >>> [x.centre for x in b if x.name == "lab_reneges"]
    [0.175]
    """
    beliefs = _as_beliefs(beliefs)
    by_name = {b.name: b for b in beliefs}
    changes = {}
    for name, factor in effects.items():
        factor = _number(factor, f"factor for {name!r}")
        if factor <= 0:
            raise ValueError(f"factor for {name!r} must be > 0; got {factor}")
        if name in by_name:
            changes[name] = by_name[name].centre * factor
        else:
            changes[name] = factor  # update_beliefs reports the unknown name
    return update_beliefs(beliefs, changes)
