"""Which Safetywashing benchmarks are capability measures, and which safety area the rest proxy.

The grouping into areas is this book's reading of the benchmark names and metrics in
``benchmarks_info.csv`` (Ren et al. 2024 group them similarly, by hand); it is a
convenience for plotting and summarising, not part of the data. Rules are matched in
order on the benchmark's column name; the first match wins.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["SAFETYWASHING_CAPABILITY", "SAFETY_AREA_RULES", "safety_area", "orient_scores"]

#: The 12 capability benchmarks whose rank-correlation PC1 is Ren et al.'s capability score.
SAFETYWASHING_CAPABILITY: tuple[str, ...] = (
    "logiqa", "piqa", "hellaswag", "winogrande", "superglue_copa", "medqa_4options",
    "arc_challenge", "mmlu", "minerva_math", "lambada_openai", "gsm8k", "bbh",
)

#: (area, regular expression on the column name), tried in order.
SAFETY_AREA_RULES: tuple[tuple[str, str], ...] = (
    ("hazardous knowledge", r"^wmdp"),
    ("truthfulness", r"^truthfulqa|^halueval"),
    ("calibration", r"^brier|^rmsce"),
    ("jailbreaks and misuse", r"^harmbench|^HarmBench|^xstest|^beavertails|^safety_bench"
                              r"|^rules_|^toxigen"),
    ("security and privacy", r"^cyberseceval|^confaide|^decodingtrust_privacy"),
    ("adversarial robustness", r"^adv_|^anli|^decodingtrust_adv|^decodingtrust_ood"),
    ("bias", r"^bbq|^bigbench_bbq|^crows|^discrim_eval|^winogender|^simple_cooccurrence"
             r"|^decodingtrust_(fairness|stereotypes)"),
    ("machine ethics", r"^ethics|^machiavelli|^moralchoice|^scruples"),
    ("sycophancy and persona", r"^sycophancy|^persona|^advanced_ai_risk"),
)


def safety_area(benchmarks: Any) -> pd.Series:
    """Area of each Safetywashing benchmark column.

    Returns ``"capability score"`` for the 12 benchmarks of
    :data:`SAFETYWASHING_CAPABILITY`, the first matching area of
    :data:`SAFETY_AREA_RULES`, or ``"other capability"`` (e.g. GLUE, DROP, GPQA, MT-Bench:
    general tasks not in the score).

    Examples
    --------
    >>> safety_area(["mmlu", "wmdp_bio", "truthfulqa_mc1", "glue_rte"]).tolist()
    ['capability score', 'hazardous knowledge', 'truthfulness', 'other capability']
    """
    names = [benchmarks] if isinstance(benchmarks, str) else list(benchmarks)
    bad = [b for b in names if not isinstance(b, str)]
    if bad:
        raise TypeError(f"benchmark names must be strings; got {bad[:3]}")
    out = []
    for name in names:  # a few hundred names, a handful of rules
        if name in SAFETYWASHING_CAPABILITY:
            out.append("capability score")
            continue
        out.append(next((area for area, rule in SAFETY_AREA_RULES if re.search(rule, name)),
                        "other capability"))
    return pd.Series(out, index=pd.Index(names, name="benchmark"), name="area")


def orient_scores(long: pd.DataFrame, *, metric: str = "metric",
                  higher_is_better: Any = ()) -> pd.DataFrame:
    """Wide models x benchmarks table from the long Safetywashing frame, higher = better.

    Every metric in the staged ``benchmarks_info.csv`` carries "(↑)" (the upstream authors
    already negated lower-is-better scores, e.g. "Negated score", "1 - Brier Score"); a
    metric marked "(↓)" is negated here, and a benchmark with no direction is refused
    unless the caller names it in ``higher_is_better`` (e.g. ``LMSYS_Chatbot_Arena``, an
    Elo rating whose metric reads "N/A").

    Parameters
    ----------
    long
        Columns ``model``, ``benchmark``, ``score`` and ``metric`` (as from
        :func:`analysis.data.load_safetywashing` with one ``subset``).
    higher_is_better
        Benchmarks without a direction in their metric that the caller declares
        higher-is-better.

    Examples
    --------
    >>> import pandas as pd
    >>> long = pd.DataFrame({"model": ["m1", "m2"], "benchmark": ["x", "x"],
    ...                      "score": [0.2, 0.4], "metric": ["Error (↓)"] * 2})
    >>> orient_scores(long)["x"].tolist()
    [-0.2, -0.4]
    """
    if not isinstance(long, pd.DataFrame):
        raise TypeError("long must be a pandas DataFrame (load_safetywashing's output)")
    need = {"model", "benchmark", "score", metric}
    if not need <= set(long.columns):
        raise ValueError(f"long lacks columns {sorted(need - set(long.columns))}")
    if long.duplicated(["model", "benchmark"]).any():
        raise ValueError("a model x benchmark pair appears twice: pass one subset (base or "
                         "chat) at a time")
    score = pd.to_numeric(long["score"], errors="coerce")
    if (score.isna() & long["score"].notna()).any():
        bad = long.loc[score.isna() & long["score"].notna(), "score"].tolist()[:3]
        raise ValueError(f"long['score'] must hold numbers; got {bad}: convert them with "
                         "pandas.to_numeric (or drop the rows)")
    long = long.assign(score=score)
    direction = long.groupby("benchmark")[metric].first().astype(str)
    declared = [higher_is_better] if isinstance(higher_is_better, str) else list(higher_is_better)
    absent = [b for b in declared if b not in direction.index]
    if absent:
        raise ValueError(f"higher_is_better names benchmarks not in long: {absent[:5]}")
    direction[declared] = "declared (↑)"
    unknown = direction.index[~direction.str.contains("↑|↓")].tolist()
    if unknown:
        raise ValueError(f"benchmarks {unknown[:5]} have no direction (↑/↓) in their metric; "
                         "drop them or state their direction")
    sign = direction.str.contains("↓").map({True: -1.0, False: 1.0})
    wide = long.pivot(index="model", columns="benchmark", values="score")
    return wide * sign.reindex(wide.columns).to_numpy()
