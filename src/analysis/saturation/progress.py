"""State of the art over time, normalised progress and time to a threshold."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._checks import as_scores, as_years, paired

__all__ = ["sota_frontier", "normalised_progress", "Crossing", "time_to_threshold",
           "saturation_times"]


def sota_frontier(times: Any, scores: Any, *, higher_is_better: bool = True,
                  labels: Any = None) -> pd.DataFrame:
    """The state of the art over time: the running best score of the results so far.

    Parameters
    ----------
    times
        When each result became available, one per result: dates (e.g. a model's release
        date) or plain numbers of years.
    scores
        The results' scores, any unit (a fraction in [0, 1] for accuracies).
    higher_is_better
        ``False`` for error rates, perplexities and other lower-is-better metrics: the
        frontier is then the running minimum.
    labels
        Names of the results (e.g. models), kept as the index of the output; by default the
        index of ``scores`` if it is a Series, else positions.

    Returns
    -------
    pandas.DataFrame
        One row per result, sorted by time (ties by score, worst first, so that the best of
        simultaneous results is the one that sets the record), with columns ``year``
        (decimal year, see below), ``score``, ``frontier`` (the best score up to and
        including this result) and ``record`` (bool: this result strictly improved the
        frontier; the first result is a record).

    Notes
    -----
    Dates become decimal calendar years (2020-07-02 is about 2020.5). The frontier is the
    SOTA curve of Kiela et al. (2021) and Ott et al. (2022): it only ever improves, so it
    hides regressions and is sensitive to a single outlying (or mis-scored) result.
    Results that match the record without beating it are not records.

    Examples
    --------
    >>> f = sota_frontier([2019, 2020, 2021, 2022], [0.5, 0.7, 0.6, 0.8])
    >>> f["frontier"].tolist(), f["record"].tolist()
    ([0.5, 0.7, 0.7, 0.8], [True, True, False, True])
    """
    t, s = paired(times, scores)
    if labels is None:
        labels = scores.index if isinstance(scores, pd.Series) else pd.RangeIndex(t.size)
    labels = pd.Index(labels)
    if len(labels) != t.size:
        raise ValueError(f"labels must have one entry per result ({t.size}); got {len(labels)}")
    sign = 1.0 if higher_is_better else -1.0
    order = np.lexsort((sign * s, t))
    t, s, labels = t[order], s[order], labels[order]
    best = sign * np.maximum.accumulate(sign * s)
    before = np.concatenate([[-np.inf], np.maximum.accumulate(sign * s)[:-1]])
    return pd.DataFrame({"year": t, "score": s, "frontier": best, "record": sign * s > before},
                        index=labels)


def normalised_progress(scores: Any, human: float, initial: float, *,
                        higher_is_better: bool = True) -> np.ndarray | float:
    """Scores rescaled so that the initial score is -1 and human level is 0.

    The scale of Kiela et al. (2021, Fig. 1): ``(s - human) / (human - initial)``. Positive
    values are beyond the human baseline (1 means as far above it as the initial score was
    below it). The same formula serves lower-is-better metrics (error rates): there
    ``initial > human`` and improvement is still upwards on the new scale.

    Parameters
    ----------
    scores
        Scores in the benchmark's unit (a fraction, not a percentage, for accuracies).
    human
        The human baseline in the same unit (see :func:`human_baselines`).
    initial
        The score at the benchmark's introduction: the best result the introducing paper
        reports, or the first point of the frontier in the data at hand (say which).
    higher_is_better
        Used only to check that ``initial`` lies on the worse side of ``human``.

    Returns
    -------
    numpy.ndarray or float
        Normalised progress, same shape as ``scores`` (a float for a scalar).

    Notes
    -----
    The scale depends on the initial score: the same model is at -0.2 or -0.5 depending
    on which result one calls initial, so curves are comparable only with one stated
    choice. A benchmark whose initial score already equals the human baseline has no
    scale (an error).

    Examples
    --------
    >>> normalised_progress([0.40, 0.675, 0.956], human=0.956, initial=0.40)
    array([-1.        , -0.50539568,  0.        ])
    """
    s = np.asarray(scores, dtype=np.float64)
    if np.isnan(s).any():
        raise ValueError("scores contain NaN: drop results without a score first")
    h, s0 = float(human), float(initial)
    if not (np.isfinite(h) and np.isfinite(s0)):
        raise ValueError(f"human and initial must be finite numbers; got {human!r}, {initial!r}")
    if h == s0:
        raise ValueError(f"the initial score equals the human baseline ({h!r}): there is no "
                         "progress to normalise")
    if higher_is_better and s0 > h:
        raise ValueError(f"initial ({s0!r}) is above the human baseline ({h!r}) for a "
                         "higher-is-better metric: the benchmark started beyond human level, or "
                         "pass higher_is_better=False for an error rate")
    if not higher_is_better and s0 < h:
        raise ValueError(f"initial ({s0!r}) is below the human baseline ({h!r}) for a "
                         "lower-is-better metric: pass higher_is_better=True for an accuracy")
    out = (s - h) / (h - s0)
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class Crossing:
    """When a frontier first reached a threshold (see :func:`time_to_threshold`).

    Attributes
    ----------
    reached
        Whether any result reached the threshold.
    years
        Years from ``start`` to the first result at or beyond the threshold; NaN if not
        reached (the benchmark is *censored*: it took longer than ``observed_years``).
    start, crossing_year
        Decimal years of the start and of the crossing (NaN if not reached).
    observed_years
        Years from ``start`` to the last result: a lower bound on ``years`` if not reached.
    label
        Label of the result that crossed (``None`` if not reached).
    """

    reached: bool
    years: float
    start: float
    crossing_year: float
    observed_years: float
    label: Any = None


def time_to_threshold(times: Any, scores: Any, threshold: float, *, start: Any = None,
                      higher_is_better: bool = True, labels: Any = None) -> Crossing:
    """Time until the state of the art first reaches a threshold.

    Parameters
    ----------
    times, scores, labels
        As in :func:`sota_frontier`.
    threshold
        The level to reach, in the scores' unit: a human baseline (Kiela's "surpassing
        human estimates", reached means at least equal), or e.g. 0.9 of the way from
        chance to the ceiling. For lower-is-better metrics, at or below it.
    start
        When the clock starts: ``None`` (default) for the first result in the data; or a
        date / year, e.g. the benchmark's publication date. Must not be after the first
        crossing result.

    Returns
    -------
    Crossing

    Notes
    -----
    The time measures the data at hand: a result missing from the data (an earlier model
    never entered, a fine-tuned system absent from an LLM leaderboard) can only make the
    true time shorter, so with incomplete data the answer is an upper bound when reached,
    and ``observed_years`` is only a lower bound when not reached (censored). Compare
    censored benchmarks with methods for censored data, never by dropping them.

    Examples
    --------
    >>> c = time_to_threshold([2019.0, 2020.0, 2021.5], [0.5, 0.8, 0.97], 0.956)
    >>> c.reached, c.years
    (True, 2.5)
    """
    frontier = sota_frontier(times, scores, higher_is_better=higher_is_better, labels=labels)
    level = float(threshold)
    if not np.isfinite(level):
        raise ValueError(f"threshold must be a finite number; got {threshold!r}")
    t = frontier["year"].to_numpy()
    begin = t[0] if start is None else float(as_years(np.asarray([start]), "start")[0])
    best = frontier["frontier"].to_numpy()
    hit = best >= level if higher_is_better else best <= level
    if not hit.any():
        return Crossing(False, float("nan"), float(begin), float("nan"), float(t[-1] - begin))
    first = int(np.argmax(hit))
    if t[first] < begin:
        raise ValueError(f"start ({begin:.2f}) is after the first result that reached the "
                         f"threshold ({t[first]:.2f}): check the start date")
    return Crossing(True, float(t[first] - begin), float(begin), float(t[first]),
                    float(t[-1] - begin), frontier.index[first])


def saturation_times(results: pd.DataFrame, thresholds: Mapping[str, float], *,
                     starts: Mapping[str, Any] | None = None, group: str = "benchmark",
                     time: str = "release_date", score: str = "score") -> pd.DataFrame:
    """:func:`time_to_threshold` for many benchmarks of a long table.

    Parameters
    ----------
    results
        One row per result with columns ``group``, ``time`` and ``score``; rows with a
        missing time or score are dropped (and counted).
    thresholds
        Benchmark -> threshold; only these benchmarks are computed (an unknown name is an
        error).
    starts
        Benchmark -> start date or year; by default each benchmark's first result.

    Returns
    -------
    pandas.DataFrame
        One row per benchmark: ``threshold``, ``reached``, ``years``, ``start``,
        ``crossing_year``, ``observed_years``, ``crossed_by`` and ``n_results``.

    Examples
    --------
    >>> df = pd.DataFrame({"benchmark": ["a"] * 3, "release_date": [2019.0, 2020.0, 2021.5],
    ...                    "score": [0.5, 0.8, 0.97]})
    >>> out = saturation_times(df, {"a": 0.956})
    >>> bool(out.loc["a", "reached"]), float(out.loc["a", "years"])
    (True, 2.5)
    """
    missing = [c for c in (group, time, score) if c not in results.columns]
    if missing:
        raise KeyError(f"results lack the column(s) {missing}; they have "
                       f"{list(results.columns)}")
    unknown = sorted(set(thresholds) - set(results[group]))
    if unknown:
        raise KeyError(f"no results for benchmark(s) {unknown}; known: "
                       f"{sorted(results[group].unique())}")
    starts = {} if starts is None else starts
    rows = {}
    for name, level in thresholds.items():
        part = results.loc[results[group].eq(name), [time, score]].dropna()
        if part.empty:
            raise ValueError(f"benchmark {name!r} has no result with both a time and a score")
        c = time_to_threshold(part[time], as_scores(part[score]), level,
                              start=starts.get(name), labels=part.index)
        rows[name] = {"threshold": float(level), "reached": c.reached, "years": c.years,
                      "start": c.start, "crossing_year": c.crossing_year,
                      "observed_years": c.observed_years, "crossed_by": c.label,
                      "n_results": len(part)}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = group
    return out
