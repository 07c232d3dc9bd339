"""Inspect logs, made by running a tiny task offline with Inspect's mock model provider, read
through Inspect's stable API: the report's means, standard errors and intervals agree with
the metrics Inspect itself computed on the same log (``stderr``, ``ci_wilson``,
``stderr(cluster=...)``)."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("inspect_ai")

from inspect_ai import Task, eval  # noqa: E402
from inspect_ai.dataset import MemoryDataset, Sample  # noqa: E402
from inspect_ai.model import ModelOutput, ModelUsage, get_model  # noqa: E402
from inspect_ai.scorer import accuracy, ci_wilson, includes, stderr  # noqa: E402
from inspect_ai.solver import generate  # noqa: E402

from analysis.report import make_report, read_inspect_log  # noqa: E402

N_SAMPLES, N_GROUPS, EPOCHS = 110, 5, 2
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _task() -> Task:
    # Each sample lists the answers accepted as correct; a mock model always answers with its
    # own name, so which samples a model gets right is fixed whatever the order of the calls.
    samples = []
    for i in range(N_SAMPLES):  # alpha: 99 right, 11 wrong (Wilson); beta: 55 and 55 (normal)
        accepted = [name for name, right in (("alpha", i % 10 != 0), ("beta", i % 2 == 0)) if right]
        samples.append(Sample(id=f"s{i:03d}", input=f"question {i}", target=accepted or ["gamma"],
                              metadata={"group": f"g{i % N_GROUPS}"}))
    return Task(dataset=MemoryDataset(samples), solver=generate(), scorer=includes(),
                metrics=[accuracy(), stderr(), ci_wilson(), stderr(cluster="group")])


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inspect-logs")
    out = {}
    for name in ("alpha", "beta"):
        # usage given, so the mock provider does not count tokens (tiktoken would download)
        reply = ModelOutput.from_content(model=f"mockllm/{name}", content=name).model_copy(
            update={"usage": ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)})
        model = get_model(f"mockllm/{name}", custom_outputs=[reply] * (N_SAMPLES * EPOCHS))
        [log] = eval(_task(), model=model, log_dir=str(folder), display="none", epochs=EPOCHS,
                      log_realtime=False)
        assert log.status == "success"
        metrics = log.results.scores[0].metrics
        out[f"mockllm/{name}"] = (log.location, {
            "accuracy": metrics["accuracy"].value,
            "stderr": next(m.value for m in metrics.values() if m.name == "stderr" and not m.params),
            "stderr_cluster": next(m.value for m in metrics.values() if m.params.get("cluster")),
            "wilson": (next(m.value for m in metrics.values() if m.group == "ci_wilson" and m.name == "lower"),
                       next(m.value for m in metrics.values() if m.group == "ci_wilson" and m.name == "upper")),
        })
    return out


@pytest.fixture(scope="module")
def frame(logs):
    return pd.concat([read_inspect_log(location) for location, _ in logs.values()],
                     ignore_index=True)


def test_inspect_log_is_read_through_the_stable_api(logs):
    location, _ = logs["mockllm/alpha"]
    frame = read_inspect_log(location)
    assert len(frame) == N_SAMPLES * EPOCHS
    assert {"model", "item", "epoch", "score", "group"} <= set(frame.columns)
    assert set(frame["epoch"]) == {1, 2} and set(frame["model"]) == {"mockllm/alpha"}


def test_report_agrees_with_inspects_own_metrics(logs, tmp_path):
    paths = [location for location, _ in logs.values()]
    report = make_report(paths, seed=1, n_resamples=200, progress=False,
                         json_path=tmp_path / "r.json")
    assert report.meta["columns"]["run"] == "epoch"
    models = report.models
    for model, (_, inspect) in logs.items():
        row = models.loc[model]
        assert row["mean"] == pytest.approx(inspect["accuracy"], abs=1e-12)
        assert row["se_naive"] == pytest.approx(inspect["stderr"], rel=1e-9)
    # beta: 55 right and 55 wrong, the normal interval, whose SE is Inspect's stderr
    assert models.loc["mockllm/beta", "method"] == "normal (CLT)"
    assert models.loc["mockllm/beta", "se"] == pytest.approx(logs["mockllm/beta"][1]["stderr"], rel=1e-9)
    # alpha: 11 wrong, the Wilson interval, which is Inspect's ci_wilson
    assert models.loc["mockllm/alpha", "method"] == "Wilson"
    low, high = logs["mockllm/alpha"][1]["wilson"]
    assert models.loc["mockllm/alpha", "ci_low"] == pytest.approx(low, rel=1e-9)
    assert models.loc["mockllm/alpha", "ci_high"] == pytest.approx(high, rel=1e-9)


def test_clustered_report_agrees_with_inspects_clustered_stderr(logs, frame):
    # Equal clusters: CR2 (the report's) equals CR1 (Inspect's stderr(cluster=...)).
    report = make_report(frame, cluster="group", seed=1, n_resamples=200, progress=False)
    for model, (_, inspect) in logs.items():
        assert report.models.loc[model, "method"] == "CR2 clustered"
        assert report.models.loc[model, "se"] == pytest.approx(inspect["stderr_cluster"], rel=1e-9)
