"""The command line: exit codes, messages by JSON path, byte-stable output (contract.md)."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from jjpolicy.cli import main

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "facts" / "small.json"
PORTFOLIO = ROOT / "facts" / "portfolio.json"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_contract_example_evaluates_to_the_contract_result():
    res = run("evaluate", str(SMALL), "--format", "json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout, parse_float=Decimal)
    assert out["schema"] == "jjpolicy.result/1"
    assert out["policy"] == "晉政規〔2025〕5號"
    assert out["total"] == 400000
    (s,) = out["subjects"]
    assert [(a["item"], a["year"], a["amount"], a["basis"]) for a in s["awards"]] == [
        ("2.1/equipment_update", 2025, 400000, ["P1"])
    ]
    assert [(d["item"], [r["code"] for r in d["reasons"]]) for d in s["denied"]] == [
        ("1.3/single_champion/provincial", ["superseded_by_other_policy"]),
        ("1.4/output_over_500m", ["not_first_time"]),
    ]
    assert s["support"] == [{"item": "3.3/green_power_priority", "year": 2025, "basis": []}]
    assert s["other_policy"] == [{"event": "T1", "policy": "another Jinjiang policy", "amount": 200000, "taken": True}]


def test_stdin_is_read_with_a_dash():
    res = run("evaluate", "-", "--format", "json", input=SMALL.read_text(encoding="utf-8"))
    assert res.exit_code == 0
    assert json.loads(res.stdout)["total"] == 400000


def test_same_input_twice_gives_byte_identical_output():
    first = run("evaluate", str(PORTFOLIO), "--format", "json").stdout
    second = run("evaluate", str(PORTFOLIO), "--format", "json").stdout
    assert first == second
    assert len(first) > 1000


def test_reordered_subjects_and_events_give_the_same_results():
    data = json.loads(PORTFOLIO.read_text(encoding="utf-8"))
    base = {s["id"]: s for s in json.loads(run("evaluate", "-", "--format", "json", input=json.dumps(data)).stdout)["subjects"]}
    rng = random.Random(7)
    rng.shuffle(data["subjects"])
    for subject in data["subjects"]:
        rng.shuffle(subject["events"])
    shuffled = json.loads(run("evaluate", "-", "--format", "json", input=json.dumps(data)).stdout)["subjects"]
    assert [s["id"] for s in shuffled] == [s["id"] for s in data["subjects"]]
    for s in shuffled:
        assert s == base[s["id"]]


def test_year_keeps_only_that_year_after_stacking_over_the_window():
    full = json.loads(run("evaluate", str(PORTFOLIO), "--format", "json").stdout, parse_float=Decimal)
    y25 = json.loads(run("evaluate", str(PORTFOLIO), "--format", "json", "--year", "2025").stdout, parse_float=Decimal)
    y26 = json.loads(run("evaluate", str(PORTFOLIO), "--format", "json", "--year", "2026").stdout, parse_float=Decimal)
    assert y25["total"] + y26["total"] == full["total"]
    for s in y25["subjects"]:
        assert all(a["year"] == 2025 for a in s["awards"] + s["support"] + s["denied"])


def test_table_output_names_subjects_and_total():
    res = run("evaluate", str(SMALL))
    assert res.exit_code == 0
    assert "E001" in res.stdout
    assert "400,000" in res.stdout
    assert "2.1/equipment_update" in res.stdout


def test_measures_lists_every_item_with_its_clause():
    res = run("measures", "--format", "json")
    rows = json.loads(res.stdout)
    by_id = {r["item"]: r for r in rows}
    assert by_id["1.4/output_over_20b"]["amount"] == 5000000
    assert by_id["2.1/equipment_update"]["rate"] == "5%"
    assert by_id["2.1/equipment_update"]["caps"] == {"all": 3000000}
    assert "首次超過5億元" in by_id["1.4/output_over_500m"]["clause"]


BAD = [
    ("not json", "{", "$: not valid JSON"),
    ("wrong schema", {"schema": "jjpolicy.facts/2", "subjects": []}, "schema:"),
    ("unknown type", {"events": [{"id": "X", "type": "lottery", "date": "2025-01-01"}]}, "subjects[0].events[0].type"),
    ("unknown kind", {"kind": "bank"}, "subjects[0].kind"),
    (
        "wrong field type",
        {"events": [{"id": "X", "type": "digital_package", "date": "2025-03-01", "sme_count": "ten"}]},
        "subjects[0].events[0].sme_count",
    ),
    (
        "negative money",
        {"events": [{"id": "X", "type": "regional_brand", "date": "2025-03-01", "investment": -1}]},
        "subjects[0].events[0].investment",
    ),
    ("share outside 0..1", {"years": {"2025": {"green_power_share": 1.2}}}, "subjects[0].years.2025.green_power_share"),
    ("bad date", {"events": [{"id": "X", "type": "above_scale_new", "date": "2025-02-30"}]}, "subjects[0].events[0].date"),
    (
        "duplicate event id",
        {
            "events": [
                {"id": "X", "type": "above_scale_new", "date": "2025-02-03"},
                {"id": "X", "type": "above_scale_new", "date": "2025-02-04"},
            ]
        },
        "subjects[0].events[1].id",
    ),
    (
        "other_awards naming a missing event",
        {"other_awards": [{"event": "NOPE", "policy": "p", "amount": 1}]},
        "subjects[0].other_awards[0].event",
    ),
    (
        "wrong level",
        {"events": [{"id": "X", "type": "single_champion", "level": "quanzhou", "date": "2025-02-03"}]},
        "subjects[0].events[0].level",
    ),
    (
        "money past 10^13",
        {"events": [{"id": "X", "type": "regional_brand", "date": "2025-03-01", "investment": 10**13 + 1}]},
        "subjects[0].events[0].investment",
    ),
    (
        "three decimals",
        {"events": [{"id": "X", "type": "regional_brand", "date": "2025-03-01", "investment": "1.005"}]},
        "subjects[0].events[0].investment",
    ),
]


@pytest.mark.parametrize("name,patch,path", BAD, ids=[b[0] for b in BAD])
def test_bad_input_exits_2_with_the_json_path_and_nothing_on_stdout(name, patch, path):
    if isinstance(patch, str):
        text = patch
    elif "schema" in patch:
        text = json.dumps(patch)
    else:
        subject = {"id": "S1", "kind": "industrial_enterprise"}
        subject.update(patch)
        text = json.dumps({"schema": "jjpolicy.facts/1", "subjects": [subject]})
    res = CliRunner().invoke(main, ["evaluate", "-", "--format", "json"], input=text)
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    assert path in res.stderr
    assert "Traceback" not in res.stderr


def test_every_problem_is_listed_not_only_the_first():
    subject = {"id": "S1", "kind": "bank", "events": [{"id": "X", "type": "lottery", "date": "2025-13-01"}]}
    res = CliRunner().invoke(main, ["evaluate", "-"], input=json.dumps({"schema": "jjpolicy.facts/1", "subjects": [subject]}))
    assert res.exit_code == 2
    assert "subjects[0].kind" in res.stderr
    assert "subjects[0].events[0].type" in res.stderr


def test_missing_file_is_a_usage_error_with_exit_2():
    res = CliRunner().invoke(main, ["evaluate", "/nonexistent/facts.json"])
    assert res.exit_code == 2
    assert res.stdout == ""


def test_ids_with_quotes_and_program_text_cannot_change_the_program():
    hostile = 'E1"). #show. x("'
    subject = {
        "id": hostile,
        "name": '晉江「引號」有限公司 \\ " ',
        "kind": "industrial_enterprise",
        "events": [{"id": 'T"1). :- a.', "type": "above_scale_new", "date": "2025-03-01", "project": "GB/T 1234-2025"}],
    }
    res = run("evaluate", "-", "--format", "json", input=json.dumps({"schema": "jjpolicy.facts/1", "subjects": [subject]}))
    assert res.exit_code == 0
    out = json.loads(res.stdout)
    assert out["subjects"][0]["id"] == hostile
    assert out["subjects"][0]["awards"][0]["basis"] == ['T"1). :- a.']
    assert out["total"] == 50000


def test_the_other_policy_is_held_against_the_item_capped_at_its_own_level():
    # 4.3 retrofit at 三級: 10% x 654,321.19 = 65,432.119 -> 65,432.11, cut at the 三級 cap of 60,000.
    # Another policy pays 70,000: 10,000 more than this item's 60,000 (not 65,432.11 or 100,000).
    subject = {
        "id": "R1",
        "kind": "enterprise",
        "events": [
            {
                "id": "D1",
                "type": "sme_digital_retrofit",
                "date": "2025-05-01",
                "recognized_investment": "654321.19",
                "digital_level": 3,
                "pilot": True,
            }
        ],
        "other_awards": [{"event": "D1", "policy": "另一政策", "amount": 70000}],
    }
    res = run("evaluate", "-", "--format", "json", input=json.dumps({"schema": "jjpolicy.facts/1", "subjects": [subject]}))
    (denial,) = json.loads(res.stdout)["subjects"][0]["denied"]
    assert denial["reasons"][0]["code"] == "superseded_by_other_policy"
    assert "pays 70,000 for events[D1], 10,000 more than this item's 60,000" in denial["reasons"][0]["detail"]
