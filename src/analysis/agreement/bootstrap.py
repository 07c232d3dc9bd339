"""Uncertainty for pairwise agreement: bootstrap over items and over models.

:func:`bootstrap_pairs` resamples items (the test set is a sample of possible items);
:func:`correlation_over_pairs` resamples models, because pairs that share a model are not
independent observations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..stats._checks import check_whole
from ..stats._validation import align_by_label
from .metrics import _codes

__all__ = ["bootstrap_pairs", "correlation_over_pairs"]

_STATS = ("agreement_when_both_wrong", "error_correlation", "oracle_gain")


def _check_boot(rng: Any, n_boot: int, level: float) -> None:
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator, e.g. np.random.default_rng(0)")
    check_whole(n_boot, "n_boot", minimum=2)
    if not 0 < level < 1:
        raise ValueError(f"level must be a fraction in (0, 1), e.g. 0.95 (got {level})")


def _resample_counts(rng: np.random.Generator, n: int, n_boot: int) -> np.ndarray:
    """How often each of ``n`` units is drawn in each of ``n_boot`` resamples of size ``n``."""
    draws = rng.integers(0, n, size=(n_boot, n)) + n * np.arange(n_boot)[:, None]
    return np.bincount(draws.ravel(), minlength=n_boot * n).reshape(n_boot, n).astype(np.float64)


def bootstrap_pairs(predictions: pd.DataFrame, truth: pd.Series, *, rng: np.random.Generator,
                    n_boot: int = 1000, level: float = 0.95,
                    pairs: Sequence[tuple[Any, Any]] | None = None,
                    reduce: str | None = None) -> pd.DataFrame:
    """Percentile bootstrap over items for three pairwise statistics.

    The statistics, for each pair: ``agreement_when_both_wrong`` (as in
    :func:`analysis.agreement.pairwise_agreement`), ``error_correlation`` (phi of the
    error indicators) and ``oracle_gain`` (share of items the better model gets wrong
    and the other right: the oracle's gain over the better model). Each replicate
    reweights the items by multinomial counts, so all pairs and replicates come from
    one matrix product (cost ~ ``n_boot`` x items x pairs).

    Parameters
    ----------
    predictions, truth
        Predicted answers (models x items) and correct answers, as for
        :func:`~analysis.agreement.pairwise_agreement`.
    rng
        A :class:`numpy.random.Generator`.
    n_boot
        Bootstrap replicates.
    level
        Confidence level of the percentile intervals.
    pairs
        Pairs ``(model_a, model_b)`` to include (default: all unordered pairs).
    reduce
        ``None`` (one row per pair and statistic) or ``"mean"`` (one row per statistic:
        the mean over the pairs, with its interval).

    Returns
    -------
    pandas.DataFrame
        Columns ``model_a``, ``model_b`` (absent with ``reduce="mean"``), ``statistic``,
        ``estimate``, ``ci_low``, ``ci_high``.

    Notes
    -----
    The items are treated as independent; items of one class (or one subject) share a
    difficulty, so the intervals are too narrow if items are clustered. A replicate in
    which a pair has no common error gives ``nan`` for its agreement rate and is left out
    of that pair's quantiles.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> truth = pd.Series(rng.integers(0, 4, 500))
    >>> preds = pd.DataFrame([np.where(rng.random(500) < 0.6, truth, rng.integers(0, 4, 500))
    ...                       for _ in range(3)])
    >>> out = bootstrap_pairs(preds, truth, rng=rng, n_boot=200, reduce="mean")
    >>> out["statistic"].tolist()
    ['agreement_when_both_wrong', 'error_correlation', 'oracle_gain']
    """
    _check_boot(rng, n_boot, level)
    preds, values, key = _codes(predictions, truth)
    if reduce not in (None, "mean"):
        raise ValueError(f"reduce must be None or 'mean' (got {reduce!r})")
    models = preds.index
    if pairs is None:
        i, j = np.triu_indices(len(models), k=1)
    else:
        pairs = [tuple(p) for p in pairs]
        if not pairs or any(len(p) != 2 for p in pairs):
            raise ValueError("pairs must be a non-empty list of (model_a, model_b) tuples")
        i = models.get_indexer([p[0] for p in pairs])
        j = models.get_indexer([p[1] for p in pairs])
        if (i < 0).any() or (j < 0).any():
            raise KeyError("pairs names models that are not rows of predictions")
        if (i == j).any():
            raise ValueError("a pair must name two different models")
    correct = (values == key[None, :]).astype(np.float64)
    n = values.shape[1]
    both_right = correct[i] * correct[j]                       # pairs x items
    same = (values[i] == values[j]).astype(np.float64)
    weights = np.vstack([np.ones(n), _resample_counts(rng, n, int(n_boot))]) / n  # row 0: data

    def stats(w: np.ndarray) -> np.ndarray:
        acc = w @ correct.T                                    # reps x models
        bc, sm = w @ both_right.T, w @ same.T                  # reps x pairs
        a, b = acc[:, i], acc[:, j]
        bw = 1 - a - b + bc
        with np.errstate(invalid="ignore", divide="ignore"):
            awbw = np.where(bw > 0, (sm - bc) / bw, np.nan)
            phi = (bw - (1 - a) * (1 - b)) / np.sqrt(a * (1 - a) * b * (1 - b))
        return np.stack([awbw, phi, np.minimum(a, b) - bc])    # stats x reps x pairs

    values_ = stats(weights)
    if reduce == "mean":
        values_ = np.nanmean(values_, axis=2, keepdims=True)
    alpha = (1 - level) / 2
    est = values_[:, 0, :]
    low = np.nanquantile(values_[:, 1:, :], alpha, axis=1)
    high = np.nanquantile(values_[:, 1:, :], 1 - alpha, axis=1)
    n_stat, n_pair = est.shape
    out = pd.DataFrame({"statistic": np.repeat(_STATS, n_pair), "estimate": est.ravel(),
                        "ci_low": low.ravel(), "ci_high": high.ravel()})
    if reduce is None:
        names = models.to_numpy(dtype=object)
        out.insert(0, "model_b", np.tile(names[j], n_stat))
        out.insert(0, "model_a", np.tile(names[i], n_stat))
    return out


def correlation_over_pairs(x: Any, y: Any, model_a: Any, model_b: Any, *,
                           rng: np.random.Generator, n_boot: int = 2000,
                           level: float = 0.95) -> pd.Series:
    """Pearson correlation of two pairwise quantities, with a bootstrap over models.

    Pairs that share a model are not independent, so resampling pairs understates the
    uncertainty. Here each replicate draws the *models* with replacement; a pair enters
    with weight ``c_a c_b`` (how often each of its models was drawn), which is the set of
    pairs among the drawn models, without self-pairs, and the weighted correlation is
    computed for all replicates at once.

    Parameters
    ----------
    x, y
        One value per pair (array-likes of equal length, no NaN).
    model_a, model_b
        The two models of each pair. Inputs given as pandas Series with labels (e.g. a pair
        id) are aligned by label; arrays, lists and default-labelled Series are matched by
        position.
    rng
        A :class:`numpy.random.Generator`.
    n_boot
        Bootstrap replicates.
    level
        Confidence level of the percentile interval.

    Returns
    -------
    pandas.Series
        ``r`` (Pearson over all pairs), ``ci_low``, ``ci_high``, ``n_pairs``, ``n_models``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> i, j = np.triu_indices(12, k=1)
    >>> skill = rng.normal(size=12)
    >>> x = skill[i] + skill[j]
    >>> out = correlation_over_pairs(x, x + rng.normal(size=x.size), i, j, rng=rng, n_boot=200)
    >>> bool(out["ci_low"] < out["r"] < out["ci_high"])
    True
    """
    _check_boot(rng, n_boot, level)
    inputs = align_by_label({"x": x, "y": y, "model_a": model_a, "model_b": model_b})
    try:
        x, y = (np.asarray(inputs[k], dtype=float) for k in ("x", "y"))
    except (TypeError, ValueError):
        raise ValueError("x and y must be numbers, one per pair (convert them with "
                         "pandas.to_numeric first)") from None
    a, b = np.asarray(inputs["model_a"], dtype=object), np.asarray(inputs["model_b"], dtype=object)
    if not (x.ndim == y.ndim == a.ndim == b.ndim == 1) or len({x.size, y.size, a.size, b.size}) != 1:
        raise ValueError("x, y, model_a and model_b must be 1-d and of equal length (one per pair)")
    if np.isnan(x).any() or np.isnan(y).any():
        raise ValueError("x and y have missing values; drop those pairs first")
    if x.size < 3:
        raise ValueError("need at least 3 pairs")
    models, codes = np.unique(np.concatenate([a, b]).astype(str), return_inverse=True)
    ia, ib = codes[: x.size], codes[x.size:]
    if (ia == ib).any():
        raise ValueError("a pair names the same model twice")
    counts = _resample_counts(rng, models.size, int(n_boot))
    w = np.vstack([np.ones(models.size), counts])
    w = w[:, ia] * w[:, ib]                                    # reps x pairs
    total = w.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        mx, my = (w @ x)[:, None] / total, (w @ y)[:, None] / total
        dx, dy = x[None, :] - mx, y[None, :] - my
        r = (w * dx * dy).sum(1) / np.sqrt((w * dx**2).sum(1) * (w * dy**2).sum(1))
    alpha = (1 - level) / 2
    return pd.Series({"r": float(r[0]), "ci_low": float(np.nanquantile(r[1:], alpha)),
                      "ci_high": float(np.nanquantile(r[1:], 1 - alpha)),
                      "n_pairs": int(x.size), "n_models": int(models.size)})
