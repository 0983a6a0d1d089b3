"""The facts the writer leaves out are never read (jjpolicy/aspfacts.py, encodings/policy.lp).

A threshold's comparison is written only as its test says (threshold_test/2: reaches for 以上, exceeds
for 超過), and field/2 (a figure is given) only for figures, never for a flag or a text. Two checks that
nothing is lost by that: the rules' own literals agree with the declarations, and, over generated
subjects, the model is the same when every left-out fact is added back.
"""

from __future__ import annotations

import re

import strategies as S
from hypothesis import given

from jjpolicy.figures import policy
from jjpolicy.model import EVENT_FIELDS, YEAR_FIELDS, parse_facts
from jjpolicy.program import encoding_paths
from jjpolicy.solve import SOLVER_ARGS, Program, _writer
from jjpolicy.terms import Reader

POLICY = policy()
ENCODINGS = "\n".join(p.read_text(encoding="utf-8") for p in encoding_paths(explain=True))
FIGURE_KINDS = {"money", "int", "share"}


def test_every_threshold_read_with_a_constant_id_is_read_as_its_test_says():
    found = re.findall(r'\b(reaches|exceeds)\([^()]*(?:\([^()]*\))?[^()]*,\s*"([^"]+)"\)', ENCODINGS)
    # every threshold that is not a tier is read by its id somewhere (the expression finds them all)
    assert {tid for _, tid in found} == {tid for tid in POLICY.thresholds if tid not in POLICY.tiers}
    for test, tid in found:
        assert POLICY.thresholds[tid].test == test, tid


def test_a_ladder_is_read_as_its_tier_test_says():
    # A tier's threshold is read through a variable bound by tier(I, Ladder, _) in the same rule.
    for rule in re.split(r"\.\s*(?:%[^\n]*)?\n", ENCODINGS):
        for test in re.findall(r"\b(reaches|exceeds)\([^()]*(?:\([^()]*\))?[^()]*,\s*[A-Z]\w*\)", rule):
            ladders = re.findall(r"\btier\(\w+, (\w+), ", rule)
            if ladders:
                assert {POLICY.tier_tests[ladder] for ladder in ladders} == {test}, rule
    for tid, (ladder, _) in POLICY.tiers.items():
        if tid in POLICY.thresholds:
            assert POLICY.thresholds[tid].test == POLICY.tier_tests[ladder], tid


def test_presence_is_asked_of_figures_only():
    kinds = {name: f.kind for table in (YEAR_FIELDS, *EVENT_FIELDS.values()) for name, f in table.items()}
    asked = re.findall(r"\b(?:has|field)\([^()]*(?:\([^()]*\))?[^()]*,\s*([a-z_]+)\)", ENCODINGS)
    assert len(asked) >= 5
    for name in asked:
        assert kinds[name] in FIGURE_KINDS, name
    for t in POLICY.thresholds.values():
        assert kinds[t.field] in FIGURE_KINDS, t.id


def _model(facts: list[tuple]) -> set[int]:
    program = Program(SOLVER_ARGS, explain=True, facts=facts)
    program.ground()
    shown: list[int] = []
    program.ctl.solve(on_model=lambda m: shown.__setitem__(slice(None), Reader.shown(m)))
    return set(shown)


@S.examples(40)
@given(S.documents(max_subjects=4))
def test_adding_back_every_fact_left_out_changes_no_model(doc):
    subjects = list(parse_facts(doc, frozenset(POLICY.items)).subjects)
    facts, index = _writer().program(subjects)
    every = list(facts)
    for s_no, subject in enumerate(subjects):
        records = [(("yr", s_no, y.year), y.fields) for y in subject.years]
        records += [(("ev", index.event_ids[(s_no, e.id)]), e.fields) for e in subject.events]
        for ref, fields in records:
            for name, value in fields.items():
                every.append(("field", ref, (name,)))
                if isinstance(value, (bool, str)):
                    continue
                for t in POLICY.thresholds.values():
                    if t.field == name and value >= t.value:
                        every.append(("reaches", ref, t.id))
                    if t.field == name and value > t.value:
                        every.append(("exceeds", ref, t.id))
    every = list(dict.fromkeys(every))
    assert _model(facts) == _model(every)
