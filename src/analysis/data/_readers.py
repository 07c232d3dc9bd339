"""Private readers shared by the dataset modules (reading, validation, unit conversion).

Every loader reads registered files through :func:`analysis.data.fetch` (a verified
local copy) and fails loudly, with :class:`~analysis.data.DataError`, when an upstream
file no longer has the columns it expects. Parsed files are kept in memory for the
process (keyed by path, size and modification time); callers get copies. Import the
loaders from :mod:`analysis.data`, not from here.
"""

from __future__ import annotations

import difflib
import io
import json
import warnings
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ._cache import fetch
from ._registry import get_dataset
from .errors import DataError

__all__: list[str] = []  # internal module

_FIX = ("The upstream file format may have changed: check the registered file in the cache "
        "(analysis.data.fetch) against the dataset module's notes, and update "
        "analysis.data.datasets to the new layout.")

# Parsed files of this process: (path, size, mtime_ns, reader key) -> parsed object.
_PARSED: dict[tuple[str, int, int, str], Any] = {}


class UnknownColumnsWarning(UserWarning):
    """An upstream table has columns its loader does not know (they are left out)."""


def choose(option: str, value: Any, valid: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``valid``; else raise a ValueError listing them.

    The one wording every loader uses for a wrong option value, e.g.
    ``unknown table='mitt'; valid values: ['incidents', 'mit', ...]. Did you mean 'mit'?``
    """
    valid = list(valid)
    if value in valid:
        return value
    close = difflib.get_close_matches(str(value), [str(v) for v in valid], n=2, cutoff=0.6)
    hint = f" Did you mean {' or '.join(map(repr, close))}?" if close else ""
    raise ValueError(f"unknown {option}={value!r}; valid values: {valid}.{hint}")


def registered_paths(dataset: str, prefix: str = "", suffix: str = "") -> list[str]:
    """Registered file paths of ``dataset`` starting with ``prefix`` and ending with
    ``suffix``, sorted (the registry, not the file system, says which files exist)."""
    return sorted(p for p in get_dataset(dataset).paths
                  if p.startswith(prefix) and p.endswith(suffix))


def check_columns(frame: pd.DataFrame, required: Iterable[str], dataset: str,
                  path: str) -> pd.DataFrame:
    """Raise :class:`DataError` naming the file and the columns that are missing."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        found = [str(c) for c in frame.columns[:25]]
        raise DataError(
            f"{dataset}/{path}: expected column(s) {missing} not found (the file has "
            f"{found}{' ...' if frame.shape[1] > 25 else ''}). {_FIX}")
    return frame


def known_columns(columns: Iterable[str], expected: Collection[str], dataset: str,
                  path: str) -> list[str]:
    """The columns of ``columns`` that are in ``expected``, warning about the others.

    Loaders of wide score tables list the score columns they expect, so that a column
    added upstream is reported (:class:`UnknownColumnsWarning`, naming the file and the
    columns) and left out instead of silently becoming a "benchmark".
    """
    columns = [str(c) for c in columns]
    unknown = [c for c in columns if c not in expected]
    if unknown:
        warnings.warn(
            f"{dataset}/{path} has column(s) the loader does not know: {unknown[:10]}"
            f"{' ...' if len(unknown) > 10 else ''}; they are left out. If the upstream file "
            f"gained a score column, add it to the expected columns in "
            f"analysis.data.datasets.", UnknownColumnsWarning, stacklevel=3)
    return [c for c in columns if c in expected]


def parsed_file(dataset: str, path: str, key: str, parse: Callable[[Path], Any]) -> Any:
    """Parse a registered file once per process (while its size and mtime are unchanged)."""
    target = fetch(dataset, path)
    st = target.stat()
    memo = (str(target), st.st_size, st.st_mtime_ns, key)
    if memo not in _PARSED:
        _PARSED[memo] = parse(target)
    return _PARSED[memo]


def read_csv(dataset: str, path: str, required: Sequence[str] = (), **kwargs: Any) -> pd.DataFrame:
    """Read a registered CSV/TSV file via :func:`fetch` and check its columns.

    Returns a copy of the frame parsed once per process.
    """
    def parse(target: Path) -> pd.DataFrame:
        try:
            return pd.read_csv(target, **kwargs)
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            raise DataError(f"{dataset}/{path} could not be parsed ({type(exc).__name__}: "
                            f"{exc}). {_FIX}") from exc

    frame = parsed_file(dataset, path, "csv" + repr(sorted(kwargs.items(), key=str)), parse)
    return check_columns(frame, required, dataset, path).copy()


def read_json(dataset: str, path: str) -> Any:
    """Parse a registered JSON file (parsed once per process: do not modify the result)."""
    def parse(target: Path) -> Any:
        try:
            return json.loads(Path(target).read_text("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"{dataset}/{path} is not valid JSON ({exc}). {_FIX}") from exc

    return parsed_file(dataset, path, "json", parse)


def read_text_lines(dataset: str, path: str) -> list[str]:
    """Non-empty stripped lines of a registered text file."""
    text = Path(fetch(dataset, path)).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def read_npy(dataset: str, path: str) -> np.ndarray:
    """Load a registered ``.npy`` array (never unpickles objects)."""
    target = fetch(dataset, path)
    try:
        return np.load(target, allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise DataError(f"{dataset}/{path} at {target} is not a numpy array file "
                        f"({type(exc).__name__}: {exc}). Delete it so that it is downloaded "
                        f"again.") from exc


def read_yaml(dataset: str, path: str) -> Any:
    """Parse a registered YAML file (safe loader: no code is executed)."""
    target = fetch(dataset, path)
    try:
        return yaml.safe_load(Path(target).read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"{dataset}/{path} is not valid YAML ({exc}). {_FIX}") from exc


def read_jsonl(dataset: str, path: str, required: Sequence[str] = ()) -> pd.DataFrame:
    """Read a registered JSON-lines file (one object per line) and check its fields."""
    def parse(target: Path) -> pd.DataFrame:
        try:
            return pd.read_json(io.StringIO(Path(target).read_text("utf-8")), lines=True,
                                dtype=False)
        except ValueError as exc:
            raise DataError(f"{dataset}/{path} is not valid JSON lines ({exc}). {_FIX}") from exc

    frame = parsed_file(dataset, path, "jsonl", parse)
    return check_columns(frame, required, dataset, path).copy()


def to_number(values: pd.Series, *, dataset: str, path: str, column: str,
              percent: bool = False, na: Sequence[str] = ("", "-")) -> pd.Series:
    """Convert a column to float64, stripping a trailing ``%``.

    ``na`` strings become NaN; anything else that is not a number raises DataError.
    With ``percent=True`` the result is divided by 100 (percent -> fraction).
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        out = values.astype("float64")
    else:
        text = values.astype("string").str.strip()
        text = text.mask(text.isin(list(na)))
        stripped = text.str.replace(r"%$", "", regex=True).str.replace(",", "", regex=False)
        out = pd.to_numeric(stripped, errors="coerce").astype("float64")
        bad = out.isna() & text.notna()
        if bad.any():
            examples = text[bad].unique()[:5].tolist()
            raise DataError(f"{dataset}/{path}: column {column!r} has non-numeric values "
                            f"{examples}. {_FIX}")
    return out / 100.0 if percent else out


def long_from_wide(frame: pd.DataFrame, id_cols: Sequence[str], value_cols: Sequence[str],
                   var_name: str, value_name: str, *, dropna: bool = True) -> pd.DataFrame:
    """Vectorised melt of ``value_cols`` (row-major: all columns of row 0 first)."""
    values = frame[list(value_cols)].to_numpy(dtype="float64")
    n, k = values.shape
    out = {c: np.repeat(frame[c].to_numpy(), k) for c in id_cols}
    out[var_name] = np.tile(np.asarray(value_cols, dtype=object), n)
    out[value_name] = values.ravel()
    long = pd.DataFrame(out)
    if dropna:
        long = long[long[value_name].notna()]
    return long.reset_index(drop=True)


def snake(name: str) -> str:
    """``"Model Size (B)"`` -> ``"model_size_b"``."""
    out = "".join(ch.lower() if ch.isalnum() else "_" for ch in str(name))
    return "_".join(part for part in out.split("_") if part)


def parse_dates(values: pd.Series, fmt: str | None = None, *, dataset: str, path: str,
                column: str, strict: bool = True) -> pd.Series:
    """Parse a date column to ``datetime64``; with ``strict``, unparsable non-empty values
    raise DataError, otherwise they become NaT."""
    text = values.astype("string").str.strip()
    text = text.mask(text == "")
    out = pd.to_datetime(text, format=fmt, errors="coerce")
    bad = out.isna() & text.notna()
    if strict and bad.any():
        raise DataError(f"{dataset}/{path}: column {column!r} has values that are not dates "
                        f"({fmt or 'ISO'}): {text[bad].unique()[:5].tolist()}. {_FIX}")
    return out


def as_text(values: pd.Series) -> pd.Series:
    """Text column: every present value as ``str`` (``7`` -> ``"7"``), missing as None."""
    present = values.notna()
    out = pd.Series(np.full(len(values), None, dtype=object), index=values.index,
                    name=values.name)
    out[present] = values[present].astype(str).to_numpy(dtype=object)
    return out


def snake_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename every column to snake_case (:func:`snake`); names that then repeat (e.g.
    ``"Clear link to technology"`` and ``"Clear link to Technology"``) get ``_1``, ``_2``
    ... in order."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for c in frame.columns:
        base = snake(c)
        n = seen.get(base, 0)
        seen[base] = n + 1
        names.append(base if n == 0 else f"{base}_{n}")
    out = frame.copy(deep=False)
    out.columns = names
    return out
