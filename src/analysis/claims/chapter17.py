"""Our values for the claims of Chapter 17 (incidents), computed from the AIID snapshot.

The AI Incident Database snapshot staged for the book dates from early 2026 (its latest
incident date is the "as of" date of every count). Readings fixed before the comparison:

* **Incidents** are the rows of the incidents table after dropping the ids listed in the
  duplicates table (:func:`analysis.incidents.deduplicate`).
* **Reports.** McGregor (2021) counts incident *reports* (news articles and other
  documents) at the launch in November 2020. The snapshot has no reports table, so
  neither the reports nor their dates are available: the count at launch cannot be
  recomputed. What the snapshot does hold is the list of report numbers linked to each
  incident; their number (distinct report numbers) is today's count, a contextual value.
* **Causal-taxonomy shares** are shares of the de-duplicated incidents classified with the
  MIT AI Risk Repository taxonomy. Slattery et al. (2024, first version) report shares of
  *risks described in the literature* (777 risks from 43 frameworks); the comparison asks
  whether incidents look like the literature, not whether a number is reproduced.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .. import data, incidents

__all__ = [
    "aiid_incidents",
    "aiid_mit",
    "n_incidents",
    "linked_reports",
    "share_entity_ai",
    "share_entity_human",
    "share_post_deployment",
    "share_pre_deployment",
]


@cache
def aiid_incidents() -> pd.DataFrame:
    """The snapshot's incidents without the listed duplicates. Do not modify."""
    return incidents.deduplicate(data.load_aiid(), data.load_aiid(table="duplicates"))


@cache
def aiid_mit() -> pd.DataFrame:
    """The MIT-classified incidents without the listed duplicates. Do not modify."""
    return incidents.deduplicate(data.load_aiid(table="mit"), data.load_aiid(table="duplicates"))


def n_incidents() -> float:
    """Incidents in the snapshot after de-duplication (as of its latest incident date)."""
    return float(len(aiid_incidents()))


def linked_reports() -> float:
    """Distinct report numbers linked to the snapshot's incidents (not the launch count)."""
    ids = aiid_incidents()["report_ids"].dropna().str.split("; ").explode()
    return float(ids.nunique())


def _share(column: str, label: str) -> float:
    return float(incidents.category_shares(aiid_mit()[column]).loc[label, "share"])


def share_entity_ai() -> float:
    """Share of MIT-classified incidents whose causal entity is the AI system."""
    return _share("entity", "AI")


def share_entity_human() -> float:
    """Share of MIT-classified incidents whose causal entity is a human."""
    return _share("entity", "Human")


def share_post_deployment() -> float:
    """Share of MIT-classified incidents that arose after deployment."""
    return _share("timing", "Post-deployment")


def share_pre_deployment() -> float:
    """Share of MIT-classified incidents that arose before deployment."""
    return _share("timing", "Pre-deployment")
