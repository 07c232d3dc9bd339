"""The data catalog table and the book page generated from it."""

from __future__ import annotations

import re
from pathlib import Path

import analysis.data
from analysis.data import (
    catalog,
    get_dataset,
    list_datasets,
    render_catalog_page,
    write_catalog_page,
)

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "book" / "data_catalog.md"


def _outside_code(text: str) -> str:
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return re.sub(r"`[^`\n]*`", "", text)


def test_catalog_has_one_row_per_dataset():
    table = catalog()
    assert table["name"].tolist() == list_datasets()
    assert list(table.columns) == ["name", "title", "repository", "commits", "license",
                                   "citation", "bibkey", "n_files", "total_bytes", "loader"]
    for row in table.itertuples():
        ds = get_dataset(row.name)
        assert row.n_files == len(ds.files) and row.total_bytes == ds.total_bytes > 0
        assert row.repository.startswith("https://github.com/") and row.license and row.citation
        assert row.loader.startswith("load_")


def test_committed_page_is_up_to_date():
    assert PAGE.read_text(encoding="utf-8") == render_catalog_page(), (
        "book/data_catalog.md is stale: run python -c \"from analysis.data import "
        "write_catalog_page; write_catalog_page('book/data_catalog.md')\"")


def test_write_catalog_page(tmp_path):
    out = write_catalog_page(tmp_path / "catalog.md")
    assert out.read_text(encoding="utf-8") == render_catalog_page()


def test_page_is_strict_myst():
    text = render_catalog_page()
    levels = [len(m.group(1)) for m in re.finditer(r"^(#+) ", text, flags=re.M)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), "skipped level"
    labels = re.findall(r"^\((.*)\)=$", text, flags=re.M)
    assert labels and all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", lab) for lab in labels)
    assert len(set(labels)) == len(labels)
    refs = re.findall(r"\{ref\}`[^<`]*<([^>]+)>`", text)
    assert set(refs) <= set(labels)
    assert not re.search(r"<[A-Za-z/!]", _outside_code(text)), "raw HTML"
    assert "$" not in _outside_code(text), "stray math"


def test_page_content():
    text = render_catalog_page()
    assert text.splitlines()[4] == "# Data catalog"
    for phrase in ("sha256", "ANALYSIS_DATA_DIR", "CC BY-SA", "never redistributed", "cache"):
        assert phrase in text
    for name in list_datasets():
        ds = get_dataset(name)
        assert f"### `{name}`: {ds.title}" in text
        assert ds.bibkey in text and ds.loader in text and ds.commits[0][:10] in text
    assert "{cite:p}`schillingwilhelmi2025irt,mirza2024chembench`" in text


def test_registered_loaders_exist():
    missing = [get_dataset(n).loader for n in list_datasets()
               if not hasattr(analysis.data, get_dataset(n).loader)]
    assert not missing, f"loaders named in a dataset's INFO but not in analysis.data: {missing}"
