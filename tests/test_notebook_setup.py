"""micrograd.notebook: what the first cell of every chapter's notebook runs, tested in CPython.

The browser half (viz-js, the figure transformer installed in IPython) runs in
Pyodide; tests/test_live_site.py runs it there. Here: the transformer itself,
and setup() outside the browser.
"""

import ast
import asyncio
import contextlib
import io

import micrograd
from micrograd import notebook


def run_transformed(transformer, source, namespace):
    tree = transformer.visit(ast.parse(source))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "<cell>", "exec"), namespace)
    return out.getvalue()


def test_in_the_browser_a_cell_that_plots_prints_one_line_and_the_others_run():
    transformer, namespace = notebook.FiguresStayAsBuilt(), {}
    setup = "import math\nimport matplotlib.pyplot as plt\n\ndef double(x):\n    return 2 * x\n"
    assert run_transformed(transformer, setup, namespace) == ""
    assert namespace["double"](2) == 4 and "plt" not in namespace  # the import is gone, the rest ran
    plot = "xs = [double(i) for i in range(3)]\nfig, ax = plt.subplots()\nax.plot(xs)\n"
    assert run_transformed(transformer, plot, namespace) == notebook.FIGURE_NOTE + "\n"
    assert run_transformed(transformer, "print(double(21))", namespace) == "42\n"
    assert run_transformed(transformer, "from matplotlib import pyplot", namespace) == ""  # only imports: nothing left
    assert run_transformed(transformer, "pyplot.show()", namespace) == notebook.FIGURE_NOTE + "\n"
    assert run_transformed(transformer, "import matplotlib as mpl, math", namespace) == ""  # a mixed import goes too


def test_a_transformer_remembers_only_its_own_notebook_s_names():
    first, second = notebook.FiguresStayAsBuilt(), notebook.FiguresStayAsBuilt()
    run_transformed(first, "import matplotlib.pyplot as plt", {})
    assert run_transformed(second, "plt = 3\nprint(plt)", {}) == "3\n"


def test_outside_the_browser_setup_says_which_package_is_ready(capsys):
    asyncio.run(notebook.setup())
    assert capsys.readouterr().out == f"micrograd {micrograd.__version__}, this book's package, is ready\n"
