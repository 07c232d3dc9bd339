"""Registered, verified, cached evaluation data and one loader per dataset.

Every file the book uses is registered (upstream URL pinned to a commit, size, sha256,
license, citation) in ``registry/``. :func:`fetch` returns a verified local copy,
downloading it into the cache (:func:`cache_dir`, overridden by ``ANALYSIS_DATA_DIR``)
when needed. The ``load_*`` functions return tidy :class:`pandas.DataFrame` objects.

Example
-------
>>> from analysis.data import list_datasets, get_dataset
>>> get_dataset("imagenet-testbed").bibkey
'taori2020measuring'
"""

import importlib

from ._cache import cache_dir, fetch
from ._registry import Dataset, RegisteredFile, get_dataset, list_datasets
from .catalog import catalog, render_catalog_page, write_catalog_page
from .errors import (
    DataError,
    DataIntegrityError,
    DataUnavailableError,
    UnknownDatasetError,
    UnknownFileError,
)
from .imagenet_testbed import (
    load_imagenet_testbed,
    load_imagenet_testbed_model_types,
    parse_model_types,
)
from .imagenetv2 import (
    IMAGENETV2_DISPLAY_NAMES,
    IMAGENETV2_SHORT_NAMES,
    IMAGENETV2_TESTSETS,
    derive_imagenetv2_tables,
    imagenetv2_accuracies,
    imagenetv2_matrix,
    load_imagenetv2,
)
from .responses import ResponseMatrix, from_long, read_results

__all__ = [
    "Dataset",
    "RegisteredFile",
    "cache_dir",
    "fetch",
    "get_dataset",
    "list_datasets",
    "catalog",
    "render_catalog_page",
    "write_catalog_page",
    "DataError",
    "DataIntegrityError",
    "DataUnavailableError",
    "UnknownDatasetError",
    "UnknownFileError",
    "ResponseMatrix",
    "from_long",
    "read_results",
    "load_imagenet_testbed",
    "load_imagenet_testbed_model_types",
    "parse_model_types",
    "IMAGENETV2_DISPLAY_NAMES",
    "IMAGENETV2_SHORT_NAMES",
    "IMAGENETV2_TESTSETS",
    "derive_imagenetv2_tables",
    "imagenetv2_accuracies",
    "imagenetv2_matrix",
    "load_imagenetv2",
]

# Per-dataset loaders live in loaders.py (with its own __all__); absent in early checkouts.
try:
    _loaders = importlib.import_module(f"{__name__}.loaders")
except ModuleNotFoundError as _exc:  # only tolerate loaders.py itself being missing
    if _exc.name != f"{__name__}.loaders":
        raise
else:
    from .loaders import *  # noqa: F403

    __all__ += [n for n in getattr(_loaders, "__all__", ()) if n not in __all__]
