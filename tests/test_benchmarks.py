"""Smoke tests of the benchmark harness at a tiny size, so it cannot rot unnoticed.

Nothing here asserts a time: only that every benchmark runs, that the contenders compute the same
table, that a wrong table is caught, and that the result records and the report are complete.
The batch benchmark runs one client's first notebook on one worker, the latency benchmark the
NPS explorer on 1,000 answers and one segment, the start-up benchmark one round.
"""

import csv
import io
import math
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
# benchmarks/ is not part of the installed package; it is imported from the repository root.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import batch_throughput, latency, loading, realistic, scoring, startup  # noqa: E402
from benchmarks import run as bench_run  # noqa: E402
from benchmarks.measure import Timing, peak_memory, ratio, time_interleaved  # noqa: E402
from nps_workbook.score import MIN_GROUP  # noqa: E402

ROWS = 1_000
pytestmark = pytest.mark.slow  # runs every benchmark, in fresh processes too


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


@pytest.fixture(scope="module")
def realistic_file(tmp_path_factory):
    return realistic.write(4_000, tmp_path_factory.mktemp("realistic"))


def test_realistic_export_has_the_shape_of_a_real_one(realistic_file):
    # Read back with the csv module, not with pandas or the loader the benchmark measures.
    raw = realistic_file.path.read_bytes()
    assert raw.count(b"\r\n") >= realistic_file.rows + 1  # CRLF line ends
    text = raw.decode("cp1252")
    assert "Beløb" in text and "ø".encode("cp1252") in raw
    header, *rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert tuple(header) == realistic.HEADER and len(rows) == realistic_file.rows
    column = {name: [r[i] for r in rows] for i, name in enumerate(header)}
    ids = column[realistic.RESPONSE_ID]
    assert len(set(ids)) == len(ids) and all(i.isdigit() for i in ids)
    times = column[realistic.ANSWERED]
    with_seconds = [t for t in times if re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d:\d\d", t)]
    with_minutes = [t for t in times if re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d", t)]
    assert len(with_seconds) + len(with_minutes) == len(times)  # a time on every answer
    assert 0.25 < len(with_seconds) / len(times) < 0.42  # about one in three
    assert len(set(times)) / len(times) > 0.95
    comments = [c for c in column[realistic.COMMENT] if c]
    assert 0.6 < len(comments) / len(rows) < 0.8
    assert 0.85 < len(set(comments)) / len(comments) < 0.95  # written by people, mostly unique
    assert any(";" in c or '"' in c for c in comments)  # Excel quoted those
    amounts = column[realistic.AMOUNT]
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*,\d\d", a) for a in amounts)
    assert any("." in a for a in amounts)  # thousands points
    scores = column[realistic.SCORE]
    assert set(scores) == {"", *map(str, range(11))}


def test_realistic_contenders_agree_and_a_wrong_time_is_caught(realistic_file):
    loaded = realistic.ours(realistic_file)
    hand = realistic.by_hand(realistic_file)
    bare = realistic.pandas_pyarrow(realistic_file)
    realistic.check_agreement(realistic_file, loaded, bare, hand)
    assert len(loaded.rejected) == loaded.reasons["score missing"] > 0  # the skipped scores
    first = loaded.answers["row"].iloc[0] - 2
    wrong = hand.copy()
    wrong.loc[first, realistic.ANSWERED] += pd.Timedelta(seconds=1)
    with pytest.raises(realistic.Disagreement, match="different times"):
        realistic.check_agreement(realistic_file, loaded, bare, wrong)
    wrong = hand.copy()
    wrong.loc[first, realistic.AMOUNT] += 0.01
    with pytest.raises(realistic.Disagreement, match="different amounts"):
        realistic.check_agreement(realistic_file, loaded, bare, wrong)
    with pytest.raises(realistic.Disagreement, match="rows of"):
        realistic.check_agreement(realistic_file, loaded, bare[1:], hand)


def test_realistic_run_records_are_complete(tmp_path):
    (result,) = realistic.run([ROWS], 1, tmp_path, memory=False)
    assert result.rows == ROWS and result.accepted + result.rejected == ROWS
    assert set(result.timings) == set(realistic.CONTENDERS) == set(result.peak_bytes)
    assert 0 < result.distinct_comments <= 1 and 0 < result.distinct_times <= 1
    assert list(tmp_path.iterdir()) == []  # the file is removed


def test_cli_reports_the_realistic_export_and_its_goals(tmp_path):
    results = tmp_path / "RESULTS.md"
    argv = ["--only", "realistic", "--realistic-rows", "1000", "--repeat", "1", "--no-memory"]
    assert bench_run.main([*argv, "--no-profile", "--record", "--results", str(results)]) == 0
    text = results.read_text(encoding="utf-8")
    assert "### 6. Loading a realistic-shape export" in text
    assert text.count("| 10^3 | ") == 3  # a row per contender
    # Two time goals (no memory measured), judged at the size run, which is not the goal's.
    assert text.count("Realistic export: ") == 2 and "the goals are set at 10^6" in text


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
    argv += ["--only", "scoring", "loading"]
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
    bench_run.main([*argv[:-3], "--record", "--results", str(results), "--only", "loading"])
    assert results.read_text(encoding="utf-8").count("# Benchmark results") == 1


def test_cli_runs_every_benchmark_by_default():
    args = bench_run.parse_args([])
    assert args.only == list(bench_run.BENCHMARKS)
    assert args.only == ["scoring", "loading", "batch", "latency", "startup", "realistic"]
    assert args.realistic_rows == [10**4, 10**5, 10**6]
    assert (args.batch_clients, args.batch_jobs, args.latency_rows) == (12, [1, 2], 10**6)
    assert (args.startup_repeat, bench_run.parse_args(["--quick"]).startup_repeat) == (21, 5)
    quick = bench_run.parse_args(["--quick", "--only", "batch", "latency", "batch"])
    assert quick.only == ["batch", "latency"] and not quick.record
    with pytest.raises(SystemExit):
        bench_run.parse_args(["--batch-jobs", "0"])


# --- batch throughput -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("batch")
    result = batch_throughput.run(1, [1], 1, workdir, notebooks=["00"])
    return result, workdir


def test_batch_run_records_are_complete(batch):
    result, workdir = batch
    assert result.notebooks == ("00_maturity_selftest",) and result.clients == 1
    assert len(result.floor.runs) == 2  # before the batch and after it
    (run,) = result.runs
    assert run.jobs == 1 and run.notebooks_run == 1 and len(run.client_seconds) == 1
    # Every second of the notebook is a cell's or the overhead's; the import cell is among them.
    cells = {cell: seconds for (_, cell), (seconds,) in run.cell_seconds.items()}
    assert -1 in cells and len(cells) > 2
    assert math.isclose(sum(cells.values()), run.client_seconds[0], abs_tol=0.05)
    assert any("import" in text for text in run.sources.values())
    ratio = result.workbook_ratios().median
    assert math.isfinite(ratio) and ratio > 0 and math.isfinite(run.per_minute)
    assert list(workdir.iterdir()) == []  # clients, outputs and the floor notebook removed


def test_batch_section_and_goals(batch):
    result, _ = batch
    text = "\n".join(bench_run.batch_section(result))
    assert "### 3. Batch throughput" in text and "00_maturity_selftest" in text
    assert "(kernel start, papermill, output)" in text
    (goal,) = bench_run.batch_goals(result)  # one worker count: no speed-up to judge
    assert goal.profile == "batch" and "×" in goal.measured


def test_batch_speed_up_pairs_rounds_and_its_goal():
    def run(jobs, seconds):
        return batch_throughput.BatchRun(jobs, seconds, (seconds,), {"00": (seconds,)}, {}, {})

    result = batch_throughput.BatchResult(
        1, ("00",), Timing((1.0, 2.0)), (run(1, 60.0), run(2, 40.0), run(1, 60.0), run(2, 30.0))
    )
    assert result.jobs == [1, 2] and result.batches(2)[1].per_minute == 2.0
    speed = result.speed_up(2)
    assert (speed.min, speed.max) == (1.5, 2.0)
    goals = bench_run.batch_goals(result)
    assert [g.met for g in goals] == [False, True]  # 60 s against 1 × 1.5 s; 1.75× median


def test_batch_refuses_a_failed_notebook(tmp_path):
    broken = tmp_path / "clients-src"
    (broken / "client-x").mkdir(parents=True)
    (broken / "client-x" / "client.yml").write_text("client: [\n", encoding="utf-8")
    with pytest.raises(batch_throughput.BatchFailed, match="client-x"):
        batch_throughput.run_workbooks([broken / "client-x"], 1, ["00_maturity_selftest"], tmp_path)


# --- interactive latency ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def waited(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("latency")
    return latency.run(ROWS, 1, workdir, segments=1), workdir


def test_latency_run_records_are_complete(waited):
    result, workdir = waited
    assert result.rows == ROWS and 0 < result.answers <= ROWS
    # The first segment of dk-b2b-it's client.yml, its largest and its smallest group.
    assert [c.segment for c in result.choices] == ["Afdeling", "Afdeling"]
    assert result.choices[0].answers > result.choices[1].answers
    assert set(result.timings) == {"widget", "nps_view", "pandas", "first"}
    for timings in result.per_choice.values():
        assert all(len(t.runs) == 1 for t in timings.values())
        assert timings["first"].median <= timings["widget"].median
    assert list(workdir.iterdir()) == []


def test_latency_section_and_goal(waited):
    result, _ = waited
    text = "\n".join(bench_run.latency_section(result))
    assert "### 4. Interactive latency" in text and "Afdeling = " in text
    (goal,) = bench_run.latency_goals(result)
    assert "the goal is set at 10^6" in goal.name and goal.profile == "latency"


def test_latency_peer_agrees_and_a_wrong_count_is_caught():
    import pandas as pd

    from nps_workbook.pages import nps

    answers = pd.DataFrame(
        {
            "score": [10, 9, 3, 8, 0, 10],
            "shop": pd.array(["A", "A", "A", "B", None, "A"], dtype="string"),
        }
    )
    choice = latency.Choice("shop", "A", 4)
    assert latency.pandas_nps(answers, choice) == (4, 50.0)
    assert latency.pandas_nps(answers, latency.Choice("shop", "(missing)", 1)) == (1, -100.0)
    view = nps.nps_view(answers, segment="shop", value="A", language="en")
    latency.check_agreement(view, (4, 50.0), choice)
    with pytest.raises(latency.Disagreement, match="shop = A"):
        latency.check_agreement(view, (4, 25.0), choice)
    with pytest.raises(latency.Disagreement, match="keeps 4 answers"):
        latency.check_agreement(view, (5, 50.0), choice)


# --- start-up -----------------------------------------------------------------------------------


def test_startup_run_records_are_complete(tmp_path):
    result = startup.run(1, tmp_path)
    assert set(result.timings) == {"ours", "pandas"}
    assert all(len(t.runs) == 1 and t.median > 0 for t in result.timings.values())
    assert result.command[0] == "validate"
    assert list(tmp_path.iterdir()) == []  # the export is removed
    text = "\n".join(bench_run.startup_section(result))
    assert "### 5. Start-up" in text and "| pandas |" in text
    (goal,) = bench_run.startup_goals(result)
    assert goal.profile == "startup" and "×" in goal.measured


def test_startup_refuses_a_command_that_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(startup, "EXPECTED", "4 rows read")  # not what validate reports
    with pytest.raises(startup.StartFailed, match=r"ours: .*validate"):
        startup.run(1, tmp_path)


def test_import_profile_lists_what_the_command_imports(tmp_path):
    export = startup.write_export(tmp_path)
    text = bench_run.import_profile(["-m", "nps_workbook.cli", "validate", str(export)], tmp_path)
    assert text.startswith("imports ") and " pandas" in text and "nps_workbook.load" in text
