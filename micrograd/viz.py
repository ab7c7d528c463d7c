"""Draw the computation graph behind a ``Value`` with Graphviz."""

import html
import json
import sys

from graphviz import Digraph, ExecutableNotFound

__all__ = ["draw_dot", "MAX_NODES", "use_viz_js"]

MAX_NODES = 500  # Graphviz's layout time grows fast: about a second here, minutes at 10,000


def draw_dot(root, rankdir="LR", max_nodes=MAX_NODES):
    """A ``graphviz.Digraph`` of everything ``root`` was computed from.

    One box per Value (its label, if any, its data and its grad), one small
    node per operation, edges child -> operation -> result. Nodes are named by
    their position in the graph, not by ``id()``, so the same graph always gives
    the same DOT source. Labels are escaped: any text shows as written.

    A graph of more than ``max_nodes`` Values raises a ``ValueError`` instead
    of leaving Graphviz to lay it out for minutes; pass ``max_nodes=None`` to
    draw it anyway.
    """
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"rankdir must be one of LR, TB, RL, BT, got {rankdir!r}")
    order = root._topological_order()
    if max_nodes is not None and len(order) > max_nodes:
        raise ValueError(
            f"this graph has {len(order)} Values, more than max_nodes={max_nodes}: Graphviz would take "
            f"minutes to lay it out. Draw a smaller graph, or pass max_nodes=None to draw it anyway."
        )
    dot = Drawing(format="svg", graph_attr={"rankdir": rankdir, "nodesep": "0.12"})  # compact: text stays large when scaled to fit
    name = {node: f"v{i}" for i, node in enumerate(order)}
    for node in order:
        dot.node(name[node], _box(node, stacked=rankdir in ("TB", "BT")), shape="plaintext")
        if node._op:
            op_name = name[node] + "_op"
            dot.node(op_name, _html(node._op), shape="circle" if len(node._op) <= 2 else "ellipse")
            dot.edge(op_name, name[node])
            for child in node._prev:
                dot.edge(name[child], op_name)
    return dot


class Drawing(Digraph):
    """A ``graphviz.Digraph`` that a notebook shows as a picture, or, without Graphviz's ``dot``, as its source.

    Rendering needs the ``dot`` program. Where it is missing (in the browser,
    for one), a notebook shows the SVG of the renderer that ``use_viz_js`` set
    up; without one, one line that says what is missing, then the DOT source,
    instead of a traceback. ``.source``, ``.pipe()`` and ``.render()`` behave as usual.
    """

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        if sys.platform != "emscripten":  # in the browser there is no program to run
            try:
                return super()._repr_mimebundle_(include=include, exclude=exclude, **kwargs)
            except ExecutableNotFound:
                pass
        if _browser_renderer is not None:
            wanted = "image/svg+xml" in (include or ["image/svg+xml"]) and "image/svg+xml" not in (exclude or ())
            return {"image/svg+xml": _browser_renderer(self.source)} if wanted else {}
        note = "Graphviz's dot program is not installed, so here is the graph's DOT source (Debian: apt-get install graphviz):"
        return {"text/plain": f"{note}\n{self.source}"}


_browser_renderer = None  # DOT source -> SVG text, once use_viz_js has loaded Graphviz compiled to WebAssembly


async def use_viz_js(module_url):
    """In Pyodide (a notebook in the browser), draw graphs with @viz-js/viz, Graphviz compiled to WebAssembly.

    ``module_url`` is where the page can import viz-js's ES module (``dist/viz.js``)
    from. Loading is asynchronous, so a notebook awaits this once; afterwards
    every ``draw_dot`` shows as SVG, laid out by the same Graphviz as ``dot``.
    """
    global _browser_renderer
    if sys.platform != "emscripten":
        raise RuntimeError("use_viz_js works in Pyodide (a notebook in the browser); elsewhere, install Graphviz's dot")
    import js
    from pyodide.code import run_js
    from pyodide.ffi import to_js

    viz = await (await run_js(f"import({json.dumps(module_url)})")).instance()
    svg_options = to_js({"format": "svg"}, dict_converter=js.Object.fromEntries)

    def render(source):
        return viz.renderString(source, svg_options)

    _browser_renderer = render


def _html(text):
    """Text as a Graphviz HTML-like label: shown literally, whatever characters it has."""
    return f"<{html.escape(str(text))}>"


def _box(node, stacked):
    """A Value as cells [label,] data, grad: in a row, or stacked when the graph runs top to bottom (narrower)."""
    cells = [f"data {node.data:.4f}", f"grad {node.grad:.4f}"]
    if node.label:
        cells.insert(0, str(node.label))
    cells = [f"<TD>{html.escape(cell)}</TD>" for cell in cells]
    rows = "".join(f"<TR>{cell}</TR>" for cell in cells) if stacked else f"<TR>{''.join(cells)}</TR>"
    return f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">{rows}</TABLE>>'
