"""Loaders of ``cifar10.1`` against the registered files in the cache."""

from __future__ import annotations

import json

import numpy as np
import pytest

from analysis.data import (
    cifar10_1_matrix,
    load_cifar10_1,
)


def test_cifar10_1_v6(staged):
    df = load_cifar10_1()
    assert list(df.columns) == ["test_set", "model", "item", "label", "prediction", "correct"]
    assert len(df) == 30 * 2000 and df["model"].nunique() == 30
    assert not df.duplicated(["model", "item"]).any()
    assert df["prediction"].between(0, 9).all() and df["label"].between(0, 9).all()
    acc = df.groupby("model")["correct"].mean()
    assert acc["resnet_basic_32"] == pytest.approx(0.852)
    assert acc["shake_shake_26_2x64d_SSI_cutout16"] == pytest.approx(0.931)
    labels = np.load(staged / "cifar10.1" / "datasets" / "cifar10.1_v6_labels.npy")
    np.testing.assert_array_equal(df.query("model == 'wrn_28_10'")["label"].to_numpy(int),
                                  labels)
    preds = json.loads((staged / "cifar10.1" / "model_predictions" / "v6_predictions" /
                        "darc_predictions.json").read_text())
    np.testing.assert_array_equal(df.query("model == 'darc'")["prediction"], preds)


def test_cifar10_1_matrix_and_original(staged):
    m = cifar10_1_matrix(test_set="v4")
    assert m.shape == (30, 2021) and (m.dtypes == np.int8).all()
    assert m.index.name == "model" and m.columns.name == "item"
    long = load_cifar10_1(test_set="v4")
    assert m.mean(axis=1).to_dict() == pytest.approx(
        long.groupby("model")["correct"].mean().astype(float).to_dict())
    orig = load_cifar10_1(test_set="original")
    assert len(orig) == 30 * 10000 and orig["label"].isna().all() and orig["correct"].isna().all()
    p = cifar10_1_matrix(test_set="original", value="prediction")
    assert p.shape == (30, 10000) and p.to_numpy().max() <= 9
