"""Offer every executable chapter as a Jupyter notebook (.ipynb) to download.

The chapters are MyST Markdown notebooks. At build time jupytext converts each
one into an .ipynb in _sources/, and the page's download menu (the theme's
own ".ipynb" entry) links to it. The notebook has no outputs: a reader runs it.
"""

from pathlib import Path

import jupytext


def is_notebook(app, pagename):
    return "kernelspec" in app.env.metadata.get(pagename, {})


def add_download(app, pagename, templatename, context, doctree):
    if doctree is None or not is_notebook(app, pagename):
        return
    source = Path(app.env.doc2path(pagename))
    target = Path(app.outdir) / "_sources" / (pagename + ".ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    notebook = jupytext.read(source)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"  # jupytext draws random ids: fixed ones keep two builds identical
    jupytext.write(notebook, target, fmt="ipynb")
    context["ipynb_source"] = pagename + ".ipynb"  # read by sphinx-book-theme's download menu


def setup(app):
    app.connect("html-page-context", add_download, priority=400)  # before the theme builds its buttons (501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
