"""Why the gap appears: per-item difficulty and the easy/hard mixture model fitted to items.

Recht et al. (2018, 2019) explain the drop on a replication test set by *harder items*,
not by overfitting: if a test set is a mixture of easy and hard items and the new set has
fewer easy ones, every model loses accuracy and the line of new on original accuracy has
a slope above 1 (:func:`analysis.generalization.mixture_line`). With per-item results the
explanation can be tested:

* :func:`item_difficulty` and :func:`difficulty_distribution`: the share of models that
  get each item wrong, compared between test sets;
* :func:`fit_mixture`: maximum-likelihood estimates of the shares of easy items on the
  original (``p``) and new (``q``) sets, the error multiplier ``kappa`` of hard items and
  each model's accuracy on easy items, by EM, with a bootstrap over items; the line the
  fitted model implies can then be set against the observed line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar

from ..stats._checks import check_confidence, check_rng
from .mixture import mixture_line
from .replication import _as_matrix

__all__ = ["item_difficulty", "difficulty_distribution", "MixtureFit", "fit_mixture"]

_CLIP = 1e-9  # keeps log(0) out of the likelihood


def _check_matrix(scores: Any, name: str) -> pd.DataFrame:
    """:func:`replication._as_matrix` plus what a fit needs: 3 models, unique labels."""
    if isinstance(scores, pd.DataFrame) and (scores.shape[0] < 3 or scores.shape[1] < 1):
        raise ValueError(f"{name} needs at least 3 models (rows) and 1 item (column); got "
                         f"shape {scores.shape}. Is it transposed?")
    scores = _as_matrix(scores, name)
    if scores.index.has_duplicates:
        raise ValueError(f"{name} has duplicate model labels")
    return scores


def _same_models(matrices: dict[str, pd.DataFrame]) -> pd.Index:
    names = list(matrices)
    first = matrices[names[0]].index
    for name in names[1:]:
        other = matrices[name].index
        if set(other) != set(first):
            raise ValueError(
                f"{names[0]!r} and {name!r} do not hold the same models: "
                f"{list(first.difference(other)[:3])} only in {names[0]!r}, "
                f"{list(other.difference(first)[:3])} only in {name!r}; select the common "
                "models first (e.g. m.loc[common])")
    return first


def item_difficulty(scores: pd.DataFrame) -> pd.Series:
    """Share of models that get each item wrong: 0 = every model is right, 1 = none is.

    Parameters
    ----------
    scores
        Models x items DataFrame of 0/1 correctness (at least 3 models).

    Returns
    -------
    pandas.Series
        Indexed by item, named ``difficulty``: fractions in ``[0, 1]``.

    Notes
    -----
    The estimate depends on the zoo: with many weak models every item looks hard. Compare
    items across test sets only with the *same* models (:func:`difficulty_distribution`
    checks this). An IRT difficulty (:mod:`analysis.irt`) separates item from model
    ability; this share is its model-free counterpart.

    Examples
    --------
    >>> m = pd.DataFrame([[1, 0, 1], [1, 0, 0], [1, 1, 0]], index=list("abc"))
    >>> item_difficulty(m).round(3).tolist()
    [0.0, 0.667, 0.667]
    """
    scores = _check_matrix(scores, "scores")
    return (1 - scores.mean(axis=0)).rename("difficulty").astype(float)


def difficulty_distribution(matrices: dict[str, pd.DataFrame], *, bins: int = 10) -> pd.DataFrame:
    """Distribution of per-item difficulty on several test sets scored by the same models.

    Parameters
    ----------
    matrices
        Test-set name -> models x items 0/1 DataFrame; every matrix must hold the same models.
    bins
        Number of equal-width bins of difficulty in ``[0, 1]``.

    Returns
    -------
    pandas.DataFrame
        One row per test set and bin: ``test_set``, ``bin_low``, ``bin_high``, ``share``
        (fraction of the set's items in the bin; the last bin includes 1), plus per set
        ``mean_difficulty``, ``share_all_right`` (items every model gets right) and
        ``share_all_wrong`` (items no model gets right), repeated on each of its rows.

    Examples
    --------
    >>> a = pd.DataFrame([[1, 1], [1, 0], [1, 0]], index=list("xyz"))
    >>> b = pd.DataFrame([[0, 1], [0, 1], [0, 0]], index=list("xyz"))
    >>> d = difficulty_distribution({"old": a, "new": b}, bins=2)
    >>> d.groupby("test_set", sort=False)["mean_difficulty"].first().round(3).tolist()
    [0.333, 0.667]
    """
    if not isinstance(matrices, dict) or not matrices:
        raise TypeError("matrices must be a non-empty dict: test-set name -> models x items DataFrame")
    if int(bins) != bins or bins < 1:
        raise ValueError(f"bins must be a whole number >= 1, got {bins!r}")
    checked = {name: _check_matrix(m, f"matrices[{name!r}]") for name, m in matrices.items()}
    _same_models(checked)
    edges = np.linspace(0, 1, int(bins) + 1)
    rows = []
    for name, matrix in checked.items():
        diff = item_difficulty(matrix).to_numpy()
        counts, _ = np.histogram(diff, bins=edges)
        rows.append(pd.DataFrame({
            "test_set": name, "bin_low": edges[:-1], "bin_high": edges[1:],
            "share": counts / diff.size, "mean_difficulty": diff.mean(),
            "share_all_right": np.mean(diff == 0), "share_all_wrong": np.mean(diff == 1)}))
    return pd.concat(rows, ignore_index=True)


@dataclass(frozen=True)
class MixtureFit:
    """The easy/hard mixture model fitted to per-item results (see :func:`fit_mixture`).

    Attributes
    ----------
    p_easy_original, p_easy_new : float
        Shares of easy items on the original and the new test set (``p`` and ``q``).
    kappa : float
        Error multiplier of hard items (``>= 1``).
    easy_accuracy : pandas.Series
        Each model's accuracy ``a0`` on easy items (hard items: ``1 - kappa (1 - a0)``).
    slope, intercept : float
        The line new = intercept + slope * original that the fitted model implies
        (:func:`analysis.generalization.mixture_line`).
    log_likelihood : float
        Maximised log-likelihood (natural log) of all items.
    n_iter : int
        EM iterations; ``converged`` says whether the tolerance was met.
    intervals : pandas.DataFrame
        Percentile bootstrap intervals (rows ``p_easy_original``, ``p_easy_new``,
        ``kappa``, ``slope``, ``intercept``; columns ``estimate``, ``ci_low``,
        ``ci_high``); NaN bounds without a bootstrap.
    replicates : numpy.ndarray
        ``(n_boot, 5)``: p, q, kappa, slope, intercept of each bootstrap fit.
    """

    p_easy_original: float
    p_easy_new: float
    kappa: float
    easy_accuracy: pd.Series
    slope: float
    intercept: float
    log_likelihood: float
    n_iter: int
    converged: bool
    confidence: float
    intervals: pd.DataFrame
    replicates: np.ndarray = field(repr=False)

    def implied_accuracies(self) -> pd.DataFrame:
        """Each model's accuracy on the original and new set as the fitted model predicts it:
        ``w a0 + (1 - w)(1 - kappa (1 - a0))`` with ``w = p`` or ``q``."""
        a0 = self.easy_accuracy
        hard = 1 - self.kappa * (1 - a0)
        return pd.DataFrame({"original": self.p_easy_original * a0 + (1 - self.p_easy_original) * hard,
                             "new": self.p_easy_new * a0 + (1 - self.p_easy_new) * hard})


def _solve_easy_error(kappa: float, correct_easy: np.ndarray, wrong: np.ndarray,
                      correct_hard: np.ndarray, total: float) -> np.ndarray:
    """Per-model easy-item error ``e`` maximising the expected complete-data log-likelihood
    for a fixed ``kappa``: the root in ``(0, min(1, 1/kappa))`` of
    ``kappa N e^2 - (W (1 + kappa) + C_e + kappa C_h) e + W = 0``."""
    a = kappa * total
    b = wrong * (1 + kappa) + correct_easy + kappa * correct_hard
    root = (b - np.sqrt(np.maximum(b * b - 4 * a * wrong, 0.0))) / (2 * a)
    return np.clip(root, _CLIP, min(1.0, 1.0 / kappa) - _CLIP)


def _negative_expected_loglik(log_kappa: float, correct_easy: np.ndarray, correct_hard: np.ndarray,
                              wrong_easy: np.ndarray, wrong_hard: np.ndarray, total: float) -> float:
    """Minus the M-step objective at ``kappa = exp(log_kappa)``, each model's easy error
    solved exactly for that ``kappa``."""
    k = float(np.exp(log_kappa))
    e = _solve_easy_error(k, correct_easy, wrong_easy + wrong_hard, correct_hard, total)
    return -float((wrong_easy * np.log(e) + correct_easy * np.log1p(-e)
                   + wrong_hard * np.log(k * e) + correct_hard * np.log1p(-k * e)).sum())


def _em(y: np.ndarray, new: np.ndarray, w: np.ndarray, start: tuple[float, float, float, np.ndarray],
        max_iter: int, tol: float) -> tuple[float, float, float, np.ndarray, float, int, bool]:
    """EM on weighted response patterns ``y`` (patterns x models), ``new`` marks patterns of
    the new set, ``w`` their counts (0 allowed: a bootstrap replicate that missed them)."""
    p, q, kappa, a = start
    total = w.sum()
    w_old, w_new = w[~new].sum(), w[new].sum()
    correct_all = w @ y  # per model: weighted number of correct items
    previous = -np.inf
    converged = False
    ll = -np.inf
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 - EM iterations are sequential
        err = np.clip(1 - a, _CLIP, 1 - _CLIP)
        hard_err = np.clip(kappa * err, _CLIP, 1 - _CLIP)
        # sum_m y log(1 - e) + (1 - y) log(e) = y @ (log(1 - e) - log(e)) + sum(log(e))
        log_easy = y @ (np.log1p(-err) - np.log(err)) + np.log(err).sum()
        log_hard = y @ (np.log1p(-hard_err) - np.log(hard_err)) + np.log(hard_err).sum()
        share = np.clip(np.where(new, q, p), _CLIP, 1 - _CLIP)
        joint_easy, joint_hard = np.log(share) + log_easy, np.log1p(-share) + log_hard
        top = np.maximum(joint_easy, joint_hard)
        norm = top + np.log(np.exp(joint_easy - top) + np.exp(joint_hard - top))
        ll = float(w @ norm)
        resp = np.exp(joint_easy - norm)
        if ll - previous <= tol * abs(ll):
            converged = True
            break
        previous = ll
        w_easy = w * resp
        n_easy = w_easy.sum()
        p, q = float(w_easy[~new].sum() / w_old), float(w_easy[new].sum() / w_new)
        correct_easy = w_easy @ y
        correct_hard = correct_all - correct_easy
        wrong_easy, wrong_hard = n_easy - correct_easy, (total - n_easy) - correct_hard
        wrong = wrong_easy + wrong_hard

        best = minimize_scalar(_negative_expected_loglik, bounds=(0.0, np.log(1e4)),
                               args=(correct_easy, correct_hard, wrong_easy, wrong_hard, total),
                               method="bounded", options={"xatol": 1e-10})
        kappa = float(np.exp(best.x))
        a = 1 - _solve_easy_error(kappa, correct_easy, wrong, correct_hard, total)
    return p, q, kappa, a, ll, n_iter, converged


def _patterns(original: np.ndarray, new: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unique response patterns (items with identical 0/1 columns collapse) and counts."""
    stacked = np.vstack([np.c_[np.zeros(original.shape[1]), original.T],
                         np.c_[np.ones(new.shape[1]), new.T]]).astype(np.uint8)
    packed = np.packbits(stacked, axis=1)
    view = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1])))
    _, first, inverse, counts = np.unique(view.ravel(), return_index=True,
                                          return_inverse=True, return_counts=True)
    patterns = stacked[first]
    return patterns[:, 1:].astype(np.float64), patterns[:, 0].astype(bool), counts.astype(np.float64), inverse


def fit_mixture(original: pd.DataFrame, new: pd.DataFrame, *, rng: np.random.Generator | None = None,
                n_boot: int = 0, confidence: float = 0.95, max_iter: int = 500,
                tol: float = 1e-10) -> MixtureFit:
    """Fit the easy/hard mixture model of Recht et al. (2018) to per-item results.

    Every item is *easy* or *hard* (latent). Model ``m`` answers an easy item correctly
    with probability ``a_m`` and a hard one with ``1 - kappa (1 - a_m)``; items are easy
    with probability ``p`` on the original set and ``q`` on the new one, and answers are
    independent given the item's class. The parameters maximise the likelihood of the
    models x items matrices, by EM: the E-step gives each item's probability of being
    easy; the M-step sets ``p`` and ``q`` to the mean of those probabilities on each set
    and, for ``kappa``, solves each ``a_m`` in closed form (a quadratic) and ``kappa`` by a
    bounded one-dimensional search. Identical item columns are collapsed first, so the
    cost grows with the number of distinct response patterns.

    Parameters
    ----------
    original, new
        Models x items DataFrames of 0/1 correctness of the same models (index = model).
    rng
        Seeded Generator for the bootstrap; required when ``n_boot > 0``.
    n_boot
        Bootstrap replicates: items are resampled with replacement within each test set
        (each replicate is a new EM, started at the full-data fit).
    confidence
        Coverage of the percentile intervals.
    max_iter, tol
        EM stops when the log-likelihood gains less than ``tol`` times its size.

    Returns
    -------
    MixtureFit

    Notes
    -----
    Two classes are a caricature: item difficulty is continuous. The fit finds the split
    into easy and hard that best explains the *joint* pattern of errors, and ``kappa``
    absorbs how different the two classes are; the implied slope can therefore differ
    from the observed one, which is the test. ``kappa`` is constrained to ``[1, 10^4]``
    (hard items are the harder class), and the likelihood may have several local maxima:
    EM starts from ``p = q = 0.7``, ``kappa = 3`` and easy accuracy half-way between each
    model's accuracy and 1. The bootstrap treats items as independent; images of one class
    are not, so the intervals are somewhat narrow.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a0 = np.linspace(0.75, 0.98, 8)[:, None]
    >>> def draw(share, n):
    ...     easy = rng.random(n) < share
    ...     prob = np.where(easy, a0, 1 - 4 * (1 - a0))
    ...     return pd.DataFrame((rng.random((8, n)) < prob).astype(int))
    >>> fit = fit_mixture(draw(0.8, 4000), draw(0.6, 4000))
    >>> round(fit.p_easy_original, 1), round(fit.p_easy_new, 1), round(fit.kappa)
    (0.8, 0.6, 4)
    """
    level = check_confidence(confidence)
    original, new = _check_matrix(original, "original"), _check_matrix(new, "new")
    models = _same_models({"original": original, "new": new})
    new = new.loc[models]
    if int(n_boot) != n_boot or n_boot < 0:
        raise ValueError(f"n_boot must be a whole number >= 0, got {n_boot!r}")
    if n_boot and rng is None:
        raise ValueError("pass rng=numpy.random.default_rng(seed) for the bootstrap (or n_boot=0)")
    y, is_new, counts, inverse = _patterns(original.to_numpy(dtype=np.float64),
                                           new.to_numpy(dtype=np.float64))
    accuracy = (original.to_numpy().mean(axis=1) * original.shape[1]
                + new.to_numpy().mean(axis=1) * new.shape[1]) / (original.shape[1] + new.shape[1])
    start = (0.7, 0.7, 3.0, np.clip((1 + accuracy) / 2, 0.01, 0.999))
    p, q, kappa, a, ll, n_iter, converged = _em(y, is_new, counts, start, max_iter, tol)
    slope, intercept = mixture_line(p, q, kappa)
    reps = np.empty((0, 5))
    if n_boot:
        rng = check_rng(rng)
        n_old, n_new = original.shape[1], new.shape[1]
        codes_old, codes_new = inverse.ravel()[:n_old], inverse.ravel()[n_old:]
        rows = []
        for _ in range(int(n_boot)):  # each replicate is a full EM: sequential by nature
            draw = np.concatenate([codes_old[rng.integers(0, n_old, n_old)],
                                   codes_new[rng.integers(0, n_new, n_new)]])
            weights = np.bincount(draw, minlength=counts.size).astype(np.float64)
            bp, bq, bk, _, _, _, _ = _em(y, is_new, weights, (p, q, kappa, a), max_iter,
                                        max(tol, 1e-8))
            rows.append((bp, bq, bk, *mixture_line(bp, bq, bk)))
        reps = np.asarray(rows)
    names = ["p_easy_original", "p_easy_new", "kappa", "slope", "intercept"]
    estimates = [p, q, kappa, slope, intercept]
    if n_boot:
        alpha = (1 - level) / 2
        low, high = np.quantile(reps, [alpha, 1 - alpha], axis=0)
    else:
        low = high = np.full(5, np.nan)
    intervals = pd.DataFrame({"estimate": estimates, "ci_low": low, "ci_high": high},
                             index=pd.Index(names, name="parameter"))
    return MixtureFit(p, q, kappa, pd.Series(a, index=models, name="easy_accuracy"), slope,
                      intercept, ll, n_iter, converged, level, intervals, reps)
