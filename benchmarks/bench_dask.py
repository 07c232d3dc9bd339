"""The report's Dask engine on a partitioned Parquet dataset of 100,000,000 rows.

Writes synthetic 0/1 results (a Rasch model: known abilities of 1,000 models, known
difficulties of 100,000 items; one Parquet file per block of items, all models in each) to a
temporary folder, then runs :func:`analysis.report.engine_dask.analyse_dataset` on a
:class:`distributed.LocalCluster` of 2 single-threaded worker processes and reports

- the wall time of writing the dataset and of the analysis (two passes over the data: the
  models, items and a check of the scores; then the sufficient statistics with 1,000
  Poisson-bootstrap replicates);
- the peak resident memory of each worker process (target: under 2 GB) and of this process;
- recovery of the known parameters: each model's mean against its true expected score on
  these items (the mean of its Rasch probabilities), in units of that mean's SE given the
  items (independent over models: about 95% within 1.96), and the rank correlation of the
  means with the true abilities;
- the same numbers from the in-memory engine's code on one file of the dataset
  (1,000 models x 1,000 items), which must agree to 1e-12.

Run: ``python benchmarks/bench_dask.py [--rows N] [--resamples B]`` (``--rows`` rounds to
whole files of 1,000 items x 1,000 models; the default is 100,000,000 rows).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
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

N_MODELS = 1_000
ITEMS_PER_FILE = 1_000
WORKER_MEMORY_TARGET_GB = 2.0
AGREE = 1e-12


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
    args = parser.parse_args(argv)
    n_items = max(ITEMS_PER_FILE, args.rows // N_MODELS // ITEMS_PER_FILE * ITEMS_PER_FILE)
    rows = n_items * N_MODELS
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
            start = time.perf_counter()
            report = analyse_dataset(folder, n_resamples=args.resamples, client=client)
            wall = time.perf_counter() - start
            peaks, cpu_after = worker_usage(client)
            cpu = [b - a for a, b in zip(cpu_before, cpu_after, strict=True)]
        load = max(load, os.getloadavg()[0])
        say(f"--engine dask, LocalCluster of {args.workers} single-threaded workers, "
            f"{args.resamples:,} Poisson replicates: {wall:.1f} s (one run; 1-minute load up to "
            f"{load:.1f} on {os.cpu_count()} cores); peak worker memory "
            + ", ".join(f"{p:.2f}" for p in peaks) + " GB; CPU time per worker "
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
        start = time.perf_counter()
        stats = partial_statistics(frame, pd.Index(sorted(models), name="model"), None, seed=0,
                                   n_resamples=args.resamples)
        memory = finish(stats)
        memory = memory.join(rank_intervals(poisson_replicates(stats), memory.index))
        memory_time = time.perf_counter() - start
        with open_client(n_workers=1, processes=False) as client:
            start = time.perf_counter()
            small = analyse_dataset(one, n_resamples=args.resamples, client=client).models
            small_time = time.perf_counter() - start
        columns = ["mean", "se", "ci_low", "ci_high", "rank_low", "rank_high", "p_first"]
        gap = float(np.abs(small.loc[memory.index, columns].to_numpy(float)
                           - memory[columns].to_numpy(float)).max())
        say(f"one file ({len(frame):,} rows): in-memory statistics {memory_time:.1f} s, Dask "
            f"engine {small_time:.1f} s; largest gap in means, SEs, intervals and rank intervals "
            f"{gap:.1e} (target {AGREE:.0e})")
        if gap > AGREE:
            failures.append(f"engines differ by {gap:.1e}")
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
