"""Re-collected benchmarks as a contamination test (Zhang et al. 2024, GSM1k).

A benchmark that has leaked into training data overstates a model's skill on the items it
saw. A *re-collected* test set, written afresh to match the original's difficulty, measures
the same skill on items no model can have seen; the difference between the two accuracies,
the *gap* ``acc_original - acc_new``, is then evidence of overfitting to the original.
Zhang et al. (2024) wrote GSM1k to mirror GSM8k and related each model's gap to how
likely the model finds GSM8k's text.

This module holds

* :func:`model_family`: a model's lineage from its name (ordered substring rules);
* :func:`gap_table`: per-model gaps with an interval under an *explicit* assumption about
  the unknown accuracies (the public data hold only the gap);
* :func:`gap_correlation`: Spearman's rho and rho squared between the gap and another
  per-model quantity (GSM8k log-likelihood), with a bootstrap over models;
* :func:`inflated_score` and :func:`simulate_contamination`: what contamination does to a
  score, to the gap on a fresh set and to the power to detect it (a simulation).

Accuracies and gaps are fractions (a gap of 0.05 is five percentage points); values that
look like percentages raise an error. Per-model inputs are Series indexed by model name.

Example
-------
>>> import pandas as pd
>>> from analysis.generalization import gap_table
>>> gaps = pd.Series({"a": 0.10, "b": 0.01})
>>> gap_table(gaps)["ci_low"].round(3).tolist()
[0.061, -0.029]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from ..ranking import rank_correlation
from ..stats._checks import check_confidence, check_fraction, check_rng, check_whole
from ..stats.power import power as _power

__all__ = [
    "GSM8K_TEST_SIZE",
    "GSM1K_SIZE",
    "FAMILY_RULES",
    "model_family",
    "gap_table",
    "gap_correlation",
    "inflated_score",
    "simulate_contamination",
]

#: Problems in the released GSM8k test split (Cobbe et al. 2021).
GSM8K_TEST_SIZE = 1319
#: Problems in GSM1k as the paper describes it (Zhang et al. 2024; 50 of them are public).
GSM1K_SIZE = 1250

#: Ordered (substring, family) rules: the first rule whose substring occurs in a model's
#: name gives its family. Fine-tunes go to the lineage of their base model (Xwin-Math,
#: OpenMath, Phind, llemma and vicuna to Llama; math-shepherd to Mistral). The substrings
#: follow the family keys of the authors' plotting script, merged into lineages.
FAMILY_RULES: tuple[tuple[str, str], ...] = (
    ("math-shepherd-mistral", "Mistral"),
    ("Mistral", "Mistral"),
    ("Mixtral", "Mistral"),
    ("Phi-3", "Phi"),
    ("phi-", "Phi"),
    ("Llama", "Llama"),
    ("llemma", "Llama"),
    ("Xwin-Math", "Llama"),
    ("vicuna", "Llama"),
    ("gemma", "Gemma"),
    ("Yi-", "Yi"),
    ("deepseek", "DeepSeek"),
)


def model_family(models: Sequence[str] | pd.Index,
                 rules: Sequence[tuple[str, str]] = FAMILY_RULES,
                 *, other: str = "other") -> pd.Series:
    """Each model's family by the first matching (case-sensitive) substring rule.

    Parameters
    ----------
    models
        Model names, e.g. ``"Mixtral-8x22B-v0.1"``.
    rules
        Ordered ``(substring, family)`` pairs; default :data:`FAMILY_RULES`.
    other
        Family of a model that no rule matches.

    Returns
    -------
    pandas.Series
        Family (str) indexed by model name.

    Notes
    -----
    A name says what a model was *called*, not what it was trained on: a rule table is a
    reading, and the chapter states it. Order matters (put specific substrings first).

    Examples
    --------
    >>> model_family(["Phi-3-mini-4k-instruct", "CodeLlama-7b-hf", "gpt2-xl"]).tolist()
    ['Phi', 'Llama', 'other']
    """
    if isinstance(models, str):
        raise TypeError("models must be a sequence of names, not one string; wrap it in a list")
    names = pd.Index(models, dtype=object)
    if not all(isinstance(m, str) for m in names):
        raise TypeError("model names must be strings")
    pairs = list(rules)
    if not all(len(p) == 2 for p in pairs):
        raise ValueError("rules must be (substring, family) pairs")
    family = pd.Series(other, index=names, dtype=object, name="family")
    assigned = np.zeros(len(names), dtype=bool)
    for substring, label in pairs:  # a handful of rules, vectorised over models
        hit = names.str.contains(substring, regex=False) & ~assigned
        family[hit] = label
        assigned |= hit
    family.index.name = "model"
    return family


def _per_model(values: Any, name: str, what: str) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name} must be a pandas Series indexed by model name ({what}); got "
                        f"{type(values).__name__}")
    if values.index.has_duplicates:
        dup = values.index[values.index.duplicated()][0]
        raise ValueError(f"{name}: model {dup!r} appears twice; keep one value per model")
    try:
        out = values.astype(np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numeric ({what})") from None
    if out.isna().any():
        raise ValueError(f"{name} is NaN for {out.index[out.isna()].tolist()[:5]}; drop those "
                         "models first (e.g. with .dropna())")
    return out


def _gaps(gap: Any) -> pd.Series:
    series = _per_model(gap, "gap", "accuracy on the original set minus on the new set, a "
                        "difference of fractions")
    check_fraction(series.to_numpy(), "gap", low=-1.0, high=1.0,
                   what="a difference of accuracies as fractions")
    return series


def _align(gap: pd.Series, other: pd.Series, join: str) -> pd.Index:
    if join not in ("exact", "inner"):
        raise ValueError(f"join must be 'exact' or 'inner'; got {join!r}")
    only_gap = gap.index.difference(other.index)
    only_other = other.index.difference(gap.index)
    if join == "exact" and (len(only_gap) or len(only_other)):
        raise ValueError(
            f"the two model lists differ: only in gap {only_gap.tolist()[:5]}, only in the "
            f"other input {only_other.tolist()[:5]}; pass join='inner' to use the "
            f"{len(gap.index.intersection(other.index))} shared models (and report the count)")
    return gap.index.intersection(other.index, sort=False).sort_values()


def gap_table(gap: pd.Series, *, n_original: int = GSM8K_TEST_SIZE, n_new: int = GSM1K_SIZE,
              accuracy_new: Any = None, confidence: float = 0.95) -> pd.DataFrame:
    """Per-model gaps with a normal interval under a stated assumption about accuracy.

    The standard error of a difference of two accuracies on *different* items is
    ``sqrt(p1 (1 - p1) / n_original + p2 (1 - p2) / n_new)``. It needs the accuracies
    themselves, which a table of gaps does not contain. With ``accuracy_new=None`` (the
    default) both are set to 0.5, where ``p (1 - p)`` is largest: the *worst-case* standard
    error, an upper bound whatever the models' real accuracies. With ``accuracy_new`` given
    (a fraction, or a Series by model), ``p2 = accuracy_new`` and ``p1 = p2 + gap``.

    Parameters
    ----------
    gap
        ``acc_original - acc_new`` per model (fractions), a Series indexed by model.
    n_original, n_new
        Items in each test set (default GSM8k's test split and GSM1k).
    accuracy_new
        Assumed accuracy on the new set; ``None`` for the worst case.
    confidence
        Coverage of the two-sided normal interval.

    Returns
    -------
    pandas.DataFrame
        Indexed by model, sorted by gap (largest first): ``gap``, ``se``, ``ci_low``,
        ``ci_high``, ``excludes_zero`` (bool), ``p_value`` (two-sided z-test of no gap
        with the same standard error; adjust it when testing many models, e.g. with
        :func:`analysis.stats.adjust_p_values`).

    Notes
    -----
    Assumes each test set is a random sample of problems from one distribution and each
    model is scored once (deterministic decoding); the interval covers item sampling
    only. It cannot tell contamination from a real difference between the two
    distributions, and it holds per model: across many models, some intervals exclude
    zero by chance.

    Examples
    --------
    >>> out = gap_table(pd.Series({"m": 0.05}), n_original=1000, n_new=1000)
    >>> round(float(out.loc["m", "se"]), 5)  # 0.5 * sqrt(2 / 1000)
    0.02236
    """
    g = _gaps(gap)
    n1 = float(check_whole(n_original, "n_original"))
    n2 = float(check_whole(n_new, "n_new"))
    level = check_confidence(confidence)
    if accuracy_new is None:
        p2 = np.full(len(g), 0.5)
        p1 = p2
    else:
        if isinstance(accuracy_new, pd.Series):
            accuracy_new = accuracy_new.reindex(g.index)
            if accuracy_new.isna().any():
                raise ValueError("accuracy_new lacks models "
                                 f"{g.index[accuracy_new.isna()].tolist()[:5]}")
        p2 = np.broadcast_to(check_fraction(accuracy_new, "accuracy_new",
                                            what="an accuracy as a fraction"), (len(g),))
        p1 = p2 + g.to_numpy()
        if ((p1 < 0) | (p1 > 1)).any():
            raise ValueError("accuracy_new + gap must lie in [0, 1] (it is the implied accuracy "
                             "on the original set); choose a smaller assumed accuracy")
    se = np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    z = sps.norm.ppf(0.5 + level / 2)
    out = pd.DataFrame({"gap": g.to_numpy(), "se": se, "ci_low": g.to_numpy() - z * se,
                        "ci_high": g.to_numpy() + z * se}, index=g.index)
    out["excludes_zero"] = (out["ci_low"] > 0) | (out["ci_high"] < 0)
    out["p_value"] = 2 * sps.norm.sf(np.abs(out["gap"].to_numpy()) / se)
    out.index.name = "model"
    return out.sort_values("gap", ascending=False, kind="stable")


def gap_correlation(gap: pd.Series, other: pd.Series, *, rng: np.random.Generator,
                    n_resamples: int = 2_000, confidence: float = 0.95,
                    join: str = "exact", loglik: bool = True) -> pd.Series:
    """Spearman's rho and rho squared between the gap and a per-model quantity, with a
    percentile bootstrap over models.

    Parameters
    ----------
    gap
        ``acc_original - acc_new`` per model (fractions), a Series indexed by model.
    other
        The quantity to correlate, a Series indexed by model: by default an average
        log-likelihood (``loglik=True``: must be at most 0).
    rng
        A seeded :class:`numpy.random.Generator` for the bootstrap.
    n_resamples, confidence
        Bootstrap replicates and coverage.
    join
        ``"exact"`` (default): the two Series must name the same models, or an error lists
        the differences. ``"inner"``: use the shared models (``n_models`` reports how many).
    loglik
        Check that ``other`` is a log-likelihood (``<= 0``); ``False`` for any other score.

    Returns
    -------
    pandas.Series
        ``rho`` (exactly ``scipy.stats.spearmanr``), ``rho_ci_low``, ``rho_ci_high``,
        ``rho2`` (``rho**2``), ``rho2_ci_low``, ``rho2_ci_high``, ``p_value`` (scipy's, for
        no association), ``n_models``.

    Notes
    -----
    The rho-squared interval is the percentile interval of the squared replicates, not the
    square of rho's endpoints (which would be wrong when rho's interval contains 0). The
    bootstrap treats the models as a sample from a population of models; repeated
    models become ties (mid-ranks). Rho squared is the share of rank variance that a
    linear relation of the ranks explains, not of the gaps themselves.

    Examples
    --------
    >>> g = pd.Series([0.01, 0.03, 0.02, 0.06, 0.05], index=list("abcde"))
    >>> ll = pd.Series([-0.9, -0.7, -0.8, -0.5, -0.6], index=list("abcde"))
    >>> round(float(gap_correlation(g, ll, rng=np.random.default_rng(0))["rho"]), 6)
    1.0
    """
    g = _gaps(gap)
    o = _per_model(other, "other", "one value per model")
    if loglik and (o > 0).any():
        raise ValueError("a log-likelihood is at most 0; got positive values for "
                         f"{o.index[o > 0].tolist()[:5]} (a loss or negative log-likelihood? "
                         "negate it), or pass loglik=False for another score")
    models = _align(g, o, join)
    if len(models) < 3:
        raise ValueError(f"a rank correlation needs at least 3 models in both inputs; got "
                         f"{len(models)}")
    res, reps = rank_correlation(g[models], o[models], method="spearman", ci="bootstrap",
                                 rng=check_rng(rng), n_resamples=n_resamples,
                                 confidence=check_confidence(confidence), return_replicates=True)
    alpha = 1 - confidence
    squared = reps[np.isfinite(reps)] ** 2
    low2, high2 = (np.quantile(squared, [alpha / 2, 1 - alpha / 2]) if len(squared) >= 2
                   else (np.nan, np.nan))
    rho = float(res["estimate"])
    return pd.Series({"rho": rho, "rho_ci_low": float(res["ci_low"]),
                      "rho_ci_high": float(res["ci_high"]), "rho2": rho ** 2,
                      "rho2_ci_low": float(low2), "rho2_ci_high": float(high2),
                      "p_value": float(res["p_value"]), "n_models": int(len(models))},
                     name="spearman")


def inflated_score(skill: Any, contaminated_share: Any, memorised_accuracy: Any = 1.0) -> Any:
    """Expected score on a contaminated test set: ``c m + (1 - c) p``.

    A share ``c`` of the items was seen in training and is answered correctly with
    probability ``m``; the rest at the model's true skill ``p``. The expected gap to a
    fresh set of the same difficulty is ``c (m - p)``. Inputs broadcast (fractions).

    Examples
    --------
    >>> round(inflated_score(0.6, 0.2, 1.0), 3)  # 0.2 * 1.0 + 0.8 * 0.6
    0.68
    """
    p = check_fraction(skill, "skill", what="an accuracy as a fraction")
    c = check_fraction(contaminated_share, "contaminated_share", what="a share of items")
    m = check_fraction(memorised_accuracy, "memorised_accuracy",
                       what="an accuracy as a fraction")
    out = c * m + (1 - c) * p
    return float(out) if out.ndim == 0 else out


def simulate_contamination(
    skill: Any, contaminated_share: Any, memorised_accuracy: Any = 1.0, *,
    rng: np.random.Generator, n_original: int = GSM8K_TEST_SIZE, n_new: int = GSM1K_SIZE,
    n_sims: int = 2_000, alpha: float = 0.05,
) -> pd.DataFrame:
    """Simulate a contaminated model on the original test set and on a fresh one.

    For every combination of the inputs (a grid): each of ``n_original`` original items
    is contaminated independently with probability ``c``; a contaminated item is answered
    correctly with probability ``m``, any other item (and every one of the ``n_new`` fresh
    items) with probability ``p``. Each replicate records both scores, their gap and
    whether a two-sided level-``alpha`` z-test of the gap (unpaired standard error from
    the observed accuracies) rejects "no gap".

    Parameters
    ----------
    skill, contaminated_share, memorised_accuracy
        ``p``, ``c`` and ``m`` (fractions); scalars or 1-D arrays, crossed into a grid.
    rng
        A seeded :class:`numpy.random.Generator`.
    n_original, n_new
        Items in the original and the fresh test set.
    n_sims
        Replicates per combination.
    alpha
        Level of the test.

    Returns
    -------
    pandas.DataFrame
        One row per combination: ``skill``, ``contaminated_share``, ``memorised_accuracy``,
        ``expected_score`` (:func:`inflated_score`), ``mean_score``, ``expected_gap``
        (``c (m - p)``), ``mean_gap``, ``sd_gap``, ``power`` (share of replicates that
        reject), ``power_normal`` (the normal approximation of
        :func:`analysis.stats.power` at the true accuracies; NaN when both are 0 or 1).

    Notes
    -----
    A simulation of a stylised model, not of any real one: real contamination varies by
    item, memorisation is partial, and a fresh set never matches the original's
    difficulty exactly (a difference in difficulty adds to the gap, which this model
    leaves out). Counts are drawn as binomials, so the cost does not grow with the
    number of items.

    Examples
    --------
    >>> out = simulate_contamination(0.6, [0.0, 0.2], rng=np.random.default_rng(0),
    ...                              n_sims=500)
    >>> out["expected_gap"].round(2).tolist()
    [0.0, 0.08]
    """
    rng = check_rng(rng)
    p = check_fraction(np.atleast_1d(skill), "skill", what="an accuracy as a fraction")
    c = check_fraction(np.atleast_1d(contaminated_share), "contaminated_share",
                       what="a share of items")
    m = check_fraction(np.atleast_1d(memorised_accuracy), "memorised_accuracy",
                       what="an accuracy as a fraction")
    if max(p.ndim, c.ndim, m.ndim) > 1:
        raise ValueError("skill, contaminated_share and memorised_accuracy must be scalars or "
                         "1-D arrays")
    n1 = int(check_whole(n_original, "n_original"))
    n2 = int(check_whole(n_new, "n_new"))
    sims = int(check_whole(n_sims, "n_sims", minimum=2))
    a = float(check_fraction(alpha, "alpha"))
    if not 0 < a < 1:
        raise ValueError(f"alpha must lie strictly between 0 and 1; got {alpha!r}")
    grid_p, grid_c, grid_m = (g.ravel() for g in np.meshgrid(p, c, m, indexing="ij"))
    k = len(grid_p)
    seen = rng.binomial(n1, grid_c[:, None], size=(k, sims))
    right = (rng.binomial(seen, grid_m[:, None]) + rng.binomial(n1 - seen, grid_p[:, None]))
    score = right / n1
    fresh = rng.binomial(n2, grid_p[:, None], size=(k, sims)) / n2
    diff = score - fresh
    se = np.sqrt(score * (1 - score) / n1 + fresh * (1 - fresh) / n2)
    z = sps.norm.ppf(1 - a / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        reject = np.abs(diff) > z * se
    reject &= se > 0
    expected = grid_c * grid_m + (1 - grid_c) * grid_p
    gap = grid_c * (grid_m - grid_p)
    omega2 = expected * (1 - expected) + grid_p * (1 - grid_p) * n1 / n2
    analytic = np.asarray(_power(n1, gap, np.where(omega2 > 0, omega2, 1.0), alpha=a,
                                 bounded=False), dtype=np.float64)
    analytic = np.where(omega2 > 0, analytic, np.nan)  # no variance: no normal approximation
    return pd.DataFrame({
        "skill": grid_p, "contaminated_share": grid_c, "memorised_accuracy": grid_m,
        "expected_score": expected, "mean_score": score.mean(axis=1), "expected_gap": gap,
        "mean_gap": diff.mean(axis=1), "sd_gap": diff.std(axis=1, ddof=1),
        "power": reject.mean(axis=1), "power_normal": analytic,
    })
