"""Adaptive reuse of a holdout set, and Thresholdout (Dwork et al. 2015), simulated exactly."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..stats._checks import check_rng

__all__ = ["thresholdout", "reuse_experiment"]


def thresholdout(train: Any, holdout: Any, rng: np.random.Generator, *, threshold: float,
                 tau: float, noise: str = "gaussian") -> np.ndarray:
    """Answer queries about a holdout set through Thresholdout (Dwork et al. 2015).

    For each query, with training value ``t`` and holdout value ``h``: if ``|h - t| > T +
    xi`` return ``h + eta``, else return ``t``. Noise ``xi`` and ``eta`` are Gaussian with
    standard deviation ``tau`` (``noise="gaussian"``, as in the authors' supplementary
    script) or Laplace with scales ``2 tau`` and ``tau`` (``"laplace"``, as in the paper's
    pseudo-code). The budget of the original algorithm (answers that spend it) is not
    tracked: the experiments here stay within it.

    Parameters
    ----------
    train, holdout
        Values of the same queries on the training and the holdout set (arrays that
        broadcast together).
    rng
        Generator for the noise.
    threshold, tau
        ``T`` and the noise scale ``tau``, both > 0 (Dwork et al.: ``T = 4 / sqrt(n)``,
        ``tau = 1 / sqrt(n)``).
    noise
        ``"gaussian"`` or ``"laplace"``.

    Returns
    -------
    numpy.ndarray
        The answers.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> thresholdout([0.50, 0.50], [0.51, 0.90], rng, threshold=0.04, tau=0.01).round(2).tolist()
    [0.5, 0.9]
    """
    rng = check_rng(rng)
    if not (threshold > 0 and tau > 0):
        raise ValueError(f"threshold and tau must be > 0, got {threshold!r} and {tau!r}")
    train, holdout = np.broadcast_arrays(np.asarray(train, dtype=float), np.asarray(holdout, dtype=float))
    if noise == "gaussian":
        xi, eta = rng.normal(0, tau, (2,) + train.shape)
    elif noise == "laplace":
        xi, eta = rng.laplace(0, 2 * tau, train.shape), rng.laplace(0, tau, train.shape)
    else:
        raise ValueError(f"noise must be 'gaussian' or 'laplace', got {noise!r}")
    return np.where(np.abs(holdout - train) > threshold + xi, holdout + eta, train)


#: Runs simulated at once: bounds memory (runs x n x len(k) normals) whatever ``n_runs``.
_CHUNK = 8


def _accuracies(rng: np.random.Generator, summed: np.ndarray, steps: np.ndarray, n: int) -> np.ndarray:
    """Accuracy of the sign classifier at each grid value of k, for a chunk of runs.

    The score of example ``i``, times its label, is ``S_k + W_ik - mean_i W_ik``: ``S_k``
    the summed signed correlations and ``W`` a Gaussian random walk over the features in
    use (``steps`` new features between grid values), centred over examples because the
    part of the features orthogonal to the labels has no component along them.
    """
    normals = rng.standard_normal((summed.shape[0], n, steps.shape[1]), dtype=np.float32)
    walk = np.cumsum(normals * np.sqrt(steps, dtype=np.float32)[:, None, :], axis=2)
    walk -= walk.mean(axis=1, keepdims=True)
    margin = summed[:, None, :] + walk
    # with no feature in use every score is 0: a tie, counted as a coin flip
    return (margin > 0).mean(axis=1) + 0.5 * (margin == 0).mean(axis=1)


def reuse_experiment(rng: np.random.Generator, *, n: int = 10_000, d: int = 10_000,
                     k: Any = None, n_runs: int = 100, mechanism: str = "standard",
                     signal: float = 0.0, n_signal: int = 20, threshold: float | None = None,
                     tau: float | None = None, cutoff: float | None = None,
                     noise: str = "gaussian") -> pd.DataFrame:
    """The adaptive-reuse experiment of Dwork et al. (2015, Fig. 2), simulated exactly.

    Training, holdout and fresh sets of ``n`` examples with ``d`` standard normal features
    and random ±1 labels (with ``signal > 0``, ``n_signal`` features are shifted by
    ``signal * y``). The analyst computes each feature's correlation with the label on the
    training set, asks the holdout (directly, ``mechanism="standard"``, or through
    :func:`thresholdout`) for the same correlations, keeps the features whose two values
    exceed ``cutoff`` with the same sign, ranks them by training correlation and builds
    the sign classifier ``sign(sum_j sign(c_j) x_j)`` on the top ``k``. Reported: its
    accuracy on the training set, on the holdout (as the mechanism answers it) and on
    fresh data (the truth).

    Parameters
    ----------
    rng
        Generator for every random draw.
    n, d
        Examples per set and features.
    k
        Increasing numbers of features at which the classifier is scored (default
        ``0, 10, ..., 500``).
    n_runs
        Independent repetitions.
    mechanism
        ``"standard"`` (the holdout answers every query exactly) or ``"thresholdout"``.
    signal, n_signal
        Shift of the informative features (Dwork et al.: ``6 / sqrt(n)`` on 20 features).
    threshold, tau, cutoff
        Thresholdout's ``T`` and ``tau`` and the selection cutoff; defaults
        ``4 / sqrt(n)``, ``1 / sqrt(n)`` and ``1 / sqrt(n)`` as in the authors' script.
    noise
        Thresholdout's noise, ``"gaussian"`` (default, the script) or ``"laplace"``.

    Returns
    -------
    pandas.DataFrame
        Long table: ``run``, ``k``, ``set`` (``train``, ``holdout``, ``fresh``),
        ``accuracy``.

    Notes
    -----
    Exact, and fast, because nothing of size ``n x d`` is drawn. A feature column is
    ``x_j = c_j y + r_j`` with correlation ``c_j = y.x_j / n ~ N(mu_j, 1 / n)`` independent
    of the part ``r_j`` orthogonal to ``y``; signs flip neither distribution. So the
    classifier's score of example ``i`` is ``y_i sum_j |c_j| + (a centred cumulative sum of
    iid normals)``, and only ``d`` correlations and ``n x len(k)`` normals per set are
    drawn. A test checks this against the brute-force simulation on small ``n``, ``d``.

    Examples
    --------
    >>> out = reuse_experiment(np.random.default_rng(0), n=400, d=400, k=[0, 20], n_runs=2)
    >>> sorted(out["set"].unique())
    ['fresh', 'holdout', 'train']
    """
    rng = check_rng(rng)
    for name, value in (("n", n), ("d", d), ("n_runs", n_runs)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    if mechanism not in ("standard", "thresholdout"):
        raise ValueError(f"mechanism must be 'standard' or 'thresholdout', got {mechanism!r}")
    k = np.arange(0, 501, 10) if k is None else np.asarray(k)
    if k.ndim != 1 or k.size == 0 or (np.diff(k) <= 0).any() or k[0] < 0 or k[-1] > d:
        raise ValueError(f"k must be increasing whole numbers in [0, d={d}], got {k!r}")
    if not 0 <= n_signal <= d:
        raise ValueError(f"n_signal must lie in [0, d], got {n_signal!r}")
    scale = 1 / np.sqrt(n)
    threshold = 4 * scale if threshold is None else threshold
    tau = scale if tau is None else tau
    cutoff = scale if cutoff is None else cutoff
    mu = np.zeros(d)
    mu[:n_signal] = signal

    c_train = mu + scale * rng.standard_normal((n_runs, d))
    c_hold = mu + scale * rng.standard_normal((n_runs, d))
    c_fresh = mu + scale * rng.standard_normal((n_runs, d))
    answer = (c_hold if mechanism == "standard"
              else thresholdout(c_train, c_hold, rng, threshold=threshold, tau=tau, noise=noise))
    keep = (np.abs(c_train) > cutoff) & (np.abs(answer) > cutoff) & (np.sign(c_train) == np.sign(answer))
    # rank kept features by training correlation; dropped ones sort last and add nothing
    order = np.argsort(np.where(keep, -np.abs(c_train), np.inf), axis=1, kind="stable")
    ranked_keep = np.take_along_axis(keep, order, axis=1)
    sign = np.sign(np.take_along_axis(c_train, order, axis=1)) * ranked_keep
    n_kept = keep.sum(axis=1)
    count = np.minimum(k[None, :], n_kept[:, None])           # kept features in use, per k
    steps = np.diff(count, axis=1, prepend=0)

    def summed(c: np.ndarray) -> np.ndarray:   # sum over the top k of sign(c_train_j) * c_j
        total = np.cumsum(sign * np.take_along_axis(c, order, axis=1), axis=1)
        return np.where(count > 0, np.take_along_axis(total, np.maximum(count - 1, 0), axis=1), 0.0)

    results = {}
    for name, c in (("train", c_train), ("holdout", c_hold), ("fresh", c_fresh)):
        totals = summed(c)
        results[name] = np.concatenate([
            _accuracies(rng, totals[start:start + _CHUNK], steps[start:start + _CHUNK], n)
            for start in range(0, n_runs, _CHUNK)])   # chunks bound memory; each is vectorised
    if mechanism == "thresholdout":
        results["holdout"] = thresholdout(results["train"], results["holdout"], rng,
                                          threshold=threshold, tau=tau, noise=noise)
    frames = [pd.DataFrame({"run": np.repeat(np.arange(n_runs), len(k)), "k": np.tile(k, n_runs),
                            "set": name, "accuracy": values.ravel()})
              for name, values in results.items()]
    return pd.concat(frames, ignore_index=True)
