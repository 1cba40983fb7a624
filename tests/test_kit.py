"""kit.py: the one place that knows where the kit's files live (tests/test_wheel.py checks the
installed wheel; these check the clone's editable install, which goes the same way)."""

import importlib.resources
import subprocess
import sys
from pathlib import Path

import pytest

from nps_workbook import kit, templating
from nps_workbook.kit import KitError

ROOT = Path(__file__).resolve().parents[1]


def test_kit_folders_are_read_through_importlib_resources():
    package = importlib.resources.files("nps_workbook")
    assert kit.root() == package
    for name, folder in [
        ("notebooks", kit.notebooks_dir()),
        ("templates", kit.templates_dir()),
        ("sample_data", kit.sample_data_dir()),
        ("texts", kit.texts_dir()),
    ]:
        assert folder == package / name and folder.is_dir()


def test_in_the_clone_the_kit_folders_are_the_top_level_folders():
    # The editable install reads the files a consultant edits in the clone, through the links.
    for name in ("notebooks", "templates", "sample_data"):
        link = ROOT / "nps_workbook" / name
        assert link.is_symlink() and link.resolve() == (ROOT / name).resolve()
        assert kit.folder(name).resolve() == (ROOT / name).resolve()


def test_notebook_names_in_reading_order(tmp_path):
    assert kit.notebook_names() == [
        "00_maturity_selftest",
        "01_customer_journey",
        "02_nps",
        "03_loops",
        "04_financial_impact",
        "05_enps",
    ]
    (tmp_path / "02_mine.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.ipynb").write_text("{}", encoding="utf-8")
    assert kit.notebook_names(tmp_path) == ["02_mine"]


def test_templates_are_found_from_any_working_directory(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from nps_workbook import templating; print(templating.template_path('themes.da.yml'))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(done.stdout.strip()) == (ROOT / "templates" / "themes.da.yml").resolve()


def test_a_template_name_may_not_leave_the_folder():
    with pytest.raises(ValueError, match="leaves the templates folder"):
        templating.template_path("../pyproject.toml")


def test_a_missing_kit_folder_is_a_clear_error(monkeypatch, tmp_path):
    kit.folder.cache_clear()
    monkeypatch.setattr(kit, "root", lambda: tmp_path)
    try:
        with pytest.raises(KitError, match="the kit's notebooks/ folder is missing"):
            kit.notebooks_dir()
    finally:
        kit.folder.cache_clear()


def test_a_clone_without_symbolic_links_is_told_how_to_fix_it(monkeypatch, tmp_path):
    (tmp_path / "templates").write_text("../templates", encoding="utf-8")  # git's stand-in
    kit.folder.cache_clear()
    monkeypatch.setattr(kit, "root", lambda: tmp_path)
    try:
        with pytest.raises(KitError, match=r"clone with symbolic links \(git config core"):
            kit.templates_dir()
    finally:
        kit.folder.cache_clear()
