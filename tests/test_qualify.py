"""qualify (issue 7 part 5): the least change to a subject's own facts that grants an item.

Each expectation is worked out by hand from the policy text: the one figure short of its 以上, the flag
that is false, the level below the bar, and the subjects no change of their own facts can help.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from jjpolicy.cli import main
from jjpolicy.qualify import qualify


def doc(kind, events, **more):
    return {"schema": "jjpolicy.facts/1", "subjects": [{"id": "S", "kind": kind, "events": events, **more}]}


EQ = {"type": "equipment_project", "key_tech_renovation": True, "in_statistics": True}


def options(q):
    return [c.option() for c in q.changes]


def test_a_threshold_miss_of_one_yuan():
    # 4.2 digital demo: 總投資200萬元以上; 1,999,999 is 1 short -> set it to 2,000,000, then 300,000.
    q = qualify(
        doc(
            "industrial_enterprise",
            [
                {
                    "id": "D1",
                    "type": "digital_demo",
                    "level": "jinjiang",
                    "date": "2025-05-01",
                    "total_investment": 1999999,
                    "in_use": True,
                    "promotes": True,
                }
            ],
        ),
        "S",
        "4.2/digital_demo",
    )
    assert options(q) == ["--set events.D1.total_investment=2000000"]
    assert q.changes[0].distance == Decimal(1) and q.amount == Decimal(300000) and q.granted


def test_a_missing_flag():
    # 2.3: 提前向市工信局申報備案 not done -> pre_filed true; 10% x 500,000 = 50,000.
    q = qualify(
        doc(
            "industrial_enterprise",
            [{"id": "M1", "type": "management_consulting", "date": "2025-05-01", "fee": 500000, "pre_filed": False}],
        ),
        "S",
        "2.3/management_consulting",
    )
    assert options(q) == ["--set events.M1.pre_filed=true"] and q.amount == Decimal(50000)


def test_path_b_equipment_purchase_one_short():
    # 2.1 path 2 (省級專精特新 held since 2024): purchase 1,999,999 < 2,000,000 -> 5% x 2,000,000 = 100,000.
    q = qualify(
        doc(
            "industrial_enterprise",
            [
                {"id": "T", "type": "specialized_sme", "level": "provincial", "date": "2024-01-01"},
                {"id": "P1", **EQ, "date": "2025-05-01", "total_investment": 15000000, "equipment_purchase": 1999999},
            ],
        ),
        "S",
        "2.1/equipment_update",
    )
    assert options(q) == ["--set events.P1.equipment_purchase=2000000"] and q.amount == Decimal(100000)


def test_a_level_below_the_bar():
    # 4.3: 數字化水平達到二級; level 1 -> 2; 10% x 500,000 = 50,000, capped at 二級's 40,000.
    q = qualify(
        doc(
            "enterprise",
            [
                {
                    "id": "R1",
                    "type": "sme_digital_retrofit",
                    "date": "2025-05-01",
                    "recognized_investment": 500000,
                    "digital_level": 1,
                    "pilot": True,
                }
            ],
        ),
        "S",
        "4.3/sme_digital",
    )
    assert options(q) == ["--set events.R1.digital_level=2"] and q.amount == Decimal(40000)


def test_the_cheaper_path_is_chosen_a_status_event_for_nothing():
    # 2.1 with purchase 4,900,000: path 1 needs 5,000,000 (100,000 more); path 2 needs only a title held on
    # the project's date (an innovative SME, status only, 0 yuan). Both one fact: the 0-yuan one wins;
    # then 5% x 4,900,000 = 245,000.
    q = qualify(
        doc(
            "industrial_enterprise",
            [{"id": "P1", **EQ, "date": "2025-05-01", "total_investment": 30000000, "equipment_purchase": 4900000}],
            years={"2024": {"industrial_output": 600000000, "key_industrial_enterprise": True}},
        ),
        "S",
        "2.1/equipment_update",
    )
    assert options(q) == ['--add-event \'{"id": "Q-P1", "type": "innovative_sme", "date": "2025-05-01"}\'']
    assert q.amount == Decimal(245000)


def test_two_facts_when_two_conditions_fail():
    # 4.2 digital demo 1,500,000 and not in use: both must change (500,000 in yuan).
    q = qualify(
        doc(
            "industrial_enterprise",
            [
                {
                    "id": "D1",
                    "type": "digital_demo",
                    "level": "jinjiang",
                    "date": "2025-05-01",
                    "total_investment": 1500000,
                    "in_use": False,
                    "promotes": True,
                }
            ],
        ),
        "S",
        "4.2/digital_demo",
    )
    assert sorted(options(q)) == ["--set events.D1.in_use=true", "--set events.D1.total_investment=2000000"]
    assert sum(c.distance for c in q.changes) == Decimal(500000)


@pytest.mark.parametrize(
    "kind, events, more, code",
    [
        # 4.2/digital_demo is for industrial enterprises only.
        (
            "enterprise",
            [
                {
                    "id": "D1",
                    "type": "digital_demo",
                    "level": "jinjiang",
                    "date": "2025-05-01",
                    "total_investment": 3000000,
                    "in_use": True,
                    "promotes": True,
                }
            ],
            {},
            "wrong_subject_kind",
        ),
        # Dated 2027: outside the window, whatever the figure.
        (
            "industrial_enterprise",
            [
                {
                    "id": "D1",
                    "type": "digital_demo",
                    "level": "jinjiang",
                    "date": "2027-01-05",
                    "total_investment": 1000000,
                    "in_use": True,
                    "promotes": True,
                }
            ],
            {},
            "outside_validity",
        ),
        # A provincial champion already received in 2023.
        (
            "enterprise",
            [{"id": "T", "type": "single_champion", "level": "provincial", "date": "2025-05-01"}],
            {"past_awards": [{"item": "1.3/single_champion/provincial", "year": 2023}]},
            "already_awarded",
        ),
    ],
)
def test_cannot_with_the_reason(kind, events, more, code):
    item = {"digital_demo": "4.2/digital_demo", "single_champion": "1.3/single_champion/provincial"}[events[0]["type"]]
    q = qualify(doc(kind, events, **more), "S", item)
    assert not q.possible and q.changes == ()
    assert code in [r.code for r in q.why_not]


def test_cli_table_json_and_bad_input(tmp_path):
    path = tmp_path / "f.json"
    path.write_text(
        json.dumps(
            doc(
                "industrial_enterprise",
                [{"id": "M1", "type": "management_consulting", "date": "2025-05-01", "fee": 500000, "pre_filed": False}],
            )
        ),
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["qualify", str(path), "--subject", "S", "--item", "2.3/management_consulting"])
    assert res.exit_code == 0
    assert res.stdout.splitlines() == [
        "S: 2.3/management_consulting needs 1 change (distance 0 元):",
        "  --set events.M1.pre_filed=true",
        "then 2.3/management_consulting pays 50,000 元",
    ]
    js = json.loads(
        CliRunner()
        .invoke(main, ["qualify", str(path), "--subject", "S", "--item", "2.3/management_consulting", "--format", "json"])
        .stdout
    )
    assert js["possible"] and js["amount"] == 50000 and js["changes"][0]["set"] == "events.M1.pre_filed"
    bad = CliRunner().invoke(main, ["qualify", str(path), "--subject", "S", "--item", "9.9/nothing"])
    assert bad.exit_code == 2 and "--item" in bad.stderr and bad.stdout == ""
