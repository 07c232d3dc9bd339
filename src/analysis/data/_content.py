"""Content hashes of derived tables, independent of the file format they are stored in.

A derived table (e.g. a parquet file this package writes) is verified by hashing its
*content*, not its bytes: the same table written by another pyarrow version, another
compression or as CSV has the same content hash.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd

from .errors import DataIntegrityError

__all__ = ["table_content_sha256", "check_content"]

_VERSION = b"eval-science-table-content-v1\n"


def table_content_sha256(frame: pd.DataFrame) -> str:
    """Canonical sha256 of a table's column names and values.

    The serialisation is: a version line; the JSON list of column names; then, per
    column in order, ``b"i"`` + the values as little-endian int64 (integer and boolean
    columns, including nullable integer columns without missing values) or ``b"s"`` +
    the values as UTF-8 strings joined by ``\\x1f`` (every other column), each followed
    by ``\\x1e``. The index is ignored; row and column order matter.

    Parameters
    ----------
    frame
        The table. Missing values are not allowed in integer columns.

    Returns
    -------
    str
        64 hex characters.

    Example
    -------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"model": ["x", "y"], "correct": pd.Series([1, 0], dtype="uint8")})
    >>> b = a.astype({"correct": "int64"})
    >>> table_content_sha256(a) == table_content_sha256(b)
    True
    """
    h = hashlib.sha256(_VERSION)
    h.update(json.dumps([str(c) for c in frame.columns]).encode("utf-8"))
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_integer_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype):
            if col.isna().any():
                raise ValueError(f"column {name!r} has missing values; fill or drop them first")
            h.update(b"i")
            h.update(np.ascontiguousarray(col.to_numpy(dtype="<i8")).tobytes())
        else:
            h.update(b"s")
            h.update("\x1f".join(col.astype(str).tolist()).encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()


def check_content(frame: pd.DataFrame, expected: str, what: str, fix: str) -> None:
    """Raise :class:`DataIntegrityError` unless ``frame`` has content hash ``expected``.

    ``what`` names the table (and where it came from); ``fix`` says how to repair it.
    An empty ``expected`` is a registry bug and raises as well.
    """
    actual = table_content_sha256(frame)
    if actual != expected:
        raise DataIntegrityError(
            f"{what} does not have the registered content: expected content sha256 "
            f"{expected or '(none registered)'}, got {actual}. The table was not used. {fix}"
        )
