"""GSM8k-vs-GSM1k overfitting gaps and GSM8k log-likelihoods (Scale AI).

The GSM8k minus GSM1k accuracy gap of 52 LLMs, the average character-normalised
log-likelihood 56 LLMs assign to GSM8k test items (upstream repeats some rows verbatim:
58 and 59 rows), and the 50 public GSM1k problems.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._readers import (
    choose,
    read_csv,
    to_number,
)
from .._registry import DatasetInfo, LoaderSpec, describe
from ..errors import DataError

__all__ = ["INFO", "load_gsm1k"]

_GSM = "gsm1k"


def load_gsm1k(*, table: str = "models") -> pd.DataFrame:
    """GSM1k (Zhang et al. 2024): per-model GSM8k-GSM1k gap and GSM8k log-likelihood.

    Parameters
    ----------
    table
        ``"models"`` (default) or ``"items"`` (the 50 public GSM1k problems).

    Returns
    -------
    pandas.DataFrame
        ``"models"``: one row per model found in either upstream file (outer join:
        56 models, 52 of them in both), sorted by model:

        - ``model`` (str): Hugging Face-style name, e.g. ``"Mixtral-8x22B-v0.1"``.
        - ``gap`` (float64): GSM8k accuracy minus GSM1k accuracy, a difference of
          fractions (positive = overfit to GSM8k); from ``scale_diff.csv`` (58 rows,
          52 distinct models).
        - ``avg_loglik`` (float64): average character-normalised log-likelihood of the
          GSM8k test examples under the model (higher = more likely memorised); from
          ``averages.tsv`` (59 rows, 56 distinct models).

        ``"items"``: ``item`` (int64, row position), ``question`` (str), ``answer``
        (float64, the numeric answer).

    Notes
    -----
    ``scale_diff.csv`` (comma-separated) and ``averages.tsv`` (tab-separated) have
    **no header row**: each row is ``model, value``. The paper's figure joins the two on
    model name and drops models present in only one file (``dropna()`` on the result
    gives that subset). Both files repeat some rows verbatim (six models in
    ``scale_diff.csv``, e.g. ``Meta-Llama-3-70B``, three in ``averages.tsv``); exact
    repeats are dropped, conflicting repeats raise DataError. The full per-model GSM8k and GSM1k accuracies are not published
    in the repository, only their difference.
    """
    choose("table", table, ("models", "items"))
    if table == "items":
        path = "gsm1k_public_50.csv"
        raw = read_csv(_GSM, path, ["answer", "question"], dtype=str)
        return pd.DataFrame({
            "item": np.arange(len(raw), dtype=np.int64),
            "question": raw["question"].astype(object),
            "answer": to_number(raw["answer"], dataset=_GSM, path=path, column="answer"),
        })
    gap = read_csv(_GSM, "scale_diff.csv", ["model", "gap"], header=None,
                   names=["model", "gap"])
    loglik = read_csv(_GSM, "averages.tsv", ["model", "avg_loglik"], sep="\t", header=None,
                      names=["model", "avg_loglik"])
    gap["gap"] = to_number(gap["gap"], dataset=_GSM, path="scale_diff.csv", column="gap")
    loglik["avg_loglik"] = to_number(loglik["avg_loglik"], dataset=_GSM, path="averages.tsv",
                                     column="avg_loglik")
    frames = []
    for frame, path in ((gap, "scale_diff.csv"), (loglik, "averages.tsv")):
        frame["model"] = frame["model"].astype(str).str.strip()
        frame = frame.drop_duplicates()  # upstream repeats some rows verbatim
        if frame["model"].duplicated().any():
            raise DataError(f"{_GSM}/{path}: conflicting values for models "
                            f"{frame.loc[frame['model'].duplicated(), 'model'].tolist()[:5]}")
        frames.append(frame)
    gap, loglik = frames
    out = gap.merge(loglik, on="model", how="outer")
    out["model"] = out["model"].astype(object)
    return out.sort_values("model").reset_index(drop=True)[["model", "gap", "avg_loglik"]]


INFO = DatasetInfo(
    name="gsm1k",
    **describe(__doc__),
    license="MIT",
    license_note=(
        "Repository LICENSE.md is MIT (Copyright 2024 Scale AI). The full GSM1k set is "
        "withheld by its authors."
    ),
    citation=(
        "H. Zhang, J. Da, D. Lee, V. Robinson, C. Wu, W. Song, T. Zhao, P. Raja, D. Slack, Q. "
        "Lyu, S. Hendryx, R. Kaplan, M. Lunati, S. Yue. A Careful Examination of Large "
        "Language Model Performance on Grade School Arithmetic. arXiv:2405.00332, 2024."
    ),
    bibkey="zhang2024careful",
    related_bibkeys=(),
    loader="load_gsm1k",
    loaders=(
        LoaderSpec("load_gsm1k", "table", {"models": ("model",), "items": ("item",)}),
    ),
)
