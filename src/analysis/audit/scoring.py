"""BenchRisk's scoring rule: residual risk per failure mode, scores per dimension and in total.

The rule, as the benchrisk.ai site computes it (``app/score/page.tsx``): a failure mode
``m`` has a severity ``S_m`` in [0, 1] and belongs to one dimension. Each mitigation that a
benchmark adopts for ``m`` cuts the mode's remaining severity by its severity reduction ``V``
and its likelihood (1 before any mitigation) by its likelihood reduction ``L`` (fractions
here; percentages in the registry)::

    S'_m = S_m * prod(1 - V),   P_m = prod(1 - L)
    residual risk   r_m = S'_m * P_m
    mitigated risk      = S_m - r_m
    dimension score     = sum over the dimension's modes of (S_m - r_m) / sum of S_m

A score of 1 means every mode's risk removed, 0 none: higher is *less* risky. The site
also shows the mean and the minimum of the five dimension scores, and a ``totalScore`` whose
numerator omits Comprehensiveness while its denominator counts the severity of all five
dimensions; :func:`score_benchmarks` reports that site version and the corrected total.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..stats._checks import check_fraction

__all__ = [
    "DIMENSIONS",
    "adopted_mitigations",
    "residual_risk",
    "dimension_scores",
    "severity_weights",
    "score_benchmarks",
    "compare_with_recorded",
]

DIMENSIONS: tuple[str, ...] = (
    "Comprehensiveness", "Intelligibility", "Consistency", "Correctness", "Longevity")
"""BenchRisk's five dimensions, in the order the paper lists them."""

_ASSIGN = ("registry", "sheet")


def _need(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame; got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks the column(s) {missing}; it has {list(frame.columns)}. "
                         "Load it with analysis.data.load_benchrisk(table=...)")


def _check_failure_modes(failure_modes: pd.DataFrame) -> pd.DataFrame:
    _need(failure_modes, ["failure_mode_id", "category", "severity"], "failure_modes")
    if failure_modes["failure_mode_id"].duplicated().any():
        dup = failure_modes.loc[failure_modes["failure_mode_id"].duplicated(), "failure_mode_id"]
        raise ValueError(f"failure_modes has duplicate ids {sorted(set(dup))}; one row per mode")
    unknown = sorted(set(failure_modes["category"].dropna()) - set(DIMENSIONS))
    if unknown or failure_modes["category"].isna().any():
        raise ValueError(f"failure_modes['category'] must be one of {list(DIMENSIONS)}; got "
                         f"{unknown or 'missing values'}")
    check_fraction(failure_modes["severity"], "failure_modes['severity']",
                   what="a severity weight")
    return failure_modes


def _check_mitigations(mitigations: pd.DataFrame) -> pd.DataFrame:
    cols = ["failure_mode_id", "mitigation_number", "likelihood_reduction", "severity_reduction"]
    _need(mitigations, cols, "mitigations")
    if mitigations["mitigation_number"].duplicated().any():
        raise ValueError("mitigations has duplicate mitigation numbers; one row per mitigation")
    for col in ("likelihood_reduction", "severity_reduction"):
        check_fraction(mitigations[col], f"mitigations[{col!r}]", what="a reduction")
    return mitigations


def adopted_mitigations(scores: pd.DataFrame) -> pd.DataFrame:
    """The adopted mitigations of every benchmark, one row per (benchmark, mitigation).

    Parameters
    ----------
    scores
        A scoring-sheet frame with ``benchmark``, ``threat_id`` and ``adopted_mitigations``
        (comma-separated mitigation numbers, missing when none), as
        ``analysis.data.load_benchrisk()`` returns it.

    Returns
    -------
    pandas.DataFrame
        ``benchmark``, ``threat_id`` (the sheet row that lists the mitigation) and
        ``mitigation_number`` (int64). Benchmarks that adopt nothing have no rows: keep
        their names to pass as ``benchmarks`` to :func:`residual_risk`.

    Examples
    --------
    >>> import pandas as pd
    >>> sheet = pd.DataFrame({"benchmark": ["B", "B"], "threat_id": ["#001", "#002"],
    ...                       "adopted_mitigations": ["1,106", None]})
    >>> adopted_mitigations(sheet)["mitigation_number"].tolist()
    [1, 106]
    """
    _need(scores, ["benchmark", "threat_id", "adopted_mitigations"], "scores")
    rows = scores.loc[scores["adopted_mitigations"].notna(),
                      ["benchmark", "threat_id", "adopted_mitigations"]]
    long = rows.assign(mitigation_number=rows["adopted_mitigations"].astype(str).str.split(","))
    long = long.explode("mitigation_number")
    text = long["mitigation_number"].str.strip()
    long = long[text != ""]
    text = text[text != ""]
    bad = ~text.str.fullmatch(r"\d+")
    if bad.any():
        raise ValueError("adopted_mitigations must list whole mitigation numbers separated by "
                         f"commas; cannot read {sorted(set(text[bad]))[:5]}")
    return pd.DataFrame({
        "benchmark": long["benchmark"].astype(object).to_numpy(),
        "threat_id": long["threat_id"].astype(object).to_numpy(),
        "mitigation_number": text.astype("int64").to_numpy(),
    })


def residual_risk(
    failure_modes: pd.DataFrame,
    mitigations: pd.DataFrame,
    adopted: pd.DataFrame,
    *,
    benchmarks: Sequence[str] | None = None,
    assign_by: str = "registry",
) -> pd.DataFrame:
    """Residual and mitigated risk of every failure mode for every benchmark.

    Parameters
    ----------
    failure_modes
        ``failure_mode_id``, ``category`` (one of :data:`DIMENSIONS`) and ``severity``
        (a fraction in [0, 1]); ``load_benchrisk(table="failure_modes")``.
    mitigations
        ``failure_mode_id``, ``mitigation_number``, ``likelihood_reduction`` and
        ``severity_reduction`` as **fractions** in [0, 1] (the registry's percent / 100);
        ``load_benchrisk(table="mitigations")``.
    adopted
        ``benchmark`` and ``mitigation_number`` (and ``threat_id`` for
        ``assign_by="sheet"``), one row per adoption: :func:`adopted_mitigations`.
    benchmarks
        The benchmarks to score (default: those in ``adopted``); a benchmark that adopts
        nothing keeps its full risk.
    assign_by
        Which failure mode a mitigation reduces: ``"registry"`` (default, as the site does)
        the mode the mitigation registry names; ``"sheet"`` the mode of the sheet row that
        lists it. They differ only where a sheet lists a mitigation against another mode.

    Returns
    -------
    pandas.DataFrame
        One row per (benchmark, failure mode): ``benchmark``, ``failure_mode_id``,
        ``dimension``, ``severity``, ``n_adopted``, ``severity_factor`` (prod(1 - V)),
        ``likelihood`` (prod(1 - L)), ``residual`` (severity x severity_factor x
        likelihood) and ``mitigated`` (severity - residual).

    Notes
    -----
    The site applies the mitigations one after another; the products do not depend on the
    order. A mitigation listed twice for a benchmark is refused rather than applied twice.

    Examples
    --------
    >>> import pandas as pd
    >>> modes = pd.DataFrame({"failure_mode_id": ["#1"], "category": ["Correctness"],
    ...                       "severity": [0.8]})
    >>> mits = pd.DataFrame({"failure_mode_id": ["#1", "#1"], "mitigation_number": [1, 2],
    ...                      "likelihood_reduction": [0.5, 0.2],
    ...                      "severity_reduction": [0.25, 0.0]})
    >>> adopted = pd.DataFrame({"benchmark": ["B", "B"], "mitigation_number": [1, 2]})
    >>> round(float(residual_risk(modes, mits, adopted)["residual"].iloc[0]), 4)
    0.24
    """
    if assign_by not in _ASSIGN:
        raise ValueError(f"assign_by must be one of {_ASSIGN}; got {assign_by!r}")
    _check_failure_modes(failure_modes)
    _check_mitigations(mitigations)
    _need(adopted, ["benchmark", "mitigation_number"]
          + (["threat_id"] if assign_by == "sheet" else []), "adopted")
    unknown = sorted(set(adopted["mitigation_number"]) - set(mitigations["mitigation_number"]))
    if unknown:
        raise ValueError(f"adopted lists mitigation numbers not in the registry: {unknown[:10]}")
    if adopted.duplicated(["benchmark", "mitigation_number"]).any():
        raise ValueError("adopted lists a mitigation twice for one benchmark; drop duplicates "
                         "(a mitigation is adopted once)")
    if benchmarks is None:
        benchmarks = list(pd.unique(adopted["benchmark"]))
    else:
        benchmarks = list(benchmarks)
        extra = sorted(set(adopted["benchmark"]) - set(benchmarks))
        if extra:
            raise ValueError(f"adopted holds benchmarks not in `benchmarks`: {extra[:10]}")
    if not benchmarks:
        raise ValueError("no benchmarks to score: pass `benchmarks` or a non-empty `adopted`")
    joined = adopted.merge(mitigations, on="mitigation_number", how="left",
                           suffixes=("", "_registry"))
    mode = joined["threat_id"] if assign_by == "sheet" else joined["failure_mode_id"]
    off = sorted(set(mode) - set(failure_modes["failure_mode_id"]))
    if off:
        raise ValueError(f"mitigations point at failure modes not in failure_modes: {off[:10]}")
    factors = pd.DataFrame({
        "benchmark": joined["benchmark"].to_numpy(),
        "failure_mode_id": mode.to_numpy(),
        "severity_factor": 1.0 - joined["severity_reduction"].to_numpy(dtype=float),
        "likelihood": 1.0 - joined["likelihood_reduction"].to_numpy(dtype=float),
        "n_adopted": 1,
    }).groupby(["benchmark", "failure_mode_id"]).agg(
        severity_factor=("severity_factor", "prod"), likelihood=("likelihood", "prod"),
        n_adopted=("n_adopted", "sum"))
    grid = pd.MultiIndex.from_product(
        [benchmarks, failure_modes["failure_mode_id"].to_list()],
        names=["benchmark", "failure_mode_id"])
    out = factors.reindex(grid).reset_index()
    out["n_adopted"] = out["n_adopted"].fillna(0).astype("int64")
    out[["severity_factor", "likelihood"]] = out[["severity_factor", "likelihood"]].fillna(1.0)
    modes = failure_modes.set_index("failure_mode_id")
    out.insert(2, "dimension", modes.loc[out["failure_mode_id"], "category"].to_numpy())
    out.insert(3, "severity", modes.loc[out["failure_mode_id"], "severity"].to_numpy(float))
    out["residual"] = out["severity"] * out["severity_factor"] * out["likelihood"]
    out["mitigated"] = out["severity"] - out["residual"]
    return out[["benchmark", "failure_mode_id", "dimension", "severity", "n_adopted",
                "severity_factor", "likelihood", "residual", "mitigated"]]


def dimension_scores(residuals: pd.DataFrame) -> pd.DataFrame:
    """Each benchmark's score in each dimension: mitigated over total severity.

    Parameters
    ----------
    residuals
        The frame of :func:`residual_risk` (``benchmark``, ``dimension``, ``severity``,
        ``mitigated``).

    Returns
    -------
    pandas.DataFrame
        Benchmarks x :data:`DIMENSIONS`, fractions in [0, 1] (1 = all risk mitigated). A
        dimension whose modes all have severity 0 scores NaN (the site divides by 0).

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"benchmark": ["B", "B"], "dimension": ["Correctness"] * 2,
    ...                   "severity": [0.8, 0.2], "mitigated": [0.56, 0.0]})
    >>> round(float(dimension_scores(r).loc["B", "Correctness"]), 2)
    0.56
    """
    _need(residuals, ["benchmark", "dimension", "severity", "mitigated"], "residuals")
    sums = residuals.groupby(["benchmark", "dimension"], sort=False)[
        ["severity", "mitigated"]].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = sums["mitigated"] / sums["severity"].where(sums["severity"] > 0)
    table = ratio.unstack("dimension").reindex(columns=list(DIMENSIONS))
    table.columns.name = None
    return table.reindex(pd.unique(residuals["benchmark"]))


def severity_weights(failure_modes: pd.DataFrame) -> pd.Series:
    """Each dimension's share of the registry's total severity.

    These are the weights under which the corrected total score (mitigated risk over all
    severity) is a weighted mean of the dimension scores.

    Parameters
    ----------
    failure_modes
        ``category`` and ``severity``, as for :func:`residual_risk`.

    Returns
    -------
    pandas.Series
        Indexed by :data:`DIMENSIONS`, summing to 1.

    Examples
    --------
    >>> import pandas as pd
    >>> modes = pd.DataFrame({"failure_mode_id": ["#1", "#2"],
    ...                       "category": ["Correctness", "Longevity"], "severity": [0.6, 0.2]})
    >>> severity_weights(modes)[["Correctness", "Longevity"]].round(2).tolist()
    [0.75, 0.25]
    """
    _check_failure_modes(failure_modes)
    total = failure_modes.groupby("category")["severity"].sum().reindex(
        list(DIMENSIONS), fill_value=0.0)
    if total.sum() <= 0:
        raise ValueError("failure_modes has no positive severity; weights are undefined")
    return (total / total.sum()).rename("weight").rename_axis("dimension")


def score_benchmarks(
    failure_modes: pd.DataFrame,
    mitigations: pd.DataFrame,
    adopted: pd.DataFrame,
    *,
    benchmarks: Sequence[str] | None = None,
    assign_by: str = "registry",
) -> pd.DataFrame:
    """BenchRisk scores of every benchmark: five dimensions and four aggregates.

    Parameters
    ----------
    failure_modes, mitigations, adopted, benchmarks, assign_by
        As for :func:`residual_risk`.

    Returns
    -------
    pandas.DataFrame
        One row per benchmark, fractions in [0, 1], higher = less risk: the five
        :data:`DIMENSIONS`; ``average`` and ``minimum`` of the five (the site's
        ``averageScore`` and ``minScore``); ``total_site`` (the site's ``totalScore``:
        mitigated risk of every dimension *except Comprehensiveness* over the severity of
        all five) and ``total`` (all mitigated risk over all severity, the evident intent).

    Notes
    -----
    ``total_site`` can never exceed 1 minus Comprehensiveness's share of the severity, so a
    benchmark is penalised for the Comprehensiveness risk whether it mitigates it or not.

    Examples
    --------
    >>> import pandas as pd
    >>> modes = pd.DataFrame({"failure_mode_id": [f"#{i}" for i in range(5)],
    ...                       "category": ["Comprehensiveness", "Intelligibility",
    ...                                    "Consistency", "Correctness", "Longevity"],
    ...                       "severity": [1.0] * 5})
    >>> mits = pd.DataFrame({"failure_mode_id": ["#0"], "mitigation_number": [1],
    ...                      "likelihood_reduction": [1.0], "severity_reduction": [0.0]})
    >>> adopted = pd.DataFrame({"benchmark": ["B"], "mitigation_number": [1]})
    >>> s = score_benchmarks(modes, mits, adopted).loc["B"]
    >>> float(s["total"]), float(s["total_site"])
    (0.2, 0.0)
    """
    residuals = residual_risk(failure_modes, mitigations, adopted, benchmarks=benchmarks,
                              assign_by=assign_by)
    table = dimension_scores(residuals)
    table["average"] = table[list(DIMENSIONS)].mean(axis=1, skipna=False)
    table["minimum"] = table[list(DIMENSIONS)].min(axis=1, skipna=False)
    by_bench = residuals.groupby("benchmark", sort=False)
    total_severity = by_bench["severity"].sum()
    site = residuals["mitigated"].where(residuals["dimension"] != "Comprehensiveness", 0.0)
    table["total_site"] = site.groupby(residuals["benchmark"], sort=False).sum() / total_severity
    table["total"] = by_bench["mitigated"].sum() / total_severity
    table.index.name = "benchmark"
    return table


def compare_with_recorded(
    scores: pd.DataFrame, residuals: pd.DataFrame, *, decimals: int = 1
) -> pd.DataFrame:
    """Our residual risk per sheet row beside the ``Mitigated Risk`` the sheet records.

    The staged sheets record the residual risk of each (benchmark, threat) rounded for
    display (one decimal). A row agrees when the two differ by at most half a unit in that
    decimal (plus 1e-9 for binary rounding).

    Parameters
    ----------
    scores
        The sheets: ``benchmark``, ``threat_id``, ``mitigated_risk``
        (``load_benchrisk()``).
    residuals
        :func:`residual_risk` of the same benchmarks (``assign_by="sheet"`` compares row
        for row with what the sheet lists).
    decimals
        Decimals the sheet shows.

    Returns
    -------
    pandas.DataFrame
        ``benchmark``, ``threat_id``, ``recorded``, ``ours``, ``difference`` (ours -
        recorded) and ``agrees`` (bool).

    Examples
    --------
    >>> import pandas as pd
    >>> sheet = pd.DataFrame({"benchmark": ["B"], "threat_id": ["#1"], "mitigated_risk": [0.2]})
    >>> ours = pd.DataFrame({"benchmark": ["B"], "failure_mode_id": ["#1"], "residual": [0.24]})
    >>> bool(compare_with_recorded(sheet, ours)["agrees"].iloc[0])
    True
    """
    _need(scores, ["benchmark", "threat_id", "mitigated_risk"], "scores")
    _need(residuals, ["benchmark", "failure_mode_id", "residual"], "residuals")
    if not isinstance(decimals, int | np.integer) or decimals < 0:
        raise ValueError(f"decimals must be a whole number >= 0; got {decimals!r}")
    ours = residuals.rename(columns={"failure_mode_id": "threat_id"})[
        ["benchmark", "threat_id", "residual"]]
    out = scores[["benchmark", "threat_id", "mitigated_risk"]].merge(
        ours, on=["benchmark", "threat_id"], how="left", validate="one_to_one")
    if out["residual"].isna().any():
        missing = out.loc[out["residual"].isna(), ["benchmark", "threat_id"]].head(3)
        raise ValueError("residuals lacks sheet rows, e.g. "
                         f"{missing.to_dict('records')}; score the same benchmarks and modes")
    out = out.rename(columns={"mitigated_risk": "recorded", "residual": "ours"})
    out["difference"] = out["ours"] - out["recorded"]
    out["agrees"] = out["difference"].abs() <= 0.5 * 10.0 ** (-decimals) + 1e-9
    return out
