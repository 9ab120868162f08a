"""Open a local HTML file in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

``chromium_browser`` is a session-scoped pytest fixture; share it by importing it into tests/conftest.py:

    from browser import chromium_browser  # noqa: F401

The browser is launched once per test session however many modules import the fixture, with a fresh temporary
profile (``--user-data-dir``) and no background networking. Every request other than the page itself is recorded
and aborted, so nothing leaves the machine; with ``local_files=True`` (pages that come with their own scripts and
stylesheets, such as the Great Expectations Data Docs) ``file:`` requests load and only the others are aborted.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

# Evaluated in the loaded page: what the browser actually built from the HTML.
_DOM_PROBE = """() => ({
  text: document.body ? document.body.innerText : "",
  title: document.title,
  scripts: document.querySelectorAll("script").length,
  handlers: Array.from(document.querySelectorAll("*")).flatMap(
    el => Array.from(el.attributes).filter(a => a.name.toLowerCase().startsWith("on"))
      .map(a => el.tagName.toLowerCase() + "[" + a.name + "]")),
  width: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
})"""


@dataclass
class PageReport:
    """What happened when a page was opened: errors, outside requests, dialogs and the rendered text."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    text: str = ""
    title: str = ""
    script_elements: int = 0
    event_handler_attributes: list[str] = field(default_factory=list)
    horizontal_overflow: bool = False
    screenshot: Path | None = None
    blocked: list[str] = field(default_factory=list)  # requests aborted before leaving the machine
    failed_local: list[str] = field(default_factory=list)  # `file:` requests that failed (a missing local asset)
    probe: Any = None  # what the caller's `probe` script returned in the loaded page
    element_screenshots: dict[str, Path] = field(default_factory=dict)


class ChromiumSession:
    """One headless Chromium with a throwaway profile; open_html() opens a file in a new tab and reports on it."""

    def __init__(self, executable: Path = CHROMIUM) -> None:
        from playwright.sync_api import sync_playwright

        self._profile = tempfile.mkdtemp(prefix="curator-chromium-")
        self._playwright = sync_playwright().start()
        try:
            self._context = self._playwright.chromium.launch_persistent_context(
                self._profile,
                executable_path=str(executable),
                headless=True,
                args=list(CHROMIUM_ARGS),
                service_workers="block",
            )
        except BaseException:
            self._playwright.stop()
            shutil.rmtree(self._profile, ignore_errors=True)
            raise

    def open_html(
        self,
        path: Path,
        screenshot: Path | None = None,
        *,
        width: int = 1280,
        height: int = 900,
        full_page: bool = True,
        settle_ms: int = 300,
        local_files: bool = False,
        wait_for: str | None = None,
        probe: str | None = None,
        element_screenshots: Mapping[str, Path] | None = None,
    ) -> PageReport:
        """Load a local HTML file, wait for it to settle, probe the DOM and optionally save a PNG screenshot.

        With `local_files` the page may load other `file:` URLs (its own assets); every other request is still
        aborted. `wait_for` is a CSS selector to wait for after loading (scripts that build the page), and
        `probe` a JavaScript function evaluated in the page after the screenshot, its result kept in
        `PageReport.probe`. `element_screenshots` maps a CSS selector to a PNG path, cropped to that element.
        """
        url = path.resolve().as_uri()
        report = PageReport(url=url)
        page = self._context.new_page()
        try:
            page.set_viewport_size({"width": width, "height": height})

            def on_console(message: Any) -> None:
                if message.type == "error":
                    report.console_errors.append(message.text)

            def on_request(request: Any) -> None:
                if request.url != url:
                    report.requests.append(request.url)

            def on_dialog(dialog: Any) -> None:
                report.dialogs.append(f"{dialog.type}: {dialog.message}")
                dialog.dismiss()

            def on_request_failed(request: Any) -> None:
                if request.url.startswith("file:") and request.url not in report.blocked:
                    report.failed_local.append(f"{request.url} ({request.failure})")

            def block(route: Any) -> None:
                request_url = route.request.url
                if request_url == url or (local_files and request_url.startswith("file:")):
                    route.continue_()
                else:
                    report.blocked.append(request_url)
                    route.abort()

            page.on("console", on_console)
            page.on("pageerror", lambda error: report.page_errors.append(str(error)))
            page.on("request", on_request)
            page.on("dialog", on_dialog)
            page.on("requestfailed", on_request_failed)
            page.route("**/*", block)
            page.goto(url, wait_until="load")
            if wait_for is not None:
                page.wait_for_selector(wait_for, timeout=10_000)
            page.wait_for_timeout(settle_ms)
            dom = page.evaluate(_DOM_PROBE)
            report.text = dom["text"]
            report.title = dom["title"]
            report.script_elements = dom["scripts"]
            report.event_handler_attributes = list(dom["handlers"])
            report.horizontal_overflow = dom["width"] > dom["viewport"]
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=full_page)
                report.screenshot = screenshot
            if probe is not None:
                report.probe = page.evaluate(probe)
            for selector, path_png in (element_screenshots or {}).items():
                path_png.parent.mkdir(parents=True, exist_ok=True)
                page.locator(selector).screenshot(path=str(path_png))
                report.element_screenshots[selector] = path_png
        finally:
            page.close()
        return report

    def close(self) -> None:
        """Close the browser, stop Playwright and delete the temporary profile."""
        try:
            self._context.close()
        finally:
            self._playwright.stop()
            shutil.rmtree(self._profile, ignore_errors=True)


class _Shared:
    """Reference-counted single browser, so a fixture imported into several modules still launches it once."""

    session: ChromiumSession | None = None
    users = 0

    @classmethod
    def acquire(cls) -> ChromiumSession:
        if cls.session is None:
            cls.session = ChromiumSession()
        cls.users += 1
        return cls.session

    @classmethod
    def release(cls) -> None:
        cls.users -= 1
        if cls.users == 0 and cls.session is not None:
            session, cls.session = cls.session, None
            session.close()


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[ChromiumSession]:
    """Headless Chromium for the whole test session; skipped only when /usr/bin/chromium is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package 'chromium'); browser tests need it")
    session = _Shared.acquire()
    try:
        yield session
    finally:
        _Shared.release()
