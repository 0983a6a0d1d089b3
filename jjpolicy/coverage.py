"""`jjpolicy coverage`: what a facts file (or a test corpus) exercises of the policy, and its holes.

For every item of the catalogue: whether some subject of the file is a candidate for it, is granted it,
is denied it; each of its conditions (the checks of the encodings, read off the model as `explain`
reads them: need/4, alt/6, ok/3, moot/3) seen met and seen failed; each alternative path (2.1 paths
a/b, 1.2 output/share) seen passing; each denial reason it can be given seen. What an item *can* be
checked against comes from the encodings too: the conditions of a subject the engine grants it (the
witnesses `jjpolicy check` finds), and the reasons the stacking rules can give it.

Input: a `jjpolicy.facts/1` file, a test-case file (`{"cases": [{"facts": ...}, ...]}`, each case's
facts), or a directory of either (its *.json files, sorted).
"""

from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .atoms import Alt, Cand, Moot, Need, Ok
from .figures import Policy, policy
from .model import SCHEMA as FACTS_SCHEMA
from .model import InputError, Problem, Subject, parse_facts
from .result import Builder
from .solve import CHUNK, solve_chunk
from .terms import FUNCTION, Term, text

SCHEMA = "jjpolicy.coverage/1"

# Eligibility reasons every item can be given, and the stacking reasons by what the item is.
ALWAYS = ("not_registered_in_jinjiang", "already_awarded")


# ---- the labels of conditions --------------------------------------------------------------------
def _when(ref: Term, year: int) -> str:
    """' (the year)', ' (the previous year)' for a check on a year figure; '' for one on an event."""
    if ref.kind == FUNCTION and ref.name == "yr":
        offset = ref.arguments[1].number - year
        return {0: " (the year)", -1: " (the previous year)"}.get(offset, f" (year {offset:+d})")
    return ""


def check_label(check: Term, cand: Term) -> str:
    """A condition as it reads for every subject: the check's kind and the policy figure or field it holds
    a fact against, without the subject's own numbers (`reaches 2.1/a/total_investment`)."""
    year = cand.arguments[1].number
    name, args = check.name, check.arguments
    if name in ("flag", "has") and len(args) == 2:
        return f"{name} {text(args[1])}{_when(args[0], year)}"
    if name in ("reaches", "exceeds", "ratio") and len(args) == 2:
        return f"{name} {text(args[1])}{_when(args[0], year)}"
    if name == "attr" and len(args) == 3:
        return f"{text(args[1])} = {text(args[2])}"
    if name == "year_total" and len(args) == 3:
        return f"year_total {text(args[2])}"
    return name


@dataclass
class ItemCoverage:
    item: str
    candidates: int = 0
    granted: int = 0
    denied: int = 0
    # (path or None, label) -> [met, failed, not applicable]
    conditions: dict = field(default_factory=dict)
    # path -> [passed, not passed]
    paths: dict = field(default_factory=dict)
    reasons_seen: dict = field(default_factory=dict)
    reasons_possible: tuple = ()
    possible: dict = field(default_factory=dict)  # (path, label) -> Condition: which outcomes can happen

    def to_dict(self) -> dict:
        return {
            "item": self.item,
            "candidates": self.candidates,
            "granted": self.granted,
            "denied": self.denied,
            "conditions": [
                {"check": label, "path": path, "met": n[0], "failed": n[1], "not_applicable": n[2]}
                for (path, label), n in self.conditions.items()
            ],
            "paths": [{"path": p, "passed": n[0], "not_passed": n[1]} for p, n in self.paths.items()],
            "reasons": {
                "seen": dict(sorted(self.reasons_seen.items())),
                "never": [r for r in self.reasons_possible if r not in self.reasons_seen],
            },
        }


@dataclass
class Coverage:
    sources: list[str]
    subjects: int
    items: list[ItemCoverage]

    def holes(self) -> dict:
        out = {
            "items_never_reached": [c.item for c in self.items if not c.candidates],
            "items_never_granted": [c.item for c in self.items if c.candidates and not c.granted],
            "conditions_never_met": [],
            "conditions_never_failed": [],
            "paths_never_passed": [],
            "reasons_never_seen": [],
        }
        for c in self.items:
            if not c.candidates:
                continue
            for (path, label), (met, failed, _na) in c.conditions.items():
                name = f"{c.item}: {f'path {path}: ' if path else ''}{label}"
                can = c.possible[(path, label)]
                if not met and can.can_meet:
                    out["conditions_never_met"].append(name)
                if not failed and can.can_fail:
                    out["conditions_never_failed"].append(name)
            out["paths_never_passed"] += [f"{c.item}: path {p}" for p, (passed, _) in c.paths.items() if not passed]
            out["reasons_never_seen"] += [f"{c.item}: {r}" for r in c.reasons_possible if r not in c.reasons_seen]
        return out

    def summary(self) -> dict:
        reached = [c for c in self.items if c.candidates]
        outcomes = [(n[0], can.can_meet) for c in self.items for key, n in c.conditions.items() for can in [c.possible[key]]] + [
            (n[1], can.can_fail) for c in self.items for key, n in c.conditions.items() for can in [c.possible[key]]
        ]
        paths = [n for c in self.items for n in c.paths.values()]
        return {
            "items": {
                "of": len(self.items),
                "reached": len(reached),
                "granted": sum(1 for c in self.items if c.granted),
                "denied": sum(1 for c in self.items if c.denied),
            },
            "conditions": {
                "of": sum(len(c.conditions) for c in self.items),
                "outcomes": sum(1 for _, can in outcomes if can),
                "outcomes_seen": sum(1 for seen, can in outcomes if can and seen),
            },
            "paths": {"of": len(paths), "passed": sum(1 for n in paths if n[0])},
            "reasons": {
                "of": sum(len(c.reasons_possible) for c in self.items),
                "seen": sum(1 for c in self.items for r in c.reasons_possible if r in c.reasons_seen),
            },
        }

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "policy": "晉政規〔2025〕5號",
            "sources": self.sources,
            "subjects": self.subjects,
            "summary": self.summary(),
            "items": [c.to_dict() for c in self.items],
            "holes": self.holes(),
        }


# ---- what each item can be checked against ----------------------------------------------------------
@dataclass(frozen=True)
class Condition:
    """A condition of an item, and which outcomes the search saw it take (so which ones can happen)."""

    can_meet: bool
    can_fail: bool


@lru_cache(maxsize=1)
def universe() -> dict[str, tuple[dict, tuple[str, ...]]]:
    """item -> ({(path, label): Condition} in order, the reasons it can be denied for, in order).

    What can happen is what happens to the subjects `jjpolicy check` generates (every kind, event type
    and value, each figure below, at and above the policy's, each flag false once, a subject registered
    elsewhere, with and without a context), solved here with every condition shown: a condition counts
    where the search saw it, and a hole is reported only for an outcome the search saw it take (an upper
    1.4 tier is a candidate only once exceeded: it cannot fall short of its figure)."""
    from . import evaluate_facts
    from .check import Reach, structure
    from .check_space import Evaluator, Space

    p = policy()
    space = Space(p)
    reach = Reach(space, Evaluator(space, evaluate_facts))
    reach.run()
    docs = [reach._subject(w, sid=f"u{n}") for n, w in enumerate(reach.probes)]
    facts = parse_facts({"schema": FACTS_SCHEMA, "subjects": docs}, frozenset(p.items))
    obs = observe(list(facts.subjects))
    st = structure()
    out = {}
    for item in sorted(p.items, key=lambda i: (p.measure_rank(p.items[i].measure), i)):
        seen = obs.conditions.get(item, {})
        conds = {
            key: Condition(v[0] > 0, v[1] > 0)
            for key, v in sorted(seen.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))
            if v[0] or v[1]
        }
        failing = {obs.codes[item][key] for key, c in conds.items() if c.can_fail}
        out[item] = (conds, _possible_reasons(p, item, failing, item in obs.on_event, st))
    return out


@dataclass
class Observed:
    """What the model showed of a list of subjects: per item, its conditions' outcomes
    ((path, label) -> [met, failed, not applicable]), its paths ((item, path) -> [passed, not passed]),
    candidates, grants, denials and reason codes; the items seen on an event."""

    conditions: dict = field(default_factory=dict)
    paths: dict = field(default_factory=dict)
    candidates: dict = field(default_factory=dict)
    granted: dict = field(default_factory=dict)
    denied: dict = field(default_factory=dict)
    reasons: dict = field(default_factory=dict)
    on_event: set = field(default_factory=set)
    codes: dict = field(default_factory=dict)  # item -> {(path, label): the reason code it fails with}

    def merge(self, other: Observed) -> None:
        for name in ("conditions", "paths", "reasons"):
            mine = getattr(self, name)
            for k, inner in getattr(other, name).items():
                target = mine.setdefault(k, {})
                for k2, v in inner.items():
                    if isinstance(v, list):
                        cur = target.setdefault(k2, [0] * len(v))
                        for i, x in enumerate(v):
                            cur[i] += x
                    else:
                        target[k2] = target.get(k2, 0) + v
        for name in ("candidates", "granted", "denied"):
            mine = getattr(self, name)
            for k, v in getattr(other, name).items():
                mine[k] = mine.get(k, 0) + v
        self.on_event |= other.on_event
        for item, codes in other.codes.items():
            self.codes.setdefault(item, {}).update(codes)


def _observe_chunk(chunk: list[Subject]) -> Observed:
    p = policy()
    answer = solve_chunk(chunk, explain=True)
    out = Observed()
    for s_no, result in enumerate(Builder(p, answer).subjects()):
        atoms = answer.of(s_no)
        ok = {(str(r.cand), str(r.check)) for r in atoms[Ok]}
        moot = {(str(r.cand), str(r.check)) for r in atoms[Moot]}
        for r in {str(c.cand): c for c in atoms[Cand]}.values():
            item = text(r.cand.arguments[0])
            out.candidates[item] = out.candidates.get(item, 0) + 1
            if r.cand.arguments[2].name == "ev":
                out.on_event.add(item)
        path_ok: dict[tuple, bool] = {}
        for cand, path, check, code in _rows(atoms):
            item = text(cand.arguments[0])
            key = (path, check_label(check, cand))
            out.codes.setdefault(item, {})[key] = code
            n = out.conditions.setdefault(item, {}).setdefault(key, [0, 0, 0])
            k = (str(cand), str(check))
            n[0 if k in ok else (2 if k in moot else 1)] += 1
            if path is not None:
                pk = (item, str(cand), path)
                path_ok[pk] = path_ok.get(pk, True) and k in ok
        for (item, _cand, path), passed in path_ok.items():
            out.paths.setdefault(item, {}).setdefault(path, [0, 0])[0 if passed else 1] += 1
        for x in list(result.awards) + list(result.support):
            out.granted[x.item] = out.granted.get(x.item, 0) + 1
        for d in result.denied:
            out.denied[d.item] = out.denied.get(d.item, 0) + 1
            for code in d.codes:
                r = out.reasons.setdefault(d.item, {})
                r[code] = r.get(code, 0) + 1
    return out


_PENDING: list[list[Subject]] = []


def _observe_pending(i: int) -> Observed:
    return _observe_chunk(_PENDING[i])


def observe(subjects: list[Subject]) -> Observed:
    """Solve the subjects with every condition shown, chunk by chunk, on every core (as engine.py does)."""
    global _PENDING
    chunks = [subjects[i : i + CHUNK] for i in range(0, len(subjects), CHUNK)]
    out = Observed()
    workers = min(len(chunks), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        parts = [_observe_chunk(c) for c in chunks]
    else:
        policy()
        _PENDING = chunks
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                parts = list(pool.map(_observe_pending, range(len(chunks))))
        finally:
            _PENDING = []
    for part in parts:
        out.merge(part)
    return out


def _rows(atoms):
    """(candidate, path or None, check, reason code) of every condition of the model."""
    for r in atoms[Need]:
        yield r.cand, None, r.check, r.code
    for r in atoms[Alt]:
        yield r.cand, r.path, r.check, r.code


def _possible_reasons(p: Policy, item: str, failing: set, on_event: bool, st: dict) -> tuple[str, ...]:
    """The reason codes the item can be denied for, in the contract's order: the codes of its conditions
    that the search saw fail, and those of time and stacking the rules can give it (eligibility.lp,
    stacking.lp) that the search does not try (past awards, renewals, other policies, a second event)."""
    from .result import REASON_ORDER

    out = set(ALWAYS) | failing
    if on_event:
        out.add("outside_validity")
        if item not in st["per_year"] and item not in st["status_support"]:
            out.add("not_first_time")  # a renewal, or (once per subject) a later event
    elif item in p.tiers and item in p.thresholds:
        out.add("not_first_time")  # 首次超過
    if p.items[item].mode != "support":
        if item in p.tiers:
            out.add("superseded")
        if on_event:
            out |= {"basis_used_elsewhere", "superseded_by_other_policy"}
    return tuple(c for c in REASON_ORDER if c in out)


# ---- reading a file ---------------------------------------------------------------------------------
def load(paths: list[str]) -> tuple[list[str], list[Subject]]:
    """The subjects of facts files, case files and directories of them (InputError with paths)."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(path.glob("*.json"))
        else:
            files.append(path)
    known = frozenset(policy().items)
    subjects: list[Subject] = []
    problems: list[Problem] = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            problems.append(Problem(str(path), f"cannot read: {exc}"))
            continue
        docs = (
            [(f"{path}: cases[{n}].facts", c.get("facts")) for n, c in enumerate(data["cases"])]
            if isinstance(data, dict) and isinstance(data.get("cases"), list)
            else [(str(path), data)]
        )
        for where, doc in docs:
            try:
                subjects += parse_facts(doc, known).subjects
            except InputError as exc:
                problems += [Problem(f"{where}: {q.path}", q.message) for q in exc.problems]
    if problems:
        raise InputError(problems)
    return [str(f) for f in files], subjects


def coverage(sources: list[str], subjects: list[Subject]) -> Coverage:
    uni = universe()
    obs = observe(subjects)
    items = []
    for i, (conds, reasons) in uni.items():
        seen = obs.conditions.get(i, {})
        c = ItemCoverage(
            i,
            obs.candidates.get(i, 0),
            obs.granted.get(i, 0),
            obs.denied.get(i, 0),
            conditions={k: list(seen.get(k, [0, 0, 0])) for k in conds},
            paths={p: list(obs.paths.get(i, {}).get(p, [0, 0])) for p in dict.fromkeys(pth for pth, _ in conds if pth)},
            reasons_seen=dict(obs.reasons.get(i, {})),
            reasons_possible=reasons,
            possible=conds,
        )
        items.append(c)
    return Coverage(sources, len(subjects), items)


# ---- for people -----------------------------------------------------------------------------------------
def coverage_text(cov: Coverage, md: bool = False) -> str:
    s = cov.summary()
    h = cov.holes()
    head = "# " if md else ""
    sub = "## " if md else ""
    bullet = "- " if md else "  - "
    lines = [
        f"{head}jjpolicy coverage: {cov.subjects} subject{'' if cov.subjects == 1 else 's'} from "
        f"{len(cov.sources)} file{'' if len(cov.sources) == 1 else 's'}",
        "",
        f"items: {s['items']['reached']} of {s['items']['of']} reached, {s['items']['granted']} granted, "
        f"{s['items']['denied']} denied",
        f"conditions: {s['conditions']['of']} (kind, registration, flags, figures, statuses per item); of their possible "
        f"outcomes (met, failed) {s['conditions']['outcomes_seen']} of {s['conditions']['outcomes']} seen",
        f"alternative paths: {s['paths']['passed']} of {s['paths']['of']} seen passing (2.1 a/b, 1.2 output/share)",
        f"denial reasons: {s['reasons']['seen']} of {s['reasons']['of']} seen",
    ]
    titles = {
        "items_never_reached": "Items no subject is a candidate for",
        "items_never_granted": "Items reached but never granted",
        "conditions_never_met": "Conditions never met",
        "conditions_never_failed": "Conditions never failed",
        "paths_never_passed": "Alternative paths never passed",
        "reasons_never_seen": "Denial reasons never seen",
    }
    for key, title in titles.items():
        lines += ["", f"{sub}{title} ({len(h[key])})"]
        lines += [f"{bullet}{x}" for x in h[key]] or [f"{bullet}none"]
    return "\n".join(lines) + "\n"
