"""The derivation hook every dataset module with derived tables shares.

A *derived* table is one this package computes from raw upstream files (the ImageNetV2
per-item tables from the raw prediction arrays, the ImageNet testbed's model types from a
Python source file). :func:`derived_table` is the one way to get such a table:

1. a copy in the cache is read, verified by its registered content hash, kept in memory for
   the process, and returned as a copy;
2. a missing copy is derived from the raw upstream files (downloaded by
   :func:`~analysis.data.fetch`), verified by content hash, and written into the cache
   through a unique temporary file and :func:`os.replace`, so concurrent derivations never
   clash;
3. every failure is a :class:`~analysis.data.DataError` that names the table, the file and
   the fix, worded the same way for every dataset.

A dataset module declares its derived tables once, at import, with :func:`register` (how
to read, derive and write them, and which upstream files are only inputs); the command
line (``python -m analysis.data fetch``) then makes them available without knowing the
dataset.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ._cache import ENV_VAR, cache_note, local_path
from ._content import check_content
from ._registry import get_dataset
from .errors import DataError, DataIntegrityError, DataUnavailableError

__all__: list[str] = []  # internal module

# Verified tables of this process: (path, size, mtime_ns, content hash) -> frame.
_TABLES: dict[tuple[str, int, int, str], pd.DataFrame] = {}


@dataclass(frozen=True)
class Derivation:
    """How a dataset module makes its derived tables.

    Attributes
    ----------
    dataset
        Registry name.
    paths
        The registered derived tables one derivation produces.
    read
        ``read(path, target)``: a stored copy of table ``path`` as the canonical frame its
        content hash covers.
    derive
        Fetches the raw upstream files; returns ``{path: frame}`` for every table in
        ``paths``.
    write
        ``write(frame, target)``: stores a frame (the hook makes the write atomic).
    inputs
        Path prefixes of the upstream files needed only to derive the tables (the
        command line fetches them only when a table is missing).
    description
        What ``derive`` downloads, for messages.
    """

    dataset: str
    paths: tuple[str, ...]
    read: Callable[[str, Path], pd.DataFrame]
    derive: Callable[[], dict[str, pd.DataFrame]]
    write: Callable[[pd.DataFrame, Path], None]
    inputs: tuple[str, ...]
    description: str


_DERIVATIONS: dict[tuple[str, str], Derivation] = {}


def register(derivation: Derivation) -> Derivation:
    """Declare a dataset's derived tables (called by the dataset module at import)."""
    for path in derivation.paths:
        _DERIVATIONS[(derivation.dataset, path)] = derivation
    return derivation


def derivations(dataset: str) -> list[Derivation]:
    """The derivations registered for ``dataset`` (empty if it has no derived tables)."""
    found = {id(d): d for (name, _), d in _DERIVATIONS.items() if name == dataset}
    return list(found.values())


def _memo_key(target: Path, expected: str) -> tuple[str, int, int, str]:
    st = target.stat()
    return (str(target), st.st_size, st.st_mtime_ns, expected)


def _read_cached(dataset: str, path: str, target: Path, expected: str,
                 read: Callable[[Path], pd.DataFrame]) -> pd.DataFrame:
    key = _memo_key(target, expected)
    if key in _TABLES:
        return _TABLES[key]
    fix = (f"Delete {target} so that it is derived again from the upstream files, or check "
           f"that {ENV_VAR} points at an unmodified copy of the data.")
    try:
        frame = read(target)
    except PermissionError as exc:
        raise DataUnavailableError(
            f"The derived table {dataset}/{path} at {target} cannot be read: permission "
            f"denied. Make the cache readable (chmod), or point {ENV_VAR} at a readable "
            f"copy.") from exc
    except Exception as exc:  # noqa: BLE001 - pyarrow, pandas and OS errors alike
        raise DataIntegrityError(
            f"The derived table {dataset}/{path} at {target} cannot be read "
            f"({type(exc).__name__}: {exc}); the file is damaged or truncated. {fix}") from exc
    check_content(frame, expected, what=f"The derived table {dataset}/{path} at {target}",
                  fix=fix)
    _TABLES[key] = frame
    return frame


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Write ``target`` through a unique temporary file in its folder and :func:`os.replace`.

    A failure (read-only cache, full disk) is reported as a warning: the caller still has
    the verified table in memory.
    """
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        write(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        warnings.warn(f"could not cache the derived table at {target}: {exc}", stacklevel=3)
    finally:
        if tmp is not None and tmp.exists():
            tmp.unlink(missing_ok=True)


def derived_table(dataset: str, path: str) -> pd.DataFrame:
    """Return the verified derived table ``<dataset>/<path>`` (see the module docstring).

    Parameters
    ----------
    dataset, path
        A registered derived table (``kind == "derived"`` in ``files.csv``) whose
        :class:`Derivation` the dataset module registered.

    Returns
    -------
    pandas.DataFrame
        A copy: callers may modify it.

    Raises
    ------
    DataIntegrityError
        The stored copy cannot be read or has the wrong content; or the table derived from
        the downloads does not have the registered content.
    DataUnavailableError
        The table is not in the cache and its inputs cannot be downloaded: the message
        names the missing table first.
    """
    ds = get_dataset(dataset)
    entry = ds.file(path)
    if not entry.is_derived or (dataset, path) not in _DERIVATIONS:
        raise DataError(f"{dataset}/{path} is not a derived table with a registered "
                        f"derivation; use analysis.data.fetch for upstream files")
    how = _DERIVATIONS[(dataset, path)]
    inputs = how.description
    target = local_path(dataset, path)
    if target.is_file():
        return _read_cached(dataset, path, target, entry.content_sha256,
                            lambda t: how.read(path, t)).copy()
    try:
        tables = how.derive()
    except DataUnavailableError as exc:
        raise DataUnavailableError(
            f"The derived table {dataset}/{path} is not in the cache (expected at {target})"
            f"{cache_note()}. Deriving it needs the {inputs}, which could not be downloaded. "
            f"Copy {path} into {target.parent}, or set {ENV_VAR} to a folder holding it, or "
            f"retry with a network connection. First failure: {exc}") from exc
    for table_path, frame in tables.items():
        check_content(
            frame, ds.file(table_path).content_sha256,
            what=f"The table {dataset}/{table_path} derived from the downloaded {inputs}",
            fix=(f"The upstream files differ from what the registry expects: delete the "
                 f"downloaded inputs under {target.parent} and retry, or set {ENV_VAR} to a "
                 f"folder holding verified derived tables."),
        )
    for table_path, frame in tables.items():
        table_target = local_path(dataset, table_path)
        write_atomically(table_target, lambda tmp, frame=frame: how.write(frame, tmp))
        if table_target.is_file():
            _TABLES[_memo_key(table_target, ds.file(table_path).content_sha256)] = frame
    return tables[path].copy()
