"""Results for machines (JSON, exact decimals, byte-stable) and for people (rich tables)."""

from __future__ import annotations

import json
from decimal import Decimal

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .describe import money
from .figures import policy
from .money import format_yuan
from .result import Result


class _NotFloatSafe(Exception):
    """A decimal whose shortest float repr is not its own digits."""


def _plain(value):
    """The value with Decimals as ints, or as floats whose repr is exactly the decimal's digits."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        f = float(value)
        if Decimal(repr(f)) != value:
            raise _NotFloatSafe
        return f
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


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
        return json.dumps(_plain(value), ensure_ascii=False)
    except _NotFloatSafe:
        out: list[str] = []
        _encode(value, out)
        return "".join(out)


def print_table(result: Result, console: Console) -> None:
    for s in result.subjects:
        # Text from the facts is escaped: a "[/]" in a name is rich markup and raised MarkupError.
        title = escape(f"{s.id}  {s.name or ''}".rstrip())
        table = Table(title=title, title_justify="left", show_lines=False, expand=False)
        table.add_column("item", no_wrap=True)
        table.add_column("year", justify="right")
        table.add_column("basis")
        table.add_column("amount (元)", justify="right")
        table.add_column("grounds / reasons", overflow="fold", max_width=80)
        for a in s.awards:
            percent = policy().items[a.item].mode == "percent"
            ground = escape(a.because[-1]) if percent else f"fixed amount, measure {a.measure}"
            table.add_row(a.item, str(a.year), escape(", ".join(a.basis)), money(a.amount), ground)
        for sp in s.support:
            table.add_row(f"[cyan]{sp.item}[/]", str(sp.year), escape(", ".join(sp.basis)), "[cyan]support[/]", "")
        for d in s.denied:
            reasons = escape("; ".join(f"{r.code}: {r.detail}" for r in d.reasons))
            table.add_row(f"[dim]{d.item}[/]", str(d.year), escape(", ".join(d.basis)), "[red]denied[/]", f"[dim]{reasons}[/]")
        for o in s.other_policy:
            kept = "taken" if o.taken else "not taken"
            table.add_row("[magenta]other policy[/]", str(o.year), escape(o.event), money(o.amount), escape(f"{o.policy}: {kept}"))
        console.print(table)
        console.print(f"  [bold]total {escape(s.id)}: {money(s.total)} 元[/]")
        for w in s.warnings:
            console.print(f"  [yellow]warning:[/] {escape(w)}")
        console.print()
    year = f" ({result.year})" if result.year else ""
    console.print(f"[bold]Portfolio total{year}: {money(result.total)} 元 over {len(result.subjects)} subjects[/]")
