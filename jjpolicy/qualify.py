"""Qualify: the least change to one subject's own facts that grants an item (issue 7 part 5).

The solver chooses (encodings/qualify.lp): Python only lists, for every condition of the item's candidates
that fails today, the changes of one fact that would meet it (set a flag, raise a figure to the policy's
figure, set a missing figure, add a status event), each with the checks it makes hold and its distance in
yuan. The chosen changes are then applied to the facts and the subject is evaluated again, so the amount
reported is the engine's own, and a change that makes the item eligible but leaves it out by a stacking
rule says so.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

import clingo

from . import evaluate
from .atoms import Alt, Cand, Do, Need, Ok, decode
from .figures import Policy, policy
from .model import InputError, Problem, field_kind, parse_facts
from .program import Program, encodings_dir
from .result import Reason, SubjectResult
from .solve import SOLVER_ARGS, _writer
from .terms import Reader, Term, order_key, text
from .whatif import apply

CENT = Decimal("0.01")
INT32_MAX = 2**31 - 1
# The least step past a figure (超過), by the kind of the field (jjpolicy.model's field tables).
STEP = {"money": CENT, "int": Decimal(1), "share": Decimal("0.0001")}
# A status event that meets a title or centre check and earns nothing itself (measures.md: status only).
STATUS_EVENTS = {
    "title_held": {"type": "innovative_sme"},
    "centre_held": {"type": "enterprise_tech_center", "level": "quanzhou"},
}
UNCHANGEABLE = ("wrong_subject_kind", "not_registered_in_jinjiang", "outside_validity", "not_first_time", "already_awarded")


@dataclass(frozen=True)
class Change:
    """One fact changed: a field set (`path`, `value`, `was`), or an event added (`event`)."""

    path: str | None = None
    value: object = None
    was: object = None
    event: dict | None = None
    distance: Decimal = Decimal(0)

    def option(self) -> str:
        if self.event is not None:
            return f"--add-event '{json.dumps(self.event, ensure_ascii=False)}'"
        return f"--set {self.path}={json.dumps(_plain(self.value))}"

    def to_dict(self) -> dict:
        if self.event is not None:
            return {"add_event": self.event, "distance": self.distance, "option": self.option()}
        return {"set": self.path, "value": self.value, "was": self.was, "distance": self.distance, "option": self.option()}


@dataclass(frozen=True)
class Qualification:
    subject: str
    item: str
    year: int | None
    possible: bool
    changes: tuple[Change, ...] = ()
    amount: Decimal | None = None
    granted: bool = False
    why_not: tuple[Reason, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {
            "subject": self.subject,
            "item": self.item,
            "year": self.year,
            "possible": self.possible,
            "changes": [c.to_dict() for c in self.changes],
            "distance": sum((c.distance for c in self.changes), Decimal(0)),
            "granted": self.granted,
            "amount": self.amount,
            "why_not": [{"code": r.code, "detail": r.detail} for r in self.why_not],
        }


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def qualify(data: dict, subject_id: str, item: str, year: int | None = None) -> Qualification:
    p = policy()
    if item not in p.items:
        raise InputError([Problem("--item", f"{item!r} is not an item of the policy (see `jjpolicy measures`)")])
    raw = next((s for s in data.get("subjects", []) if isinstance(s, dict) and s.get("id") == subject_id), None)
    if raw is None:
        raise InputError([Problem("--subject", f"no subject with id {subject_id!r} in the facts")])
    doc = {"schema": data.get("schema"), "subjects": [raw]}
    facts = parse_facts(doc, frozenset(p.items))
    subject = facts.subjects[0]
    before = evaluate(doc).subjects[0]
    if _granted(before, item, year):
        return Qualification(subject.id, item, year, True, (), _amount(before, item, year), True)

    facts_, index = _writer().program([subject])
    program = Program(SOLVER_ARGS, explain=True, facts=facts_)
    program.ctl.load(str(encodings_dir() / "qualify.lp"))
    # The checks of today's facts, to know what fails and what a change can meet.
    shown = _ground_checks(facts_)
    wanted = [c for c in shown["cands"] if text(c.arguments[0]) == item and (year is None or c.arguments[1].number == year)]
    if not wanted:
        return Qualification(
            subject.id,
            item,
            year,
            False,
            why_not=(
                Reason(
                    "missing_fact",
                    f"no fact of {subject.id} speaks to {item}"
                    + (f" in {year}" if year else "")
                    + "; add the event it needs (jjpolicy whatif --add-event) and ask again",
                ),
            ),
        )
    changes = _candidates(p, index, raw, shown, wanted)
    extra = [f"want(0,{c})." for c in wanted]
    for k, (ch, makes) in enumerate(changes):
        extra.append(f"change(0,{k},{min(int(ch.distance.to_integral_value(ROUND_CEILING)), INT32_MAX)}).")
        extra += [f"makes({k},{x})." for x in sorted(makes)]
    for k1, (a, _) in enumerate(changes):
        for k2, (b, _) in enumerate(changes):
            if k1 < k2 and a.path is not None and a.path == b.path:
                extra.append(f"exclusive({k1},{k2}).")
    program.add("\n".join(extra))
    program.ground()
    chosen: list[int] | None = None

    def on_model(model: clingo.Model) -> None:
        nonlocal chosen
        chosen = sorted(r.change for r in decode(Reader.shown(model))[0][Do])

    program.ctl.solve(on_model=on_model)
    if chosen is None:
        reasons = next((d.reasons for d in before.denied if d.item == item and (year is None or d.year == year)), ())
        fixed = tuple(r for r in reasons if r.code in UNCHANGEABLE) or reasons
        return Qualification(subject.id, item, year, False, why_not=fixed)
    picked = tuple(changes[k][0] for k in chosen)
    after = evaluate({"schema": doc["schema"], "subjects": [_apply(raw, picked)]}).subjects[0]
    granted = _granted(after, item, year)
    why = () if granted else next((d.reasons for d in after.denied if d.item == item and (year is None or d.year == year)), ())
    return Qualification(subject.id, item, year, True, picked, _amount(after, item, year), granted, why)


def _granted(result: SubjectResult, item: str, year: int | None) -> bool:
    return any(a.item == item and (year is None or a.year == year) for a in result.awards) or any(
        s.item == item and (year is None or s.year == year) for s in result.support
    )


def _amount(result: SubjectResult, item: str, year: int | None) -> Decimal | None:
    paid = [a.amount for a in result.awards if a.item == item and (year is None or a.year == year)]
    return sum(paid, Decimal(0)) if paid else None


def _ground_checks(facts: list[tuple]) -> dict:
    """Every check of every candidate today, met or not (the explain program, solved once)."""
    program = Program(SOLVER_ARGS, explain=True, facts=facts)
    program.ground()
    symbols: list[int] = []

    def on_model(model: clingo.Model) -> None:
        nonlocal symbols
        symbols = Reader.shown(model)

    program.ctl.solve(on_model=on_model)
    shown = decode(symbols)[0]
    checks: dict[str, list[Term]] = {}
    for r in [*shown[Need], *shown[Alt]]:
        checks.setdefault(str(r.cand), []).append(r.check)
    return {
        "cands": sorted({r.cand for r in shown[Cand]}, key=order_key),
        "checks": checks,
        "ok": {(str(r.cand), str(r.check)) for r in shown[Ok]},
    }


def _ref_path(index, ref: Term) -> str:
    if ref.name == "ev":
        return f"events.{index.events[ref.arguments[0].number][1].id}"
    return f"years.{ref.arguments[1].number}"


def _value(raw: dict, path: str):
    parts = path.split(".")
    if parts[0] == "events":  # an event id may itself hold dots, as in whatif's paths
        ev = next(e for e in raw.get("events", []) if e.get("id") == ".".join(parts[1:-1]))
        return ev.get(parts[-1])
    return raw.get("years", {}).get(parts[1], {}).get(parts[2])


def _candidates(p: Policy, index, raw: dict, shown: dict, wanted: list[Term]) -> list[tuple[Change, set[str]]]:
    """Every change of one fact that meets a failing check of a wanted candidate, with the checks it meets."""
    failing: list[Term] = []
    for c in wanted:
        for x in shown["checks"].get(str(c), []):
            if (str(c), str(x)) not in shown["ok"]:
                failing.append(x)
    out: dict[tuple, tuple[Change, set[str]]] = {}

    def add(change: Change, makes: set[str]) -> None:
        key = (change.path, json.dumps(_plain(change.value)), json.dumps(change.event, sort_keys=True))
        if key in out:
            out[key][1].update(makes)
        else:
            out[key] = (change, set(makes))

    by_field: dict[str, list[Term]] = {}
    for x in failing:
        name, args = x.name, x.arguments
        if name == "flag":
            add(
                Change(
                    f"{_ref_path(index, args[0])}.{args[1].name}",
                    True,
                    _value(raw, f"{_ref_path(index, args[0])}.{args[1].name}"),
                ),
                {str(x)},
            )
        elif name in ("reaches", "exceeds", "has"):
            fname = args[1].name if name == "has" else p.thresholds[text(args[1])].field
            by_field.setdefault(f"{_ref_path(index, args[0])}.{fname}", []).append(x)
        elif name == "ratio":
            r = p.ratios[text(args[1])]
            base = f"{_ref_path(index, args[0])}"
            den = _value(raw, f"{base}.{r.denominator}")
            if den is not None:
                need = (Decimal(str(den)) * r.value).quantize(CENT, rounding=ROUND_CEILING)
                was = _value(raw, f"{base}.{r.numerator}")
                add(Change(f"{base}.{r.numerator}", need, was, distance=need - Decimal(str(was or 0))), {str(x)})
        elif name == "attr":
            ev_path = f"events.{index.events[args[0].number][1].id}"
            add(Change(f"{ev_path}.{args[1].name}", text(args[2]), _value(raw, f"{ev_path}.{args[1].name}")), {str(x)})
        elif name == "top_jinjiang_unit":
            ev_path = f"events.{index.events[args[0].number][1].id}"
            add(Change(f"{ev_path}.jinjiang_rank", 1, _value(raw, f"{ev_path}.jinjiang_rank")), {str(x)})
        elif name in STATUS_EVENTS:
            ev = index.events[args[0].number][1]
            add(Change(event={"id": f"Q-{ev.id}", **STATUS_EVENTS[name], "date": str(ev.date)}), {str(x)})
        elif name == "year_total":
            t = p.thresholds[text(args[2])]
            year = args[1].number
            purchases = [
                e
                for e in raw.get("events", [])
                if e.get("type") == "rd_instrument_purchase" and str(e.get("date", "")).startswith(str(year))
            ]
            if purchases:
                total = sum((Decimal(str(e.get(t.field, 0))) for e in purchases), Decimal(0))
                top = max(purchases, key=lambda e: (Decimal(str(e.get(t.field, 0))), e["id"]))
                short = max(t.value - total, Decimal(0))
                was = Decimal(str(top.get(t.field, 0)))
                add(Change(f"events.{top['id']}.{t.field}", was + short, was, distance=short), {str(x)})
    # A figure: each value a check asks for is one candidate change; it meets every check of that figure
    # it reaches (a missing figure set to it meets its `has` check too).
    for path, checks in by_field.items():
        was = _value(raw, path)
        record = (
            "year"
            if path.startswith("years.")
            else next(e["type"] for e in raw["events"] if e["id"] == ".".join(path.split(".")[1:-1]))
        )
        current = Decimal(str(was)) if was is not None else None
        targets = set()
        for x in checks:
            if x.name == "has":
                continue
            t = p.thresholds[text(x.arguments[1])]
            step = STEP[field_kind(record, t.field)]
            targets.add(t.value if x.name == "reaches" else t.value + step)
        if not targets and any(x.name == "has" for x in checks):
            targets.add(Decimal(0))
        for v in sorted(targets):
            makes = set()
            for x in checks:
                if x.name == "has":
                    makes.add(str(x))
                    continue
                t = p.thresholds[text(x.arguments[1])]
                if (v >= t.value) if x.name == "reaches" else (v > t.value):
                    makes.add(str(x))
            value = int(v) if v == v.to_integral_value() else v
            add(Change(path, value, was, distance=max(v - (current or Decimal(0)), Decimal(0))), makes)
    return sorted(out.values(), key=lambda cm: (cm[0].path or "", str(cm[0].value), json.dumps(cm[0].event)))


def _apply(raw: dict, changes: tuple[Change, ...]) -> dict:
    """The subject's facts with the changes made, as `jjpolicy whatif` would make them."""
    subject = copy.deepcopy(raw)
    for ch in changes:
        if ch.event is not None:
            subject.setdefault("events", []).append(dict(ch.event))
        else:
            apply(subject, ch.path, str(ch.value) if isinstance(ch.value, Decimal) else ch.value, ch.option())
    return subject
