"""Small toy data sets, made in pure Python so that a seed fixes them exactly."""

import math
import operator
import random
from numbers import Real

__all__ = ["make_moons"]


def make_moons(n_samples=100, noise=0.1, seed=0):
    """Two interleaving half circles in the plane, labelled -1 and +1.

    Returns ``(X, y)``: ``n_samples`` points ``[x0, x1]`` and their
    labels. The upper moon (label -1) is half of a unit circle centred
    at (0, 0), the lower moon (label +1) half of one centred at (1, 0.5).
    Gaussian noise of standard deviation ``noise`` is added to both
    coordinates. The same seed always gives the same points.
    """
    n_samples, noise, seed = check_moons(n_samples, noise, seed)
    rng = random.Random(seed)  # its own, not the global one
    n_upper = n_samples // 2
    X, y = [], []
    for i in range(n_samples):
        upper = i < n_upper
        count = n_upper if upper else n_samples - n_upper
        t = math.pi * (i if upper else i - n_upper) / max(count - 1, 1)
        if upper:
            x0, x1, label = math.cos(t), math.sin(t), -1
        else:
            x0, x1, label = 1.0 - math.cos(t), 0.5 - math.sin(t), 1
        X.append([x0 + rng.gauss(0.0, noise), x1 + rng.gauss(0.0, noise)])
        y.append(label)
    if not all(math.isfinite(c) for point in X for c in point):
        raise ValueError(
            f"make_moons: noise={noise!r} is too large for floats",
        )
    return X, y


def check_moons(n_samples, noise, seed):
    """make_moons's arguments as an int, a float and an int (or None), or a clear error."""
    if isinstance(n_samples, bool) or not hasattr(type(n_samples), "__index__"):
        raise TypeError(f"make_moons needs a whole number of samples, got {type(n_samples).__name__}: {n_samples!r}")
    n_samples = operator.index(n_samples)
    if n_samples < 2:
        raise ValueError(f"make_moons needs at least 2 samples, got {n_samples}")
    if isinstance(noise, bool) or not isinstance(noise, Real):
        raise TypeError(f"make_moons needs a number for noise, got {type(noise).__name__}: {noise!r}")
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError(f"make_moons needs a finite, non-negative noise (a standard deviation), got {noise!r}")
    if seed is not None and (isinstance(seed, bool) or not hasattr(type(seed), "__index__")):
        raise TypeError(f"make_moons needs a whole number (or None) for seed, got {type(seed).__name__}: {seed!r}")
    return n_samples, float(noise), None if seed is None else operator.index(seed)
