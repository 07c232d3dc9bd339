"""The book's build: a cold build, a cached rebuild, every chapter's time and kernel memory,
and ``make test`` from a fresh clone.

Targets (from the project's performance issue), on this machine:

- cold build of the whole book (clean build folder and execution cache, data already
  cached, install excluded) under 5 minutes: ``make book``'s two steps,
  ``scripts/prefill_execution_cache.py`` then ``jupyter-book build . -W -n --keep-going``;
- cached rebuild with nothing changed under 20 s;
- peak memory of any chapter's kernel under 2 GB (each chapter runs in its own worker process
  in the prefill step, so each kernel's peak is measured alone);
- ``make test`` (checks, unit tests, a strict build from clean beside the re-execution check,
  notebook and browser checks) from a fresh clone, its install included, under 15 minutes.

The builds run in a copy of the tracked files in a temporary folder, with this checkout's
virtual environment and its ``src`` first on ``PYTHONPATH``, so this checkout's ``_build`` is
left alone. ``make test`` runs in a ``git clone`` of ``HEAD`` (committed work only) with its own
virtual environment, as on CI. The chapters that dominate the cold build are listed first.

Run: ``python benchmarks/bench_book.py`` (about 20 minutes on two cores, most of it
``make test``); ``--skip-make-test`` measures the builds only. Exits non-zero when a target is
missed; writes its section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _results import write_section

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COLD_TARGET_S = 300.0
CACHED_TARGET_S = 20.0
KERNEL_TARGET_MB = 2048.0
TEST_TARGET_S = 900.0
_CHAPTER = re.compile(r"^(?P<name>\S+\.ipynb): executed in (?P<s>[\d.]+) s, kernel peak (?P<mb>\d+) MB$")


def copy_tree(target: Path) -> None:
    """The tracked files of this checkout, as they are on disk, into ``target``."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Wall time and combined output of a command; its failure stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd} (exit {done.returncode}):\n"
                 f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return took, done.stdout + done.stderr


def children_peak_mb() -> float:
    """Largest resident memory of any finished child process so far (Linux: kB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def build_figures(env: dict[str, str]) -> dict:
    """Cold build (prefill + strict build), per-chapter times and kernel peaks, cached rebuild."""
    with tempfile.TemporaryDirectory(prefix="bench-book-") as folder:
        tree = Path(folder)
        copy_tree(tree)
        env = env | {"PYTHONPATH": str(tree / "src")}
        build = [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]
        prefill_s, prefill_out = run([str(BIN / "python"), "scripts/prefill_execution_cache.py"],
                                     tree, env)
        build_s, _ = run(build, tree, env)
        peak_mb = children_peak_mb()
        cached_s, _ = run(build, tree, env)
    chapters = [(m["name"], float(m["s"]), float(m["mb"]))
                for m in map(_CHAPTER.match, prefill_out.splitlines()) if m]
    return {"prefill": prefill_s, "build": build_s, "cold": prefill_s + build_s,
            "cached": cached_s, "chapters": sorted(chapters, key=lambda c: -c[1]),
            "peak_mb": peak_mb}


def make_test_seconds(env: dict[str, str]) -> float:
    """Wall time of ``make test`` in a fresh clone of HEAD (its own virtual environment)."""
    with tempfile.TemporaryDirectory(prefix="bench-test-") as folder:
        clone = Path(folder) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        clean = {k: v for k, v in env.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        took, _ = run(["make", "test"], clone, clean)
    return took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-make-test", action="store_true",
                        help="measure the builds only (make test takes most of the time)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if "ANALYSIS_DATA_DIR" in env:  # the copies live elsewhere: an absolute data folder
        env["ANALYSIS_DATA_DIR"] = str(Path(env["ANALYSIS_DATA_DIR"]).resolve())
    loads = [os.getloadavg()[0]]
    figures = build_figures(env)
    loads.append(os.getloadavg()[0])
    test_s = None if args.skip_make_test else make_test_seconds(env)
    loads.append(os.getloadavg()[0])
    kernel_mb = max((c[2] for c in figures["chapters"]), default=float("nan"))
    checks = [
        ("cold build (prefill + strict build) under 5 min", f"{figures['cold']:.0f} s",
         figures["cold"] <= COLD_TARGET_S),
        ("cached rebuild under 20 s", f"{figures['cached']:.1f} s",
         figures["cached"] <= CACHED_TARGET_S),
        ("peak memory of any chapter's kernel under 2 GB", f"{kernel_mb:.0f} MB",
         kernel_mb <= KERNEL_TARGET_MB),
    ]
    if test_s is not None:
        checks.append(("make test from a fresh clone (install included) under 15 min",
                       f"{test_s / 60:.1f} min", test_s <= TEST_TARGET_S))
    lines = [
        f"cold build: {figures['cold']:.0f} s = executing the {len(figures['chapters'])} chapters "
        f"({os.cpu_count()} cores, {min(os.cpu_count() or 1, 4)} at a time) {figures['prefill']:.0f} s "
        f"+ the strict build from the cache {figures['build']:.0f} s; cached rebuild "
        f"{figures['cached']:.1f} s; largest process of the build {figures['peak_mb']:.0f} MB",
        "chapters, slowest first (execution time in its kernel, kernel peak memory):",
        *(f"  {name:<40} {seconds:6.1f} s {mb:7.0f} MB" for name, seconds, mb in figures["chapters"]),
    ]
    if test_s is not None:
        lines.append(f"make test from a fresh clone of HEAD: {test_s:.0f} s ({test_s / 60:.1f} min)")
    for line in lines:
        print(line)
    missed = [name for name, _, ok in checks if not ok]
    loaded = max(loads) > (os.cpu_count() or 1)
    write_section("bench_book", "The book's build and the test suite", [
        f"1-minute load between {min(loads):.1f} and {max(loads):.1f} during the run"
        + (" (overloaded: wall times are pessimistic)." if loaded else "."), "",
        "| target | measured | outcome |", "|---|---|---|",
        *(f"| {name} | {measured} | {'met' if ok else 'MISSED'} |" for name, measured, ok in checks),
        "", "```text", *lines, "```"])
    for name in missed:
        print(f"MISSED: {name}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
