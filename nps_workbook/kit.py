"""Where the kit's own files live: the notebooks, templates, texts and sample clients.

They are package data, found through :mod:`importlib.resources` here and nowhere else. The wheel
carries them as files inside the package (``nps_workbook/notebooks/``, ``templates/``,
``sample_data/``, ``texts/``). In a clone of the repository the first three are symbolic links
to the top-level folders of the same names, so an editable install reads the very same files
through the very same path, and a clone's notebooks/ is what JupyterLab opens.

Examples
--------
>>> from nps_workbook import kit
>>> kit.notebook_names()[:2]
['00_maturity_selftest', '01_customer_journey']
>>> (kit.sample_data_dir() / "dk-b2b-it" / "client.yml").is_file()
True
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

from .errors import NpsWorkbookError

NOTEBOOKS = "notebooks"
TEMPLATES = "templates"
SAMPLE_DATA = "sample_data"
TEXTS = "texts"
#: The workbook's notebooks: two digits, an underscore, a name (02_nps.ipynb).
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"


class KitError(NpsWorkbookError):
    """A folder of the kit itself is missing: the installation is incomplete."""


def root() -> Path:
    """The installed package's folder, holding the kit's folders."""
    found = files(__package__)
    if not isinstance(found, Path):  # a zip import: the notebooks need real files
        raise KitError(
            f"nps_workbook is imported from {found}, not from a folder; install it with pip "
            "so its notebooks and templates are files"
        )
    return found


@functools.cache
def folder(name: str) -> Path:
    """One of the kit's folders (`NOTEBOOKS`, `TEMPLATES`, `SAMPLE_DATA`, `TEXTS`)."""
    path = root() / name
    if path.is_file():  # a clone made without symbolic links keeps each link as a small file
        raise KitError(
            f"{path}: is a file where the clone should have a link to ../{name}; clone with "
            "symbolic links (git config core.symlinks true; on Windows with Developer Mode on), "
            "or install the wheel"
        )
    if not path.is_dir():
        raise KitError(
            f"{path}: the kit's {name}/ folder is missing from the installed package; "
            "reinstall nps-workbook"
        )
    return path


def notebooks_dir() -> Path:
    return folder(NOTEBOOKS)


def templates_dir() -> Path:
    return folder(TEMPLATES)


def sample_data_dir() -> Path:
    return folder(SAMPLE_DATA)


def texts_dir() -> Path:
    return folder(TEXTS)


def notebook_names(notebook_dir: str | Path | None = None) -> list[str]:
    """Names (without .ipynb) of the workbook's notebooks in `notebook_dir` (default: the
    kit's), in reading order."""
    where = notebooks_dir() if notebook_dir is None else Path(notebook_dir)
    return sorted(p.stem for p in where.glob(NOTEBOOK_GLOB))
