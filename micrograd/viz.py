"""Draw the computation graph behind a ``Value`` with Graphviz."""

from graphviz import Digraph

__all__ = ["draw_dot"]


def draw_dot(root, rankdir="LR"):
    """A ``graphviz.Digraph`` of everything ``root`` was computed from.

    One record per Value (its label, if any, its data and its grad), one small
    node per operation, edges child -> operation -> result. Nodes are named by
    their position in the graph, not by ``id()``, so the same graph always gives
    the same DOT source.
    """
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"rankdir must be one of LR, TB, RL, BT, got {rankdir!r}")
    dot = Digraph(format="svg", graph_attr={"rankdir": rankdir})
    order = root._topological_order()
    name = {node: f"v{i}" for i, node in enumerate(order)}
    for node in order:
        label = f"{node.label} | " if node.label else ""
        dot.node(name[node], f"{{ {label}data {node.data:.4f} | grad {node.grad:.4f} }}", shape="record")
        if node._op:
            op_name = name[node] + "_op"
            dot.node(op_name, node._op, shape="circle" if len(node._op) <= 2 else "ellipse")
            dot.edge(op_name, name[node])
            for child in node._prev:
                dot.edge(name[child], op_name)
    return dot
