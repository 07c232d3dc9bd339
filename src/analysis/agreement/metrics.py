"""Pairwise error agreement (Kim et al. 2025), error correlation and the checking ceiling.

Every pairwise quantity is computed for all pairs at once from matrix products of
models x items indicator matrices (no loop over pairs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..stats._validation import as_binary_frame

__all__ = ["pairwise_agreement", "pair_rates", "error_correlation", "checking_ceiling",
           "pairs_to_matrix"]


def _as_frame(table: Any, name: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame with models as rows and items as "
                        f"columns (got {type(table).__name__})")
    if table.index.has_duplicates or table.columns.has_duplicates:
        raise ValueError(f"{name} has duplicate model or item labels; make them unique")
    if table.shape[0] < 2 or table.shape[1] < 1:
        raise ValueError(f"{name} needs at least 2 models (rows) and 1 item (column); got "
                         f"shape {table.shape}")
    if table.isna().any(axis=None):
        raise ValueError(f"{name} has missing values; drop or fill the items with missing answers")
    return table


def _as_correct(correct: Any) -> pd.DataFrame:
    frame = as_binary_frame(correct, "correct", min_models=2,
                            hint="; for predicted answers use pairwise_agreement(predictions, truth)")
    return frame.astype(np.int8)


def _kind(values: np.ndarray) -> str:
    """``"number"``, ``"string"`` or ``"other"``: the type family of a flat array of answers."""
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    if inferred in ("integer", "floating", "mixed-integer-float", "decimal", "boolean"):
        return "number"
    return "string" if inferred == "string" else "other"


def _codes(predictions: Any, truth: Any) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Predictions and truth as integer codes of one shared label set."""
    preds = _as_frame(predictions, "predictions")
    if not isinstance(truth, pd.Series):
        raise TypeError("truth must be a pandas Series of correct answers indexed by item")
    if truth.index.has_duplicates:
        dup = truth.index[truth.index.duplicated()].tolist()[0]
        raise ValueError(f"truth lists item {dup!r} twice: give one correct answer per item")
    missing = preds.columns.difference(truth.index)
    if len(missing):
        raise KeyError(f"truth has no answer for {len(missing)} items (first: {missing[0]!r}); "
                       "truth is aligned on the item labels of predictions' columns")
    answers = truth.loc[preds.columns]
    if answers.isna().any():
        raise ValueError("truth has missing answers for some items; drop those items")
    flat = np.concatenate([preds.to_numpy().ravel(), answers.to_numpy()])
    codes = pd.factorize(flat)[0]
    values = codes[: preds.size].reshape(preds.shape)
    kinds = {_kind(preds.to_numpy().ravel()), _kind(answers.to_numpy())}
    if kinds == {"number", "string"}:
        raise ValueError(
            "predictions and truth hold different types (numbers against strings, e.g. "
            f"prediction {preds.iat[0, 0]!r}, answer {answers.iloc[0]!r}), so no answer could "
            "ever match: convert one side (e.g. truth.astype(str)) first")
    return preds, values, codes[preds.size:]


def _same_answer_counts(values: np.ndarray, max_cells: int = 50_000_000) -> np.ndarray:
    """models x models counts of items with the same answer.

    Broadcast comparison of every model with every other over all items, in blocks of
    rows so that one block holds at most ``max_cells`` booleans (about 50 MB).
    """
    n_models, n_items = values.shape
    block = max(1, max_cells // max(1, n_models * n_items))
    starts = range(0, n_models, block)     # a few blocks of models, each fully vectorised
    return np.vstack([(values[s:s + block, None, :] == values[None, :, :]).sum(axis=2)
                      for s in starts]).astype(np.float64)


def _upper_pairs(models: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(len(models), k=1)


def pairwise_agreement(predictions: pd.DataFrame, truth: pd.Series) -> pd.DataFrame:
    """Agreement metrics of every pair of models from their predicted answers.

    For models ``a`` and ``b`` over ``n`` items (Kim et al. 2025, with their repository's
    definitions):

    - ``agreement``: share of items where both give the same answer;
    - ``both_correct``: share of items both answer correctly;
    - ``agreement_when_either_wrong``: same answer, among items at least one gets wrong;
    - ``agreement_when_both_wrong``: same (wrong) answer, among items both get wrong. With
      ``m`` answer options and wrong answers drawn independently and uniformly, chance is
      ``1 / (m - 1)``.

    Two models that give the same answer are either both right or both wrong, so with
    ``S`` the count of same answers and ``C`` of both correct, the same-and-wrong count is
    ``S - C``; all pairs come from three matrix products (one-hot answers, correctness,
    errors), with no loop over pairs.

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
        One row per unordered pair (``model_a`` before ``model_b`` in the order of the
        rows of ``predictions``) with the four rates and the counts ``n_items``,
        ``n_either_wrong`` and ``n_both_wrong``. A rate with a zero denominator is ``nan``.

    Examples
    --------
    >>> preds = pd.DataFrame([[0, 1, 2, 2], [0, 1, 2, 1], [0, 2, 1, 2]], index=list("abc"))
    >>> truth = pd.Series([0, 1, 0, 0])
    >>> first = pairwise_agreement(preds, truth).iloc[0]
    >>> first["model_a"], first["model_b"], float(first["agreement_when_both_wrong"])
    ('a', 'b', 0.5)
    """
    preds, values, key = _codes(predictions, truth)
    correct = (values == key[None, :]).astype(np.float64)
    n = values.shape[1]
    same = _same_answer_counts(values)
    both_correct = correct @ correct.T
    both_wrong = (1.0 - correct) @ (1.0 - correct).T
    i, j = _upper_pairs(preds.index)
    same_wrong = (same - both_correct)[i, j]
    n_either = n - both_correct[i, j]
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({
            "model_a": preds.index.to_numpy(dtype=object)[i],
            "model_b": preds.index.to_numpy(dtype=object)[j],
            "agreement": same[i, j] / n,
            "both_correct": both_correct[i, j] / n,
            "agreement_when_either_wrong": same_wrong / n_either,
            "agreement_when_both_wrong": same_wrong / both_wrong[i, j],
            "n_items": n,
            "n_either_wrong": n_either.round().astype(np.int64),
            "n_both_wrong": both_wrong[i, j].round().astype(np.int64)})


def pair_rates(correct: pd.DataFrame) -> pd.DataFrame:
    """Accuracies, joint correctness and error correlation of every pair, from 0/1 data.

    Parameters
    ----------
    correct
        Models x items 0/1 correctness (no missing values).

    Returns
    -------
    pandas.DataFrame
        One row per unordered pair: ``model_a``, ``model_b``, ``accuracy_a``,
        ``accuracy_b``, ``both_correct`` (share both right), ``both_wrong`` (share both
        wrong), ``error_correlation`` (phi of the error indicators, as
        :func:`error_correlation`) and ``n_items``. Feed the rates to
        :func:`analysis.agreement.checking_schemes`.

    Examples
    --------
    >>> c = pd.DataFrame([[1, 1, 0, 0], [1, 0, 1, 0]], index=["a", "b"])
    >>> pair_rates(c)[["both_correct", "both_wrong", "error_correlation"]].iloc[0].tolist()
    [0.25, 0.25, 0.0]
    """
    frame = _as_correct(correct)
    c = frame.to_numpy(dtype=np.float64)
    n = c.shape[1]
    acc = c.mean(axis=1)
    both_correct = (c @ c.T) / n
    i, j = _upper_pairs(frame.index)
    both_wrong = 1.0 - acc[i] - acc[j] + both_correct[i, j]
    with np.errstate(invalid="ignore", divide="ignore"):
        phi = ((both_wrong - (1 - acc[i]) * (1 - acc[j]))
               / np.sqrt(acc[i] * (1 - acc[i]) * acc[j] * (1 - acc[j])))
    return pd.DataFrame({
        "model_a": frame.index.to_numpy(dtype=object)[i],
        "model_b": frame.index.to_numpy(dtype=object)[j],
        "accuracy_a": acc[i], "accuracy_b": acc[j],
        "both_correct": both_correct[i, j], "both_wrong": both_wrong,
        "error_correlation": phi, "n_items": n})


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


def pairs_to_matrix(pairs: pd.DataFrame, column: str, *, diagonal: float = np.nan,
                    order: Sequence[Any] | None = None) -> pd.DataFrame:
    """A symmetric models x models matrix from a one-row-per-pair table.

    Parameters
    ----------
    pairs
        Table with ``model_a``, ``model_b`` and ``column`` (as returned by
        :func:`pairwise_agreement` or :func:`pair_rates`), or with ``model1`` and
        ``model2`` as in :func:`analysis.data.load_correlated_errors`.
    column
        The pairwise value to place in the matrix.
    diagonal
        Value on the diagonal (default ``nan``).
    order
        Order of the models (default: sorted labels).

    Raises
    ------
    ValueError
        When a pair appears twice (also as ``b, a``) or pairs a model with itself: the
        matrix would silently keep the last value.

    Examples
    --------
    >>> t = pd.DataFrame({"model_a": ["a"], "model_b": ["b"], "r": [0.5]})
    >>> pairs_to_matrix(t, "r", diagonal=1.0).to_numpy().tolist()
    [[1.0, 0.5], [0.5, 1.0]]
    """
    a, b = ("model_a", "model_b") if "model_a" in pairs else ("model1", "model2")
    for col in (a, b, column):
        if col not in pairs:
            raise KeyError(f"pairs has no column {col!r}; columns: {list(pairs.columns)}")
    codes = pd.factorize(np.concatenate([pairs[a].to_numpy(object), pairs[b].to_numpy(object)]))[0]
    lo, hi = np.sort(codes.reshape(2, -1), axis=0)
    repeated = pd.Series(lo * (codes.max() + 1) + hi).duplicated().to_numpy()
    if repeated.any():
        row = pairs.iloc[int(np.flatnonzero(repeated)[0])]
        raise ValueError(f"pairs lists the pair ({row[a]!r}, {row[b]!r}) more than once (maybe "
                         "swapped): keep one row per pair")
    if (lo == hi).any():
        raise ValueError("pairs has a row pairing a model with itself; set the diagonal "
                         "with diagonal= instead")
    models = pd.Index(order) if order is not None else pd.Index(
        sorted(set(pairs[a]) | set(pairs[b])))
    ia, ib = models.get_indexer(pairs[a]), models.get_indexer(pairs[b])
    if (ia < 0).any() or (ib < 0).any():
        raise KeyError("order misses some models of pairs")
    out = np.full((len(models), len(models)), np.nan)
    out[ia, ib] = out[ib, ia] = pairs[column].to_numpy(dtype=float)
    np.fill_diagonal(out, diagonal)
    return pd.DataFrame(out, index=models, columns=models)


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
    if isinstance(checkers, str):
        checkers = [checkers]
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
