"""The public API: every exported name exists and carries the docstring the API reference
page (book/api.md) is generated from; the page covers every public module."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.apidoc import main, public_modules, render_api_page

MODULES = [importlib.import_module(name) for name in public_modules()]
PUBLIC = [(m.__name__, name) for m in MODULES for name in m.__all__]


def test_modules_are_discovered():
    names = {m.__name__ for m in MODULES}
    assert {"analysis.stats", "analysis.data", "analysis.plotting"} <= names
    assert not any(n.split(".")[-1].startswith("_") for n in names)
    assert "analysis.conftest" not in names  # the docstring examples' pytest configuration


@pytest.mark.parametrize(("module", "name"), PUBLIC, ids=[f"{m}.{n}" for m, n in PUBLIC])
def test_public_callable_is_documented(module, name):
    obj = getattr(importlib.import_module(module), name)
    if not callable(obj):
        return
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{module}.{name} has no docstring"
    summary = doc.strip().splitlines()[0]
    assert summary.endswith((".", ":")) or len(doc.splitlines()) > 1, (
        f"{module}.{name}: the first docstring line should be a one-sentence summary")


def test_committed_api_page_is_up_to_date():
    page = (Path(__file__).resolve().parents[1] / "book" / "api.md").read_text()
    assert page == render_api_page(), "book/api.md is stale: run `python -m analysis.apidoc`"
    for module in MODULES:
        assert f".. automodule:: {module.__name__}" in page


def test_help_prints_the_usage_and_writes_nothing(tmp_path):
    result = subprocess.run([sys.executable, "-m", "analysis.apidoc", "--help"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m analysis.apidoc")
    assert "output" in result.stdout and "book/api.md" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_main_writes_the_rendered_page_to_the_path_given(tmp_path, capsys):
    target = tmp_path / "page.md"
    assert main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render_api_page()
    assert capsys.readouterr().out == f"wrote {target}\n"


def test_main_writes_book_api_md_by_default(tmp_path, monkeypatch):
    (tmp_path / "book").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main([]) == 0
    assert (tmp_path / "book" / "api.md").read_text(encoding="utf-8") == render_api_page()


@pytest.mark.parametrize(("argv", "message"), [
    (["--check"], "unrecognized arguments: --check"),
    (["a.md", "b.md"], "unrecognized arguments: b.md"),
    (["missing/api.md"], "the folder missing does not exist"),
    (["."], "is a directory"),
    ([], "the folder book does not exist"),
])
def test_bad_arguments_exit_with_the_usage_and_write_nothing(tmp_path, monkeypatch, capsys,
                                                             argv, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m analysis.apidoc") and message in err
    assert list(tmp_path.iterdir()) == []
