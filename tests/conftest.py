"""Hypothesis profiles for the property tests (tests/test_properties.py, tests/strategies.py).

- ``ci`` (the default): each test runs the budget it states (``strategies.examples(n)``), about 400
  examples in all (about 33 s of CPU when every property holds), derandomized so that every run tests
  the same examples (a failure is reproducible from the test name alone), no example database, no
  deadline (one evaluation solves an optimisation: 5-50 ms, more with explanations), at most 12 events
  and 3 subjects per document, and shrinking of a failure stopped after 20 s
  (HYPOTHESIS_SHRINK_SECONDS; set it to 600 for a fully shrunk example).
- ``long``: ``HYPOTHESIS_PROFILE=long pytest tests/test_properties.py``: random (not derandomized),
  20 times each budget (HYPOTHESIS_EXAMPLE_FACTOR), up to 30 events and 5 subjects per document, the
  example database in .hypothesis/ (a failure found once is replayed first), full shrinking. Takes
  tens of minutes.

Every single engine call slower than 5 s is listed at the end of the run, its input saved under
.hypothesis/slow/ (strategies.timed), whether or not the test passes.

The suite speaks English unless a test asks for another language: a developer's Chinese locale must not
change what the English tests read (the command line follows JJPOLICY_LANG, then the locale). The
policy's figures are kept (jjpolicy/cache.py) in a folder of the run's own, never the developer's.
"""

from __future__ import annotations

import os
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=50,  # each test sets its own budget: strategies.examples(n)
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=1000,  # each test's budget x HYPOTHESIS_EXAMPLE_FACTOR (20): strategies.examples(n)
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
os.environ["JJPOLICY_CACHE"] = tempfile.mkdtemp(prefix="jjpolicy-cache-")
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)

# Shrinking a failure re-runs the engine hundreds of times (Hypothesis allows itself 300 s per test).
# The ci profile stops shrinking after HYPOTHESIS_SHRINK_SECONDS (default 20): the example it prints is
# then small but maybe not minimal; the long profile shrinks fully. This is Hypothesis' internal knob
# (hypothesis.internal.conjecture.engine.MAX_SHRINKING_SECONDS): if a release renames it, the
# setting is skipped and Hypothesis' own limit applies.
_SHRINK = os.environ.get("HYPOTHESIS_SHRINK_SECONDS", "20" if PROFILE == "ci" else "")
if _SHRINK:
    try:
        from hypothesis.internal.conjecture import engine as _engine

        if hasattr(_engine, "MAX_SHRINKING_SECONDS"):
            _engine.MAX_SHRINKING_SECONDS = float(_SHRINK)
    except ImportError:  # pragma: no cover - a Hypothesis without that module
        pass


def pytest_terminal_summary(terminalreporter):
    """List the engine calls slower than strategies.SLOW_SECONDS (recorded by the property tests)."""
    strategies = sys.modules.get("strategies")
    slow = getattr(strategies, "SLOW_CALLS", None)
    if not slow:
        return
    terminalreporter.section(f"engine calls slower than {strategies.SLOW_SECONDS:g} s")
    for what, seconds, path in slow:
        terminalreporter.write_line(f"{seconds:7.2f} s  {what}  (input: {path})")


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch):
    monkeypatch.setenv("JJPOLICY_LANG", "en")
