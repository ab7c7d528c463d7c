"""Where the built book is, and how the tests serve it and open it: as GitHub Pages and a reader's browser would."""

import gzip
import http.server
import re
import shutil
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository
HTML = ROOT / "_build" / "html"  # the built book, as `make book` leaves it
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's; Playwright never downloads a browser
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
# the strict build flags, read from the one place that writes them
BUILD_STRICT = re.search(r"^BUILD_STRICT := (.+)$", (ROOT / "Makefile").read_text(), re.M).group(1).split()


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as GitHub Pages does, as far as the tests can tell: text gzipped when the browser accepts it.

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

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
    }
    COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".ipynb", ".txt"}

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if (
            path.suffix not in self.COMPRESSED
            or not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
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
