"""Published claims beside the book's own values, checked by pytest.

Every number a chapter compares with a paper is registered in ``registry.toml`` (or, for
later chapters, ``chapterNN.toml`` beside ``chapterNN.py``, same fields): the source
(author-year and bibkey), where in the paper it is, the published value, the relation that
counts as agreement (equal within a tolerance, or a bound), and the function that computes
our value from the data. A chapter renders its claims table with :func:`claims_table`; the
test suite recomputes every claim and fails when one no longer comes out as the registry
says (``expected``), so that the chapter's discussion of it is re-read.

Example
-------
>>> from analysis.claims import load_claims
>>> claim = load_claims("01_error_bars")[0]
>>> claim.source, claim.published
('Recht et al. 2018', 0.886)
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

__all__ = ["Claim", "load_claims", "evaluate_claims", "claims_table"]

_RELATIONS = ("equals", "at_least", "at_most")
_UNITS = ("percent", "points", "number")
_EVIDENCE = {"paper": "paper", "2nd": "second-hand", "recall": "recalled"}


@dataclass(frozen=True)
class Claim:
    """One published number and how the book recomputes it (fields as in ``registry.toml``)."""

    id: str
    chapter: str
    source: str
    bibkey: str
    location: str
    evidence: str
    statement: str
    published: float
    relation: str
    tolerance: float
    unit: str
    digits: int
    compute: str
    expected: str
    note: str

    def compute_function(self) -> Callable[[], float]:
        """The registered function that computes our value."""
        module, _, name = self.compute.partition(":")
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)

    def holds(self, ours: float) -> bool:
        """Whether our value agrees with the claim under its relation."""
        if self.relation == "equals":
            return abs(ours - self.published) <= self.tolerance + 1e-12
        if self.relation == "at_least":
            return ours >= self.published
        return ours <= self.published

    def format(self, value: float, extra_digits: int = 0, *, gap: bool = False) -> str:
        """A value in the claim's unit, with the published precision (plus ``extra_digits``);
        a ``gap`` between two percentages is shown in percentage points."""
        digits = self.digits + extra_digits
        if self.unit == "percent" and not gap:
            return f"{value * 100:.{digits}f}%"
        if self.unit in ("points", "percent"):
            return f"{value * 100:.{digits}f} pp"
        return f"{value:.{digits}f}"


@cache
def _registry() -> tuple[Claim, ...]:
    # registry.toml documents the fields and holds the first chapters' claims; later
    # chapters keep theirs beside their code, in chapterNN.toml.
    package = resources.files(__name__)
    names = ["registry.toml"] + sorted(
        f.name for f in package.iterdir() if f.name.startswith("chapter") and f.name.endswith(".toml"))
    entries: dict[str, dict] = {}
    for name in names:
        for key, fields in tomllib.loads(package.joinpath(name).read_text(encoding="utf-8")).items():
            if key in entries:
                raise ValueError(f"claim {key!r} is registered twice (again in {name}); "
                                 "claim ids must be unique across the claims files")
            entries[key] = fields
    claims = []
    for key, fields in entries.items():
        claim = Claim(id=key, **fields)
        if claim.relation not in _RELATIONS or claim.unit not in _UNITS:
            raise ValueError(f"claim {key}: relation must be one of {_RELATIONS} and unit one "
                             f"of {_UNITS}")
        if claim.evidence not in _EVIDENCE or claim.expected not in ("holds", "does not hold"):
            raise ValueError(f"claim {key}: evidence must be one of {list(_EVIDENCE)} and "
                             "expected 'holds' or 'does not hold'")
        claims.append(claim)
    return tuple(claims)


def load_claims(chapter: str | None = None) -> list[Claim]:
    """The registered claims, all of them or one chapter's (notebook stem, e.g.
    ``"01_error_bars"``), in registry order."""
    claims = [c for c in _registry() if chapter is None or c.chapter == chapter]
    if chapter is not None and not claims:
        chapters = sorted({c.chapter for c in _registry()})
        raise KeyError(f"no claims registered for chapter {chapter!r}; chapters with claims: "
                       f"{chapters}")
    return claims


def evaluate_claims(chapter: str | None = None) -> pd.DataFrame:
    """Compute our value for every claim: one row per claim id with ``published``,
    ``ours``, ``difference`` (ours − published), ``holds`` and ``expected_to_hold``.

    Each function is computed once per call, even when several claims share it.
    """
    rows, computed = [], {}
    for claim in load_claims(chapter):
        if claim.compute not in computed:
            computed[claim.compute] = float(claim.compute_function()())
        ours = computed[claim.compute]
        rows.append({"id": claim.id, "source": claim.source, "statement": claim.statement,
                     "relation": claim.relation, "published": claim.published, "ours": ours,
                     "difference": ours - claim.published, "holds": claim.holds(ours),
                     "expected_to_hold": claim.expected == "holds"})
    return pd.DataFrame(rows).set_index("id")


def claims_table(chapter: str, values: pd.DataFrame | None = None) -> pd.DataFrame:
    """A chapter's claims as the reader sees them: published claim, our value, verdict.

    Bounds read as bounds ("≥ 3" holds), equalities show the difference in the claim's
    unit. Columns: ``source``, ``claim``, ``published``, ``ours``, ``verdict``. Pass the
    chapter's :func:`evaluate_claims` result as ``values`` to avoid computing it again.
    """
    if values is None:
        values = evaluate_claims(chapter)
    rows = []
    for claim in load_claims(chapter):
        ours = values.loc[claim.id, "ours"]
        if claim.relation == "equals":
            published = claim.format(claim.published)
            gap = claim.format(abs(ours - claim.published), extra_digits=2, gap=True)
            verdict = f"agrees ({gap} apart)" if claim.holds(ours) else f"differs by {gap}"
        else:
            sign = "≥" if claim.relation == "at_least" else "≤"
            published = f"{sign} {claim.format(claim.published)}"
            verdict = "holds" if claim.holds(ours) else "does not hold"
        source = claim.source + ("" if claim.evidence == "paper" else f" ({_EVIDENCE[claim.evidence]})")
        rows.append({"source": source, "claim": claim.statement, "published": published,
                     "ours": claim.format(ours, extra_digits=1), "verdict": verdict})
    return pd.DataFrame(rows)
