"""micrograd.checks: each exercise check passes the reference answer and catches known wrong ones with their hint.

The references are the book's solutions (its build runs each check on them too); the wrong answers are the
mistakes a learner makes: a wrong sign, assigning a gradient instead of adding it, forgetting out.grad, no
_backward at all, a wrong forward value.
"""

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from micrograd.checks import (
    LECTURE_NEURON,
    _best_line_accuracy,
    check_far_slope,
    check_lecture_neuron,
    check_manual_forward,
    check_mean_lr,
    check_node_formula,
    check_parameter_formula,
    check_pushed,
    check_relu,
    check_straight_line,
    check_sub,
    check_values_alive,
)
from micrograd.datasets import make_moons
from micrograd.nn import MLP


class Scalar:
    """Chapter 2's ValueV1 as it stands before its exercises: +, *, backward(); no - and no relu."""

    def __init__(self, data, _children=()):
        self.data, self.grad, self._prev, self._backward = data, 0.0, _children, lambda: None

    def __add__(self, other):
        out = type(self)(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        out = type(self)(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()

        def build(node):
            if node not in seen:
                seen.add(node)
                for child in node._prev:
                    build(child)
                order.append(node)

        build(self)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()


def subtraction(self_grad, other_grad, forward=lambda a, b: a - b, backward=True):
    """A __sub__ whose _backward gives self_grad(out) and other_grad(out) (added), or assigns if told."""

    def sub(self, other):
        out = type(self)(forward(self.data, other.data), (self, other))

        def _backward():  # one after the other, as written by hand: in b - b, self and other are the same
            self.grad = self_grad(self, out)
            other.grad = other_grad(other, out)

        if backward:
            out._backward = _backward
        return out

    return sub


def with_method(name, method):
    return type("ValueV1", (Scalar,), {name: method})


SUBTRACTIONS = {
    "reference": (subtraction(lambda s, out: s.grad + out.grad, lambda o, out: o.grad - out.grad), None),
    "wrong sign": (
        subtraction(lambda s, out: s.grad + out.grad, lambda o, out: o.grad + out.grad),
        "b.grad is 1.0, but the local derivative is -1.0 (the sign is wrong)",
    ),
    "assigns": (
        subtraction(lambda s, out: out.grad, lambda o, out: -out.grad),
        "b.grad is -1.0, not -100: each use of b adds its own -1",
    ),
    "forgets out.grad": (
        subtraction(lambda s, out: s.grad + 1.0, lambda o, out: o.grad - 1.0),
        "multiply the local derivative by out.grad",
    ),
    "no _backward": (subtraction(None, None, backward=False), "a - b passes no gradient back"),
    "adds": (
        subtraction(lambda s, out: s.grad + out.grad, lambda o, out: o.grad - out.grad, forward=lambda a, b: a + b),
        "the forward value is wrong: with a = 5, b = 2, a - b gives 7.0, not 3.0",
    ),
}


@pytest.mark.parametrize("answer", SUBTRACTIONS)
def test_check_sub_passes_the_reference_and_names_each_mistake(answer):
    sub, hint = SUBTRACTIONS[answer]
    result = check_sub(with_method("__sub__", sub))
    assert bool(result) is (hint is None)
    assert result.message.startswith("✓ __sub__ passes") if hint is None else hint in result.message


def test_check_sub_says_when_there_is_no_sub_yet():
    result = check_sub(with_method("unrelated", None))
    assert not result and "ValueV1 has no __sub__ yet" in result.message and result.message.startswith("✗ ")
    assert all(len(line) <= 64 for line in repr(result).splitlines()) and "\n  " in repr(result)  # wrapped, indented


def test_an_answer_whose_backward_raises_gets_a_hint_not_a_traceback():
    def relu(self):
        out = type(self)(max(0.0, self.data), (self,))
        out._backward = lambda: self.grad + undefined_name  # noqa: F821 (the learner's typo)
        return out

    result = check_relu(with_method("relu", relu))
    assert not result and result.message == "✗ your code raised NameError: name 'undefined_name' is not defined"


def rectifier(grad, forward=lambda z: max(0.0, z), adds=True):
    def relu(self):
        out = type(self)(forward(self.data), (self,))

        def _backward():
            self.grad = (self.grad if adds else 0.0) + grad(self, out)

        out._backward = _backward
        return out

    return relu


RELUS = {
    "reference": (rectifier(lambda s, out: (s.data > 0) * out.grad), None),
    "slope 1 everywhere": (
        rectifier(lambda s, out: out.grad),
        "with a = -0.5, after (a.relu()).backward(), a.grad is 1.0",
    ),
    "assigns": (rectifier(lambda s, out: (s.data > 0) * out.grad, adds=False), "a.grad is 1.0, not 2.0"),
    "identity forward": (
        rectifier(lambda s, out: (s.data > 0) * out.grad, forward=lambda z: z),
        "with a = -0.5, a.relu() gives -0.5, not 0.0",
    ),
    "forgets out.grad": (rectifier(lambda s, out: float(s.data > 0)), "multiply the local derivative by out.grad"),
}


@pytest.mark.parametrize("answer", RELUS)
def test_check_relu_passes_the_reference_and_names_each_mistake(answer):
    relu, hint = RELUS[answer]
    result = check_relu(with_method("relu", relu))
    assert bool(result) is (hint is None)
    assert result.message.startswith("✓ relu passes") if hint is None else hint in result.message


def test_a_wrong_gradient_deep_in_a_random_graph_is_caught_against_a_central_difference():
    def relu_off_by_a_bit(self):  # right everywhere the small checks look, wrong above 1.6
        out = type(self)(max(0.0, self.data), (self,))

        def _backward():
            self.grad += (1.0 if 0 < self.data < 1.6 else 0.9 * (self.data > 0)) * out.grad

        out._backward = _backward
        return out

    result = check_relu(with_method("relu", relu_off_by_a_bit))
    assert not result and "but a central difference gives" in result.message


def lecture(slope_factor=1.0, swap=False):
    x1, x2, w1, w2, b = LECTURE_NEURON
    o = math.tanh(x1 * w1 + x2 * w2 + b)
    slope = (1 - o**2) * slope_factor if slope_factor else 1.0
    grads = {"x1": slope * w1, "w1": slope * x1, "x2": slope * w2, "w2": slope * x2, "b": slope}
    if swap:
        grads["x1"], grads["w1"] = grads["w1"], grads["x1"]
    return o, grads


@pytest.mark.parametrize(
    "answer, hint",
    [
        (lecture(), None),
        (lecture(slope_factor=0), "each derivative is missing the tanh's slope"),
        (lecture(swap=True), "x1 and w1 are swapped"),
        (lecture(slope_factor=3), "do/dx1 is -4.5"),
        ((0.7, lecture()[1]), "o is 0.7, but tanh(x1*w1 + x2*w2 + b) = 0.707107"),
        ((lecture()[0], {"w1": 1.0}), "grads should be a dict with the keys"),
    ],
)
def test_check_lecture_neuron_passes_the_reference_and_names_each_mistake(answer, hint):
    result = check_lecture_neuron(*answer)
    assert bool(result) is (hint is None)
    assert (
        result.message == "✓ o and all five derivatives match the lecture's neuron"
        if hint is None
        else hint in result.message
    )


@pytest.mark.parametrize(
    "formula, hint",
    [
        (lambda sizes: sum((a + 1) * b for a, b in zip(sizes, sizes[1:])), None),
        (lambda sizes: sum(a * b for a, b in zip(sizes, sizes[1:])), "the biases are missing"),
        (lambda sizes: sum((a + 1) * b for a, b in zip(sizes, sizes[1:])) + 1, "formula([1, 1]) is 3, but MLP(1, [1])"),
        (lambda sizes: 337, "formula([1, 1]) is 337"),  # right for one network only
        (lambda sizes: sizes.total, "your code raised AttributeError"),
    ],
)
def test_check_parameter_formula_tries_several_networks(formula, hint):
    result = check_parameter_formula(formula)
    assert bool(result) is (hint is None)
    assert result.message.startswith("✓ your formula counts") if hint is None else hint in result.message


@pytest.mark.parametrize(
    "lr, hint", [(0.2, None), (0.05 * 4.000000000000001, None), (0.0125, "not smaller"), (0.05, "does not give")]
)
def test_check_mean_lr(lr, hint):
    result = check_mean_lr(lr)
    assert bool(result) is (hint is None) and (hint is None or hint in result.message)


def test_check_manual_forward_wants_the_engine_s_number_bit_for_bit():
    random.seed(0)
    model, x = MLP(3, [4, 4, 1]), [2.0, 3.0, -1.0]
    exact = model(x).data
    assert check_manual_forward(model, x, exact)
    near = check_manual_forward(model, x, exact * (1 + 1e-15) + 1e-16)  # off in the last bits: summed in another order
    assert not near and "within rounding" in near.message and "from the bias" in near.message
    far = check_manual_forward(model, x, 0.5)
    assert not far and "is not the engine's output" in far.message


def node_formula(points, sizes):  # chapter 6's solution
    per_point = sizes[0] * sizes[1] + sum(sizes[1:]) + sum(sizes[1:-1]) + 5
    return points * per_point + 1 + sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))


@pytest.mark.parametrize(
    "formula, hint",
    [
        (node_formula, None),
        (lambda points, sizes: node_formula(points, sizes) - points * sizes[0] * sizes[1], "wraps each input number"),
        (lambda points, sizes: points * (node_formula(1, sizes) - 1) + 1, "count them once"),
        (lambda points, sizes: 1970, "formula(1, [2, 1]) is 1970"),  # right for the chapter's loss only
    ],
)
def test_check_node_formula_tries_several_losses(formula, hint):
    result = check_node_formula(formula)
    assert bool(result) is (hint is None)
    assert result.message.startswith("✓ your formula counts the nodes") if hint is None else hint in result.message


def test_check_far_slope_wants_the_score_s_change_per_unit_of_t_where_no_relu_switches():
    random.seed(0)
    model = MLP(2, [4, 4, 1], activation="relu", output_activation="linear")
    score = {t: model([t, t]).data for t in (1000, 2000, 4000)}
    slope = (score[2000] - score[1000]) / 1000
    assert slope != 0 and math.isclose(slope, (score[4000] - score[2000]) / 2000)  # straight that far out
    assert check_far_slope(model, slope) and check_far_slope(model, (score[4000] - score[2000]) / 2000)
    for answer, hint in [
        (-slope, "has the wrong sign"),
        (slope * 1.01, "is not the score's change per unit of t"),
        (score[1000] / 1000 + 1, "is not the score's change per unit of t"),
    ]:
        result = check_far_slope(model, answer)
        assert not result and hint in result.message, (answer, result.message)


def best_line(points, labels, directions):  # chapter 5's solution: a lower bound from some directions
    best = 0
    for i in range(directions):
        c, s = math.cos(math.pi * i / directions), math.sin(math.pi * i / directions)
        ranked = [label for _, label in sorted(zip((c * p[0] + s * p[1] for p in points), labels))]
        correct = sum(label > 0 for label in ranked)
        for label in [0] + ranked:
            correct += (label < 0) - (label > 0)
            best = max(best, correct, len(ranked) - correct)
    return best / len(points)


def best_line_by_pairs(points, labels):
    """The best straight split of points in general position, found another way: every split by a line is also
    made by a line through two of the points, with each of those two put on either side of it."""
    n, best = len(points), max(labels.count(1), labels.count(-1))  # all on one side
    for i, (px, py) in enumerate(points):
        for j in range(i):
            qx, qy = points[j]
            side = [(qx - px) * (ry - py) - (qy - py) * (rx - px) > 0 for rx, ry in points]
            for side[i] in (False, True):
                for side[j] in (False, True):
                    correct = sum(s == (label > 0) for s, label in zip(side, labels))
                    best = max(best, correct, n - correct)  # either side may be the +1 side
    return best / n


@given(st.integers(0, 2**32), st.integers(2, 9))
def test_the_exact_best_line_is_the_best_split_through_pairs_of_points(seed, n):
    rng = random.Random(seed)  # points in general position (almost surely), labels at random
    points = [(rng.gauss(0, 1), rng.gauss(0, 1)) for _ in range(n)]
    labels = [rng.choice((-1, 1)) for _ in range(n)]
    assert _best_line_accuracy(points, labels) == best_line_by_pairs(points, labels)


def test_check_straight_line_wants_a_line_its_accuracy_and_the_best_within_two_points():
    X, y = make_moons(100, noise=0.1, seed=1)
    random.seed(3)
    line = MLP(2, [1], output_activation="linear")
    trained = sum((line(x).data > 0) == (label > 0) for x, label in zip(X, y)) / 100
    found, coarse = best_line(X, y, 180), best_line(X, y, 4)  # 180 directions find 88%, the exact best is 89%
    assert (found, coarse) == (0.88, 0.84) and trained < coarse
    result = check_straight_line(line, trained, found)
    assert result and "the best straight line gets 89%" in result.message, result.message
    for answer, hint in [
        ((MLP(2, [4, 1]), trained, found), "a straight boundary needs one linear neuron"),
        ((line, trained * 100, found), "is a percentage"),
        ((line, trained, trained - 0.01), "the best line gets at least that"),
        ((line, trained, 0.95), "no straight line gets 95%"),
        ((line, trained, coarse), "a straight line can get more than 84% right"),
    ]:
        result = check_straight_line(*answer)
        assert not result and hint in result.message, (answer, result.message)


def test_check_pushed_wants_exactly_the_training_points_whose_margin_is_below_1():
    random.seed(2)  # a model with margins on both sides of 0 and of 1
    model = MLP(2, [4, 1], activation="relu", output_activation="linear")

    def margin_below(bound, seed):
        X, y = make_moons(100, noise=0.1, seed=seed)
        return [x for x, label in zip(X, y) if label * model(x).data < bound]

    X, _ = make_moons(100, noise=0.1, seed=1)
    reference = margin_below(1, 1)
    assert 1 < len(reference) < 100 and check_pushed(model, reference)
    assert check_pushed(model, [(x, None) for x in reference])  # (point, label) pairs, as the book's solution
    wrong_side = margin_below(0, 1)
    assert 0 < len(wrong_side) < len(reference)
    others = [x for x in X if x not in reference]
    for answer, hint in [
        (margin_below(1, 2), "these are test points"),
        (wrong_side, "only the points on the wrong side"),
        (others, "the points with a margin of at least 1"),
        (reference[1:], f"your list misses 1 of the {len(reference)} points"),
        (reference + others[:2], "2 of your points"),
    ]:
        result = check_pushed(model, answer)
        assert not result and hint in result.message, result.message


@pytest.mark.parametrize(
    "counts, hint",
    [
        ((5 * (1970 - 337), 0), None),  # chapter 7's loss (chapter 6's pass): 1970 nodes, 337 of them parameters
        ((5 * 1970, 0), "counts the 337 parameters with every step"),
        ((1970 - 337, 0), "is one step's graph"),
        ((5 * (1970 - 337), 1970 - 337), "delete it before you count"),
        ((100, 0), "subtract"),
    ],
)
def test_check_values_alive(counts, hint):
    state = random.getstate()
    result = check_values_alive(*counts)
    assert random.getstate() == state  # the check leaves the reader's random numbers alone
    assert bool(result) is (hint is None)
    assert hint is None or hint in result.message, result.message
