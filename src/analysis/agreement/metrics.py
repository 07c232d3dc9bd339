"""Pairwise error agreement (Kim et al. 2025), error correlation and the checking ceiling."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["pairwise_agreement", "error_correlation", "checking_ceiling"]


def _as_frame(table: Any, name: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame with models as rows and items as "
                        f"columns (got {type(table).__name__})")
    if table.index.has_duplicates or table.columns.has_duplicates:
        raise ValueError(f"{name} has duplicate model or item labels")
    if table.shape[0] < 2 or table.shape[1] < 1:
        raise ValueError(f"{name} needs at least 2 models and 1 item; got shape {table.shape}")
    if table.isna().any(axis=None):
        raise ValueError(f"{name} has missing values; drop or fill the items with missing answers")
    return table


def _as_correct(correct: Any) -> pd.DataFrame:
    frame = _as_frame(correct, "correct")
    values = frame.to_numpy()
    if not np.isin(values, (0, 1)).all():
        raise ValueError("correct must hold 0/1 (or True/False) correctness; for predicted "
                         "answers use pairwise_agreement(predictions, truth)")
    return frame.astype(np.int8)


def pairwise_agreement(predictions: pd.DataFrame, truth: pd.Series) -> pd.DataFrame:
    """Agreement metrics of every pair of models from their predicted answers.

    For models ``a`` and ``b`` over ``n`` items (Kim et al. 2025, with their repository's
    definitions):

    - ``agreement``: share of items where both give the same answer;
    - ``both_correct``: share of items both answer correctly;
    - ``agreement_when_either_wrong``: same answer, among items at least one gets wrong;
    - ``agreement_when_both_wrong``: same (wrong) answer, among items both get wrong. With
      ``m`` answer options, chance is ``1 / (m - 1)``.

    Parameters
    ----------
    predictions
        Models x items table of predicted answers (labels of any type).
    truth
        The correct answer of each item, a Series indexed like ``predictions.columns``
        (aligned on labels; every item needs its answer).

    Returns
    -------
    pandas.DataFrame
        One row per unordered pair (``model_a``, ``model_b``) with the four rates and the
        counts ``n_items``, ``n_either_wrong`` and ``n_both_wrong``. A rate with a zero
        denominator is ``nan``.

    Examples
    --------
    >>> preds = pd.DataFrame([[0, 1, 2, 2], [0, 1, 2, 1], [0, 2, 1, 2]], index=list("abc"))
    >>> truth = pd.Series([0, 1, 0, 0])
    >>> first = pairwise_agreement(preds, truth).iloc[0]
    >>> first["model_a"], first["model_b"], float(first["agreement_when_both_wrong"])
    ('a', 'b', 0.5)
    """
    preds = _as_frame(predictions, "predictions")
    if not isinstance(truth, pd.Series):
        raise TypeError("truth must be a pandas Series of correct answers indexed by item")
    missing = preds.columns.difference(truth.index)
    if len(missing):
        raise KeyError(f"truth has no answer for {len(missing)} items (first: {missing[0]!r}); "
                       "truth is aligned on the item labels of predictions' columns")
    answers = truth.loc[preds.columns]
    if answers.isna().any():
        raise ValueError("truth has missing answers for some items")
    codes = pd.factorize(pd.concat([preds.stack(), answers], ignore_index=True))[0]
    values = codes[: preds.size].reshape(preds.shape)
    key = codes[preds.size:]
    wrong = values != key[None, :]
    rows = []
    models = list(preds.index)
    for i in range(len(models) - 1):   # one model against all later ones, vectorised over items
        same = values[i + 1:] == values[i]
        either = wrong[i + 1:] | wrong[i]
        both = wrong[i + 1:] & wrong[i]
        n_either, n_both = either.sum(axis=1), both.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            rows.append(pd.DataFrame({
                "model_a": models[i], "model_b": models[i + 1:],
                "agreement": same.mean(axis=1),
                "both_correct": (~either).mean(axis=1),
                "agreement_when_either_wrong": (same & either).sum(axis=1) / n_either,
                "agreement_when_both_wrong": (same & both).sum(axis=1) / n_both,
                "n_items": values.shape[1], "n_either_wrong": n_either, "n_both_wrong": n_both}))
    return pd.concat(rows, ignore_index=True)


def error_correlation(correct: pd.DataFrame) -> pd.DataFrame:
    """Correlation (phi coefficient) of the models' errors over items: models x models.

    ``phi = (p_ab - p_a p_b) / sqrt(p_a (1 - p_a) p_b (1 - p_b))`` with ``p_a`` the error
    rate of ``a`` and ``p_ab`` the share of items both get wrong: the Pearson correlation
    of the 0/1 error indicators. A model with no error (or only errors) has ``nan``.

    Examples
    --------
    >>> c = pd.DataFrame([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]], index=list("abc"))
    >>> round(float(error_correlation(c).loc["a", "c"]), 3)
    -1.0
    """
    frame = _as_correct(correct)
    errors = 1.0 - frame.to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        phi = np.corrcoef(errors)
    return pd.DataFrame(np.atleast_2d(phi), index=frame.index, columns=frame.index)


def checking_ceiling(correct: pd.DataFrame, primary: Any, checkers: Sequence[Any]) -> pd.Series:
    """Upper bound on the accuracy ``primary`` reaches when ``checkers`` review its answers.

    A checker can only repair an item the primary model gets wrong and the checker gets
    right. With a perfect arbiter, who always picks a correct answer when one of the
    models has it, accuracy rises from ``acc(primary)`` to the share of items at least one
    of them answers correctly. Any real protocol (majority vote, a judge model) does no
    better; correlated errors shrink the ceiling.

    Parameters
    ----------
    correct
        Models x items 0/1 correctness.
    primary
        Label of the checked model.
    checkers
        Labels of the checking models (not including ``primary``).

    Returns
    -------
    pandas.Series
        ``primary_accuracy``, ``ceiling`` (accuracy with a perfect arbiter),
        ``gain`` (ceiling minus primary accuracy, a fraction), ``errors_repairable``
        (share of the primary's errors some checker gets right) and ``n_items``.

    Examples
    --------
    >>> c = pd.DataFrame([[1, 1, 0, 0], [1, 0, 1, 0], [1, 1, 0, 0]], index=list("abc"))
    >>> checking_ceiling(c, "a", ["b"])[["primary_accuracy", "ceiling"]].tolist()
    [0.5, 0.75]
    >>> float(checking_ceiling(c, "a", ["c"])["gain"])    # identical errors: nothing to gain
    0.0
    """
    frame = _as_correct(correct)
    checkers = list(checkers)
    unknown = [m for m in [primary, *checkers] if m not in frame.index]
    if unknown:
        raise KeyError(f"unknown models {unknown}; the models are {list(frame.index)[:10]}...")
    if not checkers or primary in checkers:
        raise ValueError("give at least one checker, other than the primary model")
    own = frame.loc[primary].to_numpy().astype(bool)
    any_checker = frame.loc[checkers].to_numpy().astype(bool).any(axis=0)
    ceiling = float((own | any_checker).mean())
    n_wrong = int((~own).sum())
    return pd.Series({"primary_accuracy": float(own.mean()), "ceiling": ceiling,
                      "gain": ceiling - float(own.mean()),
                      "errors_repairable": float((~own & any_checker).sum() / n_wrong) if n_wrong else np.nan,
                      "n_items": own.size})
