"""The public API: every exported name exists and carries the docstring the API reference
page (book/api.md) is generated from; the page covers every public module."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from analysis.apidoc import public_modules, render_api_page

MODULES = [importlib.import_module(name) for name in public_modules()]
PUBLIC = [(m.__name__, name) for m in MODULES for name in m.__all__]


def test_modules_are_discovered():
    names = {m.__name__ for m in MODULES}
    assert {"analysis.stats", "analysis.data", "analysis.plotting"} <= names
    assert not any(n.split(".")[-1].startswith("_") for n in names)


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
