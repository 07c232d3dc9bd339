"""The chapters: stored clean, listed in the table of contents, built in the book's shape,
and deterministic.

The fast tests read the notebooks as stored. The tests marked ``slow`` run after
``make book-clean`` (``make test`` orders them so): they read the copies the build executed
in ``_build/jupyter_execute`` and compare each chapter with a second execution (the one
``make test`` runs beside the build, or a fresh one).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from book_toc import toc_pages

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXECUTED = ROOT / "_build" / "jupyter_execute" / "notebooks"
HTML = ROOT / "_build" / "html"

# Every chapter opens and closes with these headings (DESIGN.md, section 3).
OPENING = ["Summary", "Learning objectives", "Estimated time"]
CLOSING = ["Exercises", "Further reading"]


def _toc_files() -> set[str]:
    return set(toc_pages())


def _headings(nb) -> list[str]:
    heads = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heads += re.findall(r"^#{1,6}\s+(.+?)\s*$", cell.source, flags=re.M)
    return heads


def test_there_are_chapters():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; strip them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_in_the_table_of_contents(path):
    assert f"notebooks/{path.stem}" in _toc_files()


def test_every_toc_entry_exists():
    for entry in _toc_files():
        candidates = [ROOT / f"{entry}{ext}" for ext in (".md", ".ipynb")]
        assert any(c.exists() for c in candidates), f"_toc.yml names {entry}, which does not exist"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_follows_the_book_shape(path):
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), "name chapters NN_snake_case"
    heads = _headings(nbformat.read(path, as_version=4))
    for name in OPENING + CLOSING:
        assert name in heads, f"{path.name} lacks a '{name}' heading"
    assert heads.index("Summary") < heads.index("Exercises") < heads.index("Further reading")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_kernel_is_python3(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"


# --- after the build -----------------------------------------------------------------


def _executed(path: Path):
    copy = EXECUTED / path.name
    if not copy.exists():
        pytest.fail(f"{copy} is missing: run `make book-clean` before the slow tests")
    return nbformat.read(copy, as_version=4)


def _cached_execution(path: Path):
    """The build's execution of ``path`` as stored in its jupyter-cache, glue outputs
    included (the copy in ``_build/jupyter_execute`` has them stripped)."""
    from jupyter_cache import get_cache

    cache = get_cache(ROOT / "_build" / ".jupyter_cache")
    record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
    return cache.get_cache_bundle(record.pk).nb


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_a_caption_and_alt_text(path):
    nb = _executed(path)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if any("image/png" in out.get("data", {}) for out in cell.outputs):
            meta = cell.metadata.get("mystnb", {})
            assert meta.get("figure", {}).get("caption"), f"{path.name} cell {i}: figure without caption"
            assert meta.get("figure", {}).get("name"), f"{path.name} cell {i}: figure without a name"
            assert meta.get("image", {}).get("alt"), f"{path.name} cell {i}: figure without alt text"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stderr_or_errors_in_outputs(path):
    nb = _executed(path)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{path.name} cell {i} raised"
            assert out.get("name") != "stderr", f"{path.name} cell {i} wrote to stderr: {out.text[:200]}"


def _comparable(nb) -> list:
    """Outputs of every code cell, without what legitimately varies between runs."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for out in cell.outputs:
            out = dict(out)
            out.pop("execution_count", None)
            out.pop("metadata", None)
            outs.append(out)
        cells.append(outs)
    return cells


def _second_execution(path: Path):
    """A second execution of ``path``: the one ``make test`` ran beside the build
    (``scripts/execute_notebooks.py`` into ``$ANALYSIS_REEXECUTED``) when it is of the
    current source, else a fresh one now."""
    from nbclient import NotebookClient

    source = nbformat.read(path, as_version=4)
    folder = os.environ.get("ANALYSIS_REEXECUTED")
    if folder and (Path(folder) / path.name).exists():
        earlier = nbformat.read(Path(folder) / path.name, as_version=4)
        if [c.source for c in earlier.cells] == [c.source for c in source.cells]:
            return earlier
    NotebookClient(
        source, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute(env=dict(os.environ))
    return source


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_outputs_are_identical_when_executed_again(path):
    """Every random step is seeded: a second execution reproduces every output,
    glued numbers and figures included, byte for byte."""
    built = _cached_execution(path)
    nb = _second_execution(path)
    first, second = _comparable(built), _comparable(nb)
    assert len(first) == len(second)
    for i, (a, b) in enumerate(zip(first, second, strict=True)):
        assert a == b, f"{path.name}: code cell {i} differs between two executions"


@pytest.mark.slow
def test_built_html_works_offline():
    pages = list(HTML.rglob("*.html"))
    assert pages, "no HTML: run `make book-clean` first"
    assert (HTML / "_static" / "mathjax").exists(), "MathJax is not served locally"
    for page in pages:
        text = page.read_text(errors="ignore")
        assert "cdn.jsdelivr.net/npm/mathjax" not in text, f"{page} loads MathJax from a CDN"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_installs_the_package_from_the_configured_repository(path):
    """Colab and Binder launch the stored notebook without this package: each chapter's
    first code cell installs it, from the repository named in ``_config.yml`` (the one
    place the URL is set), and is hidden from the HTML."""
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "remove-cell" in first.metadata.get("tags", [])
    assert f"git+{url}" in first.source and "except ModuleNotFoundError" in first.source


@pytest.mark.parametrize("part", ["part1", "part2", "part3"])
def test_part_opener_lists_its_chapters_and_what_is_to_come(part):
    """Each part opener lists the part's chapters by number: a written chapter as a link
    (and in the table of contents), a planned one marked *to come* (and not yet written)."""
    text = (ROOT / "book" / f"{part}.md").read_text()
    listed = re.findall(r"^(\d+)\. (.+)$", text.split("## Chapters in this part", 1)[1], flags=re.M)
    assert listed, f"book/{part}.md lacks its list of chapters"
    toc = _toc_files()
    for number, entry in listed:
        written = sorted((ROOT / "notebooks").glob(f"{int(number):02d}_*.ipynb"))
        if "*(to come)*" in entry:
            assert not written, f"book/{part}.md marks chapter {number} as to come, but it exists"
        else:
            stem = re.fullmatch(r"\{doc\}`\.\./notebooks/(\d\d_[a-z0-9_]+)`", entry).group(1)
            assert int(stem[:2]) == int(number) and f"notebooks/{stem}" in toc


@pytest.mark.slow
def test_bibliography_labels_are_author_year():
    page = (HTML / "book" / "bibliography.html").read_text()
    labels = re.findall(r'<span class="fn-bracket">\[</span>(.*?)<span class="fn-bracket">\]</span>',
                        page)
    assert labels, "no bibliography labels found: run `make book-clean` first"
    bad = [label for label in labels if not re.fullmatch(r"\D+ \d{4}[a-z]?", label)]
    assert not bad, f"bibliography labels that are not author-year: {bad}"
    assert labels == sorted(labels, key=str.lower), "bibliography is not in alphabetical order"
