"""Put the current note for readers outside the book first in every chapter.

Usage::

    python scripts/opening_cells.py [NOTEBOOK ...]

Without arguments: every ``notebooks/*.ipynb``. Each chapter gets, as its first cell, the
note of :func:`analysis.teaching.opening_cell` (hidden from the built book by the tag
``remove-cell``), linking to the chapter's page under the book URL of ``_config.yml``
(``html: baseurl:``). An older note is replaced; a chapter already current is not
rewritten, so running this twice changes nothing. ``make opening-cells`` runs it, and
``tests/test_teaching.py`` fails for a chapter whose first cell is not the current note.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.teaching import book_url, refresh_opening_cells  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="chapters to refresh (default: every notebooks/*.ipynb)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    try:
        changed = refresh_opening_cells(paths, book_url(ROOT / "_config.yml"))
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in changed:
        print(f"updated {path}")
    print(f"{len(changed)} of {len(paths)} notebooks updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
