"""Every path the build steps read or write, in one place: the repository's files, and what goes under _build."""

from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]  # book/_ext/micrograd_book/paths.py -> the repository
LIVE_PINS = REPOSITORY / "live"  # the live site's wheels, pinned with their hashes
NPM_MANIFEST = REPOSITORY / "package.json"  # Pyodide's version, hence its Python's
NPM_LOCK = REPOSITORY / "package-lock.json"  # Pyodide's and viz-js's tarballs, with their integrity hashes
WHEEL_METADATA = ("pyproject.toml", "README.md")  # the project's metadata and its long description
LITE = "lite"  # jupyterlite-sphinx's folder in the site
PDF = "micrograd-book.pdf"  # the PDF edition, in _build/latex and beside the pages (_config.yml: latex_documents)


def live_notebook(docname):
    """A chapter's notebook in the live lab, from the site's root."""
    return f"{LITE}/lab/index.html?path={docname}.ipynb"


def to_root(pagename):
    """From a page to the site's root, as a relative link."""
    return "../" * pagename.count("/")


def package(app):
    """micrograd/, the package the chapters import."""
    return Path(app.srcdir) / "micrograd"


def build(app):
    """_build, which holds the site (_build/html) and the build's own files."""
    return Path(app.outdir).parent


def glue_data(app, docname):
    """What a page glued, as myst-nb saved it when it executed the page."""
    return build(app) / "jupyter_execute" / (docname + ".glue.json")


def package_stamp(app):
    """The hash of micrograd/ that the execution cache was made with."""
    return Path(app.env.mystnb_config.execution_cache_path) / "micrograd-source.sha256"


def reader_notebook(app, docname):
    """A chapter's notebook, which the page's download menu links to."""
    return Path(app.outdir) / "_sources" / (docname + ".ipynb")


def reader_notebooks(app):
    return Path(app.outdir) / "_sources"


def wheels(app):
    """The folder of the published wheel, at a stable address in the site."""
    return Path(app.outdir) / "wheels"


def wheel_stamp(app):
    """The hash of what the wheel was made from: it is rebuilt only when that changes."""
    return build(app) / "micrograd-wheel.sha256"


def wheel_scratch(app):
    """Where the wheel's sources are copied for pip to build from."""
    return build(app) / "wheel-build"


def lite_dir(app):
    """What `jupyter lite build` reads (jupyterlite-sphinx's lite dir), staged by live_site."""
    return build(app) / "jupyterlite"


def lite_contents(app):
    """The live lab's files: the reader's notebooks (absolute: jupyterlite-sphinx joins it to the source dir)."""
    return build(app) / "jupyterlite-contents"
