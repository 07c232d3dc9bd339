"""Elicitation gaps measured on the book's data, as one tidy table others can call.

Three kinds of elicitation, each on the same model and benchmark:

* **Prompting** (Ruan et al. 2024's post-training table, GSM8K): the evaluation harness's
  default 5-shot prompt against an 8-shot chain-of-thought prompt, a zero-shot
  chain-of-thought prompt and 8-shot chain of thought with a majority vote over 5
  samples, for 96 base models; every score is on 500 problems (all values are multiples
  of 1/500). Answers are read with the harness's flexible extraction throughout.
* **Post-training** (Ruan et al.'s instruction-tuned table against its base table): chat
  and instruction-tuned models paired with the base model they were fine-tuned from
  (``POST_TRAINING_BASES``), on the seven benchmarks both tables hold.
* **Reasoning effort** (Epoch AI's Benchmarking Hub runs): the same model run at two
  reasoning-effort levels on the same task, each score with Epoch's standard error.

Where the base models' pre-training compute is known, each change is also expressed as a
compute-equivalent gain (:func:`analysis.elicitation.compute_equivalent_gain`, ``anchor="score"``: the
change read through the slope of the family's line of un-enhanced scores on log compute,
so that a model's own distance from its family's line does not count as a gain).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .. import data
from ..stats import proportion_se
from .ceg import compute_equivalent_gain, family_fits
from .gaps import effort_changes, score_change
from .threshold import log_odds_change

__all__ = [
    "GSM8K_BASELINE",
    "GSM8K_TECHNIQUES",
    "GSM8K_ITEMS",
    "POST_TRAINING_BASES",
    "BENCHMARK_ITEMS",
    "prompting_baselines",
    "prompting_gaps",
    "post_training_gaps",
    "effort_gaps",
    "elicitation_gaps",
]

#: The baseline column of the post-training table: the harness's default 5-shot prompt.
GSM8K_BASELINE = "gsm8k_5_exact_match,flexible-extract"
#: Technique label -> column of ``load_obsscaling(table="post_training")``.
GSM8K_TECHNIQUES: dict[str, str] = {
    "8-shot chain of thought": "gsm8k_cot_8_exact_match,flexible-extract",
    "zero-shot chain of thought": "gsm8k_cot_zeroshot_0_exact_match,flexible-extract",
    "chain of thought, majority of 5": "gsm8k_cot_self_consistency_8_exact_match,maj@5-flexible-extract",
}
#: Problems behind each GSM8K score of the post-training table (every score is a multiple of 1/500).
GSM8K_ITEMS = 500
#: Instruction-tuned model (instruct table) -> the base model (base table) it was fine-tuned
#: from, as each model's card states; in every pair the two tables give the same compute.
POST_TRAINING_BASES: dict[str, str] = {
    "llama-2-7b-chat": "meta-llama/Llama-2-7b-hf",
    "llama-2-13b-chat": "meta-llama/Llama-2-13b-hf",
    "llama-2-70b-chat": "meta-llama/Llama-2-70b-hf",
    "vicuna-7b-v1.5": "meta-llama/Llama-2-7b-hf",
    "vicuna-13b-v1.5": "meta-llama/Llama-2-13b-hf",
    "codellama-7b-instruct": "codellama/CodeLlama-7b-hf",
    "codellama-13b-instruct": "codellama/CodeLlama-13b-hf",
    "codellama-34b-instruct": "codellama/CodeLlama-34b-hf",
    "deepseek-llm-67b-chat": "deepseek-ai/deepseek-llm-67b-base",
}
#: Items in the test split each benchmark score of the base and instruct tables uses
#: (instruct name -> (base-table column, items)). TruthfulQA's mc2 score is a mean of
#: per-item probabilities, whose variance is at most p (1 - p): its binomial SE is an
#: upper bound.
BENCHMARK_ITEMS: dict[str, tuple[str, int]] = {
    "MMLU": ("MMLU", 14042), "ARC-C": ("ARC-C", 1172), "HellaSwag": ("HellaSwag", 10042),
    "Winogrande": ("Winograd", 1267), "TruthfulQA": ("TruthfulQA", 817),
    "GSM8K": ("GSM8K", 1319), "HumanEval": ("HumanEval", 164),
}
#: Epoch prints standard errors to two decimals; a printed 0.00 is read as this bound.
_EPOCH_SE_FLOOR = 0.005
_COLUMNS = ["source", "kind", "benchmark", "model", "family", "technique", "baseline", "elicited",
            "change", "se", "ci_low", "ci_high", "log_odds_change", "ceg", "ceg_kind", "ceg_low",
            "ceg_high", "ceg_extrapolated"]


def _with_ceg(frame: pd.DataFrame, fit_x, fit_s, fit_family, *, n_items: float) -> pd.DataFrame:
    """Add CEG columns (anchored at each model's own baseline score) for rows whose family
    has a fit (two or more models with compute)."""
    se_b = proportion_se(frame["baseline"].to_numpy(), n_items)
    se_e = proportion_se(frame["elicited"].to_numpy(), n_items)
    keep = pd.Series(fit_family).map(pd.Series(fit_family).value_counts()) >= 2
    fits = family_fits(np.asarray(fit_x)[keep], np.asarray(fit_s)[keep], np.asarray(fit_family)[keep])
    ok = (frame["family"].isin(fits.index) & frame["log10_compute"].notna()).to_numpy()
    out = frame.assign(ceg=np.nan, ceg_kind="undefined", ceg_low=np.nan, ceg_high=np.nan,
                       ceg_extrapolated=np.nan)
    if ok.any():
        ceg = compute_equivalent_gain(fits, frame.loc[ok, "family"], frame.loc[ok, "log10_compute"],
                                      frame.loc[ok, "elicited"], se=se_e[ok], baseline=frame.loc[ok, "baseline"],
                                      se_baseline=se_b[ok], anchor="score")
        cols = ["ceg", "ceg_low", "ceg_high", "ceg_extrapolated"]
        out.loc[ok, cols] = ceg[cols].to_numpy()
        out.loc[ok, "ceg_kind"] = ceg["kind"].to_numpy()
    for c in ("ceg", "ceg_low", "ceg_high", "ceg_extrapolated"):
        out[c] = out[c].astype("float64")
    return out


@cache
def _baselines() -> pd.DataFrame:
    wide = data.load_obsscaling(table="post_training", wide=True)
    base = data.load_obsscaling(table="base", wide=True).set_index("model")
    fit = wide[["model", GSM8K_BASELINE]].dropna()
    fit = pd.DataFrame({
        "model": fit["model"].to_numpy(), "family": fit["model"].map(base["model_family"]).to_numpy(),
        "log10_compute": np.log10(fit["model"].map(base["flops_1e21"]).to_numpy() * 1e21),
        "score": fit[GSM8K_BASELINE].to_numpy()}).dropna()
    return fit[fit["family"].map(fit["family"].value_counts()) >= 2].reset_index(drop=True)


def prompting_baselines() -> pd.DataFrame:
    """The un-enhanced GSM8K scores the prompting CEGs are read against.

    Returns
    -------
    pandas.DataFrame
        One row per base model with a 5-shot GSM8K score in the post-training table, a
        known compute and at least one other such model in its family: ``model``,
        ``family``, ``log10_compute`` (log10 FLOPs), ``score`` (fraction). Pass the last
        three to :func:`family_fits` to get the lines.

    Examples
    --------
    >>> b = prompting_baselines()  # doctest: +SKIP
    >>> fits = family_fits(b["log10_compute"], b["score"], b["family"])  # doctest: +SKIP
    """
    return _baselines().copy()


@cache
def _prompting() -> pd.DataFrame:
    wide = data.load_obsscaling(table="post_training", wide=True)
    base = data.load_obsscaling(table="base", wide=True).set_index("model")
    parts = []
    for label, column in GSM8K_TECHNIQUES.items():
        sub = wide[["model", GSM8K_BASELINE, column]].dropna()
        change = score_change(sub[GSM8K_BASELINE].to_numpy(), sub[column].to_numpy(), n_items=GSM8K_ITEMS)
        change.insert(0, "technique", label)
        change.insert(0, "model", sub["model"].to_numpy())
        parts.append(change)
    frame = pd.concat(parts, ignore_index=True)
    frame["family"] = frame["model"].map(base["model_family"])
    frame["log10_compute"] = np.log10(frame["model"].map(base["flops_1e21"]) * 1e21)
    fit = _baselines()
    out = _with_ceg(frame, fit["log10_compute"], fit["score"], fit["family"], n_items=GSM8K_ITEMS)
    out["log_odds_change"] = log_odds_change(out["baseline"], out["elicited"])
    return out.assign(source="Ruan et al. 2024", kind="prompting", benchmark="GSM8K")


def prompting_gaps() -> pd.DataFrame:
    """GSM8K score changes from three prompting techniques, per base model, with CEGs.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`elicitation_gaps` (``kind == "prompting"``), one row per
        model and technique with both scores present. Standard errors are binomial on 500
        problems with the two runs treated as independent (conservative).

    Examples
    --------
    >>> sorted(prompting_gaps()["technique"].unique())[0]  # doctest: +SKIP
    '8-shot chain of thought'
    """
    return _prompting()[_COLUMNS].copy()


@cache
def _post_training() -> pd.DataFrame:
    inst = data.load_obsscaling(table="instruct", wide=True).set_index("model")
    base = data.load_obsscaling(table="base", wide=True).set_index("model")
    pairs = pd.Series(POST_TRAINING_BASES)
    missing = sorted(set(pairs.index) - set(inst.index)) + sorted(set(pairs) - set(base.index))
    if missing:
        raise data.DataError(f"obsscaling: model(s) {missing} of POST_TRAINING_BASES are not in the tables")
    parts = []
    for bench, (base_col, items) in BENCHMARK_ITEMS.items():
        b = base.loc[pairs.to_numpy(), base_col].to_numpy()
        e = inst.loc[pairs.index, bench].to_numpy()
        ok = ~(np.isnan(b) | np.isnan(e))
        change = score_change(b[ok], e[ok], n_items=items)
        change.insert(0, "technique", "instruction tuning")
        change.insert(0, "model", pairs.index[ok])
        change["base_model"] = pairs.to_numpy()[ok]
        change["benchmark"] = bench
        fit = base[[base_col, "model_family", "flops_1e21"]].dropna()
        change["family"] = base.loc[change["base_model"], "model_family"].to_numpy()
        change["log10_compute"] = np.log10(base.loc[change["base_model"], "flops_1e21"].to_numpy() * 1e21)
        parts.append(_with_ceg(change, np.log10(fit["flops_1e21"] * 1e21), fit[base_col],
                               fit["model_family"], n_items=items))
    out = pd.concat(parts, ignore_index=True)
    out["log_odds_change"] = log_odds_change(out["baseline"], out["elicited"])
    return out.assign(source="Ruan et al. 2024", kind="post-training")


def post_training_gaps() -> pd.DataFrame:
    """Score changes from instruction tuning: each chat model against its own base model.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`elicitation_gaps` (``kind == "post-training"``) on MMLU,
        ARC-C, HellaSwag, Winogrande, TruthfulQA, GSM8K and HumanEval, with CEGs from
        the base family's line on the same benchmark. Binomial standard errors on each
        benchmark's test size (``BENCHMARK_ITEMS``), runs treated as independent.

    Examples
    --------
    >>> set(post_training_gaps()["technique"])  # doctest: +SKIP
    {'instruction tuning'}
    """
    return _post_training()[_COLUMNS].copy()


@cache
def _effort() -> pd.DataFrame:
    runs = data.load_epoch_benchmarks(table="runs")
    runs["stderr"] = runs["stderr"].clip(lower=_EPOCH_SE_FLOOR)
    out = effort_changes(runs, pairs="extremes")
    out = out.rename(columns={"model_version": "model", "task": "benchmark"})
    out["technique"] = "reasoning effort " + out["from_effort"] + " → " + out["to_effort"]
    out["log_odds_change"] = log_odds_change(out["baseline"], out["elicited"])
    return out.assign(source="Epoch AI", kind="reasoning effort", family=None, ceg=np.nan,
                      ceg_kind="undefined", ceg_low=np.nan, ceg_high=np.nan, ceg_extrapolated=np.nan)


def effort_gaps() -> pd.DataFrame:
    """Score changes from the lowest to the highest reasoning effort Epoch ran, per model and task.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`elicitation_gaps` (``kind == "reasoning effort"``); the
        standard errors are Epoch's, combined as independent (the runs share items, so
        this is conservative); Epoch prints them to two decimals, and a printed 0.00
        (scores at 0 or near 1) is read as 0.005, the largest value that rounds to it.
        No CEG: the models' compute is not public.

    Examples
    --------
    >>> effort_gaps()["kind"].unique().tolist()  # doctest: +SKIP
    ['reasoning effort']
    """
    return _effort()[_COLUMNS].copy()


def elicitation_gaps() -> pd.DataFrame:
    """Every elicitation gap the book measures, one row per model, benchmark and technique.

    Returns
    -------
    pandas.DataFrame
        ``source`` (the data's authors), ``kind`` (``"prompting"``, ``"post-training"``,
        ``"reasoning effort"``), ``benchmark``, ``model``, ``family`` (None when not
        known), ``technique``, ``baseline`` and ``elicited`` (scores as fractions),
        ``change`` (elicited minus baseline), ``se``, ``ci_low``, ``ci_high`` (95%
        normal interval of the change), ``log_odds_change``, ``ceg`` (compute-equivalent
        gain, or a bound: see ``ceg_kind``, one of ``CEG_KINDS``),
        ``ceg_low``, ``ceg_high`` (95% interval of an estimate), ``ceg_extrapolated``
        (the family line's inversion even outside its range: an assumption, not data).

    Notes
    -----
    Chapter 14 builds this table; other chapters (what passing an evaluation tells you)
    read the distribution of ``change`` or ``log_odds_change`` from it as the spread of
    "how much more use elicits than the evaluation measured". The three kinds differ in
    models, benchmarks and era: pool them only with that in mind.

    Examples
    --------
    >>> table = elicitation_gaps()  # doctest: +SKIP
    >>> table.groupby("kind")["change"].median()  # doctest: +SKIP
    """
    return pd.concat([_prompting()[_COLUMNS], _post_training()[_COLUMNS], _effort()[_COLUMNS]],
                     ignore_index=True)
