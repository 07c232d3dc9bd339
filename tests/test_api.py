"""The public API: every exported name exists and carries the docstring the API reference
page (book/api.md) is generated from."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import analysis.data
import analysis.plotting
import analysis.stats

MODULES = [analysis.stats, analysis.data, analysis.plotting]
PUBLIC = [(m.__name__, name) for m in MODULES for name in m.__all__]


@pytest.mark.parametrize(("module", "name"), PUBLIC, ids=[f"{m}.{n}" for m, n in PUBLIC])
def test_public_callable_is_documented(module, name):
    obj = getattr(__import__(module, fromlist=[name]), name)
    if not callable(obj):
        return
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{module}.{name} has no docstring"
    summary = doc.strip().splitlines()[0]
    assert summary.endswith((".", ":")) or len(doc.splitlines()) > 1, (
        f"{module}.{name}: the first docstring line should be a one-sentence summary")


def test_api_page_documents_every_package_module():
    page = (Path(__file__).resolve().parents[1] / "book" / "api.md").read_text()
    for module in MODULES:
        assert f".. automodule:: {module.__name__}" in page
