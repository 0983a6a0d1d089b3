"""Spreadsheets: facts as an Excel register (one sheet per kind of row), results as rows (CSV, xlsx).

The register holds ``jjpolicy.facts/1``: sheets ``subjects``, ``years``, ``events``, ``past_awards`` and
``other_awards``, the contract's field names as headers, a ``subject`` column linking each row of the
other sheets to its subject (events: one sheet with the union of every type's fields). A cell becomes
the JSON value the contract expects (an empty cell: the field is absent), then the subject is validated
by the same validator as JSON, and each problem's JSON path is mapped back to its cell
(``events!F7 (date): expected a date YYYY-MM-DD ...``).

Reading uses python-calamine, writing xlsxwriter: on 100,000 rows calamine reads in 1.5 s where
openpyxl's read-only mode takes 26 s, and xlsxwriter writes in 7.7 s where openpyxl's write-only mode
takes 13.4 s (README, "Spreadsheets").

Money is written as the decimal's own digits (an amount within the contract has at most 15 significant
digits, which a double and Excel's display hold exactly); a cell read back as a float is read through its
shortest repr, as :func:`jjpolicy.money.parse_money` does.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import IO, Any

from .figures import policy
from .model import EVENT_FIELDS, EVENT_TYPES, SUBJECT_KINDS, YEAR_FIELDS, InputError, Subject
from .money import fen_to_yuan, format_yuan, to_fen
from .result import SubjectResult
from .stream import subject_from_dict
from .words import Words, words

__all__ = [
    "SHEETS",
    "RESULT_COLUMNS",
    "Column",
    "Register",
    "SheetError",
    "register_columns",
    "read_register",
    "write_register",
    "result_rows",
    "CsvWriter",
    "XlsxResultWriter",
]

SHEETS = ("subjects", "years", "events", "past_awards", "other_awards")
LISTS = "_lists"  # the template's allowed values (hidden); sheets named "_..." are not read
LINK = "subject"
EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_TEXT = 32_767
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


class SheetError(Exception):
    """Facts that a workbook cannot hold (a text longer than an Excel cell allows)."""


# ----------------------------------------------------------------------------------------------------
# Layout of the register
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | enum | bool | int | money | share | date | link
    values: tuple[str, ...] = ()  # enum: the allowed values (union over event types)
    required: bool = False


def _kind(checker) -> str:
    """What a model checker accepts, found by asking it (the checkers are the model's private API)."""
    if hasattr(checker, "values"):
        return "enum"

    def accepts(value) -> object:
        try:
            return checker(value)
        except Exception:
            return None

    if isinstance(accepts(True), bool):
        return "bool"
    if isinstance(accepts("1.5"), Decimal):
        return "money"
    if isinstance(accepts(Decimal("0.5")), Decimal):
        return "share"
    if accepts(1) == 1 or accepts(5) == 5 or accepts(0) == 0:
        return "int"
    return "text"


_KINDS = {"money", "share", "bool", "enum", "int", "date", "text"}


def _describe(entry) -> tuple[str, tuple[str, ...]]:
    """The kind and allowed values of a field of the model's tables: a record with ``kind`` and
    ``values`` (a ``Field``), a ``(checker, required)`` pair, or a checker."""
    kind = getattr(entry, "kind", None)
    if isinstance(kind, str):
        kind = {"year": "int", "const": "enum"}.get(kind, kind)
        return (kind if kind in _KINDS else "text"), tuple(getattr(entry, "values", ()) or ())
    checker = entry[0] if isinstance(entry, tuple) else entry
    return _kind(checker), tuple(getattr(checker, "values", ()))


@lru_cache(maxsize=1)
def register_columns() -> dict[str, tuple[Column, ...]]:
    """The columns of each sheet, in order."""
    extra: dict[str, Column] = {}
    for spec in EVENT_FIELDS.values():
        for name, entry in spec.items():
            kind, values = _describe(entry)
            if name in extra:
                old = extra[name]
                values = old.values + tuple(v for v in values if v not in old.values)
            extra[name] = Column(name, kind, values)
    items = tuple(sorted(policy().items, key=lambda i: (policy().measure_rank(policy().items[i].measure), i)))
    return {
        "subjects": (
            Column("id", "text", required=True),
            Column("name", "text"),
            Column("kind", "enum", SUBJECT_KINDS, True),
            Column("registered_in_jinjiang", "bool"),
        ),
        "years": (
            Column(LINK, "link", required=True),
            Column("year", "int", required=True),
            *(Column(name, _describe(entry)[0]) for name, entry in YEAR_FIELDS.items()),
        ),
        "events": (
            Column(LINK, "link", required=True),
            Column("id", "text", required=True),
            Column("type", "enum", EVENT_TYPES, True),
            Column("date", "date", required=True),
            Column("renewal", "bool"),
            Column("project", "text"),
            *extra.values(),
        ),
        "past_awards": (
            Column(LINK, "link", required=True),
            Column("item", "enum", items, True),
            Column("year", "int", required=True),
            Column("project", "text"),
        ),
        "other_awards": (
            Column(LINK, "link", required=True),
            Column("event", "text", required=True),
            Column("policy", "text", required=True),
            Column("amount", "money", required=True),
        ),
    }


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ----------------------------------------------------------------------------------------------------
# Cells -> JSON values
# ----------------------------------------------------------------------------------------------------

_INT_TEXT = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")


def _empty(value: object) -> bool:
    return value is None or value == ""


def _as_text(value: object) -> str:
    """What a text field holds when Excel typed the cell: digits stay digits, dates ISO dates."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _number(value: float) -> object:
    return int(value) if value.is_integer() else value


def cell_value(value: object, kind: str) -> object:
    """A cell's value as the JSON value the validator expects for a field of this kind. A value that
    does not fit is passed on as it is, for the validator to name (``expected true or false (got 2)``)."""
    if kind in ("text", "enum", "link"):
        return _as_text(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, datetime.datetime):
        if kind == "date" and value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, str):
        if kind == "bool" and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if kind == "int" and _INT_TEXT.match(value.strip()):
            return int(value.strip())
        if kind == "share" and _DECIMAL_TEXT.match(value.strip()):
            return Decimal(value.strip())
    return value


# ----------------------------------------------------------------------------------------------------
# Reading a register
# ----------------------------------------------------------------------------------------------------


@dataclass
class _Where:
    """Where a subject's rows are: the subjects row, and the row of each year, event and award."""

    row: int
    years: dict[str, int] = field(default_factory=dict)
    events: list[int] = field(default_factory=list)
    past_awards: list[int] = field(default_factory=list)
    other_awards: list[int] = field(default_factory=list)


@dataclass
class Register:
    """A register read: the subjects in order (None where a subject has a problem), the problems of
    each subject (by index) and those that belong to no subject (the file, a sheet, a header, a row
    naming no subject), each as ``SHEET!CELL (field): message``."""

    subjects: list[Subject | None]
    problems: dict[int, list[str]]
    general: list[str]

    @property
    def all_problems(self) -> list[str]:
        return self.general + [p for i in sorted(self.problems) for p in self.problems[i]]

    def facts_subjects(self) -> list[Subject]:
        """Every subject, or InputError-like problems as SheetProblems."""
        if self.general or self.problems:
            raise RegisterError(self.all_problems)
        return [s for s in self.subjects if s is not None]


class RegisterError(Exception):
    """A register with problems; ``problems`` are lines ``SHEET!CELL (field): message``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


_PATH = re.compile(
    r"subjects\[(\d+)\](?:\.(years)\.(\d+)|\.(events|past_awards|other_awards)\[(\d+)\])?(?:\.([A-Za-z_][A-Za-z0-9_]*))?\Z"
)
_FIRST_AT = re.compile(r"\(first at (subjects\[\d+\][^)]*)\)")


class _Reader:
    def __init__(self, book, errors: dict[str, list[str]]):
        self.book = book
        self.errors = errors
        self.general: list[str] = []
        self.headers: dict[str, dict[str, int]] = {}
        self.raw: list[dict[str, Any]] = []
        self.where: list[_Where] = []
        self.problems: dict[int, list[str]] = defaultdict(list)
        self.types: dict[tuple[int, int], str] = {}  # (subject, event index) -> type given

    # -- locations --------------------------------------------------------------------------------
    def ref(self, sheet: str, row: int, name: str) -> str:
        """The cell: ``events!F7``, or the row ``events!7:7`` when the sheet has no such column."""
        col = self.headers.get(sheet, {}).get(name)
        return f"{sheet}!{row}:{row}" if col is None else f"{sheet}!{column_letter(col)}{row}"

    def cell(self, sheet: str, row: int, name: str) -> str:
        """The cell and its field: ``events!F7 (date)``."""
        col = self.headers.get(sheet, {}).get(name)
        if col is None:
            return f"{sheet}!{row}:{row} ({name}, no such column)"
        return f"{sheet}!{column_letter(col)}{row} ({name})"

    def locate(self, path: str, bare: bool = False) -> tuple[int | None, str]:
        """The subject index and the cell of a validator path ``subjects[i].events[j].date``; `bare`:
        the cell alone, a row by its id (for "first at ...")."""
        m = _PATH.match(path)
        if not m:
            return None, path
        i = int(m.group(1))
        where = self.where[i]
        name = m.group(6)
        if bare and name is None and not m.group(2):
            name = "id" if m.group(4) in (None, "events") else None
        if m.group(2):
            sheet, row = "years", where.years.get(m.group(3))
        elif m.group(4):
            sheet, row = m.group(4), getattr(where, m.group(4))[int(m.group(5))]
        else:
            sheet, row = "subjects", where.row
        if row is None:
            return i, path
        if name is None:
            return i, f"{sheet}!{row}:{row}"
        return i, self.ref(sheet, row, name) if bare else self.cell(sheet, row, name)

    def message(self, path: str, text: str) -> str:
        text = _FIRST_AT.sub(lambda m: f"(first at {self.locate(m.group(1), bare=True)[1]})", text)
        m = _PATH.match(path)
        if m and m.group(4) == "events" and m.group(6) and text.startswith("unknown field"):
            kind = self.types.get((int(m.group(1)), int(m.group(5))), "")
            text = f"not a field of type {kind}: leave the cell empty" if kind else text
        return text

    # -- sheets -----------------------------------------------------------------------------------
    def rows(self, sheet: str) -> Iterator[tuple[int, dict[str, object]]]:
        """The non-empty rows of a sheet as (Excel row number, {column: cell}), after its header."""
        columns = {c.name: c for c in register_columns()[sheet]}
        try:
            data = self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except Exception as exc:  # a sheet calamine cannot read
            self.general.append(f"{sheet}: cannot read the sheet ({exc})")
            return
        if not data:
            return
        header: dict[str, int] = {}
        stray: set[int] = set()
        for col, cell in enumerate(data[0]):
            if _empty(cell):
                stray.add(col)
                continue
            name = _as_text(cell)
            where = f"{sheet}!{column_letter(col)}1"
            if name in header:
                self.general.append(
                    f"{where}: column {json.dumps(name, ensure_ascii=False)} is given twice (first at {column_letter(header[name])}1)"
                )
            elif name in columns:
                header[name] = col
            else:
                close = difflib.get_close_matches(name.strip().lower(), list(columns), n=1, cutoff=0.6)
                hint = f" (did you mean {json.dumps(close[0])}?)" if close else ""
                self.general.append(
                    f"{where}: unknown column {json.dumps(name, ensure_ascii=False)}{hint}; the columns of {sheet} are "
                    + ", ".join(columns)
                )
        self.headers[sheet] = header
        for name in (c.name for c in columns.values() if c.kind == "link" or (sheet == "subjects" and c.name == "id")):
            if name not in header:
                self.general.append(f"{sheet}!1:1: no column {name}: it links the rows to their subject")
                return
        reported_stray: set[int] = set()
        errors = set(self.errors.get(sheet, ()))
        for r, cells in enumerate(data[1:], 2):
            if all(_empty(c) for c in cells):
                if errors:
                    for col in range(len(cells)):
                        ref = f"{column_letter(col)}{r}"
                        if ref in errors:
                            self.general.append(f"{sheet}!{ref}: an error value (#N/A, #REF! ...): enter the value itself")
                continue
            for col in stray:
                if col < len(cells) and not _empty(cells[col]) and col not in reported_stray:
                    reported_stray.add(col)
                    self.general.append(f"{sheet}!{column_letter(col)}{r}: a value in a column without a header")
            values: dict[str, object] = {}
            for name, col in header.items():
                ref = f"{column_letter(col)}{r}"
                if ref in errors:
                    values[name] = _ERROR
                    continue
                cell = cells[col] if col < len(cells) else ""
                if not _empty(cell):
                    values[name] = cell_value(cell, columns[name].kind)
            yield r, values

    def read(self) -> None:
        names = list(self.book.sheet_names)
        for name in names:
            if name not in SHEETS and not name.startswith("_"):
                close = difflib.get_close_matches(name.strip().lower(), SHEETS, n=1, cutoff=0.6)
                hint = f" (did you mean {json.dumps(close[0])}?)" if close else ""
                self.general.append(
                    f"{name}: unknown sheet{hint}; a register has the sheets {', '.join(SHEETS)} "
                    "(a sheet whose name begins with _ is not read)"
                )
        if "subjects" not in names:
            self.general.append("subjects: no sheet subjects: a register lists its subjects there, one a row")
            return
        ids: dict[str, int] = {}
        for r, values in self.rows("subjects"):
            if values.get("id") is _ERROR:
                self.general.append(f"{self.cell('subjects', r, 'id')}: an error value (#N/A, #REF! ...): enter the id itself")
                continue
            ident = values.get("id")
            if isinstance(ident, str) and ident in ids:
                first = self.where[ids[ident]].row
                self.general.append(
                    f"{self.cell('subjects', r, 'id')}: duplicate subject id {json.dumps(ident, ensure_ascii=False)} "
                    f"(first at {self.ref('subjects', first, 'id')})"
                )
                continue
            i = len(self.raw)
            if isinstance(ident, str):
                ids[ident] = i
            self.raw.append(values)
            self.where.append(_Where(r))
        for sheet in SHEETS[1:]:
            if sheet not in names:
                continue
            for r, values in self.rows(sheet):
                link = values.pop(LINK, None)
                if link is None or link is _ERROR:
                    self.general.append(f"{self.cell(sheet, r, LINK)}: required: the id of the row's subject")
                    continue
                if link not in ids:
                    self.general.append(
                        f"{self.cell(sheet, r, LINK)}: names no subject of the sheet subjects: {json.dumps(link, ensure_ascii=False)}"
                    )
                    continue
                self.add(sheet, ids[link], r, values)

    def add(self, sheet: str, i: int, r: int, values: dict[str, object]) -> None:
        subject, where = self.raw[i], self.where[i]
        if sheet == "years":
            year = values.pop("year", None)
            if not (isinstance(year, int) and not isinstance(year, bool) and 1000 <= year <= 9999):
                got = "" if year is None else f" (got {_show(year)})"
                self.problems[i].append(f"{self.cell(sheet, r, 'year')}: expected a 4-digit year{got}")
                return
            key = str(year)
            if key in where.years:
                self.problems[i].append(
                    f"{self.cell(sheet, r, 'year')}: the subject has a row for {key} already (first at {self.ref(sheet, where.years[key], 'year')})"
                )
                return
            subject.setdefault("years", {})[key] = values
            where.years[key] = r
            return
        rows = getattr(where, sheet)
        if sheet == "events" and isinstance(values.get("type"), str):
            self.types[(i, len(rows))] = values["type"]
        subject.setdefault(sheet, []).append(values)
        rows.append(r)

    def validate(self, known: frozenset[str]) -> list[Subject | None]:
        out: list[Subject | None] = []
        for i, raw in enumerate(self.raw):
            errors = [p for p in self._error_fields(i, raw)]
            try:
                subject = subject_from_dict(_without_errors(raw), f"subjects[{i}]", known)
            except InputError as exc:
                subject = None
                for p in exc.problems:
                    if any(p.path == e for e, _ in errors):
                        continue
                    _i, where = self.locate(p.path)
                    self.problems[i].append(f"{where}: {self.message(p.path, p.message)}")
            for path, _ in errors:
                self.problems[i].append(f"{self.locate(path)[1]}: an error value (#N/A, #REF! ...): enter the value itself")
            if i in self.problems:
                subject = None
            out.append(subject)
        return out

    def _error_fields(self, i: int, raw: dict[str, Any]) -> Iterator[tuple[str, None]]:
        base = f"subjects[{i}]"
        for k, v in raw.items():
            if v is _ERROR:
                yield f"{base}.{k}", None
        for key, year in raw.get("years", {}).items():
            for k, v in year.items():
                if v is _ERROR:
                    yield f"{base}.years.{key}.{k}", None
        for sheet in ("events", "past_awards", "other_awards"):
            for j, row in enumerate(raw.get(sheet, [])):
                for k, v in row.items():
                    if v is _ERROR:
                        yield f"{base}.{sheet}[{j}].{k}", None


class _ErrorCell:
    """An error value (#N/A, #DIV/0!, #REF! ...) in a cell; calamine reads it as an empty cell."""

    def __repr__(self) -> str:
        return "#ERROR"


_ERROR = _ErrorCell()


def _without_errors(raw: dict[str, Any]) -> dict[str, Any]:
    """The subject with error cells left out (they are reported as such, not as missing)."""

    def clean(d: dict) -> dict:
        return {k: v for k, v in d.items() if v is not _ERROR}

    out = clean(raw)
    if "years" in raw:
        out["years"] = {k: clean(v) for k, v in raw["years"].items()}
    for sheet in ("events", "past_awards", "other_awards"):
        if sheet in raw:
            out[sheet] = [clean(r) for r in raw[sheet]]
    return out


def _show(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


_SHEET_REL = re.compile(
    rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"|<sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"'
)
_REL = re.compile(
    rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"|<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"'
)
_ERROR_CELL = re.compile(rb'<c\b[^>]*\bt="e"[^>]*>')
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')


def _xml_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def error_cells(data: IO[bytes]) -> dict[str, list[str]]:
    """The cells holding an error value, by sheet name: calamine reads them as empty, so they are
    found in the sheets' XML (``<c r="G2" t="e">``)."""
    found: dict[str, list[str]] = {}
    try:
        with zipfile.ZipFile(data) as z:
            book = z.read("xl/workbook.xml")
            rels = z.read("xl/_rels/workbook.xml.rels")
            targets = {}
            for m in _REL.finditer(rels):
                rid, target = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(4), m.group(3))
                targets[rid.decode()] = target.decode()
            for m in _SHEET_REL.finditer(book):
                name, rid = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(4), m.group(3))
                target = targets.get(rid.decode(), "")
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                try:
                    xml = z.read(part)
                except KeyError:
                    continue
                if b't="e"' not in xml:
                    continue
                refs = [r.group(1).decode() for c in _ERROR_CELL.finditer(xml) if (r := _REF.search(c.group(0)))]
                if refs:
                    found[_xml_unescape(name.decode("utf-8"))] = refs
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return found
    return found


def read_register(source: str | bytes | IO[bytes], known: frozenset[str] | None = None) -> Register:
    """Read a register (a path, the bytes of an xlsx file, or a binary file) and validate each subject.
    Never raises for bad content: every problem is in the Register."""
    from python_calamine import CalamineWorkbook

    if isinstance(source, str):
        with open(source, "rb") as fh:
            data = fh.read()
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        data = source.read()
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:
        return Register([], {}, [f"$: not an Excel workbook (xlsx): {exc}"])
    reader = _Reader(book, error_cells(io.BytesIO(data)))
    reader.read()
    known = frozenset(policy().items) if known is None else known
    subjects = reader.validate(known)
    return Register(subjects, dict(reader.problems), reader.general)


# ----------------------------------------------------------------------------------------------------
# Writing a register (convert, template)
# ----------------------------------------------------------------------------------------------------


def _digits(d: Decimal) -> int:
    """Significant digits: at most 15 are exact in a double and shown exactly by Excel."""
    return len(d.normalize().as_tuple().digits)


def _formats(book) -> dict[str, Any]:
    return {
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "money": book.add_format({"num_format": MONEY_FORMAT}),
        "date": book.add_format({"num_format": DATE_FORMAT}),
        "text": book.add_format({"num_format": "@"}),
        "share": book.add_format({"num_format": "0.00##########"}),
    }


_HINTS = {
    "money": "yuan: a number with at most 2 decimals, 0 to 10^13",
    "date": "a date, YYYY-MM-DD",
    "bool": "TRUE or FALSE (empty: the default)",
    "int": "a whole number",
    "share": "a number from 0 to 1 (30% = 0.3)",
    "link": "the id of the subject (sheet subjects) this row belongs to",
}


class _RegisterWriter:
    def __init__(self, target: str | IO[bytes]):
        import xlsxwriter

        self.book = xlsxwriter.Workbook(target, {"constant_memory": True, **WORKBOOK_OPTIONS})
        self.fmt = _formats(self.book)
        self.columns = register_columns()
        self.sheets = {name: self.book.add_worksheet(name) for name in SHEETS}
        self.next_row = dict.fromkeys(SHEETS, 1)
        self.lists = self._lists()
        for name, sheet in self.sheets.items():
            self._layout(name, sheet)

    def _lists(self) -> dict[tuple[str, ...], str]:
        """The allowed values, one column each, on a hidden sheet (a list longer than 255 characters
        cannot be given inline)."""
        sheet = self.book.add_worksheet(LISTS)
        ranges: dict[tuple[str, ...], str] = {}
        lists: list[tuple[str, ...]] = []
        for columns in self.columns.values():
            for c in columns:
                if c.kind == "enum" and c.values not in ranges:
                    letter = column_letter(len(lists))
                    ranges[c.values] = f"='{LISTS}'!${letter}$2:${letter}${len(c.values) + 1}"
                    lists.append((c.name, *c.values))
        # constant memory: a row is final once the next one is begun, so the lists go row by row
        for r in range(max(len(v) for v in lists)):
            for col, values in enumerate(lists):
                if r < len(values):
                    sheet.write_string(r, col, values[r], self.fmt["header"] if r == 0 else None)
        sheet.hide()
        return ranges

    def _layout(self, name: str, sheet) -> None:
        for col, c in enumerate(self.columns[name]):
            sheet.write_string(0, col, c.name, self.fmt["header"])
            width = max(len(c.name) + 2, 12 if c.kind in ("money", "date", "enum") else 10)
            fmt = self.fmt.get({"money": "money", "date": "date", "share": "share"}.get(c.kind, "text"))
            if c.kind in ("bool", "int"):
                fmt = None
            sheet.set_column(col, col, width, fmt)
            options = self._validation(c)
            if options:
                sheet.data_validation(1, col, EXCEL_MAX_ROW - 1, col, options)
        sheet.freeze_panes(1, 0)

    def _validation(self, c: Column) -> dict | None:
        hint = {"input_title": c.name, "input_message": _HINTS.get(c.kind, "")[:255]} if c.kind in _HINTS else {}
        if c.kind == "enum":
            return {
                "validate": "list",
                "source": self.lists[c.values],
                "error_title": c.name,
                "error_message": f"one of the values listed for {c.name}"[:255],
            }
        if c.kind == "bool":
            return {"validate": "list", "source": ["TRUE", "FALSE"], **hint}
        if c.kind == "money":
            return {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 10**13, **hint}
        if c.kind == "share":
            return {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1, **hint}
        if c.kind == "int":
            return {"validate": "integer", "criteria": "between", "minimum": -(10**9), "maximum": 10**9, **hint}
        if c.kind == "date":
            return {
                "validate": "date",
                "criteria": "between",
                "minimum": datetime.date(1900, 1, 1),
                "maximum": datetime.date(9999, 12, 31),
                **hint,
            }
        if c.kind == "link":
            return {"validate": "list", "source": f"=subjects!$A$2:$A${EXCEL_MAX_ROW}", **hint}
        return None

    def write(self, sheet: str, values: dict[str, object]) -> None:
        row = self.next_row[sheet]
        if row >= EXCEL_MAX_ROW:
            raise SheetError(f"{sheet}: more than {EXCEL_MAX_ROW - 1} rows do not fit in a sheet")
        ws = self.sheets[sheet]
        for col, c in enumerate(self.columns[sheet]):
            if c.name not in values:
                continue
            self._cell(ws, row, col, c, values[c.name], sheet)
        self.next_row[sheet] = row + 1

    def _cell(self, ws, row: int, col: int, c: Column, value: object, sheet: str) -> None:
        if value is None:
            return
        if isinstance(value, bool):
            ws.write_boolean(row, col, value)
        elif isinstance(value, datetime.date):
            ws.write_datetime(row, col, value, self.fmt["date"])
        elif isinstance(value, (int, Decimal)):
            number = Decimal(value)
            if _digits(number) <= 15:
                ws.write_number(row, col, number, self.fmt.get(c.kind))
            else:  # more digits than a double holds: the text keeps them (read back exactly)
                ws.write_string(row, col, format(number, "f"))
        else:
            text = str(value)
            if len(text) > EXCEL_MAX_TEXT:
                raise SheetError(
                    f"{sheet}!{column_letter(col)}{row + 1} ({c.name}): {len(text)} characters do not fit in an "
                    f"Excel cell ({EXCEL_MAX_TEXT} at most)"
                )
            ws.write_string(row, col, text, self.fmt["text"])

    def subject(self, s: Subject) -> None:
        self.write("subjects", {"id": s.id, "name": s.name, "kind": s.kind, "registered_in_jinjiang": s.registered_in_jinjiang})
        for y in s.years:
            self.write("years", {LINK: s.id, "year": y.year, **y.fields})
        for e in s.events:
            self.write(
                "events",
                {
                    LINK: s.id,
                    "id": e.id,
                    "type": e.type,
                    "date": e.date,
                    "renewal": True if e.renewal else None,
                    "project": e.project,
                    **e.fields,
                },
            )
        for p in s.past_awards:
            self.write("past_awards", {LINK: s.id, "item": p.item, "year": p.year, "project": p.project})
        for o in s.other_awards:
            self.write("other_awards", {LINK: s.id, "event": o.event, "policy": o.policy, "amount": o.amount})

    def close(self) -> None:
        for name, ws in self.sheets.items():
            ws.autofilter(0, 0, max(self.next_row[name] - 1, 1), len(self.columns[name]) - 1)
        self.book.close()


def write_register(subjects: Iterable[Subject], target: str | IO[bytes]) -> int:
    """Write the subjects as a register (no subjects: the empty template); return how many."""
    writer = _RegisterWriter(target)
    n = 0
    try:
        for s in subjects:
            writer.subject(s)
            n += 1
    finally:
        writer.close()
    return n


# ----------------------------------------------------------------------------------------------------
# Results as rows (csv, xlsx)
# ----------------------------------------------------------------------------------------------------

RESULT_COLUMNS = ("subject", "name", "item", "measure", "year", "basis", "status", "amount", "codes", "detail")


def result_rows(s: SubjectResult, w: Words | None = None) -> Iterator[tuple]:
    """One row per award, support, denial and other-policy entry of a subject, in that order; the
    sentences in the language of `w` (English by default)."""
    w = w or words("en")
    items = policy().items
    name = s.name or ""
    for a in s.awards:
        yield (
            s.id,
            name,
            a.item,
            a.measure,
            a.year,
            ",".join(a.basis),
            "granted",
            a.amount,
            "",
            "; ".join(w(b) for b in a.because),
        )
    for sp in s.support:
        yield (s.id, name, sp.item, items[sp.item].measure, sp.year, ",".join(sp.basis), "support", None, "", "")
    for d in s.denied:
        yield (
            s.id,
            name,
            d.item,
            items[d.item].measure,
            d.year,
            ",".join(d.basis),
            "denied",
            None,
            ",".join(d.codes),
            "; ".join(w(r.detail) for r in d.reasons),
        )
    for o in s.other_policy:
        yield (s.id, name, "", "", o.year, o.event, "other_policy", o.amount, "taken" if o.taken else "not_taken", o.policy)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: object) -> str:
    """A CSV field: exact amounts; a text that a spreadsheet would run as a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_yuan(value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


class CsvWriter:
    """Results as CSV rows (RFC 4180 quoting, LF line ends), the header first."""

    def __init__(self, out: IO[str], w: Words | None = None):
        self.out, self.w = out, w
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow(RESULT_COLUMNS)

    def add(self, s: SubjectResult) -> None:
        self.add_rows(self.rows(s))

    def rows(self, s: SubjectResult) -> list[list]:
        """A result's rows, each value as its cell's text (or number)."""
        return [[_csv_text(v) for v in row] for row in result_rows(s, self.w)]

    def add_rows(self, rows: list[list]) -> None:
        self.writer.writerows(rows)

    def close(self) -> None:
        self.out.flush()


class XlsxResultWriter:
    """Results as a workbook: sheets awards (granted), support, denied, other_policy, summary (totals
    by measure and year) and warnings; amounts are numbers formatted #,##0.00, the header row frozen.
    Rows are written as they come (constant memory); the summary is written at the end."""

    SHEETS = {"granted": "awards", "support": "support", "denied": "denied", "other_policy": "other_policy"}
    WIDTHS = (10, 28, 34, 8, 6, 12, 12, 16, 28, 80)

    def __init__(self, target: str | IO[bytes], w: Words | None = None):
        import xlsxwriter

        self.w = w or words("en")
        self.book = xlsxwriter.Workbook(target, {"constant_memory": True, **WORKBOOK_OPTIONS})
        self.fmt = _formats(self.book)
        self.sheets = {}
        for sheet in list(self.SHEETS.values()):
            ws = self.book.add_worksheet(sheet)
            for col, (name, width) in enumerate(zip(RESULT_COLUMNS, self.WIDTHS)):
                ws.write_string(0, col, name, self.fmt["header"])
                ws.set_column(col, col, width, self.fmt["money"] if name == "amount" else None)
            ws.freeze_panes(1, 0)
            self.sheets[sheet] = [ws, 1]
        self.summary = self.book.add_worksheet("summary")
        self.warnings = self.book.add_worksheet("warnings")
        self.warnings.write_row(0, 0, ("subject", "name", "warning"), self.fmt["header"])
        self.warnings.set_column(0, 0, 10)
        self.warnings.set_column(1, 1, 28)
        self.warnings.set_column(2, 2, 120)
        self.warnings.freeze_panes(1, 0)
        self.warning_row = 1
        self.totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        self.counts: dict[tuple[str, int], int] = defaultdict(int)
        self.subjects = 0

    def _amount(self, ws, row: int, col: int, amount: Decimal) -> None:
        amount = fen_to_yuan(to_fen(amount))  # canonical: the file holds its digits, not an exponent
        if _digits(amount) <= 15:
            ws.write_number(row, col, amount, self.fmt["money"])
        else:  # beyond what Excel shows exactly: the digits as text
            ws.write_string(row, col, format_yuan(amount))

    def add(self, s: SubjectResult) -> None:
        self.subjects += 1
        for row in result_rows(s, self.w):
            sheet = self.SHEETS[row[6]]
            entry = self.sheets[sheet]
            ws, r = entry
            if r >= EXCEL_MAX_ROW:
                raise SheetError(f"{sheet}: more than {EXCEL_MAX_ROW - 1} rows do not fit in a sheet")
            for col, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, Decimal):
                    self._amount(ws, r, col, value)
                elif isinstance(value, int):
                    ws.write_number(r, col, value)
                else:
                    ws.write_string(r, col, str(value)[:EXCEL_MAX_TEXT])
            entry[1] = r + 1
            if row[6] == "granted":
                self.totals[(row[3], row[4])] += row[7]
                self.counts[(row[3], row[4])] += 1
        for w in s.warnings:
            self.warnings.write_string(self.warning_row, 0, s.id)
            self.warnings.write_string(self.warning_row, 1, s.name or "")
            self.warnings.write_string(self.warning_row, 2, self.w(w)[:EXCEL_MAX_TEXT])
            self.warning_row += 1

    def _write_summary(self) -> None:
        p = policy()
        ws, fmt = self.summary, self.fmt
        years = sorted(set(p.window_years) | {y for _m, y in self.totals})
        header = ["measure", "section", "title", "awards", *(str(y) for y in years), "total"]
        ws.write_row(0, 0, header, fmt["header"])
        ws.set_column(0, 0, 9)
        ws.set_column(1, 1, 22)
        ws.set_column(2, 2, 26)
        ws.set_column(3, 3, 8)
        ws.set_column(4, 4 + len(years), 16, fmt["money"])
        ws.freeze_panes(1, 0)
        by_year: dict[int, Decimal] = defaultdict(Decimal)
        r = 1
        for m in p.measures:
            section, title = p.headings.get(m, ("", ""))
            ws.write_string(r, 0, m)
            ws.write_string(r, 1, section)
            ws.write_string(r, 2, title)
            ws.write_number(r, 3, sum(self.counts[(m, y)] for y in years))
            total = Decimal(0)
            for c, y in enumerate(years, 4):
                amount = self.totals.get((m, y), Decimal(0))
                self._amount(ws, r, c, amount)
                total += amount
                by_year[y] += amount
            self._amount(ws, r, 4 + len(years), total)
            r += 1
        ws.write_string(r, 0, "total", fmt["header"])
        ws.write_number(r, 3, sum(self.counts.values()))
        for c, y in enumerate(years, 4):
            self._amount(ws, r, c, by_year[y])
        self._amount(ws, r, 4 + len(years), sum(by_year.values(), Decimal(0)))
        ws.write_string(r + 2, 0, "subjects")
        ws.write_number(r + 2, 3, self.subjects)

    def close(self) -> None:
        for ws, rows in self.sheets.values():
            ws.autofilter(0, 0, max(rows - 1, 1), len(RESULT_COLUMNS) - 1)
        self._write_summary()
        self.book.close()
