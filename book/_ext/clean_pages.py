"""Keep pages self-contained and their browser console clean.

Jupyter Book 1 always loads sphinx-thebe, which adds a script declaring
``const THEBE_JS_URL`` (pointing at a CDN) each time its event fires; with
Sphinx 7.4 it fires twice, and the second declaration is a SyntaxError in
every page's console. This book does not offer Thebe (live code cells need a
Binder server), so its scripts are dropped from every page.
"""


def drop_thebe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files", [])
    context["script_files"] = [
        js
        for js in scripts
        if "sphinx-thebe" not in str(getattr(js, "filename", js) or "")
        and "THEBE_JS_URL" not in (getattr(js, "attributes", {}) or {}).get("body", "")
    ]


def setup(app):
    app.connect("html-page-context", drop_thebe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
