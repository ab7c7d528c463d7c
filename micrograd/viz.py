"""Draw the computation graph behind a ``Value`` with Graphviz."""

import hashlib
import html
import json
import operator
import re
import sys
import unicodedata

from graphviz import Digraph, ExecutableNotFound

from micrograd.engine import Value

__all__ = ["draw_dot", "BackwardSteps", "MAX_NODES", "use_viz_js"]

MAX_NODES = 500  # Graphviz's layout time grows fast: about a second here, minutes at 10,000
HIGHLIGHT = "#fde68a"  # a light amber: black text on it stays readable
DERIVATIVE = "#b91c1c"  # a dark red for local derivatives on arrows: readable on white


def draw_dot(root, rankdir="LR", max_nodes=MAX_NODES, highlight=(), local_derivatives=False):
    """A ``graphviz.Digraph`` of everything ``root`` was computed from.

    A box per Value (label, data, grad; a plain-number exponent, which the
    engine never differentiates, shows its number and "constant"), a small node per operation, edges
    operand -> operation -> result; the boxes of ``highlight`` are coloured.
    An operation that uses one Value twice (``a + a``) numbers its operands' edges.
    With ``local_derivatives``, each operand's edge also shows how fast the
    operation's result moves per unit of that operand, found by running the
    node's own ``_backward()`` once with its grad set to 1 (grads are restored);
    an operand used twice shows the sum of both on its first edge; a constant's edge, none;
    each number names its operand's label, or, for an unlabelled operand, is tied to its edge by a line.
    Nodes are named by their place in the topological order, not by ``id()``,
    so a graph always gives the same DOT source. Labels show as written. Any
    object with ``data``, ``grad``, ``_prev`` and ``_op`` can be drawn. More
    than ``max_nodes`` Values raise a ValueError: Graphviz would take minutes.
    """
    check_arguments(root, rankdir, max_nodes)
    order = Value.topological_order(root)  # reads only _prev: ValueV1 works too
    check_size(order, max_nodes)
    # compact, so that text stays large when a graph is scaled to fit the page
    layout = {"rankdir": rankdir, "nodesep": "0.12", "ranksep": "0.3"}
    dot = Drawing(format="svg", graph_attr=layout)
    name = {node: f"v{i}" for i, node in enumerate(order)}
    marked = {id(node) for node in highlight}
    # a ** 2's exponent: an operand the engine never differentiates, so it has no gradient to show
    constants = {id(node._prev[1]) for node in order if getattr(node, "_rule", None) is Value._pow_constant_backward}
    for node in order:
        box = _box(node, id(node) in marked, id(node) in constants)
        dot.node(name[node], box, shape="plaintext", margin="0")  # edges touch the box
        if node._op:  # the operation that made it: a node of its own
            op = name[node] + "_op"
            shape = "circle" if len(node._op) <= 2 else "ellipse"
            dot.node(op, f"<{_html(node._op)}>", shape=shape)
            dot.edge(op, name[node])
            repeated = len(set(map(id, node._prev))) < len(node._prev)  # a + a: two arrows from one box
            rates = local_rates(node) if local_derivatives else {}
            for position, child in enumerate(node._prev, start=1):
                # numbered, or Graphviz draws the two arrows almost on top of each other
                text = [str(position)] if repeated else []
                rate = None if id(child) in constants else rates.pop(id(child), None)  # on its first arrow only
                if rate is not None:
                    both = " (both)" if sum(other is child for other in node._prev) > 1 else ""
                    whose = f" for {child.label}" if getattr(child, "label", "") else ""  # which arrow it labels
                    text.append(f"local {rate:.4f}{whose}{both}")
                label = {"label": " ".join(text), "fontsize": "12"} if text else {}
                if rate is not None:  # a derivative, not a value: set apart by colour
                    label["fontcolor"] = DERIVATIVE
                    if not whose:  # no name to say which arrow: a line from the number to it
                        label["decorate"] = "true"
                dot.edge(name[child], op, **label)
    dot.description = describe(order)
    return dot


def local_rates(node):
    """∂node/∂operand for each operand, by id: the node's own rule, run once with its grad set to 1."""
    operands = list(dict.fromkeys(node._prev))
    saved = [node.grad] + [operand.grad for operand in operands]
    node.grad = 1.0
    for operand in operands:
        operand.grad = 0.0
    try:
        node._backward()
        return {id(operand): operand.grad for operand in operands}
    finally:
        for box, grad in zip([node, *operands], saved):
            box.grad = grad


def describe(order):
    """The graph in words, for readers who cannot see it (the SVG's text alternative)."""
    operations = sum(1 for node in order if node._op)
    labels = [node.label for node in order if getattr(node, "label", "")]
    named = f" Labelled values, inputs first: {', '.join(labels)}." if labels else ""
    return (
        f"Computation graph of {len(order)} values, {operations} of them made by an operation; arrows run "
        f"from each operand, through its operation, to the result.{named}"
    )


class BackwardSteps:
    """The backward pass of ``root``, one node at a time: a picture per step, to step through.

    Sets every gradient of the graph to 0 and the output's to 1, then runs each
    node's ``_backward()`` in reverse topological order, as ``backward()`` does,
    and draws the graph after each step, with the boxes that step filled in (the
    operands of the node whose rule ran) highlighted, as in a walk by hand.
    ``frames`` holds (caption, drawing) per step. A notebook or a page shows them
    as HTML with a radio button per step: no script, so it works on a static
    page and in any Jupyter that trusts the output (which one that ran it does).
    """

    def __init__(self, root, rankdir="TB"):
        order = Value.topological_order(root)
        for node in order:
            node.grad = 0.0
        root.grad = 1.0
        start = "Start: every gradient is 0, except the output's, which is 1."
        self.frames = [(start, draw_dot(root, rankdir, highlight=[root]))]
        for node in reversed(order):
            if not node._prev:
                continue  # a leaf's rule does nothing
            operands = list(dict.fromkeys(node._prev))  # once each, even if used twice
            before = [operand.grad for operand in operands]
            node._backward()
            added = ", ".join(f"{_name(o)} gets {o.grad - b:+.4f}" for o, b in zip(operands, before))
            caption = (
                f"Step {len(self.frames)}: {_name(node)} ({node._op}) has grad {node.grad:.4f}; its rule adds that "
                f"times each local derivative to its operands: {added}."
            )
            self.frames.append((caption, draw_dot(root, rankdir, highlight=operands)))

    def _repr_svg_(self):
        """The last frame alone, every gradient filled in: for what cannot step through frames (the PDF edition)."""
        return self.frames[-1][1]._repr_mimebundle_(include=["image/svg+xml"]).get("image/svg+xml")

    def _repr_html_(self):
        key = "steps-" + hashlib.sha256("".join(c for c, _ in self.frames).encode()).hexdigest()[:10]
        n = len(self.frames)
        radios = "".join(
            f'<input type="radio" name="{key}" id="{key}-{k}"{" checked" if k == 0 else ""}>' for k in range(n)
        )
        numbers = "".join(f'<label for="{key}-{k}">{"start" if k == 0 else k}</label>' for k in range(n))
        off = '<span class="off" aria-disabled="true">{}</span> '  # shown greyed at either end
        frames = "".join(  # previous and next above the drawing, which can be taller than the screen
            '<div class="frame"><p>'
            + (f'<label for="{key}-{k - 1}">&#9664; previous</label> ' if k else off.format("&#9664; previous"))
            + (f'<label for="{key}-{k + 1}">next &#9654;</label> ' if k < n - 1 else off.format("next &#9654;"))
            + f"{html.escape(caption)}</p>{_inline_svg(drawing)}</div>"
            for k, (caption, drawing) in enumerate(self.frames)
        )
        shown = " ".join(
            f"#{key}-{k}:checked ~ .frames > .frame:nth-child({k + 1}) {{display: block}}" for k in range(n)
        )
        current = " ".join(
            f'#{key}-{k}:checked ~ .numbers label[for="{key}-{k}"] {{background: {HIGHLIGHT}}}' for k in range(n)
        )
        style = (
            f"#{key} > input {{position: absolute; opacity: 0; width: 1px; height: 1px}} "
            f"#{key} .frame {{display: none}} #{key} label {{display: inline-block; border: 1px solid #555; "
            f"border-radius: 4px; padding: 0 6px; margin: 2px; cursor: pointer; color: #000; background: #fff}} "
            f"#{key} .off {{display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 0 6px; "
            f"margin: 2px; color: #767676; background: #fff}} "
            f"#{key} svg {{max-width: 100%; height: auto}} {shown} {current}"
        )
        return (
            f'<div class="backward-steps" id="{key}"><style>{style}</style>{radios}'
            f'<div class="numbers" role="group" aria-label="Steps of back-propagation">{numbers}</div>'
            f'<div class="frames">{frames}</div></div>'
        )


def _name(node):
    if getattr(node, "label", ""):
        return node.label
    return f"the {node._op} node ({node.data:.4g})" if node._op else f"{node.data:g}"


def _inline_svg(drawing):
    """A drawing's SVG, to sit inside HTML: no XML prolog, and no ids that would repeat on the page."""
    svg = drawing._repr_mimebundle_(include=["image/svg+xml"]).get("image/svg+xml")
    if svg is None:
        return f"<pre>{html.escape(drawing.source)}</pre>"
    return re.sub(r'\s+id="[^"]*"', "", svg[svg.index("<svg") :])


def check_size(order, max_nodes):
    if max_nodes is not None and len(order) > max_nodes:
        raise ValueError(
            f"this graph has {len(order)} Values, more than max_nodes={max_nodes}: Graphviz would take "
            f"minutes to lay it out. Draw a smaller graph, or pass max_nodes=None to draw it anyway."
        )


def check_arguments(root, rankdir, max_nodes):
    if not all(hasattr(root, field) for field in ("data", "grad", "_prev", "_op")):
        raise TypeError(f"draw_dot draws a Value's graph, got {type(root).__name__}: {root!r}")
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"rankdir must be one of LR, TB, RL, BT, got {rankdir!r}")
    if max_nodes is not None:
        if isinstance(max_nodes, bool) or not hasattr(type(max_nodes), "__index__") or operator.index(max_nodes) < 1:
            raise ValueError(f"max_nodes must be a positive whole number, or None for no limit, got {max_nodes!r}")


class Drawing(Digraph):
    """A ``graphviz.Digraph`` that a notebook shows as a picture, or, without Graphviz's ``dot``, as its source.

    Rendering needs the ``dot`` program. Where it is missing (in the browser,
    for one), a notebook shows the SVG of the renderer that ``use_viz_js`` set
    up; without one, one line that says what is missing, then the DOT source,
    instead of a traceback. ``.source``, ``.pipe()`` and ``.render()`` behave as usual.
    """

    description = "A diagram drawn with Graphviz."  # the picture's text alternative: say what it shows

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        bundle = self._rendered(include, exclude, **kwargs)
        if "image/svg+xml" in bundle:  # screen readers read the picture as one image, with its description
            label = f'<svg role="img" aria-label="{html.escape(self.description)}"'
            bundle["image/svg+xml"] = re.sub(r"<svg\b", lambda _: label, bundle["image/svg+xml"], count=1)
        return bundle

    def _rendered(self, include, exclude, **kwargs):
        if sys.platform != "emscripten":  # in the browser there is no program to run
            try:
                return super()._repr_mimebundle_(include=include, exclude=exclude, **kwargs)
            except ExecutableNotFound:
                pass
        if _browser_renderer is not None:
            wanted = "image/svg+xml" in (include or ["image/svg+xml"]) and "image/svg+xml" not in (exclude or ())
            return {"image/svg+xml": _browser_renderer(self.source, self.engine)} if wanted else {}
        note = (
            "Graphviz's dot program is not installed, so here is the graph's DOT source "
            "(Debian: apt-get install graphviz):"
        )
        return {"text/plain": f"{note}\n{self.source}"}


_browser_renderer = None  # (DOT source, layout engine) -> SVG text, once use_viz_js has loaded Graphviz in WebAssembly


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

    def render(source, engine):  # engine: "dot" for draw_dot; a Drawing may ask for another
        options = to_js({"format": "svg", "engine": engine}, dict_converter=js.Object.fromEntries)
        return viz.renderString(source, options)

    _browser_renderer = render


def _html(text):
    """Text for a Graphviz HTML-like label, shown as written: a newline breaks the line, a tab is 4 spaces.

    Graphviz reads ``\\N``, ``\\G`` and the like as escapes, even in HTML labels, so a
    backslash is doubled. A character that XML or Graphviz cannot show is refused.
    """
    text = str(text)
    for character in text:
        if (unicodedata.category(character) in ("Cc", "Cs") and character not in "\n\t") or character in "\ufffe\uffff":
            raise ValueError(
                f"draw_dot cannot show the character {character!r} (U+{ord(character):04X}) in the label {text!r}"
            )
    escaped = html.escape(text).replace("\\", "\\\\").replace("\t", "&#160;" * 4)
    return "<BR/>".join(escaped.split("\n"))


def _box(node, highlighted, constant=False):
    """A Value as a box of stacked cells: its label (if any), its data, its grad; a constant's says "constant"."""
    if constant:  # its number in the data row, as every box has it
        cells = [f"data {node.data:g}", "constant"]
    else:
        cells = [f"data {node.data:.4f}", f"grad {node.grad:.4f}"]
    if getattr(node, "label", ""):
        cells.insert(0, node.label)
    rows = "".join(f"<TR><TD>{_html(cell)}</TD></TR>" for cell in cells)
    fill = f' BGCOLOR="{HIGHLIGHT}"' if highlighted else ""
    return f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3"{fill}>{rows}</TABLE>>'
