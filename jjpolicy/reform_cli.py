"""The command line's side of reforms and what-ifs: the --param option, the reform named in every output
it changes, a subject's changes as lines of text, a portfolio's reform as tables, the parameters listed
by `jjpolicy measures`. cli.py keeps to wiring; this module holds the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .describe import money
from .figures import Policy, policy
from .model import InputError, load_facts
from .parameters import Change, parse_pairs
from .parameters import params as all_params
from .parameters import reform as reform_policy
from .portfolio import PortfolioWhatIf, reform_facts
from .whatif import AwardChange, WhatIf, json_text
from .words import Words

if TYPE_CHECKING:  # rich is imported by the functions that draw
    from rich.console import Console

PARAM = click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Reform a figure of the policy for this run: 2.1/equipment_update.rate=6%, 2.1/b/equipment_purchase=1500000, "
    "4.3/sme_digital.cap.level4=120000, 1.2/share=0.4 (names: jjpolicy measures --format json, params).",
)


def _bad(exc: InputError, bad_input) -> Exception:
    return bad_input("\n".join(str(p) for p in exc.problems))


def param_pairs(texts) -> list[tuple[str, str]]:
    return parse_pairs(texts, "--param")


def set_pairs(texts) -> list[tuple[str, str]]:
    return parse_pairs(texts, "--set")


def reform(texts, bad_input) -> tuple[Policy | None, list[Change]]:
    """The reformed policy of --param NAME=VALUE (None: no reform) and its changes; exit 2 on a problem."""
    if not texts:
        return None, []
    try:
        reformed, done = reform_policy(policy(), param_pairs(texts))
    except InputError as exc:
        raise _bad(exc, bad_input) from None
    return reformed, done


def with_reform(d: dict, done: list[Change]) -> dict:
    """A JSON output with "reform" after "policy" (only when there is one: the default output is unchanged)."""
    if not done:
        return d
    out = {}
    for k, v in d.items():
        out[k] = v
        if k == "policy":
            out["reform"] = [c.to_dict() for c in done]
    if "reform" not in out:
        out["reform"] = [c.to_dict() for c in done]
    return out


def echo_reform(done: list[Change]) -> None:
    for c in done:
        click.echo(f"reform: {c.words()}")


def text_head(done: list[Change]) -> str:
    return "".join(f"reform: {c.words()}\n" for c in done)


def md_head(done: list[Change]) -> str:
    from .audit import md_text  # with audit, which `evaluate` does not need

    return "".join(f"> **Reform:** {md_text(c.words())}\n\n" for c in done)


def title_tail(done: list[Change]) -> str:
    return f" under a reform: {'; '.join(c.words() for c in done)}" if done else ""


def _test(p: Policy, x) -> str:
    """How a threshold holds a fact against its figure (threshold_test/2); a share (ratio) is always 以上:
    50%及以上 (aspfacts.py writes ratio_reaches when numerator >= share x denominator)."""
    return p.thresholds[x.target[1]].test if x.target[0] == "threshold" else "reaches"


def item_params(p: Policy, item: str) -> list[dict]:
    """The parameters that speak to an item: its own figures, then the thresholds and ratios it is held to
    (a threshold with its test: reaches for 以上, exceeds for 超過)."""
    out = []
    for x in all_params(p).values():
        if item in x.items:
            row = {"name": x.name, "kind": x.kind, "value": x.json_value(x.value(p)), "measure": x.measure}
            if x.target[0] in ("threshold", "ratio"):
                row["test"] = _test(p, x)
            out.append(row)
    return out


def print_params(p: Policy, console: Console, w: Words) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(w("params.title")), title_justify="left")
    for key in ("params.name", "params.kind", "params.value", "params.test", "col.measure"):
        table.add_column(escape(w(key)), no_wrap=key == "params.name")
    for x in all_params(p).values():
        test = w(f"params.test.{_test(p, x)}") if x.target[0] in ("threshold", "ratio") else ""
        table.add_row(x.name, x.kind, x.show(x.value(p)), test, x.measure)
    console.print(table)


def portfolio(file, sets, add_events, drop_events, params, top: int, fmt: str, bad_input, console, readings=None) -> None:
    """`jjpolicy whatif FILE --param ...` without --subject."""
    if sets or add_events or drop_events:
        raise bad_input("--set, --add-event and --drop-event change one subject: give --subject")
    if not params and not readings:
        raise bad_input(
            "whatif: give --subject ID with changes, or --param NAME=VALUE / --reading ID=VALUE for the whole portfolio"
        )
    reform(params, bad_input)  # the parameters' problems first
    try:
        facts = load_facts(file.read(), frozenset(policy().items))
    except OSError as exc:
        raise bad_input(f"{getattr(file, 'name', '-')}: cannot read: {exc}") from None
    except InputError as exc:
        raise _bad(exc, bad_input) from None
    w = reform_facts(facts, param_pairs(params), readings=readings)
    if fmt == "json":
        from .render import to_json

        click.echo(to_json(w.to_dict()))
    else:
        print_portfolio(w, console(), top)


def _amount(v) -> str:
    return money(v) if v is not None else "-"


def _signed(v) -> str:
    return f"+{money(v)}" if v > 0 else money(v)


def change_lines(c: AwardChange, indent: str = "  ") -> list[str]:
    """`item year basis: before -> after`, and for an award lost the denial that replaced it."""
    if c.basis_before and c.basis_after and c.basis_before != c.basis_after:
        basis = f"{','.join(c.basis_before)} -> {','.join(c.basis_after)}"
    else:
        basis = ",".join(c.basis)
    lines = [f"{indent}{c.item} {c.year} {basis}: {_amount(c.before)} -> {_amount(c.after)}"]
    if c.after is None:
        if c.gone:
            lines.append(f"{indent}  events[{','.join(c.gone)}] dropped")
        elif not c.denials:
            lines.append(f"{indent}  no longer a candidate: no fact of the subject speaks to {c.item} in {c.year} any more")
        for d in c.denials:
            for r in d.reasons:
                lines.append(f"{indent}  denied {d.item} {d.year} {','.join(d.basis) or '-'}: {r.code}: {str(r.detail)}")
    return lines


def subject_text(subject_id: str, w: WhatIf) -> str:
    lines = [f"{subject_id}: {money(w.before.total)} 元 -> {money(w.after.total)} 元 (delta {money(w.delta)} 元)"]
    for c in w.reform:
        lines.append(f"  reform {c.words()}")
    for event_id in w.dropped:
        lines.append(f"  drop event {event_id}")
    for event_id in w.added:
        lines.append(f"  add event {event_id}")
    for path, value in w.changes:
        lines.append(f"  set {path} = {json_text(value)}")
    for note in w.notes:
        lines.append(f"  note: {note}")
    for c in w.moved:
        lines += change_lines(c)
    for text in w.after.warnings:
        if text not in w.before.warnings:
            lines.append(f"  warning (new): {text}")
    for text in w.before.warnings:
        if text not in w.after.warnings:
            lines.append(f"  warning (gone): {text}")
    return "\n".join(lines)


def print_portfolio(w: PortfolioWhatIf, console: Console, top: int = 10) -> None:
    from rich.markup import escape
    from rich.table import Table

    if w.reform:
        console.print("[bold]Reform[/]")
    for c in w.reform:
        console.print(f"  {escape(c.words())}")
    if w.readings:
        console.print("[bold]Readings switched[/] " + ", ".join(f"{k}={v}" for k, v in sorted(w.readings.items())))
    n = len(w.before.subjects)
    console.print(
        f"[bold]Total: {money(w.before.total)} 元 -> {money(w.after.total)} 元 (delta {_signed(w.delta)} 元)[/]; "
        f"{w.gainers} of {n} subjects gain, {w.losers} lose ({w.reevaluated} evaluated again)"
    )
    for title, rows, head in (("By measure", w.by_measure, "measure"), ("By year", w.by_year, "year")):
        table = Table(title=title, title_justify="left")
        table.add_column(head)
        for col in ("before (元)", "after (元)", "delta (元)"):
            table.add_column(col, justify="right")
        for r in rows:
            style = "" if r.delta == 0 else ("green" if r.delta > 0 else "red")
            delta = f"[{style}]{_signed(r.delta)}[/]" if style else money(r.delta)
            table.add_row(str(r.key), money(r.before), money(r.after), delta)
        console.print(table)
    largest = w.largest(top)
    if not largest:
        console.print("No subject's awards change.")
        return
    table = Table(title=f"Largest changes (top {top} of {len(w.subjects)} subjects that change)", title_justify="left")
    table.add_column("subject", no_wrap=True)
    for col in ("before (元)", "after (元)", "delta (元)"):
        table.add_column(col, justify="right")
    table.add_column("items that moved", overflow="fold", max_width=90)
    for s in largest:
        moved = "\n".join(escape(line.strip()) for c in s.moved for line in change_lines(c, "")[:1])
        table.add_row(escape(s.id), money(s.before.total), money(s.after.total), _signed(s.delta), moved)
    console.print(table)
