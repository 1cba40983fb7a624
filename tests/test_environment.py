"""environment.yml (the conda route) must list what pyproject.toml installs (the pip route).

No conda can be installed here, so the conda file is checked statically.
"""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def requirement_name(spec: str) -> str:
    return re.split(r"[<>=!~ \[;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pip_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["test"]
    return {requirement_name(spec): spec.replace(" ", "") for spec in specs}


def conda_requirements() -> tuple[dict[str, str], list]:
    """Packages from conda (and from pip inside the environment, for those conda lacks)."""
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip_section = {}, []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            pip_section = entry["pip"]
        else:
            conda[requirement_name(entry)] = entry.replace(" ", "")
    for entry in pip_section:
        if not entry.startswith("-e"):
            conda[requirement_name(entry)] = entry.replace(" ", "")
    return conda, [entry for entry in pip_section if entry.startswith("-e")]


def test_conda_environment_lists_the_same_packages_and_bounds():
    conda, _ = conda_requirements()
    conda_packages = {name: spec for name, spec in conda.items() if name not in {"python", "pip"}}
    assert conda_packages == pip_requirements()


def test_conda_environment_uses_conda_forge_python_311_and_installs_the_package_editable():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip_section = conda_requirements()
    assert environment["channels"] == ["conda-forge"]
    assert conda["python"] == "python=3.11"
    assert pip_section == ["-e ."]


def test_console_script_points_at_the_cli():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"nps-workbook": "nps_workbook.cli:main"}
