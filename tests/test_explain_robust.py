"""`explain` never raises for facts that `evaluate` accepts (issue 12, defect 1).

The expected outcomes are worked out by hand from the policy text and measures.md; the sweep at the
end only asserts that every explanation is produced and agrees with `evaluate`.
"""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import jjpolicy
from jjpolicy.audit import explanation_md, explanation_text
from jjpolicy.cli import main
from jjpolicy.explain import explain
from jjpolicy.model import SUBJECT_KINDS, parse_facts
from jjpolicy.render import to_json

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import generate


def doc(*subjects) -> dict:
    return {"schema": "jjpolicy.facts/1", "subjects": list(subjects)}


def strategic_emerging_with_other_policy() -> dict:
    return doc(
        {
            "id": "E1",
            "kind": "industrial_enterprise",
            "years": {"2025": {"strategic_emerging_output": 30_000_000, "industrial_output": 40_000_000}},
            "events": [{"id": "S1", "type": "strategic_emerging_new", "date": "2025-05-01"}],
            "other_awards": [{"event": "S1", "policy": "另一項晉江政策", "amount": 1000}],
        }
    )


def test_a_support_item_on_an_event_another_policy_pays_for_is_explained(tmp_path):
    # 1.2: 30,000,000 >= 20,000,000 (工業戰新產品產值2000萬元及以上) -> 30,000. The other policy pays 1,000 for
    # S1: 30,000 > 1,000, so this policy's 30,000 is kept (從優) and the other is not taken. S1 also speaks
    # to 1.2/loan_guidance, a support item: granted, it pays nothing and stacks with everything.
    data = strategic_emerging_with_other_policy()
    result = jjpolicy.evaluate(data).subject("E1")
    assert result.total == Decimal(30000)
    assert [(a.item, a.year, a.amount, a.basis) for a in result.awards] == [
        ("1.2/new_strategic_emerging", 2025, Decimal(30000), ("S1",))
    ]
    assert [(s.item, s.year, s.basis) for s in result.support] == [("1.2/loan_guidance", 2025, ("S1",))]
    assert [(o.event, o.policy, o.amount, o.taken) for o in result.other_policy] == [
        ("S1", "另一項晉江政策", Decimal(1000), False)
    ]

    x = explain(parse_facts(data), "E1")
    by_item = {e.item: e for e in x.entries}
    assert x.total == Decimal(30000)
    award = by_item["1.2/new_strategic_emerging"]
    assert (award.status, award.amount, award.basis) == ("granted", Decimal(30000), ("S1",))
    assert str(award.conditions[-1].text) == "另一項晉江政策 pays 1,000 for events[S1], less than this item's 30,000 (從優)"
    assert award.conditions[-1].met is True
    loan = by_item["1.2/loan_guidance"]
    assert (loan.status, loan.amount, loan.basis) == ("support", None, ("S1",))
    # Rule 3 weighs payments: nothing about the other policy on the support item.
    assert not any("另一項晉江政策" in str(c.text) for c in loan.conditions)

    path = tmp_path / "e1.json"
    path.write_text(to_json(data), encoding="utf-8")
    for fmt in ("text", "md", "json"):
        res = CliRunner().invoke(main, ["explain", str(path), "--subject", "E1", "--format", fmt])
        assert res.exit_code == 0, res.output
        assert "Traceback" not in res.output


def _every_type_subject(kind: str, seed: int) -> dict:
    """One event of every type (2025, inside the window) and another policy's payment on each."""
    rng = random.Random(seed)
    events = []
    for n, t in enumerate(generate.EVENT_TYPES):
        e = {"id": f"V{n:02d}", "type": t, "date": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"}
        e.update(generate.EXTRA[t](rng))
        events.append(e)
    amounts = [0, 1000, 30000, 100000, 300000, 5_000_000]
    others = [{"event": e["id"], "policy": f"政策{n % 3}", "amount": amounts[n % len(amounts)]} for n, e in enumerate(events)]
    others.append({"event": events[0]["id"], "policy": "政策X", "amount": 50000})  # two payments on one event
    years = {
        "2024": {"industrial_output": 600_000_000, "key_industrial_enterprise": True},
        "2025": {
            "industrial_output": 40_000_000,
            "strategic_emerging_output": 30_000_000,
            "revenue": 12_000_000,
            "above_scale": True,
            "green_power_share": 0.4,
        },
    }
    return {"id": f"K-{kind}", "kind": kind, "years": years, "events": events, "other_awards": others}


def _explains_like_evaluate(data: dict) -> None:
    facts = parse_facts(data, frozenset(jjpolicy.policy().items))
    result = jjpolicy.evaluate_facts(facts)
    for s in result.subjects:
        x = explain(facts, s.id)
        assert x.total == s.total
        granted = {(e.item, e.year, e.basis): e.amount for e in x.entries if e.status == "granted"}
        assert granted == {(a.item, a.year, a.basis): a.amount for a in s.awards}
        explanation_text(x)
        explanation_md(x)


@pytest.mark.parametrize("kind", SUBJECT_KINDS)
def test_every_event_type_with_another_policys_payment_is_explained(kind):
    _explains_like_evaluate(doc(_every_type_subject(kind, seed=len(kind))))


def test_generated_subjects_with_other_payments_on_every_event_are_explained():
    data = generate.portfolio(25, seed=12)
    amounts = [0, 1, 30000, 150000, 10_000_000]
    for s in data["subjects"]:
        s["other_awards"] = [
            {"event": e["id"], "policy": "晉江市其他政策", "amount": amounts[n % len(amounts)]} for n, e in enumerate(s["events"])
        ]
    _explains_like_evaluate(data)


def test_every_item_of_the_catalogue_is_explained_for_a_subject_with_every_event_type():
    data = doc(_every_type_subject("industrial_enterprise", seed=7))
    facts = parse_facts(data, frozenset(jjpolicy.policy().items))
    whole = explain(facts, "K-industrial_enterprise")
    spoken = {e.item for e in whole.entries}
    # An item the facts speak to is read as in the whole explanation; the others (a higher tier not
    # reached, an item no fact speaks to) take paths of their own: each is asked for by name.
    for item in sorted(set(jjpolicy.policy().items) - spoken) + sorted(spoken)[:3]:
        x = explain(facts, "K-industrial_enterprise", item)
        assert x.entries and all(e.item == item for e in x.entries)
        if item in spoken:
            assert x.entries == tuple(e for e in whole.entries if e.item == item)
        explanation_md(x)
