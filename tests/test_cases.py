"""Acceptance cases for the core engine (issue #2).

Every case in tests/cases/*.json is a facts object (`jjpolicy.facts/1`) and the
outcome computed by hand from the spec (shared/spec/measures.md, contract.md,
ambiguities.md). A case file looks like:

    {"cases": [{"name": ..., "why": ..., "facts": {...},
                "expect": {"<subject id>": {
                    "total": "50000",
                    "awards": [{"item", "year", "amount", "basis"}],   # complete list
                    "support": [{"item", "year"}],                      # optional, complete
                    "denied": [{"item", "year", "basis", "codes"}],     # optional, complete
                    "denied_includes": [...same shape...],              # optional, subset
                    "other_policy": [{"event", "taken"}]}},             # optional, complete
                "order_independent": true}]}                            # optional

`order_independent` cases are evaluated a second time with every subject's
events in reverse order: ties must be broken by the documented rules (item and
basis ids), never by input order.

Case files are read with `parse_float=Decimal`, so a JSON number such as
20000000000.01 reaches the engine exactly (the contract forbids binary floats).
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases():
    params = []
    for path in sorted(CASES_DIR.glob("*.json")):
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh, parse_float=Decimal)
        for case in data["cases"]:
            params.append(pytest.param(case, id=f"{path.stem}::{case['name']}"))
    return params


CASES = _load_cases()


# ---------------------------------------------------------------- normalising


def _dec(x) -> Decimal:
    return Decimal(str(x))


def _get(obj, key, default=None):
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _basis(entry) -> tuple:
    return tuple(str(b) for b in (_get(entry, "basis") or ()))


def _codes(entry) -> list:
    out = []
    for r in _get(entry, "reasons") or ():
        out.append(r if isinstance(r, str) else _get(r, "code"))
    return out


def _fmt_award(a):
    item, year, amount, basis = a
    return f"{item} {year} amount={amount} basis={list(basis)}"


def _fmt_key(k):
    item, year, basis = k
    return f"{item} {year} basis={list(basis)}"


def _evaluate(facts):
    from jjpolicy import evaluate  # imported here so that collection works before the engine exists

    result = evaluate(copy.deepcopy(facts))
    return result.to_dict() if hasattr(result, "to_dict") else result


# ---------------------------------------------------------------- comparing


def _compare(case, d) -> list[str]:
    problems: list[str] = []
    subjects = {str(_get(s, "id")): s for s in (_get(d, "subjects") or ())}
    expected_subjects = case["expect"]

    for sid, exp in expected_subjects.items():
        got = subjects.get(sid)
        if got is None:
            problems.append(f"[{sid}] subject missing from the result")
            continue
        p = f"[{sid}]"

        # awards (a multiset, so a duplicated award shows up)
        got_awards_list = [
            (_get(a, "item"), int(_get(a, "year")), _dec(_get(a, "amount")), _basis(a)) for a in (_get(got, "awards") or ())
        ]
        got_awards = Counter(got_awards_list)
        exp_awards = Counter((a["item"], int(a["year"]), Decimal(a["amount"]), tuple(a["basis"])) for a in exp["awards"])
        if got_awards != exp_awards:
            missing = exp_awards - got_awards
            extra = got_awards - exp_awards
            lines = [f"{p} awards differ:"]
            lines += [f"    missing:    {_fmt_award(a)}" for a in sorted(missing.elements(), key=str)]
            lines += [f"    unexpected: {_fmt_award(a)}" for a in sorted(extra.elements(), key=str)]
            problems.append("\n".join(lines))

        # total, and total == sum of awards (contract: "total is their exact sum")
        got_total = _get(got, "total")
        if got_total is None or _dec(got_total) != Decimal(exp["total"]):
            problems.append(f"{p} total: expected {exp['total']}, got {got_total}")
        elif _dec(got_total) != sum((a[2] for a in got_awards_list), Decimal(0)):
            problems.append(f"{p} total {got_total} is not the sum of the awards listed")

        # support
        if "support" in exp:
            got_sup = {(_get(s, "item"), int(_get(s, "year"))) for s in (_get(got, "support") or ())}
            exp_sup = {(s["item"], int(s["year"])) for s in exp["support"]}
            if got_sup != exp_sup:
                problems.append(
                    f"{p} support differs:\n    missing:    {sorted(exp_sup - got_sup)}\n"
                    f"    unexpected: {sorted(got_sup - exp_sup)}"
                )

        # denied
        got_denied: dict = {}
        for e in _get(got, "denied") or ():
            key = (_get(e, "item"), int(_get(e, "year")), _basis(e))
            if key in got_denied:
                problems.append(f"{p} denied lists {_fmt_key(key)} twice")
            got_denied[key] = _codes(e)
        exp_full = {(e["item"], int(e["year"]), tuple(e["basis"])): list(e["codes"]) for e in exp.get("denied", ())}
        exp_incl = {(e["item"], int(e["year"]), tuple(e["basis"])): list(e["codes"]) for e in exp.get("denied_includes", ())}
        for key, codes in {**exp_full, **exp_incl}.items():
            if key not in got_denied:
                problems.append(f"{p} denied is missing {_fmt_key(key)} codes={codes}")
            elif got_denied[key] != codes:
                problems.append(f"{p} denied {_fmt_key(key)}: expected codes {codes}, got {got_denied[key]}")
        if "denied" in exp:
            for key in sorted(set(got_denied) - set(exp_full), key=str):
                problems.append(f"{p} denied has an unexpected entry {_fmt_key(key)} codes={got_denied[key]}")

        # other_policy
        if "other_policy" in exp:
            got_op = {(str(_get(o, "event")), bool(_get(o, "taken"))) for o in (_get(got, "other_policy") or ())}
            exp_op = {(o["event"], bool(o["taken"])) for o in exp["other_policy"]}
            if got_op != exp_op:
                problems.append(f"{p} other_policy (event, taken): expected {sorted(exp_op)}, got {sorted(got_op)}")

    # top-level total, when the case speaks to every subject
    fact_ids = {s["id"] for s in case["facts"]["subjects"]}
    if fact_ids == set(expected_subjects):
        want = sum((Decimal(x["total"]) for x in expected_subjects.values()), Decimal(0))
        top = _get(d, "total")
        if top is None or _dec(top) != want:
            problems.append(f"top-level total: expected {want}, got {top}")
    return problems


def _reversed_events(facts):
    f = copy.deepcopy(facts)
    for s in f["subjects"]:
        s["events"] = list(reversed(s.get("events", [])))
    return f


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    d = _evaluate(case["facts"])
    problems = _compare(case, d)
    if case.get("order_independent"):
        d2 = _evaluate(_reversed_events(case["facts"]))
        problems += [f"(events reversed) {m}" for m in _compare(case, d2)]
    assert not problems, f"{case['name']}\n  why: {case['why']}\n  " + "\n  ".join(problems)


def test_case_files_are_well_formed():
    """Cheap structural checks on the case files themselves (no engine needed)."""
    assert CASES, "no cases found"
    seen = set()
    for param in CASES:
        case = param.values[0]
        assert param.id not in seen, f"duplicate case id {param.id}"
        seen.add(param.id)
        assert case.get("why"), f"{param.id}: every case needs a why"
        assert case["facts"]["schema"] == "jjpolicy.facts/1", param.id
        ids = {s["id"] for s in case["facts"]["subjects"]}
        for sid, exp in case["expect"].items():
            assert sid in ids, f"{param.id}: expectation for unknown subject {sid}"
            total = sum((Decimal(a["amount"]) for a in exp["awards"]), Decimal(0))
            assert total == Decimal(exp["total"]), f"{param.id}: [{sid}] total is not the sum of its awards"
            for a in exp["awards"]:
                assert list(a["basis"]) == sorted(a["basis"]), f"{param.id}: basis must be sorted"
