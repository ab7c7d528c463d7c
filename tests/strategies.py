"""Hypothesis strategies shared by the tests: floats that reach 0, large magnitudes and each op's domain edges."""

from hypothesis import strategies as st


def floats(min_value=-1e6, max_value=1e6, include=()):
    """Finite floats in [min_value, max_value], with 0 (where inside), the bounds and `include` drawn often."""
    edges = [x for x in (0.0, -0.0, min_value, max_value, *include) if min_value <= x <= max_value]
    drawn = st.floats(min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False)
    # no magnitudes below 1e-100: their products are subnormal floats, which keep too few digits for a tight check
    return st.one_of(st.sampled_from(edges), drawn.filter(lambda x: x == 0.0 or abs(x) >= 1e-100))


anywhere = floats()
moderate = floats(-30.0, 30.0)  # exp and a product of two stay finite
positive = floats(1e-6, 1e6, include=(1.0,)).filter(lambda x: x > 0)  # log, fractional powers
small_ints = st.integers(min_value=-4, max_value=4)
