"""Fixtures for the tests of analysis.ranking (fictional data: method illustrations)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


@pytest.fixture
def item_scores() -> pd.DataFrame:
    """Five fictional models with known accuracies on 2,000 independent items."""
    rng = np.random.default_rng(20251130)
    truth = np.array([0.85, 0.80, 0.70, 0.69, 0.40])
    values = (rng.random((5, 2000)) < truth[:, None]).astype(float)
    return pd.DataFrame(values, index=["m1", "m2", "m3", "m4", "m5"])
