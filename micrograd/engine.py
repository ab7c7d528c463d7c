"""A scalar value that remembers how it was made, and back-propagates through it.

Each operation below computes its result, and right beside it a small
``_*_backward`` rule states the operation's local derivatives and applies the
chain rule: ``child.grad += local_derivative * out.grad``.

A node keeps only its children (a tuple) and the numbers it needs; its backward
rule is a plain function shared by all nodes of that operation, not a closure.
So the graph has no reference cycles, and CPython frees it by reference
counting alone, without its cyclic garbage collector re-scanning the graph.
"""

import math
from numbers import Real

__all__ = ["Value"]


def _leaf_backward(out):
    """A leaf has no children: nothing to propagate."""


class Value:
    """A scalar with a gradient, recording the operations made on it."""

    __slots__ = ("data", "grad", "label", "_prev", "_op", "_backward")

    def __init__(self, data, _children=(), _op="", label="", _backward=_leaf_backward):
        if type(data) is not float:  # fast path: results of operations are floats
            data = _as_float(data)
        self.data = data
        self.grad = 0.0
        self.label = label
        self._prev = _children  # in operand order, so traversals are repeatable
        self._op = _op
        self._backward = _backward

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # ----- arithmetic -------------------------------------------------------

    def __add__(self, other):
        r"""$a + b$, with $\partial/\partial a = 1$ and $\partial/\partial b = 1$."""
        other = other if type(other) is Value else _lift(other)
        if other is None:
            return NotImplemented
        return Value(self.data + other.data, (self, other), "+", "", _add_backward)

    def __mul__(self, other):
        r"""$a \cdot b$, with $\partial/\partial a = b$ and $\partial/\partial b = a$."""
        other = other if type(other) is Value else _lift(other)
        if other is None:
            return NotImplemented
        return Value(self.data * other.data, (self, other), "*", "", _mul_backward)

    def __sub__(self, other):
        r"""$a - b$, with $\partial/\partial a = 1$ and $\partial/\partial b = -1$."""
        other = other if type(other) is Value else _lift(other)
        if other is None:
            return NotImplemented
        return Value(self.data - other.data, (self, other), "-", "", _sub_backward)

    def __truediv__(self, other):
        r"""$a / b$, with $\partial/\partial a = 1/b$ and $\partial/\partial b = -a/b^2$."""
        other = other if type(other) is Value else _lift(other)
        if other is None:
            return NotImplemented
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by zero: {self.data!r} / {other.data!r}")
        return Value(self.data / other.data, (self, other), "/", "", _div_backward)

    def __pow__(self, other):
        r"""$a^b$, with $\partial/\partial a = b\,a^{b-1}$ and $\partial/\partial b = a^b \ln a$.

        A plain-number exponent is a constant: only the base gets a gradient.
        """
        if isinstance(other, Value):
            rule = _pow_backward
        elif _is_number(other):
            other, rule = Value(other), _pow_const_backward
        else:
            return NotImplemented
        a, b = self.data, other.data
        if a < 0.0 and not b.is_integer():
            raise ValueError(f"power: ({a!r}) ** {b!r} is not a real number (negative base, fractional exponent)")
        if a == 0.0 and b < 0.0:
            raise ZeroDivisionError(f"power: 0.0 ** {b!r} divides by zero")
        try:
            result = a**b
        except OverflowError:
            raise OverflowError(f"power: {a!r} ** {b!r} is too large for a float") from None
        return Value(result, (self, other), "**", "", rule)

    def __neg__(self):
        r"""$-a$, with $\partial/\partial a = -1$."""
        return Value(-self.data, (self,), "neg", "", _neg_backward)

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
        r"""$t = \tanh a$, with $\partial t/\partial a = 1 - t^2$."""
        # math.tanh saturates to +-1 instead of overflowing like (e^2x - 1)/(e^2x + 1).
        return Value(math.tanh(self.data), (self,), "tanh", "", _tanh_backward)

    def exp(self):
        r"""$e^a$, with $\partial/\partial a = e^a$."""
        try:
            result = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp({self.data!r}) is too large for a float") from None
        return Value(result, (self,), "exp", "", _exp_backward)

    def log(self):
        r"""$\ln a$, with $\partial/\partial a = 1/a$; defined for $a > 0$."""
        if self.data <= 0.0:
            raise ValueError(f"log({self.data!r}) is undefined: log needs a positive input")
        return Value(math.log(self.data), (self,), "log", "", _log_backward)

    def relu(self):
        r"""$\max(0, a)$, with $\partial/\partial a = 1$ if $a > 0$ else $0$."""
        return Value(self.data if self.data > 0.0 else 0.0, (self,), "ReLU", "", _relu_backward)

    def sigmoid(self):
        r"""$s = 1/(1 + e^{-a})$, with $\partial s/\partial a = s(1 - s)$."""
        a = self.data
        if a >= 0.0:  # each branch calls exp on a non-positive number: no overflow
            s = 1.0 / (1.0 + math.exp(-a))
        else:
            e = math.exp(a)
            s = e / (1.0 + e)
        return Value(s, (self,), "sigmoid", "", _sigmoid_backward)

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
            node._backward(node)

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
# receives both contributions).


def _add_backward(out):
    a, b = out._prev
    a.grad += out.grad
    b.grad += out.grad


def _mul_backward(out):
    a, b = out._prev
    a.grad += b.data * out.grad
    b.grad += a.data * out.grad


def _sub_backward(out):
    a, b = out._prev
    a.grad += out.grad
    b.grad -= out.grad


def _div_backward(out):
    a, b = out._prev
    a.grad += out.grad / b.data
    b.grad -= out.data / b.data * out.grad  # -a/b^2 = -(a/b)/b


def _neg_backward(out):
    (a,) = out._prev
    a.grad -= out.grad


def _pow_const_backward(out):
    a, b = out._prev
    if b.data == 0.0:  # a**0 is constant in a, also at a == 0
        return
    if a.data == 0.0 and b.data < 1.0:
        raise ZeroDivisionError(f"power: the gradient of a ** {b.data!r} is infinite at a = 0.0")
    a.grad += b.data * a.data ** (b.data - 1.0) * out.grad


def _pow_backward(out):
    a, b = out._prev
    _pow_const_backward(out)
    if a.data > 0.0:
        b.grad += out.data * math.log(a.data) * out.grad
    elif a.data < 0.0:  # a**b is not real for b near an integer: no derivative in b
        raise ValueError(f"power: the gradient of ({a.data!r}) ** b with respect to b needs a positive base")
    # at a == 0 (b > 0): a**b * ln(a) tends to 0, so b.grad gains nothing


def _tanh_backward(out):
    (a,) = out._prev
    a.grad += (1.0 - out.data * out.data) * out.grad


def _exp_backward(out):
    (a,) = out._prev
    a.grad += out.data * out.grad


def _log_backward(out):
    (a,) = out._prev
    a.grad += out.grad / a.data


def _relu_backward(out):
    (a,) = out._prev
    if out.data > 0.0:
        a.grad += out.grad


def _sigmoid_backward(out):
    (a,) = out._prev
    a.grad += out.data * (1.0 - out.data) * out.grad


# ----- input checks -------------------------------------------------------------


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
    if isinstance(other, Value):
        return other
    if _is_number(other):
        return Value(other)
    return None
