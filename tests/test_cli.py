"""End to end through the installed `nps-workbook` console script, as a user runs it."""

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "nps-workbook"


def run(*args, cwd=None):
    return subprocess.run(
        [str(SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.fixture
def danish_copy(data_dir, tmp_path):
    """The Danish export alone in a folder, so a test can see what gets written beside it."""
    folder = tmp_path / "input"
    folder.mkdir()
    return Path(shutil.copy(data_dir / "danish_excel_export.csv", folder))


def test_console_script_is_installed():
    assert SCRIPT.exists(), "pip install -e . should have created the nps-workbook script"


@pytest.mark.parametrize("command", [[], ["validate"], ["score"], ["sample-data"]])
def test_help_on_every_command_with_an_example(command):
    done = run(*command, "--help")
    assert done.returncode == 0
    assert "Usage:" in done.stdout
    if command:
        assert "Examples:" in done.stdout and f"nps-workbook {command[0]} " in done.stdout


def test_validate_text_report(danish_copy):
    done = run("validate", danish_copy)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "15 rows read, 8 accepted, 7 rejected (1 empty row skipped)" in out
    assert "encoding cp1252, delimiter ';', decimal mark ','" in out
    assert "'Svar-ID' (recognised)" in out
    assert "score outside 0-10" in out and "e.g. row 10: found '11'" in out


def test_validate_writes_nothing_beside_the_input_unasked(danish_copy):
    before = sorted(p.name for p in danish_copy.parent.iterdir())
    assert run("validate", danish_copy).returncode == 0
    assert sorted(p.name for p in danish_copy.parent.iterdir()) == before


def test_validate_json(danish_copy):
    done = run("validate", danish_copy, "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["rows_read"], report["accepted"], report["rejected"]) == (15, 8, 7)
    assert report["reasons"]["duplicate response id"] == 1
    assert sum(report["reasons"].values()) == report["rejected"]
    assert report["columns"]["score"].startswith("Hvor sandsynligt")
    assert report["columns"]["response_id"] == "Svar-ID"
    assert (report["encoding"], report["delimiter"]) == ("cp1252", ";")
    assert report["file"] == "danish_excel_export.csv"  # the name, not the local path


def test_validate_rejects_file(danish_copy, tmp_path):
    target = tmp_path / "out" / "rejected.csv"
    done = run("validate", danish_copy, "--rejects", target)
    assert done.returncode == 0, done.stderr
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [int(r["row"]) for r in rows] == [9, 10, 11, 12, 13, 14, 17]
    assert rows[3]["reason"] == "date not recognised" and rows[3]["Dato"] == "i går"


def test_unusable_file_gives_one_line_and_exit_1(data_dir):
    done = run("validate", data_dir / "no_score_column.csv")
    assert done.returncode == 1
    assert done.stderr.startswith("error: ")
    assert len(done.stderr.strip().splitlines()) == 1
    assert "'Kunde', 'Tilfredshed', 'Kommentar'" in done.stderr
    assert "Traceback" not in done.stderr


def test_file_with_every_row_rejected_is_not_usable(tmp_path):
    path = tmp_path / "all_bad.csv"
    path.write_text("NPS\n11\n-1\n", encoding="utf-8")
    done = run("validate", path)
    assert done.returncode == 1
    assert "no usable answers: 2 rows read, all rejected (score outside 0-10: 2)" in done.stderr


def test_missing_file_and_bad_config_are_user_errors(data_dir, tmp_path):
    done = run("score", tmp_path / "nope.csv")
    assert (done.returncode, "no such file" in done.stderr) == (1, True)
    config = tmp_path / "m.yml"
    config.write_text("columns: [score]\n", encoding="utf-8")
    done = run("validate", data_dir / "danish_text_scores.csv", "--config", config)
    assert done.returncode == 1
    assert "m.yml: columns:" in done.stderr and "Traceback" not in done.stderr


def test_config_maps_the_score_column(realdata, data_dir):
    done = run(
        "score",
        realdata / "rnps_testdata.csv",
        "--config",
        data_dir / "rnps_mapping.yml",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    (overall,) = json.loads(done.stdout)
    with open(realdata / "rnps_testdata.csv", newline="") as handle:
        scores = [int(r["REC"]) for r in csv.DictReader(handle)]
    promoters, detractors = sum(s >= 9 for s in scores), sum(s <= 6 for s in scores)
    assert overall["n"] == len(scores)
    assert overall["nps"] == pytest.approx(100 * (promoters - detractors) / len(scores))


def test_score_json_overall_by_hand(danish_copy):
    done = run("score", danish_copy, "--format", "json")
    assert done.returncode == 0, done.stderr
    (overall,) = json.loads(done.stdout)
    # accepted scores 10, 3, 7, 9, 8, 6, 0, 9: 3 promoters, 2 passives, 3 detractors
    assert {k: overall[k] for k in ("n", "promoters", "passives", "detractors", "nps")} == {
        "n": 8,
        "promoters": 3,
        "passives": 2,
        "detractors": 3,
        "nps": 0.0,
    }
    assert overall["ci_low"] < 0 < overall["ci_high"]
    assert overall["flag"] == "indicative"
    assert {"se", "ci_low", "ci_high"} <= overall.keys()
    assert "7 of 15 rows rejected" in done.stderr


def test_score_by_segment_and_period(danish_copy):
    done = run(
        "score",
        danish_copy,
        "--by",
        "Afdeling",
        "--period",
        "month",
        "--min-group",
        "0",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    keyed = {(r["Afdeling"], r["period"]): r for r in rows}
    # Drift: S-001 (10, Jan) and S-004 (9, Feb) and S-013 (9, Mar); Support: S-002 3, S-003 7 (Jan)
    assert keyed[("Drift", "2024-01")]["nps"] == 100.0
    assert keyed[("Support", "2024-01")]["n"] == 2
    assert keyed[("Support", "2024-01")]["nps"] == -50.0
    assert sum(r["n"] for r in rows) == 8


def test_score_table_and_csv_formats(danish_copy):
    table = run("score", danish_copy, "--by", "Afdeling", "--min-group", "0")
    assert table.returncode == 0, table.stderr
    assert "Afdeling" in table.stdout and "95% CI" in table.stdout and "Support" in table.stdout
    as_csv = run("score", danish_copy, "--by", "Afdeling", "--format", "csv")
    rows = list(csv.DictReader(as_csv.stdout.splitlines()))
    assert {r["Afdeling"] for r in rows} == {"Drift", "Projekter", "Salg", "Support"}
    # below the default minimum group size of 5, groups are suppressed
    assert all(r["flag"] == "suppressed" and r["nps"] == "" for r in rows)


def test_unknown_segment_column_is_a_user_error(danish_copy):
    done = run("score", danish_copy, "--by", "Afdelng")
    assert done.returncode == 1
    assert "Afdelng" in done.stderr and "Afdeling" in done.stderr
    assert "Traceback" not in done.stderr


def test_usage_errors_exit_2(danish_copy):
    assert run("score", danish_copy, "--period", "fortnight").returncode == 2
    assert run("score", danish_copy, "--rolling", "3").returncode == 2


def test_score_weighted_by_revenue(danish_copy):
    done = run("score", danish_copy, "--weight", "Omsætning (DKK)", "--format", "json")
    assert done.returncode == 0, done.stderr
    (overall,) = json.loads(done.stdout)
    # Revenue of the accepted answers, as written in the file, by category:
    promoters = 1_250_000.50 + 2_000_000.00 + 1_000.00  # S-001 (10), S-004 (9), S-013 (9)
    passives = 120_500.75 + 430_000.00  # S-003 (7), S-005 (8)
    detractors = 85_000.00 + 99_999.99 + 0.00  # S-002 (3), S-006 (6), S-012 (0)
    total = promoters + passives + detractors
    assert overall["nps"] == pytest.approx(100 * (promoters - detractors) / total)
    weights = [1_250_000.50, 2_000_000.00, 1_000.00, 120_500.75, 430_000.00, 85_000.00, 99_999.99]
    assert overall["n_effective"] == pytest.approx(total**2 / sum(w * w for w in weights))
    assert overall["n"] == 8


def test_validate_says_what_it_repaired_while_reading(data_dir):
    result = run("validate", data_dir / "bad" / "null_bytes.csv")
    assert result.returncode == 0, result.stderr
    assert "Note: " in result.stdout and "zero bytes (NUL) removed" in result.stdout


# --- a client folder or its client.yml instead of a file (issue #15) --------------------------


def client_with_its_own_mapping(tmp_path, score_column="REC") -> Path:
    """A client whose export has a score column only client.yml's mapping finds."""
    folder = tmp_path / "acme"
    folder.mkdir()
    scores = ["10", "9", "3", "8", "0", "10", "x"]
    rows = [f"{chr(65 + i)};{score};0{i + 1}-03-2025" for i, score in enumerate(scores)]
    (folder / "export.csv").write_text(
        "\n".join([f"Kunde;{score_column};Dato", *rows]) + "\n", encoding="utf-8"
    )
    (folder / "client.yml").write_text(
        "client: Acme ApS\nfiles:\n  responses: export.csv\n"
        f"responses:\n  columns:\n    score: {score_column}\n",
        encoding="utf-8",
    )
    return folder


def test_validate_reads_a_client_folder_with_its_mapping(tmp_path):
    folder = client_with_its_own_mapping(tmp_path)
    for target in (folder, folder / "client.yml"):
        done = run("validate", target)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0] == (
            "Client Acme ApS (acme/client.yml): export.csv read with the responses: part of "
            "client.yml"
        )
        assert lines[1] == "export.csv: 7 rows read, 6 accepted, 1 rejected"
        assert "'REC' (mapped)" in done.stdout


def test_a_client_yml_as_config_lends_its_responses_part(tmp_path):
    folder = client_with_its_own_mapping(tmp_path)
    export = shutil.copy(folder / "export.csv", tmp_path / "loose.csv")
    done = run("validate", export, "--config", folder / "client.yml")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{folder / 'client.yml'} is a client.yml: the file is read")
    assert "6 accepted, 1 rejected" in done.stdout and "unknown" not in done.stdout
    both = run("validate", folder, "--config", folder / "client.yml")
    assert both.returncode == 1 and "leave out --config" in both.stderr


def test_score_of_a_client_folder_by_hand(tmp_path):
    done = run("score", client_with_its_own_mapping(tmp_path), "--format", "json")
    assert done.returncode == 0, done.stderr
    (overall,) = json.loads(done.stdout)
    # 10, 9, 3, 8, 0, 10 accepted: 3 promoters, 2 detractors
    assert (overall["n"], overall["nps"]) == (6, pytest.approx(100 * (3 - 2) / 6))
    assert "Client Acme ApS" in done.stderr and "1 of 7 rows rejected" in done.stderr


def test_a_folder_that_is_no_client_is_one_line(tmp_path):
    done = run("validate", tmp_path)
    assert done.returncode == 1 and done.stderr.startswith("error: ")
    assert "has no client.yml" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_declared_1_10_scale_is_said_by_validate_and_score(tmp_path):
    path = tmp_path / "ten.csv"
    scores = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10]  # 6 detractors, 2 passives, 4 promoters
    path.write_text("NPS\n" + "\n".join(map(str, scores)) + "\n", encoding="utf-8")
    config = tmp_path / "ten.yml"
    config.write_text('scale: "1-10"\n', encoding="utf-8")
    done = run("validate", path, "--config", config)
    assert done.returncode == 0 and done.stderr == ""
    assert "Scale: 1-10, as declared; scored with the usual cut-offs" in done.stdout
    assert (
        json.loads(run("validate", path, "--config", config, "--format", "json").stdout)["scale"]
        == "1-10"
    )
    scored = run("score", path, "--config", config, "--format", "json")
    assert scored.returncode == 0
    assert "ten.csv: scale 1-10, as declared" in scored.stderr
    (row,) = json.loads(scored.stdout)
    assert row["nps"] == pytest.approx(100 * (4 - 6) / 12)


def test_a_file_on_another_scale_gets_its_row_accounting_and_the_warning(tmp_path):
    path = tmp_path / "five.csv"
    scores = [1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 5, "", 9.5]  # a 1-5 survey, a blank, a decimal
    rows = [f"K{i},{score}" for i, score in enumerate(scores)]
    path.write_text("\n".join(["Kunde,NPS", *rows]) + "\n", encoding="utf-8")
    done = run("validate", path)
    assert done.returncode == 1
    assert "five.csv: 13 rows read, 11 accepted, 2 rejected" in done.stdout
    assert "score missing" in done.stdout and "score not a whole number" in done.stdout
    (warning,) = done.stderr.strip().splitlines()
    assert warning.startswith(f"warning: {path}: the answers in 'NPS' look like a 1-5 scale")
    assert 'scale: "0-10"' in warning
    report = json.loads(run("validate", path, "--format", "json").stdout)
    assert (report["accepted"], report["rejected"]) == (11, 2)
    assert "look like a 1-5 scale" in report["scale_warning"]
    refused = run("score", path)
    assert refused.returncode == 1 and refused.stderr.startswith(f"error: {path}: the answers")
    config = tmp_path / "declared.yml"
    config.write_text('scale: "0-10"\n', encoding="utf-8")
    declared = run("validate", path, "--config", config)
    assert declared.returncode == 0 and declared.stderr == ""
