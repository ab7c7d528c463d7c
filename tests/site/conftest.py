"""Fixtures for the tests of the built book: the pages served on 127.0.0.1, and a headless Chromium."""

import functools
import http.server
import threading
from pathlib import Path

import pytest
from book_site import CHROMIUM, HTML, SiteHandler
from needs import missing


@pytest.fixture(scope="module")
def server():
    """The built book (_build/html) served on http://127.0.0.1:<port>, as a browser or a notebook reaches it."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(HTML)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        missing("Chromium is not installed (Debian: apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        yield chromium
        chromium.close()
