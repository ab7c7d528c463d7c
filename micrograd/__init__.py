"""micrograd: a scalar autograd engine and a small neural-network library.

API-compatible with karpathy/micrograd: ``from micrograd.engine import Value``,
``from micrograd.nn import Neuron, Layer, MLP``.
"""

from micrograd.engine import Value
from micrograd.nn import MLP, Layer, Module, Neuron

__all__ = ["Value", "Module", "Neuron", "Layer", "MLP", "draw_dot"]
__version__ = "0.1.0"
__book__ = "micrograd, the executable book"  # tells this package from others named micrograd


def __getattr__(name):
    # viz needs the graphviz package; import it only when it is asked for.
    if name == "draw_dot":
        from micrograd.viz import draw_dot

        return draw_dot
    raise AttributeError(f"module 'micrograd' has no attribute {name!r}")
