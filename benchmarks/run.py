"""Run the benchmarks and append the results to benchmarks/RESULTS.md.

Usage (from the repository root; ``make bench`` runs the full set)::

    python benchmarks/run.py           # full: scoring 10^4..10^7, loading 10^6, 5 rounds each
    python benchmarks/run.py --quick   # small sizes, 3 rounds, printed and not recorded
    python benchmarks/run.py --only scoring --sizes 1e5 1e6 --repeat 7

A thin skin over ``benchmarks.scoring.run`` and ``benchmarks.loading.run``: it judges the goals of
issue #8, profiles our side of every goal it misses with pyinstrument, and writes one Markdown
section per run (machine, versions, medians and ranges, ratios, goals, profiles).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
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

from benchmarks import loading, scoring  # noqa: E402
from benchmarks.measure import Timing, ratio  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
FULL_SIZES = (10**4, 10**5, 10**6, 10**7)
QUICK_SIZES = (10**4, 10**5)
FULL_LOADING_ROWS = 10**6
QUICK_LOADING_ROWS = 10**5
VERSIONS = ("pandas", "numpy", "pyarrow", "duckdb", "polars", "scipy")

# The goals of issue #8, items 1 and 2.
SCORING_GOAL_ROWS = 10**7
SCORING_MAX_RATIO = 1.5  # ours / DuckDB at 10^7 rows
MAX_SLOPE = 1.1  # log-log slope of time on rows, fitted from 10^5 rows up
SLOPE_FROM_ROWS = 10**5  # below this, fixed costs flatten the curve
MAX_MEMORY_RATIO = 2.0  # peak memory of the call / in-memory size of its input columns
LOADING_MAX_RATIO = 2.0  # load_responses / bare pandas.read_csv(engine="pyarrow")
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
    parser.add_argument("--only", choices=("scoring", "loading"), help="run one benchmark")
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
    if args.repeat < 1 or min(args.sizes) < 1 or args.loading_rows < 1:
        parser.error("--repeat, --sizes and --loading-rows must be positive")
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
        if args.only in (None, "scoring"):
            print(f"scoring at {', '.join(map(_rows, args.sizes))} rows ...", file=sys.stderr)
            results = scoring.run(sorted(args.sizes), args.repeat, workdir, memory=args.memory)
            lines += scoring_section(results)
            goals += scoring_goals(results)
        if args.only in (None, "loading"):
            print(f"loading {_rows(args.loading_rows)} rows ...", file=sys.stderr)
            result = loading.run(args.loading_rows, args.repeat, workdir, memory=args.memory)
            lines += loading_section(result)
            goals += loading_goals(result)
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
