"""Every op's gradient against central differences, over the op's safe domain."""

import math

import pytest
from finite_differences import assert_close, central_difference
from hypothesis import given
from strategies import anywhere, away_from_zero, floats, positive, small_ints

from micrograd.engine import Value


def check_gradients(f, *xs):
    """f built from Values: its backward() gradients equal central differences of f on floats."""
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    out.backward()
    floats_f = lambda *a: f(*[Value(v) for v in a]).data  # noqa: E731
    for i, leaf in enumerate(leaves):
        assert_close(leaf.grad, central_difference(floats_f, xs, i))


BINARY = {
    "add": (lambda a, b: a + b, anywhere, anywhere),
    "sub": (lambda a, b: a - b, anywhere, anywhere),
    "mul": (lambda a, b: a * b, anywhere, anywhere),
    "div": (lambda a, b: a / b, anywhere, away_from_zero),
    "pow Value exponent": (lambda a, b: a**b, positive, floats(-2.0, 2.0)),
}
UNARY = {
    "neg": (lambda a: -a, anywhere),
    "tanh": (lambda a: a.tanh(), anywhere),
    "exp": (lambda a: a.exp(), anywhere),
    "log": (lambda a: a.log(), positive),
    "relu": (lambda a: a.relu(), away_from_zero),
    "sigmoid": (lambda a: a.sigmoid(), anywhere),
    "square": (lambda a: a**2, anywhere),
    "sqrt": (lambda a: a**0.5, positive),
    "reciprocal": (lambda a: a**-1, away_from_zero),
    "radd": (lambda a: 2 + a, anywhere),
    "rsub": (lambda a: 1 - a, anywhere),
    "rmul": (lambda a: 2 * a, anywhere),
    "rtruediv": (lambda a: 2 / a, away_from_zero),
    "rpow": (lambda a: 2**a, anywhere),
}


@pytest.mark.parametrize("name", BINARY)
def test_binary_op_gradients(name):
    f, xs, ys = BINARY[name]
    given(xs, ys)(lambda a, b: check_gradients(f, a, b))()


@pytest.mark.parametrize("name", UNARY)
def test_unary_op_gradients(name):
    f, xs = UNARY[name]
    given(xs)(lambda a: check_gradients(f, a))()


@given(away_from_zero, small_ints)
def test_integer_power_of_any_sign(a, n):
    check_gradients(lambda x: x**n, a)


@given(anywhere, anywhere, positive)
def test_composite_expression(a, b, c):
    check_gradients(lambda x, y, z: ((x * y).tanh() + z.log() * x - y / z) ** 2, a, b, c)


def test_node_used_twice_accumulates():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0
    b = Value(3.0)
    (b * b).backward()
    assert b.grad == 6.0


def test_backward_twice_accumulates_leaves_like_pytorch():
    x = Value(0.5)
    out = ((x * 3.0).tanh() + 1.0) ** 2  # interior nodes between x and out
    out.backward()
    once = x.grad
    out.backward()
    assert x.grad == pytest.approx(2 * once, rel=1e-15)


def test_zero_gradient_cases():
    a = Value(-2.0)
    a.relu().backward()
    assert a.grad == 0.0
    b = Value(1000.0)
    b.tanh().backward()
    assert b.grad == 0.0
    c = Value(0.0)
    (c**0).backward()
    assert c.grad == 0.0
    base, exponent = Value(0.0), Value(2.0)
    (base**exponent).backward()
    assert (base.grad, exponent.grad) == (0.0, 0.0)


def test_million_node_chain_backpropagates_without_recursion_error():
    x = Value(1.0)
    v = x
    for _ in range(1_000_000):
        v = v + 1.0
    v.backward()
    assert x.grad == 1.0
    assert v.data == 1_000_001.0


def test_traversal_order_is_the_same_every_time():
    def build():
        a, b = Value(2.0, label="a"), Value(-3.0, label="b")
        c = a * b + b.tanh()
        return (c * a + c.exp()).relu()

    orders = {tuple((n._op, n.label, n.data) for n in build()._topological_order()) for _ in range(20)}
    assert len(orders) == 1


def test_topological_order_places_children_first():
    a = Value(1.0)
    b = a * 2.0
    c = a + b
    d = c * b
    order = d._topological_order()
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for child in node._prev:
            assert position[id(child)] < position[id(node)]
    assert order[-1] is d and len(order) == 5  # a, 2.0, b, c, d: b and a appear once though used twice


def test_repr_shows_data_and_grad():
    v = Value(2.5, label="w")
    v.grad = -1.0
    assert repr(v) == "Value(data=2.5, grad=-1.0, label='w')"
    assert repr(Value(1)) == "Value(data=1.0, grad=0.0)"


def test_exact_values():
    assert (Value(2.0) ** 10).data == 1024.0
    assert Value(0.0).sigmoid().data == 0.5
    assert Value(1.0).exp().data == math.e
