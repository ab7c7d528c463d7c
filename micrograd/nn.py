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
        """Set every parameter's ``grad`` to 0 (``backward()`` adds to it)."""
        for p in self.parameters():
            p.grad = 0.0

    def parameters(self):
        return []


class Neuron(Module):
    """act(w · x + b), with ``nin`` weights and a bias, each drawn from U(−1, 1).

    ``activation`` is one of ACTIVATIONS (tanh by default). karpathy/micrograd's
    keyword works too: ``nonlin=True`` is ReLU, ``nonlin=False`` linear.
    """

    def __init__(self, nin, activation=None, nonlin=None):
        nin = check_count(nin, "Neuron(nin)", "inputs")
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(random.uniform(-1, 1))
        self.activation = check_activation(activation, nonlin)

    def __call__(self, x):
        x = check_inputs(x, len(self.w), "neuron")
        act = Value.linear(self.b, self.w, x)  # b + w·x, as one node (faster)
        if self.activation == "linear":
            return act
        return getattr(act, self.activation)()  # act.tanh(), act.relu(), ...

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"Neuron({len(self.w)}, activation={self.activation!r})"


class Layer(Module):
    """``nout`` neurons that all read the same ``nin`` inputs."""

    def __init__(self, nin, nout, activation=None, nonlin=None):
        self.nin = check_count(nin, "Layer(nin, nout)", "inputs")
        nout = check_count(nout, "Layer(nin, nout)", "neurons")
        self.activation = check_activation(activation, nonlin)
        self.neurons = [Neuron(self.nin, self.activation) for _ in range(nout)]

    def __call__(self, x):
        x = check_inputs(x, self.nin, "layer")  # once, so that a generator feeds every neuron
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
        nouts = check_sizes(nouts)
        activation = check_activation(activation)
        output_activation = activation if output_activation is None else check_activation(output_activation)
        sz = [nin] + nouts
        self.layers = [
            Layer(sz[i], sz[i + 1], activation if i < len(nouts) - 1 else output_activation) for i in range(len(nouts))
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):  # one layer per line, as PyTorch shows a model
        return "MLP(\n" + "".join(f"  {layer!r},\n" for layer in self.layers) + ")"


# ----- input checks: a clear error for a wrong argument, never a silent wrong number ---------------


def check_count(n, where, what):
    """``n`` as a positive int (any integral type, NumPy's too), or a clear error."""
    if isinstance(n, bool):
        raise TypeError(f"{where} needs a whole number of {what}, got bool: {n!r}")
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"{where} needs a whole number of {what}, got {type(n).__name__}: {n!r}") from None
    if n < 1:
        raise ValueError(f"{where} needs at least 1 of {what}, got {n}")
    return n


def check_sizes(nouts):
    """MLP's layer sizes as a list of positive ints."""
    try:
        nouts = list(nouts)
    except TypeError:
        raise TypeError(f"MLP(nin, nouts) needs a list of layer sizes, got {type(nouts).__name__}: {nouts!r}") from None
    if not nouts:
        raise ValueError("MLP(nin, nouts) needs at least one layer size in nouts, got none")
    return [check_count(n, "MLP(nin, nouts)", "neurons in each layer") for n in nouts]


def check_activation(activation, nonlin=None):
    """The activation's name; karpathy/micrograd's ``nonlin`` (True: ReLU, False: linear) stands for it."""
    if nonlin is not None:
        if activation is not None:
            raise TypeError("give activation= or karpathy's nonlin=, not both")
        return "relu" if nonlin else "linear"
    if activation is None:
        return "tanh"
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}: choose one of {', '.join(ACTIVATIONS)}")
    return activation


def check_inputs(x, n, who):
    """The inputs as a list of ``n``: one number or Value stands for a single input; any iterable gives its items."""
    if isinstance(x, (Value, Real)) and not isinstance(x, bool):
        x = [x]
    elif not isinstance(x, list):
        try:
            x = list(x)
        except TypeError:
            raise TypeError(f"a neuron's input must be numbers or Values, got {type(x).__name__}: {x!r}") from None
    if len(x) != n:
        raise ValueError(f"this {who} takes {n} inputs, got {len(x)}")
    return x
