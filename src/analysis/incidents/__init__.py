"""Incident databases: counts over time, shares by risk category, and what benchmarks miss.

Built for the AI Incident Database (:func:`analysis.data.load_aiid`) and its MIT AI Risk
Repository classification, but any table with one row per incident works.

* **Tables** (``tables``): drop duplicates (:func:`deduplicate`), date a snapshot
  (:func:`snapshot_date`: always quote counts "as of" it), count incidents per year
  (:func:`incidents_per_year`; the last year is flagged incomplete).
* **Growth** (``growth``): the yearly growth factor from a Poisson or
  negative-binomial regression on the year, with an interval (:func:`growth_rate`,
  :func:`growth_curve`). Counts grow with reporting, not only with harm.
* **Shares** (``shares``): counts and shares by category with Wilson or Goodman
  intervals (:func:`category_shares`).
* **Coverage** (``coverage``): the book's judgement of which MIT risk subdomains
  benchmarks measure (``BENCHMARK_COVERAGE``, with a justification per row) and the
  share of incidents in subdomains no benchmark measures (:func:`unmeasured_share`).

License of the data: the AI Incident Database is CC BY-SA 4.0; a table derived from it
and published carries the same license and attributes the database.

Example
-------
>>> from analysis import incidents
>>> incidents.category_shares(["AI", "Human", "AI", "AI"])["share"].tolist()
[0.75, 0.25]
"""

from . import coverage, growth, shares, tables
from .coverage import *  # noqa: F403
from .growth import *  # noqa: F403
from .shares import *  # noqa: F403
from .tables import *  # noqa: F403

__all__ = [*tables.__all__, *growth.__all__, *shares.__all__, *coverage.__all__]
