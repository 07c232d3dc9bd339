"""The report's per-model numbers, paired comparisons, tiers and closest-pair sample sizes
from a partitioned Parquet dataset, on a Dask cluster
(``python -m analysis report DATASET --engine dask``).

The rows are read with ``dask.dataframe`` on a ``dask.distributed`` cluster (a
``distributed.LocalCluster`` on this machine by default, or the scheduler at
``scheduler``). Each partition is reduced to the sufficient statistics of
:mod:`analysis.report.sufficient` (per-model and per-cluster sums and counts, sums of
squares, the models x models cross-products of the item scores, Poisson-weighted replicate
sums), the partial statistics are added in a tree, and
:func:`analysis.report.sufficient.finish` and
:mod:`analysis.report.sufficient_pairs` compute the same tables as the in-memory engine
with ``resampling="poisson"``: the same means, SEs, intervals, rank intervals, paired
comparisons (Holm-adjusted, CR2 with clusters), tiers and items needed to separate
neighbours. Only the item statistics and the IRT fit need the whole models x items matrix in
one place and stay with the in-memory engine.

Requirements: scores in [0, 1] (0/1, true/false, or partial credit); every model scored on
every item (once, or several times with a
``run`` column: a cell is then the mean over its runs, as in memory). A cross-product needs
every model's row of an item in one partition. A first pass over the item column checks
it: when the partitions' numbers of distinct items add up to the dataset's, no item is
split and the partitions are used as written (a dataset written item-wise, e.g. one file per
block of items with all models in each, costs nothing more). Otherwise the rows are first
shuffled by item (``DataFrame.shuffle("item")``, peer-to-peer: every row crosses the
network once and each worker holds, or spills to disk, about its share of the dataset). The memory per
partition is one models x models float64 array (8 MB for 1,000 models) besides the
partition itself.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .readers import CANDIDATES, InputError
from .sufficient import SufficientStatistics, partial_statistics

__all__ = ["analyse_dataset", "dask_statistics", "open_client", "render_scale"]

_FAN_IN = 4


def _columns(path: str | Path, given: dict[str, str | None]) -> dict[str, str | None]:
    """The column of each role in the dataset's schema (given, or detected from
    :data:`analysis.report.readers.CANDIDATES`); a clear error when one is missing."""
    import pyarrow.dataset as ds

    try:
        names = ds.dataset(str(path), format="parquet", partitioning="hive").schema.names
    except (OSError, ValueError) as exc:  # pyarrow's errors subclass these
        raise InputError(f"{path}: not a readable Parquet dataset ({exc}); --engine dask reads a "
                         "Parquet file or a folder of Parquet files") from exc
    lower = {name.lower(): name for name in names}
    chosen: dict[str, str | None] = {}
    for role in ("model", "item", "score", "cluster", "run"):
        name = given.get(role)
        if name == "":
            chosen[role] = None
        elif name is not None:
            if name not in names:
                raise InputError(f"{path}: no column {name!r} (--{role}); the dataset has "
                                 f"columns {names}")
            chosen[role] = name
        else:
            chosen[role] = next((lower[c] for c in CANDIDATES[role] if c in lower), None)
            if chosen[role] is None and role in ("model", "item", "score"):
                raise InputError(
                    f"{path}: no {role} column (looked for {', '.join(CANDIDATES[role])}); the "
                    f"dataset has columns {names}. Name it with --{role} COLUMN.")
    return chosen


def open_client(scheduler: str | None = None, *, n_workers: int = 2, processes: bool = True,
                memory_limit: str = "2GB", timeout: float = 10.0):
    """A ``distributed.Client``: on the scheduler at ``scheduler`` (e.g.
    ``tcp://10.0.0.5:8786``), or on a new ``distributed.LocalCluster`` of ``n_workers``
    single-threaded workers with ``memory_limit`` each. The caller closes it (``with``).

    Raises
    ------
    analysis.report.readers.InputError
        The scheduler cannot be reached within ``timeout`` seconds.
    """
    from distributed import Client

    if scheduler:
        try:
            return Client(scheduler, timeout=f"{timeout}s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(
                f"cannot reach the Dask scheduler at {scheduler!r} ({exc}). Check the address "
                "(tcp://HOST:PORT, as printed by `dask scheduler`) or leave --scheduler out to "
                "run on a local cluster.") from exc
    # The client starts the local cluster and owns it: closing the client closes it.
    return Client(n_workers=n_workers, threads_per_worker=1, processes=processes,
                  memory_limit=memory_limit, dashboard_address=":0", set_as_default=False)


def _bad_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Up to 5 scores of one partition that are missing, not numbers, or outside [0, 1]."""
    raw = frame.iloc[:, 0]
    score = pd.to_numeric(raw.astype(np.float64) if raw.dtype == bool else raw, errors="coerce")
    return frame[~((score >= 0) & (score <= 1)).to_numpy()].head(5)


@contextmanager
def _quiet(name: str):
    """Log records of the logger ``name`` below ERROR are dropped inside the block."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _distinct_items(items: pd.Series) -> pd.Series:
    """Number of distinct items in one partition (one value)."""
    return pd.Series([items.nunique()], dtype=np.int64)


def _cell_means(part: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """A partition holding whole items: each cell's mean over its runs, sorted by model
    and item, so that every model's sums add its items in the same order (two models with
    the same scores then get the same sums to the last bit, as in memory)."""
    return part.groupby(keys, sort=True, observed=True)["score"].mean().reset_index()


def _add_all(*parts: SufficientStatistics) -> SufficientStatistics:
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def dask_statistics(path: str | Path, *, model: str | None = None, item: str | None = None,
                    score: str | None = None, cluster: str | None = None, run: str | None = None,
                    seed: int = 0, n_resamples: int = 2000, scheduler: str | None = None,
                    client: Any = None, n_workers: int = 2,
                    timeout: float = 10.0) -> tuple[SufficientStatistics, dict]:
    """Sufficient statistics of a partitioned Parquet dataset, computed on a Dask cluster.

    Parameters
    ----------
    path
        A Parquet file or a folder of them (hive-style ``key=value`` folders allowed).
    model, item, score, cluster, run
        Column names (default: detected as in the in-memory reader; ``""`` turns cluster or
        run detection off).
    seed, n_resamples
        The Poisson bootstrap's seed and replicates.
    scheduler, client, n_workers, timeout
        Where to compute: an existing ``distributed.Client``, else the scheduler at
        ``scheduler`` (given up after ``timeout`` seconds), else a local cluster of
        ``n_workers`` processes.

    Returns
    -------
    (SufficientStatistics, dict)
        The statistics (with the cross-products) and facts about the input (columns,
        rows, items, partitions, and ``shuffled``: whether items spread over several
        partitions had to be shuffled into one).

    Raises
    ------
    analysis.report.readers.InputError
        Missing columns, scores missing or outside [0, 1], models not scored on every
        item, an unreachable scheduler.
    """
    import dask
    import dask.dataframe as dd

    cols = _columns(path, {"model": model, "item": item, "score": score, "cluster": cluster,
                           "run": run})
    own = client is None
    client = client or open_client(scheduler, n_workers=n_workers, timeout=timeout)
    try:
        wanted = [c for c in cols.values() if c is not None]
        frame = dd.read_parquet(str(path), columns=wanted)
        rename = {c: role for role, c in cols.items() if c is not None}
        frame = frame.rename(columns=rename)
        bad = frame[["score"]].map_partitions(_bad_values, meta=frame[["score"]]._meta)
        per_part = frame["item"].map_partitions(_distinct_items, meta=pd.Series(dtype=np.int64))
        lazy = [frame["model"].unique(), frame["item"].nunique(), frame["score"].size, bad,
                per_part.sum()]
        if cols["cluster"]:
            lazy.append(frame["cluster"].unique())
        done = dask.compute(*lazy, scheduler=client.get)
        models_found, n_items, n_rows, bad_rows, n_part_items = done[:5]
        if len(bad_rows):
            examples = bad_rows["score"].head(5).tolist()
            numbers = pd.to_numeric(pd.Series(examples), errors="coerce")
            hint = (" They look like percentages: divide them by 100."
                    if numbers.notna().all() and (numbers > 1).all() and (numbers <= 100).all()
                    else "")
            raise InputError(
                f"{path}: column {cols['score']!r} holds scores that are missing, not numbers "
                f"or outside [0, 1] (e.g. {examples}); --engine dask needs a score in [0, 1] "
                f"on every row (0/1, true/false or partial credit).{hint}")
        models = pd.Index(np.sort(np.asarray(models_found, dtype=object).astype(str)), name="model")
        clusters = None
        if cols["cluster"]:
            found = pd.Index(pd.unique(np.asarray(done[5], dtype=object).astype(str)))
            clusters = found.sort_values() if 2 <= len(found) < n_items else None
        records = frame.assign(score=frame["score"].astype(np.float64))
        # Cross-products need each item whole in one partition: shuffle only if some item
        # is split (the partitions' distinct items then add up to more than the dataset's).
        shuffled = int(n_part_items) != int(n_items)
        if shuffled:  # peer-to-peer: each row crosses the network once, spilled to disk if need be
            records = records.shuffle("item", shuffle_method="p2p")
        if cols["run"]:  # a cell is the mean over its runs, as in memory (items are whole)
            keys = ["model", "item"] + (["cluster"] if clusters is not None else [])
            meta = records._meta.groupby(keys)["score"].mean().reset_index()
            records = records.map_partitions(_cell_means, keys, meta=meta)
        level = [dask.delayed(partial_statistics)(part, models, clusters, seed=seed,
                                                  n_resamples=n_resamples)
                 for part in records.to_delayed()]
        while len(level) > 1:  # a tree: at most _FAN_IN partial results meet on one worker
            level = [dask.delayed(_add_all)(*level[i:i + _FAN_IN])
                     for i in range(0, len(level), _FAN_IN)]
        with _quiet("distributed.shuffle"):  # it logs every shuffle at WARNING level
            stats = level[0].compute(scheduler=client.get)
    finally:
        if own:
            client.close()
    wrong = np.flatnonzero(stats.n != n_items)
    if len(wrong):
        first = wrong[0]
        raise InputError(
            f"{path}: model {models[first]!r} has {int(stats.n[first]):,} scored items but the "
            f"dataset has {n_items:,} items; --engine dask needs every model scored on every item"
            + (" once (several rows for one model and item need a run column: --run)"
               if stats.n[first] > n_items else ""))
    info = {"columns": cols, "n_rows": int(n_rows), "n_items": int(n_items),
            "n_partitions": int(frame.npartitions), "shuffled": shuffled}
    return stats, info


def analyse_dataset(path: str | Path, *, seed: int = 0, n_resamples: int = 2000,
                    confidence: float = 0.95, alpha: float = 0.05,
                    meta: dict[str, Any] | None = None, **options: Any):
    """The report for a Parquet dataset, computed on a Dask cluster: the same per-model
    table, paired comparisons, tiers and closest pairs as ``analyse(matrix,
    resampling="poisson")`` on the same rows.

    ``alpha``: level of the Holm-adjusted paired tests. ``options``: column names,
    ``scheduler``, ``client``, ``n_workers`` of :func:`dask_statistics`. Returns a
    :class:`analysis.report.Report` whose ``items`` table is empty and without IRT (they
    need the whole matrix).
    """
    from .analyse import Report, _clip_to_scale, _interval_notes
    from .sufficient import finish, poisson_replicates, rank_intervals
    from .sufficient_pairs import comparisons_from_statistics

    stats, info = dask_statistics(path, seed=seed, n_resamples=n_resamples, **options)
    models = finish(stats, confidence=confidence)
    order = models.sort_values("mean", ascending=False, kind="stable").index
    notes = _interval_notes(models)
    models, clipped = _clip_to_scale(models)
    if clipped:
        notes.append(f"{clipped} model(s) had an interval reaching past 0% or 100%; it is shown "
                     "cut at the end of the scale.")
    models = models.loc[order]
    reps = None
    pairs = tiers = closest = pd.DataFrame()
    if len(order) >= 2:
        pairs, tiers, closest = comparisons_from_statistics(stats, order, alpha=alpha,
                                                            confidence=confidence)
        reps = poisson_replicates(stats)[:, stats.models.get_indexer(order)]
        models = (models.join(rank_intervals(reps, order, confidence=confidence))
                  .join(tiers[["rank", "tier", "n_tied"]]))
    notes.append("Computed with --engine dask: per-model scores and intervals, Poisson-bootstrap "
                 "rank intervals, paired comparisons, tiers and closest pairs. The item "
                 "statistics and the IRT fit need the whole models x items matrix: run the "
                 "in-memory engine on a subset of models for those.")
    info.update(meta or {})
    info.update({"source": str(path), "kind": "parquet dataset", "engine": "dask",
                 "n_models": len(order), "seed": seed, "n_resamples": n_resamples,
                 "resampling": "poisson", "confidence": confidence, "alpha": alpha,
                 "n_clusters": int(models["n_clusters"].iloc[0]),
                 "binary": stats.non_binary == 0, "irt": False, "runs_per_item": None})
    items = pd.DataFrame(columns=["p_value", "item_rest", "flag"])
    report = Report(meta=info, models=models, pairs=pairs, tiers=tiers, closest=closest,
                    items=items, notes=notes, rank_replicates=reps)
    report.summary = _summary(report)
    return report


def _summary(report) -> list[str]:
    """The in-memory report's summary sentences (:func:`analysis.report.summary.summarise`)
    with the dataset's design first and nothing about the item statistics (not computed)."""
    from .constants import MIN_MODELS_DISCRIMINATION
    from .summary import summarise

    meta = report.meta
    design = (f"{meta['n_models']:,} models were scored on {meta['n_items']:,} items "
              f"({meta['n_rows']:,} rows, {meta['n_partitions']:,} partitions)")
    if meta["n_clusters"]:
        design += f" in {meta['n_clusters']:,} clusters"
    out = summarise(report)
    items = f"With fewer than {MIN_MODELS_DISCRIMINATION} models, item–rest correlations"
    return [design + "."] + [s for s in out[1:] if not s.startswith(items)]


def render_scale(report) -> str:
    """The HTML page of a report made with ``engine="dask"``: summary, per-model table,
    paired comparisons, tiers and closest pairs (as :func:`analysis.report.html.render`
    shows them, without figures), notes."""
    import html

    from .html import _CSS, _PERCENT, _closest_section, _fmt, _pairs_section, _tiers_section

    meta = report.meta
    title = html.escape(meta.get("title") or f"Reliability report: {meta.get('source', 'results')}")
    cols = [c for c in ("mean", "se", "ci_low", "ci_high", "n", "method", "n_clusters",
                        "design_effect", "rank", "rank_low", "rank_high", "p_first", "tier")
            if c in report.models]
    parts = [
        f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
        f"<style>{_CSS}</style></head><body><h1>{title}</h1>",
        '<div class="summary"><p>' + "</p><p>".join(html.escape(s) for s in report.summary)
        + "</p></div>",
        f'<p class="note">Input: {html.escape(str(meta["source"]))} (Parquet dataset, '
        f'--engine dask). Seed {meta["seed"]}, {meta["n_resamples"]:,} Poisson-bootstrap '
        "replicates.</p>",
        "<h2>Scores</h2>" + _fmt(report.models[cols], percent=_PERCENT)]
    if meta["n_models"] >= 2:
        parts.append(_pairs_section(report))
        parts.append(_tiers_section(report))
        parts.append(_closest_section(report))
    parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in report.notes)
                 + "</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
