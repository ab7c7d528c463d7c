"""The book's own promises: its chapter skeleton, a broken cell fails the build, a package edit re-runs the cells."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from book_site import BUILD_STRICT, JUPYTER_BOOK, ROOT
from micrograd_book.folded_sections import PREFIXES
from needs import book_built

import micrograd

CHAPTERS = sorted((ROOT / "book").glob("*.md"))


def test_toc_lists_exactly_the_chapters():
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    listed = [toc["root"]] + [entry["file"] for entry in toc["chapters"]]
    assert toc["root"] == "book/intro"
    assert sorted(listed) == sorted(f"book/{c.stem}" for c in CHAPTERS) and len(set(listed)) == len(listed)


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c.stem != "intro"], ids=lambda c: c.stem)
def test_chapter_skeleton(chapter):
    text = chapter.read_text()
    assert text.startswith("---\njupytext:") and "kernelspec:" in text, "jupytext front matter"
    assert re.search(r"^\(\S+\)=\n# ", text, re.M), "a label before the title"
    headings = re.findall(r"^## (.+)$", text, re.M)
    main = headings[: headings.index("Exercises") + 1]  # then only sections that go deeper, marked so
    assert main[0] == "Overview" and main[-2] == "Summary"
    assert all(h.startswith(PREFIXES) for h in headings[len(main) :])  # folded on the web page
    assert not any(h.startswith(PREFIXES) for h in main)
    exercises = re.findall(r"^```\{exercise\}", text, re.M)
    solutions = re.findall(r"^```\{solution-start\} \S+\n:class: dropdown", text, re.M)
    assert len(exercises) >= 3 and len(solutions) == len(exercises)


ANSWERED_IN_WORDS = {  # exercises whose answer is an observation or a reason, which no check can judge
    "ex-by-hand-lr",
    "ex-by-hand-target",
    "ex-by-hand-secant",
    "ex-engine-deep",
    "ex-engine-trace",
    "ex-mlp-one",
    "ex-loop-seeds",
    "ex-loop-predict",
    "ex-perf-instructions",
    "ex-perf-growth",
    "ex-cost-threshold",
    "ex-cost-tracked",
}


def test_every_exercise_whose_answer_is_code_has_a_check_that_its_solution_passes():
    unchecked = set()
    for chapter in CHAPTERS:
        text = chapter.read_text()
        for label, solution in re.findall(
            r"^:label: (ex-\S+)\n.*?^```\{solution-start\}(.*?)^```\{solution-end\}", text, re.M | re.S
        ):
            checks = set(re.findall(r"^(check_\w+)\(", solution, re.M))
            if not checks:
                unchecked.add(label)
            for check in checks:  # the reader sees the check run; a removed cell asserts that it passed
                assert f"assert {check}(" in solution, (label, check)
    assert unchecked == ANSWERED_IN_WORDS


RANDOM_USES = {"MLP", "Layer", "Neuron", "uniform", "random", "gauss", "choice", "shuffle", "sample", "randint"}


def random_events(chapter):
    """(cell, line, kind) for each call in the chapter's code cells, in execution order: 'seed' or 'use'."""
    import ast

    cells = re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", chapter.read_text(), re.M | re.S)
    events = []
    for index, cell in enumerate(cells):
        cell = re.sub(r"\A---\n.*?^---\n", "", cell, flags=re.S | re.M)  # a cell's options as a YAML block
        code = "\n".join(
            "pass" if line.startswith("%") else line for line in cell.splitlines() if not line.startswith(":tags:")
        )  # magics aren't Python
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name == "seed":
                    events.append((index, node.lineno, "seed"))
                elif name in RANDOM_USES and not (name == "random" and isinstance(node.func, ast.Name)):
                    events.append((index, node.lineno, "use"))
    return sorted(events)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_random_choices_are_seeded_before_their_first_use(chapter):
    events = random_events(chapter)
    uses = [e for e in events if e[2] == "use"]
    if uses:
        seeds = [e for e in events if e[2] == "seed"]
        assert seeds and seeds[0] < uses[0], (
            f"first random use at cell {uses[0][0]}, line {uses[0][1]}, before any seed"
        )


def test_the_seeding_check_catches_a_late_seed(tmp_path):
    late = tmp_path / "late.md"
    late.write_text(
        "```{code-cell} ipython3\nmodel = MLP(2, [3])\n```\n\n```{code-cell} ipython3\nrandom.seed(1)\n```\n"
    )
    events = random_events(late)
    assert [kind for _, _, kind in events] == ["use", "seed"]


def mini_book(tmp_path, chapter_text, suffix=".md", extra_pages=None):
    """A copy of the book's configuration, extensions and package, with one chapter (and pages named in extra_pages)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name in ("_config.yml", "micrograd", "pyproject.toml", "README.md"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    for folder in ("_ext", "images"):  # the book's extensions; its favicon
        shutil.copytree(ROOT / "book" / folder, tmp_path / "book" / folder)
    extra_pages = extra_pages or {}
    chapters = "".join(f"\n  - file: book/{name}" for name in extra_pages)
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/page\n" + (f"chapters:{chapters}\n" if chapters else "")
    )
    (tmp_path / "book" / f"page{suffix}").write_text(chapter_text)
    for name, text in extra_pages.items():
        (tmp_path / "book" / f"{name}.md").write_text(text)
    return tmp_path


def build(path, **variables):
    # PYTHONPATH: the copy's kernel imports the copy's micrograd, not the installed one.
    # No live site unless asked for: the book's own build makes one, and tests/site/test_live_site.py reads it.
    env = {**os.environ, "PYTHONPATH": str(path), "BOOK_LIVE_SITE": "off", **variables}
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(path), *BUILD_STRICT],
        capture_output=True,
        text=True,
        cwd=path,
        env=env,
    )


PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A page

```{code-cell} ipython3
from micrograd import Value
print(Value(2.0) * 3)
```
"""


@pytest.mark.book
def test_a_broken_cell_fails_the_build(tmp_path):
    broken = PAGE + "\n```{code-cell} ipython3\nValue(1.0) + 'oops'\n```\n"
    result = build(mini_book(tmp_path, broken))
    assert result.returncode != 0
    assert "TypeError" in result.stdout + result.stderr


@pytest.mark.book
def test_a_cell_tagged_raises_exception_may_fail(tmp_path):
    expected = PAGE + "\n```{code-cell} ipython3\n:tags: [raises-exception]\nValue(1.0) + 'oops'\n```\n"
    result = build(mini_book(tmp_path, expected))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


KERNEL_PID = "\n```{code-cell} ipython3\nimport os\nprint('kernel', os.getpid())\n```\n"


@pytest.mark.book
def test_editing_the_package_re_executes_cached_pages(tmp_path):
    """The page prints its kernel's process id: a new id on the page means the cells ran again."""
    book = mini_book(tmp_path, PAGE + KERNEL_PID)
    html = book / "_build" / "html" / "book" / "page.html"

    def kernel_on_page():
        (pid,) = re.findall(r"kernel (\d+)", html.read_text())
        return pid

    first = build(book)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "Value(data=6.0" in html.read_text()
    executed_by = kernel_on_page()

    again = build(book)  # nothing changed: nothing runs
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert kernel_on_page() == executed_by

    engine = book / "micrograd" / "engine.py"  # the package now prints its values differently
    engine.write_text(engine.read_text().replace('return f"Value(data=', 'return f"Value(value='))
    third = build(book)
    assert third.returncode == 0, third.stdout[-3000:] + third.stderr[-3000:]
    assert kernel_on_page() != executed_by
    assert "Value(value=6.0" in html.read_text()


# A time as the timed chapters print it ("  0.27 ms", "28 ns"), a difference of two ("-0.3 ms"),
# or a ratio of two ("  3.1×"): all else on a page is the same on every build.
TIMING = re.compile(r"[ \t]*-?\d[\d,]*(?:\.\d+)?(?:[ ]?(?:ms|ns|s)\b|×)".encode())
SEARCH_INDEX = "searchindex.js"  # quotes the printed times as words, without their units
# A chart of times begins its description so (micrograd.charts puts it in the SVG, the cell's alt text on the
# page): its picture, and so its image file's name, differ on every build.
TIMED_FIGURE = b"Times measured while this page was built"
TIMED_IMAGE = re.compile(rb'(<img alt="' + re.escape(TIMED_FIGURE) + rb'[^"]*" src=")[^"]*(")')


# A count of the objects alive in the notebook's Python, which its own imports and caches make: it differs from
# run to run, so a chapter prints it as "<count> live tracked objects", or, with dropped objects still waiting for
# the collector among them, as "<count> tracked objects in sight".
LIVE_COUNT = re.compile(rb"\d[\d,]*(?= live tracked objects| tracked objects in sight)")


def without_timings(page):
    page = LIVE_COUNT.sub(b"<live count>", page)
    return TIMING.sub(b" <time>", TIMED_IMAGE.sub(rb"\1<timed figure>\2", page))


def without_timed_figures(notebook):
    """A notebook's JSON, with each output that draws a chart of times replaced by a placeholder."""
    cells = json.loads(notebook)
    for cell in cells["cells"]:
        for i, output in enumerate(cell.get("outputs", [])):
            if TIMED_FIGURE.decode() in "".join(output.get("data", {}).get("text/plain", "")):
                cell["outputs"][i] = {"timed figure": True}
    return json.dumps(cells, sort_keys=True, ensure_ascii=False).encode()


def a_timed_figure(path):
    return path.suffix == ".svg" and b'aria-label="' + TIMED_FIGURE in path.read_bytes()[:4000]


@pytest.mark.book
def test_two_clean_builds_give_the_same_pages(tmp_path):
    """Every random choice is seeded and only counts are glued: a second clean build writes the same pages,
    but for printed times and the count of live objects."""
    first = ROOT / "_build" / "html"
    book_built(first)
    result = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(ROOT), "--path-output", str(tmp_path), *BUILD_STRICT],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    second = tmp_path / "_build" / "html"
    # the second build's files: the first may also hold figures left over from earlier incremental builds
    pages = sorted(
        p.relative_to(second).as_posix()
        for p in second.rglob("*")
        if p.is_file() and p.suffix in (".html", ".ipynb", ".js", ".svg", ".png") and not a_timed_figure(p)
    )
    assert "book/classifier.html" in pages and "book/performance.html" in pages

    def content(path):  # Sphinx adds ?v=<checksum> to asset links on incremental builds only
        page = re.sub(rb"\?v=[0-9a-f]+", b"", path.read_bytes())
        return without_timings(without_timed_figures(page) if path.suffix == ".ipynb" else page)

    differing = [p for p in pages if p != SEARCH_INDEX and content(first / p) != content(second / p)]
    assert differing == []


def test_the_timing_mask_hides_times_and_nothing_else():
    page = (
        b"<pre>x + y     4 instructions,     28 ns\nforward  1,234 instructions,   0.27 ms\n"
        b"35 times;  5.5 ms\n10 steps\n  4.1 times the instructions,   3.2\xc3\x97\non - off: -0.3 ms\n"
        b"123,456 live tracked objects\n72,562 tracked objects</pre>"
    )
    assert (
        without_timings(page) == b"<pre>x + y     4 instructions, <time>\nforward  1,234 instructions, <time>\n"
        b"35 times; <time>\n10 steps\n  4.1 times the instructions, <time>\non - off: <time>\n"
        b"<live count> live tracked objects\n72,562 tracked objects</pre>"
    )


def test_the_timed_figure_mask_hides_a_chart_of_times_and_nothing_else():
    page = (
        b'<img alt="Times measured while this page was built: ms per pass" src="../_images/ab12.svg" />'
        b'<img alt="Two bars" src="../_images/cd34.svg" />'
    )
    assert without_timings(page) == (
        b'<img alt="Times measured while this page was built: ms per pass" src="<timed figure>" />'
        b'<img alt="Two bars" src="../_images/cd34.svg" />'
    )
    chart = {"text/plain": "<Chart: Times measured while this page was built>", "image/svg+xml": "<svg>2</svg>"}
    other = {"text/plain": "<Chart: Two bars>", "image/svg+xml": "<svg>3</svg>"}
    notebook = {"cells": [{"outputs": [{"data": chart}, {"data": other}, {"text": "10 steps"}]}, {"source": "x"}]}
    masked = json.loads(without_timed_figures(json.dumps(notebook).encode()))
    assert masked["cells"] == [
        {"outputs": [{"timed figure": True}, {"data": other}, {"text": "10 steps"}]},
        {"source": "x"},
    ]


def stub_pages(labels):
    """Pages that only carry the labels another chapter refers to, so that it builds alone."""
    return {label: f"({label})=\n# {label}\n" for label in labels}


TIMED_CHAPTERS = [c for c in CHAPTERS if re.search(r"\bseconds\(|perf_counter", c.read_text())]  # they print times


def test_the_chapters_that_print_times_are_found():
    assert [c.stem for c in TIMED_CHAPTERS] == ["node_cost", "performance"]


@pytest.mark.book
@pytest.mark.parametrize("chapter", TIMED_CHAPTERS, ids=lambda c: c.stem)
def test_a_timed_chapter_builds_and_reads_the_same_while_both_cores_are_busy(tmp_path, chapter):
    """Five strict builds on a loaded machine: none fails, and all give the same page but for the printed times."""
    chapter = chapter.read_text()
    referred = set(re.findall(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`", chapter))  # {ref}`label`, {ref}`text <label>`
    labels = sorted(referred - set(re.findall(r"^\(([\w-]+)\)=$", chapter, re.M)))  # those of other chapters
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(os.cpu_count() or 2)]
    pages = []
    try:
        for attempt in range(5):
            book = mini_book(tmp_path / f"build-{attempt}", chapter, extra_pages=stub_pages(labels))
            result = build(book)
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
            pages.append(without_timings((book / "_build" / "html" / "book" / "page.html").read_bytes()))
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert b"<time>" in pages[0] and all(page == pages[0] for page in pages[1:])


# One print() reaching the page in two stream chunks, as from a kernel whose flush timer fired mid-line on a
# busy machine: an explicit flush makes the cut every time.
SPLIT_PRINT = PAGE.replace(
    "print(Value(2.0) * 3)",
    'print("1.0", end="", flush=True)\nprint(" 1.000000000139778")\nprint("done")',
)


@pytest.mark.book
def test_a_print_split_into_chunks_shows_as_one_line(tmp_path):
    result = build(mini_book(tmp_path, SPLIT_PRINT))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = (tmp_path / "_build" / "html" / "book" / "page.html").read_text()
    (block,) = re.findall(r'<div class="cell_output.*?<pre>(.*?)</pre>', html, re.S)
    assert re.sub(r"<[^>]+>", "", block) == "1.0 1.000000000139778\ndone\n"
    reader = json.loads((tmp_path / "_build" / "html" / "_sources" / "book" / "page.ipynb").read_text())
    (code,) = [c for c in reader["cells"] if c["cell_type"] == "code" and "done" in "".join(c["source"])]
    assert ["".join(o["text"]) for o in code["outputs"]] == [
        "1.0 1.000000000139778\ndone\n"
    ]  # the reader's notebook too


@pytest.mark.book
def test_a_build_prints_no_kernel_security_notice(tmp_path):
    result = build(mini_book(tmp_path, PAGE))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Executing notebook" in result.stdout  # a kernel did run
    assert "without encryption" not in result.stdout + result.stderr


REPOSITORY = {
    "BOOK_REPOSITORY_URL": "https://github.com/example/micrograd-book",
    "BOOK_BRANCH": "main",
    "BOOK_URL": "https://example.github.io/micrograd-book",
}


@pytest.mark.book
def test_a_published_build_knows_its_repository_and_a_local_one_does_not(tmp_path):
    """As the Pages workflow builds it (the variables it sets), and as a reader builds it (none set)."""
    published = build(mini_book(tmp_path / "published", PAGE), **REPOSITORY)
    assert published.returncode == 0 and "WARNING" not in published.stdout + published.stderr, published.stderr[-3000:]
    html = (tmp_path / "published" / "_build" / "html" / "book" / "page.html").read_text()
    assert 'href="https://github.com/example/micrograd-book"' in html  # the repository button
    assert "https://github.com/example/micrograd-book/issues/new?title=" in html
    assert "https://github.com/example/micrograd-book/edit/main/book/page.md" in html
    assert 'href="../micrograd-book.pdf"' in html and "Download the book (PDF)" in html  # make pdf puts it there
    notebook = (tmp_path / "published" / "_build" / "html" / "_sources" / "book" / "page.ipynb").read_text()
    wheel = f"https://example.github.io/micrograd-book/wheels/micrograd_book-{micrograd.__version__}-py3-none-any.whl"
    assert f'%pip install --quiet \\"micrograd-book[viz] @ {wheel}\\"' in notebook  # the first cell: the site's wheel
    assert (
        tmp_path
        / "published"
        / "_build"
        / "html"
        / "wheels"
        / f"micrograd_book-{micrograd.__version__}-py3-none-any.whl"
    ).exists()

    variables = {name: "" for name in REPOSITORY}
    local = build(mini_book(tmp_path / "local", PAGE), **variables)
    assert local.returncode == 0 and "WARNING" not in local.stdout + local.stderr
    html = (tmp_path / "local" / "_build" / "html" / "book" / "page.html").read_text()
    assert "github.com" not in html and "/edit/" not in html and "issues/new" not in html
    assert "micrograd-book.pdf" not in html  # a local build links no PDF (make pdf writes it to _build/latex)


@pytest.mark.book
def test_without_its_parts_the_book_builds_without_the_live_site_and_says_so_in_one_line(tmp_path):
    """Its parts not fetched (an empty download cache), a build still makes the book, and downloads nothing."""
    offline = {"BOOK_LIVE_SITE": "on", "XDG_CACHE_HOME": str(tmp_path / "empty-cache")}
    result = build(mini_book(tmp_path / "book", PAGE), **offline)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    said = [line for line in (result.stdout + result.stderr).splitlines() if "live site" in line]
    assert len(said) == 1 and said[0].startswith("live site: skipped, the book is built without it"), said
    html = tmp_path / "book" / "_build" / "html"
    assert not (html / "lite").exists() and "lite/lab" not in (html / "book" / "page.html").read_text()
    assert not (tmp_path / "empty-cache").exists()  # fetching is make live-site-parts' step, not the build's
