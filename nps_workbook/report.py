"""HTML reports of executed notebooks: one page per notebook and one combined page per client.

A report is what the client reads, so it holds the notebooks' outputs and nothing else: no
consultant's Markdown (unless tagged ``report``), no code, no parameters cells (``parameters``,
papermill's ``injected-parameters``), no live-use cells (``explore``), no widgets, no stderr
(warnings name the kernel's files), and not the key figures ``Workbook.record`` stores
(``FIGURES_MIME``). Figures are embedded as base64
PNG data URIs by nbconvert, the page's CSS is inline (templates/report/), and nothing is loaded
from the internet when the page opens: no MathJax, no require.js, no widget manager. A page
that would load anything from outside is refused (`OfflineReportError`).

Executed notebooks saved next to the reports are first cleaned of local absolute paths
(`clean_executed_notebook`), so neither the consultant's folder layout nor a user name travels to
the client.

Example::

    from nps_workbook.files import write_text_atomic

    executed = papermill.execute_notebook(...)          # or nbformat.read(...)
    html = notebook_html(executed, title="NPS", language="da", client="Kvistholm Data A/S")
    write_text_atomic(out / "02_nps.html", html)
    write_text_atomic(out / "02_nps.ipynb", nbformat.writes(clean_executed_notebook(executed)))
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from html.parser import HTMLParser
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import nbformat
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from . import templating, texts
from .errors import NpsWorkbookError
from .score import CONFIDENCE
from .workbook import CONSULTANT_MIME, FIGURES_MIME

#: Cells tagged with one of these are left out of every report: parameters, live use
#: (``explore``) and what only the consultant reads (``consultant``: a questionnaire with the
#: keys client.yml takes, say).
REMOVED_TAGS: frozenset[str] = frozenset(
    {"parameters", "injected-parameters", "explore", "consultant"}
)

#: A Markdown cell is the consultant's guidance, written once in English, and stays out of the
#: client's report unless tagged with this. What the client reads comes from outputs, in the
#: client's language (``Workbook.say``, ``Markdown(...)`` of texts/).
REPORT_MARKDOWN_TAG = "report"

#: Output types a report never shows: our recorded figures, the consultant's notes, widgets
#: (blank without the widget manager from a CDN) and scripts (a report runs no code).
REMOVED_MIMES: frozenset[str] = frozenset(
    {
        FIGURES_MIME,
        CONSULTANT_MIME,
        "application/vnd.jupyter.widget-view+json",
        "application/vnd.jupyter.widget-state+json",
        "application/javascript",
        "text/javascript",
    }
)

PAGE_TEMPLATE = "report/page.html.j2"

#: Metadata key where `strip_local_paths` notes how many paths it removed.
METADATA_KEY = "nps_workbook"

# An absolute POSIX path of two or more parts (/home/anna/x.csv), not inside a URL (the colon and
# slashes before it), a fraction (1/2/3 follows a digit) or a closing tag (</td>).
_POSIX_PATH = re.compile(r"(?<![\w.:/\\<-])/(?:[\w.~+@-]+/)+[\w.~+@-]*")
# C:\Users\anna\x.csv, also as a Python literal writes it (C:\\Users\\anna)
_WINDOWS_PATH = re.compile(r"(?<![\w])[A-Za-z]:\\+(?:[^\\\s\"'<>:|?*]+\\+)*[^\\\s\"'<>:|?*]*")
#: Output data that is binary (base64), where a slash is not a path.
BINARY_MIME = re.compile(r"^(image/(?!svg)|application/pdf|application/octet-stream)")
# Paths, and data URIs (an image inside HTML) left alone because a slash there is no path.
_PATH_OR_DATA = re.compile(
    rf"(?P<data>data:[\w/+.-]*;base64,[A-Za-z0-9+/=\s]*)|{_POSIX_PATH.pattern}|{_WINDOWS_PATH.pattern}"
)
# A long base64 text (an image in a widget's state), where a slash is not a path either.
_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]{64,}")


class OfflineReportError(NpsWorkbookError):
    """A report would load something from the internet (a script, style sheet or image URL)."""


# --- local paths -----------------------------------------------------------------------------


def _last_part(path: str) -> str:
    """The last part of a path: its file or folder name."""
    pure = PureWindowsPath(path) if _WINDOWS_PATH.fullmatch(path) else PurePosixPath(path)
    return pure.name or path.rstrip("/\\").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]


def _strip_text(text: str) -> tuple[str, int]:
    """`text` with every absolute path replaced by its last part, and how many there were."""
    count = 0
    if _BASE64.fullmatch(text):
        return text, count

    def short(match: re.Match[str]) -> str:
        nonlocal count
        if match.group("data"):
            return match.group(0)
        count += 1
        return _last_part(match.group(0))

    return _PATH_OR_DATA.sub(short, text), count


def _strip_value(value: Any) -> tuple[Any, int]:
    """Strings anywhere in a JSON-like value with their paths shortened; the count of paths."""
    if isinstance(value, str):
        return _strip_text(value)
    if isinstance(value, list):
        stripped = [_strip_value(item) for item in value]
        return [item for item, _ in stripped], sum(n for _, n in stripped)
    if isinstance(value, dict):
        total = 0
        for key in list(value):
            if BINARY_MIME.match(str(key)):
                continue
            value[key], n = _strip_value(value[key])
            total += n
        return value, total
    return value, 0


def _is_absolute(value: Any) -> bool:
    return isinstance(value, str) and (
        PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute()
    )


def strip_local_paths(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of an executed notebook without the local absolute paths it names.

    What is changed:

    - ``metadata.papermill.input_path`` and ``output_path`` are removed;
    - a papermill parameter (``metadata.papermill.parameters`` and ``default_parameters``) whose
      value is an absolute path becomes its last part, the folder or file name
      (``/home/anna/clients/dk-b2b-it`` -> ``dk-b2b-it``), and so does the same value in the
      source of the ``injected-parameters`` cell;
    - any absolute path (POSIX ``/a/b``, Windows ``C:\\a\\b``) in the text of outputs (streams,
      tracebacks, HTML, Markdown, plain text, but not base64 images), in the injected
      parameters and in the widget state is replaced by its last part.

    Authored cells' sources are left as they are: the notebooks in the repository use relative
    paths. The number of paths removed is noted in the copy's
    ``metadata.nps_workbook.local_paths_removed``.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        An executed notebook (papermill's output); it is not changed.

    Returns
    -------
    nbformat.NotebookNode
    """
    notebook = copy.deepcopy(notebook)
    count = 0
    papermill = notebook.metadata.get("papermill", {})
    for key in ("input_path", "output_path"):
        if papermill.pop(key, None) is not None:
            count += 1
    for key in ("parameters", "default_parameters"):
        for name, value in (papermill.get(key) or {}).items():
            if _is_absolute(value):
                papermill[key][name] = _last_part(value)
                count += 1
            else:
                papermill[key][name], n = _strip_value(value)
                count += n
    if "widgets" in notebook.metadata:
        notebook.metadata["widgets"], n = _strip_value(notebook.metadata["widgets"])
        count += n
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source, n = _strip_text(cell.source)
            count += n
        for output in cell.get("outputs", []):
            _, n = _strip_value(output)
            count += n
    notebook.metadata.setdefault(METADATA_KEY, {})["local_paths_removed"] = count
    return notebook


def clean_executed_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """An executed notebook ready to be saved next to its report: a copy without local paths
    (see `strip_local_paths`), checked against the notebook format.

    It keeps its code, outputs, widget state and recorded figures: whoever opens it in Jupyter
    sees the run as it was, only without the consultant's folders.
    """
    cleaned = strip_local_paths(notebook)
    nbformat.validate(cleaned)
    return cleaned


# --- HTML ------------------------------------------------------------------------------------


def _report_cells(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook with only what a report shows."""
    notebook = strip_local_paths(notebook)
    notebook.metadata.pop("widgets", None)
    notebook, _ = TagRemovePreprocessor(
        enabled=True, remove_cell_tags=set(REMOVED_TAGS)
    ).preprocess(notebook, {})
    notebook.cells = [
        cell
        for cell in notebook.cells
        if cell.cell_type != "markdown" or REPORT_MARKDOWN_TAG in cell.metadata.get("tags", [])
    ]
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            if output.output_type == "stream" and output.get("name") == "stderr":
                continue
            data = output.get("data")
            if data is not None and REMOVED_MIMES & set(data):
                # A widget's or figure's text/plain stand-in is no content either.
                continue
            kept.append(output)
        cell.outputs = kept
    return notebook


# A heading with its id, up to its end (its anchor link is inside).
_HEADING = re.compile(r'(<h([1-6])[^>]*\sid=")([^"]+)(".*?</h\2>)', re.DOTALL)


def _unique_anchors(body: str, prefix: str) -> str:
    """Heading ids with `prefix`, numbered when a heading text repeats, and links to them."""
    seen: dict[str, int] = {}
    first: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        old = match.group(3)
        seen[old] = seen.get(old, 0) + 1
        new = f"{prefix}-{old}" + (f"-{seen[old]}" if seen[old] > 1 else "")
        first.setdefault(old, new)
        rest = match.group(4).replace(f'href="#{old}"', f'href="#{new}"')
        return f"{match.group(1)}{new}{rest}"

    body = _HEADING.sub(rename, body)
    for old, new in first.items():
        body = body.replace(f'href="#{old}"', f'href="#{new}"')
    return body


# nbconvert's alt text of a figure without one (always English).
_DEFAULT_ALT = 'alt="No description has been provided for this image"'


def _body(notebook: nbformat.NotebookNode, prefix: str, language: str) -> str:
    """nbconvert's HTML of a notebook's outputs and Markdown, without the page around it.

    Heading ids get `prefix`, so the notebooks of a client report do not share anchors.
    """
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )
    body, _ = exporter.from_notebook_node(_report_cells(notebook))
    body = _unique_anchors(body, prefix)
    alt = html.escape(texts.label("report.figure", language))
    return body.replace(_DEFAULT_ALT, f'alt="{alt}"')


def _page(
    *,
    language: str,
    client: str,
    title: str,
    sections: list[dict[str, str]],
    contents: bool,
    generated: str | None = None,
    notes: Sequence[str] = (),
    summary: Sequence[Mapping[str, Any]] = (),
) -> str:
    page = templating.render(
        PAGE_TEMPLATE,
        language=texts.check_language(language),
        client=client,
        title=title,
        generated=generated,
        notes=[note for note in notes if note],
        summary=summary,
        sections=sections,
        contents=contents,
        colours=texts.CATEGORY_COLOURS,
        neutral=texts.NEUTRAL_COLOUR,
    )
    check_offline(page)
    return page


def notebook_html(
    notebook: nbformat.NotebookNode,
    *,
    title: str,
    language: str,
    client: str = "",
    notes: Sequence[str] = (),
) -> str:
    """The HTML report of one executed notebook: a self-contained page that opens offline.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        An executed notebook (papermill's output); it is not changed.
    title : str
        The notebook's title as the client reads it, e.g. "NPS".
    language : {"da", "en"}
        The page's language (``<html lang>``) and that of its own words (texts/report.yml).
    client : str, optional
        The client's name, the page's first heading (``Workbook.name``).
    notes : sequence of str, optional
        Sentences the page states under its heading, whatever the notebook shows: that the
        answers were given on a 1-10 scale (`texts.scale_text`). Empty ones are left out.

    Returns
    -------
    str
        The page, UTF-8 text; write it with `files.write_text_atomic`.

    Raises
    ------
    OfflineReportError
        If an output would make the page load something from the internet.
    """
    body = _body(notebook, "notebook-1", language)
    section = {"anchor": "notebook-1", "title": title, "body": body}
    return _page(
        language=language,
        client=client,
        title=title,
        sections=[section],
        contents=False,
        notes=notes,
    )


def client_report_html(
    notebooks: Iterable[tuple[str, nbformat.NotebookNode]],
    *,
    client: str,
    language: str,
    generated: str,
    notes: Sequence[str] = (),
    summary: Sequence[tuple[str, str, int]] = (),
) -> str:
    """One page for a client: the summary, a table of contents, then a section per notebook.

    Parameters
    ----------
    notebooks : iterable of (title, notebook)
        The executed notebooks in the order the client reads them.
    client : str
        The client's name.
    language : {"da", "en"}
    generated : str
        When the report was made, as the client writes dates (shown under the heading).
    notes : sequence of str, optional
        As `notebook_html`.
    summary : sequence of (group, text, number), optional
        The summary's sentences (:func:`nps_workbook.summary.statements`) in order, each with
        its group (:data:`~nps_workbook.summary.GROUPS`) and the 1-based position in
        `notebooks` of the section it links to. None: no summary.

    Returns
    -------
    str

    Raises
    ------
    OfflineReportError
        As `notebook_html`.
    """
    groups: dict[str, list[dict[str, str]]] = {}
    for group, text, number in summary:
        groups.setdefault(group, []).append({"text": text, "anchor": f"notebook-{number}"})
    sections = []
    for number, (title, notebook) in enumerate(notebooks, start=1):
        anchor = f"notebook-{number}"
        body = _body(notebook, anchor, language)
        sections.append({"anchor": anchor, "title": title, "body": body})
    return _page(
        language=language,
        client=client,
        title=texts.label("report.client_report", language),
        sections=sections,
        contents=bool(sections),
        generated=generated,
        notes=notes,
        summary=[
            {"title": texts.label(f"summary.group.{g}", language), "lines": lines}
            for g, lines in groups.items()
        ],
    )


# --- checking that a page opens offline ---------------------------------------------------------

# Attributes through which a browser fetches something when the page opens.
_FETCHING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
}
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_REMOTE = re.compile(r"""(?:url\(|@import)\s*['"]?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.I)


class _Fetches(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.remote: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in _FETCHING.get(tag, ()) and _REMOTE.match(value):
                self.remote.append(f"<{tag} {name}={value[:80]!r}>")
            if value and name == "style" and _CSS_REMOTE.search(value):
                self.remote.append(f"<{tag} style> with a remote url()")


def check_offline(page: str) -> None:
    """Refuse a page that would fetch anything from the internet when opened.

    Links the reader may click (``<a href="https://...">``) are allowed; scripts, style sheets,
    images, frames and CSS ``url()``/``@import`` pointing to another host are not.

    Raises
    ------
    OfflineReportError
    """
    parser = _Fetches()
    parser.feed(page)
    parser.close()
    remote = parser.remote
    if _CSS_REMOTE.search(page):
        remote.append("a style sheet with a remote url() or @import")
    if remote:
        raise OfflineReportError(
            "the report would load from the internet when opened: "
            + "; ".join(remote[:5])
            + ". Show the content as an ordinary output (an embedded PNG, a table, Markdown) "
            "or tag its cell 'explore' so reports leave it out."
        )


# --- the batch's overview page -----------------------------------------------------------------

INDEX_TEMPLATE = "report/index.html.j2"
_ARROWS = {"up": "▲", "down": "▼", "flat": "▶"}


def _trend(figures: dict[str, Any], language: str) -> tuple[str | None, str]:
    """The arrow ("up", "down", "flat" or None) and words for the latest period's change."""
    trend = figures.get("trend")
    if not trend or trend.get("change") is None:
        return None, texts.label("index.trend_none", language)
    change = texts.format_nps(trend["change"], language)
    if not trend.get("significant"):
        words = texts.label("index.trend_flat", language, period=trend["previous"])
        return "flat", f"{change} ({words})"
    direction = "up" if trend["change"] > 0 else "down"
    words = texts.label(f"index.trend_{direction}", language, period=trend["previous"])
    return direction, f"{change} ({words})"


def _index_row(client: dict[str, Any], language: str) -> dict[str, Any]:
    figures = client.get("key_figures") or {}
    fmt_nps = texts.format_nps
    arrow, trend = _trend(figures, language)
    interval = texts.format_interval(
        figures.get("nps_ci_low"), figures.get("nps_ci_high"), language
    )
    files = set(client.get("files") or ())
    folder = client["folder"]
    links = [
        {"href": f"{folder}/{name}", "text": texts.label(key, language)}
        for name, key in (
            ("report.html", "index.report"),
            ("report.pdf", "index.pdf"),
            ("report.pptx", "index.deck"),
            ("followup.xlsx", "index.followup"),
            ("rejected.csv", "index.rejected"),
        )
        if name in files
    ]
    status = client.get("status", "failed")
    return {
        "client": client.get("client") or folder,
        "nps": fmt_nps(figures.get("nps"), language),
        "interval": interval,
        "answers": texts.format_number(figures.get("n"), language),
        "scale": texts.label("index.scale_one_to_ten", language)
        if figures.get("scale") == "1-10"
        else "",
        "arrow": arrow,
        "arrow_symbol": _ARROWS.get(arrow or "", ""),
        "trend": trend if figures else "–",
        "open_cases": texts.format_number(figures.get("open_cases"), language),
        "overdue": texts.format_number(figures.get("overdue"), language),
        "revenue_at_risk": texts.format_money(
            figures.get("revenue_at_risk"), figures.get("currency") or "DKK", language
        ),
        "status": status,
        "status_text": texts.label(f"index.status_{status}", language),
        "reason": client.get("error"),
        "links": [{"href": href_escape(link["href"]), "text": link["text"]} for link in links],
    }


def href_escape(path: str) -> str:
    """A relative link to `path` with each part percent-encoded (spaces, æ, #, ?)."""
    from urllib.parse import quote

    return "/".join(quote(part) for part in path.split("/"))


def index_html(clients: Iterable[dict[str, Any]], *, language: str, generated: str) -> str:
    """The batch's overview page: every client with its key figures, trend arrow and links.

    Parameters
    ----------
    clients : iterable of dict
        Per client: ``folder`` (its output folder, the links' base), ``client`` (its name),
        ``status`` ("ok", "failed" or "skipped"), ``error`` (one line or None), ``files`` (the
        file names written in its folder) and ``key_figures``: ``nps``, ``nps_ci_low``,
        ``nps_ci_high``, ``confidence``, ``n``, ``trend`` (``change``, ``significant``,
        ``previous``: the period before), ``open_cases``, ``overdue``, ``revenue_at_risk``,
        ``currency``; any may be missing (shown as a dash).
    language : {"da", "en"}
    generated : str
        When the batch ran, as the reader writes dates.

    Returns
    -------
    str
        A self-contained page; its links are relative, so the output folder can be moved.
    """
    clients = list(clients)
    rows = [_index_row(client, language) for client in clients]
    # A scope's row (--scope, --per) is a report of a client, not another client.
    companies = [c for c in clients if not (c.get("key_figures") or {}).get("scope")]
    confidences = {(c.get("key_figures") or {}).get("confidence") for c in clients} - {None}
    level = texts.format_percent(
        confidences.pop() if len(confidences) == 1 else CONFIDENCE, language
    )
    page = templating.render(
        INDEX_TEMPLATE,
        language=texts.check_language(language),
        generated=generated,
        ok=sum(1 for c in companies if c.get("status") != "failed"),
        total=len(companies),
        rows=rows,
        interval_label=texts.label("index.interval", language, level=level),
        colours=texts.CATEGORY_COLOURS,
        neutral=texts.NEUTRAL_COLOUR,
    )
    check_offline(page)
    return page
