"""A new client folder from the consultant's templates, and the texts a client meeting needs.

`new_client` makes ``clients/<slug>/`` with a client.yml whose every key is explained in the
client's language, a touchpoint map to fill in and a README saying what goes where. The same
client.yml template renders the bundled sample clients' files (`nps_workbook.sample`), so what a
consultant starts from is what the samples show.

Everything a consultant may want to reword lives in ``templates/``:

``client.{da,en}.yml.j2``
    client.yml with a comment on every key: what it is, what it allows, its default. Defaults
    and allowed values are read from the model in `nps_workbook.config`, so they cannot drift.
``client_readme.{da,en}.md.j2``
    The new folder's README.md.
``touchpoints.{da,en}.csv``
    The touchpoint map with example B2B touchpoints; the ``.xlsx`` beside each is generated from
    it by `write_touchpoint_workbook` (a test checks the committed workbook is current).
``survey_questions.yml``
    The NPS, eNPS, 'why' and touchpoint questions in both languages (`survey_questions`).
``agendas/{workshop,huddle}.{da,en}.md.j2``
    The client workshop and the loop owners' huddle (`render_agenda`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import types
import typing
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml
from babel.dates import format_date
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from . import texts
from .config import CLIENT_FILE, ClientConfig, describe_validation_error
from .errors import ConfigError
from .score import CONFIDENCE
from .templating import render, template_path
from .xlsx import write_sheet

README_FILE = "README.md"
TOUCHPOINTS_FILE = "touchpoints.xlsx"
RESPONSES_FILE = "responses.csv"
AGENDAS = ("workshop", "huddle")

# --- a safe folder name ------------------------------------------------------------------------

# Letters NFKD does not decompose into a base letter; Danish and Norwegian ones first, spelled
# as Danes spell them without the letter (Kvistholm Køleteknik -> koeleteknik).
_TRANSLITERATION = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss", "œ": "oe", "þ": "th", "ð": "d", "đ": "d", "ł": "l"}
)
# Names Windows refuses for a folder, whatever follows them.
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
SLUG_MAX_LENGTH = 60
FALLBACK_SLUG = "client"


def client_slug(name: str, *, max_length: int = SLUG_MAX_LENGTH) -> str:
    """A folder name for a client: lowercase ASCII letters and digits joined by single hyphens.

    Danish letters are spelled out (æ -> ae, ø -> oe, å -> aa), other accents dropped (é -> e);
    every run of anything else (spaces, quotes, slashes, dots) becomes one hyphen. The result can
    never be empty, ``.`` or ``..``, contain a path separator, or be a name Windows reserves.

    Parameters
    ----------
    name : str
        The client's name as the consultant writes it, any Unicode.
    max_length : int, default 60
        Longest slug; longer ones are cut at a hyphen where possible.

    Returns
    -------
    str

    Examples
    --------
    >>> client_slug("Kvistholm Data A/S")
    'kvistholm-data-a-s'
    >>> client_slug("Ærø Økologiske Æbler ApS")
    'aeroe-oekologiske-aebler-aps'
    >>> client_slug('"../../etc"'), client_slug("...")
    ('etc', 'client')
    """
    # NFC first so a decomposed å (a + ring) is translated like a composed one.
    text = unicodedata.normalize("NFC", name).lower().translate(_TRANSLITERATION)
    # Lowercase again: compatibility forms can decompose into capitals (№ -> No).
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        # Cut at the last hyphen when it keeps most of the name, so no word is left half.
        slug = cut.rsplit("-", 1)[0] if cut.rfind("-") > max_length // 2 else cut
        slug = slug.strip("-")
    if not slug:
        return FALLBACK_SLUG
    if slug in _RESERVED:
        return f"{slug}-{FALLBACK_SLUG}"
    return slug


# --- client.yml from the template ---------------------------------------------------------------


def yaml_value(value: Any) -> str:
    """`value` as one line of YAML that reads back equal: quoted when it must be, plain if not.

    Examples
    --------
    >>> yaml_value("Kvistholm Data A/S"), yaml_value("Nord: Syd # 2"), yaml_value(["a", "b c"])
    ('Kvistholm Data A/S', "'Nord: Syd # 2'", '[a, b c]')
    """
    options = dict(allow_unicode=True, width=math.inf, default_flow_style=True)
    text = yaml.safe_dump(value, **options).removesuffix("\n...\n").removesuffix("\n")
    if any(mark in text for mark in "\n\r\x85\u2028\u2029"):
        # A line break of any kind YAML knows: double quotes escape it, so the value stays on
        # one line and keeps its indentation inside a section.
        text = yaml.safe_dump(value, default_style='"', **options).removesuffix("\n")
    return text


def _section(annotation: Any) -> type[BaseModel] | None:
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def config_fields(
    model: type[BaseModel] = ClientConfig, prefix: str = ""
) -> Iterator[tuple[str, FieldInfo]]:
    """Every key of client.yml that holds a value, as a dotted path with its pydantic field.

    Sections (``loops``, ``loops.deadlines``) are walked into, not listed themselves.
    """
    for name, info in model.model_fields.items():
        section = _section(info.annotation)
        if section is not None:
            yield from config_fields(section, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", info


def _flatten(
    values: Mapping[str, Any], leaves: Mapping[str, FieldInfo], prefix: str = ""
) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in values.items():
        path = f"{prefix}{key}"
        if path in leaves:
            flat[path] = value
        elif isinstance(value, Mapping) and any(leaf.startswith(path + ".") for leaf in leaves):
            flat.update(_flatten(value, leaves, path + "."))
        else:
            raise ValueError(f"{path!r} is not a client.yml key")
    return flat


def _defaults() -> dict[str, Any]:
    # A nested section's default can fill keys that have none of their own (finance.retention),
    # so defaults come from a whole default config, not from the fields one by one.
    dumped = ClientConfig(client="-", files={"responses": "-"}).model_dump()
    defaults = {}
    for path, _ in config_fields():
        value: Any = dumped
        for part in path.split("."):
            value = value[part]
        defaults[path] = value
    return defaults


def _bare_type(annotation: Any) -> Any:
    """int for ``int | None``; the annotation itself when it is not a union with None."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else annotation
    return annotation


def _allowed(info: FieldInfo, language: str) -> str | None:
    """The allowed values of a field in words, from its type and bounds; None for free text."""
    kind = _bare_type(info.annotation)
    if typing.get_origin(kind) is Literal:
        choices = [yaml_value(choice) for choice in typing.get_args(kind)]
        return f"{', '.join(choices[:-1])} {texts.label('config.or', language)} {choices[-1]}"
    if kind is bool:
        return texts.label("config.true_false", language)
    bounds = {
        kind: getattr(m, kind)
        for m in info.metadata
        for kind in ("ge", "gt", "le", "lt")
        if hasattr(m, kind)
    }
    if {"ge", "le"} <= bounds.keys():
        return texts.label(
            "config.range", language, low=yaml_value(bounds["ge"]), high=yaml_value(bounds["le"])
        )
    words = {
        "ge": "config.at_least",
        "gt": "config.above",
        "le": "config.at_most",
        "lt": "config.below",
    }
    parts = [
        texts.label(words[kind], language, value=yaml_value(bound))
        for kind, bound in bounds.items()
    ]
    return f" {texts.label('config.and', language)} ".join(parts) or None


class _ClientTemplate:
    """What the client.yml template calls: ``entry(path)`` for a key's line, ``doc(path)`` for
    the allowed values and default its comment states."""

    def __init__(self, language: str, values: Mapping[str, Any]) -> None:
        self.language = language
        self.fields = dict(config_fields())
        self.defaults = _defaults()
        self.values = _flatten(values, self.fields)

    def entry(self, path: str) -> str:
        value = self.values[path] if path in self.values else self.defaults[path]
        name = path.rsplit(".", 1)[-1]
        # An empty value is YAML's null: the consultant writes the column name after the colon.
        return f"{name}:" if value is None else f"{name}: {yaml_value(value)}"

    def doc(self, path: str) -> str:
        parts = []
        allowed = _allowed(self.fields[path], self.language)
        if allowed:
            parts.append(texts.label("config.allowed", self.language, values=allowed))
        default = self.defaults[path]
        shown = (
            texts.label("config.none", self.language)
            if default in (None, [], {})
            else yaml_value(default)
        )
        parts.append(texts.label("config.default", self.language, value=shown))
        return " ".join(parts)


def client_config_text(
    client: str, *, language: str = "da", values: Mapping[str, Any] | None = None
) -> str:
    """Render client.yml from ``templates/client.<language>.yml.j2``.

    Every key of `nps_workbook.config.ClientConfig` is written, with a comment in `language`;
    keys not in `values` get the model's default (an empty value where the default is none).

    Parameters
    ----------
    client : str
        The client's name, any text: it is quoted as YAML needs.
    language : {"da", "en"}
        Language of the comments and of the client's reports (the ``language`` key).
    values : mapping, optional
        Keys to fill in, nested as in client.yml, e.g. ``{"files": {"customers": "kunder.csv"},
        "roles": {"department": "Afdeling"}}``. ``files.responses`` defaults to responses.csv.

    Returns
    -------
    str
        The file's text, checked against the model.

    Raises
    ------
    ConfigError
        A value the model refuses (wrong type, out of range).

    Examples
    --------
    >>> text = client_config_text("Nordlys A/S", values={"period": "quarter"})
    >>> "period: quarter" in text
    True
    """
    texts.check_language(language)
    values = {**(values or {}), "client": client, "language": language}
    values["files"] = {"responses": RESPONSES_FILE, **values.get("files", {})}
    template = _ClientTemplate(language, values)
    text = render(f"client.{language}.yml.j2", entry=template.entry, doc=template.doc)
    try:
        ClientConfig.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(CLIENT_FILE, exc)) from None
    return text


# --- the touchpoint map -------------------------------------------------------------------------

# Danish Excel saves CSV as cp1252 with semicolons; the English template is UTF-8 with a BOM so
# any Excel opens it as UTF-8.
_TOUCHPOINT_CSV = {
    "da": {"encoding": "cp1252", "sep": ";"},
    "en": {"encoding": "utf-8-sig", "sep": ","},
}
_TOUCHPOINT_SHEET = {"da": "Kontaktpunkter", "en": "Touchpoints"}
_TOUCHPOINT_NUMBERS = ("order", "importance_customer", "importance_firm")


def touchpoint_template(language: str) -> pd.DataFrame:
    """The example touchpoint map of ``templates/touchpoints.<language>.csv``.

    Its columns are, in this order, the keys of client.yml's ``touchpoints:`` section (name,
    phase, order, importance to the customer and to the firm, owner, wanted experience).
    """
    texts.check_language(language)
    frame = pd.read_csv(
        template_path(f"touchpoints.{language}.csv"),
        dtype=str,
        keep_default_na=False,
        **_TOUCHPOINT_CSV[language],
    )
    keys = touchpoint_keys()
    if len(frame.columns) != len(keys):
        raise ConfigError(
            f"templates/touchpoints.{language}.csv: expected {len(keys)} columns "
            f"({', '.join(keys)}), found {len(frame.columns)}: {', '.join(frame.columns)}"
        )
    return frame


def touchpoint_keys() -> tuple[str, ...]:
    """The column keys of client.yml's ``touchpoints:`` section (all but ``sheet``)."""
    return tuple(
        key
        for key, _ in config_fields()
        if key.startswith("touchpoints.") and not key.endswith(".sheet")
    )


def touchpoint_columns(language: str) -> dict[str, str]:
    """client.yml's ``touchpoints:`` mapping for the template's headers in `language`.

    Examples
    --------
    >>> touchpoint_columns("da")["importance_customer"]
    'Vigtighed for kunden (1-5)'
    """
    headers = touchpoint_template(language).columns
    return {
        key.split(".")[1]: header for key, header in zip(touchpoint_keys(), headers, strict=True)
    }


def write_touchpoint_workbook(language: str, path: str | Path | None = None) -> Path:
    """Write the touchpoint template as Excel: the CSV's rows, numbers as numbers.

    Parameters
    ----------
    language : {"da", "en"}
    path : str or Path, optional
        Default ``templates/touchpoints.<language>.xlsx``, the committed copy; regenerate it after
        editing the CSV.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_touchpoint_workbook("da", Path(folder) / "touchpoints.da.xlsx")
    ...     list(pd.read_excel(path).columns[:2])
    ['Kontaktpunkt', 'Fase']
    """
    frame = touchpoint_template(language)
    columns = touchpoint_columns(language)
    for key in _TOUCHPOINT_NUMBERS:
        frame[columns[key]] = frame[columns[key]].astype(int)
    target = template_path(f"touchpoints.{language}.xlsx") if path is None else Path(path)
    return write_sheet(frame, target, _TOUCHPOINT_SHEET[language], creator="NPS Workbook")


# --- survey questions ---------------------------------------------------------------------------


def survey_questions(language: str, company: str) -> dict[str, str]:
    """The survey questions of ``templates/survey_questions.yml``, worded for `company`.

    Returns
    -------
    dict of str to str
        ``nps``, ``why``, ``touchpoint_nps``, ``touchpoint_improve``, ``enps``, ``enps_why``.

    Examples
    --------
    >>> survey_questions("en", "Nordlys")["enps"][:55]
    'How likely are you to recommend Nordlys as a place to w'
    """
    texts.check_language(language)
    questions = yaml.safe_load(template_path("survey_questions.yml").read_text(encoding="utf-8"))
    worded = {}
    for key, by_language in questions.items():
        if language not in (by_language or {}):
            raise ConfigError(f"templates/survey_questions.yml: {key}: no {language!r} wording")
        # replace, not str.format: a company name with braces must come through as it is.
        worded[key] = " ".join(str(by_language[language]).split()).replace("{company}", company)
    return worded


# --- agendas ------------------------------------------------------------------------------------


def render_agenda(
    kind: str,
    language: str,
    *,
    client: str,
    date: dt.date | None = None,
    nps: float | None = None,
    ci_low: float | None = None,
    ci_high: float | None = None,
    confidence: float = CONFIDENCE,
    n: int | None = None,
    loop_counts: Mapping[str, int] | None = None,
    overdue: int | None = None,
) -> str:
    """The agenda of a client workshop or a loop owners' huddle, as Markdown.

    Parameters
    ----------
    kind : {"workshop", "huddle"}
        ``workshop``: the client meeting walking notebooks 00-05; ``huddle``: the weekly or
        monthly meeting of outer-loop and inner-loop owners.
    language : {"da", "en"}
    client : str
        The client's name.
    date : datetime.date, optional
        The meeting's date (default today), written in the language's long form.
    nps, ci_low, ci_high, confidence, n : optional
        The overall NPS, its interval and confidence level, and the number of answers; when
        given they are printed in the language's number format (``+26``, ``+23,1 til +29,0``).
    loop_counts : mapping, optional
        Open cases per category: ``{"detractor": 12, "passive": 30, "promoter": 41}``.
    overdue : int, optional
        Cases past their follow-up deadline.

    Examples
    --------
    >>> text = render_agenda("huddle", "da", client="Nordlys", nps=26, ci_low=23.1, ci_high=29.0)
    >>> "+23,1 til +29,0" in text
    True
    """
    texts.check_language(language)
    if kind not in AGENDAS:
        raise ValueError(f"agenda kind {kind!r} is not one of {AGENDAS}")
    date = date or dt.date.today()
    loops = None
    if loop_counts is not None:
        loops = [
            (number, texts.category_label(category, language), loop_counts.get(category, 0))
            for number, category in enumerate(("detractor", "passive", "promoter"), start=1)
        ]
    return render(
        f"agendas/{kind}.{language}.md.j2",
        language=language,
        client=client,
        date=format_date(date, "long", locale=texts.LOCALES[language]),
        nps=nps,
        ci_low=ci_low,
        ci_high=ci_high,
        interval_label=texts.label(
            "nps.confidence_interval", language, level=texts.format_percent(confidence, language)
        ),
        n=n,
        loops=loops,
        overdue=overdue,
    )


# --- a new client folder ------------------------------------------------------------------------


def new_client(
    name: str, directory: str | Path, *, language: str = "da", force: bool = False
) -> Path:
    """Make a client folder: client.yml, a touchpoint map to fill in and a README.

    Parameters
    ----------
    name : str
        The client's name as reports show it; the folder is named `client_slug` of it.
    directory : str or Path
        Where client folders live (``clients/``); created if missing.
    language : {"da", "en"}, default "da"
        Language of the comments, README and touchpoint map, and of the client's reports.
    force : bool, default False
        Write into an existing folder, replacing its client.yml, README.md and touchpoints.xlsx
        (data files are left alone).

    Returns
    -------
    Path
        The new folder.

    Raises
    ------
    ConfigError
        The name is blank, or the folder exists and `force` is not set.

    Examples
    --------
    >>> import tempfile
    >>> new_client("Kvistholm Data A/S", tempfile.mkdtemp()).name
    'kvistholm-data-a-s'
    """
    texts.check_language(language)
    if not name.strip():
        raise ConfigError(
            "client name is empty; give the name reports should show, e.g. 'Nordlys A/S'"
        )
    folder = Path(directory) / client_slug(name)
    if folder.exists() and not (force and folder.is_dir()):
        raise ConfigError(
            f"{folder}: already exists; choose another name, or pass --force to replace its "
            f"{CLIENT_FILE}, {README_FILE} and {TOUCHPOINTS_FILE} (data files are kept)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    values = {
        "files": {"responses": RESPONSES_FILE, "touchpoints": TOUCHPOINTS_FILE},
        "touchpoints": touchpoint_columns(language),
    }
    (folder / CLIENT_FILE).write_text(
        client_config_text(name, language=language, values=values), encoding="utf-8", newline="\n"
    )
    shutil.copyfile(template_path(f"touchpoints.{language}.xlsx"), folder / TOUCHPOINTS_FILE)
    readme = render(
        f"client_readme.{language}.md.j2",
        client=name,
        folder=folder.name,
        client_file=CLIENT_FILE,
        responses=RESPONSES_FILE,
        touchpoints=TOUCHPOINTS_FILE,
        questions=survey_questions(language, name),
    )
    (folder / README_FILE).write_text(readme, encoding="utf-8", newline="\n")
    return folder
