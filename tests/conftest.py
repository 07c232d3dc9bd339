"""Shared fixtures.

Two kinds of data tests:

- tests of the **registered files** (the fixture ``staged``, the data cache: what ``make
  data`` fetched, or ``$ANALYSIS_DATA_DIR``). They never skip: an empty cache fails with
  the command that fills it.
- checks of the registry against the **staging notes** the project was built from
  (``<dataset>/SOURCE.md``, ``imagenetv2/raw-sample/``: not registered, so not in a
  contributor's cache). The fixture ``staging`` skips them, naming what is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.data import cache_dir, list_datasets


@pytest.fixture(scope="session")
def staged() -> Path:
    """The data cache laid out as ``<dataset>/<path>`` (``$ANALYSIS_DATA_DIR`` or the
    user's cache directory), filled by ``make data``."""
    root = cache_dir()
    if not root.is_dir() or not any(root.iterdir()):
        pytest.fail(f"the data cache {root} is empty: run `make data` first, or point "
                    "ANALYSIS_DATA_DIR at a copy of the data laid out as <dataset>/<path>")
    return root


@pytest.fixture(scope="session")
def staging(staged) -> Path:
    """The staged copy with its SOURCE.md notes (the project's ``../shared/data``).

    Skips, naming the missing notes, where the cache holds only registered files.
    """
    missing = [f"{name}/SOURCE.md" for name in list_datasets()
               if not (staged / name / "SOURCE.md").is_file()]
    if missing:
        pytest.skip(f"needs the staging notes, which are not registered files and not in the "
                    f"data cache {staged}: missing {', '.join(missing[:3])}"
                    f"{' ...' if len(missing) > 3 else ''}. Point ANALYSIS_DATA_DIR at the "
                    f"staged copy (../shared/data) to run it.")
    return staged
