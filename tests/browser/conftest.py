"""Browser journeys: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Never ``playwright install``: the browser is the system's ``/usr/bin/chromium``. Without it the
journeys are skipped with the reason, except in CI (``CI=true``), where a missing browser fails
them so that they cannot be skipped silently.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# We run as root (no sandbox) on a closed network that refuses the browser's own background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_MS = 15_000


def _screenshot_root() -> Path:
    return Path(os.environ.get("BANGKOM_SCREENSHOTS") or PROJECT_ROOT / ".artifacts" / "screenshots")


@pytest.fixture(scope="package")
def _async_unsafe_allowed():
    """Let the ORM run in the main thread while Playwright's event loop runs there.

    Playwright's sync API keeps an asyncio loop running in the main thread from start to stop,
    so Django's async-safety check refuses every ORM call the tests (factories, services, the
    live server's flush) make there. The variable is set for this folder only, around the
    browser's whole life, and removed with it: the rest of the suite keeps the check.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(_async_unsafe_allowed):
    """One Chromium for the journeys, closed when this folder's tests end.

    Package scope rather than session scope: while Playwright runs, its event loop is live in
    the main thread, and tests collected after this folder must not run under it.
    """
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI must run the browser journeys, not skip them)", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh context (no cookies) per test, its browser asking for English.

    The Accept-Language header is English on purpose: the site must still answer in Indonesian
    until the user picks another language with the switch.
    """
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


class Screenshots:
    """Full-page PNGs of a journey's key pages: ``<root>/<journey>/<lang>/NN-<step>.png``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        # A fresh set per run: no picture from an earlier run is mistaken for this one's.
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def screenshots():
    def _for(journey: str, lang: str) -> Screenshots:
        return Screenshots(_screenshot_root() / journey / lang)

    return _for
