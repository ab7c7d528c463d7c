"""The built pages in a real browser: Debian's Chromium driven by Playwright, pages served on 127.0.0.1.

Checks on every page: no console error, no request to another host, every image
loaded, graphs and plots visible, math rendered (no raw TeX left).
Run `make test` (or a strict build) first: this reads _build/html.
"""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from book_site import CHROMIUM, HTML, ROOT
from micrograd_book.folded_sections import PREFIXES
from needs import book_built, missing

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    missing("Chromium is not installed (Debian: apt-get install chromium)", module_level=True)
book_built(HTML, module_level=True)

PAGES = sorted(p.relative_to(HTML).as_posix() for p in (HTML / "book").glob("*.html"))


def test_every_chapter_page_is_checked():
    assert len(PAGES) == len(list((ROOT / "book").glob("*.md")))


@pytest.mark.parametrize("page_path", PAGES)
def test_page(server, browser, page_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console_errors, foreign_requests, failed = [], [], []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    host = urlparse(server).netloc

    def check_request(request):
        url = urlparse(request.url)
        if url.scheme in ("http", "https") and url.netloc != host:
            foreign_requests.append(request.url)

    page.on("request", check_request)
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    page.wait_for_function("() => !window.MathJax || !MathJax.startup || MathJax.startup.promise", timeout=10_000)
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")

    assert console_errors == []
    assert foreign_requests == []
    assert failed == []

    images = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.currentSrc, e.naturalWidth, e.getBoundingClientRect().width])"
    )
    for src, natural_width, _ in images:
        assert natural_width > 0, f"image did not load: {src}"
    text = page.evaluate(  # the prose, without code listings (whose docstrings hold TeX on purpose)
        "() => { const a = document.querySelector('article').cloneNode(true);"
        " a.querySelectorAll('pre, code, .highlight, mjx-container').forEach(e => e.remove());"
        " return a.innerText; }"
    )
    for raw in ("\\frac", "\\partial", "$$", "{glue"):
        assert raw not in text, f"unrendered source left on the page: {raw}"
    inline = re.findall(r"\$[^$\s][^$\n]*\$", text)
    assert inline == [], f"inline math left as TeX: {inline[:3]}"
    if "$" in (ROOT / "book" / (Path(page_path).stem + ".md")).read_text():
        assert page.locator("mjx-container").count() > 0, "math did not render"
    page.close()


def open_every_fold(page):
    """Open what a reader can open: the solutions, folded code, and the folded sections after the exercises."""
    page.evaluate("() => document.querySelectorAll('article .toggle-button').forEach(b => b.click())")
    page.evaluate("() => document.querySelectorAll('article details').forEach(d => (d.open = true))")
    page.wait_for_timeout(500)


def test_graphs_and_plots_are_visible(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/book/value_engine.html", wait_until="networkidle")
    open_every_fold(page)
    graphs = [
        s
        for s in page.eval_on_selector_all(
            ".cell_output img", "els => els.map(e => [e.currentSrc, e.naturalWidth, e.getBoundingClientRect().width])"
        )
        if s[0].endswith(".svg")
    ]
    assert len(graphs) >= 2 and all(width > 100 for _, _, width in graphs)
    page.goto(f"{server}/book/classifier.html", wait_until="networkidle")
    open_every_fold(page)
    plots = [
        s
        for s in page.eval_on_selector_all(
            ".cell_output img", "els => els.map(e => [e.currentSrc, e.getBoundingClientRect().width])"
        )
        if s[0].endswith(".svg")
    ]
    assert len(plots) >= 3 and all(width > 200 for _, width in plots)
    page.close()


def test_notebook_download_is_offered(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/book/training_loop.html", wait_until="networkidle")
    link = page.locator("a[href$='_sources/book/training_loop.ipynb']")  # the launch button's link ends alike
    assert link.count() == 1
    response = page.request.get(f"{server}/_sources/book/training_loop.ipynb")
    assert response.ok and '"cell_type": "code"' in response.text()
    page.close()


def svg_smallest_font_px(svg):
    """The smallest text of a Graphviz SVG, in CSS pixels at the SVG's natural size."""
    width_pt = float(re.search(r'<svg[^>]*width="([\d.]+)pt"', svg).group(1))
    viewbox_width = float(re.search(r'viewBox="[\d.-]+ [\d.-]+ ([\d.]+) [\d.]+"', svg).group(1))
    sizes = [float(f) for f in re.findall(r'font-size="([\d.]+)"', svg)]
    return min(sizes) * (width_pt * 96 / 72) / viewbox_width


MIN_TEXT_PX = 10  # the smallest readable text, as displayed


def chart_smallest_font_px(svg):
    """The smallest text of a chart's SVG (Vega), in CSS pixels at the SVG's natural size."""
    return min(float(f) for f in re.findall(r'font-size="([\d.]+)px"', svg))


@pytest.mark.parametrize("page_path", PAGES)
def test_pictures_and_code_are_readable_at_1280_px(server, browser, page_path):
    """Every graph's and plot's text is >= 10 px as displayed, and no line of code or output wraps or is cut off."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    open_every_fold(page)
    images = page.eval_on_selector_all(
        "article img", "els => els.map(e => [e.currentSrc, e.naturalWidth, e.getBoundingClientRect().width])"
    )
    for src, natural, shown in images:
        if not (src.endswith(".svg") and "_images" in src):
            assert not src.endswith(".png") or "_images" not in src, f"{src}: a raster figure (figures are SVG)"
            continue
        svg = page.request.get(src).text()
        if "Generated by graphviz" in svg:
            font = svg_smallest_font_px(svg) * shown / natural
        else:  # a chart, drawn by Vega
            font = chart_smallest_font_px(svg) * shown / natural
        assert font >= MIN_TEXT_PX, f"{src}: text {font:.1f} px as displayed"
    wrapped = page.eval_on_selector_all(
        "article pre",
        """els => els.filter(e => e.offsetParent !== null).flatMap(e => {
             const style = getComputedStyle(e), lineHeight = parseFloat(style.lineHeight);
             const height = e.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
             const lines = e.innerText.replace(/\\n$/, '').split('\\n');
             const cut = e.scrollWidth > e.clientWidth + 1;
             return (Math.round(height / lineHeight) > lines.length || cut)
               ? [lines.sort((a, b) => b.length - a.length)[0]] : [];
           })""",
    )
    assert wrapped == [], f"lines that wrap or are cut off at the column's edge: {wrapped[:5]}"
    page.close()


# ----- accessibility: axe-core's checks, in the light and the dark theme -------------------------------------------


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(server, browser, page_path, mode):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(f"localStorage.setItem('theme', '{mode}'); localStorage.setItem('mode', '{mode}')")
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    assert (
        page.evaluate("document.documentElement.dataset.theme") == mode
    )  # the theme's own switch, set as a reader would
    violations = axe.run(page).response["violations"]
    page.close()
    serious = [
        (v["id"], v["impact"], [n["html"][:120] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize("page_path", PAGES)
def test_every_picture_says_what_it_shows(server, browser, page_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    pictures = page.eval_on_selector_all("article img", "els => els.map(e => [e.getAttribute('src'), e.alt])")
    page.close()
    for src, alt in pictures:
        assert len(alt) >= 40 and not alt.endswith((".svg", ".png")), f"{src}: alt text {alt!r}"


def test_the_sections_after_the_exercises_are_folded_and_a_link_into_one_opens_it(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/book/value_engine.html", wait_until="networkidle")
    headings = page.eval_on_selector_all("article section > h2", "hs => hs.map(h => h.textContent)")
    titles = [h.split(". ", 1)[-1] for h in headings]  # without the section's number
    after = headings[[t.startswith("Exercises") for t in titles].index(True) + 1 :]
    folds = page.locator("article details.folded-section")
    assert after and all(h.split(". ", 1)[-1].startswith(PREFIXES) for h in after)
    assert folds.count() == len(after) and not any(folds.evaluate_all("fs => fs.map(f => f.open)"))
    fold_around = "() => document.getElementById('second-backward').closest('details.folded-section').open"
    heading = page.locator("article h3", has_text="A second backward() on one graph")  # just after that label
    assert page.evaluate(fold_around) is False and not heading.is_visible()
    page.locator("article a[href='#second-backward']").first.click()  # a link on the main path
    page.wait_for_timeout(300)
    assert page.evaluate(fold_around) is True and heading.is_visible()
    # Chromium opens the fold itself; the page's script does it in browsers that don't. Its turn, alone:
    page.evaluate("() => document.querySelectorAll('details.folded-section').forEach(f => (f.open = false))")
    page.evaluate("() => window.dispatchEvent(new HashChangeEvent('hashchange'))")
    assert page.evaluate(fold_around) is True
    page.close()


def test_a_reader_steps_through_backward_on_the_page(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/book/value_engine.html", wait_until="networkidle")
    steps = page.locator(".backward-steps")
    assert steps.count() == 1

    def shown():  # the captions of the frames on screen
        frames = (
            "fs => fs.filter(f => getComputedStyle(f).display !== 'none').map(f => f.querySelector('p').textContent)"
        )
        return [re.sub(r"^(◀ previous )?(next ▶ )?", "", text) for text in steps.locator(".frame").evaluate_all(frames)]

    total = steps.locator(".frame").count()
    assert total > 3 and shown()[0].startswith("Start:")
    for k in range(1, total):
        steps.locator(".frame:visible label", has_text="next").click()
        assert len(shown()) == 1 and shown()[0].startswith(f"Step {k}:")
    steps.locator(".frame:visible label", has_text="previous").click()
    assert shown()[0].startswith(f"Step {total - 2}:")
    steps.locator(".numbers label", has_text="start").click()
    page.keyboard.press("ArrowRight")  # the steps are radio buttons: the keyboard moves between them too
    assert shown()[0].startswith("Step 1:")
    page.close()
