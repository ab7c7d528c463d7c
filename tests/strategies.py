"""Hypothesis strategies shared by the tests: floats in the domains where each op is smooth."""

from hypothesis import strategies as st


def floats(min_value=-5.0, max_value=5.0):
    return st.floats(min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False)


anywhere = floats()
positive = floats(0.1, 5.0)  # log, fractional powers, a Value exponent's base
away_from_zero = anywhere.filter(lambda x: abs(x) > 0.1)  # divisors; relu's kink at 0
small_ints = st.integers(min_value=-3, max_value=3)
