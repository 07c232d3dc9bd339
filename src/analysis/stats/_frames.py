"""Assemble the per-model result tables every estimator returns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validation import ScoreMatrix, row_labels

__all__: list[str] = []  # internal module


def interval_frame(matrix: ScoreMatrix, columns: dict[str, np.ndarray | float | int]) -> pd.DataFrame:
    """One row per model (index named ``model``), columns in the order given."""
    index = row_labels(matrix.index)
    return pd.DataFrame({k: np.broadcast_to(v, len(index)) for k, v in columns.items()}, index=index)
