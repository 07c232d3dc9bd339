"""The report's Dask engine on a partitioned Parquet dataset of 100,000,000 rows.

Writes synthetic 0/1 results (a Rasch model: known abilities of 1,000 models, known
difficulties of 100,000 items; one Parquet file per block of items, all models in each) to a
temporary folder, then runs :func:`analysis.report.engine_dask.analyse_dataset` on a
:class:`distributed.LocalCluster` of 2 single-threaded worker processes and reports

- the wall time of writing the dataset and of the analysis (two passes over the data: the
  models, items, a check of the scores and whether any partition splits an item (none does
  here: each file holds whole items, so nothing is shuffled); then the sufficient statistics
  with 1,000 Poisson-bootstrap replicates and the 1,000 x 1,000 cross-products, and from
  them the per-model table and the 499,500 paired comparisons, tiers and closest pairs),
  the median of ``--repeats`` runs;
- the peak resident memory of each worker process (target: under 2 GB) and of this process;
- recovery of the known parameters: each model's mean against its true expected score on
  these items (the mean of its Rasch probabilities), in units of that mean's SE given the
  items (independent over models: about 95% within 1.96), and the rank correlation of the
  means with the true abilities;
- the same numbers from the in-memory engine's code on one file of the dataset
  (1,000 models x 1,000 items), which must agree to 1e-12: the per-model table, and the
  paired comparisons, tiers and closest pairs (labels, tiers and rejections exactly); and
  the time of the paired comparisons, tiers and closest pairs of 1,000 models from the
  statistics (the part that grows with the square of the models).

Run: ``python benchmarks/bench_dask.py [--rows N] [--resamples B] [--repeats R]``
(``--rows`` rounds to whole files of 1,000 items x 1,000 models; the default is
100,000,000 rows, the smallest 1,000,000; each time is the median of ``R`` runs, by default
3, and 1 for the Dask run on 100,000,000 rows or more).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from _results import write_section
from scipy.stats import spearmanr

from analysis.report.engine_dask import analyse_dataset, open_client
from analysis.report.sufficient import (
    finish,
    partial_statistics,
    poisson_replicates,
    rank_intervals,
)
from analysis.report.sufficient_pairs import comparisons_from_statistics

N_MODELS = 1_000
ITEMS_PER_FILE = 1_000
WORKER_MEMORY_TARGET_GB = 2.0
AGREE = 1e-12
LONG_RUN_ROWS = 100_000_000  # from here on the Dask run is timed once by default


def write_dataset(folder: Path, n_items: int, seed: int = 0):
    """One Parquet file per block of items. Returns per model the true expected score on
    these items (mean of the Rasch probabilities), its conditional SE given the items
    (``sqrt(sum p (1 - p)) / n``), the true abilities, and the model names."""
    rng = np.random.default_rng(seed)
    theta = rng.normal(0, 1, N_MODELS)
    difficulty = rng.normal(0, 1.5, n_items)
    models = [f"model-{i:04d}" for i in range(N_MODELS)]
    truth, variance = np.zeros(N_MODELS), np.zeros(N_MODELS)
    codes = np.repeat(np.arange(N_MODELS, dtype=np.int32), ITEMS_PER_FILE)
    for k, lo in enumerate(range(0, n_items, ITEMS_PER_FILE)):
        items = np.arange(lo, min(lo + ITEMS_PER_FILE, n_items))
        p = 1 / (1 + np.exp(-(theta[:, None] - difficulty[None, items])))
        truth += p.sum(axis=1)
        variance += (p * (1 - p)).sum(axis=1)
        x = (rng.random(p.shape) < p).astype(np.int8)
        table = pa.table({
            "model": pa.DictionaryArray.from_arrays(codes[:x.size], pa.array(models)),
            "item": np.tile(items.astype(np.int32), N_MODELS),
            "score": x.ravel()})
        pq.write_table(table, folder / f"part-{k:05d}.parquet")
    return truth / n_items, np.sqrt(variance) / n_items, theta, models


def _usage() -> tuple[float, float]:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_maxrss / 1024**2, use.ru_utime + use.ru_stime


def worker_usage(client) -> tuple[list[float], list[float]]:
    """Peak resident memory (GB) and CPU time (s) of each worker process so far."""
    usage = list(client.run(_usage).values())
    return [u[0] for u in usage], [u[1] for u in usage]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--resamples", type=int, default=1_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=None,
                        help="runs per timed case, the median reported (default: 3; 1 for the "
                             "Dask run on 100,000,000 rows or more)")
    args = parser.parse_args(argv)
    n_items = max(ITEMS_PER_FILE, args.rows // N_MODELS // ITEMS_PER_FILE * ITEMS_PER_FILE)
    rows = n_items * N_MODELS
    repeats = args.repeats or 3
    main_repeats = args.repeats or (1 if rows >= LONG_RUN_ROWS else 3)
    if repeats < 1:
        parser.error("--repeats must be 1 or more")
    lines, failures = [], []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    folder = Path(tempfile.mkdtemp(prefix="bench_dask_"))
    try:
        start = time.perf_counter()
        truth, truth_se, theta, models = write_dataset(folder, n_items)
        written = time.perf_counter() - start
        size = sum(f.stat().st_size for f in folder.iterdir()) / 1024**3
        say(f"dataset: {rows:,} rows ({N_MODELS:,} models x {n_items:,} items, 0/1 scores from "
            f"a Rasch model), {n_items // ITEMS_PER_FILE} Parquet files, {size:.2f} GB on disk; "
            f"written in {written:.0f} s")
        with open_client(n_workers=args.workers, memory_limit="4GB") as client:
            load = os.getloadavg()[0]
            _, cpu_before = worker_usage(client)
            walls = []
            for _ in range(main_repeats):
                start = time.perf_counter()
                report = analyse_dataset(folder, n_resamples=args.resamples, client=client)
                walls.append(time.perf_counter() - start)
                load = max(load, os.getloadavg()[0])
            wall = statistics.median(walls)
            peaks, cpu_after = worker_usage(client)
            cpu = [(b - a) / main_repeats for a, b in zip(cpu_before, cpu_after, strict=True)]
        load = max(load, os.getloadavg()[0])
        say(f"--engine dask, LocalCluster of {args.workers} single-threaded workers, "
            f"{args.resamples:,} Poisson replicates, with {len(report.pairs):,} paired "
            f"comparisons: {wall:.1f} s (median of {main_repeats} run(s); 1-minute load up to "
            f"{load:.1f} on {os.cpu_count()} cores; shuffled by item: "
            f"{'yes' if report.meta['shuffled'] else 'no'}); peak worker memory "
            + ", ".join(f"{p:.2f}" for p in peaks) + " GB; CPU time per worker and run "
            + ", ".join(f"{c:.0f}" for c in cpu) + " s (the wall time on idle cores would be "
            "about the larger); this process "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2:.2f} GB")
        if max(peaks) >= WORKER_MEMORY_TARGET_GB:
            failures.append(f"peak worker memory {max(peaks):.2f} GB >= {WORKER_MEMORY_TARGET_GB} GB")
        got = report.models.loc[models]
        z = (got["mean"].to_numpy() - truth) / truth_se
        within = float(np.mean(np.abs(z) <= 1.96))
        rho = float(spearmanr(got["mean"], theta)[0])
        say(f"recovery of the known model: (mean - true expected score on these items) / its "
            f"SE given the items, over the {N_MODELS:,} models: median |z| {np.median(np.abs(z)):.3f} "
            f"(0.674 expected), share within 1.96 {within:.3f} (0.95 expected); Spearman "
            f"correlation of the means with the true abilities {rho:.4f}")
        if not 0.92 <= within <= 0.98 or rho < 0.99:
            failures.append("the known model is not recovered")
        # The in-memory engine's code on one file, against the Dask engine on that file.
        one = folder / "one"
        one.mkdir()
        shutil.copy(folder / "part-00000.parquet", one / "part-00000.parquet")
        frame = pd.read_parquet(one)
        frame["model"] = frame["model"].astype(str)
        memory_times, pair_times = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            stats = partial_statistics(frame, pd.Index(sorted(models), name="model"), None,
                                       seed=0, n_resamples=args.resamples)
            memory = finish(stats)
            order = memory.sort_values("mean", ascending=False, kind="stable").index
            memory = memory.loc[order].join(rank_intervals(
                poisson_replicates(stats)[:, stats.models.get_indexer(order)], order))
            memory_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            pairs, tiers, closest = comparisons_from_statistics(stats, order)
            pair_times.append(time.perf_counter() - start)
        small_times = []
        with open_client(n_workers=1, processes=False) as client:
            for _ in range(repeats):
                start = time.perf_counter()
                small = analyse_dataset(one, n_resamples=args.resamples, client=client)
                small_times.append(time.perf_counter() - start)
        columns = ["mean", "se", "ci_low", "ci_high", "rank_low", "rank_high", "p_first"]
        gap = float(np.abs(small.models.loc[memory.index, columns].to_numpy(float)
                           - memory[columns].to_numpy(float)).max())
        numbers = ["difference", "se", "ci_low", "ci_high", "p_value", "p_adjusted"]
        pair_gap = max(
            float(np.abs(small.pairs[numbers].to_numpy(float) - pairs[numbers].to_numpy(float)).max()),
            float(np.nanmax(np.abs(small.closest[["difference", "omega2", "design_effect"]].to_numpy(float)
                                   - closest[["difference", "omega2", "design_effect"]].to_numpy(float)))))
        same_labels = (small.pairs[["model_a", "model_b", "reject"]].equals(pairs[["model_a", "model_b", "reject"]])
                       and small.tiers.index.equals(tiers.index)
                       and small.tiers[["rank", "tier", "n_tied"]].equals(tiers[["rank", "tier", "n_tied"]])
                       and small.closest["items_needed"].equals(closest["items_needed"]))
        say(f"one file ({len(frame):,} rows; medians of {repeats} runs): in-memory statistics "
            f"{statistics.median(memory_times):.1f} s, Dask engine {statistics.median(small_times):.1f} s; "
            f"largest gap in means, SEs, intervals and rank intervals {gap:.1e}, in the "
            f"{len(pairs):,} paired comparisons and closest pairs {pair_gap:.1e} (target "
            f"{AGREE:.0e}); labels, rejections, tiers and items needed "
            f"{'identical' if same_labels else 'DIFFERENT'}")
        say(f"paired comparisons, tiers and closest pairs of {N_MODELS:,} models from the "
            f"statistics: {statistics.median(pair_times):.2f} s (median of {repeats} runs)")
        if max(gap, pair_gap) > AGREE:
            failures.append(f"engines differ by {max(gap, pair_gap):.1e}")
        if not same_labels:
            failures.append("engines differ in pairs, tiers or items needed")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    verdict = "FAILED: " + "; ".join(failures) if failures else "All targets met."
    print(verdict)
    write_section("bench_dask", f"The report's Dask engine on {rows:,} rows", [
        f"Targets: peak memory per worker under {WORKER_MEMORY_TARGET_GB:g} GB; the in-memory "
        f"engine's code and the Dask engine agree to {AGREE:g}. {verdict}",
        "", "```text", *lines, "```"])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
