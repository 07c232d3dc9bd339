"""Fixtures shared by the tests of analysis.stats (fictional data: method illustrations)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


@pytest.fixture
def binary_scores() -> pd.DataFrame:
    """Three fictional models on 400 items (method illustration, not data)."""
    rng = np.random.default_rng(20241101)
    difficulty = rng.normal(size=400)
    ability = np.array([[-0.5], [0.0], [0.8]])
    p = 1 / (1 + np.exp(difficulty - ability))
    return pd.DataFrame((rng.random((3, 400)) < p).astype(float), index=["a", "b", "c"])


@pytest.fixture
def labelled_scores(binary_scores) -> pd.DataFrame:
    """The same scores with item labels ``q000``..``q399`` and named axes."""
    frame = binary_scores.copy()
    frame.columns = pd.Index([f"q{i:03d}" for i in range(frame.shape[1])], name="item")
    frame.index.name = "model"
    return frame
