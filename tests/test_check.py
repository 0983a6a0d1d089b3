"""`jjpolicy check` (issue 8): the findings on the policy itself.

The cases below were identified by reading the text (docs/policy/jinzhenggui-2025-5.txt) and
docs/measures.md; every amount is worked out by hand here, not by the code under test. Each finding's
witness is evaluated by the test itself with `jjpolicy.evaluate` (and `readings=` for a switched
reading), and the amounts compared with those figures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import jjpolicy
from jjpolicy.check import KINDS, run
from jjpolicy.check_report import report_md, report_text
from jjpolicy.render import to_json

ROOT = Path(__file__).resolve().parent.parent
D = Decimal


@pytest.fixture(scope="module")
def report():
    return run()


@pytest.fixture(scope="module")
def findings(report):
    return {f.key: f for f in report.findings}


def evaluated(witness: dict, readings: dict | None = None) -> dict:
    """The witness evaluated by the test: subject id -> (this policy's total, total received)."""
    result = jjpolicy.evaluate(json.loads(to_json(witness), parse_float=Decimal), readings=readings)
    out = {}
    for s in result.subjects:
        taken = sum((o.amount for o in s.other_policy if o.taken), D(0))
        out[s.id] = (s.total, s.total + taken)
    return out


def totals(witness: dict, readings: dict | None = None) -> dict:
    return {sid: t for sid, (t, _) in evaluated(witness, readings).items()}


# ---- unreachable -----------------------------------------------------------------------------------
def test_every_item_of_the_real_policy_is_reachable(report):
    # Reading the catalogue: every item has an event type or a year figure and a kind that may receive it.
    assert report.searched["reachable"] == report.searched["items"] == len(jjpolicy.policy().items)
    assert not [f for f in report.findings if f.kind == "unreachable"]


# ---- overlap ---------------------------------------------------------------------------------------
# 4.2: the provider of a 工業互聯網示范項目 (與傳統產業合作實施) is paid 5% of the recognised investment,
# and the traditional enterprise's own items may pay the same project; 4.3: a provider's 制式套餐 applied
# by SMEs pays the provider, and each SME's purchase of it is its 4.3 retrofit. Rule 2 is per subject.
OVERLAP = {
    "overlap/4.2/industrial_internet_demo": {
        "W-provider": D(500000),  # 5% x 20,000,000 = 1,000,000, cap 500,000
        "W-partner-1": D(3000000),  # 2.1: 5% x 100,000,000 = 5,000,000, cap 3,000,000
        "W-partner-2": D(300000),  # 4.2 digital demo, fixed
        "W-partner-3": D(100000),  # 4.2 app demo: 15% x 1,000,000 = 150,000, cap 100,000
        "W-partner-4": D(100000),  # 4.3: 10% x 2,000,000 = 200,000, cap at level 5 (四級) 100,000
    },
    "overlap/4.3/digital_package/10": {
        "W-provider": D(100000),  # 10 SMEs: the 10-SME tier
        "W-partner-1": D(100000),  # the SME's retrofit as above
    },
}


def test_overlaps_found_are_those_read_in_the_text(findings):
    assert sorted(k for k, f in findings.items() if f.kind == "overlap") == sorted(OVERLAP)
    for key, expected in OVERLAP.items():
        f = findings[key]
        # every subject's events concern one project X
        assert {e.get("project") for s in f.witness["subjects"] for e in s["events"] if e["id"] == "E1"} == {"X"}
        assert totals(f.witness) == expected


def test_rule_2_separates_every_pair_on_one_project_of_one_subject(report):
    # 36 event types: pairs within a type and one item per type across types, all searched, none paid twice
    assert report.searched["overlap_same_project_pairs"] > 500
    assert report.searched["overlap_one_event"] > 1000  # every generated subject with one event of its own
    assert not [f for f in report.findings if f.kind == "overlap" and "+" in f.key]


# ---- non_monotone ----------------------------------------------------------------------------------
NON_MONOTONE = {
    # 2.2 names only a 省級 企業技術中心: a national one earns nothing
    "non_monotone/enterprise_tech_center/level/provincial->national": {"W-low": D(300000), "W-high": D(0)},
    # 2.2: a provincial innovation centre's lead unit 300,000; a national centre: policy matching only (support)
    "non_monotone/innovation_center/level/provincial->national": {"W-low": D(300000), "W-high": D(0)},
    # 1.2: 10,000,000 / 20,000,000 = 50% >= 50%: 30,000; / 20,000,000.01 < 50% and 10,000,000 < 20,000,000: 0
    "non_monotone/1.2/share": {"W-low": D(30000), "W-high": D(0)},
    # 1.4: 2025 over 5億 (50,000) then 2026 over 100億 (2,000,000) vs over 100億 both years (2,000,000 once);
    #      2025 over 100億 then 2026 over 200億: 2,000,000 + 5,000,000 vs over 200億 both years: 5,000,000
    "non_monotone/output_ladder": {"W-low-1": D(2050000), "W-high-1": D(2000000), "W-low-2": D(7000000), "W-high-2": D(5000000)},
    # 3.4: over 1000萬 in 2025 then over 2000萬 in 2026: 100,000 + 200,000; over 2000萬 both years: 200,000
    "non_monotone/revenue_ladder": {"W-low-1": D(300000), "W-high-1": D(200000)},
}
# Stacking rule 3 compares another policy's payment with the event's share computed alone; beside an
# event that already fills the cap, a larger second event makes this policy keep it for nothing more.
# (this policy's total, received with the other policy's payment)
RULE3 = {
    # E1 5% x 60,000,000 = cap 3,000,000; E2 pays 550,000 elsewhere: 5% x 10,999,999.99 = 549,999.99 < 550,000
    # (other policy keeps E2: 3,000,000 + 550,000); 5% x 11,000,000.20 = 550,000.01 > 550,000 (kept here, capped)
    "non_monotone/rule3/2.1/equipment_update": {"W-low": (D(3000000), D(3550000)), "W-high": (D(3000000), D(3000000))},
    # 10% x 5,000,000 = cap 500,000; other pays 50,000; E2 499,999.99 -> 49,999.99 < 50,000; 500,000.10 -> 50,000.01
    "non_monotone/rule3/2.2/rd_instruments": {"W-low": (D(500000), D(550000)), "W-high": (D(500000), D(500000))},
    # 10% x 1,000,000 = cap 100,000 (level 5 = 四級); other pays 10,000; 99,999.99 -> 9,999.99; 100,000.10 -> 10,000.01
    "non_monotone/rule3/4.3/sme_digital": {"W-low": (D(100000), D(110000)), "W-high": (D(100000), D(100000))},
}


def test_non_monotone_cases_read_in_the_text(findings):
    keys = sorted(k for k, f in findings.items() if f.kind == "non_monotone")
    assert keys == sorted(list(NON_MONOTONE) + list(RULE3))
    for key, expected in NON_MONOTONE.items():
        assert totals(findings[key].witness) == expected, key
    for key, expected in RULE3.items():
        assert evaluated(findings[key].witness) == expected, key


def test_a_retrofit_at_level_5_earns_what_level_4_earns(findings):
    # A34: 達到四級 includes level 5, so a better digital level never earns less (searched, not a finding)
    assert not [k for k in findings if "digital_level" in k]
    base = {"id": "R", "type": "sme_digital_retrofit", "date": "2025-07-01", "recognized_investment": 2000000, "pilot": True}
    doc = {
        "schema": "jjpolicy.facts/1",
        "subjects": [{"id": f"L{n}", "kind": "enterprise", "events": [dict(base, digital_level=n)]} for n in (4, 5)],
    }
    assert totals(doc) == {"L4": D(100000), "L5": D(100000)}


# ---- timing_incentive ------------------------------------------------------------------------------
# (at once, spread over two years or split across projects), by hand
LADDERS = {
    "output_ladder": [(D(2000000), D(2050000)), (D(5000000), D(7000000))],
    "revenue_ladder": [(D(200000), D(300000))],
    "single_champion": [(D(300000), D(450000))],  # national only vs 150,000 + 300,000
    "specialized_sme": [(D(200000), D(300000))],  # 小巨人 only vs 100,000 + 200,000
    "design_center": [(D(800000), D(1100000))],
    "design_institute": [(D(800000), D(1100000))],
    "first_set": [(D(500000), D(800000))],  # one product: domestic only vs 300,000 + 500,000
    "service_manufacturing": [(D(300000), D(450000))],
    "energy_efficiency_leader": [(D(100000), D(150000))],
    "green_factory": [(D(200000), D(300000))],
    "green_park": [(D(200000), D(300000))],
    "green_supply_chain": [(D(200000), D(300000))],
    "smart_factory": [(D(500000), D(800000)), (D(800000), D(1300000))],  # advanced->示范工廠, 示范工廠->領航級
    "china_quality": [(D(3000000), D(4000000))],  # award only vs nomination 1,000,000 + award
    "fujian_quality": [(D(1000000), D(1500000))],
    "standardization_demo": [(D(80000), D(120000))],  # one zone: national only vs 40,000 + 80,000
}
COUNTS = {
    # 4.3 packages: 40 SMEs at once -> the 20 tier 200,000; 20 + 20 -> 200,000 twice;
    #               100 at once -> the 50 tier 300,000; 50 + 50 -> 300,000 twice (20 = 2 x 10 gains nothing)
    "digital_package": [(D(200000), D(400000)), (D(300000), D(600000))],
    "public_consulting": [(D(100000), D(200000))],  # 6.1: 40 at once 100,000; 20 + 20: 200,000
}
CAPS = {
    # one project at twice the cap's binding base, vs two (per-project cap) or one a year (per-year cap)
    "2.1/equipment_update": ("W-spread", D(3000000), D(6000000)),  # 5% x 120,000,000 capped; 2 x 3,000,000
    "2.2/rd_instruments": ("W-spread", D(500000), D(1000000)),  # 10% x 10,000,000 capped; 2 x 500,000
    "2.3/management_consulting": ("W-split", D(300000), D(600000)),  # fee 6,000,000 vs 2 x 3,000,000
    "4.2/app_demo": ("W-split", D(100000), D(200000)),  # 1,333,333.34 vs 2 x 666,666.67
    "4.2/industrial_internet_demo": ("W-split", D(500000), D(1000000)),  # 20,000,000 vs 2 x 10,000,000
    "4.3/sme_digital": ("W-spread", D(100000), D(200000)),  # 2,000,000 vs 1,000,000 a year
    "6.3/regional_brand": ("W-split", D(2000000), D(4000000)),  # 20,000,000 vs 2 x 10,000,000
}
TWO_PROJECTS = {
    # 2.1 at path A's 5,000,000 (250,000) and 4.1 advanced (300,000): one project pays the larger
    "timing_incentive/rule2/2.1/equipment_update+4.1/smart_factory/advanced": (D(300000), D(550000)),
    # 4.2 digital demo 300,000 and app demo 15% x 1,000,000 capped 100,000
    "timing_incentive/rule2/4.2/digital_demo+4.2/app_demo": (D(300000), D(400000)),
}


def test_timing_incentives_read_in_the_text(findings):
    expected = (
        {f"timing_incentive/{k}" for k in list(LADDERS) + list(COUNTS)}
        | {f"timing_incentive/{k}" for k in CAPS}
        | set(TWO_PROJECTS)
    )
    assert {k for k, f in findings.items() if f.kind == "timing_incentive"} == expected
    for ladder, steps in {**LADDERS, **COUNTS}.items():
        f = findings[f"timing_incentive/{ladder}"]
        got = totals(f.witness)
        ks = sorted({sid.rsplit("-", 1)[1] for sid in got}, key=int)
        assert [(got[f"W-once-{k}"], got[f"W-spread-{k}"]) for k in ks] == steps, ladder
    for item, (other, once, more) in CAPS.items():
        got = totals(findings[f"timing_incentive/{item}"].witness)
        assert got == {"W-once": once, other: more}, item
    for key, (one, two) in TWO_PROJECTS.items():
        assert totals(findings[key].witness) == {"W-one-project": one, "W-two-projects": two}


def test_the_1_4_example_of_the_issue(findings):
    # 10億 in 2025 and over 100億 in 2026 pays both tiers (A2 full); over 100億 at once only 2,000,000 (A3)
    f = findings["timing_incentive/output_ladder"]
    subjects = {s["id"]: s for s in f.witness["subjects"]}
    assert list(subjects["W-once-1"]["years"]) == ["2025"]
    assert subjects["W-spread-1"]["years"]["2025"]["industrial_output"] == D("500000000.01")
    assert subjects["W-spread-1"]["years"]["2026"]["industrial_output"] == D("10000000000.01")
    assert "2,050,000" in f.statement and "2,000,000" in f.statement


# ---- reading_sensitive -----------------------------------------------------------------------------
# reading -> (default total, {switch: total}) worked out by hand for each witness
READINGS = {
    "A1": (D(360000), {"A1=measure_year": D(330000), "A1=none": D(420000)}),  # 30k+30k+300k; one 3.2; +60k app demo
    "A2": (D(300000), {"A2=top_up": D(200000), "A2=none": D(100000)}),
    "A3": (D(200000), {"A3=cumulative": D(300000)}),
    "A4": (D(0), {"A4=window": D(50000)}),
    "A5": (D(60000), {"A5=once": D(30000)}),
    "A6": (D(0), {"A6=current": D(400000)}),  # 5% x 8,000,000
    "A7": (D(3000000), {"A7=project": D(4000000)}),  # 2 x 40,000,000: 4,000,000 capped; 2 x 2,000,000
    "A8": (D(600000), {"A8=subject_year": D(300000)}),  # 2 x 10% x 4,000,000 capped at 300,000 each; once
    "A9": (D(200000), {"A9=package": D(300000)}),  # 25 and 12 SMEs: the 20 tier; 200,000 + 100,000
    "A10": (D(0), {}),
    "A11": (D(3500000), {"A11=one_family": D(3000000)}),
    "A12": (D(400000), {"A12=one_family_per_level": D(200000)}),
    "A13": (D(60000), {"A13=subsidy": D(50000)}),  # 15% x 400,000; 50% x 100,000
    "A14": (D(30000), {"A14=previous_year": D(0)}),
    "A15": (D(100000), {"A15=in_year": D(250000)}),  # + 5% x 3,000,000
    "A16": (D(150000), {"A16=other_policy": D(0)}),
    "A17": (D(300000), {"A17=excluded": D(0)}),
    "A18": (D(120000), {"A18=each_instrument": D(0)}),  # 10% x 1,200,000
    "A19": (D(30000), {"A19=each_event": D(60000)}),
    "A20": (D(300000), {"A20=blocked": D(200000)}),
    "A21": (D(4100000), {"A21=per_event": D(4160000)}),  # 4.3: 100,000 -> 2 x 80,000; 6.3: 2 x 2,000,000 both
    "A22": (D(200000), {"A22=window": D(100000)}),
    "A23": (D(300000), {"A23=centre_in_year": D(420000)}),
    "A24": (D(300000), {}),
    "A25": (D(500000), {}),
    "A26": (D(0), {}),
    "A27": (D(0), {}),
    "A28": (D(0), {}),
    "A29": (D(0), {}),
    "A31": (D(0), {}),
    "A32": (D(0), {}),
    "A33": (D(0), {}),
    "A34": (D(91000), {"A21=per_event": D(41000)}),  # 10% x 910,000 under 四級's cap; 40,000 + 1,000
    "A36": (D(0), {}),
    "A37": (D(0), {}),
    "A40": (D(300000), {}),
    "A41": (D(60000), {}),  # 10% x 600,000: R2, the rest after the other policy's R1
    "A42": (D(0), {}),
    "A43": (D(0), {}),
    "A44": (D(1100000), {}),  # B 300,000 + D 800,000; the lower id first: A and D share project X, 800,000
}


def test_a_witness_for_every_reading(report, findings):
    got = {k.split("/")[1] for k, f in findings.items() if f.kind == "reading_sensitive"}
    assert got == set(READINGS)
    without = set(report.searched["readings_without_witness"])
    assert without == {"A30", "A35", "A38", "A39"}
    assert got | without == {f"A{n}" for n in range(1, 45)}


@pytest.mark.parametrize("rid", sorted(READINGS, key=lambda r: int(r[1:])))
def test_each_reading_moves_its_witness_as_worked_out(findings, rid):
    default, switched = READINGS[rid]
    f = findings[f"reading_sensitive/{rid}"]
    assert sum(totals(f.witness).values()) == default
    assert set(f.switched) == set(switched)
    for label, amount in switched.items():
        r, v = label.split("=")
        assert sum(totals(f.witness, {r: v}).values()) == amount, label


def test_readings_without_a_switch_state_the_hand_worked_alternative(findings):
    # A10: 10% of 500,000 uncapped; A28: the later first award 100,000; A33: 30,000; A36: 50,000
    for rid, words in {"A10": "50,000", "A28": "100,000", "A33": "30,000", "A36": "50,000"}.items():
        statement = findings[f"reading_sensitive/{rid}"].statement
        assert "no switch; worked out by hand" in statement and words in statement


# ---- cap_geometry ----------------------------------------------------------------------------------
CAP_POINTS = {
    # item: [(cap, binding base, paid one fen below)], {threshold witness: paid}
    "2.1/equipment_update": (
        [(D(3000000), D(60000000), D("2999999.99"))],
        {"2.1/b/equipment_purchase": D(100000), "2.1/a/equipment_purchase": D(250000)},
    ),
    "2.2/rd_instruments": ([(D(500000), D(5000000), D("499999.99"))], {"2.2/rd_instruments/total": D(100000)}),
    "2.3/management_consulting": ([(D(300000), D(3000000), D("299999.99"))], {"2.3/fee": D(30000)}),
    # 15% x 666,666.67 = 100,000.0005 -> 100,000.00; 15% x 666,666.66 = 99,999.999 -> 99,999.99
    "4.2/app_demo": ([(D(100000), D("666666.67"), D("99999.99"))], {}),
    "4.2/industrial_internet_demo": ([(D(500000), D(10000000), D("499999.99"))], {}),
    "4.3/sme_digital": (
        [(D(40000), D(400000), D("39999.99")), (D(60000), D(600000), D("59999.99")), (D(100000), D(1000000), D("99999.99"))],
        {},
    ),
    "6.3/regional_brand": ([(D(2000000), D(10000000), D("1999999.99"))], {}),
}


def test_cap_geometry_of_every_percentage_item(findings):
    assert {k for k, f in findings.items() if f.kind == "cap_geometry"} == {f"cap_geometry/{i}" for i in CAP_POINTS}
    for item, (caps, at_threshold) in CAP_POINTS.items():
        f = findings[f"cap_geometry/{item}"]
        got = totals(f.witness)
        subjects = {s["id"]: s for s in f.witness["subjects"]}
        for k, (cap, base, below) in enumerate(caps, 1):
            field = jjpolicy.policy().items[item].rate_field
            assert subjects[f"W-at-{k}"]["events"][0][field] == base
            assert (got[f"W-at-{k}"], got[f"W-below-{k}"]) == (cap, below), (item, k)
            assert f"reached at {field} {base:,}" in f.statement
        for t, amount in at_threshold.items():
            assert got[f"W-threshold-{t}"] == amount, (item, t)


def test_the_stated_equivalents_of_a13_can_hold(report):
    # 15% = 50% of Quanzhou's subsidy: Quanzhou approves 30%; 5% = 50%: 10%; 10% = 20%: 50% (all <= 100%)
    lines = report.searched["stated_equivalents"]
    assert [line.rsplit("approves ", 1)[1].split("%")[0] for line in lines] == ["30", "10", "50"]
    assert not [f for f in report.findings if "/A13/" in f.key]


# ---- every finding ---------------------------------------------------------------------------------
def test_every_witness_evaluates_to_its_recorded_effect(report):
    for f in report.findings:
        got = evaluated(f.witness)
        assert {sid: (e["total"], e["received"]) for sid, e in f.effect.items()} == got, f.key


def test_findings_have_the_contracts_fields(report):
    for f in report.findings:
        d = f.to_dict()
        assert d["kind"] in KINDS and d["items"] and d["statement"].endswith(".") and d["clauses"]
        assert d["witness"]["schema"] == "jjpolicy.facts/1" and d["witness"]["subjects"]
        for c in d["clauses"]:
            assert c["measure"] in jjpolicy.policy().clauses and c["original"] in jjpolicy.policy().clauses[c["measure"]]
    assert report.notes == []


def test_deterministic(report):
    # a second run, through the command line: the same findings, in the same order, with the same witnesses
    res = _cli(["check", "--format", "json"])
    assert res.returncode == 0 and "checked in" in res.stderr
    assert res.stdout.rstrip("\n") == to_json(report.to_dict())


def test_human_reports(report):
    text, md = report_text(report), report_md(report)
    for f in report.findings:
        assert f.key in text and f.statement in text
    assert md.startswith("# jjpolicy check") and "**Why it matters.**" in md
    assert "## A better fact, less money (`non_monotone`)" in md
    assert "Searched, and found nothing more" in text


# ---- a changed policy: encodings edited in a copy ---------------------------------------------------
def _edit(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    enc = tmp_path / "encodings"
    shutil.copytree(ROOT / "encodings", enc)
    for name, pairs in edits.items():
        text = (enc / name).read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (name, old)
            text = text.replace(old, new)
        (enc / name).write_text(text, encoding="utf-8")
    return enc


def _cli(args, env_extra=None, stdin=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "jjpolicy.cli", *args], capture_output=True, text=True, env=env, input=stdin)


def test_a_changed_policy_changes_the_findings(tmp_path):
    enc = _edit(
        tmp_path,
        {
            # 2.3 for a kind of subject the contract does not have; the 50-SME tier past any valid count
            "s2_renewal.lp": [
                (
                    'receives("2.3/management_consulting", industrial_enterprise).',
                    'receives("2.3/management_consulting", state_owned_enterprise).',
                ),
                # 2.2 instruments capped at 50,000: 10% of the 1,000,000 threshold is already 100,000
                ('cap("2.2/rd_instruments", all, "500000").', 'cap("2.2/rd_instruments", all, "50000").'),
                # a national 企業技術中心 is no longer worth less: the provincial one pays 0 too
                (
                    'amount("2.2/enterprise_tech_center/provincial", "300000")',
                    'amount("2.2/enterprise_tech_center/provincial", "0")',
                ),
            ],
            "s4_digital.lp": [
                (
                    'threshold("4.3/digital_package/50", sme_count, "50", "4.3")',
                    'threshold("4.3/digital_package/50", sme_count, "2000000000", "4.3")',
                ),
                # a cap keyed by a digital level the contract does not have
                ('cap("4.3/sme_digital", level(4), "100000")', 'cap("4.3/sme_digital", level(6), "100000")'),
            ],
        },
    )
    env = {"JJPOLICY_ENCODINGS": str(enc)}
    res = _cli(["check", "--format", "json"], env)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout, parse_float=Decimal)
    found = {f["key"]: f for f in out["findings"]}
    unreachable = sorted(k for k, f in found.items() if f["kind"] == "unreachable")
    assert unreachable == ["unreachable/2.3/management_consulting", "unreachable/4.3/digital_package/50"]
    assert "no kind of subject the contract has" in found["unreachable/2.3/management_consulting"]["statement"]
    assert "non_monotone/enterprise_tech_center/level/provincial->national" not in found
    rd = found["cap_geometry/2.2/rd_instruments"]
    assert "at or below the threshold" in rd["statement"]
    assert rd["effect"]["W-threshold-2.2/rd_instruments/total"]["total"] == 50000  # min(100,000, 50,000)
    sd = found["cap_geometry/4.3/sme_digital"]
    assert "the cap 100,000 at level 6 is never reached" in sd["statement"]
    # the witnesses reproduce under the same encodings
    for key in ("unreachable/2.3/management_consulting", "unreachable/4.3/digital_package/50"):
        ev = _cli(["evaluate", "-", "--format", "json"], env, to_json(found[key]["witness"]))
        item = key.split("/", 1)[1]
        assert ev.returncode == 0
        assert item not in [a["item"] for a in json.loads(ev.stdout)["subjects"][0]["awards"]]


def test_a_reform_that_removes_a_finding_makes_it_disappear():
    # A provincial 企業技術中心 paid 0 (--param) earns no more than a national one, which the policy does
    # not pay: the non-monotone finding about the two levels is gone, and the report names the reform.
    from click.testing import CliRunner

    from jjpolicy.cli import main

    res = CliRunner().invoke(main, ["check", "--format", "json", "--param", "2.2/enterprise_tech_center/provincial.amount=0"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["reform"] == [{"name": "2.2/enterprise_tech_center/provincial.amount", "kind": "money", "value": 0, "was": 300000}]
    assert "non_monotone/enterprise_tech_center/level/provincial->national" not in [f["key"] for f in out["findings"]]
