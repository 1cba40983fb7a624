"""Writing output files so that a reader, a crash or Ctrl-C never leaves half a file behind.

Every file the kit writes for a client goes through `atomic_path`: the content goes to a hidden
temporary file beside the target (``.name.<random>.partial.ext``), is flushed to disk, and replaces
the target with ``os.replace``, which is atomic on one file system. A reader sees the old file or
the new one. A process killed mid-write leaves only a hidden ``.partial`` file, which
`remove_partials` clears on the next run.

Example::

    with atomic_path(out / "followup.xlsx") as temporary:
        workbook.save(temporary)
    write_text_atomic(out / "report.html", page)
    write_json_atomic(out / "summary.json", {"nps": 26})
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import NpsWorkbookError

PARTIAL_SUFFIX = ".partial"
FILE_MODE = 0o644  # mkstemp makes files private; outputs are shared like any other file


class OutputError(NpsWorkbookError):
    """An output file cannot be written (disk full, no permission, a folder in the way)."""


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path to write to; on success it replaces `path`, on failure it is removed.

    A file replaced keeps its permissions; a new one gets 0644. The parent folder is created.

    Raises
    ------
    OutputError
        When the file system refuses (``OSError``): the message names the file and the reason,
        e.g. "No space left on device".
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The target's suffix stays last: a writer may check it (openpyxl wants .xlsx).
        descriptor, name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.stem}.", suffix=f"{PARTIAL_SUFFIX}{path.suffix}"
        )
        os.close(descriptor)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    temporary = Path(name)
    try:
        yield temporary
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = FILE_MODE
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` atomically (see `atomic_path`), flushed to disk."""
    with atomic_path(path) as temporary, open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return Path(path)


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write UTF-8 `text` to `path` so a reader sees the old file or the new one, never half.

    Returns
    -------
    Path
        `path`.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_json_atomic(path: str | Path, data: Any) -> Path:
    """Write `data` as indented UTF-8 JSON (æ, ø, å as themselves) atomically."""
    return write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def remove_partials(folder: str | Path) -> list[Path]:
    """Remove the hidden ``.partial`` files an interrupted run left under `folder`."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed = []
    for leftover in folder.rglob(f".*{PARTIAL_SUFFIX}*"):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed
