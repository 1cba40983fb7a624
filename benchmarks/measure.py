"""How the benchmarks measure: time over interleaved rounds, peak memory in a fresh process.

Time
    Every contender is called once untimed (warm-up: imports, caches, thread pools), then
    ``repeat`` rounds each call every contender once in turn. Interleaving spreads the noise of
    other processes on the machine over all contenders alike instead of over whichever ran while
    the noise lasted. We report the median, min and max of the rounds, and a ratio of two
    contenders as the ratio of their medians with the range of the per-round ratios.

Memory
    pandas, pyarrow, DuckDB and polars allocate outside Python's heap, so ``tracemalloc`` would see
    a fraction of pandas' memory and nothing of DuckDB's or polars'. Instead each contender runs
    once in a fresh process (``python -m benchmarks.measure MODULE CONTENDER INPUT``): it loads the
    input, resets the kernel's high-water mark of its resident set (``/proc/self/clear_refs``,
    Linux), calls the contender, and reports the high-water mark minus the resident set before
    the call: the memory the call needed on top of its input, whoever allocated it. Where the
    kernel has no such reset (not Linux) the memory is not measured and reported as missing.
"""

from __future__ import annotations

import gc
import importlib
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of the timed rounds of one contender."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def min(self) -> float:
        return min(self.runs)

    @property
    def max(self) -> float:
        return max(self.runs)


@dataclass(frozen=True)
class Ratio:
    """Time of one contender over another's: ratio of medians, range of per-round ratios."""

    median: float
    min: float
    max: float


def ratio(ours: Timing, theirs: Timing) -> Ratio:
    """``ours / theirs``; rounds are paired because they ran interleaved."""
    per_round = [a / b for a, b in zip(ours.runs, theirs.runs, strict=True)]
    return Ratio(ours.median / theirs.median, min(per_round), max(per_round))


def time_interleaved(
    contenders: Mapping[str, Callable[[Any], Any]], data: Any, repeat: int, *, warm_up: bool = True
) -> dict[str, Timing]:
    """Median-ready timings of each contender called on ``data``, rounds interleaved."""
    if repeat < 1:
        raise ValueError(f"repeat={repeat!r}; need at least one timed round")
    if warm_up:
        for contender in contenders.values():
            contender(data)
    runs: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, contender in contenders.items():
            gc.collect()  # garbage of the previous contender is not this one's cost
            start = time.perf_counter()
            contender(data)
            runs[name].append(time.perf_counter() - start)
    return {name: Timing(tuple(seconds)) for name, seconds in runs.items()}


def peak_memory(module: str, contender: str, input_path: Path) -> int | None:
    """Bytes the contender needs on top of its input, measured in a fresh process; None if unknown.

    ``module`` is a benchmark module (``benchmarks.scoring``) with ``CONTENDERS`` (name ->
    function) and ``read_input(path)``; the input was written to ``input_path`` beforehand.
    """
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure", module, contender, str(input_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"measuring the memory of {module}:{contender} failed:\n{completed.stderr[-3000:]}"
        )
    return json.loads(completed.stdout.strip().splitlines()[-1])["peak_bytes"]


def peak_memories(
    module: str, contenders: Iterable[str], input_path: Path, *, memory: bool = True
) -> dict[str, int | None]:
    """`peak_memory` of each contender (None for each without `memory`)."""
    if not memory:
        return dict.fromkeys(contenders)
    return {name: peak_memory(module, name, input_path) for name in contenders}


def _status_bytes(field: str) -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024  # the kernel reports kB
    raise RuntimeError(f"{_STATUS} has no {field} line")


def _reset_peak() -> bool:
    """Set the high-water mark of the resident set to its current size (Linux >= 4.0)."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def _child(module: str, contender: str, input_path: str) -> dict[str, int | None]:
    benchmark = importlib.import_module(module)
    function = benchmark.CONTENDERS[contender]
    data = benchmark.read_input(Path(input_path))
    gc.collect()
    if not _reset_peak():
        return {"peak_bytes": None, "baseline_bytes": None}
    baseline = _status_bytes("VmRSS")
    result = function(data)
    peak = _status_bytes("VmHWM")
    del result
    return {"peak_bytes": max(peak - baseline, 0), "baseline_bytes": baseline}


if __name__ == "__main__":
    print(json.dumps(_child(*sys.argv[1:4])))
