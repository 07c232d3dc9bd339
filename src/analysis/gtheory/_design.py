"""From a long table of runs to the cell summaries a G-study needs, with clear errors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Cells", "as_cells", "balanced_subset"]


@dataclass(frozen=True)
class Cells:
    """Per-cell sufficient statistics of a models x tasks design with repeated runs.

    ``means``, ``runs`` and ``within_ss`` are models x tasks arrays: the mean score of the
    runs in each cell, how many runs it has, and the sum of squared deviations of those runs
    from their cell mean.
    """

    means: np.ndarray
    runs: np.ndarray
    within_ss: np.ndarray
    models: pd.Index
    tasks: pd.Index


def _check_columns(runs: pd.DataFrame, columns: dict[str, str]) -> None:
    if not isinstance(runs, pd.DataFrame):
        raise TypeError(
            "runs must be a pandas DataFrame in long format, one row per run, with columns "
            f"for the model, the task and the score (got {type(runs).__name__})")
    missing = [f"{role}={name!r}" for role, name in columns.items() if name not in runs.columns]
    if missing:
        raise KeyError(
            f"runs has no column {', '.join(missing)}; its columns are {list(runs.columns)}. "
            "Name the right ones with model=..., task=..., score=...")


def as_cells(runs: pd.DataFrame, *, model: str = "model", task: str = "task",
             score: str = "score") -> Cells:
    """Summarise a long table of runs into :class:`Cells`, refusing unusable input.

    Every model must have at least one run on every task (a fully crossed design): a
    missing cell raises and names it, and :func:`balanced_subset` finds the largest
    complete subset. Scores must be finite numbers; their scale is free (0/1 success,
    a fraction, a continuous score).
    """
    _check_columns(runs, {"model": model, "task": task, "score": score})
    values = pd.to_numeric(runs[score], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        first = runs.index[np.flatnonzero(bad)[0]]
        raise ValueError(
            f"column {score!r} has {int(bad.sum())} missing or non-numeric scores (first at "
            f"row {first!r}, value {runs[score].loc[first]!r}); drop those runs or score them")
    if runs[[model, task]].isna().any(axis=None):
        raise ValueError(f"columns {model!r} and {task!r} must name every run's model and task; "
                         "some are missing")
    model_codes, models = pd.factorize(runs[model], sort=True)
    task_codes, tasks = pd.factorize(runs[task], sort=True)
    n_models, n_tasks = len(models), len(tasks)
    if n_models < 2 or n_tasks < 2:
        raise ValueError(f"a G-study needs at least 2 models and 2 tasks; got {n_models} "
                         f"model(s) and {n_tasks} task(s)")
    cell = model_codes * n_tasks + task_codes
    size = n_models * n_tasks
    counts = np.bincount(cell, minlength=size).astype(float)
    if (counts == 0).any():
        empty = np.flatnonzero(counts == 0)
        m, t = divmod(int(empty[0]), n_tasks)
        raise ValueError(
            f"{empty.size} model x task cells have no run (first: model "
            f"{pd.Index(models).tolist()[m]!r} on task {pd.Index(tasks).tolist()[t]!r}); a G-study needs every model run on every task. Use "
            "analysis.gtheory.balanced_subset(runs, ...) to keep the largest complete subset")
    sums = np.bincount(cell, weights=values, minlength=size)
    means = sums / counts
    within = np.bincount(cell, weights=(values - means[cell]) ** 2, minlength=size)
    shape = (n_models, n_tasks)
    return Cells(means.reshape(shape), counts.reshape(shape), within.reshape(shape),
                 pd.Index(models, name=model), pd.Index(tasks, name=task))


def balanced_subset(runs: pd.DataFrame, *, model: str = "model", task: str = "task",
                    min_runs: int = 2) -> pd.DataFrame:
    """The runs of the largest set of models and tasks in which every cell has ``min_runs``.

    Greedy: while some model x task cell has fewer than ``min_runs`` runs, drop the model
    or the task with the largest share of such cells (ties: the one with fewer runs in
    all). The result is complete, not necessarily the largest possible; check which
    models and tasks it kept.

    Parameters
    ----------
    runs
        Long table, one row per run.
    model, task
        Column names.
    min_runs
        Runs every kept cell must have; 2 or more lets the G-study estimate run-to-run
        noise in every cell.

    Returns
    -------
    pandas.DataFrame
        The rows of ``runs`` on the kept models and tasks (all their runs).

    Examples
    --------
    >>> runs = pd.DataFrame({"model": list("aaaaabbbbb"), "task": list("xxyyzxxyyz"),
    ...                      "score": [1, 0, 1, 1, 0, 1, 1, 0, 0, 1]})
    >>> sorted(balanced_subset(runs, min_runs=2)["task"].unique())
    ['x', 'y']
    """
    _check_columns(runs, {"model": model, "task": task})
    if int(min_runs) != min_runs or min_runs < 1:
        raise ValueError(f"min_runs must be a whole number >= 1, got {min_runs!r}")
    counts = runs.groupby([model, task], observed=True).size().unstack(fill_value=0)
    while True:
        short = counts < min_runs
        if not short.to_numpy().any():
            break
        row_share = short.mean(axis=1)
        col_share = short.mean(axis=0)
        if row_share.max() >= col_share.max():
            worst = row_share[row_share == row_share.max()].index
            drop = counts.loc[worst].sum(axis=1).idxmin()
            counts = counts.drop(index=drop)
        else:
            worst = col_share[col_share == col_share.max()].index
            drop = counts[worst].sum(axis=0).idxmin()
            counts = counts.drop(columns=drop)
        if counts.shape[0] < 2 or counts.shape[1] < 2:
            raise ValueError(
                f"no complete subset of at least 2 models and 2 tasks has {min_runs} runs in "
                "every cell; lower min_runs or collect more runs")
    keep = runs[model].isin(counts.index) & runs[task].isin(counts.columns)
    return runs.loc[keep]
