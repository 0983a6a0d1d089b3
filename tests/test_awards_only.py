"""The awards-only path (contract.md, "Awards only"): the same awards as the full evaluation, without
their grounds or any denial; the portfolio what-if built on it."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

import jjpolicy
from jjpolicy.cli import main

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "facts" / "portfolio.json"

sys.path.insert(0, str(ROOT / "scripts"))
import generate  # noqa: E402


def run(*args):
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.output


def without_grounds(subject: dict) -> dict:
    out = {k: v for k, v in subject.items() if k != "denied"}
    out["awards"] = [{k: v for k, v in a.items() if k != "because"} for a in subject["awards"]]
    return out


def test_the_example_portfolio_pays_the_same_amounts():
    full = json.loads(run("evaluate", str(PORTFOLIO), "--format", "json"), parse_float=Decimal)
    fast = json.loads(run("evaluate", str(PORTFOLIO), "--format", "json", "--awards-only"), parse_float=Decimal)
    # facts/README.md: the portfolio's total, worked out by hand subject by subject.
    assert fast["total"] == full["total"] == Decimal("25981913.61")
    assert fast["awards_only"] is True and "awards_only" not in full
    assert "warnings" not in fast
    assert [without_grounds(s) for s in full["subjects"]] == fast["subjects"]
    e01 = next(s for s in fast["subjects"] if s["id"] == "E01")
    # 2.1: 5% of 76,800,000 is 3,840,000, capped at 3,000,000 a project.
    (equipment,) = [a for a in e01["awards"] if a["item"] == "2.1/equipment_update"]
    assert equipment["amount"] == 3000000 and "because" not in equipment
    assert "denied" not in e01


def test_generated_subjects_are_paid_the_same_on_both_paths():
    data = generate.portfolio(450, 11)
    full = jjpolicy.evaluate(data).to_dict()
    fast = jjpolicy.evaluate(data, awards_only=True)
    assert fast.awards_only
    assert all(not s.denied and not s.warnings and all(not a.because for a in s.awards) for s in fast.subjects)
    assert [without_grounds(s) for s in full["subjects"]] == fast.to_dict()["subjects"]


def test_jsonl_and_a_reading_switched():
    lines = run("evaluate", str(PORTFOLIO), "--format", "jsonl", "--awards-only", "--reading", "A2=top_up").splitlines()
    # ambiguities.md A2 top_up: a later higher level pays the difference to the lower one paid earlier; the
    # portfolio's total falls by 490,000 to 25,491,913.61. 4.3 packages are no such level (measures.md rule 2:
    # each year's count pays that year's tier): E09's 2026 50-tier still pays 300,000 in full.
    assert sum(json.loads(x, parse_float=Decimal)["total"] for x in lines) == Decimal("25491913.61")
    assert all("denied" not in json.loads(x) for x in lines)


def test_the_measures_a_subject_speaks_to():
    # E02's facts: a strategic-emerging event, an equipment project, two consulting engagements, a
    # secretariat, and year records (output, so 1.1 path and 1.4): these measures, in the text's order.
    result = jjpolicy.evaluate(json.loads(PORTFOLIO.read_text(encoding="utf-8")), awards_only=True)
    assert result.subject("E02").measures == ("1.1", "1.2", "1.4", "2.1", "2.3", "5.2")
    full = jjpolicy.evaluate(json.loads(PORTFOLIO.read_text(encoding="utf-8")))
    assert [s.measures for s in full.subjects] == [s.measures for s in result.subjects]


def test_the_portfolio_whatif_still_names_the_denial_of_a_lost_award():
    # E05's P1 buys exactly 2,000,000: path B's threshold one fen higher loses its 2.1 award (100,000).
    w = jjpolicy.reform(json.loads(PORTFOLIO.read_text(encoding="utf-8")), {"2.1/b/equipment_purchase": "2000000.01"})
    (e05,) = w.subjects
    assert (e05.id, e05.delta) == ("E05", -100000)
    (lost,) = e05.moved
    assert [r.code for d in lost.denials for r in d.reasons] == ["below_threshold"]
