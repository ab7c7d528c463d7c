"""Test-wide settings: hypothesis is deterministic and has no deadline.

A fixed derandomised search gives the same examples on every run, so a run
that passes on a quiet machine passes on a loaded one; without a deadline, a
slow shared machine cannot turn a correct example into a failure.
"""

import sys
from pathlib import Path

from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))  # the helper modules: strategies, finite_differences, needs

settings.register_profile("book", derandomize=True, deadline=None, database=None)
settings.load_profile("book")
