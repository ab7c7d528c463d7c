"""micrograd.notebook: what the first cell of every chapter's notebook runs, tested in CPython.

The browser half (viz-js) runs in Pyodide; tests/site/test_live_site.py runs it
there. Here: setup() outside the browser.
"""

import asyncio

import micrograd
from micrograd import notebook


def test_outside_the_browser_setup_says_which_package_is_ready(capsys):
    asyncio.run(notebook.setup())
    assert capsys.readouterr().out == f"micrograd {micrograd.__version__}, this book's package, is ready\n"
