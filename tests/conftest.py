"""Settings for every test: hypothesis is deterministic and has no deadline.

A fixed derandomised search gives the same examples on every run, so a run
that passes on a quiet machine passes on a loaded one; without a deadline, a
slow shared machine cannot turn a correct example into a failure.

The tests live in two folders: tests/package (the micrograd package, fast, no
build) and tests/site (the built book, its notebooks and its live site). The
helper modules here (strategies, finite_differences, needs) are importable from
both, through pytest's ``pythonpath`` setting in pyproject.toml.
"""

from hypothesis import settings

settings.register_profile("book", derandomize=True, deadline=None, database=None)
settings.load_profile("book")
