"""Subject what-if, completed (issue 7 part 3): --set adds an optional field or a missing year,
--add-event, --drop-event, --param on one subject; a lost award shows the denial that replaced it; values
print as JSON. Expected figures by hand from facts/README.md."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

import jjpolicy
from jjpolicy.cli import main

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "facts" / "portfolio.json"
SMALL = ROOT / "facts" / "small.json"

P9 = {
    "id": "P9",
    "type": "equipment_project",
    "date": "2025-09-01",
    "total_investment": 25000000,
    "equipment_purchase": 6000000,
    "key_tech_renovation": True,
    "in_statistics": True,
}


def whatif(subject, *args, file=PORTFOLIO, fmt="json"):
    res = CliRunner().invoke(main, ["whatif", str(file), "--subject", subject, *args, "--format", fmt])
    return res


def as_json(res):
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout, parse_float=Decimal)


def test_add_event_and_a_missing_year():
    # E06 has no 2.1 project and no 2024 figures. P9 (2025, investment 25,000,000, purchase 6,000,000)
    # alone has no path: no title for B, no 2024 for A. With 2024 added as a key industrial enterprise of
    # 600,000,000 (> 500,000,000), path A pays 6,000,000 x 5% = 300,000.
    out = as_json(whatif("E06", "--add-event", json.dumps(P9)))
    assert out["delta"] == 0
    (p9,) = [d for d in out["after"]["denied"] if d["basis"] == ["P9"]]
    assert p9["item"] == "2.1/equipment_update"
    assert "condition_not_met" in [r["code"] for r in p9["reasons"]]
    out = as_json(
        whatif(
            "E06",
            "--add-event",
            json.dumps(P9),
            "--set",
            "years.2024.industrial_output=600000000",
            "--set",
            "years.2024.key_industrial_enterprise=true",
        )
    )
    assert (out["before"]["total"], out["after"]["total"], out["delta"]) == (430000, 730000, 300000)
    assert out["gained"] == ["2.1/equipment_update"] and out["added_events"] == ["P9"]
    assert out["notes"] == ["years.2024 added"]
    assert out["set"] == [
        {"path": "years.2024.industrial_output", "value": 600000000},
        {"path": "years.2024.key_industrial_enterprise", "value": True},
    ]
    res = whatif(
        "E06",
        "--add-event",
        json.dumps(P9),
        "--set",
        "years.2024.industrial_output=600000000",
        "--set",
        "years.2024.key_industrial_enterprise=true",
        fmt="table",
    )
    assert res.stdout.splitlines() == [
        "E06: 430,000 元 -> 730,000 元 (delta 300,000 元)",
        "  add event P9",
        "  set years.2024.industrial_output = 600000000",
        "  set years.2024.key_industrial_enterprise = true",
        "  note: years.2024 added",
        "  2.1/equipment_update 2025 P9: - -> 300,000",
    ]


def test_a_quality_award_added():
    # small.json's E001 gains a 泉州市政府質量獎 (5.1, 500,000): 400,000 -> 900,000.
    q = '{"id": "Q1", "type": "quality_award", "award": "quanzhou", "date": "2025-09-01"}'
    out = as_json(whatif("E001", "--add-event", q, file=SMALL))
    assert (out["after"]["total"], out["gained"]) == (900000, ["5.1/quality_award/quanzhou"])


def test_an_added_event_is_validated_like_any_event():
    res = whatif("E06", "--add-event", '{"id": "Q1", "type": "quality_award", "award": "gold", "date": "2025-09-01"}')
    assert res.exit_code == 2 and res.stdout == ""
    assert "--add-event[0].award: expected one of china, china_nomination" in res.stderr
    res = whatif("E06", "--add-event", '{"id": "N1", "type": "above_scale_new", "date": "2025-01-01"}')
    assert res.exit_code == 2 and '--add-event[0].id: duplicate event id "N1"' in res.stderr
    res = whatif("E06", "--add-event", "[1]")
    assert res.exit_code == 2 and "--add-event[0]: expected a JSON object" in res.stderr
    res = whatif("E06", "--add-event", "{")
    assert res.exit_code == 2 and "not valid JSON" in res.stderr


def test_drop_event_drops_the_other_awards_that_name_it_and_says_so():
    # E03's T1 (省級單項冠軍, 150,000, beating another policy's 100,000): dropped, 1.3 provincial is lost,
    # 935,000.05 -> 785,000.05, and the other policy's entry for T1 goes with it.
    out = as_json(whatif("E03", "--drop-event", "T1"))
    assert (out["after"]["total"], out["delta"], out["lost"]) == (
        Decimal("785000.05"),
        -150000,
        ["1.3/single_champion/provincial"],
    )
    assert out["dropped_events"] == ["T1"]
    assert out["notes"] == [
        "other_awards entry for events[T1] (晉江市推動製造業單項冠軍培育專項政策 pays 100000) dropped with it"
    ]
    assert [o["event"] for o in out["after"]["other_policy"]] == ["G1"]
    assert out["changed"][0]["dropped_events"] == ["T1"]
    text = whatif("E03", "--drop-event", "T1", fmt="table").stdout
    assert "  1.3/single_champion/provincial 2025 T1: 150,000 -> -\n    events[T1] dropped" in text
    res = whatif("E03", "--drop-event", "T9")
    assert res.exit_code == 2 and "--drop-event[0] T9: no event with id 'T9'" in res.stderr


def test_set_a_missing_optional_field():
    # E04's SS2 (小巨人, 2025, 200,000) marked a renewal: not_first_time; the provincial SS1 of the same
    # year is no longer superseded and is paid 100,000: 2,350,000 -> 2,250,000.
    out = as_json(whatif("E04", "--set", "events.SS2.renewal=true"))
    assert out["delta"] == -100000
    assert (out["gained"], out["lost"]) == (["1.3/specialized_sme/provincial"], ["1.3/specialized_sme/national"])
    lost = next(c for c in out["changed"] if c["after"] is None)
    assert lost["item"] == "1.3/specialized_sme/national" and lost["basis"] == ["SS2"]
    assert [r["code"] for r in lost["denied"][0]["reasons"]] == ["not_first_time"]
    text = whatif("E04", "--set", "events.SS2.renewal=true", fmt="table").stdout
    assert "  set events.SS2.renewal = true\n" in text  # JSON, not Python's True
    assert (
        "    denied 1.3/specialized_sme/national 2025 SS2: not_first_time: events[SS2] is a renewal or "
        "re-review (復審), not a first award"
    ) in text
    # E05's D1 (386,500 x 10% = 38,650) given a Quanzhou subsidy of 190,000: x 20% = 38,000 disagrees (A13).
    out = as_json(whatif("E05", "--set", "events.D1.quanzhou_subsidy=190000"))
    assert out["delta"] == 0
    new = set(out["warnings"]["after"]) - set(out["warnings"]["before"])
    assert new == {
        "events[D1]: 4.3/sme_digital computed from recognized_investment (10% of 386,500 = 38,650); "
        "quanzhou_subsidy 190,000 x 20% = 38,000 disagrees (reading A13)"
    }


def test_a_field_the_type_does_not_have_is_still_exit_2():
    res = whatif("E06", "--set", "events.N1.fee=1")
    assert res.exit_code == 2 and "events of type above_scale_new have no field 'fee'" in res.stderr
    res = whatif("E06", "--set", "years.2024.output=1")
    assert res.exit_code == 2 and "years have no field 'output'" in res.stderr
    res = whatif("E06", "--set", "events.N1.renewl=true")
    assert res.exit_code == 2 and "no field 'renewl' (did you mean 'renewal'?)" in res.stderr
    res = whatif("E06", "--set", "years.20x4.revenue=1")
    assert res.exit_code == 2 and "'20x4' is not a year" in res.stderr
    res = whatif("E06", "--set", "colour=red")
    assert res.exit_code == 2 and "subjects have no field 'colour'" in res.stderr


def test_a_reform_on_one_subject_shows_the_denial_that_replaced_the_award():
    res = whatif("E05", "--param", "2.1/b/equipment_purchase=2000000.01", fmt="table")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.splitlines() == [
        "E05: 160,000 元 -> 60,000 元 (delta -100,000 元)",
        "  reform 2.1/b/equipment_purchase = 2000000.01 (was 2000000)",
        "  2.1/equipment_update 2025 P1: 100,000 -> -",
        "    denied 2.1/equipment_update 2025 P1: below_threshold: events[P1].equipment_purchase 2,000,000 is below "
        "2,000,000.01 (2.1: 以上), 0.01 short",
    ]


def test_the_reform_applies_to_after_only():
    # E001: before is 400,000 (5%); after, with P1's purchase 10,000,000 at 6%: 600,000.
    out = as_json(
        whatif("E001", "--set", "events.P1.equipment_purchase=10000000", "--param", "2.1/equipment_update.rate=6%", file=SMALL)
    )
    assert (out["before"]["total"], out["after"]["total"]) == (400000, 600000)
    assert out["reform"][0]["value"] == "6%"


def test_the_library():
    data = json.loads(PORTFOLIO.read_text(encoding="utf-8"), parse_float=Decimal)
    w = jjpolicy.whatif(
        data,
        "E06",
        {"years.2024.industrial_output": 600000000, "years.2024.key_industrial_enterprise": True},
        add_events=[P9],
        drop_events=["GL1"],
        params={"2.1/equipment_update.rate": "6%"},
    )
    # 430,000 - 100,000 (GL1, 3.1 green factory 2026) + 6,000,000 x 6% = 360,000 -> 690,000.
    assert (w.before.total, w.after.total, w.delta) == (430000, 690000, 260000)
    assert (w.gained, w.lost) == (["2.1/equipment_update"], ["3.1/green_factory/provincial"])
    # Text is read as the command line reads it (JSON where it is JSON).
    w = jjpolicy.whatif(PORTFOLIO.read_text(encoding="utf-8"), "E04", ["events.SS2.renewal=true"])
    assert w.delta == -100000
    from jjpolicy.whatif import WhatIf  # the module stays importable beside the function

    assert isinstance(w, WhatIf) and callable(jjpolicy.whatif) and callable(jjpolicy.reform)
    r = jjpolicy.reform(data, {"2.1/equipment_update.rate": "6%"})
    assert (r.delta, r.gainers, r.losers) == (Decimal("54567.89"), 2, 0)
    assert [(x.key, x.delta) for x in r.by_measure if x.delta] == [("2.1", Decimal("54567.89"))]
    assert [s.id for s in r.largest(1)] == ["E02"]
