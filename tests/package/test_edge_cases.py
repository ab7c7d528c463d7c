"""Bad input and edge cases, found by trying the package as a new user would: a clear error, or PyTorch's number."""

import math
import random
import subprocess
import sys

import pytest

from micrograd.datasets import make_moons
from micrograd.engine import Value
from micrograd.nn import MLP, Layer, Neuron

NAN = math.nan


# ----- the engine ----------------------------------------------------------------------


def test_a_nan_base_to_the_power_zero_gives_the_exponent_a_nan_gradient():
    a, b = Value(NAN), Value(0.0)
    (a**b).backward()
    assert a.grad == 0.0 and math.isnan(b.grad)  # PyTorch: 0 and nan


def test_relu_passes_the_gradient_at_nan():
    x = Value(NAN)
    (x.relu() * 3.0).backward()
    assert x.grad == 3.0  # PyTorch: relu's backward masks only where the result is <= 0


def test_an_int_assigned_to_data_is_a_number_to_every_operation():
    b = Value(2.0)
    b.data = 3  # int.is_integer exists only from Python 3.12
    assert (Value(-2.0) ** b).data == -8.0
    with pytest.raises(ValueError, match="positive base"):
        (Value(-2.0) ** b).backward()


def test_a_number_too_large_for_a_float_is_a_value_error():
    with pytest.raises(ValueError, match=r"^Value\(\.\.\.\) needs a number a float can hold, got int 1000000"):
        Value(10**400)


def test_linear_refuses_inputs_and_weights_of_different_lengths():
    with pytest.raises(ValueError, match=r"^Value.linear needs one weight per input, got 2 weights and 1 inputs$"):
        Value.linear(Value(0.0), [Value(1.0), Value(2.0)], [5.0])


def test_linear_refuses_plain_numbers_as_weights():
    with pytest.raises(TypeError, match=r"^Value.linear's weights are Values, got float: 2.0$"):
        Value.linear(Value(0.0), [Value(1.0), 2.0], [5.0, 6.0])


def test_linear_takes_a_plain_number_as_its_bias():
    out = Value.linear(0.5, [Value(2.0)], [3.0])
    assert out.data == 6.5 and out._prev[0].data == 0.5


class CountingOperands(tuple):
    """A node's operands that count how often the topological sort reads one."""

    reads = 0

    def __iter__(self):
        for item in super().__iter__():
            CountingOperands.reads += 1
            yield item


def test_the_topological_sort_reads_each_edge_once():
    """Linear time: a neuron with 16,000 inputs is 32,001 edges into one node, and the sort reads each once."""
    random.seed(0)
    out = Neuron(16_000, activation="linear")([float(i % 7) for i in range(16_000)])
    out._prev = CountingOperands(out._prev)
    CountingOperands.reads = 0
    order = out.topological_order()
    assert len(order) == 32_002 and CountingOperands.reads == 32_001


# ----- the network ---------------------------------------------------------------------


def test_every_activation_of_an_mlp_is_checked_even_an_unused_one():
    with pytest.raises(ValueError, match="unknown activation 'bogus'"):
        MLP(2, [1], activation="bogus", output_activation="linear")


@pytest.mark.parametrize("nonlin, activation", [(True, "relu"), (False, "linear")])
def test_karpathys_nonlin_keyword_has_his_meaning(nonlin, activation):
    assert Neuron(3, nonlin=nonlin).activation == activation
    assert all(n.activation == activation for n in Layer(3, 2, nonlin=nonlin).neurons)


@pytest.mark.parametrize(
    "make, op",
    [
        (lambda a, b: a + b, "+"),
        (lambda a, b: a * b, "*"),
        (lambda a, b: a - b, "-"),
        (lambda a, b: a / b, "/"),
        (lambda a, b: a**b, "**"),
        (lambda a, b: a.tanh(), "tanh"),
        (lambda a, b: a.exp(), "exp"),
        (lambda a, b: a.log(), "log"),
        (lambda a, b: a.relu(), "ReLU"),
        (lambda a, b: a.sigmoid(), "sigmoid"),
    ],
)
def test_each_operation_names_itself_in_op_as_draw_dot_shows_it(make, op):
    out = make(Value(2.0), Value(3.0))
    assert out._op == op


def test_zero_to_the_power_zero_gives_the_exponent_a_zero_gradient():
    """The limit of a^b·ln a at a = 0 is 0 for b ≥ 0; b = 0 is the edge of that rule."""
    a, b = Value(0.0), Value(0.0)
    out = a**b
    out.backward()
    assert out.data == 1.0 and b.grad == 0.0


def test_an_mlp_uses_its_activation_in_its_output_layer_unless_told():
    assert [layer.activation for layer in MLP(2, [3, 1], activation="relu").layers] == ["relu", "relu"]


def test_activation_and_nonlin_together_are_refused():
    with pytest.raises(TypeError, match="not both"):
        Neuron(3, activation="tanh", nonlin=True)


# ----- the data ------------------------------------------------------------------------


def test_moons_refuse_a_noise_that_overflows():
    with pytest.raises(ValueError, match="too large for floats"):
        make_moons(100, noise=1e308)


def test_moons_take_numpy_integers_as_seeds():
    np = pytest.importorskip("numpy")
    assert make_moons(20, seed=np.int64(1)) == make_moons(20, seed=1)


def test_moons_take_none_as_a_seed_for_fresh_randomness():
    X, y = make_moons(20, seed=None)
    assert len(X) == len(y) == 20


@pytest.mark.parametrize("seed", [1.5, "1", True])
def test_moons_need_a_whole_number_seed(seed):
    with pytest.raises(TypeError, match="make_moons needs a whole number \\(or None\\) for seed"):
        make_moons(20, seed=seed)


# ----- drawing -------------------------------------------------------------------------


def test_star_import_works_without_graphviz_and_draw_dot_says_what_it_needs(tmp_path):
    (tmp_path / "graphviz.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'graphviz'\", name='graphviz')\n"
    )
    code = (
        "from micrograd import *\n"
        "print(Value(2.0) * 3)\n"
        "try:\n    draw_dot(Value(1.0))\nexcept ModuleNotFoundError as error:\n    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)}, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Value(data=6.0, grad=0.0)",
        "draw_dot needs the graphviz Python package: pip install graphviz",
    ]
