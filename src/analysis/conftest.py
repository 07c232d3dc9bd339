"""Configuration of the docstring examples (``pytest --doctest-modules src/analysis``).

The plotting examples draw with :mod:`matplotlib.pyplot`, which keeps every figure open until
it is closed; across the package's examples that passes matplotlib's limit of open figures
(``figure.max_open_warning``, 20) and holds their memory for the whole run. Each example's
figures are closed after it, here rather than in every docstring, so that an example shows
only the call a reader makes. Not a public module: :mod:`analysis.apidoc` skips it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

__all__: list[str] = []


@pytest.fixture(autouse=True)
def _close_figures_after_example(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close every pyplot figure once a docstring example has run.

    Only docstring examples are touched, and matplotlib is never imported here: an example
    that does not plot leaves ``matplotlib.pyplot`` out of :data:`sys.modules` and costs
    nothing.
    """
    yield
    if not isinstance(request.node, pytest.DoctestItem):
        return
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
