"""Human baselines of benchmarks, typed in from the papers that introduced them."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["HUMAN_BASELINES", "human_baselines"]

# benchmark (Epoch's external-leaderboard name), display name, human, who the humans were,
# chance level (None if the task formats differ), bibkey, where in the paper.
HUMAN_BASELINES: tuple[tuple, ...] = (
    ("openbookqa", "OpenBookQA", 0.917, "crowd workers", 0.25,
     "mihaylov2018openbookqa", "human performance on the test set (results)"),
    ("boolq", "BoolQ", 0.890, "annotators, on a sample of the questions", 0.5,
     "clark2019boolq", "human accuracy (dataset analysis)"),
    ("hellaswag", "HellaSwag", 0.956, "crowd workers", 0.25,
     "zellers2019hellaswag", "human performance, overall test accuracy (results)"),
    ("winogrande", "WinoGrande", 0.940, "crowd workers", 0.5,
     "sakaguchi2020winogrande", "human performance (results)"),
    ("piqa", "PIQA", 0.949, "annotators", 0.5,
     "bisk2020piqa", "human performance (results)"),
    ("mmlu", "MMLU", 0.898, "estimated expert-level accuracy (crowd workers: 34.5%)", 0.25,
     "hendrycks2021measuring", "human-level accuracy estimates (introduction, results)"),
    ("csqa2", "CommonsenseQA 2.0", 0.941, "crowd workers", 0.5,
     "talmor2021commonsenseqa", "human accuracy (abstract)"),
    ("scienceqa", "ScienceQA", 0.884, "crowd workers, average", None,
     "lu2022learn", "human average (results)"),
    ("bbh", "BIG-Bench Hard", 0.677, "average human rater (best rater: 94.4%)", None,
     "suzgun2022challenging", "average human-rater over the 23 tasks (results)"),
)


def human_baselines(benchmarks: Sequence[str] | None = None) -> pd.DataFrame:
    """Human baselines of benchmarks, each with its source.

    Parameters
    ----------
    benchmarks
        Names as in :func:`analysis.data.load_epoch_benchmarks` (``table="external"``),
        e.g. ``["mmlu", "hellaswag"]``; all by default. An unknown name is an error.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``benchmark``: ``name``, ``human`` (accuracy as a fraction), ``humans``
        (who was measured), ``chance`` (accuracy of guessing, a fraction; NaN where the
        tasks' formats differ), ``bibkey`` (key in the book's ``references.bib``) and
        ``location`` (where in that paper).

    Notes
    -----
    A "human baseline" is whatever the introducing paper measured, and the papers measured
    different people in different ways: crowd workers with a majority vote (HellaSwag,
    PIQA), a single annotator's accuracy on a subset (BoolQ), an *estimate* of expert
    accuracy (MMLU, where non-expert crowd workers scored far lower), the average of
    raters (BIG-Bench Hard, whose best rater scored far higher). Passing a baseline says
    a model beat *those* people under *those* conditions, not that it matches human
    ability. Numbers are typed in from the papers and cited; check them against the
    location given before relying on them.

    Examples
    --------
    >>> human_baselines(["hellaswag"]).loc["hellaswag", ["human", "chance"]].tolist()
    [0.956, 0.25]
    """
    table = pd.DataFrame(list(HUMAN_BASELINES), columns=[
        "benchmark", "name", "human", "humans", "chance", "bibkey", "location"],
    ).set_index("benchmark")
    table["chance"] = table["chance"].astype("float64")
    if benchmarks is None:
        return table
    if isinstance(benchmarks, str):
        benchmarks = [benchmarks]
    unknown = [b for b in benchmarks if b not in table.index]
    if unknown:
        raise KeyError(f"no human baseline for {unknown}; known: {list(table.index)}. Add one "
                       "with its citation to analysis.saturation.baselines.HUMAN_BASELINES")
    return table.loc[list(benchmarks)]
