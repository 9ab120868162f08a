"""Open a local HTML file in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

``chromium_browser`` is a session-scoped pytest fixture; share it by importing it into tests/conftest.py:

    from browser import chromium_browser  # noqa: F401

The browser is launched once per test session however many modules import the fixture, with a fresh temporary
profile (``--user-data-dir``) and no background networking. Every request other than the page itself is recorded
and aborted, so nothing leaves the machine.
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
    evaluated: Any = None
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
        evaluate: str | None = None,
        element_screenshots: Mapping[str, Path] | None = None,
    ) -> PageReport:
        """Load a local HTML file, wait for it to settle, probe the DOM and optionally save a PNG screenshot.

        ``evaluate`` is a JavaScript function run in the page after the built-in probe; its result lands in
        ``PageReport.evaluated``. ``element_screenshots`` maps a CSS selector to a PNG path, cropped to that element.
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

            def block(route: Any) -> None:
                if route.request.url == url:
                    route.continue_()
                else:
                    route.abort()

            page.on("console", on_console)
            page.on("pageerror", lambda error: report.page_errors.append(str(error)))
            page.on("request", on_request)
            page.on("dialog", on_dialog)
            page.route("**/*", block)
            page.goto(url, wait_until="load")
            page.wait_for_timeout(settle_ms)
            probe = page.evaluate(_DOM_PROBE)
            report.text = probe["text"]
            report.title = probe["title"]
            report.script_elements = probe["scripts"]
            report.event_handler_attributes = list(probe["handlers"])
            report.horizontal_overflow = probe["width"] > probe["viewport"]
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=full_page)
                report.screenshot = screenshot
            if evaluate is not None:
                report.evaluated = page.evaluate(evaluate)
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
