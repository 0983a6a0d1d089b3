"""The space `jjpolicy check` searches: small subjects generated from the contract's vocabulary and the
policy's own figures, evaluated by jjpolicy's own engine in batches.

Nothing here knows a measure. The vocabulary is the contract's (jjpolicy/model/fields.py: the subject kinds,
every event type with its fields and their values, the year fields); the figures are the policy's
(jjpolicy/figures.py: thresholds, rates, caps, read from the encodings). A number field is tried below,
at and above every threshold on it (a fen or one unit apart) and just below and at the point where each
cap of a percentage item on it binds; an enumerated field takes every value; a flag is true. Subjects
are built from one event of a type with its fields, and a context: nothing, the years (every year field
past every threshold), status events (one event of every type dated the year before the window: they
earn nothing but hold titles and centres), or both. Every generated subject is validated as input first;
one the contract refuses is dropped, never evaluated.

A batch is one call of the engine (`evaluate_facts`), the subjects numbered g0, g1, ...: a subject's
result depends on its own facts alone (contract.md, Order and ties), so batching changes nothing.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from .figures import Policy
from .model import EVENT_FIELDS, SCHEMA, SUBJECT_KINDS, YEAR_FIELDS, InputError, parse_facts
from .model.checks import check as check_value
from .money import fen_to_yuan, to_fen
from .result import SubjectResult

CENT = Decimal("0.01")
MAIN = "E1"  # the id of a generated subject's own event; context events are S1, S2 ...


def accepts(checker, value) -> bool:
    try:
        checker(value)
        return True
    except Exception:
        return False


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    values: tuple  # the enum's values, or the number grid
    required: bool
    checker: object


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def binding_base(cap: Decimal, rate: tuple[int, int]) -> Decimal:
    """The smallest base (to the fen) whose share, rounded down to the fen, reaches the cap."""
    num, den = rate
    return fen_to_yuan(ceil_div(to_fen(cap) * den, num))


def round_above(x: Decimal) -> Decimal:
    """The smallest 1, 2 or 5 times a power of ten that is greater than x (x >= 0)."""
    k = -2
    while True:
        for d in (1, 2, 5):
            v = Decimal(d).scaleb(k)
            if v > x:
                return v.normalize() if k < 0 else Decimal(int(v))
        k += 1


def share(base: Decimal, rate: tuple[int, int]) -> Decimal:
    """rate x base rounded down to the fen (the contract's rule), uncapped."""
    num, den = rate
    return fen_to_yuan(to_fen(base) * num // den)


class Space:
    """The vocabulary, the number grids and the builders of subjects, for one policy."""

    def __init__(self, p: Policy):
        self.p = p
        self.known = frozenset(p.items)
        self.first, self.last = p.validity[0].year, p.validity[1].year
        self.before = self.first - 1
        self.kinds = SUBJECT_KINDS
        self._valid_events: dict = {}
        self.types = tuple(EVENT_FIELDS)
        self.year_fields = {name: self._field(mf, None) for name, mf in YEAR_FIELDS.items()}
        self.fields: dict[str, tuple[Field, ...]] = {
            etype: tuple(self._field(mf, etype) for mf in spec.values()) for etype, spec in EVENT_FIELDS.items()
        }

    def _field(self, mf, etype: str | None) -> Field:
        """A field of the contract's tables (jjpolicy/model/fields.py) with the values the search tries."""
        checker = partial(check_value, mf)
        if mf.kind == "enum":
            values = tuple(mf.values)
        elif mf.kind == "bool":
            values = (True, False)
        else:
            values = self._grid(mf.name, mf.kind, checker, etype)
        return Field(mf.name, mf.kind, values, mf.required, checker)

    # ---- numbers --------------------------------------------------------------------------------
    def thresholds_on(self, name: str):
        return sorted((t for t in self.p.thresholds.values() if t.field == name), key=lambda t: (t.value, t.id))

    def rated(self, etype: str | None, name: str):
        """Percentage items whose base is this field (of this event type)."""
        return sorted(
            (
                i
                for i in self.p.items.values()
                if i.mode == "percent" and i.rate_field == name and (etype is None or i.rate_type == etype)
            ),
            key=lambda i: i.id,
        )

    def _grid(self, name: str, kind: str, checker, etype: str | None) -> tuple:
        step = Decimal(1) if kind == "int" else CENT
        points = {Decimal(0)}
        for t in self.thresholds_on(name):
            points |= {t.value - step, t.value, t.value + step}
        for item in self.rated(etype, name):
            for cap in item.caps.values():
                b = binding_base(cap, item.rate)
                points |= {b - CENT, b}
        if kind == "int":
            # a level a cap is keyed by (4.3: level(N)) is a value of the event's level field
            for item in self.p.items.values():
                if item.rate_type == etype:
                    for key in item.caps:
                        if key.startswith("level("):
                            n = Decimal(key[6:-1])
                            points |= {n - 1, n, n + 1}
            if len(points) == 1:
                points |= {Decimal(1), Decimal(2)}
        out = []
        for v in sorted(points):
            value = int(v) if kind == "int" else v
            if kind == "share" and not (0 <= v <= 1):
                continue
            if accepts(checker, value):
                out.append(value)
        return tuple(out)

    def high(self, f: Field):
        """A round value of a number field past every figure on it (what a base subject carries)."""
        if f.kind == "int":
            has_threshold = bool(self.thresholds_on(f.name)) or len(f.values) > 2
            if not has_threshold:
                return min(v for v in f.values if v >= 1)  # a rank: 1 is the best
            value = int(round_above(Decimal(max(f.values))))
            return value if accepts(f.checker, value) else max(f.values)
        value = round_above(max(f.values))
        return value if accepts(f.checker, value) else max(f.values)

    # ---- events and years -----------------------------------------------------------------------
    def field(self, etype: str, name: str) -> Field:
        return next(f for f in self.fields[etype] if f.name == name)

    def combos(self, etype: str) -> list[dict]:
        """Every combination of the enumerated fields, flags true, numbers high; optional fields left out,
        then each optional flag set true once."""
        fields = self.fields[etype]
        enums = [f for f in fields if f.kind == "enum" and f.required]
        base = {}
        for f in fields:
            if f.required and f.kind == "bool":
                base[f.name] = True
            elif f.required and f.kind != "enum":
                base[f.name] = self.high(f)
        out = []
        for values in itertools.product(*(f.values for f in enums)):
            combo = dict(base)
            combo.update({f.name: v for f, v in zip(enums, values, strict=True)})
            variants = [combo]
            for f in fields:
                if not f.required and f.kind == "bool":
                    variants.append(dict(combo, **{f.name: True}))
            for v in variants:
                # an optional number the contract requires in some combinations (a local standard's rank)
                ranked = dict(v, **{f.name: self.high(f) for f in fields if not f.required and f.kind == "int"})
                out += [c for c in ([v, ranked] if ranked != v else [v]) if self.valid_event(etype, c)]
        return out

    def valid_event(self, etype: str, fields: dict) -> bool:
        key = (etype, tuple(sorted(fields.items())))
        if key not in self._valid_events:
            self._valid_events[key] = self.valid(self.subject(self.kinds[0], [self.event(etype, fields)]))
        return self._valid_events[key]

    def event(
        self,
        etype: str,
        fields: dict,
        year: int | None = None,
        eid: str = MAIN,
        project: str | None = None,
        date: str | None = None,
    ) -> dict:
        ev = {"id": eid, "type": etype, "date": date or f"{year if year is not None else self.first}-07-01"}
        if project is not None:
            ev["project"] = project
        ev.update(fields)
        return ev

    def high_year(self) -> dict:
        out = {}
        for name, f in self.year_fields.items():
            out[name] = True if f.kind == "bool" else self.high(f)
        return out

    def years_context(self) -> dict:
        return {str(self.before): self.high_year(), str(self.first): self.high_year()}

    def status_context(self) -> list[dict]:
        """One event of every type, first combination, dated the year before the window."""
        return [self.event(t, self.combos(t)[0], self.before, eid=f"S{n + 1}") for n, t in enumerate(self.types)]

    def subject(
        self, kind: str, events: list[dict], years: dict | None = None, other_awards=None, sid: str = "W", registered: bool = True
    ) -> dict:
        s = {"id": sid, "kind": kind}
        if not registered:
            s["registered_in_jinjiang"] = False
        if years:
            s["years"] = copy.deepcopy(years)
        s["events"] = copy.deepcopy(events)
        if other_awards:
            s["other_awards"] = copy.deepcopy(other_awards)
        return s

    def valid(self, subject: dict) -> bool:
        try:
            parse_facts({"schema": SCHEMA, "subjects": [subject]}, self.known)
            return True
        except InputError:
            return False


class Evaluator:
    """Batches of generated subjects through the engine; counts what it evaluated."""

    def __init__(self, space: Space, evaluate):
        self.space = space
        self.evaluate = evaluate  # facts -> Result (jjpolicy.evaluate_facts, or a reformed one)
        self.subjects = 0
        self.batches = 0

    def run(self, subjects: list[dict]) -> list[SubjectResult]:
        if not subjects:
            return []
        docs = []
        for n, s in enumerate(subjects):
            d = dict(s)
            d["id"] = f"g{n}"
            docs.append(d)
        facts = parse_facts({"schema": SCHEMA, "subjects": docs}, self.space.known)
        self.subjects += len(docs)
        self.batches += 1
        return list(self.evaluate(facts).subjects)


# ---- reading a result -------------------------------------------------------------------------------
def granted(r: SubjectResult) -> set[str]:
    return {a.item for a in r.awards} | {s.item for s in r.support}


def paid(r: SubjectResult, item: str | None = None, year: int | None = None) -> Decimal:
    return sum(
        (a.amount for a in r.awards if (item is None or a.item == item) and (year is None or a.year == year)),
        Decimal(0),
    )


def received(r: SubjectResult) -> Decimal:
    """This policy's total and the other policies' payments taken."""
    return r.total + sum((o.amount for o in r.other_policy if o.taken), Decimal(0))


def denied_items(r: SubjectResult) -> set[str]:
    return {d.item for d in r.denied}
