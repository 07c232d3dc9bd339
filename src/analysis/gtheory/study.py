"""G-study and D-study of a crossed models x tasks design with repeated runs in each cell."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..stats._checks import check_confidence, check_rng
from ._design import Cells, as_cells

__all__ = ["GStudy", "g_study"]

#: Names of the variance components, in the order of :attr:`GStudy.components`.
COMPONENTS = ("model", "task", "model × task", "run (within model × task)")


def _components(ms_model, ms_task, ms_res, ms_run, n_models: int, n_tasks: int, h: float):
    """Variance components from mean squares (expected-mean-square equations); broadcasts."""
    model = (ms_model - ms_res) / n_tasks
    task = (ms_task - ms_res) / n_models
    interaction = ms_res - h * ms_run
    return np.stack(np.broadcast_arrays(model, task, interaction, ms_run + 0 * model), axis=-1)


def _coefficients(var: np.ndarray, n_tasks: Any, n_runs: Any) -> tuple[np.ndarray, np.ndarray]:
    """Generalizability (relative) and dependability (absolute) coefficients; broadcasts.

    ``var`` has the four components on its last axis, already truncated at zero.
    """
    model, task, interaction, run = np.moveaxis(var, -1, 0)
    relative = interaction / n_tasks + run / (n_tasks * n_runs)
    absolute = relative + task / n_tasks
    with np.errstate(invalid="ignore", divide="ignore"):
        g = np.where(model > 0, model / (model + relative), 0.0)
        phi = np.where(model > 0, model / (model + absolute), 0.0)
    return g, phi


@dataclass(frozen=True)
class GStudy:
    """Result of :func:`g_study`: variance components and the decisions they support.

    Attributes
    ----------
    components : pandas.DataFrame
        One row per component (``model``, ``task``, ``model × task``, ``run (within model
        × task)``) with ``variance`` (negative estimates set to 0, the usual convention),
        ``estimate`` (the raw, possibly negative, estimate), ``se`` (Brennan's standard
        error under normality) and ``share`` (of the summed ``variance``).
    mean_squares : pandas.DataFrame
        ``df`` and ``mean_square`` of each source, on the scale of cell means (the run
        source on the scale of single runs).
    n_models, n_tasks : int
        Size of the design.
    runs_harmonic : float
        Harmonic mean of the runs per cell, ``1 / mean(1 / n_mt)``.
    """

    components: pd.DataFrame
    mean_squares: pd.DataFrame
    n_models: int
    n_tasks: int
    runs_harmonic: float

    def d_study(self, n_tasks: Any, n_runs: Any = 1) -> pd.DataFrame:
        """Reliability of a models' ranking with ``n_tasks`` tasks and ``n_runs`` runs each.

        With components ``s_m, s_t, s_mt, s_e`` (model, task, interaction, run)::

            relative error  = s_mt / n_t + s_e / (n_t n_r)
            absolute error  = relative error + s_t / n_t
            generalizability  E rho^2 = s_m / (s_m + relative error)   (ranking models)
            dependability     Phi     = s_m / (s_m + absolute error)   (absolute scores)

        (Brennan 2001, ch. 4). Both are 0 when ``s_m`` is 0.

        Parameters
        ----------
        n_tasks, n_runs
            Numbers of tasks and of runs per task in the planned study; arrays broadcast.

        Returns
        -------
        pandas.DataFrame
            Columns ``n_tasks``, ``n_runs``, ``relative_error``, ``absolute_error``,
            ``generalizability``, ``dependability``: the error variances are those of a
            model's mean score.
        """
        n_t, n_r = np.broadcast_arrays(np.asarray(n_tasks, dtype=float),
                                       np.asarray(n_runs, dtype=float))
        if (n_t < 1).any() or (n_r < 1).any() or not (np.isfinite(n_t).all() and np.isfinite(n_r).all()):
            raise ValueError("n_tasks and n_runs must be finite and at least 1")
        var = self.components["variance"].to_numpy()
        g, phi = _coefficients(var, n_t, n_r)
        relative = var[2] / n_t + var[3] / (n_t * n_r)
        return pd.DataFrame({
            "n_tasks": n_t.ravel(), "n_runs": n_r.ravel(),
            "relative_error": relative.ravel(), "absolute_error": (relative + var[1] / n_t).ravel(),
            "generalizability": np.ravel(g), "dependability": np.ravel(phi)})

    def tasks_needed(self, target: float, n_runs: int = 1, *, kind: str = "relative") -> float:
        """Fewest tasks for a generalizability (``kind="relative"``) or dependability
        (``"absolute"``) coefficient of at least ``target``, with ``n_runs`` runs per task.

        Solves the D-study formula for ``n_t``:
        ``n_t = target / (1 - target) * (s_mt + s_e / n_r [+ s_t]) / s_m``, rounded up.
        Returns ``inf`` when the model component is 0 (no number of tasks separates the
        models) and 1 when even one task suffices.
        """
        if not 0 < target < 1:
            raise ValueError(f"target must be a reliability strictly between 0 and 1, got {target!r}")
        if kind not in ("relative", "absolute"):
            raise ValueError(f"kind must be 'relative' or 'absolute', got {kind!r}")
        if n_runs < 1:
            raise ValueError(f"n_runs must be at least 1, got {n_runs!r}")
        model, task, interaction, run = self.components["variance"].to_numpy()
        if model <= 0:
            return float("inf")
        error = interaction + run / n_runs + (task if kind == "absolute" else 0.0)
        return float(max(1.0, np.ceil(target / (1 - target) * error / model - 1e-12)))

    def _draws(self, rng: Any, n_draws: int) -> np.ndarray:
        """Components recomputed from mean squares redrawn as ``MS * chi2(df) / df``."""
        rng = check_rng(rng)
        if int(n_draws) != n_draws or n_draws < 100:
            raise ValueError(f"n_draws must be a whole number of at least 100, got {n_draws!r}")
        ms = self.mean_squares
        draws = [value * rng.chisquare(df, size=int(n_draws)) / df  # four sources, each vectorised
                 for df, value in zip(ms["df"], ms["mean_square"], strict=True)]
        return np.maximum(_components(*draws, self.n_models, self.n_tasks,
                                      1.0 / self.runs_harmonic), 0.0)

    def intervals(self, rng: np.random.Generator, *, n_draws: int = 4000,
                  confidence: float = 0.95, n_tasks: Any = None, n_runs: Any = 1) -> pd.DataFrame:
        """Parametric-bootstrap intervals for the components and the D-study coefficients.

        Each mean square is redrawn as ``MS * chi2(df) / df`` (its sampling distribution
        under normal effects, with the estimate in place of its expectation), the components
        and coefficients are recomputed, and the percentile interval is reported. This is
        the simulation counterpart of Satterthwaite's intervals (Brennan 2001, ch. 6).

        Caveats: with 0/1 scores the normality behind it is an approximation; intervals for
        components near zero are wide and start at 0 after truncation.

        Parameters
        ----------
        rng
            A :class:`numpy.random.Generator` (explicit, for reproducibility).
        n_draws
            Number of simulated sets of mean squares.
        confidence
            Level of the percentile intervals.
        n_tasks, n_runs
            Planned study for the coefficients (scalars); default the observed number of
            tasks and one run per task.

        Returns
        -------
        pandas.DataFrame
            Rows: the four components, ``generalizability`` and ``dependability``; columns
            ``estimate``, ``low``, ``high``.
        """
        level = check_confidence(confidence)
        n_tasks = self.n_tasks if n_tasks is None else n_tasks
        var = self._draws(rng, n_draws)
        g, phi = _coefficients(var, n_tasks, n_runs)
        table = np.column_stack([var, g, phi])
        alpha = (1 - level) / 2
        low, high = np.quantile(table, [alpha, 1 - alpha], axis=0)
        point = self.d_study(n_tasks, n_runs)
        estimate = np.r_[self.components["variance"].to_numpy(),
                         point["generalizability"].iloc[0], point["dependability"].iloc[0]]
        return pd.DataFrame({"estimate": estimate, "low": low, "high": high},
                            index=pd.Index([*COMPONENTS, "generalizability", "dependability"],
                                           name="quantity"))

    def d_study_intervals(self, rng: np.random.Generator, n_tasks: Any, n_runs: Any = 1, *,
                          n_draws: int = 4000, confidence: float = 0.95) -> pd.DataFrame:
        """:meth:`d_study` with percentile intervals for both coefficients at every row.

        The same simulated mean squares as :meth:`intervals` serve every planned design, so
        the bands of a curve over ``n_tasks`` are consistent with one another.

        Returns
        -------
        pandas.DataFrame
            The columns of :meth:`d_study` plus ``generalizability_low``/``_high`` and
            ``dependability_low``/``_high``.
        """
        level = check_confidence(confidence)
        table = self.d_study(n_tasks, n_runs)
        var = self._draws(rng, n_draws)[:, None, :]
        g, phi = _coefficients(var, table["n_tasks"].to_numpy(), table["n_runs"].to_numpy())
        alpha = (1 - level) / 2
        for name, values in (("generalizability", g), ("dependability", phi)):
            table[f"{name}_low"], table[f"{name}_high"] = np.quantile(values, [alpha, 1 - alpha], axis=0)
        return table


def _mean_squares(cells: Cells) -> pd.DataFrame:
    y = cells.means
    n_models, n_tasks = y.shape
    grand = y.mean()
    row = y.mean(axis=1, keepdims=True)
    col = y.mean(axis=0, keepdims=True)
    df_run = float((cells.runs - 1).sum())
    if df_run == 0:
        raise ValueError(
            "no model x task cell has two or more runs, so run-to-run noise cannot be told "
            "apart from the model x task interaction; collect repeated runs or use "
            "analysis.gtheory.balanced_subset(runs, min_runs=2)")
    df = np.array([n_models - 1, n_tasks - 1, (n_models - 1) * (n_tasks - 1), df_run], dtype=float)
    ss = np.array([n_tasks * ((row - grand) ** 2).sum(), n_models * ((col - grand) ** 2).sum(),
                   ((y - row - col + grand) ** 2).sum(), cells.within_ss.sum()])
    return pd.DataFrame({"df": df, "mean_square": ss / df},
                        index=pd.Index(["model", "task", "model × task", "run"], name="source"))


def g_study(runs: pd.DataFrame, *, model: str = "model", task: str = "task",
            score: str = "score") -> GStudy:
    """Variance components of a models x tasks design with repeated runs (a G-study).

    The model for the score of run ``r`` of model ``m`` on task ``t`` is::

        y_mtr = mu + a_m + b_t + (ab)_mt + e_r:mt

    with independent zero-mean effects of variances ``s_m`` (model: what a ranking should
    see), ``s_t`` (task difficulty), ``s_mt`` (model x task interaction: a model is good
    at some tasks and bad at others) and ``s_e`` (run-to-run noise, nested in cells). The
    components come from the expected mean squares of a two-way ANOVA on the cell means
    plus the pooled within-cell variance (Brennan 2001, ch. 3)::

        s_e  = sum of within-cell squared deviations / sum(n_mt - 1)
        s_mt = MS_mt - s_e * mean(1 / n_mt)
        s_m  = (MS_m - MS_mt) / n_tasks,      s_t = (MS_t - MS_mt) / n_models

    With the same number of runs in every cell this is the textbook ANOVA estimator. With
    unequal runs it is the *unweighted-means* analysis: the cell means enter equally and
    ``mean(1 / n_mt)`` replaces ``1 / n``. It stays unbiased for every component under the
    model (the double-centred cell means have expected mean squares ``s_mt + s_e mean(1 /
    n_mt)`` plus the model or task term), though less efficient than REML when the runs per
    cell vary a lot.

    Parameters
    ----------
    runs
        Long table, one row per run, with every model run at least once on every task
        (:func:`~analysis.gtheory.balanced_subset` finds a complete subset) and at least
        one cell with two or more runs.
    model, task, score
        Column names. Scores are finite numbers on any scale (0/1 success, a fraction).

    Returns
    -------
    GStudy
        Components with standard errors, and D-study methods.

    Raises
    ------
    KeyError
        A named column is missing.
    ValueError
        Missing or non-numeric scores, a model x task cell without runs, fewer than two
        models or tasks, or no repeated runs.

    Notes
    -----
    Standard errors follow Brennan (2001, eq. 6.1): for a component estimated as
    ``sum_j c_j MS_j``, ``SE^2 = sum_j 2 (c_j MS_j)^2 / (df_j + 2)``. They assume normal
    effects; with 0/1 scores treat them as approximate. Negative estimates (sampling
    error around a small component) are reported in ``estimate`` and set to 0 in
    ``variance``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> m, t, r = np.meshgrid(np.arange(6), np.arange(40), np.arange(3), indexing="ij")
    >>> y = 0.5 * rng.normal(size=6)[m] + rng.normal(size=40)[t] + 0.3 * rng.normal(size=m.shape)
    >>> runs = pd.DataFrame({"model": m.ravel(), "task": t.ravel(), "score": y.ravel()})
    >>> study = g_study(runs)
    >>> list(study.components.index)
    ['model', 'task', 'model × task', 'run (within model × task)']
    >>> bool(study.d_study(n_tasks=40)["generalizability"].iloc[0] > 0.9)
    True
    """
    cells = as_cells(runs, model=model, task=task, score=score)
    ms = _mean_squares(cells)
    n_models, n_tasks = cells.means.shape
    h = float(np.mean(1.0 / cells.runs))
    values = ms["mean_square"].to_numpy()
    dfs = ms["df"].to_numpy()
    estimate = _components(*values, n_models, n_tasks, h)
    # Coefficients of each mean square in each component, for Brennan's standard errors.
    coef = np.array([[1 / n_tasks, 0, -1 / n_tasks, 0],
                     [0, 1 / n_models, -1 / n_models, 0],
                     [0, 0, 1, -h],
                     [0, 0, 0, 1]])
    se = np.sqrt((2 * (coef * values) ** 2 / (dfs + 2)).sum(axis=1))
    variance = np.maximum(estimate, 0.0)
    total = variance.sum()
    components = pd.DataFrame(
        {"variance": variance, "estimate": estimate, "se": se,
         "share": variance / total if total > 0 else np.zeros(4)},
        index=pd.Index(COMPONENTS, name="component"))
    return GStudy(components, ms, n_models, n_tasks, 1.0 / h)
