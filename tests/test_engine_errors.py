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


def test_exp_overflow_names_the_operation_and_input():
    with pytest.raises(OverflowError, match=r"exp\(1000\.0\)"):
        Value(1000.0).exp()


@pytest.mark.parametrize("x", [0.0, -1.0])
def test_log_of_non_positive_is_a_value_error(x):
    with pytest.raises(ValueError, match=rf"log\({x!r}\)"):
        Value(x).log()


def test_negative_base_fractional_power_is_not_complex():
    with pytest.raises(ValueError, match=r"\(-8\.0\) \*\* 0\.333"):
        Value(-8.0) ** (1 / 3)
    with pytest.raises(ValueError, match="not a real number"):
        Value(-8.0) ** Value(0.5)


def test_power_overflow_and_zero_division():
    with pytest.raises(OverflowError, match=r"10\.0 \*\* 400\.0"):
        Value(10.0) ** 400
    with pytest.raises(ZeroDivisionError, match=r"0\.0 \*\* -1\.0"):
        Value(0.0) ** -1
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        Value(1.0) / 0
    with pytest.raises(ZeroDivisionError, match="infinite at a = 0"):
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
