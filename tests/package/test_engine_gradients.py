"""Every op's forward value against `math`, and its gradient inside a larger graph against closed forms.

The references never use micrograd: forward values come from `math`, derivatives
from each op's closed form (itself checked against central differences of the
`math` forward). Each op sits inside f(x, y) = op(x*y) * op(x) + x, so its rule
sees an upstream gradient that is not 1, operands that fan out, and a sum of
contributions; the comparison is as tight as float arithmetic allows.
"""

import math

import pytest
from finite_differences import assert_close, central_difference
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import anywhere, floats, moderate, positive, small_ints

from micrograd.engine import Value

nonzero = anywhere.filter(lambda x: x != 0.0)


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


# name: (the op on a Value, the op on a float, its derivative, a strategy for x and y)
UNARY = {
    "neg": (lambda v: -v, lambda x: -x, lambda x: -1.0, anywhere),
    "tanh": (lambda v: v.tanh(), math.tanh, lambda x: 1.0 - math.tanh(x) ** 2, anywhere),
    "exp": (lambda v: v.exp(), math.exp, math.exp, moderate),
    "log": (lambda v: v.log(), math.log, lambda x: 1.0 / x, positive),
    "relu": (lambda v: v.relu(), lambda x: x if x > 0 else 0.0, lambda x: 1.0 if x > 0 else 0.0, anywhere),
    "sigmoid": (lambda v: v.sigmoid(), sigmoid, lambda x: sigmoid(x) * (1.0 - sigmoid(x)), anywhere),
    "square": (lambda v: v**2, lambda x: x**2, lambda x: 2.0 * x, anywhere),
    "cube": (lambda v: v**3, lambda x: x**3, lambda x: 3.0 * x**2, floats(-1e4, 1e4)),
    "sqrt": (lambda v: v**0.5, lambda x: x**0.5, lambda x: 0.5 * x**-0.5, positive),
    "reciprocal": (
        lambda v: v**-1,
        lambda x: x**-1,
        lambda x: -(x**-2),
        floats(1e-3, 1e3, include=(1.0,)).filter(bool),
    ),
    "radd": (lambda v: 2 + v, lambda x: 2 + x, lambda x: 1.0, anywhere),
    "rsub": (lambda v: 1 - v, lambda x: 1 - x, lambda x: -1.0, anywhere),
    "rmul": (lambda v: 2 * v, lambda x: 2 * x, lambda x: 2.0, anywhere),
    "rtruediv": (
        lambda v: 2 / v,
        lambda x: 2 / x,
        lambda x: -2.0 / x**2,
        floats(1e-3, 1e3, include=(1.0,)).filter(bool),
    ),
    "rpow": (lambda v: 2**v, lambda x: 2**x, lambda x: 2**x * math.log(2), moderate),
}

# name: (the op on Values, on floats, its two partial derivatives, strategies for x and y)
BINARY = {
    "add": (lambda a, b: a + b, lambda a, b: a + b, (lambda a, b: 1.0, lambda a, b: 1.0), anywhere, anywhere),
    "sub": (lambda a, b: a - b, lambda a, b: a - b, (lambda a, b: 1.0, lambda a, b: -1.0), anywhere, anywhere),
    "mul": (lambda a, b: a * b, lambda a, b: a * b, (lambda a, b: b, lambda a, b: a), anywhere, anywhere),
    "div": (lambda a, b: a / b, lambda a, b: a / b, (lambda a, b: 1 / b, lambda a, b: -a / b**2), anywhere, nonzero),
    "pow": (
        lambda a, b: a**b,
        lambda a, b: a**b,
        (lambda a, b: b * a ** (b - 1), lambda a, b: a**b * math.log(a)),
        floats(1e-2, 10.0, include=(1.0,)),
        floats(1e-2, 3.0, include=(1.0, 2.0)),
    ),
}


def all_finite(*xs):
    """Finite, and either 0 or far from the subnormal floats, which keep too few digits for a tight check."""
    return all(math.isfinite(x) and (x == 0.0 or abs(x) > 1e-290) for x in xs)


@pytest.mark.parametrize("name", UNARY)
def test_unary_op_in_a_graph(name):
    op, op_float, derivative, domain = UNARY[name]

    @given(domain, domain)
    def check(x, y):
        try:
            want = op_float(x * y) * op_float(x) + x
            terms = (derivative(x * y) * y * op_float(x), op_float(x * y) * derivative(x), 1.0)
        except (OverflowError, ZeroDivisionError, ValueError):
            assume(False)
        dy = derivative(x * y) * x * op_float(x)
        assume(all_finite(want, dy, *terms) and (name not in ("log", "sqrt") or x * y > 0))
        vx, vy = Value(x), Value(y)
        out = op(vx * vy) * op(vx) + vx
        out.backward()
        assert_close(out.data, want, rel=1e-14, scale=abs(op_float(x * y) * op_float(x)) + abs(x))
        scale = sum(abs(t) for t in terms)
        assert_close(vx.grad, sum(terms), scale=scale)
        assert_close(vy.grad, dy)

    check()


@pytest.mark.parametrize("name", BINARY)
def test_binary_op_in_a_graph(name):
    op, op_float, (da, db), xs, ys = BINARY[name]

    @given(xs, ys)
    def check(x, y):
        assume(name != "div" or y + 1 != 0)
        p_args, q_args = (x * y, y + 1.0), (x, y)
        try:
            p, q = op_float(*p_args), op_float(*q_args)
            dx_terms = (da(*p_args) * y * q, p * da(*q_args), 1.0)
            dy_terms = (da(*p_args) * x * q, db(*p_args) * q, p * db(*q_args))
        except (OverflowError, ZeroDivisionError):
            assume(False)
        assume(all_finite(p, q, p * q, *dx_terms, *dy_terms))
        vx, vy = Value(x), Value(y)
        out = op(vx * vy, vy + 1.0) * op(vx, vy) + vx
        out.backward()
        assert_close(out.data, p * q + x, rel=1e-14, scale=abs(p * q) + abs(x))
        assert_close(vx.grad, sum(dx_terms), scale=sum(map(abs, dx_terms)))
        assert_close(vy.grad, sum(dy_terms), scale=sum(map(abs, dy_terms)))

    check()


@pytest.mark.parametrize("name", UNARY)
def test_unary_closed_forms_match_central_differences(name):
    """The derivatives the tests trust are themselves right, away from kinks."""
    _, op_float, derivative, _ = UNARY[name]
    for x in (0.3, 0.7, 1.9, 2.5):
        assert_close(derivative(x), central_difference(op_float, [x], 0), rel=1e-6, scale=1.0)


@pytest.mark.parametrize("name", BINARY)
def test_binary_closed_forms_match_central_differences(name):
    _, op_float, partials, _, _ = BINARY[name]
    for point in ((0.3, 1.7), (2.5, 0.6)):
        for i, partial in enumerate(partials):
            assert_close(partial(*point), central_difference(op_float, list(point), i), rel=1e-6, scale=1.0)


@given(floats(-50.0, 50.0).filter(lambda x: abs(x) > 1e-3), small_ints)
def test_integer_power_of_any_sign(x, n):
    v = Value(x)
    out = (v**n) * 3.0
    out.backward()
    assert_close(out.data, 3.0 * x**n, rel=1e-14)
    assert_close(v.grad, 3.0 * n * x ** (n - 1) if n else 0.0)


@given(
    st.lists(st.tuples(floats(-1e3, 1e3), floats(-1e3, 1e3)), min_size=1, max_size=6),
    floats(-1e3, 1e3),
    floats(-10.0, 10.0),
)
def test_linear_in_a_graph(pairs, b, c):
    """linear(b, w, x) = b + sum w_i x_i: the same number as the chain of * and +, and exact gradients."""
    ws, xs = [Value(w) for w, _ in pairs], [Value(x) for _, x in pairs]
    bias = Value(b)
    act = Value.linear(bias, ws, xs)
    chain = sum((w * x for w, x in zip(ws, xs)), bias)
    assert act.data == chain.data and act._op == "linear" and len(act._prev) == 1 + 2 * len(pairs)
    out = act * c + act  # upstream gradient c + 1, and act used twice
    out.backward()
    g = c + 1.0
    assert bias.grad == g
    for w, x, (wd, xd) in zip(ws, xs, pairs):
        assert_close(w.grad, xd * g, scale=abs(xd * c) + abs(xd))
        assert_close(x.grad, wd * g, scale=abs(wd * c) + abs(wd))


def test_linear_with_an_input_used_twice_and_plain_numbers():
    x, w1, w2, b = Value(2.0), Value(3.0), Value(-5.0), Value(0.5)
    out = Value.linear(b, [w1, w2], [x, x])
    out.backward()
    assert out.data == 0.5 + 6.0 - 10.0 and x.grad == 3.0 - 5.0
    w1.grad = w2.grad = 0.0
    numbers = Value.linear(b, [w1, w2], [2, 4.0])
    numbers.backward()
    assert numbers.data == 0.5 + 6.0 - 20.0 and (w1.grad, w2.grad) == (2.0, 4.0)


# ----- how gradients add up ------------------------------------------------------


@given(floats(-100.0, 100.0))
def test_distinct_operands_from_one_node_accumulate(b):
    v = Value(b)
    ((v + 2.0) * (v + 3.0)).backward()  # d/db (b+2)(b+3) = 2b + 5
    assert_close(v.grad, 2 * b + 5, scale=abs(b) + 5)


def test_one_node_as_both_operands_accumulates():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0
    b = Value(3.0)
    (b * b).backward()
    assert b.grad == 6.0
    c = Value(3.0)
    (c - c * 2.0).backward()
    assert c.grad == -1.0


@given(floats(-2.0, 2.0))
def test_a_diamond_with_paths_of_different_lengths(x):
    """c reaches the output directly and through tanh and exp: c's gradient must be complete before it flows on."""
    v = Value(x)
    c = v * 3.0
    out = c + c.tanh().exp()
    out.backward()
    t = math.tanh(3 * x)
    assert_close(v.grad, 3.0 + 3.0 * math.exp(t) * (1 - t * t), scale=3.0 + 3.0 * math.exp(t))


def test_a_long_and_a_short_path_to_the_same_leaf():
    x = Value(0.5)
    long = x
    for _ in range(5):
        long = (long * 1.5).tanh()
    out = long * x + x  # x feeds the end directly and through a chain of ten nodes
    out.backward()
    value, chain = 0.5, 1.0
    for _ in range(5):
        value = math.tanh(1.5 * value)
        chain *= 1.5 * (1 - value * value)
    assert_close(x.grad, chain * 0.5 + value + 1.0)


# ----- conventions at the edges ------------------------------------------------------


def test_relu_of_negative_zero_is_positive_zero():
    assert math.copysign(1.0, Value(-0.0).relu().data) == 1.0  # max(0, a) gives the constant 0


@pytest.mark.parametrize(
    "make",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a * b,
        lambda a, b: a / b,
        lambda a, b: a**b,
        lambda a, b: a**2,
        lambda a, b: -a,
        lambda a, b: a.tanh(),
        lambda a, b: a.exp(),
        lambda a, b: a.log(),
        lambda a, b: a.relu(),
        lambda a, b: a.sigmoid(),
        lambda a, b: 2.0 + a,
        lambda a, b: 2.0 - a,
    ],
)
def test_a_new_result_has_zero_gradient(make):
    a, b = Value(1.5), Value(0.5)
    out = make(a, b)
    assert out.grad == 0.0
    assert all(child.grad == 0.0 for child in out._prev)  # constants wrapped from plain numbers too


def test_a_wrapped_constant_collects_exactly_its_gradient():
    x = Value(3.0)
    out = x * 2.0
    out.backward()
    assert out._prev[1].data == 2.0 and out._prev[1].grad == 3.0


def test_relu_derivative_at_zero_is_zero():
    for zero in (0.0, -0.0):
        x = Value(zero)
        (x.relu() * 3.0).backward()
        assert x.grad == 0.0


def test_power_one_at_zero_has_derivative_one():
    x = Value(0.0)
    (x**1 * 3.0).backward()
    assert x.grad == 3.0


def test_power_zero_is_constant_also_at_zero():
    x = Value(0.0)
    (x**0 * 3.0).backward()
    assert x.grad == 0.0
    base, exponent = Value(0.0), Value(2.0)
    (base**exponent * 3.0).backward()
    assert (base.grad, exponent.grad) == (0.0, 0.0)


def test_backward_from_a_leaf_twice_gives_two():
    x = Value(1.5)
    x.backward()
    x.backward()
    assert x.grad == 2.0


def test_backward_twice_accumulates_leaves_like_pytorch():
    x = Value(0.5)
    out = ((x * 3.0).tanh() + 1.0) ** 2  # interior nodes between x and out
    out.backward()
    once = x.grad
    out.backward()
    assert x.grad == 2 * once


def test_saturated_ops_have_zero_gradient():
    a = Value(-2.0)
    (a.relu() * 3.0).backward()
    assert a.grad == 0.0
    b = Value(1000.0)
    (b.tanh() * 3.0).backward()
    assert b.grad == 0.0


# ----- the graph ----------------------------------------------------------------------


def test_million_node_chain_backpropagates_without_recursion_error():
    x = Value(1.0)
    v = x
    for _ in range(1_000_000):
        v = v + 1.0
    v.backward()
    assert x.grad == 1.0
    assert v.data == 1_000_001.0


def build_graph():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b + b.tanh()
    return (c * a + c.exp()).relu()


def test_traversal_order_is_the_same_every_time():
    orders = {tuple((n._op, n.label, n.data) for n in build_graph().topological_order()) for _ in range(20)}
    assert len(orders) == 1


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50), st.sampled_from("+*")), min_size=1, max_size=40))
def test_topological_order_places_every_child_first(recipe):
    nodes = [Value(1.0), Value(2.0)]
    for i, j, op in recipe:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        nodes.append(a + b if op == "+" else a * b)
    order = nodes[-1].topological_order()
    position = {id(n): k for k, n in enumerate(order)}
    assert len(position) == len(order) and order[-1] is nodes[-1]
    for node in order:
        for child in node._prev:
            assert position[id(child)] < position[id(node)]


def recursive_order(root):
    """The lecture's recursive depth-first sort, which chapter 2 writes as build()."""
    order, visited = [], set()

    def build(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                build(child)
            order.append(v)

    build(root)
    return order


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50), st.sampled_from("+*")), min_size=1, max_size=40))
def test_topological_order_is_the_recursive_sorts_order(recipe):
    nodes = [Value(1.0), Value(2.0)]
    for i, j, op in recipe:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        nodes.append(a + b if op == "+" else a * b)
    assert nodes[-1].topological_order() == recursive_order(nodes[-1])


def test_repr_shows_data_and_grad():
    v = Value(2.5, label="w")
    v.grad = -1.0
    assert repr(v) == "Value(data=2.5, grad=-1.0, label='w')"
    assert repr(Value(1)) == "Value(data=1.0, grad=0.0)"


@pytest.mark.parametrize("a", [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 2.5, 30.0])
def test_sigmoid_uses_the_formula_that_cannot_overflow_on_each_side(a):
    assert Value(a).sigmoid().data == 1.0 / (1.0 + math.exp(-a))  # exp of a non-positive number
    assert Value(-a).sigmoid().data == math.exp(-a) / (1.0 + math.exp(-a))


def test_exact_values():
    assert (Value(2.0) ** 10).data == 1024.0
    assert Value(0.0).sigmoid().data == 0.5
    assert Value(1.0).exp().data == math.e
    assert Value(math.e).log().data == 1.0
