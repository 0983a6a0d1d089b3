"""What the conditions the encodings checked say: the fact (its JSON path and value), the policy's figure,
met or not, and the reading the check follows. The terms come from the model (check/fail atoms), so the
words follow what was decided. The sentences themselves are made in jjpolicy/words from these messages.
"""

from __future__ import annotations

from decimal import Decimal

from .aspfacts import Index
from .figures import Policy
from .terms import Term, text
from .words import Msg, Q, exact, field_kind, money, number, say  # noqa: F401  (money, number, exact: re-exported)

# The readings that a check of a status held at a date follows (docs/ambiguities.md).
TITLE_READING = "A15"  # 2.1 path B: the title is held on or before the project's date
CENTRE_READING = "A23"  # 2.2 instruments: only purchases made once the centre is held count
YEAR_TOTAL_READING = "A18"  # 2.2 instruments: the year's purchases summed against 100萬元


class Describer:
    def __init__(self, policy: Policy, index: Index):
        self.policy = policy
        self.index = index
        self.year_totals: dict[tuple[str, int], Decimal] = {}
        self.held: dict[str, Term] = {}  # str(check) -> the event that holds its status (held_by/3)

    # ---- references to facts ------------------------------------------------------------------
    def event(self, e: Term):
        return self.index.events[e.number][1]

    def event_id(self, e: Term) -> str:
        return self.event(e).id

    def subject(self, s: Term):
        return self.index.subjects[s.number]

    def ref(self, ref: Term) -> tuple[str, dict]:
        """(JSON path, fields) of ev(E) or yr(S, Y)."""
        if ref.name == "ev":
            ev = self.event(ref.arguments[0])
            return f"events[{ev.id}]", dict(ev.fields)
        s, y = ref.arguments
        subject = self.subject(s)
        for year in subject.years:
            if year.year == y.number:
                return f"years.{y.number}", dict(year.fields)
        return f"years.{y.number}", {}

    def value(self, ref: Term, name: str):
        return self.ref(ref)[1].get(name)

    # ---- one check ----------------------------------------------------------------------------
    def check(self, item: str, check: Term, met: bool) -> Msg:
        name, args = check.name, check.arguments
        state = "met" if met else "not_met"
        if name == "kind":
            return say(f"check.kind.{state}", kind=args[0].name, item=item)
        if name == "registered":
            return say(f"check.registered.{state}")
        if name == "flag":
            path, fields = self.ref(args[0])
            field = args[1].name
            key = "check.flag.met" if met else ("check.flag.not_met" if field in fields else "check.flag.not_given")
            return say(key, path=path, field=field)
        if name == "has":
            path, _ = self.ref(args[0])
            return say(f"check.has.{state}", path=path, field=args[1].name)
        if name in ("reaches", "exceeds"):
            return self._threshold(name, args[0], text(args[1]), met)
        if name == "ratio":
            r = self.policy.ratios[text(args[1])]
            path, fields = self.ref(args[0])
            num, den = fields.get(r.numerator), fields.get(r.denominator)
            share = (num / den) if num is not None and den else say("value.undefined")
            return say(
                f"check.ratio.{state}",
                path=path,
                numerator=r.numerator,
                denominator=r.denominator,
                share=share,
                figure=r.value,
                measure=r.measure,
                note=self._reading(r.id),
            )
        if name == "attr":
            ev = self.event(args[0])
            field, wanted = args[1].name, text(args[2])
            return say(f"check.attr.{state}", event=ev.id, field=field, wanted=wanted, actual=ev.fields.get(field))
        if name == "title_held":
            when = say("when.on_or_before", date=self.event(args[0]).date)
            return self._held(met, "title_held", when, TITLE_READING, self._holder(check, met))
        if name == "centre_held":
            when = say("when.on", date=self.event(args[0]).date)
            return self._held(met, "centre_held", when, CENTRE_READING, self._holder(check, met))
        if name == "year_total":
            t = self.policy.thresholds[text(args[2])]
            year = args[1].number
            total = self.year_totals.get((t.id, year), Decimal(0))
            return say(
                f"check.year_total.{state}",
                (YEAR_TOTAL_READING,),
                year=year,
                total=total,
                figure=Q(t.value, "money"),
                measure=t.measure,
                short=t.value - total,
            )
        if name == "top_jinjiang_unit":
            ev = self.event(args[0])
            return say(f"check.top_jinjiang_unit.{state}", event=ev.id, rank=ev.fields.get("jinjiang_rank"))
        return say(f"check.other.{state}", check=str(check))

    @staticmethod
    def _held(met: bool, what: str, when: Msg, reading: str, by=None) -> Msg:
        """A status held or not at a date; `by` is the event that holds it (the earliest, held_by/3)."""
        if by is None:
            return say(f"check.{what}.{'met' if met else 'not_met'}", (reading,), when=when)
        level = say("held.level", level=by.fields["level"]) if "level" in by.fields else None
        return say(f"check.{what}.met_by", (reading,), when=when, event=by.id, type=by.type, level=level, since=by.date)

    def _holder(self, check: Term, met: bool):
        t = self.held.get(str(check)) if met else None
        return self.event(t) if t is not None else None

    def _reading(self, figure: str) -> Msg | None:
        reading = self.policy.figure_readings.get(figure)
        return say("note.reading", (reading,)) if reading else None

    def _threshold(self, how: str, ref: Term, tid: str, met: bool) -> Msg:
        """reaches (以上, >=) or exceeds (超過, >) the policy's figure `tid`, with what is short."""
        t = self.policy.thresholds[tid]
        path, fields = self.ref(ref)
        value = fields.get(t.field)
        kind = field_kind(t.field)
        shown = Q(value, kind) if value is not None else say("value.not_given")
        parts = dict(path=path, field=t.field, value=shown, figure=Q(t.value, kind), measure=t.measure, note=self._reading(tid))
        if met:
            return say(f"check.{how}.met", **parts)
        gap = None
        if value is not None and how == "reaches":
            gap = say("gap.short", amount=Q(t.value - value, kind))
        elif value is not None:
            step = {"money": Decimal("0.01"), "share": Decimal("0.0001")}.get(kind, Decimal(1))
            gap = say("gap.more", amount=Q(t.value - value + step, kind))
        return say(f"check.{how}.not_met", gap=gap, **parts)
