"""The API reference page (``book/api.md``), generated from the package itself.

Every public module of :mod:`analysis` (a name without a leading underscore, found with
:mod:`pkgutil`) gets a section titled by the first line of its docstring and documented by
``automodule``; a new module appears on the page without anyone listing it. Regenerate the
page with ``python -m analysis.apidoc`` (``--help`` for the options); a test fails while the
committed page is stale.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
from pathlib import Path

import analysis

__all__ = ["public_modules", "render_api_page", "main"]

# This generator and the docstring examples' pytest configuration are not API.
_SKIP = {"apidoc", "conftest"}

_INTRO = """\
# API reference

Everything a chapter computes goes through the package `analysis`, installed with the book
(`pip install -e .` from the repository). Its functions take the shape every chapter uses, a
*response matrix* with one row per model and one column per item, and return data frames
with one row per model. This page is generated from the docstrings, which state each
formula, its assumptions and its caveats (`python -m analysis.apidoc` rewrites it).
"""


def _public(package) -> list[str]:
    return sorted(
        f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_") and info.name not in _SKIP
    )


def public_modules() -> list[str]:
    """Dotted names of the public modules of ``analysis`` that the API page documents.

    Every top-level module and subpackage, plus each public submodule of a subpackage
    whose public names the subpackage does not re-export (such a module is used as
    ``from analysis.stats import coverage``, so it needs its own section).
    """
    names = []
    for name in _public(analysis):
        names.append(name)
        package = importlib.import_module(name)
        if not hasattr(package, "__path__"):
            continue
        exported = set(getattr(package, "__all__", ()))
        for sub in _public(package):
            if re.fullmatch(r"chapter\d\d", sub.rsplit(".", 1)[1]):
                continue  # a chapter's claim computations, not API
            module = importlib.import_module(sub)
            own = {n for n in getattr(module, "__all__", ()) if not n.isupper()}
            if own and not own <= exported:
                names.append(sub)
    return names


def render_api_page() -> str:
    """The Markdown text of ``book/api.md``."""
    parts = [_INTRO]
    for name in public_modules():
        module = importlib.import_module(name)
        summary = " ".join((module.__doc__ or "").strip().split("\n\n")[0].split()).rstrip(".")
        parts.append(f"\n## `{name}`: {summary[0].lower() + summary[1:]}\n\n"
                     f"```{{eval-rst}}\n.. automodule:: {name}\n   :members:\n```\n")
    return "".join(parts)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.apidoc",
        description="Write the API reference page of the book, generated from the docstrings "
                    "of the public modules of the package analysis.",
    )
    parser.add_argument(
        "output", nargs="?", type=Path, default=Path("book") / "api.md",
        help="the page to write (default: book/api.md, relative to the current directory, "
             "which should be the repository's root)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Write the page to ``book/api.md``, or to the path given; ``--help`` prints the usage.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments without the program name (default: ``sys.argv[1:]``): at most
        one, the output path. An option the parser does not know, or a second path, ends the
        program with status 2 and the usage on standard error, before any file is written.

    Returns
    -------
    int
        The exit status, 0 once the page is written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     status = main([str(Path(tmp) / "api.md")])  # doctest: +ELLIPSIS
    ...     print(status, (Path(tmp) / "api.md").read_text().splitlines()[0])
    wrote ...api.md
    0 # API reference
    """
    parser = _parser()
    target: Path = parser.parse_args(argv).output
    if target.is_dir():
        parser.error(f"{target} is a directory: give the path of the page to write, "
                        f"such as {target / 'api.md'}")
    if not target.parent.is_dir():
        parser.error(f"the folder {target.parent} does not exist: create it first or give "
                        "a path in an existing folder")
    target.write_text(render_api_page(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
