"""Run the workbook's notebooks for many clients at once, and hand over each client's results.

Each (client, notebook) pair is one task for a pool of long-lived worker processes that call
papermill's Python API (a notebook's start-up is most of its cost; a CLI process per notebook
would pay the imports every time). When a client's notebooks are done, one more task writes its
reports, follow-up workbook and rejected rows (deliverables.py). The same tasks run on a Dask
distributed cluster with ``scheduler="tcp://host:8786"``.

A client's failure, whether a bad client.yml, a missing file or a notebook error, is recorded
with a one-line reason and never stops the other clients. A worker process that dies is
replaced and its task run again. Ctrl-C (SIGINT) or SIGTERM stops the batch: running notebooks
are abandoned, nothing half-written is left (every file is written atomically, files.py), and
the next run with the same arguments finishes what is missing.

What a batch writes under ``out_dir``::

    index.html                      every client with its key figures, trend arrow and links
    batch.json                      each client's status, timings and error
    <client folder>/summary.json    key figures, the summary's sentences, status per notebook, what
                                    each notebook recorded
    <client folder>/notebooks/NN_name.ipynb   the executed notebooks
    <client folder>/report.html, reports/NN_name.html, report.pdf, followup.xlsx, rejected.csv
    <client folder>/notes.md        the consultant's notes (what to fill in); never for the client
    <client folder>/report.pptx     the workshop deck, from summary.json (deck.py)
    <client folder>/scopes/<scope folder>/   a scope's report (--scope, --per): the same files
                                    but rejected.csv, or only report.html saying it is too small

With ``report_period`` ("2024-12", "2024Q4", "2024") every report is of that period (see
`workbook.open_workbook`). With ``scope`` (COLUMN=VALUE conditions that all hold) and/or
``per`` (a column: one report per value) each client gets its company report and a report per
scope, in ``scopes/<folder>``: the scope's conditions as "column=value" in lowercase ASCII
(`scope.Scope.folder`), joined by "+", e.g. ``scopes/afdeling=support``; index.html has a row
per scope. Only the notebooks that take a ``scope`` parameter run for a scope (the maturity
self-test and the employee survey are the company's). A scope with fewer headline answers than
client.yml's ``privacy.min_group``, and with ``per`` the further values hidden so that none can
be derived from the company report by subtraction (`scope.per_value`), runs no notebook: its
report.html says why, and its summary.json has no figures but ``n``.

A re-run skips a client whose inputs are unchanged: its files, the notebooks, the kit's code and
the options (see `fingerprint`); ``force=True`` runs everything again. Executed notebooks and
reports carry no local absolute paths: the client folder becomes its name, the kit's folders and
the temporary folder become short placeholders (papermill's metadata, the injected parameters
cell, tracebacks and warnings included). Only one batch writes to an output folder at a time.

Example::

    from nps_workbook.batch import find_clients, run_batch

    result = run_batch(find_clients(["clients/"]), "out/", jobs=4, notebooks=["02_nps"])
    for client in result.failed:
        print(client.folder, client.reason)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import kit, texts
from .client_data import CACHE_ENV
from .config import CLIENT_FILE, load_client
from .deliverables import NOTEBOOKS_FOLDER, report_date, write_client_outputs
from .enps import PRIMARY
from .errors import ConfigError, NpsWorkbookError
from .files import atomic_path, remove_partials, write_json_atomic, write_text_atomic
from .period import ReportPeriod, parse_period, require_answers_in
from .report import BINARY_MIME, clean_executed_notebook
from .scope import (
    SCOPES_FOLDER,
    Scope,
    ScopeSize,
    parse_scope,
    per_value,
    scope_size,
    unique_folders,
)
from .summary import statements

KERNEL = "python3"
CELL_TIMEOUT = 600  # seconds; a cell that hangs fails its notebook instead of the whole batch
BATCH_FILE = "batch.json"
SUMMARY_FILE = "summary.json"
INDEX_FILE = "index.html"
LOCK_FILE = ".batch.lock"
#: Start of the name of the folder a batch keeps clients' data in while it runs (in --out, so
#: workers on other machines see it as they see the outputs); removed when the batch ends.
DATA_CACHE_PREFIX = ".data-cache-"
# A task whose worker process died runs again in a fresh worker, up to this many times in all.
MAX_ATTEMPTS = 3
CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler before the batch gives up


class BatchLockedError(ConfigError):
    """Another batch is writing to the same output folder."""


class BatchInterrupted(NpsWorkbookError):
    """The batch was stopped by SIGINT (Ctrl-C) or SIGTERM; `result` says what was done."""

    def __init__(self, result: BatchResult, signal_name: str) -> None:
        done = sum(1 for c in result.clients if c.complete)
        super().__init__(
            f"interrupted by {signal_name}: {done} of {len(result.clients)} clients done; "
            "run the same command again to finish the rest"
        )
        self.result = result
        self.signal_name = signal_name


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would raise KeyboardInterrupt, to stop the same way."""


# --- results ----------------------------------------------------------------------------------


@dataclass
class NotebookResult:
    """One executed notebook of one client."""

    notebook: str
    status: str  # "ok" or "failed"
    seconds: float
    error: str | None = None
    cell: int | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    reused: bool = False  # kept from an earlier run with the same inputs


@dataclass
class ClientResult:
    """One client of a batch. `folder` is the client folder's name, its output folder's name."""

    folder: str
    client: str | None = None
    language: str | None = None
    currency: str | None = None
    error: str | None = None  # the client cannot run: client.yml is missing or wrong
    notebooks: list[NotebookResult] = field(default_factory=list)
    outputs_error: str | None = None  # the reports, workbook or rejected rows failed
    files: list[str] = field(default_factory=list)
    complete: bool = False  # every notebook ran and the outputs are written (or it failed)
    skipped: bool = False  # unchanged since the last run: nothing was run again
    fingerprint: str | None = None
    report_period: str | None = None  # "2024-12", "2024Q4", "2024": a report of that period
    scope: str | None = None  # "Afdeling=Support": a scope's report (folder is under scopes/)
    hidden: str | None = None  # a scope too small to show: "primary" or "complementary"
    scope_n: int | None = None  # the hidden scope's number of headline answers

    @property
    def status(self) -> str:
        """ "ok", "failed", or "interrupted" (stopped before it was done)."""
        failed = self.error is not None or any(n.status != "ok" for n in self.notebooks)
        if failed or self.outputs_error is not None:
            return "failed"
        return "ok" if self.complete else "interrupted"

    @property
    def seconds(self) -> float:
        """Notebook time spent on the client (the sum of its notebooks' run times)."""
        return round(sum(n.seconds for n in self.notebooks if not n.reused), 2)

    @property
    def reason(self) -> str | None:
        """One line: why the client failed, or None when it did not."""
        if self.error is not None:
            return self.error
        for run in self.notebooks:
            if run.status != "ok":
                return run.error
        return self.outputs_error

    @property
    def figures(self) -> dict[str, dict[str, Any]]:
        """What each notebook recorded, by notebook."""
        return {run.notebook: run.figures for run in self.notebooks}


@dataclass
class BatchResult:
    """What `run_batch` did: one ClientResult per client, in the order given."""

    out_dir: Path
    clients: list[ClientResult]
    seconds: float
    interrupted: str | None = None  # "SIGINT" or "SIGTERM" when the batch was stopped

    @property
    def failed(self) -> list[ClientResult]:
        return [c for c in self.clients if c.status == "failed"]

    @property
    def ok(self) -> bool:
        return all(c.status == "ok" for c in self.clients)


# --- finding clients and notebooks ---------------------------------------------------------------


def find_clients(paths: Iterable[str | Path]) -> list[Path]:
    """The client folders named by `paths`, in order, each once.

    A folder with a client.yml is a client; a folder without one is a folder of clients and
    stands for its sub-folders that have a client.yml, sorted by name.

    Raises
    ------
    ConfigError
        A path that is not a folder, or a folder that is neither a client nor holds any.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            raise ConfigError(f"{path}: no such folder; expected a client folder ({CLIENT_FILE})")
        if (path / CLIENT_FILE).is_file():
            candidates = [path]
        else:
            candidates = sorted(
                (child for child in path.iterdir() if (child / CLIENT_FILE).is_file()),
                key=lambda child: child.name,
            )
            if not candidates:
                raise ConfigError(
                    f"{path}: neither a client folder nor a folder of client folders "
                    f"(no {CLIENT_FILE} in it or in its sub-folders)"
                )
        for candidate in candidates:
            if candidate.resolve() not in {f.resolve() for f in found}:
                found.append(candidate)
    return found


def notebook_folder(notebook_dir: str | Path | None = None) -> Path:
    """The folder the notebooks run from: `notebook_dir` (changed copies, as `nps-workbook
    notebooks` writes them) or, by default, the kit's own.

    Raises
    ------
    ConfigError
        `notebook_dir` is not a folder, or holds no workbook notebook (NN_name.ipynb).
    """
    if notebook_dir is None:
        return kit.notebooks_dir()
    folder = Path(notebook_dir)
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such notebook folder")
    if not kit.notebook_names(folder):
        raise ConfigError(
            f"{folder}: holds no workbook notebook (NN_name.ipynb, such as 02_nps.ipynb); "
            "copy them with: nps-workbook notebooks --out DIR"
        )
    return folder.resolve()


def select_notebooks(
    names: Sequence[str] | None, notebook_dir: str | Path | None = None
) -> list[str]:
    """The notebooks to run: all, or those named by stem ("02_nps"), file or number ("02")."""
    available = kit.notebook_names(notebook_folder(notebook_dir))
    if not names:
        return available
    chosen = []
    for name in names:
        stem = Path(name).stem
        matches = [a for a in available if a == stem or a.split("_", 1)[0] == stem]
        if len(matches) != 1:
            raise ConfigError(
                f"notebook '{name}' not found; expected one of: {', '.join(available)}"
            )
        if matches[0] not in chosen:
            chosen.append(matches[0])
    return sorted(chosen)


# --- keeping local paths out of the outputs ------------------------------------------------------


def _path_replacements(
    client_folder: Path, given: str | Path | None = None, notebook_dir: Path | None = None
) -> list[tuple[str, str]]:
    """(local path, placeholder) pairs, longest path first so nested folders win."""
    notebooks = notebook_folder(notebook_dir)
    # In a clone the kit's folders are links to the top-level ones: a kernel's working
    # directory is the link's target.
    kit_folders = {kit.root(), kit.root().resolve(), kit.notebooks_dir().resolve().parent}
    pairs = {
        str(client_folder.resolve()): client_folder.name,
        str(client_folder.absolute()): client_folder.name,
        **{str(folder): "<nps-workbook>" for folder in kit_folders},
        str(notebooks): "notebooks",
        str(notebooks.resolve()): "notebooks",
        sys.prefix: "<venv>",
        sys.base_prefix: "<python>",
        str(Path(tempfile.gettempdir()).resolve()): "<tmp>",
        tempfile.gettempdir(): "<tmp>",
        str(Path.home()): "~",
    }
    if given is not None and str(given) not in (".", ""):
        pairs[str(given)] = client_folder.name
    pairs = {path: placeholder for path, placeholder in pairs.items() if len(path) > 1}
    return sorted(pairs.items(), key=lambda pair: len(pair[0]), reverse=True)


def _scrub(value: Any, replacements: list[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        for path, placeholder in replacements:
            value = value.replace(path, placeholder)
        return value
    if isinstance(value, dict):
        # base64 has slashes: "/tmp" can occur in an image by chance, and must stay there
        return type(value)(
            (k, v if BINARY_MIME.match(str(k)) else _scrub(v, replacements))
            for k, v in value.items()
        )
    if isinstance(value, list):
        return [_scrub(v, replacements) for v in value]
    return value


def clean_notebook(notebook, client_folder: Path, notebook_dir: Path | None = None):
    """The executed notebook without local paths (report.clean_executed_notebook, then the
    kit's and the client's folders by name).

    papermill stores the input and output paths and every parameter in the notebook's metadata,
    and writes the parameters into the injected cell; tracebacks and warnings name files.
    """
    import nbformat

    meta = notebook.metadata.get("papermill", {})
    meta.pop("input_path", None)
    meta.pop("output_path", None)
    if "client_dir" in meta.get("parameters", {}):
        meta["parameters"]["client_dir"] = client_folder.name
    notebook = clean_executed_notebook(notebook)
    replacements = _path_replacements(client_folder, notebook_dir=notebook_dir)
    return nbformat.from_dict(_scrub(notebook, replacements))


# --- what a run depends on ----------------------------------------------------------------------


def _hash_tree(digest, root: Path, patterns: Sequence[str]) -> None:
    for pattern in patterns:
        for path in sorted(root.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
                digest.update(path.read_bytes())


def fingerprint(
    client_folder: Path,
    notebooks: Sequence[str],
    options: dict[str, Any],
    notebook_dir: Path | None = None,
) -> str:
    """A hash of everything a client's outputs depend on.

    The client folder's files (names and contents, hidden files left out), the notebooks run
    (from `notebook_dir`, default the kit's), the kit's code, texts and templates, and the
    options (language, PDF, report period, scope). Equal fingerprints mean a re-run would
    write the same outputs.
    """
    digest = hashlib.sha256()
    digest.update(json.dumps([list(notebooks), options], sort_keys=True).encode("utf-8"))
    for path in sorted(client_folder.rglob("*")):
        relative = path.relative_to(client_folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            digest.update(relative.as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    folder = notebook_folder(notebook_dir)
    for notebook in notebooks:
        digest.update((folder / f"{notebook}.ipynb").read_bytes())
    _hash_tree(digest, kit.root(), ("*.py",))
    _hash_tree(digest, kit.texts_dir(), ("*.yml",))
    _hash_tree(digest, kit.templates_dir(), ("*",))
    return digest.hexdigest()


def _previous_run(out: Path, fingerprint_: str) -> dict[str, Any] | None:
    """The client's last summary.json when it was made from the same inputs, else None."""
    try:
        summary = json.loads((out / SUMMARY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(summary, dict) or summary.get("fingerprint") != fingerprint_:
        return None
    return summary


def _reusable_notebooks(out: Path, summary: dict[str, Any]) -> list[NotebookResult]:
    """Notebooks of an earlier run with the same inputs that ran without error."""
    kept = []
    for name, record in (summary.get("notebooks") or {}).items():
        executed = out / NOTEBOOKS_FOLDER / f"{name}.ipynb"
        if record.get("status") == "ok" and executed.is_file():
            kept.append(
                NotebookResult(
                    notebook=name,
                    status="ok",
                    seconds=float(record.get("seconds") or 0.0),
                    figures=(summary.get("figures") or {}).get(name) or {},
                    reused=True,
                )
            )
    return kept


# --- the tasks, in worker processes -------------------------------------------------------------


def _one_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""


def _quiet_worker() -> None:
    """A worker leaves Ctrl-C to the batch, which stops it, and keeps the terminal clean.

    Kernels inherit the worker's standard error, where each start prints a warning about TCP
    without encryption (kernel and worker talk on localhost only); a kernel's own output reaches
    the notebook, and a worker's errors come back as task results, so nothing is lost.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _execute(
    notebook: str,
    folder: Path,
    output: Path,
    language: str | None,
    notebook_dir: Path,
    parameters: dict[str, Any] | None = None,
):
    """papermill on one notebook; (error, cell) of a failure, or (None, None)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    for attempt in (1, 2):
        try:
            papermill.execute_notebook(
                # papermill formats paths with the parameters: braces in a path stay literal
                str(notebook_dir / f"{notebook}.ipynb").replace("{", "{{").replace("}", "}}"),
                str(output).replace("{", "{{").replace("}", "}}"),
                parameters={"client_dir": str(folder), "language": language, **(parameters or {})},
                kernel_name=KERNEL,
                cwd=str(notebook_dir),
                progress_bar=False,
                execution_timeout=CELL_TIMEOUT,
                # Written once at the end (or at a failing cell), not after every cell: each
                # write serialises and validates the whole notebook with its figures, about
                # half a second per client's workbook (issue #8, item 3).
                request_save_on_cell_execute=False,
            )
        except PapermillExecutionError as exc:
            error = f"{notebook}: cell {exc.cell_index}: {exc.ename}: {_one_line(exc.evalue)}"
            return error, exc.cell_index
        except Exception as exc:  # a kernel that dies or will not start fails this task only
            if attempt == 1 and "Address already in use" in str(exc):
                continue  # a rare ZMQ port race at kernel start; one retry settles it
            return f"{notebook}: {type(exc).__name__}: {_one_line(exc)}", None
        return None, None
    return None, None  # not reached: the loop returns


def run_notebook(
    notebook: str,
    client_folder: str,
    output: str,
    language: str | None,
    data_cache: str | None = None,
    notebook_dir: str | None = None,
    parameters: dict[str, Any] | None = None,
) -> NotebookResult:
    """Execute one notebook for one client into `output`; never raises for a notebook's error.

    Runs in a worker process: papermill changes the process's working directory to the notebook
    folder (`notebook_dir`, default the kit's). A notebook that fails is kept (papermill writes
    it) to read the error in place. `parameters` are more of the notebook's parameters
    (``report_period``, ``scope``).
    """
    import nbformat

    from .workbook import recorded_figures

    folder = Path(client_folder)
    notebooks = notebook_folder(notebook_dir)
    start = time.perf_counter()
    figures: dict[str, Any] = {}
    try:
        with atomic_path(output) as temporary:
            with _data_cache(data_cache):
                error, cell = _execute(notebook, folder, temporary, language, notebooks, parameters)
            if not temporary.stat().st_size:
                raise _NothingWritten
            executed = clean_notebook(nbformat.read(temporary, as_version=4), folder, notebooks)
            nbformat.write(executed, temporary)
            figures = recorded_figures(executed)
    except _NothingWritten:
        pass  # papermill failed before writing the notebook: there is nothing to keep
    if error is not None:
        error = _scrub(error, _path_replacements(folder, notebook_dir=notebooks))
    return NotebookResult(
        notebook=notebook,
        status="ok" if error is None else "failed",
        seconds=round(time.perf_counter() - start, 2),
        error=error,
        cell=cell,
        figures=figures,
    )


@contextlib.contextmanager
def _data_cache(folder: str | None) -> Iterator[None]:
    """Let the kernels started inside the block (and this process) keep clients' data in the
    batch's `folder` (see client_data.py): each notebook would otherwise read the client's files
    again. The variable is put back afterwards, should the worker be this very process."""
    before = os.environ.get(CACHE_ENV)
    if folder is not None:
        os.environ[CACHE_ENV] = folder
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = before


class _NothingWritten(Exception):
    """papermill failed before writing the notebook (a kernel that never started)."""


def finish_client(
    client_folder: str,
    out: str,
    notebooks: Sequence[str],
    language: str | None,
    pdf: bool,
    generated: str,
    data_cache: str | None = None,
    parameters: dict[str, Any] | None = None,
) -> tuple[list[str], str | None]:
    """Write the client's reports, follow-up workbook and rejected rows; (files, error).

    `parameters` are the report's ``report_period`` and ``scope``, as the notebooks had them."""
    try:
        # The deck is made from summary.json, written when the client's last notebook ended.
        recorded = Path(out) / SUMMARY_FILE
        summary = json.loads(recorded.read_text(encoding="utf-8")) if recorded.exists() else None
        with _data_cache(data_cache):
            files = write_client_outputs(
                client_folder,
                out,
                notebooks,
                language=language,
                pdf=pdf,
                generated=dt.date.fromisoformat(generated),
                summary=summary,
                **(parameters or {}),
            )
    except NpsWorkbookError as exc:
        # A file is named from the client's output folder on: "kvistholm/report.html".
        named = [(str(Path(out)), Path(out).name), *_path_replacements(Path(client_folder))]
        return [], _scrub(_one_line(exc), named)
    return files, None


# --- where the tasks run ------------------------------------------------------------------------


class _LocalPool:
    """Worker processes on this machine, replaced when one dies."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self._context, initializer=_quiet_worker
        )

    def submit(self, function, *args):
        return self._executor.submit(function, *args)

    def wait(self, futures):
        done, _ = wait(futures, return_when=FIRST_COMPLETED)
        return done

    @staticmethod
    def worker_died(exc: BaseException) -> bool:
        return isinstance(exc, BrokenExecutor)

    def restart(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new()

    def close(self, *, abandon: bool = False) -> None:
        if abandon:
            # Running notebooks are abandoned: their kernels exit when their worker does.
            processes = list((self._executor._processes or {}).values())
            self._executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(timeout=10)
        else:
            self._executor.shutdown(wait=True)


class _DaskPool:
    """The workers of a Dask distributed cluster (``dask worker ADDRESS --nthreads 1``).

    The workers need the kit installed, and must see the client folders and the output folder
    at the same paths (a shared file system).
    """

    def __init__(self, address: str) -> None:
        from distributed import Client

        try:
            self._client = Client(address, timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            raise ConfigError(f"scheduler {address}: cannot connect ({_one_line(exc)})") from None
        self.workers = max(1, sum(self._client.nthreads().values()))

    def submit(self, function, *args):
        return self._client.submit(function, *args, pure=False)

    def wait(self, futures):
        from distributed import wait as dask_wait

        return dask_wait(list(futures), return_when="FIRST_COMPLETED").done

    @staticmethod
    def worker_died(exc: BaseException) -> bool:
        from distributed import KilledWorker

        return isinstance(exc, KilledWorker)

    def restart(self) -> None:
        """Nothing to do: the cluster replaces lost workers and reschedules their tasks."""

    def close(self, *, abandon: bool = False) -> None:
        self._client.close()


# --- the batch ----------------------------------------------------------------------------------


@dataclass
class _Task:
    client: ClientResult
    folder: Path  # the client folder
    notebook: str | None  # None: the client's outputs, once its notebooks are done
    attempts: int = 0


@dataclass
class _ClientPlan:
    result: ClientResult
    folder: Path
    out: Path
    pending: set[str]
    chosen: list[str] = field(default_factory=list)  # the notebooks of this report
    parameters: dict[str, Any] = field(default_factory=dict)  # report_period and scope


def _batch_language(results: Sequence[ClientResult], language: str | None) -> str:
    if language is not None:
        return language
    counts = Counter(r.language for r in results if r.language in texts.LANGUAGES)
    if not counts:
        return texts.LANGUAGES[0]
    return max(texts.LANGUAGES, key=lambda lang: (counts[lang], lang == texts.LANGUAGES[0]))


def _check_arguments(
    folders: Sequence[Path],
    language: str | None,
    notebooks: Sequence[str] | None,
    notebook_dir: Path,
) -> list[str]:
    chosen = select_notebooks(notebooks, notebook_dir)
    if language is not None and language not in texts.LANGUAGES:
        raise ConfigError(
            f"language '{language}' is not supported; expected one of: {', '.join(texts.LANGUAGES)}"
        )
    names: dict[str, Path] = {}
    for folder in folders:
        name = folder.resolve().name
        if name in names and names[name].resolve() != folder.resolve():
            raise ConfigError(
                f"{names[name]} and {folder}: two clients with the folder name '{name}'; "
                "their outputs would mix under one folder"
            )
        names[name] = folder
    return chosen


def _lock(out_dir: Path):
    from filelock import FileLock, Timeout

    lock = FileLock(out_dir / LOCK_FILE)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BatchLockedError(
            f"{out_dir}: another batch is writing to this folder; wait for it to finish "
            "or choose another --out"
        ) from None
    return lock


def _sigterm_as_interrupt():
    """While the batch runs, SIGTERM stops it as Ctrl-C does (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise _Terminated()

    return signal.signal(signal.SIGTERM, stop)


def run_batch(
    clients: Iterable[str | Path],
    out_dir: str | Path,
    *,
    jobs: int | None = None,
    notebooks: Sequence[str] | None = None,
    language: str | None = None,
    pdf: bool = False,
    force: bool = False,
    scheduler: str | None = None,
    progress: bool = True,
    notebook_dir: str | Path | None = None,
    report_period: str | ReportPeriod | None = None,
    scope: Sequence[str] | None = None,
    per: str | None = None,
) -> BatchResult:
    """Execute the workbook's notebooks for each client and write each client's results.

    Parameters
    ----------
    clients : paths
        Client folders (see `find_clients` to expand a folder of clients).
    out_dir : path
        Gets index.html, batch.json and one folder per client (named as the client folder).
    jobs : int, optional
        Worker processes; default: the number of cores. Ignored with `scheduler`.
    notebooks : list of str, optional
        Names such as "02_nps" (or "02"); default: every notebook in notebooks/.
    language : {"da", "en"}, optional
        Overrides each client.yml's language.
    pdf : bool
        Also print each client report to report.pdf (needs Chromium, see pdf.py).
    force : bool
        Run every client again, even those whose inputs are unchanged since the last run.
    scheduler : str, optional
        The address of a Dask distributed scheduler ("tcp://10.0.0.5:8786") to run the tasks
        on instead of local worker processes.
    progress : bool
        One progress bar on stderr for the whole batch (only when stderr is a terminal).
    notebook_dir : path, optional
        A folder of changed copies of the notebooks (``nps-workbook notebooks --out DIR``) to
        run instead of the kit's own.
    report_period : "2024-12", "2024Q4" or "2024", optional
        Every report is of that period (`period.parse_period`): its NPS against the period
        before and the same period a year before, trends up to its end, follow-up as of its
        last day. A client none of whose answers is in the period fails with the range its
        answers cover.
    scope : list of "COLUMN=VALUE", optional
        Also a report of the answers where all of them hold, in ``<client>/scopes/<folder>``.
    per : str, optional
        Also a report per value of this column (within `scope`), each in its own folder.
        Scopes follow client.yml's min group (see the module's docstring); a scope naming a
        column or value a client's answers lack fails that client, listing what it has.

    Returns
    -------
    BatchResult
        A client fails, with a one-line reason, when its client.yml is bad, any of its
        notebooks fails or its outputs cannot be written; the other clients run regardless.

    Raises
    ------
    ConfigError
        For the batch as a whole: an unknown notebook or language, a `notebook_dir` without
        notebooks, two clients whose folders have the same name (their outputs would mix), a
        scheduler that cannot be reached, a `report_period` or `scope` not written as one
        (`period.PeriodError`, `scope.ScopeError`).
    BatchLockedError
        Another batch is writing to `out_dir`.
    BatchInterrupted
        SIGINT (Ctrl-C) or SIGTERM stopped the batch; its `result` says what was done, and
        batch.json and index.html are written for it.
    """
    from tqdm import tqdm

    started = time.perf_counter()
    out_dir = Path(out_dir)
    folders = [Path(c) for c in clients]
    notebook_dir = notebook_folder(notebook_dir)
    chosen = _check_arguments(folders, language, notebooks, notebook_dir)
    request = _Request(
        None if report_period is None else parse_period(report_period),
        parse_scope(scope or None),
        per,
    )
    declared = _declared_parameters(notebook_dir, chosen) if request.scopes_wanted else None
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = _lock(out_dir)
    data_cache = None
    try:
        for left in out_dir.glob(f"{DATA_CACHE_PREFIX}*"):  # by a batch that was killed
            shutil.rmtree(left, ignore_errors=True)
        data_cache = tempfile.mkdtemp(prefix=DATA_CACHE_PREFIX, dir=out_dir)
        today = dt.date.today()
        plans = _plan(
            folders,
            out_dir,
            chosen,
            language,
            pdf,
            force,
            notebook_dir,
            request,
            declared,
            data_cache,
            today,
        )
        results = [plan.result for plan in plans]
        tasks = deque(
            _Task(plan.result, plan.folder, name)
            for plan in plans
            for name in plan.chosen
            if name in plan.pending
        )
        for plan in plans:  # everything reused but the outputs: write them first
            if not plan.result.complete and plan.result.error is None and not plan.pending:
                tasks.appendleft(_Task(plan.result, plan.folder, None))
        bar = tqdm(
            total=len(tasks) + sum(1 for p in plans if p.pending),
            unit="task",
            disable=not progress or not sys.stderr.isatty(),
            file=sys.stderr,
        )
        interrupted = None
        previous_handler = _sigterm_as_interrupt()
        try:
            if tasks:
                pool = (
                    _DaskPool(scheduler)
                    if scheduler
                    else _LocalPool(min(jobs or os.cpu_count() or 1, len(tasks)))
                )
                try:
                    _run_tasks(
                        pool,
                        tasks,
                        plans,
                        (language, pdf, today, notebook_dir),
                        bar,
                        data_cache,
                    )
                except KeyboardInterrupt as exc:
                    interrupted = "SIGTERM" if isinstance(exc, _Terminated) else "SIGINT"
                    pool.close(abandon=True)
                else:
                    pool.close()
        finally:
            if previous_handler is not None:
                signal.signal(signal.SIGTERM, previous_handler)
            bar.close()
        for plan in plans:  # what a killed or abandoned worker was writing
            remove_partials(plan.out)
        batch = BatchResult(
            out_dir=out_dir,
            clients=results,
            seconds=round(time.perf_counter() - started, 2),
            interrupted=interrupted,
        )
        write_json_atomic(out_dir / BATCH_FILE, batch_record(batch))
        _write_index(out_dir, batch, language, today)
    finally:
        if data_cache is not None:
            shutil.rmtree(data_cache, ignore_errors=True)
        lock.release()
    if interrupted:
        raise BatchInterrupted(batch, interrupted)
    return batch


@dataclass(frozen=True)
class _Request:
    """What every report of the batch is of: a period, a scope, a column to report per value."""

    period: ReportPeriod | None = None
    scope: Scope | None = None
    per: str | None = None

    @property
    def scopes_wanted(self) -> bool:
        return self.scope is not None or self.per is not None

    def parameters(self, scope: Scope | None) -> dict[str, Any]:
        """The notebooks' parameters for a report of `scope` (None: the company report)."""
        parameters: dict[str, Any] = {}
        if self.period is not None:
            parameters["report_period"] = self.period.label
        if scope is not None:
            parameters["scope"] = scope.texts()
        return parameters

    def scopes(self, client_folder: Path, data_cache: str | None) -> list[ScopeSize]:
        """The client's scopes with their sizes, checked against its data (none without
        ``scope`` and ``per``); the period is checked to hold answers.

        Raises
        ------
        NpsWorkbookError
            The client's data cannot be read, the period holds none of its answers, or a
            scope names a column or value its answers lack.
        """
        if self.period is None and self.scope is None and self.per is None:
            return []
        from .client_data import load_client_data

        with _data_cache(data_cache):  # read once here, and by the kernels from the cache
            data = load_client_data(client_folder)
        answers, config = data.answers, data.client.config
        if self.period is not None:
            import pandas as pd

            dates = answers["date"] if "date" in answers.columns else pd.Series([], dtype="M8[ns]")
            require_answers_in(self.period, dates)
        if self.per is not None:
            return per_value(answers, config, self.per, within=self.scope, period=self.period)
        if self.scope is not None:
            return [scope_size(answers, config, self.scope, self.period)]
        return []


def _declared_parameters(notebook_dir: Path, names: Sequence[str]) -> dict[str, set[str]]:
    """The parameters each notebook's parameters cell declares (papermill reads them)."""
    import papermill

    return {
        name: set(papermill.inspect_notebook(str(notebook_dir / f"{name}.ipynb"))) for name in names
    }


def _plan(
    folders: Sequence[Path],
    out_dir: Path,
    chosen: Sequence[str],
    language: str | None,
    pdf: bool,
    force: bool,
    notebook_dir: Path,
    request: _Request = _Request(),
    declared: dict[str, set[str]] | None = None,
    data_cache: str | None = None,
    today: dt.date | None = None,
) -> list[_ClientPlan]:
    """Per client (and per scope of a client): its result so far and the notebooks still to
    run; a scope too small to show gets its report.html and summary.json here."""
    plans = []
    period = None if request.period is None else request.period.label
    for folder in dict.fromkeys(f.resolve() for f in folders):
        given = next(f for f in folders if f.resolve() == folder)
        result = ClientResult(folder=folder.name, report_period=period)
        out = out_dir / folder.name
        plan = _ClientPlan(result, folder, out, set(), list(chosen), request.parameters(None))
        plans.append(plan)
        remove_partials(out)
        try:
            client = load_client(given)
            sizes = request.scopes(given, data_cache)
        except NpsWorkbookError as exc:
            result.error = _scrub(_one_line(exc), _path_replacements(folder, given))
            result.complete = True
            continue
        _plan_reuse(plan, client, language, pdf, force, notebook_dir)
        scoped = [n for n in chosen if "scope" in (declared or {}).get(n, ())]
        folder_names = unique_folders([size.scope for size in sizes])
        for size in sizes:
            name = f"{folder.name}/{SCOPES_FOLDER}/{folder_names[size.scope]}"
            scope_result = ClientResult(folder=name, report_period=period, scope=size.scope.label)
            scope_plan = _ClientPlan(
                scope_result, folder, out_dir / name, set(), scoped, request.parameters(size.scope)
            )
            plans.append(scope_plan)
            remove_partials(scope_plan.out)
            if size.hidden:
                _write_hidden_scope(scope_plan, client, size, language, today or dt.date.today())
            else:
                _plan_reuse(scope_plan, client, language, pdf, force, notebook_dir)
    return plans


def _plan_reuse(plan, client, language, pdf, force, notebook_dir) -> None:
    """The plan's fingerprint, and what an earlier run with the same inputs left to reuse."""
    result, out = plan.result, plan.out
    result.client = client.name
    result.language = language or client.config.language
    result.currency = client.config.currency
    options = {"language": language, "pdf": pdf, "kernel": KERNEL, **plan.parameters}
    result.fingerprint = fingerprint(plan.folder, plan.chosen, options, notebook_dir)
    previous = None if force else _previous_run(out, result.fingerprint)
    kept = _reusable_notebooks(out, previous) if previous else []
    result.notebooks = [run for run in kept if run.notebook in plan.chosen]
    plan.pending = set(plan.chosen) - {run.notebook for run in result.notebooks}
    if previous and not plan.pending and previous.get("complete"):
        files = previous.get("files") or []
        if previous.get("status") == "ok" and all((out / f).is_file() for f in files):
            result.files, result.complete, result.skipped = files, True, True


def _write_hidden_scope(plan, client, size: ScopeSize, language, day: dt.date) -> None:
    """A scope too small to show: report.html with one sentence saying so, no figures."""
    from .deliverables import REPORT_FILE
    from .report import client_report_html

    result = plan.result
    result.client, result.currency = client.name, client.config.currency
    result.language = language or client.config.language
    result.hidden, result.scope_n = size.suppression, size.n
    key = "scope.too_small" if size.suppression == PRIMARY else "scope.complementary"
    reader = result.language
    sentence = texts.label(
        key,
        reader,
        scope=size.scope.label,
        n=texts.format_number(size.n, reader),
        min_group=texts.format_number(client.config.privacy.min_group, reader),
    )
    page = client_report_html(
        [],
        client=client.name,
        language=reader,
        generated=report_date(day, reader),
        notes=[texts.label("scope.note", reader, scope=size.scope.label), sentence],
    )
    write_text_atomic(plan.out / REPORT_FILE, page)
    result.files, result.complete = [REPORT_FILE], True
    _write_summary(plan.out, result, plan.chosen)


def _run_tasks(pool, tasks, plans, options, bar, data_cache) -> None:
    """Run the tasks on `pool`, a client's outputs as soon as its notebooks are done.

    `options` is (language, pdf, today, notebook_dir), the same for every task."""
    language, pdf, today, notebook_dir = options
    by_client = {id(plan.result): plan for plan in plans}
    running: dict[Any, _Task] = {}

    def show_counts() -> None:
        done = [p.result for p in plans if p.result.complete]
        bar.set_postfix(
            clients=f"{len(done)}/{len(plans)}",
            failed=sum(1 for r in done if r.status == "failed"),
        )

    def submit(task: _Task) -> None:
        plan = by_client[id(task.client)]
        task.attempts += 1
        if task.notebook is None:
            ran = [
                n
                for n in plan.chosen
                if any(r.notebook == n and r.status == "ok" for r in task.client.notebooks)
            ]
            future = pool.submit(
                finish_client,
                str(plan.folder),
                str(plan.out.resolve()),
                ran,
                language,
                pdf,
                today.isoformat(),
                data_cache,
                plan.parameters,
            )
        else:
            output = plan.out.resolve() / NOTEBOOKS_FOLDER / f"{task.notebook}.ipynb"
            future = pool.submit(
                run_notebook,
                task.notebook,
                str(plan.folder),
                str(output),
                language,
                data_cache,
                str(notebook_dir),
                plan.parameters,
            )
        running[future] = task

    show_counts()
    while tasks or running:
        while tasks and len(running) < pool.workers:
            submit(tasks.popleft())
        restart = False
        for future in pool.wait(set(running)):
            task = running.pop(future)
            plan = by_client[id(task.client)]
            try:
                outcome = future.result()
            except Exception as exc:
                if pool.worker_died(exc) and task.attempts < MAX_ATTEMPTS:
                    tasks.appendleft(task)  # run again in a fresh worker
                    restart = restart or isinstance(pool, _LocalPool)
                    continue
                what = task.notebook or "reports"
                if pool.worker_died(exc):
                    message = f"{what}: the worker process running it died {task.attempts} times"
                else:  # a bug, not a user's mistake: name it in one line all the same
                    detail = _scrub(_one_line(exc), _path_replacements(plan.folder))
                    message = f"{what}: {type(exc).__name__}: {detail}"
                if task.notebook is None:
                    outcome = ([], message)
                else:
                    outcome = NotebookResult(task.notebook, "failed", 0.0, message)
            if task.notebook is None:
                files, error = outcome
                task.client.files, task.client.outputs_error = files, error
                task.client.complete = True
            else:
                task.client.notebooks.append(outcome)
                plan.pending.discard(task.notebook)
                if not plan.pending:
                    tasks.appendleft(_Task(task.client, plan.folder, None))
            _write_summary(plan.out, task.client, plan.chosen)
            bar.update(1)
            show_counts()
        if restart:
            for future, task in list(running.items()):  # broken with the pool: run again
                running.pop(future)
                tasks.appendleft(task)
            pool.restart()


# --- records -----------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def key_figures(result: ClientResult) -> dict[str, Any]:
    """The figures a reader looks for first, from what the notebooks recorded.

    ``nps`` with ``nps_ci_low``/``nps_ci_high`` at ``confidence``, the answers' ``scale``
    ("0-10" or a declared "1-10"), ``n`` and the category counts
    (02_nps); ``trend``: the latest period's ``change`` from the ``previous`` one and whether it
    is ``significant``; ``loops`` (cases per loop), ``open_cases``, ``overdue`` (03_loops);
    ``revenue_at_risk`` and ``business_case_per_year`` in ``currency`` (04); ``enps`` with its
    interval and ``enps_n`` (05); ``maturity_level`` (00). A notebook not run leaves its keys out.

    A report of one period (``report_period``, "2024Q4") has ``nps`` and the counts of that
    period, ``period`` (``pages.nps.key_figures``' ``nps_report_period``: ``period``, ``kind``,
    ``start``, ``end``), and ``nps_previous`` and ``nps_year_ago``: the period before and the
    same period a year before (None for a year) with their ``period``, ``n``, ``nps``,
    ``ci_low``, ``ci_high`` and the report period's ``change`` from them, ``change_ci_low``,
    ``change_ci_high``, ``p_value`` and ``significant``. A scope's report has ``scope``
    ("Afdeling=Support"); a scope too small to show has only ``scope``, ``n`` and ``hidden``
    ("primary": fewer answers than the min group; "complementary": hidden so that another
    cannot be derived by subtraction).
    """
    figures = result.figures
    found: dict[str, Any] = {}
    if result.scope is not None:
        found["scope"] = result.scope
    if result.hidden is not None:
        found.update(n=result.scope_n, hidden=result.hidden)
        return found
    nps = figures.get("02_nps") or {}
    if nps:
        found.update(
            nps=nps.get("nps_overall"),
            nps_ci_low=nps.get("nps_overall_ci_low"),
            nps_ci_high=nps.get("nps_overall_ci_high"),
            confidence=nps.get("nps_confidence"),
            scale=nps.get("nps_scale"),
            n=nps.get("nps_n"),
            promoters=nps.get("nps_promoters"),
            passives=nps.get("nps_passives"),
            detractors=nps.get("nps_detractors"),
        )
        if nps.get("nps_report_period") is not None:
            found.update(
                period=nps.get("nps_report_period"),
                nps_previous=nps.get("nps_previous"),
                nps_year_ago=nps.get("nps_year_ago"),
            )
        trend = nps.get("nps_trend") or []
        if len(trend) >= 2:
            found["trend"] = {
                "period": trend[-1]["period"],
                "previous": trend[-2]["period"],
                "change": trend[-1]["change"],
                "significant": trend[-1]["significant"],
            }
    loops = figures.get("03_loops") or {}
    if loops:
        found.update(
            loops=loops.get("loops_counts"),
            open_cases=loops.get("loops_open_cases"),
            overdue=loops.get("loops_overdue"),
        )
    money = figures.get("04_financial_impact") or {}
    if money:
        found.update(
            revenue_at_risk=_number(money.get("money_revenue_at_risk")),
            business_case_per_year=_number(money.get("money_business_case_per_year")),
            currency=result.currency,
        )
    enps = figures.get("05_enps") or {}
    if enps.get("enps_available"):
        found.update(
            enps=enps.get("enps_overall"),
            enps_ci_low=enps.get("enps_overall_ci_low"),
            enps_ci_high=enps.get("enps_overall_ci_high"),
            enps_n=enps.get("enps_overall_n"),
        )
    maturity = figures.get("00_maturity_selftest") or {}
    if maturity:
        found["maturity_level"] = maturity.get("maturity_level")
    return found


def _notebook_record(run: NotebookResult) -> dict[str, Any]:
    record = asdict(run)
    del record["figures"], record["notebook"], record["reused"]
    return record


def _summary(result: ClientResult) -> list[dict[str, str]]:
    """The client report's summary sentences (summary.py) with the notebook each links to;
    none for a client whose client.yml could not be read."""
    if result.language is None or result.currency is None:
        return []
    return [asdict(s) for s in statements(result.figures, result.language, result.currency)]


def summary_record(result: ClientResult, order: Sequence[str]) -> dict[str, Any]:
    """summary.json: the client, its status, key figures and per notebook status and figures."""
    runs = sorted(result.notebooks, key=lambda run: order.index(run.notebook))
    return {
        "client": result.client,
        "folder": result.folder,
        "report_period": result.report_period,
        "scope": result.scope,
        "language": result.language,
        "status": result.status,
        "error": result.reason,
        "complete": result.complete,
        "fingerprint": result.fingerprint,
        "key_figures": key_figures(result),
        "summary": _summary(result),
        "files": result.files,
        "notebooks": {run.notebook: _notebook_record(run) for run in runs},
        "figures": {run.notebook: run.figures for run in runs},
    }


def batch_record(batch: BatchResult) -> dict[str, Any]:
    """batch.json: per client its status, seconds and error; per notebook the same."""
    return {
        "seconds": batch.seconds,
        "clients": len(batch.clients),
        "failed": len(batch.failed),
        "interrupted": batch.interrupted,
        "results": [
            {
                "folder": c.folder,
                "client": c.client,
                "status": c.status,
                "skipped": c.skipped,
                "seconds": c.seconds,
                "error": c.reason,
                "notebooks": {
                    n.notebook: _notebook_record(n)
                    for n in sorted(c.notebooks, key=lambda run: run.notebook)
                },
            }
            for c in batch.clients
        ],
    }


def _write_summary(out: Path, result: ClientResult, order: Sequence[str]) -> None:
    write_json_atomic(out / SUMMARY_FILE, summary_record(result, order))


def _index_name(result: ClientResult, language: str) -> str | None:
    """A row's name in index.html: the client's, then its scope and period when it has them,
    "Kvistholm Data A/S – Afdeling=Support – dec. 2024"."""
    if result.scope is None and result.report_period is None:
        return result.client
    parts = [result.client or result.folder, result.scope]
    if result.report_period is not None:
        parts.append(texts.format_period(result.report_period, language))
    return " – ".join(part for part in parts if part)


def _write_index(out_dir: Path, batch: BatchResult, language: str | None, day: dt.date) -> None:
    from .report import index_html

    reader = _batch_language(batch.clients, language)
    rows = [
        {
            "folder": c.folder,
            "client": _index_name(c, reader),
            "status": "ok" if c.status == "ok" else "failed",
            "error": c.reason or (None if c.complete else c.status),
            "files": c.files,
            "key_figures": key_figures(c),
        }
        for c in batch.clients
    ]
    write_text_atomic(
        out_dir / INDEX_FILE, index_html(rows, language=reader, generated=report_date(day, reader))
    )
