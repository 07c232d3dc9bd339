"""Command line: ``python -m analysis.data fetch [DATASET ...]`` downloads (or verifies)
every registered file into the cache; ``python -m analysis.data list`` lists the datasets.

``make data`` runs ``fetch`` for every dataset. Files already in the cache are verified by
sha256, never overwritten. Derived tables (ImageNetV2 per-item results, the ImageNet
testbed's model types) are derived from their upstream files when missing; those raw
inputs are downloaded only then. One line per dataset is printed as it completes (flushed,
so it shows through a pipe); each download shows a progress bar when ``tqdm`` is
installed. Every file that cannot be fetched is listed at the end, and the exit status is
1, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings

from ._cache import UnverifiedDownloadWarning, cache_dir, fetch
from ._derive import derivations, derived_table
from ._registry import RegisteredFile, get_dataset, list_datasets
from .errors import DataError


def _say(text: str, *, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)


def planned_files(name: str) -> list[RegisteredFile]:
    """The files of one dataset that ``fetch`` makes available in the cache.

    Every upstream file and every derived table with a registered derivation, except the
    upstream files that are only inputs of a derivation (it fetches them when a table is
    missing) and derived files a loader computes in memory (e.g. the ImageNetV2 accuracy
    summary).
    """
    inputs = tuple(p for d in derivations(name) for p in d.inputs)
    made = {p for d in derivations(name) for p in d.paths}
    return [entry for entry in get_dataset(name).files
            if (entry.path in made if entry.is_derived
                else not entry.path.startswith(inputs))]


def fetch_dataset(name: str) -> tuple[int, list[str], int]:
    """Fetch and verify the :func:`planned_files` of one dataset; return (files verified,
    problems, downloads registered without sha256 whose hash was recorded)."""
    done, problems = 0, []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnverifiedDownloadWarning)
        for entry in planned_files(name):
            try:
                if entry.is_derived:
                    derived_table(name, entry.path)
                else:
                    fetch(name, entry.path)
                done += 1
            except DataError as exc:
                problems.append(f"{name}/{entry.path}: {exc}")
    recorded = 0
    for w in caught:  # one summary line instead of a warning per raw file
        if issubclass(w.category, UnverifiedDownloadWarning):
            recorded += 1
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return done, problems, recorded


def fetch_datasets(names: list[str]) -> list[str]:
    """Fetch and verify every file of ``names`` (all datasets when empty), printing one
    line per dataset; return the problems (one line per file that could not be had)."""
    names = names or list_datasets()
    for name in names:
        get_dataset(name)  # unknown names fail here, listing the valid ones
    _say(f"data cache: {cache_dir()}")
    problems: list[str] = []
    for name in names:
        start = time.perf_counter()
        done, failed, recorded = fetch_dataset(name)
        problems += failed
        status = f", {len(failed)} missing" if failed else ""
        if recorded:
            status += (f", {recorded} downloaded without a registered sha256 (format checked; "
                       f"hash recorded beside each as <file>.sha256)")
        _say(f"  {name:<24} {done:>4} file(s) verified{status}  "
             f"({time.perf_counter() - start:.1f} s)")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 = every file verified)."""
    parser = argparse.ArgumentParser(prog="python -m analysis.data",
                                     description=__doc__.split("\n\n")[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    get = verbs.add_parser("fetch", help="download or verify registered files")
    get.add_argument("datasets", nargs="*", help="dataset names (default: all)")
    verbs.add_parser("list", help="list the registered datasets")
    args = parser.parse_args(argv)
    if args.verb == "list":
        for name in list_datasets():
            _say(f"{name:<24} {get_dataset(name).title}")
        return 0
    try:
        problems = fetch_datasets(args.datasets)
    except (DataError, ValueError) as exc:
        _say(f"error: {exc}", err=True)
        return 1
    if problems:
        _say(f"error: {len(problems)} file(s) could not be fetched or verified:", err=True)
        for line in problems:
            _say(f"  - {line}", err=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
