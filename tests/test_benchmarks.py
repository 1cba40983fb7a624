"""Smoke tests of the benchmark harness at a tiny size, so it cannot rot unnoticed.

Nothing here asserts a time: only that every benchmark runs, that the contenders compute the same
table, that a wrong table is caught, and that the result records and the report are complete.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
# benchmarks/ is not part of the installed package; it is imported from the repository root.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import loading, scoring  # noqa: E402
from benchmarks import run as bench_run  # noqa: E402
from benchmarks.measure import Timing, peak_memory, ratio, time_interleaved  # noqa: E402
from nps_workbook.score import MIN_GROUP  # noqa: E402

ROWS = 1_000


@pytest.fixture(scope="module")
def answers():
    return scoring.answers_frame(ROWS)


def test_answers_frame_has_the_loader_columns(answers):
    assert len(answers) == ROWS
    assert list(answers.columns) == ["date", "score", "category", "Afdeling", "Kontaktpunkt"]
    assert str(answers["date"].dtype) == "datetime64[us]"
    assert answers["score"].between(0, 10).all()
    # A blank touchpoint is missing, as the loader reads it, not the empty string.
    assert answers["Kontaktpunkt"].isna().any()
    assert not (answers["Kontaktpunkt"] == "").any()


def test_scoring_contenders_agree(answers):
    tables = {name: contender(answers) for name, contender in scoring.CONTENDERS.items()}
    groups = scoring.check_agreement(tables)
    assert groups == len(tables["ours"]) > 1
    assert {len(table) for table in tables.values()} == {groups}


@pytest.mark.parametrize(("column", "error"), [("nps", 1e-6), ("ci_high", 1e-6), ("n", 1)])
def test_agreement_check_refuses_a_wrong_table(answers, column, error):
    tables = {name: contender(answers) for name, contender in scoring.CONTENDERS.items()}
    wrong = tables["duckdb"].copy()
    # A group nps_table shows; below MIN_GROUP it suppresses the statistics.
    shown = int(np.flatnonzero(wrong["n"].to_numpy() >= MIN_GROUP)[0])
    wrong.loc[shown, column] = wrong.loc[shown, column] + error
    with pytest.raises(scoring.Disagreement, match=f"on '{column}'"):
        scoring.check_agreement({**tables, "duckdb": wrong})


def test_agreement_check_refuses_a_missing_group(answers):
    tables = {name: contender(answers) for name, contender in scoring.CONTENDERS.items()}
    with pytest.raises(scoring.Disagreement, match="group"):
        scoring.check_agreement({**tables, "polars": tables["polars"][1:]})


def test_scoring_run_records_are_complete(tmp_path):
    (result,) = scoring.run([ROWS], 2, tmp_path, memory=False)
    assert result.rows == ROWS and result.groups > 1 and result.input_bytes > 0
    assert set(result.timings) == set(scoring.CONTENDERS) == set(result.peak_bytes)
    assert all(len(t.runs) == 2 and t.min <= t.median <= t.max for t in result.timings.values())
    assert list(tmp_path.iterdir()) == []


def test_loading_run_records_are_complete(tmp_path):
    result = loading.run(ROWS, 1, tmp_path, memory=False)
    assert result.rows == ROWS and result.file_bytes > 0
    assert result.accepted + result.rejected == ROWS and result.rejected > 0  # planted defects
    assert set(result.timings) == set(loading.CONTENDERS) == set(result.peak_bytes)
    assert list(tmp_path.iterdir()) == []  # the files are removed


def test_loading_files_are_the_danish_dialect_and_its_utf8_copy(tmp_path):
    files = loading.write_export(ROWS, tmp_path)
    raw = files.cp1252.read_bytes()
    assert b";" in raw.split(b"\r\n")[0] and "Målingstype".encode("cp1252") in raw
    assert files.utf8.read_bytes().decode("utf-8") == raw.decode("cp1252")
    assert loading.read_input(files.cp1252) == files


def test_peak_memory_is_measured_in_a_fresh_process(tmp_path):
    files = loading.write_export(ROWS, tmp_path)
    peak = peak_memory("benchmarks.loading", "pandas", files.cp1252)
    if not Path("/proc/self/clear_refs").exists():
        assert peak is None
    else:
        assert isinstance(peak, int) and peak >= 0


def test_timing_interleaves_rounds_and_pairs_ratios():
    calls = []
    timings = time_interleaved({"a": calls.append, "b": calls.append}, 1, 3)
    assert calls == [1] * 8  # a warm-up call each, then three rounds of both
    assert all(len(t.runs) == 3 for t in timings.values())
    r = ratio(Timing((2.0, 4.0, 6.0)), Timing((1.0, 1.0, 2.0)))
    assert (r.median, r.min, r.max) == (4.0, 2.0, 4.0)


def test_cli_appends_a_complete_section(tmp_path, capsys):
    results = tmp_path / "RESULTS.md"
    argv = ["--sizes", "1000", "2000", "--loading-rows", "1000", "--repeat", "1", "--no-memory"]
    assert bench_run.main([*argv, "--record", "--results", str(results)]) == 0
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results")
    for needle in (
        "Machine:",
        "Versions: Python",
        "duckdb",
        "polars",
        "### 1. Scoring",
        "### 2. Loading",
        "### Goals",
        "Log-log slope",
    ):
        assert needle in text
    # Every contender has a row at every size; the goals table judges each goal.
    assert text.count("| 10^3 | ") == 3 and text.count("| 2,000 | ") == 3
    # Time goals only: no slope below 10^5 rows, no memory goal without --memory.
    assert text.count("| yes |") + text.count("| **no** |") == 2
    bench_run.main([*argv, "--record", "--results", str(results), "--only", "loading"])
    assert results.read_text(encoding="utf-8").count("# Benchmark results") == 1
