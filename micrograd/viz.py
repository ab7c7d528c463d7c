"""Draw the computation graph behind a ``Value`` with Graphviz."""

import html

from graphviz import Digraph, ExecutableNotFound

__all__ = ["draw_dot", "MAX_NODES"]

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

    Rendering needs the ``dot`` program. Where it is missing, a notebook shows
    one line that says so and how to install it, then the DOT source, instead
    of a traceback; ``.source``, ``.pipe()`` and ``.render()`` behave as usual.
    """

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        try:
            return super()._repr_mimebundle_(include=include, exclude=exclude, **kwargs)
        except ExecutableNotFound:
            note = "Graphviz's dot program is not installed, so here is the graph's DOT source (Debian: apt-get install graphviz):"
            return {"text/plain": f"{note}\n{self.source}"}


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
