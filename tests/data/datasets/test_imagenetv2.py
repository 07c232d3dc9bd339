"""ImageNetV2 per-item tables: derivation from the raw upstream format, content hashes, loaders."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.data import (
    IMAGENETV2_TESTSETS,
    DataIntegrityError,
    DataUnavailableError,
    _derive,
    derive_imagenetv2_tables,
    fetch,
    imagenetv2_accuracies,
    imagenetv2_matrix,
    load_imagenetv2,
)
from analysis.data._content import table_content_sha256
from analysis.data.datasets import imagenetv2 as inv2

SAMPLE_MODELS = ["alexnet", "densenet121", "resnet50", "vgg16"]


def _sample_paths() -> list[str]:
    """Registered raw paths of the 4 sample models (they have a sha256)."""
    return ([inv2.raw_ground_truth_path(t) for t in IMAGENETV2_TESTSETS]
            + [inv2.raw_prediction_path(t, m) for t in IMAGENETV2_TESTSETS
               for m in SAMPLE_MODELS])


@pytest.fixture(scope="module")
def sample_root(staged) -> Path:
    """A folder holding the registered raw files of the 4 sample models as ``raw/...``.

    Fetched (verified, downloaded if needed) at their registered paths; where they cannot
    be downloaded, the staging's ``raw-sample/`` copy is used.
    """
    try:
        for path in _sample_paths():
            fetch("imagenetv2", path)
        return staged / "imagenetv2" / "raw"
    except DataUnavailableError as exc:
        staging = staged / "imagenetv2" / "raw-sample"
        if staging.is_dir():
            return staging
        pytest.skip(f"needs the raw ImageNetV2 sample files (registered as imagenetv2/raw/..., "
                    f"about 10 MB), which are not in the cache and cannot be downloaded: {exc}")


@pytest.fixture(scope="module")
def sample(sample_root, staged):
    """Raw upstream files of 4 models, parsed."""
    root = sample_root
    gt = {t: json.loads((root / f"{t}.json").read_text()) for t in IMAGENETV2_TESTSETS}
    preds = {t: {m: np.load(root / "predictions" / t / f"{m}.npy") for m in SAMPLE_MODELS}
             for t in IMAGENETV2_TESTSETS}
    info = json.loads((staged / "imagenetv2" / "class_info.json").read_text())
    return gt, preds, info


@pytest.fixture(scope="module")
def derived(sample):
    return derive_imagenetv2_tables(*sample)


@pytest.mark.parametrize("kind", inv2.TABLES)
def test_derivation_matches_staged_tables_exactly(derived, kind, staged):
    ours = derived[kind]
    theirs = pd.read_parquet(staged / "imagenetv2" / inv2.derived_path(kind))
    assert list(ours.columns) == list(inv2._key_columns(kind)) + SAMPLE_MODELS
    theirs = theirs[list(ours.columns)].astype({m: ours[m].dtype for m in SAMPLE_MODELS})
    pd.testing.assert_frame_equal(ours, theirs)


def test_resnet50_matches_published_accuracy(derived):
    acc = derived["top1_correct"].groupby("dataset")["resnet50"].mean()
    assert round(acc["imagenet-validation-original"] * 100, 2) == 76.13
    assert round(acc["imagenetv2-b-33"] * 100, 2) == 63.33


def test_fisher_vector_models_are_dropped(sample):
    gt, preds, info = sample
    t = "imagenetv2-b-33"
    with_fv = {t: {**preds[t], "fv_16k": preds[t]["alexnet"]}}
    tables = derive_imagenetv2_tables({t: gt[t]}, with_fv, info)
    assert not [c for c in tables["top1_correct"].columns if c.startswith("fv_")]


def test_derivation_rejects_bad_input(sample):
    gt, preds, info = sample
    t, v = "imagenetv2-b-33", "imagenetv2-a-44"
    uneven = {t: preds[t], v: {m: preds[v][m] for m in SAMPLE_MODELS[:2]}}
    with pytest.raises(ValueError, match="missing"):
        derive_imagenetv2_tables({t: gt[t], v: gt[v]}, uneven, info)
    with pytest.raises(ValueError, match="shape"):
        derive_imagenetv2_tables({t: gt[t]}, {t: {"m": preds[t]["alexnet"][:10]}}, info)
    bad_gt = {t: [["img", "n99999999"]]}
    with pytest.raises(ValueError, match="wnid"):
        derive_imagenetv2_tables(bad_gt, {t: {"m": np.zeros((1, 5), int)}}, info)


def test_loaded_tables_shape_and_models(staged):
    top1 = load_imagenetv2(table="top1_correct")
    models = [c for c in top1.columns if c not in inv2.KEY_COLUMNS]
    # 67 upstream models minus the 3 Fisher-vector baselines (SOURCE.md's "65" miscounts
    # fv_16k/fv_16k_model and fv_64k/fv_64k_model as four models).
    assert top1.shape == (80_000, 4 + 64) and len(models) == 64
    assert not [m for m in models if m.startswith("fv_")]
    assert (top1[models].dtypes == np.uint8).all()
    assert top1.groupby("dataset", sort=False).size().to_dict() == {
        "imagenet-validation-original": 50_000, "imagenetv2-b-33": 10_000,
        "imagenetv2-a-44": 10_000, "imagenetv2-c-12": 10_000}
    pred = load_imagenetv2(table="top1_pred", include_keys=False)
    assert pred.index.names == ["dataset", "item_index"] and pred.shape == (80_000, 64)
    assert (pred.dtypes == np.int16).all()


def test_accuracies_match_the_staged_summary(staging):
    """Against the staged summary (registered as derived, computed in memory: never fetched)."""
    ours = imagenetv2_accuracies()
    theirs = pd.read_csv(staging / "imagenetv2" / "imagenetv2_model_accuracies.csv")
    merged = ours.merge(theirs, on=["dataset", "model"], suffixes=("", "_staged"))
    assert len(merged) == len(ours) == 4 * 64
    assert (merged["dataset_name"] == merged["dataset_name_staged"]).all()
    assert (merged["n_items"] == merged["n_items_staged"]).all()
    np.testing.assert_allclose(merged["top1_acc"], merged["top1_acc_staged"], atol=1e-12)
    np.testing.assert_allclose(merged["top5_acc"], merged["top5_acc_staged"], atol=1e-12)
    r50 = ours[ours["model"] == "resnet50"].set_index("dataset")["top1_acc"].round(4)
    assert r50["imagenet-validation-original"] == 0.7613 and r50["imagenetv2-b-33"] == 0.6333


def test_matrix_is_models_by_items(staged):
    m = imagenetv2_matrix(test_set="matched-frequency")
    assert m.shape == (64, 10_000) and m.index.name == "model" and m.columns.name == "item"
    assert (m.dtypes == np.int8).all()
    assert round(m.loc["resnet50"].mean(), 4) == 0.6333
    assert m.equals(imagenetv2_matrix(test_set="imagenetv2-b-33"))
    assert m.equals(imagenetv2_matrix(test_set="MatchedFrequency"))
    with pytest.raises(ValueError, match="unknown test_set='V3'"):
        imagenetv2_matrix(test_set="V3")


def _copy_table(staged: Path, cache: Path, kind: str) -> Path:
    target = cache / "imagenetv2" / inv2.derived_path(kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(staged / "imagenetv2" / inv2.derived_path(kind), target)
    return target


def test_tampered_cached_table_is_detected(staged, tmp_path, monkeypatch):
    target = _copy_table(staged, tmp_path, "top1_correct")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    assert load_imagenetv2(table="top1_correct").shape == (80_000, 68)  # intact copy verifies
    frame = pd.read_parquet(target)
    frame.loc[123, "resnet50"] = 1 - frame.loc[123, "resnet50"]
    frame.to_parquet(target)
    with pytest.raises(DataIntegrityError) as info:
        load_imagenetv2(table="top1_correct")
    assert str(target) in str(info.value) and "Delete" in str(info.value)


def test_content_hash_ignores_encoding_but_not_content(staged, tmp_path):
    kind = "top5_correct"
    frame = load_imagenetv2(table=kind)
    frame.to_parquet(tmp_path / "x.parquet", compression="gzip")
    again = inv2.normalise_table(pd.read_parquet(tmp_path / "x.parquet"), kind)
    assert table_content_sha256(again) == table_content_sha256(frame)
    frame.iloc[0, -1] = 1 - frame.iloc[0, -1]
    assert table_content_sha256(frame) != table_content_sha256(again)


@pytest.fixture
def raw_cache(staged, sample_root, tmp_path, monkeypatch):
    """A cache holding only the raw upstream files of the 4 sample models."""
    root = tmp_path / "imagenetv2"
    shutil.copytree(sample_root, root / "raw")
    shutil.copyfile(staged / "imagenetv2" / "class_info.json", root / "class_info.json")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(inv2, "_registered_models", lambda: SAMPLE_MODELS)
    return tmp_path


def test_derivation_from_raw_downloads_is_verified(raw_cache):
    # The registered content hashes cover all 64 models: 4 models must not pass.
    with pytest.raises(DataIntegrityError, match="derived from the downloaded"):
        load_imagenetv2(table="top1_correct")
    assert not (raw_cache / "imagenetv2" / inv2.derived_path("top1_correct")).exists()


def test_derivation_from_raw_downloads_is_cached(raw_cache, derived, monkeypatch):
    real = _derive.get_dataset("imagenetv2")
    files = tuple(
        dataclasses.replace(f, content_sha256=table_content_sha256(derived[k]))
        if (k := f.path.removeprefix("imagenetv2_per_item_").removesuffix(".parquet")) in derived
        else f
        for f in real.files
    )
    monkeypatch.setattr(_derive, "get_dataset", lambda name: dataclasses.replace(real, files=files))
    first = load_imagenetv2(table="top1_pred")
    for kind in inv2.TABLES:
        assert (raw_cache / "imagenetv2" / inv2.derived_path(kind)).is_file()
    pd.testing.assert_frame_equal(first, derived["top1_pred"])
    monkeypatch.setattr(inv2, "_derive_from_upstream", lambda: pytest.fail("re-derived"))
    pd.testing.assert_frame_equal(load_imagenetv2(table="top1_pred"), first)


def test_row_differences_do_not_wrap_around():
    """0/1 matrices are signed: model A minus model B is -1, 0 or 1 on every item."""
    m = imagenetv2_matrix(test_set="matched-frequency")
    difference = m.iloc[0] - m.iloc[-1]
    assert set(np.unique(difference)) <= {-1, 0, 1}
    assert difference.mean() == pytest.approx(m.iloc[0].mean() - m.iloc[-1].mean())
