"""What may leave the consultant's machine: scans of every file the sample batch wrote.

- Small groups (eNPS departments, NPS segments) are never shown, directly or by subtraction.
- With anonymisation on (both sample clients), no customer's contact person, e-mail address or
  phone number appears in any output file; nor does any e-mail address or phone number written
  in a comment. (The client's own staff, account managers and follow-up owners, are named: they
  are who calls back.)
- No file of one client's output holds a value from another client's data.

Local paths, user and host names are scanned for in tests/test_batch.py.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import SAMPLE_CLIENTS, SAMPLE_DATA
from output_files import output_files, readable_text

from nps_workbook.client_data import load_client_data
from nps_workbook.config import load_client

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Phone numbers as the samples write them: +45 12 34 56 78, 0161 496 0000, 07700 900123 ...
PHONE = re.compile(r"(?<![\w.,])(?:\+\d{2}[ ]?)?\d{2,5}(?:[ -]\d{2,4}){2,4}(?![\w.,])")


@pytest.fixture(scope="module")
def texts_by_client(sample_batch) -> dict[str, dict[str, str]]:
    """Per client folder: every output file's readable text, by path relative to the batch."""
    out = sample_batch.out_dir
    found: dict[str, dict[str, str]] = {}
    for path in output_files(out):
        relative = path.relative_to(out)
        owner = relative.parts[0] if len(relative.parts) > 1 else "(batch)"
        found.setdefault(owner, {})[relative.as_posix()] = readable_text(path)
    return found


def contacts(client: str) -> set[str]:
    """The customers' contact persons, e-mail addresses and phone numbers, and any e-mail
    address or phone number in the answers' comments."""
    data = load_client_data(SAMPLE_DATA / client)
    values: set[str] = set()
    if data.customers is not None:
        frame = data.customers.frame
        for column in ("contact", "email", "phone"):
            if column in frame:
                values |= set(frame[column].dropna().astype(str))
    comments = data.answers["comment"].dropna().astype(str)
    for comment in comments:
        values |= set(EMAIL.findall(comment)) | {p.strip() for p in PHONE.findall(comment)}
    # The client's own staff are named in reports (who calls back): a contact who shares a
    # name with an account manager or follow-up owner cannot be told apart from them.
    staff = {data.client.config.loops.customer_ambassador}
    for table in (data.customers, data.followups):
        if table is not None and "owner" in table.frame:
            staff |= set(table.frame["owner"].dropna().astype(str))
    return {v for v in values if len(v) >= 5} - staff


def test_the_samples_have_anonymisation_on_and_personal_data_to_hide():
    for client in SAMPLE_CLIENTS:
        assert load_client(SAMPLE_DATA / client).config.privacy.anonymise_comments
    assert len(contacts("dk-b2b-it")) > 100  # the scan below has something to find


# What is left when only part of an address or a number was replaced: a piece of an address
# glued to the e-mail placeholder ("noah.[e-mail]", "[e-mail].dk", "@[e-mail]") or digits beside
# the phone placeholder ("+45 [telefon]", "[phone] 0958").
PARTIAL = re.compile(
    r"[\w.+'@-]\[e-mail\]|\[e-mail\][\w@]|\[e-mail\]\.\w"
    r"|\d[ ().-]{0,2}\[(?:telefon|phone)\]|\[(?:telefon|phone)\][ ().-]{0,2}\d"
)


def leaks_in(text: str, hidden: set[str]) -> list[str]:
    """The personal data a text shows: a hidden value whole (a phone number also with its
    spaces taken out), or the remains of one that was replaced only in part."""
    found = [v for v in hidden if v in text]
    squeezed = re.sub(r"\s", "", text)
    found += [v for v in hidden if PHONE.fullmatch(v) and re.sub(r"\s", "", v) in squeezed]
    found += [m.group(0) for m in PARTIAL.finditer(text)]
    return sorted(set(found))


def test_the_scan_finds_partial_leaks_not_only_whole_values():
    hidden = {"noah.jensen@mail.dk", "+45 51 02 96 07"}
    assert leaks_in("Skriv til [e-mail] eller ring [telefon].", hidden) == []
    assert leaks_in("Skriv til noah.jensen@mail.dk", hidden) == ["noah.jensen@mail.dk"]
    assert leaks_in("ring +4551 029607", hidden) == ["+45 51 02 96 07"]
    # Replaced in part: the placeholder stands where only a piece of the value was.
    assert leaks_in("Skriv til noah.[e-mail]", hidden) == [".[e-mail]"]
    assert leaks_in("Skriv til [e-mail].dk", hidden) == ["[e-mail].d"]
    assert leaks_in("Ring +45 [telefon]", hidden) == ["5 [telefon]"]
    assert leaks_in("Ring [phone] 0958", hidden) == ["[phone] 0"]


@pytest.mark.parametrize("client", SAMPLE_CLIENTS)
def test_no_customer_contact_appears_in_any_output_file(texts_by_client, client):
    hidden = contacts(client)
    leaks = []
    for path, text in (texts_by_client[client] | texts_by_client["(batch)"]).items():
        found = leaks_in(text, hidden)
        if found:
            leaks.append(f"{path}: {found[:3]}")
    assert not leaks, "\n".join(leaks)


def distinctive_values(client: str) -> set[str]:
    """Values a reader would recognise as this client's: comments, customer names, owners."""
    data = load_client_data(SAMPLE_DATA / client)
    values = set(data.answers["comment"].dropna().astype(str))
    for table in (data.customers, data.followups):
        if table is not None:
            for column in table.frame.columns:
                if table.frame[column].dtype == object:
                    values |= set(table.frame[column].dropna().astype(str))
    values.add(data.client.name)
    return {v for v in values if len(v) >= 12}


def input_text(client: str) -> str:
    """Every data file of a client folder as text (its own values are no leak in its output)."""
    folder = SAMPLE_DATA / client
    parts = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".csv":
            parts.append(path.read_bytes().decode("cp1252", errors="replace"))
            parts.append(path.read_bytes().decode("utf-8", errors="replace"))
        elif path.suffix == ".xlsx":
            parts.append(readable_text(path))
        elif path.suffix in (".yml", ".md"):
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


@pytest.mark.parametrize(("owner", "other"), [SAMPLE_CLIENTS, SAMPLE_CLIENTS[::-1]])
def test_no_value_of_one_clients_data_appears_in_anothers_output(texts_by_client, owner, other):
    values = distinctive_values(owner)
    own = input_text(other)
    # a value the other client's files also hold by chance is that client's own, not a leak
    foreign = {v for v in values if v not in own}
    assert len(foreign) > 50
    leaks = []
    for path, text in texts_by_client[other].items():
        found = [v for v in foreign if v in text]
        if found:
            leaks.append(f"{path}: {sorted(found)[:3]}")
    assert not leaks, "\n".join(leaks)


def test_small_employee_groups_are_hidden_directly_and_against_subtraction(sample_batch):
    client = load_client(SAMPLE_DATA / "dk-b2b-it")
    survey = client.config.employee_survey
    minimum = client.config.privacy.min_group
    employees = load_client_data(client).employees.answers
    counts = employees.groupby([survey.round, survey.department]).size()
    summary = pd.read_json(sample_batch.out_dir / "dk-b2b-it" / "summary.json", typ="series")
    hidden = summary["figures"]["05_enps"]["enps_hidden"]
    page = (sample_batch.out_dir / "dk-b2b-it" / "reports" / "05_enps.html").read_text("utf-8")
    rows = [re.sub(r"<[^>]+>", "|", row) for row in re.findall(r"<tr>.*?</tr>", page, re.S)]
    assert (counts < minimum).any(), "the sample has small groups to hide"
    for (round_, department), n in counts.items():
        if n < minimum:
            assert department in hidden[str(round_)], (round_, department, n)
    for round_, departments in hidden.items():
        # what is hidden in a round adds up to a group no smaller than the minimum, so the
        # round's total minus the shown groups describes no small group
        assert sum(counts[(round_, d)] for d in departments) >= minimum, round_
        for department in departments:
            cells = next(
                [c.strip() for c in row.split("|") if c.strip()]
                for row in rows
                if f"|{round_}|" in row and f"|{department}|" in row
            )
            assert cells[2:5] == ["–", "–", "–"], cells  # no eNPS, interval or count


@pytest.mark.parametrize("client", SAMPLE_CLIENTS)
def test_nps_segment_groups_below_the_minimum_show_no_score(sample_batch, client):
    minimum = load_client(SAMPLE_DATA / client).config.privacy.min_group
    summary = pd.read_json(sample_batch.out_dir / client / "summary.json", typ="series")
    segments = summary["figures"]["02_nps"]["nps_segments"]
    for segment, rows in segments.items():
        for row in rows:
            if row["n"] < minimum:
                assert row["nps"] is None and row["ci_low"] is None, (segment, row)
