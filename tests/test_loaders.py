"""Per-dataset loaders (analysis.data.loaders) against the staged raw files.

Known values are read from the raw files with plain pandas/json/yaml here, so each test
checks the loader against the file rather than against itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import analysis.data as data
from analysis.data import (
    DataError,
    cifar10_1_matrix,
    list_datasets,
    load_aiid,
    load_benchbench_ibm,
    load_benchbench_zhang_hardt,
    load_benchrisk,
    load_chembench_irt,
    load_cifar10_1,
    load_correlated_errors,
    load_epoch_benchmarks,
    load_gsm1k,
    load_metr_time_horizon,
    load_nlu_irt,
    load_obsscaling,
    load_safetywashing,
    loaders_common,
    nlu_irt_matrix,
)


@pytest.fixture(scope="module")
def staged() -> Path:
    env = os.environ.get("ANALYSIS_DATA_DIR")
    if not env:
        pytest.skip("ANALYSIS_DATA_DIR is unset: set it to a copy of the data laid out as "
                    "<dataset>/<path> (CI uses /work/shared/data)")
    return Path(env)


def _no_duplicates(frame: pd.DataFrame, key: list[str]) -> None:
    assert not frame.duplicated(key).any(), frame[frame.duplicated(key, keep=False)].head()


def _float(frame: pd.DataFrame, cols: list[str]) -> None:
    for c in cols:
        assert frame[c].dtype == np.float64, (c, frame[c].dtype)


# ------------------------------------------------------------------------------ registry

def test_every_dataset_has_a_loader():
    for ds in list_datasets():
        ident = ds if isinstance(ds, str) else ds.id
        if ident in ("imagenetv2", "imagenet-testbed"):
            continue
        name = "load_" + ident.replace("-", "_").replace(".", "_")
        assert name in data.__all__, name
        assert callable(getattr(data, name)), name


def test_loaders_all_lists_exactly_the_public_functions():
    from analysis.data import loaders
    public = {n for n in dir(loaders) if n.startswith(("load_", "cifar10_1_", "nlu_irt_"))}
    assert public == set(loaders.__all__)


@pytest.mark.parametrize("call, kind", [
    (lambda: load_aiid(table="reports"), "AIID table"),
    (lambda: load_benchbench_ibm(snapshots="new"), "snapshots"),
    (lambda: load_benchbench_zhang_hardt(leaderboard="helm/speed"), "leaderboard"),
    (lambda: load_benchrisk(table="score"), "BenchRisk table"),
    (lambda: load_cifar10_1(split="v5"), "CIFAR-10.1 split"),
    (lambda: cifar10_1_matrix("v6", kind="top5"), "kind"),
    (lambda: load_correlated_errors(table="items"), "correlated-errors table"),
    (lambda: load_epoch_benchmarks(table="run"), "Epoch table"),
    (lambda: load_gsm1k(table="gsm8k"), "GSM1k table"),
    (lambda: load_metr_time_horizon(table="run"), "METR table"),
    (lambda: load_nlu_irt(test_sets="glue"), "NLU test set"),
    (lambda: load_nlu_irt(test_sets=["cb", "squad"]), "NLU test set"),
    (lambda: nlu_irt_matrix("squad"), "NLU test set"),
    (lambda: load_obsscaling(table="chat"), "ObsScaling table"),
    (lambda: load_safetywashing(models="instruct"), "models"),
])
def test_unknown_options_raise_listing_valid_choices(staged, call, kind):
    with pytest.raises(ValueError, match=f"unknown {kind} .*valid choices: \\["):
        call()


def test_nlu_bad_test_set_names_the_valid_ones(staged):
    with pytest.raises(ValueError, match="'mnli'.*'winogrande'"):
        nlu_irt_matrix("nope")


def test_cifar_original_has_no_correctness_matrix(staged):
    with pytest.raises(ValueError, match="prediction"):
        cifar10_1_matrix("original", kind="correct")


# -------------------------------------------------------------------- missing columns

@pytest.fixture
def fake_file(tmp_path, monkeypatch):
    """Make every fetch() return one small tmp file; returns a function writing it."""
    target = tmp_path / "file.csv"
    monkeypatch.setattr(loaders_common, "fetch", lambda dataset, path: target)

    def write(text: str) -> Path:
        target.write_text(text, encoding="utf-8")
        return target
    return write


@pytest.mark.parametrize("call, text, missing", [
    (lambda: load_gsm1k(table="items"), "question,solution\nWhat?,4\n", "answer"),
    (lambda: load_correlated_errors(table="accuracy"), "model,acc\nm,0.5\n", "model_accuracy"),
    (lambda: load_aiid(table="duplicates"), "duplicate_incident_number,x\n1,2\n",
     "true_incident_number"),
    (lambda: load_epoch_benchmarks(table="distilled"), "\ufeffmodel,distilled,notes\nm,TRUE,\n",
     "confidence"),
    (lambda: load_benchrisk(table="failure_modes"), "ID,Stage\n#001,x\n", "Severity"),
    (lambda: load_obsscaling(table="base"), "Model,MMLU\nm,0.5\n", "Model Family"),
])
def test_missing_column_raises_data_error(fake_file, call, text, missing):
    fake_file(text)
    with pytest.raises(DataError, match=f"expected column\\(s\\) .*{missing}"):
        call()


def test_non_numeric_score_raises_data_error(fake_file):
    fake_file("Model,Model Family,Model Size (B),Pretraining Data Size (T),FLOPs (1E21),MMLU\n"
              "m,f,7,2,84,high\n")
    with pytest.raises(DataError, match="non-numeric"):
        load_obsscaling(table="base")


# -------------------------------------------------------------------------------- aiid

def test_aiid_incidents(staged):
    raw = pd.read_csv(staged / "aiid" / "incidents.csv")
    inc = load_aiid()
    assert list(inc.columns) == ["incident_id", "date", "title", "description", "n_reports",
                                 "report_ids", "deployers", "developers", "harmed_parties"]
    assert len(inc) == len(raw) == 1367
    assert inc["incident_id"].is_unique and inc["incident_id"].is_monotonic_increasing
    assert pd.api.types.is_datetime64_any_dtype(inc["date"]) and inc["date"].notna().all()
    assert inc["date"].min() == pd.Timestamp("1983-09-26")
    first = inc.set_index("incident_id").loc[1]
    raw1 = raw.set_index("incident_id").loc[1]
    assert first["title"] == raw1["title"]
    assert first["n_reports"] == len(json.loads(raw1["reports"])) == 13
    assert first["deployers"] == "youtube"
    i23 = inc.set_index("incident_id").loc[23]
    assert i23["harmed_parties"] == "navya; keolis-north-america; bus-passengers"
    assert (inc["n_reports"] >= 0).all() and (inc["n_reports"] >= 1).mean() > 0.99


def test_aiid_classifications(staged):
    mit = load_aiid(table="mit")
    raw = pd.read_csv(staged / "aiid" / "classifications_MIT.csv")
    assert len(mit) == len(raw) == 1242
    assert {"incident_id", "risk_domain", "risk_subdomain", "entity", "timing",
            "intent", "published"} <= set(mit.columns)
    assert mit["published"].dtype == bool
    assert mit["risk_domain"].str.match(r"^[1-7]\. ").all()
    assert set(mit["incident_id"]) <= set(load_aiid()["incident_id"])
    cset = load_aiid(table="cset")
    assert len(cset) == 214 and {"harm_domain", "ai_harm_level"} <= set(cset.columns)
    assert cset["incident_id"].dtype == np.int64
    gmf = load_aiid(table="gmf")
    assert len(gmf) == 326 and "known_ai_technical_failure" in gmf.columns
    dup = load_aiid(table="duplicates")
    assert list(dup.columns) == ["duplicate_incident_id", "true_incident_id"] and len(dup) == 13


# ---------------------------------------------------------------------- benchbench-ibm

def test_benchbench_ibm(staged):
    df = load_benchbench_ibm()
    assert list(df.columns) == ["file", "folder", "source", "snapshot_date", "category",
                                "entry", "model", "scenario", "score", "lower_is_better"]
    _float(df, ["score"])
    assert df["score"].notna().all()
    assert (df["folder"] == "benchmarks").all() and df["file"].nunique() == 40
    _no_duplicates(df, ["file", "entry", "scenario"])
    assert df["entry"].dtype == np.int64
    raw = pd.read_csv(staged / "benchbench-ibm" / "benchmarks" / "helm_lite_240829_holistic.csv")
    got = df.query("file == 'helm_lite_240829_holistic'").set_index("model")["score"]
    pd.testing.assert_series_equal(got.sort_index(), raw.set_index("model")["helm_lite"]
                                   .sort_index(), check_names=False)
    row = df.query("file == 'helm_lite_240829_holistic'").iloc[0]
    assert row["source"] == "helm_lite" and row["category"] == "holistic"
    assert row["snapshot_date"] == pd.Timestamp("2024-08-29")
    lv = df.query("source == 'lvbench'")
    assert len(lv) > 0 and lv["snapshot_date"].isna().all()  # 241189 is not a date
    assert df.query("source == 'helm_airbench'")["lower_is_better"].all()
    old = load_benchbench_ibm(snapshots="old")
    assert (old["folder"] == "benchmarks_old").all() and old["file"].nunique() == 22
    blz = old.query("file == 'BLZ_240312'")
    raw_blz = pd.read_csv(staged / "benchbench-ibm" / "benchmarks_old" / "BLZ_240312.csv")
    assert len(blz) == raw_blz["score"].notna().sum()
    assert len(load_benchbench_ibm(snapshots="all")) == len(df) + len(old)


# ------------------------------------------------------------- benchbench-zhang-hardt

def test_zhang_hardt_helm(staged):
    df = load_benchbench_zhang_hardt()
    assert list(df.columns) == ["leaderboard", "entry", "model", "task", "score"]
    _float(df, ["score"])
    raw = pd.read_csv(staged / "benchbench-zhang-hardt" / "helm" / "accuracy.tsv", sep="\t")
    models = set(raw["Model/adapter"])
    assert set(df["model"]) <= models and "Mean win rate" not in set(df["task"])
    cell = df.query("model == 'Llama 2 (70B)' and task == 'MMLU - EM'")["score"].item()
    assert cell == pytest.approx(0.582)
    n_present = (raw.drop(columns=["Model/adapter", "Mean win rate"]) != "-").sum().sum()
    assert len(df) == n_present
    _no_duplicates(df, ["entry", "task"])
    assert df["score"].between(0, 1).all()


@pytest.mark.parametrize("board", ["helm/efficiency", "heim/nsfw", "openllm", "mmlu", "glue",
                                   "superglue", "mteb", "vtab", "bigcode", "bbh"])
def test_zhang_hardt_boards(staged, board):
    df = load_benchbench_zhang_hardt(leaderboard=board)
    assert len(df) > 50 and df["score"].notna().all()
    assert (df["leaderboard"] == board).all()
    _no_duplicates(df, ["entry", "task"])


def test_zhang_hardt_special_layouts(staged):
    glue = load_benchbench_zhang_hardt(leaderboard="glue")
    assert glue.duplicated(["model", "task"]).any()  # e.g. RefBERT submitted twice
    glue = glue.drop_duplicates(["model", "task"]).set_index(["model", "task"])
    assert glue.loc[("Turing ULR v6", "MRPC"), "score"] == pytest.approx((94.2 + 92.3) / 2)
    mmlu = load_benchbench_zhang_hardt(leaderboard="mmlu")
    assert mmlu["task"].nunique() == 57 and "abstract_algebra" in set(mmlu["task"])
    vtab = load_benchbench_zhang_hardt(leaderboard="vtab").set_index(["model", "task"])
    assert vtab.loc[("Sup-Rotation-100%", "CIFAR-100"), "score"] == pytest.approx(84.8)
    heim = load_benchbench_zhang_hardt(leaderboard="heim/nsfw")
    assert not heim["task"].str.contains("[ sort ]", regex=False).any()


# ------------------------------------------------------------------------- benchrisk

def test_benchrisk_scores(staged):
    df = load_benchrisk()
    assert len(df) == 27 * 52 and df["benchmark"].nunique() == 27
    _no_duplicates(df, ["benchmark", "threat_id"])
    _float(df, ["severity", "mitigated_risk", "underperformance", "benchmark_scored"])
    for c in ("severity", "mitigated_risk", "underperformance"):
        assert df[c].between(0, 1).all(), c
    mmlu = df.query("benchmark == 'MMLU'").set_index("threat_id")
    raw = pd.read_csv(staged / "benchrisk" / "scores" /
                      "Production Benchmark Benchmark V0.5.2 - MMLU.csv").set_index("Threat ID")
    np.testing.assert_allclose(mmlu["benchmark_scored"], raw.loc[mmlu.index, "Benchmark Scored"])
    assert (df["n_adopted"] <= df["n_available"]).all()
    assert pd.api.types.is_datetime64_any_dtype(df["affirming_date"])
    arc = df.query("benchmark == 'ARCAGIPublic'")
    assert arc["affirming_date"].isna().all()


def test_benchrisk_registries(staged):
    fm = load_benchrisk(table="failure_modes")
    assert len(fm) == 57 and fm["failure_mode_id"].is_unique
    assert fm["severity"].between(0, 1).all()
    mit = load_benchrisk(table="mitigations")
    raw = pd.read_csv(staged / "benchrisk" / "MitigationRegistryV0.5.2.csv")
    assert len(mit) == len(raw) == 197
    np.testing.assert_allclose(mit["likelihood_reduction"],
                               raw["Reduction in Likelihood (Percent)"] / 100)
    assert mit["severity_reduction"].between(0, 1).all()
    assert set(mit["failure_mode_id"]) <= set(fm["failure_mode_id"])


# --------------------------------------------------------------------- chembench-irt

def test_chembench_irt(staged):
    df = load_chembench_irt()
    assert list(df.columns) == ["model", "item", "difficulty", "correct"]
    assert df["correct"].dtype == np.uint8 and df["item"].dtype == np.int64
    assert len(df) == 22 * 2854
    _no_duplicates(df, ["model", "item"])
    scores = pd.read_csv(staged / "chembench-irt" / "model_score_allcorrect.csv", index_col=0)
    got = df.groupby("model")["correct"].mean()
    np.testing.assert_allclose(got.loc[scores.index], scores["score"])
    diff = json.loads((staged / "chembench-irt" / "difficulty_dict.json").read_text())
    counts = df.drop_duplicates("item")["difficulty"].value_counts()
    assert {k: counts[k] for k in diff} == {k: len(v) for k, v in diff.items()}
    raw = pd.read_csv(staged / "chembench-irt" / "binary_matrix.csv", index_col=0)
    assert df.query("model == 'o1' and item == 1")["correct"].item() == raw.loc[1, "o1"]


# ------------------------------------------------------------------------- cifar10.1

def test_cifar10_1_v6(staged):
    df = load_cifar10_1()
    assert list(df.columns) == ["split", "model", "item", "label", "prediction", "correct"]
    assert len(df) == 30 * 2000 and df["model"].nunique() == 30
    _no_duplicates(df, ["model", "item"])
    assert df["prediction"].between(0, 9).all() and df["label"].between(0, 9).all()
    acc = df.groupby("model")["correct"].mean()
    assert acc["resnet_basic_32"] == pytest.approx(0.852)
    assert acc["shake_shake_26_2x64d_SSI_cutout16"] == pytest.approx(0.931)
    labels = np.load(staged / "cifar10.1" / "datasets" / "cifar10.1_v6_labels.npy")
    np.testing.assert_array_equal(df.query("model == 'wrn_28_10'")["label"].to_numpy(int),
                                  labels)
    preds = json.loads((staged / "cifar10.1" / "model_predictions" / "v6_predictions" /
                        "darc_predictions.json").read_text())
    np.testing.assert_array_equal(df.query("model == 'darc'")["prediction"], preds)


def test_cifar10_1_matrix_and_original(staged):
    m = cifar10_1_matrix("v4")
    assert m.shape == (30, 2021) and (m.dtypes == np.uint8).all()
    assert m.index.name == "model" and m.columns.name == "item"
    long = load_cifar10_1(split="v4")
    assert m.mean(axis=1).to_dict() == pytest.approx(
        long.groupby("model")["correct"].mean().astype(float).to_dict())
    orig = load_cifar10_1(split="original")
    assert len(orig) == 30 * 10000 and orig["label"].isna().all() and orig["correct"].isna().all()
    p = cifar10_1_matrix("original", kind="prediction")
    assert p.shape == (30, 10000) and p.to_numpy().max() <= 9


# ------------------------------------------------------------------ correlated-errors

def test_correlated_errors(staged):
    pairs = load_correlated_errors()
    assert len(pairs) == 71 * 70 // 2
    models = pd.unique(pd.concat([pairs["model1"], pairs["model2"]]))
    assert len(models) == 71
    key = pairs[["model1", "model2"]].apply(sorted, axis=1, result_type="expand")
    assert not key.duplicated().any()
    rates = ["overall_agreement_rate", "both_correct_rate", "agreement_rate_when_either_wrong",
             "agreement_rate_when_both_wrong"]
    _float(pairs, rates + ["chi_square", "p_value"])
    assert pairs[rates].stack().between(0, 1).all()
    assert pairs["agreement_rate_when_both_wrong"].mean() == pytest.approx(0.6, abs=0.1)
    raw = pd.read_csv(staged / "correlated-errors" / "model_correlations.csv")
    assert pairs.loc[0, "chi_square"] == raw.loc[0, "chi_square"]
    acc = load_correlated_errors(table="accuracy").set_index("model")["accuracy"]
    assert acc.dtype == np.float64 and acc.between(0, 1).all() and len(acc) == 71
    assert acc["01-ai/yi-large-preview"] == pytest.approx(0.8000284859706595)
    meta = load_correlated_errors(table="models").set_index("model")
    assert meta.loc["qwen/qwen2.5-72b-instruct-turbo", "size_b"] == 72.0
    assert set(meta.index) == set(models)
    hf = load_correlated_errors(table="hf_accuracy")
    assert len(hf) == 451 and hf["model"].is_unique


# ------------------------------------------------------------------- epoch-benchmarks

def test_epoch_runs(staged):
    runs = load_epoch_benchmarks()
    raw = pd.read_csv(staged / "epoch-benchmarks" / "benchmarks_runs.csv", encoding="utf-8-sig")
    assert len(runs) == len(raw) == 541 and runs["run_id"].is_unique
    assert {"run_id", "task", "model", "model_version", "reasoning_effort", "score",
            "stderr", "started_at", "release_date"} <= set(runs.columns)
    _float(runs, ["score", "stderr", "scorer_mean"])
    assert runs["score"].between(0, 1).all()
    assert pd.api.types.is_datetime64_any_dtype(runs["started_at"])
    r = runs.set_index("run_id").loc["V3YQtSEnQ3TPZEPPgkCKQM"]
    assert r["score"] == pytest.approx(0.85) and r["stderr"] == pytest.approx(0.02)
    assert r["model_version"] == "gpt-5.1" and r["reasoning_effort"] == "medium"
    assert (runs["scorer_mean"] - runs["score"]).abs().max() < 0.01
    o3 = runs.query("model_version == 'o3-2025-04-16'")
    assert set(o3["reasoning_effort"]) >= {"low", "high"}
    assert runs["release_date"].notna().mean() > 0.5


def test_epoch_external_and_metadata(staged):
    ext = load_epoch_benchmarks(table="external")
    assert ext["benchmark"].nunique() == 37
    _float(ext, ["score"])
    mmlu = pd.read_csv(staged / "epoch-benchmarks" / "external_benchmark_mmlu.csv",
                       encoding="utf-8-sig")
    row = mmlu.iloc[0]
    got = ext.query("benchmark == 'mmlu' and model_version == @row['Model version']")
    assert float(row["EM"].rstrip("%")) / 100 in got["score"].round(6).tolist()
    metr = ext.query("benchmark == 'metr'").set_index("model_version")["score"]
    assert metr["claude-3-5-sonnet-20240620"] == pytest.approx(18.21683)
    models = load_epoch_benchmarks(table="models")
    assert len(models) == 574 and models["model_version"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(models["release_date"])
    bench = load_epoch_benchmarks(table="benchmarks")
    assert len(bench) == 42 and bench["is_math"].dtype == bool
    dist = load_epoch_benchmarks(table="distilled")
    assert len(dist) == 170 and dist["distilled"].dtype == bool


# ---------------------------------------------------------------------------- gsm1k

def test_gsm1k_models(staged):
    df = load_gsm1k()
    assert list(df.columns) == ["model", "gap", "avg_loglik"]
    assert df["model"].is_unique and len(df) == 56
    _float(df, ["gap", "avg_loglik"])
    # the files have no header row: the first line is data
    gap_raw = pd.read_csv(staged / "gsm1k" / "scale_diff.csv", header=None)
    ll_raw = pd.read_csv(staged / "gsm1k" / "averages.tsv", header=None, sep="\t")
    got = df.set_index("model")
    assert got.loc[gap_raw.iloc[0, 0], "gap"] == pytest.approx(gap_raw.iloc[0, 1])
    assert got.loc[ll_raw.iloc[0, 0], "avg_loglik"] == pytest.approx(ll_raw.iloc[0, 1])
    assert got.loc["CodeLlama-70b-hf", "gap"] == pytest.approx(0.0585883307799509)
    assert df.dropna().shape[0] == len(set(gap_raw[0]) & set(ll_raw[0])) == 52
    assert (df["avg_loglik"].dropna() < 0).all()


def test_gsm1k_items(staged):
    items = load_gsm1k(table="items")
    raw = pd.read_csv(staged / "gsm1k" / "gsm1k_public_50.csv")
    assert len(items) == 50 and items["answer"].dtype == np.float64
    assert items.loc[0, "answer"] == raw.loc[0, "answer"] == 7
    assert items.loc[0, "question"] == raw.loc[0, "question"]


# ------------------------------------------------------------------- metr-time-horizon

def test_metr_runs(staged):
    runs = load_metr_time_horizon()
    lines = (staged / "metr-time-horizon" / "all_runs.jsonl").read_text().splitlines()
    assert len(runs) == len(lines) == 7063 and runs["run_id"].is_unique
    assert {"alias", "task_id", "task_family", "score_binarized", "human_minutes",
            "score"} <= set(runs.columns)
    _float(runs, ["score", "score_binarized", "human_minutes"])
    assert set(runs["score_binarized"].unique()) <= {0.0, 1.0}
    assert (runs["human_minutes"] > 0).all()
    first = json.loads(lines[0])
    r = runs.set_index("run_id").loc[first["run_id"]]
    assert r["alias"] == first["alias"] and r["task_id"] == first["task_id"]
    assert r["score"] == pytest.approx(first["score"])
    assert r["started_at"] == pd.Timestamp(first["started_at"], unit="ms", tz="UTC")
    assert "human" in set(runs["alias"])
    assert "human" not in set(load_metr_time_horizon(include_human=False)["alias"])
    assert runs["task_id"].nunique() == 83


def test_metr_summaries(staged):
    hz = load_metr_time_horizon(table="horizons")
    raw = yaml.safe_load((staged / "metr-time-horizon" / "benchmark_results_1_1.yaml")
                         .read_text())
    assert (hz["version"] == "1.1").sum() == len(raw["results"]) == 17
    assert (hz["version"] == "1.0").sum() == 33
    _no_duplicates(hz, ["version", "model"])
    row = hz.query("version == '1.1' and model == 'claude_3_5_sonnet_20240620_inspect'").iloc[0]
    assert row["p50_minutes"] == pytest.approx(10.771603)
    assert row["release_date"] == pd.Timestamp("2024-06-20")
    assert (hz["p50_ci_low"] <= hz["p50_minutes"]).all()
    assert (hz["p50_minutes"] <= hz["p50_ci_high"]).all()
    dt = load_metr_time_horizon(table="doubling_times").set_index("fit")
    assert dt.loc["from_2023_on", "estimate_days"] == pytest.approx(130.801)
    rd = load_metr_time_horizon(table="release_dates")
    assert rd.query("alias == 'o3'")["release_date"].iloc[0] == pd.Timestamp("2025-04-16")
    mess = load_metr_time_horizon(table="messiness")
    assert len(mess) == 3874 and mess["is_label_record_done"].dtype == bool
    assert mess["is_label_record_done"].sum() == 702
    tasks = load_metr_time_horizon(table="messiness_tasks")
    assert len(tasks) == 142 and tasks["task_id"].is_unique


# ------------------------------------------------------------------------------ nlu-irt

def test_nlu_irt_long(staged):
    df = load_nlu_irt(test_sets="cb")
    raw = pd.read_csv(staged / "nlu-irt" / "cb_irt_all_coded.csv")
    assert list(df.columns) == ["test_set", "model", "base_model", "checkpoint", "item",
                                "item_index", "correct"]
    assert len(df) == 90 * 28 == raw.shape[0] * (raw.shape[1] - 1)
    assert df["correct"].dtype == np.uint8
    _no_duplicates(df, ["model", "item"])
    cell = df.query("model == 'roberta-base-10M-1_10' and item == 'cb_20'")["correct"].item()
    assert cell == raw.set_index("userid").loc["roberta-base-10M-1_10", "cb_20"] == 0
    assert set(df["checkpoint"]) == {"1", "10", "25", "50", "best"}
    assert df["base_model"].nunique() == 18
    two = load_nlu_irt(test_sets=["cb", "copa"])
    assert set(two["test_set"]) == {"cb", "copa"} and len(two) == 90 * (28 + 50)


def test_nlu_irt_matrix(staged):
    m = nlu_irt_matrix("copa")
    raw = pd.read_csv(staged / "nlu-irt" / "copa_irt_all_coded.csv", index_col="userid")
    assert m.shape == (90, 50) and (m.dtypes == np.uint8).all()
    assert m.index.name == "model" and m.columns.name == "item"
    np.testing.assert_array_equal(m.to_numpy(), raw.to_numpy())
    assert list(m.index) == list(raw.index)


# --------------------------------------------------------------------------- obsscaling

def test_obsscaling(staged):
    long = load_obsscaling()
    raw = pd.read_csv(staged / "obsscaling" / "base_llm_benchmark_eval.csv")
    assert list(long.columns) == ["model", "model_family", "model_size_b",
                                  "pretraining_tokens_t", "flops_1e21", "benchmark", "score"]
    _float(long, ["model_size_b", "pretraining_tokens_t", "flops_1e21", "score"])
    assert long["model"].nunique() == len(raw) == 148
    assert len(long) == raw.iloc[:, 5:].notna().sum().sum()
    _no_duplicates(long, ["model", "benchmark"])
    v = long.query("model == 'meta-llama/Llama-2-7b-hf' and benchmark == 'MMLU'")["score"]
    assert v.item() == pytest.approx(raw.set_index("Model").loc["meta-llama/Llama-2-7b-hf",
                                                                  "MMLU"])
    assert long["score"].between(0, 1).all()
    wide = load_obsscaling(wide=True)
    assert wide.shape == raw.shape and "flops_1e21" in wide.columns
    post = load_obsscaling(table="post_training")
    assert post["score"].min() < 0  # chance-normalised ",norm" columns
    assert set(load_obsscaling(table="agent").columns) == {"model", "benchmark", "score"}


# ------------------------------------------------------------------------- safetywashing

def test_safetywashing(staged):
    df = load_safetywashing()
    assert list(df.columns) == ["model_type", "model", "display_name", "model_size", "flop",
                                "benchmark", "benchmark_name", "metric", "score"]
    _float(df, ["model_size", "flop", "score"])
    _no_duplicates(df, ["model_type", "model", "benchmark"])
    base_raw = pd.read_csv(staged / "safetywashing" / "benchmarks_base_models.csv")
    chat_raw = pd.read_csv(staged / "safetywashing" / "benchmarks_chat_models.csv")
    meta = ["model", "model_size", "FLOP", "name", "type"]
    n = sum(r.drop(columns=meta).notna().sum().sum() for r in (base_raw, chat_raw))
    assert len(df) == n
    assert df.groupby("model_type")["model"].nunique().to_dict() == {"base": 27, "chat": 26}
    got = df.query("model_type == 'base' and model == 'Mixtral-8x22B-v0.1' and "
                   "benchmark == 'machiavelli-points'")["score"].item()
    assert got == pytest.approx(base_raw.loc[0, "machiavelli-points"])
    assert df.query("benchmark == 'mmlu'")["metric"].iloc[0] == "Accuracy (↑)"
    assert len(load_safetywashing(models="chat")) + len(load_safetywashing(models="base")) \
        == len(df)
