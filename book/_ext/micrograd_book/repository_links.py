"""Let a published build know its repository and its address; a local build shows no such buttons.

The Pages workflow sets three environment variables from GitHub's context
(settings.py): BOOK_REPOSITORY_URL (https://github.com/owner/name), BOOK_BRANCH
(where "edit this page" points) and BOOK_URL (the site's address). With the first,
every page gets the repository, "open an issue" and "edit this page" buttons,
the last pointing at the chapter's .md source. With the last, ``html_baseurl``
is set, so the reader's notebooks link to and install from the published site.
Without them (a local build) nothing is added: no dead buttons, no warning.
"""

from . import settings


def link_repository_and_site(app, config):
    repository = settings.repository_url()
    if repository:
        config.html_theme_options.update(
            repository_url=repository,
            repository_branch=settings.repository_branch(),
            path_to_docs="",  # the chapters' paths (book/*.md) are relative to the repository's root
            use_repository_button=True,
            use_issues_button=True,
            use_edit_page_button=True,
        )
    site = settings.site_url()
    if site:
        config.html_baseurl = site.rstrip("/") + "/"
