"""Configuration files: how to read a survey export.

A consultant writes a small YAML file when an export's columns are not recognised on their own:

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
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

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
    """How to read one survey export. Every field is optional: detection fills the gaps."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: ColumnMapping = ColumnMapping()
    date_order: Literal["day-first", "month-first"] | None = None
    date_format: str | None = None
    sheet: str | int | None = None
    encoding: str | None = None
    delimiter: str | None = Field(None, min_length=1, max_length=1)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning every way it can fail into one ConfigError naming the file."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
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


def survey_format(config: SurveyFormat | dict | str | Path | None) -> SurveyFormat:
    """Turn what a caller passes as `config` into a SurveyFormat.

    Accepts None (detect everything), a SurveyFormat, a dict, or the path of a YAML file.
    """
    if config is None:
        return SurveyFormat()
    if isinstance(config, SurveyFormat):
        return config
    source = "config"
    if isinstance(config, str | Path):
        source = str(config)
        config = read_yaml(Path(config))
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
