"""The financial-impact page (notebook 04): what loyalty is worth in the client's money —
lifetime value per category, revenue at risk and the accounts behind it, word of mouth, the
share-of-wallet upside, the business case of moving customers up a category and what it is
sensitive to; every figure with how it was reached (:func:`money.trace`) and where each input
came from. Also the business-case sliders' callback (:func:`business_case_view`).

Everything is computed once in :func:`build` by :mod:`nps_workbook.money`; without revenue the
page shows only what needs none (:func:`money.assumptions_with_unknown_revenue`). Texts in
``texts/pages/financial_impact.yml`` (input names and notes in ``texts/money.yml``); the
figures are :func:`nps_workbook.charts.figures.value_by_category` and
:func:`nps_workbook.charts.figures.sensitivity_chart`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import measurement, money
from ..client_data import ClientData
from ..measurement import MeasurementSplit, split_measurement
from ..money import Assumptions, BusinessCase, Figure
from ..score import CATEGORIES
from ..texts import (
    category_label,
    format_money,
    format_number,
    format_percent,
    label,
    labels,
)
from .note import Note, note
from .table import Table

#: Accounts with the most revenue at risk the report lists.
ACCOUNTS_TOP = 10


@dataclass(frozen=True)
class FinancialImpact:
    """What the financial-impact page shows, computed once.

    ``x`` and ``y`` are the shares moved from detractors to passives and from passives to
    promoters. Figures that need revenue (``values``, ``ltv``, ``risk``, ``talk``, ``sensitivity``)
    are None when the revenue is unknown; ``accounts`` needs a customers file too, and
    ``wallet`` (table, figure) its ``share_of_wallet`` and ``revenue`` columns. ``split`` is
    which answers the money model reads: the relationship answers where client.yml names the
    measurement column (a customer's loyalty is their relationship answer, not how one contact
    went), else all answers pooled (:mod:`nps_workbook.measurement`).
    """

    client: str
    currency: str
    horizon_years: int
    change: float
    x: float
    y: float
    assumptions: Assumptions
    case: BusinessCase
    has_customers: bool
    has_wallet_columns: bool
    values: pd.DataFrame | None
    ltv: dict[str, Figure] | None
    risk: Figure | None
    accounts: pd.DataFrame | None
    talk: dict[str, Figure] | None
    wallet: tuple[pd.DataFrame, Figure] | None
    sensitivity: pd.DataFrame | None
    split: MeasurementSplit | None = None

    @property
    def revenue_known(self) -> bool:
        return money.revenue_known(self.assumptions)


def build(
    data: ClientData,
    *,
    detractors_to_passives: float | None = None,
    passives_to_promoters: float | None = None,
) -> FinancialImpact:
    """The page for a client: its answers, customers file and client.yml's ``finance:``.

    Parameters
    ----------
    data : ClientData
    detractors_to_passives, passives_to_promoters : float or None
        Shares 0..1 the business case moves up; None: client.yml's.
    """
    config = data.client.config
    finance = config.finance
    x = finance.detractors_to_passives if detractors_to_passives is None else detractors_to_passives
    y = finance.passives_to_promoters if passives_to_promoters is None else passives_to_promoters
    customers = data.customers.frame if data.customers is not None else None
    currency = config.currency
    # The customers' categories, retention and value: of the relationship answers, or pooled.
    split = split_measurement(data.answers, config)
    answers = split.relationship
    assumptions = money.assumptions_with_unknown_revenue(
        finance, answers=answers, customers=customers, currency=currency
    )
    case = money.business_case(assumptions, detractors_to_passives=x, passives_to_promoters=y)
    known = money.revenue_known(assumptions)
    wallet_columns = customers is not None and {"share_of_wallet", "revenue"} <= set(customers)
    return FinancialImpact(
        client=config.client,
        currency=currency,
        horizon_years=int(finance.horizon_years),
        change=finance.sensitivity,
        x=x,
        y=y,
        assumptions=assumptions,
        case=case,
        has_customers=customers is not None,
        has_wallet_columns=wallet_columns,
        values=money.customer_value(assumptions) if known else None,
        ltv=money.lifetime_value(assumptions) if known else None,
        risk=money.revenue_at_risk(assumptions) if known else None,
        accounts=(
            money.accounts_at_risk(answers, customers, assumptions)
            if known and customers is not None
            else None
        ),
        talk=money.word_of_mouth(assumptions) if known else None,
        wallet=(
            money.share_of_wallet_upside(answers, customers, currency=currency)
            if wallet_columns
            else None
        ),
        sensitivity=(
            money.sensitivity(
                assumptions,
                detractors_to_passives=x,
                passives_to_promoters=y,
                change=finance.sensitivity,
            )
            if known
            else None
        ),
        split=split,
    )


def _money(page: FinancialImpact, value: float, language: str) -> str:
    return format_money(value, page.currency, language)


# --- How figures were reached -----------------------------------------------------------------


def unit_text(value: float, unit: str, language: str) -> str:
    """A value of a money-model input or figure, formatted for its unit: an amount in its
    currency, a share as a percentage, a count, years, a rate.

    Examples
    --------
    >>> unit_text(0.25, "share", "da"), unit_text(1234.5, "DKK", "da"), unit_text(2, "years", "en")
    ('25\\xa0%', '1.234 kr.', '2')
    """
    if value is None or pd.isna(value):
        return "–"
    if unit == "share":
        return format_percent(value, language, 0 if round(value * 100, 6).is_integer() else 1)
    if unit == "percent":
        return format_percent(value / 100, language, 1)
    if unit in ("count", "years"):
        return format_number(value, language, 0 if float(value).is_integer() else 1)
    if unit == "per year":
        return format_number(value, language, 2)
    return format_money(value, unit, language)


def where_text(
    source: str, key: str, setting: str | None, detail: str, value: float, language: str
) -> str:
    """Where an input came from, in the client's language, read from its structured provenance
    (:class:`money.Input`'s `key` and `setting`): a figure's formula; that an assumption from
    client.yml is agreed with the client (or missing; the key is the consultant's, in
    :func:`notes`); "adjusted here" for a value set by hand; the file or answers behind a
    measured input."""
    if source == "figure":
        return detail  # the formula
    if source == "assumption":
        if isinstance(setting, str):  # a table holds "no setting" as None or NaN
            if pd.isna(value):
                return label("notebook.money.where.missing", language)
            return label("notebook.money.where.assumption", language)
        # Set by a slider or a sensitivity step; a bare assumption (a parameter) says nothing.
        return label("notebook.money.where.adjusted", language) if detail else ""
    where = f"notebook.money.where.{key.split('.', 1)[0]}"
    return label(where, language) if where in labels() else ""


def _trace_table(rows: pd.DataFrame, language: str) -> Table:
    indent = ["\u2003" * max(d - 1, 0) + ("└ " if d else "") for d in rows["depth"]]
    names = [i + money.name_label(n, language) for i, n in zip(indent, rows["name"], strict=True)]
    view = pd.DataFrame(
        {
            "name": names,
            "value_text": [
                unit_text(v, u, language) for v, u in zip(rows["value"], rows["unit"], strict=True)
            ],
            "source": [label(f"money.source.{s}", language) for s in rows["source"]],
            "where": [
                where_text(r.source, r.key, r.setting, str(r.detail or ""), r.value, language)
                for r in rows.itertuples()
            ],
        }
    )
    headers = {c: label(f"notebook.money.column.{c}", language) for c in view.columns}
    return Table(view, headers=headers)


def figure_table(*figures: Figure, language: str, max_depth: int | None = None) -> Table:
    """How figures were reached (:func:`money.trace`): each figure, its formula and, indented
    below it, its inputs with value, source (data, assumption or computed) and where each came
    from; derived inputs expanded `max_depth` levels deep (None: down to data and assumptions).
    """
    rows = pd.concat([money.trace(f, max_depth=max_depth) for f in figures], ignore_index=True)
    return _trace_table(rows, language)


def assumptions_table(page: FinancialImpact, language: str) -> Table:
    """Every input of the money model with its value, source and where it came from."""
    return _trace_table(page.assumptions.table().assign(depth=0), language)


# --- Texts ------------------------------------------------------------------------------------


def title_text(page: FinancialImpact, language: str) -> str:
    return label("notebook.money.title", language, client=page.client)


def inputs_texts(page: FinancialImpact, language: str) -> tuple[str, ...]:
    """The inputs' heading, that revenue is missing (when it is), what the table shows, which
    answers the model reads (:func:`population_text`), and the notes of the assumptions (why
    retention came from client.yml) as sentences.

    A client whose answers reach back less than two years has no account in the base year at
    all: that is said as "could not be measured", not as a list of zero counts.
    """
    texts = [label("notebook.money.inputs_heading", language)]
    if not page.revenue_known:
        texts.append(label("notebook.money.no_revenue", language))
    texts.append(label("notebook.money.inputs_text", language))
    if page.split is not None:
        texts.append(population_text(page, language))
    notes = list(page.assumptions.notes)
    measured = page.assumptions.retention_data
    if measured is not None and (measured["accounts"] == 0).all():
        notes = ["retention_no_data" if n == "retention_too_few_accounts" else n for n in notes]
    texts += [money.note_text(note, page.assumptions, language) for note in notes]
    return tuple(texts)


def notes(page: FinancialImpact, language: str) -> tuple[Note, ...]:
    """The consultant's notes: where the assumptions are set, and the key or file that brings
    in what the page cannot show (revenue, the customer file, share of wallet)."""
    found = [note("notebook.money.note.assumptions", language)]
    if not page.revenue_known:
        found.append(note("notebook.money.note.no_revenue", language))
    if not page.has_customers:
        found.append(note("notebook.money.note.no_customers", language))
    elif page.wallet is None:
        found.append(note("notebook.money.note.no_share_of_wallet", language))
    if "retention_not_ordered" in page.assumptions.notes:
        found.append(note("notebook.money.note.retention_not_ordered", language))
    return tuple(found)


def population_text(page: FinancialImpact, language: str) -> str:
    """Which answers the money figures are of, with n, in one sentence: the relationship
    answers, or all answers pooled (:func:`measurement.population_text`)."""
    return measurement.population_text(page.split, language, key="notebook.money.population")


def figure_caption(page: FinancialImpact, language: str) -> str:
    """The population of the money figures, for their titles."""
    return measurement.population_caption(page.split, language, answers="relationship")


def without_revenue_texts(page: FinancialImpact, language: str) -> tuple[str, ...]:
    """Without revenue: the heading and what can still be said; none with revenue."""
    if page.revenue_known:
        return ()
    return (
        label("notebook.money.revenue_free_heading", language),
        label(
            "notebook.money.revenue_free_text",
            language,
            x=format_percent(page.x, language),
            y=format_percent(page.y, language),
        ),
    )


def value_texts(page: FinancialImpact, language: str) -> tuple[str, ...]:
    """The heading and sentence of what a customer in each category is worth."""
    if page.values is None:
        return ()
    worth = page.values.set_index("category")["value"]
    return (
        label("notebook.money.value_heading", language),
        label(
            "notebook.money.value_text",
            language,
            years=page.horizon_years,
            **{c: _money(page, worth[c], language) for c in worth.index},
        ),
    )


def trace_heading(language: str) -> str:
    return label("notebook.money.trace_heading", language)


def risk_texts(page: FinancialImpact, language: str) -> tuple[str, ...]:
    if page.risk is None:
        return ()
    return (
        label("notebook.money.risk_heading", language),
        label("notebook.money.risk_text", language, value=_money(page, page.risk.value, language)),
    )


def accounts_texts(page: FinancialImpact, language: str) -> tuple[str, ...]:
    """The accounts' heading, or that there is no customers file to name them from."""
    if not page.has_customers:
        return (label("notebook.money.no_customers", language),)
    return (
        (label("notebook.money.accounts_heading", language),) if page.accounts is not None else ()
    )


def word_of_mouth_texts(page: FinancialImpact, language: str) -> tuple[str, ...]:
    if page.talk is None:
        return ()
    talk = page.talk
    return (
        label("notebook.money.wom_heading", language),
        label(
            "notebook.money.wom_text",
            language,
            referrals=_money(page, talk["referrals"].value, language),
            lost=_money(page, -talk["lost"].value, language),
            net=_money(page, talk["net"].value, language),
        ),
    )


def wallet_texts(page: FinancialImpact, language: str) -> tuple[str, ...]:
    """The share-of-wallet heading and upside, or that the customers file lacks the columns."""
    if page.wallet is None:
        no_columns = page.has_customers
        return (label("notebook.money.no_share_of_wallet", language),) if no_columns else ()
    upside = page.wallet[1]
    target = upside.input("target_share_of_wallet").value / 100
    return (
        label("notebook.money.sow_heading", language),
        label(
            "notebook.money.sow_text",
            language,
            target=format_percent(target, language, 1),
            value=_money(page, upside.value, language),
        ),
    )


def business_case_text(
    case: BusinessCase, assumptions: Assumptions, language: str, currency: str
) -> str:
    """The business case in one sentence (Markdown)."""
    x = case.detractors_moved.input("detractors_to_passives").value
    y = case.passives_moved.input("passives_to_promoters").value
    return label(
        "notebook.money.case_text",
        language,
        x=format_percent(x, language),
        y=format_percent(y, language),
        moved_d=format_number(case.detractors_moved.value, language),
        moved_p=format_number(case.passives_moved.value, language),
        value=format_money(case.value_horizon.value, currency, language),
        years=format_number(assumptions.value("horizon_years"), language),
        per_year=format_money(case.value_per_year.value, currency, language),
    )


def case_texts(page: FinancialImpact, language: str) -> tuple[str, ...]:
    if not page.revenue_known:
        return ()
    return (
        label("notebook.money.case_heading", language),
        business_case_text(page.case, page.assumptions, language, page.currency),
    )


def sensitivity_texts(page: FinancialImpact, language: str) -> tuple[str, ...]:
    """The heading, and which assumption moves the case most with its low and high case."""
    if page.sensitivity is None:
        return ()
    top = page.sensitivity.iloc[0]
    return (
        label("notebook.money.sensitivity_heading", language),
        label(
            "notebook.money.sensitivity_text",
            language,
            change=format_percent(page.change, language),
            top=money.name_label(top["assumption"], language),
            low=_money(page, min(top["value_low"], top["value_high"]), language),
            high=_money(page, max(top["value_low"], top["value_high"]), language),
        ),
    )


# --- Tables -----------------------------------------------------------------------------------


def _headers(view: pd.DataFrame, language: str) -> dict[str, str]:
    return {c: label(f"notebook.money.column.{c}", language) for c in view.columns}


def without_revenue_table(page: FinancialImpact, language: str) -> Table | None:
    """:func:`money.without_revenue`: customers, retention and its source, customers moved up
    and word of mouth in customers a year, per category."""
    if page.revenue_known:
        return None
    model = money.without_revenue(page.assumptions, page.case)
    view = model.assign(
        category=[category_label(c, language) for c in model["category"]],
        retention_source=[label(f"money.source.{s}", language) for s in model["retention_source"]],
        moved=[
            format_number(v, language, 0 if float(v).is_integer() else 1) for v in model["moved"]
        ],
        word_of_mouth_customers=[
            ("+" if v > 0 else "") + format_number(v, language, 1)
            for v in model["word_of_mouth_customers"]
        ],
    )
    formats = {"number": ("customers",), "percent": ("retention",)}
    return Table(view, formats, _headers(view, language))


def value_table(page: FinancialImpact, language: str) -> Table | None:
    """:func:`money.customer_value` in the client's language and currency."""
    if page.values is None:
        return None
    values = page.values
    view = values.assign(category=[category_label(c, language) for c in values["category"]])
    formats = {
        "number": ("customers",),
        "percent": ("retention",),
        "money": ("revenue", "lifetime_value", "word_of_mouth", "value", "total"),
    }
    return Table(view, formats, _headers(view, language))


def ltv_table(page: FinancialImpact, language: str) -> Table | None:
    """How each category's lifetime value was reached."""
    return None if page.ltv is None else figure_table(*page.ltv.values(), language=language)


def risk_table(page: FinancialImpact, language: str) -> Table | None:
    return None if page.risk is None else figure_table(page.risk, language=language)


def accounts_table(page: FinancialImpact, language: str, top: int = ACCOUNTS_TOP) -> Table | None:
    """The `top` accounts of :func:`money.accounts_at_risk`: name (else id), category, yearly
    revenue, churn, revenue at risk, account manager and the date of the latest answer. Contact
    people, e-mails and phone numbers are left out: they belong in the hand-over."""
    if page.accounts is None:
        return None
    head = page.accounts.head(top)
    names = head["name"] if "name" in head else head["id"]
    view = pd.DataFrame(
        {
            "account": names.astype("string").fillna(head["id"].astype("string")),
            "category": [category_label(str(c), language, plural=False) for c in head["category"]],
            "account_revenue": head["revenue"].astype(float),
            "churn": head["churn"].astype(float),
            "revenue_at_risk": head["revenue_at_risk"].astype(float),
        }
    )
    if "owner" in head:
        view["owner"] = head["owner"].astype("string").fillna("–")
    view["answered"] = head["answered"]
    formats = {
        "money": ("account_revenue", "revenue_at_risk"),
        "percent": ("churn",),
        "dates": ("answered",),
    }
    return Table(view, formats, _headers(view, language))


def word_of_mouth_table(page: FinancialImpact, language: str) -> Table | None:
    if page.talk is None:
        return None
    return figure_table(page.talk["net"], language=language, max_depth=2)


def wallet_table(page: FinancialImpact, language: str) -> Table | None:
    """The table of :func:`money.share_of_wallet_upside` in the client's language."""
    if page.wallet is None:
        return None
    table = page.wallet[0]
    view = table.assign(
        category=[category_label(c, language) for c in table["category"]],
        share_of_wallet=table["share_of_wallet"] / 100,
    ).rename(columns={"revenue": "sales"})
    formats = {
        "number": ("accounts",),
        "percent": ("share_of_wallet",),
        "money": ("sales", "wallet", "upside"),
    }
    return Table(view, formats, _headers(view, language))


def case_table(page: FinancialImpact, language: str) -> Table | None:
    if not page.revenue_known:
        return None
    return figure_table(page.case.value_horizon, language=language, max_depth=2)


def sensitivity_table(page: FinancialImpact, language: str) -> Table | None:
    """:func:`money.sensitivity`: each assumption's base, low and high value in its unit, and
    the business case at low and high."""
    if page.sensitivity is None:
        return None
    table = page.sensitivity
    units = [page.assumptions[name].unit for name in table["assumption"]]
    view = pd.DataFrame(
        {
            "assumption": [money.name_label(n, language) for n in table["assumption"]],
            **{
                column: [
                    unit_text(v, u, language) for v, u in zip(table[column], units, strict=True)
                ]
                for column in ("base", "low", "high")
            },
            "value_low": table["value_low"],
            "value_high": table["value_high"],
            "swing": table["swing"],
        }
    )
    return Table(view, {"money": ("value_low", "value_high", "swing")}, _headers(view, language))


# --- Key figures ------------------------------------------------------------------------------


def key_figures(page: FinancialImpact) -> dict[str, Any]:
    """The page's figures to record (``Workbook.record``), names prefixed ``money_``."""
    assumptions, case = page.assumptions, page.case
    figures: dict[str, Any] = {
        "money_revenue_known": page.revenue_known,
        "money_customers": {c: assumptions.value(f"customers.{c}") for c in CATEGORIES},
        "money_customers_moved": {
            "detractors": case.detractors_moved.value,
            "passives": case.passives_moved.value,
        },
    }
    if page.ltv is not None:
        figures["money_ltv"] = {c: f.value for c, f in page.ltv.items()}
        figures["money_customer_value"] = page.values.set_index("category")["value"].to_dict()
    if page.risk is not None:
        figures["money_revenue_at_risk"] = page.risk.value
    if page.talk is not None:
        figures["money_word_of_mouth_net"] = page.talk["net"].value
    if page.wallet is not None:
        figures["money_share_of_wallet_upside"] = page.wallet[1].value
    if page.revenue_known:
        figures["money_business_case_horizon"] = case.value_horizon.value
        figures["money_business_case_per_year"] = case.value_per_year.value
        figures["money_horizon_years"] = assumptions.value("horizon_years")
    if page.sensitivity is not None:
        figures["money_sensitivity_top"] = page.sensitivity.iloc[0]["assumption"]
        # the tornado: the business case over the horizon at each assumption's low and high
        figures["money_sensitivity"] = page.sensitivity[
            ["assumption", "value_low", "value_high"]
        ].to_dict("records")
        figures["money_sensitivity_base"] = page.sensitivity.attrs.get("base_value")
        figures["money_sensitivity_change"] = page.change
    return figures


# --- The business-case sliders' callback ------------------------------------------------------


def business_case_view(
    assumptions: Assumptions,
    *,
    detractors_to_passives: float,
    passives_to_promoters: float,
    margin: float | None = None,
    retention: Mapping[str, float] | None = None,
) -> BusinessCase:
    """:func:`money.business_case` with the margin, the retention per category and the two
    shift shares set by the sliders.

    Pure: `assumptions` is not changed; the slider values enter as assumptions set by hand
    (detail "slider", no client.yml setting).

    Parameters
    ----------
    assumptions : money.Assumptions
    detractors_to_passives, passives_to_promoters : float
        Shares 0..1 moved up one category.
    margin : float, optional
        Share of revenue; None keeps the assumption.
    retention : mapping of category to float, optional
        Yearly retention 0..1 of ``"detractor"``, ``"passive"``, ``"promoter"``; categories
        left out keep theirs.
    """
    varied = assumptions
    if margin is not None:
        varied = varied.replace("margin", margin, "slider")
    for category, value in (retention or {}).items():
        varied = varied.replace(f"retention.{category}", value, "slider")
    return money.business_case(
        varied,
        detractors_to_passives=detractors_to_passives,
        passives_to_promoters=passives_to_promoters,
    )
