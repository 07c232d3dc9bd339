"""Loaders of ``missing columns`` against the registered files in the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.data import (
    DataError,
    _readers,
    load_aiid,
    load_benchrisk,
    load_correlated_errors,
    load_epoch_benchmarks,
    load_gsm1k,
    load_obsscaling,
)


@pytest.fixture
def fake_file(tmp_path, monkeypatch):
    """Make every fetch() return one small tmp file; returns a function writing it."""
    target = tmp_path / "file.csv"
    monkeypatch.setattr(_readers, "fetch", lambda dataset, path: target)

    def write(text: str) -> Path:
        target.write_text(text, encoding="utf-8")
        return target
    return write


@pytest.mark.parametrize("call, text, missing", [
    (lambda: load_gsm1k(table="items"), "question,solution\nWhat?,4\n", "answer"),
    (lambda: load_correlated_errors(table="accuracy"), "model,acc\nm,0.5\n", "model_accuracy"),
    (lambda: load_aiid(table="duplicates"), "duplicate_incident_number,x\n1,2\n",
     "true_incident_number"),
    (lambda: load_epoch_benchmarks(table="distilled"), "\ufeffmodel,distilled,notes\nm,TRUE,\n",
     "confidence"),
    (lambda: load_benchrisk(table="failure_modes"), "ID,Stage\n#001,x\n", "Severity"),
    (lambda: load_obsscaling(table="base"), "Model,MMLU\nm,0.5\n", "Model Family"),
])
def test_missing_column_raises_data_error(fake_file, call, text, missing):
    fake_file(text)
    with pytest.raises(DataError, match=f"expected column\\(s\\) .*{missing}"):
        call()


def test_non_numeric_score_raises_data_error(fake_file):
    fake_file("Model,Model Family,Model Size (B),Pretraining Data Size (T),FLOPs (1E21),MMLU\n"
              "m,f,7,2,84,high\n")
    with pytest.raises(DataError, match="non-numeric"):
        load_obsscaling(table="base")
