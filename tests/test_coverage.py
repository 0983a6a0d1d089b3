"""`jjpolicy coverage` (issue 8): what a facts file exercises, and its holes, worked out by hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jjpolicy.coverage import coverage, coverage_text, load

ROOT = Path(__file__).resolve().parent.parent

SMALL = {
    "schema": "jjpolicy.facts/1",
    "subjects": [
        # 2.3 at its threshold (granted) and one fen short of it (below_threshold)
        {
            "id": "C1",
            "kind": "industrial_enterprise",
            "events": [
                {"id": "M1", "type": "management_consulting", "date": "2025-07-01", "fee": 300000, "pre_filed": True},
                {"id": "M2", "type": "management_consulting", "date": "2025-08-01", "fee": "299999.99", "pre_filed": True},
            ],
        },
        # 2.1 through path b only (an innovative SME since 2024, 10,000,000 / 2,000,000); no years: path a fails
        {
            "id": "C2",
            "kind": "industrial_enterprise",
            "events": [
                {"id": "I1", "type": "innovative_sme", "date": "2024-03-01"},
                {
                    "id": "P1",
                    "type": "equipment_project",
                    "date": "2025-07-01",
                    "total_investment": 10000000,
                    "equipment_purchase": 2000000,
                    "key_tech_renovation": True,
                    "in_statistics": True,
                },
            ],
        },
    ],
}
MC, EQ = "2.3/management_consulting", "2.1/equipment_update"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("cov") / "small.json"
    path.write_text(json.dumps(SMALL), encoding="utf-8")
    return coverage(*load([str(path)]))


def _mine(items, prefix):
    return [x for x in items if x.startswith(prefix + ":")]


def test_text(small):
    text = coverage_text(small)
    assert "items: 2 of 82 reached, 2 granted, 1 denied" in text
    assert "Alternative paths never passed (1)\n  - 2.1/equipment_update: path a" in text
    assert coverage_text(small, md=True).startswith("# jjpolicy coverage")


def test_items_reached_granted_denied(small):
    reached = {c.item for c in small.items if c.candidates}
    assert reached == {MC, EQ}
    by = {c.item: c for c in small.items}
    assert (by[MC].candidates, by[MC].granted, by[MC].denied) == (2, 1, 1)
    assert (by[EQ].candidates, by[EQ].granted, by[EQ].denied) == (1, 1, 0)
    holes = small.holes()
    assert holes["items_never_granted"] == []
    assert len(holes["items_never_reached"]) == len(small.items) - 2
    s = small.summary()["items"]
    assert (s["reached"], s["granted"], s["denied"]) == (2, 2, 1)


def test_conditions_of_2_3(small):
    c = next(c for c in small.items if c.item == MC)
    # [met, failed, not applicable] over the two engagements
    assert c.conditions == {
        (None, "flag pre_filed"): [2, 0, 0],
        (None, "kind"): [2, 0, 0],
        (None, "reaches 2.3/fee"): [1, 1, 0],
        (None, "registered"): [2, 0, 0],
    }
    holes = small.holes()
    assert _mine(holes["conditions_never_failed"], MC) == [f"{MC}: flag pre_filed", f"{MC}: kind", f"{MC}: registered"]
    assert _mine(holes["conditions_never_met"], MC) == []
    assert c.reasons_seen == {"below_threshold": 1}
    assert _mine(holes["reasons_never_seen"], MC) == [
        f"{MC}: {r}"
        for r in (
            "wrong_subject_kind",
            "not_registered_in_jinjiang",
            "outside_validity",
            "not_first_time",
            "already_awarded",
            "not_pre_filed",
            "basis_used_elsewhere",
            "superseded_by_other_policy",
        )
    ]


def test_conditions_and_paths_of_2_1(small):
    c = next(c for c in small.items if c.item == EQ)
    assert c.paths == {"a": [0, 1], "b": [1, 0]}
    assert c.conditions[("a", "exceeds 2.1/a/previous_output (the previous year)")] == [0, 0, 1]  # no figure: n/a
    assert c.conditions[("a", "has industrial_output (the previous year)")] == [0, 1, 0]
    assert c.conditions[("b", "title_held")] == [1, 0, 0]
    holes = small.holes()
    assert _mine(holes["paths_never_passed"], EQ) == [f"{EQ}: path a"]
    assert _mine(holes["conditions_never_met"], EQ) == [
        f"{EQ}: path a: {x}"
        for x in (
            "exceeds 2.1/a/previous_output (the previous year)",
            "flag key_industrial_enterprise (the previous year)",
            "has industrial_output (the previous year)",
            "reaches 2.1/a/equipment_purchase",
            "reaches 2.1/a/total_investment",
        )
    ]
    assert _mine(holes["conditions_never_failed"], EQ) == [
        f"{EQ}: {x}" for x in ("flag in_statistics", "flag key_tech_renovation", "kind", "registered")
    ] + [f"{EQ}: path b: {x}" for x in ("reaches 2.1/b/equipment_purchase", "reaches 2.1/b/total_investment", "title_held")]
    # a per-year item: no first time to repeat (measures.md, Time)
    assert _mine(holes["reasons_never_seen"], EQ) == [
        f"{EQ}: {r}"
        for r in (
            "wrong_subject_kind",
            "not_registered_in_jinjiang",
            "outside_validity",
            "already_awarded",
            "missing_fact",
            "condition_not_met",
            "below_threshold",
            "basis_used_elsewhere",
            "superseded_by_other_policy",
        )
    ]


def test_an_outcome_that_cannot_happen_is_no_hole():
    # an upper 1.4 tier is a candidate only once its figure is exceeded; 5.x items are for any kind
    from jjpolicy.coverage import universe

    conds, reasons = universe()["1.4/output_over_10b"]
    assert not conds[(None, "exceeds 1.4/output_over_10b (the year)")].can_fail
    assert "below_threshold" not in reasons and "wrong_subject_kind" not in reasons
    conds, reasons = universe()["5.1/quality_award/china"]
    assert not conds[(None, "kind")].can_fail and "wrong_subject_kind" not in reasons


def _cli(args):
    return subprocess.run([sys.executable, "-m", "jjpolicy.cli", *args], capture_output=True, text=True, env=dict(os.environ))


def test_the_projects_own_test_cases_reach_every_item():
    sources, subjects = load([str(ROOT / "tests" / "cases")])
    assert len(sources) == len(list((ROOT / "tests" / "cases").glob("*.json"))) and len(subjects) > 200
    cov = coverage(sources, subjects)
    s = cov.summary()
    assert s["items"]["reached"] == s["items"]["granted"] == s["items"]["of"]
    assert s["paths"]["passed"] == s["paths"]["of"] == 4  # 2.1 a/b, 1.2 output/share


def test_cli(tmp_path):
    path = tmp_path / "small.json"
    path.write_text(json.dumps(SMALL), encoding="utf-8")
    res = _cli(["coverage", str(path), "--format", "json"])
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["schema"] == "jjpolicy.coverage/1" and out["subjects"] == 2
    assert out["holes"]["paths_never_passed"] == [f"{EQ}: path a"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"cases": [{"facts": {"schema": "jjpolicy.facts/1", "subjects": [{"id": "X", "kind": "robot"}]}}]}))
    res = _cli(["coverage", str(bad)])
    assert res.returncode == 2 and res.stdout == "" and "cases[0].facts: subjects[0].kind" in res.stderr
