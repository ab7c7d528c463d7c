"""Run every chapter live in the reader's browser: a JupyterLite site at ``lite/``, served by the book itself.

Each chapter page gets a "JupyterLite" launch button that opens the chapter's
reader's notebook (reader_notebooks.py) in JupyterLab running in the
browser, on Pyodide. Everything the lab loads comes from the book's own site:

- Pyodide's core from npm (``pyodide``, pinned with its integrity hash in
  package-lock.json), and the 16 pure-Python wheels its kernel loads from
  PyPI (live/pyodide-packages.txt, ``pip download --require-hashes``); the
  build keeps only those in ``pyodide-lock.json``, with their own sha256;
- through piplite, this book's wheel and the kernel's extra packages
  (live/piplite-packages.txt), with the PyPI fallback off, so that
  ``%pip install micrograd-book`` can only get the book's own package;
- ``@viz-js/viz`` (Graphviz compiled to WebAssembly, from npm), which
  ``micrograd.viz.use_viz_js`` loads to draw graphs in the browser.

The book's wheel and graphviz's are also entries of the site's Pyodide lock,
which the kernel loads at start (PRELOADED): a chapter's first cell finds
micrograd already installed, and only sets it up (micrograd.notebook).

The downloads are a step of their own, before the build: ``make live-site-parts``
(``main`` below), on which ``make book`` and ``make test`` depend. They are
checked against their hashes and kept in a cache outside ``_build``
(``$XDG_CACHE_HOME/micrograd-book``, settings.py), so a clean build does not
fetch them again; the build itself only reads that cache. jupyterlite-sphinx
runs ``jupyter lite build`` at the end of every HTML build (about 4 s, without
source maps); this extension stages its folder, ``_build/jupyterlite``, just
before. ``BOOK_LIVE_SITE=off`` builds the book without the live site; so does a
build whose parts are not in the cache (offline, the download step could not
fetch them), and it says so in one line. JupyterLite needs http(s) or
localhost, not file://.
"""

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.request

from sphinx.util import logging

from . import paths, settings
from .reader_notebooks import is_notebook

logger = logging.getLogger(__name__)

PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)  # the core, without demos and type files
VIZ_MODULE = "dist/viz.js"  # viz-js's ES module, WebAssembly inlined
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
PRELOADED = {"micrograd_book": "micrograd", "graphviz": "graphviz"}  # wheels loaded with Pyodide -> what they provide


class MismatchedDownload(Exception):
    """A download that is not what the lock pins: the build stops (an unreachable registry only skips the live site)."""


class NotFetched(RuntimeError):
    """A part that is not in the cache, when the build reads it: ``make live-site-parts`` fetches it."""


def npm_package(name, cache, download):
    """The npm package ``name`` as package-lock.json pins it: its tarball, downloaded once and checked."""
    lock = json.loads(paths.NPM_LOCK.read_text())["packages"][f"node_modules/{name}"]
    algorithm, _, digest = lock["integrity"].partition("-")
    tarball = cache / "npm" / f"{name.replace('/', '-').lstrip('@')}-{lock['version']}.tgz"

    def intact():
        return tarball.exists() and hashlib.new(algorithm, tarball.read_bytes()).digest() == base64.b64decode(digest)

    if not intact():
        if not download:
            raise NotFetched(f"{tarball.name} is not in {cache}")
        registry = settings.npm_registry()
        url = f"{registry}/{name}/-/{name.split('/')[-1]}-{lock['version']}.tgz"
        tarball.parent.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(url, timeout=120) as response:
            tarball.write_bytes(response.read())
        if not intact():
            tarball.unlink()
            raise MismatchedDownload(f"{url} does not match the integrity hash in package-lock.json")
    return tarball


def pyodide_python_version():
    """The Python that the pinned Pyodide runs, from its version in package.json: Pyodide 314.x is Python 3.14."""
    pyodide = json.loads(paths.NPM_MANIFEST.read_text())["devDependencies"]["pyodide"]
    major = pyodide.split(".")[0]
    return f"{major[0]}.{major[1:]}"


def pinned_wheels(requirements, cache, download):
    """The wheels ``requirements`` pins by hash, as {name: path}; downloaded (pip, --require-hashes) when missing."""
    hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", requirements.read_text())
    folder = cache / "wheels"

    def present():
        return {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in folder.glob("*.whl")}

    found = present()
    if not set(hashes) <= found.keys():
        if not download:
            raise NotFetched(f"wheels that {requirements.name} pins are not in {folder}")
        folder.mkdir(parents=True, exist_ok=True)
        pip = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
             "--require-hashes", "--only-binary", ":all:", "--python-version", pyodide_python_version(),
             "--implementation", "py", "--abi", "none", "--platform", "any",
             "--dest", str(folder), "--requirement", str(requirements)],
            capture_output=True, text=True,
        )  # fmt: skip
        if "DO NOT MATCH THE HASHES" in pip.stderr:
            raise MismatchedDownload(f"a wheel that {requirements.name} pins does not match its hash:\n{pip.stderr}")
        pip.check_returncode()
        found = present()
    return {found[h].name: found[h] for h in hashes}


def parts(download=False):
    """The live site's parts from the cache, checked; with ``download``, those missing are fetched first."""
    cache = settings.download_cache()
    return {
        "pyodide": npm_package("pyodide", cache, download),
        "viz": npm_package("@viz-js/viz", cache, download),
        "pyodide_wheels": pinned_wheels(paths.LIVE_PINS / "pyodide-packages.txt", cache, download),
        "piplite_wheels": pinned_wheels(paths.LIVE_PINS / "piplite-packages.txt", cache, download),
    }


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def trimmed_lock(lock, wheels):
    """Pyodide's lock with only the packages shipped here, each pointing at its wheel and its hash."""
    by_file = {entry["file_name"]: name for name, entry in lock["packages"].items()}
    packages = {}
    for file_name, path in sorted(wheels.items()):
        name = by_file.get(file_name)
        if name is None:
            raise RuntimeError(
                f"{file_name} is not in Pyodide's lock: live/pyodide-packages.txt must pin the lock's versions"
            )
        packages[name] = {**lock["packages"][name], "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    missing = {canonical(dep) for entry in packages.values() for dep in entry["depends"]} - set(
        map(canonical, packages)
    )
    if missing:
        raise RuntimeError(f"live/pyodide-packages.txt lacks what its packages depend on: {sorted(missing)}")
    return {**lock, "packages": packages}


def lock_entry(wheel):
    """A PRELOADED pure-Python wheel as an entry of Pyodide's lock, so that the kernel can load it at start."""
    name, version = wheel.name.split("-")[:2]
    entry = {
        "name": canonical(name), "version": version, "file_name": wheel.name, "install_dir": "site",
        "package_type": "package", "imports": [PRELOADED[name]], "depends": [],
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
    }  # fmt: skip
    return canonical(name), entry


def stage(app, parts):
    """Write the folder ``jupyter lite build`` reads (its lite dir): Pyodide, wheels, settings, notebooks."""
    lite_dir = paths.lite_dir(app)
    shutil.rmtree(lite_dir, ignore_errors=True)
    pyodide = lite_dir / "static" / "pyodide"  # the build copies it to the site and points the kernel at it
    pyodide.mkdir(parents=True)
    with tarfile.open(parts["pyodide"]) as tar:
        for name in PYODIDE_FILES:
            (pyodide / name).write_bytes(tar.extractfile(f"package/{name}").read())
        lock = json.load(tar.extractfile("package/pyodide-lock.json"))
    book_wheel = paths.wheels(app) / app.config.micrograd_wheel_name
    wheels = {book_wheel.name: book_wheel, **parts["piplite_wheels"]}
    preloaded = {name: path for name, path in wheels.items() if name.split("-")[0] in PRELOADED}
    lock = trimmed_lock(lock, parts["pyodide_wheels"])
    entries = dict(lock_entry(path) for path in preloaded.values())
    lock["packages"].update(entries)
    (pyodide / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))
    for name, path in {**parts["pyodide_wheels"], **preloaded}.items():
        shutil.copy(path, pyodide / name)
    with tarfile.open(parts["viz"]) as tar:
        (pyodide / "viz-js").mkdir()
        (pyodide / "viz-js" / "viz.js").write_bytes(tar.extractfile(f"package/{VIZ_MODULE}").read())

    pypi = lite_dir / "pypi"  # piplite's index: the book's wheel and the kernel's extra packages
    pypi.mkdir()
    for name, path in wheels.items():
        shutil.copy(path, pypi / name)
    kernel = {
        "disablePyPIFallback": True,
        "loadPyodideOptions": {"packages": sorted(entries)},
    }  # the first cell finds micrograd
    settings = {"jupyter-config-data": {"litePluginSettings": {KERNEL_PLUGIN: kernel}}}
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(settings, indent=2))
    build_config = {"LiteBuildConfig": {"no_sourcemaps": True}}  # 50 MB that no reader loads
    (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=2))

    contents = paths.lite_contents(app)  # the lab's files: the reader's notebooks, in book/ as on the site
    shutil.rmtree(contents, ignore_errors=True)
    for notebook in sorted(paths.reader_notebooks(app).rglob("*.ipynb")):
        target = contents / notebook.relative_to(paths.reader_notebooks(app))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(notebook, target)


def configure_jupyterlite_sphinx(app, config):
    config.jupyterlite_dir = str(paths.lite_dir(app))
    config.jupyterlite_content_dir = str(paths.lite_contents(app))
    config.jupyterlite_bind_ipynb_suffix = False  # myst-nb reads .ipynb pages
    config.jupyterlite_silence = True


def stage_live_site(app, exception):
    """Stage the lite dir just before jupyterlite-sphinx builds the site from it (its handler runs at priority 500)."""
    if exception is None and app.builder.format == "html":
        stage(app, app.live_site_parts)


def launch_button(app, pagename, templatename, context, doctree):
    """A "JupyterLite" button in the page's launch menu, opening the page's notebook in the in-browser lab."""
    if doctree is None or not is_notebook(app, pagename):
        return
    button = {
        "type": "link",
        "text": "JupyterLite",
        "tooltip": "Run this chapter in your browser (JupyterLite): nothing to install",
        "icon": "_static/images/logo_jupyterlite.svg",
        "url": paths.to_root(pagename) + paths.live_notebook(pagename),
        "label": "jupyterlite-button",
    }
    context["header_buttons"].append(
        {
            "type": "group",
            "tooltip": "Launch interactive content",
            "icon": "fas fa-rocket",
            "buttons": [button],
            "label": "launch-buttons",
        }
    )


def cached_or_explain():
    """The live site's parts, read from the cache (never downloaded here); None, said in one line, to go without."""
    if not settings.live_site_wanted():
        logger.info("live site: off (BOOK_LIVE_SITE=off)")
        return None
    try:
        return parts()
    except (NotFetched, OSError) as missing:  # not fetched yet, or unreadable
        logger.info(f"live site: skipped, the book is built without it (make live-site-parts fetches it: {missing})")
        return None


def main():
    """make live-site-parts: fetch what the live site ships into the cache, once; offline, say so and go on."""
    if not settings.live_site_wanted():
        return print("live site: off (BOOK_LIVE_SITE=off), nothing to fetch")
    print(
        f"live site: Pyodide and @viz-js/viz from npm, and the wheels that live/*.txt pin from PyPI,"
        f" each checked against its pin, into {settings.download_cache()} (only what is missing)"
    )
    try:
        parts(download=True)  # a MismatchedDownload stops here
    except (OSError, subprocess.CalledProcessError) as error:
        detail = " ".join(str(getattr(error, "stderr", None) or error).split())
        print(f"live site: its parts could not be fetched, so the book is built without it ({detail[:200]})")
