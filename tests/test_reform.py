"""Policy reforms (issue 7): `--param NAME=VALUE` on evaluate, explain, report and whatif; the portfolio
what-if; the library's jjpolicy.reform. Expected figures are worked out by hand from facts/README.md and
tests/golden/evaluate-portfolio.json."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import jjpolicy
from jjpolicy import solve
from jjpolicy.cli import main
from jjpolicy.figures import policy
from jjpolicy.parameters import YUAN_LIMIT, params, parse_value

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "facts" / "portfolio.json"
SMALL = ROOT / "facts" / "small.json"
GOLDEN = Path(__file__).parent / "golden"

sys.path.insert(0, str(ROOT / "scripts"))
import generate  # noqa: E402


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def as_json(res):
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout, parse_float=Decimal)


def facts():
    return json.loads(PORTFOLIO.read_text(encoding="utf-8"), parse_float=Decimal)


def one(events, others=(), years=None, kind="industrial_enterprise"):
    return {
        "schema": "jjpolicy.facts/1",
        "subjects": [{"id": "X", "kind": kind, "years": years or {}, "events": events, "other_awards": list(others)}],
    }


TITLE = {"id": "S0", "type": "specialized_sme", "level": "provincial", "date": "2021-05-01"}  # 2.1 path B


def project(eid, purchase, date="2025-06-01", investment=20000000):
    return {
        "id": eid,
        "type": "equipment_project",
        "date": date,
        "total_investment": investment,
        "equipment_purchase": purchase,
        "key_tech_renovation": True,
        "in_statistics": True,
    }


# ---- the portfolio, by hand ------------------------------------------------------------------------


def test_rate_5_to_6_percent_on_the_portfolio_by_hand():
    # The 2.1 awards (golden): E01 P2 3,000,000 (64,000,000 x 5% = 3,200,000, capped), E02 P1 172,839.45,
    # E05 P1 100,000; E13's P1 is denied (not registered). At 6%:
    #   E01 64,000,000 x 6% = 3,840,000 -> cap 3,000,000 (no change; P1 stays on the 4.1 project, facts/README.md)
    #   E02 3,456,789.15 x 6% = 207,407.349 -> 207,407.34 (+34,567.89)
    #   E05 2,000,000 x 6% = 120,000 (+20,000)
    # delta 54,567.89; 25,981,913.61 -> 26,036,481.50; all in 2025.
    out = as_json(run("whatif", PORTFOLIO, "--param", "2.1/equipment_update.rate=6%", "--format", "json"))
    assert out["before"]["total"] == Decimal("25981913.61")
    assert out["after"]["total"] == Decimal("26036481.50")
    assert out["delta"] == Decimal("54567.89")
    assert (out["gainers"], out["losers"]) == (2, 0)
    assert out["reform"] == [{"name": "2.1/equipment_update.rate", "kind": "percent", "value": "6%", "was": "5%"}]
    by_measure = {r["measure"]: r for r in out["by_measure"]}
    assert by_measure["2.1"]["before"] == Decimal("3272839.45")
    assert by_measure["2.1"]["after"] == Decimal("3327407.34")
    assert all(r["delta"] == 0 for m, r in by_measure.items() if m != "2.1")
    by_year = {r["year"]: r["delta"] for r in out["by_year"]}
    assert by_year == {2025: Decimal("54567.89"), 2026: 0}
    subjects = {s["id"]: s for s in out["subjects"]}
    assert set(subjects) == {"E02", "E05"}
    assert subjects["E02"]["after"] == Decimal("567407.34") and subjects["E02"]["delta"] == Decimal("34567.89")
    assert subjects["E05"]["changed"] == [
        {
            "item": "2.1/equipment_update",
            "year": 2025,
            "basis": ["P1"],
            "before": 100000,
            "after": 120000,
            "denied": [],
            "dropped_events": [],
        }
    ]


def test_a_rate_with_a_decimal_reaches_the_carry_rule():
    # Two projects of 2,000,000.10 at 5.5% = 11/200: each 200,000,010 fen x 11 / 200 = 11,000,000 rem 110;
    # the remainders 220 >= 200 carry one fen: 220,000.01 (= 4,000,000.20 x 5.5% = 220,000.011 rounded
    # down). With the policy's denominator 100 the carry rule would have found two fen.
    r = jjpolicy.evaluate(
        one([TITLE, project("P1", "2000000.10"), project("P2", "2000000.10")]), params={"2.1/equipment_update.rate": "5.5%"}
    )
    (award,) = r.subjects[0].awards
    assert award.amount == Decimal("220000.01")
    assert str(award.because[-1]).startswith("5.5% x 4,000,000.20 = 220,000.011, rounded down to the fen 220,000.01")


def test_a_threshold_moves_a_subject_across_it():
    # Path B's purchase 2,000,000 -> 1,500,000: a project buying 1,800,000 now qualifies, 1,800,000 x 5% = 90,000.
    data = one([TITLE, project("P1", 1800000)])
    w = jjpolicy.reform(data, {"2.1/b/equipment_purchase": "1500000"})
    assert (w.before.total, w.after.total, w.delta, w.gainers, w.losers) == (0, 90000, 90000, 1, 0)
    (s,) = w.subjects
    assert s.gained == ["2.1/equipment_update"]
    # And up by one fen: E05's P1 buys exactly 2,000,000 (facts/README.md: both thresholds at the boundary).
    out = as_json(run("whatif", PORTFOLIO, "--param", "2.1/b/equipment_purchase=2000000.01", "--format", "json"))
    assert (out["delta"], out["gainers"], out["losers"]) == (-100000, 0, 1)
    (e05,) = out["subjects"]
    assert e05["id"] == "E05" and e05["lost"] == ["2.1/equipment_update"]
    (denied,) = e05["changed"][0]["denied"]
    assert denied["reasons"][0]["code"] == "below_threshold"
    assert "2,000,000 is below 2,000,000.01" in denied["reasons"][0]["detail"]


def test_count_and_share_thresholds():
    # 6.1: E10's PC2 served 18 enterprises in 2026 (denied below 20): at 18 it is paid 100,000.
    w = jjpolicy.reform(facts(), {"6.1/enterprises_served": "18"})
    assert w.delta == 100000 and [s.id for s in w.subjects] == ["E10"]
    # 1.2: E06's 2026 share is exactly 50% (18,000,000 / 36,000,000) and its output 18,000,000 < 20,000,000;
    # at 60% (or 0.6) 1.2/new_strategic_emerging is lost: -30,000.
    for value in ("0.6", "60%"):
        w = jjpolicy.reform(facts(), {"1.2/share": value})
        assert w.delta == -30000 and [(s.id, s.lost) for s in w.subjects] == [("E06", ["1.2/new_strategic_emerging"])]


def test_cap_reforms():
    # 2.1 cap 3,500,000: E01's P2 is paid 3,200,000 uncapped; P1 stays on the 4.1 project (P2 + SF1 + SF2 =
    # 4,000,000 beats P1 + P2 capped at 3,500,000): +200,000.
    w = jjpolicy.reform(facts(), {"2.1/equipment_update.cap": "3500000"})
    assert w.delta == 200000 and [(s.id, s.delta) for s in w.subjects] == [("E01", 200000)]
    # 4.3 at level 3: E05's (386,500 + 300,000) x 10% = 68,650 was capped at 60,000; at 65,000: +5,000.
    w = jjpolicy.reform(facts(), {"4.3/sme_digital.cap.level3": "65000"})
    assert w.delta == 5000 and [(s.id, s.after.total) for s in w.subjects] == [("E05", 165000)]


def test_a_reform_to_the_current_figures_changes_nothing():
    out = as_json(
        run(
            "evaluate",
            PORTFOLIO,
            "--format",
            "json",
            "--param",
            "2.1/equipment_update.rate=5%",
            "--param",
            "4.3/sme_digital.cap.level4=100000",
            "--param",
            "1.2/share=50%",
            "--param",
            "6.1/enterprises_served=20",
        )
    )
    assert [c["name"] for c in out.pop("reform")] == [
        "2.1/equipment_update.rate",
        "4.3/sme_digital.cap.level4",
        "1.2/share",
        "6.1/enterprises_served",
    ]
    assert out == json.loads((GOLDEN / "evaluate-portfolio.json").read_text(encoding="utf-8"), parse_float=Decimal)


# ---- the 32-bit edge ---------------------------------------------------------------------------------

CHINA = {"id": "Q", "type": "quality_award", "award": "china", "date": "2025-05-01"}


def test_an_amount_of_2_31_minus_1_fen_works_exactly():
    assert Decimal("21474836.47") == YUAN_LIMIT
    reform = {"5.1/quality_award/china.amount": "21474836.47"}
    assert jjpolicy.evaluate(one([CHINA]), params=reform).total == Decimal("21474836.47")
    # Rule 3 against another policy's payment at the edge: equal keeps this policy (從新); one fen more,
    # or a payment past 32 bits, is taken instead.
    for other, total, taken in (
        ("21474836.47", Decimal("21474836.47"), False),
        ("21474836.48", 0, True),
        ("9999999999999", 0, True),
    ):
        s = jjpolicy.evaluate(one([CHINA], [{"event": "Q", "policy": "O", "amount": other}]), params=reform).subjects[0]
        assert (s.total, s.other_policy[0].taken) == (total, taken)


def test_a_cap_of_2_31_minus_1_fen_holds_a_sum_past_it():
    # Three projects: 5% x (500,000,000 + 300,000,000 + 300,000,000) = 55,000,000, capped at 21,474,836.47.
    data = one([TITLE, project("P1", 500000000), project("P2", 300000000, "2025-07-01"), project("P3", 300000000, "2025-08-01")])
    r = jjpolicy.evaluate(data, params={"2.1/equipment_update.cap": "21474836.47"})
    assert r.total == Decimal("21474836.47")


@pytest.mark.parametrize(
    "name",
    ["5.1/quality_award/china.amount", "2.1/equipment_update.cap", "4.3/sme_digital.cap.level4", "2.2/rd_instruments/total"],
)
def test_past_2_31_minus_1_fen_is_exit_2_stating_the_limit(name):
    res = run("evaluate", SMALL, "--param", f"{name}=21474836.48")
    assert res.exit_code == 2 and res.stdout == ""
    assert f"--param[0] {name}" in res.stderr and "at most 21,474,836.47 yuan (2^31-1 fen)" in res.stderr


def test_thresholds_compared_in_python_take_any_size():
    w = jjpolicy.reform(facts(), {"1.4/output_over_20b": "9999999999999.99"})
    # E01's 1.4/output_over_20b (2025, 25,000,000,000) is lost; 10b was crossed in 2024 already: -5,000,000.
    assert w.delta == -5000000


# ---- problems are exit 2 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arg, words",
    [
        ("2.1/equipment_update.rat=6%", "did you mean 2.1/equipment_update.rate"),
        ("2.1/equipment_update=6%", "2.1/equipment_update has 2.1/equipment_update.rate, 2.1/equipment_update.cap"),
        ("4.3/sme_digital.cap=1", "4.3/sme_digital.cap.level2"),
        ("2.1/equipment_update.rate=6", "percent parameter: expected a percentage"),
        ("2.1/equipment_update.rate=0.06", "percent parameter"),
        ("2.1/equipment_update.rate=101%", "percent parameter"),
        ("2.1/equipment_update.rate=5.125%", "at most 2 decimals"),
        ("1.3/single_champion/national.amount=6%", "money parameter: expected money in yuan"),
        ("1.3/single_champion/national.amount=1.001", "money parameter"),
        ("1.3/single_champion/national.amount=-1", "money parameter"),
        ("6.1/enterprises_served=18.5", "count parameter: expected a whole number"),
        ("4.3/sme_digital/level=1", "the policy sets caps from level 2 up"),
        ("1.2/share=1.5", "share parameter: expected a share from 0 to 1"),
        ("3.3/green_power_share=abc", "share parameter"),
        ("2.1/equipment_update.rate", "expected NAME=VALUE"),
    ],
)
def test_an_unknown_name_or_a_value_of_the_wrong_kind_is_exit_2(arg, words):
    for command in (
        ["evaluate", SMALL],
        ["whatif", SMALL],
        ["whatif", SMALL, "--subject", "E001"],
        ["explain", SMALL, "--subject", "E001"],
    ):
        res = run(*command, "--param", arg)
        assert res.exit_code == 2 and res.stdout == "", (command, res.output)
        assert words in res.stderr and "Traceback" not in res.stderr, res.stderr


def test_a_name_given_twice_is_exit_2():
    res = run("evaluate", SMALL, "--param", "2.1/equipment_update.rate=6%", "--param", "2.1/equipment_update.rate=7%")
    assert res.exit_code == 2 and "given more than once" in res.stderr


# ---- no leak ------------------------------------------------------------------------------------------


def test_a_reform_does_not_leak_into_later_evaluations():
    golden = json.loads((GOLDEN / "evaluate-portfolio.json").read_text(encoding="utf-8"), parse_float=Decimal)
    before_policy = policy()
    writer = solve._writer()
    reform = {
        "2.1/equipment_update.rate": "6%",
        "2.1/equipment_update.cap": "3500000",
        "1.2/share": "0.6",
        "6.1/enterprises_served": "18",
        "5.1/quality_award/fujian.amount": "1",
    }
    reformed = jjpolicy.evaluate(facts(), params=reform)
    assert reformed.total != Decimal("25981913.61")
    with pytest.raises(jjpolicy.InputError):
        jjpolicy.evaluate(facts(), params={"2.1/equipment_update.rate": "6"})
    # The cached policy and fact writer are the same objects, with the same figures.
    assert policy() is before_policy and solve._writer() is writer
    assert policy().items["2.1/equipment_update"].rate == (5, 100)
    assert policy().thresholds["6.1/enterprises_served"].value == 20
    assert ("amount_fen", "5.1/quality_award/fujian", 100000000) in writer.fen_figures
    assert jjpolicy.evaluate(facts()).total == Decimal("25981913.61")
    out = as_json(run("evaluate", PORTFOLIO, "--format", "json"))
    assert out == golden
    # explain too: E05 after a 2.1 reform explained, then without.
    assert run("explain", PORTFOLIO, "--subject", "E05", "--param", "2.1/equipment_update.rate=6%").exit_code == 0
    res = run("explain", PORTFOLIO, "--subject", "E05", "--format", "json")
    assert res.stdout == (GOLDEN / "explain-E05.json").read_text(encoding="utf-8")


def test_no_leak_through_the_worker_processes():
    # More than one chunk (200 subjects): the reform travels to forked workers and is gone afterwards.
    data = generate.portfolio(420, 7)
    plain = jjpolicy.evaluate(data)
    reformed = jjpolicy.evaluate(data, params={"2.1/equipment_update.rate": "6%", "5.1/quality_award/quanzhou.amount": "600000"})
    assert reformed.total > plain.total
    assert jjpolicy.evaluate(data).to_dict() == plain.to_dict()


# ---- outputs name the reform --------------------------------------------------------------------------


def test_evaluate_explain_and_report_under_a_reform(tmp_path):
    out = as_json(run("evaluate", SMALL, "--format", "json", "--param", "2.1/equipment_update.rate=6%"))
    assert list(out)[:3] == ["schema", "policy", "reform"]
    assert out["total"] == 480000  # 8,000,000 x 6%
    res = run("evaluate", SMALL, "--param", "2.1/equipment_update.rate=6%")
    assert res.stdout.startswith("reform: 2.1/equipment_update.rate = 6% (was 5%)")
    assert "6% x 8,000,000 = 480,000" in res.stdout
    text = run(
        "explain", SMALL, "--subject", "E001", "--item", "2.1/equipment_update", "--param", "2.1/a/equipment_purchase=8000000.01"
    ).stdout
    assert text.startswith("reform: 2.1/a/equipment_purchase = 8000000.01 (was 5000000)")
    assert "[ ] events[P1].equipment_purchase 8,000,000 is below 8,000,000.01 (2.1: 以上), 0.01 short (path a)" in text
    x = as_json(run("explain", SMALL, "--subject", "E001", "--format", "json", "--param", "2.1/equipment_update.rate=6%"))
    assert x["reform"][0]["value"] == "6%" and x["total"] == 480000
    report = tmp_path / "r.md"
    res = run("report", SMALL, "--out", report, "--format", "md", "--param", "2.1/equipment_update.rate=6%")
    assert res.exit_code == 0 and "480,000" in report.read_text(encoding="utf-8")
    assert "under a reform: 2.1/equipment\\_update.rate = 6% (was 5%)" in report.read_text(encoding="utf-8")


def test_measures_lists_the_parameters():
    rows = as_json(run("measures", "--format", "json"))
    by_id = {r["item"]: r for r in rows}
    assert {"name": "2.1/equipment_update.rate", "kind": "percent", "value": "5%", "measure": "2.1"} in by_id[
        "2.1/equipment_update"
    ]["params"]
    # 以上 (2.1 path 2's 200萬元及以上) reaches; 超過 (path 1's 上一年度產值超5億元, 1.4's 首次超過) exceeds.
    test = "reaches"
    assert {"name": "2.1/b/equipment_purchase", "kind": "money", "value": 2000000, "measure": "2.1", "test": test} in by_id[
        "2.1/equipment_update"
    ]["params"]
    assert {"name": "4.3/sme_digital.cap.level4", "kind": "money", "value": 100000, "measure": "4.3"} in by_id["4.3/sme_digital"][
        "params"
    ]
    assert {"name": "1.2/share", "kind": "share", "value": Decimal("0.5"), "measure": "1.2", "test": test} in by_id[
        "1.2/new_strategic_emerging"
    ]["params"]
    assert {"name": "6.2/filed_days_ahead", "kind": "count", "value": 7, "measure": "6.2", "test": test} in by_id[
        "6.2/public_service_event"
    ]["params"]
    previous = {"name": "2.1/a/previous_output", "kind": "money", "value": 500000000, "measure": "2.1", "test": "exceeds"}
    assert previous in by_id["2.1/equipment_update"]["params"]
    tier = {"name": "1.4/output_over_10b", "kind": "money", "value": 10000000000, "measure": "1.4", "test": "exceeds"}
    assert tier in by_id["1.4/output_over_10b"]["params"]
    listed = {p["name"] for r in rows for p in r["params"]}
    p = policy()
    assert listed == set(params(p))
    # Every figure of the encodings has a name, and its current value reads back as itself.
    figures = (
        sum(1 for i in p.items.values() if i.amount is not None)
        + sum(1 for i in p.items.values() if i.rate)
        + sum(len(i.caps) for i in p.items.values())
        + len(p.thresholds)
        + len(p.ratios)
    )
    assert len(params(p)) == figures
    for x in params(p).values():
        assert parse_value(p, x, x.show(x.value(p))) == x.value(p), x.name


# ---- pruning: the subjects a reform cannot affect keep their result --------------------------------------


def _moved(p, x):
    """A new value for each parameter, in a direction that makes things happen."""
    v = x.value(p)
    if x.kind == "percent":
        return f"{int(v * 100) + 3}%"
    if x.kind == "share":
        return str(v - Decimal("0.1") if v >= Decimal("0.1") else Decimal("0.05"))
    if x.kind == "count":
        return str(max(v - 1, 2 if x.name == "4.3/sme_digital/level" else 0))
    return str(v * 2 if x.target[0] in ("amount", "cap") else v * Decimal("0.7"))


def test_pruned_reform_equals_evaluating_every_subject_again():
    from jjpolicy.model import Facts, parse_facts
    from jjpolicy.parameters import reform as reform_policy
    from jjpolicy.portfolio import reform_facts

    data = generate.portfolio(60, 11)
    parsed = parse_facts(data, frozenset(policy().items))
    baseline = jjpolicy.evaluate_facts(parsed)
    p = policy()
    by_measure: dict[str, dict] = {}
    for x in params(p).values():
        by_measure.setdefault(x.measure, {})[x.name] = _moved(p, x)
    for measure, reform in by_measure.items():
        w = reform_facts(parsed, reform, baseline)
        skipped = [k for k, (b, a) in enumerate(zip(w.before.subjects, w.after.subjects, strict=True)) if a is b]
        reformed, _ = reform_policy(p, reform)
        again = jjpolicy.evaluate_facts(Facts(tuple(parsed.subjects[k] for k in skipped)), reformed=reformed)
        for k, r in zip(skipped, again.subjects, strict=True):
            assert r == baseline.subjects[k], (measure, parsed.subjects[k].id)
    assert len(by_measure) == 21  # every measure has a figure


def test_portfolio_whatif_table():
    res = run("whatif", PORTFOLIO, "--param", "2.1/equipment_update.rate=6%")
    assert res.exit_code == 0, res.stderr
    out = res.stdout
    assert "2.1/equipment_update.rate = 6% (was 5%)" in out
    assert "Total: 25,981,913.61 元 -> 26,036,481.50 元 (delta +54,567.89 元); 2 of 13 subjects gain, 0 lose" in out
    assert "2.1/equipment_update 2025 P1: 172,839.45 -> 207,407.34" in out
    assert out.index("E02") < out.index("E05")  # the larger change first


def test_portfolio_whatif_needs_a_param_and_no_subject_changes():
    res = run("whatif", PORTFOLIO)
    assert res.exit_code == 2 and "--param" in res.stderr
    res = run("whatif", PORTFOLIO, "--set", "kind=enterprise", "--param", "2.1/equipment_update.rate=6%")
    assert res.exit_code == 2 and "give --subject" in res.stderr


def test_a_reformed_rate_under_reading_a13_subsidy_carries_over_both_bases():
    # 4.3 at 12.5% (1/8); its stated equivalent moves with it: 20% x 12.5/10 = 25% (1/4) of Quanzhou's
    # subsidy. D1 by its investment: 100,006 fen / 8 = 12,500 rem 6 (eighths); D2 by its subsidy (reading
    # A13 subsidy): 100,001 fen / 4 = 25,000 rem 1 (quarters) = 2 eighths. 6 + 2 = 8 eighths carry one
    # fen: 375.01 (= 12,500.75 + 25,000.25 fen). Remainders in their own denominators would give 375.
    def retrofit(eid, investment, subsidy=None):
        e = {
            "id": eid,
            "type": "sme_digital_retrofit",
            "date": "2025-06-01",
            "recognized_investment": investment,
            "digital_level": 4,
            "pilot": True,
        }
        return {**e, "quanzhou_subsidy": subsidy} if subsidy else e

    data = one([retrofit("D1", "1000.06"), retrofit("D2", "2000", "1000.01")], kind="enterprise")
    r = jjpolicy.evaluate(data, readings={"A13": "subsidy"}, params={"4.3/sme_digital.rate": "12.5%"})
    (award,) = r.subjects[0].awards
    assert award.amount == Decimal("375.01")
    assert str(award.because[-1]).startswith(
        "25% x 1,000.01 (quanzhou_subsidy) + 12.5% x 1,000.06 (recognized_investment) = 375.01"
    )
    assert jjpolicy.evaluate(data, params={"4.3/sme_digital.rate": "12.5%"}).total == Decimal("375")  # 3,000.06 x 12.5%


def test_the_parameters_table_says_how_each_threshold_compares():
    # 上一年度產值超5億元 (2.1 path 1) excludes the figure itself; 200萬元及以上 (path 2) includes it.
    for lang, exceeds, reaches in (("en", "超過 (>)", "以上 (>=)"), ("zh", "超过（>，不含本数）", "以上（≥，含本数）")):
        res = run("measures", "--lang", lang)
        assert res.exit_code == 0, res.output
        rows = {line.split("│")[1].strip(): line for line in res.stdout.splitlines() if line.count("│") == 6}
        assert exceeds in rows["2.1/a/previous_output"] and reaches in rows["2.1/b/equipment_purchase"]
        assert exceeds not in rows["2.1/equipment_update.rate"] and reaches not in rows["2.1/equipment_update.rate"]
