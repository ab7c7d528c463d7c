"""What a test needs from outside Python: a reader's `make test` skips without it, CI fails.

CI (the environment variable CI=true, which GitHub Actions and .ci/run set)
installs torch, Chromium and actionlint, so there a missing one is a broken
install, not a reason to skip.
"""

import os

import pytest


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def missing(reason, module_level=False):
    """Skip with ``reason`` for a reader; fail under CI, where the thing must be installed."""
    if in_ci():
        pytest.fail(f"CI=true, but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=module_level)


def import_or_missing(name, how):
    try:
        return __import__(name)
    except ImportError:
        missing(f"{name} is not installed ({how})", module_level=True)


def book_built(html, module_level=False):
    """The book's pages in ``html``: a reader's test skips without them, CI's fails (``make test`` builds them)."""
    if not (html / "index.html").exists():
        missing("the book is not built: run `make test` (or `make book`) first", module_level)
