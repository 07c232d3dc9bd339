"""``python -m analysis.data``: the command ``make data`` runs."""

from __future__ import annotations

from analysis.data import list_datasets
from analysis.data.__main__ import main


def test_fetch_verifies_a_dataset(staged, capsys):
    assert main(["fetch", "gsm1k", "imagenetv2"]) == 0
    out = capsys.readouterr().out
    assert str(staged) in out
    assert "gsm1k" in out and "imagenetv2" in out


def test_unknown_dataset_fails_listing_valid_names(capsys):
    assert main(["fetch", "gsm9k"]) == 1
    err = capsys.readouterr().err
    assert "gsm9k" in err and "gsm1k" in err and "imagenetv2" in err


def test_list_names_every_dataset(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in list_datasets())
