"""Kroner og øre: what loyalty is worth, from the client's data and documented assumptions.

Every number a client sees is a :class:`Figure`: the value with its unit, the formula that made
it and the inputs it used, each marked ``data`` (measured in the client's files),
``assumption`` (client.yml's ``finance:`` section, or this module's defaults there) or
``figure`` (another Figure, which carries its own inputs). ``trace(figure)`` lays the whole
derivation out as a table, so a notebook can show how a figure was reached.

The flow::

    assumptions = build_assumptions(config.finance, answers=answers, customers=customers)
    lifetime_value(assumptions)          # value of one customer per category
    revenue_at_risk(assumptions)         # yearly revenue expected to leave with churn
    word_of_mouth(assumptions)           # referrals won and prospects lost, per year
    case = business_case(assumptions, detractors_to_passives=0.2, passives_to_promoters=0.2)
    sensitivity(assumptions)             # which assumption moves the case most

The loyalty economics follow Reichheld, "The Loyalty Effect" (1996) and "The Ultimate
Question 2.0" (2011): promoters buy more, stay longer, cost less and refer others. The
lifetime value is the discounted-margin model of Gupta & Lehmann, "Customers as Assets",
Journal of Interactive Marketing 17(1), 2003, over a finite horizon. Nothing here reads files
or prints.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .config import Finance
from .errors import AnalysisError, require_columns
from .score import CATEGORIES, CONFIDENCE, DATE_COLUMN, categorize, z_value
from .texts import format_number, format_percent, label, labels

#: Where an input comes from.
SOURCES = ("data", "assumption", "figure")
#: Units other than a currency code.
SHARE, COUNT, YEARS, RATE = "share", "count", "years", "per year"
#: Identifier column of the accounts in the answers (the loader's role name).
RESPONDENT_COLUMN = "respondent_id"

#: The assumptions the sensitivity table varies by default: the uncertain ones.
UNCERTAIN = (
    "retention.detractor",
    "retention.passive",
    "retention.promoter",
    "margin",
    "discount_rate",
    "referrals_per_promoter",
    "lost_per_detractor",
)


# --- Traceable figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """One input of a figure: its value, unit and where it came from.

    Attributes
    ----------
    name : str
        Key of the input, e.g. ``"margin"`` or ``"retention.promoter"``; its Danish and English
        names are ``label("money.input.<name>", language)`` (category suffixes are labelled
        separately).
    value : float
    unit : str
        A currency code (``"DKK"``), ``"share"`` (0..1), ``"count"``, ``"years"`` or ``"per year"``.
    source : {"data", "assumption", "figure"}
    detail : str
        A note for the consultant, in English: ``"customers file, 103 accounts"``; for a
        figure its formula. Code never reads it back: provenance is in `key` and `setting`.
    figure : Figure or None
        The figure this input is, when ``source == "figure"``.
    key : str
        The model input this is (an :class:`Assumptions` key such as ``"revenue.passive"``);
        it stays when a formula renames the input (``R``, ``m`` ...). Default: `name`.
    setting : str or None
        The client.yml key an assumption comes from (``"finance.margin"``); None for data,
        figures and values set by hand (a slider, a sensitivity step). An assumption with a
        setting and no value (NaN) is missing: that setting is to be filled in.
    """

    name: str
    value: float
    unit: str
    source: str
    detail: str = ""
    figure: Figure | None = field(default=None, repr=False, compare=False)
    key: str = ""
    setting: str | None = None

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"source {self.source!r} is not one of {SOURCES}")
        if not self.key:
            object.__setattr__(self, "key", self.name)

    @property
    def missing(self) -> bool:
        """An assumption client.yml should give but does not (its value is NaN)."""
        return self.source == "assumption" and self.setting is not None and math.isnan(self.value)


@dataclass(frozen=True)
class Figure:
    """A computed number with the formula and inputs that made it.

    Attributes
    ----------
    name : str
        Key of the figure, e.g. ``"lifetime_value.promoter"``.
    value : float
    unit : str
        As in :class:`Input`.
    formula : str
        The formula in the inputs' names, e.g. ``"Σ_{t=0}^{H−1} m·r^t/(1+d)^t"``.
    inputs : tuple of Input
    """

    name: str
    value: float
    unit: str
    formula: str
    inputs: tuple[Input, ...]

    def input(self, name: str) -> Input:
        """The input called `name`."""
        for item in self.inputs:
            if item.name == name:
                return item
        known = ", ".join(item.name for item in self.inputs)
        raise KeyError(f"figure {self.name!r} has no input {name!r}; it has: {known}")

    def as_input(self, name: str | None = None) -> Input:
        """This figure as an input of another figure."""
        return Input(name or self.name, self.value, self.unit, "figure", self.formula, self)


def trace(
    figure: Figure, language: str | None = None, *, max_depth: int | None = None
) -> pd.DataFrame:
    """How a figure was reached: one row per input, derived inputs expanded below it.

    Parameters
    ----------
    figure : Figure
    language : {"da", "en"} or None
        Translate figure, input and source names through ``texts``; None keeps the keys.
    max_depth : int or None
        Expand derived inputs only this many levels deep (1: the figure's own inputs);
        None expands everything down to data and assumptions.

    Returns
    -------
    pandas.DataFrame
        Columns ``depth`` (0 for the figure itself), ``name``, ``value``, ``unit``, ``source``,
        ``detail`` (the formula for figures), ``key`` and ``setting`` (see :class:`Input`).

    Examples
    --------
    >>> share = wallet_allocation_figure(rank=2, brands=3)
    >>> trace(share)[["depth", "name", "value"]].round(4)
       depth               name   value
    0      0  wallet_allocation  0.3333
    1      1               rank  2.0000
    2      1             brands  3.0000
    """
    rows: list[dict[str, Any]] = []

    def visit(item: Figure, depth: int, name: str) -> None:
        rows.append(
            {
                "depth": depth,
                "name": name,
                "value": item.value,
                "unit": item.unit,
                "source": "figure",
                "detail": item.formula,
                "key": name,
                "setting": None,
            }
        )
        if max_depth is not None and depth >= max_depth:
            return
        for entry in item.inputs:
            if entry.figure is not None:
                visit(entry.figure, depth + 1, entry.name)
            else:
                rows.append(
                    {
                        "depth": depth + 1,
                        "name": entry.name,
                        "value": entry.value,
                        "unit": entry.unit,
                        "source": entry.source,
                        "detail": entry.detail,
                        "key": entry.key,
                        "setting": entry.setting,
                    }
                )

    visit(figure, 0, figure.name)
    table = pd.DataFrame(rows)
    if language is not None:
        table["name"] = [name_label(name, language) for name in table["name"]]
        table["source"] = [label(f"money.source.{s}", language) for s in table["source"]]
    return table


def name_label(name: str, language: str) -> str:
    """Danish or English name of an input or figure key, e.g. ``retention.promoter``."""
    if f"money.input.{name}" in labels():
        return label(f"money.input.{name}", language)
    stem, _, category = name.partition(".")
    text = label(f"money.input.{stem}", language)
    if category in CATEGORIES:
        return f"{text} ({label(f'category.{category}.plural', language).lower()})"
    return text


# --- Assumptions: data where it exists, client.yml where it does not ------------------------------


@dataclass(frozen=True)
class Assumptions:
    """Every input of the money model, each with its source.

    Keys: ``customers.<category>``, ``revenue.<category>`` (yearly, per customer),
    ``retention.<category>`` (share of customers still there a year later),
    ``cost_to_serve.<category>`` (yearly, per customer), ``margin`` (share of revenue),
    ``discount_rate`` (yearly), ``horizon_years``, ``referrals_per_promoter`` (new customers
    a promoter brings a year) and ``lost_per_detractor`` (prospects a detractor costs a year).

    Attributes
    ----------
    currency : str
    inputs : dict of str to Input
    notes : tuple of str
        Why a source was chosen, e.g. why retention fell back to the assumption.
    retention_data : pandas.DataFrame or None
        The retention measured in the answers (:func:`retention_from_answers`), if measured.
    """

    currency: str
    inputs: Mapping[str, Input]
    notes: tuple[str, ...] = ()
    retention_data: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def __getitem__(self, name: str) -> Input:
        try:
            return self.inputs[name]
        except KeyError:
            raise KeyError(f"no assumption {name!r}; known: {', '.join(self.inputs)}") from None

    def value(self, name: str) -> float:
        return self[name].value

    def replace(
        self, name: str, value: float, detail: str = "varied", *, setting: str | None = None
    ) -> Assumptions:
        """A copy with one input set to `value` (source: assumption), by hand unless
        `setting` names the client.yml key it stands for."""
        old = self[name]
        inputs = dict(self.inputs)
        inputs[name] = Input(name, float(value), old.unit, "assumption", detail, setting=setting)
        return Assumptions(self.currency, inputs, self.notes, self.retention_data)

    def table(self, language: str | None = None) -> pd.DataFrame:
        """All inputs as a table: name, value, unit, source, detail, key, setting."""
        table = pd.DataFrame(
            [
                {
                    "name": i.name,
                    "value": i.value,
                    "unit": i.unit,
                    "source": i.source,
                    "detail": i.detail,
                    "key": i.key,
                    "setting": i.setting,
                }
                for i in self.inputs.values()
            ]
        )
        if language is not None:
            table["name"] = [name_label(name, language) for name in table["name"]]
            table["source"] = [label(f"money.source.{s}", language) for s in table["source"]]
        return table


def account_categories(answers: pd.DataFrame) -> pd.DataFrame:
    """Each account's latest answer: its date, score and category.

    Without a ``date`` column (optional in an export) the latest answer is the account's last
    row in the file, and ``date`` is empty.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers with ``respondent_id``, ``date`` and ``category`` (or ``score``).

    Returns
    -------
    pandas.DataFrame
        One row per account, columns ``respondent_id``, ``date``, ``category``, ``answers``
        (how many times the account answered); sorted by ``respondent_id``.
    """
    require_columns(answers, (RESPONDENT_COLUMN,))
    frame = _with_category(answers)
    if DATE_COLUMN not in frame.columns:
        # An undated export: the latest answer is the last in the file (stable sort below).
        frame = frame.assign(**{DATE_COLUMN: pd.Series(pd.NaT, frame.index, "datetime64[ns]")})
    else:
        frame = frame.dropna(subset=[DATE_COLUMN])
    frame = frame.dropna(subset=[RESPONDENT_COLUMN])
    frame = frame.sort_values([RESPONDENT_COLUMN, DATE_COLUMN], kind="stable")
    grouped = frame.groupby(RESPONDENT_COLUMN, sort=True, observed=True)
    latest = grouped.tail(1).set_index(RESPONDENT_COLUMN)
    result = latest[[DATE_COLUMN, "category"]].copy()
    result["answers"] = grouped.size()
    return result.reset_index()


def retention_from_answers(
    answers: pd.DataFrame, *, follow_up_months: int = 12, base_months: int = 12
) -> pd.DataFrame:
    """Yearly retention per category, read from accounts answering again.

    The last ``follow_up_months`` of the data are the follow-up window; the ``base_months``
    before it are the base window. Each account that answered in the base window is put in
    the category of its last answer there; it counts as retained when it answered at least
    once in the follow-up window. Retention = retained accounts / accounts, per category, with
    a Wilson score interval (95 %).

    This measures "still answering", a lower bound of "still a customer": a loyal account that
    simply was not asked in the follow-up year counts as lost. It is therefore best read as a
    comparison between categories.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers with ``respondent_id``, ``date`` and ``category`` (or ``score``).
    follow_up_months, base_months : int, default 12

    Returns
    -------
    pandas.DataFrame
        One row per category: ``category``, ``accounts``, ``retained``, ``retention``,
        ``ci_low``, ``ci_high``. ``attrs`` holds ``base_start``, ``split`` and ``end``
        (base window ``(base_start, split]``, follow-up ``(split, end]``). Empty counts (0)
        when the data span does not reach back before the follow-up window.
    """
    require_columns(answers, (RESPONDENT_COLUMN, DATE_COLUMN))
    frame = _with_category(answers).dropna(subset=[RESPONDENT_COLUMN, DATE_COLUMN])
    end = frame[DATE_COLUMN].max()
    split = end - pd.DateOffset(months=follow_up_months)
    base_start = split - pd.DateOffset(months=base_months)
    dates = frame[DATE_COLUMN]
    base = frame[(dates > base_start) & (dates <= split)]
    followed = set(frame.loc[dates > split, RESPONDENT_COLUMN])
    last = (
        base.sort_values([RESPONDENT_COLUMN, DATE_COLUMN], kind="stable")
        .groupby(RESPONDENT_COLUMN, observed=True)
        .tail(1)
    )
    retained = last[RESPONDENT_COLUMN].isin(followed).to_numpy()
    codes = pd.Categorical(last["category"], categories=list(CATEGORIES)).codes
    accounts = np.bincount(codes[codes >= 0], minlength=3)
    kept = np.bincount(codes[codes >= 0], weights=retained[codes >= 0], minlength=3)
    share = np.divide(kept, accounts, out=np.full(3, np.nan), where=accounts > 0)
    low, high = _wilson(kept, accounts)
    table = pd.DataFrame(
        {
            "category": list(CATEGORIES),
            "accounts": accounts.astype(int),
            "retained": kept.astype(int),
            "retention": share,
            "ci_low": low,
            "ci_high": high,
        }
    )
    table.attrs.update(base_start=base_start, split=split, end=end)
    return table


def build_assumptions(
    finance: Finance,
    *,
    answers: pd.DataFrame | None = None,
    customers: pd.DataFrame | None = None,
    currency: str = "DKK",
) -> Assumptions:
    """Resolve every input of the money model: from the data where it exists, else client.yml.

    - ``customers.<category>``: accounts per category by their latest answer
      (:func:`account_categories`); with ``finance.customers`` set, that base size split in
      the same shares.
    - ``revenue.<category>``: ``finance.revenue_per_customer`` when set; otherwise the mean
      yearly ``revenue`` of the customers file, accounts joined on ``id == respondent_id`` and
      placed in the category of their latest answer.
    - ``retention.<category>``: per ``finance.retention_source``. ``"data"``: measured by
      :func:`retention_from_answers`. ``"assumption"``: ``finance.retention``. ``"auto"``
      (default): the data when every category has at least ``finance.min_accounts`` accounts
      and the measured retention is ordered detractors ≤ passives ≤ promoters; otherwise the
      assumption, with a note saying why (an unordered measurement is mostly noise at these
      sample sizes; a consultant who believes it sets ``retention_source: data``).
    - everything else: ``finance`` (client.yml, or its documented defaults).

    Parameters
    ----------
    finance : Finance
        The ``finance:`` section of client.yml.
    answers : pandas.DataFrame or None
        Tidy answers with ``respondent_id``, ``date``, ``category``.
    customers : pandas.DataFrame or None
        The customers file's frame (``ClientData.customers.frame``): ``id``, ``revenue``.
    currency : str, default "DKK"

    Returns
    -------
    Assumptions

    Raises
    ------
    AnalysisError
        When a needed figure is neither in the data nor in client.yml (e.g. no revenue).
    """
    inputs: dict[str, Input] = {}
    notes: list[str] = []
    yml = "client.yml finance."

    # Customers per category: accounts by their latest answer; without a respondent id (an
    # anonymous survey) each answer counts as a customer, and the notes say so.
    has_ids = answers is not None and RESPONDENT_COLUMN in answers.columns
    if has_ids:
        latest = account_categories(answers)
        counted = latest["category"]
        unit = "accounts by their latest answer"
    elif answers is not None:
        latest = None
        counted = _with_category(answers)["category"]
        unit = "answers, each counted as a customer (no respondent_id)"
        notes.append("customers_from_answers")
    if answers is None or counted.empty:
        needs = "a respondent_id and a date" if has_ids else "a score"
        raise AnalysisError(
            f"The money model counts customers per category and found no answer with {needs}"
        )
    counts = counted.astype(str).value_counts().reindex(list(CATEGORIES), fill_value=0)
    for category in CATEGORIES:
        count = float(counts[category])
        setting = None
        if finance.customers is not None:
            count = finance.customers * count / counts.sum()
            detail = f"{yml}customers = {finance.customers} × share of accounts in the data"
            source, setting = "assumption", "finance.customers"
        else:
            detail = f"{unit} ({int(counts.sum())})"
            source = "data"
        inputs[f"customers.{category}"] = Input(
            f"customers.{category}", count, COUNT, source, detail, setting=setting
        )

    # Revenue per customer.
    if finance.revenue_per_customer is not None:
        for category in CATEGORIES:
            inputs[f"revenue.{category}"] = Input(
                f"revenue.{category}",
                float(finance.revenue_per_customer),
                currency,
                "assumption",
                f"{yml}revenue_per_customer",
                setting="finance.revenue_per_customer",
            )
    elif latest is None:
        raise AnalysisError(
            "The customers file's revenue needs the answers' respondent_id to find each "
            "customer's category: map responses.columns.respondent_id in client.yml, or set "
            "finance.revenue_per_customer"
        )
    else:
        for category, (value, n) in _revenue_by_category(latest, customers).items():
            inputs[f"revenue.{category}"] = Input(
                f"revenue.{category}",
                value,
                currency,
                "data",
                f"mean yearly revenue in the customers file, {n} accounts",
            )

    # Retention.
    retention_data = None
    use_data = False
    dated = has_ids and DATE_COLUMN in answers.columns
    if has_ids and not dated and finance.retention_source != "assumption":
        notes.append("retention_no_dates")
    if finance.retention_source != "assumption" and dated:
        retention_data = retention_from_answers(answers)
        measured = retention_data.set_index("category")
        enough = bool((measured["accounts"] >= finance.min_accounts).all())
        ordered = bool(measured["retention"].is_monotonic_increasing)
        if finance.retention_source == "data":
            use_data = bool((measured["accounts"] > 0).all())
            if not use_data:
                notes.append("retention_no_data")
        elif not enough:
            notes.append("retention_too_few_accounts")
        elif not ordered:
            notes.append("retention_not_ordered")
        else:
            use_data = True
    for category in CATEGORIES:
        name = f"retention.{category}"
        if use_data:
            row = retention_data.set_index("category").loc[category]
            inputs[name] = Input(
                name,
                float(row["retention"]),
                SHARE,
                "data",
                f"{int(row['retained'])} of {int(row['accounts'])} accounts answered again "
                f"the following year (95 % interval {row['ci_low']:.2f}-{row['ci_high']:.2f})",
            )
        else:
            value = getattr(finance.retention, _plural(category))
            inputs[name] = Input(
                name,
                float(value),
                SHARE,
                "assumption",
                f"{yml}retention",
                setting="finance.retention",
            )

    for category in CATEGORIES:
        inputs[f"cost_to_serve.{category}"] = Input(
            f"cost_to_serve.{category}",
            float(getattr(finance.cost_to_serve, _plural(category))),
            currency,
            "assumption",
            f"{yml}cost_to_serve",
            setting="finance.cost_to_serve",
        )
    for name, unit in (
        ("margin", SHARE),
        ("discount_rate", SHARE),
        ("horizon_years", YEARS),
        ("referrals_per_promoter", RATE),
        ("lost_per_detractor", RATE),
    ):
        inputs[name] = Input(
            name,
            float(getattr(finance, name)),
            unit,
            "assumption",
            f"{yml}{name}",
            setting=f"finance.{name}",
        )
    return Assumptions(currency, inputs, tuple(notes), retention_data)


def assumptions_with_unknown_revenue(
    finance: Finance,
    *,
    answers: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    currency: str = "DKK",
) -> Assumptions:
    """:func:`build_assumptions`, also for a client whose revenue nobody gave.

    Without ``finance.revenue_per_customer`` and without a customers file with ``revenue``, the
    revenue inputs are NaN, missing (their setting is ``finance.revenue_per_customer``),
    instead of an error: every amount computed from them is NaN, while what needs no revenue
    (customers per category, retention, customers moved by the business case, word of mouth in
    customers) stays exact. Nothing is made up; :func:`revenue_known` says which it is.

    Examples
    --------
    >>> from nps_workbook.config import Finance
    >>> answers = pd.DataFrame({"respondent_id": ["a", "b"], "score": [10, 3],
    ...                         "date": pd.to_datetime(["2024-01-05", "2024-02-01"])})
    >>> unknown = assumptions_with_unknown_revenue(Finance(), answers=answers)
    >>> revenue_known(unknown), unknown["revenue.promoter"].missing
    (False, True)
    """
    has_revenue = customers is not None and "revenue" in customers.columns
    if finance.revenue_per_customer is not None or has_revenue:
        return build_assumptions(finance, answers=answers, customers=customers, currency=currency)
    # Revenue does not enter the counts or the retention, so a stand-in of 0 resolves them
    # exactly; the stand-in is replaced by "unknown" at once.
    stand_in = finance.model_copy(update={"revenue_per_customer": 0.0})
    assumptions = build_assumptions(stand_in, answers=answers, customers=None, currency=currency)
    for category in CATEGORIES:
        assumptions = assumptions.replace(
            f"revenue.{category}",
            np.nan,
            "missing: client.yml finance.revenue_per_customer",
            setting="finance.revenue_per_customer",
        )
    return assumptions


def revenue_known(assumptions: Assumptions) -> bool:
    """Whether every category's revenue per customer is known."""
    return all(np.isfinite(assumptions.value(f"revenue.{c}")) for c in CATEGORIES)


def without_revenue(assumptions: Assumptions, case: BusinessCase) -> pd.DataFrame:
    """What the money model says without revenue, per category.

    Returns
    -------
    pandas.DataFrame
        One row per category, detractors first: ``category``, ``customers`` (by their latest
        answer), ``retention`` (yearly) with ``retention_source``, ``moved`` (customers the
        business case moves up; none for promoters) and ``word_of_mouth_customers`` a year
        (promoters: + n·k referred; detractors: − n·l prospects lost; passives 0).
    """
    n = {c: assumptions.value(f"customers.{c}") for c in CATEGORIES}
    return pd.DataFrame(
        {
            "category": list(CATEGORIES),
            "customers": [n[c] for c in CATEGORIES],
            "retention": [assumptions.value(f"retention.{c}") for c in CATEGORIES],
            "retention_source": [assumptions[f"retention.{c}"].source for c in CATEGORIES],
            "moved": [case.detractors_moved.value, case.passives_moved.value, np.nan],
            "word_of_mouth_customers": [
                -n["detractor"] * assumptions.value("lost_per_detractor"),
                0.0,
                n["promoter"] * assumptions.value("referrals_per_promoter"),
            ],
        }
    )


def note_text(note: str, assumptions: Assumptions, language: str) -> str:
    """A note of :class:`Assumptions` as a sentence in `language`."""
    values: dict[str, Any] = {}
    if assumptions.retention_data is not None:
        measured = assumptions.retention_data.set_index("category")
        values = {
            c: f"{format_percent(measured.loc[c, 'retention'], language)}"
            f" ({format_number(measured.loc[c, 'accounts'], language)})"
            for c in CATEGORIES
        }
    return label(f"money.note.{note}", language, **values)


# --- Lifetime value and word of mouth -------------------------------------------------------------


def _annuity(retention: float, discount_rate: float, horizon: float) -> float:
    """Σ_{t=0}^{H−1} (r/(1+d))^t, the expected discounted number of years as a customer."""
    q = retention / (1 + discount_rate)
    years = round(horizon)
    if math.isclose(q, 1.0):
        return float(years)
    return (1 - q**years) / (1 - q)


def lifetime_value(assumptions: Assumptions) -> dict[str, Figure]:
    """Discounted margin of one customer of each category over the horizon.

    LTV_c = Σ_{t=0}^{H−1} (R_c·m − C_c) · r_c^t / (1+d)^t
          = (R_c·m − C_c) · (1 − q^H)/(1 − q),  q = r_c/(1+d)

    with R_c the yearly revenue, m the margin, C_c the yearly cost to serve, r_c the yearly
    retention, d the discount rate and H the horizon in years. Timing: the margin of year t is
    counted at the start of year t; year 0 is the current year, in which the customer is
    certainly a customer (undiscounted); the customer is still there in year t with probability
    r^t. As H → ∞ this is (R·m − C)·(1 + r/(1 + d − r)), i.e. the year-0 margin plus Gupta &
    Lehmann's (2003) "margin multiple" r/(1 + d − r) for margins received at the end of
    each year.

    Returns
    -------
    dict of category to Figure
        Keys ``"detractor"``, ``"passive"``, ``"promoter"``; figure names
        ``lifetime_value.<category>``.
    """
    d = assumptions["discount_rate"]
    h = assumptions["horizon_years"]
    m = assumptions["margin"]
    figures = {}
    for category in CATEGORIES:
        revenue = assumptions[f"revenue.{category}"]
        cost = assumptions[f"cost_to_serve.{category}"]
        r = assumptions[f"retention.{category}"]
        yearly = revenue.value * m.value - cost.value
        value = yearly * _annuity(r.value, d.value, h.value)
        figures[category] = Figure(
            f"lifetime_value.{category}",
            value,
            assumptions.currency,
            "Σ_{t=0}^{H−1} (R·m − C)·r^t/(1+d)^t",
            (
                _rename(revenue, "R"),
                _rename(m, "m"),
                _rename(cost, "C"),
                _rename(r, "r"),
                _rename(d, "d"),
                _rename(h, "H"),
            ),
        )
    return figures


def new_customer_value(assumptions: Assumptions) -> Figure:
    """Lifetime value of a newly won customer: the customer-weighted mean LTV of today's base.

    LTV_new = Σ_c n_c·LTV_c / Σ_c n_c, without word of mouth (a referral's own referrals are
    not counted, so the value is not circular).
    """
    ltv = lifetime_value(assumptions)
    counts = [assumptions[f"customers.{c}"] for c in CATEGORIES]
    total = sum(n.value for n in counts)
    value = sum(n.value * ltv[c].value for n, c in zip(counts, CATEGORIES, strict=True)) / total
    return Figure(
        "new_customer_value",
        value,
        assumptions.currency,
        "Σ_c n_c·LTV_c / Σ_c n_c",
        (*(ltv[c].as_input() for c in CATEGORIES), *counts),
    )


def word_of_mouth_value(assumptions: Assumptions) -> dict[str, Figure]:
    """What one customer's talk is worth over the horizon, per category.

    Promoters: WOM = k · LTV_new · A_c, detractors: WOM = −l · LTV_new · A_c, passives: 0,
    with k the referrals per promoter a year, l the prospects lost per detractor a year and
    A_c = Σ_{t=0}^{H−1} (r_c/(1+d))^t the discounted years the customer stays (talk lasts
    as long as the relationship). After Reichheld (2011), who values a promoter's referrals
    and a detractor's negative word of mouth in customers won or lost.
    """
    new = new_customer_value(assumptions)
    d = assumptions["discount_rate"]
    h = assumptions["horizon_years"]
    rates = {
        "promoter": (assumptions["referrals_per_promoter"], 1.0, "k · LTV_new · A"),
        "detractor": (assumptions["lost_per_detractor"], -1.0, "−l · LTV_new · A"),
    }
    figures = {}
    for category in CATEGORIES:
        r = assumptions[f"retention.{category}"]
        if category not in rates:
            figures[category] = Figure(
                f"word_of_mouth.{category}", 0.0, assumptions.currency, "0", ()
            )
            continue
        rate, sign, formula = rates[category]
        annuity = _annuity(r.value, d.value, h.value)
        figures[category] = Figure(
            f"word_of_mouth.{category}",
            sign * rate.value * new.value * annuity,
            assumptions.currency,
            formula + ",  A = Σ_{t=0}^{H−1} (r/(1+d))^t",
            (
                _rename(rate, "k" if sign > 0 else "l"),
                new.as_input(),
                _rename(r, "r"),
                _rename(d, "d"),
                _rename(h, "H"),
            ),
        )
    return figures


def customer_value(assumptions: Assumptions) -> pd.DataFrame:
    """The value table per category: one customer's LTV and word of mouth, and the base's.

    Returns
    -------
    pandas.DataFrame
        One row per category: ``category``, ``customers``, ``revenue``, ``retention``,
        ``lifetime_value``, ``word_of_mouth``, ``value`` (= LTV + WOM per customer),
        ``total`` (value × customers).
    """
    ltv = lifetime_value(assumptions)
    wom = word_of_mouth_value(assumptions)
    rows = []
    for category in CATEGORIES:
        value = ltv[category].value + wom[category].value
        customers = assumptions.value(f"customers.{category}")
        rows.append(
            {
                "category": category,
                "customers": customers,
                "revenue": assumptions.value(f"revenue.{category}"),
                "retention": assumptions.value(f"retention.{category}"),
                "lifetime_value": ltv[category].value,
                "word_of_mouth": wom[category].value,
                "value": value,
                "total": value * customers,
            }
        )
    return pd.DataFrame(rows)


def _customer_values(assumptions: Assumptions) -> tuple[dict[str, Figure], Figure]:
    """Per-category value (LTV + WOM) as figures, and the new-customer value."""
    ltv = lifetime_value(assumptions)
    wom = word_of_mouth_value(assumptions)
    values = {
        c: Figure(
            f"customer_value.{c}",
            ltv[c].value + wom[c].value,
            assumptions.currency,
            "LTV + WOM",
            (ltv[c].as_input(), wom[c].as_input()),
        )
        for c in CATEGORIES
    }
    return values, new_customer_value(assumptions)


# --- Revenue at risk, word of mouth of the base ---------------------------------------------------


def revenue_at_risk(assumptions: Assumptions) -> Figure:
    """Yearly revenue expected to leave with detractors and passives who churn.

    At risk = Σ_{c ∈ detractors, passives} n_c · R_c · (1 − r_c), per year.
    """
    inputs = []
    value = 0.0
    for category in ("detractor", "passive"):
        n = assumptions[f"customers.{category}"]
        revenue = assumptions[f"revenue.{category}"]
        r = assumptions[f"retention.{category}"]
        value += n.value * revenue.value * (1 - r.value)
        inputs += [n, revenue, r]
    return Figure(
        "revenue_at_risk",
        value,
        assumptions.currency,
        "Σ_{detractors, passives} n·R·(1 − r)",
        tuple(inputs),
    )


def accounts_at_risk(
    answers: pd.DataFrame, customers: pd.DataFrame, assumptions: Assumptions
) -> pd.DataFrame:
    """Each account's revenue weighted by its category's churn: whom to call first.

    revenue_at_risk = revenue · (1 − r_c), with c the category of the account's latest answer.

    Returns
    -------
    pandas.DataFrame
        The customers file's columns for each account that answered, plus ``category``,
        ``answered`` (date of the latest answer), ``churn`` (1 − r_c) and
        ``revenue_at_risk``; sorted by ``revenue_at_risk``, largest first.
    """
    require_columns(customers, ("id", "revenue"), "customers")
    latest = account_categories(answers).rename(
        columns={RESPONDENT_COLUMN: "id", DATE_COLUMN: "answered"}
    )
    latest["id"] = latest["id"].astype("string")
    frame = customers.assign(id=customers["id"].astype("string")).merge(
        latest[["id", "category", "answered"]], on="id", how="inner"
    )
    churn = {c: 1 - assumptions.value(f"retention.{c}") for c in CATEGORIES}
    frame["churn"] = frame["category"].astype(str).map(churn).astype(float)
    frame["revenue_at_risk"] = frame["revenue"] * frame["churn"]
    return frame.sort_values("revenue_at_risk", ascending=False, kind="stable").reset_index(
        drop=True
    )


def word_of_mouth(assumptions: Assumptions) -> dict[str, Figure]:
    """The base's word of mouth in a year: referrals won, prospects lost, and the net.

    referrals = n_promoters · k · LTV_new;  lost = −n_detractors · l · LTV_new;
    net = referrals + lost. (Per year: one year of talk, each new customer at LTV_new.)

    Returns
    -------
    dict
        ``"referrals"``, ``"lost"``, ``"net"``.
    """
    new = new_customer_value(assumptions)
    n_pro = assumptions["customers.promoter"]
    n_det = assumptions["customers.detractor"]
    k = assumptions["referrals_per_promoter"]
    lost_rate = assumptions["lost_per_detractor"]
    referrals = Figure(
        "word_of_mouth.referrals",
        n_pro.value * k.value * new.value,
        assumptions.currency,
        "n_promoters · k · LTV_new",
        (n_pro, _rename(k, "k"), new.as_input()),
    )
    lost = Figure(
        "word_of_mouth.lost",
        -n_det.value * lost_rate.value * new.value,
        assumptions.currency,
        "−n_detractors · l · LTV_new",
        (n_det, _rename(lost_rate, "l"), new.as_input()),
    )
    net = Figure(
        "word_of_mouth.net",
        referrals.value + lost.value,
        assumptions.currency,
        "referrals + lost",
        (referrals.as_input(), lost.as_input()),
    )
    return {"referrals": referrals, "lost": lost, "net": net}


# --- Share of wallet ------------------------------------------------------------------------------


def wallet_allocation(rank: Any, brands: Any) -> Any:
    """Expected share of wallet from the brand's rank among the brands a customer uses.

    share = (1 − rank/(N + 1)) · 2/N, with N the number of brands the customer uses and rank 1
    the brand the customer rates best. Keiningham, Aksoy, Buoye, Williams & Larivière, "The
    Wallet Allocation Rule" (Wiley 2015; HBR "Customer Loyalty Isn't Enough. Grow Your Share
    of Wallet", October 2011). The shares of one customer's N brands sum to 1.

    Parameters
    ----------
    rank, brands : int or array-like
        Whole numbers with 1 ≤ rank ≤ brands; broadcast together.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> round(wallet_allocation(1, 2), 4), round(wallet_allocation(2, 2), 4)
    (0.6667, 0.3333)
    """
    r = np.asarray(rank, dtype=float)
    n = np.asarray(brands, dtype=float)
    bad = ~np.isfinite(r) | ~np.isfinite(n) | (r < 1) | (n < 1) | (r > n) | (r != np.round(r))
    bad |= n != np.round(n)
    if np.any(bad):
        position = int(np.flatnonzero(np.broadcast_to(bad, np.broadcast(r, n).shape))[0])
        raise AnalysisError(
            f"Wallet allocation needs whole numbers 1 ≤ rank ≤ brands; found rank "
            f"{np.broadcast_to(r, bad.shape).flat[position]:g} of "
            f"{np.broadcast_to(n, bad.shape).flat[position]:g} brands (entry {position})"
        )
    share = (1 - r / (n + 1)) * 2 / n
    return float(share) if share.ndim == 0 else share


def wallet_allocation_figure(rank: int, brands: int) -> Figure:
    """:func:`wallet_allocation` for one customer, as a traceable figure."""
    return Figure(
        "wallet_allocation",
        wallet_allocation(rank, brands),
        SHARE,
        "(1 − rank/(N+1)) · 2/N",
        (
            Input("rank", float(rank), COUNT, "data"),
            Input("brands", float(brands), COUNT, "data"),
        ),
    )


def share_of_wallet_upside(
    answers: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    target: float | None = None,
    rank: str | None = None,
    brands: str | None = None,
    currency: str = "DKK",
) -> tuple[pd.DataFrame, Figure]:
    """Upsell potential: revenue an account would add at a higher share of its wallet.

    The account's category spend (its wallet) is W = revenue / (share_of_wallet/100); its
    upside is max(0, (target − share_of_wallet)/100 · W). The target is, by default, the mean
    share of wallet of the promoters' accounts (what loyal customers already give the firm).

    With ``rank`` and ``brands`` (columns of the customers file: the firm's rank among the
    brands the customer uses, and how many it uses), the Wallet Allocation Rule replaces the
    target: upside = (WAR(1, N) − WAR(rank, N)) · W, what becoming the customer's first choice
    would add; where the share of wallet is missing W = revenue / WAR(rank, N).

    The headline figure sums the upside of passives and promoters: detractors first need the
    loop-1 follow-up, not a sales call.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers with ``respondent_id``, ``date``, ``category``.
    customers : pandas.DataFrame
        The customers frame with ``id``, ``revenue``, ``share_of_wallet`` (0-100) and, for the
        Wallet Allocation Rule, the `rank` and `brands` columns.
    target : float or None
        Target share of wallet in percent; None: the promoters' mean.

    Returns
    -------
    (pandas.DataFrame, Figure)
        Per category: ``category``, ``accounts``, ``revenue``, ``share_of_wallet`` (mean),
        ``wallet``, ``upside``; and the upside of passives and promoters per year.
    """
    columns = ("id", "revenue") + (("share_of_wallet",) if rank is None else (rank, brands))
    require_columns(customers, columns, "customers")
    latest = account_categories(answers).rename(columns={RESPONDENT_COLUMN: "id"})
    latest["id"] = latest["id"].astype("string")
    frame = customers.assign(id=customers["id"].astype("string")).merge(
        latest[["id", "category"]], on="id", how="inner"
    )
    revenue = frame["revenue"].astype(float)
    sow = (
        frame["share_of_wallet"].astype(float)
        if "share_of_wallet" in frame.columns
        else pd.Series(np.nan, index=frame.index)
    )
    inputs: list[Input] = []
    if rank is None:
        cats = frame["category"].astype(str)
        if target is None:
            target = float(sow[cats == "promoter"].mean())
            inputs.append(
                Input("target_share_of_wallet", target, "percent", "data", "promoters' mean")
            )
        else:
            inputs.append(Input("target_share_of_wallet", float(target), "percent", "assumption"))
        wallet = revenue / (sow / 100)
        upside = ((target - sow) / 100 * wallet).clip(lower=0)
        formula = "Σ max(0, (target − SoW)/100 · revenue/(SoW/100))"
    else:
        current = wallet_allocation(frame[rank].to_numpy(float), frame[brands].to_numpy(float))
        best = wallet_allocation(np.ones(len(frame)), frame[brands].to_numpy(float))
        wallet = revenue / (sow / 100).where(sow.notna(), current)
        upside = (best - current) * wallet
        formula = "Σ (WAR(1, N) − WAR(rank, N)) · wallet"
    frame = frame.assign(share_of_wallet=sow, wallet=wallet, upside=upside)
    table = (
        frame.groupby("category", observed=False)
        .agg(
            accounts=("id", "size"),
            revenue=("revenue", "sum"),
            share_of_wallet=("share_of_wallet", "mean"),
            wallet=("wallet", "sum"),
            upside=("upside", "sum"),
        )
        .reindex(list(CATEGORIES))
        .reset_index()
    )
    table["category"] = table["category"].astype(str)
    chosen = table[table["category"].isin(["passive", "promoter"])]
    inputs.append(
        Input(
            "accounts",
            float(chosen["accounts"].sum()),
            COUNT,
            "data",
            "passive and promoter accounts in the customers file",
        )
    )
    figure = Figure(
        "share_of_wallet_upside", float(chosen["upside"].sum()), currency, formula, tuple(inputs)
    )
    return table, figure


# --- Earned growth --------------------------------------------------------------------------------


def earned_growth_rate(
    *,
    revenue_last_year: float,
    revenue_from_last_years_customers: float,
    earned_new_customer_revenue: float,
    currency: str = "DKK",
) -> Figure:
    """Earned Growth Rate: growth from customers who stayed and customers they brought.

    EGR = NRR + ENC − 1, with NRR = this year's revenue from last year's customers / last
    year's revenue (net revenue retention) and ENC = this year's revenue from earned new
    customers (those who joined because of a referral or the firm's reputation, by their own
    answer to "why did you choose us?") / last year's revenue. Reichheld, Darnell & Burns,
    "Net Promoter 3.0", Harvard Business Review, November-December 2021; "Winning on
    Purpose" (2021).

    The customer and survey files rarely carry the revenue by customer over two years and the
    new customers' reason for joining, so the client supplies the three figures.

    Returns
    -------
    Figure
        The rate as a share (0.12 = 12 %); its inputs include NRR and ENC as figures.
    """
    for name, value in (
        ("revenue_last_year", revenue_last_year),
        ("revenue_from_last_years_customers", revenue_from_last_years_customers),
        ("earned_new_customer_revenue", earned_new_customer_revenue),
    ):
        if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise AnalysisError(f"{name}={value!r} is not an amount of money (0 or more)")
    if revenue_last_year <= 0:
        raise AnalysisError("revenue_last_year must be above 0 to compute growth rates")
    last = Input("revenue_last_year", float(revenue_last_year), currency, "data")
    kept = Input(
        "revenue_from_last_years_customers",
        float(revenue_from_last_years_customers),
        currency,
        "data",
    )
    earned = Input(
        "earned_new_customer_revenue", float(earned_new_customer_revenue), currency, "data"
    )
    nrr = Figure(
        "net_revenue_retention",
        kept.value / last.value,
        SHARE,
        "revenue from last year's customers / revenue last year",
        (kept, last),
    )
    enc = Figure(
        "earned_new_customers",
        earned.value / last.value,
        SHARE,
        "revenue from earned new customers / revenue last year",
        (earned, last),
    )
    return Figure(
        "earned_growth_rate",
        nrr.value + enc.value - 1,
        SHARE,
        "NRR + ENC − 1",
        (nrr.as_input(), enc.as_input()),
    )


# --- The business case ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BusinessCase:
    """The value of moving customers up one category.

    Attributes
    ----------
    detractors_moved, passives_moved : Figure
        Customers moved: x·n_detractors to passives, y·n_passives to promoters.
    value_horizon : Figure
        Present value over the horizon:
        x·n_D·(V_P − V_D) + y·n_P·(V_Pr − V_P), with V_c = LTV_c + WOM_c per customer.
    value_per_year : Figure
        The even yearly amount with the same present value: value_horizon / Σ_{t=0}^{H−1}
        (1+d)^−t.
    """

    detractors_moved: Figure
    passives_moved: Figure
    value_horizon: Figure
    value_per_year: Figure

    def figures(self) -> tuple[Figure, ...]:
        return (self.detractors_moved, self.passives_moved, self.value_horizon, self.value_per_year)


def business_case(
    assumptions: Assumptions,
    *,
    detractors_to_passives: float = 0.2,
    passives_to_promoters: float = 0.2,
) -> BusinessCase:
    """What it is worth to move x% of detractors to passives and y% of passives to promoters.

    A moved customer takes on the revenue, cost to serve, retention and word of mouth of the
    category it moves to (the loyalty-economics assumption: behaviour follows the category).

    value_horizon = x·n_D·(V_P − V_D) + y·n_P·(V_Pr − V_P),  V_c = LTV_c + WOM_c
    value_per_year = value_horizon / Σ_{t=0}^{H−1} (1+d)^−t

    Parameters
    ----------
    assumptions : Assumptions
    detractors_to_passives, passives_to_promoters : float
        Shares 0..1 of each category moved up one category.

    Returns
    -------
    BusinessCase
    """
    for name, share in (
        ("detractors_to_passives", detractors_to_passives),
        ("passives_to_promoters", passives_to_promoters),
    ):
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
            raise AnalysisError(f"{name}={share!r} is not a share between 0 and 1")
    values, _ = _customer_values(assumptions)
    x = Input("detractors_to_passives", float(detractors_to_passives), SHARE, "assumption")
    y = Input("passives_to_promoters", float(passives_to_promoters), SHARE, "assumption")
    n_d = assumptions["customers.detractor"]
    n_p = assumptions["customers.passive"]
    moved_d = Figure("detractors_moved", x.value * n_d.value, COUNT, "x · n_D", (x, n_d))
    moved_p = Figure("passives_moved", y.value * n_p.value, COUNT, "y · n_P", (y, n_p))
    v = {c: values[c] for c in CATEGORIES}
    horizon_value = moved_d.value * (v["passive"].value - v["detractor"].value) + moved_p.value * (
        v["promoter"].value - v["passive"].value
    )
    horizon = Figure(
        "business_case.value_horizon",
        horizon_value,
        assumptions.currency,
        "moved_D·(V_P − V_D) + moved_P·(V_Pr − V_P)",
        (
            moved_d.as_input(),
            moved_p.as_input(),
            *(v[c].as_input(f"customer_value.{c}") for c in CATEGORIES),
        ),
    )
    d = assumptions["discount_rate"]
    h = assumptions["horizon_years"]
    factor = _annuity(1.0, d.value, h.value)
    per_year = Figure(
        "business_case.value_per_year",
        horizon_value / factor,
        assumptions.currency,
        "value_horizon / Σ_{t=0}^{H−1} (1+d)^−t",
        (horizon.as_input(), _rename(d, "d"), _rename(h, "H")),
    )
    return BusinessCase(moved_d, moved_p, horizon, per_year)


def sensitivity(
    assumptions: Assumptions,
    *,
    detractors_to_passives: float = 0.2,
    passives_to_promoters: float = 0.2,
    change: float = 0.2,
    vary: Sequence[str] = UNCERTAIN,
) -> pd.DataFrame:
    """Which assumption matters: the business case with each assumption varied on its own.

    Each assumption in `vary` is set to its low and its high value, one at a time, the others
    kept (a tornado analysis). Low/high are value·(1 ∓ change), except for retention, where
    the churn 1 − r is varied by ±change (so retention stays within 0..1): r_low =
    1 − (1 − r)(1 + change), r_high = 1 − (1 − r)(1 − change). The horizon is rounded to
    whole years.

    Returns
    -------
    pandas.DataFrame
        One row per assumption, largest swing first: ``assumption``, ``base``, ``low``,
        ``high`` (the assumption's values), ``value_low``, ``value_high`` (the business case
        over the horizon at low and high), ``swing`` (|value_high − value_low|). ``attrs``
        holds ``base_value`` (the case at the base assumptions) and ``change``.
    """
    if not 0 < change < 1:
        raise AnalysisError(f"change={change!r} is not a share between 0 and 1 (exclusive)")

    def case(a: Assumptions) -> float:
        return business_case(
            a,
            detractors_to_passives=detractors_to_passives,
            passives_to_promoters=passives_to_promoters,
        ).value_horizon.value

    rows = []
    for name in vary:
        base = assumptions.value(name)
        if name.startswith("retention."):
            low, high = 1 - (1 - base) * (1 + change), 1 - (1 - base) * (1 - change)
            low = max(low, 0.0)
        elif name == "horizon_years":
            low, high = max(1.0, round(base * (1 - change))), round(base * (1 + change))
        else:
            low, high = base * (1 - change), base * (1 + change)
        value_low = case(assumptions.replace(name, low, f"−{change:.0%}"))
        value_high = case(assumptions.replace(name, high, f"+{change:.0%}"))
        rows.append(
            {
                "assumption": name,
                "base": base,
                "low": low,
                "high": high,
                "value_low": value_low,
                "value_high": value_high,
                "swing": abs(value_high - value_low),
            }
        )
    table = pd.DataFrame(rows).sort_values("swing", ascending=False, kind="stable")
    table = table.reset_index(drop=True)
    table.attrs["base_value"] = case(assumptions)
    table.attrs["change"] = change
    return table


# --- Helpers --------------------------------------------------------------------------------------


def _plural(category: str) -> str:
    return {"detractor": "detractors", "passive": "passives", "promoter": "promoters"}[category]


def _rename(item: Input, symbol: str) -> Input:
    """The input under its formula symbol, keeping its key and where it came from."""
    detail = f"{item.name}: {item.detail}" if item.detail else item.name
    return Input(
        symbol, item.value, item.unit, item.source, detail, item.figure, item.key, item.setting
    )


def _with_category(answers: pd.DataFrame) -> pd.DataFrame:
    if "category" in answers.columns:
        return answers
    require_columns(answers, ("score",))
    return answers.assign(category=categorize(answers["score"]))


def _wilson(successes: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion (Wilson 1927), NaN where n = 0."""
    z = z_value(CONFIDENCE)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = successes / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    low = np.where(n > 0, centre - half, np.nan)
    high = np.where(n > 0, centre + half, np.nan)
    return low, high


def _revenue_by_category(
    latest: pd.DataFrame, customers: pd.DataFrame | None
) -> dict[str, tuple[float, int]]:
    if customers is None or "revenue" not in customers.columns or "id" not in customers.columns:
        raise AnalysisError(
            "No revenue per customer: set finance.revenue_per_customer in client.yml, or give "
            "a customers file with customers.id and customers.revenue mapped"
        )
    accounts = latest.assign(id=latest[RESPONDENT_COLUMN].astype("string"))
    frame = customers.assign(id=customers["id"].astype("string")).merge(
        accounts[["id", "category"]], on="id", how="inner"
    )
    frame = frame[frame["revenue"].notna()]
    result = {}
    for category in CATEGORIES:
        values = frame.loc[frame["category"].astype(str) == category, "revenue"]
        if values.empty:
            raise AnalysisError(
                f"No account in the customers file matches a respondent whose latest answer is "
                f"a {category}; check that customers.id holds the same ids as the answers' "
                "respondent_id, or set finance.revenue_per_customer in client.yml"
            )
        result[category] = (float(values.mean()), int(values.size))
    return result
