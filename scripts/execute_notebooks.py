"""Execute every chapter once more, outside the book build, for the determinism check.

``make test`` runs this beside ``jupyter-book build`` (one core each), and the slow test
``test_chapter_outputs_are_identical_when_executed_again`` compares the two executions
instead of executing every chapter a second time after the build.

Usage: python scripts/execute_notebooks.py OUT_DIR [NOTEBOOK ...]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path, out_dir: Path) -> float:
    """Execute ``path`` as the build does (kernel python3, in its folder) into ``out_dir``."""
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    # The kernel's own log at ERROR, as in scripts/prefill_execution_cache.py (ipykernel 7
    # otherwise warns once per chapter that its loopback TCP sockets are unencrypted).
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   extra_arguments=["--IPKernelApp.log_level=ERROR"],
                   resources={"metadata": {"path": str(path.parent)}}).execute(env=dict(os.environ))
    nbformat.write(nb, out_dir / path.name)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    out_dir = Path(argv[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [Path(p) for p in argv[1:]] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        print(f"{path.name}: executed again in {execute(path, out_dir):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
