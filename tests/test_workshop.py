"""workshop.py and `nps-workbook lab` / `notebooks`: working copies of the notebooks for a client,
and the JupyterLab command (never started here; tests/test_wheel.py starts it briefly)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nps_workbook import kit
from nps_workbook.errors import ConfigError
from nps_workbook.workshop import (
    LAB_ADDRESS,
    client_dir_parameter,
    default_folder,
    lab_command,
    working_copies,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"
SCRIPT = Path(sys.executable).parent / "nps-workbook"


def injected(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    (cell,) = [c for c in cells if "injected-parameters" in c["metadata"].get("tags", [])]
    return "".join(cell["source"])


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A consultant's folder holding one client, as the working directory."""
    shutil.copytree(SAMPLES / "uk-webshop", tmp_path / "clients" / "quillmoor")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_working_copies_open_on_the_client_and_leave_the_originals(here):
    before = {p.name: p.read_bytes() for p in kit.notebooks_dir().glob("*.ipynb")}
    copies = working_copies("workshop/quillmoor", "clients/quillmoor", language="en")
    assert [p.name for p in copies.written] == [f"{n}.ipynb" for n in kit.notebook_names()]
    source = injected(here / "workshop/quillmoor/02_nps.ipynb")
    # Relative to the copies' folder, the kernel's working directory.
    assert 'client_dir = "../../clients/quillmoor"' in source and 'language = "en"' in source
    assert (here / "workshop/quillmoor" / "../../clients/quillmoor/client.yml").is_file()
    after = {p.name: p.read_bytes() for p in kit.notebooks_dir().glob("*.ipynb")}
    assert after == before
    # Everything else is the kit's notebook, cell for cell.
    original = json.loads((kit.notebooks_dir() / "02_nps.ipynb").read_text(encoding="utf-8"))
    copy = json.loads((here / "workshop/quillmoor/02_nps.ipynb").read_text(encoding="utf-8"))
    kept = [c for c in copy["cells"] if "injected-parameters" not in c["metadata"].get("tags", [])]
    assert ["".join(c["source"]) for c in kept] == ["".join(c["source"]) for c in original["cells"]]


def test_an_earlier_sessions_copies_are_kept_unless_fresh(here):
    working_copies("w", "clients/quillmoor", notebooks=["02"])
    edited = here / "w" / "02_nps.ipynb"
    edited.write_text(edited.read_text(encoding="utf-8").replace("02 NPS", "02 NPS (live)"))
    again = working_copies("w", "clients/quillmoor", notebooks=["02"])
    assert again.written == [] and again.kept == [Path("w/02_nps.ipynb")]
    assert "02 NPS (live)" in edited.read_text(encoding="utf-8")
    working_copies("w", "clients/quillmoor", notebooks=["02"], fresh=True)
    assert "02 NPS (live)" not in edited.read_text(encoding="utf-8")


def test_a_client_yml_stands_for_its_folder_and_a_bad_one_is_refused(here):
    copies = working_copies("w", "clients/quillmoor/client.yml", notebooks=["03"])
    assert 'client_dir = "../clients/quillmoor"' in injected(copies.written[0])
    assert default_folder("clients/quillmoor/client.yml") == Path("workshop/quillmoor")
    (here / "clients/quillmoor/client.yml").write_text("client: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"client\.yml"):
        working_copies("w2", "clients/quillmoor")
    assert not (here / "w2").exists()


def test_without_a_client_the_copies_open_on_the_bundled_sample(here):
    copies = working_copies("w", notebooks=["00"])
    sample = (kit.sample_data_dir() / "dk-b2b-it").resolve()
    assert f'client_dir = "{sample}"' in injected(copies.written[0])
    assert default_folder(None) == Path("workshop/dk-b2b-it")


def test_client_dir_parameter_is_absolute_outside_the_current_folder(here, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    assert client_dir_parameter(elsewhere, here / "w") == str(elsewhere.resolve())
    assert (
        client_dir_parameter(here / "clients/quillmoor", here / "a/b") == "../../clients/quillmoor"
    )


def test_lab_command_listens_on_this_machine_only():
    command = lab_command("w", port=8899, browser=False)
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.ip={LAB_ADDRESS}" in command and LAB_ADDRESS == "127.0.0.1"
    assert f"--ServerApp.root_dir={Path('w').resolve()}" in command
    assert "--ServerApp.port=8899" in command and "--no-browser" in command
    assert "--allow-root" not in command and "--allow-root" in lab_command("w", allow_root=True)
    assert not any(part.startswith("--ServerApp.port") for part in lab_command("w"))


def run(*args, cwd):
    return subprocess.run(
        [str(SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_notebooks_command_copies_and_keeps(here):
    done = run("notebooks", "--out", "mine", cwd=here)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (here / "mine").iterdir()) == [
        f"{n}.ipynb" for n in kit.notebook_names()
    ]
    assert "nps-workbook batch CLIENTS --notebook-dir mine" in done.stdout
    again = run("notebooks", "--out", "mine", cwd=here)
    assert again.stdout.count("kept from an earlier session; --force writes over it") == 6


def test_lab_command_refuses_a_missing_client_in_one_line(here):
    done = run("lab", "clients/nobody", "--no-browser", cwd=here)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: clients/nobody: no such client folder")
    assert not (here / "workshop").exists()
