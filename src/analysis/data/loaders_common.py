"""Helpers shared by the per-dataset loaders (reading, validation, unit conversion).

Every loader reads registered files through :func:`analysis.data.fetch` (a verified
local copy) and fails loudly, with :class:`~analysis.data.DataError`, when an upstream
file no longer has the columns it expects. Import the loaders from
:mod:`analysis.data` (or :mod:`analysis.data.loaders`), not from here.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
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
        "(analysis.data.fetch) against the dataset's SOURCE notes, and update "
        "analysis.data.loaders to the new layout.")


def choose(kind: str, value: str, valid: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``valid``, else raise a ValueError listing them."""
    valid = list(valid)
    if value not in valid:
        raise ValueError(f"unknown {kind} {value!r}; valid choices: {valid}")
    return value


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


def read_csv(dataset: str, path: str, required: Sequence[str] = (), **kwargs: Any) -> pd.DataFrame:
    """Read a registered CSV/TSV file via :func:`fetch` and check its columns."""
    target = fetch(dataset, path)
    try:
        frame = pd.read_csv(target, **kwargs)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise DataError(f"{dataset}/{path} could not be parsed ({type(exc).__name__}: "
                        f"{exc}). {_FIX}") from exc
    return check_columns(frame, required, dataset, path)


def read_json(dataset: str, path: str) -> Any:
    """Parse a registered JSON file."""
    target = fetch(dataset, path)
    try:
        return json.loads(Path(target).read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{dataset}/{path} is not valid JSON ({exc}). {_FIX}") from exc


def read_yaml(dataset: str, path: str) -> Any:
    """Parse a registered YAML file (safe loader: no code is executed)."""
    target = fetch(dataset, path)
    try:
        return yaml.safe_load(Path(target).read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"{dataset}/{path} is not valid YAML ({exc}). {_FIX}") from exc


def read_jsonl(dataset: str, path: str, required: Sequence[str] = ()) -> pd.DataFrame:
    """Read a registered JSON-lines file (one object per line) and check its fields."""
    target = fetch(dataset, path)
    try:
        frame = pd.read_json(io.StringIO(Path(target).read_text("utf-8")), lines=True,
                             dtype=False)
    except ValueError as exc:
        raise DataError(f"{dataset}/{path} is not valid JSON lines ({exc}). {_FIX}") from exc
    return check_columns(frame, required, dataset, path)


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
