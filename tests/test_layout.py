"""The package keeps the design's layout rule: no module past 500 lines (split it into a
subpackage instead), and no machine-specific absolute path anywhere in the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted((ROOT / "src" / "analysis").rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT / "src")))
def test_module_is_under_500_lines(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n < 500, f"{path.relative_to(ROOT)} has {n} lines: split it into a subpackage"


def test_no_machine_specific_absolute_path_is_committed():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    pattern = re.compile(r"(?<![\w.])/(?:work|home|root|Users|tmp)/[\w.-]+")
    offenders = []
    for name in files:
        path = ROOT / name
        if path.suffix not in {".py", ".md", ".yml", ".yaml", ".toml", ".cfg", ".ipynb", ".txt",
                               ".csv", ".sh", ""} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        offenders += [f"{name}: {m.group(0)}" for m in pattern.finditer(text)]
    assert not offenders, "absolute paths: " + "; ".join(offenders[:10])
