"""`jjpolicy check`: findings on the policy itself, as encoded: overlaps, gaps and odd incentives.

Each finding has a kind, the items involved, a one-sentence statement, the clauses (measure and the
quoted sentence), and a witness: a `jjpolicy.facts/1` document that `jjpolicy evaluate` reproduces
(for a comparison, two or more subjects side by side). The searches run the engine over subjects
generated from the contract's vocabulary and the policy's figures (jjpolicy/check_space.py); every
witness is evaluated again, as a document of its own, before it is reported, and the amounts of its
statement are those evaluated.

Kinds (docs/contract.md, The other commands):
- unreachable      an item no generated subject is granted
- overlap          one project that two items pay and no stacking rule separates
- non_monotone     a better fact (a higher level, a larger figure) that yields less money
- timing_incentive the same achievements pay more spread over years or split across projects
- reading_sensitive a subject whose result moves with a reading of docs/ambiguities.md, and by how much
- cap_geometry     where each percentage item's cap binds, against its threshold; a stated equivalent
                   rate (reading A13) that cannot hold

A search that finds nothing says what it covered (`searched`), so that "no finding" has a meaning.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import clingo

from .check_space import CENT, MAIN, Evaluator, Space, binding_base, granted, paid, received, share
from .describe import money
from .figures import Policy
from .figures import policy as default_policy
from .model import SCHEMA
from .money import MONEY_MAX_YUAN
from .program import Program
from .result import SubjectResult

MONEY_MAX = Decimal(MONEY_MAX_YUAN)

KINDS = ("unreachable", "overlap", "non_monotone", "timing_incentive", "reading_sensitive", "cap_geometry")
CHECK_SCHEMA = "jjpolicy.check/1"


@dataclass(frozen=True)
class Clause:
    measure: str
    original: str


@dataclass
class Claim:
    """A finding before its witness is verified: `holds` is tested on the witness's evaluated results
    (by subject id), `say` words the statement from them."""

    kind: str
    key: str
    items: tuple[str, ...]
    subjects: list[dict]
    holds: Callable[[dict[str, SubjectResult]], bool]
    say: Callable[[dict[str, SubjectResult]], str]
    why: str
    measures: tuple[str, ...] = ()
    readings: tuple[str, ...] = ()
    extra_clauses: tuple[str, ...] = ()  # "stacking", "validity"
    variants: tuple[tuple[str, dict], ...] = ()  # ("A2=top_up", {"A2": "top_up"}): also evaluated so switched


@dataclass(frozen=True)
class Finding:
    kind: str
    key: str
    items: tuple[str, ...]
    statement: str
    why: str
    clauses: tuple[Clause, ...]
    witness: dict
    effect: dict
    readings: tuple[str, ...] = ()
    switched: dict = field(default_factory=dict)  # "A2=top_up" -> the witness's effect with that reading

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "items": list(self.items),
            "statement": self.statement,
            "why": self.why,
            "clauses": [{"measure": c.measure, "original": c.original} for c in self.clauses],
            "readings": list(self.readings),
            "witness": self.witness,
            "effect": self.effect,
            **({"switched": self.switched} if self.switched else {}),
        }


@dataclass
class Report:
    findings: list[Finding]
    searched: dict
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "schema": CHECK_SCHEMA,
            "policy": "晉政規〔2025〕5號",
            "findings": [f.to_dict() for f in self.findings],
            "searched": self.searched,
            "notes": list(self.notes),
        }


# ---- the item witnesses: a smallest subject the engine grants each item ---------------------------
# An event denied only for these may be granted with a context (a title held, the years' figures).
CONDITION_CODES = frozenset({"condition_not_met", "missing_fact"})


@dataclass
class Witness:
    """A generated subject granted `item`: its kind, its own event (None for an item on a year figure)
    and its context (years, status events)."""

    item: str
    kind: str
    main: dict | None
    years: dict
    context: list[dict]
    base: bool = False  # a base combination of its event's fields (retried with a context)
    registered: bool = True

    def events(self) -> list[dict]:
        return ([self.main] if self.main else []) + self.context


class Reach:
    """Which items generated subjects can be granted, a smallest witness of each, and which cannot."""

    def __init__(self, space: Space, ev: Evaluator):
        self.space = space
        self.ev = ev
        self.probes: list[tuple[str, Witness]] = []  # (context, subject parts)
        self.results: list[SubjectResult] = []
        self.witness: dict[str, Witness] = {}
        self.candidate_of: dict[str, Witness] = {}  # first subject an unreached item is even a candidate of
        self.reasons: dict[str, set[str]] = {}
        self.probes: list[Witness] = []  # every subject the search evaluated, in order
        self.single_events = 0  # probes whose own event is one event
        self.paid_twice: list[tuple[Witness, tuple[str, ...]]] = []  # one event paid under two items

    def run(self) -> None:
        """First every event alone (every kind, every combination of its enumerated fields) and every year
        figure alone (each number at each point of its grid, each flag false once); then, for the kinds an
        event's items are for, each number of the event at each point of its grid and each flag false once;
        and, for an event denied only on its conditions, the same with a context: the years, one status
        event, or both."""
        sp = self.space
        first: list[Witness] = []
        for kind in sp.kinds:
            for etype in sp.types:
                for combo in sp.combos(etype):
                    first.append(Witness("", kind, sp.event(etype, combo), {}, [], base=True))
            for y_only in self._year_variants():
                first.append(Witness("", kind, None, y_only, []))
        # and each event type and the years once for a subject registered elsewhere
        for etype in sp.types:
            first.append(Witness("", sp.kinds[0], sp.event(etype, sp.combos(etype)[0]), {}, [], registered=False))
        first.append(Witness("", sp.kinds[0], None, self._year_variants()[-1], [], registered=False))
        first = [w for w in first if sp.valid(self._subject(w))]
        found: dict[str, Witness] = {}
        retry, kinds_for = [], set()
        for w, r in zip(first, self._eval(first), strict=True):
            self._note(w, r, found)
            codes = {c for d in r.denied if w.main and MAIN in d.basis for c in d.codes}
            if w.main and w.registered and "wrong_subject_kind" not in codes:
                kinds_for.add((w.kind, w.main["type"]))
            if codes and codes <= CONDITION_CODES and w.base:
                retry.append(w)
        second = []
        for kind in sp.kinds:
            for etype in sp.types:
                if (kind, etype) not in kinds_for:
                    continue
                combo = sp.combos(etype)[0]
                for f in sp.fields[etype]:
                    if f.name in combo and f.kind != "enum":
                        for v in f.values:
                            if v != combo[f.name]:
                                second.append(Witness("", kind, sp.event(etype, dict(combo, **{f.name: v})), {}, []))
        years, status = sp.years_context(), sp.status_context()
        for w in retry:
            second.append(Witness("", w.kind, w.main, years, []))
            second += [Witness("", w.kind, w.main, {}, [st]) for st in status]
            second += [Witness("", w.kind, w.main, years, [st]) for st in status]
        second = [w for w in second if sp.valid(self._subject(w))]
        for w, r in zip(second, self._eval(second), strict=True):
            self._note(w, r, found)
        self.searched = {"alone": len(first), "retried": len(retry), "varied_or_with_context": len(second)}
        self.probes = first + second
        self.witness = self._minimise({i: Witness(i, w.kind, w.main, w.years, w.context) for i, w in found.items()})

    def _note(self, w: Witness, r: SubjectResult, found: dict) -> None:
        if w.main is not None:
            self.single_events += 1
            twice = sorted({a.item for a in r.awards if MAIN in a.basis})
            if len(twice) > 1:
                self.paid_twice.append((w, tuple(twice)))
        for item in sorted(granted(r)):
            if item not in found and self._own(w, item, r):
                found[item] = w
        for d in r.denied:
            if w.registered and (not d.basis or MAIN in d.basis):  # not a context event's, nor by construction
                self.reasons.setdefault(d.item, set()).update(d.codes)
            self.candidate_of.setdefault(d.item, w)

    @staticmethod
    def _own(w: Witness, item: str, r: SubjectResult) -> bool:
        """The item is granted on the subject's own event, or on a year figure of a subject with no
        context events."""
        bases = [a.basis for a in r.awards if a.item == item] + [s.basis for s in r.support if s.item == item]
        if any(MAIN in b for b in bases):
            return True
        return any(not b for b in bases) and not w.context

    def _year_variants(self) -> list[dict]:
        """One window year: each number field at each point of its grid, every flag true."""
        sp = self.space
        out = []
        flags = {n: True for n, f in sp.year_fields.items() if f.kind == "bool"}
        for name, f in sp.year_fields.items():
            if f.kind == "bool":
                out.append({str(sp.first): dict(flags, **{name: False})})
                continue
            for v in f.values:
                out.append({str(sp.first): dict(flags, **{name: v})})
        out.append({str(sp.first): dict(flags)})
        return out

    # Smallest context: keep one status event where one is needed, then drop year fields while the item
    # stays granted (all that can go at once, else the first that can).
    def _minimise(self, ws: dict[str, Witness]) -> dict[str, Witness]:
        """Drop year figures and years while the item stays granted: every part that can go alone, all at
        once if the item stays granted without them, else the first; until none can go."""
        ws = dict(ws)
        for _ in range(50):
            parts = {i: self._year_parts(w) for i, w in ws.items() if w.years}
            trials = [(i, p, self._without(ws[i], [p])) for i, ps in parts.items() for p in ps]
            alone: dict[str, list] = {}
            for (i, p, w), r in zip(trials, self._eval([w for _, _, w in trials]), strict=True):
                if i in granted(r) and self._own(w, i, r):
                    alone.setdefault(i, []).append((p, w))
            if not alone:
                break
            together = [(i, self._without(ws[i], [p for p, _ in hits])) for i, hits in alone.items() if len(hits) > 1]
            both = {
                i
                for (i, w), r in zip(together, self._eval([w for _, w in together]), strict=True)
                if i in granted(r) and self._own(w, i, r)
            }
            for i, hits in alone.items():
                ws[i] = next(w for j, w in together if j == i) if i in both else hits[0][1]
        return ws

    @staticmethod
    def _year_parts(w: Witness) -> list[tuple]:
        """Each figure of each year, then each year (an empty year entry still says the subject has one)."""
        return [(y, f) for y in sorted(w.years) for f in sorted(w.years[y])] + [(y, None) for y in sorted(w.years)]

    @staticmethod
    def _without(w: Witness, parts) -> Witness:
        years = copy.deepcopy(w.years)
        for y, f in parts:
            if f is None:
                years.pop(y, None)
            elif y in years:
                years[y].pop(f, None)
        return Witness(w.item, w.kind, w.main, years, w.context)

    def _subject(self, w: Witness, sid: str = "W") -> dict:
        return self.space.subject(w.kind, w.events(), w.years, sid=sid, registered=w.registered)

    def _eval(self, ws: list[Witness]) -> list[SubjectResult]:
        return self.ev.run([self._subject(w) for w in ws])


# ---- what the encodings say of each item's stacking, beyond figures.py --------------------------------
@lru_cache(maxsize=1)
def structure() -> dict[str, frozenset]:
    """aggregated/1, per_year/1, once/1, status_support/1 and ladder_scope/2 of the encodings (read like figures.py reads
    the figures)."""
    program = Program([])
    program.ground()
    out: dict[str, set] = {"aggregated": set(), "per_year": set(), "once": set(), "ladder_scope": set(), "status_support": set()}
    for atom in program.ctl.symbolic_atoms:
        sym = atom.symbol
        if atom.is_fact and sym.name in out and len(sym.arguments) in (1, 2):
            args = tuple(a.string if a.type == clingo.SymbolType.String else str(a) for a in sym.arguments)
            out[sym.name].add(args[0] if len(args) == 1 else args)
    return {k: frozenset(v) for k, v in out.items()}


# The text's order of levels, roles and ratings (a national level above a provincial one, a lead unit
# above a participant, 領航級 above 卓越級 and 示范工廠 above 先進級, an award above its nomination, ...):
# the "better fact" of non_monotone for enumerated fields.
BETTER = {
    "level": (
        ("jinjiang", "quanzhou"),
        ("quanzhou", "provincial"),
        ("provincial", "national"),
        ("national", "international"),
        ("local", "industry"),
        ("group", "industry"),
        ("industry", "national"),
    ),
    "role": (("member", "lead"), ("participate", "lead")),
    "rating": (("advanced", "demonstration"), ("advanced", "excellent"), ("demonstration", "leading"), ("excellent", "leading")),
    "scope": (("provincial", "domestic"),),
    "award": (
        ("china_nomination", "china"),
        ("fujian_nomination", "fujian"),
        ("quanzhou", "fujian"),
        ("fujian", "china"),
        ("fujian_nomination", "china_nomination"),
    ),
    "body": (("national_wg", "national_sc"), ("national_sc", "national_tc"), ("provincial_tc", "national_tc")),
}

# One project, two subjects: where the text pays one party for a project carried out with, or adopted
# by, another (the provider of 4.2's 工業互聯網示范項目 and of 4.3's 制式套餐), the partner's own items
# for the same digital project. Stacking rule 2 separates the bases of one subject only (rule 6).
COOPERATION = (
    (
        "4.2/industrial_internet_demo",
        "工業互聯網、系統服務商與傳統產業合作實施的工業互聯網示范項目",
        ("2.1/equipment_update", "4.2/digital_demo", "4.2/app_demo", "4.3/sme_digital"),
    ),
    ("4.3/digital_package/10", "數智轉型制式套餐(系統解決方案),當年度應用中小企業數量在10家", ("4.3/sme_digital",)),
)

# One investment that the text lets two items speak to (an equipment renewal that makes a smart factory;
# a Jinjiang digital transformation demonstration that Quanzhou also rates a 5G application): stacking
# rule 2 pays one project once, and what one project is the text leaves to the applicant.
ONE_PROJECT = (
    ("2.1/equipment_update", "4.1/smart_factory/advanced"),
    ("4.2/digital_demo", "4.2/app_demo"),
)

OTHER_POLICY = "another Jinjiang policy"

# reading -> {index of the alternative in readings() below: (reading, value) of its --reading switch}
SWITCHED = {
    "A1": {0: ("A1", "measure_year"), 1: ("A1", "none")},
    "A2": {0: ("A2", "top_up"), 1: ("A2", "none")},
    "A3": {0: ("A3", "cumulative")},
    "A4": {0: ("A4", "window")},
    "A5": {0: ("A5", "once")},
    "A6": {0: ("A6", "current")},
    "A7": {0: ("A7", "project")},
    "A8": {0: ("A8", "subject_year")},
    "A9": {0: ("A9", "package")},
    "A11": {0: ("A11", "one_family")},
    "A12": {0: ("A12", "one_family_per_level")},
    "A13": {0: ("A13", "subsidy")},
    "A14": {0: ("A14", "previous_year")},
    "A15": {0: ("A15", "in_year")},
    "A16": {0: ("A16", "other_policy")},
    "A17": {0: ("A17", "excluded")},
    "A18": {0: ("A18", "each_instrument")},
    "A19": {0: ("A19", "each_event")},
    "A20": {0: ("A20", "blocked")},
    "A21": {0: ("A21", "per_event")},
    "A22": {0: ("A22", "window")},
    "A23": {0: ("A23", "centre_in_year")},
    "A34": {0: ("A21", "per_event")},  # each retrofit at its own level's cap is A21's per_event
}


def money_text(v: Decimal) -> str:
    return money(v) + " 元"


class Checker:
    """The searches, over one policy (the default, or a reformed one)."""

    def __init__(self, p: Policy | None = None, evaluate=None):
        from . import evaluate_facts

        self.p = p or default_policy()
        self.space = Space(self.p)
        self.ev = Evaluator(self.space, evaluate or evaluate_facts)
        self.reach = Reach(self.space, self.ev)
        self.st = structure()
        self.searched: dict = {}
        self.notes: list[str] = []
        self._pays: dict = {}

    # ---- helpers ------------------------------------------------------------------------------
    @property
    def first(self) -> int:
        return self.space.first

    def date(self, year: int) -> str:
        return f"{year}-07-01"

    def order(self, item: str) -> tuple:
        i = self.p.items[item]
        return (self.p.measure_rank(i.measure), item)

    def items(self) -> list[str]:
        return sorted(self.p.items, key=self.order)

    def w(self, item: str) -> Witness | None:
        return self.reach.witness.get(item)

    def event_of(self, item: str, eid: str = MAIN, year: int | None = None, project: str | None = None, **fields) -> dict:
        """The item's witness event, with another id, year, project or fields."""
        ev = copy.deepcopy(self.w(item).main)
        ev["id"] = eid
        ev["date"] = self.date(year if year is not None else self.first)
        if project is not None:
            ev["project"] = project
        ev.update(fields)
        return ev

    def context(self, *items: str, years_until: int | None = None) -> tuple[dict, list[dict]]:
        """The merged context of the items' witnesses: years (each year's figures also the next years',
        up to years_until, for events of later years), status events renumbered S1, S2 ..."""
        years: dict = {}
        events: list[dict] = []
        seen = []
        for item in items:
            w = self.w(item)
            for y, fields in w.years.items():
                years.setdefault(y, {}).update(fields)
            for e in w.context:
                key = {k: v for k, v in e.items() if k != "id"}
                if key not in seen:
                    seen.append(key)
                    events.append(dict(e, id=f"S{len(seen)}"))
        if years_until is not None:
            for y in sorted(years, key=int):
                for later in range(int(y) + 1, years_until + 1):
                    years.setdefault(str(later), dict(years[y]))
        return years, events

    def subject(self, sid: str, kind: str, events: list[dict], years: dict | None = None, others=None) -> dict:
        return self.space.subject(kind, events, years, others, sid=sid)

    def common_kind(self, *items: str) -> str | None:
        kinds = set(self.space.kinds)
        for i in items:
            kinds &= set(self.p.receivers.get(i, ()))
        return next((k for k in self.space.kinds if k in kinds), None)

    def threshold_of(self, item: str):
        """The threshold a ladder's tier is held against (its own id, or its measure's one on a field of
        the item's event)."""
        if item in self.p.thresholds:
            return self.p.thresholds[item]
        w = self.w(item)
        fields = set(w.main) if w and w.main else set()
        found = [t for t in self.p.thresholds.values() if t.measure == self.p.items[item].measure and t.field in fields]
        return found[0] if len(found) == 1 else None

    def ladders(self) -> dict[str, list[tuple[int, str]]]:
        out: dict[str, list] = {}
        for item, (ladder, rank) in self.p.tiers.items():
            out.setdefault(ladder, []).append((rank, item))
        return {k: sorted(v) for k, v in sorted(out.items(), key=lambda kv: min(self.order(i) for _, i in kv[1]))}

    def clauses(self, items, extra=()) -> tuple[Clause, ...]:
        out = []
        for i in items:
            c = Clause(self.p.items[i].measure, self.p.sentence(i))
            if c not in out:
                out.append(c)
        for name in extra:
            if name in self.p.clauses:
                out.append(Clause(name, self.p.clauses[name]))
        return tuple(out)

    def item_words(self, r: SubjectResult, items=None) -> str:
        parts = [f"{a.item} {a.year} {money(a.amount)}" for a in r.awards if items is None or a.item in items]
        return ", ".join(parts) if parts else "nothing"

    # ---- unreachable ----------------------------------------------------------------------------
    def unreachable(self) -> list[Claim]:
        out = []
        n = self.reach.searched
        for item in self.items():
            if item in self.reach.witness:
                continue
            cand = self.reach.candidate_of.get(item)
            if cand is not None:
                subj = self.subject("W", cand.kind, cand.events(), cand.years)
            else:
                source = next((name for kind, name in self.p.by_prefix(self.p.sources, item) or () if kind == "event"), None)
                kind = (self.p.receivers.get(item) or self.space.kinds)[0]
                events = [self.space.event(source, self.space.combos(source)[0])] if source else []
                subj = self.subject("W", kind, events)
            kinds = self.p.receivers.get(item, ())
            reasons = sorted(self.reach.reasons.get(item, ()))

            def say(res, item=item, kinds=kinds, reasons=reasons):
                who = (
                    f"the encodings give it to no kind of subject the contract has (kinds: {', '.join(self.space.kinds)})"
                    if not kinds
                    else f"it is for {', '.join(kinds)}"
                )
                why = f"; where it is a candidate it is denied for {', '.join(reasons)}" if reasons else ""
                return (
                    f"No facts grant {item}: of {n['alone'] + n['varied_or_with_context']} generated subjects (every kind, "
                    f"every event type and value, each figure below, at and above the policy's, with and without "
                    f"a context) none is granted it; {who}{why}."
                )

            out.append(
                Claim(
                    "unreachable",
                    f"unreachable/{item}",
                    (item,),
                    [subj],
                    holds=lambda res, item=item: item not in granted(res["W"]),
                    say=say,
                    why="A measure no enterprise can obtain promises what it cannot pay; either the text or its encoding has a gap.",
                    measures=(self.p.items[item].measure,),
                )
            )
        return out

    # ---- overlap ------------------------------------------------------------------------------
    def overlap(self) -> list[Claim]:
        monetary = [i for i in self.items() if self.p.items[i].mode != "support" and self.w(i) and self.w(i).main]
        # Every pair of items of one event type; across types, the first item of each type: what rule 2
        # does with a pair depends on the items' families, and a family never spans two event types.
        first_of: dict[str, str] = {}
        for i in monetary:
            first_of.setdefault(self.w(i).main["type"], i)
        trials = []
        for a in range(len(monetary)):
            for b in range(a + 1, len(monetary)):
                i1, i2 = monetary[a], monetary[b]
                t1, t2 = self.w(i1).main["type"], self.w(i2).main["type"]
                if t1 != t2 and (first_of[t1] != i1 or first_of[t2] != i2):
                    continue
                kind = self.common_kind(i1, i2)
                if kind is None:
                    continue
                years, ctx = self.context(i1, i2)
                events = [self.event_of(i1, "A", project="X"), self.event_of(i2, "B", project="X")] + ctx
                trials.append(((i1, i2), self.subject("W", kind, events, years)))
        both = []
        for (pair, subj), r in zip(trials, self.ev.run([t for _, t in trials]), strict=True):
            if all(paid(r, i) > 0 or any(a.item == i for a in r.awards) for i in pair):
                both.append((pair, subj))
        self.searched["overlap_same_project_pairs"] = len(trials)
        self.searched["overlap_one_event"] = self.reach.single_events
        out = []
        seen = set()
        for w, items in self.reach.paid_twice:  # one event that two items pay
            if items in seen:
                continue
            seen.add(items)
            subj = self.subject("W", w.kind, w.events(), w.years)
            out.append(
                Claim(
                    "overlap",
                    f"overlap/{'+'.join(items)}",
                    items,
                    [subj],
                    holds=lambda res, items=items: all(
                        any(a.item == i and MAIN in a.basis for a in res["W"].awards) for i in items
                    ),
                    say=lambda res, items=items: (
                        f"One event E1 is paid under {len(items)} items, "
                        f"{self.item_words(res['W'], items)}: no stacking rule separates them."
                    ),
                    why="Stacking rule 2 (one basis, one award) is meant to pay an event once.",
                    extra_clauses=("stacking",),
                )
            )
        for (i1, i2), subj in both:
            out.append(
                Claim(
                    "overlap",
                    f"overlap/{i1}+{i2}",
                    (i1, i2),
                    [subj],
                    holds=lambda res, i1=i1, i2=i2: (
                        any(a.item == i1 for a in res["W"].awards) and any(a.item == i2 for a in res["W"].awards)
                    ),
                    say=lambda res, i1=i1, i2=i2: (
                        f"One project (events A and B share project X, the same year) is paid twice, "
                        f"{self.item_words(res['W'], (i1, i2))}: no stacking rule separates them."
                    ),
                    why="Stacking rule 2 (one basis, one award) is meant to pay a project once.",
                    measures=(),
                    extra_clauses=("stacking",),
                )
            )
        # One cooperation project, two subjects.
        for provider, words, partners in COOPERATION:
            if self.w(provider) is None:
                continue
            subjects = []
            pw = self.w(provider)
            years, ctx = self.context(provider)
            subjects.append(self.subject("W-provider", pw.kind, [self.event_of(provider, project="X")] + ctx, years))
            shown = []
            for q in partners:
                if self.w(q) is None:
                    continue
                years, ctx = self.context(q)
                sid = f"W-partner-{len(shown) + 1}"
                subjects.append(self.subject(sid, self.w(q).kind, [self.event_of(q, project="X")] + ctx, years))
                shown.append((sid, q))

            def holds(res, provider=provider, shown=shown):
                return paid(res["W-provider"], provider) > 0 and all(paid(res[sid], q) > 0 for sid, q in shown)

            def say(res, provider=provider, shown=shown, words=words):
                partner = "; ".join(f"{sid} (the partner) {q} {money(paid(res[sid], q))}" for sid, q in shown)
                return (
                    f"One project X ({words}) pays the provider {money(paid(res['W-provider'], provider))} under "
                    f"{provider} and its partner again: {partner}; no stacking rule separates two subjects "
                    f"(rules 2 and 6 speak of one subject)."
                )

            out.append(
                Claim(
                    "overlap",
                    f"overlap/{provider}",
                    (provider,) + tuple(q for _, q in shown),
                    subjects,
                    holds,
                    say,
                    why="The same project's investment is subsidised on both sides of the contract; the drafting office may "
                    "want to say whether that is intended, or to cap the sum.",
                    extra_clauses=("stacking",),
                )
            )
        return out

    # ---- non_monotone -----------------------------------------------------------------------------
    def kinds_for(self, etype: str) -> list[str]:
        kinds = {w.kind for w in self.reach.witness.values() if w.main and w.main["type"] == etype}
        return [k for k in self.space.kinds if k in kinds] or [self.space.kinds[0]]

    def item_for(self, etype: str) -> str | None:
        return next((i for i in self.items() if self.w(i) and self.w(i).main and self.w(i).main["type"] == etype), None)

    def non_monotone(self) -> list[Claim]:
        sp = self.space
        pairs = []  # (what, low subject, high subject)
        for etype in sp.types:
            combos = sp.combos(etype)
            kinds = self.kinds_for(etype)
            item = self.item_for(etype)
            years, ctx = self.context(item) if item else ({}, [])
            for combo in combos:
                for name, value in combo.items():
                    for lo, hi in BETTER.get(name, ()):
                        better = dict(combo, **{name: hi})
                        if value != lo or better not in combos:
                            continue
                        for kind in kinds:
                            pairs.append(
                                (
                                    (etype, name, lo, hi),
                                    kind,
                                    [sp.event(etype, combo)] + ctx,
                                    [sp.event(etype, better)] + ctx,
                                    years,
                                )
                            )
            base = combos[0]
            for f in sp.fields[etype]:
                if f.name not in base or f.kind not in ("money", "int", "bool"):
                    continue
                values = sorted(f.values, key=lambda v: v)
                if f.kind == "int" and not (self.space.thresholds_on(f.name) or len(f.values) > 2):
                    values = list(reversed(values))  # a rank: 1 is the best
                if f.kind == "bool":
                    values = [False, True]
                for lo, hi in zip(values, values[1:], strict=False):
                    for kind in kinds:
                        pairs.append(
                            (
                                (etype, f.name, lo, hi),
                                kind,
                                [sp.event(etype, dict(base, **{f.name: lo}))] + ctx,
                                [sp.event(etype, dict(base, **{f.name: hi}))] + ctx,
                                years,
                            )
                        )
        # year figures, one window year (every flag true)
        flags = {n: True for n, f in sp.year_fields.items() if f.kind == "bool"}
        year_kinds = [k for k in sp.kinds if any(w.kind == k and w.main is None for w in self.reach.witness.values())]
        for name, f in sp.year_fields.items():
            if f.kind == "bool":
                continue
            for lo, hi in zip(f.values, f.values[1:], strict=False):
                for kind in year_kinds:
                    pairs.append(
                        (
                            ("years", name, lo, hi),
                            kind,
                            [],
                            [],
                            {str(self.first): dict(flags, **{name: lo})},
                            {str(self.first): dict(flags, **{name: hi})},
                        )
                    )
        subjects = []
        for p in pairs:
            what, kind, lo_events, hi_events, years = p[:5]
            hi_years = p[5] if len(p) > 5 else years
            subjects += [self.subject("W-low", kind, lo_events, years), self.subject("W-high", kind, hi_events, hi_years)]
        results = self.ev.run(subjects)
        self.searched["non_monotone_pairs"] = len(pairs)
        out, seen = [], set()
        for n, p in enumerate(pairs):
            lo_r, hi_r = results[2 * n], results[2 * n + 1]
            if hi_r.total < lo_r.total and p[0] not in seen:
                seen.add(p[0])
                out.append(self._nm_claim(p[0], subjects[2 * n], subjects[2 * n + 1], lo_r, hi_r))
        out += self._ratios() + self._ladders_over_years() + self._rule3()
        return out

    def _nm_claim(self, what, lo_s, hi_s, lo_r, hi_r) -> Claim:
        etype, name, lo, hi = what
        items = tuple(
            sorted(
                {a.item for a in lo_r.awards}
                | {a.item for a in hi_r.awards}
                | {s.item for s in hi_r.support}
                | {d.item for d in hi_r.denied},
                key=self.order,
            )
        )

        def say(res, etype=etype, name=name, lo=lo, hi=hi):
            low, high = res["W-low"], res["W-high"]
            hi_got = (
                self.item_words(high)
                if high.awards
                else (
                    "nothing"
                    + (f" (only {', '.join(s.item for s in high.support)}, a non-monetary support)" if high.support else "")
                )
            )
            return (
                f"An event {etype} with {name} {hi} earns {money(high.total)} ({hi_got}) where the same event with "
                f"{name} {lo} earns {money(low.total)} ({self.item_words(low)})."
            )

        return Claim(
            "non_monotone",
            f"non_monotone/{etype}/{name}/{lo}->{hi}",
            items,
            [lo_s, hi_s],
            holds=lambda res: res["W-high"].total < res["W-low"].total,
            say=say,
            why="An enterprise that achieves more receives less: the text lists the lower level and not the higher one.",
            measures=tuple(sorted({self.p.items[i].measure for i in items})),
        )

    def _ratios(self) -> list[Claim]:
        """A ratio's denominator one fen larger: the share drops below the figure (1.2's 50%)."""
        out = []
        for r in sorted(self.p.ratios.values(), key=lambda r: r.id):
            items = [
                i
                for i in self.items()
                if self.p.items[i].measure == r.measure and self.p.items[i].mode != "support" and self.w(i)
            ]
            if not items:
                continue
            item = items[0]
            w = self.w(item)
            own = [t for t in self.space.thresholds_on(r.numerator) if t.measure == r.measure]
            num = (own[0].value / 2) if own else Decimal(1000000)
            den = (num / r.value).quantize(Decimal("0.01"), rounding="ROUND_FLOOR")
            years_lo = {str(self.first): {r.numerator: num, r.denominator: den}}
            years_hi = {str(self.first): {r.numerator: num, r.denominator: den + CENT}}
            events = [self.event_of(item)] + w.context
            lo_s = self.subject("W-low", w.kind, events, years_lo)
            hi_s = self.subject("W-high", w.kind, events, years_hi)

            def say(res, r=r, item=item, num=num, den=den):
                return (
                    f"A {item} candidate with {r.numerator} {money(num)} earns {money(res['W-low'].total)} when "
                    f"{r.denominator} is {money(den)} (a share of {money(num / den * 100)}% >= {r.value:%}), and "
                    f"{money(res['W-high'].total)} when {r.denominator} is one fen larger: the larger output loses the award."
                )

            out.append(
                Claim(
                    "non_monotone",
                    f"non_monotone/{r.id}",
                    (item,),
                    [lo_s, hi_s],
                    holds=lambda res, item=item: paid(res["W-high"], item) < paid(res["W-low"], item),
                    say=say,
                    why="A share test punishes growth of the whole: an enterprise that grows its other output without its "
                    "strategic emerging output loses the award, though the alternative 20,000,000 test is absolute.",
                    measures=(r.measure,),
                )
            )
        return out

    def _year_ladders(self):
        """Ladders on a year figure (1.4, 3.4): (ladder, [(rank, item, threshold)], kind, flags)."""
        for ladder, tiers in self.ladders().items():
            rows = []
            for rank, item in tiers:
                t = self.p.thresholds.get(item)
                w = self.w(item)
                if t is None or w is None or w.main is not None:
                    rows = []
                    break
                rows.append((rank, item, t))
            if len(rows) >= 2:
                w = self.w(rows[0][1])
                flags = {k: v for y in w.years.values() for k, v in y.items() if isinstance(v, bool)}
                yield ladder, rows, w.kind, flags

    def _above(self, t) -> Decimal:
        return t.value + (1 if self.space.year_fields[t.field].kind == "int" else CENT)

    def _ladders_over_years(self) -> list[Claim]:
        """A larger first-year figure, the same second year: the lower tier is lost (rules 1 and 4)."""
        out = []
        nxt = self.first + 1
        for ladder, rows, kind, flags in self._year_ladders():
            subjects, steps = [], []
            for (_r1, lo, t_lo), (_r2, hi, t_hi) in zip(rows, rows[1:], strict=False):
                k = len(steps) + 1
                y_lo = {
                    str(self.first): dict(flags, **{t_lo.field: self._above(t_lo)}),
                    str(nxt): dict(flags, **{t_hi.field: self._above(t_hi)}),
                }
                y_hi = {
                    str(self.first): dict(flags, **{t_hi.field: self._above(t_hi)}),
                    str(nxt): dict(flags, **{t_hi.field: self._above(t_hi)}),
                }
                subjects += [self.subject(f"W-low-{k}", kind, [], y_lo), self.subject(f"W-high-{k}", kind, [], y_hi)]
                steps.append((k, lo, hi, t_lo, t_hi))

            def holds(res, steps=steps):
                return all(res[f"W-high-{k}"].total < res[f"W-low-{k}"].total for k, *_ in steps)

            def say(res, steps=steps, nxt=nxt):
                parts = []
                for k, _lo, _hi, t_lo, t_hi in steps:
                    parts.append(
                        f"{t_lo.field} just over {money(t_lo.value)} in {self.first} and over {money(t_hi.value)} in {nxt} "
                        f"earns {money(res[f'W-low-{k}'].total)} ({self.item_words(res[f'W-low-{k}'])}), but over "
                        f"{money(t_hi.value)} in both years only {money(res[f'W-high-{k}'].total)}"
                    )
                return "A larger first-year figure earns less: " + "; ".join(parts) + "."

            items = tuple(i for _, i, _ in rows)
            out.append(
                Claim(
                    "non_monotone",
                    f"non_monotone/{ladder}",
                    items,
                    subjects,
                    holds,
                    say,
                    why="Tiers of one year are paid only at the highest (rule 1, A3) but tiers of different years in full "
                    "(rule 4, A2): an enterprise that grows fast loses the lower tier one that grows slowly is paid.",
                    measures=(self.p.items[items[0]].measure,),
                    readings=("A2", "A3"),
                    extra_clauses=("stacking",),
                )
            )
        return out

    def _rule3(self) -> list[Claim]:
        """Stacking rule 3 compares another policy's payment with the event's own share computed alone; for an
        award summed over the year and capped, a larger event can make this policy keep an event that adds
        nothing under the cap, and the other policy's payment is lost."""
        out = []
        for item in self.items():
            if item not in self.st["aggregated"] or self.w(item) is None or self.p.items[item].mode != "percent":
                continue
            it = self.p.items[item]
            w = self.w(item)
            cap_key = self._cap_key(item, w)
            cap = it.caps[cap_key]
            field = it.rate_field
            per_event = [t for t in self.space.thresholds_on(field) if t.measure == it.measure and not t.summed]
            floor = max((t.value for t in per_event), default=Decimal(0))
            x = (share(floor, it.rate) + cap / 10).quantize(Decimal(1))
            a_base = binding_base(cap, it.rate)
            lo_base = binding_base(x, it.rate) - CENT
            hi_base = binding_base(x + CENT, it.rate)
            years, ctx = self.context(item)
            others = [{"event": "E2", "policy": OTHER_POLICY, "amount": x}]
            subs = []
            for sid, base in (("W-low", lo_base), ("W-high", hi_base)):
                events = [self.event_of(item, **{field: a_base}), self.event_of(item, "E2", **{field: base})] + ctx
                subs.append(self.subject(sid, w.kind, events, years, others))

            def say(res, item=item, x=x, a_base=a_base, lo_base=lo_base, hi_base=hi_base, field=field):
                lo, hi = res["W-low"], res["W-high"]
                return (
                    f"With E1 ({field} {money(a_base)}) at the {item} cap, a second event E2 that {OTHER_POLICY} pays "
                    f"{money(x)}: E2 of {money(lo_base)} (its own share below {money(x)}) leaves E2 to the other policy and "
                    f"the subject receives {money(received(lo))}; E2 of {money(hi_base)} (its share above) is kept by this "
                    f"policy, adds nothing under the cap, and the subject receives {money(received(hi))}."
                )

            out.append(
                Claim(
                    "non_monotone",
                    f"non_monotone/rule3/{item}",
                    (item,),
                    subs,
                    holds=lambda res: received(res["W-high"]) < received(res["W-low"]),
                    say=say,
                    why="From rule 3's per-event comparison (measures.md, Stacking 3: the event's share computed alone): a "
                    "larger project costs the enterprise the other policy's payment. Comparing the event's marginal "
                    "share under the cap would not.",
                    measures=(it.measure,),
                    readings=("A16",),
                    extra_clauses=("stacking",),
                )
            )
        return out

    def _cap_key(self, item: str, w: Witness) -> str:
        caps = self.p.items[item].caps
        if "all" in caps:
            return "all"
        level = max(int(k[6:-1]) for k in caps)
        return f"level({level})"

    # ---- timing_incentive ---------------------------------------------------------------------------
    def timing(self) -> list[Claim]:
        out = []
        nxt = self.first + 1
        # figure ladders (1.4, 3.4): reached at once vs one tier a year
        for ladder, rows, kind, flags in self._year_ladders():
            subjects, steps = [], []
            for (_r1, lo, t_lo), (_r2, hi, t_hi) in zip(rows, rows[1:], strict=False):
                k = len(steps) + 1
                once = {str(self.first): dict(flags, **{t_hi.field: self._above(t_hi)})}
                spread = {
                    str(self.first): dict(flags, **{t_lo.field: self._above(t_lo)}),
                    str(nxt): dict(flags, **{t_hi.field: self._above(t_hi)}),
                }
                subjects += [self.subject(f"W-once-{k}", kind, [], once), self.subject(f"W-spread-{k}", kind, [], spread)]
                steps.append((k, lo, hi, t_lo, t_hi))
            out.append(self._timing_claim(ladder, tuple(i for _, i, _ in rows), subjects, steps, "figure"))
        # event ladders: two levels in one year vs one a year
        for ladder, tiers in self.ladders().items():
            items = [i for _, i in tiers]
            if any(self.w(i) is None or self.w(i).main is None for i in items):
                continue
            ranks = sorted({r for r, _ in tiers})
            if ladder in {name for name, _s in self.st["ladder_scope"]} and all(i in self.st["per_year"] for i in items):
                out += self._count_ladder(ladder, tiers)
                continue
            if len(ranks) < 2:
                continue
            per_basis = (ladder, "basis") in self.st["ladder_scope"]
            subjects, steps = [], []
            for r1, r2 in zip(ranks, ranks[1:], strict=False):
                lo = next(i for r, i in tiers if r == r1)
                hi = next(i for r, i in tiers if r == r2)
                kind = self.common_kind(lo, hi)
                if kind is None:
                    continue
                k = len(steps) + 1
                project = "X" if per_basis else None
                years, ctx = self.context(lo, hi, years_until=nxt)
                once = [self.event_of(lo, "A", project=project), self.event_of(hi, "B", project=project)] + ctx
                spread = [self.event_of(lo, "A", project=project), self.event_of(hi, "B", year=nxt, project=project)] + ctx
                subjects += [self.subject(f"W-once-{k}", kind, once, years), self.subject(f"W-spread-{k}", kind, spread, years)]
                steps.append((k, lo, hi, None, None))
            if steps:
                out.append(self._timing_claim(ladder, tuple(items), subjects, steps, "level", per_basis))
        out += self._split()
        out += self._two_projects()
        return [c for c in out if c is not None]

    def _two_projects(self) -> list[Claim]:
        out = []
        for i1, i2 in ONE_PROJECT:
            if self.w(i1) is None or self.w(i2) is None or self.common_kind(i1, i2) is None:
                continue
            years, ctx = self.context(i1, i2)
            fields = []
            for i in (i1, i2):
                it = self.p.items[i]
                at = {}
                if it.mode == "percent":  # at its threshold: the smallest project the item pays
                    ts = [
                        t.value
                        for t in self.space.thresholds_on(it.rate_field)
                        if t.measure == it.measure and not t.summed and t.value <= self.w(i).main[it.rate_field]
                    ]
                    own = [t for t in ts if self._pays_at(i, t, years, ctx)]
                    if own:
                        at[it.rate_field] = max(own)
                fields.append(at)
            kind = self.common_kind(i1, i2)
            one = [self.event_of(i1, "A", project="X", **fields[0]), self.event_of(i2, "B", project="X", **fields[1])] + ctx
            two = [self.event_of(i1, "A", project="X", **fields[0]), self.event_of(i2, "B", project="Y", **fields[1])] + ctx
            subjects = [self.subject("W-one-project", kind, one, years), self.subject("W-two-projects", kind, two, years)]

            def say(res, i1=i1, i2=i2):
                one, two = res["W-one-project"], res["W-two-projects"]
                return (
                    f"An investment that is both {i1} (A) and {i2} (B) earns {money(one.total)} declared as one project "
                    f"({self.item_words(one)}) and {money(two.total)} declared as two ({self.item_words(two)})."
                )

            out.append(
                Claim(
                    "timing_incentive",
                    f"timing_incentive/rule2/{i1}+{i2}",
                    (i1, i2),
                    subjects,
                    holds=lambda res: res["W-two-projects"].total > res["W-one-project"].total,
                    say=say,
                    why="Stacking rule 2 (one basis, one award) turns on what the facts call one project, which the "
                    "text does not define: declaring the work as two projects is paid twice.",
                    measures=tuple(sorted({self.p.items[i].measure for i in (i1, i2)})),
                    readings=("A1",),
                    extra_clauses=("stacking",),
                )
            )
        return out

    def _pays_at(self, item: str, value, years, ctx) -> bool:
        """Whether the item's witness context pays it with its base at this value (remembered per value)."""
        key = (item, value)
        if key not in self._pays:
            f = self.p.items[item].rate_field
            subj = self.subject("W", self.w(item).kind, [self.event_of(item, **{f: value})] + ctx, years)
            self._pays[key] = paid(self.ev.run([subj])[0], item) > 0
        return self._pays[key]

    def _timing_claim(self, ladder, items, subjects, steps, what, per_basis=False) -> Claim:
        nxt = self.first + 1

        def holds(res, steps=steps):
            return all(res[f"W-spread-{k}"].total > res[f"W-once-{k}"].total for k, *_ in steps)

        def say(res, steps=steps):
            parts = []
            for k, lo, hi, t_lo, t_hi in steps:
                once, spread = res[f"W-once-{k}"], res[f"W-spread-{k}"]
                if what == "figure":
                    parts.append(
                        f"{t_hi.field} over {money(t_hi.value)} reached in {self.first} earns {money(once.total)}; "
                        f"over {money(t_lo.value)} in {self.first} then over {money(t_hi.value)} in {nxt} earns "
                        f"{money(spread.total)} ({self.item_words(spread)})"
                    )
                else:
                    same = " on one project" if per_basis else ""
                    parts.append(
                        f"{lo} and {hi} in {self.first}{same} earn {money(once.total)}; the same a year apart "
                        f"({lo} {self.first}, {hi} {nxt}) earn {money(spread.total)}"
                    )
            return "; ".join(parts) + "."

        return Claim(
            "timing_incentive",
            f"timing_incentive/{ladder}",
            items,
            subjects,
            holds,
            say,
            why="Reaching two tiers or levels in one year pays only the highest (rule 1, A3) while one a year pays each "
            "in full (rule 4, A2): an applicant gains by waiting, or by timing recognitions a year apart.",
            measures=tuple(sorted({self.p.items[i].measure for i in items})),
            readings=("A2", "A3"),
            extra_clauses=("stacking",),
        )

    def _count_ladder(self, ladder, tiers) -> list[Claim]:
        """A per-year ladder on a count (4.3 packages, 6.1): the same count at once or half each year."""
        nxt = self.first + 1
        subjects, steps = [], []
        for _rank, item in tiers:
            t = self.threshold_of(item)
            w = self.w(item)
            if t is None or w is None:
                continue
            k = len(steps) + 1
            once = [self.event_of(item, **{t.field: int(2 * t.value)})] + w.context
            spread = [
                self.event_of(item, **{t.field: int(t.value)}),
                self.event_of(item, "E2", year=nxt, **{t.field: int(t.value)}),
            ] + w.context
            subjects += [
                self.subject(f"W-once-{k}", w.kind, once, w.years),
                self.subject(f"W-spread-{k}", w.kind, spread, w.years),
            ]
            steps.append((k, item, t))
        # keep the counts at which splitting gains (twice the lowest tier is the next tier: no gain there)
        results = self.ev.run(subjects)
        gains = [step for n, step in enumerate(steps) if results[2 * n + 1].total > results[2 * n].total]
        subjects = [s for n, step in enumerate(steps) if step in gains for s in subjects[2 * n : 2 * n + 2]]
        steps = gains
        if not steps:
            return []
        items = tuple(i for _, i in tiers)

        def holds(res, steps=steps):
            return all(res[f"W-spread-{k}"].total > res[f"W-once-{k}"].total for k, *_ in steps)

        def say(res, steps=steps):
            parts = []
            for k, _item, t in steps:
                once, spread = res[f"W-once-{k}"], res[f"W-spread-{k}"]
                if spread.total > once.total:
                    parts.append(
                        f"{t.field} {int(2 * t.value)} in {self.first} earns {money(once.total)}; {int(t.value)} in "
                        f"{self.first} and {int(t.value)} in {nxt} earn {money(spread.total)}"
                    )
            return "The same count pays more split over two years: " + "; ".join(parts) + "."

        return [
            Claim(
                "timing_incentive",
                f"timing_incentive/{ladder}",
                items,
                subjects,
                holds,
                say,
                why="A per-year amount with a count threshold rewards spreading the same service over years (and a "
                "one-tier-a-year rule rewards not exceeding the next tier in one year).",
                measures=(self.p.items[items[0]].measure,),
                readings=("A9", "A22"),
            )
        ]

    def _split(self) -> list[Claim]:
        """A percentage item's cap: one event at twice the binding base vs two events at it, the same year
        (separate projects) or a year apart."""
        out = []
        nxt = self.first + 1
        trials = []
        for item in self.items():
            it = self.p.items[item]
            w = self.w(item)
            if it.mode != "percent" or w is None or w.main is None:
                continue
            cap_key = self._cap_key(item, w)
            b = binding_base(it.caps[cap_key], it.rate)
            years, ctx = self.context(item, years_until=nxt)
            f = it.rate_field
            subs = {
                "once": [self.event_of(item, **{f: 2 * b})] + ctx,
                "split": [self.event_of(item, **{f: b}), self.event_of(item, "E2", **{f: b})] + ctx,
                "spread": [self.event_of(item, **{f: b}), self.event_of(item, "E2", year=nxt, **{f: b})] + ctx,
            }
            trials.append((item, b, {k: self.subject(f"W-{k}", w.kind, v, years) for k, v in subs.items()}))
        flat = [s for _, _, subs in trials for s in subs.values()]
        results = self.ev.run(flat)
        for n, (item, b, subs) in enumerate(trials):
            once, split, spread = results[3 * n : 3 * n + 3]
            way = "split" if split.total > once.total else ("spread" if spread.total > once.total else None)
            if way is None:
                continue
            f = self.p.items[item].rate_field
            witness = [subs["once"], subs[way]]

            def say(res, item=item, b=b, way=way, f=f):
                once, other = res["W-once"], res[f"W-{way}"]
                how = (
                    f"two projects of {money(b)} each in {self.first}"
                    if way == "split"
                    else f"{money(b)} in {self.first} and {money(b)} in {nxt}"
                )
                return (
                    f"{item}: {f} {money(2 * b)} in one project in {self.first} earns {money(paid(once, item))}; "
                    f"{how} earn {money(paid(other, item))}."
                )

            per = "per project" if way == "split" else "per year"
            out.append(
                Claim(
                    "timing_incentive",
                    f"timing_incentive/{item}",
                    (item,),
                    witness,
                    holds=lambda res, way=way, item=item: paid(res[f"W-{way}"], item) > paid(res["W-once"], item),
                    say=say,
                    why=f"The cap is {per}: an applicant gains by splitting one investment into several projects or "
                    f"years, which the cap was meant to bound.",
                    measures=(self.p.items[item].measure,),
                    readings=tuple(r for r in self.p.readings.get(item, ()) if r in ("A7", "A8", "A21")),
                )
            )
        return out

    # ---- cap_geometry ----------------------------------------------------------------------------
    def cap_geometry(self) -> list[Claim]:
        out = []
        for item in self.items():
            it = self.p.items[item]
            w = self.w(item)
            if it.mode != "percent" or w is None or w.main is None:
                continue
            f = it.rate_field
            thresholds = [t for t in self.space.thresholds_on(f) if t.measure == it.measure]
            years, ctx = self.context(item)
            subjects, rows = [], []
            level_field = next((x.name for x in self.space.fields[w.main["type"]] if x.kind == "int"), None)
            low = min((t.value for t in thresholds), default=None)
            for key, cap in sorted(it.caps.items()):
                b = binding_base(cap, it.rate)
                extra = {}
                if key.startswith("level("):
                    extra[level_field] = int(key[6:-1])
                k = len(rows) + 1
                fields = {x: v for x, v in w.main.items() if x not in ("id", "type", "date")}
                reachable = self.space.valid_event(w.main["type"], {**fields, f: b, **extra})
                if not reachable:
                    # the most a valid fact can be: the largest money, the highest valid level
                    top = dict(extra)
                    if extra and not self.space.valid_event(w.main["type"], {**fields, **extra}):
                        top = {level_field: max(self.space.field(w.main["type"], level_field).values)}
                    most = b if self.space.valid_event(w.main["type"], {**fields, f: b, **top}) else MONEY_MAX
                    rows.append((k, key, cap, b, "never"))
                    subjects.append(self.subject(f"W-max-{k}", w.kind, [self.event_of(item, **{f: most}, **top)] + ctx, years))
                elif low is not None and b <= low:
                    rows.append((k, key, cap, b, "at_threshold"))
                else:
                    rows.append((k, key, cap, b, "above_threshold"))
                    subjects += [
                        self.subject(f"W-below-{k}", w.kind, [self.event_of(item, **{f: b - CENT}, **extra)] + ctx, years),
                        self.subject(f"W-at-{k}", w.kind, [self.event_of(item, **{f: b}, **extra)] + ctx, years),
                    ]
            for t in thresholds:
                subjects.append(self._at_threshold(item, t, years, ctx))
            binds_low = [r for r in rows if r[4] == "at_threshold"]
            never = [r for r in rows if r[4] == "never"]
            low_id = min(thresholds, key=lambda t: (t.value, t.id)).id if thresholds else None

            def holds(res, item=item, rows=rows, low_id=low_id):
                for k, _key, cap, _b, where in rows:
                    if where == "never" and not paid(res[f"W-max-{k}"], item) < cap:
                        return False
                    if where == "at_threshold" and paid(res[f"W-threshold-{low_id}"], item) != cap:
                        return False
                    if where == "above_threshold" and not (
                        paid(res[f"W-at-{k}"], item) == cap and paid(res[f"W-below-{k}"], item) < cap
                    ):
                        return False
                return True

            def say(res, item=item, rows=rows, thresholds=thresholds, f=f, it=it, low_id=low_id):
                num, den = it.rate
                rate = f"{money(Decimal(num * 100) / den)}%"
                caps = []
                for k, key, cap, b, where in rows:
                    at = "" if key == "all" else f" at {key.replace('level(', 'level ').rstrip(')')}"
                    if where == "never":
                        caps.append(
                            f"the cap {money(cap)}{at} is never reached: no valid fact reaches it (the most a "
                            f"valid fact pays is {money(paid(res[f'W-max-{k}'], item))})"
                        )
                    elif where == "at_threshold":
                        caps.append(
                            f"the cap {money(cap)}{at} binds at {f} {money(b)}, at or below the threshold: "
                            f"every eligible applicant gets {money(paid(res[f'W-threshold-{low_id}'], item))}"
                        )
                    else:
                        caps.append(
                            f"the cap {money(cap)}{at} is reached at {f} {money(b)} "
                            f"({money(b - CENT)} earns {money(paid(res[f'W-below-{k}'], item))})"
                        )
                ts = "; ".join(
                    f"at the threshold {t.id} ({money(t.value)}) it pays {money(paid(res[f'W-threshold-{t.id}'], item))}"
                    for t in thresholds
                )
                return f"{item} pays {rate} of {f}: " + "; ".join(caps) + (f"; {ts}" if ts else "; no threshold") + "."

            if binds_low:
                why = (
                    "The cap binds at or below the threshold: every eligible applicant gets the cap, so the rate says "
                    "nothing and the item is in effect a fixed amount."
                )
            elif never:
                why = "A cap that no valid fact reaches is dead text."
            else:
                why = (
                    "Where the cap binds tells the drafting office what the rate is worth: between the threshold and the "
                    "binding point the item grows with the investment, above it the applicant's extra spending earns nothing."
                )
            out.append(Claim("cap_geometry", f"cap_geometry/{item}", (item,), subjects, holds, say, why, measures=(it.measure,)))
        out += self._stated_equivalents()
        return out

    def _at_threshold(self, item: str, t, years: dict, ctx: list[dict]) -> dict:
        """A subject whose event sits exactly at the threshold and is paid: the item's own context, else the
        first context of the reach search's (the years, one status event, or both) that pays it."""
        w = self.w(item)
        f = self.p.items[item].rate_field
        sid = f"W-threshold-{t.id}"
        event = [self.event_of(item, **{f: t.value})]
        tries = [(years, ctx)]
        for st in self.space.status_context():
            st = dict(st, id="S1")
            tries += [({}, [st]), (years, [st])]
        trials = [self.subject(sid, w.kind, event + c, y) for y, c in tries]
        for subj, r in zip(trials, self.ev.run(trials), strict=True):
            if paid(r, item) > 0:
                return subj
        return trials[0]

    def _stated_equivalents(self) -> list[Claim]:
        """Reading A13's stated equivalents: "15% of the investment (即泉州市核定補助金額的50%)" means Quanzhou
        approves 15/50 = 30% of it; past 100% no Quanzhou subsidy can make the two agree."""
        out, notes = [], []
        for c in self.p.cross_checks:
            it = self.p.items[c.item]
            implied = Decimal(it.rate[0] * c.rate[1]) / Decimal(it.rate[1] * c.rate[0])
            notes.append(
                f"{c.item}: {money(Decimal(it.rate[0] * 100) / it.rate[1])}% of {it.rate_field} = "
                f"{money(Decimal(c.rate[0] * 100) / c.rate[1])}% of {c.field} holds when Quanzhou approves "
                f"{money(implied * 100)}% of {it.rate_field}"
            )
            w = self.w(c.item)
            if implied <= 1 or w is None:
                continue
            base = Decimal(100000)
            subj = self.subject("W", w.kind, [self.event_of(c.item, **{it.rate_field: base, c.field: base})] + w.context, w.years)

            def say(res, c=c, it=it, base=base, implied=implied):
                return (
                    f"{c.item}'s rate equals {money(Decimal(c.rate[0] * 100) / c.rate[1])}% of Quanzhou's subsidy only if "
                    f"Quanzhou approves {money(implied * 100)}% of the investment, more than all of it: with {it.rate_field} "
                    f"and {c.field} both {money(base)} it pays {money(paid(res['W'], c.item))}, above the stated equivalent."
                )

            out.append(
                Claim(
                    "cap_geometry",
                    f"cap_geometry/A13/{c.item}",
                    (c.item,),
                    [subj],
                    holds=lambda res, c=c: bool(res["W"].warnings),
                    say=say,
                    why="The parenthesis 即泉州市核定補助金額的… cannot describe the same amount as the rate.",
                    measures=(it.measure,),
                    readings=("A13",),
                )
            )
        self.searched["stated_equivalents"] = notes
        return out

    # ---- reading_sensitive ------------------------------------------------------------------------
    def a(self, item: str) -> Decimal:
        return self.p.items[item].amount

    def pct(self, item: str, base, key: str = "all") -> Decimal:
        """rate x base rounded down to the fen, capped (by hand, from the policy's figures)."""
        it = self.p.items[item]
        return min(share(Decimal(base), it.rate), it.caps[key])

    def mk(self, etype: str, eid: str, date: str, project: str | None = None, **fields) -> dict:
        base = dict(self.space.combos(etype)[0])
        base.update(fields)
        return self.space.event(etype, base, eid=eid, date=date, project=project)

    def readings(self) -> list[Claim]:
        y1, y2 = self.first, self.first + 1
        d1, d2, late = self.date(y1), self.date(y2), f"{y1}-09-01"
        before = f"{y1 - 1}-07-01"
        early = f"{y1}-03-01"
        p = self.p
        S = self.subject
        other = lambda e, amt: [{"event": e, "policy": OTHER_POLICY, "amount": Decimal(amt)}]
        rows = []  # (reading, question, subject(s), default by hand, [(alternative, amount by hand, how)], items)

        def row(rid, question, subjects, default, alts, items, default_words="the default"):
            rows.append(
                (rid, question, subjects if isinstance(subjects, list) else [subjects], default, alts, items, default_words)
            )

        ie, ent = "industrial_enterprise", "enterprise"
        cf, em = "3.2/carbon_footprint", "3.2/energy_management"
        dd, app = "4.2/digital_demo", "4.2/app_demo"
        s_app = self.pct(app, 400000)
        row(
            "A1",
            "scope of 就高不重復 inside the policy",
            S(
                "W",
                ie,
                [
                    self.mk("carbon_footprint_cert", "C1", d1),
                    self.mk("energy_management_cert", "C2", d1),
                    self.mk("digital_demo", "D1", d1, "X"),
                    self.mk("app_demo", "D2", d1, "X", recognized_investment=Decimal(400000)),
                ],
            ),
            self.a(cf) + self.a(em) + max(self.a(dd), s_app),
            [
                (
                    "measure_year (one item per measure and year)",
                    max(self.a(cf), self.a(em)) + max(self.a(dd), s_app),
                    f"{money(max(self.a(cf), self.a(em)))} for 3.2 + {money(max(self.a(dd), s_app))} for 4.2",
                ),
                (
                    "none (no limit: project X pays both 4.2 items)",
                    self.a(cf) + self.a(em) + self.a(dd) + s_app,
                    f"{money(self.a(cf))} + {money(self.a(em))} + {money(self.a(dd))} + 15% x 400,000 = {money(s_app)}",
                ),
            ],
            (cf, em, dd, app),
        )
        ssp, ssn = "1.3/specialized_sme/provincial", "1.3/specialized_sme/national"
        row(
            "A2",
            "a higher level reached in a later year",
            S(
                "W",
                ie,
                [
                    self.mk("specialized_sme", "T1", d1, level="provincial"),
                    self.mk("specialized_sme", "T2", d2, level="national"),
                ],
            ),
            self.a(ssp) + self.a(ssn),
            [
                (
                    "top_up (補差)",
                    self.a(ssp) + (self.a(ssn) - self.a(ssp)),
                    f"{money(self.a(ssp))} + ({money(self.a(ssn))} - {money(self.a(ssp))})",
                ),
                ("none", self.a(ssp), f"{money(self.a(ssp))} only"),
            ],
            (ssp, ssn),
        )
        row(
            "A3",
            "two levels of one family in the same year",
            S(
                "W",
                ie,
                [
                    self.mk("specialized_sme", "T1", d1, level="provincial"),
                    self.mk("specialized_sme", "T2", d1, level="national"),
                ],
            ),
            self.a(ssn),
            [("cumulative", self.a(ssn) + self.a(ssp), f"{money(self.a(ssn))} + {money(self.a(ssp))}")],
            (ssp, ssn),
        )
        o5 = "1.4/output_over_500m"
        t5 = p.thresholds[o5].value
        row(
            "A4",
            "首次超過 against the recorded years or the window only",
            S(
                "W",
                ie,
                [],
                {
                    str(y1 - 1): {"industrial_output": t5 * 6 / 5, "key_industrial_enterprise": True},
                    str(y1): {"industrial_output": t5 * 7 / 5, "key_industrial_enterprise": True},
                },
            ),
            Decimal(0),
            [("window", self.a(o5), f"{y1} is the first window year over {money(t5)}: {money(self.a(o5))}")],
            (o5,),
        )
        row(
            "A5",
            "3.2 carbon footprint and energy management both obtained",
            S("W", ie, [self.mk("carbon_footprint_cert", "C1", d1), self.mk("energy_management_cert", "C2", d1)]),
            self.a(cf) + self.a(em),
            [("once", self.a(cf), f"{money(self.a(cf))} per subject")],
            (cf, em),
        )
        eq = "2.1/equipment_update"
        proj = lambda eid, purchase, date=d1, inv=30000000: self.mk(
            "equipment_project", eid, date, total_investment=Decimal(inv), equipment_purchase=Decimal(purchase)
        )
        out_a = p.thresholds["2.1/a/previous_output"].value * 6 / 5
        row(
            "A6",
            "2.1 path A: 重點工業企業 in which year",
            S(
                "W",
                ie,
                [proj("P1", 8000000)],
                {
                    str(y1 - 1): {"industrial_output": out_a, "key_industrial_enterprise": False},
                    str(y1): {"industrial_output": out_a * 7 / 6, "key_industrial_enterprise": True},
                },
            ),
            Decimal(0),
            [("current (the project year's status)", self.pct(eq, 8000000), f"5% x 8,000,000 = {money(self.pct(eq, 8000000))}")],
            (eq,),
        )
        prev = {str(y1 - 1): {"industrial_output": out_a, "key_industrial_enterprise": True}}
        row(
            "A7",
            "2.1 cap per subject and year, or per project",
            S("W", ie, [proj("P1", 40000000), proj("P2", 40000000)], prev),
            self.pct(eq, 80000000),
            [("per project", 2 * self.pct(eq, 40000000), f"2 x min(5% x 40,000,000, cap) = 2 x {money(self.pct(eq, 40000000))}")],
            (eq,),
        )
        mc = "2.3/management_consulting"
        row(
            "A8",
            "2.3 cap per engagement or per subject and year",
            S(
                "W",
                ie,
                [
                    self.mk("management_consulting", "M1", d1, fee=Decimal(4000000)),
                    self.mk("management_consulting", "M2", d1, fee=Decimal(4000000)),
                ],
            ),
            2 * self.pct(mc, 4000000),
            [("per subject and year", self.pct(mc, 8000000), f"min(10% x 8,000,000, cap) = {money(self.pct(mc, 8000000))}")],
            (mc,),
        )
        pk10, pk20 = "4.3/digital_package/10", "4.3/digital_package/20"
        row(
            "A9",
            "4.3 package tiers per provider and year, or per package",
            S(
                "W",
                "digital_service_provider",
                [self.mk("digital_package", "K1", d1, sme_count=25), self.mk("digital_package", "K2", d1, sme_count=12)],
            ),
            self.a(pk20),
            [("per package", self.a(pk20) + self.a(pk10), f"{money(self.a(pk20))} + {money(self.a(pk10))}")],
            (pk10, pk20),
        )
        sd = "4.3/sme_digital"
        ret = lambda eid, inv, level, date=d1: self.mk(
            "sme_digital_retrofit", eid, date, recognized_investment=Decimal(inv), digital_level=level
        )
        row(
            "A10",
            "4.3 retrofit below 二級",
            S("W", ent, [ret("R1", 500000, 1)]),
            Decimal(0),
            [
                (
                    "10% uncapped",
                    share(Decimal(500000), p.items[sd].rate),
                    f"10% x 500,000 = {money(share(Decimal(500000), p.items[sd].rate))}",
                )
            ],
            (sd,),
        )
        qc, qq = "5.1/quality_award/china", "5.1/quality_award/quanzhou"
        row(
            "A11",
            "5.1 awards of different governments in one year",
            S(
                "W",
                ent,
                [self.mk("quality_award", "Q1", d1, award="china"), self.mk("quality_award", "Q2", d1, award="quanzhou")],
            ),
            self.a(qc) + self.a(qq),
            [("one family, highest only", max(self.a(qc), self.a(qq)), f"{money(self.a(qc))} only")],
            (qc, qq),
        )
        gf, gs = "3.1/green_factory/national", "3.1/green_supply_chain/national"
        row(
            "A12",
            "3.1 green lists: each its own achievement, or one family per level",
            S(
                "W",
                ent,
                [
                    self.mk("green_list", "G1", d1, list="factory", level="national"),
                    self.mk("green_list", "G2", d1, list="supply_chain", level="national"),
                ],
            ),
            self.a(gf) + self.a(gs),
            [("one family per level", max(self.a(gf), self.a(gs)), f"{money(max(self.a(gf), self.a(gs)))} once")],
            (gf, gs),
        )
        cross = next((c for c in p.cross_checks if c.item == app), None)
        if cross:
            alt13 = min(share(Decimal(100000), cross.rate), p.items[app].caps["all"])
            row(
                "A13",
                "a quanzhou_subsidy that disagrees with the rate",
                S(
                    "W",
                    ent,
                    [self.mk("app_demo", "D1", d1, recognized_investment=Decimal(400000), quanzhou_subsidy=Decimal(100000))],
                ),
                s_app,
                [
                    (
                        "Quanzhou's share",
                        alt13,
                        f"{money(Decimal(cross.rate[0] * 100) / cross.rate[1])}% x 100,000 = {money(alt13)}",
                    )
                ],
                (app,),
            )
        se = "1.2/new_strategic_emerging"
        row(
            "A14",
            "1.2: the output of the year of listing, or of the year before",
            S(
                "W",
                ie,
                [self.mk("strategic_emerging_new", "N1", d1)],
                {
                    str(y1 - 1): {"strategic_emerging_output": Decimal(5000000), "industrial_output": Decimal(100000000)},
                    str(y1): {"strategic_emerging_output": Decimal(25000000), "industrial_output": Decimal(100000000)},
                },
            ),
            self.a(se),
            [("previous year", Decimal(0), f"{y1 - 1}: 5,000,000 < 20,000,000 and 5% < 50%: nothing")],
            (se,),
        )
        row(
            "A15",
            "2.1 path B: the title held on or before the project's date, or any time that year",
            S("W", ie, [proj("P1", 3000000, d1, 15000000), self.mk("specialized_sme", "T1", late, level="provincial")]),
            self.a(ssp),
            [
                (
                    "any time in the year",
                    self.a(ssp) + self.pct(eq, 3000000),
                    f"{money(self.a(ssp))} + 5% x 3,000,000 = {money(self.pct(eq, 3000000))}",
                )
            ],
            (eq, ssp),
        )
        scp = "1.3/single_champion/provincial"
        row(
            "A16",
            "a tie between this policy and another Jinjiang policy",
            S("W", ie, [self.mk("single_champion", "T1", d1, level="provincial")], None, other("T1", self.a(scp))),
            self.a(scp),
            [("the other policy", Decimal(0), f"this policy pays nothing; {OTHER_POLICY} pays {money(self.a(scp))}")],
            (scp,),
        )
        scn = "1.3/single_champion/national"
        row(
            "A17",
            "2025-01-01 .. 2025-06-14 (參照執行)",
            S("W", ie, [self.mk("single_champion", "T1", early, level="national")]),
            self.a(scn),
            [("excluded", Decimal(0), f"{early} is before {p.in_force}: nothing")],
            (scn,),
        )
        rd = "2.2/rd_instruments"
        centre = self.mk("enterprise_tech_center", "C1", before, level="quanzhou")
        row(
            "A18",
            "2.2 instruments: the year's total or each instrument >= 1,000,000",
            S(
                "W",
                ie,
                [
                    centre,
                    self.mk("rd_instrument_purchase", "R1", d1, amount=Decimal(600000)),
                    self.mk("rd_instrument_purchase", "R2", late, amount=Decimal(600000)),
                ],
            ),
            self.pct(rd, 1200000),
            [("each instrument", Decimal(0), "600,000 < 1,000,000 each: nothing")],
            (rd,),
        )
        row(
            "A19",
            "a once-per-subject item met by several events",
            S("W", ie, [self.mk("carbon_footprint_cert", "C1", d1), self.mk("carbon_footprint_cert", "C2", d2)]),
            self.a(cf),
            [("each event", 2 * self.a(cf), f"2 x {money(self.a(cf))}")],
            (cf,),
        )
        row(
            "A20",
            "a lower level first reached after a higher one",
            S(
                "W",
                ie,
                [
                    self.mk("specialized_sme", "T1", d1, level="national"),
                    self.mk("specialized_sme", "T2", d2, level="provincial"),
                ],
            ),
            self.a(ssn) + self.a(ssp),
            [("blocked", self.a(ssn), f"{money(self.a(ssn))} only")],
            (ssn, ssp),
        )
        rb = "6.3/regional_brand"
        w43 = S(
            "W-4.3",
            ent,
            [
                self.mk("sme_digital_retrofit", "R1", d1, recognized_investment=Decimal(800000), digital_level=4),
                self.mk("sme_digital_retrofit", "R2", late, recognized_investment=Decimal(800000), digital_level=4),
            ],
        )
        w63 = S(
            "W-6.3",
            "association",
            [
                self.mk("regional_brand", "B1", d1, investment=Decimal(15000000)),
                self.mk("regional_brand", "B2", d2, investment=Decimal(15000000)),
            ],
        )
        top43 = max(p.items[sd].caps, key=lambda k: p.items[sd].caps[k])
        row(
            "A21",
            "caps of 4.3 (每家) and 6.3",
            [w43, w63],
            self.pct(sd, 1600000, top43) + 2 * self.pct(rb, 15000000),
            [
                (
                    "4.3 per retrofit",
                    2 * self.pct(sd, 800000, top43) + 2 * self.pct(rb, 15000000),
                    f"4.3: 2 x {money(self.pct(sd, 800000, top43))}; 6.3 as by default: 2 x {money(self.pct(rb, 15000000))}",
                ),
                (
                    "6.3 per subject over the window",
                    self.pct(sd, 1600000, top43) + self.pct(rb, 30000000),
                    f"4.3 as by default: {money(self.pct(sd, 1600000, top43))}; 6.3: min(20% x 30,000,000, cap) = {money(self.pct(rb, 30000000))}",
                ),
            ],
            (sd, rb),
            "the default (4.3 per subject and year, 6.3 per event)",
        )
        pc = "6.1/public_consulting"
        row(
            "A22",
            "6.1 once a year or once over the window",
            S(
                "W",
                "association",
                [
                    self.mk("public_consulting", "K1", d1, enterprises_served=25),
                    self.mk("public_consulting", "K2", d2, enterprises_served=25),
                ],
            ),
            2 * self.a(pc),
            [("once over the window", self.a(pc), f"{money(self.a(pc))}")],
            (pc,),
        )
        etc = "2.2/enterprise_tech_center/provincial"
        row(
            "A23",
            "2.2 instruments bought before the centre was recognised",
            S(
                "W",
                ie,
                [
                    self.mk("rd_instrument_purchase", "R1", d1, amount=Decimal(1200000)),
                    self.mk("enterprise_tech_center", "C1", late, level="provincial"),
                ],
            ),
            self.a(etc),
            [
                (
                    "counted if the centre is held that year",
                    self.a(etc) + self.pct(rd, 1200000),
                    f"{money(self.a(etc))} + 10% x 1,200,000 = {money(self.pct(rd, 1200000))}",
                )
            ],
            (rd, etc),
        )
        row(
            "A28",
            "a renewal (復審) before the first award",
            S(
                "W",
                ie,
                [
                    dict(self.mk("specialized_sme", "T1", d1, level="provincial"), renewal=True),
                    self.mk("specialized_sme", "T2", late, level="provincial"),
                ],
            ),
            Decimal(0),
            [("a renewal does not count as a first time", self.a(ssp), f"T2 is the first award: {money(self.a(ssp))}")],
            (ssp,),
        )
        row(
            "A27",
            "another policy's payment for an event this policy cannot pay",
            S("W", ie, [self.mk("single_champion", "T1", before, level="national")], None, other("T1", 100000)),
            Decimal(0),
            [
                (
                    "not taken",
                    Decimal(0),
                    "this policy's total is 0 either way; the subject receives 100,000 under the default and nothing under the alternative",
                )
            ],
            (scn,),
        )
        row(
            "A33",
            "1.2's share when industrial_output is 0",
            S(
                "W",
                ie,
                [self.mk("strategic_emerging_new", "N1", d1)],
                {str(y1): {"strategic_emerging_output": Decimal(10000000), "industrial_output": Decimal(0)}},
            ),
            Decimal(0),
            [("the share is reached (any share of nothing)", self.a(se), f"{money(self.a(se))}")],
            (se,),
        )
        caps43 = p.items[sd].caps
        lv = sorted(caps43, key=lambda k: caps43[k])
        row(
            "A34",
            "4.3's cap: the highest level of the year's retrofits",
            S("W", ent, [ret("R1", 900000, 2), ret("R2", 10000, 4, late)]),
            min(share(Decimal(910000), p.items[sd].rate), caps43[lv[-1]]),
            [
                (
                    "each retrofit capped at its own level",
                    self.pct(sd, 900000, lv[0]) + self.pct(sd, 10000, lv[-1]),
                    f"min(90,000, {money(caps43[lv[0]])}) + min(1,000, {money(caps43[lv[-1]])})",
                )
            ],
            (sd,),
        )
        row(
            "A36",
            "1.4: an earlier year that was not a 重點工業企業 year",
            S(
                "W",
                ie,
                [],
                {
                    str(y1 - 1): {"industrial_output": t5 * 6 / 5},
                    str(y1): {"industrial_output": t5 * 7 / 5, "key_industrial_enterprise": True},
                },
            ),
            Decimal(0),
            [("only key-enterprise years count as earlier crossings", self.a(o5), f"{money(self.a(o5))}")],
            (o5,),
        )
        # Readings that decide what is listed or named, never an amount.
        row(
            "A24",
            "several stacking rules keep one item out (which are listed)",
            S(
                "W",
                ie,
                [
                    self.mk("single_champion", "T1", d1, level="provincial"),
                    self.mk("single_champion", "T2", d1, level="national"),
                ],
                None,
                other("T1", 200000),
            ),
            self.a(scn),
            [("list one reason", self.a(scn), "the same amount; only the reasons of T1's denial change")],
            (scp, scn),
        )
        sfd, sfe = "4.1/smart_factory/demonstration", "4.1/smart_factory/excellent"
        row(
            "A25",
            "the last tie-break between equal award sets",
            S(
                "W",
                ent,
                [
                    self.mk("smart_factory", "F1", d1, "X", rating="excellent"),
                    self.mk("smart_factory", "F2", d1, "X", rating="demonstration"),
                ],
            ),
            self.a(sfd),
            [("another order of ids", self.a(sfe), f"{sfe} instead, the same {money(self.a(sfe))}")],
            (sfd, sfe),
        )
        row(
            "A26",
            "2.1 when neither path passes: whose reasons",
            S("W", ie, [proj("P1", 1000000, d1, 5000000)]),
            Decimal(0),
            [("the other path's reasons", Decimal(0), "the same 0; the reasons name path b instead of path a")],
            (eq,),
        )
        row(
            "A29",
            "2.2 instruments: a purchase that does not count itself",
            S("W", ie, [self.mk("rd_instrument_purchase", "R1", d1, amount=Decimal(500000))]),
            Decimal(0),
            [("also below_threshold", Decimal(0), "the same 0; the denial would also list below_threshold")],
            (rd,),
        )
        icl = "2.2/innovation_center_lead/provincial"
        row(
            "A31",
            "a provincial innovation-centre member",
            S("W", ie, [self.mk("innovation_center", "I1", d1, level="provincial", role="member")]),
            Decimal(0),
            [("not listed", Decimal(0), "the same 0; the member event would not be listed as a denial")],
            (icl,),
        )
        row(
            "A32",
            "1.1 supports per window year",
            S("W", ie, [], {str(y1): {"above_scale": True}, str(y2): {"above_scale": True}}),
            Decimal(0),
            [("once", Decimal(0), "the same 0 (support only); listed once instead of once a year")],
            ("1.1/energy_guarantee",),
        )
        row(
            "A37",
            "an eligible item worth 0",
            S("W", ent, [self.mk("app_demo", "D1", d1, recognized_investment=Decimal(0))]),
            Decimal(0),
            [("not paid", Decimal(0), "the same 0; the award of 0 would be a denial instead")],
            (app,),
        )
        row(
            "A40",
            "twins: identical candidates of one item, year and basis",
            S("W", ie, [self.mk("digital_demo", "D1", d1, "X"), self.mk("digital_demo", "D2", d1, "X")]),
            self.a(dd),
            [("the later event", self.a(dd), f"the same {money(self.a(dd))}, paid on D2 instead of D1")],
            (dd,),
        )
        row(
            "A41",
            "another policy pays one event of an aggregated item's project",
            S(
                "W",
                ie,
                [
                    centre,
                    self.mk("rd_instrument_purchase", "R1", d1, "X", amount=Decimal(600000)),
                    self.mk("rd_instrument_purchase", "R2", late, "X", amount=Decimal(600000)),
                ],
                None,
                other("R1", 100000),
            ),
            self.pct(rd, 600000),
            [("the project used up", Decimal(0), "R1's payment by the other policy would keep R2 out: nothing")],
            (rd,),
        )
        lg = "1.2/loan_guidance"
        row(
            "A42",
            "1.2 loan guidance for a second listing",
            S("W", ie, [self.mk("strategic_emerging_new", "N1", before), self.mk("strategic_emerging_new", "N2", d1)]),
            Decimal(0),
            [("each listing", Decimal(0), "the same 0 (support only); N2 granted instead of not_first_time")],
            (lg,),
        )
        nse = "1.2/new_strategic_emerging"
        row(
            "A43",
            "1.2 when neither path passes and 工業總產值 is missing",
            S(
                "W",
                ie,
                [self.mk("strategic_emerging_new", "N1", d1)],
                {str(y1): {"strategic_emerging_output": Decimal(10000000)}},
            ),
            Decimal(0),
            [("missing_fact", Decimal(0), "the same 0; the denial would be missing_fact instead of below_threshold")],
            (nse,),
        )
        sc, di = "1.3/single_champion/national", "2.2/design_institute/national"
        row(
            "A44",
            "two first events of a once-per-subject item on one day",
            S(
                "W",
                ent,
                [
                    self.mk("single_champion", "A", d1, "X", level="national"),
                    self.mk("single_champion", "B", d1, level="national"),
                    self.mk("design_institute", "D", d1, "X", level="national"),
                ],
            ),
            self.a(sc) + self.a(di),
            [
                (
                    "the lower event id is the first",
                    max(self.a(sc), self.a(di)),
                    f"A is the first and shares project X with D: {money(max(self.a(sc), self.a(di)))}; B not a first time",
                )
            ],
            (sc, di),
        )
        self.searched["readings_without_witness"] = {
            "A30": "withdrawn",
            "A39": "withdrawn",
            "A35": "concerns input validation: the alternative (accept unknown fields) would change what is refused, "
            "not any evaluated result",
            "A38": "a tie-break among equal totals ('fewer awards'), which no amount depends on",
        }
        out = []
        switches = getattr(p, "switches", {}) or {}
        order = lambda r: int(r[0][1:])
        for rid, question, subjects, default, alts, items, dwords in sorted(rows, key=order):
            # each alternative evaluated with its --reading switch where the encodings have one; the amount
            # worked out by hand above is then a cross-check (a disagreement is noted, the evaluated one said)
            switched = []
            for n, _alt in enumerate(alts):
                switch = SWITCHED.get(rid, {}).get(n)
                if switch and switch[0] in switches and switch[1] in switches[switch[0]][1]:
                    switched.append((n, {switch[0]: switch[1]}))
            variants = tuple((f"{next(iter(rd))}={rd[next(iter(rd))]}", rd) for _, rd in switched)
            by_alt = {n: label for (n, _), (label, _) in zip(switched, variants, strict=True)}

            def holds(res, subjects=subjects, default=default):
                return sum((res[s["id"]].total for s in subjects), Decimal(0)) == default

            def say(res, rid=rid, question=question, subjects=subjects, alts=alts, dwords=dwords, by_alt=by_alt):
                ids = " and ".join(s["id"] for s in subjects)
                got = sum((res[s["id"]].total for s in subjects), Decimal(0))
                parts = []
                for n, (name, amount, how) in enumerate(alts):
                    label = by_alt.get(n)
                    if label is not None:
                        value = sum((res[(label, s["id"])].total for s in subjects), Decimal(0))
                        if value != amount:
                            self.notes.append(
                                f"{rid}: --reading {label} evaluates to {money(value)} where the "
                                f"alternative '{name}' worked out by hand gives {money(amount)} ({how})"
                            )
                        delta = value - got
                        parts.append(f"with --reading {label} ({name}) {money(value)} ({'+' if delta > 0 else ''}{money(delta)})")
                    else:
                        delta = amount - got
                        parts.append(
                            f"under '{name}' (no switch; worked out by hand: {how}) {money(amount)} "
                            f"({'+' if delta > 0 else ''}{money(delta)})"
                        )
                verb = "earn" if len(subjects) > 1 else "earns"
                return f"{rid} ({question}): {ids} {verb} {money(got)} under {dwords}; " + "; ".join(parts) + "."

            money_changes = any(amount != default for _, amount, _ in alts)
            why = (
                "The drafting office's answer to this question moves real money for subjects like this one."
                if money_changes
                else "The answer changes what the result lists or names, not the amount."
            )
            out.append(
                Claim(
                    "reading_sensitive",
                    f"reading_sensitive/{rid}",
                    tuple(items),
                    subjects,
                    holds,
                    say,
                    why,
                    measures=tuple(sorted({p.items[i].measure for i in items})),
                    readings=(rid,),
                    variants=variants,
                )
            )
        return out


# ---- running the searches, verifying every witness ------------------------------------------------
def _effect(r: SubjectResult) -> dict:
    out = {
        "total": r.total,
        "received": received(r),
        "awards": [{"item": a.item, "year": a.year, "amount": a.amount, "basis": list(a.basis)} for a in r.awards],
    }
    if r.warnings:
        out["warnings"] = [str(w) for w in r.warnings]  # in English, as the report is
    return out


def verify(claims: list[Claim], checker: Checker) -> tuple[list[Finding], list[str]]:
    """Evaluate every claim's witness as a document of its own (in one batch: a subject's result depends on
    its own facts alone) and keep the claims whose effect it shows, worded from what was evaluated."""
    from .model import parse_facts

    batches: dict[str, list] = {"": []}  # readings switched ("" for none) -> subjects
    switched: dict[str, dict] = {"": {}}
    for n, c in enumerate(claims):
        for s in c.subjects:
            batches[""].append(dict(s, id=f"{n}|{s['id']}"))
        for label, rd in c.variants:
            batches.setdefault(label, []).extend(dict(s, id=f"{n}|{s['id']}") for s in c.subjects)
            switched[label] = rd
    results: dict[tuple, SubjectResult] = {}
    for label, subjects in batches.items():
        if not subjects:
            continue
        facts = parse_facts({"schema": SCHEMA, "subjects": subjects}, checker.space.known)
        result = checker.ev.evaluate(facts, readings=switched[label]) if label else checker.ev.evaluate(facts)
        for r in result.subjects:
            results[(label, r.id)] = r
    findings, dropped = [], []
    for n, c in enumerate(claims):
        res: dict = {s["id"]: _renamed(results[("", f"{n}|{s['id']}")], s["id"]) for s in c.subjects}
        for label, _ in c.variants:
            res.update({(label, s["id"]): _renamed(results[(label, f"{n}|{s['id']}")], s["id"]) for s in c.subjects})
        if not c.holds(res):
            dropped.append(c.key)
            continue
        findings.append(
            Finding(
                kind=c.kind,
                key=c.key,
                items=c.items,
                statement=c.say(res),
                why=c.why,
                clauses=checker.clauses([i for i in c.items if i in checker.p.items], c.extra_clauses),
                witness={"schema": SCHEMA, "subjects": copy.deepcopy(c.subjects)},
                effect={sid: _effect(r) for sid, r in res.items() if isinstance(sid, str)},
                switched={label: {s["id"]: _effect(res[(label, s["id"])]) for s in c.subjects} for label, _ in c.variants},
                readings=c.readings,
            )
        )
    return findings, dropped


def _renamed(r: SubjectResult, sid: str) -> SubjectResult:
    return SubjectResult(sid, r.name, r.awards, r.support, r.denied, r.other_policy, r.warnings)


def run(p: Policy | None = None, evaluate=None) -> Report:
    """Every search over the policy (the default one, or a reformed Policy with its evaluate function)."""
    start = time.monotonic()
    c = Checker(p, evaluate)
    c.reach.run()
    claims = c.unreachable() + c.overlap() + c.non_monotone() + c.timing() + c.readings() + c.cap_geometry()
    findings, dropped = verify(claims, c)
    findings.sort(key=lambda f: KINDS.index(f.kind))  # stable: each search's own order within a kind
    searched = {
        "items": len(c.p.items),
        "reachable": len(c.reach.witness),
        "subjects_evaluated": c.ev.subjects,
        "reach": c.reach.searched,
        **c.searched,
    }
    notes = [f"{key}: its witness did not show the effect when evaluated again; not reported" for key in dropped]
    notes += c.notes
    return Report(findings, searched, notes, time.monotonic() - start)
