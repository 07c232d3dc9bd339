"""Signal, noise, signal-to-noise ratio and decision accuracy (Heineman et al. 2025).

Definitions from Heineman et al., *Signal and Noise* (arXiv:2508.13144, 2025), as
implemented in the authors' ``snr/metrics.py`` (allenai/signal-and-noise) and summarised in
the project's ``reference/papers.md`` section 6:

* **signal** ``= max_{j,k} |m_j - m_k| / mean(m)`` over the scores ``m`` of several models
  at one scale (the relative dispersion of the models);
* **noise** ``= std(s) / mean(s)`` (``np.std``, ddof 0) over one training run's final
  checkpoints ``s`` (the last 30 checkpoints for models of 1B parameters or more, the last
  5 per data mix for the small DataDecide models);
* **SNR** ``= signal / noise``;
* **decision accuracy** ``= mean over pairs i < j of 1[(s_i > s_j) == (t_i > t_j)]``, the
  share of model pairs ordered the same at a small scale (``s``) as at the target scale
  (``t``; in the paper 1B parameters, step 69369).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from ._ranks import align_pair, as_ranking

__all__ = ["signal", "noise", "signal_to_noise_ratio", "decision_accuracy"]


def _positive_scores(values: Any, *, name: str, min_size: int) -> np.ndarray:
    if isinstance(values, pd.DataFrame | pd.Series):
        values = values.to_numpy()
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric scores") from None
    if array.ndim not in (1, 2):
        raise ValueError(f"{name} must be 1-D or 2-D; got shape {array.shape}")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains {int(np.isnan(array).sum())} NaN value(s); drop "
                         "unevaluated models or checkpoints first")
    if np.isinf(array).any():
        raise ValueError(f"{name} contains infinite values")
    if array.size < min_size:
        raise ValueError(f"{name} needs at least {min_size} scores; got {array.size}")
    if array.mean() <= 0:
        raise ValueError(
            f"{name} has mean {array.mean():g}; signal and noise are relative to the mean score "
            "and need positive scores (use accuracy, or bits-per-byte rather than a negative "
            "log-likelihood)"
        )
    return array


def signal(scores: Any) -> float:
    """Signal: the spread of several models' scores relative to their mean (Heineman et al.
    2025).

    ``signal = max_{j,k} |m_j - m_k| / mean(m) = (max(m) - min(m)) / mean(m)``.

    Parameters
    ----------
    scores
        One score per model, all at one scale (a Series, array or list; in the paper each
        model's mean over its final checkpoints). Any positive unit: the ratio does not
        depend on it (accuracy as a fraction or in percent gives the same signal).

    Returns
    -------
    float
        Dimensionless signal.

    Notes
    -----
    The maximum pairwise gap grows with the number of models, so compare signals computed
    over the same number of models.

    Examples
    --------
    >>> round(signal([0.40, 0.50, 0.60]), 12)
    0.4
    """
    m = _positive_scores(scores, name="scores", min_size=2)
    return float((m.max() - m.min()) / m.mean())


def _last(values: np.ndarray, last: int | None) -> np.ndarray:
    if last is None:
        return values
    if isinstance(last, bool) or not isinstance(last, int | np.integer) or last < 2:
        raise ValueError(f"last must be a whole number of checkpoints >= 2; got {last!r}")
    if values.shape[-1] < last:
        raise ValueError(f"last={last} checkpoints requested but only {values.shape[-1]} given")
    return values[..., -last:]


def noise(checkpoint_scores: Any, *, last: int | None = None) -> float:
    """Noise: the standard deviation of scores over a run's final checkpoints, relative to
    their mean (Heineman et al. 2025).

    ``noise = std(s) / mean(s)``, with the population standard deviation (``np.std``,
    ddof 0) over all the scores given.

    Parameters
    ----------
    checkpoint_scores
        1-D: one run's scores at consecutive checkpoints, in training order. 2-D (runs x
        checkpoints): pooled over all values, as the authors' small-scale SNR does for the
        last 5 checkpoints of each data mix (this then includes the spread between runs).
    last
        Use only the last ``last`` checkpoints of each run (the paper: 30 for models of 1B
        parameters or more, 5 for the small DataDecide models). Default: all.

    Returns
    -------
    float
        Dimensionless noise (a coefficient of variation).

    Examples
    --------
    >>> round(noise([0.50, 0.52, 0.48, 0.50]), 6)
    0.028284
    """
    s = _last(_positive_scores(checkpoint_scores, name="checkpoint_scores", min_size=2), last)
    return float(s.std() / s.mean())


def signal_to_noise_ratio(signal_scores: Any, noise_scores: Any, *, last: int | None = None) -> float:
    """Signal-to-noise ratio of a benchmark (Heineman et al. 2025): ``signal / noise``.

    Parameters
    ----------
    signal_scores
        One score per model at one scale (see :func:`signal`).
    noise_scores
        Final-checkpoint scores of one run (or runs x checkpoints; see :func:`noise`).
    last
        Use only the last ``last`` checkpoints for the noise.

    Returns
    -------
    float
        The SNR (dimensionless); higher means the benchmark separates models by more than
        a run fluctuates between checkpoints.

    Notes
    -----
    Identical to the authors' ``signal_to_noise_ratio`` (tested). The paper reports that
    higher SNR goes with higher decision accuracy; the public data do not let us verify
    the reported correlation (papers.md, section 6: contested).

    Examples
    --------
    >>> round(signal_to_noise_ratio([0.40, 0.50, 0.60], [0.50, 0.52, 0.48, 0.50]), 3)
    14.142
    """
    noise_value = noise(noise_scores, last=last)
    if noise_value == 0:
        raise ValueError("the noise is 0 (all checkpoint scores equal): the SNR is infinite")
    return signal(signal_scores) / noise_value


def decision_accuracy(
    small: Any,
    target: Any,
    *,
    ties: Literal["reference", "half", "drop"] = "reference",
    missing: Literal["raise", "intersect"] = "raise",
) -> float:
    """Decision accuracy: the share of model pairs whose order at a small scale matches
    their order at the target scale (Heineman et al. 2025).

    ``decision_accuracy = mean over pairs i < j of 1[(s_i > s_j) == (t_i > t_j)]``.

    Parameters
    ----------
    small, target
        One score per model (e.g. per pretraining data mix) at the small scale and at the
        target scale: Series indexed by model (aligned by label) or plain sequences of
        equal length (matched by position). Higher is better in both.
    ties
        ``"reference"`` (default): the formula above exactly, as the authors compute it.
        A pair tied at one scale then counts as agreeing when ``t_i < t_j`` (both
        comparisons false) and disagreeing when ``t_i > t_j``, so the result depends on
        which model comes first; pairs are taken in sorted label order (the authors sort
        by model name) or input order for plain sequences. ``"half"``: a pair tied at
        exactly one scale counts 1/2, tied at both counts 1 (symmetric). ``"drop"``: pairs
        tied at either scale are left out. Without ties all three agree.
    missing
        ``"raise"`` (default): models present at one scale only are an error naming them;
        ``"intersect"``: use the models present at both.

    Returns
    -------
    float
        A fraction in [0, 1] (0.5 is chance for untied scores).

    Examples
    --------
    >>> small = pd.Series([0.30, 0.32, 0.35, 0.31], index=["mix_a", "mix_b", "mix_c", "mix_d"])
    >>> target = pd.Series([0.50, 0.55, 0.60, 0.56], index=["mix_a", "mix_b", "mix_c", "mix_d"])
    >>> decision_accuracy(small, target)
    0.8333333333333334
    """
    if ties not in ("reference", "half", "drop"):
        raise ValueError(f"ties must be 'reference', 'half' or 'drop'; got {ties!r}")
    sa = as_ranking(small, name="small", allow_nan=missing == "intersect")
    sb = as_ranking(target, name="target", allow_nan=missing == "intersect")
    s, t, labels = align_pair(sa, sb, names=("small", "target"), missing=missing)
    if len(s) < 2:
        raise ValueError(f"decision accuracy needs at least 2 shared models; got {len(s)}")
    if isinstance(small, pd.Series) or isinstance(target, pd.Series):
        try:
            order = np.argsort(np.asarray(labels), kind="stable")
        except TypeError:  # unorderable labels: keep the input order
            order = np.arange(len(s))
        s, t = s[order], t[order]
    i, j = np.triu_indices(len(s), k=1)
    if ties == "reference":
        return float(((s[i] > s[j]) == (t[i] > t[j])).mean())
    ds, dt = np.sign(s[i] - s[j]), np.sign(t[i] - t[j])
    if ties == "drop":
        keep = (ds != 0) & (dt != 0)
        if not keep.any():
            raise ValueError("every pair is tied at one of the scales: nothing left to compare")
        return float((ds[keep] == dt[keep]).mean())
    score = np.where((ds == 0) ^ (dt == 0), 0.5, (ds == dt).astype(np.float64))
    return float(score.mean())
