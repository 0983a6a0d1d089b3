"""jjpolicy: 晉政規〔2025〕5號 as rules. JSON facts in, the optimal award set out, every yuan explained."""

from __future__ import annotations

from .figures import policy
from .model import Facts, InputError, Problem, load_facts, parse_facts
from .engine import evaluate_subjects
from .result import Result
from .stream import evaluate_stream

__all__ = ["evaluate", "evaluate_facts", "evaluate_stream", "load_facts", "parse_facts", "Facts", "Result", "InputError", "Problem"]


def evaluate_facts(facts: Facts, year: int | None = None, jobs: int = 1) -> Result:
    """Evaluate validated facts: eligibility, stacking and reasons, decided by the encodings.
    `jobs`: worker processes (1, the default, solves in this process; 0: one per core)."""
    return Result(tuple(evaluate_subjects(list(facts.subjects), jobs))).for_year(year)


def evaluate(data, year: int | None = None, jobs: int = 1) -> Result:
    """Evaluate `jjpolicy.facts/1` input: a decoded JSON object, or its text. Raises InputError."""
    known = frozenset(policy().items)
    facts = load_facts(data, known) if isinstance(data, (str, bytes)) else parse_facts(data, known)
    return evaluate_facts(facts, year, jobs)
