"""Every environment variable the build reads, in one place.

| variable | read by | what it does |
| --- | --- | --- |
| ``BOOK_REPOSITORY_URL`` | repository_links | https://github.com/owner/name: repository, issue and edit buttons |
| ``BOOK_BRANCH`` | repository_links | the branch "edit this page" points at (default main) |
| ``BOOK_URL`` | repository_links | the site's address: the notebooks link to it and install from it |
| ``BOOK_LIVE_SITE`` | live_site | ``off`` builds the book without the in-browser lab |
| ``XDG_CACHE_HOME`` | live_site | where the live site's checked downloads are kept (``micrograd-book/``) |
| ``npm_config_registry`` | live_site | the npm registry to fetch Pyodide and ``@viz-js/viz`` from |

The Pages workflow sets the first three from GitHub's context; a local build
has none of them, and so no dead buttons. The build sets one variable for a
program it runs: ``SOURCE_DATE_EPOCH`` for ``pip wheel`` (package_wheel).
"""

import os
from pathlib import Path


def _get(name, default=""):
    return os.environ.get(name, default).strip()


def repository_url():
    return _get("BOOK_REPOSITORY_URL").rstrip("/")


def repository_branch():
    return _get("BOOK_BRANCH") or "main"


def site_url():
    return _get("BOOK_URL")


def live_site_wanted():
    return _get("BOOK_LIVE_SITE", "on") != "off"


def download_cache():
    return Path(_get("XDG_CACHE_HOME") or Path.home() / ".cache") / "micrograd-book"


def npm_registry():
    return _get("npm_config_registry", "https://registry.npmjs.org").rstrip("/")
