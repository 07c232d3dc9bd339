"""The contract every loader keeps, checked over every loader and every option value.

Driven by the registry: each dataset module declares its loaders (``INFO.loaders``), the
option each takes, every value of that option and the columns that identify a row. Like
scikit-learn's common dataset tests, the checks are the same for every dataset: a new
module is covered as soon as it is registered.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import analysis.data as data
from analysis.data import ResponseMatrix, get_dataset, list_datasets
from analysis.data.datasets import MODULES

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
TEXT = {"object", "str", "string"}  # text: object before pandas 3, "str" from pandas 3
ALLOWED = TEXT | {"int64", "float64", "bool", "category", "uint8", "int16", "Int16", "UInt8"}
CASES = [
    pytest.param(spec, value, id=f"{spec.function}-{value}")
    for name in list_datasets() for spec in get_dataset(name).loaders for value in spec.keys
]


def _call(spec, value):
    fn = getattr(data, spec.function)
    return fn() if spec.option is None else fn(**{spec.option: value})


def _dtype_ok(dtype) -> bool:
    return str(dtype) in ALLOWED or pd.api.types.is_datetime64_any_dtype(dtype)


@pytest.mark.parametrize(("spec", "value"), CASES)
def test_loader_contract(staged, spec, value):
    frame = _call(spec, value)
    where = f"{spec.function}({spec.option}={value!r})"
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0, where
    assert isinstance(frame.index, pd.RangeIndex), f"{where}: index should be a plain range"
    assert frame.columns.is_unique, where
    key = list(spec.keys[value])
    named = key if spec.wide else list(frame.columns)
    bad = [c for c in named if not (isinstance(c, str) and SNAKE.match(c))]
    assert not bad, f"{where}: columns not snake_case: {bad}"
    odd = {c: str(t) for c, t in frame.dtypes.items() if not _dtype_ok(t)}
    assert not odd, f"{where}: undocumented dtypes {odd}"
    for c in [c for c, t in frame.dtypes.items() if str(t) in TEXT]:
        kinds = set(frame[c].dropna().map(type).unique())
        assert kinds <= {str}, f"{where}: text column {c!r} holds {kinds}"
    if key:
        assert set(key) <= set(frame.columns), f"{where}: key {key} not in columns"
        assert not frame[key].isna().any().any(), f"{where}: missing key values"
        hashed = pd.util.hash_pandas_object(frame[key], index=False)
        dup = hashed.duplicated().to_numpy() & frame.duplicated(key).to_numpy() \
            if hashed.duplicated().any() else np.zeros(len(frame), bool)
        assert not dup.any(), f"{where}: key {key} repeats, e.g. {frame[dup].head(2)}"


def test_every_loader_is_declared():
    """Every public ``load_*``/``*_items`` of a module is in its INFO (so it is covered)."""
    for name, module in MODULES.items():
        declared = {s.function for s in module.INFO.loaders}
        public = {n for n in module.__all__ if n.startswith("load_") or n.endswith("_items")}
        assert public <= declared, f"{name}: declare {sorted(public - declared)} in INFO.loaders"


def test_loaders_return_copies(staged):
    """Frames cached in the process cannot be changed by a caller."""
    first = data.load_gsm1k()
    first.loc[0, "gap"] = 99.0
    assert data.load_gsm1k().loc[0, "gap"] != 99.0
    table = data.load_imagenetv2(table="top1_correct")
    table.iloc[0, -1] = 7
    assert data.load_imagenetv2(table="top1_correct").iloc[0, -1] in (0, 1)


RESPONSES = [(name, m.INFO.responses) for name, m in MODULES.items() if m.INFO.responses]


@pytest.mark.parametrize(("dataset", "function"), RESPONSES, ids=[r[0] for r in RESPONSES])
def test_response_matrices(staged, dataset, function):
    options = {"nlu-irt": {"test_set": "cb"}}.get(dataset, {})
    m = data.response_matrix(dataset, **options)
    assert isinstance(m, ResponseMatrix) and m.name.startswith(dataset)
    assert m.scores.index.name == "model" and m.scores.columns.name == "item"
    assert m.items.index.equals(m.scores.columns)
    direct = getattr(data, function)(**options)
    pd.testing.assert_frame_equal(direct.scores, m.scores)
    values = m.scores.to_numpy()
    assert np.nanmin(values) >= 0 and np.nanmax(values) <= 1


def test_imagenetv2_response_matrix_has_classes_as_clusters(staged):
    m = data.response_matrix("imagenetv2", test_set="matched-frequency")
    assert m.scores.shape == (64, 10_000) and m.name == "imagenetv2/matched-frequency"
    assert m.items["cluster"].nunique() == 1000
    assert (m.items["cluster"] == m.items["wnid"]).all()
    assert round(m.scores.loc["resnet50"].mean(), 4) == 0.6333


def test_cifar_and_metr_response_matrices(staged):
    cifar = data.response_matrix("cifar10.1", test_set="v4")
    assert cifar.scores.shape == (30, 2021) and cifar.items["cluster"].nunique() == 10
    metr = data.response_matrix("metr-time-horizon")
    runs = data.load_metr_time_horizon(include_human=False)
    assert metr.n_items == runs["task_id"].nunique() and metr.runs is not None
    assert len(metr.runs) == len(runs)
    assert set(metr.items["cluster"]) == set(runs["task_family"])
    assert metr.has_missing  # not every agent ran every task


def test_items_without_the_model_columns(staged):
    items = data.imagenetv2_items()
    assert len(items) == 80_000 and list(items.columns) == [
        "test_set", "item", "item_index", "wnid", "class_id"]
    v2 = data.imagenetv2_items(test_set="matched-frequency")
    matrix = data.imagenetv2_matrix(test_set="matched-frequency")
    assert (v2["item"].to_numpy() == matrix.columns.to_numpy()).all()
    info = {c["wnid"]: c["cid"] for c in data._readers.read_json("imagenetv2", "class_info.json")}
    assert (v2["wnid"].map(info) == v2["class_id"]).all()
