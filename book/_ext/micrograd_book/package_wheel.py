"""Publish the book's own micrograd package with the book, as a wheel at a stable path.

At the end of an HTML build this builds ``wheels/<name>-<version>-py3-none-any.whl``
from pyproject.toml (``pip wheel``, no downloads: the build backend is already
in the environment) into the site, so a reader with only the book's URL can
``pip install`` exactly the package the pages were computed with. The wheel is
rebuilt only when micrograd/, pyproject.toml or README.md change. Sets ``micrograd_wheel_name``,
which the reader's notebooks name in their first cell.
"""

import ast
import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from . import paths

WHEEL_DATE = "315532800"  # SOURCE_DATE_EPOCH for pip wheel: fixed timestamps in the zip (1980, the zip format's first)


def package_version(srcdir):
    """``micrograd.__version__``, read without importing: the one place the version is written."""
    tree = ast.parse((Path(srcdir) / "micrograd" / "__init__.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["__version__"]:
            return ast.literal_eval(node.value)
    raise RuntimeError("micrograd/__init__.py sets no __version__")


def wheel_name(srcdir):
    project = tomllib.loads((Path(srcdir) / "pyproject.toml").read_text())["project"]
    return f"{project['name'].replace('-', '_')}-{package_version(srcdir)}-py3-none-any.whl"


def sources_hash(srcdir, package_hash):
    """What the wheel is made of: the package's sources (the hash package_freshness made), pyproject.toml, README."""
    metadata = b"".join((Path(srcdir) / name).read_bytes() for name in paths.WHEEL_METADATA)
    return hashlib.sha256(package_hash.encode() + metadata).hexdigest()


def name_the_wheel(app, config):
    config.micrograd_wheel_name = wheel_name(app.srcdir)


def build_wheel(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = paths.wheels(app)
    wheel = target / app.config.micrograd_wheel_name
    stamp = paths.wheel_stamp(app)
    current = sources_hash(app.srcdir, app.micrograd_source_hash)
    if wheel.exists() and stamp.exists() and stamp.read_text() == current:
        return
    shutil.rmtree(target, ignore_errors=True)
    scratch = paths.wheel_scratch(app)
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    for name in (*paths.WHEEL_METADATA, "micrograd"):  # what the wheel is made of
        source = Path(app.srcdir) / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, scratch / name)
    env = {**os.environ, "SOURCE_DATE_EPOCH": WHEEL_DATE}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(target),
            str(scratch),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    shutil.rmtree(scratch)
    if not wheel.exists():
        raise RuntimeError(f"pip wheel did not make {wheel.name}: found {sorted(p.name for p in target.iterdir())}")
    stamp.write_text(current)
