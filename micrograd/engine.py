"""A scalar value that remembers how it was made, and back-propagates through it.

Each operation computes its result; right below it, a ``*_backward`` rule applies its local
derivatives by the chain rule: ``operand.grad += ∂out/∂operand · out.grad``. A rule is a plain
function shared by all nodes of its operation, not a closure over the node, so a graph has no
reference cycles: CPython frees it at once.

Numbers follow IEEE 754, as in PyTorch: too large is ``inf``, and ``inf`` and ``nan`` propagate
through values and gradients. Only a value undefined at its point raises, naming the operation:
``x / 0``, ``0 ** negative``, ``log`` of x ≤ 0, and a negative base with a fractional exponent.
"""

import math
from numbers import Real

__all__ = ["Value"]


def _leaf_backward(out):
    """A leaf was not computed from anything: it has no gradient to pass on."""


class Value:
    """A scalar with a gradient, recording the operations made on it."""

    __slots__ = ("data", "grad", "_prev", "_op", "_rule", "label")

    def __init__(self, data, _children=(), _op="", _rule=_leaf_backward, label=""):
        self.data = data if type(data) is float else _as_float(data)
        self.grad = 0.0  # d(output)/d(self), filled in by backward()
        self._prev = tuple(_children)  # the operands, in order: repeatable walks
        self._op = _op  # the operation's name in graphs, "" for a leaf
        self._rule = _rule  # the operation's backward rule, shared by all its nodes
        self.label = label  # a name to show in graphs

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # The lecture's idioms: node._backward() by hand, and out._backward = closure.
    @property
    def _backward(self):  # this node's step of back-propagation
        return lambda: self._rule(self)

    @_backward.setter
    def _backward(self, closure):  # your own operation's closure: a cycle with out
        self._rule = lambda out: closure()

    # ----- operations: each one, then its local derivatives -------------------------

    def __add__(self, other):
        """a + b"""
        if (other := _lift(other)) is None:
            return NotImplemented
        return Value(self.data + other.data, (self, other), "+", Value._add_backward)

    def _add_backward(out):  # ∂(a + b)/∂a = 1, ∂(a + b)/∂b = 1
        a, b = out._prev
        a.grad += out.grad
        b.grad += out.grad

    def __mul__(self, other):
        """a · b"""
        if (other := _lift(other)) is None:
            return NotImplemented
        out = self.data * other.data
        return Value(out, (self, other), "*", Value._mul_backward)

    def _mul_backward(out):  # ∂(a·b)/∂a = b, ∂(a·b)/∂b = a
        a, b = out._prev
        a.grad += b.data * out.grad
        b.grad += a.data * out.grad

    def __sub__(self, other):
        """a − b"""
        if (other := _lift(other)) is None:
            return NotImplemented
        return Value(self.data - other.data, (self, other), "-", Value._sub_backward)

    def _sub_backward(out):  # ∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1
        a, b = out._prev
        a.grad += out.grad
        b.grad -= out.grad

    def __truediv__(self, other):
        """a / b"""
        if (other := _lift(other)) is None:
            return NotImplemented
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by zero: {self.data!r} / {other.data!r}")
        return Value(self.data / other.data, (self, other), "/", Value._div_backward)

    def _div_backward(out):  # ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b² = −(a/b)/b
        a, b = out._prev
        a.grad += out.grad / b.data
        b.grad -= out.data / b.data * out.grad

    def __pow__(self, other):
        """a ** b; a plain-number exponent is a constant, and only the base gets a gradient."""
        if isinstance(other, Value):
            rule = Value._pow_backward
        elif _is_number(other):
            other, rule = Value(other), Value._pow_constant_backward
        else:
            return NotImplemented
        a, b = self.data, other.data
        if a < 0.0 and math.isfinite(b) and b != math.floor(b):
            raise ValueError(f"power: ({a!r}) ** {b!r} is not a real number (negative base, fractional exponent)")
        if a == 0.0 and b < 0.0:
            raise ZeroDivisionError(f"power: 0.0 ** {b!r} divides by zero")
        return Value(_power(a, b), (self, other), "**", rule)

    def _pow_constant_backward(out):  # ∂(a^b)/∂a = b·a^(b−1); 0 where b = 0, even at a = 0
        a, b = out._prev
        if b.data == 0.0:
            return
        if a.data == 0.0 and b.data < 1.0:
            raise ZeroDivisionError(f"power: the gradient of a ** {b.data!r} at a = 0.0 divides by zero")
        a.grad += b.data * _power(a.data, b.data - 1.0) * out.grad

    def _pow_backward(out):  # and ∂(a^b)/∂b = a^b·ln a, whose limit at a = 0 is 0 for b ≥ 0
        a, b = out._prev
        Value._pow_constant_backward(out)
        if a.data < 0.0:  # a^b is not real for b near an integer: no derivative in b
            raise ValueError(f"power: the gradient of ({a.data!r}) ** b with respect to b needs a positive base")
        local = out.data * math.log(a.data) if a.data != 0.0 else 0.0 if b.data >= 0.0 else math.nan
        b.grad += local * out.grad  # NaN propagates, as in PyTorch

    def __neg__(self):
        """−a"""
        return Value(-self.data, (self,), "neg", Value._neg_backward)

    def _neg_backward(out):  # ∂(−a)/∂a = −1
        (a,) = out._prev
        a.grad -= out.grad

    # A plain number on the left (2 * a, 1 - a, and sum(), which starts from 0): Python asks the Value.
    def __radd__(self, other):  # other + self
        return NotImplemented if (other := _lift(other)) is None else other + self

    def __rsub__(self, other):  # other - self
        return NotImplemented if (other := _lift(other)) is None else other - self

    def __rmul__(self, other):  # other * self
        return NotImplemented if (other := _lift(other)) is None else other * self

    def __rtruediv__(self, other):  # other / self
        return NotImplemented if (other := _lift(other)) is None else other / self

    def __rpow__(self, other):  # other ** self
        return NotImplemented if (other := _lift(other)) is None else other**self

    def tanh(self):
        """t = tanh a (math.tanh saturates to ±1, where (e^2a − 1)/(e^2a + 1) overflows)"""
        return Value(math.tanh(self.data), (self,), "tanh", Value._tanh_backward)

    def _tanh_backward(out):  # ∂t/∂a = 1 − t²
        (a,) = out._prev
        a.grad += (1.0 - out.data * out.data) * out.grad

    def exp(self):
        """e^a"""
        try:
            result = math.exp(self.data)
        except OverflowError:  # IEEE: too large is inf
            result = math.inf
        return Value(result, (self,), "exp", Value._exp_backward)

    def _exp_backward(out):  # ∂(e^a)/∂a = e^a, the result itself
        (a,) = out._prev
        a.grad += out.data * out.grad

    def log(self):
        """ln a, defined for a > 0"""
        if self.data <= 0.0:
            raise ValueError(f"log({self.data!r}) is undefined: log needs a positive input")
        return Value(math.log(self.data), (self,), "log", Value._log_backward)

    def _log_backward(out):  # ∂(ln a)/∂a = 1/a
        (a,) = out._prev
        a.grad += out.grad / a.data

    def relu(self):
        """max(0, a); NaN stays NaN"""
        return Value(0.0 if self.data <= 0.0 else self.data, (self,), "ReLU", Value._relu_backward)

    def _relu_backward(out):  # ∂/∂a = 1 where a > 0, else 0; at NaN the gradient passes, as in PyTorch
        (a,) = out._prev
        if not out.data <= 0.0:
            a.grad += out.grad

    def sigmoid(self):
        """s = 1/(1 + e^−a)"""
        e = math.exp(-abs(self.data))  # exp of a non-positive number never overflows
        s = 1.0 / (1.0 + e) if self.data >= 0.0 else e / (1.0 + e)
        return Value(s, (self,), "sigmoid", Value._sigmoid_backward)

    def _sigmoid_backward(out):  # ∂s/∂a = s(1 − s)
        (a,) = out._prev
        a.grad += out.data * (1.0 - out.data) * out.grad

    @staticmethod
    def linear(bias, weights, inputs):
        """b + Σ wᵢxᵢ as one node: bit for bit the chain of * and +, but faster."""
        if len(weights) != len(inputs):
            got = f"got {len(weights)} weights and {len(inputs)} inputs"
            raise ValueError(f"Value.linear needs one weight per input, {got}")
        children = [bias if type(bias) is Value else _lift_or_raise(bias, "bias")]
        act = children[0].data
        try:
            for w, x in zip(weights, inputs):
                x = x if type(x) is Value else _lift_or_raise(x, "input")
                act = act + w.data * x.data
                children += (w, x)
        except AttributeError:  # w.data: a weight that is not a Value
            got = f"got {type(w).__name__}: {w!r}"
            raise TypeError(f"Value.linear's weights are Values, {got}") from None
        return Value(act, children, "linear", Value._linear_backward)

    def _linear_backward(out):  # ∂/∂b = 1, ∂/∂wᵢ = xᵢ, ∂/∂xᵢ = wᵢ
        g = out.grad
        operands = iter(out._prev)
        next(operands).grad += g  # the bias
        for w, x in zip(operands, operands):  # then (weight, input) pairs
            w.grad += x.data * g
            x.grad += w.data * g

    def backward(self):
        """Fill in ``grad`` of every node this value depends on, by the chain rule.

        Leaves' gradients *accumulate* over calls, as in PyTorch: call
        ``zero_grad()`` before each training step. Interior nodes hold the
        latest call's gradients.
        """
        order = self.topological_order()
        for node in order:
            if node._prev:  # only this call's contributions pass through them
                node.grad = 0.0
        self.grad += 1.0  # d(self)/d(self)
        for node in reversed(order):
            node._rule(node)

    def topological_order(self):
        """Every node this value was computed from, each after all its operands.

        A depth-first search's order, found without recursion (which stops at
        about 1,000 nodes deep), reading each node's operands once: linear time.
        """
        order, visited = [], {self}
        stack = [(self, iter(self._prev))]
        while stack:
            node, operands = stack[-1]
            for child in operands:  # resumes after the operand it left for
                if child not in visited:
                    visited.add(child)
                    if child._prev:
                        stack.append((child, iter(child._prev)))
                        break
                    order.append(child)  # a leaf is placed at once
            else:  # every operand is placed: place the node
                stack.pop()
                order.append(node)
        return order


def _power(a, b):  # a ** b for floats, with IEEE overflow: ±inf instead of OverflowError
    try:
        return a**b
    except OverflowError:
        negative = a < 0.0 and b % 2.0 == 1.0  # a negative base to an odd integer power
        return -math.inf if negative else math.inf


def _is_number(x):  # float and int first: the common cases, without the slower ABC check
    return type(x) is float or type(x) is int or (isinstance(x, Real) and type(x) is not bool)


def _as_float(data):
    """``data`` as a float, or an error that says what was given."""
    if isinstance(data, Value):
        raise TypeError("Value(...) needs a number, got a Value: use it directly, or its .data")
    if not _is_number(data):
        raise TypeError(f"Value(...) needs a real number (int or float), got {type(data).__name__}: {data!r}")
    try:
        return float(data)
    except OverflowError:  # an int (or a Fraction) beyond the largest float, about 1.8e308
        raise ValueError(
            f"Value(...) needs a number a float can hold, got {type(data).__name__} {str(data)[:20]}..."
        ) from None


def _lift(other):
    """``other`` as a Value if it is one or a number; None for anything else."""
    if isinstance(other, Value):
        return other
    return Value(other) if type(other) is float or _is_number(other) else None


def _lift_or_raise(x, what):
    if (lifted := _lift(x)) is None:
        raise TypeError(f"Value.linear's {what} must be numbers or Values, got {type(x).__name__}: {x!r}")
    return lifted
