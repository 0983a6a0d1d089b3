"""Hand the ASP facts to clingo with the encodings, and read back the optimal model.

Subjects never affect each other (measures.md, Stacking rule 6), so a portfolio is solved in chunks, one
fresh Control each: one optimisation over tens of thousands of subjects grows faster than their number,
one Control per subject pays its start-up cost every time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import clingo

from .aspfacts import FactWriter, Index
from .figures import Policy, encoding_paths, encodings_dir, policy
from .model import Subject
from .terms import Term, from_symbol

CHUNK = 200
SOLVER_ARGS = ["--opt-mode=opt", "--opt-strategy=usc", "--warn=none"]


class SolveError(Exception):
    """The encodings found no model or did not finish: a defect of the engine, not of the input."""


@dataclass
class Answer:
    """The shown atoms of a chunk's optimal model, by predicate, with the integers' meaning."""

    index: Index
    atoms: dict[str, list[tuple[Term, ...]]] = field(default_factory=lambda: defaultdict(list))


@lru_cache(maxsize=2)
def _program_text(explain: bool = False) -> str:
    paths = encoding_paths() + ([encodings_dir() / "explain.lp"] if explain else [])
    return "\n".join(path.read_text(encoding="utf-8") for path in paths)


@lru_cache(maxsize=1)
def _writer() -> FactWriter:
    return FactWriter(policy())


def solve_chunk(subjects: list[Subject], explain: bool = False, reformed: Policy | None = None) -> Answer:
    """One Control for these subjects; `explain` also shows every condition checked. `reformed`: a Policy
    with changed figures (jjpolicy/parameters.py) to write the facts with, for this solve only."""
    facts, index = (_writer() if reformed is None else FactWriter(reformed)).program(subjects)
    ctl = clingo.Control(SOLVER_ARGS)
    ctl.add("base", [], _program_text(explain))
    ctl.add("base", [], facts)
    ctl.ground([("base", [])])
    answer = Answer(index)
    best: list[clingo.Symbol] = []
    proven = False

    def on_model(model: clingo.Model) -> None:
        nonlocal best, proven
        best = model.symbols(shown=True)
        # A model with nothing to optimise (no payable candidate) is the only one.
        proven = model.optimality_proven or not model.cost

    result = ctl.solve(on_model=on_model)
    if not result.satisfiable:
        raise SolveError("the encodings have no model for these facts (a defect of jjpolicy; please report it)")
    if not (proven or result.exhausted):
        raise SolveError("the optimisation did not finish")
    for sym in best:
        term = from_symbol(sym)
        answer.atoms[f"{term.name}/{len(term.arguments)}"].append(term.arguments)
    return answer
