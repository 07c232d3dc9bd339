"""Regression tests for the data-layer defects of issue 10 (item 7).

Each test builds a temporary cache (copies or links of registered files, corrupted on
purpose), points ``ANALYSIS_DATA_DIR`` at it and checks that the failure names the file and
the fix.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import shutil
import threading
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import requests

from analysis import data
from analysis.data import (
    DataError,
    DataIntegrityError,
    DataUnavailableError,
    UnknownColumnsWarning,
    UnverifiedDownloadWarning,
    _cache,
    _derive,
    _readers,
    _registry,
)
from analysis.data.__main__ import main
from analysis.data._registry import Dataset, RegisteredFile
from analysis.data.datasets import nlu_irt

URL = "https://raw.githubusercontent.com/example/demo/" + "0" * 40 + "/"
HTML = b"<!DOCTYPE html>\n<html><head><title>Proxy login</title></head><body>sign in</body></html>\n"


def _unhashed(*paths: str) -> Dataset:
    files = tuple(RegisteredFile("demo", p, URL + p, "", 0, "upstream") for p in paths)
    return Dataset("demo", "Demo", "A demo.", ("https://github.com/example/demo",), ("0" * 40,),
                   "MIT", "note", "citation", "demo2024", (), "load_demo", files)


@pytest.fixture
def demo_cache(tmp_path, monkeypatch):
    """An empty cache and a registry of one 'demo' dataset with files lacking a sha256."""
    root = tmp_path / "cache"
    root.mkdir()
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(root))
    monkeypatch.setattr(_cache, "get_dataset", lambda name: _unhashed(
        "raw/preds.npy", "plotting/model_types.py", "meta.json"))
    _cache._VERIFIED.clear()
    return root


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise requests.exceptions.ConnectionError("network blocked by the test")

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(requests.Session, "request", refuse)


def _serve(monkeypatch, payload: bytes | Path):
    """Make every download write ``payload`` (as a proxy that answers with a page would)."""
    def download(url, output_file, pooch_instance, check_only=False):
        body = payload.read_bytes() if isinstance(payload, Path) else payload
        Path(output_file).write_bytes(body)

    monkeypatch.setattr(_cache, "_downloader", download)


def _copy(staged: Path, cache: Path, dataset: str, path: str) -> Path:
    target = cache / dataset / path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(staged / dataset / path, target)
    return target


# ------------------------------------------------ files registered without a sha256

def test_html_page_saved_as_npy_is_removed_and_named(demo_cache, monkeypatch):
    _serve(monkeypatch, HTML)
    with pytest.raises(DataIntegrityError) as info:
        data.fetch("demo", "raw/preds.npy")
    msg = str(info.value)
    assert "demo/raw/preds.npy" in msg and "HTML" in msg and "removed" in msg
    assert "allow_pickle" not in msg
    assert not (demo_cache / "demo" / "raw" / "preds.npy").exists()


def test_html_page_saved_as_python_source_is_removed(demo_cache, monkeypatch):
    _serve(monkeypatch, b"def broken(:\n")
    with pytest.raises(DataIntegrityError, match="SyntaxError.*removed"):
        data.fetch("demo", "plotting/model_types.py")
    assert not (demo_cache / "demo" / "plotting" / "model_types.py").exists()


def test_python_source_is_parsed_never_run(demo_cache, monkeypatch, tmp_path):
    marker = tmp_path / "ran"
    _serve(monkeypatch, f"open({str(marker)!r}, 'w').write('x')\n".encode())
    with pytest.warns(UnverifiedDownloadWarning):
        data.fetch("demo", "plotting/model_types.py")
    assert not marker.exists()


def test_bad_json_is_removed(demo_cache, monkeypatch):
    _serve(monkeypatch, b'{"cid": 0, ')
    with pytest.raises(DataIntegrityError, match="JSONDecodeError"):
        data.fetch("demo", "meta.json")


def test_good_download_records_its_sha256_and_is_checked_later(demo_cache, monkeypatch, tmp_path):
    source = tmp_path / "preds.npy"
    np.save(source, np.arange(10, dtype=np.int64).reshape(2, 5))
    _serve(monkeypatch, source)
    with pytest.warns(UnverifiedDownloadWarning, match="sha256"):
        path = data.fetch("demo", "raw/preds.npy")
    sidecar = Path(str(path) + ".sha256")
    assert sidecar.read_text().split()[0] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert data.fetch("demo", "raw/preds.npy") == path  # verified against the record
    np.save(path, np.zeros((2, 5), dtype=np.int64))  # changed after the first download
    os.utime(path, ns=(1, 1))
    with pytest.raises(DataIntegrityError, match="recorded at its first download"):
        data.fetch("demo", "raw/preds.npy")


def test_unhashed_file_placed_by_hand_is_format_checked(demo_cache):
    target = demo_cache / "demo" / "raw" / "preds.npy"
    target.parent.mkdir(parents=True)
    target.write_bytes(HTML)
    with pytest.raises(DataIntegrityError, match="not a valid .npy file"):
        data.fetch("demo", "raw/preds.npy")
    assert not target.exists()


def test_object_arrays_are_never_unpickled(demo_cache, monkeypatch, tmp_path):
    source = tmp_path / "preds.npy"
    np.save(source, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    _serve(monkeypatch, source)
    with pytest.raises(DataIntegrityError, match="removed"):
        data.fetch("demo", "raw/preds.npy")


# ------------------------------------------------------------ corrupted derived tables

@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "cache"
    root.mkdir()
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(root))
    return root


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_corrupted_parquet_names_the_file_and_the_fix(staged, scratch, damage):
    path = "imagenetv2_per_item_top5_correct.parquet"
    target = _copy(staged, scratch, "imagenetv2", path)
    body = target.read_bytes()
    target.write_bytes(b"\x00garbage" * 100 if damage == "garbage" else body[: len(body) // 2])
    with pytest.raises(DataIntegrityError) as info:
        data.load_imagenetv2(table="top5_correct")
    assert str(target) in str(info.value) and "Delete" in str(info.value)


def test_corrupted_model_types_csv_names_the_file(staged, scratch):
    target = _copy(staged, scratch, "imagenet-testbed", "model_types.csv")
    target.write_bytes(b"\xff\xfe\x00binary\x00" * 50)
    with pytest.raises(DataIntegrityError) as info:
        data.load_imagenet_testbed_model_types()
    assert str(target) in str(info.value)


def test_missing_derived_table_offline_names_the_table(staged, scratch, offline):
    _copy(staged, scratch, "imagenetv2", "class_info.json")
    with pytest.raises(DataUnavailableError) as info:
        data.load_imagenetv2(table="top1_correct")
    msg = str(info.value)
    assert msg.startswith("The derived table imagenetv2/imagenetv2_per_item_top1_correct.parquet"
                          " is not in the cache")
    assert "ANALYSIS_DATA_DIR" in msg and "214 MB" in msg
    assert not (scratch / "imagenetv2" / "raw").exists()  # no empty folders left behind


# ------------------------------------------------------------------------ cache paths

def test_new_empty_cache_folder_is_pointed_out(tmp_path, monkeypatch, offline):
    missing = tmp_path / "typo" / "data"
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(missing))
    with pytest.raises(DataUnavailableError, match="did not exist and was created empty"):
        data.fetch("gsm1k", "scale_diff.csv")


def test_relative_cache_path_is_resolved_once_and_said(tmp_path, monkeypatch, offline):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANALYSIS_DATA_DIR", "relative-cache")
    assert data.cache_dir() == tmp_path / "relative-cache"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert data.cache_dir() == tmp_path / "relative-cache"  # not re-resolved
    with pytest.raises(DataUnavailableError, match="is relative and was resolved"):
        data.fetch("gsm1k", "scale_diff.csv")


def test_unreadable_cache_says_what_to_do(staged, scratch, monkeypatch):
    _copy(staged, scratch, "gsm1k", "scale_diff.csv")
    real = pathlib.Path.is_file

    def denied(self):
        if str(self).startswith(str(scratch)):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "is_file", denied)
    with pytest.raises(DataUnavailableError, match="permission denied.*chmod"):
        data.fetch("gsm1k", "scale_diff.csv")


def test_unreadable_file_says_what_to_do(staged, scratch, monkeypatch):
    _copy(staged, scratch, "gsm1k", "averages.tsv")
    _cache._VERIFIED.clear()

    def denied(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(_cache, "sha256_file", denied)
    with pytest.raises(DataUnavailableError, match="permission denied.*chmod"):
        data.fetch("gsm1k", "averages.tsv")


@pytest.mark.parametrize("path", ["../escape.csv", "/etc/passwd", "a/../../b.csv", "C:/x.csv"])
def test_registry_paths_outside_the_cache_are_refused(path):
    text = ("dataset,path,url,sha256,bytes,kind,derived_from,content_sha256\n"
            f"demo,{path},{URL}x,,0,upstream,,\n")
    with pytest.raises(ValueError, match="outside the cache"):
        _registry.read_files_csv(text)
    with pytest.raises(DataError, match="outside the cache"):
        _cache.local_path("demo", path)


# --------------------------------------------------------------- concurrent derivations

def test_concurrent_writes_use_unique_temporary_files(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    frame = pd.DataFrame({"a": range(1000)})
    used: list[str] = []
    real_replace = os.replace

    def replace(src, dst):
        used.append(str(src))
        real_replace(src, dst)

    monkeypatch.setattr(_derive.os, "replace", replace)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clash would warn "could not cache"
        threads = [threading.Thread(target=_derive.write_atomically,
                                    args=(target, lambda t: frame.to_csv(t, index=False)))
                   for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(set(used)) == 8 and all(Path(u).parent == tmp_path for u in used)
    assert pd.read_csv(target).equals(frame)
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]  # no temporary files left


# --------------------------------------------------------- columns added upstream

@pytest.fixture
def fake_files(tmp_path, monkeypatch):
    """Serve chosen registered paths from small tmp files (others as registered)."""
    served: dict[str, Path] = {}
    real = _readers.fetch

    def fetch(dataset, path):
        return served.get(path) or real(dataset, path)

    monkeypatch.setattr(_readers, "fetch", fetch)

    def serve(path: str, text: str) -> None:
        target = tmp_path / path.replace("/", "_")
        target.write_text(text, encoding="utf-8")
        served[path] = target
    return serve


def test_new_obsscaling_column_is_reported_not_a_benchmark(fake_files):
    fake_files("base_llm_benchmark_eval.csv",
               "Model,Model Family,Model Size (B),Pretraining Data Size (T),FLOPs (1E21),"
               "MMLU,Release Year\nm,f,7,2,84,0.5,2024\n")
    with pytest.warns(UnknownColumnsWarning, match="obsscaling/base_llm_benchmark_eval.csv.*"
                                                   "Release Year"):
        long = data.load_obsscaling(table="base")
    assert set(long["benchmark"]) == {"MMLU"}


def test_new_zhang_hardt_column_is_reported_not_a_task(fake_files):
    fake_files("bigcode/leaderboard.tsv", "T\tModels\tWin\tThroughput\thumaneval-python\tLicense "
               "year\nx\tm\t1\t2\t30.5\t2023\n")
    with pytest.warns(UnknownColumnsWarning, match="License year"):
        long = data.load_benchbench_zhang_hardt(table="bigcode")
    assert set(long["task"]) == {"humaneval-python"}


def test_new_safetywashing_column_is_reported_not_a_benchmark(staged, fake_files):
    raw = (staged / "safetywashing" / "benchmarks_base_models.csv").read_text("utf-8")
    header, first = raw.splitlines()[:2]
    fake_files("benchmarks_base_models.csv", f"{header},gpu_hours\n{first},123\n")
    with pytest.warns(UnknownColumnsWarning, match="gpu_hours"):
        long = data.load_safetywashing(subset="base")
    assert "gpu_hours" not in set(long["benchmark"])


# ------------------------------------------------------------------ command line

def test_fetch_offline_reports_every_missing_file_without_traceback(scratch, offline, capsys):
    assert main(["fetch", "gsm1k", "chembench-irt"]) == 1
    out, err = capsys.readouterr()
    assert "gsm1k" in out and "chembench-irt" in out and "missing" in out
    n_files = sum(len(data.get_dataset(n).files) for n in ("gsm1k", "chembench-irt"))
    assert err.count("\n  - ") == n_files
    assert "scale_diff.csv" in err and "binary_matrix.csv" in err
    assert "Traceback" not in err


def test_fetch_prints_one_line_per_dataset(staged, capsys):
    assert main(["fetch", "gsm1k", "benchrisk"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("data cache:") and len(out) == 3


# ------------------------------------------------------------------- performance

def test_nlu_files_are_parsed_once_per_process(staged, monkeypatch):
    first = data.load_nlu_irt(test_set=["cb", "copa"])
    monkeypatch.setattr(nlu_irt.pd, "read_csv", lambda *a, **k: pytest.fail("parsed again"))
    first.loc[0, "correct"] = 7
    again = data.load_nlu_irt(test_set=["cb", "copa"])
    assert again["correct"].max() == 1  # callers get copies
    assert data.nlu_irt_matrix(test_set="cb").shape == (90, 28)


def test_fetch_summarises_recorded_hashes(demo_cache, monkeypatch, tmp_path, capsys):
    source = tmp_path / "preds.npy"
    np.save(source, np.arange(10, dtype=np.int64).reshape(2, 5))
    _serve(monkeypatch, source)
    monkeypatch.setattr("analysis.data.__main__.get_dataset",
                        lambda name: _unhashed("raw/preds.npy"))
    monkeypatch.setattr("analysis.data.__main__.list_datasets", lambda: ["demo"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # summarised, not one warning per file
        assert main(["fetch"]) == 0
    assert "1 downloaded without a registered sha256" in capsys.readouterr().out
