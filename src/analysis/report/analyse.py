"""The numbers of a reliability report, computed from a response matrix with
:mod:`analysis.stats` (and :mod:`analysis.irt` when there are enough models)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import stats
from ..data import ResponseMatrix
from ..stats import coverage

__all__ = ["Report", "analyse", "choose_intervals", "item_statistics", "IRT_MIN_MODELS",
           "LOW_DISCRIMINATION", "MIN_MODELS_DISCRIMINATION"]

from .constants import IRT_MIN_MODELS, LOW_DISCRIMINATION, MIN_MODELS_DISCRIMINATION
from .sufficient import finish, from_matrix, poisson_replicates, rank_intervals
from .sufficient_pairs import closest_table


@dataclass
class Report:
    """Everything a report shows: tables (one row per model, pair, item), the summary
    sentences and notes. ``to_dict`` gives the numbers for scripts; ``html`` renders it."""

    meta: dict[str, Any]
    models: pd.DataFrame
    pairs: pd.DataFrame
    tiers: pd.DataFrame
    closest: pd.DataFrame
    items: pd.DataFrame
    runs: pd.DataFrame | None = None
    irt: pd.DataFrame | None = None
    summary: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rank_replicates: np.ndarray | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The report's numbers as plain Python objects (what ``--json`` writes)."""

        def records(frame: pd.DataFrame | None, index: str | None = None) -> list | None:
            if frame is None:
                return None
            out = frame.reset_index() if index else frame
            out = out.astype(object).where(out.notna(), None)
            return out.to_dict(orient="records")

        return {"meta": self.meta, "summary": self.summary, "notes": self.notes,
                "models": records(self.models, "model"), "pairs": records(self.pairs),
                "tiers": records(self.tiers, "model"), "closest_pairs": records(self.closest),
                "runs": records(self.runs, "model"), "items": records(self.items, "item"),
                "irt_items": records(self.irt, "item")}

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string."""
        import json

        return json.dumps(self.to_dict(), indent=kwargs.pop("indent", 1), default=_plain, **kwargs)

    def to_html(self) -> str:
        """The self-contained HTML page (figures inline)."""
        if self.meta.get("engine") == "dask":
            from .engine_dask import render_scale

            return render_scale(self)
        from .html import render

        return render(self)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def _rules() -> dict[str, float]:
    """Minimum expected count of the rarer outcome for each independent-item interval,
    read from the book's advice (:func:`analysis.stats.coverage.recommendations`)."""
    table = coverage.recommendations()
    out = {}
    for row in table.itertuples():
        if "independent" in row.design:
            for method in row.methods:
                out.setdefault(method, float(row.min_rarer))
    return out


def _is_binary(values: np.ndarray) -> bool:
    return bool(np.isin(values, (0.0, 1.0)).all())


def clusters_of(matrix: ResponseMatrix) -> pd.Series | None:
    """The item clusters when they group items (2 or more clusters, fewer than the items),
    else ``None``."""
    if "cluster" not in matrix.items.columns:
        return None
    n_clusters = matrix.items["cluster"].nunique()
    return matrix.items["cluster"] if 2 <= n_clusters < matrix.n_items else None


def choose_intervals(matrix: ResponseMatrix, *, confidence: float = 0.95) -> pd.DataFrame:
    """Per-model mean, SE and interval, with the interval the coverage study recommends.

    * Items in clusters (an ``items["cluster"]`` column with fewer clusters than items):
      :func:`analysis.stats.clustered_se` with ``method="CR2"`` (Bell–McCaffrey df).
    * Independent 0/1 items: by each model's count of the rarer outcome (right or wrong):
      the normal interval of :func:`analysis.stats.mean_se` from 50, Wilson
      (:func:`analysis.stats.wilson_scores`) from 5, exact Clopper–Pearson
      (:func:`analysis.stats.clopper_pearson_scores`) below; the thresholds come from
      :func:`analysis.stats.coverage.recommendations`.
    * Other scores (partial credit, means over runs): :func:`analysis.stats.mean_se` with
      the t interval.

    Returns
    -------
    pandas.DataFrame
        Index ``model``: ``mean``, ``se``, ``ci_low``, ``ci_high``, ``n``, ``method``,
        ``se_naive`` (the SE as if items were independent), ``design_effect``,
        ``n_clusters``.
    """
    scores = matrix.scores
    values = scores.to_numpy()
    with warnings.catch_warnings():  # the naive SE is a reference, not the reported interval
        warnings.simplefilter("ignore", stats.DegenerateIntervalWarning)
        naive = stats.mean_se(scores, confidence=confidence, method="t")
    clusters = clusters_of(matrix)
    n_clusters = int(clusters.nunique()) if clusters is not None else 0
    if clusters is not None:
        out = stats.clustered_se(scores, clusters, method="CR2", confidence=confidence)
        out["method"] = "CR2 clustered"
    elif _is_binary(values):
        out = _binary_intervals(scores, values, confidence)
        n_clusters = 0
    else:
        out = stats.mean_se(scores, confidence=confidence, method="t")
        out["method"] = "t (CLT)"
        n_clusters = 0
    out["se_naive"] = naive["se"]
    out["design_effect"] = (out["se"] / out["se_naive"]) ** 2 if n_clusters else 1.0
    out["n_clusters"] = n_clusters
    out.index.name = "model"
    return out[["mean", "se", "ci_low", "ci_high", "n", "method", "se_naive", "design_effect",
                "n_clusters"]]


def _binary_intervals(scores: pd.DataFrame, values: np.ndarray, confidence: float) -> pd.DataFrame:
    """Each model's interval by its count of the rarer outcome (warnings of the intervals
    computed for every model but not chosen for it are silenced)."""
    rules = _rules()
    k = values.sum(axis=1)
    rarer = np.minimum(k, values.shape[1] - k)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", stats.DegenerateIntervalWarning)
        out = stats.clopper_pearson_scores(scores, confidence=confidence)
        out["method"] = "Clopper–Pearson"
        wilson = rarer >= rules.get("wilson", 5)
        normal = rarer >= rules.get("normal", 50)
        for mask, frame, label in (
                (wilson, stats.wilson_scores(scores, confidence=confidence), "Wilson"),
                (normal, stats.mean_se(scores, confidence=confidence), "normal (CLT)")):
            for column in ("mean", "se", "ci_low", "ci_high"):
                out.loc[mask, column] = frame.loc[mask, column]
            out.loc[mask, "method"] = label
    return out.drop(columns=["successes"])


def _interval_notes(models: pd.DataFrame) -> list[str]:
    """Caveats from the coverage study for clustered designs."""
    n_clusters = int(models["n_clusters"].iloc[0])
    if not n_clusters:
        return []
    out = []
    if n_clusters < 5:
        out.append(f"Only {n_clusters} clusters: clustered intervals rest on very few degrees "
                   "of freedom and are wide; the coverage study recommends 5 or more.")
    extreme = models.index[(np.minimum(models["mean"], 1 - models["mean"]) < 0.3).to_numpy()]
    if n_clusters < 100 and len(extreme):
        out.append(f"With fewer than 100 clusters and accuracy outside 30–70% ({len(extreme)} "
                   "model(s)), no interval in the library keeps its promise; CR2 comes closest. "
                   "Read those intervals as optimistic.")
    return out


def _clip_to_scale(models: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Intervals cut at the ends of the [0, 1] scale of the report's scores, and how many
    models needed it (a t or normal interval can pass the ends; a score cannot)."""
    low, high = models["ci_low"] < 0, models["ci_high"] > 1
    clipped = int((low | high).sum())
    if clipped:
        models = models.assign(ci_low=models["ci_low"].clip(lower=0.0),
                               ci_high=models["ci_high"].clip(upper=1.0))
    return models, clipped


def _rank_intervals(matrix: ResponseMatrix, order: pd.Index, *, rng: np.random.Generator,
                    n_resamples: int, confidence: float) -> tuple[pd.DataFrame, np.ndarray]:
    """Bootstrap rank intervals (items, or clusters, resampled; every model on the same
    draws) from the replicates of :func:`analysis.stats.bootstrap_mean`."""
    scores = matrix.scores.loc[order]
    clusters = clusters_of(matrix)
    with warnings.catch_warnings():  # the replicates serve ranks, not intervals
        warnings.simplefilter("ignore", stats.DegenerateIntervalWarning)
        if clusters is not None:
            _, reps = stats.cluster_bootstrap_mean(scores, clusters, rng=rng,
                                                   n_resamples=n_resamples, return_replicates=True)
        else:
            _, reps = stats.bootstrap_mean(scores, rng=rng, n_resamples=n_resamples,
                                           return_replicates=True, n_threads=1)
    return rank_intervals(reps, order, confidence=confidence), reps


def _closest(matrix: ResponseMatrix, order: pd.Index, pairs: pd.DataFrame, *,
             alpha: float = 0.05, power: float = 0.8) -> pd.DataFrame:
    """Items needed to separate each pair of neighbours in the ranking (observed difference
    taken as the true one): paired omega^2 from :func:`analysis.stats.paired_variance`, the
    clustered design effect of the pair, :func:`analysis.stats.required_sample_size`."""
    values = matrix.scores.loc[order].to_numpy()
    upper = pd.DataFrame(values[:-1], columns=matrix.scores.columns)
    lower = pd.DataFrame(values[1:], columns=matrix.scores.columns)
    omega2 = stats.paired_variance(upper, lower)
    delta = values[:-1].mean(axis=1) - values[1:].mean(axis=1)
    n = matrix.n_items
    keyed = pairs.set_index(["model_a", "model_b"])
    se = keyed.loc[list(zip(order[:-1], order[1:], strict=True)), "se"].to_numpy()
    return closest_table(pd.Index(order), delta, omega2, se, n, alpha=alpha, power=power)


def item_statistics(matrix: ResponseMatrix) -> pd.DataFrame:
    """Classical item statistics: ``p_value`` (mean score of the item over models: the share
    of models correct for 0/1 scores) and ``item_rest`` (point-biserial correlation, over
    models, of the item's score with the model's total on the other items), with ``flag``:
    ``all correct``, ``all wrong``, ``negative discrimination`` (only with at least
    :data:`MIN_MODELS_DISCRIMINATION` models: with fewer the correlation is noise) or empty.

    NaN correlation where the item (or the rest score) does not vary over models. Needs
    three or more models to say anything; with fewer every correlation is NaN.
    """
    x = matrix.scores.to_numpy(dtype=np.float64)
    total = x.sum(axis=1, keepdims=True)
    xc = x - x.mean(axis=0)
    rc = (total - x) - (total - x).mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (xc * rc).sum(axis=0) / np.sqrt((xc**2).sum(axis=0) * (rc**2).sum(axis=0))
    if x.shape[0] < 3:
        r[:] = np.nan
    flag = np.full(x.shape[1], "", dtype=object)
    if x.shape[0] >= MIN_MODELS_DISCRIMINATION:
        flag[r < 0] = "negative discrimination"
    flag[x.min(axis=0) == 1] = "all correct"
    flag[x.max(axis=0) == 0] = "all wrong"
    return pd.DataFrame({"p_value": x.mean(axis=0), "item_rest": r, "flag": flag},
                        index=matrix.scores.columns)


def _irt_items(matrix: ResponseMatrix, notes: list[str]) -> pd.DataFrame | None:
    """2PL item parameters and fit (:func:`analysis.irt.fit_irt`, :func:`analysis.irt.item_fit`)
    with flags: too easy / too hard (difficulty beyond every fitted model's ability),
    non-discriminating (discrimination below :data:`LOW_DISCRIMINATION`), misfitting."""
    from .. import irt

    fit = irt.fit_irt(matrix.scores, model="2PL")
    table = fit.items[["difficulty", "discrimination", "p_correct"]].copy()
    table = table.join(irt.item_fit(fit, matrix.scores)[["infit", "outfit", "misfit"]])
    theta = fit.abilities["theta"]
    flags = np.full(len(table), "", dtype=object)
    flags[table["misfit"].to_numpy()] = "misfitting"
    flags[(table["discrimination"] < LOW_DISCRIMINATION).to_numpy() & (flags == "")] = "non-discriminating"
    flags[(table["difficulty"] < theta.min()).to_numpy() & (flags == "")] = "too easy"
    flags[(table["difficulty"] > theta.max()).to_numpy() & (flags == "")] = "too hard"
    table["flag"] = flags
    table.index.name = "item"
    if not fit.converged:
        notes.append("The IRT fit did not converge; read its item parameters with care.")
    return table


def analyse(matrix: ResponseMatrix, *, seed: int = 0, n_resamples: int = 2000,
            confidence: float = 0.95, alpha: float = 0.05, irt: bool | None = None,
            step: Callable[[str], None] | None = None, meta: dict[str, Any] | None = None,
            resampling: str = "multinomial") -> Report:
    """Compute every section of the report.

    Parameters
    ----------
    matrix
        The models x items response matrix (``items["cluster"]`` and ``runs`` are used
        when present).
    seed
        Seed of the :class:`numpy.random.Generator` for the bootstrap rank intervals.
    n_resamples
        Bootstrap replicates.
    confidence, alpha
        Interval coverage; level of the Holm-adjusted paired tests.
    irt
        Fit a 2PL model (default: when scores are 0/1 and there are at least
        :data:`IRT_MIN_MODELS` models).
    step
        Called with the name of each step before it runs (progress bars).
    meta
        Extra facts about the input, kept in ``Report.meta``.
    resampling
        ``"multinomial"`` (default): the classical bootstrap of
        :func:`analysis.stats.bootstrap_mean` (or the cluster bootstrap), drawn from the
        seeded generator. ``"poisson"``: the Poisson bootstrap of
        :mod:`analysis.report.poisson`, whose weights depend only on (seed, item or cluster
        id, replicate); the per-model table then comes from the sufficient statistics of
        :mod:`analysis.report.sufficient`, the same code as ``engine="dask"``, so the two
        engines give the same numbers. The default stays multinomial: it is the textbook
        bootstrap the book teaches, with a fixed number of items in every replicate.
    """
    if resampling not in ("multinomial", "poisson"):
        raise ValueError(f"resampling must be 'multinomial' or 'poisson'; got {resampling!r}")
    step = step or (lambda name: None)
    notes: list[str] = []
    rng = np.random.default_rng(seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        step("intervals")
        sufficient = None
        if resampling == "poisson":
            # The pairs below come from the matrix itself: no cross-products needed.
            sufficient = from_matrix(matrix, seed=seed, n_resamples=n_resamples,
                                     clusters=clusters_of(matrix), cross=False)
            models = finish(sufficient, confidence=confidence)
        else:
            models = choose_intervals(matrix, confidence=confidence)
        order = models.sort_values("mean", ascending=False, kind="stable").index
        notes += _interval_notes(models)
        models, clipped = _clip_to_scale(models)
        if clipped:
            notes.append(
                f"{clipped} model(s) had an interval reaching past 0% or 100%; it is shown cut "
                "at the end of the scale. The interval's normal approximation fails there (too "
                "few clusters or items): read it as 'anywhere in this range', not as a precise "
                "bound.")
        models = models.loc[order]
        clusters = clusters_of(matrix)
        pairs = tiers = closest = pd.DataFrame()
        if matrix.n_models >= 2:
            step("paired comparisons")
            sorted_scores = matrix.scores.loc[order]
            pairs = stats.pairwise_comparisons(sorted_scores, clusters=clusters, test="t",
                                               cluster_method="CR2", adjust="holm", alpha=alpha,
                                               confidence=confidence)
            tiers = stats.leaderboard_tiers(sorted_scores, clusters=clusters, test="t",
                                            cluster_method="CR2", adjust="holm", alpha=alpha)
            step("bootstrap ranks")
            if sufficient is not None:
                reps = poisson_replicates(sufficient)[:, sufficient.models.get_indexer(order)]
                ranks = rank_intervals(reps, order, confidence=confidence)
            else:
                ranks, reps = _rank_intervals(matrix, order, rng=rng, n_resamples=n_resamples,
                                              confidence=confidence)
            models = models.join(ranks).join(tiers[["rank", "tier", "n_tied"]])
            step("sample sizes")
            closest = _closest(matrix, order, pairs, alpha=alpha)
        else:
            reps = None
        runs = None
        if matrix.runs is not None:
            step("run-to-run variance")
            runs = _run_variance(matrix)
        step("item statistics")
        items = item_statistics(matrix)
        binary = _is_binary(matrix.scores.to_numpy())
        use_irt = irt if irt is not None else (binary and matrix.n_models >= IRT_MIN_MODELS)
        irt_table = None
        if use_irt:
            step("IRT fit")
            try:
                irt_table = _irt_items(matrix, notes)
            except (ValueError, np.linalg.LinAlgError) as exc:
                notes.append(f"The IRT fit failed ({exc}); the classical item statistics remain.")
    for message in dict.fromkeys(str(w.message) for w in caught):
        notes.append(message)
    info = dict(meta or {})
    info.update({"n_models": matrix.n_models, "n_items": matrix.n_items, "seed": seed,
                 "n_resamples": n_resamples, "resampling": resampling, "engine": "memory",
                 "confidence": confidence, "alpha": alpha,
                 "n_clusters": int(models["n_clusters"].iloc[0]), "binary": binary,
                 "irt": bool(use_irt), "irt_min_models": IRT_MIN_MODELS,
                 "runs_per_item": None if runs is None else float(runs["runs_per_item"].mean())})
    report = Report(meta=info, models=models, pairs=pairs, tiers=tiers, closest=closest,
                    items=items, runs=runs, irt=irt_table, notes=notes, rank_replicates=reps)
    from .summary import summarise

    report.summary = summarise(report)
    return report


def _run_variance(matrix: ResponseMatrix) -> pd.DataFrame | None:
    """Per model: :func:`analysis.stats.variance_components` of the per-run scores, and the
    SE of the mean with the runs made vs infinitely many (:func:`analysis.stats.repeated_sampling_se`)."""
    runs = matrix.runs
    rows = {}
    for model, part in runs.groupby("model", sort=False):
        if part.groupby("item").size().max() < 2:
            continue
        comp = stats.variance_components(part["score"].to_numpy(), part["item"].to_numpy(),
                                         bounded=False).iloc[0]
        k = comp["runs_per_item"]
        between = comp["between_variance"]
        within = comp["within_variance"]
        n = int(comp["n_items"])
        rows[model] = {**comp.to_dict(),
                       "se_with_runs": stats.repeated_sampling_se(between, within, n, max(1, round(k)), bounded=False),
                       "se_infinite_runs": stats.repeated_sampling_se(between, within, n, np.inf, bounded=False)}
    if not rows:
        return None
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "model"
    return frame
