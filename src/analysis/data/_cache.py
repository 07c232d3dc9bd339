"""The verified local cache of upstream files.

Layout: ``<cache_dir()>/<dataset>/<path>``, exactly as the registry names files.
``ANALYSIS_DATA_DIR`` overrides the cache directory (CI and offline use point it at a
folder holding a copy of the files, e.g. the project's ``../shared/data``).

Files registered without a sha256 (the ImageNetV2 raw predictions beyond the staged
sample, the testbed's ``plotting/model_types.py``) are checked for their format before they
are kept (a ``.npy`` loads without pickle as a 2-D integer array, a ``.json`` parses, a
``.py`` parses without being run); the sha256 of a good first download is recorded beside
it in ``<file>.sha256`` and checked on every later use.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib.util
import json
import os
import warnings
from pathlib import Path

import numpy as np
import pooch

from ._registry import RegisteredFile, check_registry_path, get_dataset
from .errors import DataError, DataIntegrityError, DataUnavailableError

__all__ = ["cache_dir", "fetch", "sha256_file", "UnverifiedDownloadWarning"]

ENV_VAR = "ANALYSIS_DATA_DIR"
SIDECAR = ".sha256"

# ANALYSIS_DATA_DIR value -> the absolute folder it was resolved to, once per process.
_RESOLVED: dict[str, Path] = {}
# Cache folders this process created (they were missing: a mistyped path?).
_CREATED: set[Path] = set()


class UnverifiedDownloadWarning(UserWarning):
    """A file registered without sha256 was downloaded; its hash was recorded beside it."""

# Memo of verified files: (resolved path, size, mtime_ns, expected sha256).
_VERIFIED: set[tuple[str, int, int, str]] = set()

# The pooch downloader used for misses; ``None`` = pooch's default (chosen from the URL).
# Tests replace it with a function that copies a local file.
_downloader = None


def cache_dir() -> Path:
    """Directory of the data cache.

    ``$ANALYSIS_DATA_DIR`` if set, else the per-user cache ``pooch.os_cache("eval-science")``
    (e.g. ``~/.cache/eval-science`` on Linux). The directory need not exist yet.

    Example
    -------
    >>> from analysis.data import cache_dir
    >>> cache_dir().name  # doctest: +SKIP
    'eval-science'
    """
    env = os.environ.get(ENV_VAR)
    if env:
        if env not in _RESOLVED:  # a relative value is resolved once, against the cwd
            _RESOLVED[env] = Path(os.path.abspath(Path(env).expanduser()))
        return _RESOLVED[env]
    return Path(pooch.os_cache("eval-science"))


def cache_note() -> str:
    """A clause for error messages: how the cache folder was chosen, when it matters.

    Says so when ``ANALYSIS_DATA_DIR`` is relative (resolved against the current folder)
    and when this process had to create the cache folder (it did not exist: a typo?).
    """
    root = cache_dir()
    env = os.environ.get(ENV_VAR)
    notes = []
    if env and not Path(env).expanduser().is_absolute():
        notes.append(f"{ENV_VAR}={env} is relative and was resolved against the folder "
                     f"the process started in, to {root}")
    if root in _CREATED:
        notes.append(f"the cache folder {root} did not exist and was created empty: if "
                     f"{ENV_VAR} should point at a copy of the data, check it for a typo")
    return (" (" + "; ".join(notes) + ")") if notes else ""


def local_path(dataset: str, path: str) -> Path:
    """Where ``<dataset>/<path>`` lives in the cache (it may not exist).

    Raises
    ------
    DataError
        If ``dataset`` or ``path`` would lead outside the cache (absolute or ``..``).
    """
    try:
        check_registry_path("", dataset)
        check_registry_path(dataset, path)
    except ValueError as exc:
        raise DataError(str(exc)) from exc
    return cache_dir() / dataset / path


def sha256_file(path: Path | str) -> str:
    """Hex sha256 of a file's bytes, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fix_hint(target: Path) -> str:
    env = os.environ.get(ENV_VAR)
    where = (
        f"or check that {ENV_VAR}={env} points at an unmodified copy of the data"
        if env
        else f"or set {ENV_VAR} to a folder holding an unmodified copy laid out as <dataset>/<path>"
    )
    return f"To fix it, delete {target} so that it is downloaded again, {where}."


def verify(target: Path, entry: RegisteredFile) -> Path:
    """Check ``target`` against the registered sha256 (memoised on path, size, mtime).

    Raises
    ------
    DataIntegrityError
        If the hash differs. The file is left untouched.
    """
    expected = entry.sha256
    recorded = Path(str(target) + SIDECAR)
    try:
        if not expected:  # registered without a hash: the sidecar, else the format
            if not recorded.is_file():
                return _check_unhashed(target, entry, downloaded=False)
            expected = recorded.read_text("utf-8").split()[0]
        st = target.stat()
        key = (str(target.resolve()), st.st_size, st.st_mtime_ns, expected)
        if key in _VERIFIED:
            return target
        actual = sha256_file(target)
    except PermissionError as exc:
        raise DataUnavailableError(
            f"{entry.dataset}/{entry.path} at {target} cannot be read: permission denied. "
            f"Make the cache readable (chmod -R u+r {cache_dir()}), or point {ENV_VAR} at a "
            f"readable copy of the data.") from exc
    if actual != expected:
        source = (f"the sha256 recorded at its first download ({recorded})" if not entry.sha256
                  else "the registry")
        raise DataIntegrityError(
            f"{entry.dataset}/{entry.path} at {target} does not match {source}: "
            f"expected sha256 {expected}, got {actual}. The file was not used or "
            f"modified. {_fix_hint(target)}"
        )
    _VERIFIED.add(key)
    return target


def _format_problem(target: Path) -> str | None:
    """Why ``target`` is not a valid file of its type (by suffix), or None if it is.

    ``.npy``: loads without pickle as a 2-D integer array; ``.json``: parses; ``.py``:
    parses as Python (never run); ``.csv``/``.tsv``/``.yaml``: UTF-8 text that is not HTML.
    """
    suffix = target.suffix.lower()
    try:
        head = target.read_bytes()[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head")):
            return "it is an HTML page (a proxy, captive portal or error page?)"
        if suffix == ".npy":
            array = np.load(target, allow_pickle=False)
            if array.ndim != 2 or not np.issubdtype(array.dtype, np.integer):
                return f"expected a 2-D integer array, got {array.ndim}-D {array.dtype}"
        elif suffix == ".json":
            json.loads(target.read_text("utf-8"))
        elif suffix == ".py":
            ast.parse(target.read_text("utf-8"), filename=str(target))
        elif suffix in (".csv", ".tsv", ".yaml", ".yml", ".txt", ".jsonl"):
            target.read_text("utf-8")
    except (ValueError, OSError, EOFError, SyntaxError, UnicodeDecodeError) as exc:
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    return None


def _check_unhashed(target: Path, entry: RegisteredFile, *, downloaded: bool) -> Path:
    """Validate a file registered without sha256; remove it if it is not what it claims.

    A good fresh download gets its sha256 recorded in ``<file>.sha256`` (and a warning says
    so); later uses are then verified against that record.
    """
    st = target.stat()
    key = (str(target.resolve()), st.st_size, st.st_mtime_ns, "format")
    if key in _VERIFIED:
        return target
    problem = _format_problem(target)
    if problem:
        target.unlink(missing_ok=True)
        raise DataIntegrityError(
            f"{entry.dataset}/{entry.path} at {target} is not a valid "
            f"{target.suffix or 'data'} file ({problem}). It is registered without a sha256, "
            f"so its format was checked instead; the file was removed. Run the command again "
            f"to download it anew from {entry.url} (check your network or proxy if it fails "
            f"again), or set {ENV_VAR} to a folder holding a good copy.")
    if downloaded:
        digest = sha256_file(target)
        try:
            Path(str(target) + SIDECAR).write_text(f"{digest}  {target.name}\n", "utf-8")
            where = f"recorded in {target.name}{SIDECAR}; later uses are checked against it"
        except OSError:
            where = "it could not be recorded (read-only cache)"
        warnings.warn(
            f"{entry.dataset}/{entry.path} is registered without a sha256: the download from "
            f"{entry.url} passed a format check and has sha256 {digest} ({where}).",
            UnverifiedDownloadWarning, stacklevel=4)
    _VERIFIED.add(key)
    return target


def _download(entry: RegisteredFile, target: Path) -> Path:
    unavailable = (
        f"Could not download {entry.dataset}/{entry.path} from {entry.url} into the "
        f"cache at {target}. Check your internet connection, or set {ENV_VAR} to a "
        f"folder holding a copy laid out as <dataset>/<path> "
        f"(here: <{ENV_VAR}>/{entry.dataset}/{entry.path})."
    )
    root = cache_dir()
    if not root.exists():
        _CREATED.add(root)
    unavailable += cache_note()
    created = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataUnavailableError(
            f"{unavailable} The cache directory {target.parent} cannot be created ({exc}); "
            f"it may be read-only: point {ENV_VAR} at a writable folder."
        ) from exc
    if not os.access(target.parent, os.W_OK):
        raise DataUnavailableError(
            f"{unavailable} The cache directory {target.parent} is read-only: point "
            f"{ENV_VAR} at a writable folder, or copy the file there."
        )
    known = f"sha256:{entry.sha256}" if entry.sha256 else None
    progress = importlib.util.find_spec("tqdm") is not None and _downloader is None
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # pooch logs each download on stderr, which fails strict builds
    try:
        got = pooch.retrieve(
            entry.url,
            known_hash=known,
            fname=target.name,
            path=target.parent,
            downloader=_downloader or pooch.HTTPDownloader(progressbar=progress),
        )
    except ValueError as exc:  # pooch: downloaded bytes do not match known_hash
        if "hash" not in str(exc).lower():
            raise DataUnavailableError(f"{unavailable} ({type(exc).__name__}: {exc})") from exc
        raise DataIntegrityError(
            f"The download of {entry.dataset}/{entry.path} from {entry.url} does not match "
            f"the registered sha256 {entry.sha256} ({exc}); the file was discarded. The "
            f"upstream file may have changed: report it, or set {ENV_VAR} to a folder "
            f"holding a verified copy."
        ) from exc
    except Exception as exc:  # requests / urllib / OSError / pooch errors
        raise DataUnavailableError(f"{unavailable} ({type(exc).__name__}: {exc})") from exc
    finally:
        logger.setLevel(level)
        for folder in created:  # leave no empty folders behind a failed download
            if folder != root:
                with contextlib.suppress(OSError):  # not empty (another download): keep it
                    folder.rmdir()
    if not entry.sha256:
        return _check_unhashed(Path(got), entry, downloaded=True)
    return verify(Path(got), entry)


def fetch(dataset: str, path: str) -> Path:
    """Return the local path of a registered upstream file, verified by sha256.

    A file already in the cache is verified (once per process while its size and
    modification time are unchanged); a missing file is downloaded from its pinned
    upstream URL into the cache with :func:`pooch.retrieve` and verified.

    Parameters
    ----------
    dataset
        Registered dataset name, e.g. ``"cifar10.1"`` (see :func:`list_datasets`).
    path
        Path of the file inside the dataset, e.g. ``"datasets/cifar10.1_v6_labels.npy"``.

    Returns
    -------
    pathlib.Path
        ``<cache_dir()>/<dataset>/<path>``.

    Raises
    ------
    UnknownDatasetError, UnknownFileError
        Unregistered name or path (the message lists the valid ones).
    DataIntegrityError
        The cached or downloaded file does not have the registered sha256. A cached
        file is never overwritten: delete it to re-download it.
    DataUnavailableError
        The file is not cached and cannot be downloaded (offline, read-only cache).
    DataError
        ``path`` is a derived table: use the dataset's loader, which derives and
        verifies it.

    Notes
    -----
    Files registered without a sha256 (ImageNetV2 raw predictions beyond the staged
    sample, the testbed's ``model_types.py``) are checked for their format instead; a bad
    one is removed with an error that says so. The sha256 of a good first download is
    recorded in ``<file>.sha256`` beside it and checked on later calls. The tables derived
    from them are verified by content hash as well.

    Example
    -------
    >>> from analysis.data import fetch
    >>> fetch("imagenet-testbed", "robustness_top1s.csv").name  # doctest: +SKIP
    'robustness_top1s.csv'
    """
    ds = get_dataset(dataset)
    entry = ds.file(path)
    if entry.is_derived:
        raise DataError(
            f"{dataset}/{path} is a derived table with no upstream URL; load it with "
            f"analysis.data.{ds.loader}(), which derives it from the upstream files and "
            f"verifies its content hash."
        )
    target = local_path(dataset, path)
    try:
        present = target.is_file()
    except PermissionError as exc:
        raise DataUnavailableError(
            f"The cache folder holding {dataset}/{path} ({target.parent}) cannot be read: "
            f"permission denied. Make it readable (chmod -R u+rX {cache_dir()}), or point "
            f"{ENV_VAR} at a readable copy of the data.") from exc
    if present:
        return verify(target, entry)
    return _download(entry, target)
