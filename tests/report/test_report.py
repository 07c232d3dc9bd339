"""End to end: ``python -m analysis report`` on small tables and logs, its messages for bad
input (exit status 2), its numbers against the library's, and its determinism."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import stats
from analysis.__main__ import main
from analysis.data import from_long
from analysis.report import make_report, read_lm_eval_samples

FIXTURES = Path(__file__).parent / "fixtures"


def _long(n_models=5, n_items=120, n_clusters=10, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ability = np.linspace(-0.6, 0.9, n_models)
    difficulty = rng.normal(0, 1, n_items) + np.repeat(rng.normal(0, 0.7, n_clusters),
                                                       n_items // n_clusters)
    p = 1 / (1 + np.exp(-(ability[:, None] - difficulty[None, :])))
    x = (rng.random(p.shape) < p).astype(int)
    return pd.DataFrame({
        "model": np.repeat([f"m{i}" for i in range(n_models)], n_items),
        "question_id": np.tile([f"q{j}" for j in range(n_items)], n_models),
        "correct": x.ravel(),
        "category": np.tile(np.repeat([f"c{k}" for k in range(n_clusters)], n_items // n_clusters),
                            n_models),
    })


@pytest.fixture
def small_csv(tmp_path) -> Path:
    path = tmp_path / "results.csv"
    _long().to_csv(path, index=False)
    return path


def _run(argv, capsys):
    status = main(["report", "--no-progress", "--resamples", "300", *map(str, argv)])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_cli_writes_a_self_contained_page_and_the_librarys_numbers(small_csv, tmp_path):
    html, js = tmp_path / "r.html", tmp_path / "r.json"
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "report", str(small_csv), "-o", str(html),
         "--json", str(js), "--resamples", "300", "--no-progress"],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "leads with" in done.stdout
    page = html.read_text()
    assert page.startswith("<!DOCTYPE html>") and "data:image/png;base64," in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "page fetches from the network"
    assert "<script" not in page
    numbers = json.loads(js.read_text())
    matrix = from_long(pd.read_csv(small_csv), item="question_id", score="correct",
                       cluster="category")
    expected = stats.clustered_se(matrix.scores, matrix.items["cluster"], method="CR2")
    got = pd.DataFrame(numbers["models"]).set_index("model")
    for column in ("mean", "se", "ci_low", "ci_high"):
        np.testing.assert_allclose(got[column], expected.loc[got.index, column], rtol=1e-12)
    assert set(got["method"]) == {"CR2 clustered"}
    order = got.index  # the data's own ranking, best first
    assert list(order) == list(expected["mean"].sort_values(ascending=False, kind="stable").index)
    pairs = stats.pairwise_comparisons(matrix.scores.loc[order], clusters=matrix.items["cluster"],
                                       test="t", cluster_method="CR2", adjust="holm")
    reported = pd.DataFrame(numbers["pairs"])
    assert len(reported) == 10
    np.testing.assert_allclose(reported["p_adjusted"], pairs["p_adjusted"], rtol=1e-12)
    assert numbers["summary"][1].startswith(f"{order[0]} leads with")


def test_independent_binary_items_get_the_recommended_interval():
    rows = pd.DataFrame({"model": np.repeat(["strong", "weak", "mid"], 60),
                         "item": np.tile(np.arange(60), 3),
                         "score": np.r_[np.ones(58), np.zeros(2), np.r_[np.ones(30), np.zeros(30)],
                                        np.r_[np.ones(52), np.zeros(8)]]})
    report = make_report(rows, progress=False, n_resamples=200)
    methods = report.models["method"].to_dict()
    assert methods == {"strong": "Clopper–Pearson", "mid": "Wilson", "weak": "Wilson"}
    exact = stats.clopper_pearson_scores(from_long(rows).scores)
    assert report.models.loc["strong", "ci_low"] == pytest.approx(exact.loc["strong", "ci_low"])


def test_percentages_are_refused_naming_row_and_column(tmp_path, capsys):
    frame = _long()
    frame["correct"] = frame["correct"] * 100.0
    path = tmp_path / "pct.csv"
    frame.to_csv(path, index=False)
    status, _, err = _run([path, "-o", tmp_path / "x.html"], capsys)
    first = int(np.flatnonzero(frame["correct"] > 1)[0])
    assert status == 2 and "percentages" in err
    assert f"row {first} (line {first + 2} of pct.csv), column 'correct'" in err
    assert "Traceback" not in err and not (tmp_path / "x.html").exists()


@pytest.mark.parametrize(("change", "message"), [
    ("text", "row 3 (line 5 of bad.csv), column 'correct': 'yes' is not a number"),
    ("missing", "no column 'score' (given with --score)"),
    ("duplicate", "both score model 'm0' on item 'q1'"),
    ("ambiguous", "several columns could be the score: ['score', 'correct']"),
])
def test_bad_input_is_refused_with_status_2(tmp_path, capsys, change, message):
    frame = _long()
    extra = []
    if change == "text":
        frame["correct"] = frame["correct"].astype(object)
        frame.loc[3, "correct"] = "yes"
    elif change == "missing":
        extra = ["--score", "score"]
    elif change == "duplicate":
        frame = pd.concat([frame, frame.iloc[[1]]], ignore_index=True)
    elif change == "ambiguous":
        frame["score"] = frame["correct"]
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    status, _, err = _run([path, "-o", tmp_path / "x.html", *extra], capsys)
    assert status == 2, err
    assert message in err
    assert err.startswith("error: ") and "Traceback" not in err
    if change == "duplicate":
        assert "--run COLUMN" in err


def test_existing_report_is_not_overwritten_without_force(small_csv, tmp_path, capsys):
    out = tmp_path / "r.html"
    out.write_text("keep me")
    status, _, err = _run([small_csv, "-o", out], capsys)
    assert status == 2 and "--force" in err and out.read_text() == "keep me"
    status, _, _ = _run([small_csv, "-o", out, "--force", "-q"], capsys)
    assert status == 0 and out.read_text().startswith("<!DOCTYPE html>")


def test_same_seed_same_numbers(small_csv, tmp_path, capsys):
    outputs = []
    for k, seed in enumerate((7, 7, 8)):
        js = tmp_path / f"{k}.json"
        assert _run([small_csv, "-o", tmp_path / f"{k}.html", "--json", js, "--seed", seed], capsys)[0] == 0
        outputs.append(json.loads(js.read_text()))
    assert outputs[0] == outputs[1]
    first = [m["p_first"] for m in outputs[0]["models"]]
    assert first != [m["p_first"] for m in outputs[2]["models"]]


def test_repeated_runs_give_variance_components(tmp_path):
    frame = _long(n_models=3, n_items=40, n_clusters=4)
    rng = np.random.default_rng(1)
    runs = pd.concat([frame.assign(epoch=e, correct=(rng.random(len(frame)) < 0.3 + 0.4 * frame["correct"]).astype(int))
                      for e in (1, 2, 3)], ignore_index=True)
    report = make_report(runs, progress=False, n_resamples=200)
    assert report.meta["columns"]["run"] == "epoch" and report.runs is not None
    part = runs[runs["model"] == "m1"]
    expected = stats.variance_components(part["correct"].to_numpy(), part["question_id"].to_numpy())
    assert report.runs.loc["m1", "within_variance"] == pytest.approx(expected["within_variance"].item())


def test_lm_eval_samples_are_read(tmp_path, capsys):
    files = sorted(FIXTURES.glob("lm_eval/*/samples_*.jsonl"))
    frame = read_lm_eval_samples(files[0])
    assert list(frame.columns) == ["model", "item", "task", "filter", "score"]
    assert frame["model"].iloc[0] == files[0].parent.name and len(frame) == 12
    assert frame["item"].iloc[0] == "toy_arc/0"
    raw = [json.loads(line) for line in files[0].read_text().splitlines()]
    assert frame["score"].mean() == pytest.approx(np.mean([r["acc"] for r in raw]))
    js = tmp_path / "lm.json"
    status, out, err = _run([*files, "-o", tmp_path / "lm.html", "--json", js], capsys)
    assert status == 0, err
    numbers = json.loads(js.read_text())
    assert {m["model"] for m in numbers["models"]} == {"pythia-70m", "pythia-160m"}
    assert numbers["meta"]["kind"] == "lm-eval" and numbers["meta"]["n_items"] == 12


def test_package_entry_point_lists_its_commands(capsys):
    assert main([]) == 2
    assert "report RESULTS" in capsys.readouterr().err
    assert main(["nonsense"]) == 2


def test_parquet_gives_the_same_numbers_as_csv(small_csv, tmp_path):
    parquet = tmp_path / "results.parquet"
    pd.read_csv(small_csv).to_parquet(parquet)
    a = make_report(small_csv, progress=False, n_resamples=200, seed=3)
    b = make_report(parquet, progress=False, n_resamples=200, seed=3)
    pd.testing.assert_frame_equal(a.models, b.models)
    assert a.summary == b.summary


def test_lm_eval_filters_are_chosen_not_mixed(tmp_path):
    folder = tmp_path / "my-model"
    folder.mkdir()
    path = folder / "samples_toy_gsm_2024-05-01T12-00-00.jsonl"
    lines = [{"doc_id": d, "doc": {}, "target": "4", "resps": [["4"]], "filtered_resps": ["4"],
              "filter": name, "metrics": ["exact_match"], "exact_match": float(name == "flexible-extract" or d == 0)}
             for d in range(3) for name in ("strict-match", "flexible-extract")]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert read_lm_eval_samples(path)["score"].tolist() == [1.0, 0.0, 0.0]  # the first filter
    chosen = read_lm_eval_samples(path, metric="exact_match,flexible-extract")
    assert chosen["score"].tolist() == [1.0, 1.0, 1.0] and set(chosen["filter"]) == {"flexible-extract"}
    with pytest.raises(ValueError, match="no filter 'nope'"):
        read_lm_eval_samples(path, metric="exact_match,nope")


def test_intervals_past_the_ends_of_the_scale_are_cut_and_flagged():
    # Two clusters of three items: the CR2 t-interval (1 df) spans far beyond [0, 1].
    rows = _long(n_models=3, n_items=6, n_clusters=2, seed=3)
    report = make_report(rows, progress=False, n_resamples=200, irt=False)
    with pytest.warns(stats.DegenerateIntervalWarning):  # few items: expected, and the point
        raw = stats.clustered_se(
            from_long(rows, model="model", item="question_id", score="correct").scores,
            rows.drop_duplicates("question_id").set_index("question_id")["category"], method="CR2")
    assert ((raw["ci_low"] < 0) | (raw["ci_high"] > 1)).any()        # the case exists
    assert report.models["ci_low"].min() >= 0 and report.models["ci_high"].max() <= 1
    assert any("cut at the end of the scale" in note for note in report.notes)


def test_shares_in_the_summary_never_round_to_all_or_none():
    from analysis.report.summary import _share

    assert [_share(v) for v in (0.0, 0.0005, 0.5, 0.985, 0.999, 0.9999, 1.0)] == [
        "0%", "0.05%", "50%", "98%", "99.9%", "99.99%", "100%"]


def test_summary_states_the_leaders_rank_interval_and_share_of_firsts():
    rng = np.random.default_rng(1)
    n = 400
    strong = (rng.random(n) < 0.9).astype(int)
    weak = (rng.random((3, n)) < 0.5).astype(int)
    rows = pd.DataFrame({"model": np.repeat(["strong", "w1", "w2", "w3"], n),
                         "item": np.tile([f"q{j}" for j in range(n)], 4),
                         "score": np.concatenate([strong, *weak])})
    report = make_report(rows, n_resamples=500, seed=0, irt=False, progress=False)
    sentence = next(s for s in report.summary if s.startswith("Resampling"))
    share = report.models["p_first"].iloc[0]
    assert "Resampling the items, strong ranks first in" in sentence
    assert "rank interval is 1 to 1" in sentence
    assert ("100%" in sentence) == (share == 1.0)
