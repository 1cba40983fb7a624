"""The batch under faults: Ctrl-C and SIGTERM mid-run, a killed worker, a full disk, two runs on
one output folder, and re-runs that skip what is unchanged and finish what was interrupted.

Each test runs notebook 02 only, for copies of the English sample client (the smallest run).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import SAMPLE_DATA
from output_files import output_files

from nps_workbook import batch as batch_module
from nps_workbook import files
from nps_workbook.batch import BatchLockedError, finish_client, run_batch

NOTEBOOK = "02_nps"
TIMEOUT = 600  # seconds a whole batch in a test may take before the test fails
pytestmark = pytest.mark.slow  # every test runs a batch


def sample_copies(folder: Path, *names: str) -> list[Path]:
    copies = []
    for name in names:
        shutil.copytree(SAMPLE_DATA / "uk-webshop", folder / name)
        copies.append(folder / name)
    return copies


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def visible(out: Path) -> set[str]:
    """The files a reader sees: everything but hidden files (the lock, temporary files)."""
    return {
        p.relative_to(out).as_posix()
        for p in output_files(out)
        if not any(part.startswith(".") for part in p.relative_to(out).parts)
    }


def modified(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in output_files(out)}


# --- re-runs --------------------------------------------------------------------------------


def test_a_rerun_skips_unchanged_clients_and_runs_changed_ones_or_all_with_force(tmp_path):
    first, second = sample_copies(tmp_path / "clients", "first", "second")
    out = tmp_path / "out"
    run = run_batch([first, second], out, jobs=2, notebooks=[NOTEBOOK], progress=False)
    assert [c.status for c in run.clients] == ["ok", "ok"]
    # the clients' data the notebooks shared is gone with the batch
    assert not list(out.glob(f"{batch_module.DATA_CACHE_PREFIX}*"))
    before = modified(out)

    left = out / f"{batch_module.DATA_CACHE_PREFIX}killed"  # as a batch killed outright leaves it
    left.mkdir()
    (left / "0123.pickle").write_bytes(b"answers")
    again = run_batch([first, second], out, jobs=2, notebooks=[NOTEBOOK], progress=False)
    assert [(c.status, c.skipped) for c in again.clients] == [("ok", True), ("ok", True)]
    assert not list(out.glob(f"{batch_module.DATA_CACHE_PREFIX}*"))
    after = modified(out)
    client_files = {k: v for k, v in after.items() if k.startswith(("first/", "second/"))}
    assert client_files == {k: v for k, v in before.items() if k in client_files}
    assert read_json(out / "batch.json")["results"][0]["skipped"] is True
    assert "Quillmoor Home" in (out / "index.html").read_text(encoding="utf-8")

    config = (second / "client.yml").read_text(encoding="utf-8")
    (second / "client.yml").write_text(config.replace("language: en", "language: da"), "utf-8")
    changed = run_batch([first, second], out, jobs=2, notebooks=[NOTEBOOK], progress=False)
    assert [c.skipped for c in changed.clients] == [True, False]
    assert '<html lang="da">' in (out / "second" / "report.html").read_text(encoding="utf-8")

    forced = run_batch([first], out, jobs=1, notebooks=[NOTEBOOK], force=True, progress=False)
    assert not forced.clients[0].skipped and forced.clients[0].seconds > 0


# --- signals --------------------------------------------------------------------------------


def start_batch(clients: list[Path], out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "nps_workbook.cli", "batch", *map(str, clients)]
    command += ["--out", str(out), "--notebooks", NOTEBOOK, "--jobs", "1"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.mark.parametrize(
    ("signal_number", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)]
)
def test_a_signal_mid_run_stops_cleanly_and_a_rerun_finishes(tmp_path, signal_number, exit_code):
    clients = sample_copies(tmp_path / "clients", "a-first", "b-second")
    out = tmp_path / "out"
    process = start_batch(clients, out)
    try:
        # stop while the second client's notebook runs: the first client is done
        wait_for(lambda: (out / "a-first" / "report.html").is_file(), "the first client")
        wait_for(
            lambda: (
                any((out / "b-second" / "notebooks").glob(".*.partial*"))
                or process.poll() is not None
            ),
            "the second client's notebook to start",
        )
        process.send_signal(signal_number)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == exit_code, stderr
    name = signal.Signals(signal_number).name
    assert f"interrupted by {name}: 1 of 2 clients done" in stderr
    assert "Traceback" not in stderr
    recorded = read_json(out / "batch.json")
    assert recorded["interrupted"] == name
    assert [c["status"] for c in recorded["results"]] == ["ok", "interrupted"]
    # nothing half-written where a reader looks: the second client has no notebook or report yet
    assert not any(f.startswith(("b-second/notebooks", "b-second/report")) for f in visible(out))
    assert not [p for p in output_files(out) if ".partial" in p.name]
    assert not list(out.glob(f"{batch_module.DATA_CACHE_PREFIX}*"))

    done = run_batch(clients, out, jobs=2, notebooks=[NOTEBOOK], progress=False)
    assert [(c.status, c.skipped) for c in done.clients] == [("ok", True), ("ok", False)]
    assert (out / "b-second" / "report.html").is_file()


def worker_processes() -> list[int]:
    """The batch's worker processes: children of this process started by multiprocessing."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and "spawn_main" in command:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds worker processes in /proc")
def test_a_killed_worker_is_replaced_and_its_notebook_run_again(tmp_path):
    (client,) = sample_copies(tmp_path / "clients", "survivor")
    out = tmp_path / "out"
    outcome = {}

    def run():
        outcome["result"] = run_batch([client], out, jobs=1, notebooks=[NOTEBOOK], progress=False)

    thread = threading.Thread(target=run)
    thread.start()
    wait_for(lambda: worker_processes() or not thread.is_alive(), "a worker process")
    wait_for(lambda: any((out / "survivor" / "notebooks").glob(".*.partial*")), "the notebook")
    killed = worker_processes()
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    thread.join(TIMEOUT)
    assert killed and not thread.is_alive()
    client_result = outcome["result"].clients[0]
    assert client_result.status == "ok", client_result.reason
    assert (out / "survivor" / "report.html").is_file()
    assert not [p for p in output_files(out) if ".partial" in p.name]


def test_a_kernel_that_dies_fails_its_notebook_in_one_line(tmp_path):
    import nbformat

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    dying = nbformat.v4.new_notebook()
    dying.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    dying.cells = [
        nbformat.v4.new_code_cell(
            "client_dir = ''\nlanguage = None", metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell("import os\nos._exit(1)"),
    ]
    nbformat.write(dying, notebooks / "09_dies.ipynb")
    output = tmp_path / "out" / "survivor" / "notebooks" / "09_dies.ipynb"
    run = batch_module.run_notebook(
        "09_dies", str(SAMPLE_DATA / "uk-webshop"), str(output), None, None, str(notebooks)
    )
    assert run.status == "failed"
    assert run.error.startswith("09_dies: DeadKernelError: ")
    assert "\n" not in run.error and str(tmp_path) not in run.error
    assert not [p for p in output_files(tmp_path / "out") if ".partial" in p.name]


# --- the output folder ----------------------------------------------------------------------


def test_a_second_batch_on_the_same_output_folder_is_refused_at_once(tmp_path):
    from filelock import FileLock

    (client,) = sample_copies(tmp_path / "clients", "locked")
    out = tmp_path / "out"
    out.mkdir()
    refused = pytest.raises(BatchLockedError, match="another batch is writing to this folder")
    with FileLock(out / batch_module.LOCK_FILE), refused:
        run_batch([client], out, notebooks=[NOTEBOOK], progress=False)
    assert visible(out) == set()


def test_a_full_disk_fails_the_client_in_one_line_and_leaves_no_partial_file(
    tmp_path, monkeypatch, run_notebook
):
    import nbformat

    executed = run_notebook(NOTEBOOK, "uk-webshop", "en")
    out = tmp_path / "out" / "uk-webshop"
    (out / "notebooks").mkdir(parents=True)
    nbformat.write(executed, out / "notebooks" / f"{NOTEBOOK}.ipynb")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    written, error = finish_client(
        str(SAMPLE_DATA / "uk-webshop"), str(out), [NOTEBOOK], None, False, "2026-11-26"
    )
    assert written == []
    assert error == f"uk-webshop/reports/{NOTEBOOK}.html: cannot write: No space left on device"
    assert [p.relative_to(out).as_posix() for p in output_files(out)] == [
        f"notebooks/{NOTEBOOK}.ipynb"
    ]
