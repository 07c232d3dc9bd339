"""Student copies of the chapters: the exercises and their stubs, without the solutions.

Every chapter pairs each exercise with a stub cell that raises
``NotImplementedError("Student exercise: ...")`` and a solution, written with
`sphinx-exercise <https://ebp-sphinx-exercise.readthedocs.io>`_ in one of two forms:

- a *gated* solution: a markdown cell opening ``{solution-start} <label>``, the solution's
  code and text cells, and ``{solution-end}`` at the start of a later markdown cell (which may
  go on with other prose, such as the next exercise or "Further reading");
- a *discussion* solution: one ``{solution} <label>`` directive inside a markdown cell.

:func:`student_copy` removes both, keeps everything else (the exercise statements, the stubs,
every other cell and every other line of a markdown cell that held a marker) and clears the
outputs. :func:`write_student_copies` does it for a folder of notebooks; on the command line,
``python -m analysis.teaching OUT_DIR`` (``make student`` writes ``_build/student/``).

Every chapter also opens with a note for readers outside the book (JupyterLab, Binder,
Colab): :func:`opening_cell` writes it, hidden from the built book (tag ``remove-cell``),
with a link to the chapter's page on the built book; :func:`refresh_opening_cells` puts
the current note first in each chapter, idempotently (``make opening-cells``).

Needs :mod:`nbformat` (installed with the book's and the tests' extras).
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
import textwrap
from pathlib import Path

import nbformat
import yaml
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell

__all__ = [
    "student_copy",
    "write_student_copies",
    "main",
    "book_url",
    "chapter_url",
    "opening_cell",
    "with_opening_cell",
    "refresh_opening_cells",
]

# A fenced block's opening line: up to three spaces, three or more backticks, tildes or
# colons (MyST's colon_fence), then the info string ("python", "{exercise}", ...).
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*?)\s*$")
_SOLUTION = re.compile(r"^\{(?P<name>solution-start|solution-end|solution)\}")


class _Strip:
    """Line-by-line removal of solutions from the markdown cells of one notebook.

    ``inside`` carries over from cell to cell: a gated solution opens in one markdown cell
    and closes in a later one.
    """

    def __init__(self) -> None:
        self.inside = False
        self.where = ""

    def _close(self, lines: list[str], start: int, fence: str) -> tuple[int, bool]:
        """Index of the line after the block whose opening fence is ``lines[start]``, and
        whether a closing fence ends it (an unclosed block runs to the end of the cell, as
        in CommonMark)."""
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        for j in range(start + 1, len(lines)):
            if closing.match(lines[j]):
                return j + 1, True
        return len(lines), False

    def markdown(self, source: str) -> str:
        """The part of one markdown cell that stays in the student copy."""
        return "".join(self._lines(source.splitlines(keepends=True), nested=False))

    def _lines(self, lines: list[str], nested: bool) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(lines):
            match = _FENCE.match(lines[i])
            info = match["info"] if match else ""
            solution = _SOLUTION.match(info)
            name = solution["name"] if solution else None
            if self.inside:
                if name == "solution-end":
                    self.inside = False
                    i = self._removed(lines, i, match["fence"], out)
                elif name == "solution-start":
                    raise ValueError(f"{self.where}: a solution-start inside another solution")
                else:
                    i += 1
                continue
            if match is None:
                out.append(lines[i])
                i += 1
            elif name == "solution":
                i = self._removed(lines, i, match["fence"], out)
            elif name == "solution-start":
                if nested:
                    raise ValueError(f"{self.where}: a solution-start inside another directive")
                self.inside = True
                i = self._removed(lines, i, match["fence"], out)
            elif name == "solution-end":
                raise ValueError(f"{self.where}: a solution-end without a solution-start")
            else:
                end, closed = self._close(lines, i, match["fence"])
                body_end = end - 1 if closed else end
                out.append(lines[i])
                if info.startswith("{"):  # another directive: look for solutions inside it
                    out += self._lines(lines[i + 1 : body_end], nested=True)
                else:  # a code block: kept verbatim, even if it shows a solution's syntax
                    out += lines[i + 1 : body_end]
                if closed:
                    out.append(lines[end - 1])
                i = end
        return out

    def _removed(self, lines: list[str], start: int, fence: str, out: list[str]) -> int:
        """Skip the block opened at ``lines[start]`` and the blank lines after it when the
        text kept so far already ends in a blank line (or nothing was kept)."""
        i, _ = self._close(lines, start, fence)
        if not out or not out[-1].strip():
            while i < len(lines) and not lines[i].strip():
                i += 1
        return i


def student_copy(notebook: NotebookNode | str | Path) -> NotebookNode:
    """The student copy of a chapter: every solution removed, the exercises and stubs kept.

    Removes the cells and lines between ``{solution-start}`` and ``{solution-end}`` (the
    markers included) and every ``{solution}`` directive, in backtick or colon fences.
    Everything else stays: each exercise statement and its stub cell (which raises
    ``NotImplementedError("Student exercise: ...")``), every cell that is not part of a
    solution, and the prose that shares a markdown cell with a marker, e.g. the heading
    "Further reading" after a ``{solution-end}``. A discussion solution is replaced with
    nothing. Markdown cells left empty are dropped, and every code cell's outputs and
    execution count are cleared. Fenced code blocks in markdown are kept verbatim.

    Parameters
    ----------
    notebook
        A notebook read with :func:`nbformat.read` (``as_version=4``), or the path of one.
        It is not modified.

    Returns
    -------
    nbformat.NotebookNode
        A new notebook (nbformat 4) with the cell metadata (tags such as ``skip-execution``
        and ``remove-cell``) unchanged and ``metadata["eval_science"]["student_copy"]``
        set to true.

    Raises
    ------
    ValueError
        If a ``{solution-start}`` is never closed, a ``{solution-end}`` has no
        ``{solution-start}``, or a gated solution is nested in another one or in another
        directive. A chapter whose markers do not pair would otherwise lose its end, or
        keep a solution.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[
    ...     new_markdown_cell("```{exercise}\\n:label: ex1\\n\\nAdd one and one.\\n```"),
    ...     new_code_cell('raise NotImplementedError("Student exercise: add")'),
    ...     new_markdown_cell("````{solution-start} ex1\\n:class: dropdown\\n````"),
    ...     new_code_cell("1 + 1"),
    ...     new_markdown_cell("Two.\\n\\n````{solution-end}\\n````\\n\\n## Further reading"),
    ... ])
    >>> [cell.source.splitlines()[0] for cell in student_copy(nb).cells]
    ['```{exercise}', 'raise NotImplementedError("Student exercise: add")', '## Further reading']
    """
    if not isinstance(notebook, dict):
        notebook = nbformat.read(os.fspath(notebook), as_version=4)
    result = copy.deepcopy(notebook)
    strip = _Strip()
    cells = []
    for index, cell in enumerate(result.cells):
        strip.where = f"cell {index}"
        if cell.cell_type == "markdown":
            was_inside = strip.inside
            source = strip.markdown(cell.source)
            if source.strip():
                cell.source = source.strip("\n") if source != cell.source else source
                cells.append(cell)
            elif not was_inside and not strip.inside and not cell.source.strip():
                cells.append(cell)  # an empty cell of the chapter itself stays
            continue
        if strip.inside:
            continue
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    if strip.inside:
        raise ValueError("a solution-start is never closed by a solution-end")
    result.cells = cells
    result.metadata.setdefault("eval_science", {})["student_copy"] = True
    return result


def write_student_copies(
    src_dir: str | Path, out_dir: str | Path
) -> list[Path]:
    """Write the student copy of every notebook in a folder.

    Parameters
    ----------
    src_dir
        Folder of the chapters (``notebooks/``); every ``*.ipynb`` in it, not in
        subfolders, is copied.
    out_dir
        Folder for the copies, created if missing; each copy keeps its chapter's file name
        and replaces an older copy.

    Returns
    -------
    list[pathlib.Path]
        The files written, in name order.

    Raises
    ------
    FileNotFoundError
        If ``src_dir`` is not a folder or holds no notebook.
    ValueError
        If a notebook's solution markers do not pair (see :func:`student_copy`).
    """
    src, out = Path(src_dir), Path(out_dir)
    sources = sorted(src.glob("*.ipynb")) if src.is_dir() else []
    if not sources:
        raise FileNotFoundError(f"no notebooks (*.ipynb) in {src}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sources:
        try:
            student = student_copy(path)
        except ValueError as error:
            raise ValueError(f"{path.name}: {error}") from error
        nbformat.validate(student)
        target = out / path.name
        nbformat.write(student, target)
        written.append(target)
    return written


# --- the opening note for readers outside the book -------------------------------------

_OPENING_ID = "opening-note"
_STEM = re.compile(r"\d\d_[a-z0-9_]+")


def book_url(config: str | Path = "_config.yml") -> str:
    """The URL of the built book, as ``_config.yml`` sets it (``html: baseurl:``).

    Parameters
    ----------
    config
        The book's configuration file (default: ``_config.yml`` in the current folder).

    Returns
    -------
    str
        The URL, ending in ``/``.

    Raises
    ------
    FileNotFoundError
        If ``config`` does not exist.
    ValueError
        If it sets no ``html.baseurl``, or one that is not an http(s) URL.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "_config.yml").write_text("html:\\n  baseurl: https://example.org/book\\n")
    >>> book_url(folder / "_config.yml")
    'https://example.org/book/'
    """
    path = Path(config)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: pass the book's _config.yml")
    url = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("html", {}).get("baseurl")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise ValueError(f"{path}: html.baseurl is {url!r}; set it to the built book's URL, "
                         "e.g. 'https://owner.github.io/repo/'")
    return url.rstrip("/") + "/"


def chapter_url(stem: str, base_url: str) -> str:
    """The built page of the chapter ``notebooks/<stem>.ipynb``.

    Parameters
    ----------
    stem
        The notebook's file name without ``.ipynb``, e.g. ``"01_error_bars"``.
    base_url
        The built book's URL (:func:`book_url`), with or without the final ``/``.

    Returns
    -------
    str
        ``<base_url>/notebooks/<stem>.html``: Jupyter Book 1 writes each page to the path of
        its source with the suffix ``.html``.

    Raises
    ------
    ValueError
        If ``stem`` is not a chapter name (``NN_snake_case``, no suffix) or ``base_url`` is
        not an http(s) URL.

    Examples
    --------
    >>> chapter_url("01_error_bars", "https://example.org/book")
    'https://example.org/book/notebooks/01_error_bars.html'
    """
    if not isinstance(stem, str) or not _STEM.fullmatch(stem):
        raise ValueError(f"{stem!r} is not a chapter name: give the notebook's stem, "
                         "NN_snake_case without '.ipynb' (e.g. '01_error_bars')")
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
        raise ValueError(f"base_url {base_url!r} is not an http(s) URL")
    return f"{base_url.rstrip('/')}/notebooks/{stem}.html"


def opening_cell(stem: str, base_url: str) -> NotebookNode:
    """The note that opens a chapter for readers outside the book.

    Four sentences: the notebook is a chapter of the book, with a link to its built page;
    in JupyterLab with ``jupyterlab-myst`` the MyST markup renders except the glued
    numbers (``jupyterlab-myst`` 2.7 has no ``glue`` role: the text shows the number's name
    and format, e.g. ``n_v2:,``, with or without outputs); on Colab the markup is raw
    text; run the cells top to bottom. The cell is tagged ``remove-cell``, so the built
    book, which renders everything, does not show it.

    Parameters
    ----------
    stem
        The chapter's notebook name without ``.ipynb``, e.g. ``"01_error_bars"``.
    base_url
        The built book's URL (:func:`book_url`).

    Returns
    -------
    nbformat.NotebookNode
        A markdown cell with the fixed id ``"opening-note"``, the tag ``remove-cell`` and
        ``metadata["eval_science"]["opening"]`` set to true (how
        :func:`with_opening_cell` finds it again).

    Raises
    ------
    ValueError
        As :func:`chapter_url`.

    Examples
    --------
    >>> cell = opening_cell("01_error_bars", "https://example.org/book/")
    >>> cell.metadata["tags"], "https://example.org/book/notebooks/01_error_bars.html" in cell.source
    (['remove-cell'], True)
    """
    url = chapter_url(stem, base_url)
    source = (
        "**Reading this notebook outside the book.** This notebook is a chapter of the "
        f"executable book *Eval Science*; its built page, <{url}>, shows it with every "
        "figure, number and citation in place. In JupyterLab with the `jupyterlab-myst` "
        "extension (installed with the project's environment, on Binder too) the headings, "
        "maths, admonitions and exercises render, but the numbers the text quotes from the "
        "code (`{glue:text}` roles) show as their names, not their values, even after "
        "running: read those on the built page. On Colab the MyST markup shows as raw text, "
        "so keep the built page open alongside. Run the cells from top to bottom; the first "
        "code cell installs the book's `analysis` package where it is missing."
    )
    source = textwrap.fill(source, width=90, break_long_words=False, break_on_hyphens=False)
    cell = new_markdown_cell(source, metadata={"tags": ["remove-cell"],
                                               "eval_science": {"opening": True}})
    cell["id"] = _OPENING_ID
    return cell


def _is_opening(cell: NotebookNode) -> bool:
    return bool(cell.get("metadata", {}).get("eval_science", {}).get("opening"))


def with_opening_cell(notebook: NotebookNode, stem: str, base_url: str) -> NotebookNode:
    """A copy of ``notebook`` whose first cell is the current :func:`opening_cell`.

    An earlier opening note (a cell with ``metadata["eval_science"]["opening"]``) is
    replaced wherever it stands, so applying this twice gives the same notebook.

    Parameters
    ----------
    notebook
        A chapter read with :func:`nbformat.read` (``as_version=4``); not modified.
    stem, base_url
        As :func:`opening_cell`.

    Returns
    -------
    nbformat.NotebookNode
        The new notebook.

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_markdown_cell("# A chapter")])
    >>> once = with_opening_cell(nb, "01_demo", "https://example.org")
    >>> twice = with_opening_cell(once, "01_demo", "https://example.org")
    >>> len(twice.cells), twice == once
    (2, True)
    """
    cell = opening_cell(stem, base_url)
    result = copy.deepcopy(notebook)
    result.cells = [cell] + [c for c in result.cells if not _is_opening(c)]
    return result


def refresh_opening_cells(paths: list[str | Path], base_url: str) -> list[Path]:
    """Put the current opening note first in each chapter, rewriting only what changes.

    Parameters
    ----------
    paths
        The chapters (``notebooks/NN_name.ipynb``); each file's stem names its built page.
    base_url
        The built book's URL (:func:`book_url`).

    Returns
    -------
    list[pathlib.Path]
        The notebooks that changed (empty when every chapter was already current).

    Raises
    ------
    FileNotFoundError
        If a path is not a file.
    ValueError
        If a stem is not a chapter name, or ``base_url`` not a URL.
    """
    files = [Path(p) for p in paths]
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"not a notebook file: {', '.join(missing)}")
    changed = []
    for path in files:
        notebook = nbformat.read(path, as_version=4)
        refreshed = with_opening_cell(notebook, path.stem, base_url)
        if refreshed != notebook:
            nbformat.validate(refreshed)
            nbformat.write(refreshed, path)
            changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m analysis.teaching OUT_DIR [--notebooks DIR]``.

    Writes the student copy of every chapter in ``DIR`` (default ``notebooks``, relative to
    the current folder) to ``OUT_DIR`` and returns the exit status (1 on an error).
    """
    parser = argparse.ArgumentParser(
        prog="python -m analysis.teaching",
        description="Write student copies of the chapters: exercises and stubs, no solutions.",
    )
    parser.add_argument("out_dir", help="folder for the copies (e.g. _build/student)")
    parser.add_argument("--notebooks", default="notebooks",
                        help="folder of the chapters (default: notebooks)")
    args = parser.parse_args(argv)
    try:
        written = write_student_copies(args.notebooks, args.out_dir)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
