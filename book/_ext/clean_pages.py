"""Keep pages self-contained and their browser console clean.

Jupyter Book 1 always loads sphinx-thebe, which adds a script declaring
``const THEBE_JS_URL`` (pointing at a CDN) each time its event fires; with
Sphinx 7.4 it fires twice, and the second declaration is a SyntaxError in
every page's console. This book does not offer Thebe (live code cells need a
Binder server), so its scripts are dropped from every page.

Extensions may also add stylesheets from another host (jupyterlite-sphinx adds
Google Fonts, for directives this book does not use): every stylesheet given
as an http(s) address is dropped, so a page loads nothing from elsewhere.
"""


def drop_thebe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files", [])
    context["script_files"] = [
        js
        for js in scripts
        if "sphinx-thebe" not in str(getattr(js, "filename", js) or "")
        and "THEBE_JS_URL" not in (getattr(js, "attributes", {}) or {}).get("body", "")
    ]


def drop_remote_stylesheets(app, pagename, templatename, context, doctree):
    stylesheets = context.get("css_files", [])
    context["css_files"] = [
        css for css in stylesheets if not str(getattr(css, "filename", css)).startswith(("http://", "https://"))
    ]


def setup(app):
    app.connect("html-page-context", drop_thebe_scripts, priority=900)
    app.connect("html-page-context", drop_remote_stylesheets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
