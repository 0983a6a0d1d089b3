"""Justifications an auditor can sign: for each item of a subject, the chain of conditions with the
facts used and the policy's figures, the clause of the original text, the arithmetic, and the stacking
decision. Everything is read off the same model that `evaluate` decides with (need/alt/ok atoms of the
encodings), so an explanation cannot drift from the decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .atoms import Alt, AltChosen, AltClosest, Cand, Deny, Moot, Need, Ok
from .describe import Describer
from .figures import POLICY_NAME, Policy, policy
from .model import Facts, Subject
from .result import Builder, Reason, SubjectResult, check_order
from .solve import solve_chunk
from .terms import Term, order_key, text
from .words import Msg, Words, readings_of, say, words

SCHEMA = "jjpolicy.explain/1"


class ExplainError(Exception):
    """A subject or item the facts or the catalogue do not have; `msg` says which, in any language."""

    def __init__(self, msg: Msg):
        super().__init__(str(msg))
        self.msg = msg


@dataclass(frozen=True)
class Condition:
    text: Msg
    met: bool | None  # None: not applicable (the figure it needs is missing, reported once as missing_fact)
    code: str | None  # the reason code if it fails
    alternative: str | None = None  # the path of a disjunction it belongs to ("a" / "b" ...)
    readings: tuple[str, ...] = ()  # the readings of docs/ambiguities.md this condition follows

    @staticmethod
    def of(text: Msg, met: bool | None, code: str | None, alternative: str | None = None) -> Condition:
        """A condition whose readings are those its sentence states."""
        return Condition(text, met, code, alternative, readings_of(text))


@dataclass(frozen=True)
class Clause:
    measure: str
    section: str
    title: str
    original: str  # verbatim, as the policy is written (Traditional characters)
    gloss: Msg  # the clause for a reader of the output's language (en: the English gloss)


@dataclass(frozen=True)
class Entry:
    item: str
    year: int | None
    basis: tuple[str, ...]
    status: str  # granted | support | denied | no_facts
    amount: Decimal | None
    clause: Clause
    conditions: tuple[Condition, ...]
    audit: Msg | None
    reasons: tuple[Reason, ...]
    readings: tuple[str, ...]
    decided_by: tuple[str, ...]

    def to_dict(self, w: Words) -> dict:
        return {
            "item": self.item,
            "year": self.year,
            "basis": list(self.basis),
            "status": self.status,
            "amount": self.amount,
            "clause": {
                "measure": self.clause.measure,
                "section": self.clause.section,
                "title": self.clause.title,
                "original": self.clause.original,
                "gloss": w(self.clause.gloss),
            },
            "conditions": [
                {"text": w(c.text), "met": c.met, "code": c.code, "alternative": c.alternative} for c in self.conditions
            ],
            "audit": w(self.audit) if self.audit is not None else None,
            "reasons": [{"code": r.code, "detail": w(r.detail)} for r in self.reasons],
            "readings": list(self.readings),
            "decided_by": list(self.decided_by),
        }


@dataclass(frozen=True)
class Explanation:
    subject: str
    name: str | None
    total: Decimal
    entries: tuple[Entry, ...]
    readings: Mapping[str, str] = field(default_factory=dict)  # readings switched (--reading)

    def to_dict(self, lang: str | Words | None = "en") -> dict:
        """`jjpolicy.explain/1`; the sentences in `lang`. The clause's section, title and original are the
        policy's own words, verbatim (Traditional characters) in every language; its gloss is the clause
        for a reader of `lang` (en: an English gloss; zh: the measure's text in Simplified characters)."""
        w = lang if isinstance(lang, Words) else words(lang)
        return {
            "schema": SCHEMA,
            "policy": POLICY_NAME,
            **({"readings": dict(sorted(self.readings.items()))} if self.readings else {}),
            "subject": self.subject,
            "name": self.name,
            "total": self.total,
            "entries": [e.to_dict(w) for e in self.entries],
        }


def clause_of(p: Policy, item: str) -> Clause:
    measure = p.items[item].measure
    section, title = p.headings.get(measure, ("", ""))
    gloss = say("clause.gloss", gloss=p.glosses.get(measure, ""), clause=p.clauses.get(measure, ""))
    return Clause(measure, section, title, p.sentence(item), gloss)


def explain(
    facts: Facts,
    subject_id: str,
    item: str | None = None,
    year: int | None = None,
    readings: Mapping[str, str] | None = None,
    reformed: Policy | None = None,
) -> Explanation:
    """`readings` switches readings of ambiguities.md; `reformed`: a Policy with changed figures
    (jjpolicy/parameters.py) to explain under."""
    p = reformed or policy()
    subject = next((s for s in facts.subjects if s.id == subject_id), None)
    if subject is None:
        raise ExplainError(say("error.no_subject", id=subject_id))
    if item is not None and item not in p.items:
        raise ExplainError(say("error.no_item", item=item))
    answer = solve_chunk([subject], explain=True, readings=readings, reformed=reformed)
    builder = Builder(p, answer)
    (result,) = builder.subjects()
    entries = _Reader(p, builder, subject, result).entries(item, year)
    return Explanation(subject.id, subject.name, result.for_year(year).total, tuple(entries), dict(readings or {}))


class _Reader:
    def __init__(self, p: Policy, builder: Builder, subject: Subject, result: SubjectResult):
        self.p = p
        self.builder = builder
        self.subject = subject
        self.result = result
        self.say: Describer = builder.say
        atoms = builder.answer.of(0)
        self.atoms = atoms
        self.cands = sorted({r.cand for r in atoms[Cand]}, key=order_key)
        self.ok = {(str(r.cand), str(r.check)) for r in atoms[Ok]}
        self.moot = {(str(r.cand), str(r.check)) for r in atoms[Moot]}
        self.deny = {}
        for r in atoms[Deny]:
            self.deny.setdefault(str(r.cand), set()).add(r.code)
        self.closest = {(str(r.cand), r.disjunction): r.path for r in atoms[AltClosest]}
        self.chosen = {(str(r.cand), r.disjunction): r.path for r in atoms[AltChosen]}

    def entries(self, item: str | None, year: int | None) -> list[Entry]:
        out = []
        for cand in self.cands:
            c_item, c_year = text(cand.arguments[0]), cand.arguments[1].number
            if (item is None or c_item == item) and (year is None or c_year == year):
                out.append(self._entry(cand))
        out = self._merge_awards(out)
        if item is not None and not out:
            out.append(self._unreached(item, year) or self._no_facts(item, year))
        out.sort(key=lambda e: (e.item, e.year or 0, e.basis))
        return out

    def _merge_awards(self, entries: list[Entry]) -> list[Entry]:
        """The events of one aggregated award (2.1, 2.2 instruments, 4.3 retrofits) make one entry, as in
        the result: its basis is all of them, its conditions those of each."""
        merged: dict[tuple, Entry] = {}
        out = []
        for e in entries:
            award = self.result.award_covering(e.item, e.year, e.basis) if e.status == "granted" else None
            if award is None or len(award.basis) == 1:
                out.append(e)
                continue
            key = (award.item, award.year, award.basis)
            if key in merged:
                first = merged[key]
                merged[key] = Entry(
                    first.item,
                    first.year,
                    award.basis,
                    first.status,
                    first.amount,
                    first.clause,
                    tuple(dict.fromkeys(first.conditions + e.conditions)),
                    first.audit,
                    first.reasons,
                    first.readings,
                    tuple(sorted(set(first.decided_by) | set(e.decided_by), key=lambda r: int(r[1:]))),
                )
            else:
                merged[key] = Entry(
                    e.item,
                    e.year,
                    award.basis,
                    e.status,
                    e.amount,
                    e.clause,
                    e.conditions,
                    e.audit,
                    e.reasons,
                    e.readings,
                    e.decided_by,
                )
                out.append(key)
        return [merged[x] if isinstance(x, tuple) else x for x in out]

    # ---- one candidate ------------------------------------------------------------------------
    def _entry(self, cand: Term) -> Entry:
        item, year = text(cand.arguments[0]), cand.arguments[1].number
        basis = self.builder.basis_of(cand)
        status, amount, audit, reasons = self._outcome(item, year, basis)
        conditions = self._conditions(cand)
        decided = self._decided(cand, reasons, conditions, status)
        return Entry(
            item,
            year,
            basis,
            status,
            amount,
            clause_of(self.p, item),
            tuple(conditions),
            audit,
            reasons,
            self.p.readings.get(item, ()),
            decided,
        )

    def _outcome(self, item, year, basis):
        award = self.result.award_covering(item, year, basis)
        if award is not None:
            audit = (
                award.because[-1]
                if self.p.items[item].mode == "percent"
                else (say("audit.fixed", amount=award.amount, measure=award.measure))
            )
            return "granted", award.amount, audit, ()
        if any(s.item == item and s.year == year and s.basis == basis for s in self.result.support):
            return "support", None, None, ()
        denial = self.result.denial(item, year, basis)
        return "denied", None, None, denial.reasons if denial else ()

    def _conditions(self, cand: Term) -> list[Condition]:
        key = str(cand)
        item = text(cand.arguments[0])
        rows = []
        for r in self.atoms[Need]:
            if str(r.cand) == key:
                rows.append((r.check, r.code, None))
        for r in self.atoms[Alt]:
            if str(r.cand) == key:
                rows.append((r.check, r.code, (r.disjunction, r.path)))
        out = [self._time(cand)] if cand.arguments[2].name == "ev" else []
        for x, code, alt in sorted(rows, key=lambda r: (r[2] or ("", ""), check_order(r[0]))):
            k = (key, str(x))
            met = True if k in self.ok else (None if k in self.moot else False)
            out.append(Condition.of(self.say.check(item, x, bool(met)), met, code, alt[1] if alt else None))
        for code in ("not_first_time", "already_awarded"):
            if code in self.deny.get(key, set()):
                denial = self.result.denial(item, cand.arguments[1].number, self.builder.basis_of(cand))
                reason = next((r for r in denial.reasons if r.code == code), None) if denial else None
                reason = reason or Reason(code, say("deny.other", code=code))
                out.append(Condition(reason.detail, False, code, None, reason.readings))
        if key not in self.deny:
            out += self._other_policy(cand) + self._higher_before(cand)
        return out

    def _other_policy(self, cand: Term) -> list[Condition]:
        """Stacking rule 3 where this policy keeps the event: its amount held against the other payment.

        Rule 3 weighs payments, so it speaks only to monetary items: a support item (1.2 loan guidance on
        the same event as 1.2's award) pays nothing, stacks with everything and has no amount of its own.
        """
        x = cand.arguments[2]
        if x.name != "ev" or self.p.items[text(cand.arguments[0])].mode == "support":
            return []
        ev = self.say.event(x.arguments[0])
        out = []
        for other in self.subject.other_awards:
            if other.event != ev.id:
                continue
            mine = self.builder.alone(cand)
            if other.amount > mine:
                continue  # the other policy's payment is taken: a stacking reason, given with the reasons
            if other.amount == mine:
                said = say("cond.other_tie", ("A16",), policy=other.policy, amount=other.amount, event=ev.id)
            else:
                said = say("cond.other_less", policy=other.policy, amount=other.amount, event=ev.id, mine=mine)
            out.append(Condition.of(said, True, "superseded_by_other_policy"))
        return out

    def _higher_before(self, cand: Term) -> list[Condition]:
        """A level first reached after a higher one of its family is still its own first time (A20)."""
        item, year = text(cand.arguments[0]), cand.arguments[1].number
        tier = self.p.tiers.get(item)
        if tier is None:
            return []
        for other in self.cands:
            o_item, o_year = text(other.arguments[0]), other.arguments[1].number
            o_tier = self.p.tiers.get(o_item)
            if o_tier and o_tier[0] == tier[0] and o_tier[1] > tier[1] and o_year < year:
                said = say("cond.higher_before", ("A20",), higher=o_item, year=o_year, item=item)
                return [Condition.of(said, True, None)]
        return []

    def _time(self, cand: Term) -> Condition:
        ev = self.say.event(cand.arguments[2].arguments[0])
        outside = "outside_validity" in self.deny.get(str(cand), set())
        start, end = self.p.validity
        window = say("window", start=start, end=end)
        if outside:
            return Condition.of(say("cond.outside", event=ev.id, date=ev.date, window=window), False, "outside_validity")
        note = say("cond.before_in_force", ("A17",), in_force=self.p.in_force) if ev.date < self.p.in_force else None
        said = say("cond.inside", event=ev.id, date=ev.date, window=window, note=note)
        return Condition.of(said, True, "outside_validity")

    def _decided(self, cand, reasons, conditions, status) -> tuple[str, ...]:
        """The readings that decided: those of the reasons, and of the conditions that were weighed (met or
        not, on the path the award rests on or the path closest to passing)."""
        key = str(cand)
        considered = set(self.chosen.get((key, d)) for (k, d) in self.chosen if k == key)
        considered |= set(self.closest.get((key, d)) for (k, d) in self.closest if k == key)
        found = {r for reason in reasons for r in reason.readings}
        for c in conditions:
            if c.met is not None and (c.alternative is None or c.alternative in considered):
                found.update(c.readings)
        return tuple(sorted(found, key=lambda r: int(r[1:])))

    # ---- a higher tier of a ladder the facts do not reach ----------------------------------------
    def _unreached(self, item: str, year: int | None) -> Entry | None:
        threshold = self.p.thresholds.get(item)
        if item not in self.p.tiers or threshold is None:
            return None
        test = threshold.test  # a tier's is its ladder's (threshold_test/2)
        refs = []
        for kind, name in self.p.by_prefix(self.p.sources, item) or ():
            if kind == "event":
                for ev in sorted(self.subject.events, key=lambda e: (e.date, e.id)):
                    if ev.type == name and (year is None or ev.date.year == year):
                        refs.append((ev.date.year, (ev.id,), Term.func("ev", [Term.num(self._event_no(ev.id))])))
            else:
                for y in self.subject.years:
                    if name in y.fields and y.year in self.p.window_years and (year is None or y.year == year):
                        refs.append((y.year, (), Term.func("yr", [Term.num(0), Term.num(y.year)])))
        if not refs:
            return None
        said = tuple(self.say._threshold(test, ref, item, False) for _, _, ref in refs)
        first_year, basis, _ = refs[0]
        return Entry(
            item,
            year if year is not None else first_year,
            basis if len(refs) == 1 else (),
            "denied",
            None,
            clause_of(self.p, item),
            tuple(Condition.of(m, False, "below_threshold") for m in said),
            None,
            (Reason.of("below_threshold", say("deny.checks", checks=said)),),
            self.p.readings.get(item, ()),
            (),
        )

    def _event_no(self, event_id: str) -> int:
        return self.builder.index.event_ids[(0, event_id)]

    # ---- an item the subject has no facts for ---------------------------------------------------
    def _no_facts(self, item: str, year: int | None) -> Entry:
        sources = self.p.by_prefix(self.p.sources, item) or ()
        when = say("nofacts.in_year", year=year) if year else None
        parts = []
        for kind, name in sources:
            if kind == "event":
                parts.append(say("nofacts.event", type=name, when=when))
            elif name == "any":
                parts.append(say("nofacts.years", when=when))
            elif year:
                parts.append(say("nofacts.field_in_year", year=year, field=name))
            else:
                parts.append(say("nofacts.field", field=name))
        what = tuple(parts) or say("nofacts.none")
        kinds = self.p.receivers.get(item, ())
        detail = say("nofacts", what=what, item=item, kinds=kinds, kind=self.subject.kind)
        return Entry(
            item,
            year,
            (),
            "no_facts",
            None,
            clause_of(self.p, item),
            (),
            None,
            (Reason.of("no_facts", detail),),
            self.p.readings.get(item, ()),
            (),
        )
