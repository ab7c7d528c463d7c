"""draw_dot: one record per Value, one node per operation, the same DOT source every time."""

import html
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from micrograd.engine import Value

graphviz = pytest.importorskip("graphviz")
from micrograd.viz import Drawing, draw_dot  # noqa: E402


def build():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    return (c + a).tanh()


def test_structure():
    dot = draw_dot(build())
    assert isinstance(dot, graphviz.Digraph)
    src = dot.source
    assert src.count("shape=plaintext") == 5  # a, b, c, c + a, tanh
    assert src.count("_op [") == 3  # *, +, tanh
    assert "<TR><TD>a</TD></TR><TR><TD>data 2.0000</TD></TR><TR><TD>grad 0.0000</TD></TR>" in src
    assert src.count("->") == 3 + 2 + 2 + 1  # op->result for 3 ops; children of *, +, tanh


def test_a_value_used_twice_by_one_operation_has_numbered_arrows_and_others_have_none():
    a, b = Value(3.0), Value(4.0)
    arrows = [line.strip() for line in draw_dot((a + a) * b).source.splitlines() if "->" in line]
    assert [arrow for arrow in arrows if "label=" in arrow] == [
        "v0 -> v1_op [label=1 fontsize=12]",
        "v0 -> v1_op [label=2 fontsize=12]",
    ]
    assert len(arrows) == 2 + 1 + 2 + 1  # a, a -> +; + -> a+a; a+a, b -> *; * -> out


def test_grad_after_backward_is_drawn():
    out = build()
    out.backward()
    assert "grad 1.0000" in draw_dot(out).source


def test_same_graph_same_source():
    assert len({draw_dot(build()).source for _ in range(10)}) == 1


def test_rankdir():
    for rankdir in ("LR", "TB", "RL", "BT"):
        assert f"rankdir={rankdir}" in draw_dot(build(), rankdir=rankdir).source
    with pytest.raises(ValueError, match="rankdir"):
        draw_dot(build(), rankdir="up")


def svg_texts(dot):
    import html
    import re
    import shutil

    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (Debian: apt-get install graphviz)")
    svg = dot.pipe(format="svg").decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


def test_renders_to_svg():
    dot = draw_dot(build())
    assert dot.format == "svg"
    texts = svg_texts(dot)
    assert "data 2.0000" in texts and {"*", "+", "tanh"} <= set(texts)


def test_operations_are_circles_or_ellipses_by_name_length():
    src = draw_dot(build()).source
    assert re.search(r"v\d+_op \[label=<\*> shape=circle\]", src)
    assert re.search(r"v\d+_op \[label=<\+> shape=circle\]", src)
    assert re.search(r"v\d+_op \[label=<tanh> shape=ellipse\]", src)
    v = Value(1.0)
    assert re.search(r"label=<\*\*> shape=circle", draw_dot(v**2).source)
    assert re.search(r"label=<neg> shape=ellipse", draw_dot(-v).source)


@pytest.mark.parametrize("label", ["x<0", "{", "}", "a|b", "<x>", "\\", 'say "hi" & go', "é"])
def test_any_label_is_drawn_as_written(label):
    texts = svg_texts(draw_dot(Value(2.0, label=label) * 3))
    assert texts[0] == label and texts.count("data 2.0000") == 1 and len(texts) == 8


def test_a_large_graph_is_refused_unless_asked_for():
    v = Value(1.0)
    for _ in range(300):
        v = v * 1.0  # 601 Values
    with pytest.raises(ValueError, match=r"601 Values, more than max_nodes=500.*max_nodes=None"):
        draw_dot(v)
    assert draw_dot(v, max_nodes=None).source.count("shape=plaintext") == 601
    assert draw_dot(v, max_nodes=601)


def test_package_exports():
    import micrograd

    assert micrograd.draw_dot is draw_dot
    assert {"Value", "Neuron", "Layer", "MLP", "draw_dot"} <= set(micrograd.__all__)


def test_boxes_stack_label_data_and_grad_in_every_direction():
    """Stacked cells keep a box narrow, so a graph needs less shrinking to fit the page."""
    a = Value(2.0, label="a")
    stack = "<TR><TD>a</TD></TR><TR><TD>data 2.0000</TD></TR><TR><TD>grad 0.0000</TD></TR>"
    for rankdir in ("LR", "RL", "TB", "BT"):
        assert stack in draw_dot(a, rankdir=rankdir).source


def test_a_plain_number_exponent_is_drawn_as_a_constant_without_a_gradient():
    """The engine never differentiates a ** 2 in its 2: a grad of 0 in the picture would read as a derivative."""
    a = Value(3.0, label="a")
    source = draw_dot(a**2).source
    assert "<TR><TD>data 2</TD></TR><TR><TD>constant</TD></TR>" in source  # its number where every box has it
    assert source.count("grad ") == 2  # a and the result; none for the exponent
    k = Value(2.0, label="k")  # a Value exponent is differentiated: an ordinary box
    assert "constant" not in draw_dot(a**k).source


def edge_labels(source):
    """(from, to, label) of each labelled arrow in a DOT source."""
    arrow = r"(v\d+) -> (v\d+_op) \[label=\"?([^\"\]]+?)\"? "
    return re.findall(arrow + r"(?:decorate=\S+ )?(?:fontcolor=\S+ )?fontsize", source)


def test_local_derivatives_on_the_arrows_are_each_rule_s_rates_and_leave_the_grads_alone():
    """Each arrow's number matches a central difference of its operation; the gradients are untouched."""
    a, b = Value(0.7, label="a"), Value(-1.3, label="b")
    out = ((a * b).tanh() + a / b - b.exp()) ** 2
    out.backward()
    grads = {node: node.grad for node in out.topological_order()}
    source = draw_dot(out, local_derivatives=True).source
    assert {node: node.grad for node in out.topological_order()} == grads
    order = out.topological_order()
    labels = edge_labels(source)
    assert len(labels) == sum(len(node._prev) for node in order) - 1  # every arrow but the constant 2's
    # each number not naming its operand is tied to its own arrow by a line, so two arrows cannot be confused
    assert source.count("decorate=true") == sum(" for " not in label for _, _, label in labels) > 0
    h = 1e-6
    forward = {"*": lambda x, y: x * y, "/": lambda x, y: x / y, "+": lambda x, y: x + y, "-": lambda x, y: x - y}
    forward["**"] = lambda x, y: x**y
    for child_name, op_name, label in labels:
        child, node = order[int(child_name[1:])], order[int(op_name[1:-3])]
        if node._op in forward:
            x, y = (operand.data for operand in node._prev)
            f = forward[node._op]
            nudged = [(x + h, y), (x - h, y)] if child is node._prev[0] else [(x, y + h), (x, y - h)]
        else:
            f = {"tanh": math.tanh, "exp": math.exp}[node._op]
            nudged = [(child.data + h,), (child.data - h,)]
        rate = (f(*nudged[0]) - f(*nudged[1])) / (2 * h)
        assert label.startswith("local ") and float(label.split()[1]) == pytest.approx(rate, rel=1e-3)
        assert label.endswith(f" for {child.label}") if child.label else " for " not in label  # its arrow, named


def test_a_value_used_twice_shows_the_sum_of_its_local_derivatives_once():
    a = Value(3.0)
    labels = [label for _, _, label in edge_labels(draw_dot(a * a, local_derivatives=True).source)]
    assert labels == ["1 local 6.0000 (both)", "2"]  # d(a·a)/da = 2a, to four decimals as the boxes


def test_each_local_derivative_names_its_operand():
    """A neuron's one weighted-sum node: a weight's arrow carries its input, named; so does a product's."""
    weights = [Value(0.5, label="w0"), Value(-2.0, label="w1"), Value(3.0, label="w2")]
    inputs = [Value(1.5, label="x0"), Value(0.25, label="x1"), Value(-1.0, label="x2")]
    total = Value.linear(Value(0.1, label="b"), weights, inputs)
    labels = {label for _, _, label in edge_labels(draw_dot(total, local_derivatives=True).source)}
    expected = {f"local {x.data:.4f} for {w.label}" for w, x in zip(weights, inputs)}
    expected |= {f"local {w.data:.4f} for {x.label}" for w, x in zip(weights, inputs)} | {"local 1.0000 for b"}
    assert labels == expected
    assert "decorate" not in draw_dot(total, local_derivatives=True).source  # named: no line to its arrow needed
    pair = {label for _, _, label in edge_labels(draw_dot(weights[0] * inputs[0], local_derivatives=True).source)}
    assert pair == {"local 1.5000 for w0", "local 0.5000 for x0"}


def test_nodes_sit_close_together():
    assert "nodesep=0.12" in draw_dot(build()).source


def test_without_dot_a_notebook_shows_the_source_and_how_to_get_pictures(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on it
    dot = draw_dot(build())
    bundle = dot._repr_mimebundle_()
    assert list(bundle) == ["text/plain"]
    first, *rest = bundle["text/plain"].splitlines()
    assert (
        first == "Graphviz's dot program is not installed, so here is the graph's DOT source "
        "(Debian: apt-get install graphviz):"
    )
    assert "\n".join(rest) == dot.source.rstrip("\n")
    with pytest.raises(graphviz.ExecutableNotFound):
        dot.pipe()  # asking for the picture itself still says what is missing


def test_with_dot_a_notebook_shows_the_picture():
    import shutil

    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (Debian: apt-get install graphviz)")
    bundle = draw_dot(build())._repr_mimebundle_()
    assert list(bundle) == ["image/svg+xml"] and "<svg" in bundle["image/svg+xml"]
    assert list(draw_dot(build())._repr_mimebundle_(include=["image/png"])) == [
        "image/png"
    ]  # what the notebook asks for
    assert draw_dot(build())._repr_mimebundle_(exclude=["image/svg+xml"]) == {}


def described(svg, drawing):
    """The SVG as a notebook gets it: one image for screen readers, with the drawing's description."""
    return svg.replace("<svg", f'<svg role="img" aria-label="{html.escape(drawing.description)}"', 1)


def test_a_drawn_graph_says_what_it_shows_to_a_screen_reader():
    a, b = Value(2.0, label="a"), Value(-3.0, label='b <&> "quoted"')
    out = (a * b).tanh()
    dot = draw_dot(out)
    assert dot.description == (
        "Computation graph of 4 values, 2 of them made by an operation; arrows run from each operand, through "
        'its operation, to the result. Labelled values, inputs first: a, b <&> "quoted".'
    )
    svg = dot._repr_mimebundle_()["image/svg+xml"]
    assert 'role="img" aria-label="Computation graph of 4 values' in svg and "b &lt;&amp;&gt; &quot;quoted&quot;" in svg
    assert svg.count('role="img"') == 1  # on the outer <svg> only
    assert "Labelled" not in draw_dot(Value(1.0) + Value(2.0)).description  # no labels: none listed
    assert Drawing().description == "A diagram drawn with Graphviz."  # any other drawing says what it is


def test_without_dot_a_browser_renderer_draws_the_svg(monkeypatch, tmp_path):
    """In Pyodide there is no dot: once use_viz_js has set up Graphviz in WebAssembly, notebooks get its SVG."""
    import micrograd.viz

    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on it
    seen = []
    monkeypatch.setattr(micrograd.viz, "_browser_renderer", lambda *drawn: seen.append(drawn) or "<svg>drawn</svg>")
    dot = draw_dot(build())
    assert dot._repr_mimebundle_() == {"image/svg+xml": described("<svg>drawn</svg>", dot)}
    assert seen == [(dot.source, "dot")]  # the graph's own DOT source, as dot would have read it
    diagram = micrograd.viz.Drawing(engine="neato")  # a drawing laid out by another Graphviz engine
    diagram._repr_mimebundle_()
    assert seen[-1] == (diagram.source, "neato")
    assert dot._repr_mimebundle_(include=["image/png"]) == {}  # only SVG can come from it
    assert dot._repr_mimebundle_(exclude=["image/svg+xml"]) == {}


def test_in_the_browser_a_notebook_gets_viz_js_s_svg_and_never_runs_dot(monkeypatch):
    import sys

    import micrograd.viz

    monkeypatch.setattr(sys, "platform", "emscripten")  # Pyodide: no program can run, dot or any other
    monkeypatch.setattr(micrograd.viz, "_browser_renderer", lambda source, engine: f"<svg>{len(source)}</svg>")
    dot = draw_dot(build())
    svg = described(f"<svg>{len(dot.source)}</svg>", dot)
    assert dot._repr_mimebundle_() == {"image/svg+xml": svg}
    assert dot._repr_mimebundle_(include=["image/svg+xml", "text/plain"]) == {"image/svg+xml": svg}
    assert dot._repr_mimebundle_(include=["image/png"]) == {}
    assert dot._repr_mimebundle_(exclude=["image/svg+xml"]) == {}


def test_in_the_browser_before_viz_js_is_loaded_the_source_shows(monkeypatch):
    import sys

    monkeypatch.setattr(sys, "platform", "emscripten")
    bundle = draw_dot(build())._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and bundle["text/plain"].startswith("Graphviz's dot program is not installed")


def test_where_dot_exists_it_draws_even_with_a_browser_renderer(monkeypatch):
    import shutil

    import micrograd.viz

    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (Debian: apt-get install graphviz)")
    monkeypatch.setattr(micrograd.viz, "_browser_renderer", lambda source, engine: "<svg>not this one</svg>")
    assert "Generated by graphviz" in draw_dot(build())._repr_mimebundle_()["image/svg+xml"]


def test_use_viz_js_outside_the_browser_says_where_it_works():
    import asyncio

    from micrograd.viz import use_viz_js

    with pytest.raises(RuntimeError) as raised:
        asyncio.run(use_viz_js("viz.js"))
    assert (
        str(raised.value)
        == "use_viz_js works in Pyodide (a notebook in the browser); elsewhere, install Graphviz's dot"
    )


def test_use_viz_js_imports_the_module_and_renders_through_it(monkeypatch):
    """Pyodide's side faked: what use_viz_js asks of JavaScript, and what a notebook then gets."""
    import asyncio
    import sys
    import types

    import micrograd.viz

    calls = []

    class Viz:  # what viz-js's instance() resolves to
        def renderString(self, source, options):
            calls.append(("render", source, options))
            return "<svg>from viz-js</svg>"

    class Module:  # what import() resolves to
        async def instance(self):
            return Viz()

    async def imported():
        return Module()

    def run_js(code):
        calls.append(("run_js", code))
        return imported()

    def to_js(value, dict_converter):
        calls.append(("to_js", value, dict_converter))
        return "js options"

    from_entries = object()
    fakes = {
        "js": types.SimpleNamespace(Object=types.SimpleNamespace(fromEntries=from_entries)),
        "pyodide": types.ModuleType("pyodide"),
        "pyodide.code": types.SimpleNamespace(run_js=run_js),
        "pyodide.ffi": types.SimpleNamespace(to_js=to_js),
    }
    for name, module in fakes.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setattr(micrograd.viz, "_browser_renderer", None)

    asyncio.run(micrograd.viz.use_viz_js('https://site/lite/static/pyodide/viz-js/viz.js?"x"'))
    assert calls == [("run_js", 'import("https://site/lite/static/pyodide/viz-js/viz.js?\\"x\\"")')]  # a JS string
    dot = draw_dot(build())
    assert dot._repr_mimebundle_() == {"image/svg+xml": described("<svg>from viz-js</svg>", dot)}
    assert calls[-2:] == [
        ("to_js", {"format": "svg", "engine": "dot"}, from_entries),  # a plain JS object, not a Map
        ("render", dot.source, "js options"),
    ]


LABEL_CHARACTERS = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"
) | st.sampled_from('\n\t\\ NGETHL&<>{}|"')


@settings(max_examples=60)
@given(st.text(LABEL_CHARACTERS, min_size=1, max_size=12))
def test_any_showable_label_is_drawn_as_written(label):
    """Graphviz's escapes (\\N, \\G, ...) stay as written; a newline breaks the line, a tab is four spaces."""
    texts = [t.replace("\xa0", " ") for t in svg_texts(draw_dot(Value(2.0, label=label) * 3))]
    lines = [line.replace("\xa0", " ") for line in label.replace("\t", "    ").split("\n") if line]
    assert texts[: len(lines)] == lines and texts[len(lines)] == "data 2.0000"


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\r", "\ufffe", "\uffff"])
def test_a_label_with_a_character_graphviz_cannot_show_is_refused_naming_it(character):
    with pytest.raises(
        ValueError, match=rf"^draw_dot cannot show the character .* \(U\+{ord(character):04X}\) in the label"
    ):
        draw_dot(Value(2.0, label=f"a{character}b"))


@pytest.mark.parametrize("root", [3.0, None, [Value(1.0)]])
def test_draw_dot_needs_a_value(root):
    with pytest.raises(TypeError, match=rf"^draw_dot draws a Value's graph, got {type(root).__name__}"):
        draw_dot(root)


@pytest.mark.parametrize("max_nodes", [0, -5, 2.5, "10", True])
def test_max_nodes_is_a_positive_whole_number_or_none(max_nodes):
    with pytest.raises(ValueError, match="max_nodes must be a positive whole number, or None"):
        draw_dot(Value(1.0), max_nodes=max_nodes)


def test_highlighted_values_are_filled_and_no_other():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    src = draw_dot(c, highlight=[a, c]).source
    boxes = re.findall(r"(v\d+) \[label=<<TABLE([^>]*)>(.*?)</TABLE>>", src)
    filled = {
        cells.split("</TD>")[0].removeprefix("<TR><TD>") for _, attrs, cells in boxes if 'BGCOLOR="#fde68a"' in attrs
    }  # first cells
    assert filled == {"a", "data -6.0000"} and len(boxes) == 3


def test_any_value_like_object_can_be_drawn():
    class Leaf:  # what draw_dot reads: data, grad, _prev, _op (label is optional)
        def __init__(self, data, prev=(), op=""):
            self.data, self.grad, self._prev, self._op = data, 0.0, prev, op

    x = Leaf(1.5)
    y = Leaf(3.0, (x, x), "+")
    src = draw_dot(y).source
    assert "data 1.5000" in src and "data 3.0000" in src and src.count("-> v1_op") == 2


def test_local_derivatives_need_only_the_lecture_s_fields_and_a_set_of_operands():
    """The lecture's Value keeps _prev as a set and its rule as a closure in _backward."""

    class LectureLike:
        def __init__(self, data, prev=(), op=""):
            self.data, self.grad, self._prev, self._op = data, 0.0, set(prev), op
            self._backward = lambda: None

    a, b = LectureLike(2.0), LectureLike(-3.0)
    out = LectureLike(a.data * b.data, (a, b), "*")

    def _backward():
        a.grad += b.data * out.grad
        b.grad += a.data * out.grad

    out._backward = _backward
    labels = sorted(label for _, _, label in edge_labels(draw_dot(out, local_derivatives=True).source))
    assert labels == ["local -3.0000", "local 2.0000"] and (a.grad, b.grad) == (0.0, 0.0)


# ----- BackwardSteps: backward(), one node at a time -----------------------------------------------------------


def small_graph():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    out = (c + a).tanh()
    out.label = "out"
    return a, b, out


def test_backward_steps_end_with_backward_s_gradients_and_say_what_each_rule_added():
    from micrograd.viz import HIGHLIGHT, BackwardSteps

    a, b, out = small_graph()
    steps = BackwardSteps(out)
    by_steps = (a.grad, b.grad)
    a.grad = b.grad = 0.0
    out.backward()
    assert by_steps == (a.grad, b.grad)  # the same walk, the same numbers
    captions = [caption for caption, _ in steps.frames]
    assert len(captions) == 4 and captions[0].startswith("Start: every gradient is 0")
    assert captions[1].startswith("Step 1: out (tanh) has grad 1.0000; its rule adds that times each local derivative")
    assert ": the + node (-4)" in captions[1]
    assert captions[2].startswith("Step 2: the + node (-4) (+) has grad") and ", a gets +" in captions[2]
    slope = 1 - out.data**2
    assert f"a gets {b.data * slope:+.4f}, b gets {a.data * slope:+.4f}." in captions[3]
    highlighted = [frame.source.count(HIGHLIGHT) for _, frame in steps.frames]
    assert highlighted == [1, 1, 2, 2]  # the boxes each step filled in: out, then the + node's, then c's operands


def test_backward_steps_show_one_frame_at_a_time_without_a_script():
    from micrograd.viz import BackwardSteps

    steps = BackwardSteps(small_graph()[2])
    page = steps._repr_html_()
    assert page == BackwardSteps(small_graph()[2])._repr_html_()  # the same graph, the same HTML: builds repeat
    assert "<script" not in page and page.count('type="radio"') == 4 and page.count(" checked") == 1
    assert page.count("previous</label>") == 3 and page.count("next &#9654;</label>") == 3
    assert page.count("<svg") == 4 and "<?xml" not in page and ' id="node' not in page  # no ids repeated on a page
    assert page.count(":checked ~ .frames > .frame:nth-child(") == 4


def test_backward_steps_show_their_last_frame_where_they_cannot_step():
    from micrograd.viz import BackwardSteps

    steps = BackwardSteps(small_graph()[2])
    last = steps.frames[-1][1]._repr_mimebundle_(include=["image/svg+xml"])["image/svg+xml"]
    first = steps.frames[0][1]._repr_mimebundle_(include=["image/svg+xml"])["image/svg+xml"]
    assert steps._repr_svg_() == last != first  # every gradient filled in: the PDF shows this one


def test_a_leaf_used_twice_is_named_once_in_its_step():
    from micrograd.viz import BackwardSteps

    a = Value(3.0, label="a")
    square = a * a
    square.label = "square"
    (caption, _), (step, _) = BackwardSteps(square).frames
    assert step == (
        "Step 1: square (*) has grad 1.0000; its rule adds that times each local derivative to its operands:"
        " a gets +6.0000."
    )
