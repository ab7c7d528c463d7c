"""Central-difference derivatives, the reference that every gradient is checked against."""

import math


def central_difference(f, xs, i, h=1e-6):
    """d f(xs) / d xs[i], from (f(x + h) - f(x - h)) / 2h: error O(h^2), not the secant's O(h)."""
    up, down = list(xs), list(xs)
    up[i] += h
    down[i] -= h
    return (f(*up) - f(*down)) / (2 * h)


def assert_close(got, want, rel=1e-5, abs_=1e-6):
    assert math.isclose(got, want, rel_tol=rel, abs_tol=abs_), f"{got!r} != {want!r}"
