"""whatif (contract.md): the subject's result before and after a change of its facts."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from jjpolicy.cli import main

SMALL = Path(__file__).resolve().parent.parent / "facts" / "small.json"


def run(*args):
    return CliRunner().invoke(main, ["whatif", str(SMALL), "--subject", "E001", *args, "--format", "json"])


def test_a_purchase_under_path_1_falls_back_to_path_2_and_rounds_down():
    # 4,999,999.99 < 5,000,000 fails path 1; T1 (省級單項冠軍, 2025-08-20) is held before P1 (2025-12-31),
    # so path 2 pays 5% x 4,999,999.99 = 249,999.9995 -> 249,999.99.
    res = run("--set", "events.P1.equipment_purchase=4999999.99")
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout, parse_float=Decimal)
    assert out["before"]["total"] == 400000
    assert out["after"]["total"] == Decimal("249999.99")
    assert out["delta"] == Decimal("-150000.01")
    assert out["gained"] == [] and out["lost"] == []


def test_a_previous_output_of_exactly_5億_makes_2025_the_first_crossing():
    # 2024 at 500,000,000 does not exceed 5億 (超過), so 2025 (610,000,000, key enterprise) is the first
    # crossing: 1.4 pays 50,000. 2.1 still pays 400,000 on path 2 (the title T1).
    res = run("--set", "years.2024.industrial_output=500000000")
    out = json.loads(res.stdout, parse_float=Decimal)
    assert out["after"]["total"] == 450000
    assert out["delta"] == 50000
    assert out["gained"] == ["1.4/output_over_500m"]


def test_changing_the_kind_loses_the_industrial_items():
    res = run("--set", "kind=enterprise")
    out = json.loads(res.stdout, parse_float=Decimal)
    assert out["lost"] == ["2.1/equipment_update"]
    assert out["delta"] == -400000


def test_a_missing_event_or_field_is_exit_2_with_the_path():
    res = run("--set", "events.P9.equipment_purchase=1")
    assert res.exit_code == 2 and res.stdout == ""
    assert "events.P9.equipment_purchase" in res.stderr and "no event with id 'P9'" in res.stderr
    res = run("--set", "events.P1.fee=1")
    assert res.exit_code == 2 and "no field 'fee'" in res.stderr


def test_an_invalid_new_value_is_reported_at_the_subjects_json_path():
    res = run("--set", "kind=bank")
    assert res.exit_code == 2 and res.stdout == ""
    assert "subjects[0].kind: expected one of" in res.stderr
    res = run("--set", "events.P1.equipment_purchase=-5")
    assert res.exit_code == 2 and "subjects[0].events[1].equipment_purchase" in res.stderr
