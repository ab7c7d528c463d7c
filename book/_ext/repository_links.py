"""Let a published build know its repository and its address; a local build shows no such buttons.

The Pages workflow sets three environment variables from GitHub's context:
BOOK_REPOSITORY_URL (https://github.com/owner/name), BOOK_BRANCH (where
"edit this page" points) and BOOK_URL (the site's address). With the first,
every page gets the repository, "open an issue" and "edit this page" buttons,
the last pointing at the chapter's .md source. With the last, ``html_baseurl``
is set, so the reader's notebooks link to and install from the published site.
Without them (a local build) nothing is added: no dead buttons, no warning.
"""

import os


def configure(app, config):
    repository = os.environ.get("BOOK_REPOSITORY_URL", "").strip().rstrip("/")
    if repository:
        config.html_theme_options.update(
            repository_url=repository,
            repository_branch=os.environ.get("BOOK_BRANCH", "").strip() or "main",
            path_to_docs="",  # the chapters' paths (book/*.md) are relative to the repository's root
            use_repository_button=True,
            use_issues_button=True,
            use_edit_page_button=True,
        )
    site = os.environ.get("BOOK_URL", "").strip()
    if site:
        config.html_baseurl = site.rstrip("/") + "/"


def setup(app):
    app.connect("config-inited", configure, priority=900)  # after Jupyter Book has filled in the theme options
    return {"parallel_read_safe": True, "parallel_write_safe": True}
