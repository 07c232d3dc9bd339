"""How much a comparison of rankings depends on which models, and on measurement noise.

Two questions a leaderboard reader meets before trusting an agreement or a ranking:

* **Which models?** Agreement between two benchmarks is computed over the models both
  score; over a handful of models it swings widely with the choice of models
  (Perlitz et al. 2024). :func:`agreement_by_model_count` draws random subsets of the
  shared models, of several sizes, and reports the spread of Kendall's tau (or Spearman's
  rho) at each size.
* **How noisy?** With published means and standard errors only, the noise of a benchmark
  can be put on Heineman et al.'s (2025) relative scale (:func:`standard_error_noise`), and
  the share of model pairs that two independent replications of the benchmark would order
  alike can be computed under a normal model (:func:`replication_agreement`).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats as sps

from ..stats._validation import check_rng
from ._ranks import align_pair, as_ranking, check_resamples
from .agreement import _check_method, _kendall_rows, _spearman_rows

__all__ = ["agreement_by_model_count", "replication_agreement", "standard_error_noise"]


def agreement_by_model_count(
    a: Any,
    b: Any,
    sizes: Any,
    *,
    rng: np.random.Generator,
    n_subsets: int = 1_000,
    method: Literal["kendall", "spearman"] = "kendall",
    missing: Literal["raise", "intersect"] = "intersect",
) -> pd.DataFrame:
    """Rank agreement of two leaderboards over random subsets of their shared models.

    For each size ``k`` in ``sizes``, ``n_subsets`` subsets of ``k`` shared models are
    drawn uniformly without replacement (each subset independently), and the rank
    correlation of the two leaderboards is computed on every subset at once (vectorised
    sign comparisons; Kendall's tau-b as ``scipy.stats.kendalltau``).

    Parameters
    ----------
    a, b
        Scores, one per model (Series indexed by model, aligned by label; or plain sequences
        matched by position). Both must point the same way (higher = better).
    sizes
        Subset sizes, integers from 3 to the number of shared models.
    rng
        A seeded :class:`numpy.random.Generator` (required).
    n_subsets
        Subsets drawn per size.
    method
        ``"kendall"`` (tau-b, default) or ``"spearman"``.
    missing
        ``"intersect"`` (default): use the models both leaderboards score; ``"raise"``:
        an error names models present on one leaderboard only.

    Returns
    -------
    pandas.DataFrame
        One row per size (index ``n_models``): ``mean``, ``sd``, ``q025``, ``q975`` (the
        central 95% of the subsets' correlations), ``share_negative`` (subsets on which the
        leaderboards disagree more than they agree), ``n_subsets`` (subsets with a defined
        correlation: a subset on which one leaderboard is constant has none) and
        ``full`` (the correlation over all shared models, the same on every row).

    Notes
    -----
    The spread at small ``k`` is not sampling error of a population correlation: it shows
    how much a published agreement between two benchmarks depends on the models the
    authors happened to compare (Perlitz et al. 2024 recommend reporting agreement over
    many models, and over models of similar strength when that is the decision at hand).
    At ``k`` equal to the number of shared models every subset is the full set.

    Examples
    --------
    >>> a = pd.Series(np.arange(10.0), index=list("abcdefghij"))
    >>> out = agreement_by_model_count(a, a, [3, 10], rng=np.random.default_rng(0),
    ...                                n_subsets=50)
    >>> out["mean"].tolist(), out["sd"].tolist()
    ([1.0, 1.0], [0.0, 0.0])
    """
    method = _check_method(method)
    check_rng(rng)
    n_subsets = check_resamples(n_subsets, "n_subsets")
    sa = as_ranking(a, name="a", allow_nan=missing == "intersect")
    sb = as_ranking(b, name="b", allow_nan=missing == "intersect")
    x, y, _ = align_pair(sa, sb, names=("a", "b"), missing=missing)
    n = len(x)
    if n < 3:
        raise ValueError(f"agreement needs at least 3 shared models; the leaderboards share {n}")
    sizes = np.atleast_1d(np.asarray(sizes))
    if sizes.size == 0 or not np.issubdtype(sizes.dtype, np.integer):
        raise ValueError(f"sizes must be whole numbers of models (e.g. [5, 10, 20]); got {sizes!r}")
    if sizes.min() < 3 or sizes.max() > n:
        raise ValueError(f"sizes must lie between 3 and the {n} shared models; got "
                         f"{sizes.tolist()}")
    rows_fn = _kendall_rows if method == "kendall" else _spearman_rows
    full = float(rows_fn(x[None], y[None])[0])
    rows = []
    for k in sizes.tolist():  # a loop over a few sizes; the subsets of one size are vectorised
        keys = rng.random((n_subsets, n))
        idx = np.argpartition(keys, k - 1, axis=1)[:, :k] if k < n else np.tile(np.arange(n), (n_subsets, 1))
        values = rows_fn(x[idx], y[idx])
        values = values[np.isfinite(values)]
        if len(values) == 0:
            raise ValueError(f"every subset of {k} models has a constant leaderboard: no "
                             "correlation is defined")
        q025, q975 = np.quantile(values, [0.025, 0.975])
        rows.append({"n_models": k, "mean": float(values.mean()),
                     "sd": float(values.std(ddof=1)) if len(values) > 1 else 0.0,
                     "q025": float(q025), "q975": float(q975),
                     "share_negative": float((values < 0).mean()), "n_subsets": len(values),
                     "full": full})
    return pd.DataFrame(rows).set_index("n_models")


def _means_se(means: Any, se: Any) -> tuple[np.ndarray, np.ndarray]:
    m = np.asarray(means.to_numpy() if isinstance(means, pd.Series) else means, dtype=np.float64)
    if isinstance(se, pd.Series) and isinstance(means, pd.Series):
        missing = means.index.difference(se.index)
        if len(missing):
            raise ValueError(f"se has no entry for model(s) {list(missing[:5])}; se is matched "
                             "to the means by model label")
        se = se.loc[means.index]
    s = np.asarray(se.to_numpy() if isinstance(se, pd.Series) else se, dtype=np.float64)
    if m.ndim != 1 or s.shape != m.shape:
        raise ValueError(f"means and se must be 1-D with one value per model; got shapes "
                         f"{m.shape} and {s.shape}")
    if len(m) < 2:
        raise ValueError("need at least 2 models")
    if not (np.isfinite(m).all() and np.isfinite(s).all()):
        raise ValueError("means and se must be finite (no NaN): drop models without a "
                         "standard error")
    if (s < 0).any():
        raise ValueError("standard errors must be non-negative")
    return m, s


def standard_error_noise(means: Any, se: Any) -> float:
    """Noise of a benchmark from its standard errors, on Heineman et al.'s relative scale.

    ``noise = sqrt(mean(se_i^2)) / mean(m_i)``: the root-mean-square standard error of one
    model's score, relative to the mean score of the models. It plays the role of
    Heineman et al.'s noise (the standard deviation of one run's scores over its final
    checkpoints, relative to their mean; :func:`analysis.ranking.noise`) when only
    published means ± standard errors exist.

    Parameters
    ----------
    means
        One score per model (a Series or array), positive, in any unit.
    se
        Standard errors in the same unit (a Series is aligned on the model labels).

    Returns
    -------
    float
        Dimensionless noise; ``signal(means) / standard_error_noise(means, se)`` is then a
        signal-to-noise ratio.

    Notes
    -----
    A standard error measures sampling noise over items (and, if the runs were repeated,
    over runs), not the checkpoint-to-checkpoint wobble of a training run, so the two
    noises are not the same quantity and their SNRs are not comparable across papers.

    Examples
    --------
    >>> round(standard_error_noise([0.4, 0.6], [0.03, 0.04]), 6)
    0.070711
    """
    m, s = _means_se(means, se)
    if m.mean() <= 0:
        raise ValueError(f"the mean score is {m.mean():g}; the relative noise needs positive scores")
    return float(np.sqrt(np.mean(s**2)) / m.mean())


def replication_agreement(means: Any, se: Any) -> float:
    """Share of model pairs that two independent replications of a benchmark would order
    alike, under a normal model of each score (plug-in).

    Each model's score in a replication is ``Normal(m_i, se_i^2)``, independently across
    models and replications. For a pair, both replications' differences are
    ``Normal(d, v)`` with ``d = m_i - m_j`` and ``v = se_i^2 + se_j^2``; they have the same
    sign with probability ``Phi(d / sqrt(v))^2 + Phi(-d / sqrt(v))^2``. The result averages
    this over all pairs ``i < j``: a decision accuracy (Heineman et al. 2025) of the
    benchmark against itself.

    Parameters
    ----------
    means
        Published scores, one per model (Series or array).
    se
        Their standard errors (a Series is aligned on the model labels).

    Returns
    -------
    float
        A fraction in [0.5, 1]: 1 when every pair is far apart relative to its noise, 0.5
        when every pair is tied within noise. A pair with ``v = 0`` counts 1 (and 0.5 if
        also ``d = 0``).

    Notes
    -----
    The observed differences ``d`` replace the true ones, and observed differences are
    spread wider than true ones by the noise itself, so the plug-in is optimistic when the
    noise is large relative to the spread of the models. Scores of models evaluated on
    the same items are positively correlated, which makes differences less noisy than
    independence implies (pessimistic); the two biases do not cancel in general.

    Examples
    --------
    >>> replication_agreement([0.5, 0.5], [0.01, 0.01])
    0.5
    >>> round(replication_agreement([0.4, 0.6], [0.0, 0.0]), 6)
    1.0
    """
    m, s = _means_se(means, se)
    i, j = np.triu_indices(len(m), k=1)
    d = m[i] - m[j]
    v = s[i] ** 2 + s[j] ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(v > 0, d / np.sqrt(np.where(v > 0, v, 1.0)), np.sign(d) * np.inf)
    p = sps.norm.cdf(z)
    agree = p**2 + (1 - p) ** 2
    agree = np.where((v == 0) & (d == 0), 0.5, agree)
    return float(agree.mean())
