"""The HTML and PDF reports as a person sees them: every page a batch of the sample clients
writes, opened in headless chromium from disk.

A page must open with no console error and no failed request, load nothing from outside the
machine, show every figure decoded, show the three category colours, keep the Danish letters,
and lead nowhere broken. Each page is photographed (tests/artifacts/, or ``NPS_ARTIFACTS``).
The PDFs, printed by the same chromium, must hold the key figures of summary.json as the
report writes them.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser import (
    IMAGES_JS,
    README_IMAGES,
    PageWatch,
    artifact,
    broken_images,
    launch,
    require_chromium,
    skip_module_without_chromium,
    update_screenshots,
)
from PIL import Image

from nps_workbook import texts

skip_module_without_chromium()
pytestmark = pytest.mark.slow  # the sample batch and a browser

VIEWPORT = {"width": 1200, "height": 900}
DANISH_LETTERS = set("æøåÆØÅ")
# What UTF-8 Danish letters look like when read as Latin-1 or cp1252, and the replacement mark.
MOJIBAKE = ("Ã¦", "Ã¸", "Ã¥", "Ã†", "Ã˜", "Ã…", "\ufffd")
WHITESPACE = re.compile(r"\s+")


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


CATEGORY_RGB = {category: rgb(colour) for category, colour in texts.CATEGORY_COLOURS.items()}


# --- the pages of a batch ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def out_dir(sample_batch) -> Path:
    """The batch output folder of the sample clients (conftest's ``sample_batch``)."""
    require_chromium()  # before anything else: skip (or fail in CI) without a browser
    return Path(sample_batch.out_dir)


@pytest.fixture(scope="module")
def summaries(out_dir) -> dict[str, dict]:
    """Client folder name -> its summary.json."""
    found = {
        path.parent.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(out_dir.glob("*/summary.json"))
    }
    assert found, f"no summary.json under {out_dir}"
    return found


@dataclass
class Seen:
    """What the browser showed of one page."""

    path: Path
    language: str | None  # the client's language; None for a page of no one client
    problems: dict[str, list[str]]
    images: list[dict]
    text: str
    lang_attribute: str
    charset: str
    colours_in_css: set[str]
    colours_on_screen: set[str]
    broken_links: list[str]
    screenshot: Path
    source_words: set[str] = field(default_factory=set)


class _Visible(HTMLParser):
    """The text of a page's body as the file holds it (no head, style or script)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("head", "style", "script", "title"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def danish_words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text) if DANISH_LETTERS & set(word)}


# Computed colours of everything on the page, as "rgb(r, g, b)" strings.
COMPUTED_COLOURS_JS = """() => {
  const seen = new Set();
  for (const el of document.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    for (const p of ['color', 'backgroundColor', 'borderTopColor', 'borderBottomColor']) {
      seen.add(s[p]);
    }
  }
  return Array.from(seen);
}"""

# Links that lead nowhere: an in-page anchor without its target, a local file that is missing.
# A fragment names an id as written, or else percent-decoded (the HTML standard's order).
LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => {
  const href = a.getAttribute('href');
  let target = null;
  if (href.startsWith('#')) {
    const raw = href.slice(1);
    let decoded = raw;
    try { decoded = decodeURIComponent(raw); } catch (e) {}
    target = document.getElementById(raw) !== null || document.getElementById(decoded) !== null;
  }
  return {href, resolved: a.href, target};
})"""


def css_rgb(value: tuple[int, int, int]) -> str:
    return f"rgb({value[0]}, {value[1]}, {value[2]})"


def client_language(path: Path, out_dir: Path, summaries: dict[str, dict]) -> str | None:
    relative = path.relative_to(out_dir)
    if len(relative.parts) > 1 and relative.parts[0] in summaries:
        return summaries[relative.parts[0]].get("language")
    return None


def look_at(page, path: Path, out_dir: Path, language: str | None) -> Seen:
    watch = PageWatch(page)
    page.goto(path.as_uri(), wait_until="load")
    images = page.evaluate(IMAGES_JS, "img")
    png = page.screenshot(full_page=True)
    shot = artifact("reports", *path.relative_to(out_dir).with_suffix(".png").parts)
    shot.write_bytes(png)
    pixels = Image.open(io.BytesIO(png)).convert("RGB")
    counts = pixels.getcolors(maxcolors=pixels.width * pixels.height) or []
    present = {colour for _, colour in counts}
    broken = []
    for link in page.evaluate(LINKS_JS):
        href, resolved = link["href"], link["resolved"]
        if href.startswith("#"):
            if not link["target"]:
                broken.append(href)
        elif resolved.startswith("file:") and not Path(unquote(urlsplit(resolved).path)).exists():
            broken.append(href)
    seen = Seen(
        path=path,
        language=language,
        problems=watch.problems(),
        images=images,
        text=page.inner_text("body"),
        lang_attribute=page.evaluate("document.documentElement.lang"),
        charset=page.evaluate("document.characterSet"),
        colours_in_css=set(page.evaluate(COMPUTED_COLOURS_JS)),
        colours_on_screen={
            category for category, value in CATEGORY_RGB.items() if value in present
        },
        broken_links=broken,
        screenshot=shot,
    )
    seen.source_words = danish_words(" ".join(_Visible(path.read_text("utf-8")).parts))
    return seen


@pytest.fixture(scope="module")
def pages(out_dir, summaries) -> dict[str, Seen]:
    """Every HTML file of the batch, opened in chromium: relative path -> what was seen."""
    paths = sorted(out_dir.glob("**/*.html"))
    assert paths, f"the batch wrote no HTML under {out_dir}"
    seen = {}
    with launch() as browser:
        context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        try:
            page = context.new_page()
            for path in paths:
                language = client_language(path, out_dir, summaries)
                seen[path.relative_to(out_dir).as_posix()] = look_at(page, path, out_dir, language)
        finally:
            context.close()
    return seen


def client_reports(pages: dict[str, Seen]) -> dict[str, Seen]:
    """The combined report of each client: folder -> page."""
    return {
        name.split("/")[0]: seen for name, seen in pages.items() if name.endswith("/report.html")
    }


# --- what every page must do --------------------------------------------------------------------


def test_the_batch_writes_a_report_per_client_and_notebook(out_dir, summaries, pages):
    assert "index.html" in pages
    for folder, summary in summaries.items():
        assert f"{folder}/report.html" in pages, folder
        for notebook in summary["notebooks"]:
            assert f"{folder}/reports/{notebook}.html" in pages, (folder, notebook)


def test_pages_open_without_errors_or_failed_requests(pages):
    problems = {name: seen.problems for name, seen in pages.items() if seen.problems}
    assert not problems


def test_no_page_loads_anything_from_outside(pages):
    # Also part of the test above; kept apart so a report that phones home is named as such.
    outgoing = {
        name: seen.problems["requests leaving the machine"]
        for name, seen in pages.items()
        if "requests leaving the machine" in seen.problems
    }
    assert not outgoing


def test_every_figure_is_decoded_and_shown(pages, summaries):
    for name, seen in pages.items():
        assert not broken_images(seen.images), (name, broken_images(seen.images))
    for folder, seen in client_reports(pages).items():
        assert seen.images, f"{folder}: the client report shows no figure"
    for folder in summaries:
        assert pages[f"{folder}/reports/02_nps.html"].images, folder


def test_category_colours_are_shown(pages):
    wanted = {css_rgb(value) for value in CATEGORY_RGB.values()}
    for name, seen in pages.items():
        assert wanted <= seen.colours_in_css, (name, wanted - seen.colours_in_css)
        # And on the screen, pixel for pixel: the header bar and the figures.
        assert seen.colours_on_screen == set(CATEGORY_RGB), (name, seen.colours_on_screen)


def test_text_is_utf8_and_danish_letters_are_intact(pages, summaries):
    for name, seen in pages.items():
        assert seen.charset == "UTF-8", name
        for broken in MOJIBAKE:
            assert broken not in seen.text, (name, broken)
        missing = seen.source_words - danish_words(seen.text)
        assert not missing, (name, sorted(missing)[:10])
        if seen.language is not None:
            assert seen.lang_attribute == seen.language, name
    for folder, summary in summaries.items():
        if summary["language"] != "da":
            continue
        for name in (f"{folder}/report.html", f"{folder}/reports/02_nps.html"):
            text = pages[name].text
            assert DANISH_LETTERS & set(text), name
            for category in texts.CATEGORY_COLOURS:
                assert texts.category_label(category, "da") in text, (name, category)


def test_key_figures_are_on_the_pages(pages, summaries):
    for folder, summary in summaries.items():
        language = summary["language"]
        expected = key_figure_texts(summary["figures"]["02_nps"], language)
        for name in (f"{folder}/report.html", f"{folder}/reports/02_nps.html"):
            text = squeeze(pages[name].text)
            for figure in expected:
                assert squeeze(figure) in text, (name, figure)
    # The index: a row per client with its name, NPS, interval and number of answers.
    index = pages["index.html"]
    rows = index.text.splitlines()
    for folder, summary in summaries.items():
        row = squeeze(next((r for r in rows if summary["client"] in r), ""))
        assert row, (folder, summary["client"])
        for figure in key_figure_texts(summary["figures"]["02_nps"], index.lang_attribute):
            assert squeeze(figure) in row, (folder, figure, row)


def test_links_lead_somewhere(pages):
    broken = {name: seen.broken_links for name, seen in pages.items() if seen.broken_links}
    assert not broken


def test_every_page_is_photographed(pages):
    for name, seen in pages.items():
        with Image.open(seen.screenshot) as shot:
            assert shot.width >= VIEWPORT["width"] and shot.height >= 100, name


# --- the PDFs ---------------------------------------------------------------------------------


def squeeze(text: str) -> str:
    """Text without whitespace: PDF text extraction breaks lines and spaces where it likes."""
    return WHITESPACE.sub("", text.replace("\u00a0", " ").replace("\u202f", " "))


def key_figure_texts(figures: dict, language: str) -> list[str]:
    """The NPS, its interval and n as the report writes them, from summary.json's values."""
    return [
        texts.format_nps(figures["nps_overall"], language),
        texts.format_nps(figures["nps_overall_ci_low"], language),
        texts.format_nps(figures["nps_overall_ci_high"], language),
        texts.format_number(figures["nps_n"], language),
    ]


def pdf_text_and_images(path: Path) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return text, sum(len(page.images) for page in reader.pages)


def test_pdf_reports_hold_the_key_figures(out_dir, summaries, pages):
    for folder, summary in summaries.items():
        pdf = out_dir / folder / "report.pdf"
        assert pdf.is_file(), f"{folder}: no report.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-"), folder
        text, images = pdf_text_and_images(pdf)
        flat = squeeze(text)
        assert squeeze(summary["client"]) in flat, folder
        for figure in key_figure_texts(summary["figures"]["02_nps"], summary["language"]):
            assert squeeze(figure) in flat, (folder, figure)
        if summary["language"] == "da":
            for category in texts.CATEGORY_COLOURS:
                assert texts.category_label(category, "da") in text, (folder, category)
        assert images >= 1, f"{folder}: the PDF has no figure"


# --- finding the NPS in a client report, and the README's picture ---------------------------------


def test_contents_link_opens_the_nps_section(out_dir, summaries):
    """A reader clicks "NPS" in the contents and sees its heading, headline and first figure.

    That screen is the README's picture of a report (the Danish client's;
    NPS_UPDATE_SCREENSHOTS=1 rewrites docs/images/report.png).
    """
    for folder, summary in summaries.items():
        expected = key_figure_texts(summary["figures"]["02_nps"], summary["language"])
        with launch() as browser:
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            page.goto((out_dir / folder / "report.html").as_uri(), wait_until="load")
            page.locator("nav.contents").get_by_role("link", name="NPS", exact=True).click()
            section = page.locator(
                "section.notebook",
                has=page.locator("h2.notebook-title", has_text=re.compile("^NPS$")),
            )
            page.wait_for_function("() => window.scrollY > 0")
            in_view = section.evaluate(
                """(section) => {
                  const inside = (el) => { const r = el.getBoundingClientRect();
                    return r.top >= 0 && r.bottom <= window.innerHeight; };
                  const img = section.querySelector('img');
                  return {title: inside(section.querySelector('h2.notebook-title')),
                          figure: img !== null && inside(img),
                          text: section.innerText.slice(0, 2000)};
                }"""
            )
            images = page.evaluate(IMAGES_JS, "section.notebook img")
            png = page.screenshot(type="png")
        assert in_view["title"] and in_view["figure"], (folder, in_view)
        for figure in expected:
            assert squeeze(figure) in squeeze(in_view["text"]), (folder, figure)
        assert not broken_images(images), folder
        artifact("readme", f"report-{folder}.png").write_bytes(png)
        if summary["language"] == "da" and update_screenshots():
            README_IMAGES.mkdir(parents=True, exist_ok=True)
            (README_IMAGES / "report.png").write_bytes(png)


def test_the_report_opens_with_the_summary_on_the_first_screen(out_dir, summaries):
    """A reader opens report.html and the summary is the first thing they see, its links lead
    to the sections; the Danish client's first screen is the README's picture of the summary
    (NPS_UPDATE_SCREENSHOTS=1 rewrites docs/images/summary.png)."""
    for folder, summary in summaries.items():
        with launch() as browser:
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            page.goto((out_dir / folder / "report.html").as_uri(), wait_until="load")
            box = page.locator("section.summary").bounding_box()
            first = page.locator("section.summary li").first.inner_text()
            png = page.screenshot(type="png")
            page.locator("section.summary a.more").last.click()
            page.wait_for_function("() => window.scrollY > 0")
            target = page.evaluate("() => location.hash")
            heading = page.evaluate(
                """(hash) => { const r = document.querySelector(hash).getBoundingClientRect();
                   return r.top < window.innerHeight && r.bottom > 0; }""",
                target,
            )
        assert box is not None and box["y"] < VIEWPORT["height"] / 2, (folder, box)
        assert squeeze(summary["summary"][0]["text"]) in squeeze(first), folder
        assert target.startswith("#notebook-") and heading, (folder, target)
        artifact("readme", f"summary-{folder}.png").write_bytes(png)
        if summary["language"] == "da" and update_screenshots():
            README_IMAGES.mkdir(parents=True, exist_ok=True)
            (README_IMAGES / "summary.png").write_bytes(png)
