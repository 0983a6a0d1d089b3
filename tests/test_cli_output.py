"""What the commands print for people (issue 10 part 3): totals by measure and by year under the table and
--summary, another policy's payment outside the amount column, "1 subject", the catalogue with its clauses
and no solver syntax, the report's format from --out and stdout, no failure code on a met condition."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

import jjpolicy
from jjpolicy.cli import main

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "facts" / "small.json"
PORTFOLIO = ROOT / "facts" / "portfolio.json"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def ok(*args) -> str:
    res = run(*args)
    assert res.exit_code == 0, res.output
    return res.stdout


def _rows(out: str) -> list[list[str]]:
    """The cells of a rich table's rows (│-separated lines)."""
    return [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]


def _amount(cell: str) -> Decimal:
    return Decimal(cell.replace(",", ""))


def test_the_table_ends_with_totals_by_measure_and_by_year():
    out = ok("evaluate", PORTFOLIO)
    result = jjpolicy.evaluate(PORTFOLIO.read_text(encoding="utf-8"))
    by_measure = out[out.index("Totals by measure") : out.index("Totals by year")]
    by_year = out[out.index("Totals by year") :]
    rows = _rows(by_measure)
    assert [r[0] for r in rows[:-1]] == [m for m, _, _ in result.by_measure()]
    assert rows[-1] == ["all", str(sum(len(s.awards) for s in result.subjects)), "25,981,913.61"]
    assert sum(_amount(r[2]) for r in rows[:-1]) == result.total
    years = _rows(by_year)
    assert [r[0] for r in years] == ["2025", "2026", "all"]
    assert sum(_amount(r[2]) for r in years[:-1]) == result.total
    assert out.rstrip().endswith("Portfolio total: 25,981,913.61 元 over 13 subjects")


def test_summary_prints_only_the_totals():
    out = ok("evaluate", PORTFOLIO, "--summary", "--year", "2026")
    assert "Totals by measure (2026)" in out and "Totals by year" in out
    assert "E01" not in out and "grounds / reasons" not in out
    assert [r[0] for r in _rows(out[out.index("Totals by year") :])] == ["2026", "all"]
    res = run("evaluate", PORTFOLIO, "--summary", "--format", "json")
    assert res.exit_code == 2 and res.stdout == ""


def test_another_policys_payment_is_not_in_the_amount_column():
    out = ok("evaluate", SMALL)
    rows = [r for r in _rows(out) if len(r) == 5]
    other = [r for r in rows if r[0] == "other policy"]
    assert other == [
        ["other policy", "2025", "T1", "", "another Jinjiang policy pays 200,000 元, not counted in this policy's amounts:"]
    ]
    # The amount column sums to the subject's total.
    paid = [_amount(r[3]) for r in rows if re.fullmatch(r"[0-9,.]+", r[3])]
    assert sum(paid) == Decimal(400000)
    assert "total E001: 400,000 元" in out


def test_one_subject_is_said_in_the_singular():
    assert "over 1 subject\n" in ok("evaluate", SMALL)
    assert "over 13 subjects\n" in ok("evaluate", PORTFOLIO, "--summary")


def _ruled_rows(out: str) -> list[list[str]]:
    """The cells of a table with a rule between rows (show_lines), each cell's wrapped lines joined."""
    rows, block = [], []
    for line in out.splitlines() + ["└"]:
        if line.startswith("│"):
            block.append([c.strip() for c in line.split("│")[1:-1]])
        elif block:
            rows.append(["".join(part) for part in zip(*block)])
            block = []
    return rows


def test_the_catalogue_shows_clauses_and_no_solver_syntax():
    out = ok("measures")
    assert "level(" not in out
    rows = {r[0]: r for r in _ruled_rows(out)}
    assert rows["4.3/sme_digital"][1:4] == ["4.3", "10%", "40,000 (level 2), 60,000 (level 3), 100,000 (level 4)"]
    assert rows["4.3/sme_digital"][4].startswith("中小企業數字化轉型試點城市的試點企業")  # verbatim in en
    assert (
        rows["1.4/output_over_500m"][4]
        == "對年度工業產值首次超過5億元、100億元、200億元的晉江市重點工業企業,分別一次性獎勵5萬元、200萬元、500萬元。"
    )
    zh = {r[0]: r for r in _ruled_rows(ok("measures", "--lang", "zh"))}
    # (the measure's cell wraps at its space)
    assert [zh["4.3/sme_digital"][1].replace(" ", "")] + zh["4.3/sme_digital"][2:4] == [
        "4.3普及中小企业数字技术",
        "10%",
        "二级 4万元、三级 6万元、四级 10万元",
    ]
    assert [zh["2.1/equipment_update"][1].replace(" ", "")] + zh["2.1/equipment_update"][2:4] == [
        "2.1鼓励更新生产设备",
        "5%",
        "300万元",
    ]
    assert zh["4.3/sme_digital"][4].startswith("中小企业数字化转型试点城市的试点企业")


def test_the_reports_format_follows_out_unless_format_says(tmp_path):
    md, html, other = tmp_path / "r.md", tmp_path / "r.html", tmp_path / "r.txt"
    ok("report", SMALL, "--out", md)
    assert md.read_text(encoding="utf-8").startswith("# 晉政規〔2025〕5號 audit report")
    ok("report", SMALL, "--out", html)
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ok("report", SMALL, "--out", other)
    assert other.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ok("report", SMALL, "--out", md, "--format", "html")
    assert md.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_to_stdout_with_a_dash():
    res = run("report", SMALL, "--out", "-")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("# 晉政規〔2025〕5號 audit report")
    assert res.stderr == ""
    html = ok("report", SMALL, "--out", "-", "--format", "html")
    assert html.startswith("<!DOCTYPE html>")


def test_markdown_explanation_names_a_code_only_where_a_condition_fails():
    out = ok("explain", PORTFOLIO, "--subject", "E05", "--item", "2.1/equipment_update", "--format", "md")
    rows = [line.split(" | ") for line in out.splitlines() if line.startswith("| [")]
    assert rows
    for mark, _text, code, _path in rows:
        assert (code != "") == (mark == "| [ ]"), (mark, code)
