"""A reader's Jupyter runs the very code the build ran: `make lab` opens each .md through jupytext.

The build executes every chapter in the same environment and working directory
as `make lab` (the repository's .venv, in book/), and fails on a failing cell.
So rather than execute each chapter once more, this checks that jupytext reads
every chapter to the same code cells, with the same tags, as the notebook that
myst-nb executed (_build/jupyter_execute), and that only cells tagged
raises-exception left an error there. The reader's notebooks, which run outside
the repository, are executed by test_reader_notebooks.py.
"""

import nbformat
import pytest
from book_site import HTML, ROOT
from needs import book_built

jupytext = pytest.importorskip("jupytext")

CHAPTERS = sorted((ROOT / "book").glob("*.md"))
EXECUTED = ROOT / "_build" / "jupyter_execute" / "book"


def code_cells(notebook):
    return [(cell.source, cell.metadata.get("tags", [])) for cell in notebook.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_jupyter_reads_the_chapter_as_the_build_executed_it(chapter):
    book_built(HTML)
    executed = nbformat.read(EXECUTED / f"{chapter.stem}.ipynb", as_version=4)
    assert code_cells(jupytext.read(chapter)) == code_cells(executed) != []
    for cell in executed.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        assert not errors or "raises-exception" in cell.metadata.get("tags", [])


def test_a_chapter_that_jupyter_reads_differently_is_caught(tmp_path):
    chapter = tmp_path / "page.md"
    chapter.write_text(CHAPTERS[0].read_text().replace("```{code-cell} ipython3", "```python", 1))
    assert code_cells(jupytext.read(chapter)) != code_cells(jupytext.read(CHAPTERS[0]))
