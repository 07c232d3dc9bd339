"""Errors raised by :mod:`analysis.data`.

Every error is a :class:`DataError`, so ``except DataError`` catches all of them.
Messages say what went wrong *and* how to fix it.
"""

from __future__ import annotations

__all__ = [
    "DataError",
    "DataIntegrityError",
    "DataUnavailableError",
    "UnknownDatasetError",
    "UnknownFileError",
]


class DataError(RuntimeError):
    """Base class of every error raised by :mod:`analysis.data`."""


class DataIntegrityError(DataError):
    """A file (or a derived table) does not have the registered sha256.

    The file is never overwritten or used: delete it to re-download it, or point
    ``ANALYSIS_DATA_DIR`` at an unmodified copy.
    """


class DataUnavailableError(DataError):
    """A registered file is not in the cache and could not be downloaded."""


class _KeyErrorWithMessage(KeyError, DataError):
    # KeyError.__str__ repr-quotes its argument; show the message as written.
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownDatasetError(_KeyErrorWithMessage):
    """A dataset name is not in the registry (also a :class:`KeyError`)."""


class UnknownFileError(_KeyErrorWithMessage):
    """A file path is not registered for a known dataset (also a :class:`KeyError`)."""
