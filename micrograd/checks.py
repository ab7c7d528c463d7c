"""Checks for the book's exercises: run one, in a cell of its own, after your answer.

A check shows one line: ``✓`` and what it tried, or ``✗`` and a hint that
names what is wrong. It raises nothing, so a notebook runs on after a miss;
its result is true when the answer passed.
Gradients are checked against central differences of a plain-float version of
the same expression, on random graphs that reuse values, and on a long chain.
"""

import functools
import math
import random
import textwrap

__all__ = [
    "check_lecture_neuron",
    "check_sub",
    "check_relu",
    "check_parameter_formula",
    "check_manual_forward",
    "check_mean_lr",
    "check_straight_line",
    "check_pushed",
    "check_far_slope",
    "check_node_formula",
    "check_values_alive",
]

WIDTH = 64  # characters per line of a check's report
H = 1e-6  # the nudge of the central differences
GRAPHS = 200  # random graphs per gradient check
CHAIN = 100  # operations in the long chain
TRAINING_SEED, TEST_SEED = 1, 2  # chapter 5's make_moons(100, noise=0.1, seed=...)
FAR = (1000.0, 2000.0)  # exercise 5.3: t this far out along t·(1, 1), no ReLU of chapter 5's network switches
NEAR_BEST = 0.02  # a search for the best straight line passes within this share of points of the true best
KEPT_STEPS = 5  # exercise 7.1 trains this many steps each way
GRAPHS_OF_LOSSES = ((16, [2, 16, 16, 1]), (1, [2, 1]), (5, [2, 4, 1]), (3, [3, 5, 5, 1]), (4, [2, 8, 8, 8, 1]))
NETWORKS = ([1, 1], [2, 16, 16, 1], [3, 4, 4, 1], [5, 3], [2, 8, 8, 8, 1])  # sizes, inputs first
LECTURE_NEURON = (2.0, 0.0, -3.0, 1.0, 6.8813735870195432)  # x1, x2, w1, w2, b: the lecture's numbers


def check_sub(cls):
    """Exercise 2.1: ``cls.__sub__``, with its own ``_backward``."""
    return _check(
        _sub_hint,
        (cls,),
        f"__sub__ passes: forward values and gradients on {GRAPHS} random graphs that "
        f"reuse values, and on a chain of {CHAIN} subtractions, agree with central differences",
    )


def check_relu(cls):
    """Exercise 2.3: ``cls.relu``, with its own ``_backward``."""
    return _check(
        _relu_hint,
        (cls,),
        f"relu passes: forward values and gradients on {GRAPHS} random graphs that "
        "reuse values agree with central differences, away from the kink at 0",
    )


def check_lecture_neuron(o, grads):
    """Exercise 1.4: the lecture's neuron, ``o`` and ``grads``, a dict of do/dx for x in x1, w1, x2, w2, b."""
    return _check(_lecture_neuron_hint, (o, grads), "o and all five derivatives match the lecture's neuron")


def check_parameter_formula(formula):
    """Exercise 3.1: ``formula(sizes)``, the number of parameters of ``MLP(sizes[0], sizes[1:])``."""
    return _check(
        _parameter_formula_hint,
        (formula,),
        f"your formula counts the parameters of all {len(NETWORKS)} "
        "networks tried, from MLP(1, [1]) to MLP(2, [8, 8, 8, 1])",
    )


def check_manual_forward(model, x, value):
    """Exercise 3.3: ``value``, the output of ``model(x)`` recomputed by hand in plain floats."""
    return _check(_manual_forward_hint, (model, x, value), f"{value!r} equals the engine's output exactly")


def check_mean_lr(lr):
    """Exercise 4.1: the learning rate that makes the mean loss take the summed loss's steps (lr 0.05, 4 examples)."""
    return _check(
        _mean_lr_hint,
        (lr,),
        lambda: f"lr = {lr:g}: the mean's gradients are the sum's divided by 4, so 4 times the rate",
    )


def check_straight_line(line, trained, best):
    """Exercise 5.1: a trained ``line`` (no hidden layer), its ``trained`` accuracy, and the ``best`` a line can do."""
    return _check(
        _straight_line_hint,
        (line, trained, best),
        lambda: (
            f"your line gets {trained:.0%} of the training "
            f"points right; the best straight line gets {_best_line_on_training_points():.0%}, and "
            f"your search's {best:.0%} is within {NEAR_BEST * 100:.0f} percentage points of it"
        ),
    )


def check_pushed(model, pushed):
    """Exercise 5.2: ``pushed``, the training points (or (point, label) pairs) whose margin y·s is below 1."""
    return _check(
        _pushed_hint,
        (model, pushed),
        lambda: f"these {len(pushed)} points are exactly the ones whose margin is below 1",
    )


def check_far_slope(model, slope):
    """Exercise 5.3: ``slope``, how fast chapter 5's ``model``'s score changes per unit of t far out along t·(1, 1)."""
    return _check(
        _far_slope_hint,
        (model, slope),
        lambda: f"far out, the score changes by {slope:+.4f} per unit of t, with no end",
    )


def check_node_formula(formula):
    """Exercise 6.1: ``formula(points, sizes)``, the nodes of chapter 6's ``forward()`` for those points and sizes."""
    return _check(
        _node_formula_hint,
        (formula,),
        f"your formula counts the nodes of all {len(GRAPHS_OF_LOSSES)} losses tried, from 1 point to 16",
    )


def check_values_alive(with_graphs, with_numbers):
    """Exercise 7.1: the Values left alive by 5 steps of chapter 7's training, keeping each loss or its number."""
    return _check(
        _values_alive_hint,
        (with_graphs, with_numbers),
        f"{with_graphs} Values stay alive with the losses kept, and none with their numbers",
    )


def _check(find_hint, answer, success):
    """The result for an answer; an error raised by the answer's own code is a hint too, not a crash.

    ``success`` is the message, or a function that makes it from an answer that passed (and so can be formatted).
    """
    try:
        hint = find_hint(*answer)
    except Exception as error:
        hint = f"your code raised {type(error).__name__}: {error}"
    return Result(hint, success() if hint is None and callable(success) else success)


class Result:
    """What a check found: true if the answer passed; shown as its one line."""

    def __init__(self, hint, success):
        self.passed, self.hint = hint is None, hint
        self.message = f"✓ {success}" if hint is None else f"✗ {hint}"

    def __bool__(self):
        return self.passed

    def __repr__(self):  # in lines that fit a notebook's column, even in a solution's narrower box
        return textwrap.fill(self.message, WIDTH, subsequent_indent="  ")


# ----- what is wrong, if anything: each returns a hint, or None -----------------------------------


def _lecture_neuron_hint(o, grads):
    x1, x2, w1, w2, b = LECTURE_NEURON
    n = x1 * w1 + x2 * w2 + b
    slope = 1 - math.tanh(n) ** 2
    expected = {"x1": slope * w1, "w1": slope * x1, "x2": slope * w2, "w2": slope * x2, "b": slope}
    if not math.isclose(o, math.tanh(n), rel_tol=1e-9):
        return f"o is {o!r}, but tanh(x1*w1 + x2*w2 + b) = {math.tanh(n):.6f}"
    if not isinstance(grads, dict) or set(grads) != set(expected):
        return f"grads should be a dict with the keys {sorted(expected)}, one derivative of o for each number"
    wrong = [name for name in expected if not math.isclose(grads[name], expected[name], rel_tol=1e-6, abs_tol=1e-12)]
    if not wrong:
        return None
    if all(math.isclose(grads[name], expected[name] / slope, abs_tol=1e-12) for name in expected):
        return f"each derivative is missing the tanh's slope: multiply by do/dn = 1 - o**2 = {slope:.4f}"
    if math.isclose(grads["x1"], expected["w1"]) and math.isclose(grads["w1"], expected["x1"]):
        return "x1 and w1 are swapped: in a product, the gradient of one factor is the other factor (do/dx1 uses w1)"
    name = wrong[0]
    return f"do/d{name} is {grads[name]:.6g}, not {expected[name]:.6g}: follow the chain from o down to {name}"


def _mean_lr_hint(lr):
    if math.isclose(lr, 0.05 * 4):
        return None
    if math.isclose(lr, 0.05 / 4):
        return (
            f"the mean's gradients are 4 times smaller than the sum's, so the rate must be 4 times larger, not "
            f"smaller: {lr:g} takes steps 16 times too short"
        )
    return f"lr = {lr:g} does not give the same steps: compare one parameter's grad under both losses"


def _manual_forward_hint(model, x, value):
    engine = model(x).data
    if value == engine:
        return None
    if math.isclose(value, engine, rel_tol=1e-9):
        return (
            f"{value!r} is within rounding of the engine's {engine!r}, but not equal: add as the engine does, "
            "from the bias, one w[i] * x[i] at a time (sum() of floats rounds differently)"
        )
    return f"{value!r} is not the engine's output, {engine!r}: feed each layer's outputs to the next"


def _moons(seed):
    from micrograd.datasets import make_moons

    return make_moons(100, noise=0.1, seed=seed)


def _accuracy(model, seed):
    X, y = _moons(seed)
    return sum((model(x).data > 0) == (label > 0) for x, label in zip(X, y)) / len(X)


def _accuracy_hint(model, accuracy, seed, name):
    """What is wrong with the accuracy of ``model`` on one of chapter 5's sets of points, called ``name``."""
    other_seed, other_name = (TRAINING_SEED, "training") if seed == TEST_SEED else (TEST_SEED, "test")
    right, other = _accuracy(model, seed), _accuracy(model, other_seed)
    if math.isclose(accuracy, right):
        return None
    if math.isclose(accuracy, right * 100):
        return f"{accuracy!r} is a percentage: give the fraction, {right}"
    if math.isclose(accuracy, other) and other != right:
        return f"{accuracy:.0%} is the accuracy on the {other_name} points: measure on the {name}"
    if math.isclose(accuracy, 1 - right):
        return f"{accuracy:.0%} is the share classified wrong: count the points where sign and label agree"
    return (
        f"{accuracy!r} is not the accuracy on the {name}: count the points whose score has the sign of "
        "their label, and divide by their number"
    )


def _straight_line_hint(line, trained, best):
    sizes = [len(layer.neurons) for layer in line.layers]
    if sizes != [1] or line.layers[0].neurons[0].activation != "linear":
        return (
            f"this model's layers have {sizes} neurons: a straight boundary needs one linear neuron, "
            'MLP(2, [1], output_activation="linear")'
        )
    hint = _accuracy_hint(line, trained, TRAINING_SEED, "training points (X, y)")
    if hint:
        return hint
    true_best = _best_line_on_training_points()
    if best < trained:
        return (
            f"your trained line already gets {trained:.0%} right, so the best line gets at least that, not {best:.0%}"
        )
    if best > true_best + 1e-9:
        return (
            f"no straight line gets {best:.0%} of the points right: score each line by the points on the side "
            "of their label, trying both sides"
        )
    if best < true_best - NEAR_BEST:
        return (
            f"a straight line can get more than {best:.0%} right: try more directions, and every threshold along each"
        )
    return None


@functools.cache  # the hint and the success message both need it
def _best_line_on_training_points():
    return _best_line_accuracy(*_moons(TRAINING_SEED))


def _best_line_accuracy(points, labels):
    """The exact best: the order of the points along a direction changes only where it is square to two of them."""
    turns = sorted({math.atan2(q[0] - p[0], p[1] - q[1]) % math.pi for i, p in enumerate(points) for q in points[:i]})
    best = 0
    for angle in [(a + b) / 2 for a, b in zip(turns, turns[1:] + [turns[0] + math.pi])]:  # one direction per order
        c, s = math.cos(angle), math.sin(angle)
        ranked = [label for _, label in sorted(zip((c * x + s * y for x, y in points), labels))]
        correct = sum(label > 0 for label in ranked)  # the threshold below every point
        for label in [0] + ranked:
            correct += (label < 0) - (label > 0)
            best = max(best, correct, len(ranked) - correct)
    return best / len(points)


def _pushed_hint(model, pushed):
    def margin_below(bound, X, y):
        return {tuple(x) for x, label in zip(X, y) if label * model(x).data < bound}

    given = [item[0] if isinstance(item[0], (list, tuple)) else item for item in pushed]  # points, or (point, label)
    given = {tuple(point) for point in given}
    X, y = _moons(TRAINING_SEED)
    expected = margin_below(1, X, y)
    if given == expected:
        return None
    if given and given == margin_below(1, *_moons(TEST_SEED)):
        return "these are test points: the question is about the training points, X and y"
    if given and given == margin_below(0, X, y) != expected:
        return (
            "these are only the points on the wrong side, with a margin below 0: the hinge also pushes "
            "points on the right side whose margin is below 1"
        )
    if given and len(given) == len(X) - len(expected) and not given & expected:
        return "these are the points with a margin of at least 1: keep those where label * score is below 1"
    extra, missing = given - expected, expected - given
    if extra:
        return (
            f"{len(extra)} of your points, for example {_point(min(extra))}, have a margin of at least 1 or are "
            "not training points: compare label * model(x).data with 1"
        )
    return (
        f"your list misses {len(missing)} of the {len(expected)} points whose margin is below 1, for example "
        f"{_point(min(missing))}: test every training point"
    )


def _far_slope_hint(model, slope):
    near, far = FAR
    score = {t: model([t, t]).data for t in FAR}
    expected = (score[far] - score[near]) / (far - near)
    if math.isclose(slope, expected, rel_tol=1e-6, abs_tol=1e-9):
        return None
    if math.isclose(slope, -expected, rel_tol=1e-6):
        return f"{slope!r} has the wrong sign: take the later score minus the earlier one"
    return (
        f"{slope!r} is not the score's change per unit of t far out: go further out, to where the change "
        "per unit of t stops changing, and divide the change of the score by the change of t"
    )


def _point(point):
    return "(" + ", ".join(f"{x:+.3f}" for x in point) + ")"


def _values_alive_hint(with_graphs, with_numbers):
    nodes, parameters = _loss_nodes(*GRAPHS_OF_LOSSES[0], random.Random(0))
    per_step = nodes - parameters
    if with_graphs == KEPT_STEPS * per_step and with_numbers == 0:
        return None
    if with_graphs == KEPT_STEPS * nodes:
        return (
            f"{with_graphs} counts the {parameters} parameters with every step: they are the same Values each "
            "step, and were alive before training"
        )
    if with_graphs in (per_step, nodes):
        return f"{with_graphs} is one step's graph: each of the {KEPT_STEPS} kept losses keeps its own alive"
    if with_graphs != KEPT_STEPS * per_step:
        return (
            f"{with_graphs} is not the number of Values that keeping the losses adds: count all Values before "
            "training and after, and subtract"
        )
    if with_numbers == per_step:
        return (
            f"{with_numbers} Values, one step's graph, outlive the run that kept only numbers: a variable, such "
            "as a loss from before, still holds a graph; delete it before you count"
        )
    return f"{with_numbers} Values outlive the run that kept only numbers: count after a gc.collect()"


def _node_formula_hint(formula):
    rng = random.Random(0)
    for points, sizes in GRAPHS_OF_LOSSES:
        (count, parameters), guess = _loss_nodes(points, sizes, rng), formula(points, sizes)
        if guess == count:
            continue
        why = "count per point, then add what all points share"
        if guess == count + (points - 1) * parameters:
            why = "the parameters are the same Values for every point: count them once"
        elif guess == count - points * sizes[0] * sizes[1]:
            why = "each neuron of the first layer wraps each input number in a Value of its own"
        return f"formula({points}, {sizes}) is {guess!r}, but that forward() makes {count} nodes: {why}"
    return None


def _loss_nodes(points, sizes, rng):
    """The nodes of chapter 6's forward() on random points, and how many of them are parameters."""
    from micrograd.engine import Value
    from micrograd.nn import MLP

    state = random.getstate()  # the weights do not change the count; leave the reader's random numbers as they were
    model = MLP(sizes[0], sizes[1:], activation="relu", output_activation="linear")
    random.setstate(state)
    X = [[rng.uniform(-1, 1) for _ in range(sizes[0])] for _ in range(points)]
    loss = sum((model(x) - rng.choice((-1, 1))) ** 2 for x in X)
    return len(Value.topological_order(loss)), len(model.parameters())


def _parameter_formula_hint(formula):
    from micrograd.nn import MLP

    for sizes in NETWORKS:
        count = len(MLP(sizes[0], sizes[1:]).parameters())
        guess = formula(sizes)
        if guess == count:
            continue
        why = "a layer of b neurons reading a inputs has a weight per input, plus a bias, per neuron"
        if guess == sum(a * b for a, b in zip(sizes, sizes[1:])):  # weights only
            why = "the biases are missing: each neuron has one, besides a weight per input"
        return f"formula({sizes}) is {guess!r}, but MLP({sizes[0]}, {sizes[1:]}) has {count} parameters: {why}"
    return None


def _sub_hint(cls):
    if not hasattr(cls, "__sub__"):
        return (
            f"{cls.__name__} has no __sub__ yet: write sub(self, other), then attach it: {cls.__name__}.__sub__ = sub"
        )
    return (
        _operation_hint(cls, "a - b", lambda a, b: a - b, lambda a, b: a - b, (5.0, 2.0), (1.0, -1.0))
        or _chain_hint(cls)
        or _graphs_hint(cls, {"-": (lambda a, b: a - b, lambda a, b: a - b)})
    )


def _relu_hint(cls):
    if not hasattr(cls, "relu"):
        return f"{cls.__name__} has no relu yet: write relu(self), then attach it: {cls.__name__}.relu = relu"
    for z in (1.5, -0.5):
        hint = _operation_hint(cls, "a.relu()", lambda a: a.relu(), lambda a: max(0.0, a), (z,), (float(z > 0),))
        if hint:
            return hint
    a = cls(1.5)
    (a.relu() + a.relu()).backward()
    if a.grad != 2.0:
        return (
            f"in a.relu() + a.relu() with a = 1.5, a.grad is {a.grad}, not 2.0: each use of a adds its own "
            "gradient, so add to self.grad (+=), never assign"
        )
    return _graphs_hint(cls, {"relu": (lambda a: a.relu(), lambda a: max(0.0, a))})


def _operation_hint(cls, text, op, reference, inputs, slopes):
    """What is wrong with one operation on fresh leaves: its result, its forward value, its local derivatives."""
    leaves = [cls(x) for x in inputs]
    names = "ab"[: len(leaves)]
    try:
        out = op(*leaves)
    except Exception as error:
        return f"{text} raised {type(error).__name__}: {error}"
    if not isinstance(out, cls):
        return f"{text} should return a new {cls.__name__}, the result, not {type(out).__name__}"
    expected = reference(*inputs)
    if not math.isclose(out.data, expected, abs_tol=1e-12):
        return f"the forward value is wrong: with {_values(names, inputs)}, {text} gives {out.data}, not {expected}"
    out.backward()
    grads = [leaf.grad for leaf in leaves]
    if all(g == 0 for g in grads) and any(slopes):
        return f"{text} passes no gradient back: set out._backward to a function that adds to each operand's grad"
    for name, grad, slope in zip(names, grads, slopes):
        if grad != slope:
            sign = " (the sign is wrong)" if grad == -slope else ""
            return (
                f"with {_values(names, inputs)}, after ({text}).backward(), {name}.grad is {grad}, but the local "
                f"derivative is {slope}{sign}"
            )
    scaled = [cls(x) for x in inputs]  # through a product: out.grad is 3, not 1
    (op(*scaled) * cls(3.0)).backward()
    for name, leaf, slope in zip(names, scaled, slopes):
        if leaf.grad != 3.0 * slope:
            return (
                f"in ({text}) * 3, {name}.grad is {leaf.grad}, not {3.0 * slope}: multiply the local derivative "
                "by out.grad, the gradient that arrives from above"
            )
    return None


def _graphs_hint(cls, new_op):
    """Random expressions over three values, each used several times, with + and * and the new operation."""
    rng = random.Random(1337)
    ops = {"+": (lambda a, b: a + b, lambda a, b: a + b), "*": (lambda a, b: a * b, lambda a, b: a * b), **new_op}
    for _ in range(GRAPHS):
        tree = _random_tree(rng, ops, depth=4)
        values = _values_away_from_kinks(rng, tree, ops)
        leaves = [cls(x) for x in values]
        out = _evaluate(tree, leaves, ops, engine=True)
        out.backward()
        for i, leaf in enumerate(leaves):
            up, down = list(values), list(values)
            up[i] += H
            down[i] -= H
            numeric = (_evaluate(tree, up, ops) - _evaluate(tree, down, ops)) / (2 * H)
            if not math.isclose(leaf.grad, numeric, rel_tol=1e-4, abs_tol=1e-4):
                used = _text(tree).count("abc"[i])
                why = f" ({'abc'[i]} is used {used} times: do the gradients add up, +=, not =?)" if used > 1 else ""
                return (
                    f"on {_text(tree)} with {_values('abc', values)}, {'abc'[i]}.grad is {leaf.grad:.6g}, but a "
                    f"central difference gives {numeric:.6g}{why}"
                )
    return None


def _chain_hint(cls):
    a, b = cls(1.0), cls(0.5)
    out = a
    for _ in range(CHAIN):
        out = out - b
    out.backward()
    if (a.grad, b.grad) != (1.0, -float(CHAIN)):
        return (
            f"on a - b - b - ... ({CHAIN} subtractions of the same b), b.grad is {b.grad}, not {-CHAIN}: each use "
            "of b adds its own -1, so add to other.grad (+= or -=), never assign"
        )
    return None


def _random_tree(rng, ops, depth):
    if depth == 0 or rng.random() < 0.25:
        return ("leaf", rng.randrange(3))
    name = rng.choice(list(ops))
    arity = 1 if name == "relu" else 2
    return (name, *[_random_tree(rng, ops, depth - 1) for _ in range(arity)])


def _evaluate(tree, leaves, ops, engine=False, inputs=None):
    if tree[0] == "leaf":
        return leaves[tree[1]]
    args = [_evaluate(child, leaves, ops, engine, inputs) for child in tree[1:]]
    if inputs is not None and tree[0] == "relu":
        inputs.append(args[0])
    return ops[tree[0]][0 if engine else 1](*args)


def _values_away_from_kinks(rng, tree, ops):
    """Values for a, b, c where no relu's input is within 0.01 of 0: the central difference needs a smooth spot."""
    while True:
        values = [rng.uniform(-2, 2) for _ in range(3)]
        inputs = []
        _evaluate(tree, values, ops, inputs=inputs)
        if all(abs(x) > 0.01 for x in inputs):
            return values


def _text(tree):
    if tree[0] == "leaf":
        return "abc"[tree[1]]
    if tree[0] == "relu":
        return f"({_text(tree[1])}).relu()"
    return f"({_text(tree[1])} {tree[0]} {_text(tree[2])})"


def _values(names, values):
    return ", ".join(f"{name} = {value:.4g}" for name, value in zip(names, values))
