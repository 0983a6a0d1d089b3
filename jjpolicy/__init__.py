"""jjpolicy: 晉政規〔2025〕5號 as rules. JSON facts in, the optimal award set out, every yuan explained."""

from __future__ import annotations

from collections.abc import Mapping

from .figures import policy
from .model import Facts, InputError, Problem, load_facts, parse_facts
from .engine import evaluate_subjects
from .readings import parse as parse_readings
from .result import Result

__all__ = ["evaluate", "evaluate_facts", "load_facts", "parse_facts", "Facts", "Result", "InputError", "Problem"]


def evaluate_facts(facts: Facts, year: int | None = None, readings: Mapping[str, str] | None = None) -> Result:
    """Evaluate validated facts: eligibility, stacking and reasons, decided by the encodings. `readings`
    switches readings of docs/ambiguities.md, e.g. {"A2": "top_up"} (see `jjpolicy readings`)."""
    chosen = parse_readings(f"{k}={v}" for k, v in (readings or {}).items())
    return Result(tuple(evaluate_subjects(list(facts.subjects), chosen)), readings=chosen).for_year(year)


def evaluate(data, year: int | None = None, readings: Mapping[str, str] | None = None) -> Result:
    """Evaluate `jjpolicy.facts/1` input: a decoded JSON object, or its text. Raises InputError."""
    known = frozenset(policy().items)
    facts = load_facts(data, known) if isinstance(data, (str, bytes)) else parse_facts(data, known)
    return evaluate_facts(facts, year, readings)
