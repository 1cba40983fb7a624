"""The notebooks' live extras: widgets for the cells tagged ``explore``, and the callbacks
they call.

A widget only wires controls to a callback; the callback is a plain function (data in, a
result or a table out) that tests call without a browser. Under papermill and in an HTML
report widgets show nothing useful, so nothing a report needs may come only from here.
Sections per notebook.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .texts import (
    category_label,
    format_money,
    format_number,
    label,
    labels,
)

if TYPE_CHECKING:
    from .workbook import Workbook


# --- loops (notebook 03) ----------------------------------------------------------------------

#: Open cases per loop the queue table shows in the report.
QUEUE_TOP = 5
#: Days of comments the themes, sentiment and root causes are read from: the huddle's and the
#: Excel hand-over's window (``handover.ROOT_CAUSE_DAYS``), so the three agree.
COMMENT_DAYS = 365
_QUEUE_HEADERS = {
    "loop": "loop.column.loop",
    "customer": "loop.column.customer",
    "score": "loop.column.score",
    "owner": "loop.column.owner",
    "channel": "loop.column.channel",
    "deadline": "loop.column.deadline",
    "days_overdue": "loop.column.days_overdue",
    "status": "loop.column.status",
    "comment": "loop.column.comment",
}


def report_anonymiser(wb: Workbook) -> Callable[[pd.Series], pd.Series]:
    """What a report does to customers' comments: comments.report_anonymiser (names the client's
    files know, e-mail addresses, phone numbers, customer ids) when client.yml's
    ``privacy.anonymise_comments`` is on, else the comments unchanged."""
    from .comments import report_anonymiser as anonymiser

    hide = anonymiser(wb.data, wb.language)
    return hide if hide is not None else (lambda comments: comments)


def comment_window(wb: Workbook, days: int = COMMENT_DAYS) -> pd.DataFrame:
    """The answers of the `days` days up to ``wb.as_of`` (after as_of − days, up to as_of)."""
    dates = pd.to_datetime(wb.answers["date"])
    return wb.answers[(dates > wb.as_of - pd.Timedelta(days=days)) & (dates <= wb.as_of)]


def loop_counts_table(wb: Workbook, counts: pd.DataFrame, *, window_days: int) -> Any:
    """:func:`loops.loop_counts` as the client reads it: loop names, both windows, the change."""
    language = wb.language
    view = pd.DataFrame(
        {
            "loop": [label(f"loop.{int(n)}.name", language) for n in counts["loop"]],
            "this_period": counts["this_period"].astype(int),
            "last_period": counts["last_period"].astype(int),
            "change": counts["change"].astype(int),
        }
    )
    headers = {
        "loop": label("loop.column.loop", language),
        "this_period": label("notebook.loops.column.this_period", language, days=window_days),
        "last_period": label("notebook.loops.column.last_period", language, days=window_days),
        "change": label("notebook.loops.column.change", language),
    }
    return wb.table(view, number=["this_period", "last_period"], nps=["change"], headers=headers)


def queue_view(
    queue: pd.DataFrame,
    *,
    loop: int | None = None,
    owner: str | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """The queue widget's callback: the open cases of one loop and/or one owner, most urgent
    first, at most `top` per loop.

    Parameters
    ----------
    queue : pandas.DataFrame
        :func:`loops.followup_queue` (already most urgent first).
    loop : {1, 2, 3} or None
        None: every loop.
    owner : str or None
        The case owner (``owner`` column); None: everybody.
    top : int or None
        Cases per loop; None: all.

    Returns
    -------
    pandas.DataFrame
        Rows of `queue`, in its order.
    """
    chosen = queue
    if loop is not None:
        chosen = chosen[chosen["loop"] == loop]
    if owner is not None:
        chosen = chosen[chosen["owner"].astype("string") == owner]
    if top is not None:
        chosen = chosen.groupby("loop", sort=False).head(top)
    return chosen.reset_index(drop=True)


def queue_table(
    wb: Workbook,
    queue: pd.DataFrame,
    *,
    anonymise: Callable[[pd.Series], pd.Series] | None = None,
) -> Any:
    """Open cases as a report shows them: loop, customer, score, owner, channel, deadline (a
    date as the client writes it), working days overdue, status and the comment, anonymised
    with `anonymise`. The customer is the customer file's name (a B2B account the owner acts
    on), else the customer id, as in the huddle summary; contact details stay in the Excel
    hand-over."""
    language = wb.language
    comments = queue["comment"].astype("string")
    if anonymise is not None:
        comments = anonymise(comments)
    names = queue["customer_name"] if "customer_name" in queue else pd.Series(pd.NA, queue.index)
    unassigned = label("loop.owner.unassigned", language)
    view = pd.DataFrame(
        {
            "loop": [label(f"loop.{int(n)}.name", language) for n in queue["loop"]],
            "customer": names.astype("string").fillna(queue["respondent_id"].astype("string")),
            "score": queue["score"].astype(int),
            "owner": queue["owner"].astype("string").fillna(unassigned),
            "channel": [label(f"loop.channel.{c}", language) for c in queue["channel"]],
            "deadline": queue["deadline"],
            "days_overdue": queue["days_overdue"].astype(int),
            "status": [label(f"loop.status.{s}", language) for s in queue["status"]],
            "comment": comments.fillna(""),
        }
    )
    headers = {column: label(key, language) for column, key in _QUEUE_HEADERS.items()}
    return wb.table(view, number=["score", "days_overdue"], dates=["deadline"], headers=headers)


def queue_explorer(
    wb: Workbook,
    queue: pd.DataFrame,
    *,
    anonymise: Callable[[pd.Series], pd.Series] | None = None,
) -> Any:
    """A loop selector, an owner filter and a number of cases per loop over the open queue.

    Returns
    -------
    ipywidgets.VBox
        Every change calls :func:`queue_view` and shows :func:`queue_table` of the result.
    """
    import ipywidgets as widgets

    language = wb.language
    everyone = label("notebook.loops.filter.all", language)
    loops = widgets.Dropdown(
        options=[(everyone, None)]
        + [(label(f"loop.{n}.name", language), n) for n in sorted(queue["loop"].unique())],
        index=0,  # "(all)": value=None would mean nothing selected, a blank drop-down
        description=label("loop.column.loop", language),
    )
    owners = sorted(queue["owner"].dropna().astype(str).unique())
    owner = widgets.Dropdown(
        options=[(everyone, None)] + [(name, name) for name in owners],
        index=0,  # "(all)": value=None would mean nothing selected, a blank drop-down
        description=label("loop.column.owner", language),
    )
    top = widgets.IntSlider(
        value=QUEUE_TOP,
        min=1,
        max=max(int(queue.groupby("loop").size().max()) if len(queue) else 1, 1),
        description=label("notebook.loops.column.cases", language),
        continuous_update=False,
    )
    out = widgets.HTML()  # not an Output widget: see as_html

    def update(_: Any = None) -> None:
        chosen = queue_view(queue, loop=loops.value, owner=owner.value, top=top.value)
        if chosen.empty:
            out.value = f"<p>{escape(label('notebook.loops.queue_empty', language))}</p>"
        else:
            out.value = queue_table(wb, chosen, anonymise=anonymise).to_html()

    for control in (loops, owner, top):
        control.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox([loops, owner, top]), out])


def p_value_text(p: float, language: str) -> str:
    """A p-value with three decimals, "< 0,001" below that; "–" when there is none."""
    if p is None or pd.isna(p):
        return "–"
    if p < 0.001:
        return "< " + format_number(0.001, language, 3)
    return format_number(p, language, 3)


def performance_table(wb: Workbook, by_loop: pd.DataFrame) -> Any:
    """:attr:`loops.FollowupPerformance.by_loop` in the client's language."""
    language = wb.language
    columns = ["cases", "judged", "share_contacted", "share_within_deadline"]
    columns += ["median_days_to_contact", "closure_rate"]
    view = by_loop[columns].copy()
    view.insert(0, "loop", [label(f"loop.{int(n)}.name", language) for n in by_loop["loop"]])
    headers = {"loop": label("loop.column.loop", language)}
    headers |= {c: label(f"notebook.loops.column.{c}", language) for c in columns}
    return wb.table(
        view,
        number=["cases", "judged", "median_days_to_contact"],
        percent=["share_contacted", "share_within_deadline", "closure_rate"],
        headers=headers,
    )


def followup_effect_table(wb: Workbook, after_followup: pd.DataFrame) -> Any:
    """:attr:`loops.FollowupPerformance.after_followup`: the next answer's NPS with and without
    a follow-up, per loop, with the difference, its interval and p-value."""
    language = wb.language
    columns = ["n_followed", "nps_followed", "n_not_followed", "nps_not_followed"]
    columns += ["nps_difference", "ci_low", "ci_high", "p_value"]
    view = after_followup[columns].astype(float)
    view.insert(0, "loop", [label(f"loop.{int(n)}.name", language) for n in after_followup["loop"]])
    view["p_value"] = [p_value_text(p, language) for p in view["p_value"]]
    headers = {"loop": label("loop.column.loop", language)}
    headers |= {c: label(f"notebook.loops.column.{c}", language) for c in columns}
    return wb.table(
        view,
        number=["n_followed", "n_not_followed"],
        nps=["nps_followed", "nps_not_followed", "nps_difference", "ci_low", "ci_high"],
        headers=headers,
    )


def sentiment_by_category(answers: pd.DataFrame, language: str) -> pd.DataFrame:
    """The tone of the comments per category: AFINN sentiment (:func:`comments.sentiment`).

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers with ``comment`` and ``category``.
    language : {"da", "en"}
        The language the comments are written in (client.yml's), not the report's.

    Returns
    -------
    pandas.DataFrame
        One row per category: ``category``, ``comments`` (with text), ``sentiment`` (mean),
        ``negative`` and ``positive`` (shares of the comments scoring below and above 0).
    """
    from .comments import sentiment
    from .score import CATEGORIES

    tone = sentiment(answers["comment"], language)
    scored = pd.DataFrame({"category": answers["category"].astype(str), "tone": tone}).dropna()
    grouped = scored.groupby("category")["tone"]
    table = pd.DataFrame(
        {
            "comments": grouped.size(),
            "sentiment": grouped.mean(),
            "negative": grouped.agg(lambda t: (t < 0).mean()),
            "positive": grouped.agg(lambda t: (t > 0).mean()),
        }
    ).reindex(list(CATEGORIES))
    table["comments"] = table["comments"].fillna(0).astype(int)
    return table.rename_axis("category").reset_index()


def sentiment_table(wb: Workbook, tone: pd.DataFrame) -> Any:
    """:func:`sentiment_by_category` in the client's language."""
    language = wb.language
    view = tone.assign(category=[category_label(c, language) for c in tone["category"]])
    view["sentiment"] = [format_number(v, language, 2) for v in view["sentiment"]]
    headers = {c: label(f"notebook.loops.column.{c}", language) for c in view.columns}
    return wb.table(view, number=["comments"], percent=["negative", "positive"], headers=headers)


def root_cause_table(wb: Workbook, causes: pd.DataFrame) -> Any:
    """The themes detractors mention more than promoters (:func:`comments.root_causes` with a
    positive difference): shares, lift, p-value and the example comments as given (anonymise
    them in ``root_causes``)."""
    language = wb.language
    over = causes[causes["difference"] > 0]
    view = pd.DataFrame(
        {
            "theme": over["theme"].astype(str).str.capitalize(),
            "detractors": over["detractors"].astype(int),
            "detractor_share": over["detractor_share"],
            "promoter_share": over["promoter_share"],
            "lift": [format_number(v, language, 1) for v in over["lift"]],
            "p_value": [p_value_text(v, language) for v in over["p_value"]],
            "examples": [" · ".join(f"«{text}»" for text in e) for e in over["examples"]],
        }
    )
    headers = {c: label(f"comments.column.{c}", language) for c in view.columns}
    return wb.table(
        view,
        number=["detractors"],
        percent=["detractor_share", "promoter_share"],
        headers=headers,
    )


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
