"""What if one subject's facts were different: the same evaluation before and after a change of facts.

A change is PATH=VALUE, PATH dotted within the subject (`years.2025.industrial_output`,
`events.P1.equipment_purchase`, `kind`); VALUE is read as JSON where it is JSON (numbers, true, "text"),
as text otherwise. The changed facts are validated again, like any input.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from decimal import Decimal

from . import evaluate_facts
from .figures import policy
from .model import InputError, Problem, parse_facts
from .result import SubjectResult
from .words import Words, words


@dataclass(frozen=True)
class WhatIf:
    before: SubjectResult
    after: SubjectResult
    changes: tuple[tuple[str, object], ...]

    @property
    def delta(self) -> Decimal:
        return self.after.total - self.before.total

    def _keys(self, result: SubjectResult) -> set[str]:
        return {a.item for a in result.awards}

    @property
    def gained(self) -> list[str]:
        return sorted(self._keys(self.after) - self._keys(self.before))

    @property
    def lost(self) -> list[str]:
        return sorted(self._keys(self.before) - self._keys(self.after))

    def to_dict(self, lang=None) -> dict:
        w = lang if isinstance(lang, Words) else words(lang or "en")
        return {
            "before": self.before.to_dict(w),
            "after": self.after.to_dict(w),
            "delta": self.delta,
            "gained": self.gained,
            "lost": self.lost,
        }


def parse_value(text: str) -> object:
    try:
        return json.loads(text, parse_float=Decimal)
    except ValueError:
        return text


def apply(subject: dict, path: str, value: object, where: str) -> None:
    """Set PATH in the subject's raw facts; a path to a missing event or field is an error."""
    parts = path.split(".")
    if parts[0] == "events" and len(parts) == 3:
        events = subject.get("events") if isinstance(subject.get("events"), list) else []
        target = next((e for e in events if isinstance(e, dict) and e.get("id") == parts[1]), None)
        if target is None:
            raise InputError([Problem(where, f"no event with id {parts[1]!r} in this subject")])
        key = parts[2]
    elif parts[0] == "years" and len(parts) == 3:
        years = subject.get("years") if isinstance(subject.get("years"), dict) else {}
        target = years.get(parts[1])
        if not isinstance(target, dict):
            raise InputError([Problem(where, f"no years entry {parts[1]!r} in this subject")])
        key = parts[2]
    elif len(parts) == 1 and parts[0] not in ("id", "events", "years", "past_awards", "other_awards"):
        target, key = subject, parts[0]
    else:
        raise InputError([Problem(where, f"{path!r} is not a PATH: use events.ID.FIELD, years.YEAR.FIELD or a subject field")])
    if key not in target and not (target is subject and key == "registered_in_jinjiang"):
        raise InputError([Problem(where, f"{path!r}: the facts have no field {key!r} there to change")])
    target[key] = value


def whatif(data: object, subject_id: str, changes: list[tuple[str, str]]) -> WhatIf:
    known = frozenset(policy().items)
    facts = parse_facts(data, known)
    index = next((i for i, s in enumerate(facts.subjects) if s.id == subject_id), None)
    if index is None:
        raise InputError([Problem("--subject", f"no subject with id {subject_id!r} in the facts")])
    raw = copy.deepcopy(data["subjects"][index])
    parsed = []
    for n, (path, text) in enumerate(changes):
        value = parse_value(text)
        apply(raw, path, value, f"--set[{n}] {path}")
        parsed.append((path, value))
    try:
        changed = parse_facts({"schema": data["schema"], "subjects": [raw]}, known)
    except InputError as exc:
        here = f"subjects[{index}]"
        raise InputError([Problem(here + p.path.removeprefix("subjects[0]"), p.message) for p in exc.problems]) from None
    before = evaluate_facts(type(facts)(subjects=(facts.subjects[index],))).subjects[0]
    after = evaluate_facts(changed).subjects[0]
    return WhatIf(before, after, tuple(parsed))
