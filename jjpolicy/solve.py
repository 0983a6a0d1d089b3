"""Hand the ASP facts to clingo with the encodings, and read back the optimal model.

Subjects never affect each other (measures.md, Stacking rule 6), so a portfolio is solved in chunks, one
fresh Control each: one optimisation over tens of thousands of subjects grows faster than their number,
one Control per subject pays its start-up cost every time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import clingo

from .aspfacts import FactWriter, Index
from .atoms import Shown, decode
from .figures import Policy, policy
from .model import Subject
from .program import Program
from .readings import facts as reading_facts
from .terms import Reader
from .words import say

CHUNK = 200
SOLVER_ARGS = ["--opt-mode=opt", "--opt-strategy=usc"]
# Seconds a subject may take to decide (JJPOLICY_TIME_LIMIT); a chunk gets its subjects' sum. Ordinary
# subjects take milliseconds: the limit is a guard against a search that explodes, never a budget.
TIME_LIMIT = float(os.environ.get("JJPOLICY_TIME_LIMIT", "30"))


class SolveError(Exception):
    """The encodings found no model: a defect of the engine, not of the input."""


class TimeLimit(Exception):
    """Subjects whose optimal award set was not proven within the time limit (no answer is guessed)."""

    def __init__(self, subjects: list[Subject], seconds: float):
        if len(subjects) == 1:
            self.msg = say("error.time_limit.one", subject=subjects[0].id, seconds=seconds)
        else:
            self.msg = say("error.time_limit.many", count=len(subjects), seconds=seconds)
        super().__init__(str(self.msg))
        self.subjects = subjects


@dataclass
class Answer:
    """The shown atoms of a chunk's optimal model as records, by subject number, with the integers' meaning."""

    index: Index
    shown: dict[int, Shown]

    def of(self, subject: int) -> Shown:
        return self.shown.get(subject) or Shown()


@lru_cache(maxsize=1)
def _writer() -> FactWriter:
    return FactWriter(policy())


def solve_chunk(
    subjects: list[Subject],
    explain: bool = False,
    readings: Mapping[str, str] | None = None,
    reformed: Policy | None = None,
    awards_only: bool = False,
) -> Answer:
    """One Control for these subjects; `explain` also shows every condition checked, `awards_only` only the
    payments (show_awards.lp: no candidate, reason or condition is read back); `readings` switches
    readings of ambiguities.md ({"A2": "top_up"}); `reformed`: a Policy with changed figures
    (jjpolicy/parameters.py) to write the facts with, for this solve only. TimeLimit when the optimum is
    not proven within TIME_LIMIT seconds a subject."""
    seconds = TIME_LIMIT * len(subjects)
    facts, index = (_writer() if reformed is None else FactWriter(reformed)).program(subjects)
    program = Program(SOLVER_ARGS, explain, awards_only, facts)
    program.add(reading_facts(readings))
    program.ground()
    best: list[int] = []
    proven = False

    def on_model(model: clingo.Model) -> None:
        nonlocal best, proven
        best = Reader.shown(model)
        # A model with nothing to optimise (no payable candidate) is the only one.
        proven = model.optimality_proven or not model.cost

    with program.ctl.solve(on_model=on_model, async_=True) as handle:
        # A limit of 0 gives no time at all: without the first test, a subject solved in microseconds
        # could finish before wait(0) looked, and the answer would depend on the machine's load.
        if seconds <= 0 or not handle.wait(seconds):
            handle.cancel()
            raise TimeLimit(subjects, seconds)
        result = handle.get()
    if not result.satisfiable:
        raise SolveError("the encodings have no model for these facts (a defect of jjpolicy; please report it)")
    if not (proven or result.exhausted):
        raise TimeLimit(subjects, seconds)
    return Answer(index, decode(best))
