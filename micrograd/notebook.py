"""The first cell of every chapter's notebook: ``await micrograd.notebook.setup()``.

In any Jupyter, it says which package is loaded. In the browser (JupyterLite,
on Pyodide) it also makes ``draw_dot`` draw with Graphviz compiled to
WebAssembly, which the book's own site serves. Charts need nothing: every
Jupyter draws ``micrograd.charts``' Vega-Lite itself.
"""

import sys

import micrograd

VIZ_JS = "viz-js/viz.js"  # where the book's site serves viz-js, beside Pyodide's own files


async def setup():
    """Make this notebook ready for the book's chapters, and say so."""
    if sys.platform == "emscripten":
        await _setup_browser()
    print(f"micrograd {micrograd.__version__}, this book's package, is ready")


async def _setup_browser():
    import pyodide_js

    from micrograd import viz

    await viz.use_viz_js(pyodide_js.lockfileBaseUrl + VIZ_JS)
