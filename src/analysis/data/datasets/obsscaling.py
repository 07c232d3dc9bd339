"""LLM x benchmark score matrices from "Observational Scaling Laws".

Benchmark scores of 148 pretrained base LLMs on 8 standard benchmarks with model size,
training tokens and compute, plus emergent-capability tasks, Open LLM Leaderboard v2,
prompting-technique results and instruction-tuned/agent evaluations.
"""

from __future__ import annotations

import pandas as pd

from .._readers import (
    check_columns,
    choose,
    long_from_wide,
    read_csv,
    to_number,
)
from .._registry import DatasetInfo, LoaderSpec

__all__ = ["INFO", "load_obsscaling"]

_OBS = "obsscaling"
_OBS_TABLES = {
    "base": "base_llm_benchmark_eval.csv",
    "base_sub_10b": "base_llm_benchmark_eval_sub_10b.csv",
    "emergent": "base_llm_emergent_capability_eval.csv",
    "leaderboard_v2": "base_llm_leaderboard_v2_eval.csv",
    "post_training": "base_llm_post_training_eval.csv",
    "instruct": "instruct_llm_benchmark_eval.csv",
    "agent": "instruct_llm_agent_eval.csv",
}
_OBS_META = {"Model Family": "model_family", "Model Size (B)": "model_size_b",
             "Pretraining Data Size (T)": "pretraining_tokens_t", "FLOPs (1E21)": "flops_1e21"}


def load_obsscaling(*, table: str = "base", wide: bool = False) -> pd.DataFrame:
    """Observational Scaling Laws (Ruan et al. 2024): LLM x benchmark score tables.

    Parameters
    ----------
    table
        ``"base"`` (default: 148 base models x 8 benchmarks), ``"base_sub_10b"`` (92
        models under 10B), ``"emergent"`` (BIG-bench-style emergent tasks),
        ``"leaderboard_v2"`` (Open LLM Leaderboard v2), ``"post_training"`` (prompting
        techniques on GSM8K/BBH), ``"instruct"`` (27 instruction-tuned models) or
        ``"agent"`` (AgentBench / AgentBoard).
    wide
        If True, one row per model with one column per benchmark (upstream layout,
        metadata columns snake_cased); otherwise long (default).

    Returns
    -------
    pandas.DataFrame
        Long: one row per model x benchmark with a score:

        - ``model`` (str): Hugging Face id or API model name.
        - ``model_family`` (str), ``model_size_b`` (float64, parameters in billions),
          ``pretraining_tokens_t`` (float64, trillions of tokens), ``flops_1e21``
          (float64, training compute in units of 1e21 FLOPs) - only for ``"base"``,
          ``"base_sub_10b"`` and ``"instruct"`` (missing for closed models).
        - ``benchmark`` (str): upstream column name (e.g. ``"MMLU"``, ``"GSM8K"``,
          ``"leaderboard_bbh"``, ``"gsm8k_cot_8_exact_match,strict-match"``).
        - ``score`` (float64): as upstream: fractions in [0, 1], except
          ``ipa_transliterate_2_bleu`` (BLEU, 0-100), AgentBench raw scores and
          AgentBoard percentages, and ``,norm`` columns of ``"post_training"``
          (chance-normalised, can be negative). ``Arena-Elo`` and ``MTBench`` in
          ``"instruct"`` are rescaled to [0, 1] by the authors.

    Notes
    -----
    Missing scores are dropped from the long form. ``base_sub_10b`` is a subset of
    ``base``.
    """
    choose("table", table, _OBS_TABLES)
    path = _OBS_TABLES[table]
    raw = read_csv(_OBS, path, ["Model"])
    meta = [c for c in _OBS_META if c in raw.columns]
    if table in ("base", "base_sub_10b", "instruct"):
        check_columns(raw, list(_OBS_META), _OBS, path)
    benchmarks = [c for c in raw.columns if c != "Model" and c not in _OBS_META]
    columns: dict[str, pd.Series] = {"model": raw["Model"].astype(str)}
    for c in meta:
        columns[_OBS_META[c]] = (raw[c].astype(object) if c == "Model Family"
                                 else to_number(raw[c], dataset=_OBS, path=path, column=c))
    for c in benchmarks:
        columns[c] = to_number(raw[c], dataset=_OBS, path=path, column=c)
    frame = pd.DataFrame(columns)
    if wide:
        return frame
    ids = ["model", *[_OBS_META[c] for c in meta]]
    long = long_from_wide(frame, ids, benchmarks, "benchmark", "score")
    long["model"] = long["model"].astype(object)
    return long


INFO = DatasetInfo(
    name="obsscaling",
    title="LLM x benchmark score matrices from \"Observational Scaling Laws\"",
    description=(
        "Benchmark scores of 148 pretrained base LLMs on 8 standard benchmarks with model "
        "size, training tokens and compute, plus emergent-capability tasks, Open LLM "
        "Leaderboard v2, prompting-technique results and instruction-tuned/agent evaluations."
    ),
    license="Apache-2.0",
    license_note=(
        "Repository LICENSE is Apache-2.0. Standard benchmark numbers were taken from the "
        "Open LLM Leaderboard, whose terms apply."
    ),
    citation=(
        "Y. Ruan, C. J. Maddison, T. Hashimoto. Observational Scaling Laws and the "
        "Predictability of Language Model Performance. NeurIPS 2024. arXiv:2405.10938."
    ),
    bibkey="ruan2024observational",
    related_bibkeys=(),
    loader="load_obsscaling",
    loaders=(
        LoaderSpec("load_obsscaling", "table", {
            t: ("model", "benchmark") for t in _OBS_TABLES}),
    ),
)
