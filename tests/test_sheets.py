"""Spreadsheets: results as CSV and xlsx, facts as an Excel register (convert, template, evaluate), bad
cells named by sheet, row and column (contract.md, "Spreadsheets")."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import json
import random
import sys
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

import jjpolicy
from jjpolicy.cli import main
from jjpolicy.result import Award, SubjectResult
from jjpolicy.sheets import RESULT_COLUMNS, SHEETS, XlsxResultWriter, read_register, register_columns

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "facts" / "portfolio.json"
SMALL = ROOT / "facts" / "small.json"
GOLDEN = json.loads((ROOT / "tests" / "golden" / "evaluate-portfolio.json").read_text(encoding="utf-8"), parse_float=Decimal)
TOTAL = GOLDEN["total"]

# Awards worked out by hand in facts/README.md (percentages rounded down to the fen, then capped)
HAND = {
    ("E01", "2.1/equipment_update", 2025): Decimal("3000000"),  # 64,000,000 x 5% = 3,200,000, cap 3,000,000
    ("E02", "2.1/equipment_update", 2025): Decimal("172839.45"),  # 3,456,789.15 x 5% = 172,839.4575
    ("E03", "2.2/rd_instruments", 2025): Decimal("125000.05"),  # 1,250,000.55 x 10% = 125,000.055
    ("E05", "4.3/sme_digital", 2025): Decimal("60000"),  # 68,650 capped at 60,000
    ("E09", "4.2/industrial_internet_demo", 2025): Decimal("327160.54"),  # 6,543,210.99 x 5%
    ("E11", "6.3/regional_brand", 2026): Decimal("246913.57"),  # 1,234,567.89 x 20%
}


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def money(cell) -> Decimal:
    """An amount cell read back as Excel holds it: a float, read through its shortest repr."""
    assert isinstance(cell, float), cell
    return Decimal(repr(cell))


def sheets_of(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def sheet_xml(path: Path, name: str) -> tuple[ET.Element, ET.Element]:
    """A sheet's XML and the workbook's styles, for formats and frozen panes."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        rid = next(s.get(f"{{{ns['r']}}}id") for s in book.iter(f"{{{ns['m']}}}sheet") if s.get("name") == name)
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        return ET.fromstring(z.read("xl/" + target.lstrip("/").removeprefix("xl/"))), ET.fromstring(z.read("xl/styles.xml"))


M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def number_format(sheet: ET.Element, styles: ET.Element, ref: str) -> str:
    cell = next(c for c in sheet.iter(f"{M}c") if c.get("r") == ref)
    xf = list(styles.find(f"{M}cellXfs"))[int(cell.get("s", "0"))]
    fmt_id = xf.get("numFmtId")
    return next(f.get("formatCode") for f in styles.find(f"{M}numFmts") if f.get("numFmtId") == fmt_id)


def frozen_header(sheet: ET.Element) -> bool:
    pane = sheet.find(f"{M}sheetViews/{M}sheetView/{M}pane")
    return pane is not None and pane.get("ySplit") == "1" and pane.get("state") == "frozen"


# ---- results as xlsx --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def results_xlsx(tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "results.xlsx"
    res = run("evaluate", str(PORTFOLIO), "--format", "xlsx", "--out", str(out))
    assert res.exit_code == 0 and res.stdout == "", res.stderr
    return out


def test_xlsx_sheets_and_columns(results_xlsx):
    book = sheets_of(results_xlsx)
    assert list(book)[:5] == ["awards", "support", "denied", "other_policy", "summary"]
    for name in ("awards", "support", "denied", "other_policy"):
        assert tuple(book[name][0]) == RESULT_COLUMNS
    count = {k: sum(len(s[k]) for s in GOLDEN["subjects"]) for k in ("awards", "support", "denied", "other_policy")}
    assert {name: len(book[name]) - 1 for name in count} == count
    assert {r[6] for r in book["awards"][1:]} == {"granted"}
    assert {r[6] for r in book["denied"][1:]} == {"denied"}
    assert {r[8] for r in book["other_policy"][1:]} == {"taken", "not_taken"}


def test_xlsx_amounts_are_exact_and_sum_to_the_json_total(results_xlsx):
    rows = sheets_of(results_xlsx)["awards"][1:]
    amounts = {(r[0], r[2], int(r[4])): money(r[7]) for r in rows}
    for key, amount in HAND.items():
        assert amounts[key] == amount, key
    assert sum(amounts.values(), Decimal(0)) == TOTAL == Decimal("25981913.61")
    expected = [
        (s["id"], a["item"], a["year"], a["amount"], ",".join(a["basis"])) for s in GOLDEN["subjects"] for a in s["awards"]
    ]
    assert [(r[0], r[2], int(r[4]), money(r[7]), r[5]) for r in rows] == expected


def test_xlsx_amounts_are_formatted_and_the_header_frozen(results_xlsx):
    for name in ("awards", "other_policy", "summary"):
        sheet, styles = sheet_xml(results_xlsx, name)
        assert frozen_header(sheet), name
    sheet, styles = sheet_xml(results_xlsx, "awards")
    assert number_format(sheet, styles, "H2") == "#,##0.00"
    # the decimal's own digits are in the file: 172839.45, not 172839.44999999998
    values = [c.findtext(f"{M}v") for c in sheet.iter(f"{M}c") if c.get("r", "").startswith("H")]
    assert "172839.45" in values and "125000.05" in values


def test_xlsx_summary_totals_by_measure_and_year(results_xlsx):
    rows = sheets_of(results_xlsx)["summary"]
    header = rows[0]
    assert header[:4] == ["measure", "section", "title", "awards"] and header[-1] == "total"
    years = header[4:-1]
    assert years == ["2025", "2026"]
    total_row = next(r for r in rows if r[0] == "total")
    assert money(total_row[-1]) == TOTAL
    assert [money(v) for v in total_row[4:-1]] == [Decimal("17915000.04"), Decimal("8066913.57")]
    by_measure = {}
    for s in GOLDEN["subjects"]:
        for a in s["awards"]:
            by_measure[a["measure"]] = by_measure.get(a["measure"], Decimal(0)) + a["amount"]
    for r in rows[1:]:
        if r[0] and r[0][0].isdigit():
            assert money(r[-1]) == by_measure.get(r[0], Decimal(0)), r[0]
            assert sum((money(v) for v in r[4:-1]), Decimal(0)) == money(r[-1])


def test_xlsx_amounts_read_back_exactly_at_every_size(tmp_path):
    rng = random.Random(5)
    fen = [rng.randint(0, 10**15) for _ in range(3000)] + [10**15, 10**15 - 1, 1, 0, 2**53 // 100, 123456789012345]
    amounts = [Decimal(f).scaleb(-2) for f in fen]
    out = tmp_path / "a.xlsx"
    writer = XlsxResultWriter(str(out))
    for i, amount in enumerate(amounts):
        award = Award("2.1/equipment_update", "2.1", 2025, amount, ("P1",), ())
        writer.add(SubjectResult(f"S{i}", None, (award,), (), (), (), ()))
    writer.close()
    rows = sheets_of(out)["awards"][1:]
    assert [money(r[7]) for r in rows] == amounts


def test_xlsx_needs_out():
    for extra in ([], ["--out", "-"]):
        res = run("evaluate", str(SMALL), "--format", "xlsx", *extra)
        assert res.exit_code == 2 and "--out" in res.stderr and res.stdout == ""
    assert (
        run("evaluate", str(SMALL), "--format", "csv", "--out", "-").stdout
        == run("evaluate", str(SMALL), "--format", "csv").stdout
    )


# ---- results as csv ---------------------------------------------------------------------------------


def test_csv_rows_amounts_and_total():
    res = run("evaluate", str(PORTFOLIO), "--format", "csv")
    assert res.exit_code == 0
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert tuple(rows[0]) == RESULT_COLUMNS and not res.stdout.startswith("\ufeff")
    granted = [r for r in rows[1:] if r[6] == "granted"]
    amounts = {(r[0], r[2], int(r[4])): Decimal(r[7]) for r in granted}
    for key, amount in HAND.items():
        assert amounts[key] == amount, key
    assert sum(amounts.values(), Decimal(0)) == TOTAL
    n = sum(len(s[k]) for s in GOLDEN["subjects"] for k in ("awards", "support", "denied", "other_policy"))
    assert len(rows) == n + 1
    denied = next(r for r in rows if r[0] == "E02" and r[6] == "denied" and r[2] == "2.3/management_consulting")
    assert denied[8] == "not_pre_filed" and denied[5] == "MC2"
    e03 = next(s for s in GOLDEN["subjects"] if s["id"] == "E03")
    rd = next(a for a in e03["awards"] if a["item"] == "2.2/rd_instruments")
    row = next(r for r in rows if r[0] == "E03" and r[2] == "2.2/rd_instruments")
    assert row[5] == "R1,R2" and row[9] == "; ".join(rd["because"])
    other = [r for r in rows if r[6] == "other_policy"]
    assert [(r[0], r[5], r[7], r[8]) for r in other] == [("E03", "G1", "150000", "taken"), ("E03", "T1", "100000", "not_taken")]


def test_csv_to_a_file_has_a_bom_for_excel(tmp_path):
    out = tmp_path / "r.csv"
    res = run("evaluate", str(SMALL), "--format", "csv", "--out", str(out))
    assert res.exit_code == 0 and res.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeffsubject,name,")
    assert text[1:] == run("evaluate", str(SMALL), "--format", "csv").stdout


def test_csv_does_not_let_a_spreadsheet_run_text_from_the_facts():
    data = json.loads(SMALL.read_text(encoding="utf-8"))
    data["subjects"][0]["name"] = '=HYPERLINK("http://x","y")'
    res = run("evaluate", "-", "--format", "csv", input=json.dumps(data))
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert {r[1] for r in rows[1:]} == {"'" + data["subjects"][0]["name"]}


# ---- facts: convert, template, evaluate a register ----------------------------------------------------


def without_paths(facts):
    """Facts with the positions in the input file (paths) left out: other_awards are kept sorted."""

    def strip(x):
        return dataclasses.replace(x, path="")

    return [
        dataclasses.replace(
            strip(s),
            years=tuple(map(strip, s.years)),
            events=tuple(map(strip, s.events)),
            past_awards=tuple(map(strip, s.past_awards)),
            other_awards=tuple(map(strip, s.other_awards)),
        )
        for s in facts.subjects
    ]


def parsed(path: Path):
    return jjpolicy.load_facts(path.read_bytes())


@pytest.mark.parametrize("source", [PORTFOLIO, SMALL], ids=["portfolio", "small"])
def test_json_to_xlsx_to_json_gives_the_same_facts(tmp_path, source):
    xlsx, back, lines, again = (tmp_path / n for n in ("f.xlsx", "f.json", "f.jsonl", "g.json"))
    assert run("convert", str(source), "--out", str(xlsx)).exit_code == 0
    assert run("convert", str(xlsx), "--out", str(back)).exit_code == 0
    assert without_paths(parsed(back)) == without_paths(parsed(source))
    assert run("convert", str(back), "--out", str(lines)).exit_code == 0
    res = run("convert", str(lines), "--out", str(again))
    assert res.exit_code == 0 and res.stderr == f"wrote {again}: {len(parsed(source).subjects)} subjects\n"
    assert again.read_text(encoding="utf-8") == back.read_text(encoding="utf-8")
    # and a second trip changes nothing at all
    assert run("convert", str(back), "--out", str(tmp_path / "h.xlsx")).exit_code == 0
    assert run("convert", str(tmp_path / "h.xlsx"), "--out", str(tmp_path / "h.json")).exit_code == 0
    assert (tmp_path / "h.json").read_bytes() == back.read_bytes()


def test_generated_facts_survive_the_register(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import generate

    data = generate.portfolio(120, seed=4)
    data["subjects"][0]["years"] = {"2025": {"green_power_share": "0.123456789012345678", "revenue": "9999999999999.99"}}
    data["subjects"][0]["other_awards"] = (
        [{"event": data["subjects"][0]["events"][0]["id"], "policy": "p", "amount": 10**13}]
        if data["subjects"][0].get("events")
        else []
    )
    src = tmp_path / "g.json"
    # a share with more digits than a double holds (a JSON number)
    src.write_text(
        json.dumps(data, ensure_ascii=False).replace('"0.123456789012345678"', "0.123456789012345678"), encoding="utf-8"
    )
    assert parsed(src).subjects[0].years[0].fields["green_power_share"] == Decimal("0.123456789012345678")
    assert run("convert", str(src), "--out", str(tmp_path / "g.xlsx")).exit_code == 0
    assert run("convert", str(tmp_path / "g.xlsx"), "--out", str(tmp_path / "back.json")).exit_code == 0
    assert without_paths(parsed(tmp_path / "back.json")) == without_paths(parsed(src))


def test_evaluating_the_register_gives_the_json_output(tmp_path):
    xlsx = tmp_path / "p.xlsx"
    assert run("convert", str(PORTFOLIO), "--out", str(xlsx)).exit_code == 0
    assert run("evaluate", str(xlsx), "--format", "json").stdout == (
        ROOT / "tests" / "golden" / "evaluate-portfolio.json"
    ).read_text(encoding="utf-8")
    assert (
        run("evaluate", "-", "--from", "xlsx", "--format", "json", input=xlsx.read_bytes()).stdout
        == run("evaluate", str(PORTFOLIO), "--format", "json").stdout
    )


def test_template_is_an_empty_register_with_lists(tmp_path):
    out = tmp_path / "register.xlsx"
    res = run("template", "--out", str(out))
    assert res.exit_code == 0 and out.exists()
    book = sheets_of(out)
    assert list(book)[:5] == list(SHEETS)
    for name in SHEETS:
        assert [c.name for c in register_columns()[name]] == book[name][0]
    assert book["events"][0][:6] == ["subject", "id", "type", "date", "renewal", "project"]
    from jjpolicy.model import EVENT_FIELDS, EVENT_TYPES, SUBJECT_KINDS

    assert set(book["events"][0][6:]) == {f for spec in EVENT_FIELDS.values() for f in spec}
    lists = book["_lists"]
    columns = {row_name: [r[i] for r in lists[1:] if i < len(r) and r[i] != ""] for i, row_name in enumerate(lists[0])}
    assert columns["kind"] == list(SUBJECT_KINDS) and columns["type"] == list(EVENT_TYPES)
    assert set(columns["level"]) >= {"national", "provincial", "quanzhou", "jinjiang", "international", "group"}
    assert "2.1/equipment_update" in columns["item"]
    sheet, _ = sheet_xml(out, "events")
    validations = {v.get("sqref"): (v.get("type"), v.findtext(f"{M}formula1")) for v in sheet.iter(f"{M}dataValidation")}
    assert validations["C2:C1048576"] == ("list", "'_lists'!$B$2:$B$37")
    assert validations["D2:D1048576"][0] == "date"
    assert frozen_header(sheet)
    res = run("evaluate", str(out), "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)["subjects"] == []


# ---- bad cells ------------------------------------------------------------------------------------------


def write_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook as a user's Excel would leave it: dates as date cells, numbers as numbers."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if v == "#DIV/0!":
                    ws.write_formula(r, c, "=1/0", None, "#DIV/0!")
                elif isinstance(v, datetime.datetime):
                    ws.write_datetime(r, c, v, stamp)
                elif isinstance(v, datetime.date):
                    ws.write_datetime(r, c, v, date)
                elif isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, v)
    book.close()
    return path


def small_register() -> dict[str, list[list]]:
    """facts/small.json (E001) as a user might type it, and a second subject."""
    return {
        "subjects": [
            ["id", "name", "kind", "registered_in_jinjiang"],
            ["E001", "晉江某鞋服有限公司", "industrial_enterprise", True],
            ["E002", None, "enterprise", None],
        ],
        "years": [
            [
                "subject",
                "year",
                "industrial_output",
                "key_industrial_enterprise",
                "strategic_emerging_output",
                "revenue",
                "green_power_share",
            ],
            ["E001", 2024, 520000000, True, None, None, None],
            ["E001", 2025, 610000000, True, 0, "0", 0.35],
        ],
        "events": [
            [
                "subject",
                "id",
                "type",
                "date",
                "level",
                "project",
                "total_investment",
                "equipment_purchase",
                "key_tech_renovation",
                "in_statistics",
            ],
            ["E001", "T1", "single_champion", datetime.date(2025, 8, 20), "provincial", None, None, None, None, None],
            ["E001", "P1", "equipment_project", "2025-12-31", None, "line-3", 30000000, "8000000", True, "true"],
            ["E002", "A1", "above_scale_new", datetime.date(2025, 7, 1), None, None, None, None, None, None],
        ],
        "past_awards": [["subject", "item", "year"], ["E001", "1.3/specialized_sme/provincial", 2023]],
        "other_awards": [["subject", "event", "policy", "amount"], ["E001", "T1", "another Jinjiang policy", 200000.0]],
    }


def test_a_register_typed_by_hand_evaluates_like_the_json(tmp_path):
    path = write_book(tmp_path / "r.xlsx", small_register())
    res = run("evaluate", str(path), "--format", "json")
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout, parse_float=Decimal)
    small = json.loads(run("evaluate", str(SMALL), "--format", "json").stdout, parse_float=Decimal)
    assert out["subjects"][0] == small["subjects"][0]
    assert [s["id"] for s in out["subjects"]] == ["E001", "E002"]


def test_money_cells_as_floats_and_text_are_exact(tmp_path):
    book = small_register()
    book["events"][2][7] = 8000000.07  # a float cell: its shortest repr
    book["other_awards"][1][3] = "200000.10"  # text
    path = write_book(tmp_path / "r.xlsx", book)
    facts = read_register(str(path)).facts_subjects()
    p1 = next(e for e in facts[0].events if e.id == "P1")
    assert p1.fields["equipment_purchase"] == Decimal("8000000.07")
    assert facts[0].other_awards[0].amount == Decimal("200000.1")
    assert facts[0].years[1].fields["green_power_share"] == Decimal("0.35")


def _set(book, sheet, ref, value):
    col = ord(ref[0]) - 65
    row = int(ref[1:]) - 1
    rows = book[sheet]
    while len(rows) <= row:
        rows.append([])
    while len(rows[row]) <= col:
        rows[row].append(None)
    rows[row][col] = value


BAD_CELLS = [
    # (sheet, cell, value, the line expected on stderr)
    ("subjects", "C3", "factory", "subjects!C3 (kind): expected one of industrial_enterprise, "),
    ("subjects", "D2", "yes", 'subjects!D2 (registered_in_jinjiang): expected true or false (got "yes")'),
    ("subjects", "A3", "E001", 'subjects!A3 (id): duplicate subject id "E001" (first at subjects!A2)'),
    ("years", "C2", -5, "years!C2 (industrial_output): expected money: a number or decimal string from 0 to"),
    ("years", "C3", "1.005", "years!C3 (industrial_output): expected money: "),
    ("years", "G3", 1.5, "years!G3 (green_power_share): expected a number from 0 to 1 (got 1.5)"),
    ("years", "B3", 2024, "years!B3 (year): the subject has a row for 2024 already (first at years!B2)"),
    ("years", "B3", "next year", 'years!B3 (year): expected a 4-digit year (got "next year")'),
    ("years", "C2", "#DIV/0!", "years!C2 (industrial_output): an error value (#N/A, #REF! ...): enter the value itself"),
    ("events", "D2", "2025-02-30", 'events!D2 (date): expected a date YYYY-MM-DD that exists in the calendar (got "2025-02-30")'),
    (
        "events",
        "D2",
        datetime.datetime(2025, 8, 20, 9, 30),
        'events!D2 (date): expected a date YYYY-MM-DD (got "2025-08-20 09:30:00")',
    ),
    ("events", "D2", 45889, "events!D2 (date): expected a date YYYY-MM-DD (got 45889)"),
    ("events", "D2", None, "events!D2 (date): required field missing"),
    ("events", "C2", "champion", 'events!C2 (type): unknown event type "champion"'),
    ("events", "E2", "quanzhou", 'events!E2 (level): expected one of national, provincial (got "quanzhou")'),
    ("events", "E3", "national", "events!E3 (level): not a field of type equipment_project: leave the cell empty"),
    ("events", "I3", 1, "events!I3 (key_tech_renovation): expected true or false (got 1)"),
    ("events", "B3", "T1", 'events!B3 (id): duplicate event id "T1" (first at events!B2)'),
    ("events", "A3", "E999", 'events!A3 (subject): names no subject of the sheet subjects: "E999"'),
    ("events", "K1", "dat", 'events!K1: unknown column "dat" (did you mean "date"?)'),
    ("events", "L2", "stray", "events!L2: a value in a column without a header"),
    ("past_awards", "B2", "1.3/nothing", 'past_awards!B2 (item): unknown item id "1.3/nothing"'),
    ("past_awards", "C2", 2023.5, "past_awards!C2 (year): expected a 4-digit year (an integer from 1000 to 9999) (got 2023.5)"),
    ("other_awards", "B2", "ZZ", 'other_awards!B2 (event): names no event of this subject: "ZZ"'),
    ("other_awards", "D2", "lots", "other_awards!D2 (amount): expected money: "),
    ("Events", "A1", "x", 'Events: unknown sheet (did you mean "events"?)'),
]


@pytest.mark.parametrize("sheet, ref, value, expected", BAD_CELLS, ids=[f"{s}!{r}={v!r}" for s, r, v, _e in BAD_CELLS])
def test_a_bad_cell_exits_2_naming_sheet_row_and_column(tmp_path, sheet, ref, value, expected):
    book = small_register()
    if sheet == "Events":
        book = {**book, "Events": [["x"]]}
        del book["events"]
    else:
        _set(book, sheet, ref, value)
    path = write_book(tmp_path / "bad.xlsx", book)
    res = run("evaluate", str(path), "--format", "json")
    assert res.exit_code == 2, res.stdout
    assert res.stdout == ""
    assert any(line.startswith(expected) for line in res.stderr.splitlines()), res.stderr
    assert "Traceback" not in res.stderr
    conv = run("convert", str(path), "--out", str(tmp_path / "x.json"))
    assert conv.exit_code == 2 and conv.stderr == res.stderr and not (tmp_path / "x.json").exists()


def test_every_bad_cell_is_reported_at_once(tmp_path):
    book = small_register()
    _set(book, "events", "D2", "someday")
    _set(book, "subjects", "C3", "factory")
    _set(book, "other_awards", "D2", -1)
    res = run("evaluate", str(write_book(tmp_path / "bad.xlsx", book)))
    assert res.exit_code == 2
    assert [line.split(":")[0] for line in res.stderr.splitlines()] == [
        "events!D2 (date)",
        "other_awards!D2 (amount)",
        "subjects!C3 (kind)",
    ]


def test_keep_going_skips_a_subject_with_a_bad_cell(tmp_path):
    book = small_register()
    _set(book, "events", "D2", "someday")
    path = write_book(tmp_path / "bad.xlsx", book)
    res = run("evaluate", str(path), "--format", "json", "--keep-going")
    assert res.exit_code == 3
    assert [s["id"] for s in json.loads(res.stdout)["subjects"]] == ["E002"]
    assert res.stderr.splitlines() == [
        'events!D2 (date): expected a date YYYY-MM-DD (got "someday")',
        "skipped 1 of 2 subjects (bad input); evaluated 1",
    ]
    _set(book, "events", "A4", "E999")  # a row that belongs to no subject still stops the run
    res = run("evaluate", str(write_book(tmp_path / "bad2.xlsx", book)), "--keep-going")
    assert res.exit_code == 2 and res.stdout == ""


def test_not_a_workbook_exits_2(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("hello", encoding="utf-8")
    res = run("evaluate", str(path))
    assert res.exit_code == 2 and res.stdout == "" and res.stderr.startswith("$: not an Excel workbook (xlsx)")
    res = run("evaluate", str(write_book(tmp_path / "e.xlsx", {"events": [["subject"]]})))
    assert res.exit_code == 2 and "no sheet subjects" in res.stderr


def test_convert_refuses_an_unknown_output_kind(tmp_path):
    res = run("convert", str(SMALL), "--out", str(tmp_path / "x.txt"))
    assert res.exit_code == 2 and not (tmp_path / "x.txt").exists()
    res = run("convert", str(SMALL), "--out", "-", "--to", "jsonl")
    assert res.exit_code == 0 and json.loads(res.stdout)["id"] == "E001"


def test_register_layout_reads_the_models_tables_in_either_form():
    """The model's tables give checkers today and Field records (kind, values) once it is split: the
    register's columns come out the same from both."""
    from jjpolicy.model import EVENT_FIELDS, YEAR_FIELDS
    from jjpolicy.sheets import _describe

    @dataclasses.dataclass
    class Field:
        kind: str
        values: tuple = ()

    assert _describe(Field("money")) == ("money", ())
    assert _describe(Field("year")) == ("int", ())
    assert _describe(Field("enum", ("a", "b"))) == ("enum", ("a", "b"))
    assert _describe(EVENT_FIELDS["innovation_center"]["role"]) == ("enum", ("lead", "member"))
    assert _describe(EVENT_FIELDS["equipment_project"]["equipment_purchase"])[0] == "money"
    assert _describe(EVENT_FIELDS["sme_digital_retrofit"]["digital_level"])[0] == "int"
    assert _describe(EVENT_FIELDS["digital_demo"]["in_use"])[0] == "bool"
    assert [_describe(c)[0] for c in YEAR_FIELDS.values()] == ["money", "money", "money", "bool", "bool", "share"]
