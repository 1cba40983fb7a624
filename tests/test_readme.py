"""The README's layout table names every folder of the repository and every module of the
package, so a reader who looks a thing up there finds it (and a new folder gets its line)."""

from __future__ import annotations

import re

from conftest import ROOT

# Made by tools, ignored by git: not part of the layout.
NOT_LAYOUT = {"build", "dist", "out", "artifacts"}
# Links to the top-level notebooks/, templates/ and sample_data/ (see the notebooks/ row).
KIT_LINKS = {"notebooks", "templates", "sample_data"}


def layout_rows() -> dict[str, str]:
    """First cell (without backticks) -> the rest of each row of the Layout table."""
    section = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Layout", 1)[1]
    rows = re.findall(r"^\| `([^`]+)` \|(.*)\|$", section.split("\n## ", 1)[0], re.MULTILINE)
    return dict(rows)


def test_every_top_level_folder_has_a_row():
    named = {first.split("/", 1)[0] for first in layout_rows()}
    folders = {
        p.name
        for p in ROOT.iterdir()
        if p.is_dir()
        and p.name not in NOT_LAYOUT
        and not p.name.endswith(".egg-info")
        and (not p.name.startswith(".") or p.name == ".ci")
    }
    assert folders - named == set()
    assert named - folders == set()  # no row for a folder that is gone


def test_the_package_row_names_every_module_and_subpackage():
    row = layout_rows()["nps_workbook/"]
    named = set(re.findall(r"`(\w+)(?:\.py|/)`", row))
    package = ROOT / "nps_workbook"
    parts = {p.stem for p in package.glob("*.py") if p.name != "__init__.py"}
    parts |= {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert parts - KIT_LINKS - named == set()
    assert named - parts == set()  # no name for a module that is gone
