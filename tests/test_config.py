import pytest
from pydantic import ValidationError

from nps_workbook.config import ClientConfig, SurveyFormat, load_client, survey_format
from nps_workbook.errors import ConfigError


def write(tmp_path, text, name="mapping.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_none_and_empty_files_mean_detect_everything(tmp_path):
    assert survey_format(None) == SurveyFormat()
    assert survey_format(write(tmp_path, "# nothing yet\n")) == SurveyFormat()


def test_full_format_from_yaml(tmp_path):
    path = write(
        tmp_path,
        "columns:\n  score: REC\n  date: Når\n"
        "date_order: month-first\nsheet: Data\nencoding: cp1252\ndelimiter: ';'\n",
    )
    fmt = survey_format(path)
    assert (fmt.columns.score, fmt.columns.date) == ("REC", "Når")
    assert (fmt.date_order, fmt.sheet, fmt.encoding, fmt.delimiter) == (
        "month-first",
        "Data",
        "cp1252",
        ";",
    )


def test_dict_and_model_are_accepted_as_they_are():
    fmt = SurveyFormat(sheet=1)
    assert survey_format(fmt) is fmt
    assert survey_format({"columns": {"comment": "Why"}}).columns.comment == "Why"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colums:\n  score: X\n", "mapping.yml: unknown key 'colums'"),
        ("columns:\n  scores: X\n", "mapping.yml: unknown key 'columns.scores'"),
        ("date_order: backwards\n", "mapping.yml: date_order: Input should be 'day-first'"),
        ("delimiter: ';;'\n", "mapping.yml: delimiter:"),
        ("- just\n- a list\n", "mapping.yml: expected a mapping of keys (columns, date_order"),
        ("columns: {score: [\n", "mapping.yml: not valid YAML at line 2"),
    ],
)
def test_mistakes_name_the_file_and_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as error:
        survey_format(write(tmp_path, text))
    assert message in str(error.value)


def test_error_lists_the_keys_that_are_expected(tmp_path):
    with pytest.raises(ConfigError, match=r"columns: score, date, comment, respondent_id"):
        survey_format(write(tmp_path, "colums: {}\n"))


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(ConfigError, match="no such configuration file"):
        survey_format(tmp_path / "nope.yml")
    path = tmp_path / "latin.yml"
    path.write_bytes("columns:\n  score: Anbefal\xe6\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=r"latin\.yml: not UTF-8 text"):
        survey_format(path)


# --- client.yml ------------------------------------------------------------------------------


def client_folder(tmp_path, text, files=("responses.csv",)):
    folder = tmp_path / "client"
    folder.mkdir()
    for name in files:
        (folder / name).write_text("NPS\n9\n", encoding="utf-8")
    (folder / "client.yml").write_text(text, encoding="utf-8")
    return folder


def test_minimal_client_gets_every_default(tmp_path):
    client = load_client(
        client_folder(tmp_path, "client: Nordlys A/S\nfiles: {responses: responses.csv}\n")
    )
    config = client.config
    assert (client.name, config.language, config.currency, config.period) == (
        "Nordlys A/S",
        "da",
        "DKK",
        "month",
    )
    assert (config.loops.loop1_max, config.loops.deadlines.detractors) == (6, 2)
    assert (config.privacy.min_group, config.privacy.anonymise_comments) == (5, True)
    assert client.path("responses") == (client.folder / "responses.csv")
    assert client.path("customers") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("client: X\nfiles: {responses: responses.csv}\nlanguge: da\n", "unknown key 'languge'"),
        (
            "client: X\nfiles: {responses: responses.csv}\nlanguage: de\n",
            "language: Input should be 'da' or 'en'",
        ),
        (
            "client: X\nfiles: {responses: responses.csv}\nfinance: {margin: 1.5}\n",
            "finance.margin: Input should be less than or equal to 1 (found 1.5)",
        ),
        (
            "client: X\nfiles: {responses: responses.csv}\nloops: {loop1_max: 7, loop2_max: 6}\n",
            "loops.loop2_max (6) is below loops.loop1_max (7)",
        ),
        ("files: {responses: responses.csv}\n", "client: Field required"),
        ("client: X\nfiles: {responses: svar.csv}\n", "files.responses: 'svar.csv' does not exist"),
        (
            "client: X\nfiles: {responses: ../other/responses.csv}\n",
            "files.responses: '../other/responses.csv' leaves the client folder",
        ),
        ("client: X\nfiles: {responses: /etc/passwd}\n", "leaves the client folder"),
    ],
)
def test_client_mistakes_name_the_file_and_key(tmp_path, text, message):
    folder = client_folder(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_client(folder)
    assert message in str(error.value)
    assert "client.yml" in str(error.value)


def test_folder_without_client_yml(tmp_path):
    with pytest.raises(
        ConfigError, match=r"has no client\.yml; create one with: nps-workbook new-client"
    ):
        load_client(tmp_path)


def test_defaults_are_the_model_defaults():
    config = ClientConfig(client="X", files={"responses": "r.csv"})
    assert config.finance.retention.promoters > config.finance.retention.detractors


def test_scale_check_is_on_unless_the_survey_is_declared_0_to_10_or_1_to_10(tmp_path):
    assert SurveyFormat().scale == "check"
    assert SurveyFormat().answer_scale == "0-10"
    assert survey_format(write(tmp_path, 'scale: "0-10"\n')).scale == "0-10"
    declared = survey_format(write(tmp_path, "scale: 1-10\n"))
    assert (declared.scale, declared.answer_scale) == ("1-10", "1-10")
    with pytest.raises(ConfigError, match=r"scale: Input should be 'check', '0-10' or '1-10'"):
        survey_format(write(tmp_path, "scale: 1-5\n"))


def test_a_key_given_twice_is_refused_with_both_lines(tmp_path):
    with pytest.raises(ConfigError, match=r"line 3: key 'sheet' appears twice, at lines 1 and 3"):
        survey_format(write(tmp_path, "sheet: Data\nencoding: cp1252\nsheet: Ark1\n"))
    # The same key in two different mappings is fine.
    fmt = survey_format(write(tmp_path, "columns: {score: NPS}\nsheet: NPS\n"))
    assert (fmt.columns.score, fmt.sheet) == ("NPS", "NPS")


@pytest.mark.parametrize("text", ["", "# client: X\n", "\n\n"])
def test_empty_client_yml_says_so(tmp_path, text):
    with pytest.raises(ConfigError, match=r"client\.yml: is empty \(or only comments\)"):
        load_client(client_folder(tmp_path, text))


def test_timezone_defaults_from_the_language_and_refuses_an_unknown_zone():
    base = {"client": "Nordlys", "files": {"responses": "r.csv"}}
    assert ClientConfig.model_validate(base).zone == "Europe/Copenhagen"
    assert ClientConfig.model_validate({**base, "language": "en"}).zone == "Europe/London"
    chosen = ClientConfig.model_validate({**base, "timezone": "Europe/Oslo"})
    assert chosen.zone == "Europe/Oslo"
    with pytest.raises(ValidationError, match="unknown time zone 'Europe/Kobenhavn'"):
        ClientConfig.model_validate({**base, "timezone": "Europe/Kobenhavn"})
