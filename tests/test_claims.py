"""The claims registry: well-formed, cited, and every claim recomputed from the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.claims import Claim, claims_table, evaluate_claims, load_claims

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = load_claims()


def test_registry_is_not_empty_and_ids_are_unique():
    assert CLAIMS
    assert len({c.id for c in CLAIMS}) == len(CLAIMS)


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_claim_is_cited_placed_and_computable(claim):
    bib = (ROOT / "book" / "references.bib").read_text()
    assert re.search(rf"@\w+\{{{re.escape(claim.bibkey)},", bib), f"{claim.bibkey} not in references.bib"
    assert (ROOT / "notebooks" / f"{claim.chapter}.ipynb").exists()
    assert callable(claim.compute_function())
    assert claim.location and claim.statement and claim.note


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_claim_comes_out_as_the_chapter_says(claim):
    row = evaluate_claims(claim.chapter).loc[claim.id]
    assert row["holds"] == row["expected_to_hold"], (
        f"{claim.id}: published {claim.published}, ours {row['ours']:.6g}; the registry says "
        f"it {claim.expected}. Re-read the chapter's discussion and update the registry")


def _claim(**changes) -> Claim:
    base = dict(id="x", chapter="c", source="s", bibkey="b", location="l", evidence="paper",
                statement="t", published=0.5, relation="equals", tolerance=0.01, unit="percent",
                digits=1, compute="m:f", expected="holds", note="n")
    return Claim(**(base | changes))


def test_relations_read_as_their_definitions():
    assert _claim().holds(0.509) and not _claim().holds(0.52)
    assert _claim(relation="at_least").holds(0.6) and not _claim(relation="at_least").holds(0.4)
    assert _claim(relation="at_most").holds(0.4) and not _claim(relation="at_most").holds(0.6)


def test_formats_follow_the_unit():
    assert _claim().format(0.7221, 1) == "72.21%"
    assert _claim(unit="points").format(0.006) == "0.6 pp"
    assert _claim(unit="number", digits=3).format(7.84887) == "7.849"


def test_table_words_bounds_as_bounds():
    table = claims_table("01_error_bars")
    bound = table[table["published"].str.startswith("≥")]
    assert len(bound) and (bound["verdict"] == "holds").all()
    assert table.loc[table["published"].str.endswith("%"), "verdict"].str.contains("pp apart").all()


def test_unknown_chapter_names_the_known_ones():
    with pytest.raises(KeyError, match="01_error_bars"):
        load_claims("99_nothing")


def test_table_from_precomputed_values_equals_the_computed_one():
    values = evaluate_claims("01_error_bars")
    assert claims_table("01_error_bars", values).equals(claims_table("01_error_bars"))
