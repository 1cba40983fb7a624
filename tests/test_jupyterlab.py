"""Notebook 02 in JupyterLab, as a consultant runs it in a workshop: a local JupyterLab server,
a headless chromium on it, Run All Cells, then a segment chosen in the explorer widget.

The notebook is a copy in a temporary folder whose parameters cell names the Danish sample
client by its absolute path; the committed notebook is never opened or saved. The server
listens on 127.0.0.1 only, with a token, and is shut down (terminated, killed if it hangs)
whatever the test does. Screenshots go to tests/artifacts/ (``NPS_ARTIFACTS``); with
``NPS_UPDATE_SCREENSHOTS=1`` the README's docs/images/workshop.png is rewritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
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
from conftest import NOTEBOOKS, SAMPLE_DATA

from nps_workbook.config import load_client
from nps_workbook.pages import nps
from nps_workbook.texts import label
from nps_workbook.workbook import open_workbook

skip_module_without_chromium()
pytestmark = pytest.mark.slow  # a JupyterLab server and a browser

NOTEBOOK = "02_nps.ipynb"
CLIENT = "dk-b2b-it"
JUPYTER_LAB = Path(sys.executable).with_name("jupyter-lab")
START_TIMEOUT = 60  # seconds for the server to answer /api/status
RUN_TIMEOUT = 150_000  # ms for Run All Cells to finish (the sample run takes about 15 s)
STEP_TIMEOUT = 30_000  # ms for anything else the page is waited for
VIEWPORT = {"width": 1280, "height": 860}
# JupyterLab settings for a quiet, predictable page: every cell in the DOM (no windowing), no
# news or update check (they would fetch from the internet).
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workshop_copy(folder: Path) -> Path:
    """notebooks/02_nps.ipynb with client_dir set to the sample client's absolute path."""
    notebook = nbformat.read(NOTEBOOKS / NOTEBOOK, as_version=4)
    (cell,) = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    source, count = re.subn(
        r'^client_dir = "[^"]*"',
        f"client_dir = {str(SAMPLE_DATA / CLIENT)!r}",
        cell.source,
        count=1,
        flags=re.M,
    )
    assert count == 1, "the parameters cell sets client_dir on a line of its own"
    cell.source = source
    path = folder / NOTEBOOK
    nbformat.write(notebook, path)
    return path


def status(url: str, token: str) -> int | None:
    request = urllib.request.Request(
        f"{url}/api/status", headers={"Authorization": f"token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status
    except (urllib.error.URLError, OSError):
        return None


def stop(process: subprocess.Popen, url: str, token: str) -> None:
    """Ask the server to shut down (it stops its kernels), then terminate, then kill."""
    if process.poll() is None:
        request = urllib.request.Request(
            f"{url}/api/shutdown", method="POST", headers={"Authorization": f"token {token}"}
        )
        with contextlib.suppress(urllib.error.URLError, OSError):
            urllib.request.urlopen(request, timeout=5).close()
    for sig, wait in ((None, 15), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        if sig is not None and process.poll() is None:
            # The server's own process group (start_new_session): its kernels go with it.
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 over a folder holding the workshop copy of notebook 02.

    Yields (base URL, token, notebook path); the server is stopped afterwards.
    """
    require_chromium()
    folder = tmp_path_factory.mktemp("lab")
    root = folder / "notebooks"
    root.mkdir()
    notebook = workshop_copy(root)
    settings = folder / "settings"
    for name, values in SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    token = secrets.token_hex(16)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
        "JUPYTER_CONFIG_DIR": str(folder / "config"),
    }
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [
            str(JUPYTER_LAB),
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={folder / 'workspaces'}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",  # the pypi one asks PyPI
            # CI containers run as root; the server refuses root without this
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while status(url, token) != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"JupyterLab did not start: {(folder / 'server.log').read_text()[-2000:]}"
                )
            time.sleep(0.3)
        yield url, token, notebook
    finally:
        stop(process, url, token)
        log.close()


# --- the notebook in the browser -----------------------------------------------------------------

# Every code cell has run once all its prompts show a number ("[12]:"); "[*]:" is still running.
ALL_RUN_JS = """() => {
  const prompts = Array.from(
    document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt'));
  return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()));
}"""
# The kernel's error outputs and the stderr text shown under cells.
ERRORS_JS = """() => Array.from(document.querySelectorAll(
  '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
)).map(e => e.innerText.slice(0, 300))"""
FIGURES = ".jp-Notebook .jp-OutputArea-output.jp-RenderedImage img"


def menu(page, title: str, item: str) -> None:
    """Click a menu of the menu bar, then one of its items, by the words a person reads."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{title}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).click()


# The explorer's charts (SVG in its last HTML output), to see them replaced.
LAST_CHART_JS = """() => {
  const shown = document.querySelectorAll('.jp-Notebook .widget-html-content');
  const charts = shown.length ? shown[shown.length - 1].querySelectorAll('svg') : [];
  return Array.from(charts).map(svg => svg.outerHTML).join('');
}"""
# Width and height the browser gave each of the explorer's charts.
CHART_SIZES_JS = """() => {
  const shown = document.querySelectorAll('.jp-Notebook .widget-html-content');
  const charts = shown[shown.length - 1].querySelectorAll('svg');
  return Array.from(charts).map(svg => {
    const box = svg.getBoundingClientRect();
    return [box.width, box.height];
  });
}"""


def kernel_idle(page):
    """The status bar's kernel status once the notebook's kernel is connected and idle."""
    return page.locator(".jp-StatusBar-Widget").get_by_text(
        re.compile(r"^Python 3 \(ipykernel\) \| Idle$")
    )


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shot(page, name: str) -> None:
    page.screenshot(path=artifact("jupyterlab", f"{name}.png"))


@pytest.fixture(scope="module")
def workshop(lab):
    """The workshop copy open in JupyterLab after Run All Cells.

    Yields (page, PageWatch, the texts the explorer's drop-downs showed right after the run).
    """
    url, token, _ = lab
    with launch() as browser:
        context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        try:
            page = context.new_page()
            page.set_default_timeout(STEP_TIMEOUT)
            local = (url, url.replace("http:", "ws:"), "data:", "blob:")
            watch = PageWatch(page, allowed=local)
            page.goto(f"{url}/lab/tree/{NOTEBOOK}?token={token}&reset")
            page.wait_for_selector(".jp-Notebook .jp-CodeCell")
            # The status bar reads "No Kernel | Initializing" until the kernel is connected.
            kernel_idle(page).wait_for()
            # Room for the notebook: clicking the open side panel's tab (the files) closes it.
            page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()
            shot(page, "01-opened")
            menu(page, "Run", "Run All Cells")
            page.wait_for_function(ALL_RUN_JS, timeout=RUN_TIMEOUT)
            kernel_idle(page).wait_for()
            shot(page, "02-run")
            # What the explorer's drop-downs show before anyone touches them.
            start = page.locator(".jp-Notebook .widget-vbox select").evaluate_all(
                "(all) => all.map(s => s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text)"
            )
            yield page, watch, start
        finally:
            shot(page, "99-last")
            context.close()


def code_cells(page):
    return page.locator(".jp-Notebook .jp-CodeCell")


def test_every_cell_runs_without_an_error(workshop):
    page, _, _ = workshop
    notebook = nbformat.read(NOTEBOOKS / NOTEBOOK, as_version=4)
    expected = sum(1 for cell in notebook.cells if cell.cell_type == "code")
    assert code_cells(page).count() == expected
    numbers = [
        int(re.sub(r"\D", "", text))
        for text in code_cells(page).locator(".jp-InputPrompt").all_inner_texts()
    ]
    assert numbers == list(range(1, expected + 1)), "Run All runs the cells once, in order"
    assert page.evaluate(ERRORS_JS) == []


def test_parameters_cell_and_heading_show_the_client(workshop):
    page, _, _ = workshop
    notebook = nbformat.read(NOTEBOOKS / NOTEBOOK, as_version=4)
    (index, cell) = next(
        (i, c)
        for i, c in enumerate(c for c in notebook.cells if c.cell_type == "code")
        if "parameters" in c.metadata.get("tags", [])
    )
    shown = code_cells(page).nth(index)
    shown.scroll_into_view_if_needed()
    text = shown.locator(".jp-InputArea-editor").inner_text()
    names = re.findall(r"^(\w+) = ", cell.source, re.M)
    assert names and all(f"{name} = " in text for name in names), (names, text)
    assert str(SAMPLE_DATA / CLIENT) in text
    client = load_client(SAMPLE_DATA / CLIENT).config.client
    heading = code_cells(page).nth(index + 1).locator(".jp-OutputArea-output").first
    assert client in heading.inner_text()


def test_figures_render(workshop, run_notebook):
    page, _, _ = workshop
    # As many figures as the same notebook makes under papermill, each decoded and on screen.
    executed = run_notebook("02_nps", CLIENT, load_client(SAMPLE_DATA / CLIENT).config.language)
    expected = sum(
        1
        for cell in executed.cells
        if "explore" not in cell.metadata.get("tags", [])
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    )
    page.locator(FIGURES).first.scroll_into_view_if_needed()
    shot(page, "03-figure")
    images = page.evaluate(IMAGES_JS, FIGURES)
    assert expected > 0 and len(images) == expected
    assert not broken_images(images)


def widget_text(page) -> str:
    return page.locator(".jp-Notebook .widget-html-content").last.inner_text()


def test_segment_filter_updates_its_output(workshop):
    page, _, _ = workshop
    client = load_client(SAMPLE_DATA / CLIENT)
    config = client.config
    wb = open_workbook(SAMPLE_DATA / CLIENT)
    segment = next(s for s in config.segments if s in wb.answers.columns)
    group = nps.nps_values(wb.answers, segment)[0]

    def headline(value: str | None, segment: str | None = None) -> str:
        view = nps.nps_view(
            wb.answers,
            segment=segment,
            value=value,
            period=config.period,
            language=wb.language,
            min_group=config.privacy.min_group,
            small_n=config.privacy.small_n,
        )
        return view.headline

    explorer = page.locator(".jp-Notebook .widget-vbox").last
    explorer.scroll_into_view_if_needed()
    selects = explorer.locator("select")
    assert selects.count() == 3, "segment, group and period"
    before = widget_text(page)
    assert squeeze(headline(None)) in squeeze(before)
    chart_before = page.evaluate(LAST_CHART_JS)
    shot(page, "04-widget-before")

    selects.nth(0).select_option(label=segment)
    page.wait_for_function("(el) => el.options.length > 1", arg=selects.nth(1).element_handle())
    selects.nth(1).select_option(index=1)
    expected = squeeze(headline(group, segment))
    page.wait_for_function(
        """(expected) => {
          const shown = document.querySelectorAll('.jp-Notebook .widget-html-content');
          return shown[shown.length - 1].innerText.replace(/\\s+/g, '').includes(expected);
        }""",
        arg=expected,
    )
    # The group's own charts replace the ones of all answers, drawn by the browser.
    page.wait_for_function(f"(before) => ({LAST_CHART_JS})() !== before", arg=chart_before)
    kernel_idle(page).wait_for()
    after = widget_text(page)
    assert after != before
    assert squeeze(headline(None)) not in squeeze(after)
    sizes = page.evaluate(CHART_SIZES_JS)
    assert len(sizes) == 2 and all(width > 300 and height > 150 for width, height in sizes)

    # The README's picture: the explorer's cell from the top, its controls and the result.
    cells = page.locator(".jp-Notebook .jp-CodeCell")
    cells.filter(has=page.locator(".widget-vbox")).last.evaluate(
        "(cell) => cell.scrollIntoView({block: 'start'})"
    )
    shot(page, "05-widget-after")
    if update_screenshots():
        README_IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=README_IMAGES / "workshop.png")


def test_explorer_charts_fit_the_notebook(workshop):
    page, _, _ = workshop
    fits = page.evaluate(
        """() => {
          const shown = document.querySelectorAll('.jp-Notebook .widget-html-content');
          const out = shown[shown.length - 1];
          const charts = Array.from(out.querySelectorAll('svg'));
          const notebook = document.querySelector('.jp-Notebook').getBoundingClientRect();
          return charts.length === 2
            && charts.every(svg => svg.getBoundingClientRect().right <= notebook.right + 1);
        }"""
    )
    assert fits, "both charts are visible without scrolling sideways"


def test_explorer_starts_on_all_answers(workshop):
    _, _, start = workshop
    config = load_client(SAMPLE_DATA / CLIENT).config
    everything = label("nps_report.explore.all", config.language)
    assert start[2] == label(f"nps_report.period.{config.period}", config.language)
    assert start[:2] == [everything, everything]


def test_page_has_no_errors_and_stays_local(workshop):
    _, watch, _ = workshop
    assert watch.problems() == {}
