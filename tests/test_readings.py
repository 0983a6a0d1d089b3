"""Readings switched (--reading ID=VALUE, issue 7 part 2): each reading changes a case worked out by hand.

Every case is a subject, its total under the default readings, and its total with the one reading
switched; the comment under each case is the arithmetic from the policy text and docs/ambiguities.md.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

import jjpolicy
from jjpolicy.cli import main
from jjpolicy.figures import policy

IND, ENT = "industrial_enterprise", "enterprise"
KEY24 = {"2024": {"industrial_output": 600000000, "key_industrial_enterprise": True}}


def ev(i, type_, date, **fields):
    return {"id": i, "type": type_, "date": date, **fields}


def eq(i, invest, purchase, date="2025-06-01"):
    return ev(
        i,
        "equipment_project",
        date,
        total_investment=invest,
        equipment_purchase=purchase,
        key_tech_renovation=True,
        in_statistics=True,
    )


CASES = {
    # 3.1 green factory 200,000 and energy efficiency leader 100,000 (national, 2025): different families,
    # different bases -> 300,000; one item per measure and year -> the larger, 200,000.
    ("A1", "measure_year"): (
        ENT,
        [
            ev("G", "green_list", "2025-03-01", list="factory", level="national"),
            ev("L", "energy_efficiency_leader", "2025-04-01", level="national"),
        ],
        {},
        300000,
        200000,
    ),
    # 小巨人 200,000 and provincial 專精特新 100,000 in one year: one family -> 200,000; no limit -> 300,000.
    ("A1", "none"): (
        ENT,
        [
            ev("N", "specialized_sme", "2025-03-01", level="national"),
            ev("P", "specialized_sme", "2025-04-01", level="provincial"),
        ],
        {},
        200000,
        300000,
    ),
    # Project F1: 先進級 300,000 in 2025, 領航級 800,000 in 2026: full 1,100,000; the difference 500,000
    # (top_up) -> 800,000; nothing more (none) -> 300,000.
    ("A2", "top_up"): (
        ENT,
        [
            ev("A", "smart_factory", "2025-03-01", rating="advanced", project="F1"),
            ev("L", "smart_factory", "2026-03-01", rating="leading", project="F1"),
        ],
        {},
        1100000,
        800000,
    ),
    ("A2", "none"): (
        ENT,
        [
            ev("A", "smart_factory", "2025-03-01", rating="advanced", project="F1"),
            ev("L", "smart_factory", "2026-03-01", rating="leading", project="F1"),
        ],
        {},
        1100000,
        300000,
    ),
    # One package applied by 55 SMEs in 2025 reaches /10, /20 and /50: the highest 300,000, or each
    # 100,000 + 200,000 + 300,000 = 600,000.
    ("A3", "cumulative"): (
        "digital_service_provider",
        [ev("K", "digital_package", "2025-03-01", sme_count=55)],
        {},
        300000,
        600000,
    ),
    # Revenue 15,000,000 in 2024 and 12,000,000 in 2025: 2024 already exceeded 10,000,000 (recorded) -> 0;
    # only the window's years count (window) -> 2025 is the first: 100,000.
    ("A4", "window"): (
        "green_service_institution",
        [],
        {"2024": {"revenue": 15000000}, "2025": {"revenue": 12000000}},
        0,
        100000,
    ),
    # Carbon footprint and energy management certifications: 30,000 each, or once.
    ("A5", "once"): (
        ENT,
        [ev("C", "carbon_footprint_cert", "2025-03-01"), ev("M", "energy_management_cert", "2025-04-01")],
        {},
        60000,
        30000,
    ),
    # 2.1 path A: 2024 output 600,000,000 (上一年度產值超5億元, the text fixes that year) but the subject was a
    # key enterprise only in 2025. Status of the previous year -> 0; of the project year (current) ->
    # 5% x 8,000,000 = 400,000.
    ("A6", "current"): (
        IND,
        [eq("P", 30000000, 8000000)],
        {"2024": {"industrial_output": 600000000}, "2025": {"key_industrial_enterprise": True}},
        0,
        400000,
    ),
    # Two projects of 5% x 40,000,000 = 2,000,000: capped at 3,000,000 a year, or 2,000,000 each.
    ("A7", "project"): (IND, [eq("P1", 50000000, 40000000), eq("P2", 50000000, 40000000)], KEY24, 3000000, 4000000),
    # Two engagements of 10% x 2,500,000 = 250,000: each under its own cap, or 300,000 a year.
    ("A8", "subject_year"): (
        IND,
        [
            ev("M1", "management_consulting", "2025-03-01", fee=2500000, pre_filed=True),
            ev("M2", "management_consulting", "2025-05-01", fee=2500000, pre_filed=True),
        ],
        {},
        500000,
        300000,
    ),
    # Packages of 20 and 10 SMEs in 2025: one tier a provider-year (200,000), or per package 200,000 + 100,000.
    ("A9", "package"): (
        "digital_service_provider",
        [ev("K1", "digital_package", "2025-03-01", sme_count=20), ev("K2", "digital_package", "2025-04-01", sme_count=10)],
        {},
        200000,
        300000,
    ),
    # 福建省政府質量獎 1,000,000 and 泉州市政府質量獎 500,000: different honours, or one family.
    ("A11", "one_family"): (
        ENT,
        [ev("F", "quality_award", "2025-03-01", award="fujian"), ev("Q", "quality_award", "2025-04-01", award="quanzhou")],
        {},
        1500000,
        1000000,
    ),
    # National green factory and green park 200,000 each: each list, or one family per level.
    ("A12", "one_family_per_level"): (
        ENT,
        [
            ev("G", "green_list", "2025-03-01", list="factory", level="national"),
            ev("P", "green_list", "2025-04-01", list="park", level="national"),
        ],
        {},
        400000,
        200000,
    ),
    # Listed 2025 with 25,000,000 of strategic emerging output (>= 20,000,000) -> 30,000; the previous
    # year's figures (5,000,000 of 40,000,000: 12.5%) reach neither test -> 0.
    ("A14", "previous_year"): (
        IND,
        [ev("S", "strategic_emerging_new", "2025-03-01")],
        {
            "2024": {"strategic_emerging_output": 5000000, "industrial_output": 40000000},
            "2025": {"strategic_emerging_output": 25000000, "industrial_output": 50000000},
        },
        30000,
        0,
    ),
    # 小巨人 of 2025-09-01 (200,000) after a project of 2025-03-01 (path B: 15,000,000, 3,000,000): not held
    # on the project's date -> 200,000; held in its year (in_year) -> 5% x 3,000,000 = 150,000 more.
    ("A15", "in_year"): (
        IND,
        [eq("P", 15000000, 3000000, "2025-03-01"), ev("T", "specialized_sme", "2025-09-01", level="national")],
        {},
        200000,
        350000,
    ),
    # Provincial champion 150,000 against another policy's 150,000: a tie keeps this policy, or the other.
    ("A16", "other_policy"): (ENT, [ev("T", "single_champion", "2025-08-01", level="provincial")], {}, 150000, 0),
    # 規上 newly added on 2025-03-01, before 施行 on 2025-06-15: 參照執行 (50,000), or excluded.
    ("A17", "excluded"): (IND, [ev("A", "above_scale_new", "2025-03-01")], {}, 50000, 0),
    # Centre held; purchases 600,000 and 1,200,000 in 2025: the year's 1,800,000 -> 180,000; each
    # instrument 100萬元以上 -> only 1,200,000 counts: 120,000.
    ("A18", "each_instrument"): (
        ENT,
        [
            ev("C", "enterprise_tech_center", "2024-01-01", level="quanzhou"),
            ev("R1", "rd_instrument_purchase", "2025-03-01", amount=600000),
            ev("R2", "rd_instrument_purchase", "2025-04-01", amount=1200000),
        ],
        {},
        180000,
        120000,
    ),
    # 小巨人 events in 2025 and 2026: the first only (200,000), or each in the window (400,000).
    ("A19", "each_event"): (
        ENT,
        [
            ev("N1", "specialized_sme", "2025-03-01", level="national"),
            ev("N2", "specialized_sme", "2026-03-01", level="national"),
        ],
        {},
        200000,
        400000,
    ),
    # 小巨人 2025, provincial 專精特新 2026: paid, its first time (300,000), or blocked by the higher (200,000).
    ("A20", "blocked"): (
        ENT,
        [
            ev("N", "specialized_sme", "2025-03-01", level="national"),
            ev("P", "specialized_sme", "2026-03-01", level="provincial"),
        ],
        {},
        300000,
        200000,
    ),
    # Two 二級 retrofits of 300,000: 10% each = 60,000, capped at 40,000 a year; per retrofit 30,000 each.
    ("A21", "per_event"): (
        ENT,
        [
            ev("D1", "sme_digital_retrofit", "2025-03-01", recognized_investment=300000, digital_level=2, pilot=True),
            ev("D2", "sme_digital_retrofit", "2025-04-01", recognized_investment=300000, digital_level=2, pilot=True),
        ],
        {},
        40000,
        60000,
    ),
    # Public consulting for 25 enterprises in 2025 and in 2026: once a year (200,000), or once (100,000).
    ("A22", "window"): (
        "association",
        [
            ev("Q1", "public_consulting", "2025-03-01", enterprises_served=25, pre_filed=True),
            ev("Q2", "public_consulting", "2026-03-01", enterprises_served=25, pre_filed=True),
        ],
        {},
        200000,
        100000,
    ),
    # Centre recognised 2025-09-01, a 1,200,000 purchase on 2025-03-01: before the centre (0), or the centre
    # held in the year (120,000).
    ("A23", "centre_in_year"): (
        ENT,
        [
            ev("C", "design_center", "2025-09-01", level="quanzhou"),
            ev("R", "rd_instrument_purchase", "2025-03-01", amount=1200000),
        ],
        {},
        0,
        120000,
    ),
}
OTHER = {("A16", "other_policy"): [{"event": "T", "policy": "another Jinjiang policy", "amount": 150000}]}


def facts(key):
    kind, events, years = CASES[key][:3]
    subject = {"id": "S", "kind": kind, "events": events, "years": years}
    if key in OTHER:
        subject["other_awards"] = OTHER[key]
    return {"schema": "jjpolicy.facts/1", "subjects": [subject]}


@pytest.mark.parametrize("key", sorted(CASES), ids=lambda k: f"{k[0]}={k[1]}")
def test_each_reading_changes_its_case(key):
    rid, value = key
    default_total, switched_total = CASES[key][3:]
    assert jjpolicy.evaluate(facts(key)).total == Decimal(default_total)
    switched = jjpolicy.evaluate(facts(key), readings={rid: value})
    assert switched.total == Decimal(switched_total)
    assert switched.to_dict()["readings"] == {rid: value}


def test_every_switchable_reading_is_tested():
    assert {rid for rid, _ in CASES} | {"A13"} == set(policy().switches)


def test_a2_top_up_pays_the_difference_as_its_own_part():
    r = jjpolicy.evaluate(facts(("A2", "top_up")), readings={"A2": "top_up"}).subjects[0]
    assert [(a.item, a.year, a.amount) for a in r.awards] == [
        ("4.1/smart_factory/advanced", 2025, Decimal(300000)),
        ("4.1/smart_factory/leading", 2026, Decimal(500000)),
    ]


def test_a20_blocked_names_the_higher_level_met_first():
    r = jjpolicy.evaluate(facts(("A20", "blocked")), readings={"A20": "blocked"}).subjects[0]
    (d,) = r.denied
    assert (d.item, d.codes) == ("1.3/specialized_sme/provincial", ("not_first_time",))
    assert "events[N] (2025-03-01) reached a higher level" in str(d.reasons[0].detail)


def test_a17_excluded_says_before_the_policy_came_into_force():
    r = jjpolicy.evaluate(facts(("A17", "excluded")), readings={"A17": "excluded"}).subjects[0]
    (d,) = r.denied
    assert d.codes == ("outside_validity",) and "before the policy came into force on 2025-06-15" in str(d.reasons[0].detail)


def test_the_default_result_is_unchanged_when_every_default_is_chosen():
    every = {rid: default for rid, (default, _) in policy().switches.items()}
    for key in CASES:
        assert jjpolicy.evaluate(facts(key), readings=every).total == Decimal(CASES[key][3])


def test_cli_reading_option_and_its_errors(tmp_path):
    path = tmp_path / "f.json"
    path.write_text(json.dumps(facts(("A5", "once"))), encoding="utf-8")
    res = CliRunner().invoke(main, ["evaluate", str(path), "--format", "json", "--reading", "A5=once"])
    assert res.exit_code == 0 and json.loads(res.stdout)["total"] == 30000
    bad = CliRunner().invoke(main, ["evaluate", str(path), "--reading", "A5=twice", "--reading", "A55=x", "--reading", "A5"])
    assert bad.exit_code == 2 and bad.stdout == ""
    assert "--reading[0]: A5 takes one of each, once (got 'twice')" in bad.stderr
    assert "--reading[1]: 'A55' is not a reading that can be switched (did you mean A5?)" in bad.stderr
    assert "--reading[2]: expected ID=VALUE" in bad.stderr
    x = CliRunner().invoke(main, ["explain", str(path), "--subject", "S", "--reading", "A5=once"])
    assert x.exit_code == 0 and "readings switched: A5=once" in x.stdout


def test_a13_subsidy_takes_the_share_of_quanzhous_approved_subsidy():
    # 5G demo: recognised investment 400,000 -> 15% = 60,000; Quanzhou approved 100,000 -> 50% = 50,000.
    f = {
        "schema": "jjpolicy.facts/1",
        "subjects": [
            {
                "id": "S",
                "kind": ENT,
                "events": [ev("G", "app_demo", "2025-03-01", area="5g", recognized_investment=400000, quanzhou_subsidy=100000)],
            }
        ],
    }
    default = jjpolicy.evaluate(f)
    assert default.total == Decimal(60000) and default.warnings
    switched = jjpolicy.evaluate(f, readings={"A13": "subsidy"}).subjects[0]
    (award,) = switched.awards
    assert award.amount == Decimal(50000)
    assert str(award.because[-1]) == (
        "50% x 100,000 (quanzhou_subsidy) = 50,000, rounded down to the fen 50,000; cap 100,000; paid 50,000 "
        "(reading A13: Quanzhou's approved subsidy)"
    )


def test_a13_subsidy_in_a_summed_retrofit_year_mixes_the_two_bases():
    # D1: subsidy 30,000 x 20% = 6,000 (A13 subsidy); D2: no subsidy, 10% x 50,000.55 = 5,000.055; together
    # 11,000.055 -> 11,000.05 (< the 四級 cap 100,000).
    f = {
        "schema": "jjpolicy.facts/1",
        "subjects": [
            {
                "id": "S",
                "kind": ENT,
                "events": [
                    ev(
                        "D1",
                        "sme_digital_retrofit",
                        "2025-03-01",
                        recognized_investment=80000,
                        digital_level=4,
                        pilot=True,
                        quanzhou_subsidy=30000,
                    ),
                    ev("D2", "sme_digital_retrofit", "2025-04-01", recognized_investment="50000.55", digital_level=2, pilot=True),
                ],
            }
        ],
    }
    assert jjpolicy.evaluate(f).total == Decimal("13000.05")  # 10% x 130,000.55 = 13,000.055
    r = jjpolicy.evaluate(f, readings={"A13": "subsidy"}).subjects[0]
    assert r.total == Decimal("11000.05")
    assert str(r.awards[0].because[-1]).startswith(
        "10% x 50,000.55 (recognized_investment) + 20% x 30,000 (quanzhou_subsidy) = 11,000.055, rounded down to the fen 11,000.05"
    )


def test_whatif_portfolio_and_subject_with_a_reading_switched(tmp_path):
    # The A2 case: 先進級 300,000 (2025) then 領航級 800,000 (2026) on one project; under top_up the later pays
    # the difference, 500,000: the portfolio moves by -300,000, one subject loses.
    path = tmp_path / "f.json"
    path.write_text(json.dumps(facts(("A2", "top_up"))), encoding="utf-8")
    res = CliRunner().invoke(main, ["whatif", str(path), "--reading", "A2=top_up", "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["readings"] == {"A2": "top_up"}
    assert (out["before"]["total"], out["after"]["total"], out["delta"], out["losers"]) == (1100000, 800000, -300000, 1)
    one = CliRunner().invoke(main, ["whatif", str(path), "--subject", "S", "--reading", "A2=top_up", "--format", "json"])
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["delta"] == -300000


# ---- Found by an independent reading of the alternatives (each worked out by hand) ------------------


def _one(events, kind=IND, years=None, others=()):
    subject = {"id": "S", "kind": kind, "events": events, "years": years or {}, "other_awards": list(others)}
    return {"schema": "jjpolicy.facts/1", "subjects": [subject]}


def _awards(doc, readings):
    r = jjpolicy.evaluate(doc, readings=readings).subjects[0]
    return r, [(a.item, a.year, a.amount, a.basis) for a in r.awards]


def test_a7_project_sums_a_projects_purchases_of_the_year_and_caps_the_project():
    # Path A (2024: key enterprise, 600,000,000). Project P in 2025: 5% x (30,000,000 + 10,000,000) = 2,000,000,
    # under the project's 3,000,000; one award on both events (it paid 1,500,000 on E1 alone and denied E2).
    doc = _one(
        [{**eq("E1", 20000000, 30000000), "project": "P"}, {**eq("E2", 20000000, 10000000, "2025-09-09"), "project": "P"}],
        years=KEY24,
    )
    r, awards = _awards(doc, {"A7": "project"})
    assert awards == [("2.1/equipment_update", 2025, Decimal(2000000), ("E1", "E2"))]
    assert r.denied == ()


def test_a7_project_another_policy_paying_one_purchase_leaves_the_rest_of_the_project_paid():
    # A41 under A7 project: E1 alone 5% x 5,000,000 = 250,000 < 300,000 -> the other policy's, taken;
    # E2 5% x 30,000,000 = 1,500,000 paid on the rest of project P.
    doc = _one(
        [{**eq("E1", 20000000, 5000000), "project": "P"}, {**eq("E2", 20000000, 30000000, "2025-09-09"), "project": "P"}],
        years=KEY24,
        others=[{"event": "E1", "policy": "P1", "amount": 300000}],
    )
    r, awards = _awards(doc, {"A7": "project"})
    assert awards == [("2.1/equipment_update", 2025, Decimal(1500000), ("E2",))]
    assert [(o.event, o.taken) for o in r.other_policy] == [("E1", True)]


def test_a2_top_up_equal_totals_keep_the_documented_tie_break_on_year_figures():
    # 1.4: 2025 output over 10,000,000,000 (10b tier 2,000,000 or 500m tier 50,000), 2026 over 20,000,000,000
    # (20b tier 5,000,000 topped up over 2025's paid tier). 10b then 20b: 2,000,000 + 3,000,000; 500m then 20b:
    # 50,000 + 4,950,000: both 5,000,000, both two awards of 1.4; A25: 1.4/output_over_10b sorts first.
    years = {
        "2025": {"industrial_output": "10000000000.01", "key_industrial_enterprise": True},
        "2026": {"industrial_output": "20000000000.01", "key_industrial_enterprise": True},
    }
    _, awards = _awards(_one([], years=years), {"A2": "top_up"})
    assert awards == [
        ("1.4/output_over_10b", 2025, Decimal(2000000), ()),
        ("1.4/output_over_20b", 2026, Decimal(3000000), ()),
    ]


@pytest.mark.parametrize("value", ["top_up", "none"])
def test_a2_does_not_reach_digital_packages(value):
    # measures.md rule 2: each year's package count pays that year's tier, whatever tier an earlier year paid;
    # a 4.3 package is no later higher level: 10 SMEs in 2025 pay 100,000, 20 in 2026 pay 200,000 in full.
    doc = _one(
        [ev("E1", "digital_package", "2025-06-14", sme_count=10), ev("E2", "digital_package", "2026-12-31", sme_count=20)],
        kind="digital_service_provider",
    )
    _, awards = _awards(doc, {"A2": value})
    assert awards == [
        ("4.3/digital_package/10", 2025, Decimal(100000), ("E1",)),
        ("4.3/digital_package/20", 2026, Decimal(200000), ("E2",)),
    ]


def test_a7_project_groups_past_32_bits_beside_a_payment_past_32_bits():
    # Project P: 5% x (42,949,672.95 x 2) = 4,294,967.295 -> the project's cap 3,000,000 (its shares pass 2^31
    # fen together). Project Q: 5% x (10,000,000.01 x 2) = 1,000,000.001 -> 1,000,000.00 (the two remainders,
    # 0.05 fen each, carry no fen). C1: another policy's 30,000,000,000 (past 2^31 fen) beats 400,000.
    # Subject-year (the default) caps everything at 3,000,000.
    def e(i, date, purchase, project=None):
        return {**eq(i, 20000000, purchase, date), **({"project": project} if project else {})}

    events = [
        e("A1", "2025-03-01", "42949672.95", "P"),
        e("A2", "2025-04-01", "42949672.95", "P"),
        e("B1", "2025-05-01", "10000000.01", "Q"),
        e("B2", "2025-06-01", "10000000.01", "Q"),
        e("C1", "2025-07-01", 8000000),
    ]
    doc = _one(events, years=KEY24, others=[{"event": "C1", "policy": "big", "amount": "30000000000"}])
    r, awards = _awards(doc, {"A7": "project"})
    assert awards == [
        ("2.1/equipment_update", 2025, Decimal(3000000), ("A1", "A2")),
        ("2.1/equipment_update", 2025, Decimal(1000000), ("B1", "B2")),
    ]
    assert [(o.event, o.taken) for o in r.other_policy] == [("C1", True)]
    assert jjpolicy.evaluate(doc).total == Decimal(3000000)
