"""Re-execute every page when the micrograd package changes.

myst-nb's execution cache is keyed on a notebook's cells, not on the code they
import, and Sphinx re-reads only pages whose source changed. So after an edit
to micrograd/, a cached build would show outputs of the old package. This
extension hashes micrograd/*.py; when the hash differs from the one the cache
was built with, it empties the cache and marks every page outdated.
"""

import hashlib
import shutil
from pathlib import Path

from . import paths


def package_hash(package_dir):
    digest = hashlib.sha256()
    for path in sorted(Path(package_dir).rglob("*.py")):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def empty_cache_if_package_changed(app):
    current = app.micrograd_source_hash = package_hash(paths.package(app))  # package_wheel reuses it
    stamp = paths.package_stamp(app)
    cache_dir = stamp.parent  # myst-nb's execution cache
    app.env.micrograd_changed = not stamp.exists() or stamp.read_text().strip() != current
    if app.env.micrograd_changed:
        shutil.rmtree(cache_dir, ignore_errors=True)
        cache_dir.mkdir(parents=True, exist_ok=True)
        stamp.write_text(current + "\n")


def all_pages_if_package_changed(app, env, added, changed, removed):
    if getattr(env, "micrograd_changed", False):
        return sorted(env.found_docs - set(added) - set(changed) - set(removed))
    return []
