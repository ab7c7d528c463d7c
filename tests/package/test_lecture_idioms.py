"""Code written the way karpathy's lecture and his micrograd notebooks write it runs against this package.

- The lecture defines operations with a zero-argument closure, `out._backward = _backward`,
  and back-propagates a neuron by calling `o._backward()` node by node, by hand.
- trace_graph.ipynb walks a graph through `_prev`, `_op`, `data` and `grad`, naming nodes by id().
- demo.ipynb trains a ReLU MLP on two moons with a max-margin loss and L2 regularisation.
The code below is written here, in those styles; none of it is copied.
"""

import math
import random

import pytest
from finite_differences import assert_close, central_difference

from micrograd.engine import Value
from micrograd.nn import MLP


def closure_tanh(v):
    """tanh in the lecture's style: forward from exp, backward as a closure over out and v."""
    e = math.exp(2 * v.data)
    t = (e - 1) / (e + 1)
    out = Value(t, (v,), "tanh")

    def _backward():
        v.grad += (1 - t**2) * out.grad

    out._backward = _backward
    return out


def closure_mul(a, b):
    out = Value(a.data * b.data, (a, b), "*")

    def _backward():
        a.grad += b.data * out.grad
        b.grad += a.data * out.grad

    out._backward = _backward
    return out


def neuron(x1, x2, w1, w2, b, tanh):
    return tanh(closure_mul(x1, w1) + closure_mul(x2, w2) + b)


def test_a_closure_op_back_propagates_like_central_differences():
    xs = [2.0, 0.5, -1.5, 0.8, 0.3]

    def forward(*numbers):
        return (neuron(*[Value(n) for n in numbers], tanh=closure_tanh) * 3.0).data

    leaves = [Value(n) for n in xs]
    out = neuron(*leaves, tanh=closure_tanh) * 3.0
    out.backward()
    for i, leaf in enumerate(leaves):
        assert_close(leaf.grad, central_difference(forward, xs, i), rel=1e-7, scale=1.0)
    assert out._prev[0]._op == "tanh" and out._prev[0]._prev[0]._op == "+"


def test_a_closure_op_agrees_with_the_built_in_one():
    def gradients(tanh):
        leaves = [Value(n) for n in (2.0, 0.5, -1.5, 0.8, 0.3)]
        neuron(*leaves, tanh=tanh).backward()
        return [leaf.grad for leaf in leaves]

    assert gradients(Value.tanh) == pytest.approx(gradients(closure_tanh), rel=1e-12)


def test_manual_backward_node_by_node_on_the_lecture_neuron():
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    o = n.tanh()
    o.grad = 1.0
    for node in (o, n, b, x1w1x2w2, x2w2, x1w1, x1):  # the lecture's order; a leaf's step does nothing
        node._backward()
    assert o.data == pytest.approx(math.sqrt(0.5), rel=1e-12)
    assert n.grad == pytest.approx(0.5, rel=1e-12)
    assert (x1.grad, w1.grad, x2.grad, w2.grad) == pytest.approx((-1.5, 1.0, 0.5, 0.0), rel=1e-12)


def test_a_manual_step_is_the_same_as_backward():
    x, w = Value(0.5), Value(-2.0)
    out = (x * w).tanh()
    out.grad = 1.0
    out._backward()
    out._prev[0]._backward()
    by_hand = (x.grad, w.grad)
    x2, w2 = Value(0.5), Value(-2.0)
    (x2 * w2).tanh().backward()
    assert by_hand == (x2.grad, w2.grad)


# ----- trace_graph.ipynb: a graph walked through the node's own fields ------------------


def trace(root):
    """Every node and edge reachable from root, read through _prev (as trace_graph does)."""
    nodes, edges, todo = set(), set(), [root]
    while todo:
        v = todo.pop()
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                todo.append(child)
    return nodes, edges


def draw_by_id(root):
    graphviz = pytest.importorskip("graphviz")
    dot = graphviz.Digraph(format="svg", graph_attr={"rankdir": "LR"})
    nodes, edges = trace(root)
    for n in nodes:
        uid = str(id(n))
        dot.node(name=uid, label=f"{{ data {n.data:.4f} | grad {n.grad:.4f} }}", shape="record")
        if n._op:
            dot.node(name=uid + n._op, label=n._op)
            dot.edge(uid + n._op, uid)
    for child, parent in edges:
        dot.edge(str(id(child)), str(id(parent)) + parent._op)
    return dot, nodes, edges


def test_trace_graph_style_walk():
    x = Value(1.0)
    y = (x * 2 + 1).relu()
    y.backward()
    dot, nodes, edges = draw_by_id(y)
    assert len(nodes) == 6 and len(edges) == 5  # x, 2, x*2, 1, x*2 + 1, relu
    assert sorted(n._op for n in nodes) == ["", "", "", "*", "+", "ReLU"]
    assert x.grad == 2.0 and all(str(id(n)) in dot.source for n in nodes)


# ----- demo.ipynb: a ReLU MLP with a max-margin loss on two moons ------------------------


def test_demo_style_training_learns_the_moons():
    from micrograd.datasets import make_moons

    random.seed(1337)
    X, y = make_moons(n_samples=60, noise=0.1, seed=3)
    model = MLP(2, [16, 16, 1], activation="relu", output_activation="linear")  # karpathy's MLP defaults

    def loss():
        scores = list(map(model, X))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in model.parameters())
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
        return data_loss + reg_loss, sum(accuracy) / len(accuracy)

    for k in range(25):
        total_loss, acc = loss()
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
    final_loss, final_accuracy = loss()
    assert final_accuracy >= 0.85  # chance is 0.5
    assert final_loss.data < 0.5
