"""Incident tables: de-duplication, the snapshot's date, incidents per calendar year.

An incident table has one row per incident, an integer ``incident_id`` column and, for
counts over time, a datetime ``date`` column (the date of the incident, not the date it
entered the database). :func:`analysis.data.load_aiid` returns such tables.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["deduplicate", "snapshot_date", "incidents_per_year"]


def _check_ids(frame: Any, *, name: str = "incidents", column: str = "incident_id") -> pd.DataFrame:
    """The frame, checked to be a DataFrame with whole, unique, non-missing ids."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame with an {column!r} column; got "
                        f"{type(frame).__name__}")
    if column not in frame.columns:
        raise KeyError(f"{name} has no {column!r} column (columns: {list(frame.columns)}); "
                       "load it with analysis.data.load_aiid or rename the id column")
    ids = frame[column]
    if ids.isna().any():
        raise ValueError(f"{name}: {int(ids.isna().sum())} rows have no {column}; drop them "
                         "or fill them in")
    if not pd.api.types.is_integer_dtype(ids):
        numeric = pd.to_numeric(ids, errors="coerce")
        if numeric.isna().any() or (numeric != np.round(numeric)).any():
            raise ValueError(f"{name}: {column} must hold whole numbers; got e.g. "
                             f"{ids[numeric.isna() | (numeric != np.round(numeric))].iloc[0]!r}")
    repeated = ids[ids.duplicated()].unique()
    if repeated.size:
        raise ValueError(f"{name}: {column} repeats ({sorted(repeated.tolist())[:5]}): one row "
                         "per incident is expected; aggregate or drop the repeats first")
    return frame


def deduplicate(incidents: pd.DataFrame, duplicates: pd.DataFrame) -> pd.DataFrame:
    """Drop the incidents that the database marks as duplicates of another incident.

    Parameters
    ----------
    incidents
        One row per incident with an integer ``incident_id`` column (the incidents table
        or a classification table of :func:`analysis.data.load_aiid`).
    duplicates
        The duplicates table: ``duplicate_incident_id`` and ``true_incident_id`` columns
        (``load_aiid(table="duplicates")``).

    Returns
    -------
    pandas.DataFrame
        ``incidents`` without the rows whose id is a ``duplicate_incident_id``, in the
        original order, index reset.

    Notes
    -----
    A duplicate's classification is dropped, not merged into the true incident: the true
    incident carries its own. Only duplicate ids present in ``incidents`` are dropped.

    Examples
    --------
    >>> import pandas as pd
    >>> inc = pd.DataFrame({"incident_id": [1, 2, 3]})
    >>> dup = pd.DataFrame({"duplicate_incident_id": [3], "true_incident_id": [1]})
    >>> deduplicate(inc, dup)["incident_id"].tolist()
    [1, 2]
    """
    _check_ids(incidents)
    _check_ids(duplicates, name="duplicates", column="duplicate_incident_id")
    if "true_incident_id" not in duplicates.columns:
        raise KeyError("duplicates needs a 'true_incident_id' column beside "
                       "'duplicate_incident_id' (load_aiid(table='duplicates'))")
    if duplicates["true_incident_id"].isna().any():
        raise ValueError("duplicates: some rows have no true_incident_id")
    self_ref = duplicates["duplicate_incident_id"] == duplicates["true_incident_id"]
    if self_ref.any():
        raise ValueError("duplicates: an incident is listed as a duplicate of itself "
                         f"({duplicates.loc[self_ref, 'duplicate_incident_id'].tolist()})")
    # ids compared as numbers: "12" in one table and 12 in the other are the same incident
    drop = pd.to_numeric(incidents["incident_id"]).isin(
        pd.to_numeric(duplicates["duplicate_incident_id"]))
    return incidents.loc[~drop].reset_index(drop=True)


def _dates(incidents: pd.DataFrame, column: str, missing: str) -> pd.Series:
    if column not in incidents.columns:
        raise KeyError(f"incidents has no {column!r} column (columns: {list(incidents.columns)})")
    dates = incidents[column]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise TypeError(f"incidents[{column!r}] must be datetime64 (pandas.to_datetime); got "
                        f"{dates.dtype}")
    if missing not in ("raise", "omit"):
        raise ValueError(f"missing must be 'raise' or 'omit'; got {missing!r}")
    if dates.isna().any():
        if missing == "raise":
            raise ValueError(f"incidents: {int(dates.isna().sum())} incidents have no {column}; "
                             "pass missing='omit' to leave them out of the count (and say so)")
        dates = dates.dropna()
    if dates.empty:
        raise ValueError("incidents: no dated incident to count")
    return dates


def snapshot_date(incidents: pd.DataFrame, *, date: str = "date") -> pd.Timestamp:
    """The "as of" date of a snapshot: the latest incident date in it.

    Counts from an incident database change as incidents are added; every count should
    carry this date. The latest *incident* date is a lower bound on the date of the
    snapshot (incidents are added after they happen).

    Examples
    --------
    >>> import pandas as pd
    >>> inc = pd.DataFrame({"incident_id": [1, 2],
    ...                     "date": pd.to_datetime(["2020-01-05", "2021-03-01"])})
    >>> snapshot_date(inc).date().isoformat()
    '2021-03-01'
    """
    _check_ids(incidents)
    return pd.Timestamp(_dates(incidents, date, "raise").max())


def incidents_per_year(
    incidents: pd.DataFrame,
    *,
    date: str = "date",
    first_year: int | None = None,
    missing: str = "raise",
) -> pd.DataFrame:
    """Number of incidents per calendar year of the incident date, with empty years as 0.

    Parameters
    ----------
    incidents
        One row per incident: unique ``incident_id`` and a datetime column ``date``.
    date
        Name of the date column.
    first_year
        Count from this year on (earlier incidents are left out); default: the first year
        with an incident.
    missing
        ``"raise"`` (default) if an incident has no date, ``"omit"`` to leave it out.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (every year from the first to the last, consecutive), columns
        ``incidents`` (int) and ``complete`` (bool: ``False`` for the last year, which the
        snapshot covers only up to :func:`snapshot_date`, unless that date is 31 December).

    Notes
    -----
    A count per year is a count of *recorded* incidents by incident date. It grows with
    the rate of incidents, but also with the use of AI, media attention and the effort
    that goes into the database (it launched in November 2020, and earlier incidents were
    added retroactively). It is not an incidence rate.

    Examples
    --------
    >>> import pandas as pd
    >>> inc = pd.DataFrame({"incident_id": [1, 2, 3],
    ...                     "date": pd.to_datetime(["2019-05-01", "2021-02-01", "2021-07-01"])})
    >>> incidents_per_year(inc)["incidents"].tolist()
    [1, 0, 2]
    """
    _check_ids(incidents)
    dates = _dates(incidents, date, missing)
    years = dates.dt.year.to_numpy()
    start = int(years.min()) if first_year is None else int(first_year)
    last = int(years.max())
    if start > last:
        raise ValueError(f"first_year={first_year} is after the last incident year {last}")
    years = years[years >= start]
    counts = np.bincount(years - start, minlength=last - start + 1)
    latest = dates.max()
    complete = np.ones(counts.size, dtype=bool)
    complete[-1] = latest.month == 12 and latest.day == 31
    index = pd.RangeIndex(start, last + 1, name="year")
    return pd.DataFrame({"incidents": counts.astype(np.int64), "complete": complete}, index=index)
