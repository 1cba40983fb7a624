"""Run the benchmarks and append the results to benchmarks/RESULTS.md.

Usage (from the repository root; ``make bench`` runs the full set)::

    python benchmarks/run.py           # full: scoring 10^4..10^7, loading 10^6, batch of 12
                                       # clients on 1 and 2 workers, latency at 10^6 answers
    python benchmarks/run.py --quick   # small sizes, 3 rounds, 2 clients, printed and not recorded
    python benchmarks/run.py --only scoring --sizes 1e5 1e6 --repeat 7
    python benchmarks/run.py --only batch latency
    python benchmarks/run.py --only startup     # the command line's start-up (issue #15)
    python benchmarks/run.py --only realistic   # loading a realistic-shape export (issue #16)

A thin skin over the ``run`` of ``benchmarks.scoring``, ``loading``, ``batch_throughput``,
``latency`` and ``startup``: it judges the goals of issues #8 and #15, profiles our side of
every goal it misses (pyinstrument; the imports for start-up), and writes one Markdown section
per run (machine, versions, medians and ranges, ratios, goals, profiles).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Run as a script, Python puts benchmarks/ on the path, not the repository root the package and
# the benchmark modules are imported from.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import (  # noqa: E402
    batch_throughput,
    latency,
    loading,
    realistic,
    scoring,
    startup,
)
from benchmarks.measure import Timing, ratio  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
FULL_SIZES = (10**4, 10**5, 10**6, 10**7)
QUICK_SIZES = (10**4, 10**5)
FULL_LOADING_ROWS = 10**6
QUICK_LOADING_ROWS = 10**5
FULL_BATCH_CLIENTS = 12
QUICK_BATCH_CLIENTS = 2
BATCH_JOBS = (1, 2)
FLOOR_REPEAT = 2  # floor runs before the first batch and after each
FULL_LATENCY_ROWS = 10**6
QUICK_LATENCY_ROWS = 10**5
FULL_STARTUP_REPEAT = 21
QUICK_STARTUP_REPEAT = 5
FULL_REALISTIC_ROWS = (10**4, 10**5, 10**6)
QUICK_REALISTIC_ROWS = (10**4, 10**5)
BENCHMARKS = ("scoring", "loading", "batch", "latency", "startup", "realistic")
VERSIONS = (
    "pandas",
    "numpy",
    "pyarrow",
    "duckdb",
    "polars",
    "scipy",
    "matplotlib",
    "papermill",
    "nbclient",
    "ipykernel",
    "ipywidgets",
)

# The goals of issue #8, items 1 and 2.
SCORING_GOAL_ROWS = 10**7
SCORING_MAX_RATIO = 1.5  # ours / DuckDB at 10^7 rows
MAX_SLOPE = 1.1  # log-log slope of time on rows, fitted from 10^5 rows up
SLOPE_FROM_ROWS = 10**5  # below this, fixed costs flatten the curve
MAX_MEMORY_RATIO = 2.0  # peak memory of the call / in-memory size of its input columns
LOADING_MAX_RATIO = 2.0  # load_responses / bare pandas.read_csv(engine="pyarrow")
# Items 3 and 4.
WORKBOOK_MAX_RATIO = 1.5  # a client's workbook / (notebooks x floor), 1 worker
MIN_SPEED_UP = 1.7  # throughput of 2 workers / 1 worker
LATENCY_MAX_SECONDS = 0.1  # median of the widget's observer on a filter change
LATENCY_GOAL_ROWS = 10**6
# Issue #15: `nps-workbook validate` on a three-row file / `python -c "import pandas"`.
STARTUP_MAX_RATIO = 1.5
# Issue #16: load_responses on the realistic-shape export at 10^6 rows.
REALISTIC_GOAL_ROWS = 10**6
REALISTIC_MAX_RATIO = 2.0  # ours / bare pandas.read_csv(engine="pyarrow"), time
REALISTIC_MAX_MEMORY = 2.0  # ours / bare read, peak memory
PROFILE_LINES = 60


@dataclass(frozen=True)
class Goal:
    name: str
    measured: str
    met: bool
    profile: str | None = None  # the benchmark whose "ours" to profile when missed


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/run.py",
        description="Benchmarks of NPS Workbook against DuckDB, polars and pandas (issue #8).",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, 3 repeats, no record")
    parser.add_argument(
        "--sizes",
        nargs="+",
        type=lambda text: int(float(text)),
        help="rows of the scoring benchmark (e.g. 1e4 1e5); default 10^4..10^7",
    )
    parser.add_argument("--loading-rows", type=lambda text: int(float(text)), help="default 10^6")
    parser.add_argument("--repeat", type=int, help="timed rounds per size (default 5, quick 3)")
    parser.add_argument(
        "--only", nargs="+", choices=BENCHMARKS, help="run these benchmarks (default all)"
    )
    parser.add_argument(
        "--batch-clients", type=int, help="clients in the batch benchmark (default 12, quick 2)"
    )
    parser.add_argument(
        "--batch-jobs", nargs="+", type=int, help="worker counts to run the batch with (1 2)"
    )
    parser.add_argument(
        "--batch-notebooks", nargs="+", help="notebooks of the batch (e.g. 00 02); default all"
    )
    parser.add_argument("--batch-rounds", type=int, default=1, help="batches per worker count")
    parser.add_argument(
        "--floor-repeat",
        type=int,
        default=FLOOR_REPEAT,
        help="floor runs before the first batch and after each (default 2)",
    )
    parser.add_argument(
        "--latency-rows", type=lambda text: int(float(text)), help="answers (default 10^6)"
    )
    parser.add_argument(
        "--latency-segments", type=int, help="segments to pick groups from (default all)"
    )
    parser.add_argument(
        "--startup-repeat", type=int, help="processes per contender (default 21, quick 5)"
    )
    parser.add_argument(
        "--realistic-rows",
        nargs="+",
        type=lambda text: int(float(text)),
        help="rows of the realistic-shape export (default 1e4 1e5 1e6; quick 1e4 1e5)",
    )
    parser.add_argument(
        "--memory",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="measure peak memory of each contender in a fresh process (default on)",
    )
    parser.add_argument(
        "--profile",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="profile ours with pyinstrument where a goal is missed (default on)",
    )
    parser.add_argument(
        "--record",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="append the results to --results (default: yes, except with --quick)",
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown file to append to")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or list(QUICK_SIZES if args.quick else FULL_SIZES)
    default_rows = QUICK_LOADING_ROWS if args.quick else FULL_LOADING_ROWS
    args.loading_rows = args.loading_rows or default_rows
    args.repeat = args.repeat or (3 if args.quick else 5)
    args.record = (not args.quick) if args.record is None else args.record
    args.only = list(dict.fromkeys(args.only or BENCHMARKS))
    args.batch_clients = args.batch_clients or (
        QUICK_BATCH_CLIENTS if args.quick else FULL_BATCH_CLIENTS
    )
    args.batch_jobs = sorted(set(args.batch_jobs or BATCH_JOBS))
    args.latency_rows = args.latency_rows or (
        QUICK_LATENCY_ROWS if args.quick else FULL_LATENCY_ROWS
    )
    args.startup_repeat = args.startup_repeat or (
        QUICK_STARTUP_REPEAT if args.quick else FULL_STARTUP_REPEAT
    )
    args.realistic_rows = sorted(
        set(args.realistic_rows or (QUICK_REALISTIC_ROWS if args.quick else FULL_REALISTIC_ROWS))
    )
    counts = [args.repeat, args.batch_clients, args.batch_rounds, args.floor_repeat]
    counts.append(args.startup_repeat)
    counts += args.sizes + args.batch_jobs + args.realistic_rows
    if min([*counts, args.loading_rows, args.latency_rows]) < 1:
        parser.error("counts, sizes and rows must be positive")
    return args


# --- the machine --------------------------------------------------------------------------------


def _memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB RAM"
    except OSError:
        pass
    return "RAM unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "CPU unknown"


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "nps_workbook")
    return f"{commit} (nps_workbook/ with uncommitted changes)" if dirty else commit


def _load_average() -> str:
    # Other processes on the machine share its cores: the figures below are only as quiet as this.
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def machine_lines() -> list[str]:
    versions = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in VERSIONS)
    return [
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores ({_cpu_model()}), "
        f"{_memory_total()}; {platform.system()} {platform.release()}",
        f"- Versions: Python {platform.python_version()}, {versions}",
        f"- Package at commit {_commit()}",
        f"- Load average at start (1, 5, 15 min): {_load_average()}; {os.cpu_count()} cores",
    ]


# --- formatting ---------------------------------------------------------------------------------


def _s(seconds: float) -> str:
    return f"{seconds:.3g}"


def _timing(timing: Timing) -> tuple[str, str]:
    return _s(timing.median), f"{_s(timing.min)}–{_s(timing.max)}"


def _mb(size: int | None) -> str:
    return "n/a" if size is None else f"{size / 1e6:.0f}"


def _ratio(ours: Timing, theirs: Timing) -> str:
    r = ratio(ours, theirs)
    return f"{r.median:.2f} ({r.min:.2f}–{r.max:.2f})"


def _rows(rows: int) -> str:
    exponent = len(str(rows)) - 1
    return f"10^{exponent}" if rows == 10**exponent else f"{rows:,}"


def scoring_section(results: list[scoring.ScoringResult]) -> list[str]:
    lines = [
        "### 1. Scoring: `nps_table(answers, by=['Afdeling', 'Kontaktpunkt'], period='month')`",
        "",
        "Seconds per call (median and range over the rounds); ratio = ours / contender (ratio of",
        "medians, range of the per-round ratios); peak = memory the call needs on top of its",
        "input, measured in a fresh process; input = in-memory size of the answer columns.",
        "",
        "| rows | groups | input MB | contender | median s | range s | ours / it | peak MB "
        "| peak / input |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        ours = result.timings["ours"]
        for name, timing in result.timings.items():
            median, span = _timing(timing)
            peak = result.peak_bytes[name]
            lines.append(
                f"| {_rows(result.rows)} | {result.groups} | {_mb(result.input_bytes)} | {name} "
                f"| {median} | {span} | {'' if name == 'ours' else _ratio(ours, timing)} "
                f"| {_mb(peak)} | {'n/a' if peak is None else f'{peak / result.input_bytes:.2f}'} |"
            )
    fitted = [r for r in results if r.rows >= SLOPE_FROM_ROWS]
    slopes = "; ".join(
        f"{name} {scoring.loglog_slope(results, name):.2f}"
        + (
            f" ({scoring.loglog_slope(fitted, name):.2f} from {_rows(SLOPE_FROM_ROWS)})"
            if 2 <= len(fitted) < len(results)
            else ""
        )
        for name in scoring.CONTENDERS
    )
    generate = ", ".join(f"{_rows(r.rows)} {r.generate_seconds:.1f} s" for r in results)
    lines += [
        "",
        f"Log-log slope of median time on rows (1 = linear): {slopes}.",
        f"Building the answers (survey_export + conversion, not timed): {generate}.",
        "",
    ]
    return lines


def loading_section(result: loading.LoadingResult) -> list[str]:
    lines = [
        "### 2. Loading: `load_responses` on a Danish Excel CSV (cp1252, `;`, decimal comma)",
        "",
        f"{_rows(result.rows)} rows, {result.file_bytes / 1e6:.0f} MB; ours accepts "
        f"{result.accepted:,} and rejects {result.rejected:,} (the planted defects). The peer "
        "reads a UTF-8 copy with `pandas.read_csv(sep=';', engine='pyarrow')`. Peak = memory on "
        "top of the process before the call, in a fresh process.",
        "",
        "| contender | median s | range s | ours / it | peak MB |",
        "|---|---:|---:|---:|---:|",
    ]
    ours = result.timings["ours"]
    for name, timing in result.timings.items():
        median, span = _timing(timing)
        lines.append(
            f"| {name} | {median} | {span} | {'' if name == 'ours' else _ratio(ours, timing)} "
            f"| {_mb(result.peak_bytes[name])} |"
        )
    return [*lines, ""]


def realistic_section(results: list[realistic.RealisticResult]) -> list[str]:
    lines = [
        "### 6. Loading a realistic-shape export: `load_responses` against pandas",
        "",
        "`benchmarks/realistic.py`: a Danish Excel CSV (cp1252, `;`, CRLF) with a unique "
        "response id, a customer id, a time on every answer (`dd-mm-yyyy hh:mm`, a third with "
        "`:ss`), a score (1% blank), comments people wrote, three segments and a decimal-comma "
        "amount (`1.234,50`). ours = `load_responses(file)`; pandas = `pandas.read_csv(file, "
        "sep=';', engine='pyarrow', encoding='cp1252')`, bare; by_hand = `pandas.read_csv(file, "
        "sep=';', decimal=',', thousands='.', encoding='cp1252')` then `pandas.to_datetime` with "
        "each of the two formats. Ours' times and amounts were checked equal to by_hand's. Peak "
        "= memory on top of the process before the call, in a fresh process.",
        "",
        "| rows | MB | distinct comments | distinct times | contender | median s | range s "
        "| ours / it | peak MB | ours' peak / its |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        ours = result.timings["ours"]
        ours_peak = result.peak_bytes["ours"]
        for name, timing in result.timings.items():
            median, span = _timing(timing)
            peak = result.peak_bytes[name]
            memory = (
                ""
                if name == "ours" or peak is None or ours_peak is None
                else (f"{ours_peak / peak:.2f}")
            )
            lines.append(
                f"| {_rows(result.rows)} | {result.file_bytes / 1e6:.0f} "
                f"| {result.distinct_comments:.0%} | {result.distinct_times:.0%} | {name} "
                f"| {median} | {span} | {'' if name == 'ours' else _ratio(ours, timing)} "
                f"| {_mb(peak)} | {memory} |"
            )
    written = ", ".join(f"{_rows(r.rows)} {r.write_seconds:.1f} s" for r in results)
    accepted = "; ".join(
        f"{_rows(r.rows)}: {r.accepted:,} accepted, {r.rejected:,} rejected" for r in results
    )
    return [*lines, "", f"Ours: {accepted}. Writing the files (not timed): {written}.", ""]


def _workers(jobs: int) -> str:
    return f"{jobs} worker{'s' if jobs != 1 else ''}"


def batch_section(result: batch_throughput.BatchResult) -> list[str]:
    k = len(result.notebooks)
    floor = result.floor
    lines = [
        f"### 3. Batch throughput: `run_batch` of {k} notebooks for {result.clients} clients",
        "",
        f"Clients: copies of `sample_data/dk-b2b-it` and `uk-webshop` in turn; notebooks: "
        f"{', '.join(result.notebooks)}. Floor: `papermill.execute_notebook` of a notebook whose "
        f"one cell is `{batch_throughput.FLOOR_SOURCE}`, in a spawned worker as `run_batch` runs "
        f"notebooks; {len(floor.runs)} runs before the first batch and after each: median "
        f"{_s(floor.median)} s (range {_s(floor.min)}–{_s(floor.max)}; in order: "
        f"{', '.join(_s(s) for s in floor.runs)}). A client's workbook = "
        "the sum of its notebooks' seconds as `run_batch` records them; ratio = workbook / "
        f"({k} × median floor); utilisation = notebook seconds / (workers × wall).",
        "",
        "| workers | wall s | notebooks / min | workbook s, median (range) "
        "| workbook / floor budget, median (range) | utilisation |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    budget = k * floor.median
    for run in result.runs:
        client = Timing(run.client_seconds)
        busy = sum(run.client_seconds) / (run.jobs * run.seconds)
        lines.append(
            f"| {run.jobs} | {run.seconds:.0f} | {run.per_minute:.1f} | {client.median:.1f} "
            f"({client.min:.1f}–{client.max:.1f}) | {client.median / budget:.2f} "
            f"({client.min / budget:.2f}–{client.max / budget:.2f}) | {busy:.0%} |"
        )
    lines.append("")
    if 1 in result.jobs:
        for jobs in result.jobs[1:]:
            speed = result.speed_up(jobs)
            lines.append(
                f"Throughput with {_workers(jobs)} / 1 worker: {speed.median:.2f}× "
                f"(rounds {speed.min:.2f}–{speed.max:.2f})."
            )
        lines.append("")
    header = " | ".join(f"{_workers(j)}, median s" for j in result.jobs)
    lines += [
        "Seconds per notebook over the clients (more workers share the cores, so each notebook "
        "takes longer):",
        "",
        f"| notebook | {header} |",
        "|---|" + "---:|" * len(result.jobs),
    ]
    for name in result.notebooks:
        medians = [
            statistics.median(s for run in result.batches(j) for s in run.notebook_seconds[name])
            for j in result.jobs
        ]
        lines.append(f"| {name} | {' | '.join(f'{m:.2f}' for m in medians)} |")
    jobs = result.jobs[0]
    lines += [
        "",
        f"Each notebook's seconds split ({_workers(jobs)}, medians over the clients): its "
        "costliest cell, its other cells, and its overhead (its seconds minus its cells': kernel "
        "start and shutdown, papermill, cleaning and writing the output). The floor's one cell "
        "is the import of the stack; a notebook's costliest cell is its imports.",
        "",
        "| notebook | costliest cell | its s | other cells s | overhead s |",
        "|---|---|---:|---:|---:|",
    ]
    for notebook, cell, top, rest, overhead in batch_throughput.notebook_breakdown(result, jobs):
        lines.append(f"| {notebook} | `{cell}` | {top:.2f} | {rest:.2f} | {overhead:.2f} |")
    lines += [
        "",
        f"Where a client's time goes ({_workers(jobs)}): the costliest cells, median seconds over "
        "the clients, from the durations papermill records per cell; a notebook's overhead is "
        "its seconds minus its cells'.",
        "",
        "| notebook | cell | median s | share |",
        "|---|---|---:|---:|",
    ]
    for notebook, cell, seconds, share in batch_throughput.cell_table(result, jobs):
        lines.append(f"| {notebook} | `{cell}` | {seconds:.2f} | {share:.0%} |")
    return [*lines, ""]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}" if seconds >= 0.01 else f"{seconds * 1000:.1f}"


def latency_section(result: latency.LatencyResult) -> list[str]:
    names = [name for name in result.timings if name != "first"]
    widget = result.timings["widget"]
    first = result.timings["first"]
    lines = [
        f"### 4. Interactive latency: the NPS explorer of notebook 02 on {_rows(result.rows)} "
        "answers",
        "",
        f"{result.answers:,} answers accepted (dk-b2b-it with a generated export; building and "
        f"loading it and constructing the widget took {result.build_seconds:.1f} s, not timed). "
        f"{len(result.choices)} choices (per segment its largest and smallest group), every "
        "contender once per choice per round, interleaved. widget = setting the group dropdown "
        "(the observer: select, recompute, write the key figure and the two SVG charts); "
        "nps_view = the recompute alone; pandas = boolean mask + `value_counts`. "
        "Milliseconds over all calls.",
        "",
        "| contender | median ms | range ms | widget / it |",
        "|---|---:|---:|---:|",
    ]
    for name in names:
        timing = result.timings[name]
        lines.append(
            f"| {name} | {_ms(timing.median)} | {_ms(timing.min)}–{_ms(timing.max)} "
            f"| {'' if name == 'widget' else f'{widget.median / timing.median:.1f}'} |"
        )
    lines += [
        "",
        f"Until the widget's output first changed: median {_ms(first.median)} ms (range "
        f"{_ms(first.min)}–{_ms(first.max)}).",
        "",
        "| choice | answers | widget ms | first output ms | nps_view ms | pandas ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for choice in result.choices:
        t = result.per_choice[choice]
        lines.append(
            f"| {choice} | {choice.answers:,} | {_ms(t['widget'].median)} "
            f"| {_ms(t['first'].median)} | {_ms(t['nps_view'].median)} "
            f"| {_ms(t['pandas'].median)} |"
        )
    return [*lines, ""]


def startup_section(result: startup.StartupResult) -> list[str]:
    lines = [
        "### 5. Start-up: `nps-workbook validate` on a three-row export",
        "",
        f"A fresh process of each contender per round, {len(result.timings['ours'].runs)} "
        "rounds interleaved after an untimed one; ours = the installed console script "
        f"`nps-workbook {' '.join(result.command[:1])} three.csv` (a Danish export: `;`, "
        'dd-mm-yyyy), pandas = `python -c "import pandas"`. Wall-clock seconds until exit.',
        "",
        "| contender | median s | range s | ours / it |",
        "|---|---:|---:|---:|",
    ]
    ours = result.timings["ours"]
    for name, timing in result.timings.items():
        median, span = _timing(timing)
        lines.append(
            f"| {name} | {median} | {span} | {'' if name == 'ours' else _ratio(ours, timing)} |"
        )
    return [*lines, ""]


# --- goals and profiles -------------------------------------------------------------------------


def scoring_goals(results: list[scoring.ScoringResult]) -> list[Goal]:
    largest = max(results, key=lambda r: r.rows)
    where = _rows(largest.rows)
    if largest.rows != SCORING_GOAL_ROWS:
        where += f" (the goal is set at {_rows(SCORING_GOAL_ROWS)})"
    time_ratio = ratio(largest.timings["ours"], largest.timings["duckdb"])
    goals = [
        Goal(
            f"Scoring: ours ≤ {SCORING_MAX_RATIO}× DuckDB at {where}",
            f"{time_ratio.median:.2f}× (rounds {time_ratio.min:.2f}–{time_ratio.max:.2f})",
            time_ratio.median <= SCORING_MAX_RATIO,
            "scoring",
        )
    ]
    fitted = [r for r in results if r.rows >= SLOPE_FROM_ROWS]
    if len(fitted) >= 2:
        slope = scoring.loglog_slope(fitted)
        goals.append(
            Goal(
                f"Scoring: cost linear in rows (log-log slope ≤ {MAX_SLOPE} from "
                f"{_rows(SLOPE_FROM_ROWS)})",
                f"slope {slope:.2f}",
                slope <= MAX_SLOPE,
                "scoring",
            )
        )
    peak = largest.peak_bytes["ours"]
    if peak is not None:
        share = peak / largest.input_bytes
        goals.append(
            Goal(
                f"Scoring: peak memory < {MAX_MEMORY_RATIO}× the input columns at {where}",
                f"{share:.2f}× ({_mb(peak)} MB on {_mb(largest.input_bytes)} MB); with the "
                f"input itself {share + 1:.2f}×",
                share < MAX_MEMORY_RATIO,
                "scoring",
            )
        )
    return goals


def loading_goals(result: loading.LoadingResult) -> list[Goal]:
    time_ratio = ratio(result.timings["ours"], result.timings["pandas"])
    return [
        Goal(
            f"Loading: ours ≤ {LOADING_MAX_RATIO}× bare pandas.read_csv(engine='pyarrow') at "
            f"{_rows(result.rows)} rows, validation included",
            f"{time_ratio.median:.2f}× (rounds {time_ratio.min:.2f}–{time_ratio.max:.2f})",
            time_ratio.median <= LOADING_MAX_RATIO,
            "loading",
        )
    ]


def batch_goals(result: batch_throughput.BatchResult) -> list[Goal]:
    first = result.jobs[0]
    ratios = result.workbook_ratios(first)
    k = len(result.notebooks)
    goals = [
        Goal(
            f"Batch: a client's workbook ≤ {WORKBOOK_MAX_RATIO}× ({k} notebooks × floor), "
            f"{_workers(first)}, median client",
            f"{ratios.median:.2f}× (clients {ratios.min:.2f}–{ratios.max:.2f})",
            ratios.median <= WORKBOOK_MAX_RATIO,
            "batch",
        )
    ]
    if {1, 2} <= set(result.jobs):
        speed = result.speed_up(2)
        goals.append(
            Goal(
                f"Batch: throughput with 2 workers ≥ {MIN_SPEED_UP}× 1 worker "
                f"({result.clients} clients × {k} notebooks)",
                f"{speed.median:.2f}× (rounds {speed.min:.2f}–{speed.max:.2f})",
                speed.median >= MIN_SPEED_UP,
                "batch",
            )
        )
    return goals


def latency_goals(result: latency.LatencyResult) -> list[Goal]:
    where = _rows(result.rows)
    if result.rows != LATENCY_GOAL_ROWS:
        where += f" (the goal is set at {_rows(LATENCY_GOAL_ROWS)})"
    widget = result.timings["widget"]
    return [
        Goal(
            f"Latency: the NPS explorer's output recomputed on a group change < "
            f"{LATENCY_MAX_SECONDS * 1000:.0f} ms median at {where} answers",
            f"{_ms(widget.median)} ms (calls {_ms(widget.min)}–{_ms(widget.max)}); first "
            f"output {_ms(result.timings['first'].median)} ms",
            widget.median < LATENCY_MAX_SECONDS,
            "latency",
        )
    ]


def startup_goals(result: startup.StartupResult) -> list[Goal]:
    time_ratio = ratio(result.timings["ours"], result.timings["pandas"])
    return [
        Goal(
            f"Start-up: `nps-workbook validate` on three rows ≤ {STARTUP_MAX_RATIO}× "
            '`python -c "import pandas"`',
            f"{time_ratio.median:.2f}× (rounds {time_ratio.min:.2f}–{time_ratio.max:.2f})",
            time_ratio.median <= STARTUP_MAX_RATIO,
            "startup",
        )
    ]


def realistic_goals(results: list[realistic.RealisticResult]) -> list[Goal]:
    largest = max(results, key=lambda r: r.rows)
    where = _rows(largest.rows)
    if largest.rows != REALISTIC_GOAL_ROWS:
        where += f" (the goals are set at {_rows(REALISTIC_GOAL_ROWS)})"
    bare = ratio(largest.timings["ours"], largest.timings["pandas"])
    hand = ratio(largest.timings["ours"], largest.timings["by_hand"])
    goals = [
        Goal(
            f"Realistic export: ours ≤ {REALISTIC_MAX_RATIO}× bare "
            f"pandas.read_csv(engine='pyarrow') at {where} rows",
            f"{bare.median:.2f}× (rounds {bare.min:.2f}–{bare.max:.2f})",
            bare.median <= REALISTIC_MAX_RATIO,
            "realistic",
        ),
        Goal(
            f"Realistic export: ours faster than the by-hand pandas parse at {where} rows",
            f"{hand.median:.2f}× (rounds {hand.min:.2f}–{hand.max:.2f})",
            hand.median < 1,
            "realistic",
        ),
    ]
    ours, theirs = largest.peak_bytes["ours"], largest.peak_bytes["pandas"]
    if ours is not None and theirs:
        goals.append(
            Goal(
                f"Realistic export: ours' peak memory ≤ {REALISTIC_MAX_MEMORY}× the bare read's "
                f"at {where} rows",
                f"{ours / theirs:.2f}× ({_mb(ours)} MB against {_mb(theirs)} MB)",
                ours / theirs <= REALISTIC_MAX_MEMORY,
                "realistic",
            )
        )
    return goals


def import_profile(command: Sequence[str], cwd: Path, top: int = 20) -> str:
    """The imports a command pays for, costliest first: ``python -X importtime`` of it, the
    packages imported directly or by our modules with their cumulative milliseconds."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command], cwd=cwd, capture_output=True, text=True
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:") :].split("|")
        depth = (len(name) - len(name.lstrip(" "))) // 2
        rows.append((depth, int(cumulative), int(own), name.strip()))
    shown = sorted((r for r in rows if r[0] <= 2), key=lambda r: -r[1])[:top]
    total = sum(own for _, _, own, _ in rows) / 1000
    lines = [f"imports {total:.0f} ms in all; cumulative ms, depth (0 = imported by the command)"]
    lines += [f"{cumulative / 1000:7.0f}  {depth}  {name}" for depth, cumulative, _, name in shown]
    return "\n".join(lines)


def profile(call: Callable[[], Any]) -> str:
    """pyinstrument's call tree of one call, cut to its top lines."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    try:
        call()
    finally:
        profiler.stop()
    session = profiler.last_session
    text = profiler.output_text(unicode=False, color=False)
    # Drop pyinstrument's banner; keep the tree, which starts at the first timed line.
    tree = text.splitlines()
    tree = tree[next(i for i, line in enumerate(tree) if line[:1].isdigit()) :]
    lines = [f"wall {session.duration:.2f} s, CPU {session.cpu_time:.2f} s", *tree]
    if len(lines) > PROFILE_LINES:
        lines = [*lines[:PROFILE_LINES], f"... ({len(lines) - PROFILE_LINES} more lines)"]
    return "\n".join(lines)


def profiles(benchmarks: set[str], args: argparse.Namespace, workdir: Path) -> list[str]:
    lines = []
    if "scoring" in benchmarks:
        rows = max(args.sizes)
        answers = scoring.answers_frame(rows)
        tree = profile(lambda: scoring.ours(answers))
        del answers
        lines += [f"#### Profile: scoring, ours at {_rows(rows)} rows", "", "```", tree, "```", ""]
    if "loading" in benchmarks:
        files = loading.write_export(args.loading_rows, workdir)
        tree = profile(lambda: loading.ours(files))
        lines += [
            f"#### Profile: loading, ours at {_rows(args.loading_rows)} rows",
            "",
            "```",
            tree,
            "```",
            "",
        ]
    if "batch" in benchmarks:
        # The worker's side of one notebook: papermill, nbclient waiting on the kernel, cleaning
        # and reading back the output. What the kernel does is in the cell table above.
        from nps_workbook.batch import run_notebook, select_notebooks

        notebook = select_notebooks(args.batch_notebooks)[-1]
        sample = batch_throughput.SAMPLE_CLIENTS[0]
        output = workdir / "profile" / f"{notebook}.ipynb"
        tree = profile(lambda: run_notebook(notebook, str(sample), str(output), None))
        lines += [
            f"#### Profile: batch, the worker's side of `{notebook}` for {sample.name}",
            "",
            "```",
            tree,
            "```",
            "",
        ]
    if "realistic" in benchmarks:
        rows = max(args.realistic_rows)
        export = realistic.write(rows, workdir)
        tree = profile(lambda: realistic.ours(export))
        export.path.unlink()
        lines += [
            f"#### Profile: realistic export, ours at {_rows(rows)} rows",
            "",
            "```",
            tree,
            "```",
            "",
        ]
    if "startup" in benchmarks:
        export = startup.write_export(workdir)
        tree = import_profile(["-m", "nps_workbook.cli", "validate", str(export)], workdir)
        lines += ["#### Profile: start-up, the imports of ours", "", "```", tree, "```", ""]
    if "latency" in benchmarks:
        call = latency.profile_target(args.latency_rows, workdir)
        tree = profile(call)
        lines += [
            f"#### Profile: latency, the NPS explorer's observer at {_rows(args.latency_rows)} "
            "answers",
            "",
            "```",
            tree,
            "```",
            "",
        ]
    return lines


# --- main ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = dt.datetime.now(dt.UTC)
    shown = sys.argv[1:] if argv is None else list(argv)
    command = " ".join(["python benchmarks/run.py", *shown])
    lines = [
        f"## {started:%Y-%m-%d %H:%M} UTC{' (quick)' if args.quick else ''}",
        "",
        f"`{command}`, {args.repeat} timed rounds per size after one untimed call.",
        "",
        *machine_lines(),
        "",
    ]
    goals: list[Goal] = []
    with tempfile.TemporaryDirectory(prefix="nps-bench-") as tmp:
        workdir = Path(tmp)
        if "scoring" in args.only:
            print(f"scoring at {', '.join(map(_rows, args.sizes))} rows ...", file=sys.stderr)
            results = scoring.run(sorted(args.sizes), args.repeat, workdir, memory=args.memory)
            lines += scoring_section(results)
            goals += scoring_goals(results)
        if "loading" in args.only:
            print(f"loading {_rows(args.loading_rows)} rows ...", file=sys.stderr)
            result = loading.run(args.loading_rows, args.repeat, workdir, memory=args.memory)
            lines += loading_section(result)
            goals += loading_goals(result)
        if "batch" in args.only:
            print(
                f"batch of {args.batch_clients} clients on {args.batch_jobs} workers ...",
                file=sys.stderr,
            )
            batch = batch_throughput.run(
                args.batch_clients,
                args.batch_jobs,
                args.floor_repeat,
                workdir,
                notebooks=args.batch_notebooks,
                rounds=args.batch_rounds,
            )
            lines += batch_section(batch)
            goals += batch_goals(batch)
        if "latency" in args.only:
            print(f"latency at {_rows(args.latency_rows)} answers ...", file=sys.stderr)
            waited = latency.run(
                args.latency_rows, args.repeat, workdir, segments=args.latency_segments
            )
            lines += latency_section(waited)
            goals += latency_goals(waited)
        if "startup" in args.only:
            print(f"start-up, {args.startup_repeat} processes each ...", file=sys.stderr)
            started_up = startup.run(args.startup_repeat, workdir)
            lines += startup_section(started_up)
            goals += startup_goals(started_up)
        if "realistic" in args.only:
            print(
                f"realistic export at {', '.join(map(_rows, args.realistic_rows))} rows ...",
                file=sys.stderr,
            )
            exports = realistic.run(args.realistic_rows, args.repeat, workdir, memory=args.memory)
            lines += realistic_section(exports)
            goals += realistic_goals(exports)
        lines += ["### Goals", "", "| goal | measured | met |", "|---|---|---|"]
        lines += [f"| {g.name} | {g.measured} | {'yes' if g.met else '**no**'} |" for g in goals]
        lines.append("")
        missed = {g.profile for g in goals if not g.met and g.profile}
        if missed and args.profile:
            print(f"profiling ours in: {', '.join(sorted(missed))} ...", file=sys.stderr)
            lines += ["### Where our time goes (goals missed)", ""]
            lines += profiles(missed, args, workdir)
    finished = dt.datetime.now(dt.UTC)
    lines += [
        f"Run took {(finished - started).total_seconds() / 60:.1f} min; load average at the end "
        f"(1, 5, 15 min): {_load_average()}.",
        "",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.record:
        with args.results.open("a", encoding="utf-8") as out:
            if out.tell() == 0:
                out.write(_PREAMBLE)
            out.write(text)
        print(f"appended to {args.results}", file=sys.stderr)
    return 0


_PREAMBLE = """\
# Benchmark results

One section per run of `python benchmarks/run.py` (`make bench`), newest last. How each figure is
measured: benchmarks/README.md.

"""


if __name__ == "__main__":
    sys.exit(main())
