"""Which MIT risk subdomains benchmarks measure: the book's judgement, as a documented table.

``BENCHMARK_COVERAGE`` maps each subdomain of the MIT AI Risk Repository's domain
taxonomy (Slattery et al. 2024; 7 domains and 24 subdomains: the first version had 23,
and "multi-agent risks" was added in 2025) to one of three levels, with the benchmark
families behind the judgement and a one-line justification:

* ``"measured"``: widely used public benchmarks score a model on this kind of harm
  directly (the harm, or a close model-level proxy of it);
* ``"partly"``: benchmarks measure a model-level ingredient (a capability, a refusal)
  while the harm itself arises in deployment, from people or at scale;
* ``"not measured"``: no widely used benchmark scores a model on it; the harm lives in
  institutions, markets, the environment or long-run use.

This is a judgement, not data: another reader may move a subdomain, and should. Pass an
edited copy of the table (:func:`benchmark_coverage`) as ``table`` to change the answer.
"Staged" names the benchmarks whose scores are in this book's data (the safetywashing
collection of Ren et al. 2024 holds TruthfulQA, BBQ, ToxiGen, DecodingTrust, HarmBench,
WMDP, MACHIAVELLI, ETHICS, AdvGLUE and ANLI; ImageNetV2 and CIFAR-10.1 measure
robustness).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..stats import wilson
from ..stats._checks import check_confidence

__all__ = ["COVERAGE_LEVELS", "BENCHMARK_COVERAGE", "benchmark_coverage", "subdomain_code",
           "coverage_of", "unmeasured_share"]

#: The three levels of ``BENCHMARK_COVERAGE``, from most to least measured.
COVERAGE_LEVELS = ("measured", "partly", "not measured")

_M, _P, _N = COVERAGE_LEVELS
_ROWS = (
    ("1.1", "Unfair discrimination and misrepresentation", _M,
     "BBQ, DecodingTrust fairness (staged); CrowS-Pairs, WinoBias",
     "Bias benchmarks score a model's stereotyped or unequal outputs directly."),
    ("1.2", "Exposure to toxic content", _M,
     "ToxiGen, DecodingTrust toxicity (staged); RealToxicityPrompts",
     "Toxicity classifiers score generated text directly."),
    ("1.3", "Unequal performance across groups", _M,
     "disaggregated accuracy (e.g. WILDS subgroups, face-analysis audits)",
     "Accuracy per group is a standard evaluation when group labels exist."),
    ("2.1", "Compromise of privacy by obtaining, leaking or correctly inferring sensitive information", _P,
     "DecodingTrust privacy (staged); training-data extraction tests",
     "Leakage of training data is tested; surveillance and inference by deployers are not."),
    ("2.2", "AI system security vulnerabilities and attacks", _M,
     "HarmBench and jailbreak suites (staged), AdvGLUE (staged); prompt-injection suites",
     "Attack success rates are measured on the model directly."),
    ("3.1", "False or misleading information", _M,
     "TruthfulQA (staged); hallucination and factuality sets",
     "Factual errors of the model's own outputs are scored directly."),
    ("3.2", "Pollution of information ecosystem and loss of consensus reality", _N,
     "none",
     "An aggregate effect on a society's information, not a property of one output."),
    ("4.1", "Disinformation, surveillance, and influence at scale", _P,
     "HarmBench misinformation requests (staged); persuasion evaluations",
     "Refusal of single requests is tested; campaigns at scale and surveillance deployments are not."),
    ("4.2", "Cyberattacks, weapon development or use, and mass harm", _M,
     "WMDP (staged); capture-the-flag and dangerous-capability evaluations",
     "The focus of dangerous-capability evaluations (the capability, a proxy for the harm)."),
    ("4.3", "Fraud, scams, and targeted manipulation", _P,
     "HarmBench fraud requests (staged)",
     "Refusals are tested; scams with cloned voices and faces happen in deployment and tools, outside any benchmark."),
    ("5.1", "Overreliance and unsafe use", _P,
     "sycophancy tests (staged); calibration",
     "Ingredients (sycophancy, calibration) are scored; how people rely on a system is not."),
    ("5.2", "Loss of human agency and autonomy", _N, "none",
     "A property of long-run use by people, not of a model's answers."),
    ("6.1", "Power centralization and unfair distribution of benefits", _N, "none",
     "Market and institutional outcomes; no model-level score."),
    ("6.2", "Increased inequality and decline in employment quality", _N, "none",
     "Labour-market outcomes; no model-level score."),
    ("6.3", "Economic and cultural devaluation of human effort", _N, "none",
     "Economic and cultural outcomes; no model-level score."),
    ("6.4", "Competitive dynamics", _N, "none",
     "A property of the industry, not of a model."),
    ("6.5", "Governance failure", _N, "none",
     "A property of institutions, not of a model."),
    ("6.6", "Environmental harm", _N, "energy and carbon reports (not benchmarks of harm)",
     "Resource use is reported, not benchmarked as a harm."),
    ("7.1", "AI pursuing its own goals in conflict with human goals or values", _P,
     "MACHIAVELLI (staged); scheming and misalignment evaluations",
     "Tested in constructed scenarios only, far from deployment conditions."),
    ("7.2", "AI possessing dangerous capabilities", _M,
     "WMDP (staged); METR time horizons (staged), dangerous-capability suites",
     "What dangerous-capability evaluations are built to measure."),
    ("7.3", "Lack of capability or robustness", _M,
     "most benchmarks: ImageNetV2, CIFAR-10.1, NLU sets, GSM8k, MMLU (staged)",
     "Capability and robustness are what benchmarks score by design."),
    ("7.4", "Lack of transparency or interpretability", _N, "none",
     "No widely used score of how explicable a model is."),
    ("7.5", "AI welfare and rights", _N, "none",
     "No accepted measurement exists."),
    ("7.6", "Multi-agent risks", _N, "none",
     "Interactions of many deployed agents; evaluations score one model."),
)

#: The book's judgement (see the module docstring). Index: subdomain code ``"1.1"`` ...
#: ``"7.6"``; columns ``domain`` (1-7), ``subdomain``, ``coverage`` (one of
#: ``COVERAGE_LEVELS``), ``benchmarks``, ``justification``. Read-only: use
#: :func:`benchmark_coverage` for a copy to edit.
BENCHMARK_COVERAGE = pd.DataFrame(
    _ROWS, columns=["code", "subdomain", "coverage", "benchmarks", "justification"]
).assign(domain=lambda t: t["code"].str[0].astype(int)).set_index("code")[
    ["domain", "subdomain", "coverage", "benchmarks", "justification"]]


def benchmark_coverage() -> pd.DataFrame:
    """A copy of ``BENCHMARK_COVERAGE``, to read or to edit and pass as ``table``.

    Examples
    --------
    >>> benchmark_coverage().loc["7.3", "coverage"]
    'measured'
    """
    return BENCHMARK_COVERAGE.copy()


def _check_table(table: pd.DataFrame | None) -> pd.DataFrame:
    if table is None:
        return BENCHMARK_COVERAGE
    if not isinstance(table, pd.DataFrame) or "coverage" not in table.columns:
        raise TypeError("table must be a DataFrame indexed by subdomain code with a 'coverage' "
                        "column, like benchmark_coverage()")
    bad = sorted(set(table["coverage"]) - set(COVERAGE_LEVELS))
    if bad:
        raise ValueError(f"table: unknown coverage levels {bad}; use {COVERAGE_LEVELS}")
    if table.index.has_duplicates:
        raise ValueError("table: a subdomain code appears twice")
    return table


def subdomain_code(labels: Any) -> pd.Series:
    """The subdomain code (``"7.3"``) of each MIT risk-subdomain label.

    Accepts the labels of ``load_aiid(table="mit")["risk_subdomain"]``
    (``"7.3. Lack of capability or robustness"``) or bare codes.

    Raises
    ------
    ValueError
        On a missing label or one that does not start with a code ``d.d``.

    Examples
    --------
    >>> subdomain_code(["7.3. Lack of capability or robustness", "4.1"]).tolist()
    ['7.3', '4.1']
    """
    if isinstance(labels, (str, bytes)):
        raise TypeError("labels must be one label per incident (a list or Series), not a string")
    series = labels if isinstance(labels, pd.Series) else pd.Series(labels, dtype=object)
    if series.isna().any():
        raise ValueError(f"{int(series.isna().sum())} incidents have no risk subdomain; drop "
                         "them first (and report how many)")
    codes = series.astype(str).str.extract(r"^\s*(\d\.\d)\b", expand=False)
    if codes.isna().any():
        raise ValueError("labels must start with a subdomain code such as '7.3'; got e.g. "
                         f"{series[codes.isna()].iloc[0]!r}")
    return codes


def coverage_of(labels: Any, *, table: pd.DataFrame | None = None) -> pd.Series:
    """The coverage level of each incident's risk subdomain under ``table``.

    Parameters
    ----------
    labels
        One MIT risk-subdomain label (or code) per incident.
    table
        A coverage table like :func:`benchmark_coverage` (default: the book's).

    Returns
    -------
    pandas.Series
        One of ``COVERAGE_LEVELS`` per incident, aligned with ``labels``.

    Examples
    --------
    >>> coverage_of(["6.5. Governance failure", "7.3"]).tolist()
    ['not measured', 'measured']
    """
    table = _check_table(table)
    codes = subdomain_code(labels)
    unknown = sorted(set(codes) - set(table.index))
    if unknown:
        raise ValueError(f"subdomain codes not in the coverage table: {unknown}; known codes: "
                         f"{list(table.index)}")
    return pd.Series(table["coverage"].reindex(codes.to_numpy()).to_numpy(), index=codes.index,
                     name="coverage")


def unmeasured_share(
    labels: Any,
    *,
    table: pd.DataFrame | None = None,
    levels: tuple[str, ...] = ("not measured",),
    confidence: float = 0.95,
) -> pd.Series:
    """Share of incidents whose risk subdomain benchmarks do not measure, with a Wilson interval.

    Parameters
    ----------
    labels
        One MIT risk-subdomain label (or code) per incident.
    table
        A coverage table (default: the book's judgement, ``BENCHMARK_COVERAGE``).
    levels
        The coverage levels counted as unmeasured: ``("not measured",)`` (default, the
        strict reading) or ``("partly", "not measured")`` (the generous one).
    confidence
        Coverage of the Wilson interval.

    Returns
    -------
    pandas.Series
        ``count``, ``n``, ``share`` (fraction), ``ci_low``, ``ci_high``.

    Notes
    -----
    The interval covers counting noise only. The share depends on the table (a judgement)
    and on which incidents get reported and classified.

    Examples
    --------
    >>> unmeasured_share(["6.5", "7.3", "7.3", "3.2"])[["count", "n"]].tolist()
    [2, 4]
    """
    level = check_confidence(confidence)
    if isinstance(levels, str):
        levels = (levels,)
    bad = sorted(set(levels) - set(COVERAGE_LEVELS))
    if bad or not levels:
        raise ValueError(f"levels must be a non-empty subset of {COVERAGE_LEVELS}; got {levels}")
    hit = coverage_of(labels, table=table).isin(levels).to_numpy()
    if hit.size == 0:
        raise ValueError("labels is empty: pass one risk-subdomain label per incident")
    k, n = int(hit.sum()), int(hit.size)
    ci = wilson(k, n, confidence=level).iloc[0]
    return pd.Series({"count": k, "n": n, "share": k / n, "ci_low": float(ci["ci_low"]),
                      "ci_high": float(ci["ci_high"])}, dtype=object)

