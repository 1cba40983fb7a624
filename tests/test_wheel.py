"""The kit as a consultant installs it: the wheel in a fresh virtual environment, used from an
empty folder with no repository in sight (issue #15).

One session fixture builds the sdist and, from it, the wheel (PyPA's build does both in turn),
installs the wheel with its dependencies into a new virtual environment outside the clone, and
makes an empty working folder. Every test then runs the installed `nps-workbook` there as a
user would and checks what the user relies on: exit codes, the files made, the key figures, one
line instead of a traceback for a mistake. Slow (a few minutes): marked `slow`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CLIENT = "Ærø Bryg A/S"
SLUG = "aeroe-bryg-a-s"  # Æ -> ae, ø -> oe, "/" and spaces -> "-"
NOTEBOOKS = [f"{n}.ipynb" for n in ("00_maturity_selftest", "01_customer_journey", "02_nps")]
NOTEBOOKS += [f"{n}.ipynb" for n in ("03_loops", "04_financial_impact", "05_enps")]
# What the clone leaves out of a build: its environment, caches and earlier builds.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "out", "__pycache__", ".pytest_cache",
    ".ruff_cache", ".hypothesis", "artifacts",
)  # fmt: skip


@dataclass(frozen=True)
class Installed:
    wheel: Path
    sdist: Path
    venv: Path
    work: Path  # the user's folder: empty at the start, no repository above it

    @property
    def script(self) -> Path:
        return self.venv / "bin" / "nps-workbook"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["JUPYTER_RUNTIME_DIR"] = str(self.work.parent / "jupyter-runtime")
        return env

    def run(self, *args, timeout: int = 600) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(self.script), *map(str, args)],
            cwd=self.work,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
        return done


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=NOT_SOURCE)
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,), (sdist,) = dist.glob("*.whl"), dist.glob("*.tar.gz")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    work = base / "work"
    work.mkdir()
    return Installed(wheel=wheel, sdist=sdist, venv=venv, work=work)


def test_the_wheel_and_the_sdist_carry_every_kit_file_as_a_real_file(installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        entries = {info.filename: info for info in wheel.infolist()}
    kit = "nps_workbook/"
    for name in NOTEBOOKS:
        assert f"{kit}notebooks/{name}" in entries
    for name in ("client.da.yml.j2", "touchpoints.en.xlsx", "report/page.html.j2"):
        assert f"{kit}templates/{name}" in entries
    for name in ("dk-b2b-it/client.yml", "dk-b2b-it/responses.csv", "uk-webshop/responses.csv"):
        assert f"{kit}sample_data/{name}" in entries
    assert {f"{kit}texts/categories.yml", f"{kit}texts/pages/nps.yml"} <= set(entries)
    symlink = 0o120000
    assert not [n for n, i in entries.items() if (i.external_attr >> 16) & 0o170000 == symlink]
    # The same files, byte for byte, as the repository's top-level folders.
    with zipfile.ZipFile(installed.wheel) as wheel:
        shipped = wheel.read(f"{kit}notebooks/02_nps.ipynb")
    assert shipped == (ROOT / "notebooks" / "02_nps.ipynb").read_bytes()
    assert not [n for n in entries if n.endswith(("nbval_sanitize.cfg", ".pyc"))]
    with tarfile.open(installed.sdist) as sdist:
        members = {m.name.split("/", 1)[1]: m for m in sdist.getmembers() if "/" in m.name}
    assert members["nps_workbook/notebooks/02_nps.ipynb"].isfile()
    assert members["nps_workbook/sample_data/uk-webshop/responses.csv"].isfile()


def test_it_runs_the_installed_package_from_a_folder_without_a_repository(installed):
    where = "import nps_workbook; print(nps_workbook.__file__)"
    done = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c", where],
        cwd=installed.work,
        env=installed.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    package = Path(done.stdout.strip()).resolve()
    assert package.is_relative_to(installed.venv.resolve()) and "site-packages" in package.parts
    assert not package.parent.joinpath("notebooks").is_symlink()
    for folder in (installed.work, *installed.work.parents):
        assert not (folder / "pyproject.toml").exists() and not (folder / ".git").exists()
    version = installed.run("--version")
    assert version.returncode == 0 and "0.1.0" in version.stdout


COMMANDS = ["validate", "score", "followup", "batch", "demo", "new-client", "sample-data"]


@pytest.mark.parametrize("command", [*COMMANDS, "lab", "notebooks"])
def test_every_command_has_help(installed, command):
    done = installed.run(command, "--help")
    assert done.returncode == 0 and "Usage: nps-workbook " in done.stdout


@pytest.fixture(scope="session")
def client(installed) -> Path:
    """new-client for a Danish name, with the Danish sample export as its responses."""
    done = installed.run("new-client", CLIENT, "--dir", "clients")
    assert done.returncode == 0, done.stderr
    folder = installed.work / "clients" / SLUG
    assert {p.name for p in folder.iterdir()} == {"client.yml", "touchpoints.xlsx", "README.md"}
    assert f"client: {CLIENT}" in (folder / "client.yml").read_text(encoding="utf-8")
    assert f"nps-workbook validate clients/{SLUG}" in done.stdout
    # Before the export is there: one line naming the key and the file.
    missing = installed.run("validate", f"clients/{SLUG}")
    assert missing.returncode == 1 and missing.stderr.startswith("error: ")
    assert "files.responses: 'responses.csv' does not exist" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    samples = installed.run("sample-data", "--out", "samples")
    assert samples.returncode == 0, samples.stderr
    shutil.copy(installed.work / "samples/dk-b2b-it/responses.csv", folder / "responses.csv")
    return folder


def _answers_by_hand(path: Path) -> tuple[int, int, int, str]:
    """Rows, promoters, detractors and the latest date of a Danish sample export, read with
    the csv module: a score is a whole number 0-10 on a row whose date is dd-mm-yyyy, and each
    response id counts once (the planted defects are the rest)."""
    with path.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    score_column = next(c for c in rows[0] if c.startswith("Hvor sandsynligt"))
    seen, kept = set(), []
    for row in rows:
        score, day = row[score_column].strip(), row["Dato"].strip()
        try:
            answered = dt.datetime.strptime(day, "%d-%m-%Y").date()
        except ValueError:
            continue
        if not (score.isdigit() and int(score) <= 10 and row["Svar-ID"] not in seen):
            continue
        seen.add(row["Svar-ID"])
        kept.append((int(score), answered.isoformat()))
    promoters = sum(score >= 9 for score, _ in kept)
    detractors = sum(score <= 6 for score, _ in kept)
    return len(kept), promoters, detractors, max(day for _, day in kept)


def test_validate_and_score_read_a_client_folder_with_its_own_mapping(installed, client):
    n, promoters, detractors, _ = _answers_by_hand(client / "responses.csv")
    done = installed.run("validate", f"clients/{SLUG}", "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["accepted"] == n and report["rows_read"] == n + report["rejected"]
    assert report["rejected"] == 8  # the eight planted defects, one of each kind
    assert report["read_as"][0].startswith(f"Client {CLIENT} ({SLUG}/client.yml)")
    scored = installed.run("score", f"clients/{SLUG}/client.yml", "--format", "json")
    assert scored.returncode == 0, scored.stderr
    (overall,) = json.loads(scored.stdout)
    assert (overall["n"], overall["promoters"], overall["detractors"]) == (n, promoters, detractors)
    assert overall["nps"] == pytest.approx(100 * (promoters - detractors) / n)


def test_followup_counts_to_the_latest_answer(installed, client):
    _, _, _, latest = _answers_by_hand(client / "responses.csv")
    done = installed.run("followup", f"clients/{SLUG}", "--out", "opfoelgning.xlsx")
    assert done.returncode == 0, done.stderr
    assert f"from 30 days up to {latest}" in done.stdout
    assert (installed.work / "opfoelgning.xlsx").stat().st_size > 0


def test_demo_runs_the_whole_workbook_for_the_bundled_clients(installed):
    done = installed.run("demo", "--out", "out", "--jobs", "2", timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    out = installed.work / "out"
    assert "2 of 2 clients done" in done.stdout and (out / "index.html").is_file()
    for folder in ("dk-b2b-it", "uk-webshop"):
        summary = json.loads((out / folder / "summary.json").read_text(encoding="utf-8"))
        assert summary["status"] == "ok", summary["error"]
        assert sorted(summary["notebooks"]) == [name.removesuffix(".ipynb") for name in NOTEBOOKS]
        figures = summary["key_figures"]
        assert figures["nps_ci_low"] <= figures["nps"] <= figures["nps_ci_high"]
        n = figures["promoters"] + figures["passives"] + figures["detractors"]
        assert n == figures["n"]
        assert figures["nps"] == pytest.approx(
            100 * (figures["promoters"] - figures["detractors"]) / n, abs=0.05
        )
        report = (out / folder / "report.html").read_text(encoding="utf-8")
        assert str(installed.venv) not in report and "site-packages" not in report
        assert (out / folder / "followup.xlsx").is_file()


def test_batch_runs_changed_copies_of_the_notebooks_for_the_new_client(installed, client):
    copied = installed.run("notebooks", "--out", "my-notebooks")
    assert copied.returncode == 0, copied.stderr
    mine = installed.work / "my-notebooks"
    assert sorted(p.name for p in mine.iterdir()) == NOTEBOOKS
    nps = mine / "02_nps.ipynb"
    notebook = json.loads(nps.read_text(encoding="utf-8"))
    notebook["cells"].append(
        # a text for the client: the report shows markdown cells tagged "report"
        {"cell_type": "markdown", "metadata": {"tags": ["report"]}, "source": ["Ændret af os."]}
    )
    nps.write_text(json.dumps(notebook), encoding="utf-8")
    done = installed.run(
        "batch", "clients", "--out", "results", "--notebooks", "02", "--notebook-dir", mine,
        timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    report = (installed.work / "results" / SLUG / "report.html").read_text(encoding="utf-8")
    assert "<title>Kunderapport – Ærø Bryg A/S</title>" in report and "Ændret af os." in report
    refused = installed.run("batch", "clients", "--out", "x", "--notebook-dir", "clients")
    assert refused.returncode == 1 and "holds no workbook notebook" in refused.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_lab_starts_jupyterlab_on_working_copies_for_the_client(installed, client):
    port = _free_port()
    command = [str(installed.script), "lab", f"clients/{SLUG}", "--no-browser"]
    command += ["--port", str(port)] + (["--allow-root"] if os.geteuid() == 0 else [])
    lab = subprocess.Popen(
        command,
        cwd=installed.work,
        env=installed.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(lab.stdout), daemon=True)
    reader.start()
    address = f"http://127.0.0.1:{port}/lab"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and lab.poll() is None:
            if address in "".join(seen):
                break
            time.sleep(0.5)
    finally:
        os.killpg(lab.pid, signal.SIGTERM)  # the session of the command and JupyterLab
        lab.wait(timeout=60)
        reader.join(timeout=10)
    output = "".join(seen)
    assert address in output, output
    assert "Traceback" not in output
    copies = installed.work / "workshop" / SLUG
    assert sorted(p.name for p in copies.iterdir()) == NOTEBOOKS
    notebook = json.loads((copies / "02_nps.ipynb").read_text(encoding="utf-8"))
    injected = next(
        c for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", [])
    )
    assert f'client_dir = "../../clients/{SLUG}"' in "".join(injected["source"])
