"""Execute the chapters a few at a time into the build's execution cache.

``jupyter-book build`` executes the notebooks one after another. ``make book`` runs this
script first: it executes every chapter that the cache does not hold yet, ``--jobs`` at a
time (default: the number of cores, at most 4, since each kernel needs up to about 0.8 GB),
exactly as the build would (kernel ``python3``, in the notebook's folder, the build's
timeout), and stores each result in ``_build/.jupyter_cache``, where the build then finds
it. On two cores a cold build takes about half as long to execute the chapters.

Each chapter runs in a fresh worker process, so the worker's ``RUSAGE_CHILDREN`` peak is
that chapter's kernel alone: the script prints every chapter's time and kernel peak memory
(``benchmarks/bench_book.py`` reads them).

A chapter that fails here is not stored: the build executes it again and reports the error
as usual, so this script never hides one.

Usage: python scripts/prefill_execution_cache.py [--jobs N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution

ROOT = Path(__file__).resolve().parents[1]
# The kernel's own log at ERROR: ipykernel 7 otherwise prints, once per chapter, that its
# loopback TCP sockets are unencrypted. Warnings raised by a chapter's code are unaffected:
# they are cell outputs, and the strict build fails on them as before.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
CACHE = ROOT / "_build" / ".jupyter_cache"


def chapters() -> list[Path]:
    """The notebooks listed in ``_toc.yml``, in book order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").exists()]


def timeout() -> int:
    """The build's execution timeout (``execute.timeout`` in ``_config.yml``)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return int(config.get("execute", {}).get("timeout", 30))


def execute(path: Path, seconds: int) -> tuple[Path, nbformat.NotebookNode, float, float, str | None]:
    """Execute one chapter as the build does; return it with its time, the peak resident
    memory of its kernel in MB (the largest child this worker process waited for: run one
    chapter per worker) and any error."""
    nb = nbformat.read(path, as_version=4)
    try:
        result = single_nb_execution(nb, cwd=str(path.parent), timeout=seconds,
                                     allow_errors=False, meta_override=True,
                                     extra_arguments=KERNEL_ARGUMENTS)
    except Exception as exc:  # e.g. a kernel that died: left to the build to report
        return path, nb, 0.0, kernel_peak_mb(), repr(exc)
    error = None if result.err is None else (result.exc_string or repr(result.err))
    return path, nb, result.time, kernel_peak_mb(), error


def kernel_peak_mb() -> float:
    """Peak resident memory of the largest child process waited for (Linux: kB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def store(cache, path: Path, nb: nbformat.NotebookNode, took: float) -> None:
    """Keep an executed chapter in ``cache`` as the build would (MyST-NB's cache mode)."""
    record = cache.add_nb_to_project(str(path))
    cache.cache_notebook_bundle(CacheBundleIn(nb, record.uri, data={"execution_seconds": took}),
                                check_validity=False, overwrite=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 4))
    jobs = max(1, parser.parse_args(argv).jobs)
    cache = get_cache(CACHE)
    todo = []
    for path in chapters():
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            todo.append(path)
    if not todo:
        print("every chapter is in the execution cache")
        return 0
    print(f"executing {len(todo)} chapter(s), {jobs} at a time", flush=True)
    seconds = timeout()
    # One chapter per worker process, so that each kernel's peak memory is its own.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, max_tasks_per_child=1) as pool:
        for path, nb, took, peak, error in pool.map(execute, todo, [seconds] * len(todo)):
            if error is not None:  # the build executes it again and reports the error
                print(f"{path.name}: failed after {took:.1f} s; the build will report it")
                continue
            store(cache, path, nb, took)
            print(f"{path.name}: executed in {took:.1f} s, kernel peak {peak:.0f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
