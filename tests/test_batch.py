"""The batch: many clients' notebooks in worker processes, one results folder.

One batch runs for the module (02_nps only, two workers): the two sample clients, a client whose
client.yml is not valid YAML, a client whose notebook fails (its responses file is the follow-up
log, which has no score column) and a client whose name is made of quotes, a newline and Python.
Expected figures are computed by hand from the answers the loader reads.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import socket
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, SAMPLE_DATA
from notebook_outputs import nps_by_hand, output_texts
from output_files import output_files, readable_text

from nps_workbook import load_responses, texts
from nps_workbook.batch import (
    ClientResult,
    NotebookResult,
    find_clients,
    key_figures,
    run_batch,
    select_notebooks,
)
from nps_workbook.cli import main
from nps_workbook.config import load_client
from nps_workbook.errors import ConfigError
from nps_workbook.workbook import recorded_figures

NOTEBOOK = "02_nps"
# A name that would run as code if a parameter or a name were pasted into a cell as text.
ODD_NAME = "Bo's \"Best\" A/S\nline two __import__('os').system('touch PWNED')"
NAMES = {"dk-b2b-it": "Kvistholm Data A/S", "uk-webshop": "Quillmoor Home", "odd-name": ODD_NAME}


def copy_client(source: str, target: Path) -> Path:
    shutil.copytree(SAMPLE_DATA / source, target)
    return target


def edit_client_yml(folder: Path, **changes) -> None:
    path = folder / "client.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        section, _, name = key.partition("__")
        if name:
            config[section][name] = value
        else:
            config[key] = value
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def clients(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("clients")
    broken = copy_client("dk-b2b-it", folder / "broken")
    (broken / "client.yml").write_text("client: [Kvistholm\nfiles: {}\n", encoding="utf-8")
    wrong = copy_client("uk-webshop", folder / "wrong-export")
    edit_client_yml(wrong, files__responses="followups.csv")
    odd = copy_client("uk-webshop", folder / "odd-name")
    edit_client_yml(odd, client=ODD_NAME)
    return folder


@pytest.fixture(scope="module")
def batch(clients, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    paths = find_clients([SAMPLE_DATA, clients])
    result = run_batch(paths, out, jobs=2, notebooks=[NOTEBOOK], progress=False)
    return result, out


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def by_hand(scores) -> dict:
    """The figures notebook 02 records, computed by hand (see notebook_outputs.nps_by_hand)."""
    figures = nps_by_hand(scores)
    return {
        "nps_n": figures["n"],
        "nps_promoters": figures["promoters"],
        "nps_passives": figures["passives"],
        "nps_detractors": figures["detractors"],
        "nps_overall": figures["nps"],
        "nps_overall_ci_low": figures["ci_low"],
        "nps_overall_ci_high": figures["ci_high"],
    }


def outputs_text(notebook) -> str:
    """Everything a run showed as text (Markdown, HTML, plain, streams), images left out."""
    return "\n".join(output_texts(notebook))


# --- finding clients and notebooks -----------------------------------------------------------


def test_find_clients_expands_a_folder_of_clients_sorted(tmp_path):
    for name in ("b-client", "a-client"):
        copy_client("uk-webshop", tmp_path / "clients" / name)
    (tmp_path / "clients" / "notes").mkdir()
    single = SAMPLE_DATA / "dk-b2b-it"
    assert find_clients([single, tmp_path / "clients", single]) == [
        single,
        tmp_path / "clients" / "a-client",
        tmp_path / "clients" / "b-client",
    ]


def test_find_clients_refuses_what_is_not_a_client(tmp_path):
    with pytest.raises(ConfigError, match="no-such"):
        find_clients([tmp_path / "no-such"])
    with pytest.raises(ConfigError, match="neither a client folder"):
        find_clients([tmp_path])


def test_notebooks_are_chosen_by_name_or_number():
    assert select_notebooks(["03", "02_nps.ipynb"]) == ["02_nps", "03_loops"]
    with pytest.raises(ConfigError, match="02_nps"):
        select_notebooks(["99_nothing"])


# --- one batch over good and bad clients -------------------------------------------------------


@pytest.mark.slow
def test_each_client_gets_a_status_and_the_good_ones_succeed(batch):
    result, out = batch
    status = {c.folder: c.status for c in result.clients}
    assert status == {
        "dk-b2b-it": "ok",
        "uk-webshop": "ok",
        "broken": "failed",
        "odd-name": "ok",
        "wrong-export": "failed",
    }
    recorded = read_json(out / "batch.json")
    assert {c["folder"]: c["status"] for c in recorded["results"]} == status
    assert recorded["failed"] == 2
    for client in recorded["results"]:
        if client["status"] == "ok":
            assert client["notebooks"][NOTEBOOK]["status"] == "ok"
            assert client["seconds"] > 0


@pytest.mark.slow
def test_a_bad_client_yml_is_one_line_and_never_runs(batch):
    result, out = batch
    broken = next(c for c in result.clients if c.folder == "broken")
    assert "\n" not in broken.reason
    assert broken.reason.startswith("broken/client.yml: not valid YAML")
    assert broken.notebooks == []
    assert not (out / "broken").exists()


@pytest.mark.slow
def test_a_failing_notebook_names_the_notebook_cell_and_error(batch):
    result, out = batch
    wrong = next(c for c in result.clients if c.folder == "wrong-export")
    run = wrong.notebooks[0]
    assert (run.notebook, run.status) == (NOTEBOOK, "failed")
    assert isinstance(run.cell, int)
    assert run.error.startswith(f"{NOTEBOOK}: cell {run.cell}: SurveyFileError: ")
    assert "followups.csv" in run.error and "\n" not in run.error
    summary = read_json(out / "wrong-export" / "summary.json")
    assert summary["status"] == "failed"
    assert summary["notebooks"][NOTEBOOK]["error"] == run.error
    # papermill writes the failed notebook: it is kept for reading the error in place
    assert (out / "wrong-export" / "notebooks" / f"{NOTEBOOK}.ipynb").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("client", ["dk-b2b-it", "uk-webshop"])
def test_summary_figures_equal_a_computation_from_the_answers(batch, client):
    _, out = batch
    config = load_client(SAMPLE_DATA / client).config
    answers = load_responses(SAMPLE_DATA / client / config.files.responses, config.responses)
    answers = answers.answers
    if config.roles.measurement:  # the headline is of the relationship answers (issue 18)
        wanted = {value.strip().casefold() for value in config.roles.relationship}
        kind = answers[config.roles.measurement].astype(str).str.strip().str.casefold()
        answers = answers[kind.isin(wanted)]
    expected = by_hand(answers["score"])
    summary = read_json(out / client / "summary.json")
    assert (summary["client"], summary["language"]) == (NAMES[client], config.language)
    assert summary["notebooks"][NOTEBOOK]["status"] == "ok"
    figures = summary["figures"][NOTEBOOK]
    assert summary["key_figures"]["nps"] == pytest.approx(expected["nps_overall"], abs=1e-9)
    assert summary["key_figures"]["n"] == expected["nps_n"]
    for key, value in expected.items():
        # Z to six decimals in by_hand: the intervals agree to a millionth of a point
        assert figures[key] == pytest.approx(value, abs=1e-6), key
    executed = out / client / "notebooks" / f"{NOTEBOOK}.ipynb"
    assert figures == recorded_figures(executed)


CLIENT_FILES = {
    "summary.json",
    f"notebooks/{NOTEBOOK}.ipynb",
    f"reports/{NOTEBOOK}.html",
    "report.html",
    "notes.md",
    "report.pptx",
    "followup.xlsx",
    "rejected.csv",
}


@pytest.mark.slow
def test_each_client_gets_its_reports_workbook_and_rejected_rows(batch):
    _, out = batch
    written = {p.relative_to(out).as_posix() for p in output_files(out)}
    expected = {"batch.json", "index.html", ".batch.lock"}
    for client in ("dk-b2b-it", "uk-webshop", "odd-name"):
        expected |= {f"{client}/{name}" for name in CLIENT_FILES}
        assert read_json(out / client / "summary.json")["files"] == [
            f"reports/{NOTEBOOK}.html",
            "report.html",
            "notes.md",
            "report.pptx",
            "followup.xlsx",
            "rejected.csv",
        ]
    # the failed notebook is kept to read the error in place; its reports are not written
    expected |= {"wrong-export/summary.json", f"wrong-export/notebooks/{NOTEBOOK}.ipynb"}
    assert written == expected


@pytest.mark.slow
def test_no_local_path_user_or_host_name_in_any_output(batch, clients):
    _, out = batch
    # "/work/" with its slash: "nps_workbook/workbook.py" in a traceback is not a local path
    local = {str(ROOT), str(clients), str(out), "/work/", "/tmp/", "/root/", "/home/"}
    local |= {p for p in (str(Path.home()), socket.gethostname()) if len(p) > 3}
    for path in output_files(out):
        text = readable_text(path)
        found = [s for s in local if s in text or json.dumps(s)[1:-1] in text]
        assert not found, f"{path.relative_to(out)} holds {found}"


@pytest.mark.slow
def test_the_rejected_rows_file_lists_what_the_loader_refused(batch):
    _, out = batch
    config = load_client(SAMPLE_DATA / "dk-b2b-it").config
    loaded = load_responses(SAMPLE_DATA / "dk-b2b-it" / config.files.responses, config.responses)
    # Danish Excel opens a semicolon-separated file with a BOM as columns, æøå intact
    raw = (out / "dk-b2b-it" / "rejected.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rejected = pd.read_csv(out / "dk-b2b-it" / "rejected.csv", sep=";", encoding="utf-8-sig")
    from_responses = rejected[rejected["file"] == config.files.responses]
    assert len(from_responses) == len(loaded.rejected) > 0
    assert list(from_responses["row"]) == list(loaded.rejected["row"])
    assert list(from_responses["reason"]) == list(loaded.rejected["reason"])


@pytest.mark.slow
def test_the_index_lists_every_client_with_its_figures_and_working_links(batch):
    _, out = batch
    page = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#]+)"', page)
    assert links, "the index links to the reports"
    for link in links:
        assert (out / unquote(link)).is_file(), link
    for client in ("dk-b2b-it", "uk-webshop"):
        figures = read_json(out / client / "summary.json")["key_figures"]
        language = load_client(SAMPLE_DATA / client).config.language
        assert f'href="{client}/report.html"' in page
        assert html.escape(NAMES[client]) in page
        # three of the clients are English, one Danish: the index speaks the majority's language
        assert texts.format_nps(figures["nps"], "en") in page
        assert texts.format_number(figures["n"], "en") in page
        assert (
            "\n".join(
                f'<td class="number">{texts.format_nps(figures[key], "en")}</td>'
                for key in ("nps",)
            )
            in page
        )
        trend = figures["trend"]
        arrow = ("▲" if trend["change"] > 0 else "▼") if trend["significant"] else "▶"
        assert f"{arrow}</span> {texts.format_nps(trend['change'], 'en')}" in page
        assert language in ("da", "en")
    assert '<html lang="en">' in page
    assert "broken/client.yml: not valid YAML" in page
    assert texts.label("index.status_failed", "en") in page


@pytest.mark.slow
def test_papermill_metadata_names_the_client_folder_only(batch):
    _, out = batch
    notebook = nbformat.read(out / "uk-webshop" / "notebooks" / f"{NOTEBOOK}.ipynb", as_version=4)
    papermill = notebook.metadata["papermill"]
    assert papermill["parameters"]["client_dir"] == "uk-webshop"
    assert "input_path" not in papermill and "output_path" not in papermill


@pytest.mark.slow
def test_a_name_with_quotes_newlines_and_python_appears_literally(batch):
    _, out = batch
    summary = read_json(out / "odd-name" / "summary.json")
    assert summary["client"] == ODD_NAME
    notebook = nbformat.read(out / "odd-name" / "notebooks" / f"{NOTEBOOK}.ipynb", as_version=4)
    shown = outputs_text(notebook)
    assert all(line in shown for line in ODD_NAME.splitlines())
    assert not (ROOT / "notebooks" / "PWNED").exists()


@pytest.mark.slow
def test_a_clients_outputs_hold_no_other_clients_name(batch):
    _, out = batch
    others = {
        "dk-b2b-it": [NAMES["uk-webshop"], NAMES["odd-name"].splitlines()[0]],
        "uk-webshop": [NAMES["dk-b2b-it"], NAMES["odd-name"].splitlines()[0]],
        # odd-name is a copy of uk-webshop's data, whose question text names Quillmoor Home
        "odd-name": [NAMES["dk-b2b-it"]],
    }
    for client, names in others.items():
        for path in output_files(out / client):
            text = readable_text(path)
            for name in names:
                assert name not in text and json.dumps(name)[1:-1] not in text, (path, name)


# --- the command ------------------------------------------------------------------------------


def test_cli_lists_failed_clients_and_exits_non_zero(clients, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(clients / "broken"), "--out", str(out), "--notebooks", NOTEBOOK]
    )
    assert result.exit_code == 1, result.output
    assert "0 of 1 clients" in result.output
    assert "failed: broken: broken/client.yml: not valid YAML" in result.output
    assert read_json(out / "batch.json")["results"][0]["status"] == "failed"


def test_cli_refuses_a_path_that_is_no_client(tmp_path):
    result = CliRunner().invoke(main, ["batch", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "neither a client folder" in result.output


def test_two_clients_with_one_folder_name_are_refused(tmp_path):
    twin = copy_client("uk-webshop", tmp_path / "uk-webshop")
    with pytest.raises(ConfigError, match="two clients with the folder name 'uk-webshop'"):
        run_batch([SAMPLE_DATA / "uk-webshop", twin], tmp_path / "out", progress=False)


def test_an_unknown_language_is_refused_before_anything_runs(tmp_path):
    with pytest.raises(ConfigError, match="language 'fr'"):
        run_batch([SAMPLE_DATA / "uk-webshop"], tmp_path / "out", language="fr", progress=False)
    assert not (tmp_path / "out").exists()


# --- on a Dask cluster ------------------------------------------------------------------------


@pytest.mark.slow
def test_the_same_tasks_run_on_a_dask_cluster(tmp_path):
    from distributed import LocalCluster

    client = copy_client("uk-webshop", tmp_path / "clients" / "on-dask")
    out = tmp_path / "out"
    # one thread a worker: papermill changes the working directory of the worker process
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        result = run_batch(
            [client],
            out,
            notebooks=[NOTEBOOK],
            scheduler=cluster.scheduler_address,
            progress=False,
        )
    assert result.clients[0].status == "ok", result.clients[0].reason
    expected = by_hand(
        load_responses(client / "responses.csv", load_client(client).config.responses).answers[
            "score"
        ]
    )
    summary = read_json(out / "on-dask" / "summary.json")
    assert summary["key_figures"]["nps"] == pytest.approx(expected["nps_overall"], abs=1e-9)
    assert set(summary["files"]) == CLIENT_FILES - {"summary.json", f"notebooks/{NOTEBOOK}.ipynb"}


@pytest.mark.slow  # Dask waits out its connect timeout (about ten seconds)
def test_an_unreachable_scheduler_is_one_error(tmp_path):
    client = copy_client("uk-webshop", tmp_path / "clients" / "nowhere")
    with pytest.raises(ConfigError, match=r"scheduler tcp://127\.0\.0\.1:9: cannot connect"):
        run_batch(
            [client],
            tmp_path / "out",
            notebooks=[NOTEBOOK],
            scheduler="tcp://127.0.0.1:9",
            progress=False,
        )


@pytest.mark.slow
def test_demo_runs_every_sample_client_and_says_what_to_open(tmp_path):
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--out", str(out), "--notebooks", NOTEBOOK])
    assert result.exit_code == 0, result.output
    assert "2 of 2 clients done" in result.output
    assert result.output.rstrip().endswith(f"Open {out / 'index.html'}")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert all(html.escape(name) in page for name in (NAMES["dk-b2b-it"], NAMES["uk-webshop"]))


def test_a_notebook_dir_without_notebooks_is_refused_before_anything_is_written(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.ipynb").write_text("{}", encoding="utf-8")
    client = copy_client("uk-webshop", tmp_path / "clients" / "quillmoor")
    for folder, message in [
        (tmp_path / "mine", "holds no workbook notebook"),
        (tmp_path / "nowhere", "no such notebook folder"),
    ]:
        with pytest.raises(ConfigError, match=message):
            run_batch([client], tmp_path / "out", notebook_dir=folder, progress=False)
    assert not (tmp_path / "out").exists()
    shutil.copy(ROOT / "notebooks" / "02_nps.ipynb", tmp_path / "mine" / "02_mine.ipynb")
    assert select_notebooks(None, tmp_path / "mine") == ["02_mine"]
    with pytest.raises(ConfigError, match="expected one of: 02_mine"):
        select_notebooks(["03"], tmp_path / "mine")


def test_key_figures_carry_the_scale_the_nps_page_recorded():
    recorded = {"nps_overall": 12.5, "nps_n": 40, "nps_scale": "1-10"}
    result = ClientResult("a", notebooks=[NotebookResult("02_nps", "ok", 1.0, figures=recorded)])
    figures = key_figures(result)
    assert (figures["nps"], figures["n"], figures["scale"]) == (12.5, 40, "1-10")
