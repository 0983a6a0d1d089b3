"""`report`: the portfolio audit report (md, and one self-contained printable HTML file)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import defaultdict
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from jjpolicy import evaluate
from jjpolicy.cli import main
from jjpolicy.describe import money

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "facts" / "portfolio.json"
TOTAL = "25,981,913.61"  # the portfolio's total (issue), checked against evaluate below
TOTAL_2025 = "17,915,000.04"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def data():
    return json.loads(PORTFOLIO.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result(data):
    return evaluate(data)


class Page(HTMLParser):
    """What the report's HTML holds: tables by id with their rows of cell texts, elements with an id,
    every tag with its attributes, and the whole text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.sections: list[str] = []
        self.tables: dict[str, list[list[str]]] = defaultdict(list)
        self.table_stack: list[str | None] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.header_rows: dict[str, int] = defaultdict(int)
        self.row_is_header = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "section":
            self.sections.append(a.get("id"))
        if tag == "table":
            self.table_stack.append(a.get("id"))
        elif tag == "tr":
            self.row, self.row_is_header = [], False
        elif tag in ("td", "th"):
            self.cell = []
            self.row_is_header |= tag == "th"

    def handle_endtag(self, tag):
        if tag == "table" and self.table_stack:
            self.table_stack.pop()
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            tid = self.table_stack[-1] if self.table_stack else None
            if tid is not None:
                if self.row_is_header:
                    self.header_rows[tid] += 1
                else:
                    self.tables[tid].append(self.row)
            self.row = None

    def handle_data(self, d):
        self.text.append(d)
        if self.cell is not None:
            self.cell.append(d)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def by_measure(result):
    count, total = defaultdict(int), defaultdict(Decimal)
    for s in result.subjects:
        for a in s.awards:
            count[a.measure] += 1
            total[a.measure] += a.amount
    return count, total


@pytest.fixture(scope="module")
def html_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "r.html"
    res = run("report", PORTFOLIO, "--out", out)
    assert res.exit_code == 0, res.stderr
    assert res.stdout == ""
    assert f"total {TOTAL} 元" in res.stderr
    return out


@pytest.fixture(scope="module")
def md_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "r.md"
    res = run("report", PORTFOLIO, "--out", out, "--format", "md")
    assert res.exit_code == 0, res.stderr
    return out


def test_the_portfolio_total_is_the_evaluated_total(result, data):
    assert result.total == Decimal("25981913.61")
    assert money(result.total) == TOTAL
    assert len(result.subjects) == len(data["subjects"]) == 13


def test_html_has_one_measures_and_one_subjects_table(html_report, result, data):
    page = parse(html_report)
    table_ids = [a.get("id") for t, a in page.tags if t == "table"]
    assert table_ids.count("measures") == 1
    assert table_ids.count("subjects") == 1
    # one row per subject of the facts, in the facts' order, with the evaluated counts and totals
    rows = page.tables["subjects"]
    assert page.header_rows["subjects"] == 1
    assert [r[0] for r in rows] == [s["id"] for s in data["subjects"]]
    for row, s in zip(rows, result.subjects):
        assert row == [s.id, s.name or "", str(len(s.awards)), str(len(s.denied)), money(s.total)]
    assert sum(Decimal(r[4].replace(",", "")) for r in rows) == Decimal("25981913.61")
    # totals by measure
    count, total = by_measure(result)
    m_rows = page.tables["measures"]
    assert [r[0] for r in m_rows] == sorted(count, key=lambda m: tuple(int(p) for p in m.split(".")))
    for m, n, amount in m_rows:
        assert (int(n), Decimal(amount.replace(",", ""))) == (count[m], total[m])
    assert sum(Decimal(r[2].replace(",", "")) for r in m_rows) == Decimal("25981913.61")
    assert sum(int(r[1]) for r in m_rows) == sum(len(s.awards) for s in result.subjects) == 66


def test_html_has_a_section_per_subject(html_report, data, result):
    page = parse(html_report)
    assert page.sections == [f"s-{s['id']}" for s in data["subjects"]]
    # every subject link points at its section
    links = [a["href"] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#s-")]
    assert links == [f"#s-{s['id']}" for s in data["subjects"]]
    assert all(f"s-{s['id']}" in page.ids for s in data["subjects"])
    assert len(set(page.ids)) == len(page.ids)
    text = "".join(page.text)
    for s in result.subjects:
        assert f"Total: {money(s.total)} 元" in text


def test_html_shows_the_portfolio_total_and_is_self_contained(html_report):
    raw = html_report.read_text(encoding="utf-8")
    page = parse(html_report)
    text = "".join(page.text)
    assert f"total: {TOTAL} 元" in text
    assert raw.startswith("<!DOCTYPE html>")
    metas = [a for t, a in page.tags if t == "meta"]
    assert any(a.get("charset", "").lower() == "utf-8" for a in metas)
    assert not [a for t, a in page.tags if t == "link"]
    assert not [a for t, a in page.tags if t == "script" and "src" in a]
    for t, a in page.tags:
        for attr in ("src", "href", "action", "data", "poster"):
            value = (a.get(attr) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "file:")), (t, a)
    assert "@import" not in raw
    assert not re.search(r"url\(\s*['\"]?\s*(https?:|//)", raw)


def test_html_quotes_the_clause_of_an_award(html_report):
    text = "".join(parse(html_report).text)
    assert (
        "[2.1] 「對符合以下條件的企業實施的設備更新項目,按生產設備購置金額的5%給予補助,申報當年度最高補助限額300萬元。」" in text
    )
    # E01's P2: 5% x 64,000,000 = 3,200,000 > 3,000,000 cap
    assert "5% x 64,000,000 = 3,200,000, rounded down to the fen 3,200,000; cap 3,000,000; paid 3,000,000" in text


def test_md_has_the_same_totals(md_report, result, data):
    md = md_report.read_text(encoding="utf-8")
    assert md.startswith("# ")
    assert f"Subjects: 13 · awards: 66 · total: **{TOTAL} 元**" in md
    count, total = by_measure(result)
    for m in count:
        assert f"| {m} | {count[m]} | {money(total[m])} |" in md
    for s in result.subjects:
        assert f"| {s.id} | {s.name or ''} | {len(s.awards)} | {len(s.denied)} | {money(s.total)} |" in md
        assert f"## {s.id} {s.name or ''}".rstrip() in md
    assert md.count("\n## ") == 2 + len(data["subjects"])  # totals by measure, subjects, one per subject


def test_year_2025_report_totals_equal_the_2025_sum(tmp_path, data, result):
    # stacking is decided over the whole window, then the 2025 awards are kept
    by_hand = sum((a.amount for s in result.subjects for a in s.awards if a.year == 2025), Decimal(0))
    assert by_hand == evaluate(data, 2025).total == Decimal("17915000.04")
    assert money(by_hand) == TOTAL_2025
    for fmt, name in (("html", "r25.html"), ("md", "r25.md")):
        out = tmp_path / name
        res = run("report", PORTFOLIO, "--out", out, "--format", fmt, "--year", 2025)
        assert res.exit_code == 0, res.stderr
        assert f"total {TOTAL_2025} 元" in res.stderr
        body = out.read_text(encoding="utf-8")
        if fmt == "html":
            text = "".join(parse(out).text)
            assert f"total: {TOTAL_2025} 元 · year 2025" in text
            assert TOTAL not in text
        else:
            assert f"total: **{TOTAL_2025} 元** · year 2025" in body
            assert "| 2026 |" not in body and " · 2026 · " not in body


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_renders_in_headless_chromium(html_report, tmp_path):
    # The flags keep Chromium off the network (this machine has none) and out of any shared profile.
    proc = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            html_report.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert TOTAL in proc.stdout
    assert 'id="subjects"' in proc.stdout


@pytest.mark.parametrize("where", ["missing-directory", "under-a-file", "dev-full"])
def test_unwritable_out_exits_2_with_a_message(tmp_path, where):
    if where == "missing-directory":
        out, why = tmp_path / "missing" / "r.html", "No such file or directory"
    elif where == "under-a-file":
        (tmp_path / "afile").write_text("x", encoding="utf-8")
        out, why = tmp_path / "afile" / "r.html", "Not a directory"
    else:
        if not Path("/dev/full").exists():
            pytest.skip("no /dev/full here")
        out, why = Path("/dev/full"), "No space left on device"
    res = run("report", PORTFOLIO, "--out", out)
    assert res.exit_code == 2  # like any unusable input or option (contract.md): nothing is written
    assert res.stdout == ""
    assert f"--out: cannot write {out}: {why}" in res.stderr
    assert "Traceback" not in res.stderr and "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    if where != "dev-full":
        assert not out.exists()


def test_a_directory_as_out_is_refused(tmp_path):
    res = run("report", PORTFOLIO, "--out", tmp_path)
    assert res.exit_code == 2
    assert res.stdout == ""
    assert "--out" in res.stderr and "is a directory" in res.stderr
    assert "Traceback" not in res.stderr
