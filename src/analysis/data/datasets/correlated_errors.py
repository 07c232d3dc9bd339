"""Pairwise error agreement of LLMs on HELM MMLU (Kim et al.).

Pairwise error agreement of 71 LLMs on HELM MMLU (agreement overall, when either is
wrong, when both are wrong), with per-model accuracy and metadata, plus Hugging Face
leaderboard accuracies.
"""

from __future__ import annotations

import pandas as pd

from .._readers import (
    choose,
    read_csv,
    to_number,
)
from .._registry import DatasetInfo, LoaderSpec, describe

__all__ = ["INFO", "load_correlated_errors"]

_CE = "correlated-errors"


def load_correlated_errors(*, table: str = "pairs") -> pd.DataFrame:
    """Error agreement of 71 LLMs on HELM MMLU (Kim et al. 2025), and model metadata.

    Parameters
    ----------
    table
        ``"pairs"`` (default), ``"accuracy"`` (HELM MMLU accuracy), ``"models"``
        (metadata) or ``"hf_accuracy"`` (451 Hugging Face Open LLM Leaderboard models).

    Returns
    -------
    pandas.DataFrame
        ``"pairs"`` (2,485 rows = 71 x 70 / 2 unordered pairs):

        - ``model1``, ``model2`` (str): HELM model ids, e.g. ``"openai/gpt-4-0613"``.
        - ``chi_square``, ``p_value`` (float64): chi-square test of independence of the
          two models' answer letters.
        - ``overall_agreement_rate`` (float64): fraction of questions with the same answer.
        - ``both_correct_rate`` (float64): fraction both answer correctly.
        - ``agreement_rate_when_either_wrong`` (float64): same answer given at least one
          is wrong.
        - ``agreement_rate_when_both_wrong`` (float64): same (wrong) answer given both are
          wrong - the paper's headline quantity (~0.6).
        - ``contingency_table`` (str): upstream printed crosstab of answer letters.

        ``"accuracy"``: ``model``, ``accuracy`` (float64, fraction). ``"models"``:
        ``model``, ``company``, ``model_name``, ``size_b`` (float64, parameters in
        billions, missing when undisclosed). ``"hf_accuracy"``: ``model``, ``accuracy``.

    Notes
    -----
    Upstream ``model_accuracy.csv`` has one value with a stray trailing ``F``
    (``"0.8000284859706595F"``, ``01-ai/yi-large-preview``); it is stripped. The per-item
    answers behind the pairs are not in the stored snapshot.
    """
    choose("table", table, ("pairs", "accuracy", "models", "hf_accuracy"))
    if table == "pairs":
        path = "model_correlations.csv"
        cols = ["model1", "model2", "chi_square", "p_value", "overall_agreement_rate",
                "both_correct_rate", "agreement_rate_when_either_wrong",
                "agreement_rate_when_both_wrong", "contingency_table"]
        raw = read_csv(_CE, path, cols)
        out = raw[cols].copy()
        for c in cols[2:-1]:
            out[c] = to_number(out[c], dataset=_CE, path=path, column=c)
        for c in ("model1", "model2", "contingency_table"):
            out[c] = out[c].astype(object)
        return out
    if table == "accuracy":
        path = "model_accuracy.csv"
        raw = read_csv(_CE, path, ["model", "model_accuracy"])
        text = raw["model_accuracy"].astype("string").str.strip().str.replace(
            r"F$", "", regex=True)
        return pd.DataFrame({"model": raw["model"].astype(object),
                             "accuracy": to_number(text, dataset=_CE, path=path,
                                                   column="model_accuracy")})
    if table == "models":
        path = "model_overview.csv"
        raw = read_csv(_CE, path, ["model string", "company", "model_name", "size"])
        size = raw["size"].astype("string").str.strip().str.lower().str.removesuffix("b")
        return pd.DataFrame({
            "model": raw["model string"].astype(object),
            "company": raw["company"].astype(object),
            "model_name": raw["model_name"].astype(object),
            "size_b": to_number(size, dataset=_CE, path=path, column="size"),
        })
    path = "hf_model_accuracy.csv"
    raw = read_csv(_CE, path, ["Unnamed: 0", "0"])
    return pd.DataFrame({"model": raw["Unnamed: 0"].astype(object),
                         "accuracy": to_number(raw["0"], dataset=_CE, path=path, column="0")})


INFO = DatasetInfo(
    name="correlated-errors",
    **describe(__doc__),
    license="none (cite, never redistribute)",
    license_note=(
        "The repository has no LICENSE file: the data are downloaded from upstream, used with "
        "citation, and never redistributed."
    ),
    citation=(
        "E. M. Kim, A. Garg, K. Peng, N. Garg. Correlated Errors in Large Language Models. "
        "ICML 2025, PMLR 267:30038-30066. arXiv:2506.07962."
    ),
    bibkey="kim2025correlated",
    related_bibkeys=(),
    loader="load_correlated_errors",
    loaders=(
        LoaderSpec("load_correlated_errors", "table", {
            "pairs": ("model1", "model2"), "accuracy": ("model",), "models": ("model",),
            "hf_accuracy": ("model",)}),
    ),
)
