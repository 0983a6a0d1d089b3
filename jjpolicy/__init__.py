"""jjpolicy: 晉政規〔2025〕5號 as rules. JSON facts in, the optimal award set out, every yuan explained."""

from __future__ import annotations

from collections.abc import Mapping

from .engine import evaluate_subjects
from .figures import Policy, policy
from .model import Facts, InputError, Problem, load_facts, parse_facts
from .readings import parse as parse_readings
from .result import Result
from .stream import evaluate_stream

__all__ = [
    "evaluate",
    "evaluate_facts",
    "evaluate_stream",
    "load_facts",
    "parse_facts",
    "reform",
    "whatif",
    "Facts",
    "Result",
    "InputError",
    "Problem",
]


def evaluate_facts(
    facts: Facts,
    year: int | None = None,
    readings: Mapping[str, str] | None = None,
    reformed: Policy | None = None,
    jobs: int = 1,
    awards_only: bool = False,
) -> Result:
    """Evaluate validated facts: eligibility, stacking and reasons, decided by the encodings. `readings`
    switches readings of docs/ambiguities.md, e.g. {"A2": "top_up"} (see `jjpolicy readings`); `reformed`:
    a Policy with changed figures (jjpolicy.parameters.reform), for this evaluation only; `jobs`: worker
    processes (1, the default, solves in this process; 0: one per core); `awards_only`: the same awards,
    support and other policies' payments, faster, without the grounds of an award or any denial."""
    chosen = parse_readings(f"{k}={v}" for k, v in (readings or {}).items())
    results = evaluate_subjects(list(facts.subjects), chosen, reformed, jobs, awards_only)
    return Result(tuple(results), readings=chosen, awards_only=awards_only).for_year(year)


def evaluate(
    data,
    year: int | None = None,
    readings: Mapping[str, str] | None = None,
    params=None,
    jobs: int = 1,
    awards_only: bool = False,
) -> Result:
    """Evaluate `jjpolicy.facts/1` input: a decoded JSON object, or its text. `params`: a reform,
    {NAME: VALUE} as `jjpolicy measures --format json` names the figures ({"2.1/equipment_update.rate":
    "6%"}); `awards_only` as in evaluate_facts. Raises InputError."""
    from .parameters import reform as _reform

    base = policy()
    reformed, done = _reform(base, params)
    known = frozenset(base.items)
    facts = load_facts(data, known) if isinstance(data, (str, bytes)) else parse_facts(data, known)
    return evaluate_facts(facts, year, readings, reformed if done else None, jobs, awards_only)


# The library's what-if functions. `jjpolicy.whatif` is the function (its module stays importable as
# `from jjpolicy.whatif import WhatIf`); `jjpolicy.reform` the portfolio what-if of a reform.
from .portfolio import reform  # noqa: E402
from .whatif import whatif  # noqa: E402
