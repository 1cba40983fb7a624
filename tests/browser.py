"""Driving a real browser from the tests: Debian's chromium through Playwright for Python.

Playwright normally downloads its own browser; there is no internet here or in CI, so the tests
launch the system's chromium by its path (.ci/run installs it with apt). Where no chromium is
installed the browser tests skip with a message naming what to install, except in CI (``CI``
set), where a missing browser is a failure: CI must never pass by skipping them.

What the tests save for a person to look at (screenshots) goes to ``NPS_ARTIFACTS`` (default
tests/artifacts/). With ``NPS_UPDATE_SCREENSHOTS=1`` they also rewrite the README's pictures in
docs/images/.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Root in a container needs --no-sandbox; no GPU in CI; /dev/shm is small in containers.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
INSTALL_HINT = (
    "install Debian's chromium (apt-get install chromium fonts-dejavu-core) and the test "
    "extra (pip install -e '.[test]', which brings playwright); never `playwright install`"
)
ARTIFACTS = Path(os.environ.get("NPS_ARTIFACTS") or ROOT / "tests" / "artifacts")
README_IMAGES = ROOT / "docs" / "images"


def in_ci() -> bool:
    """True on a CI runner (``CI`` set to anything but empty, 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def update_screenshots() -> bool:
    """True when the README's pictures in docs/images/ are to be rewritten."""
    return os.environ.get("NPS_UPDATE_SCREENSHOTS", "").strip() not in ("", "0")


def find_chromium() -> str | None:
    """The path of an installed chromium, or None."""
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing(reason: str) -> None:
    """Skip the test for a missing browser, or fail it in CI."""
    message = f"{reason}: {INSTALL_HINT}"
    if in_ci():
        pytest.fail(f"CI must run the browser tests, but {message}", pytrace=False)
    pytest.skip(message)


def require_chromium() -> str:
    """The chromium to launch; skips (fails in CI) when it or Playwright is not installed."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("Playwright for Python is not installed")
    path = find_chromium()
    if path is None:
        missing(f"no chromium found (looked at {', '.join(CHROMIUM_PATHS)} and PATH)")
    return path


def skip_module_without_chromium() -> None:
    """At a test module's import: skip it all where no browser can run (never in CI, where
    `require_chromium` then fails each test), before any costly fixture is set up."""
    if in_ci():
        return
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip(
            f"Playwright for Python is not installed: {INSTALL_HINT}", allow_module_level=True
        )
    if find_chromium() is None:
        pytest.skip(f"no chromium found: {INSTALL_HINT}", allow_module_level=True)


@contextlib.contextmanager
def launch() -> Iterator:
    """A headless chromium (a Playwright Browser), closed on exit."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def artifact(*parts: str) -> Path:
    """A path under the artifacts folder, its folder created."""
    path = ARTIFACTS.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


class PageWatch:
    """What a page did that a reader would suffer from: console errors, uncaught exceptions,
    failed requests, and requests that leave the machine.

    ``allowed`` are URL prefixes a page may load from (file:, data:, a local server).
    """

    def __init__(self, page, allowed: tuple[str, ...] = ("file:", "data:", "blob:")) -> None:
        self.allowed = allowed
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed: list[str] = []
        self.outgoing: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("requestfailed", self._failed)
        page.on("request", self._request)

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _failed(self, request) -> None:
        self.failed.append(f"{request.url[:120]}: {request.failure}")

    def _request(self, request) -> None:
        if not request.url.startswith(self.allowed):
            self.outgoing.append(request.url[:120])

    def problems(self) -> dict[str, list[str]]:
        """Every kind of problem seen, with what was seen; empty when the page was clean."""
        found = {
            "console errors": self.console_errors,
            "page errors": self.page_errors,
            "failed requests": self.failed,
            "requests leaving the machine": self.outgoing,
        }
        return {kind: seen for kind, seen in found.items() if seen}


# Every <img> of the page (or of the elements matched by a selector), decoded: decode() waits
# for the image and rejects when it cannot be decoded.
IMAGES_JS = """async (selector) => {
  const images = Array.from(document.querySelectorAll(selector));
  return Promise.all(images.map(async (img) => {
    let decoded = true;
    try { await img.decode(); } catch (e) { decoded = false; }
    return {src: img.src.slice(0, 40), decoded, complete: img.complete,
            width: img.naturalWidth, height: img.naturalHeight,
            shownWidth: img.getBoundingClientRect().width};
  }));
}"""


def broken_images(images: list[dict]) -> list[dict]:
    """The images (from IMAGES_JS) that did not decode or that show nothing."""
    return [
        image
        for image in images
        if not (image["decoded"] and image["complete"] and image["width"] > 0)
        or image["height"] <= 0
        or image["shownWidth"] <= 0
    ]
