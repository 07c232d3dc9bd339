"""The Ladder leaderboard (Blum & Hardt 2015) and the boosting attack on a plain leaderboard."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..stats._checks import check_rng

__all__ = ["ladder", "boosting_attack"]


def ladder(losses: Any, *, eta: float | None = None, per_item: Any = None) -> np.ndarray:
    """Scores a leaderboard releases under the Ladder mechanism (Blum & Hardt 2015).

    With a fixed step ``eta``: ``R_0 = inf``; submission ``t`` with holdout loss ``L_t``
    is released as ``R_t = round(L_t, eta)`` if ``L_t < R_{t-1} - eta``, else the board
    keeps ``R_t = R_{t-1}``. The *parameter-free* Ladder (``per_item`` given) accepts a
    submission when its mean per-item loss is below the current best's by more than
    ``s / sqrt(n)``, ``s`` the standard deviation of the per-item loss differences between
    the two, and releases it rounded to ``1 / n``.

    Parameters
    ----------
    losses
        Holdout losses (e.g. error rates as fractions) of the submissions, in order; 1-D,
        or 2-D with independent leaderboards in rows (fixed ``eta`` only).
    eta
        Step of the fixed Ladder, > 0.
    per_item
        Per-item losses, submissions x items, for the parameter-free Ladder (then
        ``losses`` may be ``None``: they are the row means).

    Returns
    -------
    numpy.ndarray
        The released score after each submission (``inf`` before the first acceptance).

    Notes
    -----
    The recursion is sequential in the submissions; it is vectorised over independent
    leaderboards (rows), so a loop runs over submissions only.

    Examples
    --------
    >>> ladder([0.30, 0.295, 0.28, 0.281, 0.25], eta=0.01).tolist()
    [0.3, 0.3, 0.28, 0.28, 0.25]
    """
    if per_item is not None:
        if eta is not None:
            raise ValueError("give eta (fixed Ladder) or per_item (parameter-free Ladder), not both")
        items = np.asarray(per_item, dtype=float)
        if items.ndim != 2 or items.shape[1] < 2 or not np.isfinite(items).all():
            raise ValueError("per_item must be a finite submissions x items array with >= 2 items")
        n = items.shape[1]
        released = np.empty(items.shape[0])
        best, current = None, np.inf
        for t, row in enumerate(items):
            if best is None:
                accept = True
            else:
                diff = row - items[best]
                accept = diff.mean() < -diff.std(ddof=1) / np.sqrt(n)
            if accept:
                best, current = t, np.round(row.mean() * n) / n
            released[t] = current
        return released
    if eta is None or not eta > 0:
        raise ValueError(f"eta must be a step > 0 (or pass per_item), got {eta!r}")
    values = np.asarray(losses, dtype=float)
    if values.ndim not in (1, 2) or values.shape[-1] == 0 or not np.isfinite(values).all():
        raise ValueError("losses must be a finite 1-D (or boards x submissions 2-D) array")
    board = np.atleast_2d(values)
    released = np.empty_like(board)
    current = np.full(board.shape[0], np.inf)
    for t in range(board.shape[1]):
        better = board[:, t] < current - eta
        current = np.where(better, np.round(board[:, t] / eta) * eta, current)
        released[:, t] = current
    return released.reshape(values.shape)


def boosting_attack(rng: np.random.Generator, *, n_holdout: int = 4_000, k: Any = None,
                    n_runs: int = 20, mechanism: str = "plain", eta: float | None = None) -> pd.DataFrame:
    """The boosting attack on a public leaderboard (Blum & Hardt 2015, section 5).

    The holdout labels are random bits. The attacker submits ``k`` random labelings,
    keeps those the leaderboard shows as better than chance (``mechanism="plain"``: the
    exact holdout accuracy) or that raised the board (``"ladder"``: the fixed Ladder on
    the error rate with step ``eta``, default ``1 / sqrt(n_holdout)``), and submits their
    majority vote. The vote's leaderboard accuracy climbs roughly like ``sqrt(k / n)``
    above 50% on a plain board; its accuracy on fresh data stays at 50%.

    Parameters
    ----------
    rng
        Generator for labels and submissions.
    n_holdout
        Holdout size.
    k
        Increasing numbers of submissions at which the attack is scored (default
        ``10, 20, ..., 1000``).
    n_runs
        Independent repetitions.
    mechanism
        ``"plain"`` or ``"ladder"``.
    eta
        Ladder step.

    Returns
    -------
    pandas.DataFrame
        ``run``, ``k``, ``reported`` (what the board shows for the vote: its accuracy on a
        plain board, ``1 -`` the Ladder's released error otherwise) and ``fresh`` (the
        vote's accuracy on new random labels: the truth, 50% in expectation).
    """
    rng = check_rng(rng)
    if mechanism not in ("plain", "ladder"):
        raise ValueError(f"mechanism must be 'plain' or 'ladder', got {mechanism!r}")
    k = np.arange(10, 1001, 10) if k is None else np.asarray(k)
    if k.ndim != 1 or k.size == 0 or k[0] < 1 or (np.diff(k) <= 0).any():
        raise ValueError(f"k must be increasing whole numbers >= 1, got {k!r}")
    eta = 1 / np.sqrt(n_holdout) if eta is None else eta
    total = int(k[-1])
    labels = rng.integers(0, 2, (n_runs, 1, n_holdout), dtype=np.int8) * 2 - 1
    guesses = rng.integers(0, 2, (n_runs, total, n_holdout), dtype=np.int8) * 2 - 1
    agree = (guesses == labels)
    accuracy = agree.mean(axis=2)                                   # (runs, submissions)
    if mechanism == "plain":
        kept = accuracy > 0.5
    else:
        board = ladder(1 - accuracy, eta=eta)
        previous = np.concatenate([np.full((n_runs, 1), np.inf), board[:, :-1]], axis=1)
        kept = board < previous
    # majority vote of the kept submissions among the first k, for every k at once
    votes = np.cumsum(guesses * kept[:, :, None], axis=1, dtype=np.int32)[:, k - 1, :]
    vote = np.where(votes >= 0, 1, -1)                              # ties go to +1
    reported = (vote == labels).mean(axis=2)
    if mechanism == "ladder":
        best = board[:, k - 1]
        error = 1 - reported
        reported = 1 - np.where(error < best - eta, np.round(error / eta) * eta, best)
    fresh_labels = rng.integers(0, 2, (n_runs, 1, n_holdout), dtype=np.int8) * 2 - 1
    fresh = (vote == fresh_labels).mean(axis=2)
    return pd.DataFrame({"run": np.repeat(np.arange(n_runs), k.size), "k": np.tile(k, n_runs),
                         "reported": reported.ravel(), "fresh": fresh.ravel()})
