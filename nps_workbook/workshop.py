"""Working copies of the workbook's notebooks for one client, and JupyterLab on them.

A consultant runs a workshop from copies, never from the kit's own notebooks: `working_copies`
writes each notebook into a folder of the consultant's with the client's parameters injected
the way papermill injects them for a batch (a cell tagged ``injected-parameters`` after the
``parameters`` cell), so the copies open on that client and the originals stay as installed.
`lab_command` is the JupyterLab start that `nps-workbook lab` runs on such a folder; it only
ever listens on 127.0.0.1.

Example::

    from nps_workbook.workshop import working_copies

    copies = working_copies("workshop/kvistholm", "clients/kvistholm")
    # workshop/kvistholm/00_maturity_selftest.ipynb ... 05_enps.ipynb, for clients/kvistholm
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from . import kit
from .config import load_client
from .errors import ConfigError
from .files import write_text_atomic

#: Where `nps-workbook lab` puts the working copies, under the current folder, per client.
WORKSHOP_FOLDER = "workshop"
#: The only address the workshop's JupyterLab listens on: the consultant's own machine.
LAB_ADDRESS = "127.0.0.1"
DEFAULT_SAMPLE_CLIENT = "dk-b2b-it"


@dataclass(frozen=True)
class WorkingCopies:
    """What `working_copies` did: the folder, the copies written and those kept as they were."""

    folder: Path
    written: list[Path]
    kept: list[Path]

    @property
    def notebooks(self) -> list[Path]:
        return sorted(self.written + self.kept)


def sample_client() -> Path:
    """The bundled Danish sample client, the default of the notebooks and of `lab`."""
    return kit.sample_data_dir() / DEFAULT_SAMPLE_CLIENT


def client_dir_parameter(client_folder: Path, copies_folder: Path) -> str:
    """The client folder as the copies' ``client_dir``: relative to the copies' folder (the
    kernel's working directory) when both sit under the current folder, so the two can move
    together; absolute otherwise (the bundled sample client, another drive)."""
    client, copies, here = client_folder.resolve(), copies_folder.resolve(), Path.cwd().resolve()
    if client.is_relative_to(here) and copies.is_relative_to(here):
        return Path(os.path.relpath(client, copies)).as_posix()
    return str(client)


def working_copies(
    out: str | Path,
    client_dir: str | Path | None = None,
    *,
    language: str | None = None,
    notebooks: list[str] | None = None,
    fresh: bool = False,
) -> WorkingCopies:
    """Copy the kit's notebooks into `out` with the parameters set to `client_dir`.

    Parameters
    ----------
    out : path
        The folder for the copies; created if missing.
    client_dir : path, optional
        A client folder (client.yml and data files) or its client.yml; default: the bundled
        sample client ``dk-b2b-it``.
    language : {"da", "en"}, optional
        The notebooks' language; default: client.yml's.
    notebooks : list of str, optional
        Names such as "02_nps" or "02"; default: every notebook.
    fresh : bool
        Write over copies already in `out`; by default a copy there is kept as it is, since it
        holds the consultant's work from an earlier session.

    Raises
    ------
    ConfigError
        The client folder or its client.yml is missing or wrong, an unknown notebook, or a
        file in the way of the copies' folder.
    """
    client = load_client(_client_folder(client_dir))  # a wrong client.yml is refused first
    import nbformat

    from .batch import select_notebooks

    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder}: is a file; expected a folder for the notebooks")
    parameters = {
        "client_dir": client_dir_parameter(client.folder, folder),
        "language": language,
    }
    written, kept = [], []
    for name in select_notebooks(notebooks):
        target = folder / f"{name}.ipynb"
        if target.exists() and not fresh:
            kept.append(target)
            continue
        notebook = _parameterized(kit.notebooks_dir() / f"{name}.ipynb", parameters)
        write_text_atomic(target, nbformat.writes(notebook) + "\n")
        written.append(target)
    return WorkingCopies(folder=folder, written=written, kept=kept)


def _parameterized(path: Path, parameters: dict):
    """The notebook at `path` with `parameters` injected as papermill injects them."""
    import nbformat
    from papermill.parameterize import parameterize_notebook

    notebook = nbformat.read(path, as_version=4)
    notebook.metadata.setdefault("papermill", {})
    untagged = [cell for cell in notebook.cells if "tags" not in cell.metadata]
    for cell in untagged:  # papermill looks for tags on every cell
        cell.metadata["tags"] = []
    notebook = parameterize_notebook(
        notebook, parameters, comment="Working copy: the parameters of this client"
    )
    for cell in untagged:
        del cell.metadata["tags"]
    return notebook


def _client_folder(client_dir: str | Path | None) -> Path:
    if client_dir is None:
        return sample_client()
    path = Path(client_dir)
    return path.parent if path.is_file() and path.suffix in (".yml", ".yaml") else path


def default_folder(client_dir: str | Path | None) -> Path:
    """``workshop/<client folder's name>`` under the current folder."""
    return Path(WORKSHOP_FOLDER) / _client_folder(client_dir).resolve().name


def lab_command(
    folder: str | Path, *, port: int | None = None, browser: bool = True, allow_root: bool = False
) -> list[str]:
    """The command that starts JupyterLab on `folder`, on 127.0.0.1 only, with this Python.

    `allow_root` lets it run as root (in a container); JupyterLab refuses to by default.
    """
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={Path(folder).resolve()}",
        f"--ServerApp.ip={LAB_ADDRESS}",
    ]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if not browser:
        command.append("--no-browser")
    if allow_root:
        command.append("--allow-root")
    return command
