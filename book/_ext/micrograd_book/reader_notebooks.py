"""Offer each chapter as a notebook that runs in any Jupyter and reads like the page.

At the end of a build, for every executed chapter, this reads the chapter as
myst-nb reads it, with the outputs of its execution from myst-nb's cache (its
``jupyter_execute/`` copy lacks them when the page came from the cache), and
writes ``_sources/<page>.ipynb``, which the page's download menu links to. In it:

- MyST becomes plain Jupyter Markdown, read block by block with myst-parser's own parser and the
  build's MyST configuration, so that the notebook reads the page's directives, roles and labels as
  the page did (directive options as the directive itself parses them): ``{glue:text}`` becomes the value as the
  page shows it; ``{ref}`` a link to that page (on the published site when its
  URL is known, else relative); an exercise a heading "Exercise 2.1" (numbered as on the
  page); a solution a heading "Solution to exercise 2.1" above its cells, folded (JupyterLab's
  ``jupyter.source_hidden`` and ``outputs_hidden``), as on the page; ``literalinclude`` the source
  it includes, as a fenced block; an admonition a quoted block; a table directive its table; labels vanish.
- The book's bookkeeping leaves the code: ``glue(...)`` calls and their import,
  their outputs, the asserts of hidden cells, which check the prose against
  the build's run (a reader's machine, or browser, times differently).
- Stream outputs come merged from the cache, as on the page (workarounds.merge_streams_as_executed), and
  memory addresses in plain-text outputs (``<Digraph at 0x…>``) are dropped.
- A first cell of five lines makes the book's own micrograd ready (FIRST_CELL): it installs
  the package where it is missing, then calls ``micrograd.notebook.setup()``.
"""

import ast
import copy
import json
import re
from pathlib import Path

import nbformat
from docutils.parsers.rst import directives as rst_directives
from docutils.parsers.rst.languages import en as rst_english
from jupyter_cache import get_cache
from markdown_it.renderer import RendererHTML
from myst_nb.core.read import create_nb_reader
from myst_nb.core.variables import format_plain_text
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from sphinx.directives.code import LiteralIncludeReader
from sphinx.util.docutils import is_directive_registered

from . import paths

ADMONITIONS = {"note", "tip", "hint", "important", "warning", "caution", "attention", "seealso", "admonition"}
ADDRESS = re.compile(r" at 0x[0-9a-f]+>")

FIRST_CELL = """\
import importlib.util  # this book's micrograd: installed if missing (in the browser it is there)
if importlib.util.find_spec("micrograd") is None:
    %pip install --quiet {requirement}
import micrograd.notebook  # if "No module named 'micrograd.notebook'": see the note above
await micrograd.notebook.setup()
"""

INSTALL_NOTE = """\
This notebook is a chapter of *{title}*{where}.
Its first cell makes this book's own `micrograd` package ready, with `micrograd.notebook.setup()`.
In the browser (JupyterLite), the package is already there: the cell only sets it up.
There, `setup()` makes `draw_dot` use Graphviz compiled to WebAssembly;
the charts need nothing, since Jupyter draws them.
In any other Jupyter, the cell first installs the package if it is missing{source}.
If it says `No module named 'micrograd.notebook'`, another package named `micrograd` (such as karpathy's, from PyPI)
is installed: run `%pip uninstall -y micrograd`, restart the kernel, and run the cell again.
The outputs below are the build's; run the cells to compute them again.
"""


def first_cell(app):
    """The notebook's first code cell: the published wheel's address, or for a local build the wheel's file name."""
    wheel = app.config.micrograd_wheel_name
    base = app.config.html_baseurl
    requirement = f'"micrograd-book[viz] @ {base.rstrip("/")}/wheels/{wheel}"' if base else f'"./{wheel}[viz]"'
    return FIRST_CELL.format(requirement=requirement)


def install_note(app):
    base = app.config.html_baseurl
    where = f", published at {base}" if base else ""
    source = (
        ", from the book's site"
        if base
        else f" (this local build's wheel, `_build/html/wheels/{app.config.micrograd_wheel_name}`,"
        " must sit beside the notebook)"
    )
    return INSTALL_NOTE.format(title=app.config.html_title, where=where, source=source)


def page_url(app, docname, anchor=""):
    base = app.config.html_baseurl
    path = app.builder.get_target_uri(docname) + (f"#{anchor}" if anchor else "")
    return f"{base.rstrip('/')}/{path}" if base else path.split("/")[-1]


class Converter:
    """MyST Markdown of one chapter to plain Jupyter Markdown, read with myst-parser's own parser.

    The tokens are those myst-nb's page is made from (the same parser, the same configuration): each block
    is copied from the source or, for a directive or a label, converted; each role in it is replaced.
    """

    def __init__(self, app, docname, glue):
        self.app, self.docname, self.glue = app, docname, glue
        self.parser = create_md_parser(app.env.myst_config, RendererHTML)
        self.exercises = {}  # label -> number, "2.1", as the page numbers it
        self.in_solution = False  # between a solution-start and its solution-end: the cells that follow are folded
        number = app.env.toc_secnumbers.get(docname, {}).get("", ())
        self.chapter = ".".join(map(str, number))  # "" for an unnumbered page

    def markdown(self, text):
        lines, out, copied = text.splitlines(), [], 0  # copied: the lines before it are done
        tokens = self.parser.parse(text)
        for index, token in enumerate(tokens):
            if token.level != 0 or token.map is None:  # a block's parts come with the block
                continue
            start, end = token.map
            out.extend(lines[copied:start])  # the blank lines between blocks
            copied = max(copied, end)
            block = lines[start:end]
            if token.type == "myst_target":  # a label, "(name)=": the page's, not the reader's
                continue
            if token.type in ("fence", "colon_fence") and token.info.startswith("{"):
                out.extend(self.directive(token))
                continue
            if token.type == "heading_open" and token.tag == "h1" and self.chapter:  # numbered as on the page
                block = [f"# {self.chapter}. {block[0][2:]}", *block[1:]]
            out.extend(self.roles("\n".join(block), tokens[index:]).split("\n"))
        out.extend(lines[copied:])
        return "\n".join(out).strip("\n")

    def roles(self, text, tokens):
        """The block's roles, in order, replaced by what the page shows for them."""
        depth = 0
        for token in tokens:
            depth += token.nesting
            for child in token.children or []:
                if child.type == "myst_role":
                    role = f"{{{child.meta['name']}}}`{child.content}`"
                    if role not in text:
                        raise ValueError(f"{self.docname}: role {role} not found as written in: {text[:80]}")
                    text = text.replace(role, self.role(child.meta["name"], child.content), 1)
            if depth <= 0:  # the block's closing token (or a block of one token)
                return text
        return text

    def role(self, name, content):
        if name == "glue:text":
            key, _, fmt = content.partition(":")
            return format_plain_text(self.glue[key]["data"]["text/plain"], fmt)
        if name == "ref":  # {ref}`label`, titled as its section, or {ref}`text <label>`
            explicit = content.endswith(">") and "<" in content
            text, label = content[:-1].rsplit("<", 1) if explicit else ("", content)
            docname, anchor, title = self.app.env.domaindata["std"]["labels"][label.lower()]
            return f"[{text.strip() or title}]({page_url(self.app, docname, anchor)})"
        raise ValueError(f"{self.docname}: no plain-Markdown form for the role {{{name}}}")

    def directive(self, token):
        name, _, first_line = token.info[1:].partition("}")
        if not (is_directive_registered(name) or name in rst_english.directives):
            raise ValueError(f"{self.docname}: the directive {{{name}}} is not known to this build")
        directive_class, _ = rst_directives.directive(name, rst_english, None)
        parsed = parse_directive_text(directive_class, first_line.strip(), token.content)  # as the page parses it
        if parsed.warnings:
            raise ValueError(f"{self.docname}: {{{name}}}: {parsed.warnings}")
        argument, options = " ".join(parsed.arguments), parsed.options
        body = self.markdown("\n".join(parsed.body)).splitlines()
        if name == "exercise":
            number = len(self.exercises) + 1
            number = self.exercises[options.get("label")] = f"{self.chapter}.{number}" if self.chapter else str(number)
            return [f"### Exercise {number}", "", *body]
        if name == "solution-start":
            self.in_solution = True
            return [f"#### Solution to exercise {self.exercises[argument]}"]
        if name == "solution-end":
            self.in_solution = False
            return ["---"]
        if name == "literalinclude":  # the source it includes, read as the directive itself reads it
            source = (Path(self.app.env.doc2path(self.docname)).parent / argument).resolve()
            text, _ = LiteralIncludeReader(str(source), options, self.app.config).read()
            language = options.get("language", "python")
            return [f"```{language}", *text.rstrip("\n").splitlines(), "```"]
        if name == "table":  # its options (column widths) are the page's layout; the Markdown table stays
            return [f"**{argument}**", "", *body] if argument else body
        if name in ADMONITIONS or name == "margin":
            title = argument if name in ("admonition", "margin") else name.capitalize()
            return [f"> **{title}**", ">", *[f"> {line}".rstrip() for line in body]]
        raise ValueError(f"{self.docname}: no plain-Markdown form for the directive {{{name}}}")


def is_bookkeeping(node, hidden):
    """A statement that only serves the page: glue(...), its import, in a hidden cell an assert (the build's
    check of the prose, which a reader's machine or browser need not repeat), or a block made only of those."""
    if hidden and isinstance(node, ast.Assert):
        return True
    if isinstance(node, ast.ImportFrom) and node.module == "myst_nb":
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        return getattr(node.value.func, "id", None) == "glue"
    if isinstance(
        node, (ast.For, ast.While, ast.If, ast.With)
    ):  # an else: block too, as "if torch: glue(a) else: glue(b)"
        return all(is_bookkeeping(child, hidden) for child in node.body + getattr(node, "orelse", []))
    return False


def without_bookkeeping(source, hidden):
    """The code without what only serves the page (see is_bookkeeping); "" if nothing else is left."""
    drop, emptied = set(), {}  # line numbers; first line of a block left empty -> its indent

    def visit(statements):
        for node in statements:
            if is_bookkeeping(node, hidden):
                drop.update(range(node.lineno, node.end_lineno + 1))
                continue
            for field in ("body", "orelse", "finalbody", "handlers"):
                block = getattr(node, field, [])
                visit(block)
                if block and all(is_bookkeeping(child, hidden) for child in block):  # "if a: glue(...) else: ..."
                    emptied[block[0].lineno] = block[0].col_offset

    lines = source.splitlines()
    visit(ast.parse("\n".join("pass" if line.startswith("%") else line for line in lines)).body)  # magics aren't Python
    lines = [
        " " * emptied[number] + "pass" if number in emptied else line
        for number, line in enumerate(lines, 1)
        if number not in drop or number in emptied
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def reader_notebook(app, docname, executed, glue):
    converter = Converter(app, docname, glue)
    cells = []
    for cell in executed.cells:
        cell = copy.deepcopy(cell)
        if cell.cell_type == "markdown":
            cell.source = converter.markdown(cell.source)
            if cell.source.strip():
                cells.append(cell)
            continue
        tags = cell.metadata.get("tags", [])
        cell.source = without_bookkeeping(cell.source, hidden="remove-cell" in tags)
        if not cell.source:
            continue
        cell.outputs = [o for o in cell.get("outputs", []) if "scrapbook" not in o.get("metadata", {})]
        for output in cell.outputs:  # an object's repr names its memory address: drop it, so two builds agree
            plain = output.get("data", {}).get("text/plain")
            if plain is not None:
                output["data"]["text/plain"] = ADDRESS.sub(">", plain)
        for output in cell.outputs:
            if output.get("output_type") == "execute_result":
                output["execution_count"] = None  # numbered prompts would belong to the build's run
        cell.metadata, cell.execution_count = ({"tags": tags} if tags else {}), None
        if converter.in_solution:  # folded, as on the page: JupyterLab shows "...", a click opens it
            cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
        cells.append(cell)

    intro = nbformat.v4.new_markdown_cell(install_note(app))
    first = nbformat.v4.new_code_cell(first_cell(app))
    notebook = nbformat.v4.new_notebook(cells=[intro, first, *cells])
    notebook.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
    }
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"  # fixed ids keep two builds identical
    nbformat.validate(notebook)
    return notebook


def executed_notebook(app, docname):
    """The chapter as myst-nb reads it, with the outputs its execution left in the cache, and its glue data."""
    path = app.env.doc2path(docname)
    text = Path(path).read_text()
    notebook = create_nb_reader(str(path), app.env.myst_config, app.env.mystnb_config, text).read(text)
    cache = get_cache(app.env.mystnb_config.execution_cache_path)
    try:
        _, notebook = cache.merge_match_into_notebook(notebook)
    except KeyError:
        pass  # not executed by the build (an .ipynb with its own outputs, execution off): as it is
    glue_path = paths.glue_data(app, docname)
    glue = json.loads(glue_path.read_text()) if glue_path.exists() else {}
    return notebook, glue


def is_notebook(app, pagename):
    """A page made from a notebook (a chapter), as opposed to a plain page."""
    return "kernelspec" in app.env.metadata.get(pagename, {})


def link_download(app, pagename, templatename, context, doctree):
    if doctree is not None and is_notebook(app, pagename):
        context["ipynb_source"] = pagename + ".ipynb"  # read by sphinx-book-theme's download menu


def write_notebooks(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for docname in sorted(app.env.found_docs):
        if not is_notebook(app, docname):
            continue
        executed, glue = executed_notebook(app, docname)
        target = paths.reader_notebook(app, docname)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(reader_notebook(app, docname, executed, glue), target)
