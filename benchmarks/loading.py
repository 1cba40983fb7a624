"""Loading: a Danish Excel CSV export through ``load_responses`` against a bare pandas read.

The file is :func:`nps_workbook.sample.survey_export` (Danish columns, with the ~0.3% planted bad
rows) written as Danish Excel saves it: cp1252, ``;``, decimal comma, CRLF. A UTF-8 copy of the
same bytes is the peer's input, so the peer is spared the re-encoding that is part of our job.

``ours``
    ``load_responses(cp1252 file)``: encoding and delimiter detection, column recognition, parsing
    and validating scores and dates, duplicate ids, rejected rows with reasons: what a user waits
    for.
``pandas``
    ``pandas.read_csv(utf8 copy, sep=";", engine="pyarrow")``: text split into typed columns,
    nothing checked. The floor a loader with validation can be held against.

Before timing, both must account for every row: ours as accepted + rejected + empty rows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmarks.measure import Timing, peak_memories, time_interleaved
from nps_workbook.load import LoadResult, load_responses
from nps_workbook.sample import survey_export

_CP1252_NAME = "responses-{rows}-cp1252.csv"
_UTF8_NAME = "responses-{rows}-utf8.csv"


class Miscount(AssertionError):
    """A contender lost or invented rows: its timing would not be of the same work."""


@dataclass(frozen=True)
class ExportFiles:
    """The Danish export and its UTF-8 copy."""

    cp1252: Path
    utf8: Path
    rows: int


def write_export(rows: int, workdir: Path, seed: int = 0) -> ExportFiles:
    """Write ``rows`` synthetic answers as a Danish Excel CSV, and a UTF-8 copy of it."""
    export = survey_export(rows, seed=seed, format="danish", defects=True)
    files = ExportFiles(
        workdir / _CP1252_NAME.format(rows=rows), workdir / _UTF8_NAME.format(rows=rows), rows
    )
    export.to_csv(
        files.cp1252,
        sep=";",
        index=False,
        encoding="cp1252",
        decimal=",",
        lineterminator="\r\n",
        errors="strict",
    )
    files.utf8.write_bytes(files.cp1252.read_bytes().decode("cp1252").encode("utf-8"))
    return files


def read_input(path: Path) -> ExportFiles:
    """The files :func:`write_export` wrote, from the path of the cp1252 one."""
    rows = int(path.name.split("-")[1])
    return ExportFiles(path, path.with_name(_UTF8_NAME.format(rows=rows)), rows)


# --- contenders -------------------------------------------------------------------------------


def ours(files: ExportFiles) -> LoadResult:
    return load_responses(files.cp1252)


def pandas_pyarrow(files: ExportFiles) -> pd.DataFrame:
    return pd.read_csv(files.utf8, sep=";", engine="pyarrow")


CONTENDERS = {"ours": ours, "pandas": pandas_pyarrow}


def check_counts(files: ExportFiles, loaded: LoadResult, frame: pd.DataFrame) -> int:
    """Raise :class:`Miscount` unless both read every row of the file; rows accepted by ours."""
    ours_total = len(loaded.answers) + len(loaded.rejected) + loaded.empty_rows
    if ours_total != files.rows or loaded.rows_read != files.rows:
        raise Miscount(
            f"load_responses accounts for {ours_total} rows (read {loaded.rows_read}) "
            f"of {files.rows} written"
        )
    if len(frame) != files.rows:
        raise Miscount(f"pandas.read_csv returned {len(frame)} rows of {files.rows} written")
    return len(loaded.answers)


# --- the benchmark ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadingResult:
    """Measurements of one file. ``peak_bytes``: memory on top of the input (None: not measured)."""

    rows: int
    file_bytes: int
    accepted: int
    rejected: int
    write_seconds: float
    timings: dict[str, Timing]
    peak_bytes: dict[str, int | None]


def run(
    rows: int, repeat: int, workdir: Path, *, memory: bool = True, seed: int = 0
) -> LoadingResult:
    """Write the export, check both contenders read all of it, then time them and their memory."""
    start = time.perf_counter()
    files = write_export(rows, workdir, seed)
    write_seconds = time.perf_counter() - start
    # The count check calls each contender once: it is also the warm-up.
    loaded, frame = ours(files), pandas_pyarrow(files)
    accepted = check_counts(files, loaded, frame)
    rejected = len(loaded.rejected)
    del loaded, frame
    timings = time_interleaved(CONTENDERS, files, repeat, warm_up=False)
    peaks = peak_memories(__name__, CONTENDERS, files.cp1252, memory=memory)
    result = LoadingResult(
        rows,
        files.cp1252.stat().st_size,
        accepted,
        rejected,
        write_seconds,
        timings,
        peaks,
    )
    files.cp1252.unlink()
    files.utf8.unlink()
    return result
