"""every_eval_ever instance-level logs: the reader against the raw JSON lines, format
detection, the report command end to end, and the messages for bad input (file, line and
field named)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analysis.__main__ import main
from analysis.report import make_report
from analysis.report.eee import EEE_REQUIRED, is_every_eval_ever, read_every_eval_ever
from analysis.report.readers import InputError, read_any

FIXTURES = Path(__file__).parent / "fixtures"
EEE = FIXTURES / "eee"
PER_MODEL = sorted(EEE.glob("toy-sums/*/*/*_samples.jsonl"))
AGENTIC = EEE / "agentic_epochs_samples.jsonl"
TWO_METRICS = EEE / "two_metrics_samples.jsonl"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _write(path: Path, records: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))
    return path


def _run(argv, capsys):
    status = main(["report", "--no-progress", "--resamples", "300", *map(str, argv)])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_fixtures_are_there_and_carry_every_required_field():
    assert len(PER_MODEL) == 2
    for path in [*PER_MODEL, AGENTIC, TWO_METRICS]:
        for record in _lines(path):
            assert set(EEE_REQUIRED) <= record.keys()


def test_one_file_is_read_as_the_raw_lines_say():
    raw = _lines(PER_MODEL[0])
    frame = read_every_eval_ever(PER_MODEL[0])
    assert list(frame.columns[:5]) == ["model", "item", "task", "metric", "score"]
    assert frame["model"].tolist() == [r["model_id"] for r in raw]
    assert frame["item"].tolist() == [r["sample_id"] for r in raw]
    assert frame["task"].tolist() == [r["evaluation_name"] for r in raw]
    assert frame["metric"].tolist() == [r["evaluation_result_id"] for r in raw]
    np.testing.assert_array_equal(frame["score"].to_numpy(),
                                  [r["evaluation"]["score"] for r in raw])
    assert frame["subject"].tolist() == [r["metadata"]["subject"] for r in raw]
    assert "epoch" not in frame.columns


def test_epochs_from_the_metadata_become_runs():
    raw = _lines(AGENTIC)
    frame = read_every_eval_ever(AGENTIC)
    assert frame["epoch"].tolist() == [int(r["metadata"]["epoch"]) for r in raw]
    assert frame["epoch"].dtype.kind == "i"
    report = make_report([AGENTIC], progress=False, n_resamples=200)
    assert report.meta["kind"] == "eee" and report.meta["columns"]["run"] == "epoch"
    assert report.meta["n_items"] == len({r["sample_id"] for r in raw})


def test_detection_tells_every_eval_ever_from_lm_eval():
    lm_eval = sorted(FIXTURES.glob("lm_eval/*/samples_*.jsonl"))
    assert all(is_every_eval_ever(p) for p in PER_MODEL)
    assert not any(is_every_eval_ever(p) for p in lm_eval)
    assert read_any(PER_MODEL).kind == "eee"
    assert read_any(lm_eval).kind == "lm-eval"


def test_format_can_be_forced(tmp_path):
    renamed = tmp_path / "results.jsonl"
    renamed.write_text(PER_MODEL[0].read_text())
    assert read_any([renamed], fmt="eee").kind == "eee"
    assert read_any([renamed]).kind == "eee"  # by content, whatever the name


def test_report_cli_gives_each_models_mean(tmp_path, capsys):
    js = tmp_path / "eee.json"
    status, out, err = _run([*PER_MODEL, "-o", tmp_path / "eee.html", "--json", js], capsys)
    assert status == 0, err
    numbers = json.loads(js.read_text())
    expected = {}
    for path in PER_MODEL:
        raw = _lines(path)
        expected[raw[0]["model_id"]] = np.mean([r["evaluation"]["score"] for r in raw])
    got = {m["model"]: m["mean"] for m in numbers["models"]}
    assert got == pytest.approx(expected)
    assert numbers["meta"]["kind"] == "eee" and numbers["meta"]["n_items"] == 10
    assert (tmp_path / "eee.html").read_text().count("<html") == 1


def test_report_cli_clusters_by_a_metadata_field(tmp_path, capsys):
    js = tmp_path / "eee.json"
    status, _, err = _run([*PER_MODEL, "-o", tmp_path / "e.html", "--json", js,
                           "--cluster", "subject"], capsys)
    assert status == 0, err
    numbers = json.loads(js.read_text())
    subjects = {r["metadata"]["subject"] for r in _lines(PER_MODEL[0])}
    assert numbers["meta"]["n_clusters"] == len(subjects)


def test_a_metric_is_chosen_by_result_id_or_evaluation_name():
    raw = _lines(TWO_METRICS)
    for metric in ("exact_match", "quasi_exact_match"):
        frame = read_every_eval_ever(TWO_METRICS, metric=metric)
        wanted = [r["evaluation"]["score"] for r in raw if r["evaluation_result_id"] == metric]
        np.testing.assert_array_equal(frame["score"].to_numpy(), wanted)
        assert set(frame["metric"]) == {metric}
    by_name = read_every_eval_ever(AGENTIC, metric="toy_sums_agent")
    assert len(by_name) == len(_lines(AGENTIC))


def test_several_metrics_without_a_choice_are_refused():
    with pytest.raises(InputError, match=r"lines 1 and 2 .*exact_match.*quasi_exact_match.*"
                                         r"--metric"):
        read_every_eval_ever(TWO_METRICS)


def test_an_unknown_metric_lists_the_ones_there_are():
    with pytest.raises(InputError, match=r"no metric 'acc'.*\['exact_match', "
                                         r"'quasi_exact_match'\].*toy_sums"):
        read_every_eval_ever(TWO_METRICS, metric="acc")


def _good() -> dict:
    return _lines(PER_MODEL[0])[0]


def _with(change) -> list:
    first, second = _good(), _good()
    second["sample_id"] = "other"
    change(second)
    return [first, second]


def _drop(*keys):
    def change(record):
        target = record
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]
    return change


def _score(value):
    def change(record):
        record["evaluation"]["score"] = value
    return change


@pytest.mark.parametrize("change, message", [
    (_drop("model_id"), r"line 2: required field\(s\) \['model_id'\] missing"),
    (_drop("answer_attribution"), r"line 2: required field\(s\) \['answer_attribution'\]"),
    (_drop("evaluation", "is_correct"), r"line 2, field 'evaluation': .*\['is_correct'\]"),
    (_drop("evaluation", "score"), r"line 2, field 'evaluation': .*\['score'\]"),
    (_score("1"), r"line 2, field 'evaluation.score': '1' is not a number"),
    (_score(True), r"line 2, field 'evaluation.score': True is not a number"),
    (_score(1.5), r"line 2, field 'evaluation.score': 1.5 is outside \[0, 1\]"),
    (_score(85.0), r"line 2, .*: 85.0 is outside \[0, 1\].*percentage"),
    (_score(-0.1), r"line 2, .*: -0.1 is outside \[0, 1\]"),
    (_score(float("nan")), r"line 2, field 'evaluation.score': nan is outside"),
    (lambda r: r.update(sample_id=["a"]), r"line 2, field 'sample_id': expected a string"),
    (lambda r: r.update(evaluation=1.0), r"line 2, field 'evaluation': expected an object"),
])
def test_bad_records_name_file_line_and_field(tmp_path, change, message):
    path = _write(tmp_path / "bad_samples.jsonl", _with(change))
    with pytest.raises(InputError, match=r"bad_samples\.jsonl " + message):
        read_every_eval_ever(path)


def test_a_line_that_is_not_json_is_named(tmp_path):
    path = _write(tmp_path / "x_samples.jsonl", [_good(), "{not json", _good()])
    with pytest.raises(InputError, match=r"x_samples\.jsonl line 2: not JSON"):
        read_every_eval_ever(path)
    path = _write(tmp_path / "y_samples.jsonl", [_good(), "[1, 2]"])
    with pytest.raises(InputError, match=r"line 2: not a JSON object"):
        read_every_eval_ever(path)


def test_a_sample_scored_twice_is_refused(tmp_path):
    path = _write(tmp_path / "dup_samples.jsonl", [_good(), _good()])
    with pytest.raises(InputError, match=r"lines 1 and 2 both score model .* remove the duplicate"):
        read_every_eval_ever(path)


def test_an_empty_file_and_an_aggregate_log_are_refused(tmp_path):
    empty = tmp_path / "e_samples.jsonl"
    empty.write_text("\n")
    with pytest.raises(InputError, match="no samples"):
        read_every_eval_ever(empty)
    aggregate = tmp_path / "0b6c1f1e.json"
    aggregate.write_text(json.dumps({
        "schema_version": "0.3.0", "evaluation_id": "e", "evaluation_results": [],
        "detailed_evaluation_results": {"format": "jsonl",
                                        "file_path": "data/x/y/z/0b6c1f1e_samples.jsonl"}}))
    with pytest.raises(InputError, match=r"aggregate log.*0b6c1f1e_samples\.jsonl"):
        read_any([aggregate])


def test_cli_exits_with_status_2_and_the_message(tmp_path, capsys):
    path = _write(tmp_path / "bad_samples.jsonl", _with(_score(85.0)))
    status, _, err = _run([path, "-o", tmp_path / "r.html"], capsys)
    assert status == 2 and "bad_samples.jsonl line 2" in err and "Traceback" not in err
    status, _, err = _run([TWO_METRICS, "-o", tmp_path / "r.html"], capsys)
    assert status == 2 and "--metric" in err
    status, _, err = _run([TWO_METRICS, "-o", tmp_path / "r.html", "--metric", "exact_match",
                           "--format", "eee"], capsys)
    assert status == 0, err


def test_epochs_on_some_lines_only_and_unreadable_files_are_refused(tmp_path):
    records = _lines(AGENTIC)[:3]
    del records[2]["metadata"]["epoch"]
    path = _write(tmp_path / "ep_samples.jsonl", records)
    with pytest.raises(InputError, match=r"line 3, field 'metadata.epoch': missing"):
        read_every_eval_ever(path)
    binary = tmp_path / "bin_samples.jsonl"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(InputError, match=r"bin_samples\.jsonl: cannot be read"):
        read_every_eval_ever(binary)
    broken = tmp_path / "broken_samples.jsonl.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match=r"broken_samples\.jsonl\.gz: cannot be read"):
        read_every_eval_ever(broken)


def test_a_gzipped_file_gives_the_same_rows(tmp_path):
    import gzip

    packed = tmp_path / "x_samples.jsonl.gz"
    packed.write_bytes(gzip.compress(PER_MODEL[0].read_bytes()))
    source = read_any([packed])
    assert source.kind == "eee"
    assert source.frame.equals(read_every_eval_ever(PER_MODEL[0]))
