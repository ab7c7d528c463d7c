"""What the engine needs in Pyodide (Python in the browser): long graphs freed one node at a time.

CPython frees a chain of nodes however long it is. Pyodide frees each node's
operands inside the node's own release, one nested call per node, and a chain
of a few thousand overflows the browser's stack, which kills the kernel. So in
Pyodide, ``Value.__del__`` queues a freed node's operands, and the outermost
release drops them in a loop. ``micrograd/__init__.py`` installs it there only:
a finalizer slows every release, and CPython does not need one.
"""

from micrograd.engine import Value

_queue = []  # operands of freed nodes, waiting to be dropped
_releasing = False


def release_iteratively(node):
    """``Value.__del__`` in Pyodide: queue the node's operands; the outermost call drops them in a loop."""
    global _releasing
    _queue.append(getattr(node, "_prev", ()))  # none if Value(...) refused its argument
    node._prev = ()
    if _releasing:
        return  # an outer release is emptying the queue
    _releasing = True
    try:
        while _queue:
            operands = _queue.pop()
            del operands  # frees the nodes no one else holds; each only queues its own operands
    finally:
        _releasing = False


def install():
    Value.__del__ = release_iteratively
