"""Command line: ``python -m analysis.data fetch [DATASET ...]`` downloads (or verifies)
every registered file into the cache; ``python -m analysis.data list`` lists the datasets.

``make data`` runs ``fetch`` for every dataset. Files already in the cache are verified by
sha256, never overwritten. Tables the project derives (ImageNetV2 per-item results, the
ImageNet testbed's model types) are derived from their upstream files when missing; their
raw inputs are downloaded only then.
"""

from __future__ import annotations

import argparse
import sys
import time

from . import cache_dir, fetch, get_dataset, list_datasets
from .errors import DataError
from .imagenet_testbed import load_imagenet_testbed_model_types
from .imagenetv2 import KINDS, load_imagenetv2


def _ensure_imagenetv2() -> int:
    fetch("imagenetv2", "class_info.json")
    for kind in KINDS:  # verified derived tables; derived from raw/ when missing
        load_imagenetv2(kind, include_keys=False)
    return 1 + len(KINDS)

def _ensure_imagenet_testbed() -> int:
    fetch("imagenet-testbed", "robustness_top1s.csv")
    load_imagenet_testbed_model_types()
    return 2

# Datasets with derived tables: how to make them available without fetching their raw inputs.
_ENSURE = {"imagenetv2": _ensure_imagenetv2, "imagenet-testbed": _ensure_imagenet_testbed}

def fetch_datasets(names: list[str]) -> None:
    """Fetch and verify every file of ``names`` (all datasets when empty), printing one line
    per dataset."""
    names = names or list_datasets()
    for name in names:
        get_dataset(name)  # unknown names fail here, listing the valid ones
    print(f"data cache: {cache_dir()}")
    for name in names:
        start = time.perf_counter()
        if name in _ENSURE:
            count = _ENSURE[name]()
        else:
            files = get_dataset(name).files
            for entry in files:
                fetch(name, entry.path)
            count = len(files)
        print(f"  {name:<24} {count:>4} file(s) verified  ({time.perf_counter() - start:.1f} s)")

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.data", description=__doc__.split("\n\n")[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    get = verbs.add_parser("fetch", help="download or verify registered files")
    get.add_argument("datasets", nargs="*", help="dataset names (default: all)")
    verbs.add_parser("list", help="list the registered datasets")
    args = parser.parse_args(argv)
    if args.verb == "list":
        for name in list_datasets():
            print(f"{name:<24} {get_dataset(name).title}")
        return 0
    try:
        fetch_datasets(args.datasets)
    except (DataError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
