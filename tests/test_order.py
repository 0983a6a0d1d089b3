"""A subject's result is a function of its own facts: the order of its events and other_awards in the
file, and the subjects before it in a portfolio, change nothing (issue 12, defect 2; contract.md,
Output, "Order and ties").

Each case is evaluated with its events (and other_awards) in every order, alone and inside a portfolio
where filler subjects with 0..4 events stand before it, so that its events get integers of one, two and
three digits (events are numbered across a chunk). Every copy's JSON must be byte-identical, and the
event or date it cites is the one worked out by hand from the tie rules.
"""

from __future__ import annotations

import itertools
import json
from decimal import Decimal

import jjpolicy
from jjpolicy.explain import explain
from jjpolicy.model import parse_facts
from jjpolicy.render import to_json

IND = "industrial_enterprise"


def doc(*subjects) -> dict:
    return {"schema": "jjpolicy.facts/1", "subjects": list(subjects)}


def filler(n: int, events: int) -> dict:
    """A subject of its own, with `events` events and another policy's payment, that the case must ignore."""
    evs = [{"id": f"F{n}-{k}", "type": "above_scale_new", "date": "2025-07-01"} for k in range(events)]
    s = {"id": f"FILL{n:03d}", "kind": IND, "events": evs}
    if evs:
        s["other_awards"] = [{"event": evs[-1]["id"], "policy": "政策A", "amount": 60000}]
    return s


def variants(subject: dict) -> list[dict]:
    """The subject with its events and its other_awards in every order (other_awards: up to 6 orders)."""
    others = subject.get("other_awards", [])
    other_orders = list(itertools.permutations(others))[:6] or [()]
    out = []
    for n, events in enumerate(itertools.permutations(subject["events"])):
        v = dict(subject, events=list(events))
        if others:
            v["other_awards"] = list(other_orders[n % len(other_orders)])
        out.append(v)
    return out


def results_everywhere(subject: dict) -> set[str]:
    """The subject's result JSON alone (two orders) and in a portfolio (every order, fillers before each)."""
    sid = subject["id"]
    seen = set()
    vs = variants(subject)
    for v in (vs[0], vs[-1]):
        seen.add(to_json(jjpolicy.evaluate(doc(v)).subject(sid).to_dict()))
    portfolio = []
    for n, v in enumerate(vs):
        portfolio.append(filler(n, n % 5))
        portfolio.append(dict(v, id=f"{sid}#{n}"))
    result = jjpolicy.evaluate(doc(*portfolio))
    for n in range(len(vs)):
        seen.add(to_json(dict(result.subject(f"{sid}#{n}").to_dict(), id=sid)))
    return seen


def only(seen: set[str]) -> dict:
    assert len(seen) == 1, "\n".join(sorted(seen))
    return json.loads(next(iter(seen)), parse_float=Decimal)


# ---- 1.1: three above_scale_new events on one date -----------------------------------------------

ABOVE_SCALE = {
    "id": "E-A",
    "kind": IND,
    "events": [
        {"id": "A2", "type": "above_scale_new", "date": "2025-07-01"},
        {"id": "A3", "type": "above_scale_new", "date": "2025-07-01"},
        {"id": "A1", "type": "above_scale_new", "date": "2025-07-01"},
    ],
}


def test_of_equally_first_events_the_lower_id_is_cited_first():
    # 1.1 is once per subject (A19). All three are dated 2025-07-01: equally first (A44), and each would
    # bring the same 50,000, so the smallest id, A1, is the first and is paid; A2 and A3 are not a first
    # time, and both name A1, the first, not each other.
    r = only(results_everywhere(ABOVE_SCALE))
    assert r["total"] == 50000
    assert [(a["item"], a["basis"], a["amount"]) for a in r["awards"]] == [("1.1/new_above_scale", ["A1"], 50000)]
    first = (
        "events[A1] met 1.1/new_above_scale on the same day (2025-07-01) and is its first: paid once, on the"
        " event that brings most (of equals, the lower id; readings A19, A44)"
    )
    assert [(d["item"], d["basis"], d["reasons"]) for d in r["denied"]] == [
        ("1.1/new_above_scale", ["A2"], [{"code": "not_first_time", "detail": first}]),
        ("1.1/new_above_scale", ["A3"], [{"code": "not_first_time", "detail": first}]),
    ]
    # A32: an above_scale_new event in 2025 gives 1.1's two support items for 2025.
    assert [(s["item"], s["year"]) for s in r["support"]] == [("1.1/emission_priority", 2025), ("1.1/energy_guarantee", 2025)]


SAME_DAY = {
    "id": "E-D",
    "kind": IND,
    "events": [
        {"id": "A", "type": "single_champion", "date": "2025-05-01", "level": "national"},
        {"id": "B", "type": "single_champion", "date": "2025-05-01", "level": "national"},
        {"id": "C", "type": "single_champion", "date": "2025-09-01", "level": "national"},
    ],
    "other_awards": [{"event": "A", "policy": "政策A", "amount": 50000}],
}


def test_a_later_event_names_the_first_chosen_of_its_day():
    # A and B meet 1.3 on the same first day (A44). B first: 300,000 on B, and A, not a first time, keeps
    # the other policy's 50,000 (A27): 350,000 received, against 300,000 with A first. C, a later day,
    # names B, the first, though A's id is lower.
    r = only(results_everywhere(SAME_DAY))
    assert [(a["basis"], a["amount"]) for a in r["awards"]] == [(["B"], 300000)]
    assert [(o["event"], o["taken"]) for o in r["other_policy"]] == [("A", True)]
    details = {d["basis"][0]: d["reasons"][0]["detail"] for d in r["denied"]}
    assert details["C"].startswith("events[B] (2025-05-01) already met 1.3/single_champion/national first")
    assert details["A"].startswith("events[B] met 1.3/single_champion/national on the same day (2025-05-01)")


def test_an_earlier_date_comes_before_a_smaller_event_id():
    # Z9 (2025-03-01) is earlier than A1 (2025-07-01): Z9 is the first and is paid; A1 and A2 name Z9.
    subject = {
        "id": "E-Z",
        "kind": IND,
        "events": [
            {"id": "A1", "type": "above_scale_new", "date": "2025-07-01"},
            {"id": "A2", "type": "above_scale_new", "date": "2025-07-01"},
            {"id": "Z9", "type": "above_scale_new", "date": "2025-03-01"},
        ],
    }
    r = only(results_everywhere(subject))
    assert [a["basis"] for a in r["awards"]] == [["Z9"]]
    first = "events[Z9] (2025-03-01) already met 1.1/new_above_scale first: it is paid once (reading A19)"
    assert [(d["basis"], d["reasons"][0]["detail"]) for d in r["denied"]] == [(["A1"], first), (["A2"], first)]


# ---- 2.2 instruments: two centres held from different dates ----------------------------------------

CENTRE = "a 泉州市級 or higher 企業技術中心 or 工業設計中心 is held on"
CENTRES = {
    "id": "E-C",
    "kind": IND,
    "events": [
        {"id": "C1", "type": "design_center", "level": "quanzhou", "date": "2025-09-05"},
        {"id": "C2", "type": "enterprise_tech_center", "level": "quanzhou", "date": "2025-03-10"},
        {"id": "C3", "type": "design_center", "level": "quanzhou", "date": "2025-03-10"},
        {"id": "R1", "type": "rd_instrument_purchase", "amount": 700000, "date": "2025-09-05"},
        {"id": "R2", "type": "rd_instrument_purchase", "amount": 400000, "date": "2025-03-10"},
    ],
}


def test_the_centre_cited_is_the_earliest_and_the_grounds_follow_the_event_ids():
    # Purchases of 2025: 700,000 + 400,000 = 1,100,000 >= 1,000,000 (A18) -> 10% = 110,000 (cap 500,000).
    # R1 (2025-09-05): C1 (from 2025-09-05), C2 and C3 (from 2025-03-10) are all held; the earliest date is
    # 2025-03-10, shared by C2 and C3, and the smaller id is C2. R2 (2025-03-10): C2 and C3 are held on that
    # very day (A23: held on the purchase date), C1 not yet; again C2. The grounds come event by event in
    # event id order (R1, then R2); a sentence already given is not repeated. The centres at 泉州市級
    # speak to no item of their own.
    r = only(results_everywhere(CENTRES))
    assert r["total"] == 110000
    (award,) = r["awards"]
    assert (award["item"], award["basis"], award["amount"]) == ("2.2/rd_instruments", ["R1", "R2"], 110000)
    assert award["because"] == [
        "the subject is an industrial enterprise (工業企業)",
        "the subject is registered in Jinjiang",
        f"{CENTRE} 2025-09-05 (events[C2], enterprise_tech_center quanzhou from 2025-03-10; reading A23)",
        "the counted instrument purchases of 2025 total 1,100,000, reaching 1,000,000 (reading A18)",
        f"{CENTRE} 2025-03-10 (events[C2], enterprise_tech_center quanzhou from 2025-03-10; reading A23)",
        "10% x 1,100,000 = 110,000, rounded down to the fen 110,000; cap 500,000; paid 110,000",
    ]
    assert r["denied"] == [] and r["support"] == []


def test_the_explanation_of_the_centres_does_not_follow_the_input_order():
    texts = set()
    for v in variants(CENTRES)[::7]:
        x = explain(parse_facts(doc(v)), "E-C", "2.2/rd_instruments")
        texts.add(to_json(x.to_dict()))
    (text,) = texts
    (entry,) = json.loads(text)["entries"]
    assert entry["basis"] == ["R1", "R2"]
    held = [c["text"] for c in entry["conditions"] if c["text"].startswith(CENTRE)]
    assert held == [
        f"{CENTRE} 2025-09-05 (events[C2], enterprise_tech_center quanzhou from 2025-03-10; reading A23)",
        f"{CENTRE} 2025-03-10 (events[C2], enterprise_tech_center quanzhou from 2025-03-10; reading A23)",
    ]


def test_the_title_cited_for_2_1_path_b_is_the_earliest():
    # 2.1 path B: a title held on or before the project's date (A15). P1 (2025-10-01): 12,000,000 >=
    # 10,000,000 and 3,000,000 >= 2,000,000 -> 5% x 3,000,000 = 150,000. Titles held by then: T2
    # (innovative_sme, 2025-02-01) and T1 (specialized_sme provincial, 2025-02-01; its own 1.3 award is
    # 100,000) and T3 (innovative_sme, 2025-06-01): the earliest date is 2025-02-01, the smaller id T1.
    subject = {
        "id": "E-T",
        "kind": IND,
        "events": [
            {"id": "T2", "type": "innovative_sme", "date": "2025-02-01"},
            {"id": "T3", "type": "innovative_sme", "date": "2025-06-01"},
            {"id": "T1", "type": "specialized_sme", "level": "provincial", "date": "2025-02-01"},
            {
                "id": "P1",
                "type": "equipment_project",
                "date": "2025-10-01",
                "total_investment": 12000000,
                "equipment_purchase": 3000000,
                "key_tech_renovation": True,
                "in_statistics": True,
            },
        ],
    }
    r = only(results_everywhere(subject))
    assert r["total"] == 250000
    awards = {a["item"]: a for a in r["awards"]}
    assert awards["1.3/specialized_sme/provincial"]["amount"] == 100000
    assert awards["2.1/equipment_update"]["amount"] == 150000
    assert (
        "a 專精特新, 單項冠軍, 戰略性新興 or 創新型中小企業 title is held on or before 2025-10-01 "
        "(events[T1], specialized_sme provincial from 2025-02-01; reading A15)"
    ) in awards["2.1/equipment_update"]["because"]


# ---- other_policy: sorted, and a tie between equal payments does not follow the file ---------------

OTHERS = {
    "id": "E-O",
    "kind": IND,
    "events": [
        {"id": "T1", "type": "single_champion", "level": "provincial", "date": "2025-08-20"},
        {"id": "M1", "type": "military_qualification", "qualification": "quality_system", "date": "2025-04-01"},
    ],
    "other_awards": [
        {"event": "T1", "policy": "政策B", "amount": 200000},
        {"event": "M1", "policy": "政策C", "amount": 50000},
        {"event": "T1", "policy": "政策A", "amount": 200000},
    ],
}


def test_other_policy_is_sorted_and_a_tie_between_equal_payments_goes_to_the_first_policy():
    # T1: this policy's 150,000 (省級單項冠軍) against 200,000 from two other policies: the other payment
    # is more favourable (從優). 政策A and 政策B pay the same: the first by (event, policy, amount), 政策A,
    # is compared and taken; 政策B is not. M1: this policy's 100,000 beats 政策C's 50,000. Total 100,000.
    r = only(results_everywhere(OTHERS))
    assert r["total"] == 100000
    assert [(a["item"], a["basis"]) for a in r["awards"]] == [("2.5/military/quality_system", ["M1"])]
    assert r["other_policy"] == [
        {"event": "M1", "policy": "政策C", "amount": 50000, "taken": False},
        {"event": "T1", "policy": "政策A", "amount": 200000, "taken": True},
        {"event": "T1", "policy": "政策B", "amount": 200000, "taken": False},
    ]
    (denial,) = r["denied"]
    assert (denial["item"], denial["basis"]) == ("1.3/single_champion/provincial", ["T1"])
    assert denial["reasons"] == [
        {
            "code": "superseded_by_other_policy",
            "detail": "政策A pays 200,000 for events[T1], 50,000 more than this item's 150,000: "
            "the more favourable is taken, not both (stacking rule 3, 從優)",
        }
    ]


# ---- generated portfolios: shuffled and moved, every subject's JSON is unchanged -------------------


def test_generated_subjects_shuffled_and_moved_give_the_same_results():
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    import generate

    rng = random.Random(5)
    data = generate.portfolio(150, seed=5)
    for s in data["subjects"]:
        # Same-day events and several payments per event, so that ties are frequent.
        for e in s["events"][1::2]:
            e["date"] = s["events"][0]["date"]
        if s["events"] and rng.random() < 0.5:
            target = rng.choice(s["events"])["id"]
            s["other_awards"] = s.get("other_awards", []) + [
                {"event": target, "policy": p, "amount": a} for p, a in (("政策B", 100000), ("政策A", 100000), ("政策C", 5000))
            ]
    first = {s.id: to_json(s.to_dict()) for s in jjpolicy.evaluate(data).subjects}

    moved = []
    for n, s in enumerate(reversed(data["subjects"])):
        s = dict(s, events=rng.sample(s["events"], len(s["events"])))
        if "other_awards" in s:
            s["other_awards"] = rng.sample(s["other_awards"], len(s["other_awards"]))
        moved += [filler(n, n % 3), s]
    second = {s.id: to_json(s.to_dict()) for s in jjpolicy.evaluate(doc(*moved)).subjects}
    assert all(first[k] == second[k] for k in first), [k for k in first if first[k] != second[k]]


def test_a_per_event_item_at_its_cap_is_not_said_to_be_capped_for_another_event():
    # 4.2: D1 (晉江市級 demo, 3,000,000 >= 2,000,000, in use, promotes) -> 300,000 on project "line".
    # A1 on the same project: 15% x 700,000 = 105,000, capped at 100,000 per project; the basis is paid
    # under 4.2/digital_demo (300,000 > 100,000, rule 2). A0 (no project): 15% x 1,000,000 = 150,000 ->
    # 100,000, paid. A0's cap is its own (per project): it says nothing of A1, so no cap note.
    subject = {
        "id": "E-D",
        "kind": IND,
        "events": [
            {
                "id": "D1",
                "type": "digital_demo",
                "level": "jinjiang",
                "date": "2025-05-01",
                "project": "line",
                "total_investment": 3000000,
                "in_use": True,
                "promotes": True,
            },
            {
                "id": "A1",
                "type": "app_demo",
                "area": "5g",
                "date": "2025-05-01",
                "project": "line",
                "recognized_investment": 700000,
            },
            {"id": "A0", "type": "app_demo", "area": "big_data", "date": "2025-05-01", "recognized_investment": 1000000},
        ],
    }
    r = only(results_everywhere(subject))
    assert r["total"] == 400000
    assert [(a["item"], a["basis"], a["amount"]) for a in r["awards"]] == [
        ("4.2/app_demo", ["A0"], 100000),
        ("4.2/digital_demo", ["D1"], 300000),
    ]
    assert [(d["item"], d["basis"], d["reasons"]) for d in r["denied"]] == [
        (
            "4.2/app_demo",
            ["A1"],
            [
                {
                    "code": "basis_used_elsewhere",
                    "detail": "the same basis is paid under 4.2/digital_demo on D1 (300,000 against this item's 100,000) "
                    "(stacking rule 2, one basis one award)",
                }
            ],
        )
    ]


def test_an_aggregated_award_at_its_cap_is_still_said_to_be_capped():
    # 2.1 path A: 2024 output 600,000,000 > 500,000,000 as a key industrial enterprise. P1: 5% x
    # 70,000,000 = 3,500,000; P2 (project line2): 5% x 10,000,000 = 500,000; the year's award is capped at
    # 3,000,000, which P1 alone reaches. S1, a national leading smart factory on line2, pays 800,000.
    # Best: P1 (3,000,000) + S1 (800,000) = 3,800,000 against 3,000,000 with P2 in 2.1. P2 is denied, and
    # adds nothing to 2.1 in any case: the note stays.
    subject = {
        "id": "E-G",
        "kind": IND,
        "years": {"2024": {"industrial_output": 600000000, "key_industrial_enterprise": True}},
        "events": [
            {
                "id": "P1",
                "type": "equipment_project",
                "date": "2025-06-01",
                "project": "line1",
                "total_investment": 80000000,
                "equipment_purchase": 70000000,
                "key_tech_renovation": True,
                "in_statistics": True,
            },
            {
                "id": "P2",
                "type": "equipment_project",
                "date": "2025-06-01",
                "project": "line2",
                "total_investment": 30000000,
                "equipment_purchase": 10000000,
                "key_tech_renovation": True,
                "in_statistics": True,
            },
            {"id": "S1", "type": "smart_factory", "rating": "leading", "date": "2025-06-01", "project": "line2"},
        ],
    }
    r = only(results_everywhere(subject))
    assert r["total"] == 3800000
    assert [(a["item"], a["basis"], a["amount"]) for a in r["awards"]] == [
        ("2.1/equipment_update", ["P1"], 3000000),
        ("4.1/smart_factory/leading", ["S1"], 800000),
    ]
    assert [(d["item"], d["basis"], d["reasons"]) for d in r["denied"]] == [
        (
            "2.1/equipment_update",
            ["P2"],
            [
                {
                    "code": "basis_used_elsewhere",
                    "detail": "the same basis is paid under 4.1/smart_factory/leading on S1 (800,000 against this item's 500,000); "
                    "2.1/equipment_update of 2025 is at its cap of 3,000,000 without this event "
                    "(stacking rule 2, one basis one award)",
                }
            ],
        )
    ]
