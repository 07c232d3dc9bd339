"""AI Incident Database snapshot (incidents + taxonomy classifications).

Snapshot (early 2026) of the AI Incident Database: 1,367 incidents with their MIT AI
Risk Repository, GMF and CSET v1 taxonomy classifications. Incident dates run from 1983
to 2026; the news reports themselves are not included.
"""

from __future__ import annotations

import pandas as pd

from .._readers import (
    choose,
    parse_dates,
    read_csv,
    snake_columns,
    to_number,
)
from .._registry import DatasetInfo, LoaderSpec, describe

__all__ = ["INFO", "load_aiid"]

def _json_list_to_text(values: pd.Series) -> pd.Series:
    """``'["a","b"]'`` -> ``'a; b'`` (vectorised string operations; empty list -> NA)."""
    text = (values.astype("string").str.strip().str.removeprefix("[").str.removesuffix("]")
            .str.replace('"', "", regex=False).str.replace(",", "; ", regex=False))
    return text.mask(text == "").astype(object)


_AIID_TABLES = {
    "incidents": "incidents.csv",
    "mit": "classifications_MIT.csv",
    "gmf": "classifications_GMF.csv",
    "cset": "classifications_CSETv1.csv",
    "duplicates": "duplicates.csv",
}


def load_aiid(*, table: str = "incidents") -> pd.DataFrame:
    """The AI Incident Database snapshot (early 2026): incidents and their classifications.

    Parameters
    ----------
    table
        ``"incidents"`` (default), ``"mit"`` (MIT AI Risk Repository taxonomy), ``"gmf"``
        (Goals, Methods, Failures), ``"cset"`` (CSET AI harm taxonomy v1) or
        ``"duplicates"``.

    Returns
    -------
    pandas.DataFrame
        ``"incidents"`` (1,367 rows, one per incident, sorted by ``incident_id``):

        - ``incident_id`` (int64): AIID incident number (unique).
        - ``date`` (datetime64): date of the incident.
        - ``title``, ``description`` (str).
        - ``n_reports`` (int64): number of news reports linked to the incident.
        - ``report_ids`` (str): the report numbers, ``"; "``-separated.
        - ``deployers``, ``developers``, ``harmed_parties`` (str): entity slugs of the
          alleged deployers, developers and harmed or nearly harmed parties,
          ``"; "``-separated (missing when the list is empty).

        ``"mit"`` (1,242 rows): ``incident_id``, ``published`` (bool), ``risk_domain``
        (7 domains, e.g. ``"1. Discrimination and Toxicity"``), ``risk_subdomain``,
        ``entity`` (AI / Human / Other), ``timing`` (Pre-/Post-deployment), ``intent``.

        ``"gmf"`` (326 rows) and ``"cset"`` (214 rows): ``incident_id`` then every
        upstream column, snake_cased (e.g. ``known_ai_goal``, ``known_ai_technical_failure``;
        ``harm_domain``, ``tangible_harm``, ``ai_harm_level``, ``sector_of_deployment``),
        as text except ``incident_id``. The taxonomy namespace column is dropped.

        ``"duplicates"`` (13 rows): ``duplicate_incident_id``, ``true_incident_id``.

    Notes
    -----
    CC BY-SA 4.0: tables derived from this data and published must carry the same
    license and attribute the AI Incident Database. Incident counts over time reflect
    reporting and curation effort, not only the rate of incidents. The news reports
    themselves are not in the snapshot. In the CSET table the upstream header repeats
    ``AI System`` and ``Clear link to technology``; the repeats become ``ai_system_1`` and
    ``clear_link_to_technology_1`` (pandas de-duplication, then snake_case).
    """
    choose("table", table, _AIID_TABLES)
    ds, path = "aiid", _AIID_TABLES[table]
    if table == "incidents":
        cols = ["incident_id", "date", "reports", "Alleged deployer of AI system",
                "Alleged developer of AI system", "Alleged harmed or nearly harmed parties",
                "description", "title"]
        raw = read_csv(ds, path, cols)
        reports = _json_list_to_text(raw["reports"])
        out = pd.DataFrame({
            "incident_id": raw["incident_id"].astype("int64"),
            "date": parse_dates(raw["date"], "%Y-%m-%d", dataset=ds, path=path, column="date"),
            "title": raw["title"].astype(object),
            "description": raw["description"].astype(object),
            "n_reports": (reports.str.count(";").add(1).where(reports.notna(), 0)
                          .astype("int64")),
            "report_ids": reports,
            "deployers": _json_list_to_text(raw["Alleged deployer of AI system"]),
            "developers": _json_list_to_text(raw["Alleged developer of AI system"]),
            "harmed_parties": _json_list_to_text(raw["Alleged harmed or nearly harmed parties"]),
        })
        return out.sort_values("incident_id").reset_index(drop=True)
    if table == "duplicates":
        raw = read_csv(ds, path, ["duplicate_incident_number", "true_incident_number"])
        return pd.DataFrame({
            "duplicate_incident_id": raw["duplicate_incident_number"].astype("int64"),
            "true_incident_id": raw["true_incident_number"].astype("int64"),
        })
    required = ["Incident ID"]
    if table == "mit":
        required += ["Published", "Risk Domain", "Risk Subdomain", "Entity", "Timing", "Intent"]
    raw = read_csv(ds, path, required, dtype=str if table == "cset" else None)
    out = snake_columns(raw.drop(columns=["Namespace"], errors="ignore"))
    out["incident_id"] = to_number(out["incident_id"], dataset=ds, path=path,
                                   column="Incident ID").astype("int64")
    if "published" in out and not pd.api.types.is_bool_dtype(out["published"]):
        out["published"] = (out["published"].astype("string").str.lower().eq("true")
                            .to_numpy(dtype=bool))
    return out.sort_values("incident_id", kind="stable").reset_index(drop=True)


INFO = DatasetInfo(
    name="aiid",
    **describe(__doc__),
    license="CC-BY-SA-4.0",
    license_note=(
        "The database is shared under CC BY-SA 4.0 (report contents keep their own rights). "
        "Share-alike: tables derived from it and published must be CC BY-SA 4.0 and "
        "attributed to the AI Incident Database. The files come from a third-party repository "
        "that committed an official AIID snapshot verbatim."
    ),
    citation=(
        "S. McGregor. Preventing Repeated Real World AI Failures by Cataloging Incidents: The "
        "AI Incident Database. IAAI-21 (AAAI 2021). arXiv:2011.08512."
    ),
    bibkey="mcgregor2021preventing",
    related_bibkeys=(),
    loader="load_aiid",
    loaders=(
        LoaderSpec("load_aiid", "table", {
            "incidents": ("incident_id",), "mit": (), "gmf": (), "cset": (),
            "duplicates": ("duplicate_incident_id",)}),
    ),
)
