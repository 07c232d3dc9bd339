"""Synthetic pairs of models with known accuracies and error correlation (for teaching).

:func:`simulate_pair` draws the 0/1 correctness of two models whose errors have a given
correlation; :func:`gain_vs_correlation` shows how the gain from checking shrinks as that
correlation rises, by formula and by simulation. Everything here is synthetic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..stats._checks import check_whole

__all__ = ["correlation_range", "simulate_pair", "gain_vs_correlation"]


def _check_accuracy(value: float, name: str) -> float:
    value = float(value)
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must be a fraction strictly between 0 and 1 (got {value}); "
                         "divide percentages by 100")
    return value


def correlation_range(accuracy_a: float, accuracy_b: float) -> tuple[float, float]:
    """The error correlations (phi) two models with these accuracies can have.

    The share of items both get wrong must lie between ``max(0, e_a + e_b - 1)`` and
    ``min(e_a, e_b)`` (``e`` = error rate), so phi is bounded; it can reach 1 only when
    the two accuracies are equal.

    Examples
    --------
    >>> [round(x, 3) for x in correlation_range(0.8, 0.6)]
    [-0.408, 0.612]
    """
    a = _check_accuracy(accuracy_a, "accuracy_a")
    b = _check_accuracy(accuracy_b, "accuracy_b")
    ea, eb = 1 - a, 1 - b
    scale = np.sqrt(ea * a * eb * b)
    return (float((max(0.0, ea + eb - 1) - ea * eb) / scale),
            float((min(ea, eb) - ea * eb) / scale))


def _joint(a: float, b: float, phi: np.ndarray) -> np.ndarray:
    """Probabilities of (both right, only a right, only b right, both wrong) per phi."""
    ea, eb = 1 - a, 1 - b
    both_wrong = ea * eb + phi * np.sqrt(ea * a * eb * b)
    only_a = eb - both_wrong          # b wrong, a right
    only_b = ea - both_wrong
    both_right = 1 - both_wrong - only_a - only_b
    return np.stack([both_right, only_a, only_b, both_wrong], axis=-1)


def _check_phi(a: float, b: float, phi: np.ndarray) -> np.ndarray:
    phi = np.atleast_1d(np.asarray(phi, dtype=float))
    if phi.ndim != 1 or np.isnan(phi).any():
        raise ValueError("error_correlation must be a number or a 1-d list of numbers, no NaN")
    low, high = correlation_range(a, b)
    if (phi < low - 1e-12).any() or (phi > high + 1e-12).any():
        raise ValueError(f"with accuracies {a:g} and {b:g} the error correlation must lie in "
                         f"[{low:.3f}, {high:.3f}] (see correlation_range); got {phi.tolist()}")
    return phi


def simulate_pair(accuracy_a: float, accuracy_b: float, error_correlation: float, *,
                  n_items: int, rng: np.random.Generator, n_reps: int = 1) -> np.ndarray:
    """Synthetic 0/1 correctness of two models with given accuracies and error correlation.

    Each item independently falls in one of four cells (both right, only ``a`` right,
    only ``b`` right, both wrong) with the probabilities that give the requested
    accuracies and phi coefficient of the error indicators.

    Parameters
    ----------
    accuracy_a, accuracy_b
        Expected accuracies, fractions in (0, 1).
    error_correlation
        Phi of the two models' errors, inside :func:`correlation_range`.
    n_items
        Items per replicate.
    rng
        A :class:`numpy.random.Generator`.
    n_reps
        Independent replicates.

    Returns
    -------
    numpy.ndarray
        int8 array of shape ``(n_reps, 2, n_items)``: 1 = correct.

    Examples
    --------
    >>> c = simulate_pair(0.7, 0.7, 0.5, n_items=20_000, rng=np.random.default_rng(0))
    >>> round(float(np.corrcoef(1 - c[0])[0, 1]), 1)
    0.5
    """
    a = _check_accuracy(accuracy_a, "accuracy_a")
    b = _check_accuracy(accuracy_b, "accuracy_b")
    phi = _check_phi(a, b, error_correlation)
    if phi.size != 1:
        raise ValueError("simulate_pair takes one error_correlation; use gain_vs_correlation for a grid")
    check_whole(n_items, "n_items")
    check_whole(n_reps, "n_reps")
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator, e.g. np.random.default_rng(0)")
    cells = np.cumsum(_joint(a, b, phi)[0])
    cell = np.searchsorted(cells, rng.random((int(n_reps), int(n_items))), side="right")
    cell = np.minimum(cell, 3)
    right_a = (cell == 0) | (cell == 1)
    right_b = (cell == 0) | (cell == 2)
    return np.stack([right_a, right_b], axis=1).astype(np.int8)


def gain_vs_correlation(accuracy_a: float, accuracy_b: float,
                        correlations: Sequence[float] | np.ndarray, *, n_items: int,
                        rng: np.random.Generator, n_reps: int = 1000,
                        skills: Sequence[float] = (1.0, 0.75)) -> pd.DataFrame:
    """Gain of a checked pair over its better model against the error correlation.

    For each correlation, the expected gain of an arbiter with skill ``q`` (as in
    :func:`analysis.agreement.checking_schemes`; ``q = 1`` is the oracle) is
    ``both_right + q d - better`` with ``d`` the share of items exactly one model gets
    right. With equal accuracies ``p`` the oracle gain is ``p (1 - p) (1 - phi)``.
    The simulation draws ``n_reps`` test sets of ``n_items`` items and reports the mean
    and the 2.5% and 97.5% quantiles of the observed gain over the better model *of
    each sample* (with equal true accuracies that model is the luckier one, so the
    simulated gain sits a little below the formula). Within a sample the arbiter's choices
    are taken at their expected value ``q d``; only the items are random.

    Parameters
    ----------
    accuracy_a, accuracy_b
        True accuracies, fractions in (0, 1).
    correlations
        Error correlations to evaluate (each inside :func:`correlation_range`).
    n_items, n_reps
        Test-set size and number of simulated test sets.
    rng
        A :class:`numpy.random.Generator`.
    skills
        Arbiter skills in [0, 1].

    Returns
    -------
    pandas.DataFrame
        One row per correlation and skill: ``error_correlation``, ``skill``,
        ``expected_gain`` (formula), ``mean_gain``, ``gain_low``, ``gain_high``
        (simulation), ``relative_gain`` (expected gain / better accuracy).

    Examples
    --------
    >>> out = gain_vs_correlation(0.7, 0.7, [0.0, 1.0], n_items=100, n_reps=10,
    ...                           rng=np.random.default_rng(0), skills=[1.0])
    >>> out["expected_gain"].round(2).tolist()
    [0.21, 0.0]
    """
    a = _check_accuracy(accuracy_a, "accuracy_a")
    b = _check_accuracy(accuracy_b, "accuracy_b")
    phi = _check_phi(a, b, correlations)
    q = np.asarray(list(skills), dtype=float)
    if q.ndim != 1 or q.size == 0 or np.isnan(q).any() or (q < 0).any() or (q > 1).any():
        raise ValueError("skills must be a non-empty list of probabilities in [0, 1]")
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator, e.g. np.random.default_rng(0)")
    check_whole(n_items, "n_items")
    check_whole(n_reps, "n_reps")
    probs = _joint(a, b, phi)                                   # phi x 4 cells
    better = max(a, b)
    expected = probs[:, 0, None] + q[None, :] * (probs[:, 1] + probs[:, 2])[:, None] - better
    # multinomial counts of the four cells: phi x reps x 4
    counts = rng.multinomial(int(n_items), probs[:, None, :].repeat(int(n_reps), axis=1))
    shares = counts / int(n_items)
    acc_a, acc_b = shares[..., 0] + shares[..., 1], shares[..., 0] + shares[..., 2]
    observed = (shares[..., 0, None] + q * (shares[..., 1] + shares[..., 2])[..., None]
                - np.maximum(acc_a, acc_b)[..., None])          # phi x reps x skills
    return pd.DataFrame({
        "error_correlation": np.repeat(phi, q.size),
        "skill": np.tile(q, phi.size),
        "expected_gain": expected.ravel(),
        "mean_gain": observed.mean(axis=1).ravel(),
        "gain_low": np.quantile(observed, 0.025, axis=1).ravel(),
        "gain_high": np.quantile(observed, 0.975, axis=1).ravel(),
        "relative_gain": expected.ravel() / better})
