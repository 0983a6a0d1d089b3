"""Validated facts -> ASP facts, handed to clingo as symbols (no text is parsed).

No text from the input reaches the program clingo runs: subjects, events and projects become integers
(events numbered in the order of their ids, so that integer order is id order), enumerated values are
checked against their lists before they get here. Money never enters as a number: each figure a rule
needs is compared here, exactly, with the policy's figures read from the encodings, and only the
answers (and values that fit in 32 bits: shares cut at their cap, figures cut at their threshold) are
written. Where a value cannot fit (another policy's payment of 2^31 fen or more) it is written as
digits (see encodings/stacking.lp, the choice); sums that can pass 32 bits are taken in encodings/exact.lp.

A fact is a Python value of the shape of its symbol (terms.Maker): a tuple is a function, its name first
(a constant is a tuple of its name alone), a str a string, an int a number, SUP #sup:
("event", 0, 3, ("equipment_project",), 20250301, 2025) is event(0,3,equipment_project,20250301,2025).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from .figures import Policy, cap_level
from .model import Event, Subject
from .money import to_fen
from .terms import SUP

INT32_MAX = 2**31 - 1


@dataclass
class Index:
    """The integers that stand for a chunk's subjects, events and projects."""

    subjects: list[Subject] = field(default_factory=list)
    events: dict[int, tuple[int, Event]] = field(default_factory=dict)  # E -> (S, event)
    event_ids: dict[tuple[int, str], int] = field(default_factory=dict)  # (S, event id) -> E
    projects: dict[tuple[int, str], int] = field(default_factory=dict)  # (S, project) -> P


def _date(event: Event) -> int:
    d = event.date
    return d.year * 10000 + d.month * 100 + d.day


def _fits(name: str, fen: int) -> int:
    """A figure of the policy written in fen: clingo's integers are 32-bit (a reformed figure is checked
    before it gets here, jjpolicy/parameters.py)."""
    if not 0 <= fen <= INT32_MAX:
        raise ValueError(f"{name}: {fen} fen does not fit in 32 bits")
    return fen


def _cap_key(key: str) -> tuple:
    """A cap's key as the encodings write it: `all`, or `level(N)` (a 4.3 digital level)."""
    level = cap_level(key)
    if level is not None:
        return ("level", level)
    if not key.isidentifier():
        raise ValueError(f"cap key {key!r}: expected all or level(N)")
    return (key,)


def _num(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


class FactWriter:
    def __init__(self, policy: Policy):
        self.policy = policy
        self.by_field: dict[str, list] = {}
        for t in policy.thresholds.values():
            self.by_field.setdefault(t.field, []).append(t)
        self.rates: dict[str, list] = {}
        for item in policy.items.values():
            if item.mode == "percent":
                self.rates.setdefault(item.rate_type, []).append(item)
        self.top_cap = {item.id: max(to_fen(c) for c in item.caps.values()) for t in self.rates.values() for item in t}
        self.cross = {c.item: c for c in policy.cross_checks}
        # The denominator of a percentage item's remainders (share/4 and subsidy_share/4 alike, so that
        # the carry rule can sum them in one group): the rate's, and its cross-check's where it has one.
        self.den = {}
        for group in self.rates.values():
            for item in group:
                check = self.cross.get(item.id)
                self.den[item.id] = math.lcm(item.rate[1], check.rate[1]) if check else item.rate[1]
        self.fen_figures = self._fen_figures()

    def _fen_figures(self) -> list[tuple]:
        out: list[tuple] = []
        for item in self.policy.items.values():
            if item.amount is not None:
                out.append(("amount_fen", item.id, _fits(item.id, to_fen(item.amount))))
            for key, cap in item.caps.items():
                out.append(("cap_fen", item.id, _cap_key(key), _fits(item.id, to_fen(cap))))
            if item.rate is not None:
                num, den = item.rate
                scale = self.den[item.id] // den
                out.append(("rate_frac", item.id, num * scale, den * scale))
        for t in self.policy.thresholds.values():
            if t.summed:
                out.append(("threshold_fen", t.id, _fits(t.id, to_fen(t.value))))
        return out

    def program(self, subjects: list[Subject], first_event: int = 0) -> tuple[list[tuple], Index]:
        index = Index()
        out = list(self.fen_figures)
        e_next = first_event
        p_next = 0
        for s_no, subject in enumerate(subjects):
            index.subjects.append(subject)
            for event in sorted(subject.events, key=lambda e: e.id):
                index.events[e_next] = (s_no, event)
                index.event_ids[(s_no, event.id)] = e_next
                e_next += 1
            projects = sorted(
                {e.project for e in subject.events if e.project is not None}
                | {p.project for p in subject.past_awards if p.project is not None}
            )
            for name in projects:
                index.projects[(s_no, name)] = p_next
                p_next += 1
            self._subject(out, index, s_no, subject)
        return out, index

    def _subject(self, out: list[tuple], index: Index, s: int, subject: Subject) -> None:
        out.append(("subject", s, (subject.kind,)))
        if subject.registered_in_jinjiang:
            out.append(("registered", s))
        for year in subject.years:
            out.append(("yearrec", s, year.year))
            self._fields(out, ("yr", s, year.year), None, year.fields)
        for event in subject.events:
            e = index.event_ids[(s, event.id)]
            out.append(("event", s, e, (event.type,), _date(event), event.date.year))
            if event.renewal:
                out.append(("renewal", e))
            if event.project is not None:
                out.append(("project", e, index.projects[(s, event.project)]))
            self._fields(out, ("ev", e), e, event.fields)
            self._shares(out, e, event)
        for past in subject.past_awards:
            if past.project is None:
                out.append(("past", s, past.item, past.year))
            else:
                out.append(("past", s, past.item, past.year, index.projects[(s, past.project)]))
        self._others(out, index, s, subject)

    @staticmethod
    def _others(out: list[tuple], index: Index, s: int, subject: Subject) -> None:
        """Other policies' payments: the amount where it fits in 32 bits, exact comparisons between the
        payments for one event, and digits of U fen when the subject has one that does not fit."""
        fen = [to_fen(o.amount) for o in subject.other_awards]
        event = [index.event_ids[(s, o.event)] for o in subject.other_awards]
        for k, v in enumerate(fen):
            # A payment past 32 bits is #sup, above every integer: rule 3 finds it larger than any amount of
            # this policy, up to 2^31-1 fen; rule 5 sums it in digits (below).
            out.append(("other", s, event[k], k, v if v <= INT32_MAX else SUP))
        # The more favourable payment is the larger; equal ones are ordered by policy name, then position,
        # so that the one compared does not depend on the order of the input beyond identical entries.
        rank = sorted(range(len(fen)), key=lambda k: (-fen[k], subject.other_awards[k].policy, k))
        for i, k1 in enumerate(rank):
            for k2 in rank[i + 1 :]:
                if event[k1] == event[k2]:
                    out.append(("other_prefer", s, event[k1], k1, k2))
        top = max(fen, default=0)
        if top > INT32_MAX:
            # The smallest power of two that brings the largest payment's high digit within 32 bits.
            unit = 1 << (top // INT32_MAX).bit_length()
            out.append(("wide", s, unit))
            for k, v in enumerate(fen):
                out.append(("other_digits", event[k], k, v // unit, v % unit))

    def _fields(self, out: list[tuple], ref: tuple, e: int | None, fields: dict) -> None:
        """Presence, flags, values and comparisons of one event's or year's fields (a year's fields are
        never text: attr/3 is an event's)."""
        for name, value in sorted(fields.items()):
            key = (name,)
            if isinstance(value, bool):
                if value:
                    out.append(("flag", ref, key))
                continue
            if isinstance(value, str):
                out.append(("attr", e, key, value))
                continue
            # field/2 says a figure is given (a has/2 check, a figure that must be there to be compared):
            # no rule asks it of a flag or a text, so it is written for figures only.
            out.append(("field", ref, key))
            if isinstance(value, int):
                out.append(("num", ref, key, value))
            for t in self.by_field.get(name, ()):
                v = _num(value)
                # Only the comparison the text makes (threshold_test/2): 以上 reaches, 超過 exceeds.
                if v > t.value or (v == t.value and t.test == "reaches"):
                    out.append((t.test, ref, t.id))
                if t.summed:
                    out.append(("clamp", ref, t.id, min(to_fen(v), to_fen(t.value))))
        for r in self.policy.ratios.values():
            num, den = fields.get(r.numerator), fields.get(r.denominator)
            if isinstance(num, Decimal) and isinstance(den, Decimal) and den > 0 and num >= r.value * den:
                out.append(("ratio_reaches", ref, r.id))

    def _shares(self, out: list[tuple], e: int, event: Event) -> None:
        for item in self.rates.get(event.type, ()):
            if item.rate_field not in event.fields:
                continue
            num, den = item.rate
            common = self.den[item.id]
            q, r = divmod(to_fen(event.fields[item.rate_field]) * num * (common // den), common)
            q_cut = min(q, self.top_cap[item.id])
            out.append(("share", e, item.id, q_cut, r))
            check = self.cross.get(item.id)
            if check and check.field in event.fields:
                cn, cd = check.rate
                sq, sr = divmod(to_fen(event.fields[check.field]) * cn * (common // cd), common)
                out.append(("subsidy_share", e, item.id, min(sq, self.top_cap[item.id]), sr))
                if sq != q:
                    out.append(("subsidy_disagrees", e, item.id))
