"""What if one subject's facts, or the policy's figures, were different: the same evaluation before and after.

Changes to the facts, applied in this order to a copy of the subject:
- drop an event (`--drop-event ID`): the other_awards entries that name it go with it (and are reported);
- add an event (`--add-event JSON`): a JSON object, validated like any event of the input;
- set a field (`--set PATH=VALUE`): PATH dotted within the subject (`years.2025.industrial_output`,
  `events.P1.equipment_purchase`, `kind`). It may change a field, or add an optional field the contract
  allows there (`events.D2.quanzhou_subsidy`) or a year the facts do not have
  (`years.2024.key_industrial_enterprise`). VALUE is read as JSON where it is JSON (numbers, true,
  "text"), as text otherwise.
The changed facts are validated again, like any input. A reform (`--param NAME=VALUE`, see
jjpolicy/parameters.py) applies to the after side: *before* is the subject as it is under the policy as it
is, *after* the changed subject under the reformed policy.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from . import evaluate_facts
from .figures import policy
from .model import EVENT_FIELDS, YEAR_FIELDS, InputError, Problem, decode_json, parse_facts
from .parameters import Change, reform
from .result import Denial, SubjectResult
from .words import Words, words

#: Subject fields a PATH of one part may set (besides those present).
SUBJECT_FIELDS = ("name", "kind", "registered_in_jinjiang")
#: Fields every event may have besides its type's.
EVENT_OPTIONAL = ("renewal", "project")
_YEAR = re.compile(r"[1-9][0-9]{3}\Z")


@dataclass(frozen=True)
class AwardChange:
    """One award that moved: its amount before and after (None: not awarded), and, for an award lost,
    the denial that replaced it (None where no fact speaks to the item any more)."""

    item: str
    year: int
    basis_before: tuple[str, ...]
    basis_after: tuple[str, ...]
    before: Decimal | None
    after: Decimal | None
    denials: tuple[Denial, ...] = ()
    gone: tuple[str, ...] = ()  # events of its basis no longer in the facts (dropped)

    @property
    def basis(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.basis_before) | set(self.basis_after)))

    def to_dict(self, lang: str | Words | None = "en") -> dict:
        w = lang if isinstance(lang, Words) else words(lang)
        return {
            "item": self.item,
            "year": self.year,
            "basis": list(self.basis),
            "before": self.before,
            "after": self.after,
            "denied": [d.to_dict(w) for d in self.denials],
            "dropped_events": list(self.gone),
        }


def award_changes(before: SubjectResult, after: SubjectResult, dropped: Iterable[str] = ()) -> list[AwardChange]:
    """The awards whose amount or presence differs, an award before paired with the one after of the same
    item and year whose basis overlaps it (an aggregated award may gain or lose events). An award lost
    carries the denials of its item, year and events after, and which of its events were `dropped`."""
    dropped = set(dropped)
    left = list(before.awards)
    right = list(after.awards)
    out: list[AwardChange] = []
    for a in left:
        match = next(
            (b for b in right if b.item == a.item and b.year == a.year and (set(a.basis) & set(b.basis) or a.basis == b.basis)),
            None,
        )
        if match is not None:
            right.remove(match)
            if match.amount != a.amount or match.basis != a.basis:
                out.append(AwardChange(a.item, a.year, a.basis, match.basis, a.amount, match.amount))
            continue
        denials = tuple(
            d
            for d in after.denied
            if d.item == a.item and d.year == a.year and (set(d.basis) & set(a.basis) or d.basis == a.basis)
        )
        gone = tuple(e for e in a.basis if e in dropped)
        out.append(AwardChange(a.item, a.year, a.basis, (), a.amount, None, denials, gone))
    for b in right:
        out.append(AwardChange(b.item, b.year, (), b.basis, None, b.amount))
    out.sort(key=lambda c: (c.item, c.year, c.basis))
    return out


def _items(result: SubjectResult) -> set[str]:
    return {a.item for a in result.awards}


@dataclass(frozen=True)
class WhatIf:
    before: SubjectResult
    after: SubjectResult
    changes: tuple[tuple[str, object], ...]  # (PATH, value) of each --set
    added: tuple[str, ...] = ()  # ids of the events added
    dropped: tuple[str, ...] = ()  # ids of the events dropped
    notes: tuple[str, ...] = ()  # what else a change did (other_awards dropped with their event, a year added)
    reform: tuple[Change, ...] = ()
    moved: tuple[AwardChange, ...] = field(default=())

    @property
    def delta(self) -> Decimal:
        return self.after.total - self.before.total

    @property
    def gained(self) -> list[str]:
        return sorted(_items(self.after) - _items(self.before))

    @property
    def lost(self) -> list[str]:
        return sorted(_items(self.before) - _items(self.after))

    def to_dict(self, lang: str | Words | None = "en") -> dict:
        """The contract's JSON shape; the sentences in `lang`."""
        w = lang if isinstance(lang, Words) else words(lang)
        return {
            "before": self.before.to_dict(w),
            "after": self.after.to_dict(w),
            "delta": self.delta,
            "gained": self.gained,
            "lost": self.lost,
            "reform": [c.to_dict() for c in self.reform],
            "set": [{"path": p, "value": v} for p, v in self.changes],
            "added_events": list(self.added),
            "dropped_events": list(self.dropped),
            "notes": list(self.notes),
            "changed": [c.to_dict(w) for c in self.moved],
            "warnings": {"before": [w(x) for x in self.before.warnings], "after": [w(x) for x in self.after.warnings]},
        }


def parse_value(text: str) -> object:
    try:
        return json.loads(text, parse_float=Decimal)
    except ValueError:
        return text


def json_text(value: object) -> str:
    """A value as JSON (false, not False; 4999999.99 exactly)."""
    from .render import to_json

    return to_json(value)


def _no_field(path: str, key: str, what: str, allowed: Iterable[str]) -> InputError:
    allowed = list(allowed)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return InputError([Problem("", f"{path!r}: {what} no field {key!r}{hint}")])


def apply(subject: dict, path: str, value: object, where: str, notes: list[str] | None = None) -> None:
    """Set PATH in the subject's raw facts. A missing event is an error; a missing field is added where the
    contract allows it there (an optional event field, a year field, a year); any other is an error."""
    try:
        _apply(subject, path, value, notes if notes is not None else [])
    except InputError as exc:
        raise InputError([Problem(where, p.message) for p in exc.problems]) from None


def _apply(subject: dict, path: str, value: object, notes: list[str]) -> None:
    parts = path.split(".")
    if parts[0] == "events" and len(parts) >= 3:
        event_id, key = ".".join(parts[1:-1]), parts[-1]
        events = subject.get("events") if isinstance(subject.get("events"), list) else []
        target = next((e for e in events if isinstance(e, dict) and e.get("id") == event_id), None)
        if target is None:
            raise InputError([Problem("", f"no event with id {event_id!r} in this subject")])
        if key not in target:
            spec = EVENT_FIELDS.get(target.get("type"), {})
            allowed = [*EVENT_OPTIONAL, *spec]
            if key not in allowed:
                raise _no_field(path, key, f"events of type {target.get('type')} have", allowed)
        target[key] = value
        return
    if parts[0] == "years" and len(parts) == 3:
        if not isinstance(subject.get("years", {}), dict):
            raise InputError([Problem("", f"{path!r}: the subject's years are not an object")])
        years = subject.setdefault("years", {})
        year, key = parts[1], parts[2]
        if key not in YEAR_FIELDS:
            raise _no_field(path, key, "years have", YEAR_FIELDS)
        if year not in years:
            if not _YEAR.match(year):
                raise InputError([Problem("", f"{path!r}: {year!r} is not a year (4 digits)")])
            years[year] = {}
            notes.append(f"years.{year} added")
        if not isinstance(years[year], dict):
            raise InputError([Problem("", f"{path!r}: years.{year} is not an object")])
        years[year][key] = value
        return
    if len(parts) == 1 and (parts[0] in subject or parts[0] in SUBJECT_FIELDS):
        if parts[0] in ("id", "events", "years", "past_awards", "other_awards"):
            raise InputError(
                [Problem("", f"{path!r} cannot be set: use events.ID.FIELD, years.YEAR.FIELD, --add-event or --drop-event")]
            )
        subject[parts[0]] = value
        return
    if len(parts) == 1:
        raise _no_field(path, parts[0], "subjects have", SUBJECT_FIELDS)
    raise InputError(
        [
            Problem(
                "",
                f"{path!r} is not a PATH: use events.ID.FIELD, years.YEAR.FIELD or a subject field ({', '.join(SUBJECT_FIELDS)})",
            )
        ]
    )


def _pairs(sets) -> list[tuple[str, object]]:
    if isinstance(sets, Mapping):
        sets = list(sets.items())
    out = []
    for s in sets:
        if isinstance(s, str):
            path, sep, text = s.partition("=")
            if not sep or not path.strip():
                raise InputError([Problem("--set", f"expected PATH=VALUE (got {s!r})")])
            out.append((path.strip(), parse_value(text)))
        else:
            path, value = s
            out.append((path, parse_value(value) if isinstance(value, str) else value))
    return out


def whatif(
    data: object,
    subject_id: str,
    sets: Mapping[str, object] | Iterable = (),
    *,
    add_events: Iterable[object] = (),
    drop_events: Iterable[str] = (),
    params: Mapping[str, object] | Iterable[tuple[str, object]] | None = None,
    readings: Mapping[str, str] | None = None,
) -> WhatIf:
    """One subject before and after: `sets` {PATH: VALUE} (or (PATH, VALUE) pairs; a text VALUE is read as
    JSON where it is JSON), `add_events` (objects or JSON text), `drop_events` (ids), `params` a reform
    {NAME: VALUE} (jjpolicy/parameters.py), `readings` switched for after ({"A2": "top_up"}). `data` is a decoded jjpolicy.facts/1 object or its text.
    Raises InputError, each problem at its path (`--set[0] ...`, `--add-event[0].level`, `subjects[3]...`)."""
    if isinstance(data, (str, bytes, bytearray)):
        data = decode_json(data)
    base = policy()
    known = frozenset(base.items)
    reformed, done = reform(base, params)
    facts = parse_facts(data, known)
    index = next((i for i, s in enumerate(facts.subjects) if s.id == subject_id), None)
    if index is None:
        raise InputError([Problem("--subject", f"no subject with id {subject_id!r} in the facts")])
    raw = copy.deepcopy(data["subjects"][index])
    notes: list[str] = []
    events = raw.setdefault("events", [])
    original = list(range(len(events)))  # input index of each event kept

    dropped = []
    for n, event_id in enumerate(drop_events):
        at = next((k for k, e in enumerate(events) if isinstance(e, dict) and e.get("id") == event_id), None)
        if at is None:
            raise InputError([Problem(f"--drop-event[{n}] {event_id}", f"no event with id {event_id!r} in this subject")])
        del events[at]
        del original[at]
        dropped.append(event_id)
        others = raw.get("other_awards")
        if isinstance(others, list):
            gone = [o for o in others if isinstance(o, dict) and o.get("event") == event_id]
            for o in gone:
                notes.append(
                    f"other_awards entry for events[{event_id}] ({o.get('policy')} pays {json_text(o.get('amount'))}) dropped with it"
                )
            raw["other_awards"] = [o for o in others if o not in gone]

    kept = len(events)
    added = []
    for n, item in enumerate(add_events):
        event = decode_json(item) if isinstance(item, (str, bytes, bytearray)) else copy.deepcopy(item)
        if not isinstance(event, dict):
            raise InputError([Problem(f"--add-event[{n}]", "expected a JSON object (an event of the contract)")])
        events.append(event)
        added.append(str(event.get("id")))

    parsed = []
    for n, (path, value) in enumerate(_pairs(sets)):
        apply(raw, path, value, f"--set[{n}] {path}", notes)
        parsed.append((path, value))

    try:
        changed = parse_facts({"schema": data["schema"], "subjects": [raw]}, known)
    except InputError as exc:
        raise InputError([Problem(_where(p.path, index, original, kept), p.message) for p in exc.problems]) from None
    before = evaluate_facts(type(facts)(subjects=(facts.subjects[index],))).subjects[0]
    after = evaluate_facts(changed, readings=readings, reformed=reformed if done else None).subjects[0]
    return WhatIf(
        before,
        after,
        tuple(parsed),
        tuple(added),
        tuple(dropped),
        tuple(notes),
        tuple(done),
        tuple(award_changes(before, after, dropped)),
    )


def _where(path: str, index: int, original: list[int], kept: int) -> str:
    """A problem of the changed subject at the path it has in the user's input: its events by their index
    in the file, an added event as --add-event[k]."""
    m = re.match(r"subjects\[0\]\.events\[(\d+)\](.*)\Z", path)
    if m:
        k = int(m.group(1))
        if k >= kept:
            return f"--add-event[{k - kept}]{m.group(2)}"
        return f"subjects[{index}].events[{original[k]}]{m.group(2)}"
    return f"subjects[{index}]" + path.removeprefix("subjects[0]")


__all__ = ["AwardChange", "WhatIf", "apply", "award_changes", "whatif"]
