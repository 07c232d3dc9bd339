"""Build a data cache holding only the registered files, as symbolic links.

Usage::

    python scripts/registered_cache.py TARGET [--source FOLDER]

``FOLDER`` (default: ``$ANALYSIS_DATA_DIR``, else the user's data cache) is a complete copy
of the data, e.g. the staged ``../shared/data``. ``TARGET`` gets one link per file that
``make data`` (``python -m analysis.data fetch``) puts into a contributor's cache, laid
out as ``<dataset>/<path>``, and nothing else: no ``SOURCE.md`` notes, no ``raw-sample/``
folder, no raw inputs of derived tables, no derived file a loader computes in memory.

``make test`` runs the data tests against such a cache, so they pass on a contributor's
machine where the cache holds only what ``make data`` fetched.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.data import cache_dir, list_datasets  # noqa: E402
from analysis.data.__main__ import planned_files  # noqa: E402


def build(target: Path, source: Path) -> int:
    """Link the files ``make data`` would fetch from ``source`` into ``target``; return
    how many."""
    linked = 0
    for name in list_datasets():
        for entry in planned_files(name):
            copy = source / name / entry.path
            if not copy.is_file():
                continue
            link = target / name / entry.path
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(copy.resolve(), link)
            linked += 1
    return linked


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("target", type=Path, help="empty folder to fill with links")
    ap.add_argument("--source", type=Path, default=None,
                    help="complete copy of the data (default: the data cache)")
    args = ap.parse_args()
    source = args.source or cache_dir()
    if args.target.exists() and any(args.target.iterdir()):
        raise SystemExit(f"{args.target} is not empty")
    n = build(args.target, source)
    if n == 0:
        raise SystemExit(f"no registered file found in {source}: run `make data` first")
    print(f"{n} registered files linked from {source} into {args.target}", file=sys.stderr)


if __name__ == "__main__":
    main()
