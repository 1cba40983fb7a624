"""The HTML reports (nps_workbook.report): what a client may open offline, and what it must not
see, checked on real runs of notebooks 02 and 03 for both sample clients.

Pages are read back with the standard library's html.parser, not with report.check_offline, so
the checks do not share the code they check.
"""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser

import nbformat
import pytest
from conftest import ROOT, SAMPLE_DATA

from nps_workbook import report
from nps_workbook.config import load_client
from nps_workbook.workbook import (
    CONSULTANT_MIME,
    FIGURES_MIME,
    consultant_notes,
    recorded_figures,
)

NOTEBOOKS = {"02_nps": "NPS", "03_loops": "Loops"}
CASES = [("dk-b2b-it", "da"), ("uk-webshop", "en")]
LOCAL = ("/work", "/tmp", "/root", "/home")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HIDDEN_TAGS = ("parameters", "injected-parameters", "explore", "consultant")


class Page(HTMLParser):
    """The tags of a page with their attributes, and its visible text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


def client_name(client: str) -> str:
    return load_client(SAMPLE_DATA / client).config.client


@pytest.fixture(scope="module")
def runs(run_notebook):
    """(client, language) -> {notebook name: executed notebook}."""
    return {
        (client, language): {name: run_notebook(name, client, language) for name in NOTEBOOKS}
        for client, language in CASES
    }


@pytest.fixture(scope="module")
def pages(runs):
    """(client, language) -> {page name: HTML}: one page per notebook and the client report."""
    rendered = {}
    for (client, language), notebooks in runs.items():
        name = client_name(client)
        rendered[client, language] = {
            name_: report.notebook_html(nb, title=NOTEBOOKS[name_], language=language, client=name)
            for name_, nb in notebooks.items()
        } | {
            "client": report.client_report_html(
                [(NOTEBOOKS[name_], nb) for name_, nb in notebooks.items()],
                client=name,
                language=language,
                generated="26-11-2026",
            )
        }
    return rendered


def each_page(pages):
    for (client, language), by_name in pages.items():
        for name, text in by_name.items():
            yield client, language, name, text


def hidden_sources(notebook) -> list[str]:
    """The lines of code a report must not show: every code cell's, tagged or not."""
    lines = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            lines += [line.strip() for line in cell.source.splitlines() if len(line.strip()) > 12]
    return lines


# --- what a report leaves out ----------------------------------------------------------------


def test_no_code_and_no_parameters_or_explore_cells(runs, pages):
    for client, language, name, text in each_page(pages):
        assert "open_workbook(" not in text, (client, name)
        assert "wb.record(" not in text, (client, name)
        visible = "".join(Page(text).text)
        for notebook in runs[client, language].values():
            for line in hidden_sources(notebook):
                assert html.escape(line, quote=False) not in text, (client, name, line)
                assert line not in visible, (client, name, line)
            for cell in notebook.cells:
                if set(cell.metadata.get("tags", [])) & set(HIDDEN_TAGS):
                    for output in cell.get("outputs", []):
                        plain = output.get("data", {}).get("text/plain", "")
                        assert not plain or plain not in visible, (client, name, plain)
        assert "explorer" not in text
        assert "widget" not in text.lower(), (client, name)


def test_recorded_figures_are_not_visible(runs, pages):
    for client, language, name, text in each_page(pages):
        assert FIGURES_MIME not in text
        for notebook in runs[client, language].values():
            figures = recorded_figures(notebook)
            assert figures, "the notebook records its key figures"
            for key in figures:
                assert key not in text, (client, name, key)


def test_nothing_is_loaded_from_the_internet(pages):
    for client, _, name, text in each_page(pages):
        page = Page(text)
        for tag, attribute in [("script", "src"), ("link", "href"), ("img", "src")]:
            for attrs in page.all(tag):
                value = attrs.get(attribute, "").strip().lower()
                assert not value.startswith(("http://", "https://", "//")), (client, name, value)
        assert not page.all("script"), "a report runs no script"
        assert "mathjax" not in text.lower()
        assert "require.js" not in text.lower()


def test_every_figure_is_an_embedded_png(pages):
    for client, _, name, text in each_page(pages):
        images = Page(text).all("img")
        assert images, (client, name)
        for attrs in images:
            prefix, _, payload = attrs["src"].partition(",")
            assert prefix == "data:image/png;base64", (client, name, prefix)
            png = base64.b64decode(payload, validate=True)
            assert png.startswith(PNG_SIGNATURE) and len(png) > 100


def test_no_local_path_in_any_page(pages):
    for client, _, name, text in each_page(pages):
        for path in (*LOCAL, str(ROOT)):
            assert path not in text, (client, name, path)


# --- what a report shows ---------------------------------------------------------------------


def test_the_page_speaks_the_language_and_names_the_client(pages):
    for client, language, name, text in each_page(pages):
        page = Page(text)
        assert page.all("html")[0]["lang"] == language
        assert html.escape(client_name(client)) in text
        title = report.texts.label("report.client_report", language)
        assert (title if name == "client" else NOTEBOOKS[name]) in "".join(page.text)
        if language == "da":
            for letter in "æøå":
                assert letter in text, (client, name, letter)
            assert "Ã" not in text  # UTF-8 read as Latin-1
        assert "No description has been provided" not in text


def test_client_report_has_contents_linking_to_each_notebook(pages):
    for (client, _), by_name in pages.items():
        page = Page(by_name["client"])
        ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
        links = [a["href"][1:] for a in page.all("a") if a.get("href", "").startswith("#")]
        sections = [attrs["id"] for attrs in page.all("section")]
        assert len(sections) == len(NOTEBOOKS), client
        assert all(section in links for section in sections), client
        assert all(link in ids for link in links), client
        headings = [
            attrs["id"] for tag, attrs in page.tags if re.fullmatch("h[1-6]", tag) and "id" in attrs
        ]
        assert len(headings) == len(set(headings)), "two notebooks' headings share an anchor"


# --- the executed notebooks saved next to the reports ----------------------------------------


def test_cleaned_notebook_names_no_local_path_and_keeps_the_run(runs):
    for (client, _), notebooks in runs.items():
        for name, notebook in notebooks.items():
            before = nbformat.writes(notebook)
            cleaned = report.clean_executed_notebook(notebook)
            assert nbformat.writes(notebook) == before, "the executed notebook is not changed"
            text = nbformat.writes(cleaned)
            for path in (*LOCAL, str(ROOT)):
                assert path not in text, (client, name, path)
            papermill = cleaned.metadata.papermill
            assert "input_path" not in papermill and "output_path" not in papermill
            assert papermill.parameters["client_dir"] == client
            assert recorded_figures(cleaned) == recorded_figures(notebook)
            assert cleaned.metadata.nps_workbook["local_paths_removed"] >= 3
            assert len(cleaned.cells) == len(notebook.cells)


def small_notebook(*outputs, metadata=None) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook(metadata=metadata or {})
    notebook.cells = [nbformat.v4.new_code_cell("x = 1", outputs=list(outputs))]
    return notebook


def test_strip_local_paths_shortens_paths_to_their_last_part_and_counts_them():
    notebook = small_notebook(
        nbformat.v4.new_output("stream", name="stderr", text="/home/anna/venv/lib/x.py:3: Warn\n"),
        nbformat.v4.new_output(
            "display_data",
            data={
                "text/plain": r"read C:\Users\anna\kunder\export.csv and 1/2/3",
                "text/html": '<a href="https://example.com/a/b">x</a></td>',
                "image/png": "iVBORw0KGgo/home/anna/AAAA",
            },
        ),
        metadata={
            "papermill": {
                "input_path": "/home/anna/nb.ipynb",
                "output_path": "/tmp/out/nb.ipynb",
                "parameters": {"client_dir": "/home/anna/clients/acme", "language": "da"},
            }
        },
    )
    cleaned = report.strip_local_paths(notebook)
    stream, display = cleaned.cells[0].outputs
    assert stream.text == "x.py:3: Warn\n"
    assert display.data["text/plain"] == "read export.csv and 1/2/3"
    assert display.data["text/html"] == '<a href="https://example.com/a/b">x</a></td>'
    assert display.data["image/png"] == "iVBORw0KGgo/home/anna/AAAA", "base64 is no path"
    assert cleaned.metadata.papermill.parameters == {"client_dir": "acme", "language": "da"}
    assert cleaned.metadata.nps_workbook["local_paths_removed"] == 5
    assert notebook.metadata.papermill.output_path == "/tmp/out/nb.ipynb", "input unchanged"


def test_a_remote_image_or_script_is_refused():
    for markup in (
        '<img src="https://example.com/logo.png">',
        '<script src="//cdn.example.com/require.js"></script>',
        "<style>@import url(https://fonts.example.com/x.css);</style>",
    ):
        notebook = small_notebook(
            nbformat.v4.new_output("display_data", data={"text/html": markup})
        )
        with pytest.raises(report.OfflineReportError, match="internet"):
            report.notebook_html(notebook, title="T", language="en", client="C")


def test_a_link_to_click_is_allowed_and_widgets_and_figures_are_left_out():
    notebook = small_notebook(
        nbformat.v4.new_output(
            "display_data", data={"text/html": '<a href="https://example.com">Read more</a>'}
        ),
        nbformat.v4.new_output(
            "display_data",
            data={
                "application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
                "text/plain": "VBox(children=(Dropdown()))",
            },
        ),
        nbformat.v4.new_output("display_data", data={FIGURES_MIME: {"secret_figure": 1}}),
    )
    page = report.notebook_html(notebook, title="T", language="en", client="C")
    assert "Read more" in page
    assert "VBox" not in page and "secret_figure" not in page


def test_a_consultants_note_is_in_the_notebook_and_never_in_the_report():
    shown = {"text/markdown": "**For the consultant:** set `benchmark_nps`"}
    notebook = small_notebook(
        nbformat.v4.new_output("display_data", data={"text/markdown": "The score is +26."}),
        nbformat.v4.new_output(
            "display_data", data={CONSULTANT_MIME: {"text": "set `benchmark_nps`"}, **shown}
        ),
        nbformat.v4.new_output(
            "display_data", data={CONSULTANT_MIME: {"text": "set `benchmark_nps`"}, **shown}
        ),
    )
    page = report.notebook_html(notebook, title="T", language="en", client="C")
    assert "The score is +26." in page
    assert "benchmark_nps" not in page and "consultant" not in page.lower()
    assert consultant_notes(notebook) == ["set `benchmark_nps`"]  # once, though shown twice


def test_the_texts_of_the_page_exist_in_both_languages():
    for language in ("da", "en"):
        for key in ("client_report", "contents", "back_to_contents", "made_with", "figure"):
            assert report.texts.label(f"report.{key}", language)


def test_names_are_escaped_and_a_page_without_client_has_no_empty_heading():
    notebook = small_notebook(nbformat.v4.new_output("stream", name="stdout", text="Ærø\n"))
    page = report.notebook_html(notebook, title="Tal & <fakta>", language="da", client="A&B <x>")
    assert "A&amp;B &lt;x&gt;" in page and "<x>" not in page
    assert "Tal &amp; &lt;fakta&gt;" in page
    assert "Ærø" in page
    bare = report.notebook_html(notebook, title="T", language="en")
    assert not Page(bare).all("h1")


def test_notes_are_stated_under_the_heading_of_every_page_and_escaped():
    notebook = small_notebook()
    note = report.texts.scale_text("1-10", "da")
    pages = [
        report.notebook_html(notebook, title="T", language="da", client="C", notes=[note, ""]),
        report.client_report_html(
            [("T", notebook)], client="C", language="da", generated="1. dec.", notes=[note]
        ),
    ]
    for page in pages:
        notes = [tag for tag in Page(page).all("p") if tag.get("class") == "meta note"]
        assert len(notes) == 1 and note in "".join(Page(page).text)
    odd = report.notebook_html(notebook, title="T", language="en", notes=["<b>1 & 2</b>"])
    assert "&lt;b&gt;1 &amp; 2&lt;/b&gt;" in odd and "<b>1" not in odd
    plain = Page(report.notebook_html(notebook, title="T", language="en")).all("p")
    assert not [tag for tag in plain if tag.get("class") == "meta note"]


def test_injected_parameters_keep_only_the_folder_name():
    notebook = small_notebook()
    injected = nbformat.v4.new_code_cell(
        '# Parameters\nclient_dir = "C:\\\\Users\\\\anna\\\\kunder\\\\acme"\n'
        'other = "/home/anna/kunder/acme/data"\nlanguage = "da"\n'
    )
    injected.metadata["tags"] = ["injected-parameters"]
    notebook.cells.insert(0, injected)
    source = report.strip_local_paths(notebook).cells[0].source
    assert source == '# Parameters\nclient_dir = "acme"\nother = "data"\nlanguage = "da"\n'


def test_the_consultants_markdown_stays_out_unless_tagged_for_the_report():
    notebook = small_notebook(
        nbformat.v4.new_output("display_data", data={"text/markdown": "Scoren er **+26**."})
    )
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell("Ask the client what happened then."))
    tagged = nbformat.v4.new_markdown_cell("## Til ledelsen", metadata={"tags": ["report"]})
    notebook.cells.append(tagged)
    page = report.notebook_html(notebook, title="NPS", language="da", client="Kvistholm")
    assert "Scoren er <strong>+26</strong>." in page
    assert "Til ledelsen" in page
    assert "Ask the client" not in page


@pytest.mark.parametrize(("language", "cell"), [("da", "+21 til +27"), ("en", "−3 to +4")])
def test_the_index_writes_an_interval_as_the_reports_do(language, cell):
    low, high = (21.4, 27.0) if language == "da" else (-3.2, 4.0)
    clients = [
        {
            "folder": "a",
            "client": "A",
            "status": "ok",
            "files": [],
            "key_figures": {"nps": 24.0, "nps_ci_low": low, "nps_ci_high": high, "n": 300},
        },
        {"folder": "b", "client": "B", "status": "ok", "files": [], "key_figures": {}},
    ]
    page = report.index_html(clients, language=language, generated="26-11-2026")
    cells = re.findall(r'<td class="number">([^<]*)</td>', page)
    assert cell in cells  # texts.format_interval, as in the notebooks' tables
    assert cells.count("–") >= 2  # B has no figures: NPS and interval are dashes


def test_the_index_says_which_client_answered_on_a_1_10_scale():
    figures = {"nps": 24.0, "n": 300}
    clients = [
        {"folder": "a", "client": "A", "status": "ok", "files": [], "key_figures": figures},
        {
            "folder": "b",
            "client": "B",
            "status": "ok",
            "files": [],
            "key_figures": {**figures, "scale": "1-10"},
        },
    ]
    page = report.index_html(clients, language="da", generated="26-11-2026")
    rows = re.findall(r"<td>([^<]*)(.*?)</td>", page)
    note = report.texts.label("index.scale_one_to_ten", "da")
    assert [(name, note in rest) for name, rest in rows] == [("A", False), ("B", True)]


def test_the_index_counts_clients_not_their_scope_reports():
    clients = [
        {"folder": "a", "client": "A", "status": "ok", "files": [], "key_figures": {}},
        {"folder": "b", "client": "B", "status": "failed", "files": [], "key_figures": {}},
        {
            "folder": "a/scopes/afdeling=support",
            "client": "A",
            "status": "ok",
            "files": [],
            "key_figures": {"scope": ["Afdeling=Support"]},
        },
    ]
    page = report.index_html(clients, language="en", generated="4 Dec 2026")
    assert "1 of 2 clients without errors" in page


def test_a_client_report_without_sections_has_no_contents():
    page = report.client_report_html([], client="A", language="en", generated="4 Dec 2026")
    assert 'id="contents"' not in page
