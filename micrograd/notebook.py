"""The first cell of every chapter's notebook: ``await micrograd.notebook.setup()``.

In any Jupyter, it says which package is loaded. In the browser (JupyterLite,
on Pyodide) it also makes ``draw_dot`` draw with Graphviz compiled to
WebAssembly, which the book's own site serves, and, where matplotlib is not
installed, turns each cell that draws with it into one line saying where the
figure is (the chapter's page).
"""

import ast
import importlib.util
import sys

import micrograd

VIZ_JS = "viz-js/viz.js"  # where the book's site serves viz-js, beside Pyodide's own files
FIGURE_NOTE = "This cell draws a figure, and matplotlib does not run in the browser: the figure is on the chapter's page."


class FiguresStayAsBuilt(ast.NodeTransformer):
    """Drops a cell's matplotlib imports; a cell that uses a name they bound prints FIGURE_NOTE instead."""

    def __init__(self):
        self.names = set()  # what the imports bound, remembered across cells (plt, matplotlib, ...)

    def visit_Module(self, module):
        imports = [
            node
            for node in module.body
            if isinstance(node, (ast.Import, ast.ImportFrom)) and "matplotlib" in ast.unparse(node)
        ]
        self.names.update(alias.asname or alias.name.split(".")[0] for node in imports for alias in node.names)
        module.body = [node for node in module.body if node not in imports] or [ast.Pass()]
        if any(isinstance(node, ast.Name) and node.id in self.names for node in ast.walk(module)):
            say = ast.Call(ast.Name("print", ast.Load()), [ast.Constant(FIGURE_NOTE)], [])
            module.body = [ast.Expr(say)]
        return ast.fix_missing_locations(module)


async def setup():
    """Make this notebook ready for the book's chapters, and say so."""
    if sys.platform == "emscripten":
        await _setup_browser()
    print(f"micrograd {micrograd.__version__}, this book's package, is ready")


async def _setup_browser():
    import pyodide_js
    from IPython import get_ipython

    from micrograd import viz

    await viz.use_viz_js(pyodide_js.lockfileBaseUrl + VIZ_JS)
    if importlib.util.find_spec("matplotlib") is None:
        get_ipython().ast_transformers.append(FiguresStayAsBuilt())
