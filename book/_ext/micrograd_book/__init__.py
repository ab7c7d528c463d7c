"""The book's build, as one Sphinx extension: ``setup()`` below is the pipeline, step by step.

Jupyter Book 1 (Sphinx and myst-nb) executes each chapter and writes its page.
Around that, each step here is named for what it does to the pages, and connected
to the Sphinx event that runs it; a number is the step's priority within its event
(lower runs first; Sphinx's and other extensions' own handlers run at 500).
docs/architecture.md draws the whole pipeline.

The steps' modules: package_freshness, image_descriptions, folded_sections,
reader_notebooks, package_wheel, repository_links and live_site. Three modules serve them all:
paths (every path read or written), settings (every environment variable) and
workarounds (other packages' bugs, each naming its upstream report).
"""

from . import (
    folded_sections,
    image_descriptions,
    live_site,
    package_freshness,
    package_wheel,
    pdf_edition,
    reader_notebooks,
    repository_links,
    workarounds,
)


def setup(app):
    workarounds.apply(app)  # stream merging, kernel encryption; on each page, no CDN scripts or stylesheets (900)
    app.add_config_value("micrograd_wheel_name", "", "html")  # set below; the notebooks' first cell names it

    # The live site's parts, from the cache that make live-site-parts fills (checked against their pins).
    # Without them (BOOK_LIVE_SITE=off, or not fetched), the book is built without the live site, saying so.
    parts = live_site.cached_or_explain()
    if parts is not None:
        app.live_site_parts = parts
        app.setup_extension("jupyterlite_sphinx")  # builds the site from what stage_live_site stages

    # The configuration is read.
    app.connect("config-inited", package_wheel.name_the_wheel)
    app.connect("config-inited", repository_links.link_repository_and_site, priority=900)  # after Jupyter Book's
    if parts is not None:
        app.connect("config-inited", live_site.configure_jupyterlite_sphinx, priority=400)  # before it reads them

    # The pages are read: each one executed, or taken from myst-nb's cache.
    app.connect("builder-inited", package_freshness.empty_cache_if_package_changed, priority=900)  # after myst-nb
    app.connect("env-get-outdated", package_freshness.all_pages_if_package_changed)
    app.connect("doctree-resolved", image_descriptions.describe_drawn_images)
    app.connect("doctree-resolved", folded_sections.fold_optional_sections)  # on the web page, after the exercises
    folded_sections.add_fold_script(app)  # a link into a folded section opens it

    # Each page is written.
    app.connect("html-page-context", reader_notebooks.link_download, priority=400)  # before the theme's menu (501)
    if parts is not None:
        app.connect("html-page-context", live_site.launch_button, priority=500)  # after the theme starts its buttons

    # After the pages: the reader's notebooks and the wheel (400), then the live site made of them (450),
    # which jupyterlite-sphinx builds (500).
    app.connect("build-finished", reader_notebooks.write_notebooks, priority=400)
    app.connect("build-finished", package_wheel.build_wheel, priority=400)
    if parts is not None:
        app.connect("build-finished", live_site.stage_live_site, priority=450)

    # The PDF edition (make pdf): SVG to PDF and a live link per chapter in a LaTeX build; a published site's
    # pages link the PDF in their download menu (after the theme makes the menu, 501).
    app.connect("builder-inited", pdf_edition.prepare_latex_build)
    app.connect("doctree-resolved", pdf_edition.link_live_chapters)
    app.connect("html-page-context", pdf_edition.link_the_pdf, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
