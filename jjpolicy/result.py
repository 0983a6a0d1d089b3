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
    AwardEvent,
    Cand,
    CrossedBefore,
    DayFirst,
    Deny,
    Failed,
    FirstMet,
    GrantedSupport,
    HeldBy,
    HigherFirst,
    OtherKept,
    OtherWins,
    OwnValue,
    Pay,
    SpeaksTo,
    StackReason,
    SubsidyBase,
    SummedIn,
    UsedCheck,
)
from .atoms import Warning as InputWarning
from .describe import Describer
from .figures import POLICY_NAME, Policy, cap_level, percent_text
from .money import fen_to_yuan, to_fen
from .solve import Answer
from .terms import FUNCTION, Term, order_key, text
from .words import Msg, Words, readings_of, say, words

__all__ = [
    "POLICY_NAME",
    "REASON_ORDER",
    "CHECK_ORDER",
    "Reason",
    "Award",
    "Support",
    "Denial",
    "OtherPolicy",
    "SubjectResult",
    "Result",
    "Builder",
]

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
    """Why an item is not granted: its code (contract.md), what to say (a message, its text in any
    language from jjpolicy.words), and the readings of docs/ambiguities.md that the reason rests on."""

    code: str
    detail: Msg
    readings: tuple[str, ...] = ()

    @staticmethod
    def of(code: str, detail: Msg) -> Reason:
        """A reason whose readings are those its detail states."""
        return Reason(code, detail, readings_of(detail))


@dataclass(frozen=True)
class Award:
    item: str
    measure: str
    year: int
    amount: Decimal
    basis: tuple[str, ...]
    because: tuple[Msg, ...]  # the conditions met, then a percentage's arithmetic


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

    def to_dict(self, w: Words) -> dict:
        return {
            "item": self.item,
            "year": self.year,
            "basis": list(self.basis),
            "reasons": [{"code": r.code, "detail": w(r.detail)} for r in self.reasons],
        }


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
    warnings: tuple[Msg, ...]
    measures: tuple[str, ...] = ()  # the measures its facts speak to (a candidate of theirs), in the text's order

    @property
    def total(self) -> Decimal:
        return sum((a.amount for a in self.awards), Decimal(0))

    @property
    def labelled_warnings(self) -> tuple[Msg, ...]:
        """Its warnings as a portfolio's JSON states them, each with the subject's id."""
        return tuple(say("warning.of_subject", subject=self.id, warning=w) for w in self.warnings)

    def award_covering(self, item: str, year: int, basis: tuple[str, ...]) -> Award | None:
        """The award of this item and year whose basis includes these events (an aggregated award's
        basis is all its events)."""
        return next((a for a in self.awards if a.item == item and a.year == year and set(basis) <= set(a.basis)), None)

    def denial(self, item: str, year: int, basis: tuple[str, ...]) -> Denial | None:
        return next((d for d in self.denied if d.item == item and d.year == year and d.basis == basis), None)

    def for_year(self, year: int | None) -> SubjectResult:
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
            self.measures,
        )

    def to_dict(self, lang: str | Words | None = "en", awards_only: bool = False) -> dict:
        """The contract's JSON shape; the sentences in `lang` (a language code, or Words). `awards_only`:
        the shape of an awards-only evaluation (no `because`, no `denied`: they were not computed)."""
        w = lang if isinstance(lang, Words) else words(lang)
        awards = []
        for a in self.awards:
            award = {"item": a.item, "measure": a.measure, "year": a.year, "amount": a.amount, "basis": list(a.basis)}
            if not awards_only:
                award["because"] = [w(b) for b in a.because]
            awards.append(award)
        out = {
            "id": self.id,
            "total": self.total,
            "awards": awards,
            "support": [{"item": s.item, "year": s.year, "basis": list(s.basis)} for s in self.support],
            "denied": [d.to_dict(w) for d in self.denied],
            "other_policy": [
                {"event": o.event, "policy": o.policy, "amount": o.amount, "taken": o.taken} for o in self.other_policy
            ],
        }
        if awards_only:
            del out["denied"]
        return out


@dataclass(frozen=True)
class Result:
    subjects: tuple[SubjectResult, ...]
    year: int | None = None
    readings: Mapping[str, str] = field(default_factory=dict)  # readings switched from their default
    awards_only: bool = False  # evaluated for the awards alone (no grounds, no denials: Builder.awards)

    @property
    def total(self) -> Decimal:
        return sum((s.total for s in self.subjects), Decimal(0))

    @property
    def warnings(self) -> tuple[Msg, ...]:
        return tuple(w for s in self.subjects for w in s.labelled_warnings)

    def _tally(self, key) -> tuple[dict, dict]:
        """Number and amount of this policy's awards by key(award)."""
        count: dict = defaultdict(int)
        total: dict = defaultdict(Decimal)
        for s in self.subjects:
            for a in s.awards:
                count[key(a)] += 1
                total[key(a)] += a.amount
        return count, total

    def by_measure(self) -> list[tuple[str, int, Decimal]]:
        """(measure, number of awards, amount) of this policy's awards, measures in the text's order."""
        from .figures import policy

        count, total = self._tally(lambda a: a.measure)
        return [(m, count[m], total[m]) for m in policy().measures if count[m]]

    def by_year(self) -> list[tuple[int, int, Decimal]]:
        """(year, number of awards, amount) of this policy's awards."""
        count, total = self._tally(lambda a: a.year)
        return [(y, count[y], total[y]) for y in sorted(count)]

    def subject(self, subject_id: str) -> SubjectResult:
        for s in self.subjects:
            if s.id == subject_id:
                return s
        raise KeyError(subject_id)

    def for_year(self, year: int | None) -> Result:
        return Result(tuple(s.for_year(year) for s in self.subjects), year, self.readings, self.awards_only)

    def to_dict(self, lang: str | Words | None = "en") -> dict:
        """The contract's JSON shape (`jjpolicy.result/1`); the sentences in `lang`. Everything else (keys,
        codes, ids, amounts, the policy's name) is the same in every language."""
        w = lang if isinstance(lang, Words) else words(lang)
        subjects = [s.to_dict(w, self.awards_only) for s in self.subjects]
        return self.document(self.total, [w(x) for x in self.warnings], subjects)

    def document(self, total: Decimal, warnings: list[str], subjects: list) -> dict:
        """The JSON shape around its parts: what to_dict gives, and what a writer assembles from the
        subjects' texts (jjpolicy/bulk.py). `subjects` is the last key."""
        return {
            "schema": "jjpolicy.result/1",
            "policy": POLICY_NAME,
            **({"readings": dict(sorted(self.readings.items()))} if self.readings else {}),
            **({"awards_only": True} if self.awards_only else {}),
            "total": total,
            **({} if self.awards_only else {"warnings": warnings}),
            "subjects": subjects,
        }


def _key(sym: Term) -> str:
    """A term's identity, for dictionaries; never for order (see terms.order_key)."""
    return str(sym)


CHECK_ORDER = (
    "kind",
    "registered",
    "flag",
    "has",
    "title_held",
    "centre_held",
    "top_jinjiang_unit",
    "exceeds",
    "reaches",
    "ratio",
    "year_total",
)


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

    def _cand_words(self, cand: Term) -> Msg:
        item = text(cand.arguments[0])
        basis = self.basis_of(cand)
        return say("cand.on", item=item, basis=basis) if basis else say("cand.for", item=item, year=cand.arguments[1].number)

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
        same_day = {_key(r.cand): Term.num(r.event) for r in atoms[DayFirst]}
        higher = {_key(r.cand): Term.num(r.event) for r in atoms[HigherFirst]}
        crossed = defaultdict(list)
        for r in atoms[CrossedBefore]:
            crossed[_key(r.cand)].append(r.year)

        order = lambda r: (r.item, r.year, r.basis)
        awards = sorted(self._awards(atoms, oks), key=order)
        paid = SubjectResult(subject.id, subject.name, tuple(awards), (), (), (), ())
        self.grouped = {(r.item, r.year) for r in atoms[AwardRecord] if r.key.name == "g"}

        denied = []
        for cand in cands:
            k = _key(cand)
            if k in supports:
                continue
            item, year = text(cand.arguments[0]), cand.arguments[1].number
            basis = self.basis_of(cand)
            reasons = []
            for code in sorted(deny[k], key=REASON_ORDER.index):
                reasons.append(
                    Reason.of(
                        code,
                        self._deny_detail(
                            subject, cand, code, failed[(k, code)], earlier.get(k), crossed[k], higher.get(k), same_day.get(k)
                        ),
                    )
                )
            if not reasons:
                for code, winner in sorted(stack[k], key=lambda r: (REASON_ORDER.index(r[0]), order_key(r[1]))):
                    if any(r.code == code for r in reasons):
                        continue
                    reasons.append(Reason.of(code, self._stack_detail(subject, cand, code, winner, wins, paid)))
            if reasons:
                denied.append(Denial(item, year, basis, tuple(reasons)))

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
                    say(
                        "warning.subsidy",
                        ("A13",),
                        event=ev.id,
                        item=item.id,
                        field=item.rate_field,
                        pct=percent_text(num, den),
                        base=base,
                        computed=fen_to_yuan(to_fen(base) * num // den),
                        subsidy=sub,
                        check_pct=percent_text(cn, cd),
                        subsidy_share=fen_to_yuan(to_fen(sub) * cn // cd),
                    )
                )

        return SubjectResult(
            subject.id,
            subject.name,
            tuple(awards),
            self._support(atoms),
            tuple(sorted(denied, key=order)),
            self._others(atoms, subject),
            tuple(sorted(set(warnings), key=words("en"))),  # as text (contract.md), the same order in every language
            self._measures(atoms),
        )

    def awards(self) -> list[SubjectResult]:
        """What an awards-only evaluation reads (show_awards.lp): each subject's awards without their grounds,
        its support and the other policies' payments; no denial, no warning."""
        out = []
        order = lambda r: (r.item, r.year, r.basis)
        for s_no, subject in enumerate(self.index.subjects):
            atoms = self.answer.of(s_no)
            self.current = s_no
            out.append(
                SubjectResult(
                    subject.id,
                    subject.name,
                    tuple(sorted(self._awards(atoms, None), key=order)),
                    self._support(atoms),
                    (),
                    self._others(atoms, subject),
                    (),
                    self._measures(atoms),
                )
            )
        return out

    def _support(self, atoms) -> tuple[Support, ...]:
        """The non-monetary items granted, in the contract's order."""
        granted = {
            Support(text(r.cand.arguments[0]), r.cand.arguments[1].number, self.basis_of(r.cand)) for r in atoms[GrantedSupport]
        }
        return tuple(sorted(granted, key=lambda r: (r.item, r.year, r.basis)))

    def _measures(self, atoms) -> tuple[str, ...]:
        """The measures of the subject's candidates: read off cand/2 where they were shown (a full
        evaluation), else speaks_to/2 (show_measures.lp)."""
        found = {r.measure for r in atoms[SpeaksTo]}
        items = self.policy.items
        found.update(items[text(r.cand.arguments[0])].measure for r in atoms[Cand])
        return tuple(m for m in self.policy.measures if m in found)

    @staticmethod
    def _others(atoms, subject) -> tuple[OtherPolicy, ...]:
        kept = {r.other for r in atoms[OtherKept]}
        others = []
        for k_no, other in enumerate(subject.other_awards):
            ev = next(e for e in subject.events if e.id == other.event)
            others.append(OtherPolicy(other.event, other.policy, other.amount, k_no in kept, ev.date.year))
        return tuple(sorted(others, key=lambda o: (o.event, o.policy, o.amount, o.taken)))

    def _year_totals(self, atoms) -> dict[tuple[str, int], Decimal]:
        """The sums the encodings held against a summed figure (2.2 instruments), by figure and year."""
        totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        for r in atoms[SummedIn]:
            figure = self.policy.thresholds[r.figure]
            ev = self.say.event(r.cand.arguments[2].arguments[0])
            totals[(figure.id, ev.date.year)] += ev.fields[figure.field]
        return totals

    def _awards(self, atoms, oks: Mapping[str, list[Term]] | None) -> list[Award]:
        """The subject's awards; their grounds (`because`) from the checks each rests on, `oks`, unless None."""
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
            amount = fen_to_yuan(parts[k])
            basis = tuple(sorted(self.say.event_id(e) for e in events[k]))
            if oks is None:
                out.append(Award(item.id, item.measure, a.year, amount, basis, ()))
                continue
            because = []
            for m in sorted(members, key=order_key):
                for x in sorted(oks[_key(m)], key=check_order):
                    because.append(self.say.check(item.id, x, True))
            if item.mode == "percent":
                by_subsidy = {r.event for r in atoms[SubsidyBase] if r.item == item.id}
                because.append(self._arithmetic(item, events[k], amount, by_subsidy))
            out.append(Award(item.id, item.measure, a.year, amount, basis, tuple(dict.fromkeys(because))))
        return out

    def _arithmetic(self, item, events, paid: Decimal, by_subsidy: set[int]) -> Msg:
        """rate x base; summed by base where Quanzhou's approved subsidy is taken at its own rate for some
        events (reading A13 subsidy: by_subsidy, the events)."""
        caps = tuple(
            say("cap.all", amount=v) if k == "all" else say("cap.level", amount=v, key=k, level=cap_level(k))
            for k, v in sorted(item.caps.items())
        )
        if not by_subsidy:
            num, den = item.rate
            base = sum((self.say.event(e).fields[item.rate_field] for e in events), Decimal(0))
            return say(
                "audit.percent",
                pct=percent_text(num, den),
                base=base,
                exact=base * num / den,
                floored=fen_to_yuan(to_fen(base) * num // den),
                caps=caps,
                paid=paid,
            )
        check = next(c for c in self.policy.cross_checks if c.item == item.id)
        terms: dict[tuple[int, int, str], Decimal] = {}
        for e in events:
            num, den, name = (*check.rate, check.field) if e.number in by_subsidy else (*item.rate, item.rate_field)
            terms[(num, den, name)] = terms.get((num, den, name), Decimal(0)) + self.say.event(e).fields[name]
        exact = sum((base * num / den for (num, den, _), base in terms.items()), Decimal(0))
        return say(
            "audit.terms",
            ("A13",),
            terms=tuple(
                say("audit.term", pct=percent_text(num, den), base=base, field=name)
                for (num, den, name), base in sorted(terms.items())
            ),
            exact=exact,
            floored=fen_to_yuan(to_fen(exact.quantize(Decimal("0.01"), rounding="ROUND_FLOOR"))),
            caps=caps,
            paid=paid,
            note=say("audit.subsidy", ("A13",)),
        )

    def _deny_detail(self, subject, cand, code, failed, earlier, crossed, higher=None, same_day=None) -> Msg:
        item = text(cand.arguments[0])
        if failed:
            checks = tuple(dict.fromkeys(self.say.check(item, x, False) for x in sorted(failed, key=check_order)))
            return say("deny.checks", checks=checks)
        x = cand.arguments[2]
        ev = self.say.event(x.arguments[0]) if x.kind == FUNCTION and x.name == "ev" else None
        if code == "outside_validity" and ev is not None and self.policy.validity[0] <= ev.date < self.policy.in_force:
            return say("deny.before_force", ("A17",), event=ev.id, date=ev.date, in_force=self.policy.in_force)
        if code == "outside_validity" and ev is not None:
            start, end = self.policy.validity
            window = say("window", start=start, end=end)
            return say("deny.outside_validity", event=ev.id, date=ev.date, window=window, start=start)
        if code == "not_first_time":
            if ev is not None and ev.renewal:
                return say("deny.renewal", event=ev.id)
            if same_day is not None:  # the first of its own day (A44): no earlier day's is named
                first = self.say.event(same_day)
                return say("deny.day_first", ("A19", "A44"), event=first.id, date=first.date, item=item)
            if earlier is not None:
                first = self.say.event(earlier)
                return say("deny.first_met", ("A19",), event=first.id, date=first.date, item=item)
            if higher is not None:
                first = self.say.event(higher)
                return say("deny.higher_first", ("A20",), event=first.id, date=first.date)
            if crossed:
                return say("deny.crossed", ("A4",), year=min(crossed))
        if code == "already_awarded":
            years = tuple(sorted(p.year for p in subject.past_awards if p.item == item))
            return say("deny.already_awarded", item=item, years=years)
        return say("deny.other", code=code)

    def _stack_detail(self, subject, cand, code, winner, wins, paid: SubjectResult) -> Msg:
        mine = self.alone(cand)
        if code == "superseded_by_other_policy":
            other = subject.other_awards[wins[_key(cand)]]
            return say(
                "stack.superseded_by_other_policy",
                policy=other.policy,
                amount=other.amount,
                event=other.event,
                more=other.amount - mine,
                mine=mine,
            )
        who = self._cand_words(winner)
        brings = self._paid_amount(subject, winner, wins, paid)
        versus = say("stack.versus", brings=brings, mine=mine) if brings else None
        if code == "superseded":
            return say("stack.superseded", ("A3",), winner=who, versus=versus)
        return say("stack.basis_used_elsewhere", winner=who, versus=versus, capped=self._capped_note(cand, paid))

    def _paid_amount(self, subject, cand, wins, paid: SubjectResult) -> Msg | None:
        """What the winning candidate brings: its award, or the other policy's payment that holds the slot."""
        if _key(cand) in wins:
            other = subject.other_awards[wins[_key(cand)]]
            return say("stack.brings.other", amount=other.amount, policy=other.policy)
        award = paid.award_covering(text(cand.arguments[0]), cand.arguments[1].number, self.basis_of(cand))
        return say("stack.brings.award", amount=award.amount) if award else None

    def _capped_note(self, cand, paid: SubjectResult) -> Msg | None:
        """Where an aggregated award reached its cap without this event, the event would add nothing."""
        item, year = text(cand.arguments[0]), cand.arguments[1].number
        if (item, year) not in self.grouped:
            return None  # paid per event: its cap says nothing about this event's own award
        caps = self.policy.items[item].caps
        award = paid.award_covering(item, year, ())
        if award and caps and award.amount >= max(caps.values()):
            return say("stack.capped", item=item, year=year, amount=award.amount)
        return None

    def alone(self, cand) -> Decimal:
        """The item's amount for its event alone, as the encodings computed it (own_alone/3): shown for
        every eligible monetary candidate; a support item or an ineligible candidate has none."""
        return fen_to_yuan(self.own_values[(self.current, _key(cand))])
