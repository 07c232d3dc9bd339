"""Monte Carlo of the Evaluation -> Understanding -> Mitigation chain under a set of beliefs.

The model (the book's construction from Mukobi 2024):

.. math::

   V = B \\cdot P(U) \\cdot P(M \\mid U) - \\sum_h H_h,

where :math:`P(U)` combines the six failure probabilities of Section 2,
:math:`P(M \\mid U)` the four of Section 3, :math:`B` is the value of the risk reduction when
the chain succeeds and :math:`H_h` the expected harms of Section 4, all in units of the
evaluation's budget. Every parameter is a belief (a distribution); each Monte Carlo draw
takes one value of each, so the outputs are distributions over the reader's uncertainty.
Draws are made from shared uniforms through each belief's inverse distribution function, so
that two sets of beliefs compared with the same ``rng`` seed use common random numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..stats._checks import check_rng, check_whole
from .beliefs import Belief, _as_beliefs

__all__ = ["COMBINE_MODES", "combine_failures", "time_share", "sample_beliefs",
           "chain_outputs", "ChainResult", "simulate_chain"]

#: How failure modes of one link combine (see :func:`combine_failures`).
COMBINE_MODES = ("independent", "shared_cause", "exclusive")
_TIME = ("doubling_days", "margin_doublings", "days_needed")


def combine_failures(p: np.ndarray, combine: str = "independent") -> np.ndarray:
    """Probability that a link holds, given the probabilities that each failure mode breaks it.

    Any one failure mode that occurs breaks the link; the modes differ in how the failures
    are assumed to occur together, and the three give every value that is possible with
    these marginal probabilities (the Fréchet bounds):

    - ``"independent"``: failures occur independently, :math:`\\prod_i (1 - p_i)`.
    - ``"shared_cause"``: failures come from one common cause (perfectly nested: whenever a
      rarer failure occurs, the more frequent ones occur too), so the link breaks only as
      often as its likeliest failure: :math:`1 - \\max_i p_i`. The upper bound.
    - ``"exclusive"``: failures never occur together (each breaks the link in different
      cases): :math:`\\max(0, 1 - \\sum_i p_i)`. The lower bound (Boole's inequality).

    Parameters
    ----------
    p
        Array ``(..., k)`` of failure probabilities in [0, 1], the last axis the modes.

    Examples
    --------
    >>> p = np.array([0.1, 0.2, 0.3])
    >>> [round(float(combine_failures(p, m)), 3) for m in COMBINE_MODES]
    [0.504, 0.7, 0.4]
    """
    p = np.asarray(p, dtype=float)
    if p.ndim == 0 or p.shape[-1] == 0:
        raise ValueError("p needs at least one failure probability on its last axis")
    if np.isnan(p).any():
        raise ValueError("failure probabilities contain NaN")
    if ((p < 0) | (p > 1)).any():
        raise ValueError(f"failure probabilities must lie in [0, 1]; got values from "
                         f"{p.min()} to {p.max()}")
    if combine == "independent":
        return np.prod(1 - p, axis=-1)
    if combine == "shared_cause":
        return 1 - p.max(axis=-1)
    if combine == "exclusive":
        return np.clip(1 - p.sum(axis=-1), 0, None)
    raise ValueError(f"unknown combine {combine!r}; choose one of {COMBINE_MODES}")


def time_share(doubling_days: np.ndarray, margin_doublings: np.ndarray,
               days_needed: np.ndarray) -> np.ndarray:
    """Share of the time a mitigation needs that a warning buys (Section 3.3), in [0, 1].

    A threshold set ``margin_doublings`` doublings below the dangerous level is crossed
    that many doubling times before the danger arrives:
    ``min(1, margin_doublings * doubling_days / days_needed)``. The book treats a mitigation
    that gets half the time it needs as having half a chance to be in place; one minus this
    share is the 3.3 failure probability.

    Examples
    --------
    >>> time_share(np.array([200.0]), np.array([1.0]), np.array([400.0]))
    array([0.5])
    """
    d, m, n = (np.asarray(x, dtype=float) for x in (doubling_days, margin_doublings, days_needed))
    if (d <= 0).any() or (m <= 0).any() or (n <= 0).any() or np.isnan(d + m + n).any():
        raise ValueError("doubling_days, margin_doublings and days_needed must be positive numbers")
    return np.minimum(1.0, m * d / n)


def sample_beliefs(beliefs: Sequence[Belief] | str, rng: np.random.Generator, *,
                   n: int = 20_000, uniforms: np.ndarray | None = None) -> pd.DataFrame:
    """``n`` joint draws of the beliefs (independent across beliefs), one column each.

    Draws are ``belief.ppf(u)`` of uniforms ``u`` (``n x k``, one column per belief in
    order), taken from ``rng`` unless given: the same uniforms under changed beliefs give
    common random numbers, so a difference between two runs is the beliefs', not noise.

    Examples
    --------
    >>> s = sample_beliefs("default", np.random.default_rng(0), n=1000)
    >>> s.shape, bool(s["lab_reneges"].between(0, 1).all())
    ((1000, 18), True)
    """
    beliefs = _as_beliefs(beliefs)
    if uniforms is None:
        n = int(check_whole(n, "n")[()])
        uniforms = check_rng(rng).random((n, len(beliefs)))
    uniforms = np.asarray(uniforms, dtype=float)
    if uniforms.ndim != 2 or uniforms.shape[1] != len(beliefs):
        raise ValueError(f"uniforms must have shape (n, {len(beliefs)}); got {uniforms.shape}")
    uniforms = np.clip(uniforms, 1e-12, 1 - 1e-12)
    return pd.DataFrame({b.name: b.ppf(uniforms[:, j]) for j, b in enumerate(beliefs)})


def chain_outputs(samples: pd.DataFrame, beliefs: Sequence[Belief] | str,
                  combine: str = "independent") -> pd.DataFrame:
    """The chain's outputs for each draw of the beliefs.

    Returns
    -------
    pandas.DataFrame
        ``p_understanding`` (the Section 2 failures combined), ``time_share`` (3.3),
        ``p_mitigation_given_understanding`` (the Section 3 failures combined, 3.3 as one
        minus ``time_share``), ``p_mitigation`` (their product: the probability that the
        evaluation leads to a mitigation), ``benefit``, ``harm`` (sum of the Section 4
        harms) and ``net_value`` = benefit x p_mitigation - harm (in budgets).

    Examples
    --------
    >>> from analysis.risk import get_beliefs
    >>> b = get_beliefs("default")
    >>> out = chain_outputs(sample_beliefs(b, np.random.default_rng(1), n=200), b)
    >>> bool((out["p_mitigation"] <= out["p_understanding"]).all())
    True
    """
    beliefs = _as_beliefs(beliefs)
    if combine not in COMBINE_MODES:
        raise ValueError(f"unknown combine {combine!r}; choose one of {COMBINE_MODES}")
    if not isinstance(samples, pd.DataFrame):
        raise TypeError("samples must be the DataFrame of sample_beliefs (one column per belief)")
    missing = [b.name for b in beliefs if b.name not in samples.columns]
    if missing:
        raise KeyError(f"samples lack columns {missing}")
    values = samples[[b.name for b in beliefs]]
    if not all(pd.api.types.is_numeric_dtype(t) for t in values.dtypes) or values.isna().any(axis=None):
        bad = values.columns[values.isna().any() | ~values.dtypes.map(pd.api.types.is_numeric_dtype)]
        raise ValueError(f"samples must hold numbers, no NaN; columns {bad.tolist()[:5]} do not "
                         "(draw them with sample_beliefs)")
    by_link: dict[str, list[str]] = {}
    for b in beliefs:
        if b.name not in _TIME:
            by_link.setdefault(b.link, []).append(b.name)
    for link in ("understanding", "mitigation", "value"):
        if link not in by_link:
            raise ValueError(f"beliefs have no {link!r} parameter")
    absent = [t for t in _TIME if t not in samples.columns]
    if absent:
        raise ValueError(f"beliefs lack the 3.3 parameters {absent}")
    p_u = combine_failures(samples[by_link["understanding"]].to_numpy(), combine)
    share = time_share(*(samples[t].to_numpy() for t in _TIME))
    fail_m = np.column_stack([samples[by_link["mitigation"]].to_numpy(), 1 - share])
    p_m_u = combine_failures(fail_m, combine)
    benefit = samples[by_link["value"]].to_numpy().prod(axis=1)
    harm = samples[by_link.get("harm", [])].to_numpy().sum(axis=1)
    p_m = p_u * p_m_u
    return pd.DataFrame({"p_understanding": p_u, "time_share": share,
                         "p_mitigation_given_understanding": p_m_u, "p_mitigation": p_m,
                         "benefit": benefit, "harm": harm, "net_value": benefit * p_m - harm})


@dataclass(frozen=True)
class ChainResult:
    """Draws of the beliefs (``samples``) and of the outputs (``outputs``), and how the
    failure modes were combined."""

    samples: pd.DataFrame
    outputs: pd.DataFrame
    combine: str

    def summary(self) -> pd.Series:
        """Means of the probabilities, of the net value, and the probability that the
        net value is positive (over the uncertainty of the beliefs), with the 10th and 90th
        percentiles of the net value."""
        o = self.outputs
        return pd.Series({
            "p_understanding": float(o["p_understanding"].mean()),
            "p_mitigation_given_understanding": float(o["p_mitigation_given_understanding"].mean()),
            "p_mitigation": float(o["p_mitigation"].mean()),
            "expected_benefit": float((o["benefit"] * o["p_mitigation"]).mean()),
            "expected_harm": float(o["harm"].mean()),
            "expected_net_value": float(o["net_value"].mean()),
            "net_value_p10": float(o["net_value"].quantile(0.1)),
            "net_value_p90": float(o["net_value"].quantile(0.9)),
            "p_net_value_positive": float((o["net_value"] > 0).mean()),
        })


def simulate_chain(beliefs: Sequence[Belief] | str, rng: np.random.Generator, *,
                   n: int = 20_000, combine: str = "independent",
                   uniforms: np.ndarray | None = None) -> ChainResult:
    """Monte Carlo of the chain: ``n`` draws of the beliefs and the outputs they imply.

    Parameters
    ----------
    beliefs
        A preset name or beliefs from :func:`get_beliefs` / :func:`update_beliefs`.
    rng
        ``numpy.random.Generator`` (the same seed gives the same draws; with changed
        beliefs, common random numbers).
    n
        Number of draws; the Monte Carlo error of a mean is about its sd / sqrt(n).
    combine
        One of :data:`COMBINE_MODES`; see :func:`combine_failures`.

    Notes
    -----
    Beliefs are drawn independently of each other: a reader who thinks, for example, that
    labs that renege also face governments that decline should use ``"shared_cause"`` or
    change both beliefs. ``P(net value > 0)`` is a statement about the reader's uncertainty
    over the beliefs, not a frequency of evaluations that pay off.

    Examples
    --------
    >>> from analysis.risk import get_beliefs, update_beliefs
    >>> point = update_beliefs("default", {b.name: {"family": "point"} for b in get_beliefs()})
    >>> r = simulate_chain(point, np.random.default_rng(0), n=10)
    >>> round(float(r.outputs["p_understanding"].iloc[0]), 4)  # 0.7 * 0.7 * 0.8 * 0.75 * 0.8 * 0.7
    0.1646
    """
    beliefs = _as_beliefs(beliefs)
    samples = sample_beliefs(beliefs, rng, n=n, uniforms=uniforms)
    return ChainResult(samples, chain_outputs(samples, beliefs, combine), combine)
