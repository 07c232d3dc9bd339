"""The ".ipynb" download of each chapter page is the chapter's student copy.

The page itself shows the exercises with their solutions in dropdowns. Its download button
(sphinx-book-theme: ``_sources/<page>.ipynb``, the notebook Sphinx copies from the source
tree) would hand out the same notebook, solutions included. When the HTML build has
finished, this extension writes over each copied notebook the student copy made by
:func:`analysis.teaching.student_copy`: the exercises and their stubs, no solutions, no
outputs. Nothing is generated into the source tree, and nothing is committed.

A chapter whose copied source is missing (the theme or Sphinx changed where the download
points) is a build warning, so the strict build fails instead of serving solutions.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from sphinx.util import logging

from analysis.teaching import student_copy

logger = logging.getLogger(__name__)


def write_student_downloads(app, exception) -> None:
    """Replace ``_sources/<docname>.ipynb`` of every notebook page with its student copy."""
    if exception is not None or app.builder.format != "html" or not app.config.html_copy_source:
        return
    written = 0
    for docname in sorted(app.env.found_docs):
        source = Path(app.env.doc2path(docname))
        if source.suffix != ".ipynb":
            continue
        target = Path(app.outdir) / "_sources" / f"{docname}.ipynb"
        if not target.exists():
            logger.warning("student copy of %s not written: %s is missing", docname, target,
                           type="student_copies")
            continue
        nbformat.write(student_copy(source), target)
        written += 1
    logger.info("student copies: %d notebook downloads without solutions", written)


def setup(app):
    app.connect("build-finished", write_student_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
