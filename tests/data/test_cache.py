"""The verified cache: good, corrupted, missing-offline, downloaded and unwritable files."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pooch
import pytest
import requests

from analysis.data import (
    DataError,
    DataIntegrityError,
    DataUnavailableError,
    UnknownDatasetError,
    _cache,
    cache_dir,
    fetch,
)
from analysis.data._registry import Dataset, RegisteredFile

GOOD = b"model,score\na,0.5\nb,0.75\n"
URL = "https://raw.githubusercontent.com/example/demo/" + "0" * 40 + "/sub/scores.csv"


def _dataset(sha256: str = hashlib.sha256(GOOD).hexdigest()) -> Dataset:
    files = (
        RegisteredFile("demo", "sub/scores.csv", URL, sha256, len(GOOD), "upstream"),
        RegisteredFile("demo", "table.parquet", "", "f" * 64, 1, "derived", "sub/scores.csv",
                       "e" * 64),
    )
    return Dataset("demo", "Demo", "A demo.", ("https://github.com/example/demo",), ("0" * 40,),
                   "MIT", "note", "citation", "demo2024", (), "load_demo", files)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache in tmp_path and a registry holding one small 'demo' dataset."""
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(_cache, "get_dataset", lambda name: _dataset())
    _cache._VERIFIED.clear()
    return tmp_path


@pytest.fixture
def offline(monkeypatch):
    """Block the network where pooch reaches it (requests)."""
    def refuse(*args, **kwargs):
        raise requests.exceptions.ConnectionError("network blocked by the test")

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(requests.Session, "request", refuse)


def _copying_downloader(source: Path):
    def download(url, output_file, pooch_instance, check_only=False):
        shutil.copyfile(source, output_file)
    return download


def test_cache_dir_follows_env(monkeypatch, tmp_path):
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv("ANALYSIS_DATA_DIR")
    assert cache_dir() == Path(pooch.os_cache("eval-science"))


def test_good_file_is_returned(cache):
    target = cache / "demo" / "sub" / "scores.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(GOOD)
    assert fetch("demo", "sub/scores.csv") == target


def test_verification_is_memoised_until_the_file_changes(cache, monkeypatch):
    target = cache / "demo" / "sub" / "scores.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(GOOD)
    calls = []
    real = _cache.sha256_file
    monkeypatch.setattr(_cache, "sha256_file", lambda p: calls.append(p) or real(p))
    fetch("demo", "sub/scores.csv")
    fetch("demo", "sub/scores.csv")
    assert len(calls) == 1
    target.write_bytes(GOOD.replace(b"0.5", b"0.6"))  # same size, new content and mtime
    os.utime(target, ns=(1, 1))
    with pytest.raises(DataIntegrityError):
        fetch("demo", "sub/scores.csv")


def test_corrupted_file_raises_and_is_left_untouched(cache):
    target = cache / "demo" / "sub" / "scores.csv"
    target.parent.mkdir(parents=True)
    bad = GOOD + b"c,1.0\n"
    target.write_bytes(bad)
    before = target.stat().st_mtime_ns
    with pytest.raises(DataIntegrityError) as info:
        fetch("demo", "sub/scores.csv")
    msg = str(info.value)
    assert str(target) in msg
    assert hashlib.sha256(GOOD).hexdigest() in msg and hashlib.sha256(bad).hexdigest() in msg
    assert "delete" in msg and "ANALYSIS_DATA_DIR" in msg
    assert target.read_bytes() == bad and target.stat().st_mtime_ns == before


def test_missing_file_offline_raises_unavailable(cache, offline):
    with pytest.raises(DataUnavailableError) as info:
        fetch("demo", "sub/scores.csv")
    msg = str(info.value)
    assert "ANALYSIS_DATA_DIR" in msg and URL in msg
    assert str(cache / "demo" / "sub" / "scores.csv") in msg
    assert "<dataset>/<path>" in msg
    assert not (cache / "demo" / "sub" / "scores.csv").exists()


def test_download_writes_into_cache_and_verifies(cache, tmp_path_factory, monkeypatch):
    source = tmp_path_factory.mktemp("upstream") / "scores.csv"
    source.write_bytes(GOOD)
    monkeypatch.setattr(_cache, "_downloader", _copying_downloader(source))
    path = fetch("demo", "sub/scores.csv")
    assert path == cache / "demo" / "sub" / "scores.csv"
    assert path.read_bytes() == GOOD
    assert fetch("demo", "sub/scores.csv") == path  # second call: cached


def test_download_with_wrong_bytes_is_discarded(cache, tmp_path_factory, monkeypatch):
    source = tmp_path_factory.mktemp("upstream") / "scores.csv"
    source.write_bytes(b"tampered\n")
    monkeypatch.setattr(_cache, "_downloader", _copying_downloader(source))
    with pytest.raises(DataIntegrityError) as info:
        fetch("demo", "sub/scores.csv")
    assert URL in str(info.value)
    assert not (cache / "demo" / "sub" / "scores.csv").exists()


def test_uncreatable_cache_directory_is_a_clear_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(blocker))
    monkeypatch.setattr(_cache, "get_dataset", lambda name: _dataset())
    with pytest.raises(DataUnavailableError) as info:
        fetch("demo", "sub/scores.csv")
    assert "read-only" in str(info.value) and "ANALYSIS_DATA_DIR" in str(info.value)


def test_read_only_cache_directory_is_a_clear_error(cache, monkeypatch):
    monkeypatch.setattr(_cache.os, "access", lambda path, mode: False)  # as if chmod a-w
    with pytest.raises(DataUnavailableError) as info:
        fetch("demo", "sub/scores.csv")
    assert "read-only" in str(info.value)


def test_derived_tables_are_not_fetched(cache):
    with pytest.raises(DataError) as info:
        fetch("demo", "table.parquet")
    assert "load_demo" in str(info.value)


def test_unknown_dataset_through_fetch(monkeypatch, tmp_path):
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    with pytest.raises(UnknownDatasetError):
        fetch("no-such-dataset", "x.csv")
