"""Test-wide settings and fixtures: hypothesis is deterministic and has no deadline; the built book is served locally.

A fixed derandomised search gives the same examples on every run, so a run
that passes on a quiet machine passes on a loaded one; without a deadline, a
slow shared machine cannot turn a correct example into a failure.
"""

import functools
import gzip
import http.server
import shutil
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))  # the helper modules: strategies, finite_differences, needs

from needs import missing  # noqa: E402  (found through the path above)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's; Playwright never downloads a browser

settings.register_profile("book", derandomize=True, deadline=None, database=None)
settings.load_profile("book")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as GitHub Pages does, as far as the tests can tell: text gzip-compressed when the browser accepts it.

    Pages compresses text (HTML, CSS, JavaScript, JSON, SVG), so the bytes a reader
    transfers are those; wheels, zips and WebAssembly are sent as they are.
    """

    bytes_sent = 0  # by every response, headers included: what readers' browsers download
    _count_lock = threading.Lock()

    def setup(self):
        super().setup()
        handler, raw = type(self), self.wfile

        class CountingWriter:
            def write(self, data):
                with handler._count_lock:
                    handler.bytes_sent += len(data)
                return raw.write(data)

            def __getattr__(self, name):
                return getattr(raw, name)

        self.wfile = CountingWriter()

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript", ".wasm": "application/wasm"}
    COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".ipynb", ".txt"}

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.suffix not in self.COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    """The built book (_build/html) served on http://127.0.0.1:<port>, as a browser or a notebook reaches it."""
    html = Path(__file__).resolve().parent.parent / "_build" / "html"
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(html)))
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
