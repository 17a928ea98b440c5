"""The conda path (environment.yml) and the pip path (pyproject.toml) install the same things."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    requirements = {}
    for line in listed:
        requirement = Requirement(line)
        requirements[_normalise(requirement.name)] = str(requirement.specifier)
    return requirements


def _conda_requirements() -> dict[str, str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    requirements = {}
    for entry in environment["dependencies"]:
        if not isinstance(entry, str):
            continue
        name, _, spec = entry.partition(" ")
        if name in {"python", "pip"}:
            continue
        requirements[_normalise(name)] = str(Requirement(f"x{spec.replace(' ', '')}").specifier)
    return requirements


def test_environment_yml_lists_the_same_packages_and_ranges_as_pyproject():
    assert _conda_requirements() == _pyproject_requirements()


def test_environment_yml_uses_conda_forge_and_python_311():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert environment["channels"][0] == "conda-forge"
    python = next(
        e for e in environment["dependencies"] if isinstance(e, str) and e.startswith("python ")
    )
    assert Requirement(f"x{python.split(' ', 1)[1].replace(' ', '')}").specifier.contains("3.11.7")


def test_the_core_pins_the_issue_asks_for():
    requirements = _pyproject_requirements()
    assert requirements["voila"] == "<0.6,>=0.5.6"
    assert requirements["ipywidgets"].startswith("<9")
    assert "jupyterlab-widgets" in requirements
