"""Chapter 12 keeps every belief in one cell, and changing one belief moves the conclusion the
documented way: a lab likelier to honour its commitments (``lab_reneges`` lower) raises the
probability that an evaluation leads to a mitigation and leaves the probability of
understanding unchanged.

The fast tests check the cell (one ``parameters`` cell near the top, assigning the names the
chapter reads and nothing else) and the same monotonicity in the library, computed as the
chapter computes it; the slow test runs the chapter twice with papermill and compares the
glued numbers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import numpy as np
import pytest

from analysis import risk

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "notebooks" / "12_the_argument.ipynb"
NAMES = {"PRESET", "OVERRIDES", "COMBINE", "SEED", "N_DRAWS"}


def _cell():
    nb = nbformat.read(CHAPTER, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{len(tagged)} cells tagged 'parameters' (papermill needs one)"
    return nb, tagged[0]


def _assigned(source: str) -> dict[str, object]:
    values = {}
    for node in ast.parse(source).body:
        assert isinstance(node, ast.Assign), "the beliefs cell holds assignments only"
        for target in node.targets:
            values[target.id] = ast.literal_eval(node.value)
    return values


def test_every_belief_lives_in_one_cell_near_the_top():
    nb, cell = _cell()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code.index(cell) <= 2, "the beliefs cell is not among the first code cells"
    assert "Your beliefs: change me" in cell.source
    values = _assigned(cell.source)
    assert set(values) == NAMES
    others = "\n".join(c.source for c in code if c is not cell)
    for name in NAMES:
        assert name in others, f"{name} is never used"
        assert f"\n{name} = " not in f"\n{others}", f"{name} is reassigned later"
    # no belief is set outside the cell: the chapter's beliefs come from the preset and the
    # overrides (and the data-informed doubling time), never from literals further down
    assert others.count("risk.get_beliefs(") == 1 and "risk.get_beliefs(PRESET)" in others
    assert values["PRESET"] in risk.PRESETS and values["COMBINE"] in risk.COMBINE_MODES
    risk.update_beliefs(values["PRESET"], values["OVERRIDES"])  # the stored overrides are valid


def test_a_lab_that_honours_its_commitments_raises_p_mitigation():
    values = _assigned(_cell()[1].source)
    base = risk.update_beliefs(values["PRESET"], values["OVERRIDES"])
    honour = risk.update_beliefs(base, lab_reneges=0.1)
    run = {name: risk.simulate_chain(b, np.random.default_rng(values["SEED"]), n=5000,
                                     combine=values["COMBINE"]).summary()
           for name, b in (("base", base), ("honour", honour))}
    assert run["honour"]["p_mitigation"] > run["base"]["p_mitigation"]
    assert run["honour"]["p_net_value_positive"] >= run["base"]["p_net_value_positive"]
    assert run["honour"]["p_understanding"] == run["base"]["p_understanding"]


def test_a_probability_outside_the_unit_interval_is_refused_with_a_hint():
    with pytest.raises(ValueError, match="percentage"):
        risk.update_beliefs("default", {"lab_reneges": 10})


def _glued(path: Path) -> dict[str, str]:
    nb = nbformat.read(path, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"the run raised: {errors[0].get('evalue')}"
    return {o["metadata"]["scrapbook"]["name"]: o["data"]["application/papermill.record/text/plain"]
            for c in nb.cells for o in c.get("outputs", [])
            if "application/papermill.record/text/plain" in o.get("data", {})}


@pytest.mark.slow
def test_papermill_run_with_one_belief_changed_moves_the_conclusion(tmp_path):
    papermill = pytest.importorskip("papermill")
    glued = {}
    for name, overrides in (("base", {}), ("honour", {"lab_reneges": 0.1})):
        out = tmp_path / f"{name}.ipynb"
        papermill.execute_notebook(CHAPTER, out, parameters={"OVERRIDES": overrides, "N_DRAWS": 4000},
                                   cwd=ROOT / "notebooks", kernel_name="python3", progress_bar=False)
        glued[name] = _glued(out)
    base, honour = glued["base"], glued["honour"]
    assert float(honour["arg_p_mitigation"]) > float(base["arg_p_mitigation"])
    assert float(honour["arg_p_understanding"]) == float(base["arg_p_understanding"])
    assert float(honour["arg_expected_net_value"]) > float(base["arg_expected_net_value"])
    assert honour["arg_n_overrides"] == "1" and base["arg_n_overrides"] == "0"
