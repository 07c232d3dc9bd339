"""Multi-task benchmark leaderboards used in "Inherent Trade-Offs between Diversity and
Stability".

Multi-task leaderboards (HELM, HEIM, GLUE, SuperGLUE, MTEB, VTAB, BigCode, BBH, Open LLM
Leaderboard, per-subject MMLU, torchvision ImageNet per-class accuracy) used to study
the trade-off between diversity and stability of benchmarks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._readers import (
    check_columns,
    choose,
    long_from_wide,
    read_csv,
    to_number,
)
from .._registry import DatasetInfo, LoaderSpec
from ..errors import DataError

__all__ = ["INFO", "load_benchbench_zhang_hardt"]

_ZH = "benchbench-zhang-hardt"
# leaderboard -> (file, model column, non-task columns); HELM efficiency says "Model".
_ZH_BOARDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    **{f"helm/{m}": (f"helm/{m}.tsv", "Model/adapter", ("Mean win rate",))
       for m in ("accuracy", "bias", "calibration", "efficiency", "fairness", "robustness",
                 "summarization", "toxicity")},
    **{f"heim/{m}": (f"heim/{m}.tsv", "Model/adapter", ())
       for m in ("aesthetics_auto", "aesthetics_human", "alignment_auto", "alignment_human",
                 "black_out", "nsfw", "nudity", "originality", "quality_auto",
                 "quality_human")},
    "openllm": ("openllm/leaderboard.tsv", "Model", ("T", "Average")),
    "mmlu": ("mmlu/leaderboard.tsv", "model_name", ("Unnamed: 0", "split_name",
                                                    "average_score")),
    "glue": ("glue/leaderboard.tsv", "Model", ("Rank", "Name", "URL", "Score")),
    "superglue": ("superglue/leaderboard.tsv", "Model", ("Rank", "Name", "URL", "Score")),
    "mteb": ("mteb/leaderboard.tsv", "Model", ("Rank", "-", "Model Size (GB)",
                                               "Embedding Dimensions", "Max Tokens",
                                               "Average (56 datasets)")),
    "vtab": ("vtab/leaderboard.tsv", "model", ("Mean (selected datasets)",)),
    "bigcode": ("bigcode/leaderboard.tsv", "Models", ("T", "Win", "Throughput")),
    "bbh": ("bbh/leaderboard.tsv", "Model", ("Rank", "Company", "Release", "Parameters",
                                             "Average")),
    "imagenet": ("imagenet/leaderboard.tsv", "Weight", ("Acc@1", "Acc@5", "Params", "GFLOPS",
                                                        "Recipe", "Model", "acc")),
}


def load_benchbench_zhang_hardt(*, table: str = "helm/accuracy") -> pd.DataFrame:
    """One multi-task leaderboard of Zhang & Hardt (2024), long: one row per model x task.

    Parameters
    ----------
    table
        The leaderboard, one of ``"helm/<metric>"`` (accuracy, bias, calibration, efficiency, fairness,
        robustness, summarization, toxicity), ``"heim/<page>"`` (aesthetics_auto,
        aesthetics_human, alignment_auto, alignment_human, black_out, nsfw, nudity,
        originality, quality_auto, quality_human), ``"openllm"``, ``"mmlu"``
        (per-subject), ``"glue"``, ``"superglue"``, ``"mteb"``, ``"vtab"``,
        ``"bigcode"``, ``"bbh"``, ``"imagenet"`` (per-class accuracy).

    Returns
    -------
    pandas.DataFrame
        - ``leaderboard`` (str): the ``table`` passed in.
        - ``entry`` (int64): data row of the upstream file (0-based). ``(entry, task)`` is
          unique; ``(model, task)`` is not always: some leaderboards list a model more than
          once (GLUE/SuperGLUE submissions of one model by different teams, Open LLM
          duplicates, MMLU runs of one model at different times).
        - ``model`` (str): model as the leaderboard names it (HELM/HEIM ``Model/adapter``;
          ``mmlu``: the HF ``details_`` dataset name; ``imagenet``: the torchvision weight
          name, e.g. ``"ResNet50_Weights.IMAGENET1K_V2"``).
        - ``task`` (str): task column (HEIM: without the ``[ sort ]`` suffix; ``mmlu``: the
          subject, e.g. ``"abstract_algebra"``; ``imagenet``: ``"acc_<class id>"``).
        - ``score`` (float64): in the leaderboard's own units: HELM/HEIM/MMLU/ImageNet
          fractions; Open LLM, GLUE, SuperGLUE, MTEB, VTAB, BigCode and BBH percentages.
          Missing cells (``-``) are dropped.

        Aggregate columns (mean win rate, averages, ranks, sizes) are not tasks and are
        left out; HEIM keeps every metric column except the mean win rate.

    Notes
    -----
    GLUE/SuperGLUE report some tasks as two metrics ``"a/b"`` (e.g. F1/accuracy); the
    score is their mean, as in Zhang & Hardt's code. The direction of a task is not
    uniform: HEIM columns marked ``↓`` (e.g. NSFW fraction) and HELM ``efficiency``
    (inference time) are lower-is-better. ``vtab/leaderboard.tsv`` has one more field per
    row than its header: the first field is the model name. ``helm/efficiency.tsv``
    names its model column ``Model`` instead of ``Model/adapter``.
    """
    leaderboard = choose("table", table, _ZH_BOARDS)
    path, model_col, skip = _ZH_BOARDS[leaderboard]
    raw = read_csv(_ZH, path, sep="\t", dtype=str)
    if model_col == "Model/adapter" and model_col not in raw.columns and "Model" in raw.columns:
        raw = raw.rename(columns={"Model": model_col})
    if leaderboard == "vtab":
        raw = raw.rename_axis("model").reset_index()
    check_columns(raw, [model_col], _ZH, path)
    tasks = [c for c in raw.columns if c != model_col and c not in skip
             and not str(c).startswith("Mean win rate")]
    if not tasks:
        raise DataError(f"{_ZH}/{path}: no task columns found")
    values = {}
    for c in tasks:
        text = raw[c].astype("string").str.strip()
        if text.str.contains("/", regex=False).any():
            pair = text.str.split("/", expand=True)
            nums = pd.concat([to_number(pair[i], dataset=_ZH, path=path, column=c)
                              for i in pair.columns], axis=1)
            values[c] = nums.mean(axis=1, skipna=False)
        else:
            values[c] = to_number(text, dataset=_ZH, path=path, column=c,
                                  na=("", "-", "N/A"))
    frame = pd.DataFrame({"entry": np.arange(len(raw), dtype=np.int64),
                          "model": raw[model_col].astype(str), **values})
    long = long_from_wide(frame, ["entry", "model"], tasks, "task", "score")
    task = long["task"].astype(str).str.replace(r"\s*\[ sort \]$", "", regex=True)
    if leaderboard == "mmlu":
        task = task.str.replace(r"^harness\|hendrycksTest-(.*)\|5$", r"\1", regex=True)
    long["task"] = task
    long.insert(0, "leaderboard", leaderboard)
    return long.reset_index(drop=True)


INFO = DatasetInfo(
    name="benchbench-zhang-hardt",
    title=(
        "Multi-task benchmark leaderboards used in \"Inherent Trade-Offs between Diversity and "
        "Stability\""
    ),
    description=(
        "Multi-task leaderboards (HELM, HEIM, GLUE, SuperGLUE, MTEB, VTAB, BigCode, BBH, Open "
        "LLM Leaderboard, per-subject MMLU, torchvision ImageNet per-class accuracy) used to "
        "study the trade-off between diversity and stability of benchmarks."
    ),
    license="MIT",
    license_note=(
        "Repository LICENSE.txt is MIT. The numbers were scraped from public leaderboards, "
        "whose terms apply."
    ),
    citation=(
        "G. Zhang, M. Hardt. Inherent Trade-Offs between Diversity and Stability in Multi-"
        "Task Benchmarks. ICML 2024. arXiv:2405.01719."
    ),
    bibkey="zhang2024inherent",
    related_bibkeys=(),
    loader="load_benchbench_zhang_hardt",
    loaders=(
        LoaderSpec("load_benchbench_zhang_hardt", "table", {
            board: ("entry", "task") for board in _ZH_BOARDS}),
    ),
)
