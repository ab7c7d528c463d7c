"""Neurons, layers and multi-layer perceptrons built from ``Value``s."""

import operator
import random
from numbers import Real

from micrograd.engine import Value

__all__ = ["Module", "Neuron", "Layer", "MLP", "ACTIVATIONS"]

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")


class Module:
    """Anything with parameters: it can list them and reset their gradients."""

    def zero_grad(self):
        """Set every parameter's ``grad`` to 0 (gradients accumulate over ``backward()`` calls)."""
        for p in self.parameters():
            p.grad = 0.0

    def parameters(self):
        return []


class Neuron(Module):
    """act(w · x + b), with ``nin`` weights and a bias, each drawn from U(−1, 1)."""

    def __init__(self, nin, activation="tanh"):
        nin = _count(nin, "Neuron(nin)", "inputs")
        _check_activation(activation)
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(random.uniform(-1, 1))
        self.activation = activation

    def __call__(self, x):
        x = _as_inputs(x)
        if len(x) != len(self.w):
            raise ValueError(f"this neuron takes {len(self.w)} inputs, got {len(x)}")
        act = Value.linear(self.b, self.w, x)  # b + w·x, one node: see Value.linear
        if self.activation == "linear":
            return act
        return getattr(act, self.activation)()

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"Neuron({len(self.w)}, activation={self.activation!r})"


class Layer(Module):
    """``nout`` neurons that all read the same ``nin`` inputs."""

    def __init__(self, nin, nout, activation="tanh"):
        self.nin = _count(nin, "Layer(nin, nout)", "inputs")
        nout = _count(nout, "Layer(nin, nout)", "neurons")
        self.activation = activation
        self.neurons = [Neuron(self.nin, activation) for _ in range(nout)]

    def __call__(self, x):
        x = _as_inputs(x)  # once, so that a generator feeds every neuron
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs

    def parameters(self):
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def __repr__(self):
        return f"Layer({self.nin}, {len(self.neurons)}, activation={self.activation!r})"


class MLP(Module):
    """Layers in a row, sizes ``[nin] + nouts``; each layer's outputs are the next one's inputs.

    ``activation`` is used by every layer but the last, which uses
    ``output_activation`` (by default the same): for a classifier that reads
    the sign of a score, use ``output_activation="linear"``.
    """

    def __init__(self, nin, nouts, activation="tanh", output_activation=None):
        nouts = [_count(n, "MLP(nin, nouts)", "neurons in each layer") for n in _as_sizes(nouts)]
        if output_activation is None:
            output_activation = activation
        _check_activation(output_activation)
        sz = [nin] + nouts
        self.layers = [
            Layer(sz[i], sz[i + 1], activation if i < len(nouts) - 1 else output_activation)
            for i in range(len(nouts))
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        return "MLP(" + ", ".join(repr(layer) for layer in self.layers) + ")"


# ----- input checks -----------------------------------------------------------------


def _count(n, where, what):
    """``n`` as a positive int (any integral type, numpy's too), or a clear error."""
    if isinstance(n, bool):
        raise TypeError(f"{where} needs a whole number of {what}, got bool: {n!r}")
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"{where} needs a whole number of {what}, got {type(n).__name__}: {n!r}") from None
    if n < 1:
        raise ValueError(f"{where} needs at least 1 of {what}, got {n}")
    return n


def _as_sizes(nouts):
    try:
        nouts = list(nouts)
    except TypeError:
        raise TypeError(f"MLP(nin, nouts) needs a list of layer sizes, got {type(nouts).__name__}: {nouts!r}") from None
    if not nouts:
        raise ValueError("MLP(nin, nouts) needs at least one layer size in nouts, got none")
    return nouts


def _as_inputs(x):
    """The inputs as a list: one number or Value stands for a single input; any iterable gives its items."""
    if isinstance(x, (Value, Real)) and not isinstance(x, bool):
        return [x]
    if isinstance(x, list):
        return x
    try:
        return list(x)
    except TypeError:
        raise TypeError(f"a neuron's input must be numbers or Values, got {type(x).__name__}: {x!r}") from None


def _check_activation(activation):
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}: choose one of {', '.join(ACTIVATIONS)}")
