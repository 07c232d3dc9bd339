"""Time horizons (Kwa et al. 2025): success against the log of human task time, per agent."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..stats._checks import check_confidence, check_rng
from ..stats._validation import align_by_label

__all__ = ["horizon", "success_curve", "fit_horizons", "horizon_replicates", "bootstrap_horizons"]

#: METR's penalty: scikit-learn's ``LogisticRegression(C=1 / 0.1)`` on weights summing to 1.
DEFAULT_REGULARIZATION = 0.1


def horizon(intercept: Any, slope: Any, p: float = 0.5) -> np.ndarray:
    """Human task time (minutes) at which the fitted success probability is ``p``.

    With ``logit P(success) = b0 + b1 log2(minutes)``: ``h_p = 2 ** ((logit(p) - b0) / b1)``.
    A non-negative slope (success does not fall with task length) has no horizon: ``nan``.
    Broadcasts; ``intercept`` and ``slope`` given as Series indexed by agent are aligned by
    label.

    Examples
    --------
    >>> float(horizon(2.0, -0.5, 0.5))   # 2 ** 4
    16.0
    """
    if not 0 < p < 1:
        raise ValueError(f"p must be a probability strictly between 0 and 1, got {p!r}")
    intercept, slope = align_by_label({"intercept": intercept, "slope": slope}).values()
    b0, b1 = np.asarray(intercept, dtype=float), np.asarray(slope, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        value = 2.0 ** ((np.log(p / (1 - p)) - b0) / b1)
    return np.where(b1 < 0, value, np.nan)


def success_curve(intercept: Any, slope: Any, minutes: Any) -> np.ndarray:
    """Fitted success probability at a human task time: ``expit(b0 + b1 log2(minutes))``.

    Broadcasts over its arguments (``intercept`` and ``slope`` given as Series indexed by
    agent are aligned by label); ``minutes`` must be positive.

    Examples
    --------
    >>> float(success_curve(2.0, -0.5, 16.0))   # the 50% horizon of this curve
    0.5
    """
    intercept, slope = align_by_label({"intercept": intercept, "slope": slope}).values()
    m = np.asarray(minutes, dtype=float)
    if not (m > 0).all():
        raise ValueError("minutes must be positive task times (no zeros, negatives or NaN)")
    return 1 / (1 + np.exp(-(np.asarray(intercept, dtype=float)
                             + np.asarray(slope, dtype=float) * np.log2(m))))


def _newton(x: np.ndarray, success: np.ndarray, failure: np.ndarray, penalty: float,
            iterations: int = 100, tol: float = 1e-10) -> np.ndarray:
    """Weighted, slope-penalised logistic regression for many weightings at once.

    ``x`` holds the distinct log2 task times; ``success`` and ``failure`` (rows x len(x))
    the total weight of successful and failed runs at each. Minimises ``sum_x [S_x
    log(1 + e^-eta_x) + F_x log(1 + e^eta_x)] + penalty / 2 * b1^2`` with ``eta = b0 + b1 x``
    for every row by Newton's method (closed-form 2 x 2 solves), vectorised over rows;
    grouping runs by task time makes each step cost rows x distinct times, not x runs.
    Returns ``(rows, 2)``: intercept, slope.
    """
    beta = np.zeros((success.shape[0], 2))
    total = success + failure
    x2 = x * x
    for _ in range(iterations):
        prob = 1 / (1 + np.exp(-(beta[:, :1] + beta[:, 1:] * x[None, :])))
        resid = total * prob - success
        grad = np.column_stack([resid.sum(axis=1), resid @ x + penalty * beta[:, 1]])
        c = total * prob * (1 - prob)
        h00, h01, h11 = c.sum(axis=1), c @ x, c @ x2 + penalty
        det = np.maximum(h00 * h11 - h01 ** 2, 1e-300)
        step = np.column_stack([(h11 * grad[:, 0] - h01 * grad[:, 1]) / det,
                                (h00 * grad[:, 1] - h01 * grad[:, 0]) / det])
        beta -= step
        if np.abs(step).max() < tol:
            break
    return beta


def _check_runs(runs: pd.DataFrame, columns: dict[str, str]) -> None:
    if not isinstance(runs, pd.DataFrame):
        raise TypeError("runs must be a pandas DataFrame, one row per run")
    if runs.empty:
        raise ValueError("runs is empty: pass one row per run")
    missing = [f"{role}={name!r}" for role, name in columns.items() if name not in runs.columns]
    if missing:
        raise KeyError(f"runs has no column {', '.join(missing)}; its columns are {list(runs.columns)}")
    minutes = pd.to_numeric(runs[columns["minutes"]], errors="coerce")
    if not (minutes > 0).all():
        raise ValueError(f"column {columns['minutes']!r} must hold positive task times in minutes "
                         "(no missing values)")
    if runs[columns["agent"]].isna().any():
        raise ValueError(f"{int(runs[columns['agent']].isna().sum())} runs have no "
                         f"{columns['agent']!r}: name their agent or drop them (they would be "
                         "left out silently)")
    if "weight" in columns:
        w = pd.to_numeric(runs[columns["weight"]], errors="coerce")
        if w.isna().any():
            raise ValueError(f"column {columns['weight']!r} must hold numeric run weights (no "
                             "missing values or text); pass weight=None to weigh runs equally")
    score = pd.to_numeric(runs[columns["score"]], errors="coerce")
    if score.isna().any() or not score.between(0, 1).all():
        raise ValueError(f"column {columns['score']!r} must hold success scores in [0, 1] (no "
                         "missing values); percentages must be divided by 100")


def fit_horizons(runs: pd.DataFrame, *, agent: str = "alias", minutes: str = "human_minutes",
                 score: str = "score_binarized", weight: str | None = "invsqrt_task_weight",
                 regularization: float = DEFAULT_REGULARIZATION, p: tuple[float, ...] = (0.5, 0.8)
                 ) -> pd.DataFrame:
    """Fit each agent's success curve and its time horizons, METR's way.

    Per agent, a logistic regression of success on ``log2(human minutes)`` with run
    weights normalised to sum to 1 (METR: ``invsqrt_task_weight``, so that large task
    families do not dominate) and an L2 penalty ``regularization / 2 * slope^2`` on the
    slope only (scikit-learn's ``LogisticRegression(C=1 / 0.1)``, which METR uses). The
    horizon ``h_p`` is the task time at which the curve crosses ``p``.

    Parameters
    ----------
    runs
        One row per run; fractional scores in ``[0, 1]`` enter as weighted 0/1 rows.
    agent, minutes, score, weight
        Column names; ``weight=None`` weighs runs equally.
    regularization
        Penalty on the slope; 0 for plain maximum likelihood.
    p
        Success probabilities of the horizons to report (one number or several).

    Returns
    -------
    pandas.DataFrame
        Indexed by agent: ``intercept``, ``slope`` (per doubling of task time), ``n_runs``,
        ``success_rate`` (weighted), ``identified`` and ``h50``/``h80``... (minutes; ``nan``
        when the fitted slope is not negative or the horizon is not identified).

    Caveats
    -------
    An agent that succeeds on no run, or on every run, has no identified horizon
    (``identified`` is False and the horizons are ``nan``): the fit would only reflect the
    penalty. Few successes make a horizon fragile even when it is identified. The
    horizon extrapolates beyond the task times observed when the curve crosses ``p``
    outside them.

    Examples
    --------
    >>> runs = pd.DataFrame({"alias": "a", "human_minutes": [1, 2, 4, 8, 16, 32] * 2,
    ...                      "score_binarized": [1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0]})
    >>> fit = fit_horizons(runs, weight=None, regularization=0)
    >>> 4 < float(fit.loc["a", "h50"]) < 16
    True
    """
    columns = {"agent": agent, "minutes": minutes, "score": score}
    if weight is not None:
        columns["weight"] = weight
    _check_runs(runs, columns)
    p = tuple(np.atleast_1d(np.asarray(p, dtype=float)).tolist())
    for q in p:
        if not 0 < q < 1:
            raise ValueError(f"p must hold probabilities strictly between 0 and 1 (0.5, not "
                             f"50); got {q!r}")
    if regularization < 0:
        raise ValueError(f"regularization must be >= 0, got {regularization!r}")
    rows = {}
    for name, group in runs.groupby(agent, sort=True):   # a handful of agents; each fit is vectorised
        x, onehot, success, failure = _grouped(group, minutes, score, weight)
        norm = success.sum() + failure.sum()
        beta = _newton(x, (success @ onehot)[None] / norm, (failure @ onehot)[None] / norm,
                       regularization)[0]
        rate = float(success.sum() / norm)
        identified = 0 < rate < 1
        row = {"intercept": beta[0], "slope": beta[1], "n_runs": len(group), "success_rate": rate,
               "identified": identified}
        for q in p:
            row[f"h{round(q * 100)}"] = float(horizon(beta[0], beta[1], q)) if identified else np.nan
        rows[name] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(agent)


def _grouped(group: pd.DataFrame, minutes: str, score: str, weight: str | None):
    """Distinct log2 task times, the runs' one-hot map onto them, and each run's success
    and failure weight (a fractional score s counts as a success with weight s and a
    failure with weight 1 - s)."""
    s = pd.to_numeric(group[score]).to_numpy(dtype=float)
    base = np.ones(len(group)) if weight is None else pd.to_numeric(group[weight]).to_numpy(dtype=float)
    if (base < 0).any() or not np.isfinite(base).all() or base.sum() <= 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    codes, times = pd.factorize(np.log2(pd.to_numeric(group[minutes]).to_numpy(dtype=float)))
    onehot = np.zeros((len(group), len(times)))
    onehot[np.arange(len(group)), codes] = 1.0
    return np.asarray(times, dtype=float), onehot, base * s, base * (1 - s)


def horizon_replicates(runs: pd.DataFrame, rng: np.random.Generator, *, n_boot: int = 1000,
                       agent: str = "alias", family: str = "task_family", task: str = "task_id",
                       minutes: str = "human_minutes", score: str = "score_binarized",
                       weight: str | None = "invsqrt_task_weight",
                       regularization: float = DEFAULT_REGULARIZATION, p: float = 0.5
                       ) -> pd.DataFrame:
    """Bootstrap replicates of every agent's horizon: families, then tasks, then runs.

    Each replicate resamples task families with replacement, tasks within each drawn
    family, and runs within each drawn (agent, task) cell, METR's scheme, as
    multiplicities of the original runs. A resampled run keeps its original weight, so
    a task drawn twice counts twice and the weights of a replicate need not sum to 1
    (METR does not renormalise them either; the penalty therefore weighs a little more
    or less from one replicate to the next). The same drawn families and tasks serve
    every agent, so that the agents' replicates stay paired: replicate ``r`` of every
    agent comes from one resampled task suite, which is what a trend fitted across
    agents needs (:func:`analysis.horizons.fit_trend`). All replicates of an agent are
    fitted at once.

    Parameters
    ----------
    runs
        One row per run, as for :func:`fit_horizons`, plus the ``family`` and ``task``
        columns (each task in one family).
    rng
        The random generator (``numpy.random.default_rng(seed)``).
    n_boot
        Number of replicates.
    p
        Success probability of the horizon.

    Returns
    -------
    pandas.DataFrame
        ``n_boot`` rows (replicates) by agents (columns): the horizon in minutes, ``nan``
        where a replicate drew no success or no failure for the agent, or its slope was
        not negative.

    Examples
    --------
    >>> runs = pd.DataFrame({"alias": "a", "task_family": list("aabbcc") * 2,
    ...                      "task_id": list("uvwxyz") * 2,
    ...                      "human_minutes": [1, 2, 4, 8, 16, 32] * 2,
    ...                      "score_binarized": [1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0]})
    >>> reps = horizon_replicates(runs, np.random.default_rng(0), n_boot=5, weight=None)
    >>> reps.shape
    (5, 1)
    """
    rng = check_rng(rng)
    columns = {"agent": agent, "family": family, "task": task, "minutes": minutes, "score": score}
    if weight is not None:
        columns["weight"] = weight
    _check_runs(runs, columns)
    if not 0 < p < 1:
        raise ValueError(f"p must be a probability strictly between 0 and 1, got {p!r}")
    if runs[[family, task]].isna().any(axis=None):
        raise ValueError(f"every run needs a {family!r} and a {task!r} for the hierarchical bootstrap")
    if (runs.groupby(task)[family].nunique() > 1).any():
        raise ValueError(f"some {task!r} values belong to more than one {family!r}; a task must "
                         "sit in one family")
    if isinstance(n_boot, bool) or int(n_boot) != n_boot or n_boot < 1:
        raise ValueError(f"n_boot must be a whole number >= 1, got {n_boot!r}")
    if regularization < 0:
        raise ValueError(f"regularization must be >= 0, got {regularization!r}")
    counts = _hierarchical_counts(runs, rng, int(n_boot), agent, family, task)
    out = {}
    for name, index in runs.groupby(agent, sort=True).indices.items():
        group = runs.iloc[index]
        x, onehot, success, failure = _grouped(group, minutes, score, weight)
        norm = success.sum() + failure.sum()          # the point fit's weights sum to 1
        drawn = counts[:, index]
        s_w, f_w = (drawn * success) @ onehot / norm, (drawn * failure) @ onehot / norm
        beta = _newton(x, s_w, f_w, regularization)
        share = s_w.sum(axis=1) / np.maximum(s_w.sum(axis=1) + f_w.sum(axis=1), 1e-300)
        with np.errstate(over="ignore"):
            h = np.where((share > 1e-12) & (share < 1 - 1e-12), horizon(beta[:, 0], beta[:, 1], p),
                         np.nan)
        out[name] = np.where(np.isfinite(h), h, np.nan)
    return pd.DataFrame(out).rename_axis(columns=agent)


def bootstrap_horizons(runs: pd.DataFrame, rng: np.random.Generator, *, n_boot: int = 1000,
                       agent: str = "alias", family: str = "task_family", task: str = "task_id",
                       minutes: str = "human_minutes", score: str = "score_binarized",
                       weight: str | None = "invsqrt_task_weight",
                       regularization: float = DEFAULT_REGULARIZATION, p: float = 0.5,
                       confidence: float = 0.95) -> pd.DataFrame:
    """Each agent's horizon with a hierarchical bootstrap interval (families, tasks, runs).

    The point estimate is :func:`fit_horizons`; the interval is the percentile interval
    of :func:`horizon_replicates` (see there for the resampling scheme).

    Returns
    -------
    pandas.DataFrame
        Indexed by agent: ``estimate``, ``low``, ``high`` (percentile interval) of the
        horizon at ``p`` in minutes, and ``n_undefined`` (replicates without a horizon: no
        success or no failure drawn, or a non-negative slope).

    Caveats
    -------
    The interval is over the defined replicates only; many undefined ones make it
    optimistic. It covers the sampling of tasks and runs, not the choice of task suite,
    scaffold or human baseline times.

    Examples
    --------
    >>> runs = pd.DataFrame({"alias": "a", "task_family": list("aabbcc") * 2,
    ...                      "task_id": list("uvwxyz") * 2,
    ...                      "human_minutes": [1, 2, 4, 8, 16, 32] * 2,
    ...                      "score_binarized": [1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0]})
    >>> out = bootstrap_horizons(runs, np.random.default_rng(0), n_boot=200, weight=None)
    >>> bool(out.loc["a", "low"] < out.loc["a", "estimate"] < out.loc["a", "high"])
    True
    """
    level = check_confidence(confidence)
    reps = horizon_replicates(runs, rng, n_boot=n_boot, agent=agent, family=family, task=task,
                              minutes=minutes, score=score, weight=weight,
                              regularization=regularization, p=p)
    point = fit_horizons(runs, agent=agent, minutes=minutes, score=score, weight=weight,
                         regularization=regularization, p=(p,))
    alpha = (1 - level) / 2
    values = reps.to_numpy()
    defined = np.isfinite(values).sum(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # an all-nan column gives nan
        low, high = np.nanquantile(values, [alpha, 1 - alpha], axis=0)
    return pd.DataFrame({"estimate": point[f"h{round(p * 100)}"].reindex(reps.columns).to_numpy(),
                         "low": low, "high": high, "n_undefined": int(n_boot) - defined},
                        index=reps.columns).rename_axis(agent)


def _hierarchical_counts(runs: pd.DataFrame, rng: np.random.Generator, n_boot: int,
                         agent: str, family: str, task: str) -> np.ndarray:
    """(n_boot, n_runs) multiplicities of each run under family -> task -> run resampling."""
    fam_codes, fams = pd.factorize(runs[family], sort=True)
    task_codes, tasks = pd.factorize(runs[task], sort=True)
    task_family = np.zeros(len(tasks), dtype=int)
    task_family[task_codes] = fam_codes
    # draws of families, then of tasks within each drawn family, then of runs within tasks
    fam_count = rng.multinomial(len(fams), np.full(len(fams), 1 / len(fams)), size=n_boot)
    tasks_per_family = np.bincount(task_family, minlength=len(fams))
    task_count = np.zeros((n_boot, len(tasks)))
    for f in range(len(fams)):        # loop over families (dozens), each vectorised over replicates
        members = np.flatnonzero(task_family == f)
        draws = fam_count[:, f] * tasks_per_family[f]
        task_count[:, members] = _multinomial_rows(rng, draws, len(members))
    # runs are resampled within each agent x task cell, so every agent keeps its own runs
    agent_codes = pd.factorize(runs[agent], sort=True)[0]
    cells = pd.Series(np.arange(len(runs))).groupby([agent_codes, task_codes]).indices
    counts = np.zeros((n_boot, len(runs)))
    for (_, t), members in cells.items():  # loop over cells, each vectorised over replicates
        draws = task_count[:, t].astype(np.int64) * len(members)
        counts[:, members] = _multinomial_rows(rng, draws, len(members))
    return counts


def _multinomial_rows(rng: np.random.Generator, totals: np.ndarray, k: int) -> np.ndarray:
    """Each row: ``totals[row]`` draws spread uniformly over ``k`` categories."""
    return rng.multinomial(totals.astype(np.int64), np.full(k, 1 / k))
