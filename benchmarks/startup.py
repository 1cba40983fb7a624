"""Start-up of the command line: `nps-workbook validate` on a three-row export (issue #15).

What a consultant waits for at every command is mostly imports. Each round starts, in turn, a
fresh process of each contender and waits for it to exit (the rounds interleave, as in
measure.py, so other processes' noise falls on both alike); the first round is untimed (the
operating system's file cache).

``ours``
    The installed console script ``nps-workbook validate three.csv`` (beside this Python), on a
    Danish three-row export (``;``, dd-mm-yyyy): import, read, check, print the row accounting.
``pandas``
    ``python -c "import pandas"``: the floor any pandas-based command pays.

Both must exit 0 and ours must report its three rows; a failing command is no timing.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import Timing

ROWS = (
    "Dato;Score;Kommentar",
    "01-02-2025;9;God service",
    "02-02-2025;3;Langsom levering",
    "03-02-2025;7;Ok",
)
EXPECTED = "3 rows read, 3 accepted, 0 rejected"


class StartFailed(AssertionError):
    """A contender's process failed: there is nothing to time."""


@dataclass(frozen=True)
class StartupResult:
    timings: dict[str, Timing]
    command: tuple[str, ...]  # ours, as run


def console_script() -> Path:
    """The ``nps-workbook`` script installed beside the running Python."""
    script = Path(sys.executable).parent / "nps-workbook"
    if not script.is_file():
        raise StartFailed(f"{script}: not installed beside {sys.executable}")
    return script


def write_export(workdir: Path) -> Path:
    path = workdir / "three.csv"
    path.write_bytes(("\r\n".join(ROWS) + "\r\n").encode("cp1252"))
    return path


def commands(export: Path) -> dict[str, list[str]]:
    return {
        "ours": [str(console_script()), "validate", str(export)],
        "pandas": [sys.executable, "-c", "import pandas"],
    }


def _start(name: str, command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0 or (name == "ours" and EXPECTED not in done.stdout):
        raise StartFailed(
            f"{name}: {' '.join(command)} exited {done.returncode}:\n"
            f"{done.stdout[-1000:]}{done.stderr[-2000:]}"
        )
    return seconds


def run(repeat: int, workdir: Path) -> StartupResult:
    """Time each contender's process `repeat` times, interleaved, after one untimed round."""
    if repeat < 1:
        raise ValueError(f"repeat={repeat!r}; need at least one timed round")
    export = write_export(workdir)
    started = commands(export)
    runs: dict[str, list[float]] = {name: [] for name in started}
    try:
        for round_ in range(repeat + 1):
            for name, command in started.items():
                seconds = _start(name, command, workdir)
                if round_:
                    runs[name].append(seconds)
    finally:
        export.unlink()
    return StartupResult(
        {name: Timing(tuple(seconds)) for name, seconds in runs.items()},
        tuple(started["ours"][1:]),
    )
