"""The notebooks' live extras: widgets for the cells tagged ``explore``, and the callbacks
they call.

A widget only wires controls to a callback; the callback is a plain function (data in, a
result or a table out) that tests call without a browser. Under papermill and in an HTML
report widgets show nothing useful, so nothing a report needs may come only from here.
Sections per notebook.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .texts import (
    category_label,
    format_money,
    label,
    labels,
)

if TYPE_CHECKING:
    from .workbook import Workbook


# --- money (notebook 04) ----------------------------------------------------------------------

#: Detail of a revenue input no file or client.yml gave (see :func:`money_assumptions`).
MISSING_REVENUE = "missing: client.yml finance.revenue_per_customer"
#: Accounts with the most revenue at risk the report lists.
ACCOUNTS_TOP = 10


def money_assumptions(wb: Workbook) -> Any:
    """:func:`money.build_assumptions` for the workbook's client, also without revenue.

    Without ``finance.revenue_per_customer`` and without a customer file with revenue, the
    revenue inputs are NaN (source: assumption, detail :data:`MISSING_REVENUE`) instead of an
    error: every amount computed from them is NaN, while what needs no revenue (customers per
    category, retention, customers moved by the business case) stays exact. Nothing is made up;
    :func:`revenue_known` tells the notebook which figures it can show.

    Returns
    -------
    money.Assumptions
    """
    from . import money
    from .score import CATEGORIES

    finance = wb.config.finance
    customers = wb.data.customers.frame if wb.data.customers is not None else None
    has_revenue = customers is not None and "revenue" in customers.columns
    if finance.revenue_per_customer is not None or has_revenue:
        return money.build_assumptions(
            finance, answers=wb.answers, customers=customers, currency=wb.config.currency
        )
    # Revenue does not enter the counts or the retention, so a stand-in of 0 resolves them
    # exactly; the stand-in is replaced by "unknown" at once.
    stand_in = finance.model_copy(update={"revenue_per_customer": 0.0})
    assumptions = money.build_assumptions(
        stand_in, answers=wb.answers, customers=None, currency=wb.config.currency
    )
    for category in CATEGORIES:
        assumptions = assumptions.replace(f"revenue.{category}", np.nan, MISSING_REVENUE)
    return assumptions


def money_notes(wb: Workbook, assumptions: Any) -> list[str]:
    """The notes of the assumptions (why retention came from client.yml) as sentences.

    A client whose answers reach back less than two years has no account in the base year at
    all: that is said as "could not be measured", not as a list of zero counts.
    """
    from .money import note_text

    notes = list(assumptions.notes)
    measured = assumptions.retention_data
    if measured is not None and (measured["accounts"] == 0).all():
        notes = ["retention_no_data" if n == "retention_too_few_accounts" else n for n in notes]
    return [note_text(note, assumptions, wb.language) for note in notes]


def revenue_known(assumptions: Any) -> bool:
    """Whether every category's revenue per customer is known (see :func:`money_assumptions`)."""
    from .score import CATEGORIES

    return all(np.isfinite(assumptions.value(f"revenue.{c}")) for c in CATEGORIES)


def unit_text(wb: Workbook, value: float, unit: str) -> str:
    """A value of a money-model input or figure, formatted for its unit in the client's
    language: an amount in its currency, a share as a percentage, a count, years, a rate."""
    if value is None or pd.isna(value):
        return "–"
    if unit == "share":
        return wb.percent(value, 0 if round(value * 100, 6).is_integer() else 1)
    if unit == "percent":
        return wb.percent(value / 100, 1)
    if unit in ("count", "years"):
        return wb.number(value, 0 if float(value).is_integer() else 1)
    if unit == "per year":
        return wb.number(value, 2)
    return format_money(value, unit, wb.language)


def _where(name: str, source: str, detail: str, language: str) -> str:
    """Where an input came from, in the client's language (money.py's details are English)."""
    if source == "figure":
        return detail  # the formula
    if MISSING_REVENUE in detail:
        return label("notebook.money.where.missing", language)
    # A renamed input (R, m, r ...) keeps its key before a colon: "revenue.passive: ...".
    key = detail.split(": ", 1)[0] if re.match(r"^[\w.]+: ", detail) else name
    if source == "assumption":
        found = re.search(r"client\.yml finance\.\w+", detail)
        if found:
            return found.group(0)
        # Set by a slider or a sensitivity step; a bare assumption (a parameter) says nothing.
        return label("notebook.money.where.adjusted", language) if detail else ""
    stem = key.split(".", 1)[0]
    where = f"notebook.money.where.{stem}"
    return label(where, language) if where in labels() else ""


def _trace_view(wb: Workbook, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of :func:`money.trace` (or ``Assumptions.table`` with depth 0) for a client."""
    from .money import name_label

    language = wb.language
    indent = ["\u2003" * max(d - 1, 0) + ("└ " if d else "") for d in rows["depth"]]
    names = [i + name_label(n, language) for i, n in zip(indent, rows["name"], strict=True)]
    return pd.DataFrame(
        {
            "name": names,
            "value_text": [
                unit_text(wb, v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)
            ],
            "source": [label(f"money.source.{s}", language) for s in rows["source"]],
            "where": [
                _where(n, s, str(d or ""), language)
                for n, s, d in zip(rows["name"], rows["source"], rows["detail"], strict=True)
            ],
        }
    )


def _trace_headers(language: str) -> dict[str, str]:
    columns = ("name", "value_text", "source", "where")
    return {c: label(f"notebook.money.column.{c}", language) for c in columns}


def figure_table(wb: Workbook, *figures: Any, max_depth: int | None = None) -> Any:
    """How figures were reached (:func:`money.trace`), in the client's language: each figure,
    its formula and, indented below it, its inputs with value, source (data, assumption or
    computed) and where each came from.

    Parameters
    ----------
    wb : Workbook
    *figures : money.Figure
        One table for all of them, one after the other.
    max_depth : int or None
        Expand derived inputs this many levels deep; None: down to data and assumptions.
    """
    from .money import trace

    rows = pd.concat([trace(f, max_depth=max_depth) for f in figures], ignore_index=True)
    return wb.table(_trace_view(wb, rows), headers=_trace_headers(wb.language))


def assumptions_table(wb: Workbook, assumptions: Any) -> Any:
    """Every input of the money model with its value, source and where it came from."""
    rows = assumptions.table().assign(depth=0)
    return wb.table(_trace_view(wb, rows), headers=_trace_headers(wb.language))


def revenue_free_table(wb: Workbook, assumptions: Any, case: Any) -> Any:
    """What the money model says without revenue, per category: customers (by their latest
    answer), yearly retention and its source, customers the business case moves up, and word
    of mouth a year in customers (promoters: + n·k referred; detractors: − n·l prospects lost).
    """
    from .score import CATEGORIES

    language = wb.language
    n = {c: assumptions.value(f"customers.{c}") for c in CATEGORIES}
    view = pd.DataFrame(
        {
            "category": [category_label(c, language) for c in CATEGORIES],
            "customers": [n[c] for c in CATEGORIES],
            "retention": [assumptions.value(f"retention.{c}") for c in CATEGORIES],
            "retention_source": [
                label(f"money.source.{assumptions[f'retention.{c}'].source}", language)
                for c in CATEGORIES
            ],
            "moved": [case.detractors_moved.value, case.passives_moved.value, np.nan],
            "word_of_mouth_customers": [
                -n["detractor"] * assumptions.value("lost_per_detractor"),
                0.0,
                n["promoter"] * assumptions.value("referrals_per_promoter"),
            ],
        }
    )
    view["moved"] = [wb.number(v, 0 if float(v).is_integer() else 1) for v in view["moved"]]
    view["word_of_mouth_customers"] = [
        ("+" if v > 0 else "") + wb.number(v, 1) for v in view["word_of_mouth_customers"]
    ]
    headers = {c: label(f"notebook.money.column.{c}", language) for c in view.columns}
    return wb.table(view, number=["customers"], percent=["retention"], headers=headers)


def customer_value_table(wb: Workbook, values: pd.DataFrame) -> Any:
    """:func:`money.customer_value` in the client's language and currency."""
    language = wb.language
    view = values.assign(category=[category_label(c, language) for c in values["category"]])
    amounts = ["revenue", "lifetime_value", "word_of_mouth", "value", "total"]
    headers = {c: label(f"notebook.money.column.{c}", language) for c in view.columns}
    return wb.table(
        view, number=["customers"], percent=["retention"], money=amounts, headers=headers
    )


def accounts_at_risk_table(wb: Workbook, accounts: pd.DataFrame, top: int = ACCOUNTS_TOP) -> Any:
    """The `top` accounts of :func:`money.accounts_at_risk`: name (else id), category, yearly
    revenue, churn, revenue at risk, account manager and the date of the latest answer. Contact
    people, e-mails and phone numbers are left out: they belong in the hand-over."""
    language = wb.language
    head = accounts.head(top)
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
    headers = {c: label(f"notebook.money.column.{c}", language) for c in view.columns}
    return wb.table(
        view,
        money=["account_revenue", "revenue_at_risk"],
        percent=["churn"],
        dates=["answered"],
        headers=headers,
    )


def share_of_wallet_table(wb: Workbook, table: pd.DataFrame) -> Any:
    """The table of :func:`money.share_of_wallet_upside` in the client's language."""
    language = wb.language
    view = table.assign(
        category=[category_label(c, language) for c in table["category"]],
        share_of_wallet=table["share_of_wallet"] / 100,
    ).rename(columns={"revenue": "sales"})
    headers = {c: label(f"notebook.money.column.{c}", language) for c in view.columns}
    return wb.table(
        view,
        number=["accounts"],
        percent=["share_of_wallet"],
        money=["sales", "wallet", "upside"],
        headers=headers,
    )


def sensitivity_table(wb: Workbook, table: pd.DataFrame, assumptions: Any) -> Any:
    """:func:`money.sensitivity` in the client's language: each assumption's base, low and high
    value in its unit, and the business case at low and high."""
    from .money import name_label

    language = wb.language
    units = [assumptions[name].unit for name in table["assumption"]]
    view = pd.DataFrame(
        {
            "assumption": [name_label(n, language) for n in table["assumption"]],
            **{
                column: [unit_text(wb, v, u) for v, u in zip(table[column], units, strict=True)]
                for column in ("base", "low", "high")
            },
            "value_low": table["value_low"],
            "value_high": table["value_high"],
            "swing": table["swing"],
        }
    )
    headers = {c: label(f"notebook.money.column.{c}", language) for c in view.columns}
    return wb.table(view, money=["value_low", "value_high", "swing"], headers=headers)


def business_case_view(
    assumptions: Any,
    *,
    detractors_to_passives: float,
    passives_to_promoters: float,
    margin: float | None = None,
    retention: Mapping[str, float] | None = None,
) -> Any:
    """The business-case widget's callback: :func:`money.business_case` with the margin, the
    retention per category and the two shift shares set by the sliders.

    Pure: `assumptions` is not changed; the slider values enter as assumptions (detail
    "slider").

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

    Returns
    -------
    money.BusinessCase
    """
    from .money import business_case

    varied = assumptions
    if margin is not None:
        varied = varied.replace("margin", margin, "slider")
    for category, value in (retention or {}).items():
        varied = varied.replace(f"retention.{category}", value, "slider")
    return business_case(
        varied,
        detractors_to_passives=detractors_to_passives,
        passives_to_promoters=passives_to_promoters,
    )


def business_case_text(wb: Workbook, case: Any, assumptions: Any) -> str:
    """The business case in one sentence in the client's language (Markdown)."""
    x = case.detractors_moved.input("detractors_to_passives").value
    y = case.passives_moved.input("passives_to_promoters").value
    return label(
        "notebook.money.case_text",
        wb.language,
        x=wb.percent(x),
        y=wb.percent(y),
        moved_d=wb.number(case.detractors_moved.value),
        moved_p=wb.number(case.passives_moved.value),
        value=wb.money(case.value_horizon.value),
        years=wb.number(assumptions.value("horizon_years")),
        per_year=wb.money(case.value_per_year.value),
    )


def business_case_explorer(
    wb: Workbook,
    assumptions: Any,
    *,
    detractors_to_passives: float,
    passives_to_promoters: float,
) -> Any:
    """Sliders for the margin, the retention of each category and the two shift shares; each
    change recomputes the business case (:func:`business_case_view`) and shows its sentence
    and how it was reached.

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    from .money import name_label
    from .score import CATEGORIES

    language = wb.language

    def slider(name: str, value: float, low: float = 0.0) -> Any:
        return widgets.FloatSlider(
            value=value,
            min=low,
            max=1.0,
            step=0.01,
            description=name_label(name, language),
            style={"description_width": "22em"},
            layout=widgets.Layout(width="40em"),
            continuous_update=False,
            readout_format=".0%",
        )

    margin = slider("margin", assumptions.value("margin"))
    retention = {
        c: slider(f"retention.{c}", assumptions.value(f"retention.{c}")) for c in CATEGORIES
    }
    x = slider("detractors_to_passives", detractors_to_passives)
    y = slider("passives_to_promoters", passives_to_promoters)
    out = widgets.HTML()  # not an Output widget: see as_html

    def update(_: Any = None) -> None:
        case = business_case_view(
            assumptions,
            detractors_to_passives=x.value,
            passives_to_promoters=y.value,
            margin=margin.value,
            retention={c: s.value for c, s in retention.items()},
        )
        sentence = escape(business_case_text(wb, case, assumptions))
        table = figure_table(wb, case.value_horizon, max_depth=1).to_html()
        out.value = f"<p>{sentence}</p>{table}"

    controls = [margin, *retention.values(), x, y]
    for control in controls:
        control.observe(update, names="value")
    update()
    return widgets.VBox([*controls, out])
