"""micrograd.measure: the counts chapters 6 and 7 rest on, checked against dis and against each other."""

import dis
import gc
import sys

import pytest

from micrograd import Value, measure
from micrograd.measure import collector_runs, instructions, instructions_by_function, pass_instructions, seconds


def add(p, q):
    return p + q


def add_twice():
    return add(1.0, 2.0) + add(3.0, 4.0)


def listed(fn):
    """The instructions dis lists for fn, but RESUME, which the tracer does not report."""
    return [i.opname for i in dis.get_instructions(fn) if i.opname != "RESUME"]


def test_a_straight_function_runs_the_instructions_dis_lists():
    assert instructions(lambda: add(1.0, 2.0)) == len(listed(add)) + len(listed(lambda: add(1.0, 2.0)))
    assert instructions_by_function(lambda: add(1.0, 2.0))["add"] == len(listed(add))


def test_counts_are_split_by_the_function_that_ran_them_and_add_up():
    by_function = instructions_by_function(add_twice)
    assert set(by_function) == {"add_twice", "add"}
    assert by_function["add"] == 2 * len(listed(add))  # called twice
    assert by_function["add_twice"] == len(listed(add_twice))
    assert instructions(add_twice) == sum(by_function.values())


def make_loss():
    a, b = Value(2.0), Value(-3.0)
    return (a * b + a).tanh()


def test_a_pass_counts_the_forward_and_the_backward_and_not_its_wrapper():
    loss = make_loss()
    expected = instructions(make_loss) + instructions(loss.backward)
    wrapped = instructions(lambda: make_loss().backward())  # the lambda's own instructions too
    assert pass_instructions(make_loss) == expected < wrapped


def test_the_tracer_is_removed_even_when_the_code_raises():
    previous = sys.gettrace()
    sys.settrace(None)
    try:
        with pytest.raises(ZeroDivisionError):
            instructions(lambda: 1 / 0)
        assert sys.gettrace() is None
    finally:
        sys.settrace(previous)


def test_seconds_is_the_fastest_timing_per_call(monkeypatch):
    clock = iter([0.0, 5.0, 10.0, 13.0, 20.0, 24.0])  # three timings: 5, 3, 4 seconds
    monkeypatch.setattr(measure.time, "perf_counter", lambda: next(clock))
    calls = []
    assert seconds(lambda: calls.append(1), repeats=3, calls=2) == 1.5  # 3 seconds for 2 calls
    assert len(calls) == 6


class Node:  # an object the collector tracks
    pass


def test_collector_runs_counts_one_run_per_threshold_of_tracked_objects_kept():
    threshold = gc.get_threshold()[0]
    kept = []
    runs = collector_runs(lambda: kept.extend(Node() for _ in range(10 * (threshold + 1))))
    assert 9 <= runs <= 10  # a run each time more than `threshold` were made (and kept) since the last


def test_collector_runs_counts_only_the_runs_inside_fn():
    gc.collect()  # runs before collector_runs: not counted
    assert collector_runs(lambda: None) == 0


def test_collector_runs_counts_none_with_the_collector_off():
    gc.disable()
    try:
        assert collector_runs(lambda: [Node() for _ in range(5 * gc.get_threshold()[0])]) == 0
    finally:
        gc.enable()


def test_collector_runs_starts_from_a_fresh_count():
    threshold = gc.get_threshold()[0]
    gc.collect()
    gc.disable()  # objects counted but not collected: the next run is near
    kept = [Node() for _ in range(threshold - 10)]
    gc.enable()
    assert collector_runs(lambda: kept.extend(Node() for _ in range(threshold // 2))) == 0
