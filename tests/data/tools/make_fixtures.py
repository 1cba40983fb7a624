"""Write the survey-tool fixtures of this folder, in each tool's documented layout.

Run from the repository root (`.venv/bin/python tests/data/tools/make_fixtures.py`) after
changing a fixture here; the files are committed, and README.md says where each layout comes
from. Every value is written out literally so that the tests' hand counts can be checked
against this file by eye.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent


def write_csv(name: str, rows: list[list], encoding: str, delimiter: str = ",", bom=False):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    (HERE / name).parent.mkdir(exist_ok=True)
    (HERE / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def write_xlsx(name: str, sheets: dict[str, list[list]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(HERE / name)


# --- Qualtrics ------------------------------------------------------------------------------

QUALTRICS_TAGS = [
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
    "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
    "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
    "DistributionChannel", "UserLanguage", "Q1", "Q1_NPS_GROUP", "Q2", "Q3",
]  # fmt: skip
QUALTRICS_TEXTS = [
    "Start Date", "End Date", "Response Type", "IP Address", "Progress",
    "Duration (in seconds)", "Finished", "Recorded Date", "Response ID", "Recipient Last Name",
    "Recipient First Name", "Recipient Email", "External Data Reference", "Location Latitude",
    "Location Longitude", "Distribution Channel", "User Language",
    "How likely is it that you would recommend Nordlys Energi to a friend or colleague?",
    "How likely is it that you would recommend Nordlys Energi to a friend or colleague? - Group",
    "What is the most important reason for your score?",
    "Which department did you talk to?",
]  # fmt: skip


def qualtrics_import_ids(zone: str) -> list[str]:
    timed = {"StartDate": "startDate", "EndDate": "endDate", "RecordedDate": "recordedDate"}
    ids = []
    for tag in QUALTRICS_TAGS:
        if tag in timed:
            ids.append(f'{{"ImportId":"{timed[tag]}","timeZone":"{zone}"}}')
        elif tag.startswith("Q"):
            ids.append(f'{{"ImportId":"QID{tag[1:].replace("_NPS_GROUP", "_NPS_GROUP")}"}}')
        else:
            ids.append(f'{{"ImportId":"{tag[0].lower() + tag[1:]}"}}')
    return ids


# StartDate, EndDate, Status, IP, Progress, Duration, Finished, RecordedDate, ResponseId,
# last, first, email, ExternalReference, lat, long, channel, language, Q1, group, Q2, Q3
QUALTRICS_CHOICE_TEXT = [
    ["2024-03-05 14:20:01", "2024-03-05 14:22:09", "IP Address", "83.92.1.10", "100", "128",
     "True", "2024-03-05 14:22:09", "R_1aBcDeFgH1", "Holm", "Anna", "anna@example.dk", "K-1001",
     "55.67", "12.56", "email", "EN", "9", "Promoter", "Quick, friendly help.", "Support"],
    ["2024-03-05 09:00:00", "2024-03-05 09:01:00", "Survey Preview", "", "100", "60",
     "True", "2024-03-05 09:01:00", "R_2aBcDeFgH2", "", "", "", "", "", "", "preview", "EN",
     "10", "Promoter", "testing the survey", "Sales"],
    ["2024-03-05 09:05:00", "2024-03-05 09:06:00", "Survey Preview", "", "100", "60",
     "True", "2024-03-05 09:06:00", "R_3aBcDeFgH3", "", "", "", "", "", "", "preview", "EN",
     "0 - Not at all likely", "Detractor", "still testing", "Sales"],
    ["2024-07-01 08:00:00", "2024-07-01 08:00:05", "Spam", "10.0.0.1", "100", "5",
     "True", "2024-07-01 08:00:05", "R_4aBcDeFgH4", "", "", "", "", "", "", "anonymous", "EN",
     "10 - Extremely likely", "Promoter", "buy cheap watches", "Sales"],
    ["2024-07-01 08:10:00", "2024-07-01 08:12:30", "IP Address", "83.92.1.11", "50", "150",
     "False", "2024-07-01 08:12:30", "R_5aBcDeFgH5", "Berg", "Ole", "ole@example.dk", "K-1002",
     "55.40", "10.39", "email", "EN", "6", "Detractor", "", "Billing"],
    ["2024-07-01 09:00:00", "2024-07-01 09:00:40", "IP Address", "83.92.1.12", "10", "40",
     "False", "2024-07-01 09:00:40", "R_6aBcDeFgH6", "Dahl", "Eva", "eva@example.dk", "K-1003",
     "56.15", "10.21", "email", "EN", "", "", "", ""],
    ["2024-07-02 10:00:00", "2024-07-02 10:02:00", "Survey Test", "", "100", "120",
     "True", "2024-07-02 10:02:00", "R_7aBcDeFgH7", "", "", "", "", "", "", "test", "EN",
     "8", "Passive", "generated test response", "Support"],
    ["2024-10-27 00:30:00", "2024-10-27 00:31:15", "IP Address", "83.92.1.13", "100", "75",
     "True", "2024-10-27 00:31:15", "R_8aBcDeFgH8", "Lund", "Kim", "kim@example.dk", "K-1004",
     "55.68", "12.57", "email", "EN", "0 - Not at all likely", "Detractor",
     "Nobody called me back, twice.", "Billing"],
]  # fmt: skip

# The same responses as "numeric values": Status and Finished as codes, the NPS group 1-3.
_STATUS_CODES = {"IP Address": "0", "Survey Preview": "1", "Survey Test": "2", "Spam": "8"}
_GROUP_CODES = {"Detractor": "1", "Passive": "2", "Promoter": "3", "": ""}
_DEPARTMENT_CODES = {"Support": "1", "Sales": "2", "Billing": "3", "": ""}


def qualtrics_numeric() -> list[list[str]]:
    rows = []
    for row in QUALTRICS_CHOICE_TEXT:
        row = list(row)
        row[2] = _STATUS_CODES[row[2]]
        row[6] = "1" if row[6] == "True" else "0"
        row[17] = row[17].split(" ")[0]
        row[18] = _GROUP_CODES[row[18]]
        row[20] = _DEPARTMENT_CODES[row[20]]
        rows.append(row)
    return rows


# --- SurveyMonkey ---------------------------------------------------------------------------

SURVEYMONKEY = [
    ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
     "First Name", "Last Name", "Custom Data 1",
     "How likely is it that you would recommend Quillmoor Home to a friend or colleague?",
     "What is the main reason for your score?", "Which of these did you buy?", ""],
    ["", "", "", "", "", "", "", "", "", "Response", "Open-Ended Response", "Sofa", "Lamp"],
    ["114598812345", "431234567", "03/05/2024 02:20:01 PM", "03/05/2024 02:22:09 PM",
     "81.2.69.142", "jo@example.co.uk", "", "", "C-17", "10", "Lovely sofa, quick delivery",
     "Sofa", ""],
    ["114598812346", "431234567", "03/13/2024 11:58:30 AM", "03/13/2024 12:03:10 PM",
     "81.2.69.143", "sam@example.co.uk", "", "", "C-18", "3", "Arrived broken", "", "Lamp"],
    ["114598812347", "431234568", "12/31/2024 11:59:00 PM", "01/01/2025 12:01:02 AM",
     "81.2.69.144", "", "", "", "", "8", "", "Sofa", "Lamp"],
    ["114598812348", "431234568", "01/02/2025 09:00:00 AM", "01/02/2025 09:00:20 AM",
     "81.2.69.145", "", "", "", "", "", "", "", ""],
]  # fmt: skip


# --- Google Forms ---------------------------------------------------------------------------

GOOGLE_FORMS = [
    ["Timestamp", "Email Address",
     "How likely is it that you would recommend us to a friend or colleague?",
     "What is the main reason for your score?", "Which shop did you visit?"],
    ["2024/01/15 10:23:45 AM GMT+1", "a@example.com", "9", "Helpful staff", "Aarhus"],
    ["2024/01/15 1:05:00 PM GMT+1", "b@example.com", "4", "Long queue", "Odense"],
    ["2024/07/01 9:00:00 AM GMT+2", "c@example.com", "7", "", "Aarhus"],
    ["2024/07/01 11:30:15 PM GMT+2", "d@example.com", "10", "Best shop in town", "Aalborg"],
]  # fmt: skip

GOOGLE_FORMS_DA = [
    ["Tidsstempel", "E-mailadresse",
     "Hvor sandsynligt er det, at du vil anbefale os til en ven eller kollega?",
     "Hvad er den væsentligste årsag til din score?"],
    ["15.01.2024 10.23.45", "a@example.dk", "9", "Hjælpsomt personale"],
    ["15.01.2024 13.05.00", "b@example.dk", "ved ikke", "Lang kø"],
    ["01.07.2024 09.00.00", "c@example.dk", "7", ""],
]  # fmt: skip


# --- Microsoft Forms --------------------------------------------------------------------------

MICROSOFT_FORMS = [
    ["ID", "Start time", "Completion time", "Email", "Name",
     "How likely are you to recommend Kvistholm Data to a friend or colleague?",
     "What is the main reason for your score?"],
    [1, dt.datetime(2024, 3, 5, 14, 20, 1), dt.datetime(2024, 3, 5, 14, 22, 9),
     "anonymous", None, 9, "Fast answers"],
    [2, dt.datetime(2024, 3, 6, 8, 0, 0), dt.datetime(2024, 3, 6, 8, 3, 30),
     "anonymous", None, 2, "Nobody knew my case"],
    [3, dt.datetime(2024, 3, 6, 9, 0, 0), dt.datetime(2024, 3, 6, 9, 1, 0),
     "lars@example.dk", "Lars Holm", 8, None],
]  # fmt: skip


# --- Typeform ---------------------------------------------------------------------------------

TYPEFORM = [
    ["#", "How likely are you to recommend Nordlys Energi to a friend?",
     "What is the main reason for your score?", "customer_id", "Start Date (UTC)",
     "Submit Date (UTC)", "Network ID"],
    ["k2x9tq8a1b", "10", "Easy to switch", "C-501", "2024-03-05 13:20:01",
     "2024-03-05 13:22:09", "3f2a9c1d0e"],
    ["m7p3zz0c2d", "5", "Bill was wrong", "C-502", "2024-07-01 21:55:00",
     "2024-07-01 22:10:00", "8b1c2d3e4f"],
    ["q1w2e3r4t5", "11", "", "C-503", "2024-07-02 06:00:00", "2024-07-02 06:00:30",
     "1a2b3c4d5e"],
]  # fmt: skip


# --- Delighted --------------------------------------------------------------------------------

DELIGHTED = [
    ["Response ID", "Score", "Comment", "Created At", "Person ID", "Email", "Name",
     "Notes", "Tags", "Plan"],
    ["98765001", "9", "Great onboarding", "2024-03-05 06:22:09 -0800", "5550001",
     "a@example.com", "Alice", "", "", "Pro"],
    ["98765002", "6", "Too expensive, sorry", "2024-03-05 15:00:00 +0100", "5550002",
     "b@example.com", "Bob", "", "pricing", "Basic"],
    ["98765003", "10", "", "2024-07-01 23:30:00 +0000", "5550003", "c@example.com", "Cai",
     "", "", "Pro"],
]  # fmt: skip


# --- Alchemer ---------------------------------------------------------------------------------

ALCHEMER = [
    ["Response ID", "Time Started", "Date Submitted", "Status", "Contact ID",
     "Legacy Comments", "Comments", "Language", "Referer", "SessionID", "User Agent",
     "IP Address", "Longitude", "Latitude", "Country", "City", "State/Region", "Postal",
     "Hvor sandsynligt er det, at du vil anbefale Kvistholm Data til en ven eller kollega?",
     "Hvad er den væsentligste årsag til din score?", "Afdeling"],
    ["101", "2024-03-05 14:20:01", "2024-03-05 14:22:09", "Complete", "7001", "",
     "reviewed", "Danish", "", "1709645001_65e6", "Mozilla/5.0", "83.92.1.10", "12.56",
     "55.67", "Denmark", "København", "", "2100", "9", "Søde og hurtige", "Support"],
    ["102", "2024-03-06 09:00:00", "", "Partial", "7002", "", "", "Danish", "",
     "1709715600_65e7", "Mozilla/5.0", "83.92.1.11", "10.39", "55.40", "Denmark", "Odense",
     "", "5000", "7", "", "Salg"],
    ["103", "2024-03-06 10:00:00", "2024-03-06 10:00:09", "Disqualified", "7003", "", "",
     "Danish", "", "1709719200_65e8", "Mozilla/5.0", "83.92.1.12", "10.21", "56.15",
     "Denmark", "Århus", "", "8000", "10", "", "Salg"],
    ["104", "2024-03-07 11:00:00", "", "Partial", "7004", "", "", "Danish", "",
     "1709805600_65e9", "Mozilla/5.0", "83.92.1.13", "12.57", "55.68", "Denmark",
     "København", "", "2200", "", "", ""],
]  # fmt: skip


# --- SurveyXact -------------------------------------------------------------------------------

SURVEYXACT_DATASET = [
    ["respondentid", "created", "closetime", "s_1", "s_2", "s_3", "stato_1", "stato_2",
     "stato_3", "stato_4", "stato_5"],
    ["5001", "05-03-2024 08:00:00", "05-03-2024 14:22:09", "10", "2", "Hurtig og venlig hjælp",
     "0", "0", "0", "1", "0"],
    ["5002", "05-03-2024 08:00:00", "06-03-2024 09:15:00", "1", "1", "Ingen ringede tilbage",
     "0", "0", "0", "1", "0"],
    ["5003", "05-03-2024 08:00:00", "", "8", "3", "", "0", "0", "1", "0", "0"],
    ["5004", "05-03-2024 08:00:00", "", "", "", "", "0", "1", "0", "0", "0"],
    ["5005", "05-03-2024 08:00:00", "07-03-2024 16:40:00", "12", "2", "Ved ikke rigtig",
     "0", "0", "0", "1", "0"],
    ["5006", "05-03-2024 08:00:00", "", "", "", "", "0", "0", "0", "0", "1"],
]  # fmt: skip
SURVEYXACT_STRUCTURE = [
    ["questionName", "variableName", "questionType", "subType", "questionText",
     "choiceValue", "choiceText", ""],
    ["s_1", "s_1", "Closed", "Single",
     "Hvor sandsynligt er det, at du vil anbefale Kvistholm Data til en ven eller kollega?",
     "", "", ""],
    ["s_2", "s_2", "Closed", "Single", "Hvilken afdeling havde du kontakt med?", "", "", ""],
    ["s_3", "s_3", "Open", "String", "Hvad er den væsentligste årsag til din score?", "", "", ""],
    ["statoverall", "stato_1", "Closed", "Multiple", "Samlet status", "1", "Ny", ""],
    ["statoverall", "stato_2", "Closed", "Multiple", "Samlet status", "2", "Distribueret", ""],
    ["statoverall", "stato_3", "Closed", "Multiple", "Samlet status", "3", "Nogle svar", ""],
    ["statoverall", "stato_4", "Closed", "Multiple", "Samlet status", "4", "Gennemført", ""],
    ["statoverall", "stato_5", "Closed", "Multiple", "Samlet status", "5", "Frafaldet", ""],
]  # fmt: skip
# Scale points numbered from 1: code 1 is the answer 0, code 11 the answer 10, 12 "don't know".
SURVEYXACT_LABELS = (
    [["s_1", "1", "0 - Slet ikke sandsynligt"]]
    + [["s_1", str(code), str(code - 1)] for code in range(2, 11)]
    + [["s_1", "11", "10 - Meget sandsynligt"], ["s_1", "12", "Ved ikke"]]
    + [["s_2", "1", "Salg"], ["s_2", "2", "Support"], ["s_2", "3", "Økonomi"]]
    + [[f"stato_{k}", v, t] for k in range(1, 6) for v, t in (("0", "Ikke valgt"), ("1", "Valgt"))]
)


def main() -> None:
    qualtrics = [QUALTRICS_TAGS, QUALTRICS_TEXTS, qualtrics_import_ids("UTC")]
    write_csv("qualtrics_choice_text.csv", qualtrics + QUALTRICS_CHOICE_TEXT, "utf-8", bom=True)
    numeric = [QUALTRICS_TAGS, QUALTRICS_TEXTS, qualtrics_import_ids("America/Denver")]
    write_csv("qualtrics_numeric.csv", numeric + qualtrics_numeric(), "utf-8", bom=True)
    write_xlsx("qualtrics.xlsx", {"Sheet0": qualtrics + QUALTRICS_CHOICE_TEXT})
    write_csv("surveymonkey.csv", SURVEYMONKEY, "utf-8")
    write_xlsx("surveymonkey.xlsx", {"Sheet": SURVEYMONKEY})
    write_csv("google_forms.csv", GOOGLE_FORMS, "utf-8")
    write_csv("google_forms_da.csv", GOOGLE_FORMS_DA, "utf-8")
    write_xlsx("microsoft_forms.xlsx", {"Sheet1": MICROSOFT_FORMS})
    write_csv("typeform.csv", TYPEFORM, "utf-8")
    write_csv("delighted.csv", DELIGHTED, "utf-8")
    write_csv("alchemer.csv", ALCHEMER, "latin-1")
    tables = {
        "dataset": SURVEYXACT_DATASET,
        "structure": SURVEYXACT_STRUCTURE,
        "labels": SURVEYXACT_LABELS,
    }
    for name, rows in tables.items():
        write_csv(f"surveyxact_semicolon/{name}.csv", rows, "iso-8859-15", ";")
        write_csv(f"surveyxact_comma/{name}.csv", rows, "cp1252", ",")
        buffer = io.StringIO()
        csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(rows)
        path = HERE / f"surveyxact_tab/{name}.csv"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(buffer.getvalue().encode("utf-16"))  # with its byte-order mark
    # The workbook's sheets in the order readSX's example has them: Labels first.
    write_xlsx(
        "surveyxact.xlsx",
        {"Labels": SURVEYXACT_LABELS, "Dataset": SURVEYXACT_DATASET,
         "Structure": SURVEYXACT_STRUCTURE},
    )  # fmt: skip


if __name__ == "__main__":
    main()
