"""Everything one client folder holds, read and checked in one call.

`load_client_data` reads client.yml, then each data file it names with the columns it maps. The
engines (loops, money, journey, eNPS) take the frames from here; they never read files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .config import Client, load_client
from .load import LoadResult, TableResult, load_responses, load_table


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
    config = client.config
    responses = load_responses(client.path("responses"), config.responses)

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
        employees = load_responses(path, config.employee_survey)
    return ClientData(client, responses, customers, followups, touchpoints, employees)
