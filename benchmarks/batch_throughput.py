"""Batch throughput: every notebook of many clients through ``run_batch``, against the floor.

The clients are copies of the bundled sample clients (``sample_data/dk-b2b-it`` and
``uk-webshop``, alternating) under distinct folder names, so a batch of twelve is six of each.
Each batch writes into a fresh, empty output folder (``run_batch`` may skip clients whose outputs
are up to date; with ``force=`` where it exists, it is told not to).

``floor``
    papermill's Python API executing a notebook whose one cell imports the stack (pandas,
    seaborn, matplotlib, ipywidgets, nps_workbook), in a long-lived worker process started the
    way ``run_batch`` starts its workers (``spawn``), with the kernel, working directory and
    cell timeout ``batch.run_notebook`` uses. Nothing a notebook of the workbook does can take
    less: it is the cost of starting a kernel and importing what every notebook imports.
``workbook``
    ``run_batch(clients, fresh_out_dir, jobs=N)`` with N = 1 and 2 workers: per client the sum
    of its notebooks' seconds as ``run_batch`` records them, and the wall time of the batch.

Floor runs are measured before the first batch, between the batches and after the last, so the
load of other processes on the machine falls on both sides. Before anything is reported every
notebook of every client must have run ("ok"): the time of a failed notebook is not the work.

Where a client's time goes is read back from the executed notebooks: papermill stores each
cell's duration in the cell's metadata; the rest of a notebook's seconds (kernel start and
shutdown, papermill, writing and cleaning the output) is reported as the notebook's overhead.
"""

from __future__ import annotations

import inspect
import json
import multiprocessing
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import Timing
from nps_workbook import kit
from nps_workbook.batch import CELL_TIMEOUT, KERNEL, run_batch, select_notebooks

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CLIENTS = (kit.sample_data_dir() / "dk-b2b-it", kit.sample_data_dir() / "uk-webshop")
FLOOR_SOURCE = "import pandas, seaborn, matplotlib, ipywidgets, nps_workbook"
OVERHEAD = "(kernel start, papermill, output)"  # the cell name of a notebook's overhead


class BatchFailed(AssertionError):
    """A notebook failed in the benchmark's batch: its time would not be of the same work."""


# --- input ------------------------------------------------------------------------------------


def make_clients(count: int, workdir: Path) -> list[Path]:
    """``count`` client folders, copies of the sample clients in turn, each under its own name."""
    if count < 1:
        raise ValueError(f"count={count!r}; need at least one client")
    root = workdir / "clients"
    folders = []
    for index in range(count):
        sample = SAMPLE_CLIENTS[index % len(SAMPLE_CLIENTS)]
        folder = root / f"client-{index + 1:02d}-{sample.name}"
        shutil.copytree(sample, folder)
        folders.append(folder)
    return folders


def write_floor_notebook(workdir: Path) -> Path:
    """The import-only notebook the floor executes."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(FLOOR_SOURCE)]
    notebook.metadata["kernelspec"] = {
        "name": KERNEL,
        "display_name": "Python 3",
        "language": "python",
    }
    path = workdir / "floor.ipynb"
    nbformat.write(notebook, path)
    return path


# --- the floor, in a worker process ------------------------------------------------------------


def execute_floor(notebook: str, output: str) -> float:
    """Seconds of one papermill execution of the floor notebook, as ``batch.run_notebook`` calls
    papermill (runs in a worker process; imports before the clock, as there)."""
    import papermill

    for attempt in (1, 2):
        start = time.perf_counter()
        try:
            papermill.execute_notebook(
                notebook,
                output,
                kernel_name=KERNEL,
                cwd=str(kit.notebooks_dir()),
                progress_bar=False,
                execution_timeout=CELL_TIMEOUT,
                request_save_on_cell_execute=False,
            )
        except Exception as exc:  # the rare ZMQ port race at kernel start, retried as batch does
            if attempt == 1 and "Address already in use" in str(exc):
                continue
            raise
        return time.perf_counter() - start
    raise AssertionError("unreachable")


def time_floor(notebook: Path, repeat: int, pool: ProcessPoolExecutor) -> list[float]:
    """``repeat`` floor executions in turn in ``pool``'s worker."""
    output = str(notebook.with_name("floor-out.ipynb"))
    return [pool.submit(execute_floor, str(notebook), output).result() for _ in range(repeat)]


# --- the workbook, through run_batch ----------------------------------------------------------


@dataclass(frozen=True)
class BatchRun:
    """One ``run_batch`` of every client with ``jobs`` workers.

    ``client_seconds``: per client, the sum of its notebooks' seconds; ``notebook_seconds``:
    per notebook, its seconds for each client; ``cell_seconds``: per (notebook, cell) the
    durations papermill recorded, one per client, the overhead of each notebook included as
    the cell ``OVERHEAD``; ``sources``: the first line of each such cell.
    """

    jobs: int
    seconds: float
    client_seconds: tuple[float, ...]
    notebook_seconds: dict[str, tuple[float, ...]]
    cell_seconds: dict[tuple[str, int], tuple[float, ...]]
    sources: dict[tuple[str, int], str]

    @property
    def notebooks_run(self) -> int:
        return sum(len(seconds) for seconds in self.notebook_seconds.values())

    @property
    def per_minute(self) -> float:
        """Throughput: notebooks executed per minute of the batch's wall time."""
        return 60 * self.notebooks_run / self.seconds


def _batch_options() -> dict[str, object]:
    # run_batch is being extended to skip clients whose inputs are unchanged: a benchmark run
    # must do all the work, whichever version of it is installed.
    return {"force": True} if "force" in inspect.signature(run_batch).parameters else {}


def _first_line(source: str) -> str:
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    return lines[0][:60] if lines else ""


def _cells(out_dir: Path, folder: str, notebook: str, seconds: float) -> dict[int, float]:
    """Cell index -> seconds papermill recorded, and -1 -> the notebook's overhead."""
    path = out_dir / folder / "notebooks" / f"{notebook}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    durations = {}
    for index, cell in enumerate(cells):
        duration = cell.get("metadata", {}).get("papermill", {}).get("duration")
        if cell.get("cell_type") == "code" and duration is not None:
            durations[index] = float(duration)
    durations[-1] = max(seconds - sum(durations.values()), 0.0)
    return durations


def _cell_sources(out_dir: Path, folder: str, notebook: str) -> dict[int, str]:
    path = out_dir / folder / "notebooks" / f"{notebook}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = {i: _first_line("".join(c.get("source", ""))) for i, c in enumerate(cells)}
    return {**sources, -1: OVERHEAD}


def run_workbooks(
    clients: Sequence[Path], jobs: int, notebooks: Sequence[str], workdir: Path
) -> BatchRun:
    """One batch of every client into a fresh output folder, read back and removed."""
    out_dir = Path(tempfile.mkdtemp(prefix=f"batch-{jobs}-", dir=workdir))
    try:
        result = run_batch(
            clients, out_dir, jobs=jobs, notebooks=list(notebooks), progress=False,
            **_batch_options(),
        )  # fmt: skip
        if not result.ok:
            first = result.failed[0]
            raise BatchFailed(
                f"{len(result.failed)} client(s) failed; {first.folder}: {first.reason}"
            )
        notebook_seconds: dict[str, list[float]] = {name: [] for name in notebooks}
        cell_seconds: dict[tuple[str, int], list[float]] = {}
        sources: dict[tuple[str, int], str] = {}
        for client in result.clients:
            if len(client.notebooks) != len(notebooks):
                raise BatchFailed(f"{client.folder}: ran {len(client.notebooks)} notebooks")
            for run in client.notebooks:
                notebook_seconds[run.notebook].append(run.seconds)
                for cell, seconds in _cells(
                    out_dir, client.folder, run.notebook, run.seconds
                ).items():
                    cell_seconds.setdefault((run.notebook, cell), []).append(seconds)
                if not any(key[0] == run.notebook for key in sources):
                    found = _cell_sources(out_dir, client.folder, run.notebook)
                    sources.update({(run.notebook, i): text for i, text in found.items()})
        return BatchRun(
            jobs=jobs,
            seconds=float(result.seconds),
            client_seconds=tuple(float(c.seconds) for c in result.clients),
            notebook_seconds={name: tuple(s) for name, s in notebook_seconds.items()},
            cell_seconds={key: tuple(s) for key, s in cell_seconds.items()},
            sources={key: sources.get(key, "") for key in cell_seconds},
        )
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


# --- the benchmark ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchResult:
    """Measurements of one benchmark run: the floor and one ``BatchRun`` per (round, jobs)."""

    clients: int
    notebooks: tuple[str, ...]
    floor: Timing
    runs: tuple[BatchRun, ...]

    def batches(self, jobs: int) -> list[BatchRun]:
        return [run for run in self.runs if run.jobs == jobs]

    @property
    def jobs(self) -> list[int]:
        return sorted({run.jobs for run in self.runs})

    def workbook_ratios(self, jobs: int = 1) -> Timing:
        """Per client (and round): its workbook's seconds / (notebooks x median floor)."""
        budget = len(self.notebooks) * self.floor.median
        return Timing(tuple(s / budget for run in self.batches(jobs) for s in run.client_seconds))

    def speed_up(self, jobs: int, over: int = 1) -> Timing:
        """Throughput with ``jobs`` workers over that with ``over``, per round (rounds paired)."""
        pairs = zip(self.batches(jobs), self.batches(over), strict=True)
        return Timing(tuple(mine.per_minute / theirs.per_minute for mine, theirs in pairs))


def run(
    clients: int,
    jobs: Sequence[int],
    repeat: int,
    workdir: Path,
    *,
    notebooks: Sequence[str] | None = None,
    rounds: int = 1,
) -> BatchResult:
    """Floor runs (``repeat`` at a time) around ``rounds`` batches of ``clients`` with each jobs.

    ``notebooks``: names as ``run_batch`` takes them; default all.
    """
    if repeat < 1 or rounds < 1 or not jobs or min(jobs) < 1:
        raise ValueError("repeat, rounds and jobs must be positive")
    chosen = tuple(select_notebooks(notebooks))
    folders = make_clients(clients, workdir)
    floor_notebook = write_floor_notebook(workdir)
    floor: list[float] = []
    runs: list[BatchRun] = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        floor += time_floor(floor_notebook, repeat, pool)
        for _ in range(rounds):
            for n in jobs:
                runs.append(run_workbooks(folders, n, chosen, workdir))
                floor += time_floor(floor_notebook, repeat, pool)
    shutil.rmtree(workdir / "clients")
    for path in (floor_notebook, floor_notebook.with_name("floor-out.ipynb")):
        path.unlink(missing_ok=True)
    return BatchResult(clients, chosen, Timing(tuple(floor)), tuple(runs))


def cell_table(
    result: BatchResult, jobs: int = 1, top: int = 12
) -> list[tuple[str, str, float, float]]:
    """The costliest cells over the clients: (notebook, cell, median s, share of all time)."""
    cells: dict[tuple[str, int], list[float]] = {}
    for batch in result.batches(jobs):
        for key, seconds in batch.cell_seconds.items():
            cells.setdefault(key, []).extend(seconds)
    sources = {key: text for batch in result.batches(jobs) for key, text in batch.sources.items()}
    total = sum(statistics.median(s) for s in cells.values()) or 1.0
    ranked = sorted(cells.items(), key=lambda item: -statistics.median(item[1]))[:top]
    return [
        (
            notebook,
            OVERHEAD if index == -1 else f"[{index}] {sources.get((notebook, index), '')}",
            statistics.median(seconds),
            statistics.median(seconds) / total,
        )
        for (notebook, index), seconds in ranked
    ]


def notebook_breakdown(
    result: BatchResult, jobs: int = 1
) -> list[tuple[str, str, float, float, float]]:
    """Per notebook, medians over the clients: (notebook, its costliest cell, that cell's
    seconds, the other cells' seconds, the overhead's seconds)."""
    rows = []
    for notebook in result.notebooks:
        costliest: list[float] = []
        rest: list[float] = []
        overhead: list[float] = []
        labels: dict[int, int] = {}
        sources: dict[int, str] = {}
        for batch in result.batches(jobs):
            cells = {i: s for (name, i), s in batch.cell_seconds.items() if name == notebook}
            sources.update(
                {i: text for (name, i), text in batch.sources.items() if name == notebook}
            )
            for client in range(len(batch.client_seconds)):
                seconds = {i: s[client] for i, s in cells.items() if client < len(s)}
                overhead.append(seconds.pop(-1, 0.0))
                if not seconds:
                    continue
                top = max(seconds, key=seconds.__getitem__)
                labels[top] = labels.get(top, 0) + 1
                costliest.append(seconds[top])
                rest.append(sum(seconds.values()) - seconds[top])
        top = max(labels, key=labels.__getitem__) if labels else -1
        rows.append(
            (
                notebook,
                f"[{top}] {sources.get(top, '')}",
                statistics.median(costliest or [0.0]),
                statistics.median(rest or [0.0]),
                statistics.median(overhead or [0.0]),
            )
        )
    return rows
