"""The model's atoms -> the result: awards with their amounts and grounds, support, denials with reasons.

Amounts are summed here, in Decimal, from the payment parts the encodings chose (each proven to fit in
32 bits); nothing is decided here that the encodings did not decide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal


from .atoms import Award as AwardRecord
from .atoms import (
    Cand,
    CrossedBefore,
    Deny,
    Failed,
    FirstMet,
    HigherFirst,
    GrantedSupport,
    HeldBy,
    OtherKept,
    OtherWins,
    OwnValue,
    Pay,
    StackReason,
    SubsidyBase,
    SummedIn,
    UsedCheck,
)
from .atoms import AwardEvent
from .atoms import Warning as InputWarning
from .describe import Describer, money, text
from .describe import exact as exact_text
from .figures import Policy
from .money import fen_to_yuan, to_fen
from .solve import Answer
from .terms import FUNCTION, Term, order_key

POLICY_NAME = "晉政規〔2025〕5號"

REASON_ORDER = (
    "wrong_subject_kind",
    "not_registered_in_jinjiang",
    "outside_validity",
    "not_first_time",
    "already_awarded",
    "missing_fact",
    "condition_not_met",
    "not_pre_filed",
    "below_threshold",
    "not_top_jinjiang_unit",
    "superseded",
    "basis_used_elsewhere",
    "superseded_by_other_policy",
)


@dataclass(frozen=True)
class Reason:
    code: str
    detail: str


@dataclass(frozen=True)
class Award:
    item: str
    measure: str
    year: int
    amount: Decimal
    basis: tuple[str, ...]
    because: tuple[str, ...]


@dataclass(frozen=True)
class Support:
    item: str
    year: int
    basis: tuple[str, ...]


@dataclass(frozen=True)
class Denial:
    item: str
    year: int
    basis: tuple[str, ...]
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


@dataclass(frozen=True)
class OtherPolicy:
    event: str
    policy: str
    amount: Decimal
    taken: bool
    year: int


@dataclass(frozen=True)
class SubjectResult:
    id: str
    name: str | None
    awards: tuple[Award, ...]
    support: tuple[Support, ...]
    denied: tuple[Denial, ...]
    other_policy: tuple[OtherPolicy, ...]
    warnings: tuple[str, ...]

    @property
    def total(self) -> Decimal:
        return sum((a.amount for a in self.awards), Decimal(0))

    def award_covering(self, item: str, year: int, basis: tuple[str, ...]) -> Award | None:
        """The award of this item and year whose basis includes these events (an aggregated award's
        basis is all its events)."""
        return next((a for a in self.awards if a.item == item and a.year == year and set(basis) <= set(a.basis)), None)

    def denial(self, item: str, year: int, basis: tuple[str, ...]) -> Denial | None:
        return next((d for d in self.denied if d.item == item and d.year == year and d.basis == basis), None)

    def for_year(self, year: int | None) -> "SubjectResult":
        if year is None:
            return self
        return SubjectResult(
            self.id,
            self.name,
            tuple(a for a in self.awards if a.year == year),
            tuple(s for s in self.support if s.year == year),
            tuple(d for d in self.denied if d.year == year),
            tuple(o for o in self.other_policy if o.year == year),
            self.warnings,
        )

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "total": self.total,
            "awards": [
                {
                    "item": a.item,
                    "measure": a.measure,
                    "year": a.year,
                    "amount": a.amount,
                    "basis": list(a.basis),
                    "because": list(a.because),
                }
                for a in self.awards
            ],
            "support": [{"item": s.item, "year": s.year, "basis": list(s.basis)} for s in self.support],
            "denied": [
                {
                    "item": d.item,
                    "year": d.year,
                    "basis": list(d.basis),
                    "reasons": [{"code": r.code, "detail": r.detail} for r in d.reasons],
                }
                for d in self.denied
            ],
            "other_policy": [
                {"event": o.event, "policy": o.policy, "amount": o.amount, "taken": o.taken}
                for o in self.other_policy
            ],
        }


@dataclass(frozen=True)
class Result:
    subjects: tuple[SubjectResult, ...]
    year: int | None = None
    readings: Mapping[str, str] = field(default_factory=dict)  # readings switched from their default

    @property
    def total(self) -> Decimal:
        return sum((s.total for s in self.subjects), Decimal(0))

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(f"{s.id}: {w}" for s in self.subjects for w in s.warnings)

    def subject(self, subject_id: str) -> SubjectResult:
        for s in self.subjects:
            if s.id == subject_id:
                return s
        raise KeyError(subject_id)

    def for_year(self, year: int | None) -> "Result":
        return Result(tuple(s.for_year(year) for s in self.subjects), year, self.readings)

    def to_dict(self) -> dict:
        return {
            "schema": "jjpolicy.result/1",
            "policy": POLICY_NAME,
            **({"readings": dict(sorted(self.readings.items()))} if self.readings else {}),
            "total": self.total,
            "warnings": list(self.warnings),
            "subjects": [s.to_dict() for s in self.subjects],
        }


def _key(sym: Term) -> str:
    """A term's identity, for dictionaries; never for order (see terms.order_key)."""
    return str(sym)


CHECK_ORDER = ("kind", "registered", "flag", "has", "title_held", "centre_held", "top_jinjiang_unit", "exceeds", "reaches", "ratio", "year_total")


def check_order(check: Term) -> tuple:
    rank = CHECK_ORDER.index(check.name) if check.name in CHECK_ORDER else len(CHECK_ORDER)
    return rank, order_key(check)


class Builder:
    """Reads one chunk's answer into SubjectResults."""

    def __init__(self, policy: Policy, answer: Answer):
        self.policy = policy
        self.answer = answer
        self.index = answer.index
        self.say = Describer(policy, answer.index)
        self.own_values = {(r.subject, _key(r.cand)): r.fen for s in answer.shown.values() for r in s[OwnValue]}
        self.say.held = {_key(r.check): Term.num(r.event) for s in answer.shown.values() for r in s[HeldBy]}
        self.current = 0  # the subject being read
        self.grouped: set[tuple[str, int]] = set()  # its aggregated awards (item, year)

    def subjects(self) -> list[SubjectResult]:
        return [self._subject(s_no, subject) for s_no, subject in enumerate(self.index.subjects)]

    # ---- helpers ------------------------------------------------------------------------------
    def basis_of(self, cand: Term) -> tuple[str, ...]:
        x = cand.arguments[2]
        if x.kind == FUNCTION and x.name == "ev":
            return (self.say.event_id(x.arguments[0]),)
        return ()

    def _cand_words(self, cand: Term) -> str:
        item = text(cand.arguments[0])
        basis = self.basis_of(cand)
        where = f" on {', '.join(basis)}" if basis else f" for {cand.arguments[1].number}"
        return f"{item}{where}"

    # ---- one subject --------------------------------------------------------------------------
    def _subject(self, s_no: int, subject) -> SubjectResult:
        atoms = self.answer.of(s_no)
        self.current = s_no
        self.say.year_totals = self._year_totals(atoms)
        cands = sorted({r.cand for r in atoms[Cand]}, key=order_key)
        deny = defaultdict(set)
        for r in atoms[Deny]:
            deny[_key(r.cand)].add(r.code)
        failed = defaultdict(list)
        for r in atoms[Failed]:
            failed[(_key(r.cand), r.code)].append(r.check)
        oks = defaultdict(list)
        for r in atoms[UsedCheck]:
            oks[_key(r.cand)].append(r.check)
        stack = defaultdict(list)
        for r in atoms[StackReason]:
            stack[_key(r.cand)].append((r.code, r.winner))
        supports = {_key(r.cand) for r in atoms[GrantedSupport]}
        wins = {_key(r.cand): r.other for r in atoms[OtherWins]}
        earlier = {_key(r.cand): Term.num(r.event) for r in atoms[FirstMet]}
        higher = {_key(r.cand): Term.num(r.event) for r in atoms[HigherFirst]}
        crossed = defaultdict(list)
        for r in atoms[CrossedBefore]:
            crossed[_key(r.cand)].append(r.year)

        order = lambda r: (r.item, r.year, r.basis)  # noqa: E731
        awards = sorted(self._awards(atoms, oks), key=order)
        paid = SubjectResult(subject.id, subject.name, tuple(awards), (), (), (), ())
        self.grouped = {(r.item, r.year) for r in atoms[AwardRecord] if r.key.name == "g"}

        support, denied = [], []
        for cand in cands:
            k = _key(cand)
            item, year = text(cand.arguments[0]), cand.arguments[1].number
            basis = self.basis_of(cand)
            if k in supports:
                support.append(Support(item, year, basis))
                continue
            reasons = []
            for code in sorted(deny[k], key=REASON_ORDER.index):
                reasons.append(Reason(code, self._deny_detail(subject, cand, code, failed[(k, code)], earlier.get(k), crossed[k], higher.get(k))))
            if not reasons:
                for code, winner in sorted(stack[k], key=lambda r: (REASON_ORDER.index(r[0]), order_key(r[1]))):
                    if any(r.code == code for r in reasons):
                        continue
                    reasons.append(Reason(code, self._stack_detail(subject, cand, code, winner, wins, paid)))
            if reasons:
                denied.append(Denial(item, year, basis, tuple(reasons)))

        others = []
        kept = {r.other for r in atoms[OtherKept]}
        for k_no, other in enumerate(subject.other_awards):
            ev = next(e for e in subject.events if e.id == other.event)
            others.append(OtherPolicy(other.event, other.policy, other.amount, k_no in kept, ev.date.year))

        warnings = []
        for w in (r.what for r in atoms[InputWarning]):
            if w.name == "subsidy_disagrees":
                ev = self.say.event(w.arguments[0])
                item = self.policy.items[text(w.arguments[1])]
                check = next(c for c in self.policy.cross_checks if c.item == item.id)
                num, den = item.rate
                cn, cd = check.rate
                base = ev.fields[item.rate_field]
                sub = ev.fields[check.field]
                warnings.append(
                    f"events[{ev.id}]: {item.id} computed from {item.rate_field} "
                    f"({num * 100 // den}% of {money(base)} = {money(fen_to_yuan(to_fen(base) * num // den))}); "
                    f"quanzhou_subsidy {money(sub)} x {cn * 100 // cd}% = {money(fen_to_yuan(to_fen(sub) * cn // cd))} "
                    f"disagrees (reading A13)"
                )

        return SubjectResult(
            subject.id,
            subject.name,
            tuple(awards),
            tuple(sorted(set(support), key=order)),
            tuple(sorted(denied, key=order)),
            tuple(sorted(others, key=lambda o: (o.event, o.policy, o.amount, o.taken))),
            tuple(sorted(set(warnings))),
        )

    def _year_totals(self, atoms) -> dict[tuple[str, int], Decimal]:
        """The sums the encodings held against a summed figure (2.2 instruments), by figure and year."""
        totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        for r in atoms[SummedIn]:
            figure = self.policy.thresholds[r.figure]
            ev = self.say.event(r.cand.arguments[2].arguments[0])
            totals[(figure.id, ev.date.year)] += ev.fields[figure.field]
        return totals

    def _awards(self, atoms, oks) -> list[Award]:
        parts = defaultdict(int)
        for r in atoms[Pay]:
            parts[_key(r.key)] += r.fen
        events = defaultdict(list)
        for r in atoms[AwardEvent]:
            events[_key(r.key)].append(Term.num(r.event))
        out = []
        for a in atoms[AwardRecord]:
            item = self.policy.items[a.item]
            k = _key(a.key)
            if a.key.name == "c":
                members = [a.key]
            else:
                members = [Term.func("c", [a.key.arguments[0], a.key.arguments[1], Term.func("ev", [e])]) for e in events[k]]
            because = []
            for m in sorted(members, key=order_key):
                for x in sorted(oks[_key(m)], key=check_order):
                    because.append(self.say.check(item.id, x, True))
            amount = fen_to_yuan(parts[k])
            if item.mode == "percent":
                by_subsidy = {r.event for r in atoms[SubsidyBase] if r.item == item.id}
                because.append(self._arithmetic(item, events[k], amount, by_subsidy))
            basis = tuple(sorted(self.say.event_id(e) for e in events[k]))
            out.append(Award(item.id, item.measure, a.year, amount, basis, tuple(dict.fromkeys(because))))
        return out

    def _arithmetic(self, item, events, paid: Decimal, by_subsidy: set[int]) -> str:
        """rate x base, summed by base: the item's rate field, and Quanzhou's approved subsidy at its own
        rate where reading A13 takes that (by_subsidy: the events)."""
        check = next((c for c in self.policy.cross_checks if c.item == item.id), None)
        terms: dict[tuple[int, int, str], Decimal] = {}
        for e in events:
            ev = self.say.event(e)
            num, den, name = (*check.rate, check.field) if e.number in by_subsidy else (*item.rate, item.rate_field)
            terms[(num, den, name)] = terms.get((num, den, name), Decimal(0)) + ev.fields[name]
        exact = sum((base * num / den for (num, den, _), base in terms.items()), Decimal(0))
        floored = fen_to_yuan(to_fen(exact.quantize(Decimal("0.01"), rounding="ROUND_FLOOR")))
        named = len(terms) > 1 or by_subsidy
        said = " + ".join(
            f"{num * 100 // den}% x {money(base)}" + (f" ({name})" if named else "") for (num, den, name), base in sorted(terms.items())
        )
        caps = ", ".join(f"{money(v)}" + ("" if k == "all" else f" at {k}") for k, v in sorted(item.caps.items()))
        reading = " (reading A13: Quanzhou's approved subsidy)" if by_subsidy else ""
        return (
            f"{said} = {exact_text(exact)}, rounded down to the fen {money(floored)}; "
            f"cap {caps}; paid {money(paid)}{reading}"
        )

    def _deny_detail(self, subject, cand, code, failed, earlier, crossed, higher=None) -> str:
        item = text(cand.arguments[0])
        if failed:
            return "; ".join(dict.fromkeys(self.say.check(item, x, False) for x in sorted(failed, key=check_order)))
        x = cand.arguments[2]
        ev = self.say.event(x.arguments[0]) if x.kind == FUNCTION and x.name == "ev" else None
        if code == "outside_validity" and ev is not None and self.policy.validity[0] <= ev.date < self.policy.in_force:
            return f"events[{ev.id}] is dated {ev.date}, before the policy came into force on {self.policy.in_force} (reading A17: excluded)"
        if code == "outside_validity" and ev is not None:
            return (
                f"events[{ev.id}] is dated {ev.date}, outside {self.policy.window} "
                f"(the policy's window, 參照執行 from {self.policy.validity[0]})"
            )
        if code == "not_first_time":
            if ev is not None and ev.renewal:
                return f"events[{ev.id}] is a renewal or re-review (復審), not a first award"
            if earlier is not None:
                first = self.say.event(earlier)
                return f"events[{first.id}] ({first.date}) already met {item} first: it is paid once (reading A19)"
            if higher is not None:
                first = self.say.event(higher)
                return f"events[{first.id}] ({first.date}) reached a higher level of this family first (reading A20: blocked)"
            if crossed:
                return f"the figure already exceeded this tier in {min(crossed)}: 首次超過 is a first time only (reading A4)"
        if code == "already_awarded":
            years = sorted(p.year for p in subject.past_awards if p.item == item)
            return f"past_awards lists {item} ({', '.join(map(str, years))})"
        return code

    def _stack_detail(self, subject, cand, code, winner, wins, paid: SubjectResult) -> str:
        mine = self.alone(cand)
        if code == "superseded_by_other_policy":
            other = subject.other_awards[wins[_key(cand)]]
            return (
                f"{other.policy} pays {money(other.amount)} for events[{other.event}], "
                f"{money(other.amount - mine)} more than this item's {money(mine)}: "
                "the more favourable is taken, not both (stacking rule 3, 從優)"
            )
        who = self._cand_words(winner)
        brings = self._paid_amount(subject, winner, wins, paid)
        versus = f" ({brings} against this item's {money(mine)})" if brings else ""
        if code == "superseded":
            return (
                f"{who} is paid in this family and year{versus}: only one level or tier "
                "(stacking rule 1, 就高不重復, reading A3)"
            )
        return f"the same basis is paid under {who}{versus}{self._capped_note(cand, paid)} (stacking rule 2, one basis one award)"

    def _paid_amount(self, subject, cand, wins, paid: SubjectResult) -> str | None:
        """What the winning candidate brings: its award, or the other policy's payment that holds the slot."""
        if _key(cand) in wins:
            other = subject.other_awards[wins[_key(cand)]]
            return f"{money(other.amount)} paid by {other.policy}"
        award = paid.award_covering(text(cand.arguments[0]), cand.arguments[1].number, self.basis_of(cand))
        return money(award.amount) if award else None

    def _capped_note(self, cand, paid: SubjectResult) -> str:
        """Where an aggregated award reached its cap without this event, the event would add nothing."""
        item, year = text(cand.arguments[0]), cand.arguments[1].number
        if (item, year) not in self.grouped:
            return ""  # paid per event: its cap says nothing about this event's own award
        caps = self.policy.items[item].caps
        award = paid.award_covering(item, year, ())
        if award and caps and award.amount >= max(caps.values()):
            return f"; {item} of {year} is at its cap of {money(award.amount)} without this event"
        return ""

    def alone(self, cand) -> Decimal:
        """The item's amount for its event alone, as the encodings computed it (own_alone/3): shown for
        every eligible monetary candidate; a support item or an ineligible candidate has none."""
        return fen_to_yuan(self.own_values[(self.current, _key(cand))])
