"""Binary (model x question) correctness matrix for 22 LLMs on ChemBench.

Binary correctness matrix of 22 LLMs (and one tool-augmented agent) on the 2,854
ChemBench questions, with model scores and ChemBench difficulty labels; question ids are
positions only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._readers import (
    read_csv,
    read_json,
)
from .._registry import DatasetInfo, LoaderSpec, describe
from ..errors import DataError
from ..responses import ResponseMatrix, from_long

__all__ = ["INFO", "load_chembench_irt", "chembench_irt_responses"]

_CB = "chembench-irt"


def load_chembench_irt() -> pd.DataFrame:
    """Binary correctness of 22 LLMs (and one agent) on 2,854 ChemBench questions, long.

    Returns
    -------
    pandas.DataFrame
        22 x 2,854 = 62,788 rows, sorted by model (upstream column order) then item:

        - ``model`` (str): e.g. ``"GPT-4o"``, ``"Claude-3.5 (Sonnet)"``, ``"PaperQA2"``
          (a tool-augmented agent, not a bare LLM).
        - ``item`` (int64): question index 0-2853 (positions only: the mapping to
          ChemBench question names is not published in this repository).
        - ``difficulty`` (str): ChemBench label ``"easy"``, ``"intermediate"`` or
          ``"hard"`` from ``difficulty_dict.json`` (missing if unlabelled).
        - ``correct`` (uint8): 1 = the question was answered fully correctly
          ("all correct" metric), 0 otherwise.

    Notes
    -----
    A model's mean of ``correct`` equals its ``score`` in the upstream
    ``model_score_allcorrect.csv``. Use ``frame.pivot(index="model", columns="item",
    values="correct")`` for the models x items matrix.
    """
    path = "binary_matrix.csv"
    raw = read_csv(_CB, path)
    first = raw.columns[0]
    if not str(first).startswith("Unnamed") and first != "":
        raise DataError(f"{_CB}/{path}: expected an unnamed question-index first column, "
                        f"found {first!r}")
    models = [c for c in raw.columns if c != first]
    values = raw[models].to_numpy(dtype="float64")
    if np.isnan(values).any() or not np.isin(values, (0.0, 1.0)).all():
        raise DataError(f"{_CB}/{path}: responses must be 0/1 without gaps")
    items = raw[first].to_numpy(dtype="int64")
    difficulty = read_json(_CB, "difficulty_dict.json")
    labels = pd.Series({int(i): level for level, ids in difficulty.items() for i in ids},
                       dtype=object)
    n_items, n_models = values.shape
    out = pd.DataFrame({
        "model": np.repeat(np.asarray(models, dtype=object), n_items),
        "item": np.tile(items, n_models),
        "correct": values.T.ravel().astype(np.uint8),
    })
    out.insert(2, "difficulty", out["item"].map(labels).astype(object))
    return out


def chembench_irt_responses() -> ResponseMatrix:
    """The :class:`~analysis.data.ResponseMatrix` of ChemBench: 22 models x 2,854 questions.

    Scores are 0/1 ("all correct"); item metadata ``difficulty`` (``"easy"``,
    ``"intermediate"``, ``"hard"``). Items are question positions (the names are not
    published upstream). There is no ``cluster``: the questions' topics are not in the
    data, and the three difficulty levels are strata, not clusters (use them with a
    stratified standard error).

    Example
    -------
    >>> from analysis import data
    >>> data.chembench_irt_responses().scores.shape  # doctest: +SKIP
    (22, 2854)
    """
    long = load_chembench_irt()
    return from_long(long, score="correct", item_columns=["difficulty"], name="chembench-irt")


INFO = DatasetInfo(
    name="chembench-irt",
    **describe(__doc__),
    license="MIT",
    license_note=(
        "Repository LICENSE is MIT (Copyright 2025 irt-on-bench maintainers). The underlying "
        "results are ChemBench's: cite both."
    ),
    citation=(
        "M. Schilling-Wilhelmi, N. Alampara, K. M. Jablonka. irt-on-bench (software), 2025. "
        "https://github.com/lamalab-org/irt-on-bench. Data: A. Mirza, N. Alampara, S. "
        "Kunchapu, et al. Are large language models superhuman chemists? arXiv:2404.01475, "
        "2024."
    ),
    bibkey="schillingwilhelmi2025irt",
    related_bibkeys=('mirza2024chembench',),
    loader="load_chembench_irt",
    responses="chembench_irt_responses",
    loaders=(
        LoaderSpec("load_chembench_irt", None, {None: ("model", "item")}),
    ),
)
