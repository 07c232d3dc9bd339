"""What one model checking another can gain: the oracle ceiling and realistic schemes.

All schemes are computed for every pair (or group) at once from accuracies and joint
correctness, or from predicted answers; see :func:`checking_schemes` and
:func:`majority_vote`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .metrics import _codes

__all__ = ["checking_schemes", "majority_vote"]

_NEEDED = ("accuracy_a", "accuracy_b", "both_correct")


def _rates(rates: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not isinstance(rates, pd.DataFrame):
        raise TypeError("rates must be a DataFrame with columns accuracy_a, accuracy_b and "
                        f"both_correct (e.g. from pair_rates); got {type(rates).__name__}")
    missing = [c for c in _NEEDED if c not in rates]
    if missing:
        raise KeyError(f"rates lacks columns {missing}; pair_rates(correct) returns them")
    a, b, bc = (rates[c].to_numpy(dtype=float) for c in _NEEDED)
    if np.isnan(np.stack([a, b, bc])).any():
        raise ValueError("rates has missing values; drop those pairs first")
    if (np.stack([a, b, bc]) < 0).any() or (np.stack([a, b, bc]) > 1).any():
        raise ValueError("accuracies and both_correct must be fractions in [0, 1], not "
                         "percentages; divide by 100")
    tol = 1e-9
    if (bc > np.minimum(a, b) + tol).any() or (bc < a + b - 1 - tol).any():
        raise ValueError("both_correct must lie between accuracy_a + accuracy_b - 1 and "
                         "min(accuracy_a, accuracy_b); were the rates computed on the same items?")
    return a, b, bc


def checking_schemes(rates: pd.DataFrame, *, skills: Sequence[float] = (0.5, 0.75, 1.0),
                     ) -> pd.DataFrame:
    """Accuracy of a pair of models under checking schemes, for every pair at once.

    Two models answer every item. On items both get right the pair is right, on items
    both get wrong it is wrong (a checker cannot produce an answer neither model gave).
    What differs between schemes is the items exactly one model gets right, a share
    ``d = acc_a + acc_b - 2 both_correct``:

    - ``"defer to better"``: when the models disagree, take the answer of the more
      accurate model. This is exactly the better model's accuracy: without information
      about *which* model is right on an item, a pair does no better than its best member.
    - ``"arbiter, skill q"``: an arbiter (a judge model, a verifier) picks the right answer
      with probability ``q`` when exactly one model is right:
      ``acc = both_correct + q d``. ``q = 0.5`` is a coin flip; ``q = 1`` is the oracle
      (the pair is right when either is right), the ceiling of every scheme.

    Parameters
    ----------
    rates
        One row per pair with ``accuracy_a``, ``accuracy_b`` and ``both_correct``
        (fractions, from the same items), as from :func:`analysis.agreement.pair_rates`;
        other columns (``model_a``, ``model_b``...) are carried along.
    skills
        Arbiter skills ``q`` in [0, 1] to evaluate (1 is the oracle).

    Returns
    -------
    pandas.DataFrame
        One row per pair and scheme: the carried columns, ``scheme``, ``skill`` (``nan``
        for defer), ``accuracy``, ``better`` and ``weaker`` (accuracies of the pair's two
        models), ``gain`` (accuracy minus the better model's, a fraction: percentage
        points when shown in percent), ``relative_gain`` (gain / better),
        ``relative_gain_vs_weaker`` ((accuracy - weaker) / weaker: what a "boost" of the
        weaker model by a better checker looks like), ``error_reduction`` (gain /
        (1 - better)) and ``breakeven_skill`` (the ``q`` at which the arbiter matches
        the better model: ``(better - both_correct) / d``).

    Notes
    -----
    A gain over the *weaker* model is not a benefit of checking: replacing the weaker
    model by the better one gives it without any checking. Gains are therefore measured
    against the better model. The arbiter model treats ``q`` as the same on every item,
    independent of the items' difficulty; a real judge is likelier to fail on the hard
    items where the models disagree.

    Examples
    --------
    >>> r = pd.DataFrame({"accuracy_a": [0.7], "accuracy_b": [0.6], "both_correct": [0.5]})
    >>> out = checking_schemes(r, skills=[1.0]).set_index("scheme")
    >>> round(float(out.loc["oracle (either right)", "accuracy"]), 3)   # 0.7 + 0.6 - 0.5
    0.8
    >>> round(float(out.loc["defer to better", "gain"]), 3)
    0.0
    """
    a, b, bc = _rates(rates)
    q = np.asarray(list(skills), dtype=float)
    if q.ndim != 1 or np.isnan(q).any() or (q < 0).any() or (q > 1).any():
        raise ValueError("skills must be probabilities in [0, 1] (1 = oracle)")
    better, weaker = np.maximum(a, b), np.minimum(a, b)
    d = a + b - 2 * bc
    with np.errstate(invalid="ignore", divide="ignore"):
        breakeven = np.where(d > 0, (better - bc) / d, np.nan)
    names = ["defer to better"] + [
        "oracle (either right)" if s == 1 else f"arbiter, skill {s:g}" for s in q]
    acc = np.vstack([better[None, :], bc[None, :] + q[:, None] * d[None, :]])  # schemes x pairs
    n_schemes, n_pairs = acc.shape
    carried = rates.drop(columns=list(_NEEDED)).reset_index(drop=True)
    out = carried.iloc[np.tile(np.arange(n_pairs), n_schemes)].reset_index(drop=True)
    gain = (acc - better).ravel()
    with np.errstate(invalid="ignore", divide="ignore"):
        out = out.assign(
            scheme=np.repeat(names, n_pairs),
            skill=np.repeat(np.concatenate([[np.nan], q]), n_pairs),
            accuracy=acc.ravel(), better=np.tile(better, n_schemes),
            weaker=np.tile(weaker, n_schemes), gain=gain,
            relative_gain=gain / np.tile(better, n_schemes),
            relative_gain_vs_weaker=(acc - weaker).ravel() / np.tile(weaker, n_schemes),
            error_reduction=gain / np.tile(1 - better, n_schemes),
            breakeven_skill=np.tile(breakeven, n_schemes))
    return out


def majority_vote(predictions: pd.DataFrame, truth: pd.Series,
                  groups: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """Accuracy of a plurality vote within each group of models, all groups at once.

    Each member answers every item; the group answers with the most frequent answer. A
    tie (e.g. three models, three different answers) goes to the member with the
    highest accuracy over all items. The members' accuracies are measured on the same
    items, so the tie-break uses the test data (a slight advantage, stated so that it
    is not mistaken for a held-out result).

    Parameters
    ----------
    predictions
        Models x items predicted answers.
    truth
        Correct answer per item (Series aligned on ``predictions.columns``).
    groups
        Groups of model labels, all of the same size (at least 2; odd sizes avoid ties
        between two answers). Cost grows as groups x size² x items.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``members`` (tuple), ``accuracy`` (of the vote), ``best``
        (accuracy of the best member), ``gain`` (accuracy - best), ``oracle`` (share of
        items some member gets right) and ``n_items``.

    Examples
    --------
    >>> preds = pd.DataFrame([[0, 0, 1, 1], [0, 1, 0, 2], [1, 0, 0, 3]], index=list("abc"))
    >>> truth = pd.Series([0, 0, 0, 0])
    >>> majority_vote(preds, truth, [("a", "b", "c")])[["accuracy", "best", "oracle"]].iloc[0].tolist()
    [0.75, 0.5, 0.75]
    """
    preds, values, key = _codes(predictions, truth)
    groups = [tuple(g) for g in groups]
    if not groups:
        raise ValueError("give at least one group of models")
    sizes = {len(g) for g in groups}
    if len(sizes) != 1 or min(sizes) < 2:
        raise ValueError(f"all groups must have the same size, at least 2; got sizes {sorted(sizes)}")
    unknown = sorted({m for g in groups for m in g} - set(preds.index), key=str)
    if unknown:
        raise KeyError(f"unknown models {unknown[:5]}; models are the rows of predictions")
    if any(len(set(g)) != len(g) for g in groups):
        raise ValueError("a group lists the same model twice")
    correct = values == key[None, :]
    accuracy = correct.mean(axis=1)
    idx = preds.index.get_indexer([m for g in groups for m in g]).reshape(len(groups), -1)
    idx = np.take_along_axis(idx, np.argsort(-accuracy[idx], axis=1, kind="stable"), axis=1)
    v = values[idx]                                              # groups x members x items
    votes = (v[:, :, None, :] == v[:, None, :, :]).sum(axis=2)   # support of each answer
    winner = votes.argmax(axis=1)          # first maximum = the most accurate tied member
    chosen = np.take_along_axis(v, winner[:, None, :], axis=1)[:, 0, :]
    vote_acc = (chosen == key[None, :]).mean(axis=1)
    best = accuracy[idx].max(axis=1)
    return pd.DataFrame({"members": groups, "accuracy": vote_acc, "best": best,
                         "gain": vote_acc - best,
                         "oracle": correct[idx].any(axis=1).mean(axis=1),
                         "n_items": values.shape[1]})
