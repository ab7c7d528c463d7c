"""The live site (micrograd_book/live_site.py): every chapter runs in the reader's browser, from the book's own site.

The first tests read the built site: what it ships, and that it needs no other
host. The last ones are a reader, for every chapter: Debian's Chromium opens its page served
on 127.0.0.1 (gzip as GitHub Pages sends it), follows its JupyterLite launch
button, clears the notebook's shipped outputs, runs every cell, and reads what
came out, with every request to another host blocked and counted.
Run `make test` (or a strict build) first: this reads _build/html.
"""

import base64
import hashlib
import html
import json
import re
import time
from urllib.parse import unquote, urlparse

import pytest
from book_site import HTML, ROOT, SiteHandler
from micrograd_book import live_site
from needs import missing

LITE = HTML / "lite"


CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("*.md"))


def built():
    if not (LITE / "jupyter-lite.json").exists():
        missing("the live site is not built: run `make test` (or `make book`) first")


# ----- the parts, before any build ----------------------------------------------------------


def test_the_lock_keeps_only_what_the_site_ships_with_the_hashes_of_its_files(tmp_path):
    wheel = tmp_path / "six-1.17.0-py2.py3-none-any.whl"
    wheel.write_bytes(b"a wheel")
    lock = {
        "info": {"abi_version": "2026_0"},
        "packages": {
            "six": {"name": "six", "file_name": wheel.name, "sha256": "0" * 64, "depends": []},
            "numpy": {"name": "numpy", "file_name": "numpy.whl", "sha256": "1" * 64, "depends": []},
        },
    }
    trimmed = live_site.trimmed_lock(lock, {wheel.name: wheel})
    assert trimmed["info"] == lock["info"]
    assert list(trimmed["packages"]) == ["six"]
    assert trimmed["packages"]["six"]["sha256"] == hashlib.sha256(b"a wheel").hexdigest()


def test_the_lock_refuses_a_wheel_it_does_not_name_or_a_missing_dependency(tmp_path):
    wheel = tmp_path / "stack_data-0.6.3-py3-none-any.whl"
    wheel.write_bytes(b"")
    lock = {"packages": {"stack-data": {"file_name": wheel.name, "sha256": "", "depends": ["pure_eval"]}}}
    with pytest.raises(RuntimeError, match=r"depend on: \['pure-eval'\]"):
        live_site.trimmed_lock(lock, {wheel.name: wheel})
    with pytest.raises(RuntimeError, match="not in Pyodide's lock"):
        live_site.trimmed_lock({"packages": {}}, {wheel.name: wheel})


def test_an_npm_download_that_does_not_match_the_lock_is_refused(tmp_path, monkeypatch):
    class Response(bytes):
        def read(self):
            return bytes(self)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(live_site.urllib.request, "urlopen", lambda url, timeout: Response(b"not pyodide"))
    with pytest.raises(live_site.MismatchedDownload, match="does not match the integrity hash in package-lock.json"):
        live_site.npm_package("pyodide", tmp_path, download=True)
    assert not list((tmp_path / "npm").iterdir())  # nothing unchecked is left in the cache


def test_a_wheel_that_does_not_match_its_pinned_hash_is_refused(tmp_path):
    pins = tmp_path / "pins.txt"
    pins.write_text("six==1.17.0 --hash=sha256:" + "0" * 64 + "\n")
    with pytest.raises(live_site.MismatchedDownload, match="pins.txt pins does not match its hash"):
        live_site.pinned_wheels(pins, tmp_path, download=True)
    assert not list((tmp_path / "wheels").glob("*.whl"))


def test_the_build_reads_the_cache_and_never_downloads(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the build tried to download")

    monkeypatch.setattr(live_site.urllib.request, "urlopen", no_network)
    monkeypatch.setattr(live_site.subprocess, "run", no_network)  # pip download
    pins = tmp_path / "pins.txt"
    pins.write_text("six==1.17.0 --hash=sha256:" + "0" * 64 + "\n")
    with pytest.raises(live_site.NotFetched, match="is not in"):
        live_site.npm_package("pyodide", tmp_path / "cache", download=False)
    with pytest.raises(live_site.NotFetched, match="pins.txt pins are not in"):
        live_site.pinned_wheels(pins, tmp_path / "cache", download=False)
    assert not (tmp_path / "cache").exists()  # nothing written either


def test_the_pins_match_the_packages_the_pyodide_kernel_loads():
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["pyodide"]
    assert lock["node_modules/pyodide"]["version"] == pinned  # the lock installs the one version package.json names
    pins = dict(re.findall(r"^([\w.-]+)==([\w.]+) ", (ROOT / "live" / "piplite-packages.txt").read_text(), re.M))
    requirements = dict(re.findall(r"^([\w.-]+)==([\w.]+)", (ROOT / "requirements.txt").read_text(), re.M))
    assert pins == {name: requirements[name] for name in pins}  # the browser gets the versions the build uses


# ----- the built site -----------------------------------------------------------------------


def test_the_site_ships_pyodide_and_its_wheels_with_a_lock_that_matches_them():
    built()
    pyodide = LITE / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    assert len(lock["packages"]) == 16 + len(live_site.PRELOADED)
    assert {"micrograd-book", "graphviz"} <= set(lock["packages"])  # loaded with Pyodide: see the next test
    for entry in lock["packages"].values():
        assert hashlib.sha256((pyodide / entry["file_name"]).read_bytes()).hexdigest() == entry["sha256"]
    assert (pyodide / "pyodide.asm.wasm").exists() and (pyodide / "viz-js" / "viz.js").exists()
    assert not (ROOT / "_contents").exists()  # jupyterlite-sphinx's staging folder stays in _build, out of the sources


def test_the_kernel_uses_the_site_s_pyodide_and_never_pypi():
    built()
    config = json.loads((LITE / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert kernel["disablePyPIFallback"] is True
    assert kernel["loadPyodideOptions"]["packages"] == ["graphviz", "micrograd-book"]  # importable from the first cell
    index = json.loads((LITE / "pypi" / "all.json").read_text())
    assert {"micrograd-book", "comm", "graphviz"} <= set(index)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_page_launches_its_notebook_in_jupyterlite(chapter):
    built()
    page = (HTML / "book" / f"{chapter}.html").read_text()
    link = re.search(r'href="([^"]*lite/lab/index\.html\?path=([^"]+))"', page)
    assert link, "no JupyterLite launch button"
    target = (HTML / "book" / link.group(1).split("?")[0]).resolve()
    assert target == (LITE / "lab" / "index.html").resolve() and target.exists()
    assert unquote(link.group(2)) == f"book/{chapter}.ipynb"
    assert (LITE / "files" / "book" / f"{chapter}.ipynb").exists()  # in the lab's files, where the link points
    assert "fonts.googleapis.com" not in page


def test_the_live_site_stays_within_its_size_budget():
    built()
    size = sum(p.stat().st_size for p in LITE.rglob("*") if p.is_file())
    assert size <= 100e6, f"the live site adds {size / 1e6:.0f} MB to the book"
    assert not list(LITE.rglob("*.map"))  # source maps: built without them


# ----- a reader, in a real browser ------------------------------------------------------------

OUTPUTS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')].map(cell => ({
    prompt: cell.querySelector('.jp-InputPrompt').textContent.trim(),
    outputs: [...cell.querySelectorAll('.jp-OutputArea-output')].map(o => ({
        mime: o.getAttribute('data-mime-type'), text: o.textContent,
        image: (o.querySelector('img') || {}).src || null,
        chart: !!o.querySelector('.vega-embed canvas, .vega-embed svg'),
        frames: [...o.querySelectorAll('.backward-steps .frame')].map(f => getComputedStyle(f).display)}))}))"""
ALL_DONE = """() => { const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
    return prompts.some(p => /\\[\\d+\\]/.test(p.textContent)) && !prompts.some(p => p.textContent.includes('*')); }"""
# Done: something ran and nothing is queued. Run All stops at an error, leaving later cells unnumbered.


def menu(lab, top, item):
    lab.click(f".lm-MenuBar-itemLabel:text-is('{top}')")
    lab.click(f".lm-Menu-itemLabel:text-is('{item}')")


# After running a chapter, a reader tries a wrong answer to one of its checked exercises in a new cell:
# a __sub__ with no _backward (the chapter's check_sub is imported by its solution, which ran).
WRONG_ANSWERS = {
    "value_engine": 'ValueV1.__sub__ = lambda self, other: ValueV1(self.data - other.data, (self, other), "-")\n'
    "check_sub(ValueV1)",
}


def try_an_answer(lab, code):
    """Add a cell below the last one, type code into it, run it: its output's text."""
    lab.keyboard.press("Escape")
    lab.locator(".jp-Notebook .jp-Cell .jp-InputPrompt").last.click()  # the last cell, selected, not edited
    lab.keyboard.press("b")  # a new cell below it
    lab.keyboard.press("Enter")
    lab.keyboard.insert_text(code)  # as pasted: no auto-closed brackets
    lab.keyboard.press("Control+Enter")  # runs it, and stays there
    output = lab.locator(".jp-Notebook .jp-CodeCell").last.locator(".jp-OutputArea-output")
    output.first.wait_for(timeout=60_000)
    return output.first.inner_text()


def run_in_jupyterlite(server, browser, chapter):
    """Open the chapter's page, follow its launch button, run every cell: what the reader sees, and what it cost."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    host, foreign = urlparse(server).netloc, []

    def block_other_hosts(route):
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https") and url.netloc != host:
            foreign.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", block_other_hosts)
    page = context.new_page()
    sent_before = SiteHandler.bytes_sent  # a new browser context: nothing cached, as for a first visit
    page.goto(f"{server}/book/{chapter}.html")
    start = time.monotonic()
    with context.expect_page() as opened:
        page.click(".dropdown-launch-buttons button")
        page.click("a.btn-jupyterlite-button")
    lab = opened.value
    lab.wait_for_selector(".jp-Notebook .jp-CodeCell .jp-OutputArea-output", timeout=120_000)
    shipped = json.loads((LITE / "files" / "book" / f"{chapter}.ipynb").read_text())["cells"]
    hidden = sum(cell["metadata"].get("jupyter", {}).get("source_hidden", False) for cell in shipped)
    lab.wait_for_function(f"() => document.querySelectorAll('.jp-Notebook .jp-Cell').length == {len(shipped)}")
    folded = lab.locator(".jp-Notebook .jp-CodeCell .jp-InputPlaceholder").count()  # the solutions' code, folded
    menu(lab, "View", "Expand All Code")  # so that every prompt shows whether its cell ran, or still runs
    menu(lab, "Edit", "Clear Outputs of All Cells")  # what comes out must come from this run
    assert lab.evaluate(OUTPUTS) and not any(c["outputs"] for c in lab.evaluate(OUTPUTS))
    menu(lab, "Run", "Run All Cells")
    lab.wait_for_function(ALL_DONE, timeout=900_000, polling=500)
    seconds = time.monotonic() - start
    cells = lab.evaluate(OUTPUTS)
    wrong = try_an_answer(lab, WRONG_ANSWERS[chapter]) if chapter in WRONG_ANSWERS else None
    context.close()
    return {
        "cells": cells,
        "foreign": foreign,
        "bytes": SiteHandler.bytes_sent - sent_before,
        "seconds": seconds,
        "wrong answer": wrong,
        "folded": (folded, hidden),
    }


def svg_of(image_src):
    assert image_src and image_src.startswith("data:image/svg+xml"), image_src
    head, data = image_src.split(",", 1)
    return base64.b64decode(data).decode() if head.endswith(";base64") else unquote(data)


@pytest.fixture(scope="module")
def live_runs(server, browser):
    built()
    runs = {}
    yield lambda chapter: runs.setdefault(chapter, run_in_jupyterlite(server, browser, chapter))
    for chapter, run in runs.items():  # the numbers the closing note and the README report
        print(f"\n{chapter}: ran in {run['seconds']:.1f} s in the browser, {run['bytes'] / 1e6:.1f} MB transferred")


def outputs_of(run):
    return [o for cell in run["cells"] for o in cell["outputs"]]


@pytest.mark.browser
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_reader_runs_the_chapter_in_the_browser_with_no_other_host(live_runs, chapter):
    run = live_runs(chapter)
    errors = [o["text"] for o in outputs_of(run) if o["mime"] == "application/vnd.jupyter.stderr"]
    assert not errors, errors[0][-2000:]
    prompts = [c["prompt"] for c in run["cells"]]
    assert all(re.fullmatch(r"\[\d+\]:", prompt) for prompt in prompts), " ".join(prompts)  # every cell ran
    assert run["foreign"] == []
    assert run["bytes"] <= 25e6, f"{run['bytes'] / 1e6:.1f} MB for a first live chapter"
    text = "".join(o["text"] for o in outputs_of(run))
    assert "this book's package, is ready" in text
    folded, hidden = run["folded"]
    assert folded == hidden and (hidden > 0) == (chapter != "intro")  # the solutions' code opened folded


@pytest.mark.browser
def test_chapter_1_computes_the_seed_s_numbers(live_runs):
    text = "".join(o["text"] for o in outputs_of(live_runs("neuron_by_hand")))
    for number in ("z = 0.6506", "L = 0.1831", "dL/dw1 = -0.2878, dL/dw2 = -0.4030", "L 0.1831 -> 0.1328"):
        assert number in text


@pytest.mark.browser
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_figure_cell_draws_its_chart_in_the_lab(live_runs, chapter):
    source = (ROOT / "book" / f"{chapter}.md").read_text()
    figures = len(re.findall(r"^  image:\n    alt:", source, re.M))  # each figure cell describes its picture
    charts = [o for o in outputs_of(live_runs(chapter)) if o["chart"]]  # drawn by JupyterLab's Vega-Lite, live
    assert len(charts) == figures and not any("Vega Editor" in o["text"] for o in charts)  # no link to another site


@pytest.mark.browser
def test_chapter_5_redraws_its_training_picture_in_place(live_runs):
    (training,) = [
        c for c in live_runs("classifier")["cells"] if any("as in the run above" in o["text"] for o in c["outputs"])
    ]
    assert sum(o["chart"] for o in training["outputs"]) == 1  # each update replaced the picture, none was added


@pytest.mark.browser
def test_chapter_2_s_checked_exercises_pass_their_reference_and_catch_a_wrong_answer_in_the_lab(live_runs):
    run = live_runs("value_engine")
    text = "".join(o["text"] for o in outputs_of(run))
    assert "✓ __sub__ passes" in text and "✓ relu passes" in text  # the folded solutions ran, and passed
    assert run["wrong answer"].startswith("✗ a - b passes no gradient back"), run["wrong answer"]


@pytest.mark.browser
def test_chapter_2_draws_its_graphs_as_svg_with_graphviz_in_webassembly(live_runs):
    run = live_runs("value_engine")
    svgs = [svg_of(o["image"]) for o in outputs_of(run) if o["mime"] == "image/svg+xml"]
    source = (ROOT / "book" / "value_engine.md").read_text()
    # one per draw_dot call, and one for the backward walk's frame drawn on its own (a cell ending in `drawing`)
    drawn = [name or frame for name, frame in re.findall(r"^(?:draw_dot\((\w+)|(drawing)$)", source, re.M)]
    assert len(svgs) == len(drawn) > 2
    assert all(s.lstrip().startswith(("<svg", "<?xml")) and "Generated by graphviz" in s for s in svgs)
    neuron = svgs[drawn.index("loss")]  # chapter 1's neuron, after backward(): the one draw_dot(loss, ...)
    texts = [html.unescape(t) for t in re.findall(r">([^<>]+)</text>", neuron)]
    for label in ("x1", "w1", "data 0.0259", "grad -0.2878", "y_hat", "tanh"):  # after backward(), as on the page
        assert label in texts
    text = "".join(o["text"] for o in outputs_of(run))
    assert "dL/dw1     -0.287848" in text
    (steps,) = [o["frames"] for o in outputs_of(run) if o["frames"]]  # BackwardSteps, as on the page
    assert len(steps) > 3 and steps.count("none") == len(steps) - 1  # its style applies: one step at a time
