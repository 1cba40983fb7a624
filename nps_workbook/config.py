"""Configuration files: a client's client.yml, and how to read a survey export.

A client is a folder: ``client.yml`` plus the client's data files. `load_client` reads and checks
it; every default lives in the models below (templates/ holds the commented file a consultant
fills in). Relative paths resolve against the client folder and may not leave it.

For a single export, a small YAML file (or the ``responses:`` block of client.yml) says how to
read it when its columns are not recognised on their own:

.. code-block:: yaml

    columns:
      score: REC            # the 0-10 answer
      date: Submitted       # optional
      comment: Why          # optional
      respondent_id: Account
      response_id: ResponseID
    date_order: month-first # for US exports; default: detected, day-first when undecided
    date_format: "%d %B %Y" # optional, strptime codes, for any other date form
    sheet: Data             # Excel: the sheet to read (default: the first)
    encoding: cp1252        # CSV: override the detected encoding
    delimiter: ";"          # CSV: override the detected delimiter
    scale: "0-10"           # the survey asked 0-10: skip the check for 0-5 and 1-10 scales
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import ConfigError


class ColumnMapping(BaseModel):
    """Source column names for the roles the loader needs; any left out are recognised."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    score: str | None = Field(None, description="the 0-10 answer")
    date: str | None = Field(None, description="when the answer was given")
    comment: str | None = Field(None, description="the open 'why' answer")
    respondent_id: str | None = Field(None, description="customer, account or employee id")
    response_id: str | None = Field(None, description="id of the answer itself")


class SurveyFormat(BaseModel):
    """How to read one survey export. Every field is optional: detection fills the gaps.

    `scale` guards against answers on another scale being scored as NPS. With ``"check"`` (the
    default) `load_responses` refuses a score column whose answers look like a 0-5 or 1-5 scale
    (at least `SCALE_CHECK_MIN_ANSWERS` answers, none above 5) or a 1-10 scale (at least
    `SCALE_CHECK_MIN_ONES` answers of 1 and none of 0: on a real 0-10 scale the least willing
    answer 0 at least as often as 1). ``"0-10"`` says the survey did ask 0-10 (a small or
    unusual sample can look like the above): the check is skipped. ``"1-10"`` says the survey
    asked 1-10: the answers are scored with the usual cut-offs (1-6 detractors, 7-8 passives,
    9-10 promoters), an answer of 0 is refused as off the scale, and every output says so.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: ColumnMapping = ColumnMapping()
    date_order: Literal["day-first", "month-first"] | None = None
    date_format: str | None = None
    sheet: str | int | None = None
    encoding: str | None = None
    delimiter: str | None = Field(None, min_length=1, max_length=1)
    scale: Literal["check", "0-10", "1-10"] = Field(
        "check",
        description="check: refuse answers that look like a 0-5/1-5 or 1-10 scale; "
        "1-10: the survey asked 1-10, scored with the usual cut-offs",
    )

    @property
    def answer_scale(self) -> str:
        """The scale the answers were given on: "1-10" when declared, else "0-10"."""
        return "1-10" if self.scale == "1-10" else "0-10"


#: The zone a client's answer times are shown in when client.yml names none, by language.
TIMEZONE_BY_LANGUAGE = {"da": "Europe/Copenhagen", "en": "Europe/London"}

#: Answers needed before a column with none above 5 is refused as a 0-5 or 1-5 scale.
SCALE_CHECK_MIN_ANSWERS = 10
#: Answers of 1 (and none of 0) that make a column refused as a 1-10 scale.
SCALE_CHECK_MIN_ONES = 5


class _UniqueKeys:
    """A safe loader's part that refuses a key given twice in one mapping (YAML keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.setdefault(key, key_node.start_mark.line)
            except TypeError:  # an unhashable key: let the base class report it
                continue
            if first != key_node.start_mark.line:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"key '{key}' appears twice, at lines {first + 1} and "
                    f"{key_node.start_mark.line + 1}; keep one",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


class _UniqueKeyLoader(_UniqueKeys, yaml.SafeLoader):
    """Pure Python: its error messages show the character at fault (a tab as '\\t')."""


class _FastUniqueKeyLoader(_UniqueKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser, about ten times as fast, for a file that is valid."""


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning every way it can fail into one ConfigError naming the file."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_FastUniqueKeyLoader)
    except yaml.YAMLError:
        pass  # parsed again below for the clearer message of the pure-Python parser
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}: not valid YAML{line}: {problem}") from None


def describe_validation_error(source: str, exc: ValidationError) -> str:
    """One line per problem: the key path, what was found, what is expected."""
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        if error["type"] == "extra_forbidden":
            lines.append(f"{source}: unknown key '{key}'")
        else:
            found = error.get("input")
            lines.append(f"{source}: {key}: {error['msg']} (found {found!r})")
    return "; ".join(lines)


def _model_fields_hint(model: type[BaseModel]) -> str:
    return ", ".join(model.model_fields)


def is_client_config(raw: Any) -> bool:
    """Whether YAML read from a file is a client.yml (it names the client and its files)."""
    return isinstance(raw, dict) and "client" in raw and "files" in raw


def survey_format(config: SurveyFormat | dict | str | Path | None) -> SurveyFormat:
    """Turn what a caller passes as `config` into a SurveyFormat.

    Accepts None (detect everything), a SurveyFormat, a dict, or the path of a YAML file. A
    client.yml is read for its ``responses:`` part, how the client's survey export is read.
    """
    if config is None:
        return SurveyFormat()
    if isinstance(config, SurveyFormat):
        return config
    source = "config"
    if isinstance(config, str | Path):
        source = str(config)
        config = read_yaml(Path(config))
        if is_client_config(config):
            source, config = f"{source}: responses", config.get("responses") or {}
        if config is None:
            return SurveyFormat()
    if not isinstance(config, dict):
        raise ConfigError(
            f"{source}: expected a mapping of keys ({_model_fields_hint(SurveyFormat)}), "
            f"found {type(config).__name__}"
        )
    try:
        return SurveyFormat.model_validate(config)
    except ValidationError as exc:
        message = describe_validation_error(source, exc)
        raise ConfigError(
            f"{message} (expected keys: {_model_fields_hint(SurveyFormat)}; "
            f"columns: {_model_fields_hint(ColumnMapping)})"
        ) from None


# --- client.yml -------------------------------------------------------------------------------

CLIENT_FILE = "client.yml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Files(_Section):
    """The client's data files, relative to the client folder. Only responses is required."""

    responses: str = Field(description="the survey export: CSV or Excel")
    customers: str | None = Field(None, description="customer/account file")
    touchpoints: str | None = Field(None, description="touchpoint list with importance ratings")
    employee_survey: str | None = Field(None, description="eNPS survey export")
    followups: str | None = Field(None, description="follow-up log")


#: Values of ``roles.measurement`` that mark a relationship answer unless client.yml says others.
RELATIONSHIP_VALUES = (
    "Relation",
    "Relationship",
    "Relationel",
    "Relationsmåling",
    "Relationship survey",
)


class Roles(_Section):
    """Which response columns play a part the analyses need (besides the loader's own roles)."""

    department: str | None = None
    owner: str | None = Field(None, description="account manager or person responsible")
    touchpoint: str | None = None
    phase: str | None = Field(None, description="before/during/after the contact")
    channel: str | None = None
    measurement: str | None = Field(None, description="relationship or touchpoint answer")
    relationship: list[str] = Field(
        default_factory=lambda: list(RELATIONSHIP_VALUES),
        description="values of the measurement column that mark a relationship answer "
        "(compared without case)",
    )


class CustomerColumns(_Section):
    """Column names in the customers file."""

    id: str | None = None
    name: str | None = None
    contact: str | None = None
    email: str | None = None
    phone: str | None = None
    revenue: str | None = Field(None, description="yearly revenue from the customer")
    share_of_wallet: str | None = Field(None, description="our share of their purchases, 0-100")
    owner: str | None = None
    since: str | None = None
    sheet: str | int | None = None


class FollowupColumns(_Section):
    """Column names in the follow-up log."""

    response_id: str | None = None
    contacted: str | None = Field(None, description="date of first contact")
    channel: str | None = None
    closed: str | None = Field(None, description="date the case was closed")
    owner: str | None = None
    note: str | None = None
    sheet: str | int | None = None


class TouchpointColumns(_Section):
    """Column names in the touchpoints file."""

    name: str | None = None
    phase: str | None = None
    order: str | None = None
    importance_customer: str | None = Field(None, description="1-5, asked of customers")
    importance_firm: str | None = Field(None, description="1-5, the firm's own rating")
    owner: str | None = None
    wanted_experience: str | None = None
    sheet: str | int | None = None


class EmployeeSurvey(SurveyFormat):
    """How to read the eNPS export, and its department and round columns."""

    department: str | None = None
    round: str | None = None


class ByCategory(_Section):
    """One number per answer category."""

    detractors: float
    passives: float
    promoters: float


class Deadlines(_Section):
    """Working days from the answer to the first contact, per loop."""

    detractors: int = Field(2, ge=0, le=60)
    passives: int = Field(5, ge=0, le=60)
    promoters: int = Field(7, ge=0, le=60)


class Loops(_Section):
    """Closed-loop follow-up: who falls in which loop, by when, through which channel."""

    loop1_max: int = Field(6, ge=0, le=8, description="scores up to this raise a loop 1 alarm")
    loop2_max: int = Field(8, ge=0, le=9, description="scores above loop1_max up to this: loop 2")
    deadlines: Deadlines = Deadlines()
    customer_ambassador: str | None = Field(None, description="owner when the data names none")
    channel: Literal["auto", "phone", "email"] = "auto"
    holidays: str | None = Field(None, description="country code whose holidays are skipped")


class Finance(_Section):
    """Assumptions behind the money figures, used where the data does not tell.

    Amounts (revenue_per_customer, cost_to_serve) are yearly, per customer, in the client's
    currency; margin, retention and discount_rate are shares 0..1. See nps_workbook.money for
    the formulas and for which figures come from the data when it has them.
    """

    revenue_per_customer: float | None = Field(
        None, ge=0, description="yearly; none: from the customers file"
    )
    margin: float = Field(0.25, ge=0, le=1)
    retention: ByCategory = ByCategory(detractors=0.70, passives=0.85, promoters=0.93)
    discount_rate: float = Field(0.08, ge=0, le=1)
    horizon_years: int = Field(5, ge=1, le=30)
    cost_to_serve: ByCategory = ByCategory(detractors=0.0, passives=0.0, promoters=0.0)
    referrals_per_promoter: float = Field(0.2, ge=0, description="new customers a year")
    lost_per_detractor: float = Field(0.1, ge=0, description="prospects lost a year")
    customers: int | None = Field(None, ge=1, description="size of the base; none: as in data")
    retention_source: Literal["auto", "data", "assumption"] = Field(
        "auto",
        description="auto: retention measured in the answers when every category has "
        "min_accounts accounts and detractors <= passives <= promoters; else `retention`",
    )
    min_accounts: int = Field(
        30, ge=1, description="accounts per category needed to measure retention in the data"
    )
    detractors_to_passives: float = Field(
        0.2, ge=0, le=1, description="business case: share of detractors moved to passives"
    )
    passives_to_promoters: float = Field(
        0.2, ge=0, le=1, description="business case: share of passives moved to promoters"
    )
    sensitivity: float = Field(
        0.2, gt=0, lt=1, description="sensitivity table: each assumption varied by ± this share"
    )


class Privacy(_Section):
    """Minimum group sizes and anonymisation of what leaves for a report."""

    min_group: int = Field(5, ge=1, description="groups smaller than this are not shown")
    small_n: int = Field(30, ge=1, description="groups smaller than this are 'indicative'")
    anonymise_comments: bool = True


class ClientConfig(_Section):
    """A client's client.yml. Everything but `client` and `files.responses` has a default."""

    client: str = Field(min_length=1, description="the client's name as reports show it")
    language: Literal["da", "en"] = "da"
    currency: str = Field("DKK", pattern=r"^[A-Z]{3}$")
    timezone: str | None = Field(
        None, description="IANA zone answer times are shown in; none: from the language"
    )
    files: Files
    responses: SurveyFormat = SurveyFormat()
    roles: Roles = Roles()
    segments: list[str] = Field(default_factory=list, description="columns to report NPS by")
    period: Literal["month", "quarter"] = "month"
    customers: CustomerColumns = CustomerColumns()
    followups: FollowupColumns = FollowupColumns()
    touchpoints: TouchpointColumns = TouchpointColumns()
    employee_survey: EmployeeSurvey = EmployeeSurvey()
    loops: Loops = Loops()
    finance: Finance = Finance()
    benchmark_nps: float | None = Field(None, ge=-100, le=100)
    benchmark_name: str | None = None
    privacy: Privacy = Privacy()
    maturity: dict[str, bool] = Field(default_factory=dict, description="self-test answers")

    @property
    def zone(self) -> str:
        """The zone answer times are shown in: `timezone`, else the language's country's."""
        return self.timezone or TIMEZONE_BY_LANGUAGE[self.language]

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and value not in zoneinfo.available_timezones():
            raise ValueError(
                f"unknown time zone '{value}'; expected an IANA name such as Europe/Copenhagen"
            )
        return value

    @model_validator(mode="after")
    def _loops_in_order(self) -> ClientConfig:
        if self.loops.loop2_max < self.loops.loop1_max:
            raise ValueError(
                f"loops.loop2_max ({self.loops.loop2_max}) is below loops.loop1_max "
                f"({self.loops.loop1_max})"
            )
        return self


@dataclass(frozen=True)
class Client:
    """A client folder with its checked configuration."""

    folder: Path
    config: ClientConfig

    @property
    def name(self) -> str:
        return self.config.client

    def path(self, file: str) -> Path | None:
        """The absolute path of one of `files` (responses, customers, ...), or None if not set."""
        relative = getattr(self.config.files, file)
        return None if relative is None else (self.folder / relative).resolve()


def load_client(folder: str | Path) -> Client:
    """Read and check ``folder/client.yml``.

    Raises
    ------
    ConfigError
        With one message naming client.yml, the key, what was found and what is expected: an
        unknown key, a wrong type or value, a missing file, or a path that leaves the folder.
    """
    folder = Path(folder)
    source = folder / CLIENT_FILE
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such client folder")
    if not source.is_file():
        raise ConfigError(
            f"{folder}: has no {CLIENT_FILE}; create one with: nps-workbook new-client NAME"
        )
    raw = read_yaml(source)
    if raw is None:
        raise ConfigError(
            f"{source}: is empty (or only comments); expected at least 'client: NAME' and "
            "'files: {responses: FILE}'"
        )
    if not isinstance(raw, dict):
        raise ConfigError(
            f"{source}: expected a mapping of keys ({_model_fields_hint(ClientConfig)}), "
            f"found {type(raw).__name__}"
        )
    try:
        config = ClientConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(str(source), exc)) from None
    root = folder.resolve()
    for key in Files.model_fields:
        relative = getattr(config.files, key)
        if relative is None:
            continue
        target = (root / relative).resolve()
        if not target.is_relative_to(root):
            raise ConfigError(
                f"{source}: files.{key}: '{relative}' leaves the client folder; data files must "
                "sit inside it so a client's data never mixes with another's"
            )
        if not target.is_file():
            raise ConfigError(f"{source}: files.{key}: '{relative}' does not exist in {folder}")
    return Client(folder=root, config=config)
