"""Neurons, layers and multi-layer perceptrons built from ``Value``s."""

import random

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
    r"""$\mathrm{act}(w \cdot x + b)$ with ``nin`` weights and a bias, each drawn from U(-1, 1)."""

    def __init__(self, nin, activation="tanh"):
        if isinstance(nin, bool) or not isinstance(nin, int) or nin < 1:
            raise ValueError(f"a neuron needs a positive whole number of inputs, got {nin!r}")
        _check_activation(activation)
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(random.uniform(-1, 1))
        self.activation = activation

    def __call__(self, x):
        if isinstance(x, (Value, int, float)):  # one input, e.g. from a one-neuron layer
            x = [x]
        if len(x) != len(self.w):
            raise ValueError(f"this neuron takes {len(self.w)} inputs, got {len(x)}")
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act if self.activation == "linear" else getattr(act, self.activation)()

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"Neuron({len(self.w)}, activation={self.activation!r})"


class Layer(Module):
    """``nout`` neurons that all read the same ``nin`` inputs."""

    def __init__(self, nin, nout, activation="tanh"):
        self.nin, self.activation = nin, activation
        self.neurons = [Neuron(nin, activation) for _ in range(nout)]

    def __call__(self, x):
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
        nouts = list(nouts)
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


def _check_activation(activation):
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}: choose one of {', '.join(ACTIVATIONS)}")
