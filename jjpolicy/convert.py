"""Facts back to the contract's JSON: for `jjpolicy convert` between .json, .jsonl and .xlsx.

A validated :class:`Subject` is written as the ``jjpolicy.facts/1`` object it stands for: money as exact
numbers, dates as YYYY-MM-DD, defaults left out (``renewal`` when false, absent optional fields), the
subject's ``registered_in_jinjiang`` always. Parsing the output gives the same facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from .model import SCHEMA, Subject
from .render import to_json

__all__ = ["subject_to_dict", "write_json", "write_jsonl"]


def subject_to_dict(s: Subject) -> dict:
    out: dict = {"id": s.id}
    if s.name is not None:
        out["name"] = s.name
    out["kind"] = s.kind
    out["registered_in_jinjiang"] = s.registered_in_jinjiang
    if s.years:
        out["years"] = {str(y.year): dict(y.fields) for y in s.years}
    if s.events:
        events = []
        for e in s.events:
            ev: dict = {"id": e.id, "type": e.type, "date": e.date.isoformat()}
            if e.renewal:
                ev["renewal"] = True
            if e.project is not None:
                ev["project"] = e.project
            ev.update(e.fields)
            events.append(ev)
        out["events"] = events
    if s.past_awards:
        out["past_awards"] = [
            {"item": p.item, "year": p.year, **({"project": p.project} if p.project is not None else {})} for p in s.past_awards
        ]
    if s.other_awards:
        out["other_awards"] = [{"event": o.event, "policy": o.policy, "amount": o.amount} for o in s.other_awards]
    return out


def write_json(subjects: Iterable[Subject], out: IO[str]) -> int:
    """A ``jjpolicy.facts/1`` document, one subject a line; return how many."""
    out.write('{"schema": ' + to_json(SCHEMA) + ', "subjects": [')
    n = 0
    for s in subjects:
        out.write(("," if n else "") + "\n  " + to_json(subject_to_dict(s)))
        n += 1
    out.write("\n]}\n" if n else "]}\n")
    return n


def write_jsonl(subjects: Iterable[Subject], out: IO[str]) -> int:
    """One subject object a line; return how many."""
    n = 0
    for s in subjects:
        out.write(to_json(subject_to_dict(s)) + "\n")
        n += 1
    return n
