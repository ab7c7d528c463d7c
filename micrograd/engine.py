"""A scalar value that remembers how it was made, and back-propagates through it.

Each operation below computes its result, and right beside it a small
``_*_backward`` rule states the operation's local derivatives and applies the
chain rule: ``child.grad += local_derivative * out.grad``.

A node keeps only its children (a tuple) and its rule, a plain function shared
by all nodes of that operation, not a closure. So the graph has no reference
cycles, and CPython frees it by reference counting alone, without its cyclic
garbage collector re-scanning the graph. Code written in the lecture's style,
``out._backward = _backward`` with a closure, works too (and pays for its cycle).

Numbers follow IEEE 754 arithmetic, as in PyTorch: a result too large for a
float is ``inf``, forward or backward, and ``inf`` and ``nan`` propagate through
later operations (check with ``math.isfinite(v.data)``). Only a value that is
undefined at its point raises, with the operation named: division by zero,
``0 ** negative``, ``log`` of a non-positive number, and a negative base with a
fractional exponent.
"""

import math
import sys
from functools import partial
from numbers import Real

__all__ = ["Value"]

_new = object.__new__  # nodes are made by _result, without __init__'s checks: their fields are set directly


class Value:
    """A scalar with a gradient, recording the operations made on it."""

    # _op and label are read through properties: an operation's result leaves them unset
    __slots__ = ("data", "grad", "_prev", "_rule", "_opname", "_label")

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data if type(data) is float else _as_float(data)
        self.grad = 0.0
        self._prev = tuple(_children)  # in operand order, so traversals are repeatable
        self._rule = _leaf_backward
        self._opname = _op
        self._label = label

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    @property
    def label(self):
        """A name to show in graphs (empty by default)."""
        try:
            return self._label
        except AttributeError:
            return ""

    @label.setter
    def label(self, text):
        self._label = text

    @property
    def _op(self):
        """The operation that made this value: "+", "*", "tanh", …; "" for a leaf."""
        try:
            return self._opname
        except AttributeError:
            return self._rule.op

    @property
    def _backward(self):
        """This node's step of back-propagation, as a call without arguments (as in the lecture)."""
        return getattr(self._rule, "closure", None) or partial(self._rule, self)

    @_backward.setter
    def _backward(self, closure):
        # the lecture's idiom: a closure over `out` and its operands, called with no argument
        def rule(out):
            closure()

        rule.closure, rule.op = closure, ""
        self._rule = rule

    # ----- arithmetic -------------------------------------------------------

    def __add__(self, other):
        """a + b, with ∂/∂a = 1 and ∂/∂b = 1."""
        if (other := _lift(other)) is None:
            return NotImplemented
        return _result(self.data + other.data, (self, other), _add_backward)

    def __mul__(self, other):
        """a · b, with ∂/∂a = b and ∂/∂b = a."""
        if (other := _lift(other)) is None:
            return NotImplemented
        return _result(self.data * other.data, (self, other), _mul_backward)

    def __sub__(self, other):
        """a − b, with ∂/∂a = 1 and ∂/∂b = −1."""
        if (other := _lift(other)) is None:
            return NotImplemented
        return _result(self.data - other.data, (self, other), _sub_backward)

    def __truediv__(self, other):
        """a / b, with ∂/∂a = 1/b and ∂/∂b = −a/b²."""
        if (other := _lift(other)) is None:
            return NotImplemented
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by zero: {self.data!r} / {other.data!r}")
        return _result(self.data / other.data, (self, other), _div_backward)

    def __pow__(self, other):
        """a ** b, with ∂/∂a = b·a^(b−1) and ∂/∂b = a^b·ln a.

        A plain-number exponent is a constant: only the base gets a gradient.
        """
        if isinstance(other, Value):
            rule = _pow_backward
        elif _is_number(other):
            other, rule = _constant(float(other)), _pow_const_backward
        else:
            return NotImplemented
        a, b = self.data, other.data
        if a < 0.0 and not b.is_integer() and math.isfinite(b):
            raise ValueError(f"power: ({a!r}) ** {b!r} is not a real number (negative base, fractional exponent)")
        if a == 0.0 and b < 0.0:
            raise ZeroDivisionError(f"power: 0.0 ** {b!r} divides by zero")
        return _result(_power(a, b), (self, other), rule)

    def __neg__(self):
        """−a, with ∂/∂a = −1."""
        return _result(-self.data, (self,), _neg_backward)

    # A plain number on the left (2 * a, 1 - a, sum() starting from 0) is wrapped in a Value.
    def __radd__(self, other):  # other + self
        other = _lift(other)
        return NotImplemented if other is None else other + self

    def __rsub__(self, other):  # other - self
        other = _lift(other)
        return NotImplemented if other is None else other - self

    def __rmul__(self, other):  # other * self
        other = _lift(other)
        return NotImplemented if other is None else other * self

    def __rtruediv__(self, other):  # other / self
        other = _lift(other)
        return NotImplemented if other is None else other / self

    def __rpow__(self, other):  # other ** self
        other = _lift(other)
        return NotImplemented if other is None else other**self

    # ----- functions ----------------------------------------------------------

    def tanh(self):
        """t = tanh a, with ∂t/∂a = 1 − t²."""
        # math.tanh saturates to +-1 instead of overflowing like (e^2x - 1)/(e^2x + 1).
        return _result(math.tanh(self.data), (self,), _tanh_backward)

    def exp(self):
        """e^a, with ∂/∂a = e^a."""
        try:
            result = math.exp(self.data)
        except OverflowError:  # IEEE: too large is inf
            result = math.inf
        return _result(result, (self,), _exp_backward)

    def log(self):
        """ln a, with ∂/∂a = 1/a; defined for a > 0."""
        if not self.data > 0.0 and not math.isnan(self.data):
            raise ValueError(f"log({self.data!r}) is undefined: log needs a positive input")
        return _result(math.log(self.data), (self,), _log_backward)

    def relu(self):
        """max(0, a), with ∂/∂a = 1 if a > 0 else 0; NaN stays NaN."""
        a = self.data
        return _result(0.0 if a <= 0.0 else a, (self,), _relu_backward)

    def sigmoid(self):
        """s = 1/(1 + e^−a), with ∂s/∂a = s(1 − s)."""
        a = self.data
        if a >= 0.0:  # each branch calls exp on a non-positive number: no overflow
            s = 1.0 / (1.0 + math.exp(-a))
        else:
            e = math.exp(a)
            s = e / (1.0 + e)
        return _result(s, (self,), _sigmoid_backward)

    @staticmethod
    def linear(bias, weights, inputs):
        """b + Σ wᵢxᵢ as one node, with ∂/∂b = 1, ∂/∂wᵢ = xᵢ and ∂/∂xᵢ = wᵢ.

        The same number as ``sum((w * x for w, x in zip(weights, inputs)), bias)``,
        bit for bit, in one node instead of two per input.
        """
        act, children = bias.data, [bias]
        for w, given in zip(weights, inputs):
            x = given if type(given) is Value else _lift(given)  # the hot loop: skip a call for Values
            if x is None:
                raise TypeError(f"a neuron's input must be numbers or Values, got {type(given).__name__}: {given!r}")
            act = act + w.data * x.data
            children += (w, x)
        return _result(act, tuple(children), _linear_backward)

    # ----- back-propagation ---------------------------------------------------

    def backward(self):
        """Fill in ``grad`` of every node this value depends on, by the chain rule.

        Gradients of leaves (parameters, inputs) *accumulate* over calls, as in
        PyTorch: call ``zero_grad()`` (or set ``p.grad = 0.0``) before each
        training step. Interior nodes hold the gradients of the latest call.
        """
        order = self._topological_order()
        for node in order:
            if node._prev:  # only this call's contributions flow through interior nodes
                node.grad = 0.0
        self.grad += 1.0  # d(self)/d(self)
        for node in reversed(order):
            node._rule(node)

    def _topological_order(self):
        """Every node reachable from self, each after all of its children.

        Iterative depth-first search, so a graph of any depth fits (a recursive
        one hits Python's recursion limit at about 1,000 nodes).
        """
        order, visited, stack = [], {self}, [self]
        while stack:
            node = stack[-1]
            for child in node._prev:
                if child not in visited:
                    visited.add(child)
                    stack.append(child)
                    break
            else:  # all children are placed: place the node
                stack.pop()
                order.append(node)
        return order


# ----- local derivatives, applied by the chain rule ---------------------------
# Each rule reads the node `out` and its children, and adds
# d(out)/d(child) * out.grad to each child's grad ("+=": a child used twice
# receives both contributions). Its `op` names the operation in graphs.


def _rule(op):
    def name(function):
        function.op = op
        return function

    return name


@_rule("")
def _leaf_backward(out):
    """A leaf has no children: nothing to propagate."""


@_rule("+")
def _add_backward(out):
    a, b = out._prev
    a.grad += out.grad
    b.grad += out.grad


@_rule("*")
def _mul_backward(out):
    a, b = out._prev
    a.grad += b.data * out.grad
    b.grad += a.data * out.grad


@_rule("-")
def _sub_backward(out):
    a, b = out._prev
    a.grad += out.grad
    b.grad -= out.grad


@_rule("/")
def _div_backward(out):
    a, b = out._prev
    a.grad += out.grad / b.data
    b.grad -= out.data / b.data * out.grad  # -a/b^2 = -(a/b)/b


@_rule("neg")
def _neg_backward(out):
    (a,) = out._prev
    a.grad -= out.grad


@_rule("**")
def _pow_const_backward(out):
    a, b = out._prev
    if b.data == 0.0:  # a**0 is constant in a, also at a == 0
        return
    if a.data == 0.0 and b.data < 1.0:
        raise ZeroDivisionError(f"power: the gradient of a ** {b.data!r} at a = 0.0 divides by zero")
    a.grad += b.data * _power(a.data, b.data - 1.0) * out.grad


@_rule("**")
def _pow_backward(out):
    a, b = out._prev
    _pow_const_backward(out)
    if a.data > 0.0:
        b.grad += out.data * math.log(a.data) * out.grad
    elif a.data < 0.0:  # a**b is not real for b near an integer: no derivative in b
        raise ValueError(f"power: the gradient of ({a.data!r}) ** b with respect to b needs a positive base")
    # at a == 0 (b > 0): a**b * ln(a) tends to 0, so b.grad gains nothing


@_rule("linear")
def _linear_backward(out):
    g = out.grad
    children = iter(out._prev)
    next(children).grad += g  # the bias
    for w, x in zip(children, children):  # then (weight, input) pairs
        w.grad += x.data * g
        x.grad += w.data * g


@_rule("tanh")
def _tanh_backward(out):
    (a,) = out._prev
    a.grad += (1.0 - out.data * out.data) * out.grad


@_rule("exp")
def _exp_backward(out):
    (a,) = out._prev
    a.grad += out.data * out.grad


@_rule("log")
def _log_backward(out):
    (a,) = out._prev
    a.grad += out.grad / a.data


@_rule("ReLU")
def _relu_backward(out):
    (a,) = out._prev
    if out.data > 0.0:
        a.grad += out.grad


@_rule("sigmoid")
def _sigmoid_backward(out):
    (a,) = out._prev
    a.grad += out.data * (1.0 - out.data) * out.grad


# ----- making nodes, and input checks -------------------------------------------


def _result(data, children, rule):
    """A new node: the value of an operation on ``children`` (a leaf when there are none)."""
    out = _new(Value)
    out.data, out.grad, out._prev, out._rule = data, 0.0, children, rule
    return out


def _constant(x):
    """A float as a leaf, as ``Value(x)`` makes it, without __init__'s checks."""
    return _result(x, (), _leaf_backward)


def _power(a, b):
    """``a ** b`` for floats, with IEEE overflow: ±inf instead of OverflowError."""
    try:
        return a**b
    except OverflowError:
        negative = a < 0.0 and b % 2.0 == 1.0  # a negative base to an odd integer power
        return -math.inf if negative else math.inf


def _is_number(x):
    t = type(x)
    if t is float or t is int:  # the common cases, without the slower ABC check
        return True
    return isinstance(x, Real) and t is not bool


def _as_float(data):
    """``data`` as a float, or a TypeError that says what was given."""
    if isinstance(data, Value):
        raise TypeError("Value(...) needs a number, got a Value: use it directly, or its .data")
    if not _is_number(data):
        raise TypeError(f"Value(...) needs a real number (int or float), got {type(data).__name__}: {data!r}")
    return float(data)


def _lift(other):
    """``other`` as a Value if it is one or a number; None for anything else."""
    if type(other) is float:
        return _constant(other)
    if isinstance(other, Value):
        return other
    if _is_number(other):
        return _constant(float(other))
    return None


_release_queue = []  # inputs of freed nodes, waiting to be dropped (Pyodide only)
_releasing = False


def _release_iteratively(node):
    """``Value.__del__`` in Pyodide (Python in the browser): free a long graph one node at a time.

    CPython frees a chain of nodes however long it is. Pyodide frees each
    node's inputs inside the node's own release, one nested call per node, and
    a chain of a few thousand overflows the browser's stack, which kills the
    kernel. There, a freed node queues its inputs, and the outermost release
    drops them in a loop. CPython does without: a ``__del__`` slows every release.
    """
    global _releasing
    _release_queue.append(node._prev)
    node._prev = ()
    if _releasing:
        return  # an outer release is emptying the queue
    _releasing = True
    try:
        while _release_queue:
            inputs = _release_queue.pop()
            del inputs  # frees the nodes no one else holds; each only queues its own inputs
    finally:
        _releasing = False

if sys.platform == "emscripten":
    Value.__del__ = _release_iteratively
