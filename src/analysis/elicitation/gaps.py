"""Paired score changes: the same model measured with and without an elicitation technique.

A technique (a prompt, a post-training step, more reasoning effort) is applied to the same
model on the same benchmark; the change in score is the part of its capability that the
plain measurement missed. The standard error of a change combines the two scores'
standard errors with their correlation: ``Var(d) = se_b^2 + se_e^2 - 2 rho se_b se_e``.
With summary scores only (no per-item results) the correlation is unknown; ``rho = 0``
(the default) is the variance of two independent runs, and is conservative when both
runs use the same items, which makes them positively correlated.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from ..stats import critical_value, proportion_se
from ..stats._checks import check_confidence
from ..stats._validation import align_by_label
from ._checks import as_float, as_fraction, as_se, same_length

__all__ = ["score_change", "summarise_changes", "gap_distribution", "effort_changes", "EFFORT_ORDER"]

#: Reasoning-effort levels from least to most, as Epoch's model ids spell them.
EFFORT_ORDER: tuple[str, ...] = ("minimal", "low", "medium", "high", "xhigh")


def _index(*values: Any) -> pd.Index | None:
    for v in values:
        if isinstance(v, pd.Series):
            return v.index
    return None


def score_change(
    baseline: Any,
    elicited: Any,
    *,
    se_baseline: Any = None,
    se_elicited: Any = None,
    n_items: Any = None,
    correlation: float = 0.0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Change in score from a baseline to an elicited measurement of the same models.

    Parameters
    ----------
    baseline, elicited
        Scores of the same models, one per model, as fractions in ``[0, 1]``. Series
        with model labels are aligned by label (the same models in any order; the
        standard errors and ``n_items`` too, when given as labelled Series); arrays,
        lists and default-labelled Series are matched by position.
    se_baseline, se_elicited
        Standard errors of each score (fractions; scalars broadcast), e.g. Epoch's ``±``
        values. If omitted, ``n_items`` must be given.
    n_items
        Number of benchmark items behind each score (scalar or one per model): the
        standard errors are then binomial, ``sqrt(p (1 - p) / n)``
        (:func:`analysis.stats.proportion_se`). Ignored when both SEs are given.
    correlation
        Assumed correlation ``rho`` in ``[-1, 1]`` of the two scores' sampling errors. 0
        (default) treats the runs as independent; runs on the same items usually
        correlate positively, so 0 overstates the standard error.
    confidence
        Coverage of the two-sided normal interval.

    Returns
    -------
    pandas.DataFrame
        One row per model (the Series index if one was given): ``baseline``,
        ``elicited``, ``change`` (elicited minus baseline, in fraction points), ``se``,
        ``ci_low``, ``ci_high``, ``z`` (change / se; NaN when se = 0).

    Examples
    --------
    >>> out = score_change([0.5], [0.6], se_baseline=0.03, se_elicited=0.04)
    >>> round(out["change"].item(), 2), round(out["se"].item(), 2)
    (0.1, 0.05)
    """
    inputs = align_by_label({"baseline": baseline, "elicited": elicited, "se_baseline": se_baseline,
                             "se_elicited": se_elicited, "n_items": n_items})
    baseline, elicited, se_baseline, se_elicited, n_items = inputs.values()
    index = _index(baseline, elicited)
    b = as_fraction(baseline, "baseline")
    e = as_fraction(elicited, "elicited")
    n = same_length(baseline=b, elicited=e)
    if n == 0:
        raise ValueError("baseline and elicited are empty; give at least one model")
    rho = float(correlation)
    if not -1 <= rho <= 1:
        raise ValueError(f"correlation must lie in [-1, 1]; got {correlation!r}")
    if se_baseline is None or se_elicited is None:
        if n_items is None:
            raise ValueError(
                "give the standard errors (se_baseline and se_elicited) or n_items, the number "
                "of items behind each score, for binomial standard errors"
            )
        items = as_float(n_items, "n_items")
        se_b = np.broadcast_to(proportion_se(b, items), (n,)) if se_baseline is None else None
        se_e = np.broadcast_to(proportion_se(e, items), (n,)) if se_elicited is None else None
    if se_baseline is not None:
        se_b = as_se(se_baseline, "se_baseline", n)
    if se_elicited is not None:
        se_e = as_se(se_elicited, "se_elicited", n)
    change = e - b
    se = np.sqrt(np.maximum(se_b**2 + se_e**2 - 2 * rho * se_b * se_e, 0.0))
    z_crit = critical_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, change / se, np.nan)
    out = pd.DataFrame({
        "baseline": b, "elicited": e, "change": change, "se": se,
        "ci_low": change - z_crit * se, "ci_high": change + z_crit * se, "z": z,
    })
    if index is not None:
        out.index = index
    return out


def summarise_changes(
    table: pd.DataFrame, by: str | list[str], *, column: str = "change", confidence: float = 0.95
) -> pd.DataFrame:
    """Mean change across models per group, with a t interval over models.

    The interval treats the models of a group as a sample from the models the technique
    could be applied to (between-model variation), not the items: it answers "how much
    does this technique add to a typical model", with ``n - 1`` degrees of freedom.

    Parameters
    ----------
    table
        One row per model and group, e.g. the output of :func:`score_change` with a group
        column added.
    by
        Column(s) defining the groups (e.g. ``"technique"``).
    column
        The column holding the changes (no NaN).
    confidence
        Coverage of the two-sided t interval.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``n`` (models), ``mean``, ``sd`` (ddof = 1), ``se``,
        ``ci_low``, ``ci_high``, ``median``, ``share_positive`` (share of models whose
        change is above 0).

    Examples
    --------
    >>> t = pd.DataFrame({"technique": ["a", "a", "a"], "change": [0.1, 0.2, 0.3]})
    >>> round(float(summarise_changes(t, "technique").loc["a", "mean"]), 2)
    0.2
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame; got {type(table).__name__}")
    keys = [by] if isinstance(by, str) else list(by)
    missing = [c for c in [*keys, column] if c not in table.columns]
    if missing:
        raise KeyError(f"table has no column(s) {missing}; its columns are {list(table.columns)}")
    values = as_float(table[column], column)
    grouped = pd.Series(values, index=table.index).groupby([table[k] for k in keys])
    n = grouped.count()
    if (n < 2).any():
        few = list(n.index[n < 2])
        raise ValueError(f"each group needs at least two models for a t interval; too few in {few}")
    mean, sd = grouped.mean(), grouped.std(ddof=1)
    se = sd / np.sqrt(n)
    t = sps.t.ppf(0.5 + check_confidence(confidence) / 2, n.to_numpy() - 1)
    return pd.DataFrame({
        "n": n.astype(int), "mean": mean, "sd": sd, "se": se,
        "ci_low": mean - t * se, "ci_high": mean + t * se,
        "median": grouped.median(), "share_positive": grouped.apply(lambda s: float((s > 0).mean())),
    })


def gap_distribution(table: pd.DataFrame, by: str | list[str], *, quantiles: tuple[float, ...] = (0.5, 0.9),
                     columns: tuple[str, ...] = ("change", "log_odds_change")) -> pd.DataFrame:
    """Quantiles of the gaps per group, and the share whose interval lies above zero.

    Parameters
    ----------
    table
        Rows of gaps with the grouping column(s), the ``columns`` and ``ci_low`` (the
        layout of :func:`analysis.elicitation.elicitation_gaps`).
    by
        Grouping column(s).
    quantiles
        Levels in ``(0, 1)`` (linear interpolation, as :func:`numpy.quantile`).
    columns
        Gap columns to summarise (no NaN).

    Returns
    -------
    pandas.DataFrame
        One row per group: ``n``, ``<column>_q<level>`` for each column and level (e.g.
        ``change_q0.9``) and ``share_above_zero`` (share of rows with ``ci_low > 0``).

    Examples
    --------
    >>> t = pd.DataFrame({"kind": ["a"] * 3, "change": [0.0, 0.1, 0.2],
    ...                   "ci_low": [-0.1, 0.0, 0.1]})
    >>> round(float(gap_distribution(t, "kind", columns=("change",)).loc["a", "change_q0.5"]), 2)
    0.1
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame; got {type(table).__name__}")
    keys = [by] if isinstance(by, str) else list(by)
    missing = [c for c in [*keys, *columns, "ci_low"] if c not in table.columns]
    if missing:
        raise KeyError(f"table has no column(s) {missing}; its columns are {list(table.columns)}")
    levels = as_float(quantiles, "quantiles")
    if ((levels <= 0) | (levels >= 1)).any():
        raise ValueError(f"quantiles must lie strictly between 0 and 1 (e.g. 0.9, not 90); got {quantiles!r}")
    for c in columns:
        as_float(table[c], c)
    grouped = table.groupby(keys if len(keys) > 1 else keys[0])
    out = pd.DataFrame({"n": grouped.size()})
    for c in columns:
        for q in levels:
            out[f"{c}_q{q:g}"] = grouped[c].quantile(q)
    out["share_above_zero"] = grouped["ci_low"].apply(lambda s: float((s > 0).mean()))
    return out


def effort_changes(
    runs: pd.DataFrame, *, pairs: str = "extremes", correlation: float = 0.0, confidence: float = 0.95
) -> pd.DataFrame:
    """Score changes between reasoning-effort levels of the same model on the same task.

    Parameters
    ----------
    runs
        One row per run with columns ``model_version``, ``task``, ``reasoning_effort``
        (one of ``EFFORT_ORDER``; rows without a level are ignored), ``score`` and
        ``stderr`` (fractions), and optionally ``started_at``: the layout of
        ``analysis.data.load_epoch_benchmarks(table="runs")``. When one model, task and
        level was run more than once, the latest run is kept (the earliest if no
        ``started_at``).
    pairs
        ``"extremes"`` (default): the lowest against the highest level run for each
        model and task; ``"all"``: every pair of levels, lower to higher.
    correlation, confidence
        As in :func:`score_change` (the runs share items, so 0 is conservative).

    Returns
    -------
    pandas.DataFrame
        One row per model, task and pair: ``model_version``, ``task``, ``from_effort``,
        ``to_effort`` and the columns of :func:`score_change` (``baseline`` is the lower
        level's score).

    Examples
    --------
    >>> runs = pd.DataFrame({"model_version": ["m", "m"], "task": ["t", "t"],
    ...                      "reasoning_effort": ["low", "high"], "score": [0.5, 0.7],
    ...                      "stderr": [0.03, 0.04]})
    >>> round(effort_changes(runs)["change"].item(), 2)
    0.2
    """
    if not isinstance(runs, pd.DataFrame):
        raise TypeError(f"runs must be a pandas DataFrame; got {type(runs).__name__}")
    need = ["model_version", "task", "reasoning_effort", "score", "stderr"]
    missing = [c for c in need if c not in runs.columns]
    if missing:
        raise KeyError(f"runs has no column(s) {missing}; expected the layout of load_epoch_benchmarks()")
    if pairs not in ("extremes", "all"):
        raise ValueError(f"pairs must be 'extremes' or 'all'; got {pairs!r}")
    frame = runs[runs["reasoning_effort"].notna()].copy()
    unknown = sorted(set(frame["reasoning_effort"]) - set(EFFORT_ORDER))
    if unknown:
        raise ValueError(f"unknown reasoning-effort level(s) {unknown}; known: {list(EFFORT_ORDER)}")
    frame["rank"] = frame["reasoning_effort"].map({k: i for i, k in enumerate(EFFORT_ORDER)})
    order = ["started_at"] if "started_at" in frame.columns else []
    keys = ["model_version", "task", "rank"]
    frame = frame.sort_values([*keys, *order], kind="stable").drop_duplicates(keys, keep="last")
    cols = ["model_version", "task", "rank", "reasoning_effort", "score", "stderr"]
    joined = frame[cols].merge(frame[cols], on=["model_version", "task"], suffixes=("_from", "_to"))
    joined = joined[joined["rank_from"] < joined["rank_to"]]
    if pairs == "extremes":
        g = joined.groupby(["model_version", "task"])
        keep = (joined["rank_from"] == g["rank_from"].transform("min")) & (
            joined["rank_to"] == g["rank_to"].transform("max"))
        joined = joined[keep]
    if joined.empty:
        raise ValueError("no model was run on one task at two reasoning-effort levels")
    joined = joined.sort_values(["model_version", "task", "rank_from", "rank_to"]).reset_index(drop=True)
    change = score_change(
        joined["score_from"].to_numpy(), joined["score_to"].to_numpy(),
        se_baseline=joined["stderr_from"].to_numpy(), se_elicited=joined["stderr_to"].to_numpy(),
        correlation=correlation, confidence=confidence,
    )
    head = pd.DataFrame({
        "model_version": joined["model_version"].astype(object), "task": joined["task"].astype(object),
        "from_effort": joined["reasoning_effort_from"].astype(object),
        "to_effort": joined["reasoning_effort_to"].astype(object),
    })
    return pd.concat([head, change], axis=1)
