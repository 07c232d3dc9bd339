"""``scripts/prefill_execution_cache.py`` (run by ``make book``) stores executed chapters
where the build's cache mode finds them, and never stores a chapter that failed."""

from __future__ import annotations

import importlib
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from jupyter_cache import get_cache

ROOT = Path(__file__).resolve().parents[1]
# Importable by name (spawned worker processes inherit sys.path and import it again).
sys.path.insert(0, str(ROOT / "scripts"))
prefill = importlib.import_module("prefill_execution_cache")


def _notebook(path: Path, source: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A chapter"), nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, path)
    return path


def test_an_executed_chapter_is_found_by_the_builds_cache_lookup(tmp_path):
    path = _notebook(tmp_path / "ok.ipynb", "print(6 * 7)")
    _, executed, took, _, error = prefill.execute(path, 60)
    assert error is None and took > 0
    assert executed.cells[1].outputs[0]["text"] == "42\n"
    cache = get_cache(tmp_path / "cache")
    prefill.store(cache, path, executed, took)
    # MyST-NB's cache mode looks the source notebook up exactly so (myst_nb/core/execute/cache.py).
    record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
    _, merged = cache.merge_match_into_notebook(nbformat.read(path, as_version=4))
    assert record.data["execution_seconds"] == took
    assert merged.cells[1].outputs[0]["text"] == "42\n"


def test_a_failing_chapter_comes_back_with_its_error(tmp_path):
    path = _notebook(tmp_path / "bad.ipynb", "raise ValueError('broken chapter')")
    _, _, _, _, error = prefill.execute(path, 60)
    assert error is not None and "broken chapter" in error


def test_the_chapters_are_the_notebooks_of_the_table_of_contents():
    listed = prefill.chapters()
    assert listed and all(p.suffix == ".ipynb" and p.exists() for p in listed)
    assert {p.name for p in listed} == {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}


def test_each_chapter_reports_its_own_kernels_peak_memory(tmp_path):
    # As in the script: one chapter per fresh worker process, so the worker's largest waited-for
    # child is that chapter's kernel. A kernel that touches 400 MB must report at least that;
    # an idle one (an interpreter with ipykernel: well under 400 MB) must not inherit it.
    big = _notebook(tmp_path / "big.ipynb", "import numpy as np\nx = np.ones(50_000_000)\nprint(x.sum())")
    small = _notebook(tmp_path / "small.ipynb", "print(1)")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, max_tasks_per_child=1) as pool:
        results = list(pool.map(prefill.execute, [big, small], [120, 120]))
    (_, _, _, big_mb, big_error), (_, _, _, small_mb, small_error) = results
    assert big_error is None and small_error is None
    assert big_mb >= 400
    assert small_mb < 400


def test_a_warning_raised_by_a_chapter_stays_in_its_outputs(tmp_path):
    # The kernel's own log is quietened; what a chapter's code warns must still reach the build.
    path = _notebook(tmp_path / "warns.ipynb", "import warnings\nwarnings.warn('chapter warning')")
    _, executed, _, _, error = prefill.execute(path, 60)
    assert error is None
    assert "chapter warning" in executed.cells[1].outputs[0]["text"]
