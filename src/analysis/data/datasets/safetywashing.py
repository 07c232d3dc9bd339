"""Capability and safety benchmark matrices of 27 base and 26 chat LLMs (Ren et al. 2024).

Scores of 27 base and 26 chat LLMs on about 175 capability and safety benchmarks, with
benchmark metadata, for measuring how strongly safety benchmarks correlate with general
capabilities.
"""

from __future__ import annotations

import pandas as pd

from .._readers import (
    choose,
    known_columns,
    long_from_wide,
    read_csv,
    to_number,
)
from .._registry import DatasetInfo, LoaderSpec, describe

__all__ = ["INFO", "load_safetywashing"]

_SW = "safetywashing"
_SW_META = ("model_size", "FLOP", "name", "type")


def load_safetywashing(*, subset: str = "all") -> pd.DataFrame:
    """Safetywashing (Ren et al. 2024): capability and safety benchmark scores of LLMs.

    Parameters
    ----------
    subset
        Which models: ``"all"`` (default), ``"base"`` (27 base models) or ``"chat"`` (26 chat models).

    Returns
    -------
    pandas.DataFrame
        Long: one row per model x benchmark with a score:

        - ``model_type`` (str): ``"base"`` or ``"chat"``.
        - ``model`` (str): Hugging Face name (e.g. ``"Llama-2-13b-hf"``).
        - ``display_name`` (str): upstream ``name`` (``"Llama 2 13B"``).
        - ``model_size`` (float64): parameters; ``flop`` (float64): training FLOP
          (missing when unknown).
        - ``benchmark`` (str): upstream column (e.g. ``"mmlu"``, ``"truthfulqa_mc1"``,
          ``"machiavelli-violations.deception"``).
        - ``benchmark_name`` (str), ``metric`` (str): from ``benchmarks_info.csv``
          (``metric`` carries the direction, e.g. ``"Accuracy (↑)"``; missing if the
          benchmark is not described there).
        - ``score`` (float64): in the benchmark's own units (fractions, percentages, game
          points ...): standardise per benchmark before combining.

    Notes
    -----
    Every metric in ``benchmarks_info.csv`` is oriented so that higher is better
    (e.g. "Negated score", "1 - Brier Score"). Chat models have two extra benchmarks
    (``Alpaca-Eval_win-rate``, ``LMSYS_Chatbot_Arena``). Missing scores are dropped.
    """
    choose("subset", subset, ("all", "base", "chat"))
    info = read_csv(_SW, "benchmarks_info.csv", ["benchmark", "name", "metric"])
    info = info.drop_duplicates("benchmark").set_index("benchmark")
    kinds = ("base", "chat") if subset == "all" else (subset,)
    parts = []
    for kind in kinds:
        path = f"benchmarks_{kind}_models.csv"
        raw = read_csv(_SW, path, ["model", *_SW_META])
        candidates = [c for c in raw.columns if c != "model" and c not in _SW_META]
        # benchmarks_info.csv lists the benchmarks: any other column is reported, left out
        benchmarks = known_columns(candidates, set(info.index), _SW, path)
        frame = pd.DataFrame({
            "model_type": kind,
            "model": raw["model"].astype(str),
            "display_name": raw["name"].astype(str),
            "model_size": to_number(raw["model_size"], dataset=_SW, path=path,
                                    column="model_size"),
            "flop": to_number(raw["FLOP"], dataset=_SW, path=path, column="FLOP"),
            **{c: to_number(raw[c], dataset=_SW, path=path, column=c) for c in benchmarks},
        })
        parts.append(long_from_wide(frame, ["model_type", "model", "display_name",
                                            "model_size", "flop"],
                                    benchmarks, "benchmark", "score"))
    out = pd.concat(parts, ignore_index=True)
    out.insert(6, "benchmark_name", out["benchmark"].map(info["name"]).astype(object))
    out.insert(7, "metric", out["benchmark"].map(info["metric"]).astype(object))
    for c in ("model_type", "model", "display_name", "benchmark"):
        out[c] = out[c].astype(object)
    return out


INFO = DatasetInfo(
    name="safetywashing",
    **describe(__doc__),
    license="MIT",
    license_note="Repository LICENSE is MIT (Copyright 2024 centerforaisafety).",
    citation=(
        "R. Ren, S. Basart, A. Khoja, A. Gatti, L. Phan, X. Yin, M. Mazeika, A. Pan, G. "
        "Mukobi, R. H. Kim, S. Fitz, D. Hendrycks. Safetywashing: Do AI Safety Benchmarks "
        "Actually Measure Safety Progress? NeurIPS 2024 Datasets and Benchmarks. "
        "arXiv:2407.21792."
    ),
    bibkey="ren2024safetywashing",
    related_bibkeys=(),
    loader="load_safetywashing",
    loaders=(
        LoaderSpec("load_safetywashing", "subset", {
            s: ("model_type", "model", "benchmark") for s in ("all", "base", "chat")}),
    ),
)
