"""The encodings themselves: complete against the catalogue, each figure stated once, clean to ground."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import clingo
from click.testing import CliRunner

import jjpolicy
from jjpolicy.cli import main
from jjpolicy.figures import policy
from jjpolicy.program import encoding_paths, encodings_dir

ROOT = Path(__file__).resolve().parent.parent
MEASURES = ROOT / "docs" / "measures.md"
POLICY_TEXT = ROOT / "docs" / "policy" / "jinzhenggui-2025-5.txt"


def catalogue_ids() -> set[str]:
    """Item ids of measures.md, with its `/national, /provincial` shorthand expanded."""
    ids = set()
    for line in MEASURES.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (\d\.\d/[^ |]+)((?:, /[a-z_0-9]+)*) \|", line)
        if not m:
            continue
        first = m.group(1)
        ids.add(first)
        stem = first.rsplit("/", 1)[0]
        for extra in re.findall(r"/([a-z_0-9]+)", m.group(2)):
            ids.add(f"{stem}/{extra}")
    return ids


def test_every_item_of_the_catalogue_is_encoded_and_nothing_else():
    expected = catalogue_ids()
    assert len(expected) == 82
    assert set(policy().items) == expected


def test_amounts_of_the_text_are_the_encoded_figures():
    items = policy().items
    # 萬元 figures read off the original text by hand.
    assert items["1.1/new_above_scale"].amount == Decimal("50000")
    assert items["1.4/output_over_20b"].amount == Decimal("5000000")
    assert items["5.1/quality_award/china"].amount == Decimal("3000000")
    assert items["5.2/standard/local_group/participate"].amount == Decimal("20000")
    assert items["2.1/equipment_update"].rate == (5, 100)
    assert items["2.1/equipment_update"].caps == {"all": Decimal("3000000")}
    assert items["4.3/sme_digital"].caps == {
        "level(2)": Decimal("40000"),
        "level(3)": Decimal("60000"),
        "level(4)": Decimal("100000"),
    }
    assert policy().thresholds["1.4/output_over_10b"].value == Decimal("10000000000")


def test_every_clause_is_quoted_verbatim_from_the_policy():
    text = POLICY_TEXT.read_text(encoding="utf-8")
    for measure, clause in policy().clauses.items():
        assert clause in text, measure
    assert set(policy().measures) <= set(policy().clauses)


def test_each_figure_is_stated_once():
    seen: dict[tuple, str] = {}
    for path in encoding_paths():
        for line in path.read_text(encoding="utf-8").splitlines():
            for m in re.finditer(r"\b(amount|rate|cap|threshold)\(\"([^\"]+)\"(?:, *(level\(\d\)|all))?", line):
                key = (m.group(1), m.group(2), m.group(3))
                assert key not in seen, f"{key} stated twice: {path.name} and {seen[key]}"
                seen[key] = path.name
    assert len(seen) > 80


def test_encodings_ground_without_undefined_atoms():
    messages = []
    ctl = clingo.Control(logger=lambda code, msg: messages.append(msg))
    for path in encoding_paths() + [encodings_dir() / "explain.lp"]:
        ctl.load(str(path))
    ctl.ground([("base", [])])
    assert messages == []


def capped_projects(n: int) -> dict:
    """n 2.1 projects in 2025, each 5% x 100,000,000 = 5,000,000, cut at the 3,000,000 cap."""
    events = [
        {
            "id": f"P{i}",
            "type": "equipment_project",
            "date": "2025-05-01",
            "total_investment": 200000000,
            "equipment_purchase": 100000000,
            "key_tech_renovation": True,
            "in_statistics": True,
        }
        for i in range(n)
    ]
    subject = {
        "id": "BIG",
        "kind": "industrial_enterprise",
        "events": events,
        "years": {"2024": {"industrial_output": 900000000, "key_industrial_enterprise": True}},
    }
    return {"schema": "jjpolicy.facts/1", "subjects": [subject]}


def test_a_year_of_shares_past_the_32_bit_range_is_evaluated_exactly():
    # 8 x 300,000,000 fen passes 2^31: summed in two digits (exact.lp), capped at 3,000,000, never refused.
    res = CliRunner().invoke(main, ["evaluate", "-", "--format", "json"], input=json.dumps(capped_projects(8)))
    assert res.exit_code == 0, res.stderr
    (subject,) = json.loads(res.stdout)["subjects"]
    assert [(a["amount"], a["basis"]) for a in subject["awards"]] == [(3000000, [f"P{i}" for i in range(8)])]


def test_seven_capped_projects_still_sum_exactly_to_the_cap():
    result = jjpolicy.evaluate(capped_projects(7))
    (award,) = result.subjects[0].awards
    assert award.amount == Decimal("3000000")
    assert award.basis == tuple(f"P{i}" for i in range(7))
