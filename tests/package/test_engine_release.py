"""Freeing long graphs. CPython frees any chain; Pyodide (the browser) gets Value.__del__ from micrograd.browser.

Pyodide frees a node's inputs inside the node's own release, so a chain of a few
thousand nodes overflowed the browser's stack and killed the kernel (the
performance chapter's 20,000-node chains did). The release queue keeps the
nesting at one level, whatever the length; these tests install it in CPython.
"""

import ast
import gc
from pathlib import Path

import pytest

from micrograd import browser, engine
from micrograd.engine import Value


def chain(n):
    v = Value(1.0)
    for _ in range(n):
        v = v * Value(1.0)
    return v


def live_values():
    gc.collect()
    return sum(type(o) is Value for o in gc.get_objects())


@pytest.fixture
def nesting(monkeypatch):
    """Value.__del__ as in Pyodide, counting how deeply releases nest."""
    depth = {"now": 0, "max": 0}

    def release(node):
        depth["now"] += 1
        depth["max"] = max(depth["max"], depth["now"])
        try:
            browser.release_iteratively(node)
        finally:
            depth["now"] -= 1

    monkeypatch.setattr(Value, "__del__", release, raising=False)
    return depth


def test_a_long_chain_is_released_one_node_at_a_time(nesting):
    before = live_values()
    end = chain(20_000)
    end.backward()
    del end
    assert nesting["max"] == 2  # a release, and the release of a node it frees, which only queues
    assert live_values() == before  # every node is gone
    assert browser._queue == [] and browser._releasing is False


def test_a_shared_input_outlives_the_graph_that_used_it(nesting):
    x = Value(3.0)
    y = x * x + x
    del y
    assert x.data == 3.0 and x._prev == ()  # still whole: only what no one holds is freed
    z = x * 2.0
    z.backward()
    assert x.grad == 2.0


def test_install_sets_the_finalizer():
    browser.install()
    try:
        assert Value.__del__ is browser.release_iteratively
    finally:
        del Value.__del__


def test_a_value_that_refused_its_argument_is_released(nesting):
    with pytest.raises(TypeError):
        Value("abc")  # __init__ stopped before setting _prev: the finalizer must still work
    gc.collect()
    assert browser._queue == [] and browser._releasing is False


def test_cpython_needs_no_finalizer():
    assert not hasattr(Value, "__del__")  # it would slow every release; only Pyodide gets one


def test_the_engine_never_imports_the_browser_module():
    imported = {
        alias.name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(ast.parse(Path(engine.__file__).read_text()))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert imported and not any("browser" in name for name in imported)
