"""Every error says exactly what went wrong, where: the messages, in full.

A user error is a TypeError or ValueError whose message names the call and the
value given; these tests pin each message whole, so a message that loses its
subject or its value fails here.
"""

import re

import pytest

import micrograd
from micrograd.datasets import make_moons
from micrograd.engine import Value
from micrograd.nn import MLP, Layer, Neuron

CASES = [
    (lambda: Value("abc"), TypeError, "Value(...) needs a real number (int or float), got str: 'abc'"),
    (lambda: Value(None), TypeError, "Value(...) needs a real number (int or float), got NoneType: None"),
    (lambda: Value(Value(1.0)), TypeError, "Value(...) needs a number, got a Value: use it directly, or its .data"),
    (lambda: Value(1.5) / 0, ZeroDivisionError, "division by zero: 1.5 / 0.0"),
    (lambda: Value(0.0) ** -1, ZeroDivisionError, "power: 0.0 ** -1.0 divides by zero"),
    (
        lambda: Value(-8.0) ** 0.5,
        ValueError,
        "power: (-8.0) ** 0.5 is not a real number (negative base, fractional exponent)",
    ),
    (lambda: Value(0.0).log(), ValueError, "log(0.0) is undefined: log needs a positive input"),
    (
        lambda: (Value(0.0) ** 0.5).backward(),
        ZeroDivisionError,
        "power: the gradient of a ** 0.5 at a = 0.0 divides by zero",
    ),
    (
        lambda: (Value(-2.0) ** Value(2.0)).backward(),
        ValueError,
        "power: the gradient of (-2.0) ** b with respect to b needs a positive base",
    ),
    (lambda: Neuron(0), ValueError, "Neuron(nin) needs at least 1 of inputs, got 0"),
    (lambda: Neuron(2.5), TypeError, "Neuron(nin) needs a whole number of inputs, got float: 2.5"),
    (lambda: Neuron(True), TypeError, "Neuron(nin) needs a whole number of inputs, got bool: True"),
    (lambda: Layer(0, 2), ValueError, "Layer(nin, nout) needs at least 1 of inputs, got 0"),
    (lambda: Layer("2", 2), TypeError, "Layer(nin, nout) needs a whole number of inputs, got str: '2'"),
    (lambda: Layer(2, -1), ValueError, "Layer(nin, nout) needs at least 1 of neurons, got -1"),
    (lambda: Layer(2, None), TypeError, "Layer(nin, nout) needs a whole number of neurons, got NoneType: None"),
    (lambda: MLP(2, [3, 0]), ValueError, "MLP(nin, nouts) needs at least 1 of neurons in each layer, got 0"),
    (lambda: MLP(2, [3.5]), TypeError, "MLP(nin, nouts) needs a whole number of neurons in each layer, got float: 3.5"),
    (lambda: MLP(2, []), ValueError, "MLP(nin, nouts) needs at least one layer size in nouts, got none"),
    (lambda: MLP(2, 3), TypeError, "MLP(nin, nouts) needs a list of layer sizes, got int: 3"),
    (
        lambda: MLP(2, [1], activation="softmax"),
        ValueError,
        "unknown activation 'softmax': choose one of tanh, relu, sigmoid, linear",
    ),
    (lambda: Neuron(3)([1.0, 2.0]), ValueError, "this neuron takes 3 inputs, got 2"),
    (lambda: Neuron(1)(1j), TypeError, "a neuron's input must be numbers or Values, got complex: 1j"),
    (lambda: Neuron(1)(["a"]), TypeError, "Value.linear's input must be numbers or Values, got str: 'a'"),
    (lambda: make_moons("abc"), TypeError, "make_moons needs a whole number of samples, got str: 'abc'"),
    (lambda: make_moons(1), ValueError, "make_moons needs at least 2 samples, got 1"),
    (lambda: make_moons(10, noise="0.1"), TypeError, "make_moons needs a number for noise, got str: '0.1'"),
    (
        lambda: make_moons(10, noise=-1),
        ValueError,
        "make_moons needs a finite, non-negative noise (a standard deviation), got -1",
    ),
    (lambda: micrograd.nope, AttributeError, "module 'micrograd' has no attribute 'nope'"),
    (
        lambda: Neuron(3, activation="tanh", nonlin=True),
        TypeError,
        "give activation= or karpathy's nonlin=, not both",
    ),
    (lambda: Layer(2, 3)([1.0]), ValueError, "this layer takes 2 inputs, got 1"),
    (
        lambda: Value.linear("b", [Value(1.0)], [2.0]),
        TypeError,
        "Value.linear's bias must be numbers or Values, got str: 'b'",
    ),
    (
        lambda: Value.linear(0.0, [Value(1.0)], ["x"]),
        TypeError,
        "Value.linear's input must be numbers or Values, got str: 'x'",
    ),
    (
        lambda: make_moons(10, seed="1"),
        TypeError,
        "make_moons needs a whole number (or None) for seed, got str: '1'",
    ),
    (
        lambda: Value(2**2000),
        ValueError,
        f"Value(...) needs a number a float can hold, got int {str(2**2000)[:20]}...",
    ),
]


@pytest.mark.parametrize("call, error, message", CASES, ids=[c[2][:50] for c in CASES])
def test_the_message_in_full(call, error, message):
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        call()


@pytest.mark.parametrize("other", [None, "x", [1.0], object()])
@pytest.mark.parametrize("op", ["+", "-", "*", "/", "**"])
def test_a_value_with_an_unsupported_operand_is_a_type_error_either_side(op, other):
    names = {"value": Value(2.0), "other": other}
    for expression in (f"value {op} other", f"other {op} value"):
        with pytest.raises(TypeError, match="Value"):
            eval(expression, {}, names)
