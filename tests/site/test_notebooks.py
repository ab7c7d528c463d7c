"""Every chapter runs as a reader's Jupyter runs it: jupytext reads the .md, nbclient executes it."""

import pytest
from book_site import ROOT

jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")

BOOK = ROOT / "book"
CHAPTERS = sorted(BOOK.glob("*.md"))


@pytest.mark.book
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_chapter_executes_in_jupyter(chapter):
    notebook = jupytext.read(chapter)
    assert any(cell.cell_type == "code" for cell in notebook.cells)
    client = nbclient.NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        allow_errors=False,
        resources={"metadata": {"path": str(BOOK)}},  # the working directory a reader's Jupyter would use
    )
    client.execute()  # raises CellExecutionError on a failing cell (except those tagged raises-exception)
    errors = [
        o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"
    ]
    expected = [c for c in notebook.cells if "raises-exception" in c.metadata.get("tags", [])]
    assert len(errors) == len(expected)
