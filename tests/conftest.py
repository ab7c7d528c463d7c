"""Test-wide settings and fixtures: hypothesis is deterministic and has no deadline; the built book is served locally.

A fixed derandomised search gives the same examples on every run, so a run
that passes on a quiet machine passes on a loaded one; without a deadline, a
slow shared machine cannot turn a correct example into a failure.
"""

import functools
import http.server
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))  # the helper modules: strategies, finite_differences, needs

settings.register_profile("book", derandomize=True, deadline=None, database=None)
settings.load_profile("book")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    """The built book (_build/html) served on http://127.0.0.1:<port>, as a browser or a notebook reaches it."""
    html = Path(__file__).resolve().parent.parent / "_build" / "html"
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(html)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
