"""The install files agree: pyproject.toml is the single source of dependency versions,
environment.yml mirrors it, and CI runs exactly the README's test command."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines += extra
    reqs = [Requirement(line) for line in lines]
    return {_normalise(r.name): str(r.specifier) for r in reqs}


def _environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    lines: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            lines += [d for d in dep["pip"] if not d.startswith("-e")]
        else:
            lines.append(dep)
    reqs = [Requirement(line) for line in lines]
    return {_normalise(r.name): str(r.specifier) for r in reqs if r.name not in {"python", "pip"}}


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    assert _environment_requirements() == _pyproject_requirements()


def test_environment_yml_installs_the_package_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    assert "-e ." in pip


def test_jupyter_book_is_pinned_below_version_2():
    spec = _pyproject_requirements()["jupyter-book"]
    assert "<2" in spec and ">=1.0.4" in spec


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[-1] == "make test"
    assert any("ANALYSIS_DATA_DIR" in line for line in commands)
