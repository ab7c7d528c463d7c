"""The PDF edition (make pdf): it builds, has every chapter and solution, a picture wherever a page has one,
no object's repr where a picture belongs, no unresolved reference, embedded fonts, and pages that render.

The fixture builds it as `make pdf` does, from the notebooks that `make test`'s strict build executed (the
cache: no second execution). A reader's `make test` skips these tests without TeX Live, saying so (`make pdf`
installs it); CI installs it, and fails instead.
"""

import re
import shutil
import subprocess

import pytest
from book_site import BUILD_STRICT, HTML, JUPYTER_BOOK, ROOT
from needs import book_built, missing

LATEX = ROOT / "_build" / "latex"
NAME = "micrograd-book"  # _config.yml's latex_documents, the Makefile's PDF, micrograd_book.paths.PDF
TOOLS = ("xelatex", "latexmk", "rsvg-convert", "pdftotext", "pdffonts", "pdfinfo", "pdftoppm")
CHAPTERS = [line.split("file: ")[1] for line in (ROOT / "_toc.yml").read_text().splitlines() if "file: " in line]


@pytest.fixture(scope="module")
def pdf():
    book_built(HTML)
    absent = [tool for tool in TOOLS if shutil.which(tool) is None]
    if absent:
        missing(f"TeX Live or poppler-utils is missing ({', '.join(absent)}): make pdf installs them")
    try:
        import sphinxcontrib.rsvgconverter  # noqa: F401
    except ImportError:
        missing("sphinxcontrib-svg2pdfconverter is missing: make pdf installs it (requirements-pdf.txt)")
    command = [str(JUPYTER_BOOK), "build", str(ROOT), "--builder", "pdflatex", *BUILD_STRICT]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Executing notebook" not in result.stdout + result.stderr  # the build's executed notebooks, reused
    return LATEX / f"{NAME}.pdf"


def pdf_text(pdf):
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def title(docname):
    return re.search(r"^# (.+)$", (ROOT / f"{docname}.md").read_text(), re.M).group(1)


def test_the_pdf_has_every_chapter_numbered_and_every_exercise_with_its_solution(pdf):
    text = pdf_text(pdf)
    for number, docname in enumerate(CHAPTERS, start=1):
        assert re.search(rf"^{number}\s+{re.escape(title(docname))}$", text, re.M), title(docname)  # the contents
    exercises = sum(len(re.findall(r"^```\{exercise\}", (ROOT / f"{c}.md").read_text(), re.M)) for c in CHAPTERS)
    solutions = sum(len(re.findall(r"^```\{solution-start\}", (ROOT / f"{c}.md").read_text(), re.M)) for c in CHAPTERS)
    assert len(set(re.findall(r"Exercise (\d+\.\d+)", text))) == exercises > 0
    assert len(re.findall(r"Solution to Exercise \d+\.\d+", text)) == solutions > 0


def test_no_repr_where_a_picture_belongs_and_no_unresolved_reference(pdf):
    text = pdf_text(pdf)
    assert "<micrograd." not in text and not re.search(r" at 0x[0-9a-f]+", text)
    assert "??" not in text


def html_pictures(page):
    article = page.read_text().split("<article", 1)[1].split("</article>", 1)[0]
    images = re.findall(r'<img\b[^>]*src="[^"]*_images/', article)
    return len(images) + article.count('class="backward-steps"')  # a step-through shows its last frame in the PDF


def test_every_picture_of_the_pages_is_a_vector_image_in_the_pdf(pdf):
    tex = (LATEX / f"{NAME}.tex").read_text()
    front, *chapters = re.split(r"\\chapter\{", tex)  # the intro, then a part per chapter
    counts = [part.count("\\sphinxincludegraphics") for part in (front, *chapters)]
    pages = ["book/intro", *CHAPTERS]
    assert counts == [html_pictures(HTML / f"{page}.html") for page in pages]
    included = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{([^}]+)\}(\.\w+)\}", tex)
    assert included and all(suffix == ".pdf" and (LATEX / f"{name}.pdf").exists() for name, suffix in included)


def test_nothing_runs_past_the_margin(pdf):
    overfull = re.findall(r"^Overfull \\hbox .*$", (LATEX / f"{NAME}.log").read_text(errors="replace"), re.M)
    assert overfull == []  # a table column, a code line or a formula wider than the page


def test_fonts_are_embedded_and_pages_render(pdf, tmp_path):
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)  # the "emb" column
    pages = int(re.search(r"^Pages:\s+(\d+)", subprocess.check_output(["pdfinfo", str(pdf)], text=True), re.M)[1])
    subprocess.run(["pdftoppm", "-r", "12", "-png", str(pdf), str(tmp_path / "page")], check=True)
    rendered = sorted(tmp_path.glob("page-*.png"))
    assert len(rendered) == pages > 50 and all(p.stat().st_size > 100 for p in rendered)


def test_the_pdf_s_name_is_written_the_same_everywhere():
    from micrograd_book import paths

    assert paths.PDF == f"{NAME}.pdf"
    assert f"targetname: {NAME}.tex" in (ROOT / "_config.yml").read_text()
    assert f"PDF := _build/latex/{NAME}.pdf" in (ROOT / "Makefile").read_text()
