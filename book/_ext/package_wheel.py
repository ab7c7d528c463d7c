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

from package_freshness import package_hash  # a sibling extension: book/_ext is on the path

WHEEL_METADATA = ("pyproject.toml", "README.md")  # the project's metadata and its long description


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


def sources_hash(srcdir):
    """What the wheel is made of: the package's sources (hashed as package_freshness does), pyproject.toml, README."""
    metadata = b"".join((Path(srcdir) / name).read_bytes() for name in WHEEL_METADATA)
    return hashlib.sha256(package_hash(Path(srcdir) / "micrograd").encode() + metadata).hexdigest()


def set_wheel_name(app, config):
    config.micrograd_wheel_name = wheel_name(app.srcdir)


def build_wheel(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "wheels"
    wheel = target / app.config.micrograd_wheel_name
    stamp = Path(app.outdir).parent / "micrograd-wheel.sha256"
    current = sources_hash(app.srcdir)
    if wheel.exists() and stamp.exists() and stamp.read_text() == current:
        return
    shutil.rmtree(target, ignore_errors=True)
    scratch = Path(app.outdir).parent / "wheel-build"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    for name in (*WHEEL_METADATA, "micrograd"):  # what the wheel is made of
        source = Path(app.srcdir) / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, scratch / name)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "315532800"}  # fixed timestamps in the zip
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


def setup(app):
    app.add_config_value("micrograd_wheel_name", "", "html")
    app.connect("config-inited", set_wheel_name)
    app.connect("build-finished", build_wheel, priority=400)  # before live_site puts it in the in-browser lab
    return {"parallel_read_safe": True, "parallel_write_safe": True}
