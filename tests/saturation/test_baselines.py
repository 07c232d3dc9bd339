"""analysis.saturation.baselines: the typed-in human baselines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.data.datasets.epoch_benchmarks import EPOCH_EXTERNAL_METRICS
from analysis.saturation import human_baselines

BIB = Path(__file__).resolve().parents[2] / "book" / "references.bib"


def test_baselines_are_fractions_above_chance():
    table = human_baselines()
    assert table["human"].between(0, 1, inclusive="neither").all()
    known = table["chance"].dropna()
    assert (known < table.loc[known.index, "human"]).all()
    assert table.index.is_unique


def test_every_baseline_has_a_source_in_the_bibliography():
    keys = set(re.findall(r"^@\w+\{([^,]+),", BIB.read_text(encoding="utf-8"), flags=re.M))
    missing = sorted(set(human_baselines()["bibkey"]) - keys)
    assert not missing, f"bibkeys not in references.bib: {missing}"
    assert human_baselines()["location"].str.len().gt(0).all()


def test_names_are_epoch_benchmarks():
    assert set(human_baselines().index) <= set(EPOCH_EXTERNAL_METRICS)


def test_selection_and_unknown_names():
    assert human_baselines("mmlu").index.tolist() == ["mmlu"]
    assert human_baselines(["piqa", "boolq"]).index.tolist() == ["piqa", "boolq"]
    with pytest.raises(KeyError, match="no human baseline"):
        human_baselines(["imagenet"])
