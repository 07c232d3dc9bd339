"""The verified local cache of upstream files.

Layout: ``<cache_dir()>/<dataset>/<path>``, exactly as the registry names files.
``ANALYSIS_DATA_DIR`` overrides the cache directory (CI and offline use point it at a
folder holding a copy of the files, e.g. ``/work/shared/data``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pooch

from ._registry import RegisteredFile, get_dataset
from .errors import DataError, DataIntegrityError, DataUnavailableError

__all__ = ["cache_dir", "fetch", "sha256_file"]

ENV_VAR = "ANALYSIS_DATA_DIR"

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
        return Path(env).expanduser()
    return Path(pooch.os_cache("eval-science"))


def local_path(dataset: str, path: str) -> Path:
    """Where ``<dataset>/<path>`` lives in the cache (it may not exist)."""
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
    if not entry.sha256:  # unknown hash: the caller verifies what it derives from it
        return target
    st = target.stat()
    key = (str(target.resolve()), st.st_size, st.st_mtime_ns, entry.sha256)
    if key in _VERIFIED:
        return target
    actual = sha256_file(target)
    if actual != entry.sha256:
        raise DataIntegrityError(
            f"{entry.dataset}/{entry.path} at {target} does not match the registry: "
            f"expected sha256 {entry.sha256}, got {actual}. The file was not used or "
            f"modified. {_fix_hint(target)}"
        )
    _VERIFIED.add(key)
    return target


def _download(entry: RegisteredFile, target: Path) -> Path:
    unavailable = (
        f"Could not download {entry.dataset}/{entry.path} from {entry.url} into the "
        f"cache at {target}. Check your internet connection, or set {ENV_VAR} to a "
        f"folder holding a copy laid out as <dataset>/<path> "
        f"(here: <{ENV_VAR}>/{entry.dataset}/{entry.path})."
    )
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
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # pooch logs each download on stderr, which fails strict builds
    try:
        got = pooch.retrieve(
            entry.url,
            known_hash=known,
            fname=target.name,
            path=target.parent,
            downloader=_downloader,
            progressbar=False,
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
    sample) are returned unverified; the tables derived from them are verified by
    content hash in :mod:`analysis.data.imagenetv2`.

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
    if target.is_file():
        return verify(target, entry)
    return _download(entry, target)
