"""The validated score matrix every estimator works on (built by ``as_score_matrix``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["ScoreMatrix"]


class ScoreMatrix:
    """Scores as a float64 ``(rows, items)`` array plus row labels, item labels and counts.

    ``items`` is the item index (None for a plain array: match by position);
    ``item_meta`` the item metadata of a response-matrix input (else None); ``n_obs`` the
    number of scored (non-NaN) items per row; ``has_missing`` whether any NaN was kept
    (only with ``missing="omit"``). Treat ``values`` as read-only: the summaries
    :attr:`row_sums`, :attr:`value_range` and :attr:`is_binary` are computed once (by
    :func:`as_score_matrix` when its checks already did the work, else on first use) and
    kept.
    """

    __slots__ = (
        "values", "index", "was_1d", "items", "item_meta", "n_obs", "has_missing",
        "_row_sums", "_value_range", "_integer_valued", "_is_binary",
    )

    def __init__(
        self,
        values: np.ndarray,
        index: pd.Index,
        was_1d: bool,
        items: pd.Index | None = None,
        item_meta: pd.DataFrame | None = None,
        *,
        has_missing: bool | None = None,
        row_sums: np.ndarray | None = None,
        value_range: tuple[float, float] | None = None,
        integer_valued: bool = False,
    ) -> None:
        self.values = values
        self.index = index
        self.was_1d = was_1d
        self.items = items
        self.item_meta = item_meta
        if has_missing is None:
            nan = np.isnan(values)
            has_missing = bool(nan.any())
        self.has_missing = has_missing
        self.n_obs = (
            (~np.isnan(values)).sum(axis=1)
            if has_missing
            else np.full(values.shape[0], values.shape[1])
        )
        self._row_sums = row_sums
        self._value_range = value_range
        self._integer_valued = integer_valued  # the input held whole numbers (int/bool dtype)
        self._is_binary: bool | None = None

    @property
    def n_items(self) -> int:
        return self.values.shape[1]

    @property
    def row_sums(self) -> np.ndarray:
        """Sum of each row's scored values (``values.sum(axis=1)``; NaN skipped)."""
        if self._row_sums is None:
            self._row_sums = (
                np.nansum(self.values, axis=1) if self.has_missing else self.values.sum(axis=1)
            )
        return self._row_sums

    @row_sums.setter
    def row_sums(self, sums: np.ndarray) -> None:
        self._row_sums = sums

    @property
    def integer_valued(self) -> bool:
        """Whether the input held whole numbers (an integer or boolean dtype)."""
        return self._integer_valued

    @property
    def value_range(self) -> tuple[float, float]:
        """Smallest and largest scored value."""
        if self._value_range is None:
            self._value_range = (float(np.nanmin(self.values)), float(np.nanmax(self.values)))
        return self._value_range

    @property
    def is_binary(self) -> bool:
        """Whether every scored value is exactly 0 or 1."""
        if self._is_binary is None:
            low, high = self.value_range
            binary = low >= 0 and high <= 1
            if binary and not self._integer_valued:
                # Values in [0, 1] are all 0 or 1 exactly when sum(s) == sum(s^2) (s^2 < s
                # otherwise); whole numbers in [0, 1] are 0 or 1 without looking.
                values = self.values
                squares = (
                    np.nansum(values * values, axis=1)
                    if self.has_missing
                    else np.einsum("ij,ij->i", values, values)
                )
                binary = bool(np.array_equal(self.row_sums, squares))
            self._is_binary = bool(binary)
        return self._is_binary
