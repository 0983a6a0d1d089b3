"""What a reform of the policy's figures does to a portfolio: every subject before and after, the budget.

Both sides are evaluated for their awards alone (evaluate_facts(awards_only=True): the amounts are
the same, the grounds and denials a budget does not read are not computed). A subject is evaluated
again only if it has a candidate (something its facts speak to: SubjectResult.measures) in a measure
whose figures the reform changes; the others keep their result, which the
reform cannot change: the rules of a measure read only its own figures, and subjects never affect each
other (measures.md, Stacking rule 6). tests/test_reform.py checks this against evaluating every subject
again, parameter by parameter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from . import evaluate_facts
from .figures import policy
from .model import Facts, decode_json, parse_facts
from .parameters import Change
from .parameters import reform as reformed_policy
from .result import Result, SubjectResult
from .whatif import AwardChange, award_changes


@dataclass(frozen=True)
class SubjectChange:
    """One subject whose awards moved."""

    id: str
    name: str | None
    before: SubjectResult
    after: SubjectResult
    moved: tuple[AwardChange, ...]

    @property
    def delta(self) -> Decimal:
        return self.after.total - self.before.total

    @property
    def gained(self) -> list[str]:
        return sorted({a.item for a in self.after.awards} - {a.item for a in self.before.awards})

    @property
    def lost(self) -> list[str]:
        return sorted({a.item for a in self.before.awards} - {a.item for a in self.after.awards})

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "before": self.before.total,
            "after": self.after.total,
            "delta": self.delta,
            "gained": self.gained,
            "lost": self.lost,
            "changed": [c.to_dict() for c in self.moved],
        }


@dataclass(frozen=True)
class Row:
    """A line of a breakdown: by measure or by year."""

    key: object
    before: Decimal
    after: Decimal

    @property
    def delta(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class PortfolioWhatIf:
    before: Result
    after: Result
    reform: tuple[Change, ...]
    reevaluated: int  # subjects evaluated again (the others cannot be affected)
    readings: Mapping[str, str] = field(default_factory=dict)  # switched for after

    @property
    def delta(self) -> Decimal:
        return self.after.total - self.before.total

    @cached_property
    def subjects(self) -> list[SubjectChange]:
        """The subjects whose awards moved, in the order of the input."""
        out = []
        for b, a in zip(self.before.subjects, self.after.subjects, strict=True):
            if a is b:
                continue
            moved = award_changes(b, a)
            if moved:
                out.append(SubjectChange(b.id, b.name, b, a, tuple(moved)))
        return out

    @property
    def gainers(self) -> int:
        return sum(1 for s in self.subjects if s.delta > 0)

    @property
    def losers(self) -> int:
        return sum(1 for s in self.subjects if s.delta < 0)

    def largest(self, n: int = 10) -> list[SubjectChange]:
        """The n largest changes by size (|delta|), ties by subject id."""
        return sorted(self.subjects, key=lambda s: (-abs(s.delta), s.id))[:n]

    def _by(self, key) -> dict:
        out: dict = defaultdict(lambda: [Decimal(0), Decimal(0)])
        for side, result in enumerate((self.before, self.after)):
            for s in result.subjects:
                for a in s.awards:
                    out[key(a)][side] += a.amount
        return out

    @property
    def by_measure(self) -> list[Row]:
        """Every measure that pays something before or after, in the order of the text."""
        p = policy()
        sums = self._by(lambda a: a.measure)
        return [Row(m, *sums[m]) for m in p.measures if m in sums]

    @property
    def by_year(self) -> list[Row]:
        sums = self._by(lambda a: a.year)
        return [Row(y, *sums[y]) for y in sorted(sums)]

    def to_dict(self, top: int | None = None) -> dict:
        subjects = self.subjects if top is None else self.largest(top)
        return {
            "schema": "jjpolicy.reform/1",
            "policy": "晉政規〔2025〕5號",
            "reform": [c.to_dict() for c in self.reform],
            **({"readings": dict(sorted(self.readings.items()))} if self.readings else {}),
            "before": {"total": self.before.total},
            "after": {"total": self.after.total},
            "delta": self.delta,
            "subjects_count": len(self.before.subjects),
            "reevaluated": self.reevaluated,
            "gainers": self.gainers,
            "losers": self.losers,
            "by_measure": [{"measure": r.key, "before": r.before, "after": r.after, "delta": r.delta} for r in self.by_measure],
            "by_year": [{"year": r.key, "before": r.before, "after": r.after, "delta": r.delta} for r in self.by_year],
            "subjects": [s.to_dict() for s in subjects],
        }


def reform_facts(
    facts: Facts, params, baseline: Result | None = None, readings: Mapping[str, str] | None = None
) -> PortfolioWhatIf:
    """The portfolio before and after the reform `params` ({NAME: VALUE}, jjpolicy/parameters.py) and the
    readings switched (`readings`, for after only). A reform alone evaluates again only the subjects with
    a fact in a reformed measure; a reading can move any subject, so with one every subject is."""
    reformed, done = reformed_policy(policy(), params)
    reformed = reformed if done else None
    before = baseline if baseline is not None else evaluate_facts(facts, awards_only=True)
    if readings:
        after = evaluate_facts(facts, readings=readings, reformed=reformed, awards_only=True)
        before, after = _moved_in_full(facts, before, after, readings, reformed)
        return PortfolioWhatIf(before, after, tuple(done), len(facts.subjects), dict(readings))
    touched = {c.param.measure for c in done}
    again = [k for k, r in enumerate(before.subjects) if touched.intersection(r.measures)] if done else []
    subjects = list(before.subjects)
    if again:
        redone = evaluate_facts(Facts(tuple(facts.subjects[k] for k in again)), reformed=reformed, awards_only=True)
        for k, r in zip(again, redone.subjects, strict=True):
            subjects[k] = r
    before, after = _moved_in_full(facts, before, Result(tuple(subjects), awards_only=True), readings, reformed)
    return PortfolioWhatIf(before, after, tuple(done), len(again))


def _moved_in_full(facts: Facts, before: Result, after: Result, readings, reformed) -> tuple[Result, Result]:
    """The subjects whose awards moved, evaluated again in full on both sides: the report names the denial
    that replaced a lost award (whatif.award_changes), which an awards-only evaluation does not compute."""
    moved = [
        k for k, (b, a) in enumerate(zip(before.subjects, after.subjects, strict=True)) if a is not b and award_changes(b, a)
    ]
    if not moved:
        return before, after
    some = Facts(tuple(facts.subjects[k] for k in moved))
    sides = []
    for side, full in ((before, evaluate_facts(some)), (after, evaluate_facts(some, readings=readings, reformed=reformed))):
        subjects = list(side.subjects)
        for k, r in zip(moved, full.subjects, strict=True):
            subjects[k] = r
        sides.append(Result(tuple(subjects), awards_only=True))
    return sides[0], sides[1]


def reform(
    data: object, params: Mapping[str, object] | Iterable[tuple[str, object]], readings: Mapping[str, str] | None = None
) -> PortfolioWhatIf:
    """What a reform does to a portfolio: `data` a jjpolicy.facts/1 object or its text, `params`
    {NAME: VALUE} as `jjpolicy measures --format json` lists them. Raises InputError.

        >>> w = jjpolicy.reform(facts, {"2.1/equipment_update.rate": "6%"})
        >>> w.before.total, w.after.total, w.delta, w.gainers, w.losers
        >>> [(r.key, r.delta) for r in w.by_measure]
    """
    if isinstance(data, (str, bytes, bytearray)):
        data = decode_json(data)
    reformed_policy(policy(), params)  # the parameters' problems before the facts are evaluated
    facts = parse_facts(data, frozenset(policy().items))
    return reform_facts(facts, params, readings=readings)


__all__ = ["PortfolioWhatIf", "Row", "SubjectChange", "reform", "reform_facts"]
