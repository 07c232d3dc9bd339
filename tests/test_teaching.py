"""Student copies (analysis.teaching): no solution survives, every exercise and stub does.

The chapters are checked as stored, against a deliberately simple reading of the exercise
pattern (a markdown cell containing ``{solution-start}`` opens a solution, one containing
``{solution-end}`` closes it); small synthetic notebooks cover the edge cases. The slow test
checks the built book: each chapter's ".ipynb" download is its student copy.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.teaching import main, student_copy, write_student_copies

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOURCES = ROOT / "_build" / "html" / "_sources" / "notebooks"
# A stub raises NotImplementedError("Student exercise: ..."), the message maybe on its own line.
STUB = re.compile(r"NotImplementedError\(\s*[\"']Student exercise")
MARKERS = ("solution-start", "solution-end", "{solution}")


def _outside_solutions(nb) -> tuple[list[str], list[str]]:
    """Sources of the code cells outside and inside gated solutions, cell by cell."""
    outside, inside, within = [], [], False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if "{solution-start}" in cell.source:
                within = True
            elif "{solution-end}" in cell.source:
                within = False
        elif cell.cell_type == "code":
            (inside if within else outside).append(cell.source)
    return outside, inside


def _labels(nb) -> list[str]:
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return re.findall(r"^:label:\s*(\S+)", text, flags=re.M)


def _text(nb) -> str:
    return "\n".join(c.source for c in nb.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_copy_of_each_chapter(path):
    original = nbformat.read(path, as_version=4)
    student = student_copy(path)
    nbformat.validate(student)
    text = _text(student)
    for marker in MARKERS:
        assert marker not in text, f"{path.name}: '{marker}' survives in the student copy"
    outside, inside = _outside_solutions(original)
    kept = [c.source for c in student.cells if c.cell_type == "code"]
    assert kept == outside, f"{path.name}: the code cells outside the solutions changed"
    leaked = [source for source in inside if source in kept]
    assert not leaked, f"{path.name}: solution code survives: {leaked[0][:80]}"
    stubs = [s for s in outside if STUB.search(s)]
    assert stubs and stubs == [s for s in kept if STUB.search(s)], f"{path.name}: stubs lost"
    for label in _labels(original):
        assert f":label: {label}" in text, f"{path.name}: exercise {label} lost"
    assert all(not c.outputs and c.execution_count is None
               for c in student.cells if c.cell_type == "code")
    assert student.metadata["eval_science"]["student_copy"] is True
    assert original == nbformat.read(path, as_version=4)  # the chapter itself is untouched


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_has_a_stub_and_solution_or_a_discussion_solution(path):
    """The pairing the generator relies on: each gated solution directly follows its stub,
    and every exercise has a solution (gated or discussion)."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.source.strip()]
    for i, cell in enumerate(cells):
        if cell.cell_type == "markdown" and "{solution-start}" in cell.source:
            stub = cells[i - 1]
            assert stub.cell_type == "code" and STUB.search(stub.source), (
                f"{path.name}: a solution-start not directly after a stub cell")
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    solved = set(re.findall(r"\{solution(?:-start)?\}\s*(\S+)", text))
    assert set(_labels(nb)) == solved, f"{path.name}: exercises and solutions do not pair"


EXERCISE = "```{exercise}\n:label: ex1\n\nCompute it.\n```"
DISCUSSION = "```{exercise}\n:label: ex2\n\n**Discussion.** Why?\n```"


def _synthetic():
    stub = new_code_cell('raise NotImplementedError("Student exercise: compute it")',
                         metadata={"tags": ["skip-execution"]})
    answer = new_code_cell("x = 42", execution_count=3,
                           outputs=[new_output("stream", name="stdout", text="42\n")])
    return new_notebook(cells=[
        new_markdown_cell("# A chapter\n\n## Exercises"),
        new_code_cell("import numpy as np", execution_count=1,
                      outputs=[new_output("stream", name="stdout", text="hi\n")]),
        new_markdown_cell(EXERCISE),
        stub,
        new_markdown_cell("Before the answer.\n\n````{solution-start} ex1\n:class: dropdown\n````"),
        answer,
        new_markdown_cell("Solution prose, dropped."),
        new_markdown_cell("The answer is 42.\n\n````{solution-end}\n````\n\n" + DISCUSSION
                          + "\n\n```{solution} ex2\n:class: dropdown\n\nBecause.\n```\n\n"
                          "## Further reading\n\n- A book."),
        new_markdown_cell("How to write one:\n\n````markdown\n```{solution} ex9\nShown.\n```\n"
                          "````\n\n:::{solution} ex3\nColon fence, dropped.\n:::\n\nEnd."),
    ])


def test_synthetic_edge_cases():
    nb = _synthetic()
    before = nbformat.writes(nb)
    student = student_copy(nb)
    assert nbformat.writes(nb) == before, "the input notebook was modified"
    nbformat.validate(student)
    sources = [c.source for c in student.cells]
    assert sources == [
        "# A chapter\n\n## Exercises",
        "import numpy as np",
        EXERCISE,
        'raise NotImplementedError("Student exercise: compute it")',
        "Before the answer.",
        # solution-end sharing its cell with the next exercise, a discussion solution and
        # the closing heading: the prose after the marker stays, the solution goes.
        DISCUSSION + "\n\n## Further reading\n\n- A book.",
        # a code block showing the syntax is kept; a colon-fence solution is not
        "How to write one:\n\n````markdown\n```{solution} ex9\nShown.\n```\n````\n\nEnd.",
    ]
    assert student.cells[3].metadata["tags"] == ["skip-execution"]
    assert all(not c.outputs and c.execution_count is None
               for c in student.cells if c.cell_type == "code")


def test_solution_inside_another_directive_is_removed():
    nb = new_notebook(cells=[new_markdown_cell(
        "::::{admonition} Think\nA question.\n\n```{solution} ex1\nHidden.\n```\n::::\n")])
    assert student_copy(nb).cells[0].source == "::::{admonition} Think\nA question.\n\n::::"


@pytest.mark.parametrize("cells", [
    ["````{solution-start} ex1\n````", "never closed"],
    ["text\n\n````{solution-end}\n````"],
    ["````{solution-start} ex1\n````", "````{solution-start} ex2\n````", "````{solution-end}\n````"],
], ids=["unclosed", "end-without-start", "nested"])
def test_unpaired_markers_are_refused(cells):
    with pytest.raises(ValueError, match="solution"):
        student_copy(new_notebook(cells=[new_markdown_cell(s) for s in cells]))


def test_write_student_copies_and_command_line(tmp_path, capsys):
    src = tmp_path / "notebooks"
    src.mkdir()
    nbformat.write(_synthetic(), src / "01_demo.ipynb")
    written = write_student_copies(src, tmp_path / "out")
    assert written == [tmp_path / "out" / "01_demo.ipynb"]
    assert "x = 42" not in written[0].read_text()
    assert main([str(tmp_path / "cli"), "--notebooks", str(src)]) == 0
    assert (tmp_path / "cli" / "01_demo.ipynb").read_text() == written[0].read_text()
    assert main([str(tmp_path / "none"), "--notebooks", str(tmp_path / "missing")]) == 1
    assert "no notebooks" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_books_notebook_download_is_the_student_copy(path):
    """book/_ext/student_copies.py replaces the '.ipynb' download of each chapter page."""
    built = SOURCES / path.name
    if not built.exists():
        pytest.fail(f"{built} is missing: run `make book-clean` before the slow tests")
    assert nbformat.read(built, as_version=4) == student_copy(path)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if int(p.name[:2]) < 90],
                         ids=lambda p: p.name)
def test_teaching_guide_lists_every_chapter_exercise(path):
    """book/teaching_guide.md says which exercises to assign: a chapter's exercises appear
    in its table (difficulty, time, what each practises) when the chapter lands."""
    guide = (ROOT / "book" / "teaching_guide.md").read_text(encoding="utf-8")
    missing = [label for label in _labels(nbformat.read(path, as_version=4))
               if label not in guide]
    assert not missing, (f"{path.name}: exercises {missing} are not in the teaching guide's "
                         "tables (book/teaching_guide.md, 'Which exercises to assign')")


def test_teaching_guide_syllabus_marks_what_is_written_and_what_is_to_come():
    """A written chapter is linked from the syllabus; a row marked *to come* has no notebook."""
    guide = (ROOT / "book" / "teaching_guide.md").read_text(encoding="utf-8")
    syllabus = guide.split("## Syllabus", 1)[1].split("\n## ", 1)[0]
    planned = re.findall(r"^\| \d+ \| (\d+)\. [^|]+\| \*to come\* \|", syllabus, flags=re.M)
    assert planned, "the syllabus lists no planned chapter"
    for number in planned:
        written = sorted((ROOT / "notebooks").glob(f"{int(number):02d}_*.ipynb"))
        assert not written, f"chapter {number} exists: link it in the teaching guide's syllabus"
    for path in NOTEBOOKS:
        assert f"{{doc}}`../notebooks/{path.stem}`" in syllabus, (
            f"{path.name} is not linked from the teaching guide's syllabus")
