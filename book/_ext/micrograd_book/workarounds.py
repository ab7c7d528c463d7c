"""Workarounds for other packages, each with what it fixes, the upstream report, and the versions it was made for.

Each is applied by ``apply(app)`` in the package's ``setup()``; remove one when its upstream fix is in the
pinned versions (requirements.txt), and the test named beside it still passes.
"""

import functools

import myst_nb.core.execute.cache
import zmq
from jupyter_client.manager import KernelManager

# ----- myst-nb 1.4.0: a print split into chunks shows as several lines --------------------------------------
# A kernel sends stdout in chunks, cut wherever its flush timer fires, so on a busy machine one
# ``print(a, b)`` can arrive as ``"1.0"`` and ``" 1.00…\n"``. ``nb_merge_streams`` joins chunks with
# ``strip() + "\n"`` (since executablebooks/MyST-NB#604; the open request for exact merging is
# executablebooks/MyST-NB#690), which turns each cut into a line break: the page then depends on the machine's
# load. nbclient (0.11) can merge a cell's streams exactly as sent, carriage returns and backspaces applied
# (``coalesce_streams``), but myst-nb's cached execution does not ask it to. Here it does: the streams are merged
# once, as the chapter executes, so myst-nb's cache holds them merged and the page and the reader's notebook
# both read them so (_config.yml turns ``nb_merge_streams`` off; it executes in ``cache`` mode, the one patched).
# Test: tests/site/test_book.py, a print split into chunks.


def merge_streams_as_executed():
    execute = myst_nb.core.execute.cache.single_nb_execution
    myst_nb.core.execute.cache.single_nb_execution = functools.partial(execute, coalesce_streams=True)


# ----- ipykernel 7.4 with jupyter_client 8.10: a security notice from every executed page ------------------------
# ipykernel warns, once per kernel, that it is "running over TCP without encryption" (since
# ipython/ipykernel#1515; jupyter/jupyter_client#808). The notice is right: by default jupyter_client gives a
# kernel no CurveZMQ keys. nbclient, which myst-nb runs through jupyter-cache, creates its kernel managers with
# no configuration, so the one place to ask for encryption is the kernel manager's default policy: "auto" gives
# keys to a kernel whose kernelspec declares Curve support (ipykernel's does). Nothing is filtered, so every
# other kernel warning still shows. Test: tests/site/test_book.py, no kernel security notice.


def encrypt_kernels():
    if zmq.has("curve"):  # pyzmq's wheels bundle libsodium; a policy of "auto" needs it
        KernelManager.class_traits()["transport_encryption"].default_value = "auto"


# ----- Jupyter Book 1.0.4 with Sphinx 7.4.7: sphinx-thebe's script, declared twice --------------------------
# Jupyter Book 1 always loads sphinx-thebe, which adds a script declaring ``const THEBE_JS_URL`` (a CDN address)
# each time its event fires; with Sphinx 7.4 it fires twice, and the second declaration is a SyntaxError in every
# page's console (no upstream report found). This book offers no
# Thebe (live cells need a Binder server; its live chapters are JupyterLite), so its scripts are dropped.
# Test: tests/site/test_browser.py, no console error.


def drop_thebe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files", [])
    context["script_files"] = [
        js
        for js in scripts
        if "sphinx-thebe" not in str(getattr(js, "filename", js) or "")
        and "THEBE_JS_URL" not in (getattr(js, "attributes", {}) or {}).get("body", "")
    ]


# ----- jupyterlite-sphinx 0.23: Google Fonts on every page ---------------------------------------------------
# jupyterlite-sphinx adds stylesheets from another host (Google Fonts), for directives this book does not use.
# Every stylesheet given as an http(s) address is dropped, so a page loads nothing from elsewhere.
# Test: tests/site/test_browser.py, no request to another host.


def drop_remote_stylesheets(app, pagename, templatename, context, doctree):
    stylesheets = context.get("css_files", [])
    context["css_files"] = [
        css for css in stylesheets if not str(getattr(css, "filename", css)).startswith(("http://", "https://"))
    ]


# ----- myst-nb 1.4.0: a warning for a chart's Vega-Lite ------------------------------------------------------
# A chart's output carries Vega-Lite (for Jupyter) and SVG (for the page). myst-nb renders every mime type of an
# output before it picks the page's (SVG), and warns on the one it cannot render (myst_nb/sphinx_.py), so
# _config.yml lists ``mystnb.unknown_mime_type`` in ``suppress_warnings``. An output with nothing a page can show
# still fails the build, through ``mystnb.mime_priority``. Test: tests/site/test_browser.py, every chart drawn.


# ----- Jupyter Book 1.0.4's LaTeX class: bbm.sty for macros the book never uses -------------------------------
# sphinx-jupyterbook-latex's jupyterBook.cls loads bbm.sty (blackboard-bold digits), which Debian ships only in
# texlive-fonts-extra (542 MB). No page of this book uses its macros, so a stand-in beside the .tex file provides
# the one command the class might reach, with amssymb's blackboard bold. Test: tests/site/test_pdf.py, the PDF builds.

BBM_STAND_IN = r"""\NeedsTeXFormat{LaTeX2e}
\ProvidesPackage{bbm}[2026/12/02 stand-in: amssymb's blackboard bold (micrograd_book/workarounds.py)]
\RequirePackage{amssymb}
\newcommand{\mathbbm}[1]{\mathbb{#1}}
"""


def write_bbm_stand_in(latex_dir):
    latex_dir.mkdir(parents=True, exist_ok=True)
    (latex_dir / "bbm.sty").write_text(BBM_STAND_IN)


def apply(app):
    """The process-wide workarounds now, the per-page ones on each page (after the theme's own, at 900)."""
    merge_streams_as_executed()
    encrypt_kernels()
    app.connect("html-page-context", drop_thebe_scripts, priority=900)
    app.connect("html-page-context", drop_remote_stylesheets, priority=900)
