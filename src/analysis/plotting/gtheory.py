"""D-study curves: the reliability of a ranking against the number of tasks and runs."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter

from .style import PALETTE

__all__ = ["reliability_curves"]


def reliability_curves(
    study,
    n_tasks: np.ndarray,
    rng: np.random.Generator,
    *,
    runs: Sequence[int] = (1, 8),
    coefficient: str = "generalizability",
    target: float | None = 0.9,
    observed: int | None = None,
    n_draws: int = 4000,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Plot a D-study: a reliability coefficient against the number of tasks.

    One line per number of runs per task, each with its 95% parametric band from
    :meth:`analysis.gtheory.GStudy.d_study_intervals`.

    Parameters
    ----------
    study
        A :class:`analysis.gtheory.GStudy`.
    n_tasks
        Increasing numbers of tasks, drawn on a logarithmic axis.
    rng
        Generator for the simulated mean squares behind the bands (the same draws serve
        every line).
    runs
        Runs per task, one line each.
    coefficient
        ``"generalizability"`` (ranking models) or ``"dependability"`` (absolute scores).
    target
        Draw a horizontal line at this reliability; ``None`` for none.
    observed
        Mark this number of tasks (the study's own) with a vertical line.
    n_draws
        Simulated sets of mean squares for the bands.
    ax
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from analysis.gtheory import g_study
    >>> rng = np.random.default_rng(0)
    >>> m, t, r = np.meshgrid(np.arange(5), np.arange(30), np.arange(2), indexing="ij")
    >>> y = rng.normal(size=5)[m] + rng.normal(size=30)[t] + rng.normal(size=m.shape)
    >>> study = g_study(pd.DataFrame({"model": m.ravel(), "task": t.ravel(), "score": y.ravel()}))
    >>> ax = reliability_curves(study, np.array([5, 10, 50]), np.random.default_rng(1))
    """
    if coefficient not in ("generalizability", "dependability"):
        raise ValueError(f"coefficient must be 'generalizability' or 'dependability', got {coefficient!r}")
    n_tasks = np.asarray(n_tasks, dtype=float)
    if n_tasks.ndim != 1 or n_tasks.size < 2 or np.any(np.diff(n_tasks) <= 0):
        raise ValueError("reliability_curves needs an increasing 1-D array of at least two task counts")
    if ax is None:
        _, ax = plt.subplots()
    colours = [PALETTE[c] for c in ("blue", "orange", "green", "purple", "vermillion")]
    grid = np.repeat(n_tasks[None, :], len(runs), axis=0)
    per_run = np.repeat(np.asarray(runs, dtype=float)[:, None], n_tasks.size, axis=1)
    table = study.d_study_intervals(rng, grid.ravel(), per_run.ravel(), n_draws=n_draws)
    for k, n_runs in enumerate(runs):
        rows = table.iloc[k * n_tasks.size:(k + 1) * n_tasks.size]
        colour = colours[k % len(colours)]
        label = f"{n_runs} run per task" if n_runs == 1 else f"{n_runs} runs per task"
        ax.plot(n_tasks, rows[coefficient], color=colour, label=label)
        ax.fill_between(n_tasks, rows[f"{coefficient}_low"], rows[f"{coefficient}_high"],
                        color=colour, alpha=0.18, linewidth=0)
    if target is not None:
        ax.axhline(target, color=PALETTE["grey"], linewidth=0.8, linestyle="--")
    if observed is not None:
        ax.axvline(observed, color=PALETTE["grey"], linewidth=0.8, linestyle=":")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_ylim(0, 1)
    ax.set_xlabel("number of tasks")
    ax.set_ylabel(f"{coefficient} coefficient")
    ax.legend(loc="lower right")
    return ax
