"""Bad input and unrepresentable results: a clear exception, never a silent wrong number."""

import math

import pytest
from hypothesis import given
from strategies import floats

from micrograd.engine import Value


@pytest.mark.parametrize("bad", ["abc", None, [1.0], 1j, True])
def test_value_needs_a_real_number(bad):
    with pytest.raises(TypeError, match="needs a real number"):
        Value(bad)


def test_value_of_a_value_says_so():
    with pytest.raises(TypeError, match="got a Value"):
        Value(Value(1.0))


@pytest.mark.parametrize(
    "expression",
    [
        lambda v: v + "x",
        lambda v: "x" + v,
        lambda v: v * "x",
        lambda v: v - None,
        lambda v: v / [1],
        lambda v: v ** "x",
        lambda v: "x" ** v,
    ],
)
def test_unsupported_operand_is_a_type_error(expression):
    # Value returns NotImplemented, so Python's own message names both types
    # (for str and list, their own concat/repeat message: still naming Value).
    with pytest.raises(TypeError, match="Value"):
        expression(Value(1.0))


def test_numbers_of_other_real_types_are_accepted():
    from fractions import Fraction

    assert (Value(1.0) + Fraction(1, 2)).data == 1.5
    assert Value(3).data == 3.0 and type(Value(3).data) is float


@pytest.mark.parametrize("x", [1000.0, -1000.0, 355.0, -355.0, 1e308])
def test_tanh_saturates_with_zero_gradient(x):
    v = Value(x)
    out = v.tanh()
    out.backward()
    assert out.data == math.copysign(1.0, x)
    assert v.grad == 0.0


@pytest.mark.parametrize("x, expected", [(1000.0, 1.0), (-1000.0, 0.0), (800.0, 1.0), (-800.0, 0.0)])
def test_sigmoid_is_stable_for_large_inputs(x, expected):
    v = Value(x)
    out = v.sigmoid()
    out.backward()
    assert out.data == expected
    assert v.grad == 0.0


@given(floats(-700.0, 700.0))
def test_sigmoid_matches_its_definition(x):
    assert math.isclose(Value(x).sigmoid().data, 1.0 / (1.0 + math.exp(-x)), rel_tol=1e-12)


# ----- IEEE 754: too large is inf, and inf and nan propagate; only undefined points raise ------

INF, NAN = math.inf, math.nan
EXTREMES = [0.0, -0.0, 5e-324, -5e-324, 1e-200, -1e-200, 1e200, -1e200, 1e308, -1e308, INF, -INF, NAN]


def ieee(f, *xs):
    """f on floats with IEEE results where Python raises for overflow: the reference for every op."""
    try:
        return f(*xs)
    except OverflowError:
        return INF
    except (ZeroDivisionError, ValueError):
        return None  # undefined here: the engine must raise


def same(got, want):
    return (math.isnan(got) and math.isnan(want)) or got == want


def real_pow(a, b):
    if a < 0 and math.isfinite(b) and not b.is_integer():
        raise ValueError("complex")
    if a == 0 and b < 0:
        raise ZeroDivisionError
    try:
        return a**b
    except OverflowError:
        return -INF if a < 0 and b % 2 == 1 else INF


UNARY_IEEE = {
    "neg": (lambda v: -v, lambda x: -x, lambda x, g: -g),
    "tanh": (lambda v: v.tanh(), math.tanh, lambda x, g: (1 - math.tanh(x) ** 2) * g),
    "exp": (lambda v: v.exp(), math.exp, lambda x, g: ieee(math.exp, x) * g),
    "log": (lambda v: v.log(), lambda x: math.log(x) if x > 0 or math.isnan(x) else 1 / 0, lambda x, g: g / x),
    "relu": (
        lambda v: v.relu(),
        lambda x: x if not x <= 0 else 0.0,
        lambda x, g: g if not x <= 0 else 0.0,
    ),  # NaN: passes, as in PyTorch
    "square": (lambda v: v**2, lambda x: real_pow(x, 2.0), lambda x, g: 2.0 * x * g),
    "reciprocal": (lambda v: v**-1, lambda x: real_pow(x, -1.0), lambda x, g: -1.0 * real_pow(x, -2.0) * g),
}


@pytest.mark.parametrize("x", EXTREMES)
@pytest.mark.parametrize("name", UNARY_IEEE)
def test_unary_ops_follow_ieee_at_the_extremes(name, x):
    op, forward, backward = UNARY_IEEE[name]
    want = ieee(forward, x)
    v = Value(x)
    if want is None:
        with pytest.raises((ZeroDivisionError, ValueError), match=name if name != "reciprocal" else "power"):
            op(v)
        return
    out = op(v)
    assert same(out.data, want)
    (out * 2.0).backward()  # upstream gradient 2, forward and backward both at the extreme
    assert same(v.grad, ieee(backward, x, 2.0))


@pytest.mark.parametrize("y", [1e200, -1e200, 1e-200, INF, NAN, 0.0])
@pytest.mark.parametrize("x", [1e200, -1e200, 1e-200, INF, -INF, NAN])
@pytest.mark.parametrize("name", ["add", "sub", "mul", "div"])
def test_binary_ops_follow_ieee_at_the_extremes(name, x, y):
    ops = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "div": lambda a, b: a / b}
    a, b = Value(x), Value(y)
    if name == "div" and y == 0.0:
        with pytest.raises(ZeroDivisionError, match="division by zero"):
            ops[name](a, b)
        return
    out = ops[name](a, b)
    assert same(out.data, ops[name](x, y))
    out.backward()
    grads = {
        "add": lambda: (1.0, 1.0),
        "sub": lambda: (1.0, -1.0),
        "mul": lambda: (y, x),
        "div": lambda: (1 / y, -(x / y) / y),
    }[name]()
    assert same(a.grad, grads[0]) and same(b.grad, grads[1])


def test_overflow_is_inf_the_same_way_for_every_op():
    x = Value(1e-200)
    (1 / x).backward()
    y = Value(1e-200)
    (y**-1).backward()
    assert x.grad == y.grad == -INF
    assert (Value(1e200) * Value(1e200)).data == (Value(1e200) ** 2).data == INF
    assert (Value(-1e200) ** 3).data == -INF
    assert Value(1000.0).exp().data == INF
    assert (Value(10.0) ** Value(400.0)).data == INF


def test_nan_propagates_through_a_relu_network():
    from micrograd.nn import MLP

    model = MLP(2, [3, 1], activation="relu", output_activation="linear")
    assert math.isnan(model([NAN, 1.0]).data)
    assert math.isnan(Value(NAN).relu().data) and math.isnan(Value(NAN).sigmoid().data)


@pytest.mark.parametrize("x", [0.0, -1.0, -INF])
def test_log_of_non_positive_is_a_value_error(x):
    with pytest.raises(ValueError, match=rf"log\({x!r}\)"):
        Value(x).log()


def test_negative_base_fractional_power_is_not_complex():
    with pytest.raises(ValueError, match=r"\(-8\.0\) \*\* 0\.333"):
        Value(-8.0) ** (1 / 3)
    with pytest.raises(ValueError, match="not a real number"):
        Value(-8.0) ** Value(0.5)


def test_division_by_zero_names_the_operands():
    with pytest.raises(ZeroDivisionError, match=r"^division by zero: 1\.5 / 0\.0$"):
        Value(1.5) / 0
    with pytest.raises(ZeroDivisionError, match=r"^division by zero: 2\.0 / -0\.0$"):
        2 / Value(-0.0)


def test_zero_to_a_negative_power_divides_by_zero():
    with pytest.raises(ZeroDivisionError, match=r"^power: 0\.0 \*\* -1\.0 divides by zero$"):
        Value(0.0) ** -1
    with pytest.raises(ZeroDivisionError, match=r"gradient of a \*\* 0\.5 at a = 0\.0 divides by zero"):
        (Value(0.0) ** 0.5).backward()


def test_exponent_gradient_needs_a_positive_base():
    out = Value(-2.0) ** Value(2.0)
    assert out.data == 4.0
    with pytest.raises(ValueError, match="positive base"):
        out.backward()


def test_errors_do_not_depend_on_assert(tmp_path):
    """The checks are real exceptions: they hold under python -O, which strips asserts."""
    import subprocess
    import sys

    code = "from micrograd.engine import Value\ntry:\n    Value('abc')\nexcept TypeError:\n    print('ok')\n"
    out = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
