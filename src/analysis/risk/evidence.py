"""What passing or failing an evaluation says about a capability: Bayes' rule for a test.

An evaluation for a dangerous capability is read here as a diagnostic test. The model either
*has* the capability (probability ``prior`` before the evaluation) or not. The evaluation
either **flags** it (the model shows the capability: it "fails" the dangerous-capability
evaluation) or the model **passes** (the evaluation sees nothing). Two error rates describe
the evaluation:

* ``sensitivity`` = P(flag | capability present). Imperfect elicitation lowers it: a model
  whose capability shows only under stronger prompting or scaffolding than the evaluation
  used passes although the capability is there.
* ``false_alarm`` = P(flag | capability absent), one minus the specificity.

Bayes' rule gives the probability of the capability after each outcome
(:func:`posterior_after`); the likelihood ratios (:func:`likelihood_ratios`) say how far each
outcome moves the odds whatever the prior. :func:`sensitivity_needed` inverts the rule: how
sensitive must an evaluation be for a pass to bring the probability down to a target?

The sensitivity of a threshold evaluation can be estimated from real scores of the same
models under weak and strong elicitation (:func:`threshold_detection`, with a model- or
family-level bootstrap in :func:`bootstrap_detection`), or from the distribution of
elicitation gaps alone (:func:`gap_sensitivity`).

All probabilities are fractions in [0, 1]; every function broadcasts over arrays, and aligns
pandas Series that carry labels (e.g. one prior and one sensitivity per model) by label.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..stats._checks import check_confidence, check_rng, check_whole
from ..stats._validation import align_by_label

__all__ = [
    "posterior_after",
    "likelihood_ratios",
    "sensitivity_needed",
    "threshold_detection",
    "bootstrap_detection",
    "gap_sensitivity",
]

_OUTCOMES = ("pass", "flag")


def _probability(value: Any, name: str) -> np.ndarray:
    """Float array of ``value`` checked to be probabilities in [0, 1] (no NaN)."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a probability (a number in [0, 1]); got {value!r}")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a probability (a number in [0, 1]); got {value!r}") from None
    if np.isnan(array).any():
        raise ValueError(f"{name} must not contain NaN; got {value!r}. Drop or fill the missing "
                         "values first.")
    bad = (array < 0) | (array > 1)
    if bad.any():
        hint = ""
        if (np.abs(array) <= 100).all() and (array > 1).any() and (array >= 0).all():
            hint = " It looks like percentages: divide by 100."
        raise ValueError(f"{name} must be a probability in [0, 1]; got {array[bad][:3].tolist()}"
                         f" among the values.{hint}")
    return array


def _out(array: np.ndarray) -> float | np.ndarray:
    return float(array) if array.ndim == 0 else array


def _outcome(outcome: Any) -> str:
    if outcome in _OUTCOMES:
        return outcome
    hint = ""
    if isinstance(outcome, str) and outcome.lower() in ("fail", "failed", "positive", "detect"):
        hint = (" Use 'flag' for an evaluation that shows the capability (a model that 'fails' "
                "a dangerous-capability evaluation) and 'pass' for one that shows nothing.")
    raise ValueError(f"outcome must be 'pass' or 'flag'; got {outcome!r}.{hint}")


def posterior_after(prior: Any, sensitivity: Any, false_alarm: Any,
                    outcome: str = "pass") -> float | np.ndarray:
    """Probability that the capability is present after the evaluation's outcome.

    Bayes' rule with ``p`` = prior, ``s`` = sensitivity, ``f`` = false-alarm rate::

        P(present | flag) = s p / (s p + f (1 - p))
        P(present | pass) = (1 - s) p / ((1 - s) p + (1 - f) (1 - p))

    Parameters
    ----------
    prior
        P(capability present) before the evaluation, in [0, 1].
    sensitivity
        P(flag | present), in [0, 1]: bounded by how well the evaluation elicits the
        capability.
    false_alarm
        P(flag | absent), in [0, 1] (one minus the specificity).
    outcome
        ``"flag"`` (the evaluation shows the capability; the model "fails" a
        dangerous-capability evaluation) or ``"pass"`` (it shows nothing).

    Returns
    -------
    float or numpy.ndarray
        The posterior probability, broadcast over the three arguments (a float when all
        are scalars).

    Notes
    -----
    A prior of 0 or 1 is dogmatic: no outcome moves it, and the posterior equals the prior.
    An outcome that has probability zero under the inputs (a pass when ``prior = 1`` and
    ``sensitivity = 1``; a flag when ``sensitivity = false_alarm = 0``) gives NaN: Bayes'
    rule does not say what to believe after an event one held impossible.

    Examples
    --------
    The mammography problem of Gigerenzer & Hoffrage (1995): prevalence 1%, sensitivity
    80%, false-positive rate 9.6%. A positive test ("flag") gives 7.8%:

    >>> round(posterior_after(0.01, 0.8, 0.096, outcome="flag"), 3)
    0.078
    >>> round(posterior_after(0.01, 0.8, 0.096, outcome="pass"), 4)
    0.0022
    """
    outcome = _outcome(outcome)
    prior, sensitivity, false_alarm = align_by_label(
        {"prior": prior, "sensitivity": sensitivity, "false_alarm": false_alarm}).values()
    p = _probability(prior, "prior")
    s = _probability(sensitivity, "sensitivity")
    f = _probability(false_alarm, "false_alarm")
    if outcome == "flag":
        present, absent = s * p, f * (1 - p)
    else:
        present, absent = (1 - s) * p, (1 - f) * (1 - p)
    total = present + absent
    with np.errstate(invalid="ignore", divide="ignore"):
        post = np.where(total > 0, present / np.where(total > 0, total, 1.0), np.nan)
    return _out(np.asarray(post, dtype=np.float64))


def likelihood_ratios(sensitivity: Any, false_alarm: Any) -> tuple[float | np.ndarray,
                                                                    float | np.ndarray]:
    """Likelihood ratios of a flag and of a pass: how far each outcome moves the odds.

    ``LR_flag = s / f`` and ``LR_pass = (1 - s) / (1 - f)``; posterior odds = prior odds x
    LR, whatever the prior. A flag is strong evidence *for* the capability when the
    false-alarm rate is small (``LR_flag`` large); a pass is strong evidence *against* it
    only when the sensitivity is close to 1 (``LR_pass`` close to 0).

    Parameters
    ----------
    sensitivity, false_alarm
        Probabilities in [0, 1], broadcast against each other.

    Returns
    -------
    lr_flag : float or numpy.ndarray
        ``s / f``.
    lr_pass : float or numpy.ndarray
        ``(1 - s) / (1 - f)``.

        Both are ``inf`` where the denominator is 0 and the numerator is not (a flag with
        no false alarms proves the capability), and NaN where both are 0 (the outcome is
        impossible).

    Examples
    --------
    >>> lr_flag, lr_pass = likelihood_ratios(0.5, 0.05)
    >>> round(lr_flag, 6), round(lr_pass, 4)
    (10.0, 0.5263)
    """
    sensitivity, false_alarm = align_by_label(
        {"sensitivity": sensitivity, "false_alarm": false_alarm}).values()
    s = _probability(sensitivity, "sensitivity")
    f = _probability(false_alarm, "false_alarm")
    with np.errstate(invalid="ignore", divide="ignore"):
        lr_flag = np.true_divide(s, f)
        lr_pass = np.true_divide(1 - s, 1 - f)
    return _out(np.asarray(lr_flag)), _out(np.asarray(lr_pass))


def sensitivity_needed(prior: Any, target: Any, false_alarm: Any = 0.0) -> float | np.ndarray:
    """The smallest sensitivity for which a pass brings P(present) down to ``target``.

    From ``P(present | pass) <= target``: the pass's likelihood ratio must be at most
    ``K = odds(target) / odds(prior)``, so ``s >= 1 - K (1 - f)``, cut at 0 (no
    sensitivity is needed when ``target >= prior`` and ``f <= s``).

    Parameters
    ----------
    prior
        P(present) before the evaluation, in [0, 1].
    target
        The probability a pass should leave, in [0, 1].
    false_alarm
        P(flag | absent), in [0, 1]; default 0.

    Returns
    -------
    float or numpy.ndarray
        Sensitivity in [0, 1]. It is 1 for ``target = 0`` (only a perfect evaluation makes a
        pass conclusive) and 0 for ``prior = 0``. For ``prior = 1`` and ``target < 1`` it is
        1: a dogmatic prior moves only if a pass is impossible.

    Examples
    --------
    With a prior of 50% and no false alarms, a pass leaves 10% only if the evaluation
    catches at least 8 in 9 models that have the capability:

    >>> round(sensitivity_needed(0.5, 0.1), 4)
    0.8889
    """
    prior, target, false_alarm = align_by_label(
        {"prior": prior, "target": target, "false_alarm": false_alarm}).values()
    p = _probability(prior, "prior")
    q = _probability(target, "target")
    f = _probability(false_alarm, "false_alarm")
    with np.errstate(invalid="ignore", divide="ignore"):
        k = (q * (1 - p)) / ((1 - q) * p)
        need = 1 - k * (1 - f)
    need = np.where(p == 0, 0.0, need)
    need = np.where((q == 1) & (p > 0), 0.0, need)
    need = np.where((q == 0) & (p > 0), 1.0, need)
    return _out(np.clip(np.asarray(need, dtype=np.float64), 0.0, 1.0))


def _pairs(measured: Any, deployed: Any) -> tuple[np.ndarray, np.ndarray]:
    measured, deployed = align_by_label({"measured": measured, "deployed": deployed}).values()
    m = _probability(measured, "measured")
    d = _probability(deployed, "deployed")
    if m.ndim != 1 or d.ndim != 1 or m.shape != d.shape:
        raise ValueError("measured and deployed must be 1-D arrays of the same length (one "
                         f"score per model); got shapes {m.shape} and {d.shape}")
    if m.size == 0:
        raise ValueError("measured and deployed are empty: pass one score per model")
    return m, d


def _thresholds(threshold: Any) -> np.ndarray:
    t = _probability(threshold, "threshold")
    if t.ndim > 1:
        raise ValueError(f"threshold must be a number or a 1-D array; got shape {t.shape}")
    return np.atleast_1d(t)


def _rates(weights: np.ndarray, flagged: np.ndarray, present: np.ndarray) -> dict[str, np.ndarray]:
    """Weighted counts (weights: (..., n); indicators: (n, T)) and the two rates."""
    n_present = weights @ present
    n_absent = weights @ (1.0 - present)
    hits = weights @ (flagged * present)
    alarms = weights @ (flagged * (1.0 - present))
    with np.errstate(invalid="ignore", divide="ignore"):
        return {"n_present": n_present, "n_detected": hits,
                "sensitivity": np.where(n_present > 0, hits / n_present, np.nan),
                "n_absent": n_absent, "n_false_alarm": alarms,
                "false_alarm": np.where(n_absent > 0, alarms / n_absent, np.nan)}


def threshold_detection(measured: Any, deployed: Any, threshold: Any) -> pd.DataFrame:
    """Empirical sensitivity and false-alarm rate of a threshold evaluation.

    The evaluation flags a model when its ``measured`` score (under the evaluation's
    elicitation) reaches ``threshold``; the capability is *present* when its ``deployed``
    score (under the strongest elicitation available) reaches the same threshold.

    Parameters
    ----------
    measured, deployed
        One score per model, fractions in [0, 1], same length, no NaN (drop models that
        lack either score). Two Series with model labels are aligned by label (the same
        models in any order); arrays are matched by position.
    threshold
        One threshold or a 1-D array of thresholds, fractions in [0, 1].

    Returns
    -------
    pandas.DataFrame
        One row per threshold: ``threshold``, ``n_present`` (models whose deployed score
        reaches it), ``n_detected`` (of those, flagged), ``sensitivity`` (NaN when
        ``n_present = 0``), ``n_absent``, ``n_false_alarm`` (flagged although the deployed
        score is below) and ``false_alarm`` (NaN when ``n_absent = 0``).

    Notes
    -----
    If ``deployed`` is the maximum over elicitation methods that include the measured one,
    ``deployed >= measured`` and there are no false alarms by construction: false alarms
    then come only from what this model leaves out (noise, a badly set threshold, a
    capability proxy that does not track the real one).

    Examples
    --------
    >>> out = threshold_detection([0.2, 0.6, 0.3, 0.9], [0.7, 0.8, 0.4, 0.9], 0.5)
    >>> out[["n_present", "n_detected", "sensitivity"]].iloc[0].tolist()
    [3.0, 2.0, 0.6666666666666666]
    """
    m, d = _pairs(measured, deployed)
    t = _thresholds(threshold)
    flagged = (m[:, None] >= t).astype(np.float64)
    present = (d[:, None] >= t).astype(np.float64)
    rates = _rates(np.ones(m.size), flagged, present)
    return pd.DataFrame({"threshold": t, **rates})


def _cluster_codes(clusters: Any, n: int) -> tuple[np.ndarray, int]:
    if clusters is None:
        return np.arange(n), n
    values = pd.Series(np.asarray(clusters, dtype=object).ravel())
    if values.size != n:
        raise ValueError(f"clusters must give one label per model ({n}); got {values.size}")
    if values.isna().any():
        raise ValueError("clusters must not contain missing labels; give every model a "
                         "cluster (its own name if it has no family)")
    codes, uniques = pd.factorize(values)
    if uniques.size < 2:
        raise ValueError("clusters must hold at least 2 distinct labels to resample")
    return codes, uniques.size


def bootstrap_detection(measured: Any, deployed: Any, threshold: Any, *,
                        rng: np.random.Generator, clusters: Any = None, n_boot: int = 2000,
                        confidence: float = 0.95) -> pd.DataFrame:
    """:func:`threshold_detection` with percentile bootstrap intervals over models.

    Models (or, with ``clusters``, whole clusters such as model families) are resampled
    with replacement ``n_boot`` times; each replicate's rates are recomputed at every
    threshold, and the interval is the ``(1 - confidence) / 2`` and ``(1 + confidence) / 2``
    quantiles of the replicates in which the rate is defined.

    Parameters
    ----------
    measured, deployed, threshold
        As in :func:`threshold_detection`.
    rng
        An explicit :class:`numpy.random.Generator`.
    clusters
        Optional label per model; whole clusters are resampled (models of one family share
        data and recipes, so they are not independent). A Series indexed by model is
        aligned on the models' labels when the scores are labelled Series too.
    n_boot
        Number of bootstrap replicates.
    confidence
        Level of the percentile interval.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`threshold_detection` plus ``sensitivity_low``,
        ``sensitivity_high``, ``false_alarm_low``, ``false_alarm_high`` and
        ``n_boot_defined`` (replicates with at least one model above the threshold).

    Notes
    -----
    A percentile bootstrap with a few dozen models or families is rough: its intervals
    undercover when the sensitivity is near 0 or 1, and a replicate with no model above
    the threshold has no sensitivity (it is left out, which biases the interval towards
    thresholds that many models reach).

    Examples
    --------
    >>> import numpy as np
    >>> out = bootstrap_detection([0.2, 0.6, 0.3, 0.9, 0.55], [0.7, 0.8, 0.4, 0.9, 0.6], 0.5,
    ...                           rng=np.random.default_rng(0), n_boot=200)
    >>> bool(out["sensitivity_low"].iloc[0] <= out["sensitivity"].iloc[0])
    True
    """
    measured, deployed, clusters = align_by_label(
        {"measured": measured, "deployed": deployed, "clusters": clusters}).values()
    m, d = _pairs(measured, deployed)
    t = _thresholds(threshold)
    rng = check_rng(rng)
    n_boot = int(check_whole(n_boot, "n_boot", minimum=1))
    confidence = check_confidence(confidence)
    codes, n_clusters = _cluster_codes(clusters, m.size)
    flagged = (m[:, None] >= t).astype(np.float64)
    present = (d[:, None] >= t).astype(np.float64)
    out = pd.DataFrame({"threshold": t, **_rates(np.ones(m.size), flagged, present)})
    draws = rng.integers(0, n_clusters, size=(n_boot, n_clusters))
    counts = np.zeros((n_boot, n_clusters))
    np.add.at(counts, (np.arange(n_boot)[:, None], draws), 1.0)
    reps = _rates(counts[:, codes], flagged, present)
    lo, hi = (1 - confidence) / 2, (1 + confidence) / 2
    for name in ("sensitivity", "false_alarm"):
        values = reps[name]
        defined = ~np.isnan(values).all(axis=0)
        q = np.full((2, t.size), np.nan)
        if defined.any():
            q[:, defined] = np.nanquantile(values[:, defined], [lo, hi], axis=0)
        out[f"{name}_low"], out[f"{name}_high"] = q[0], q[1]
    out["n_boot_defined"] = (~np.isnan(reps["sensitivity"])).sum(axis=0)
    return out


def gap_sensitivity(margin: Any, gaps: Any) -> float | np.ndarray:
    """Sensitivity of a threshold evaluation for a model ``margin`` above the threshold,
    when the elicitation gap is drawn from ``gaps``.

    Deployed capability = measured capability + gap. A model whose deployed score lies
    ``margin`` above the threshold is flagged when ``measured = deployed - gap`` still
    reaches the threshold, that is when ``gap <= margin``. With the gaps' empirical
    distribution, the sensitivity is the share of observed gaps at most ``margin``.

    Parameters
    ----------
    margin
        Deployed score minus threshold, in score units (e.g. 0.1 = ten percentage points);
        any real numbers, broadcast.
    gaps
        Observed elicitation gaps (strong minus weak score of the same model), 1-D,
        finite, in the same units. Negative gaps (weak elicitation scoring higher) are
        allowed.

    Returns
    -------
    float or numpy.ndarray
        P(gap <= margin) under the empirical distribution of ``gaps``.

    Notes
    -----
    The model assumes the gap does not depend on the model's level. Real gaps do (weak
    models gain little from any prompting), so use gaps from models near the threshold.

    Examples
    --------
    >>> gap_sensitivity([0.0, 0.1, 0.3], [0.05, 0.1, 0.2, 0.4])
    array([0.  , 0.5 , 0.75])
    """
    try:
        g = np.asarray(gaps, dtype=np.float64)
        x = np.asarray(margin, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError("margin and gaps must be numeric") from None
    if g.ndim != 1 or g.size == 0:
        raise ValueError(f"gaps must be a non-empty 1-D array; got shape {g.shape}")
    if not np.isfinite(g).all():
        raise ValueError("gaps must be finite (no NaN or inf): drop models that lack a score")
    if np.isnan(x).any():
        raise ValueError("margin must not contain NaN")
    share = np.searchsorted(np.sort(g), x, side="right") / g.size
    return _out(np.asarray(share, dtype=np.float64))
