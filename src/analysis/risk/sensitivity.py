"""Which belief drives the chain's conclusion: one-at-a-time (tornado), global, recommendations.

All three use common random numbers: the uniforms behind the draws are made once, and only
the belief under study changes, so the differences are due to the beliefs alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..stats._checks import check_fraction, check_rng, check_whole
from .beliefs import (
    PRESETS,
    Belief,
    _as_beliefs,
    apply_recommendation,
    get_beliefs,
    recommendations_table,
    update_beliefs,
)
from .chain import ChainResult, chain_outputs, sample_beliefs, simulate_chain

__all__ = ["OUTPUTS", "chain_statistic", "tornado", "global_sensitivity",
           "recommendation_effects", "compare_presets"]

#: Statistics of the chain a sensitivity analysis can track.
OUTPUTS = ("p_mitigation", "p_understanding", "p_mitigation_given_understanding",
           "expected_net_value", "p_net_value_positive")


def chain_statistic(outputs: pd.DataFrame, output: str = "expected_net_value") -> float:
    """One number from the chain's outputs: the mean of a probability column,
    ``expected_net_value`` (mean net value) or ``p_net_value_positive``.

    Examples
    --------
    >>> chain_statistic(pd.DataFrame({"net_value": [-1.0, 2.0, 3.0]}), "p_net_value_positive")
    0.6666666666666666
    """
    if output not in OUTPUTS:
        raise ValueError(f"unknown output {output!r}; choose one of {OUTPUTS}")
    if output == "expected_net_value":
        return float(outputs["net_value"].mean())
    if output == "p_net_value_positive":
        return float((outputs["net_value"] > 0).mean())
    return float(outputs[output].mean())


def tornado(beliefs: Sequence[Belief] | str, rng: np.random.Generator, *, n: int = 20_000,
            combine: str = "independent", output: str = "expected_net_value",
            low: float = 0.1, high: float = 0.9) -> pd.DataFrame:
    """One-at-a-time sensitivity: each belief fixed at its ``low`` and ``high`` percentile
    while the others keep their distributions (common random numbers).

    Returns
    -------
    pandas.DataFrame
        One row per belief, sorted by ``swing`` (largest first): ``section``, ``title``,
        ``value_low`` / ``value_high`` (the belief's percentiles), ``output_low`` /
        ``output_high`` (the statistic with the belief fixed there), ``swing`` =
        ``|output_high - output_low|``; the statistic under the full beliefs is in
        ``DataFrame.attrs["baseline"]``.

    Notes
    -----
    A belief's swing depends on how wide the reader's distribution is: a belief held with
    certainty has no swing, however much the output depends on it. Interactions are
    ignored (see :func:`global_sensitivity`).

    Examples
    --------
    >>> t = tornado("default", np.random.default_rng(0), n=2000, output="p_mitigation")
    >>> bool(t["swing"].is_monotonic_decreasing)
    True
    """
    beliefs = _as_beliefs(beliefs)
    low, high = (float(check_fraction(q, "percentile")) for q in (low, high))
    if not 0 < low < high < 1:
        raise ValueError(f"need 0 < low < high < 1 (percentiles as fractions); got {low}, {high}")
    n = int(check_whole(n, "n")[()])
    uniforms = check_rng(rng).random((n, len(beliefs)))
    samples = sample_beliefs(beliefs, None, uniforms=uniforms)
    baseline = chain_statistic(chain_outputs(samples, beliefs, combine), output)
    rows = []
    for b in beliefs:
        ends = {}
        for tag, q in (("low", low), ("high", high)):
            fixed = samples.copy()
            fixed[b.name] = b.quantile(q)
            ends[f"value_{tag}"] = b.quantile(q)
            ends[f"output_{tag}"] = chain_statistic(chain_outputs(fixed, beliefs, combine), output)
        rows.append({"name": b.name, "section": b.section, "title": b.title, **ends})
    table = pd.DataFrame(rows).set_index("name")
    table["swing"] = (table["output_high"] - table["output_low"]).abs()
    table = table.sort_values("swing", ascending=False, kind="stable")
    table.attrs["baseline"] = baseline
    table.attrs["output"] = output
    return table


def global_sensitivity(result: ChainResult, *, output: str = "net_value",
                       bins: int = 20) -> pd.DataFrame:
    """Global sensitivity from one Monte Carlo run, all beliefs varying together.

    Two measures per belief:

    - ``spearman``: rank correlation of the belief's draws with the output (sign and
      strength of a monotone association).
    - ``first_order``: the first-order (main-effect) variance-based index
      :math:`S_i = \\operatorname{Var}(E[Y \\mid X_i]) / \\operatorname{Var}(Y)`, estimated by
      sorting the draws on :math:`X_i` into ``bins`` equal-count bins and taking the
      variance of the bin means (Saltelli et al. 2008, Ch. 4, the "scatterplot" estimator).
      The estimate is biased upward by about ``bins / n`` (the noise of the bin means).

    With independent beliefs the first-order indices sum to at most 1; the rest is
    interaction.

    Parameters
    ----------
    result
        From :func:`simulate_chain` (its ``samples`` and ``outputs``).
    output
        A column of ``result.outputs`` (``net_value``, ``p_mitigation``, ...).

    Examples
    --------
    >>> r = simulate_chain("default", np.random.default_rng(0), n=4000)
    >>> g = global_sensitivity(r, output="p_mitigation")
    >>> bool(g["first_order"].sum() <= 1.05)
    True
    """
    if output not in result.outputs.columns:
        raise ValueError(f"unknown output {output!r}; choose one of {list(result.outputs.columns)}")
    bins = int(check_whole(bins, "bins", minimum=2)[()])
    y = result.outputs[output].to_numpy()
    n = y.size
    if n < 2 * bins:
        raise ValueError(f"need at least 2 draws per bin: {n} draws for {bins} bins")
    var_y = y.var()
    x = result.samples.to_numpy()
    ranks = np.argsort(np.argsort(x, axis=0, kind="stable"), axis=0, kind="stable")
    which = ranks * bins // n  # equal-count bins, (n, k)
    k = x.shape[1]
    counts = np.zeros((bins, k))
    sums = np.zeros((bins, k))
    np.add.at(counts, (which, np.arange(k)), 1)
    np.add.at(sums, (which, np.arange(k)), y[:, None])
    means = sums / counts
    first = (counts * (means - y.mean()) ** 2).sum(axis=0) / n / var_y if var_y > 0 else np.zeros(k)
    rho = np.array([stats.spearmanr(x[:, j], y).statistic if np.ptp(x[:, j]) > 0 else 0.0
                    for j in range(k)])
    table = pd.DataFrame({"spearman": rho, "first_order": first}, index=result.samples.columns)
    table.index.name = "name"
    return table.sort_values("first_order", ascending=False, kind="stable")


def recommendation_effects(beliefs: Sequence[Belief] | str, rng: np.random.Generator, *,
                           n: int = 20_000, combine: str = "independent") -> pd.DataFrame:
    """What each of the paper's twelve recommendations buys under ``beliefs``.

    Each recommendation multiplies the central values of the beliefs it moves by the
    factors of :func:`recommendations_table` (the book's assumption); the chain is re-run
    with common random numbers.

    Returns
    -------
    pandas.DataFrame
        Indexed by recommendation number: ``title``, ``actor``, ``moves``,
        ``d_p_mitigation``, ``d_expected_net_value``, ``d_p_net_value_positive`` (changes
        from the baseline, in the outputs' units), sorted by ``d_expected_net_value``.

    Examples
    --------
    >>> r = recommendation_effects("default", np.random.default_rng(0), n=2000)
    >>> len(r), bool((r["d_p_mitigation"] >= 0).all())
    (12, True)
    """
    beliefs = _as_beliefs(beliefs)
    n = int(check_whole(n, "n")[()])
    uniforms = check_rng(rng).random((n, len(beliefs)))
    samples = sample_beliefs(beliefs, None, uniforms=uniforms)
    base = ChainResult(samples, chain_outputs(samples, beliefs, combine), combine).summary()
    column = {b.name: j for j, b in enumerate(beliefs)}
    recs = recommendations_table()
    rows = []
    for number, rec in recs.iterrows():
        changed = apply_recommendation(beliefs, rec["effects"])
        moved_samples = samples.copy()
        for b in changed:  # redraw only the moved beliefs, from the same uniforms
            if b.name in rec["effects"]:
                moved_samples[b.name] = b.ppf(np.clip(uniforms[:, column[b.name]], 1e-12, 1 - 1e-12))
        moved = ChainResult(moved_samples, chain_outputs(moved_samples, changed, combine),
                            combine).summary()
        rows.append({"number": number, "title": rec["title"], "actor": rec["actor"],
                     "moves": rec["moves"],
                     **{f"d_{k}": moved[k] - base[k] for k in
                        ("p_mitigation", "expected_net_value", "p_net_value_positive")}})
    return (pd.DataFrame(rows).set_index("number")
            .sort_values("d_expected_net_value", ascending=False, kind="stable"))


def compare_presets(rng: np.random.Generator, *, n: int = 20_000, combine: str = "independent",
                    overrides: dict | None = None, presets: Sequence[str] = PRESETS,
                    ) -> dict[str, ChainResult]:
    """The chain under each preset (with the same ``overrides`` applied to each, e.g. a
    data-informed belief), with common random numbers.

    Examples
    --------
    >>> runs = compare_presets(np.random.default_rng(0), n=1000)
    >>> p = {name: r.summary()["p_mitigation"] for name, r in runs.items()}
    >>> bool(p["optimist"] > p["default"] > p["sceptic"])
    True
    """
    k = len(get_beliefs())
    n = int(check_whole(n, "n")[()])
    uniforms = check_rng(rng).random((n, k))
    return {p: simulate_chain(update_beliefs(get_beliefs(p), overrides or {}), None,
                              uniforms=uniforms, combine=combine) for p in presets}
