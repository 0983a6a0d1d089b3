"""Properties of the engine over generated facts (issue 12), with Hypothesis.

The generators are in tests/strategies.py, the profiles (ci: derandomized, a few hundred examples;
long: HYPOTHESIS_PROFILE=long) in tests/conftest.py. The properties:

1. evaluate and explain never raise on valid input (every subject explained).
2. invalid input always raises InputError, every problem with a non-empty JSON path, one of them at
   the place the mutation broke; never another exception (nor the validator's catch-all for one).
3. a subject's result is the same alone, inside a portfolio of other subjects, and under any
   permutation of its events, of its `years` keys, of its `other_awards` (and of its `past_awards`)
   (other_policy compared as sorted content; a separate test asks the raw list to be
   order-independent too).
4. rerunning gives byte-identical JSON; the JSON text of the input gives the same bytes as the dict.
5. no award exceeds its item's cap nor its rate times the sum of its basis events' base figure
   (rounded down to the fen); fixed items pay exactly their amount; totals are exact sums.

No property is relaxed to fit the engine: a failing one is a defect to fix in the engine.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from decimal import ROUND_FLOOR, Decimal

import strategies as S
from hypothesis import given, note
from hypothesis import strategies as st

import jjpolicy
from jjpolicy import InputError, parse_facts
from jjpolicy.explain import explain
from jjpolicy.figures import policy
from jjpolicy.render import to_json

POLICY = policy()
KNOWN = frozenset(POLICY.items)
CENT = Decimal("0.01")


def evaluate(doc, what="evaluate"):
    return S.timed(what, doc, jjpolicy.evaluate, doc)


def explain_subject(doc, subject_id):
    facts = parse_facts(doc, KNOWN)
    return S.timed(f"explain {subject_id!r}", doc, explain, facts, subject_id)


def subject_dict(doc, subject_id) -> dict:
    """The result of one subject as a dict, with its warnings (the top-level `warnings` entries)."""
    result = evaluate(doc).subject(subject_id)
    return {**result.to_dict(), "warnings": [str(w) for w in result.warnings]}


def sorted_other_policy(d: dict) -> dict:
    out = dict(d)
    out["other_policy"] = sorted(d["other_policy"], key=lambda o: (o["event"], o["policy"], Decimal(o["amount"]), o["taken"]))
    return out


# ---------------------------------------------------------------------------------------------------
# 1. valid input: evaluate and explain never raise
# ---------------------------------------------------------------------------------------------------


@S.examples(60)
@given(S.documents(max_subjects=2))
def test_evaluate_and_explain_never_raise_on_valid_input(doc):
    result = evaluate(doc)
    to_json(result.to_dict())
    assert [s.id for s in result.subjects] == [s["id"] for s in doc["subjects"]]
    for s in doc["subjects"]:
        note(f"explaining subject {s['id']!r}")
        explanation = explain_subject(doc, s["id"])
        to_json(explanation.to_dict())


# ---------------------------------------------------------------------------------------------------
# 2. invalid input: InputError with paths, never another exception
# ---------------------------------------------------------------------------------------------------


@S.examples(120)
@given(S.invalid_documents())
def test_invalid_input_raises_input_error_with_paths(case):
    doc, expected_path = case
    try:
        jjpolicy.evaluate(doc)
    except InputError as exc:
        problems = exc.problems
    else:
        raise AssertionError(f"accepted invalid input (expected a problem at {expected_path})")
    assert problems, "InputError without problems"
    for p in problems:
        assert isinstance(p.path, str) and p.path.strip(), f"problem without a path: {p}"
        assert isinstance(p.message, str) and p.message.strip(), f"problem without a message: {p}"
        # parse_facts turns an unexpected exception into this problem: that is a crash, not a report.
        assert not p.message.startswith("could not validate the input"), str(p)
    paths = [p.path for p in problems]
    assert expected_path in paths, f"no problem at {expected_path}; got {[str(p) for p in problems]}"


# ---------------------------------------------------------------------------------------------------
# 3. a subject does not depend on its neighbours nor on the order of its lists
# ---------------------------------------------------------------------------------------------------


@st.composite
def subject_with_portfolio(draw):
    subject = draw(S.subjects())
    others = draw(S.documents(min_subjects=1))["subjects"]
    for o in others:  # subject ids are unique in a document
        while o["id"] == subject["id"] or sum(x["id"] == o["id"] for x in others) > 1:
            o["id"] += "~"
    position = draw(st.integers(0, len(others)))
    portfolio = others[:position] + [subject] + others[position:]
    return subject, S.document_of(*portfolio)


@S.examples(30)
@given(subject_with_portfolio())
def test_subject_result_same_alone_and_in_a_portfolio(case):
    subject, portfolio = case
    alone = subject_dict(S.document_of(subject), subject["id"])
    together = subject_dict(portfolio, subject["id"])
    assert together == alone
    assert to_json(together) == to_json(alone)


@st.composite
def subject_and_permutation(draw):
    subject = draw(S.subjects())
    permuted = copy.deepcopy(subject)
    if "events" in permuted:
        permuted["events"] = draw(st.permutations(permuted["events"]))
    if "years" in permuted:
        permuted["years"] = dict(draw(st.permutations(list(permuted["years"].items()))))
    if "other_awards" in permuted:
        permuted["other_awards"] = draw(st.permutations(permuted["other_awards"]))
    if "past_awards" in permuted:
        permuted["past_awards"] = draw(st.permutations(permuted["past_awards"]))
    return subject, permuted


@S.examples(80)
@given(subject_and_permutation())
def test_subject_result_same_under_permutations(case):
    subject, permuted = case
    before = sorted_other_policy(subject_dict(S.document_of(subject), subject["id"]))
    after = sorted_other_policy(subject_dict(S.document_of(permuted), subject["id"]))
    assert after == before
    assert to_json(after) == to_json(before)


@st.composite
def subject_with_other_awards_permuted(draw):
    subject = draw(S.subjects(min_other_awards=2))
    permuted = copy.deepcopy(subject)
    permuted["other_awards"] = draw(st.permutations(permuted["other_awards"]))
    return subject, permuted


@S.examples(30)
@given(subject_with_other_awards_permuted())
def test_other_policy_list_does_not_follow_input_order(case):
    """Issue 12: `other_policy` must not depend on the order of `other_awards` (today it follows it)."""
    subject, permuted = case
    before = subject_dict(S.document_of(subject), subject["id"])["other_policy"]
    after = subject_dict(S.document_of(permuted), subject["id"])["other_policy"]
    assert after == before


# ---------------------------------------------------------------------------------------------------
# 4. determinism: byte-identical JSON
# ---------------------------------------------------------------------------------------------------


def explain_outcome(doc, subject_id) -> str:
    """The explanation's JSON, or the exception it raised (a crash is property 1's failure; here only
    its reproducibility is asked)."""
    try:
        return to_json(explain_subject(doc, subject_id).to_dict())
    except Exception as exc:
        return f"raised {type(exc).__name__}: {exc}"


@S.examples(25)
@given(S.documents(max_subjects=2))
def test_rerun_gives_byte_identical_json(doc):
    first = to_json(evaluate(doc).to_dict())
    second = to_json(evaluate(doc).to_dict())
    assert second == first
    from_text = to_json(evaluate(to_json(doc), "evaluate (JSON text)").to_dict())
    assert from_text == first
    sid = doc["subjects"][-1]["id"]
    assert explain_outcome(doc, sid) == explain_outcome(doc, sid)


_OTHER_PROCESS = r"""
import sys
import jjpolicy
from jjpolicy.render import to_json
for line in sys.stdin.read().split("\x1e"):
    if line:
        sys.stdout.write(to_json(jjpolicy.evaluate(line).to_dict()) + "\x1e")
"""


@S.examples(2)
@given(st.lists(S.documents(max_subjects=2), min_size=1, max_size=12), st.integers(1, 2**31))
def test_rerun_in_another_process_gives_byte_identical_json(docs, hash_seed):
    """Another interpreter, another PYTHONHASHSEED (set and dict-of-set order): the same bytes."""
    texts = [to_json(d) for d in docs]
    here = [to_json(evaluate(t, "evaluate (JSON text)").to_dict()) for t in texts]
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    out = subprocess.run(
        [sys.executable, "-c", _OTHER_PROCESS],
        input="\x1e".join(texts),
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=True,
    ).stdout
    there = out.split("\x1e")[:-1]
    assert len(there) == len(here)
    for doc, mine, theirs in zip(docs, here, there):
        assert theirs == mine, f"PYTHONHASHSEED={hash_seed} changes the result of {to_json(doc)}"


# ---------------------------------------------------------------------------------------------------
# 5. amounts: caps, rates, fixed amounts, exact totals
# ---------------------------------------------------------------------------------------------------


def _yuan(value) -> Decimal:
    return Decimal(str(value)) if not isinstance(value, Decimal) else value


def check_amounts(doc, result) -> None:
    by_id = {s["id"]: s for s in doc["subjects"]}
    grand = Decimal(0)
    for sr in result.subjects:
        subject = by_id[sr.id]
        events = {e["id"]: e for e in subject.get("events", [])}
        total = Decimal(0)
        for a in sr.awards:
            item = POLICY.items[a.item]
            where = f"{sr.id!r} {a.item} {a.year} basis={list(a.basis)} amount={a.amount}"
            assert item.mode in ("fixed", "percent"), f"a support item among the awards: {where}"
            assert a.measure == item.measure, where
            assert a.amount >= 0 and a.amount == a.amount.quantize(CENT), where
            assert list(a.basis) == sorted(a.basis), f"basis not sorted: {where}"
            assert set(a.basis) <= set(events), f"basis names unknown events: {where}"
            if item.mode == "fixed":
                assert a.amount == item.amount, f"fixed item paid {a.amount}, not {item.amount}: {where}"
            else:
                top = max(item.caps.values())
                assert a.amount <= top, f"over the cap {top}: {where}"
                if a.item == "4.3/sme_digital":
                    # The cap is that of the highest 數字化水平 reached that year (at most 四級), which is
                    # at most the highest level among all the subject's retrofits of that year.
                    levels = [
                        e["digital_level"]
                        for e in events.values()
                        if e["type"] == "sme_digital_retrofit" and int(e["date"][:4]) == a.year
                    ]
                    assert levels and max(levels) >= 2, f"4.3 paid without a retrofit at 二級 or above: {where}"
                    cap = item.caps[f"level({min(max(levels), 4)})"]
                    assert a.amount <= cap, f"over the level cap {cap}: {where}"
                num, den = item.rate
                base = sum(
                    (_yuan(events[b][item.rate_field]) for b in a.basis if events[b]["type"] == item.rate_type),
                    Decimal(0),
                )
                bound = (base * num / den).quantize(CENT, rounding=ROUND_FLOOR)
                assert a.amount <= bound, f"more than {num}/{den} of {base} ({bound}): {where}"
            total += a.amount
        assert sr.total == total, f"{sr.id!r}: total {sr.total} != sum of awards {total}"
        assert _yuan(sr.to_dict()["total"]) == total
        grand += total
    assert result.total == grand


@S.examples(60)
@given(S.documents())
def test_awards_respect_caps_rates_and_fixed_amounts(doc):
    result = evaluate(doc)
    check_amounts(doc, result)
    for year in (2025, 2026):
        check_amounts(doc, result.for_year(year))
