"""The install files agree: pyproject.toml is the single source of dependency versions,
environment.yml mirrors it, and CI runs exactly the README's test command. What Binder's
repo2docker needs is checked offline: a concrete Python version, no editable install, and
environment.yml at the root as the one environment it reads."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _is_local(line: str) -> bool:
    """A pip line installing this repository (``.``, ``-e .``) rather than a package."""
    return line.strip().removeprefix("-e").strip() in {".", "./"} or line.startswith("-")


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def _pip_lines() -> list[str]:
    return next(dep["pip"] for dep in _environment()["dependencies"] if isinstance(dep, dict))


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
            lines += [d for d in dep["pip"] if not _is_local(d)]
        elif not re.match(r"(python|pip)\b", dep):  # conda's own pins (python=3.11)
            lines.append(dep)
    reqs = [Requirement(line) for line in lines]
    return {_normalise(r.name): str(r.specifier) for r in reqs if r.name not in {"python", "pip"}}


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    assert _environment_requirements() == _pyproject_requirements()


def test_environment_yml_installs_the_package_itself_not_editable():
    """repo2docker: an editable install (``-e .``) is a link into the checkout; the
    environment installs the package itself, built from the repository root."""
    pip = _pip_lines()
    assert "." in pip, "environment.yml must install the package itself: '- .' under pip"
    editable = [line for line in pip if line.startswith(("-e", "--editable"))]
    assert not editable, f"editable installs in environment.yml: {editable}"


def test_environment_yml_pins_a_concrete_python_that_the_package_supports():
    """repo2docker reads the Python version from a ``python=X.Y`` line; a range such as
    ``python>=3.11`` leaves it to its own default."""
    pythons = [dep for dep in _environment()["dependencies"]
               if isinstance(dep, str) and re.match(r"python\b", dep)]
    assert len(pythons) == 1, f"environment.yml names python {len(pythons)} times"
    match = re.fullmatch(r"python=(\d+)\.(\d+)", pythons[0].replace(" ", ""))
    assert match, f"'{pythons[0]}': pin a concrete version, e.g. python=3.11"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert SpecifierSet(requires).contains(f"{match[1]}.{match[2]}.0"), (
        f"python={match[1]}.{match[2]} does not satisfy requires-python {requires}")


def test_binder_reads_the_root_environment():
    """repo2docker prefers a ``binder/`` or ``.binder/`` folder over the root files; the
    root environment.yml is the only one, and the launch buttons point at the repository."""
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    assert not (ROOT / "requirements.txt").exists(), "two environment files at the root"
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["repository"]["url"].startswith("https://github.com/")
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config["launch_buttons"]["notebook_interface"] == "jupyterlab"


def test_the_book_extras_read_and_rerun_the_chapters():
    """JupyterLab renders MyST with jupyterlab-myst, in a JupyterLab it is built for
    (@jupyter/ydoc 3: JupyterLab below 4.6); papermill re-runs a chapter."""
    reqs = _pyproject_requirements()
    assert "jupyterlab-myst" in reqs and "papermill" in reqs
    assert not SpecifierSet(reqs["jupyterlab"]).contains("4.6.0"), (
        "jupyterlab-myst 2.7 is incompatible with JupyterLab 4.6 (@jupyter/ydoc 4)")


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
