"""Per-image predictions of 30 CIFAR-10 models on CIFAR-10 test, CIFAR-10.1 v4 and v6.

Per-image predicted classes of 30 CIFAR-10 models on the original CIFAR-10 test set and
on the re-collected CIFAR-10.1 v4 and v6 test sets, with the CIFAR-10.1 labels. The
original CIFAR-10 test labels are not included.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .._readers import (
    choose,
    read_json,
    read_npy,
    registered_paths,
)
from .._registry import DatasetInfo, LoaderSpec, describe
from ..errors import DataError
from ..responses import ResponseMatrix

__all__ = ["INFO", "CIFAR10_CLASSES", "load_cifar10_1", "cifar10_1_matrix", "cifar10_1_items",
           "cifar10_1_responses"]

_CIFAR = "cifar10.1"
_TEST_SETS = ("v6", "v4", "original")
#: CIFAR-10 class names in label order.
CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
                   "ship", "truck")
_CIFAR_PRED = re.compile(r"^model_predictions/(?P<test_set>[^/]+)_predictions/"
                         r"(?P<model>.+)_predictions\.json$")


def _cifar_predictions(test_set: str) -> tuple[list[str], np.ndarray, np.ndarray | None]:
    choose("test_set", test_set, _TEST_SETS)
    found = [(m["model"], p) for p in registered_paths(_CIFAR, prefix="model_predictions/")
             if (m := _CIFAR_PRED.match(p)) and m["test_set"] == test_set]
    models = sorted(name for name, _ in found)
    paths = dict(found)
    preds = [np.asarray(read_json(_CIFAR, paths[name]), dtype=np.int16) for name in models]
    lengths = {len(p) for p in preds}
    if len(lengths) != 1:
        raise DataError(f"{_CIFAR}: the {test_set} predictions have different lengths {lengths}")
    matrix = np.vstack(preds)
    labels = None
    if test_set != "original":
        path = f"datasets/cifar10.1_{test_set}_labels.npy"
        labels = read_npy(_CIFAR, path).astype(np.int16)
        if labels.shape != (matrix.shape[1],):
            raise DataError(f"{_CIFAR}/{path}: {labels.shape[0]} labels for "
                            f"{matrix.shape[1]} predictions")
    return models, matrix, labels


def load_cifar10_1(*, test_set: str = "v6") -> pd.DataFrame:
    """Per-image predictions of 30 CIFAR-10 models on CIFAR-10.1 (v4, v6) and CIFAR-10 test.

    Parameters
    ----------
    test_set
        ``"v6"`` (default; 2,000 class-balanced images, the authors' recommended
        version), ``"v4"`` (2,021 images, the paper's main tables) or ``"original"``
        (the 10,000-image CIFAR-10 test set).

    Returns
    -------
    pandas.DataFrame
        One row per model x image, sorted by model then ``item``:

        - ``test_set`` (str): the test set.
        - ``model`` (str): e.g. ``"resnet_basic_32"``, ``"wrn_28_10"``.
        - ``item`` (int64): image position in the test set (upstream order).
        - ``label`` (Int16, nullable): true class 0-9 (order of
          ``CIFAR10_CLASSES``); missing for ``"original"``.
        - ``prediction`` (int16): predicted class 0-9.
        - ``correct`` (UInt8, nullable): 1 = prediction equals label; missing for
          ``"original"``.

    Notes
    -----
    The true labels of the original CIFAR-10 test set are not in the upstream
    repository, so on ``"original"`` only agreement between models can be computed. The
    label files come from the upstream ``datasets/`` folder, which the MIT license does
    not cover (Tiny Images terms). v6 accuracy of ``resnet_basic_32`` is 0.852.

    Example
    -------
    >>> from analysis import data
    >>> data.load_cifar10_1(test_set="v6").groupby("model")["correct"].mean().max()  # doctest: +SKIP
    """
    models, matrix, labels = _cifar_predictions(test_set)
    n_models, n_items = matrix.shape
    label = (pd.array(np.tile(labels, n_models), dtype="Int16") if labels is not None
             else pd.array(np.full(n_models * n_items, pd.NA), dtype="Int16"))
    correct = (pd.array((matrix == labels[None, :]).ravel().astype(np.uint8), dtype="UInt8")
               if labels is not None
               else pd.array(np.full(n_models * n_items, pd.NA), dtype="UInt8"))
    return pd.DataFrame({
        "test_set": test_set,
        "model": np.repeat(np.asarray(models, dtype=object), n_items),
        "item": np.tile(np.arange(n_items, dtype=np.int64), n_models),
        "label": label,
        "prediction": matrix.ravel(),
        "correct": correct,
    })


def cifar10_1_matrix(*, test_set: str = "v6", value: str = "correct") -> pd.DataFrame:
    """The models x images matrix of one CIFAR-10.1 test set.

    Parameters
    ----------
    test_set
        ``"v6"``, ``"v4"`` or ``"original"`` (as in :func:`load_cifar10_1`).
    value
        What the cells hold: ``"correct"`` (int8 0/1; not available for ``"original"``,
        which has no labels) or ``"prediction"`` (int16 predicted class 0-9).

    Returns
    -------
    pandas.DataFrame
        Index ``model`` (30 models, sorted), columns ``item`` (image position), like
        :func:`analysis.data.imagenetv2_matrix`.
    """
    choose("value", value, ("correct", "prediction"))
    models, matrix, labels = _cifar_predictions(test_set)
    if value == "correct":
        if labels is None:
            raise ValueError("value='correct' needs labels, which the 'original' test set "
                             "lacks; valid values for 'original': ['prediction']")
        matrix = (matrix == labels[None, :]).astype(np.int8)  # signed: row differences stay -1..1
    return pd.DataFrame(matrix, index=pd.Index(models, name="model"),
                        columns=pd.RangeIndex(matrix.shape[1], name="item"))


def cifar10_1_items(*, test_set: str = "v6") -> pd.DataFrame:
    """Item metadata of a CIFAR-10.1 test set, without the predictions.

    Returns
    -------
    pandas.DataFrame
        One row per image: ``item`` (int64, image position), ``class_id`` (int16, 0-9)
        and ``class`` (str, from :data:`CIFAR10_CLASSES`). Only ``"v4"`` and ``"v6"`` have
        labels.
    """
    choose("test_set", test_set, ("v6", "v4"))
    labels = read_npy(_CIFAR, f"datasets/cifar10.1_{test_set}_labels.npy").astype(np.int16)
    return pd.DataFrame({"item": np.arange(len(labels), dtype=np.int64), "class_id": labels,
                         "class": np.asarray(CIFAR10_CLASSES, dtype=object)[labels]})


def cifar10_1_responses(*, test_set: str = "v6") -> ResponseMatrix:
    """The :class:`~analysis.data.ResponseMatrix` of one labelled CIFAR-10.1 test set.

    Scores are 0/1 correctness of 30 models on ``"v6"`` (2,000 images) or ``"v4"``
    (2,021); the item metadata hold ``cluster`` (the true class name: images of one class
    share a difficulty), ``class_id`` and ``class``.

    Example
    -------
    >>> from analysis import data
    >>> data.cifar10_1_responses(test_set="v6").scores.shape  # doctest: +SKIP
    (30, 2000)
    """
    items = cifar10_1_items(test_set=test_set).set_index("item")
    scores = cifar10_1_matrix(test_set=test_set, value="correct")
    return ResponseMatrix.from_wide(scores, items=items.assign(cluster=items["class"]),
                                    name=f"cifar10.1/{test_set}")


INFO = DatasetInfo(
    name="cifar10.1",
    **describe(__doc__),
    license="MIT",
    license_note=(
        "MIT covers the code and the model predictions. The two label files come from the "
        "repository's datasets folder, which the MIT license explicitly does not cover: they "
        "follow the Tiny Images terms."
    ),
    citation=(
        "B. Recht, R. Roelofs, L. Schmidt, V. Shankar. Do CIFAR-10 Classifiers Generalize to "
        "CIFAR-10? arXiv:1806.00451, 2018."
    ),
    bibkey="recht2018cifar",
    related_bibkeys=(),
    loader="load_cifar10_1",
    responses="cifar10_1_responses",
    loaders=(
        LoaderSpec("load_cifar10_1", "test_set", {
            t: ("model", "item") for t in ("v6", "v4", "original")}),
        LoaderSpec("cifar10_1_items", "test_set", {"v6": ("item",), "v4": ("item",)}),
    ),
)
