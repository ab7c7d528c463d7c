"""Central differences and tolerances: the references that gradients are checked against."""

import math


def central_difference(f, xs, i, h=1e-6):
    """d f(xs) / d xs[i], from (f(x + h) - f(x - h)) / 2h: error O(h^2), not the secant's O(h)."""
    h = h * max(1.0, abs(xs[i]))  # a step relative to x, so large x still moves
    up, down = list(xs), list(xs)
    up[i] += h
    down[i] -= h
    return (f(*up) - f(*down)) / (up[i] - down[i])


def assert_close(got, want, rel=1e-12, scale=0.0):
    """|got - want| <= rel * max(|want|, scale): `scale` is the size of the terms that were summed."""
    assert math.isclose(got, want, rel_tol=rel, abs_tol=rel * scale), f"{got!r} != {want!r}"
