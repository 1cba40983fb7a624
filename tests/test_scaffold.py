"""Specification of a new client folder and of every template in templates/ that code uses.

The model is walked here with plain pydantic, independently of the scaffold's own walker, so the
commented client.yml cannot drift from `nps_workbook.config.ClientConfig`.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from nps_workbook import kit, load_responses
from nps_workbook.client_data import load_client_data
from nps_workbook.config import ClientConfig, load_client
from nps_workbook.errors import ConfigError
from nps_workbook.scaffold import (
    client_config_text,
    client_slug,
    new_client,
    render_agenda,
    survey_questions,
    touchpoint_columns,
    write_touchpoint_workbook,
    yaml_value,
)

SCRIPT = Path(sys.executable).parent / "nps-workbook"
LANGUAGES = ("da", "en")


def model_paths(model: type[BaseModel] = ClientConfig, prefix: str = "") -> list[str]:
    """Every leaf key of the model as a dotted path, found by walking its fields."""
    paths = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths += model_paths(annotation, f"{prefix}{name}.")
        else:
            paths.append(prefix + name)
    return paths


def lookup(tree: dict, path: str) -> object:
    for part in path.split("."):
        assert isinstance(tree, dict) and part in tree, f"{path}: '{part}' missing"
        tree = tree[part]
    return tree


def with_responses(folder: Path) -> Path:
    (folder / "responses.csv").write_text("NPS\n9\n7\n3\n", encoding="utf-8")
    return folder


# --- the folder name ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Kvistholm Data A/S", "kvistholm-data-a-s"),
        ("Ærø Økologiske Æbler ApS", "aeroe-oekologiske-aebler-aps"),
        ("Café Sø & Å", "cafe-soe-aa"),
        ("A\u030arhus Vand", "aarhus-vand"),  # å written as a + combining ring
        ('"../../etc"', "etc"),
        ("...", "client"),
        ("..", "client"),
        ("", "client"),
        ("株式会社", "client"),
        ("C:\\Users\\x", "c-users-x"),
        ("Straße 5", "strasse-5"),
        ("CON", "con-client"),
        ("ﬁnance №1", "finance-no1"),
    ],
)
def test_client_slug_examples(name: str, slug: str) -> None:
    assert client_slug(name) == slug


@given(st.text(max_size=200))
def test_client_slug_is_always_a_safe_folder_name(name: str) -> None:
    slug = client_slug(name)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    assert len(slug) <= 60
    assert slug not in {".", "..", "con", "nul", "prn", "aux"}


def test_long_names_are_cut_at_a_word() -> None:
    slug = client_slug("Nordjysk " * 20)
    assert len(slug) <= 60 and slug.endswith("nordjysk")


# --- client.yml: the template against the model -------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_model_key_is_in_the_template(language: str) -> None:
    source = (kit.templates_dir() / f"client.{language}.yml.j2").read_text(encoding="utf-8")
    rendered = yaml.safe_load(client_config_text("Nordlys A/S", language=language))
    paths = model_paths()
    assert len(paths) > 80
    for path in paths:
        lookup(rendered, path)  # the key is written, not commented out
        head, _, last = path.partition(".")
        # Each key is written by name in the template (the survey sections through a macro).
        if head in {"responses", "employee_survey"} and last in model_paths(
            ClientConfig.model_fields["responses"].annotation
        ):
            assert f'section ~ ".{last}"' in source, path
        else:
            assert f'"{path}"' in source, path


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_comment_states_its_default(language: str) -> None:
    text = client_config_text("Nordlys A/S", language=language)
    word = {"da": "Standard:", "en": "Default:"}[language]
    required = {"client", "files.responses"}
    assert text.count(word) == len(model_paths()) - len(required)
    assert f"{word} 6." in text  # loops.loop1_max, read from the model
    assert {"da": "Tilladt: 0 til 8.", "en": "Allowed: 0 to 8."}[language] in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_rendered_template_gives_exactly_the_model_defaults(tmp_path: Path, language: str) -> None:
    (tmp_path / "client.yml").write_text(
        client_config_text("Nordlys A/S", language=language), encoding="utf-8"
    )
    loaded = load_client(with_responses(tmp_path)).config
    expected = ClientConfig(
        client="Nordlys A/S", language=language, files={"responses": "responses.csv"}
    )
    assert loaded.model_dump() == expected.model_dump()


def test_filled_values_and_nothing_else_change() -> None:
    values = {
        "roles": {"department": "Afdeling"},
        "segments": ["Afdeling", "Region: Nord"],
        "loops": {"deadlines": {"detractors": 1}, "channel": "phone"},
        "finance": {"retention": {"promoters": 0.95}},
        "maturity": {"ambassador": True},
    }
    config = ClientConfig.model_validate(yaml.safe_load(client_config_text("X", values=values)))
    expected = ClientConfig(client="X", files={"responses": "responses.csv"}).model_dump()
    expected["roles"]["department"] = "Afdeling"
    expected["segments"] = ["Afdeling", "Region: Nord"]
    expected["loops"]["deadlines"]["detractors"] = 1
    expected["loops"]["channel"] = "phone"
    # A key inside a section keeps its siblings' defaults (retention of the other categories).
    expected["finance"]["retention"]["promoters"] = 0.95
    expected["maturity"] = {"ambassador": True}
    assert config.model_dump() == expected


def test_unknown_keys_and_bad_values_are_refused() -> None:
    with pytest.raises(ValueError, match=r"'roles\.departement' is not a client\.yml key"):
        client_config_text("X", values={"roles": {"departement": "Afdeling"}})
    with pytest.raises(ConfigError, match=r"client\.yml: finance\.margin"):
        client_config_text("X", values={"finance": {"margin": 2}})


@settings(max_examples=200)
@given(st.text(max_size=80) | st.sampled_from(["yes", "null", "~", "- x", "a: b", "#c", "'q\""]))
def test_yaml_value_reads_back_equal_at_any_indentation(value: str) -> None:
    line = yaml_value(value)
    assert "\n" not in line
    assert yaml.safe_load(f"a:\n  b:\n    key: {line}\n  c: 1\n") == {
        "a": {"b": {"key": value}, "c": 1}
    }


# --- a new client folder ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_client_folder(tmp_path: Path, language: str) -> None:
    folder = new_client("Kvistholm Data A/S", tmp_path / "clients", language=language)
    assert folder == tmp_path / "clients" / "kvistholm-data-a-s"
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md",
        "client.yml",
        "touchpoints.xlsx",
    ]
    with pytest.raises(ConfigError, match=r"files\.responses: 'responses\.csv' does not exist"):
        load_client(folder)  # the export is the consultant's to put there
    config = load_client(with_responses(folder)).config
    assert (config.client, config.language) == ("Kvistholm Data A/S", language)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Kvistholm Data A/S\n")
    for question in survey_questions(language, "Kvistholm Data A/S").values():
        assert question in readme


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(min_size=1, max_size=60).filter(str.strip)
    | st.sampled_from(['Nord: "Syd" # 2\nA/S', "O'Brien & Søn", "{company}", "\u2028x", "- a"])
)
def test_any_client_name_round_trips_through_client_yml(name: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        folder = with_responses(new_client(name, directory))
        assert load_client(folder).name == name


def test_existing_folder_is_refused_unless_forced(tmp_path: Path) -> None:
    folder = new_client("Nordlys A/S", tmp_path)
    (folder / "client.yml").write_text("edited", encoding="utf-8")
    with_responses(folder)
    with pytest.raises(ConfigError, match=r"nordlys-a-s: already exists; .* --force"):
        new_client("Nordlys A/S", tmp_path)
    assert (folder / "client.yml").read_text(encoding="utf-8") == "edited"
    assert new_client("Nordlys A/S", tmp_path, force=True) == folder
    assert load_client(folder).name == "Nordlys A/S"
    assert (folder / "responses.csv").exists(), "data files are kept"


def test_blank_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="client name is empty"):
        new_client("  ", tmp_path)


# --- the touchpoint templates -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("file", ["touchpoints.xlsx", "touchpoints.csv"])
def test_touchpoint_template_loads_through_a_new_client(
    tmp_path: Path, language: str, file: str
) -> None:
    folder = with_responses(new_client("Nordlys A/S", tmp_path, language=language))
    if file.endswith(".csv"):
        shutil.copyfile(kit.templates_dir() / f"touchpoints.{language}.csv", folder / file)
        config = folder / "client.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("touchpoints: touchpoints.xlsx", f"touchpoints: {file}"))
    data = load_client_data(folder)
    assert data.client.path("touchpoints").name == file
    touchpoints = data.touchpoints
    assert len(touchpoints.rejected) == 0
    template = pd.read_csv(
        kit.templates_dir() / f"touchpoints.{language}.csv",
        dtype=str,
        sep=None,
        engine="python",
        encoding="cp1252" if language == "da" else "utf-8-sig",
    )
    assert len(touchpoints.frame) == len(template) >= 8
    frame = touchpoints.frame
    assert frame["importance_customer"].between(1, 5).all()
    assert frame["importance_firm"].between(1, 5).all()
    assert list(frame["order"]) == list(range(1, len(frame) + 1))
    phases = {"da": ["Før", "Under", "Efter"], "en": ["Before", "During", "After"]}[language]
    assert list(dict.fromkeys(frame["phase"])) == phases


def test_danish_touchpoint_csv_opens_in_danish_excel() -> None:
    raw = (kit.templates_dir() / "touchpoints.da.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    header = text.split("\r\n")[0].split(";")
    assert header == [
        "Kontaktpunkt",
        "Fase",
        "Rækkefølge",
        "Vigtighed for kunden (1-5)",
        "Vigtighed for virksomheden (1-5)",
        "Ejer",
        "Ønsket oplevelse",
    ]
    assert text.count("\r\n") == text.count("\n")


def test_sample_touchpoints_use_the_template_headers() -> None:
    sample = pd.read_excel(Path(__file__).parents[1] / "sample_data/dk-b2b-it/touchpoints.xlsx")
    assert list(sample.columns) == list(touchpoint_columns("da").values())
    english = pd.read_csv(kit.templates_dir() / "touchpoints.en.csv", encoding="utf-8-sig", nrows=0)
    assert list(english.columns) == list(touchpoint_columns("en").values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_touchpoint_workbook_is_generated_from_the_csv(
    tmp_path: Path, language: str
) -> None:
    fresh = write_touchpoint_workbook(language, tmp_path / "fresh.xlsx")
    committed = kit.templates_dir() / f"touchpoints.{language}.xlsx"
    assert committed.read_bytes() == fresh.read_bytes(), (
        f'{committed.name} is stale: run python -c "from nps_workbook.scaffold import '
        f"write_touchpoint_workbook; write_touchpoint_workbook('{language}')\""
    )


# --- survey questions ---------------------------------------------------------------------------


def test_survey_questions_in_both_languages() -> None:
    danish, english = survey_questions("da", "Nordlys"), survey_questions("en", "Nordlys")
    assert list(danish) == list(english)
    assert {"nps", "why", "enps", "enps_why", "touchpoint_nps", "touchpoint_improve"} <= set(danish)
    for text in [*danish.values(), *english.values()]:
        assert "{" not in text and "  " not in text and "\n" not in text
    assert "Nordlys" in danish["nps"] and "anbefale" in danish["nps"]
    assert "Nordlys" in english["enps"] and "place to work" in english["enps"]
    assert survey_questions("en", "{Odd} Co")["nps"].count("{Odd} Co") == 1


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("score", "why"), [("nps", "why"), ("enps", "enps_why")])
def test_the_questions_are_recognised_as_export_headers(
    tmp_path: Path, language: str, score: str, why: str
) -> None:
    # An export whose headers are our questions needs no column mapping.
    questions = survey_questions(language, "Nordlys A/S")
    frame = pd.DataFrame(
        {"Id": ["1", "2", "3"], questions[why]: ["x", "", "y"], questions[score]: ["9", "6", "10"]}
    )
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    result = load_responses(path)
    assert (result.columns.score, result.columns.comment) == (questions[score], questions[why])


# --- agendas ------------------------------------------------------------------------------------

FIGURES = dict(
    nps=26.2,
    ci_low=23.14,
    ci_high=29.0,
    n=2987,
    loop_counts={"detractor": 412, "passive": 1234, "promoter": 1341},
    overdue=17,
)


@pytest.mark.parametrize("kind", ["workshop", "huddle"])
def test_danish_agenda_with_figures_in_danish_formats(kind: str) -> None:
    text = render_agenda(
        kind, "da", client="Kvistholm Data A/S", date=dt.date(2025, 3, 4), **FIGURES
    )
    assert "Kvistholm Data A/S" in text and "4. marts 2025" in text
    assert (
        "Samlet NPS: **+26** (95\u00a0% konfidensinterval: +23,1 til +29,0), 2.987 besvarelser."
        in (text)
    )
    assert "Loop 1 (Kritikere): 412 åbne sager" in text
    assert "Loop 2 (Passive): 1.234 åbne sager" in text
    if kind == "huddle":
        assert "17 sager er ikke fulgt op" in text


@pytest.mark.parametrize("kind", ["workshop", "huddle"])
def test_english_agenda_with_figures(kind: str) -> None:
    text = render_agenda(kind, "en", client="Quillmoor Home", date=dt.date(2025, 3, 4), **FIGURES)
    assert "4 March 2025" in text
    assert "Overall NPS: **+26** (95% confidence interval: +23.1 to +29.0), 2,987 answers." in text
    assert "Loop 3 (Promoters): 1,341 open cases" in text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["workshop", "huddle"])
def test_agenda_without_figures_says_where_they_come_from(kind: str, language: str) -> None:
    text = render_agenda(kind, language, client="Nordlys", date=dt.date(2025, 1, 6))
    assert "notebook 02" in text and "notebook 03" in text
    assert "None" not in text and "nan" not in text and "\n\n\n" not in text
    if kind == "workshop":
        for notebook in ("00", "01", "02", "03", "04", "05"):
            assert f"## {notebook} " in text
        assert text.count("?") >= 10, "questions to ask the client"


def test_negative_nps_and_unknown_kind() -> None:
    text = render_agenda("huddle", "da", client="X", nps=-4.4, ci_low=-9.96, ci_high=1.2)
    assert "**−4**" in text and "−10,0 til +1,2" in text
    with pytest.raises(ValueError, match="agenda kind 'board'"):
        render_agenda("board", "da", client="X")


# --- the command --------------------------------------------------------------------------------


def run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def test_new_client_help_has_examples() -> None:
    done = run("new-client", "--help")
    assert done.returncode == 0
    assert "Examples:" in done.stdout and "nps-workbook new-client " in done.stdout


def test_new_client_command(tmp_path: Path) -> None:
    done = run("new-client", "Ærø Data A/S", "--dir", tmp_path / "clients", "--language", "en")
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "clients" / "aeroe-data-a-s"
    assert f"Created {folder}/" in done.stdout
    assert "nps-workbook validate" in done.stdout
    assert load_client(with_responses(folder)).config.language == "en"

    again = run("new-client", "Ærø Data A/S", "--dir", tmp_path / "clients")
    assert again.returncode == 1
    assert again.stderr.startswith("error: ") and "already exists" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1

    forced = run("new-client", "Ærø Data A/S", "--dir", tmp_path / "clients", "--force")
    assert forced.returncode == 0, forced.stderr
    assert load_client(folder).config.language == "da"


def test_new_client_command_refuses_an_unknown_language(tmp_path: Path) -> None:
    done = run("new-client", "X", "--dir", tmp_path, "--language", "de")
    assert done.returncode == 2 and "'de' is not one of" in done.stderr
