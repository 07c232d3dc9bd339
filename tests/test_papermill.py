"""A chapter re-runs on other data through its ``parameters`` cell (book/setup.md,
"Re-running a chapter on other data"): papermill executes the report page on a small
results file this test writes, and the output reports on that file.

The chapters that take parameters are checked fast: one ``parameters`` cell each, near the
top, assigning the names the rest of the chapter reads.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
# The chapters whose analysis applies to other data, and the inputs each one takes.
PARAMETERS = {
    "01_error_bars": {"TEST_SET", "SEED"},
    "03_efficient_evaluation": {"RESULTS", "COLUMNS", "SEED"},
    "04_ranking_stability": {"RESULTS", "COLUMNS", "SEED"},
    "91_your_own_results": {"RESULTS", "COLUMNS", "REPORT", "SEED"},
}


def _parameters_cell(stem: str):
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{stem}: {len(tagged)} cells tagged 'parameters' (papermill needs one)"
    return nb, tagged[0]


@pytest.mark.parametrize("stem", sorted(PARAMETERS))
def test_chapter_has_one_parameters_cell_near_the_top(stem):
    nb, index = _parameters_cell(stem)
    cell = nb.cells[index]
    assert cell.cell_type == "code"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code.index(cell) <= 2, f"{stem}: the parameters cell is not among the first code cells"
    assigned = {t.id for node in ast.parse(cell.source).body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    assert assigned == PARAMETERS[stem]
    others = "\n".join(c.source for c in code if c is not cell)
    for name in assigned:  # every parameter is read, and no later cell sets it again
        assert name in others, f"{stem}: parameter {name} is never used"
        assert f"\n{name} = " not in f"\n{others}", f"{stem}: {name} is reassigned later"


def _results(path: Path) -> dict[str, float]:
    """A long results file (system, question_id, correct) for three models on 60 questions,
    with the accuracies returned."""
    rng = np.random.default_rng(7)
    accuracy = {"zebra-7b": 0.85, "yak-13b": 0.65, "xerus-70b": 0.45}
    rows = [
        {"system": model, "question_id": f"q{j:02d}", "correct": int(hit)}
        for model, p in accuracy.items()
        for j, hit in enumerate(rng.random(60) < p)
    ]
    frame = pd.DataFrame(rows)
    frame.to_csv(path, index=False)
    return frame.groupby("system")["correct"].mean().to_dict()


@pytest.mark.slow
def test_papermill_runs_the_report_page_on_a_results_file(tmp_path):
    papermill = pytest.importorskip("papermill")  # in the book's extras (make install)
    results = tmp_path / "my_results.csv"
    means = _results(results)
    report = tmp_path / "my_report.html"
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        ROOT / "notebooks" / "91_your_own_results.ipynb", out,
        parameters={"RESULTS": str(results), "COLUMNS": {"model": "system"},
                    "REPORT": str(report)},
        cwd=ROOT / "notebooks", kernel_name="python3", progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"the run raised: {errors[0].get('evalue')}"
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "my_results.csv" in injected[0].source
    glued = {o["metadata"]["scrapbook"]["name"]:
             o["data"]["application/papermill.record/text/plain"]
             for c in nb.cells for o in c.get("outputs", [])
             if "application/papermill.record/text/plain" in o.get("data", {})}
    assert glued["n_models"] == "3" and glued["n_items"] == "60" and glued["n_rows"] == "180"
    leader = max(means, key=means.get)
    assert glued["leader"] == repr(leader)
    assert float(glued["leader_mean"]) == pytest.approx(means[leader])
    assert glued["cli_agrees"] == "'identical'", "the command line did not read the same file"
    page = report.read_text(encoding="utf-8")
    assert all(model in page for model in means), "the HTML report misses a model of the file"
    text = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert all(model in text for model in means)
