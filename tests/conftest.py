"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.data import cache_dir


@pytest.fixture(scope="session")
def staged() -> Path:
    """The data cache laid out as ``<dataset>/<path>`` (``$ANALYSIS_DATA_DIR`` or the
    user's cache directory), filled by ``make data``."""
    root = cache_dir()
    if not root.is_dir() or not any(root.iterdir()):
        pytest.fail(f"the data cache {root} is empty: run `make data` first, or point "
                    "ANALYSIS_DATA_DIR at a copy of the data laid out as <dataset>/<path>")
    return root
