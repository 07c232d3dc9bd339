"""The registry covers every staged file, with verified hashes, pinned URLs, licenses, citations."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from pathlib import Path

import pytest

from analysis.data import (
    DataError,
    UnknownDatasetError,
    UnknownFileError,
    get_dataset,
    list_datasets,
)
from analysis.data._derive import derivations

ROOT = Path(__file__).resolve().parents[2]
PINNED_URL = re.compile(r"^https://raw\.githubusercontent\.com/[^/\s]+/[^/\s]+/[0-9a-f]{40}/\S+$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
BIB = ROOT / "book" / "references.bib"


def _all_files():
    return [f for name in list_datasets() for f in get_dataset(name).files]


def _staged_copy(root: Path, dataset: str, path: str) -> Path:
    """Where the staged folder keeps a registered file (ImageNetV2 raw files: raw-sample/)."""
    if dataset == "imagenetv2" and path.startswith("raw/"):
        return root / dataset / ("raw-sample/" + path.removeprefix("raw/"))
    return root / dataset / path


def test_every_dataset_folder_is_registered(staging):
    folders = sorted(p.name for p in staging.iterdir() if (p / "SOURCE.md").is_file())
    assert folders == list_datasets()


def test_every_staged_file_is_registered(staging):
    for name in list_datasets():
        folder = staging / name
        on_disk = {
            p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and p.name != "SOURCE.md"
            and not (name == "imagenetv2" and p.relative_to(folder).parts[0] == "raw-sample")
        }
        missing = on_disk - set(get_dataset(name).paths)
        assert not missing, f"{name}: staged files not in files.csv: {sorted(missing)}"


def test_every_sha256_matches_the_staged_file(staging):
    checked = 0
    for f in _all_files():
        if not f.sha256:
            continue
        copy = _staged_copy(staging, f.dataset, f.path)
        assert copy.is_file(), f"{f.dataset}/{f.path} has a sha256 but no staged copy"
        data = copy.read_bytes()
        assert len(data) == f.bytes, f"{f.dataset}/{f.path}: size"
        assert hashlib.sha256(data).hexdigest() == f.sha256, f"{f.dataset}/{f.path}: sha256"
        checked += 1
    assert checked >= 300


def test_registry_is_reproducible_from_source_notes(staging, tmp_path):
    spec = importlib.util.spec_from_file_location("build_registry", ROOT / "scripts" / "build_registry.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(module.build(staging), tmp_path)
    committed = ROOT / "src" / "analysis" / "data" / "registry" / "files.csv"
    assert (tmp_path / "files.csv").read_text() == committed.read_text(), (
        "files.csv is stale: run python scripts/build_registry.py")


def test_registered_files_in_the_cache_match_their_hashes(staged):
    """Every registered upstream file present in the cache verifies (no staging needed)."""
    from analysis.data import fetch
    checked = 0
    for f in _all_files():
        if f.kind == "upstream" and f.sha256 and (staged / f.dataset / f.path).is_file():
            fetch(f.dataset, f.path)
            checked += 1
    assert checked >= 300


def test_urls_are_pinned_raw_github_urls():
    for f in _all_files():
        if f.kind == "upstream":
            assert PINNED_URL.match(f.url), f"{f.dataset}/{f.path}: {f.url!r}"
            commit = f.url.split("/")[5]
            assert commit in get_dataset(f.dataset).commits
        else:
            assert f.kind == "derived" and f.url == "" and f.derived_from, f
            assert f.sha256, f"derived {f.path} should record the staged bytes' sha256"


def test_hashes_are_hex_or_explicitly_unknown():
    unknown = [f for f in _all_files() if not f.sha256]
    for f in _all_files():
        assert f.sha256 == "" or HEX64.match(f.sha256), f
        assert f.content_sha256 == "" or HEX64.match(f.content_sha256), f
    # Only raw inputs of registered derivations (verified by content hash) may lack a hash.
    for f in unknown:
        inputs = tuple(p for d in derivations(f.dataset) for p in d.inputs)
        assert f.path.startswith(inputs), f"{f.dataset}/{f.path} needs a sha256"
    for name, table in [("imagenetv2", "imagenetv2_per_item_top1_correct.parquet"),
                        ("imagenetv2", "imagenetv2_per_item_top5_correct.parquet"),
                        ("imagenetv2", "imagenetv2_per_item_top1_pred.parquet"),
                        ("imagenet-testbed", "model_types.csv")]:
        assert get_dataset(name).file(table).content_sha256


def test_metadata_is_complete():
    for name in list_datasets():
        ds = get_dataset(name)
        for field in ("title", "description", "license", "license_note", "citation", "bibkey",
                      "loader"):
            assert getattr(ds, field).strip(), f"{name}: empty {field}"
        assert ds.loader.startswith("load_") and ds.loader.isidentifier()
        assert ds.repositories and all(r.startswith("https://github.com/") for r in ds.repositories)
        assert ds.commits and all(re.fullmatch(r"[0-9a-f]{40}", c) for c in ds.commits)
        assert ds.files
    assert get_dataset("aiid").license == "CC-BY-SA-4.0"
    for name in ("nlu-irt", "correlated-errors", "metr-time-horizon"):
        assert get_dataset(name).license == "none (cite, never redistribute)"


def test_every_bibkey_is_in_the_bibliography():
    keys = set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text("utf-8"), flags=re.M))
    used = {k for n in list_datasets() for k in (get_dataset(n).bibkey, *get_dataset(n).related_bibkeys)}
    assert used <= keys, f"add {sorted(used - keys)} to book/references.bib"


def test_unknown_dataset_lists_valid_names_and_suggests_closest():
    with pytest.raises(UnknownDatasetError) as info:
        get_dataset("cifar10")
    err = info.value
    assert isinstance(err, KeyError) and isinstance(err, DataError)
    msg = str(err)
    assert "Did you mean 'cifar10.1'" in msg
    assert all(name in msg for name in list_datasets())


def test_unknown_file_suggests_closest_path():
    with pytest.raises(UnknownFileError) as info:
        get_dataset("gsm1k").file("scale_dif.csv")
    assert isinstance(info.value, KeyError) and isinstance(info.value, DataError)
    assert "'scale_diff.csv'" in str(info.value)
