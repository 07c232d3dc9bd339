"""Registered, verified, cached evaluation data and one loader per dataset.

Every file the book uses is registered (upstream URL pinned to a commit, size, sha256)
in ``registry/files.csv``; each dataset's description, license, citation and loaders live
together in its module under ``analysis.data.datasets``. :func:`fetch` returns a
verified local copy, downloading it into the cache (:func:`cache_dir`, overridden by
``ANALYSIS_DATA_DIR``) when needed. The ``load_*`` functions return tidy
:class:`pandas.DataFrame` objects; the ``*_responses`` functions (and
:func:`response_matrix`) return a :class:`ResponseMatrix` (models x items, with item and
model metadata); :func:`from_long` builds one from your own results.

Conventions shared by every loader: options are keyword-only; ``table=`` chooses a table
of a dataset, ``subset=`` a part of one table, ``test_set=`` a test set and ``value=``
what the cells of a matrix hold; a wrong value raises a ValueError listing the valid
ones. Column names are snake_case; matrices have an index ``model`` and columns ``item``.

Example
-------
>>> from analysis.data import list_datasets, get_dataset
>>> get_dataset("imagenet-testbed").bibkey
'taori2020measuring'
"""

from ._cache import UnverifiedDownloadWarning, cache_dir, fetch
from ._readers import UnknownColumnsWarning
from ._registry import (
    Dataset,
    DatasetInfo,
    LoaderSpec,
    RegisteredFile,
    get_dataset,
    list_datasets,
)
from .catalog import catalog, render_catalog_page, write_catalog_page
from .datasets import response_matrix
from .datasets.aiid import (
    load_aiid,
)
from .datasets.benchbench_ibm import (
    load_benchbench_ibm,
)
from .datasets.benchbench_zhang_hardt import (
    load_benchbench_zhang_hardt,
)
from .datasets.benchrisk import (
    load_benchrisk,
)
from .datasets.chembench_irt import (
    chembench_irt_responses,
    load_chembench_irt,
)
from .datasets.cifar10_1 import (
    CIFAR10_CLASSES,
    cifar10_1_items,
    cifar10_1_matrix,
    cifar10_1_responses,
    load_cifar10_1,
)
from .datasets.correlated_errors import (
    load_correlated_errors,
)
from .datasets.epoch_benchmarks import (
    EPOCH_EXTERNAL_METRICS,
    load_epoch_benchmarks,
)
from .datasets.gsm1k import (
    load_gsm1k,
)
from .datasets.imagenet_testbed import (
    derive_model_types_table,
    load_imagenet_testbed,
    load_imagenet_testbed_model_types,
    parse_model_types,
)
from .datasets.imagenetv2 import (
    IMAGENETV2_DISPLAY_NAMES,
    IMAGENETV2_SHORT_NAMES,
    IMAGENETV2_TEST_SETS,
    IMAGENETV2_TESTSETS,
    derive_imagenetv2_tables,
    imagenetv2_accuracies,
    imagenetv2_items,
    imagenetv2_matrix,
    imagenetv2_responses,
    load_imagenetv2,
)
from .datasets.metr_time_horizon import (
    load_metr_time_horizon,
    metr_time_horizon_responses,
)
from .datasets.nlu_irt import (
    load_nlu_irt,
    nlu_irt_matrix,
    nlu_irt_responses,
    nlu_irt_test_sets,
)
from .datasets.obsscaling import (
    load_obsscaling,
)
from .datasets.safetywashing import (
    load_safetywashing,
)
from .errors import (
    DataError,
    DataIntegrityError,
    DataUnavailableError,
    UnknownDatasetError,
    UnknownFileError,
)
from .responses import ResponseMatrix, from_long, read_results

__all__ = [
    "Dataset",
    "DatasetInfo",
    "LoaderSpec",
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
    "UnknownColumnsWarning",
    "UnverifiedDownloadWarning",
    "ResponseMatrix",
    "from_long",
    "read_results",
    "response_matrix",
    "load_aiid",
    "load_benchbench_ibm",
    "load_benchbench_zhang_hardt",
    "load_benchrisk",
    "load_chembench_irt",
    "chembench_irt_responses",
    "CIFAR10_CLASSES",
    "load_cifar10_1",
    "cifar10_1_matrix",
    "cifar10_1_items",
    "cifar10_1_responses",
    "load_correlated_errors",
    "EPOCH_EXTERNAL_METRICS",
    "load_epoch_benchmarks",
    "load_gsm1k",
    "parse_model_types",
    "derive_model_types_table",
    "load_imagenet_testbed",
    "load_imagenet_testbed_model_types",
    "IMAGENETV2_TEST_SETS",
    "IMAGENETV2_TESTSETS",
    "IMAGENETV2_DISPLAY_NAMES",
    "IMAGENETV2_SHORT_NAMES",
    "derive_imagenetv2_tables",
    "load_imagenetv2",
    "imagenetv2_matrix",
    "imagenetv2_accuracies",
    "imagenetv2_items",
    "imagenetv2_responses",
    "load_metr_time_horizon",
    "metr_time_horizon_responses",
    "load_nlu_irt",
    "nlu_irt_matrix",
    "nlu_irt_test_sets",
    "nlu_irt_responses",
    "load_obsscaling",
    "load_safetywashing",
]
