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
from .describe import Describer, money, text
from .figures import Policy, policy
from .model import Facts, Subject
from .result import Builder, Reason, SubjectResult, check_order
from .solve import solve_chunk
from .terms import Term, order_key

SCHEMA = "jjpolicy.explain/1"


class ExplainError(Exception):
    """A subject or item the facts or the catalogue do not have."""


@dataclass(frozen=True)
class Condition:
    text: str
    met: bool | None  # None: not applicable (the figure it needs is missing, reported once as missing_fact)
    code: str | None  # the reason code if it fails
    alternative: str | None = None  # the path of a disjunction it belongs to ("a" / "b" ...)


@dataclass(frozen=True)
class Clause:
    measure: str
    section: str
    title: str
    original: str
    gloss: str


@dataclass(frozen=True)
class Entry:
    item: str
    year: int | None
    basis: tuple[str, ...]
    status: str  # granted | support | denied | no_facts
    amount: Decimal | None
    clause: Clause
    conditions: tuple[Condition, ...]
    audit: str | None
    reasons: tuple[Reason, ...]
    readings: tuple[str, ...]
    decided_by: tuple[str, ...]

    def to_dict(self) -> dict:
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
                "gloss": self.clause.gloss,
            },
            "conditions": [
                {"text": c.text, "met": c.met, "code": c.code, "alternative": c.alternative} for c in self.conditions
            ],
            "audit": self.audit,
            "reasons": [{"code": r.code, "detail": r.detail} for r in self.reasons],
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

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "policy": "晉政規〔2025〕5號",
            **({"readings": dict(sorted(self.readings.items()))} if self.readings else {}),
            "subject": self.subject,
            "name": self.name,
            "total": self.total,
            "entries": [e.to_dict() for e in self.entries],
        }


def clause_of(p: Policy, item: str) -> Clause:
    measure = p.items[item].measure
    section, title = p.headings.get(measure, ("", ""))
    return Clause(measure, section, title, p.sentence(item), p.glosses.get(measure, ""))


def explain(
    facts: Facts, subject_id: str, item: str | None = None, year: int | None = None, readings: Mapping[str, str] | None = None
) -> Explanation:
    p = policy()
    subject = next((s for s in facts.subjects if s.id == subject_id), None)
    if subject is None:
        raise ExplainError(f"--subject: no subject with id {subject_id!r} in the facts")
    if item is not None and item not in p.items:
        raise ExplainError(f"--item: {item!r} is not an item of the policy (see `jjpolicy measures`)")
    answer = solve_chunk([subject], explain=True, readings=readings)
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
                    first.item, first.year, award.basis, first.status, first.amount, first.clause,
                    tuple(dict.fromkeys(first.conditions + e.conditions)), first.audit, first.reasons, first.readings,
                    tuple(sorted(set(first.decided_by) | set(e.decided_by), key=lambda r: int(r[1:]))),
                )
            else:
                merged[key] = Entry(
                    e.item, e.year, award.basis, e.status, e.amount, e.clause, e.conditions, e.audit,
                    e.reasons, e.readings, e.decided_by,
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
            audit = award.because[-1] if self.p.items[item].mode == "percent" else (
                f"fixed amount {money(award.amount)} ({award.measure})"
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
            out.append(Condition(self.say.check(item, x, bool(met)), met, code, alt[1] if alt else None))
        for code in ("not_first_time", "already_awarded"):
            if code in self.deny.get(key, set()):
                denial = self.result.denial(item, cand.arguments[1].number, self.builder.basis_of(cand))
                detail = next((r.detail for r in denial.reasons if r.code == code), code) if denial else code
                out.append(Condition(detail, False, code))
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
                words = (f"{other.policy} pays the same {money(other.amount)} for events[{ev.id}]: "
                         f"the tie keeps this policy (從新, reading A16)")
                out.append(Condition(words, True, "superseded_by_other_policy"))
            else:
                words = f"{other.policy} pays {money(other.amount)} for events[{ev.id}], less than this item's {money(mine)} (從優)"
                out.append(Condition(words, True, "superseded_by_other_policy"))
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
                words = (f"{o_item} was reached earlier ({o_year}); {item} reached now is still its own "
                         "first time (reading A20)")
                return [Condition(words, True, None)]
        return []

    def _time(self, cand: Term) -> Condition:
        ev = self.say.event(cand.arguments[2].arguments[0])
        outside = "outside_validity" in self.deny.get(str(cand), set())
        if outside:
            return Condition(
                f"events[{ev.id}] is dated {ev.date}, outside {self.p.window}", False, "outside_validity"
            )
        note = f" (before {self.p.in_force}: 參照執行, reading A17)" if ev.date < self.p.in_force else ""
        return Condition(f"events[{ev.id}] is dated {ev.date}, inside {self.p.window}{note}", True, "outside_validity")

    def _decided(self, cand, reasons, conditions, status) -> tuple[str, ...]:
        key = str(cand)
        considered = set(self.chosen.get((key, d)) for (k, d) in self.chosen if k == key)
        considered |= set(self.closest.get((key, d)) for (k, d) in self.closest if k == key)
        found = set()
        relevant = [c.text for c in conditions if c.met is not None and (c.alternative is None or c.alternative in considered)]
        for piece in [r.detail for r in reasons] + relevant:
            for token in piece.replace(")", " ").replace(",", " ").split():
                if len(token) >= 2 and token[0] == "A" and token[1:].isdigit():
                    found.add(token)
        return tuple(sorted(found, key=lambda r: int(r[1:])))

    # ---- a higher tier of a ladder the facts do not reach ----------------------------------------
    def _unreached(self, item: str, year: int | None) -> Entry | None:
        tier = self.p.tiers.get(item)
        test = self.p.tier_tests.get(tier[0]) if tier else None
        threshold = self.p.thresholds.get(item)
        if test is None or threshold is None:
            return None
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
        words = [self.say._threshold(test, ref, item, False) for _, _, ref in refs]
        first_year, basis, _ = refs[0]
        return Entry(
            item,
            year if year is not None else first_year,
            basis if len(refs) == 1 else (),
            "denied",
            None,
            clause_of(self.p, item),
            tuple(Condition(w, False, "below_threshold") for w in words),
            None,
            (Reason("below_threshold", "; ".join(words)),),
            self.p.readings.get(item, ()),
            (),
        )

    def _event_no(self, event_id: str) -> int:
        return self.builder.index.event_ids[(0, event_id)]

    # ---- an item the subject has no facts for ---------------------------------------------------
    def _no_facts(self, item: str, year: int | None) -> Entry:
        sources = self.p.by_prefix(self.p.sources, item) or ()
        when = f" in {year}" if year else ""
        words = []
        for kind, name in sources:
            if kind == "event":
                words.append(f"no event of type {name}{when}")
            elif name == "any":
                words.append(f"no years entry{when}")
            else:
                words.append(f"no years{'.' + str(year) if year else '.<year>'}.{name}")
        detail = " and ".join(words) or "no fact of the subject speaks to this item"
        kinds = self.p.receivers.get(item, ())
        who = f"; {item} is for subjects of kind {', '.join(kinds)} (this subject: {self.subject.kind})"
        return Entry(
            item,
            year,
            (),
            "no_facts",
            None,
            clause_of(self.p, item),
            (),
            None,
            (Reason("no_facts", detail + who),),
            self.p.readings.get(item, ()),
            (),
        )
