"""The reader's notebooks: plain Jupyter Markdown, the build's outputs, and they run outside this repository.

Each chapter's notebook (from the page's download menu) is run by nbclient in a
fresh virtual environment outside the repository that holds only what a reader
would install: the book's wheel, as the notebook's first cell installs it from
the site, plus graphviz, ipykernel and nbclient. No myst-nb, no
jupytext, not the repository's .venv.
"""

import ast
import json
import os
import re
import subprocess
import venv

import pytest
from book_site import HTML, ROOT
from needs import book_built

from micrograd.charts import MIME as CHART_MIME

NOTEBOOKS = sorted((HTML / "_sources" / "book").glob("*.ipynb"))
MYST = re.compile(r"\{glue|\{ref\}|```\{|^\([\w.:-]+\)=\s*$|^:::", re.M)
READER_PACKAGES = ["graphviz", "ipykernel", "nbclient"]

book_built(HTML, module_level=True)


def cells(path, kind):
    return [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == kind]


def source(cell):
    return "".join(cell["source"])


def test_every_chapter_has_a_reader_notebook():
    chapters = sorted(p.stem for p in (ROOT / "book").glob("*.md"))
    assert [p.stem for p in NOTEBOOKS] == chapters


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_myst_syntax_is_left(notebook):
    for cell in cells(notebook, "markdown"):
        assert not MYST.findall(source(cell)), source(cell)[:300]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_cell_is_python_once_the_bookkeeping_is_gone(notebook):
    for cell in cells(notebook, "code"):
        lines = source(cell).splitlines()  # an IPython magic, such as the first cell's %pip, is not Python
        code = "\n".join(re.sub(r"^(\s*)%.*", r"\1pass", line) for line in lines)
        compile(code, notebook.name, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)  # a SyntaxError names the cell


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_book_bookkeeping_is_gone_and_the_outputs_are_there(notebook):
    code = cells(notebook, "code")
    assert not any(re.search(r"\bglue\(|myst_nb", source(c)) for c in code)
    first = source(code[0])
    assert len(first.splitlines()) <= 5 and first.endswith("await micrograd.notebook.setup()\n")  # a cell to read
    assert "%pip install" in first and "[viz]" in first  # installs the package, with graphviz, where it is missing
    assert sum(bool(c["outputs"]) for c in code[1:]) >= len(code[1:]) // 2  # it reads like the page


def test_markdown_reads_like_the_page():
    by_hand = "\n".join(source(c) for c in cells(HTML / "_sources" / "book" / "neuron_by_hand.ipynb", "markdown"))
    assert "# 1. The neuron" in by_hand or re.search(r"^# 1\. ", by_hand, re.M)  # numbered as on the page
    assert "### Exercise 1.1" in by_hand and "#### Solution to exercise 1.1" in by_hand
    assert re.search(r"\[[^\]]+\]\(training_loop\.html#training-loop\)", by_hand)  # a {ref}, as a link
    assert "0.6506" in by_hand  # a glued number from the seed, as the page shows it
    engine = "\n".join(source(c) for c in cells(HTML / "_sources" / "book" / "value_engine.ipynb", "markdown"))
    assert "```python\n    def _mul_backward(out):" in engine  # a literalinclude, as the included source


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_solutions_are_folded_and_nothing_else_is(notebook):
    in_solution, folded = False, []
    for cell in json.loads(notebook.read_text())["cells"]:
        if cell["cell_type"] == "markdown":
            marks = re.findall(r"^#### Solution to exercise|^---$", source(cell), re.M)  # a solution starts, or ends
            in_solution = marks[-1].startswith("####") if marks else in_solution
            continue
        hidden = cell["metadata"].get("jupyter", {})
        assert hidden == ({"source_hidden": True, "outputs_hidden": True} if in_solution else {}), source(cell)[:200]
        folded.append(in_solution)
    assert any(folded) == (notebook.stem != "intro") and not all(folded)  # every chapter has exercises


def test_the_live_training_picture_keeps_its_last_frame():
    """Chapter 5 redraws one picture while it trains again (display_id); the build keeps the picture as it ended."""
    code = cells(HTML / "_sources" / "book" / "classifier.ipynb", "code")
    (training,) = [c for c in code if "live.update(" in source(c)]
    (picture,) = [o for o in training["outputs"] if CHART_MIME in o.get("data", {})]  # one picture, not one per frame
    settings = [re.search(r"^steps, lr_start, lr_end = (\d+),", source(c), re.M) for c in code]
    (steps,) = [int(found.group(1)) for found in settings if found]  # the chapter's run, which this one repeats
    curve = picture["data"][CHART_MIME]["hconcat"][0]["layer"][0]["data"]["values"]
    assert len(curve) == steps + 1  # the loss before each step, and after the last one


@pytest.mark.parametrize("page", [p.stem for p in NOTEBOOKS])
def test_the_download_menu_links_the_reader_notebook(page):
    html = (HTML / "book" / f"{page}.html").read_text()
    assert f'href="../_sources/book/{page}.ipynb"' in html


# ----- running them as a reader would ------------------------------------------------------

RUNNER = """
import sys, nbformat, nbclient
notebook = nbformat.read(sys.argv[1], as_version=4)
stop = int(sys.argv[2]) if len(sys.argv) > 2 else None
if stop is not None:
    notebook.cells = notebook.cells[:stop]
for cell in notebook.cells:
    if cell.cell_type == "code":
        cell.outputs = []  # run for real: no output may come from the build
nbclient.NotebookClient(notebook, kernel_name="python3", timeout=600, allow_errors=True).execute()
errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
expected = sum("raises-exception" in c.metadata.get("tags", []) for c in notebook.cells)
streams = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
print("RESULT", len(errors), expected, [(e.ename, e.evalue) for e in errors])
print("STREAMS", streams)
"""


@pytest.fixture(scope="module")
def site(server):
    """The site's address as a published book's notebook knows it, with its trailing slash."""
    return server + "/"


@pytest.fixture(scope="module")
def reader_env(tmp_path_factory):
    """A fresh virtual environment outside the repository, with only what a reader installs (no micrograd yet)."""
    home = tmp_path_factory.mktemp("reader")
    venv.create(home / "venv", with_pip=True)
    python = home / "venv" / "bin" / "python"
    pins = ROOT / "requirements.txt"  # the same versions the book was built with
    subprocess.run([python, "-m", "pip", "install", "--quiet", "-c", pins, *READER_PACKAGES], check=True)
    (home / "runner.py").write_text(RUNNER)
    return home, python


def run(reader_env, notebook, stop=None, env=None):
    home, python = reader_env
    args = [python, home / "runner.py", notebook] + ([str(stop)] if stop else [])
    result = subprocess.run(
        args, capture_output=True, text=True, cwd=home, env={**os.environ, **(env or {})}, timeout=900
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    (line,) = [out for out in result.stdout.splitlines() if out.startswith("RESULT")]
    return line, result.stdout


FIRST = 1  # cells: the note, the first cell


def with_book_url(notebook, url, tmp_path):
    """The notebook as the published book serves it: its first cell installs the wheel from the site's address."""
    data = json.loads(notebook.read_text())
    first = data["cells"][FIRST]
    (wheel,) = re.findall(r"micrograd_book-[\w.-]+\.whl", source(first))  # a local build names the wheel's file
    requirement = f'"micrograd-book[viz] @ {url}wheels/{wheel}"'
    first["source"] = re.sub(r"(%pip install --quiet ).*$", lambda m: m[1] + requirement, source(first), flags=re.M)
    path = tmp_path / notebook.name
    path.write_text(json.dumps(data))
    return path


@pytest.mark.book
def test_first_cell_with_karpathys_micrograd_fails_as_its_note_explains(reader_env, tmp_path, site):
    home, python = reader_env
    karpathy = tmp_path / "karpathy"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--target", karpathy, "micrograd==0.1.0"], check=True
    )
    notebook = with_book_url(NOTEBOOKS[0], site, tmp_path)
    line, out = run(reader_env, notebook, stop=FIRST + 1, env={"PYTHONPATH": str(karpathy)})
    assert "ModuleNotFoundError" in line and "No module named 'micrograd.notebook'" in line
    note = source(json.loads(notebook.read_text())["cells"][0])  # the note above the cell says what that means
    assert "No module named 'micrograd.notebook'" in note and "%pip uninstall -y micrograd" in note


@pytest.mark.book
def test_first_cell_installs_the_book_wheel_then_every_chapter_runs(reader_env, tmp_path, site):
    home, python = reader_env
    assert (
        subprocess.run([python, "-c", "import micrograd"], capture_output=True, cwd=home).returncode != 0
    )  # missing at first
    line, out = run(reader_env, with_book_url(NOTEBOOKS[0], site, tmp_path), stop=FIRST + 1)
    assert line.startswith("RESULT 0 ") and "this book's package, is ready" in out
    installed = subprocess.run(
        [python, "-c", "import micrograd; print(micrograd.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=home,
    )
    assert str(ROOT) not in installed.stdout and "site-packages" in installed.stdout
    for notebook in NOTEBOOKS:  # the package is present now: the first cell installs nothing, every cell runs
        line, out = run(reader_env, notebook)
        errors, expected = map(int, line.split()[1:3])
        assert errors == expected, f"{notebook.stem}: {line}"
    assert "z = 0.6506" in run(reader_env, HTML / "_sources" / "book" / "neuron_by_hand.ipynb")[1]


def test_a_block_left_with_only_bookkeeping_keeps_a_pass():
    from micrograd_book.reader_notebooks import without_bookkeeping

    cell = 'x = None\nif x is None:\n    glue("x", "none", display=False)\nelse:\n    y = x\n    glue("x", y)'
    assert without_bookkeeping(cell, hidden=True) == "x = None\nif x is None:\n    pass\nelse:\n    y = x"
    assert without_bookkeeping('for k in "ab":\n    glue(k, 1)', hidden=True) == ""  # a loop of glue only goes
