"""micrograd: a scalar autograd engine and a small neural-network library.

API-compatible with karpathy/micrograd: ``from micrograd.engine import Value``,
``from micrograd.nn import Neuron, Layer, MLP``.
"""

import sys

from micrograd.engine import Value
from micrograd.nn import MLP, Layer, Module, Neuron

__all__ = ["Value", "Module", "Neuron", "Layer", "MLP", "draw_dot"]
__version__ = "0.1.0"
__book__ = "micrograd, the executable book"  # tells this package from others named micrograd

if sys.platform == "emscripten":  # Pyodide, in the browser: free long graphs without deep recursion
    from micrograd import browser

    browser.install()


def __getattr__(name):
    # draw_dot needs the graphviz package, which nothing else needs: import it only when asked for.
    if name == "draw_dot":
        try:
            from micrograd.viz import draw_dot
        except ModuleNotFoundError as error:
            if error.name != "graphviz":
                raise
            return _draw_dot_without_graphviz
        return draw_dot
    raise AttributeError(f"module 'micrograd' has no attribute {name!r}")


def _draw_dot_without_graphviz(*args, **kwargs):
    """So that ``from micrograd import *`` works without graphviz, and draw_dot says what it needs."""
    raise ModuleNotFoundError("draw_dot needs the graphviz Python package: pip install graphviz", name="graphviz")
