"""Fictitious sample clients: survey exports with a story, for notebooks, tests and benchmarks.

Every company, person, e-mail address and phone number here is invented. The data are drawn from a
seeded :func:`numpy.random.default_rng`, so the same seed gives byte-identical files.

Two client folders ship in ``sample_data/``, each with a ``client.yml`` rendered from the same
template as ``nps-workbook new-client`` (:mod:`nps_workbook.scaffold`) and export files in the
format their survey tools really produce. They are made from three datasets (:data:`DATASETS`):

``dk-b2b-it``
    Danish B2B IT-services firm (Kvistholm Data A/S): relationship and touchpoint NPS, a customer
    file, closed-loop follow-ups and a touchpoint map, in Danish Excel's CSV dialect (cp1252, ``;``,
    decimal comma, ``dd-mm-yyyy``, CRLF).
``uk-webshop``
    International B2C webshop (Quillmoor Home): touchpoint NPS in UTF-8, comma-separated CSV with
    ISO timestamps, and e-mail follow-ups.
``dk-b2b-it-enps``
    Employee NPS for the Danish firm, four rounds in 2024, same Danish dialect; written into the
    ``dk-b2b-it/`` folder as ``employee_survey.csv``.

The scores come from an ordered-logit model: each answer has a utility (base + account or customer
loyalty + touchpoint effect + trend), logistic noise is added and the result is cut into 0..10 at
fixed cutpoints. The story each client tells is written into those effects; see
``sample_data/README.md`` or :data:`DATASETS`.

Each survey table also carries a handful of planted defects (blank, out-of-range, decimal and
text scores, unparseable dates, a duplicated answer) so the loader has something to reject; they are
listed in the ``defects`` table of :func:`generate_client` and counted by :func:`planted_defects`.

Examples
--------
>>> from nps_workbook.sample import generate_client, survey_export
>>> tables = generate_client("dk-b2b-it")
>>> sorted(tables)
['customers', 'defects', 'followups', 'responses', 'touchpoints']
>>> survey_export(1_000, format="english").shape
(1000, 10)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import scaffold
from .config import CLIENT_FILE
from .scaffold import touchpoint_columns
from .score import DETRACTOR_MAX, PROMOTER_MIN
from .xlsx import write_sheet

DEFAULT_SEED = 2025
"""Seed of the bundled ``sample_data/``; regenerating with it reproduces the files byte for byte."""

DATASETS: Mapping[str, str] = MappingProxyType(
    {
        "dk-b2b-it": (
            "Kvistholm Data A/S, Danish B2B IT services: ~3,000 relationship and touchpoint "
            "answers from 400 accounts, 2023-2024; Support slides in 2024, invoicing makes "
            "detractors."
        ),
        "uk-webshop": (
            "Quillmoor Home, international homeware webshop: ~20,000 touchpoint answers in 2024; "
            "delivery and returns make detractors until a new carrier in July."
        ),
        "dk-b2b-it-enps": (
            "Kvistholm Data A/S employee NPS: ~250 answers over four rounds in 2024; Support's "
            "mood falls, and Økonomi is too small to report on its own."
        ),
    }
)
"""The generator's datasets: one survey (with its supporting tables) each."""

SAMPLE_CLIENTS: Mapping[str, str] = MappingProxyType(
    {
        "dk-b2b-it": (
            "Kvistholm Data A/S: customer surveys, customers, follow-ups, touchpoints and eNPS."
        ),
        "uk-webshop": "Quillmoor Home: customer surveys and e-mail follow-ups.",
    }
)
"""The bundled client folders, as ``write_sample_data`` writes them into ``sample_data/``."""


FIRM = "Kvistholm Data"
FIRM_LEGAL = "Kvistholm Data A/S"
BRAND = "Quillmoor Home"

# The question texts are part of each export's header, exactly as the survey tools write them.
DK_SCORE_COLUMN = (
    f"Hvor sandsynligt er det, at du vil anbefale {FIRM} til en ven eller kollega? (0-10)"
)
DK_COMMENT_COLUMN = "Hvad er den væsentligste årsag til din score?"
UK_SCORE_COLUMN = f"How likely are you to recommend {BRAND} to a friend or colleague?"
UK_COMMENT_COLUMN = "What is the main reason for your score?"
ENPS_SCORE_COLUMN = f"Hvor sandsynligt er det, at du vil anbefale {FIRM} som arbejdsplads? (0-10)"
ENPS_COMMENT_COLUMN = "Hvorfor?"

DK_RESPONSE_COLUMNS = (
    "Svar-ID",
    "Kunde-ID",
    "Dato",
    "Målingstype",
    "Kontaktpunkt",
    "Fase",
    "Afdeling",
    "Kundeansvarlig",
    DK_SCORE_COLUMN,
    DK_COMMENT_COLUMN,
)
UK_RESPONSE_COLUMNS = (
    "response_id",
    "customer_id",
    "submitted_at",
    "channel",
    "touchpoint",
    "phase",
    "order_value",
    "country",
    UK_SCORE_COLUMN,
    UK_COMMENT_COLUMN,
)
ENPS_RESPONSE_COLUMNS = (
    "Svar-ID",
    "Runde",
    "Dato",
    "Afdeling",
    "Anciennitet",
    ENPS_SCORE_COLUMN,
    ENPS_COMMENT_COLUMN,
)


@dataclass(frozen=True)
class ExportFormat:
    """How one survey tool writes its CSV files.

    Parameters
    ----------
    encoding, sep, lineterminator
        Passed to :meth:`pandas.DataFrame.to_csv`.
    decimal
        Decimal mark the numbers in the file use (the frames already hold formatted text).
    date_format
        :meth:`datetime.date.strftime` pattern of the date or timestamp columns.
    """

    encoding: str
    sep: str
    lineterminator: str
    decimal: str
    date_format: str


DANISH_EXCEL = ExportFormat("cp1252", ";", "\r\n", ",", "%d-%m-%Y")
"""Danish Excel's "CSV (semikolonsepareret)": Windows-1252, semicolons, decimal comma, CRLF."""

UTF8_ISO = ExportFormat("utf-8", ",", "\n", ".", "%Y-%m-%dT%H:%M:%S")
"""International survey tools: UTF-8 without BOM, commas, dot decimals, ISO 8601 timestamps."""

_FORMATS = {"dk-b2b-it": DANISH_EXCEL, "uk-webshop": UTF8_ISO, "dk-b2b-it-enps": DANISH_EXCEL}

# Stable sub-seeds per client and table: generating more answers must not reshuffle the customers.
_CLIENT_KEYS = {"dk-b2b-it": 1, "uk-webshop": 2, "dk-b2b-it-enps": 3}
_ACCOUNTS, _RESPONSES, _FOLLOWUPS, _DEFECTS = 1, 2, 3, 4

# Ordered-logit cutpoints between consecutive scores (0|1 ... 9|10). The detractor/passive cut
# (6|7) is at -1.0 and the passive/promoter cut (8|9) at 0.3: a utility of 0 gives about 27%
# detractors and 43% promoters; the inner cuts make 5-6 and 8-9 the common scores, as in real data.
_CUTPOINTS = np.array([-3.6, -3.2, -2.8, -2.4, -2.0, -1.6, -1.0, -0.3, 0.3, 1.5])

DETRACTOR, PASSIVE, PROMOTER = 0, 1, 2

# Share of comments left blank per category: unhappy customers write more.
_BLANK_SHARE = np.array([0.14, 0.34, 0.27])
_PERSONAL_SHARE = 0.025
"""Share of answers whose comment carries a name, e-mail address or phone number."""

DEFECT_KINDS = (
    "blank_score",
    "score_above_10",
    "score_below_0",
    "decimal_score",
    "text_score",
    "unparseable_date",
    "impossible_date",
    "duplicate_id",
)
"""Kinds of bad rows planted in every responses table, in the order of the ``defects`` table."""

_DEFECT_SHARE = 0.0004
"""Rows per defect kind as a share of all rows (at least one each): 8 kinds make ~0.3% bad rows."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --------------------------------------------------------------------------------------------
# Invented names and words. Common Danish and British first and last names, combined at random;
# company names are built from neutral parts so they describe no real firm.
# --------------------------------------------------------------------------------------------

_DA_FIRST = _words(
    "Mette Lars Anne Søren Jens Hanne Mikkel Louise Rasmus Sofie Kirsten Niels Camilla Anders "
    "Pernille Thomas Maja Jørgen Bodil Frederik Ida Mads Line Kasper Helle Morten Signe Henrik "
    "Trine Ulrik Birgitte Poul Astrid Jesper Lærke Torben Karen Bjørn Marianne Christian"
)
_DA_LAST = _words(
    "Hansen Jensen Nielsen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen "
    "Petersen Madsen Kristensen Olsen Thomsen Poulsen Johansen Møller Mortensen Østergaard Lund "
    "Kjær Holm Bech Dahl Frandsen Vestergaard Skov Bak Søgaard Lauridsen Friis Brøndum Kragh "
    "Winther"
)
_UK_FIRST = _words(
    "Oliver Amelia Harry Isla Jack Ava George Mia Noah Grace Arjun Priya Liam Chloe Callum Aisha "
    "Owen Freya Ethan Sophie Rhys Megan Declan Niamh Tom Hannah Ravi Zara Ben Lucy"
)
_UK_LAST = _words(
    "Smith Jones Taylor Brown Williams Wilson Evans Thomas Patel Khan Walker Wright Hughes Edwards "
    "Green Hall Wood Clarke Murphy Kelly Baker Turner Price Bennett Shaw Doyle Fraser Ahmed"
)

_DA_PLACE_PARTS = _words(
    "Nord Syd Øst Vest Fjord Skov Havne Bakke Lyng Ege Birke Klint Mose Strand Dal Bro Kilde "
    "Agger Hede Sund Vig Holm Enge Lunde"
)
_DA_PRIVATE_KINDS = (
    "{p}tek",
    "{p} Byg",
    "{p} Transport",
    "{p}data",
    "{p} Plast",
    "{p} Møbler",
    "{p} Foder",
    "{p} El-service",
    "{p} VVS",
    "{p} Revision",
    "{p} Logistik",
    "{p} Maskinfabrik",
    "{p}print",
    "{p} Stålindustri",
    "{p} Tagdækning",
    "{p} Glas",
    "{p} Auto",
    "{p} Køleteknik",
    "{p} Emballage",
    "{p} Advokater",
)
_DA_PUBLIC_KINDS = (
    "{p}rup Forsyning",
    "{p}sted Boligselskab",
    "{p}lev Efterskole",
    "{p}bjerg Vandværk",
    "{p}by Erhvervsskole",
    "{p}rup Kulturhus",
    "{p}sted Friskole",
    "{p}lev Affaldsselskab",
)

_DK_ACCOUNT_MANAGERS = (
    "Mette Kjær",
    "Lars Østergaard",
    "Camilla Bech",
    "Søren Lauridsen",
    "Pernille Dahl",
    "Mikkel Brøndum",
    "Hanne Friis",
    "Jesper Winther",
)
_DK_CUSTOMER_AMBASSADOR = "Birgitte Søgaard"
_UK_AGENTS = (
    "Priya Shah",
    "Tom Fletcher",
    "Niamh Doyle",
    "Callum Reid",
    "Aisha Rahman",
    "Ben Whitaker",
)

_DK_DEPARTMENTS = ("Drift", "Support", "Projekter", "Salg")
_DK_DEPARTMENT_SHARE = np.array([0.30, 0.30, 0.25, 0.15])
_SUPPORT = _DK_DEPARTMENTS.index("Support")


@dataclass(frozen=True)
class _Touchpoint:
    name: str
    phase: str
    department: str
    theme: str  # comment theme most answers at this touchpoint talk about
    share: float  # share of touchpoint answers
    effect: float  # utility shift; the story lives here
    importance_customer: int
    importance_firm: int
    owner: str
    wanted: str


_DK_TOUCHPOINTS = (
    _Touchpoint("Hjemmeside", "Før", "Salg", "hjemmeside", 0.04, 0.1, 2, 3, "Marketingansvarlig",
                "Kunden finder hurtigt vores ydelser, priser og en direkte kontaktperson."),
    _Touchpoint("Tilbud", "Før", "Salg", "pris", 0.06, 0.0, 4, 5, "Salgsdirektør",
                "Tilbuddet er klart, prissat uden skjulte tillæg og sendt inden for to dage."),
    _Touchpoint("Kontraktforhandling", "Før", "Salg", "pris", 0.04, -0.1, 3, 5, "Salgsdirektør",
                "Kunden forstår kontrakten og ved præcis, hvad SLA'en dækker."),
    _Touchpoint("Onboarding", "Under", "Projekter", "kommunikation", 0.06, 0.2, 4, 4,
                "Projektchef", "Kunden kender sin kontaktperson og planen fra første dag."),
    _Touchpoint("Projektstart", "Under", "Projekter", "kommunikation", 0.05, 0.3, 3, 4,
                "Projektchef", "Fælles opstartsmøde med mål, tidsplan og roller på skrift."),
    _Touchpoint("Levering", "Under", "Projekter", "levering", 0.09, 0.0, 5, 5, "Projektchef",
                "Leverancen kommer til den aftalte tid og virker første gang."),
    _Touchpoint("Test og godkendelse", "Under", "Projekter", "kvalitet", 0.05, 0.1, 4, 4,
                "Projektchef", "Kunden godkender på et klart grundlag uden overraskelser."),
    _Touchpoint("Support", "Under", "Support", "support", 0.16, 0.2, 5, 4, "Supportchef",
                "Svar inden for en time og løsning i første kontakt, når det kan lade sig gøre."),
    _Touchpoint("Fejlretning", "Under", "Support", "support", 0.08, -0.2, 5, 4, "Supportchef",
                "Kunden får besked om årsag, løsning og forventet tid undervejs."),
    _Touchpoint("Driftsmøde", "Under", "Drift", "medarbejdere", 0.08, 0.5, 4, 3, "Driftschef",
                "Et kort, forberedt møde med status, risici og næste skridt."),
    _Touchpoint("Driftsrapport", "Under", "Drift", "kvalitet", 0.05, 0.3, 2, 3, "Driftschef",
                "En månedlig rapport på én side, som ledelsen hos kunden kan læse."),
    _Touchpoint("Fakturering", "Efter", "Økonomi", "fakturering", 0.09, -1.6, 4, 5,
                "Økonomichef", "Korrekte fakturaer, der matcher aftalen og er lette at forstå."),
    _Touchpoint("Opfølgning", "Efter", "Salg", "medarbejdere", 0.08, 0.4, 3, 4,
                "Kundeansvarlig", "Kundeansvarlig ringer efter hver leverance og spørger ind."),
    _Touchpoint("Fornyelse", "Efter", "Salg", "pris", 0.07, 0.0, 3, 5, "Salgsdirektør",
                "Fornyelsen drøftes i god tid med et overblik over forbrug og værdi."),
)  # fmt: skip

_UK_TOUCHPOINTS = (
    # name, phase, theme, share, effect before the July change, effect after it
    ("product page", "before", "website", 0.15, 0.2, 0.2),
    ("checkout", "during", "checkout", 0.20, 0.3, 0.3),
    ("delivery", "during", "delivery", 0.30, -1.3, -0.2),
    ("returns", "after", "returns", 0.10, -1.0, -0.4),
    ("customer service", "after", "service", 0.25, 0.1, 0.2),
)
_UK_CHANGE_DAY = np.datetime64("2024-07-01")
"""A new carrier and prepaid return labels from 1 July 2024: the mid-year change of the story."""

_UK_CHANNELS = ("web", "app", "email-link")
_UK_COUNTRIES = ("GB", "IE", "DE", "NL", "FR", "DK", "SE", "US")
_UK_COUNTRY_SHARE = np.array([0.62, 0.08, 0.07, 0.06, 0.05, 0.04, 0.04, 0.04])


# --------------------------------------------------------------------------------------------
# Comment templates: theme -> (detractor, passive, promoter) core sentences; each is combined
# with a category closer, which gives several hundred distinct, believable comments.
# --------------------------------------------------------------------------------------------

_DA_CUSTOMER_COMMENTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "pris": (
        ("Alt for dyrt i forhold til, hvad vi får.", "Prisen steg igen uden varsel.",
         "Timeprisen er svær at forsvare over for vores ledelse.",
         "Vi betaler for en SLA, vi ikke får.", "Uigennemskuelige priser og mange tillæg."),
        ("Prisen er i den høje ende, men acceptabel.", "Okay pris, men der findes billigere.",
         "Rimelig pris for det, vi får.", "Prisen er fin, men tillæggene irriterer.",
         "Vi vil gerne have lidt mere for pengene."),
        ("God værdi for pengene.", "Fair pris og ingen overraskelser.",
         "Prisen matcher kvaliteten.", "Gennemskuelig prismodel.", "Det er pengene værd."),
    ),
    "levering": (
        ("Leverancen kom tre uger for sent.", "Projektet blev ikke leveret til den aftalte tid.",
         "Vi måtte selv rykke for leveringen flere gange.",
         "Installationen var ikke færdig, da I sagde, den var.", "Deadlines skrider hele tiden."),
        ("Leveringen gik nogenlunde efter planen.", "Lidt forsinket, men det kom på plads.",
         "Levering ok, men der manglede dokumentation.",
         "Fint nok, men planlægningen kunne være bedre.",
         "Projektet blev leveret, om end med lidt bøvl."),
        ("Leveret til tiden og som aftalt.", "Projektet kørte helt efter planen.",
         "Hurtig og professionel levering.", "Alt blev leveret før deadline.",
         "Smidig implementering uden problemer."),
    ),
    "support": (
        ("Lange ventetider i supporten – vi ventede over en uge på svar.",
         "Supporten lukker sager uden at løse dem.",
         "Man skal forklare problemet forfra hver gang.",
         "Ingen ringer tilbage, når man har oprettet en sag.",
         "Supporten er blevet markant dårligere i år."),
        ("Supporten hjælper, men det tager tid.",
         "Svar fra supporten er ok, men ikke altid første gang.", "Support er i orden.",
         "Rimelig support, svingende svartider.",
         "Det meste bliver løst, men nogle sager trækker ud."),
        ("Hurtig og kompetent support.", "Supporten løser altid vores sager hurtigt.",
         "Altid hjælp at få, også uden for kontortid.", "Supporten er i top.",
         "De ringer tilbage med det samme."),
    ),
    "kvalitet": (
        ("Systemet går ned for ofte.", "For mange fejl efter hver opdatering.",
         "Løsningen virker ikke som lovet.", "Kvaliteten af arbejdet er faldet.",
         "Vi har haft nedetid tre gange denne måned."),
        ("Løsningen virker, men der er stadig små fejl.", "Stabil drift det meste af tiden.",
         "Kvaliteten er ok.", "Det virker, men intet imponerende.",
         "Enkelte fejl, men generelt stabilt."),
        ("Stabil drift – vi mærker ingenting.", "Løsningen fungerer bare.",
         "Høj kvalitet i alt, hvad de laver.", "Ingen nedetid i år.", "Solidt håndværk."),
    ),
    "medarbejdere": (
        ("Vi får en ny kontaktperson hele tiden.", "Konsulenten kendte ikke vores opsætning.",
         "Jeres folk virker overbebyrdede.", "Uvenlig tone i telefonen.",
         "Ingen tager ejerskab for vores sag."),
        ("Søde folk, men travle.", "Kompetente medarbejdere, men svære at få fat på.",
         "Vores kontaktperson er flink, men skifter for ofte.", "Fine folk, men lidt langsomme.",
         "Medarbejderne gør deres bedste."),
        ("Dygtige og engagerede medarbejdere.", "Vores kundeansvarlige kender vores forretning.",
         "Søde og hjælpsomme folk.", "Konsulenterne er meget kompetente.",
         "Man føler sig altid velkommen."),
    ),
    "fakturering": (
        ("Fakturaen var forkert igen.", "Vi bliver faktureret for timer, vi ikke har bestilt.",
         "Det tager måneder at få en kreditnota.", "Fakturaerne er umulige at forstå.",
         "Rykker for en faktura, vi allerede har betalt."),
        ("Fakturaerne kunne være mere overskuelige.",
         "Der var en fejl på en faktura, men den blev rettet.",
         "Fakturering ok, men lidt rodet.", "Svært at se, hvad vi betaler for.",
         "Faktureringen er blevet lidt bedre."),
        ("Fakturaerne er korrekte og til at forstå.", "Nem og overskuelig fakturering.",
         "Aldrig problemer med regningerne.", "Klar fakturering.",
         "Faktureringen fungerer fint."),
    ),
    "hjemmeside": (
        ("Kundeportalen er uoverskuelig.", "Kan ikke finde noget på jeres hjemmeside.",
         "Login til portalen virker sjældent.", "Hjemmesiden lover mere, end I leverer.",
         "Svært at finde de rigtige kontaktoplysninger."),
        ("Portalen er ok, men gammeldags.", "Hjemmesiden er fin nok.",
         "Portalen kunne godt være mere brugervenlig.",
         "Vi finder det, vi skal, men det tager tid.", "Hjemmesiden er ok."),
        ("Kundeportalen giver et godt overblik.", "Nem hjemmeside at bruge.",
         "Portalen er let at finde rundt i.", "God information på hjemmesiden.",
         "Smart selvbetjening i portalen."),
    ),
    "kommunikation": (
        ("Vi hører aldrig noget, før det er for sent.", "Ingen information om planlagt nedetid.",
         "Svar på mails tager dage.", "Uklar kommunikation om, hvem der gør hvad.",
         "Løfter bliver ikke holdt."),
        ("Kommunikationen er ok, men kunne være mere proaktiv.",
         "Vi vil gerne høre mere om nyheder.", "Vi får svar, men ofte sent.",
         "Kommunikationen er i orden.", "Nogle gange uklart, hvem vi skal kontakte."),
        ("God og ærlig kommunikation.", "Vi bliver altid informeret i god tid.",
         "Klar kommunikation hele vejen.", "De er proaktive og tænker med.",
         "Altid hurtige svar på mails."),
    ),
}  # fmt: skip
_DA_CUSTOMER_CLOSERS = (
    ("", "Det er ikke godt nok.", "Vi overvejer at skifte leverandør.", "Skuffende.",
     "Det er sket flere gange nu.", "Det skal I gøre bedre.", "Meget frustrerende."),
    ("", "Ellers fint.", "Ellers er vi tilfredse.", "Der er plads til forbedring.",
     "Men alt i alt ok.", "Ikke dårligt, ikke fantastisk."),
    ("", "Tak for et godt samarbejde!", "Bliv ved med det.", "Vi anbefaler jer gerne.",
     "Mange tak.", "Super tilfredse."),
)  # fmt: skip

_EN_CUSTOMER_COMMENTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "price": (
        ("Far too expensive for what you get.", "Prices went up again without notice.",
         "£4.99 delivery charge on top of everything is a rip-off.",
         "Found the same sofa cheaper elsewhere.", "Hidden fees at the end of checkout."),
        ("A bit pricey but the quality is OK.", "Prices are fair, not a bargain.",
         "Would buy more if there were more offers.", "Reasonable prices, nothing special.",
         "OK value for money."),
        ("Great value for money.", "Fair prices and frequent offers.",
         "Good quality for the price.", "Cheaper than the high street.",
         "Worth every penny."),
    ),
    "delivery": (
        ("Parcel arrived a week late.", "Delivery was rescheduled three times.",
         "The courier left my parcel in the rain.", "Item arrived damaged.",
         "No tracking updates for days."),
        ("Delivery took longer than promised.", "Arrived on time but the box was dented.",
         "Delivery was fine, the time slot was not.", "Tracking could be better.",
         "Got there in the end."),
        ("Fast delivery, arrived the next day.", "Delivered exactly in the time slot.",
         "The driver was really friendly.", "Great tracking all the way.",
         "Perfectly packed and quick."),
    ),
    "returns": (
        ("Returning an item was a nightmare.", "Still waiting for my refund after a month.",
         "Had to pay for the return myself.", "The returns portal kept crashing.",
         "Nobody confirmed that my return arrived."),
        ("Returns work, but the refund takes too long.", "Return was OK but a bit fiddly.",
         "Had to print the label myself.", "The refund came, eventually.",
         "Returns are fine, not great."),
        ("Easy returns with a prepaid label.", "Refund within two days of returning.",
         "Hassle-free return.", "Returns could not be simpler.",
         "Swapped the size with no fuss."),
    ),
    "service": (
        ("Customer service never answered my emails.", "Waited 40 minutes on the phone.",
         "The chat bot could not help and there was no human.",
         "Rude answer from customer service.", "My complaint was closed without a reply."),
        ("Customer service was polite but slow.", "Got an answer after a few days.",
         "Helpful, but I had to explain twice.", "Service was OK.",
         "The chat helped in the end."),
        ("Customer service sorted it out in minutes.", "Friendly and helpful staff.",
         "Really quick reply on the chat.", "They went above and beyond.",
         "Excellent customer service."),
    ),
    "quality": (
        ("The cushion covers faded after one wash.", "Cheap materials, broke within a week.",
         "Nothing like the pictures.", "Poor quality for the price.",
         "The lamp stopped working after two days."),
        ("Quality is OK for everyday use.", "Decent products, a few flaws.",
         "The colour is slightly different from the photo.", "Good enough.",
         "Nice design but feels a bit flimsy."),
        ("Beautiful products, great quality.", "Exactly as pictured, lovely finish.",
         "Lasts for years.", "The quality surprised me.", "Stylish and well made."),
    ),
    "website": (
        ("The website is slow and confusing.", "Search never finds what I'm looking for.",
         "Product descriptions are missing the sizes.", "The app crashes all the time.",
         "Too many pop-ups."),
        ("The website works but could be faster.", "Filters could be better.",
         "Nice pictures, little information.", "The app is fine.",
         "Easy enough to find things."),
        ("Lovely website, easy to browse.", "Great app, very easy to use.",
         "Found what I wanted in seconds.", "Helpful product descriptions.",
         "Really inspiring pages."),
    ),
    "checkout": (
        ("Checkout failed twice before my payment went through.",
         "My discount code did not work.", "Forced to create an account to pay.",
         "Payment was taken twice.", "Checkout is far too long."),
        ("Checkout was OK.", "Would like more payment options.",
         "The delivery options were confusing.", "Fine, but asked for too many details.",
         "Checkout works, nothing more."),
        ("Quick and easy checkout.", "Paid in seconds with the app.",
         "Smooth ordering process.", "Love the one-click checkout.",
         "Super simple to order."),
    ),
    "communication": (
        ("No email about the delay at all.", "Too many marketing emails.",
         "Conflicting information about my order.", "Order confirmation never arrived.",
         "Nobody told me the item was out of stock."),
        ("The emails are a bit too frequent.", "Order updates were OK.",
         "Would like a text when the parcel is near.", "Communication was fine.",
         "Clear enough, but late."),
        ("Kept me updated at every step.", "Clear and friendly emails.",
         "Great order updates.", "Always knew where my order was.",
         "Honest about the delay, appreciated."),
    ),
}  # fmt: skip
_EN_CUSTOMER_CLOSERS = (
    ("", "Very disappointed.", "Won't be ordering again.", "Not good enough.",
     "This has happened before.", "Please sort this out.", "Really frustrating."),
    ("", "Otherwise fine.", "Room for improvement.", "Overall OK.", "Not bad, not great.",
     "Might order again."),
    ("", "Thank you!", "Keep it up.", "Already recommended you to friends.", "Love it.",
     "Will definitely order again."),
)  # fmt: skip

_DA_EMPLOYEE_COMMENTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "ledelse": (
        ("Ledelsen lytter ikke til os på gulvet.",
         "Beslutninger bliver truffet hen over hovedet på os.",
         "Ingen retning fra ledelsen.", "For meget mikrostyring."),
        ("Ledelsen er ok, men kunne informere mere.", "Min leder er fin, men har for travlt.",
         "Ledelsen vil det godt, men det går langsomt.", "Ok ledelse."),
        ("God og nærværende ledelse.", "Min leder bakker altid op.",
         "Vi bliver hørt og taget alvorligt.", "Tydelig retning fra ledelsen."),
    ),
    "kolleger": (
        ("Dårlig stemning i teamet.", "For mange kolleger er stoppet.",
         "Folk hjælper ikke hinanden.", "Ingen tid til at lære nye kolleger op."),
        ("Søde kolleger, men meget individuelt arbejde.", "Ok sammenhold.",
         "Gode kolleger, for lidt socialt.", "Kollegerne er fine."),
        ("Fantastiske kolleger.", "Vi hjælper altid hinanden.", "Godt sammenhold i afdelingen.",
         "Man bliver taget godt imod som ny."),
    ),
    "arbejdspres": (
        ("Alt for mange sager pr. medarbejder.", "Vi er for få til opgaverne.",
         "Konstant travlhed og overarbejde.", "Stress er blevet hverdag."),
        ("Travlt i perioder, men det går.", "Arbejdspresset er højt, men til at leve med.",
         "Lidt for mange opgaver lige nu.", "Det svinger meget."),
        ("God balance mellem arbejde og fritid.", "Realistiske mål og deadlines.",
         "Der er tid til at gøre tingene ordentligt.", "Rimelig arbejdsbyrde."),
    ),
    "løn": (
        ("Lønnen følger ikke markedet.", "Ingen lønforhøjelse i to år.",
         "Dårlige vilkår i forhold til andre IT-firmaer.", "Pensionen er for lav."),
        ("Lønnen er ok.", "Fine vilkår, men ikke noget særligt.",
         "Lønnen kunne være bedre.", "Gode frynsegoder, middel løn."),
        ("God løn og gode vilkår.", "Fair løn og god pension.", "Gode frynsegoder.",
         "Lønnen er konkurrencedygtig."),
    ),
    "udvikling": (
        ("Ingen efteruddannelse.", "Ingen karrieremuligheder her.",
         "Vi arbejder med forældet teknologi.", "Man står stille fagligt."),
        ("Lidt udvikling, men ikke meget.", "Kurser er mulige, men der er sjældent tid.",
         "Spændende opgaver ind imellem.", "Ok muligheder for udvikling."),
        ("Masser af faglig udvikling.", "Spændende projekter og ny teknologi.",
         "Jeg lærer noget nyt hver uge.", "God efteruddannelse."),
    ),
    "fleksibilitet": (
        ("Ingen hjemmearbejde længere.", "Rigide arbejdstider.",
         "Vagtplanen ændres med kort varsel.", "Ferie bliver aflyst pga. travlhed."),
        ("Fleksibiliteten er ok.", "Hjemmearbejde er muligt, men ikke populært.",
         "Vagterne er til at leve med.", "Rimelig fleksibilitet."),
        ("Stor fleksibilitet i hverdagen.", "Hjemmearbejde når det passer.",
         "Plads til familielivet.", "Frihed under ansvar."),
    ),
}  # fmt: skip
_DA_EMPLOYEE_CLOSERS = (
    ("", "Det skal ændres.", "Jeg overvejer at søge andet.", "Det er ikke holdbart."),
    ("", "Ellers et ok sted.", "Der er plads til forbedring.", "Alt i alt fint."),
    ("", "Et godt sted at være.", "Jeg anbefaler det gerne.", "Glad for at arbejde her."),
)  # fmt: skip

_DK_FOLLOWUP_NOTES = (
    ("Ringet op og beklaget. Fejlen er rettet.", "Møde aftalt med kunden om forløbet.",
     "Kreditnota sendt for den forkerte faktura.", "Sagen eskaleret til afdelingslederen.",
     "Kunden ønsker ikke at blive kontaktet igen.", "Lagt besked, ingen svar endnu.",
     "Aftalt fast ugentligt statusmøde.", "Ny kontaktperson tilknyttet kunden.",
     "Årsag fundet: fejl i faktureringsopsætningen.",
     "Ventetiden i support forklaret; forbedringsplan sendt.", ""),
    ("Spurgt, hvad der skal til for at give 9 eller 10.",
     "Kunden ønsker mere proaktiv information.", "Aftalt opfølgning om tre måneder.",
     "Kunden savner bedre dokumentation.", "Tilbudt gennemgang af portalen.", ""),
    ("Takket for feedbacken.", "Spurgt, om kunden vil være reference – ja.",
     "Præsenteret nyt driftsprodukt.", "Kunden har anbefalet os til en samarbejdspartner.",
     "Aftalt casebeskrivelse til hjemmesiden.", ""),
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Vectorised building blocks
# --------------------------------------------------------------------------------------------


def _rng(seed: int, slug: str, table: int) -> np.random.Generator:
    return np.random.default_rng([seed, _CLIENT_KEYS[slug], table])


def _scores(rng: np.random.Generator, utility: np.ndarray) -> np.ndarray:
    """Draw 0..10 scores from an ordered-logit model with the utilities given."""
    latent = utility + rng.logistic(size=utility.shape)
    return np.searchsorted(_CUTPOINTS, latent).astype(np.int8)


def _category(scores: np.ndarray) -> np.ndarray:
    """0 detractor, 1 passive, 2 promoter, by the thresholds in `score`."""
    return (scores > DETRACTOR_MAX).astype(np.int8) + (scores >= PROMOTER_MIN)


def _ramp(days: np.ndarray, start: str, end: str) -> np.ndarray:
    """0 before ``start``, 1 after ``end``, linear in between: how a change phases in."""
    lo, hi = np.datetime64(start, "D"), np.datetime64(end, "D")
    frac = (days.astype("datetime64[D]") - lo) / (hi - lo)
    return np.clip(frac.astype(float), 0.0, 1.0)


def _categorical(codes: np.ndarray, pool: Sequence[str]) -> pd.Categorical:
    """Text column drawn from ``pool`` by index; duplicates in the pool are merged."""
    pool_codes, uniques = pd.factorize(pd.Series(list(pool), dtype=object))
    return pd.Categorical.from_codes(pool_codes[codes], categories=pd.Index(uniques, dtype=str))


def _int_text(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype=np.int64).astype(str)


def _danish_dates(days: np.ndarray) -> pd.Categorical:
    """``dd-mm-yyyy`` for each day, formatted once per distinct day."""
    days = days.astype("datetime64[D]")
    first = days.min()
    span = np.arange(first, days.max() + 1)
    pool = pd.DatetimeIndex(span).strftime("%d-%m-%Y")
    return _categorical((days - first).astype(np.int64), pool)


@functools.cache
def _clock_pool() -> pa.Array:
    hours, rest = np.divmod(np.arange(86_400), 3600)
    minutes, seconds = np.divmod(rest, 60)
    return pa.array(
        [f"{h:02d}:{m:02d}:{s:02d}" for h, m, s in zip(hours, minutes, seconds, strict=True)]
    )


def _iso_timestamps(stamps: np.ndarray) -> pd.Series:
    """``yyyy-mm-ddTHH:MM:SS`` strings, assembled from day and clock pools (fast at 10^7 rows)."""
    stamps = stamps.astype("datetime64[s]")
    days = stamps.astype("datetime64[D]")
    first = days.min()
    day_pool = pa.array(np.datetime_as_string(np.arange(first, days.max() + 1), unit="D"))
    clock = (stamps - days).astype(np.int64)
    text = pc.binary_join_element_wise(
        day_pool.take(pa.array((days - first).astype(np.int64))),
        _clock_pool().take(pa.array(clock)),
        "T",
    )
    return pd.Series(pd.array(text, dtype="str"))


def _danish_number(value: float, decimals: int) -> str:
    """``1234567.5`` -> ``1.234.567,50``: Danish thousands dot and decimal comma."""
    return f"{value:,.{decimals}f}".translate(str.maketrans(",.", ".,"))


def _ascii_mail(text: str) -> str:
    """Mail-address form of a Danish name: lower case, æ/ø/å spelt out, no spaces."""
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", " ": "-", "'": ""})
    return text.lower().translate(table)


@dataclass(frozen=True)
class _CommentPool:
    """All composed comments of one language, addressable by (category, theme)."""

    texts: tuple[str, ...]
    themes: tuple[str, ...]
    starts: np.ndarray  # shape (3, n_themes): first index of each cell in ``texts``
    counts: np.ndarray  # shape (3, n_themes): number of comments in each cell

    @classmethod
    def compose(
        cls,
        cores: Mapping[str, tuple[tuple[str, ...], ...]],
        closers: tuple[tuple[str, ...], ...],
    ) -> _CommentPool:
        texts: list[str] = []
        themes = tuple(cores)
        starts = np.zeros((3, len(themes)), dtype=np.int64)
        counts = np.zeros_like(starts)
        for category in (DETRACTOR, PASSIVE, PROMOTER):
            for t, theme in enumerate(themes):
                starts[category, t] = len(texts)
                for core in cores[theme][category]:
                    texts.extend(f"{core} {closer}".strip() for closer in closers[category])
                counts[category, t] = len(texts) - starts[category, t]
        return cls(tuple(texts), themes, starts, counts)

    def draw(self, rng: np.random.Generator, category: np.ndarray, theme: np.ndarray) -> np.ndarray:
        """Index into ``texts`` of a comment matching each row's category and theme."""
        u = rng.random(category.shape)
        return self.starts[category, theme] + (u * self.counts[category, theme]).astype(np.int64)


@functools.cache
def _pool(language: str) -> _CommentPool:
    cores, closers = {
        "da-customer": (_DA_CUSTOMER_COMMENTS, _DA_CUSTOMER_CLOSERS),
        "en-customer": (_EN_CUSTOMER_COMMENTS, _EN_CUSTOMER_CLOSERS),
        "da-employee": (_DA_EMPLOYEE_COMMENTS, _DA_EMPLOYEE_CLOSERS),
    }[language]
    return _CommentPool.compose(cores, closers)


def _themes(
    rng: np.random.Generator, pool: _CommentPool, linked: np.ndarray, link_share: float
) -> np.ndarray:
    """Each row's comment theme: the one its touchpoint suggests, otherwise any theme."""
    anywhere = rng.integers(0, len(pool.themes), size=linked.shape)
    return np.where(rng.random(linked.shape) < link_share, linked, anywhere)


def _comment_column(
    rng: np.random.Generator,
    pool: _CommentPool,
    category: np.ndarray,
    theme: np.ndarray,
    personal: Sequence[Sequence[str]],
    personal_index: np.ndarray | None = None,
    blocks: int = 1,
) -> pd.Categorical:
    """Comments by category and theme, some blank and some carrying personal data.

    ``personal[c]`` lists the personal-data comments a row of category ``c`` can get. With
    ``personal_index`` the list is cut into ``blocks`` equal blocks (one per account) and a row
    draws from its own block, otherwise from the whole list.
    """
    n = category.shape[0]
    codes = 1 + pool.draw(rng, category, theme)
    blank = rng.random(n) < _BLANK_SHARE[category]
    personal_rows = ~blank & (rng.random(n) < _PERSONAL_SHARE / (1 - _BLANK_SHARE[category]))
    offsets = np.cumsum([0, *(len(p) for p in personal)])
    u = rng.random(n)
    if personal_index is None:
        within = (u * np.array([len(p) for p in personal])[category]).astype(np.int64)
    else:
        per_block = np.array([len(p) for p in personal]) // blocks
        within = personal_index * per_block[category] + (u * per_block[category]).astype(np.int64)
    codes = np.where(personal_rows, 1 + len(pool.texts) + offsets[category] + within, codes)
    codes = np.where(blank, 0, codes)
    texts = ("", *pool.texts, *(text for block in personal for text in block))
    return _categorical(codes, texts)


# --------------------------------------------------------------------------------------------
# Planted defects
# --------------------------------------------------------------------------------------------

_DEFECT_VALUES = {
    "danish": {
        "blank_score": "",
        "score_above_10": "11",
        "score_below_0": "-1",
        "decimal_score": "6,5",
        "text_score": "ved ikke",
        "unparseable_date": "i går",
        "impossible_date": "32-13-2024",
    },
    "english": {
        "blank_score": "",
        "score_above_10": "11",
        "score_below_0": "-1",
        "decimal_score": "6.5",
        "text_score": "n/a",
        "unparseable_date": "yesterday",
        "impossible_date": "2024-13-32T09:15:00",
    },
}


def _plant_defects(
    frame: pd.DataFrame,
    rng: np.random.Generator,
    *,
    language: str,
    id_column: str,
    date_column: str,
    score_column: str,
    eligible: np.ndarray | None = None,
) -> pd.DataFrame:
    """Spoil a few rows of each kind in place; return the manifest of what was planted where.

    A duplicate copies the whole previous row over the chosen one, as a double export does, so
    defect rows sit at even positions and never copy another defect.
    """
    n = len(frame)
    per_kind = max(1, round(n * _DEFECT_SHARE))
    candidates = np.arange(2, n, 2)
    if eligible is not None:
        candidates = candidates[eligible[candidates] & eligible[candidates - 1]]
    positions = rng.choice(candidates, size=per_kind * len(DEFECT_KINDS), replace=False)
    positions = np.sort(positions.reshape(len(DEFECT_KINDS), per_kind), axis=1)
    values = _DEFECT_VALUES[language]
    records = []
    for kind, rows in zip(DEFECT_KINDS, positions, strict=True):
        if kind == "duplicate_id":
            for j in range(frame.shape[1]):
                frame.iloc[rows, j] = frame.iloc[rows - 1, j].to_numpy()
            column_name, value = id_column, None
        else:
            column_name = date_column if kind.endswith("_date") else score_column
            value = values[kind]
            column = frame[column_name]
            if isinstance(column.dtype, pd.CategoricalDtype) and value not in column.cat.categories:
                frame[column_name] = column.cat.add_categories([value])
            frame.iloc[rows, frame.columns.get_loc(column_name)] = value
        for row in rows:
            records.append(
                {
                    "row": int(row),
                    "id": str(frame[id_column].iloc[row]),
                    "column": column_name,
                    "kind": kind,
                    "value": str(frame[column_name].iloc[row]) if value is None else value,
                }
            )
    return pd.DataFrame.from_records(records, columns=["row", "id", "column", "kind", "value"])


@dataclass(frozen=True)
class _Answers:
    """Generated responses plus the hidden per-row facts the follow-ups are drawn from."""

    responses: pd.DataFrame
    defects: pd.DataFrame | None
    when: np.ndarray  # day or timestamp of each answer, before any defect spoils the text
    category: np.ndarray  # DETRACTOR, PASSIVE or PROMOTER as drawn
    account: np.ndarray | None = None  # index into the accounts, for B2B clients

    def valid(self) -> np.ndarray:
        """Rows no defect touched: only those get followed up."""
        valid = np.ones(len(self.responses), dtype=bool)
        if self.defects is not None:
            valid[self.defects["row"].to_numpy()] = False
        return valid


# --------------------------------------------------------------------------------------------
# dk-b2b-it
# --------------------------------------------------------------------------------------------

_DK_START, _DK_END = np.datetime64("2023-01-01"), np.datetime64("2024-12-31")
_DK_EXPORTED = np.datetime64("2025-01-10")
"""The day the client exported the files: follow-ups after it have not happened yet."""
_DK_ACCOUNT_COUNT = 400
_DK_HOLIDAYS = np.array(
    [
        f"{y}-{md}"
        for y in (2023, 2024, 2025)
        for md in ("01-01", "12-24", "12-25", "12-26", "12-31")
    ],
    dtype="datetime64[D]",
)
"""Days the firm is closed, so neither survey invitations nor follow-up calls happen."""


@dataclass(frozen=True)
class _DkAccounts:
    """The 400 accounts: the exported customer file plus the hidden traits that drive scores."""

    customers: pd.DataFrame
    ids: np.ndarray
    loyalty: np.ndarray
    department: np.ndarray
    manager: np.ndarray
    active_from: np.ndarray
    active_to: np.ndarray
    weight: np.ndarray
    personal: tuple[tuple[str, ...], ...]


@functools.cache
def _dk_accounts(seed: int) -> _DkAccounts:
    rng = _rng(seed, "dk-b2b-it", _ACCOUNTS)
    n = _DK_ACCOUNT_COUNT
    public = rng.random(n) < 0.3
    private_names = [k.format(p=p) for p in _DA_PLACE_PARTS for k in _DA_PRIVATE_KINDS]
    public_names = [k.format(p=p) for p in _DA_PLACE_PARTS for k in _DA_PUBLIC_KINDS]
    private_pick = iter(rng.permutation(private_names))
    public_pick = iter(rng.permutation(public_names))
    legal = rng.choice(["A/S", "ApS", "ApS", "I/S"], size=n)
    names, domains = [], []
    for i in range(n):
        base = str(next(public_pick) if public[i] else next(private_pick))
        names.append(base if public[i] else f"{base} {legal[i]}")
        domains.append(_ascii_mail(base.replace("-", "")) + ".dk")

    first = rng.choice(_DA_FIRST, size=n)
    last = rng.choice(_DA_LAST, size=n)
    contacts = [f"{f} {s}" for f, s in zip(first, last, strict=True)]
    initials = rng.random(n) < 0.3
    mails = [
        f"{_ascii_mail(f[0] + s[0]) if short else _ascii_mail(f + '.' + s)}@{d}"
        for f, s, d, short in zip(first, last, domains, initials, strict=True)
    ]
    digits = rng.integers(2, 8, size=n) * 10_000_000 + rng.integers(0, 10_000_000, size=n)
    compact = [f"{d:08d}" for d in digits]
    spaced = [" ".join(c[i : i + 2] for i in range(0, 8, 2)) for c in compact]
    style = rng.choice(3, size=n, p=[0.6, 0.25, 0.15])
    phones = [("+45 " + sp, sp, c)[s] for sp, c, s in zip(spaced, compact, style, strict=True)]

    # Loyalty drives scores, revenue, share of wallet and churn alike, which is why promoters'
    # accounts come out richer and stickier in the analysis.
    loyalty = rng.normal(0.0, 0.8, size=n)
    revenue = np.exp(
        np.log(160_000) + 0.55 * loyalty + 0.8 * rng.normal(size=n) + 0.4 * public
    ).round(2)
    wallet = (100 / (1 + np.exp(-(-0.3 + 0.9 * loyalty + 0.5 * rng.normal(size=n))))).round(1)
    manager = rng.choice(len(_DK_ACCOUNT_MANAGERS), size=n)
    department = rng.choice(len(_DK_DEPARTMENTS), size=n, p=_DK_DEPARTMENT_SHARE)

    old = rng.random(n) < 0.85
    since = np.where(
        old,
        np.datetime64("2008-01-01") + rng.integers(0, 15 * 365, size=n),
        _DK_START + rng.integers(0, 640, size=n),
    ).astype("datetime64[D]")
    active_from = np.maximum(since, _DK_START)
    churned = rng.random(n) < 1 / (1 + np.exp(1.6 + 1.3 * loyalty))
    span = (_DK_END - active_from).astype(np.int64)
    churn_day = active_from + (60 + rng.random(n) * np.maximum(span - 60, 1)).astype(np.int64)
    active_to = np.where(churned, np.minimum(churn_day, _DK_END), _DK_END).astype("datetime64[D]")
    size = (revenue / np.median(revenue)) ** 0.3
    weight = (active_to - active_from).astype(float) * rng.gamma(2.0, 1.0, size=n) * size

    ids = 10_001 + np.arange(n)
    customers = pd.DataFrame(
        {
            "Kunde-ID": _int_text(ids),
            "Kundenavn": names,
            "Kontaktperson": contacts,
            "E-mail": mails,
            "Telefon": phones,
            "Segment": np.where(public, "Offentlig", "Privat"),
            "Årlig omsætning (DKK)": [_danish_number(v, 2) for v in revenue],
            "Andel af kundens køb (%)": [_danish_number(v, 1) for v in wallet],
            "Kundeansvarlig": [_DK_ACCOUNT_MANAGERS[m] for m in manager],
            "Kunde siden": pd.DatetimeIndex(since).strftime("%d-%m-%Y"),
        },
        dtype=str,
    )

    # Personal-data comments, one block of templates per account, so the names, e-mails and
    # phone numbers in the comments are the ones in the customer file.
    def fill(templates: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(
            t.format(contact=c, email=e, phone=p, compact=k, am=_DK_ACCOUNT_MANAGERS[m])
            for c, e, p, k, m in zip(contacts, mails, phones, compact, manager, strict=True)
            for t in templates
        )

    personal = (
        fill(
            (
                "Jeg har ringet flere gange uden svar. Ring til mig på {phone}. Mvh. {contact}",
                "Fakturaen er stadig forkert – skriv til {email}, så vi kan få det løst.",
                "{contact} her. Vores sag er ikke løst, ring på {compact}.",
            )
        ),
        fill(
            (
                "Ok samarbejde. Kontakt gerne {contact} på {email} om fornyelsen.",
                "Fint nok, men {am} er svær at få fat på.",
                "Spørg efter {contact} på {phone}, hvis I vil høre mere.",
            )
        ),
        fill(
            (
                "Tak til {am} for hjælpen!",
                "{am} er guld værd for os.",
                "Super service. I må gerne bruge os som reference – kontakt {contact} på {phone}.",
            )
        ),
    )
    return _DkAccounts(
        customers=customers,
        ids=ids,
        loyalty=loyalty,
        department=department,
        manager=manager,
        active_from=active_from,
        active_to=active_to,
        weight=weight / weight.sum(),
        personal=personal,
    )


def _dk_responses(seed: int, rows: int, *, with_defects: bool = True) -> _Answers:
    """Responses of dk-b2b-it, with the hidden columns the follow-ups need."""
    accounts = _dk_accounts(seed)
    rng = _rng(seed, "dk-b2b-it", _RESPONSES)
    account = rng.choice(len(accounts.ids), size=rows, p=accounts.weight)
    start, end = accounts.active_from[account], accounts.active_to[account]
    span = (end - start).astype(np.int64) + 1
    day = start + (rng.random(rows) * span).astype(np.int64)
    # Most answers arrive on working days: the invitation goes out after a contact or meeting.
    weekday_roll = rng.random(rows) < 0.9
    workday = np.busday_offset(day, 0, roll="forward", holidays=_DK_HOLIDAYS)
    day = np.where(weekday_roll, np.minimum(workday, end), day).astype("datetime64[D]")
    order = np.argsort(day, kind="stable")
    account, day = account[order], day[order]

    touchpoint_rows = rng.random(rows) < 0.6
    tp_share = np.array([t.share for t in _DK_TOUCHPOINTS])
    touchpoint = rng.choice(len(_DK_TOUCHPOINTS), size=rows, p=tp_share / tp_share.sum())
    departments = (*_DK_DEPARTMENTS, "Økonomi")  # Økonomi owns invoicing, serves no account
    tp_department = np.array([departments.index(t.department) for t in _DK_TOUCHPOINTS])
    department = np.where(touchpoint_rows, tp_department[touchpoint], accounts.department[account])

    # Support slides through the first half of 2024 (a new ticket system and two who left) and
    # stays down: the department's NPS falls by some 40-50 points between the two years.
    support_slide = -1.5 * _ramp(day, "2024-01-01", "2024-06-01") * (department == _SUPPORT)
    tp_effect = np.array([t.effect for t in _DK_TOUCHPOINTS])[touchpoint] * touchpoint_rows
    utility = 0.3 + accounts.loyalty[account] + tp_effect + support_slide
    scores = _scores(rng, utility)
    category = _category(scores)

    pool = _pool("da-customer")
    tp_theme = np.array([pool.themes.index(t.theme) for t in _DK_TOUCHPOINTS])
    dept_themes = ("kvalitet", "support", "levering", "kommunikation", "fakturering")
    dept_theme = np.array([pool.themes.index(t) for t in dept_themes])
    linked = np.where(touchpoint_rows, tp_theme[touchpoint], dept_theme[department])
    theme = _themes(rng, pool, linked, np.where(touchpoint_rows, 0.7, 0.4))
    comment = _comment_column(
        rng, pool, category, theme, accounts.personal, account, blocks=len(accounts.ids)
    )

    no_touchpoint = len(_DK_TOUCHPOINTS)
    tp_code = np.where(touchpoint_rows, touchpoint, no_touchpoint)
    phase_names = ("Før", "Under", "Efter", "")
    tp_phase = np.array([phase_names.index(t.phase) for t in _DK_TOUCHPOINTS] + [3])
    frame = pd.DataFrame(
        {
            "Svar-ID": _int_text(100_001 + np.arange(rows)),
            "Kunde-ID": _categorical(account, [str(i) for i in accounts.ids]),
            "Dato": _danish_dates(day),
            "Målingstype": _categorical(touchpoint_rows.astype(int), ["Relation", "Kontaktpunkt"]),
            "Kontaktpunkt": _categorical(tp_code, [t.name for t in _DK_TOUCHPOINTS] + [""]),
            "Fase": _categorical(tp_phase[tp_code], phase_names),
            "Afdeling": _categorical(department, departments),
            "Kundeansvarlig": _categorical(accounts.manager[account], _DK_ACCOUNT_MANAGERS),
            DK_SCORE_COLUMN: _categorical(scores, [str(s) for s in range(11)]),
            DK_COMMENT_COLUMN: comment,
        }
    )
    defects = None
    if with_defects:
        defects = _plant_defects(
            frame,
            _rng(seed, "dk-b2b-it", _DEFECTS),
            language="danish",
            id_column="Svar-ID",
            date_column="Dato",
            score_column=DK_SCORE_COLUMN,
        )
    return _Answers(frame, defects, day, category, account)


def _dk_followups(seed: int, built: _Answers) -> pd.DataFrame:
    """Closed-loop follow-ups: detractors first and fast, a few late or never; fewer others."""
    rng = _rng(seed, "dk-b2b-it", _FOLLOWUPS)
    responses, category, day, account = built.responses, built.category, built.when, built.account
    n = len(responses)
    valid = built.valid()

    contacted = valid & (rng.random(n) < np.array([0.86, 0.30, 0.18])[category])
    # Working days to the call: most detractors within three, a tail of late ones.
    late = rng.random(n) < np.array([0.12, 0.3, 0.3])[category]
    delay = np.where(
        late, rng.integers(6, 25, size=n), rng.geometric(np.array([0.55, 0.25, 0.25])[category])
    )
    contact_day = np.busday_offset(day, delay, roll="forward", holidays=_DK_HOLIDAYS)
    contacted &= contact_day <= _DK_EXPORTED
    channel_p = np.array([[0.55, 0.25, 0.20], [0.40, 0.20, 0.40], [0.30, 0.20, 0.50]])
    # Inverse-CDF draw per row; the clip guards against a cumulative sum of 0.9999999.
    channel = (rng.random(n)[:, None] > channel_p[category].cumsum(axis=1)).sum(axis=1)
    channel = np.minimum(channel, 2)
    closed = rng.random(n) < np.array([0.85, 0.95, 0.97])[category]
    close_days = np.where(
        category == DETRACTOR, rng.integers(0, 15, size=n), rng.integers(0, 3, size=n)
    )
    close_day = np.busday_offset(contact_day, close_days, roll="forward", holidays=_DK_HOLIDAYS)
    closed &= close_day <= _DK_EXPORTED
    ambassador = rng.random(n) < 0.15
    owners = np.array([*_DK_ACCOUNT_MANAGERS, _DK_CUSTOMER_AMBASSADOR], dtype=object)
    owner = np.where(ambassador, len(_DK_ACCOUNT_MANAGERS), _dk_accounts(seed).manager[account])
    notes = _DK_FOLLOWUP_NOTES
    note_index = (rng.random(n) * np.array([len(x) for x in notes])[category]).astype(np.int64)

    rows = np.flatnonzero(contacted)
    return pd.DataFrame(
        {
            "Svar-ID": responses["Svar-ID"].to_numpy()[rows],
            "Kontaktet dato": pd.DatetimeIndex(contact_day[rows]).strftime("%d-%m-%Y"),
            "Kanal": np.array(["Telefon", "Møde", "E-mail"])[channel[rows]],
            "Lukket dato": np.where(
                closed[rows], pd.DatetimeIndex(close_day[rows]).strftime("%d-%m-%Y"), ""
            ),
            "Ansvarlig": owners[owner[rows]],
            "Note": [notes[c][i] for c, i in zip(category[rows], note_index[rows], strict=True)],
        },
        dtype=str,
    )


def _dk_touchpoints() -> pd.DataFrame:
    # The headers of the Danish touchpoint template, so the sample is the template filled in.
    header = touchpoint_columns("da")
    return pd.DataFrame(
        {
            header["name"]: [t.name for t in _DK_TOUCHPOINTS],
            header["phase"]: [t.phase for t in _DK_TOUCHPOINTS],
            header["order"]: range(1, len(_DK_TOUCHPOINTS) + 1),
            header["importance_customer"]: [t.importance_customer for t in _DK_TOUCHPOINTS],
            header["importance_firm"]: [t.importance_firm for t in _DK_TOUCHPOINTS],
            header["owner"]: [t.owner for t in _DK_TOUCHPOINTS],
            header["wanted_experience"]: [t.wanted for t in _DK_TOUCHPOINTS],
        }
    )


# --------------------------------------------------------------------------------------------
# uk-webshop
# --------------------------------------------------------------------------------------------


@functools.cache
def _uk_personal() -> tuple[tuple[str, ...], ...]:
    """Personal-data comments of invented customers and agents.

    Phone numbers come from Ofcom's range for drama (07700 900xxx), which no real line uses.
    """
    rng = np.random.default_rng([0, _CLIENT_KEYS["uk-webshop"], _ACCOUNTS])
    people = [
        (str(f), str(s))
        for f, s in zip(rng.choice(_UK_FIRST, 60), rng.choice(_UK_LAST, 60), strict=True)
    ]
    domains = ("example.com", "example.co.uk", "example.org", "example.net")
    filled: list[list[str]] = [[], [], []]
    for i, (first, last) in enumerate(people):
        name = f"{first} {last}"
        mail = f"{_ascii_mail(first)}.{_ascii_mail(last)}@{domains[i % 4]}"
        number = 900_000 + (i * 37) % 1000
        phone = (f"07700 {number}", f"+44 7700 {number}")[i % 2]
        agent = _UK_AGENTS[i % len(_UK_AGENTS)].split()[0]
        filled[DETRACTOR] += [
            f"Still no refund. Please call me on {phone}. {name}",
            f"Parcel never arrived – email me at {mail}.",
            f"My name is {name}, order still missing, ring {phone}.",
        ]
        filled[PASSIVE] += [
            f"Fine overall. {agent} in customer service was helpful, delivery slow."
        ]
        filled[PROMOTER] += [
            f"Thanks to {agent} for sorting out my order!",
            f"Great service – {_UK_AGENTS[i % len(_UK_AGENTS)]} went above and beyond.",
        ]
    return tuple(tuple(block) for block in filled)


def _uk_responses(seed: int, rows: int, *, with_defects: bool = True) -> _Answers:
    rng = _rng(seed, "uk-webshop", _RESPONSES)
    # Seasonal: busier in the Black Friday and Christmas weeks.
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2025-01-01"))
    season = 1.0 + 0.9 * (
        (days >= np.datetime64("2024-11-20")) & (days <= np.datetime64("2024-12-20"))
    )
    day = np.sort(rng.choice(days, size=rows, p=season / season.sum()))
    hour_w = np.array(
        [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 4, 4, 4, 5, 5, 4, 4, 4, 5, 6, 8, 9, 8, 6, 3]
    )
    hour = rng.choice(24, size=rows, p=hour_w / hour_w.sum())
    seconds = hour * 3600 + rng.integers(0, 3600, size=rows)
    stamp = day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    order = np.argsort(stamp, kind="stable")
    stamp, day = stamp[order], day[order]

    customers = max(1, round(rows * 0.75))
    customer = rng.integers(0, customers, size=rows)
    loyalty = np.random.default_rng([seed, 99]).normal(0.0, 0.6, size=customers)
    channel = rng.choice(3, size=rows, p=[0.45, 0.35, 0.20])
    touchpoint = rng.choice(len(_UK_TOUCHPOINTS), size=rows, p=[t[3] for t in _UK_TOUCHPOINTS])
    change = _ramp(day, str(_UK_CHANGE_DAY), "2024-07-31")
    before = np.array([t[4] for t in _UK_TOUCHPOINTS])[touchpoint]
    after = np.array([t[5] for t in _UK_TOUCHPOINTS])[touchpoint]
    utility = 0.35 + loyalty[customer] + before + (after - before) * change + 0.15 * (channel == 1)
    scores = _scores(rng, utility)
    category = _category(scores)

    pool = _pool("en-customer")
    linked = np.array([pool.themes.index(t[2]) for t in _UK_TOUCHPOINTS])[touchpoint]
    theme = _themes(rng, pool, linked, 0.65)
    comment = _comment_column(rng, pool, category, theme, _uk_personal())

    # Answers through the e-mail link come from a survey tool that labels the scale's ends.
    score_code = scores.astype(np.int64)
    labelled = channel == 2
    score_code = np.where(labelled & (scores == 0), 11, score_code)
    score_code = np.where(labelled & (scores == 10), 12, score_code)
    score_pool = [str(s) for s in range(11)] + ["0 - Not at all likely", "10 - Extremely likely"]

    pence = np.round(np.exp(rng.normal(np.log(45), 0.7, size=rows)) * 100).astype(np.int64)
    pence = np.maximum(pence, 299)
    pounds = pc.cast(pa.array(pence // 100), pa.string())
    cents = pa.array([f"{c:02d}" for c in range(100)]).take(pa.array(pence % 100))
    value = pd.Series(pd.array(pc.binary_join_element_wise(pounds, cents, "."), dtype="str"))
    # No order yet when the customer answers on a product page.
    value = value.where(touchpoint != 0, "")

    frame = pd.DataFrame(
        {
            "response_id": _int_text(5_000_001 + np.arange(rows)),
            "customer_id": _int_text(1_000_000 + customer),
            "submitted_at": _iso_timestamps(stamp),
            "channel": _categorical(channel, _UK_CHANNELS),
            "touchpoint": _categorical(touchpoint, [t[0] for t in _UK_TOUCHPOINTS]),
            "phase": _categorical(touchpoint, [t[1] for t in _UK_TOUCHPOINTS]),
            "order_value": value,
            "country": _categorical(
                rng.choice(len(_UK_COUNTRIES), size=rows, p=_UK_COUNTRY_SHARE), _UK_COUNTRIES
            ),
            UK_SCORE_COLUMN: _categorical(score_code, score_pool),
            UK_COMMENT_COLUMN: comment,
        }
    )
    defects = None
    if with_defects:
        defects = _plant_defects(
            frame,
            _rng(seed, "uk-webshop", _DEFECTS),
            language="english",
            id_column="response_id",
            date_column="submitted_at",
            score_column=UK_SCORE_COLUMN,
        )
    return _Answers(frame, defects, stamp, category)


def _uk_followups(seed: int, built: _Answers) -> pd.DataFrame:
    """E-mail follow-ups: most detractors within a day or two, improving after the change."""
    rng = _rng(seed, "uk-webshop", _FOLLOWUPS)
    responses, category, stamp = built.responses, built.category, built.when
    n = len(responses)
    valid = built.valid()
    contacted = valid & (rng.random(n) < np.array([0.68, 0.08, 0.04])[category])
    after_change = stamp >= _UK_CHANGE_DAY
    delay_hours = rng.exponential(np.where(after_change, 14.0, 30.0), size=n) + 0.5
    contacted_at = stamp + (delay_hours * 3600).astype("timedelta64[s]")
    closed_at = contacted_at + (rng.exponential(40.0, size=n) * 3600 + 600).astype("timedelta64[s]")
    exported = np.datetime64("2025-01-05T09:00:00")
    contacted &= contacted_at <= exported
    closed = (rng.random(n) < 0.82) & (closed_at <= exported)
    rows = np.flatnonzero(contacted)
    return pd.DataFrame(
        {
            "response_id": responses["response_id"].to_numpy()[rows],
            "contacted_at": _iso_timestamps(contacted_at[rows]),
            "channel": "email",
            "closed_at": np.where(closed[rows], _iso_timestamps(closed_at[rows]), ""),
            "owner": np.array(_UK_AGENTS)[rng.integers(0, len(_UK_AGENTS), size=n)[rows]],
        },
        dtype=str,
    )


# --------------------------------------------------------------------------------------------
# dk-b2b-it-enps
# --------------------------------------------------------------------------------------------

_ENPS_DEPARTMENTS = ("Drift", "Support", "Projekter", "Salg", "Økonomi")
_ENPS_HEADCOUNT = np.array([22, 20, 24, 12, 4])
_ENPS_SMALL = _ENPS_DEPARTMENTS.index("Økonomi")
"""Four people: never reportable on its own under a minimum group size of five."""
_ENPS_ROUNDS = ("2024-1", "2024-2", "2024-3", "2024-4")
_ENPS_ROUND_START = np.array(
    ["2024-02-05", "2024-05-06", "2024-08-26", "2024-11-04"], dtype="datetime64[D]"
)
_ENPS_SENIORITY = ("0-2 år", "3-5 år", "6+ år")
_ENPS_LEADERS = (
    "Henrik Holm",
    "Trine Skov",
    "Ulrik Bak",
    "Signe Kragh",
    "Poul Lund",
    "Karen Friis",
)


def _enps_responses(seed: int, rows: int) -> _Answers:
    rng = _rng(seed, "dk-b2b-it-enps", _RESPONSES)
    # Headcount grows with the requested number of answers; the small department stays at four.
    scale = rows / 250
    headcount = np.maximum(np.round(_ENPS_HEADCOUNT * scale), 1).astype(np.int64)
    headcount[_ENPS_SMALL] = 4
    department = np.repeat(np.arange(len(_ENPS_DEPARTMENTS)), headcount)
    employees = department.size
    seniority = rng.choice(3, size=employees, p=[0.35, 0.30, 0.35])
    mood = rng.normal(0.0, 0.7, size=employees)

    pairs = employees * len(_ENPS_ROUNDS)
    rows = min(rows, pairs)
    chosen = np.sort(rng.choice(pairs, size=rows, replace=False))
    employee, round_ = chosen % employees, chosen // employees
    day = np.busday_offset(_ENPS_ROUND_START[round_], rng.geometric(0.35, size=rows) - 1)
    order = np.lexsort((rng.random(rows), day))
    employee, round_, day = employee[order], round_[order], day[order]

    dept = department[employee]
    # Support's mood falls round by round with the customers' story; newcomers are the keenest.
    support_fall = np.array([-0.2, -0.5, -0.9, -1.2])[round_] * (
        dept == _ENPS_DEPARTMENTS.index("Support")
    )
    dept_effect = np.array([0.1, 0.0, 0.35, 0.25, -0.2])[dept]
    utility = 0.05 + mood[employee] + dept_effect + support_fall + 0.3 * (seniority[employee] == 0)
    scores = _scores(rng, utility)
    category = _category(scores)

    pool = _pool("da-employee")
    linked = np.where(
        dept == _ENPS_DEPARTMENTS.index("Support"), pool.themes.index("arbejdspres"), 0
    )
    theme = _themes(
        rng, pool, linked, np.where(dept == _ENPS_DEPARTMENTS.index("Support"), 0.5, 0.0)
    )
    leaders = _ENPS_LEADERS
    personal = (
        tuple(f"Min leder {n} lytter ikke til os." for n in leaders)
        + tuple(f"{n} burde se på arbejdspresset i afdelingen." for n in leaders),
        tuple(f"Gode kolleger, især {n}." for n in leaders),
        tuple(f"Tak til {n} for en god ledelse." for n in leaders)
        + tuple(f"Fantastisk team – {n} er en super chef." for n in leaders),
    )
    comment = _comment_column(rng, pool, category, theme, personal)

    frame = pd.DataFrame(
        {
            "Svar-ID": _int_text(1 + np.arange(rows)),
            "Runde": _categorical(round_, _ENPS_ROUNDS),
            "Dato": _danish_dates(day),
            "Afdeling": _categorical(dept, _ENPS_DEPARTMENTS),
            "Anciennitet": _categorical(seniority[employee], _ENPS_SENIORITY),
            ENPS_SCORE_COLUMN: _categorical(scores, [str(s) for s in range(11)]),
            ENPS_COMMENT_COLUMN: comment,
        }
    )
    # Defects stay out of the small department so its per-round count stays an honest < 5.
    defects = _plant_defects(
        frame,
        _rng(seed, "dk-b2b-it-enps", _DEFECTS),
        language="danish",
        id_column="Svar-ID",
        date_column="Dato",
        score_column=ENPS_SCORE_COLUMN,
        eligible=dept != _ENPS_SMALL,
    )
    return _Answers(frame, defects, day, category)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

_DEFAULT_ROWS = {"dk-b2b-it": 3_000, "uk-webshop": 20_000, "dk-b2b-it-enps": 250}


def _check_slug(slug: str) -> None:
    if slug not in DATASETS:
        raise ValueError(f"Unknown sample dataset {slug!r}; expected one of {', '.join(DATASETS)}.")


def generate_client(
    slug: str, *, seed: int = DEFAULT_SEED, rows: int | None = None
) -> dict[str, pd.DataFrame]:
    """Generate the tables of one sample dataset.

    Parameters
    ----------
    slug : str
        One of :data:`DATASETS`.
    seed : int, default DEFAULT_SEED
        Seed of the random generator; the same seed gives the same tables.
    rows : int, optional
        Number of answers in ``responses`` (default: 3,000, 20,000 or 250 by client). Customers and
        touchpoints do not change with it.

    Returns
    -------
    dict of str to DataFrame
        ``responses`` and ``defects`` for every client; ``customers``, ``followups`` and
        ``touchpoints`` for ``dk-b2b-it``; ``followups`` for ``uk-webshop``. CSV tables hold text
        exactly as it will stand in the file (blank cells are ``""``), so
        ``pandas.read_csv(path, dtype=str, keep_default_na=False, ...)`` reads them back equal.
        ``defects`` lists each planted bad row: position, answer id, column, kind and value.

    Examples
    --------
    >>> tables = generate_client("dk-b2b-it-enps", seed=1)
    >>> tables["responses"]["Runde"].unique().tolist()
    ['2024-1', '2024-2', '2024-3', '2024-4']
    """
    _check_slug(slug)
    n = _DEFAULT_ROWS[slug] if rows is None else int(rows)
    if n < 50:
        raise ValueError(f"rows must be at least 50 to carry the story and the defects; got {n}.")
    if slug == "dk-b2b-it":
        built = _dk_responses(seed, n)
        tables = {
            "customers": _dk_accounts(seed).customers.copy(),
            "followups": _dk_followups(seed, built),
            "touchpoints": _dk_touchpoints(),
        }
    elif slug == "uk-webshop":
        built = _uk_responses(seed, n)
        tables = {"followups": _uk_followups(seed, built)}
    else:
        built = _enps_responses(seed, n)
        tables = {}
    assert built.defects is not None  # the sample clients always carry their defects
    return {"responses": built.responses.astype(str), **tables, "defects": built.defects}


def planted_defects(
    slug: str, *, seed: int = DEFAULT_SEED, rows: int | None = None
) -> dict[str, int]:
    """Count the bad rows planted in a client's responses, by kind.

    Parameters
    ----------
    slug, seed, rows
        As for :func:`generate_client`.

    Returns
    -------
    dict of str to int
        One entry per kind in :data:`DEFECT_KINDS`.

    Examples
    --------
    >>> planted_defects("dk-b2b-it")["duplicate_id"]
    1
    """
    defects = generate_client(slug, seed=seed, rows=rows)["defects"]
    counts = defects["kind"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in DEFECT_KINDS}


def _write_csv(frame: pd.DataFrame, path: Path, fmt: ExportFormat) -> None:
    # errors="strict": a character cp1252 cannot hold is a bug in the templates, not data to hide.
    frame.to_csv(
        path,
        sep=fmt.sep,
        index=False,
        encoding=fmt.encoding,
        errors="strict",
        lineterminator=fmt.lineterminator,
    )


# Where each dataset's tables go: client folder -> (files key in client.yml, dataset, table, file).
# The files keys are client.yml's, so the folder's `files:` section is read off this table.
_CLIENT_FILES: Mapping[str, tuple[tuple[str, str, str, str], ...]] = MappingProxyType(
    {
        "dk-b2b-it": (
            ("responses", "dk-b2b-it", "responses", "responses.csv"),
            ("customers", "dk-b2b-it", "customers", "customers.csv"),
            ("touchpoints", "dk-b2b-it", "touchpoints", "touchpoints.xlsx"),
            ("employee_survey", "dk-b2b-it-enps", "responses", "employee_survey.csv"),
            ("followups", "dk-b2b-it", "followups", "followups.csv"),
        ),
        "uk-webshop": (
            ("responses", "uk-webshop", "responses", "responses.csv"),
            ("followups", "uk-webshop", "followups", "followups.csv"),
        ),
    }
)
_TOUCHPOINT_SHEET = "Kontaktpunkter"

# What each client.yml says besides its files; the rest are the model's defaults.
_CLIENT_SETTINGS: Mapping[str, Mapping] = MappingProxyType(
    {
        "dk-b2b-it": {
            "currency": "DKK",
            "roles": {
                "department": "Afdeling",
                "owner": "Kundeansvarlig",
                "touchpoint": "Kontaktpunkt",
                "phase": "Fase",
                "measurement": "Målingstype",
            },
            # The headline's segments are of the relationship answers, which name no touchpoint
            # or phase and are all one measurement: those three would each be one group. The
            # touchpoints' NPS is the touchpoint table's (NPS page) and the journey's.
            "segments": ["Afdeling", "Kundeansvarlig"],
            "period": "quarter",
            "customers": {
                "id": "Kunde-ID",
                "name": "Kundenavn",
                "contact": "Kontaktperson",
                "email": "E-mail",
                "phone": "Telefon",
                "revenue": "Årlig omsætning (DKK)",
                "share_of_wallet": "Andel af kundens køb (%)",
                "owner": "Kundeansvarlig",
                "since": "Kunde siden",
            },
            "followups": {
                "response_id": "Svar-ID",
                "contacted": "Kontaktet dato",
                "channel": "Kanal",
                "closed": "Lukket dato",
                "owner": "Ansvarlig",
                "note": "Note",
            },
            "touchpoints": {**touchpoint_columns("da"), "sheet": _TOUCHPOINT_SHEET},
            "employee_survey": {"department": "Afdeling", "round": "Runde"},
            "loops": {"customer_ambassador": _DK_CUSTOMER_AMBASSADOR, "holidays": "DK"},
            "benchmark_nps": 20,
            "benchmark_name": "IT-services B2B (illustrativt)",
        },
        "uk-webshop": {
            "currency": "GBP",
            "roles": {"touchpoint": "touchpoint", "phase": "phase", "channel": "channel"},
            "segments": ["channel", "touchpoint", "phase", "country"],
            "period": "month",
            "followups": {
                "response_id": "response_id",
                "contacted": "contacted_at",
                "closed": "closed_at",
                "owner": "owner",
            },
            "loops": {
                "channel": "email",
                "customer_ambassador": "Customer care team",
                "holidays": "GB",
            },
            "benchmark_nps": 30,
            "benchmark_name": "Online homeware retail (illustrative)",
        },
    }
)
_CLIENT_NAMES = {"dk-b2b-it": (FIRM_LEGAL, "da"), "uk-webshop": (BRAND, "en")}


def _check_client(client: str) -> None:
    if client not in SAMPLE_CLIENTS:
        raise ValueError(
            f"Unknown sample client {client!r}; expected one of {', '.join(SAMPLE_CLIENTS)}."
        )


def client_config_text(client: str) -> str:
    """The client.yml of a sample client folder, rendered from the new-client template.

    Examples
    --------
    >>> "period: quarter" in client_config_text("dk-b2b-it")
    True
    """
    _check_client(client)
    name, language = _CLIENT_NAMES[client]
    files = {key: file for key, _, _, file in _CLIENT_FILES[client]}
    values = {**_CLIENT_SETTINGS[client], "files": files}
    return scaffold.client_config_text(name, language=language, values=values)


def write_client(
    client: str, out_dir: str | Path, *, seed: int = DEFAULT_SEED, rows: int | None = None
) -> dict[str, Path]:
    """Write one sample client folder, ``out_dir/<client>/``: its data files and client.yml.

    Parameters
    ----------
    client : str
        One of :data:`SAMPLE_CLIENTS`.
    out_dir : str or Path
        Parent folder; the client's folder is created inside it.
    seed, rows
        As for :func:`generate_client`, for every dataset the folder holds.

    Returns
    -------
    dict of str to Path
        The client.yml ``files`` key (``responses``, ``customers``, ``touchpoints``,
        ``employee_survey``, ``followups``) to the file written, and ``client`` to client.yml.
        The ``defects`` manifests are not written.

    Examples
    --------
    >>> import tempfile
    >>> paths = write_client("uk-webshop", tempfile.mkdtemp(), rows=500)
    >>> sorted(p.name for p in paths.values())
    ['client.yml', 'followups.csv', 'responses.csv']
    """
    _check_client(client)
    folder = Path(out_dir) / client
    folder.mkdir(parents=True, exist_ok=True)
    datasets = {dataset for _, dataset, _, _ in _CLIENT_FILES[client]}
    tables = {dataset: generate_client(dataset, seed=seed, rows=rows) for dataset in datasets}
    paths: dict[str, Path] = {}
    for key, dataset, table, file in _CLIENT_FILES[client]:
        path = paths[key] = folder / file
        if file.endswith(".xlsx"):
            write_sheet(tables[dataset][table], path, _TOUCHPOINT_SHEET, creator=FIRM_LEGAL)
        else:
            _write_csv(tables[dataset][table], path, _FORMATS[dataset])
    paths["client"] = folder / CLIENT_FILE
    paths["client"].write_text(client_config_text(client), encoding="utf-8", newline="\n")
    return paths


def planted_by_file(
    *, seed: int = DEFAULT_SEED, rows: int | None = None
) -> dict[str, dict[str, int]]:
    """The planted bad rows of every survey file in the sample folders, by kind.

    Returns
    -------
    dict
        ``"<client>/<file>"`` (``dk-b2b-it/employee_survey.csv``) to :func:`planted_defects`.
    """
    return {
        f"{client}/{file}": planted_defects(dataset, seed=seed, rows=rows)
        for client, entries in _CLIENT_FILES.items()
        for _, dataset, table, file in entries
        if table == "responses"
    }


_PATTERN_WORDS = (
    ("%d", "dd"),
    ("%m", "mm"),
    ("%Y", "yyyy"),
    ("%H", "HH"),
    ("%M", "MM"),
    ("%S", "SS"),
)

_STORIES = {
    "dk-b2b-it": (
        "What the analysis should find: an overall NPS of about +20 to +30; Support falling by "
        "some 30-50 points from 2023 to the second half of 2024 (the slide starts in January "
        "2024); the `Fakturering` touchpoint far below every other touchpoint; promoters' "
        "accounts with higher annual revenue and share of wallet than detractors'; each account "
        "answering about eight times, and accounts that stop answering (churn) leaning towards "
        "detractors. Most detractors are called within a few working days, some late, some "
        "never; a few comments carry the contact's name, e-mail or phone number from "
        "`customers.csv`, or an account manager's name."
    ),
    "uk-webshop": (
        "What the analysis should find: delivery and returns make the detractors; from July "
        "2024 (new carrier, prepaid returns) NPS climbs by some 15 points; answers through the "
        "e-mail link carry labelled scores (`10 - Extremely likely`, `0 - Not at all likely`); "
        "Black Friday and Christmas bring more answers; e-mail follow-ups get faster after the "
        "change. A few comments carry a customer's name, e-mail or UK phone number (Ofcom's "
        "drama range, 07700 900xxx)."
    ),
    "dk-b2b-it-enps": (
        "What the employee survey should show: eNPS about +20; Support's score falls round by "
        "round with the customers' story; newcomers (`0-2 år`) are the keenest; `Økonomi` has "
        "four employees, so never five answers in a round: too small to report on its own. A "
        "few comments name a manager."
    ),
}


def _format_line(fmt: ExportFormat) -> str:
    pattern = fmt.date_format
    for code, text in _PATTERN_WORDS:
        pattern = pattern.replace(code, text)
    line_ends = "CRLF" if fmt.lineterminator == "\r\n" else "LF"
    return (
        f"{fmt.encoding}, separator `{fmt.sep}`, decimal `{fmt.decimal}`, dates `{pattern}`, "
        f"line ends {line_ends}"
    )


def _readme(planted: Mapping[str, Mapping[str, int]], seed: int) -> str:
    lines = [
        "# Sample clients",
        "",
        "Fictitious client folders for trying the workbook. Every company, person, e-mail address",
        "and phone number is invented. Generated by `nps-workbook sample-data --out sample_data`",
        f"(seed {seed}); do not edit by hand, regenerate instead. Each folder is laid out as",
        "`nps-workbook new-client` makes one: `client.yml` (rendered from the same template) names",
        "the files and their columns.",
        "",
    ]
    for client, entries in _CLIENT_FILES.items():
        files = ", ".join(f"`{file}`" for *_, file in entries)
        lines += [
            f"## `{client}/`",
            "",
            SAMPLE_CLIENTS[client],
            "",
            f"Files: `client.yml`, {files}.",
            "",
        ]
        for _, dataset, table, file in entries:
            if table != "responses":
                continue
            counts = planted[f"{client}/{file}"]
            lines += [
                f"### `{file}`",
                "",
                DATASETS[dataset],
                "",
                _STORIES[dataset],
                "",
                f"Format: {_format_line(_FORMATS[dataset])}.",
                "",
                "Planted bad rows: "
                + ", ".join(f"{kind} {count}" for kind, count in counts.items())
                + ".",
                "",
            ]
    return "\n".join(lines)


def write_sample_data(
    out_dir: str | Path, *, rows: int | None = None, seed: int = DEFAULT_SEED
) -> list[Path]:
    """Write every sample client folder, plus a README with the planted defects, into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        Folder to fill, created if missing (``sample_data/`` in the repository).
    rows : int, optional
        Answers per survey; default each dataset's own size.
    seed : int, default DEFAULT_SEED
        Seed for all datasets.

    Returns
    -------
    list of Path
        Every file written, README last.
    """
    out = Path(out_dir)
    written: list[Path] = []
    for client in SAMPLE_CLIENTS:
        written += write_client(client, out, seed=seed, rows=rows).values()
    readme = out / "README.md"
    readme.write_text(
        _readme(planted_by_file(seed=seed, rows=rows), seed), encoding="utf-8", newline="\n"
    )
    return [*written, readme]


def survey_export(
    rows: int, *, seed: int = 0, format: str = "danish", defects: bool = True
) -> pd.DataFrame:
    """A responses table of any size, shaped like a real export, for benchmarks.

    Parameters
    ----------
    rows : int
        Number of answers (10^3 to 10^7; 10^6 takes a couple of seconds).
    seed : int, default 0
        Seed of the random generator.
    format : {"danish", "english"}
        ``"danish"``: the columns and text of ``dk-b2b-it`` (dates ``dd-mm-yyyy``, decimal comma
        in the bad rows); ``"english"``: those of ``uk-webshop`` (ISO timestamps, labelled scores).
        Write it with :data:`DANISH_EXCEL` or :data:`UTF8_ISO` settings to get the file.
    defects : bool, default True
        Plant the same ~0.3% bad rows as the sample clients.

    Returns
    -------
    DataFrame
        One row per answer. Columns drawn from small pools (dates, departments, scores,
        comments) are categorical so that 10^7 rows fit in memory; ``to_csv`` writes their text.

    Examples
    --------
    >>> frame = survey_export(10_000, format="danish")
    >>> frame.shape
    (10000, 10)
    """
    if format == "danish":
        return _dk_responses(seed, int(rows), with_defects=defects).responses
    if format == "english":
        return _uk_responses(seed, int(rows), with_defects=defects).responses
    raise ValueError(f"format must be 'danish' or 'english'; got {format!r}.")
