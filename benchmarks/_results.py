"""benchmarks/RESULTS.md: one section per benchmark script, each rewritten by its own run
with the machine and the date, the others left as they were."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
ORDER = ["bench_stats", "bench_irt", "bench_report", "bench_dask", "bench_book"]
_HEAD = """# Benchmark results

Written by `make bench` (each script rewrites its own section: `python benchmarks/<name>.py`);
do not edit by hand. Times are wall-clock medians over repeats where a section says so;
ratios compare functions timed in the same run; peak memory is the peak resident set size
(RSS) of the process or Dask worker unless a line says otherwise.
"""


def machine() -> str:
    """CPU model, cores, memory, Python and numpy versions, and the 1-minute load now."""
    import numpy as np

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM, {platform.system()}; Python "
            f"{platform.python_version()}, numpy {np.__version__}; 1-minute load "
            f"{os.getloadavg()[0]:.1f} at the end")


def write_section(name: str, title: str, body: list[str]) -> None:
    """Replace (or add) the section ``name`` of RESULTS.md: a heading, the date and
    machine, then ``body`` (Markdown lines)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    sections = dict(re.findall(r"<!-- begin (\w+) -->\n(.*?)<!-- end \1 -->\n", text, flags=re.S))
    sections[name] = "\n".join([
        f"## {title} (`benchmarks/{name}.py`)", "",
        f"Run finished {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}.", "", *body, ""])
    names = [n for n in ORDER if n in sections] + sorted(set(sections) - set(ORDER))
    out = [_HEAD] + [f"<!-- begin {n} -->\n{sections[n]}\n<!-- end {n} -->\n" for n in names]
    RESULTS.write_text("\n".join(out), encoding="utf-8")
