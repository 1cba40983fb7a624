"""Run the workbook's notebooks for many clients at once, in parallel worker processes.

Each (client, notebook) pair is one task for a pool of long-lived worker processes that call
papermill's Python API (a notebook's start-up is most of its cost; a CLI process per notebook
would pay the imports every time). A client's failure, whether a bad client.yml, a missing file
or a notebook error, is recorded with a one-line reason and never stops the other clients.

What a batch writes under ``out_dir``::

    batch.json                      each client's status, timings and error
    <client folder>/summary.json    the key figures each notebook recorded, status per notebook
    <client folder>/notebooks/NN_name.ipynb   the executed notebooks

Executed notebooks carry no local absolute paths: the client folder becomes its name, the
kit's folders and the temporary folder become short placeholders (papermill's metadata, the
injected parameters cell, tracebacks and warnings included).

Example::

    from nps_workbook.batch import find_clients, run_batch

    result = run_batch(find_clients(["clients/"]), "out/", jobs=4, notebooks=["02_nps"])
    for client in result.failed:
        print(client.folder, client.error)
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import texts
from .config import CLIENT_FILE, load_client
from .errors import ConfigError, NpsWorkbookError

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
KERNEL = "python3"
CELL_TIMEOUT = 600  # seconds; a cell that hangs fails its notebook instead of the whole batch
BATCH_FILE = "batch.json"
SUMMARY_FILE = "summary.json"
# Output data stored as base64, where a slash is no path.
_BINARY_MIME = re.compile(r"^(image/(?!svg)|application/pdf|application/octet-stream)")
FILE_MODE = 0o644  # mkstemp makes files private; outputs are meant to be shared like any other


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


@dataclass
class ClientResult:
    """One client of a batch. `folder` is the client folder's name, its output folder's name."""

    folder: str
    client: str | None = None
    language: str | None = None
    error: str | None = None
    notebooks: list[NotebookResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        failed = self.error is not None or any(n.status != "ok" for n in self.notebooks)
        return "failed" if failed else "ok"

    @property
    def seconds(self) -> float:
        """Notebook time spent on the client (the sum of its notebooks' run times)."""
        return round(sum(n.seconds for n in self.notebooks), 2)

    @property
    def reason(self) -> str | None:
        """One line: why the client failed, or None when it did not."""
        if self.error is not None:
            return self.error
        for run in self.notebooks:
            if run.status != "ok":
                return run.error
        return None


@dataclass
class BatchResult:
    """What `run_batch` did: one ClientResult per client, in the order given."""

    out_dir: Path
    clients: list[ClientResult]
    seconds: float

    @property
    def failed(self) -> list[ClientResult]:
        return [c for c in self.clients if c.status != "ok"]

    @property
    def ok(self) -> bool:
        return not self.failed


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


def available_notebooks(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[str]:
    """Names (without .ipynb) of the workbook's notebooks, in reading order."""
    return sorted(p.stem for p in notebooks_dir.glob("[0-9][0-9]_*.ipynb"))


def select_notebooks(names: Sequence[str] | None, notebooks_dir: Path = NOTEBOOKS_DIR) -> list[str]:
    """The notebooks to run: all, or those named by stem ("02_nps"), file or number ("02")."""
    available = available_notebooks(notebooks_dir)
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
    client_folder: Path, given: str | Path | None = None
) -> list[tuple[str, str]]:
    """(local path, placeholder) pairs, longest path first so nested folders win."""
    pairs = {
        str(client_folder.resolve()): client_folder.name,
        str(client_folder.absolute()): client_folder.name,
        str(NOTEBOOKS_DIR): "notebooks",
        str(NOTEBOOKS_DIR.parent): "<nps-workbook>",
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
            (k, v if _BINARY_MIME.match(str(k)) else _scrub(v, replacements))
            for k, v in value.items()
        )
    if isinstance(value, list):
        return [_scrub(v, replacements) for v in value]
    return value


def clean_notebook(notebook, client_folder: Path):
    """The executed notebook without local paths; the seam where report.py's cleaning plugs in.

    papermill stores the input and output paths and every parameter in the notebook's metadata,
    and writes the parameters into the injected cell; tracebacks and warnings name files.
    """
    import nbformat

    try:
        from .report import clean_executed_notebook  # written alongside; optional here
    except ImportError:
        clean_executed_notebook = None
    meta = notebook.metadata.get("papermill", {})
    meta.pop("input_path", None)
    meta.pop("output_path", None)
    if "client_dir" in meta.get("parameters", {}):
        meta["parameters"]["client_dir"] = client_folder.name
    if clean_executed_notebook is not None:
        notebook = clean_executed_notebook(notebook)
    return nbformat.from_dict(_scrub(notebook, _path_replacements(client_folder)))


# --- one task, in a worker process -------------------------------------------------------------


def _one_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""


def run_notebook(
    notebook: str, client_folder: str, output: str, language: str | None
) -> NotebookResult:
    """Execute one notebook for one client into `output`; never raises for a notebook's error.

    Runs in a worker process: papermill changes the process's working directory to notebooks/.
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from .workbook import recorded_figures

    folder = Path(client_folder)
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.stem}.", suffix=".ipynb"
    )
    os.close(handle)
    os.chmod(temporary, FILE_MODE)
    start = time.perf_counter()
    error = cell = None
    for attempt in (1, 2):
        try:
            papermill.execute_notebook(
                # papermill formats paths with the parameters: braces in a path stay literal
                str(NOTEBOOKS_DIR / f"{notebook}.ipynb"),
                temporary.replace("{", "{{").replace("}", "}}"),
                parameters={"client_dir": str(folder), "language": language},
                kernel_name=KERNEL,
                cwd=str(NOTEBOOKS_DIR),
                progress_bar=False,
                execution_timeout=CELL_TIMEOUT,
            )
            error = cell = None
        except PapermillExecutionError as exc:
            cell = exc.cell_index
            error = f"{notebook}: cell {exc.cell_index}: {exc.ename}: {_one_line(exc.evalue)}"
        except Exception as exc:  # a kernel that dies or will not start fails this task only
            if attempt == 1 and "Address already in use" in str(exc):
                continue  # a rare ZMQ port race at kernel start; one retry settles it
            error = f"{notebook}: {type(exc).__name__}: {_one_line(exc)}"
        break
    seconds = round(time.perf_counter() - start, 2)
    figures: dict[str, Any] = {}
    if os.path.getsize(temporary):  # papermill writes a failed notebook before raising
        executed = clean_notebook(nbformat.read(temporary, as_version=4), folder)
        nbformat.write(executed, temporary)
        os.replace(temporary, target)
        figures = recorded_figures(executed)
    else:
        os.remove(temporary)
    if error is not None:
        error = _scrub(error, _path_replacements(folder))
    return NotebookResult(
        notebook=notebook,
        status="ok" if error is None else "failed",
        seconds=seconds,
        error=error,
        cell=cell,
        figures=figures,
    )


# --- the batch ----------------------------------------------------------------------------------


def run_batch(
    clients: Iterable[str | Path],
    out_dir: str | Path,
    *,
    jobs: int | None = None,
    notebooks: Sequence[str] | None = None,
    language: str | None = None,
    progress: bool = True,
) -> BatchResult:
    """Execute the workbook's notebooks for each client, in parallel; write results to out_dir.

    Parameters
    ----------
    clients : paths
        Client folders (see `find_clients` to expand a folder of clients).
    out_dir : path
        Gets batch.json and one folder per client (named as the client folder) with
        summary.json and notebooks/.
    jobs : int, optional
        Worker processes; default: the number of cores.
    notebooks : list of str, optional
        Names such as "02_nps" (or "02"); default: every notebook in notebooks/.
    language : {"da", "en"}, optional
        Overrides each client.yml's language.
    progress : bool
        One progress bar on stderr for the whole batch (only when stderr is a terminal).

    Returns
    -------
    BatchResult
        A client fails, with a one-line reason, when its client.yml is bad or any of its
        notebooks fails; the other clients run regardless.

    Raises
    ------
    ConfigError
        For the batch as a whole: an unknown notebook or language, or two clients whose
        folders have the same name (their outputs would mix).
    """
    from tqdm import tqdm

    started = time.perf_counter()
    out_dir = Path(out_dir)
    chosen = select_notebooks(notebooks)
    if language is not None and language not in texts.LANGUAGES:
        raise ConfigError(
            f"language '{language}' is not supported; expected one of: {', '.join(texts.LANGUAGES)}"
        )
    folders = [Path(c) for c in clients]
    names: dict[str, Path] = {}
    for folder in folders:
        name = folder.resolve().name
        if name in names and names[name].resolve() != folder.resolve():
            raise ConfigError(
                f"{names[name]} and {folder}: two clients with the folder name '{name}'; "
                "their outputs would mix under one folder"
            )
        names[name] = folder

    results: list[ClientResult] = []
    tasks: list[tuple[ClientResult, str, Path]] = []
    for folder in dict.fromkeys(f.resolve() for f in folders):
        given = next(f for f in folders if f.resolve() == folder)
        result = ClientResult(folder=folder.name)
        results.append(result)
        try:
            client = load_client(given)
        except NpsWorkbookError as exc:
            result.error = _scrub(_one_line(exc), _path_replacements(folder, given))
            continue
        result.client = client.name
        result.language = language or client.config.language
        tasks.extend((result, notebook, client.folder) for notebook in chosen)

    pending_by_client = {id(r): sum(1 for t in tasks if t[0] is r) for r in results}
    bar = tqdm(
        total=len(tasks),
        unit="notebook",
        disable=not progress or not sys.stderr.isatty(),
        file=sys.stderr,
    )

    def show_counts() -> None:
        done = [r for r in results if pending_by_client[id(r)] == 0]
        bar.set_postfix(
            clients=f"{len(done)}/{len(results)}",
            failed=sum(1 for r in done if r.status != "ok"),
        )

    show_counts()
    try:
        if tasks:
            workers = min(jobs or os.cpu_count() or 1, len(tasks))
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                futures = {
                    pool.submit(
                        run_notebook,
                        notebook,
                        str(folder),
                        str(out_dir.resolve() / result.folder / "notebooks" / f"{notebook}.ipynb"),
                        language,
                    ): (result, notebook)
                    for result, notebook, folder in tasks
                }
                waiting = set(futures)
                while waiting:
                    finished, waiting = wait(waiting, return_when=FIRST_COMPLETED)
                    for future in finished:
                        result, notebook = futures[future]
                        try:
                            run = future.result()
                        except Exception as exc:  # a worker that died: this task fails alone
                            run = NotebookResult(
                                notebook, "failed", 0.0, f"{notebook}: {_one_line(exc)}"
                            )
                        result.notebooks.append(run)
                        pending_by_client[id(result)] -= 1
                        bar.update(1)
                        show_counts()
                        if pending_by_client[id(result)] == 0:
                            _write_summary(out_dir, result, chosen)
    finally:
        bar.close()

    batch = BatchResult(
        out_dir=out_dir, clients=results, seconds=round(time.perf_counter() - started, 2)
    )
    _write_json(out_dir / BATCH_FILE, batch_record(batch))
    return batch


def _notebook_record(run: NotebookResult) -> dict[str, Any]:
    record = asdict(run)
    del record["figures"], record["notebook"]
    return record


def summary_record(result: ClientResult, order: Sequence[str]) -> dict[str, Any]:
    """summary.json: the client, its status, and per notebook its status and figures."""
    runs = sorted(result.notebooks, key=lambda run: order.index(run.notebook))
    return {
        "client": result.client,
        "folder": result.folder,
        "language": result.language,
        "status": result.status,
        "notebooks": {run.notebook: _notebook_record(run) for run in runs},
        "figures": {run.notebook: run.figures for run in runs},
    }


def batch_record(batch: BatchResult) -> dict[str, Any]:
    """batch.json: per client its status, seconds and error; per notebook the same."""
    return {
        "seconds": batch.seconds,
        "clients": len(batch.clients),
        "failed": len(batch.failed),
        "results": [
            {
                "folder": c.folder,
                "client": c.client,
                "status": c.status,
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


def _write_summary(out_dir: Path, result: ClientResult, order: Sequence[str]) -> None:
    _write_json(out_dir / result.folder / SUMMARY_FILE, summary_record(result, order))


def _write_json(path: Path, data: Any) -> None:
    """Write JSON through a temporary file beside it, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(data, file, ensure_ascii=False, indent=2)
        file.write("\n")
    os.chmod(temporary, FILE_MODE)
    os.replace(temporary, path)
