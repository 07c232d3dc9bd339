"""Counter-based Poisson bootstrap weights: the same weights however the data are split.

A multinomial bootstrap draws ``n`` items with replacement from the whole list of items, so
the weight of one item depends on every other item and on their order: it cannot be drawn
partition by partition. A *Poisson bootstrap* gives every resampled unit (item, or cluster
for a cluster bootstrap) an independent Poisson(1) count instead (Hanley & MacGibbon 2006;
Chamandy et al. 2012). Here that count is a pure function of ``(seed, unit id, replicate)``:

1. the unit id becomes a 64-bit key (:func:`unit_keys`: the text of the id, hashed);
2. ``state = mix64(key XOR mix64(seed + GAMMA))`` and the replicate ``b`` (0, 1, ...) takes
   the ``b``-th output of SplitMix64 started at that state:
   ``z_b = mix64(state + (b + 1) * GAMMA)`` (all arithmetic mod 2**64), where ``mix64`` is
   SplitMix64's finaliser (Steele, Lea & Flood 2014) and ``GAMMA = 0x9E3779B97F4A7C15``;
3. ``u_b = (z_b >> 11) / 2**53``, uniform on [0, 1) with 53 bits;
4. the weight is the Poisson(1) quantile of ``u_b`` by inverse CDF: the number of
   ``k = 0, 1, ...`` with ``P(X <= k) <= u_b`` (at most 20: ``P(X > 20) < 2**-53``).

Any engine (in memory, or one Dask partition at a time) that computes the weights of the
units it holds gets the same numbers, so replicate means agree exactly across engines and
partitionings. The replicate mean is the weighted sum over the weighted count (a ratio
estimator), so a replicate whose weights sum to zero cannot happen with more than a few
dozen units.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import poisson

__all__ = ["GAMMA", "HASH_KEY", "counter_uniforms", "mix64", "poisson_weights", "unit_keys",
           "weighted_sums"]

#: The increment of SplitMix64 (the golden ratio times 2**64, odd).
GAMMA = np.uint64(0x9E3779B97F4A7C15)
#: The 16-character key of :func:`pandas.util.hash_array` (SipHash-2-4) that turns ids into
#: 64-bit keys; fixed, so that keys are the same in every process and on every machine.
HASH_KEY = "eval-science-ids"
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
# P(X <= k) for X ~ Poisson(1), k = 0..20; beyond 20 the tail is below 2**-53.
_CDF = poisson.cdf(np.arange(21), 1.0)
# Elements per block of (replicates x units) work: 4M uint64 (32 MB) at a time.
_BLOCK = 1 << 22


def mix64(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser of unsigned 64-bit integers (mod 2**64)::

        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB
        return z ^ (z >> 31)

    Examples
    --------
    >>> int(mix64(np.array([0], dtype=np.uint64))[0])
    0
    """
    z = np.array(z, dtype=np.uint64)  # a copy, then in place: one temporary
    t = z >> np.uint64(30)
    z ^= t
    z *= _M1
    np.right_shift(z, np.uint64(27), out=t)
    z ^= t
    z *= _M2
    np.right_shift(z, np.uint64(31), out=t)
    z ^= t
    return z


def _seed(seed: Any) -> np.uint64:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= int(seed) < 2**64:
        raise ValueError(f"seed must be a whole number in [0, 2**64); got {seed!r}")
    return np.uint64(int(seed))


def unit_keys(ids: Any) -> np.ndarray:
    """64-bit keys of unit ids (items or clusters): SipHash-2-4 of the id's text, ``str(id)``
    as UTF-8, under the fixed key :data:`HASH_KEY` (:func:`pandas.util.hash_array`).

    The text is hashed, not the value, so an id read as the integer ``17`` from Parquet and
    as the string ``"17"`` from a CSV gets the same key; ``17.0`` is a different id.

    Examples
    --------
    >>> keys = unit_keys(["q1", "q2", "q1"])
    >>> bool(keys[0] == keys[2]) and bool(keys[0] != keys[1])
    True
    """
    text = np.asarray(pd.Index(ids).astype(str), dtype=object)
    return pd.util.hash_array(text, hash_key=HASH_KEY, categorize=False).astype(np.uint64)


def counter_uniforms(seed: int, keys: np.ndarray, replicates: np.ndarray) -> np.ndarray:
    """Uniforms ``u[b, j]`` on [0, 1) for replicate ``replicates[b]`` and unit key
    ``keys[j]``, by the formula in the module's description (steps 2-3).

    Examples
    --------
    >>> u = counter_uniforms(0, np.array([1, 2], dtype=np.uint64), np.arange(3))
    >>> u.shape, bool(((u >= 0) & (u < 1)).all())
    ((3, 2), True)
    """
    s = _seed(seed)
    keys = np.asarray(keys, dtype=np.uint64)
    b = np.asarray(replicates, dtype=np.uint64)
    with np.errstate(over="ignore"):
        state = mix64(keys ^ mix64(np.array([s + GAMMA], dtype=np.uint64)))
        z = (b + np.uint64(1)) * GAMMA
    z = np.add.outer(z, state)  # wraps mod 2**64
    z = mix64(z)
    z >>= np.uint64(11)
    u = z.astype(np.float64)
    u *= 2.0**-53
    return u


def poisson_weights(seed: int, keys: np.ndarray, n_resamples: int, *,
                    start: int = 0) -> np.ndarray:
    """Poisson(1) bootstrap weights, replicates ``start .. start + n_resamples - 1`` (rows)
    x units (columns), as float64 whole numbers.

    Parameters
    ----------
    seed
        The bootstrap's seed (a whole number in [0, 2**64)).
    keys
        64-bit unit keys (:func:`unit_keys`).
    n_resamples
        Number of replicates.
    start
        First replicate number (blocks of replicates give the same weights as one call).

    Examples
    --------
    >>> w = poisson_weights(0, unit_keys(range(5)), 4)
    >>> w.shape, bool((w == np.round(w)).all())
    ((4, 5), True)
    """
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int | np.integer) or n_resamples < 1:
        raise ValueError(f"n_resamples must be a positive whole number; got {n_resamples!r}")
    u = counter_uniforms(seed, keys, np.arange(start, start + int(n_resamples)))
    return np.searchsorted(_CDF, u, side="right").astype(np.float64)


def weighted_sums(seed: int, keys: np.ndarray, values: np.ndarray, n_resamples: int) -> np.ndarray:
    """``W @ values`` for the Poisson weights ``W`` (replicates x units) of ``keys``, built
    in blocks of units so that memory stays near :data:`_BLOCK` elements whatever the size.

    ``values`` is units x columns (float64); the result is replicates x columns.
    """
    values = np.asarray(values, dtype=np.float64)
    out = np.zeros((n_resamples, values.shape[1]))
    step = max(1, _BLOCK // max(n_resamples, 1))
    for lo in range(0, len(keys), step):
        out += poisson_weights(seed, keys[lo:lo + step], n_resamples) @ values[lo:lo + step]
    return out
