"""Build a data cache holding only the registered files, as symbolic links.

Usage::

    python scripts/registered_cache.py TARGET [--source FOLDER]

``FOLDER`` (default: ``$ANALYSIS_DATA_DIR``, else the user's data cache) is a complete copy
of the data, e.g. the staged ``../shared/data``. ``TARGET`` gets one link per registered
file found there, laid out as ``<dataset>/<path>``, and nothing else: no ``SOURCE.md``
notes, no ``raw-sample/`` folder. The ImageNetV2 raw files the staging keeps in
``imagenetv2/raw-sample/`` are linked at their registered paths ``imagenetv2/raw/...``.

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

from analysis.data import cache_dir, get_dataset, list_datasets  # noqa: E402


def staged_copy(source: Path, dataset: str, path: str) -> Path:
    """Where ``source`` keeps a registered file (ImageNetV2 raw files: ``raw-sample/``)."""
    direct = source / dataset / path
    if dataset == "imagenetv2" and path.startswith("raw/") and not direct.exists():
        return source / dataset / ("raw-sample/" + path.removeprefix("raw/"))
    return direct


def build(target: Path, source: Path) -> int:
    """Link every registered file of ``source`` into ``target``; return how many."""
    linked = 0
    for name in list_datasets():
        for entry in get_dataset(name).files:
            copy = staged_copy(source, name, entry.path)
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
