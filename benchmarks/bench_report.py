"""The report command against the closest tool, ``evalstats analyze`` (PyPI), on the same CSV.

Both commands read one synthetic long CSV (``model,item,score``, 0/1 scores from a
logistic model of ability and item difficulty) and run with 2,000 bootstrap resamples; each
runs as its own process, timed by wall clock, its peak memory read from the kernel
(``RUSAGE_CHILDREN`` of a wrapper process that runs only that command). Where the methods
coincide the numbers must agree:

- per-model means, and evalstats' Wilson intervals (``--method wilson``) against
  :func:`analysis.stats.wilson_scores` and the report's rows that use Wilson;
- paired differences of every pair of models;
- the bootstrap probability of ranking first (evalstats ``p_best``, the report's
  ``p_first``): both are Monte Carlo estimates, so within sampling error.

Then the scale target of the report alone: one million rows in under 60 s with a peak
below 4 GB. The script exits non-zero when a target is missed. evalstats missing: only the
report is measured.

Run: ``python benchmarks/bench_report.py`` (about a minute on two cores).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import stats
from analysis.data import from_long

RESAMPLES = 2000
SCALE_ROWS_TARGET_S = 60.0
SCALE_MEMORY_TARGET_GB = 4.0
AGREE = 1e-9
DESIGNS = [(8, 60), (8, 400), (10, 5_000)]  # (models, items) compared with evalstats
SCALE = (10, 100_000)  # one million rows, the report alone

_WRAPPER = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)")


def synthetic(n_models: int, n_items: int, seed: int = 0) -> pd.DataFrame:
    """0/1 scores of ``n_models`` models (abilities evenly spaced) on ``n_items`` items."""
    rng = np.random.default_rng(seed)
    ability = np.linspace(-0.8, 0.8, n_models)
    difficulty = rng.normal(0, 1.2, n_items)
    p = 1 / (1 + np.exp(-(ability[:, None] - difficulty[None, :])))
    x = (rng.random(p.shape) < p).astype(np.int8)
    return pd.DataFrame({"model": np.repeat([f"model-{i:02d}" for i in range(n_models)], n_items),
                         "item": np.tile([f"q{j}" for j in range(n_items)], n_models),
                         "score": x.ravel()})


def measured(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (GB) of one command in its own process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed:\n{done.stderr[-2000:]}")
    peak_kb = int(done.stdout.strip().splitlines()[-1])
    return wall, peak_kb / 1024**2


def report_command(csv: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "analysis", "report", str(csv), "-o", str(out.with_suffix(".html")),
            "--json", str(out), "--resamples", str(RESAMPLES), "--no-progress", "-q", "--force"]


def evalstats_command(csv: Path, out: Path) -> list[str]:
    exe = shutil.which("evalstats") or str(Path(sys.executable).with_name("evalstats"))
    return [exe, "analyze", str(csv), "--method", "wilson", "--n-bootstrap", str(RESAMPLES),
            "--out", str(out)]


def agreement(frame: pd.DataFrame, ours: dict, theirs: dict) -> dict[str, float]:
    """Largest gaps between the two tools (and the library) where the methods coincide."""
    level = theirs["analysis"]["model_level"]
    robust = level["robustness"]
    labels = robust["labels"]
    matrix = from_long(frame)
    wilson = stats.wilson_scores(matrix.scores).loc[labels]
    models = pd.DataFrame(ours["models"]).set_index("model").loc[labels]
    gaps = {
        "mean": float(np.max(np.abs(models["mean"] - np.asarray(robust["mean"])))),
        "wilson vs library": float(max(np.max(np.abs(wilson["ci_low"] - robust["ci_low"])),
                                       np.max(np.abs(wilson["ci_high"] - robust["ci_high"])))),
    }
    in_wilson = (models["method"] == "Wilson").to_numpy()
    if in_wilson.any():
        gaps["wilson vs report"] = float(np.max(np.abs(
            models["ci_low"].to_numpy()[in_wilson] - np.asarray(robust["ci_low"])[in_wilson])))
    diffs = {(r["template_a"], r["template_b"]): r["point_diff"] for r in level["pairwise"]["results"].values()}
    pairs = pd.DataFrame(ours["pairs"])
    gaps["paired differences"] = float(max(
        abs(row.difference - (diffs[(row.model_a, row.model_b)] if (row.model_a, row.model_b) in diffs
                              else -diffs[(row.model_b, row.model_a)]))
        for row in pairs.itertuples()))
    p_best = pd.Series(level["rank_dist"]["p_best"], index=labels)
    gaps["P(first), Monte Carlo"] = float(np.max(np.abs(models["p_first"] - p_best)))
    return gaps


def main() -> int:
    failures = []
    has_evalstats = shutil.which("evalstats") or Path(sys.executable).with_name("evalstats").exists()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'design':<22} {'tool':<10} {'time s':>8} {'peak GB':>8}")
        for n_models, n_items in DESIGNS if has_evalstats else []:
            frame = synthetic(n_models, n_items)
            csv = folder / f"results_{n_models}x{n_items}.csv"
            frame.to_csv(csv, index=False)
            ours_json, theirs_json = folder / "ours.json", folder / "theirs.json"
            design = f"{n_models} x {n_items:,}"
            for tool, command in (("report", report_command(csv, ours_json)),
                                  ("evalstats", evalstats_command(csv, theirs_json))):
                wall, peak = measured(command)
                print(f"{design:<22} {tool:<10} {wall:8.1f} {peak:8.2f}")
            gaps = agreement(frame, json.loads(ours_json.read_text()), json.loads(theirs_json.read_text()))
            for name, gap in gaps.items():
                # P(first) is a bootstrap estimate in both tools: 4 Monte Carlo SE at most
                limit = 4 * np.sqrt(0.25 / RESAMPLES) * np.sqrt(2) if "Monte" in name else AGREE
                status = "ok" if gap <= limit else "MISMATCH"
                print(f"    agreement {name:<24} max gap {gap:.2e}  (limit {limit:.0e}) {status}")
                if gap > limit:
                    failures.append(f"{design}: {name} differs by {gap:.2e}")
        if not has_evalstats:
            print("evalstats is not installed: pip install evalstats to compare")
        n_models, n_items = SCALE
        csv = folder / "million.csv"
        synthetic(n_models, n_items).to_csv(csv, index=False)
        wall, peak = measured(report_command(csv, folder / "million.json"))
        design = f"{n_models * n_items:,} rows"
        print(f"{design:<22} {'report':<10} {wall:8.1f} {peak:8.2f}")
        if wall > SCALE_ROWS_TARGET_S or peak > SCALE_MEMORY_TARGET_GB:
            failures.append(f"1M rows: {wall:.1f} s, {peak:.2f} GB (targets {SCALE_ROWS_TARGET_S:.0f} s, "
                            f"{SCALE_MEMORY_TARGET_GB:.0f} GB)")
    for line in failures:
        print("FAILED:", line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
