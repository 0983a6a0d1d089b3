"""Results for machines (JSON, exact decimals, byte-stable) and for people (rich tables)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING

from .figures import policy
from .money import format_yuan
from .result import Result
from .words import Words, words

if TYPE_CHECKING:  # rich is imported by the functions that draw: JSON output does not pay for it
    from rich.console import Console


class _NotFloatSafe(Exception):
    """A decimal whose shortest float repr is not its own digits."""


def _number(value):
    """A Decimal as an int, or as a float whose repr is exactly the decimal's digits (json's `default`:
    the encoder, in C, asks for the Decimals alone)."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{type(value).__name__} is not JSON")
    if value == value.to_integral_value():
        return int(value)
    f = float(value)
    if Decimal(repr(f)) != value:
        raise _NotFloatSafe
    return f


def _encode(value, out: list[str]) -> None:
    if isinstance(value, Decimal):
        out.append(format_yuan(value))
    elif isinstance(value, dict):
        out.append("{")
        for i, (k, v) in enumerate(value.items()):
            if i:
                out.append(", ")
            out.append(json.dumps(k, ensure_ascii=False))
            out.append(": ")
            _encode(v, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, v in enumerate(value):
            if i:
                out.append(", ")
            _encode(v, out)
        out.append("]")
    else:
        out.append(json.dumps(value, ensure_ascii=False))


def to_json(value) -> str:
    """JSON text where every Decimal is written as an exact number (never through a lossy float)."""
    try:
        return json.dumps(value, ensure_ascii=False, default=_number)
    except _NotFloatSafe:
        out: list[str] = []
        _encode(value, out)
        return "".join(out)


def print_table(result: Result, console: Console, lang: str | Words | None = "en", summary: bool = False) -> None:
    """Each subject's awards, support, denials and other policies' payments, then the totals by measure
    and by year; `summary`: the totals only."""
    w = lang if isinstance(lang, Words) else words(lang)
    if not summary:
        _subjects(result, console, w)
    _totals(result, console, w)


def _subjects(result: Result, console: Console, w: Words) -> None:
    from rich.markup import escape
    from rich.table import Table

    for s in result.subjects:
        # Text from the facts is escaped: a "[/]" in a name is rich markup and raised MarkupError.
        title = escape(f"{s.id}  {s.name or ''}".rstrip())
        table = Table(title=title, title_justify="left", show_lines=False, expand=False)
        table.add_column(escape(w("col.item")), no_wrap=True)
        table.add_column(escape(w("col.year")), justify="right")
        table.add_column(escape(w("col.basis")))
        table.add_column(escape(w("col.amount")), justify="right")
        table.add_column(escape(w("col.grounds")), overflow="fold", max_width=80)
        for a in s.awards:
            percent = policy().items[a.item].mode == "percent"
            ground = w(a.because[-1]) if percent else w("table.fixed", measure=a.measure)
            table.add_row(a.item, str(a.year), escape(w.field(a.basis, "*")), w.field(a.amount, "money"), escape(ground))
        for sp in s.support:
            support = escape(w("table.support"))
            table.add_row(f"[cyan]{sp.item}[/]", str(sp.year), escape(w.field(sp.basis, "*")), f"[cyan]{support}[/]", "")
        for d in s.denied:
            reasons = escape(w("sep.semi").join(w("table.reason", code=r.code, detail=w(r.detail)) for r in d.reasons))
            denied = escape(w("table.denied"))
            table.add_row(
                f"[dim]{d.item}[/]", str(d.year), escape(w.field(d.basis, "*")), f"[red]{denied}[/]", f"[dim]{reasons}[/]"
            )
        for o in s.other_policy:
            taken = w("table.taken") if o.taken else w("table.not_taken")
            # Not this policy's money: its amount is in the text, never in the amount column (whose sum is
            # the subject's total).
            table.add_row(
                f"[magenta]{escape(w('table.other_policy'))}[/]",
                str(o.year),
                escape(o.event),
                "",
                escape(w("table.other", policy=o.policy, amount=o.amount, taken=taken)),
            )
        console.print(table)
        console.print(f"  [bold]{escape(w('table.total', id=s.id, amount=s.total))}[/]")
        for x in s.warnings:
            console.print(f"  [yellow]{escape(w('table.warning'))}[/] {escape(w(x))}")
        console.print()


def _totals(result: Result, console: Console, w: Words) -> None:
    from rich.markup import escape
    from rich.table import Table

    year = w("table.year", year=result.year) if result.year else ""
    awards = sum(len(s.awards) for s in result.subjects)
    measures = Table(title=escape(w("table.by_measure", year=year)), title_justify="left")
    for col, right in (("col.measure", False), ("col.awards", True), ("col.amount", True)):
        measures.add_column(escape(w(col)), justify="right" if right else "left")
    for m, n, amount in result.by_measure():
        measures.add_row(escape(w.field(m, "measure")), str(n), w.field(amount, "money"))
    measures.add_row(f"[bold]{escape(w('table.all'))}[/]", f"[bold]{awards}[/]", f"[bold]{w.field(result.total, 'money')}[/]")
    console.print(measures)
    years = Table(title=escape(w("table.by_year")), title_justify="left")
    for col in ("col.year", "col.awards", "col.amount"):
        years.add_column(escape(w(col)), justify="right")
    for y, n, amount in result.by_year():
        years.add_row(str(y), str(n), w.field(amount, "money"))
    years.add_row(f"[bold]{escape(w('table.all'))}[/]", f"[bold]{awards}[/]", f"[bold]{w.field(result.total, 'money')}[/]")
    console.print(years)
    console.print()
    many = "table.portfolio.1" if len(result.subjects) == 1 else "table.portfolio.n"
    console.print(f"[bold]{escape(w(many, year=year, amount=result.total, count=len(result.subjects)))}[/]")
