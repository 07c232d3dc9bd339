"""Command line of the package: ``python -m analysis report RESULTS`` writes a reliability
report for your own results; ``python -m analysis data fetch|list`` manages the data cache."""

from __future__ import annotations

import sys

_USAGE = """\
usage: python -m analysis COMMAND ...

commands:
  report RESULTS   write a reliability report (HTML, --json) for per-item results
                   (CSV, Parquet, lm-evaluation-harness samples, Inspect logs);
                   also installed as `eval-science`
  data fetch|list  download and verify the book's datasets, or list them

`python -m analysis COMMAND --help` describes each command.
"""


def main(argv: list[str] | None = None) -> int:
    """Dispatch to a command; return its exit status (2 for an unknown command)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(_USAGE, file=sys.stdout if argv else sys.stderr, end="")
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "report":
        from .report.cli import main as report_main

        return report_main(rest, prog="python -m analysis report")
    if command == "data":
        from .data.__main__ import main as data_main

        return data_main(rest)
    print(f"error: unknown command {command!r}\n\n{_USAGE}", file=sys.stderr, end="")
    return 2


if __name__ == "__main__":
    sys.exit(main())
