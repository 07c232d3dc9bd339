"""ImageNet testbed: percent -> fraction loader, and parsing model_types.py without running it."""

from __future__ import annotations

import dataclasses
import shutil

import numpy as np
import pandas as pd
import pytest

from analysis.data import (
    DataIntegrityError,
    _derive,
    load_imagenet_testbed,
    load_imagenet_testbed_model_types,
    parse_model_types,
)
from analysis.data._content import table_content_sha256
from analysis.data.datasets import imagenet_testbed as tb

# A short file in the upstream format (plotting/model_types.py): Enum classes with
# (label, colour) members, the model_types_map literal, loops adding epoch snapshots,
# and the ModelTypes -> NatModelTypes mapper. Names and categories are real ones.
SNIPPET = """
from enum import Enum


class ModelTypes(Enum):
    STANDARD = ('Standard training', 'tab:blue')
    LP_ADV = ('Lp adversarially robust', 'tab:olive')
    ROBUST_INTV = ('Other robustness intervention', 'tab:brown')
    MORE_DATA = ('Trained with more data', 'tab:green')
    LOW_ACCURACY_CNN = ('Low Accuracy CNN', 'tab:gray')


model_types_map = {
'BiT-M-R50x1-ILSVRC2012': ModelTypes.MORE_DATA,
'alexnet': ModelTypes.STANDARD,
'resnet50_augmix': ModelTypes.ROBUST_INTV,
'resnet50_l2_eps3_robust': ModelTypes.LP_ADV,
'resnet50': ModelTypes.STANDARD,
}

for i in range(100):
    model_types_map[f'resnet18_50k_{i}_epochs'] = ModelTypes.LOW_ACCURACY_CNN
for i in range(50):
    model_types_map['resnet18_100k_{}_epochs'.format(i)] = ModelTypes.LOW_ACCURACY_CNN
for i in range(10):
    model_types_map['resnet101_' + str(i) + '_epochs'] = ModelTypes.LOW_ACCURACY_CNN


class NatModelTypes(Enum):
    STANDARD = ('Standard training', 'tab:blue')
    ROBUST_INTV = ('Robustness intervention', 'tab:brown')
    MORE_DATA = ('Trained with more data', 'tab:green')
    LOW_ACCURACY_CNN = ('Low Accuracy CNN', 'tab:gray')


mapper = {
\tModelTypes.STANDARD: NatModelTypes.STANDARD,
\tModelTypes.LP_ADV: NatModelTypes.ROBUST_INTV,
\tModelTypes.ROBUST_INTV: NatModelTypes.ROBUST_INTV,
\tModelTypes.MORE_DATA: NatModelTypes.MORE_DATA,
\tModelTypes.LOW_ACCURACY_CNN: NatModelTypes.LOW_ACCURACY_CNN,
}
nat_model_types_map = {k: mapper[v] for k, v in model_types_map.items()}
"""


def test_parse_snippet():
    table = parse_model_types(SNIPPET)
    assert list(table.columns) == ["model", "model_type_key", "model_type", "nat_shift_model_type"]
    assert len(table) == 5 + 100 + 50 + 10
    assert table["model"].is_unique and table["model"].is_monotonic_increasing
    row = table.set_index("model")
    assert row.loc["resnet50_l2_eps3_robust"].tolist() == [
        "LP_ADV", "Lp adversarially robust", "Robustness intervention"]
    assert row.loc["resnet18_100k_49_epochs", "model_type_key"] == "LOW_ACCURACY_CNN"
    assert row.loc["resnet101_9_epochs", "nat_shift_model_type"] == "Low Accuracy CNN"


def test_parse_never_executes_code(tmp_path):
    marker = tmp_path / "ran"
    src = SNIPPET + f"\nopen({str(marker)!r}, 'w').write('x')\n"
    parse_model_types(src)
    assert not marker.exists()


def test_parse_without_mapper_uses_model_type():
    src = SNIPPET.split("class NatModelTypes")[0]
    table = parse_model_types(src)
    assert (table["nat_shift_model_type"] == table["model_type"]).all()


@pytest.mark.parametrize("bad", [
    "model_types_map = build()",
    "model_types_map = {}\nfor m in names:\n    model_types_map[m] = ModelTypes.STANDARD",
    "model_types_map = {'x': ModelTypes.UNKNOWN}",
])
def test_parse_rejects_what_it_cannot_read(bad):
    head = "from enum import Enum\nclass ModelTypes(Enum):\n    STANDARD = ('Standard training', 'b')\n"
    with pytest.raises(ValueError, match="model_types.py"):
        parse_model_types(head + bad)


def test_snippet_agrees_with_staged_table(staged):
    ours = parse_model_types(SNIPPET).set_index("model")
    theirs = pd.read_csv(staged / "imagenet-testbed" / "model_types.csv").set_index("model")
    pd.testing.assert_frame_equal(ours, theirs.loc[ours.index, ours.columns])


def test_long_frame_is_in_fractions(staged):
    wide_pct = pd.read_csv(staged / "imagenet-testbed" / "robustness_top1s.csv", index_col="model")
    long = load_imagenet_testbed()
    assert list(long.columns) == ["model", "setting", "top1_acc"]
    assert long["top1_acc"].between(0, 1).all() and long["top1_acc"].notna().all()
    assert len(long) == wide_pct.notna().sum().sum()
    assert long["model"].nunique() == len(wide_pct) == 338
    assert long["setting"].nunique() == wide_pct.shape[1]
    r50 = long.query("model == 'resnet50' and setting == 'val'")["top1_acc"].item()
    assert r50 == pytest.approx(wide_pct.loc["resnet50", "val"] / 100)
    wide = load_imagenet_testbed(wide=True)
    assert wide.shape == wide_pct.shape
    np.testing.assert_allclose(wide.to_numpy(), wide_pct.to_numpy() / 100)


def test_model_types_from_cache(staged):
    types = load_imagenet_testbed_model_types()
    assert len(types) == 388 and types["model"].is_unique
    results = set(load_imagenet_testbed()["model"])
    assert results <= set(types["model"])
    assert set(types.loc[types["in_robustness_top1s"] == 1, "model"]) == results


def test_tampered_model_types_is_detected(staged, tmp_path, monkeypatch):
    folder = tmp_path / "imagenet-testbed"
    folder.mkdir()
    text = (staged / "imagenet-testbed" / "model_types.csv").read_text()
    (folder / "model_types.csv").write_text(text.replace("Standard training", "Standard", 1))
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    with pytest.raises(DataIntegrityError, match="model_types.csv"):
        load_imagenet_testbed_model_types()


@pytest.fixture
def source_cache(staged, tmp_path, monkeypatch):
    """A cache with the results CSV and a model_types.py (the snippet), no derived table."""
    folder = tmp_path / "imagenet-testbed"
    (folder / "plotting").mkdir(parents=True)
    shutil.copyfile(staged / "imagenet-testbed" / "robustness_top1s.csv",
                    folder / "robustness_top1s.csv")
    (folder / "plotting" / "model_types.py").write_text(SNIPPET)
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    return folder


def test_derived_from_unexpected_source_is_rejected(source_cache):
    with pytest.raises(DataIntegrityError, match="derived from the downloaded upstream plotting/model_types.py"):
        load_imagenet_testbed_model_types()
    assert not (source_cache / "model_types.csv").exists()


def test_derived_from_source_is_cached(source_cache, monkeypatch):
    expected = tb.derive_model_types_table(
        SNIPPET, pd.read_csv(source_cache / "robustness_top1s.csv")["model"])
    real = _derive.get_dataset("imagenet-testbed")
    files = tuple(dataclasses.replace(f, content_sha256=table_content_sha256(expected))
                  if f.path == "model_types.csv" else f for f in real.files)
    monkeypatch.setattr(_derive, "get_dataset", lambda name: dataclasses.replace(real, files=files))
    first = load_imagenet_testbed_model_types()
    pd.testing.assert_frame_equal(first, expected)
    assert (source_cache / "model_types.csv").is_file()
    pd.testing.assert_frame_equal(load_imagenet_testbed_model_types(), first)
