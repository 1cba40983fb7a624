"""Everything one client folder holds, read and checked in one call.

`load_client_data` reads client.yml, then each data file it names with the columns it maps. The
engines (loops, money, journey, eNPS) take the frames from here; they never read files.

A batch runs each notebook in a kernel of its own, and each would read the client's files
again. It sets ``NPS_WORKBOOK_DATA_CACHE`` to a folder of its own: the first kernel to read a
client keeps the result there, and the others read that back (tens of milliseconds where
reading an export takes some tenths of a second). The key is the client folder and the size
and modification time of client.yml and every file it names, so a changed file is read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .config import CLIENT_FILE, Client, load_client
from .files import OutputError, write_bytes_atomic
from .load import LoadResult, TableResult, load_responses, load_table

#: The environment variable naming the folder a batch keeps clients' data in.
CACHE_ENV = "NPS_WORKBOOK_DATA_CACHE"


@dataclass(frozen=True)
class ClientData:
    """A client's data: answers with their rejected rows, and the optional supporting files."""

    client: Client
    responses: LoadResult
    customers: TableResult | None = None
    followups: TableResult | None = None
    touchpoints: TableResult | None = None
    employees: LoadResult | None = None

    @property
    def answers(self) -> pd.DataFrame:
        """The accepted survey answers (see `LoadResult.answers`)."""
        return self.responses.answers


def latest_answer_day(answers: pd.DataFrame) -> pd.Timestamp | None:
    """The day of the latest dated answer, or None when no answer has a date.

    Every command, the batch and the notebooks count deadlines and windows to this day unless
    told another: an export read later gives the same queue as on the day it was taken.
    """
    if "date" not in answers.columns or not answers["date"].notna().any():
        return None
    return pd.Timestamp(answers["date"].max()).normalize()


def _mapped(columns: dict, *names: str) -> tuple[str, ...]:
    return tuple(name for name in names if columns.get(name))


def _columns(section) -> dict[str, str | None]:
    return section.model_dump(exclude={"sheet"})


def load_client_data(client: Client | str | Path) -> ClientData:
    """Read a client folder's responses and every supporting file its client.yml names.

    Raises
    ------
    ConfigError
        client.yml is missing or wrong.
    SurveyFileError
        A data file cannot be used at all (see `load_responses` and `load_table`).
    """
    if not isinstance(client, Client):
        client = load_client(client)
    kept = _kept_file(client)
    if kept is not None and kept.is_file():
        try:
            return pickle.loads(kept.read_bytes())
        except (OSError, EOFError, pickle.UnpicklingError):
            pass  # unreadable: read the files as without a cache
    data = _read(client)
    if kept is not None:
        with contextlib.suppress(OutputError):  # a cache not written costs time, nothing else
            write_bytes_atomic(kept, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return data


def _kept_file(client: Client) -> Path | None:
    """Where the batch's cache keeps this client's data as its files are now (None: no cache)."""
    folder = os.environ.get(CACHE_ENV)
    if not folder or not Path(folder).is_dir():
        return None
    names = type(client.config.files).model_fields
    sources = [client.folder / CLIENT_FILE, *filter(None, map(client.path, names))]
    digest = hashlib.sha256(str(client.folder.resolve()).encode())
    for source in sources:
        try:
            stat = source.stat()
        except OSError:
            return None  # a file that is gone: reading reports it
        digest.update(f"\0{source.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return Path(folder) / f"{digest.hexdigest()}.pickle"


def _read(client: Client) -> ClientData:
    config = client.config
    responses = load_responses(client.path("responses"), config.responses, timezone=config.zone)

    customers = followups = touchpoints = employees = None
    if path := client.path("customers"):
        columns = _columns(config.customers)
        customers = load_table(
            path,
            columns,
            config_key="customers",
            sheet=config.customers.sheet,
            required=("id",),
            numbers=_mapped(columns, "revenue", "share_of_wallet"),
            dates=_mapped(columns, "since"),
            key="id",
        )
    if path := client.path("followups"):
        columns = _columns(config.followups)
        followups = load_table(
            path,
            columns,
            config_key="followups",
            sheet=config.followups.sheet,
            required=("response_id",),
            dates=_mapped(columns, "contacted", "closed"),
        )
    if path := client.path("touchpoints"):
        columns = _columns(config.touchpoints)
        touchpoints = load_table(
            path,
            columns,
            config_key="touchpoints",
            sheet=config.touchpoints.sheet,
            required=("name",),
            numbers=_mapped(columns, "order", "importance_customer", "importance_firm"),
            key="name",
        )
    if path := client.path("employee_survey"):
        employees = load_responses(path, config.employee_survey, timezone=config.zone)
    return ClientData(client, responses, customers, followups, touchpoints, employees)
