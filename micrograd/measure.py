"""Counting and timing, for chapters 6 and 7: how much work a piece of code does.

A count of the bytecode instructions that code runs is the same on every run of
the same Python version, whatever else the machine is doing; a time is not.
Chapter 6 explains each function; chapter 7 uses them again.
"""

import gc
import sys
import time
from collections import Counter

__all__ = ["instructions_by_function", "instructions", "pass_instructions", "seconds", "collector_runs"]


def instructions_by_function(fn):
    """Bytecode instructions fn() runs, per function (not work in C)."""
    counts = Counter()

    def tracer(frame, event, arg):  # frame: one running call's record
        frame.f_trace_opcodes = True  # report each instruction in it
        if event == "opcode":
            counts[frame.f_code.co_qualname] += 1  # the running function
        return tracer  # go on in this call (settrace sees each new call)

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return counts


def instructions(fn):
    """How many bytecode instructions fn() runs, in all."""
    return sum(instructions_by_function(fn).values())


def pass_instructions(make_loss):
    """Instructions of make_loss(), then of backward() through its graph."""

    def whole_pass():  # a forward pass, then backward() through its graph
        make_loss().backward()

    counted = instructions_by_function(whole_pass)
    del counted[whole_pass.__qualname__]  # the wrapper's own instructions
    return sum(counted.values())


def seconds(fn, repeats=5, calls=1000):
    """Seconds per call of fn(), the fastest of `repeats` timings."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def collector_runs(fn):
    """How often the garbage collector ran during fn(), from a fresh start."""
    gc.collect()  # a fresh start: nothing left to collect, no objects counted
    before = _runs_so_far()
    fn()
    return _runs_so_far() - before


def _runs_so_far():  # the collector's runs since Python started, all generations
    return sum(stats["collections"] for stats in gc.get_stats())
