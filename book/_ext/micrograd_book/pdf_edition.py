"""The book as one PDF (``make pdf``): Sphinx's LaTeX builder over the same executed notebooks as the site.

In a LaTeX build (``jupyter-book build . --builder pdflatex``):

- every SVG output (computation graphs, charts) goes into the PDF as a vector
  image: myst-nb's LaTeX output takes ``image/svg+xml`` (``nb_mime_priority_overrides``
  in _config.yml), and sphinxcontrib-svg2pdfconverter (requirements-pdf.txt)
  turns each SVG into a PDF with ``rsvg-convert`` (Debian's librsvg2-bin);
- Jupyter Book's LaTeX class gets its ``bbm.sty`` stand-in (workarounds.py);
- on a published build (the site's address known), each chapter opens with a
  link that runs it in the browser, where its page has the launch button.

In a published HTML build, every page's download menu links the PDF, which the
Pages workflow builds with ``make pdf`` and puts beside the pages.
"""

from pathlib import Path

from docutils import nodes
from sphinx import addnodes

from . import paths, settings, workarounds
from .reader_notebooks import is_notebook


def prepare_latex_build(app):
    """For the LaTeX builder only (Sphinx has named the builder by this event): SVG to PDF, and bbm.sty."""
    if app.builder.format == "latex":
        app.setup_extension("sphinxcontrib.rsvgconverter")
        workarounds.write_bbm_stand_in(Path(app.outdir))


def link_live_chapters(app, doctree, docname):
    """Under each chapter's title in the PDF: where to run it live, as the page's launch button does.

    The LaTeX builder resolves the whole book as one tree, each chapter in a ``start_of_file`` node.
    """
    site = settings.site_url()
    if app.builder.format != "latex" or not site:
        return
    for chapter in doctree.findall(addnodes.start_of_file):
        title = next(iter(chapter.findall(nodes.title)), None)
        if title is None or not is_notebook(app, chapter["docname"]):
            continue
        url = f"{site.rstrip('/')}/{paths.live_notebook(chapter['docname'])}"
        text = nodes.Text("Run this chapter in your browser, nothing to install: ")
        note = nodes.paragraph("", "", text, nodes.reference("", url, refuri=url))
        title.parent.insert(title.parent.index(title) + 1, note)


def link_the_pdf(app, pagename, templatename, context, doctree):
    """In a published build, the download menu's last entry: the whole book as a PDF (after the theme's, 501)."""
    if not settings.site_url() or "header_buttons" not in context:
        return
    button = {
        "type": "link",
        "url": paths.to_root(pagename) + paths.PDF,
        "text": "book (PDF)",
        "tooltip": "Download the book (PDF)",
        "icon": "fas fa-book",
        "label": "download-book-pdf-button",
    }
    menus = [b for b in context["header_buttons"] if b.get("label") == "download-buttons"]
    if menus:
        menus[0]["buttons"].append(button)
    else:
        context["header_buttons"].append(
            {"type": "group", "tooltip": "Download", "icon": "fas fa-download", "buttons": [button]}
        )
