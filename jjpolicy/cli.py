"""The `jjpolicy` command: a thin layer over the library. Library errors become messages and exit codes."""

from __future__ import annotations

import json
import sys
from decimal import Decimal

import click
from rich.console import Console

from . import evaluate_facts, load_facts
from .audit import explanation_md, explanation_text, report_html, report_md
from .describe import money
from .explain import ExplainError
from .explain import explain as explain_subject
from .figures import policy
from .model import Facts, InputError, decode_json, facts_schema
from .program import EncodingError
from .qualify import qualify as run_qualify
from .readings import parse as parse_readings
from .render import print_table, to_json
from .solve import SolveError, TimeLimit
from .whatif import whatif as run_whatif


# Exit codes (docs/contract.md): 0 evaluated, 2 unusable input, 4 a subject not decided within the
# time limit, 5 the encodings are broken.
EXIT_TIME_LIMIT = 4
EXIT_ENCODINGS = 5


def _console() -> Console:
    """The terminal's width, or a wide page when the output goes to a file or a pipe."""
    console = Console()
    return console if console.is_terminal else Console(width=160)


class BadInput(click.ClickException):
    """Unusable input: every problem on stderr with its JSON path, nothing on stdout, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


def read_facts(source) -> Facts:
    name = getattr(source, "name", "-")
    try:
        raw = source.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{name}: cannot read: {exc}") from None
    try:
        return load_facts(raw, frozenset(policy().items))
    except InputError as exc:
        raise BadInput("\n".join(str(p) for p in exc.problems)) from None


def _window_year(ctx, param, value: int | None) -> int | None:
    years = policy().window_years
    if value is not None and value not in years:
        raise click.BadParameter(f"{value} is not a year of the policy's window ({years[0]}..{years[-1]})")
    return value


def _readings(ctx, param, value: tuple[str, ...]) -> dict[str, str]:
    try:
        return parse_readings(value)
    except InputError as exc:
        raise BadInput("\n".join(str(p) for p in exc.problems)) from None


READING = click.option(
    "--reading",
    "readings",
    multiple=True,
    metavar="ID=VALUE",
    callback=_readings,
    help="Switch a reading of docs/ambiguities.md, e.g. A2=top_up (repeatable; `jjpolicy readings` lists them).",
)

YEAR = click.option(
    "--year",
    type=int,
    callback=_window_year,
    help="Keep only the results of this year (stacking is decided over the whole window).",
)


class Engine(click.Group):
    """Errors of the engine itself, not of the input, as messages with their own exit codes."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TimeLimit as exc:
            click.echo(f"jjpolicy: {exc}", err=True)
            ctx.exit(EXIT_TIME_LIMIT)
        except (EncodingError, SolveError) as exc:
            click.echo(f"jjpolicy: the encodings are broken (a defect of jjpolicy, not of the input):\n{exc}", err=True)
            ctx.exit(EXIT_ENCODINGS)


@click.group(cls=Engine)
@click.version_option(package_name="jjpolicy")
def main() -> None:
    """jjpolicy: 晉政規〔2025〕5號 as rules.

    Evaluates enterprises' facts (JSON, jjpolicy.facts/1) against every measure of Jinjiang's key
    industrial chain policy and explains each award and denial.
    """


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@YEAR
@READING
def evaluate(file, fmt: str, year: int | None, readings: dict[str, str]) -> None:
    """Evaluate FILE (or - for stdin): awards, support, denials with reasons, totals.

    \b
    Example:
        jjpolicy evaluate facts/portfolio.json

        jjpolicy evaluate facts/portfolio.json --format json --year 2025
    """
    result = evaluate_facts(read_facts(file), year, readings)
    if fmt == "json":
        click.echo(to_json(result.to_dict()))
    else:
        print_table(result, _console())


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--subject", "subject_id", required=True, help="The subject's id.")
@click.option("--item", help="Only this item (explained even when no fact speaks to it).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@YEAR
@READING
def explain(file, subject_id: str, item: str | None, fmt: str, year: int | None, readings: dict[str, str]) -> None:
    """Explain every grant and denial of one subject: conditions, facts, figures, clause, arithmetic.

    \b
    Example:
        jjpolicy explain facts/portfolio.json --subject E01 --item 2.1/equipment_update

        jjpolicy explain facts/portfolio.json --subject E03 --format json
    """
    facts = read_facts(file)
    try:
        x = explain_subject(facts, subject_id, item, year, readings)
    except ExplainError as exc:
        raise BadInput(str(exc)) from None
    if fmt == "json":
        click.echo(to_json(x.to_dict()))
    elif fmt == "md":
        click.echo(explanation_md(x))
    else:
        click.echo(explanation_text(x))


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True), help="Where to write the report.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="html", show_default=True)
@YEAR
@READING
def report(file, out: str, fmt: str, year: int | None, readings: dict[str, str]) -> None:
    """Write an audit report of a portfolio: totals by measure, then each subject's awards with their
    justification and its denials with reasons. HTML is one self-contained, printable file.

    \b
    Example:
        jjpolicy report facts/portfolio.json --out report.html
    """
    facts = read_facts(file)
    result = evaluate_facts(facts, year, readings)
    title = getattr(file, "name", "-")
    text = report_html(result, title) if fmt == "html" else report_md(result, title)
    try:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise click.ClickException(f"--out: cannot write {out}: {exc.strerror}") from None
    click.echo(f"wrote {out}: {len(result.subjects)} subjects, total {money(result.total)} 元", err=True)


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--subject", "subject_id", required=True, help="The subject's id.")
@click.option("--set", "sets", multiple=True, required=True, metavar="PATH=VALUE",
              help="A change within the subject: years.2025.industrial_output=600000000, events.P1.equipment_purchase=6000000, kind=enterprise.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def whatif(file, subject_id: str, sets: tuple[str, ...], fmt: str) -> None:
    """What if a subject's facts were different: its result before and after, and the difference.

    \b
    Example:
        jjpolicy whatif facts/portfolio.json --subject E02 --set events.P1.equipment_purchase=6000000

        jjpolicy whatif facts/small.json --subject E001 --set years.2024.industrial_output=500000000 --format json
    """
    changes = []
    for n, item in enumerate(sets):
        path, sep, value = item.partition("=")
        if not sep or not path:
            raise BadInput(f"--set[{n}]: expected PATH=VALUE (got {item!r})")
        changes.append((path.strip(), value))
    try:
        raw = file.read()
        w = run_whatif(decode_json(raw), subject_id, changes)
    except InputError as exc:
        raise BadInput("\n".join(str(p) for p in exc.problems)) from None
    if fmt == "json":
        click.echo(to_json(w.to_dict()))
        return
    click.echo(f"{subject_id}: {money(w.before.total)} 元 -> {money(w.after.total)} 元 (delta {money(w.delta)} 元)")
    for path, value in w.changes:
        click.echo(f"  set {path} = {value}")
    before = {(a.item, a.year, a.basis): a.amount for a in w.before.awards}
    after = {(a.item, a.year, a.basis): a.amount for a in w.after.awards}
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        if a != b:
            item, year, basis = key
            shown = lambda v: money(v) if v is not None else "-"  # noqa: E731
            click.echo(f"  {item} {year} {','.join(basis)}: {shown(b)} -> {shown(a)}")


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--subject", "subject_id", required=True, help="The subject's id.")
@click.option("--item", required=True, help="The item to qualify for, e.g. 4.2/digital_demo.")
@YEAR
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def qualify(file, subject_id: str, item: str, year: int | None, fmt: str) -> None:
    """The least change to a subject's own facts that grants an item, found by the solver: fewest facts
    changed, then the smallest distance in yuan. Each change is printed as a whatif option.

    \b
    Example:
        jjpolicy qualify facts/portfolio.json --subject E05 --item 4.2/digital_demo
    """
    try:
        q = run_qualify(decode_json(file.read()), subject_id, item, year)
    except InputError as exc:
        raise BadInput("\n".join(str(p) for p in exc.problems)) from None
    if fmt == "json":
        click.echo(to_json(q.to_dict()))
        return
    where = f"{q.item}" + (f" ({q.year})" if q.year else "")
    if not q.possible:
        click.echo(f"{q.subject}: no change of its own facts grants {where}:")
        for r in q.why_not:
            click.echo(f"  {r.code}: {r.detail}")
        return
    if not q.changes:
        click.echo(f"{q.subject}: {where} is already granted" + (f", {money(q.amount)} 元" if q.amount is not None else ""))
        return
    distance = sum((c.distance for c in q.changes), Decimal(0))
    click.echo(f"{q.subject}: {where} needs {len(q.changes)} change{'s' if len(q.changes) > 1 else ''} "
               f"(distance {money(distance)} 元):")
    for c in q.changes:
        click.echo(f"  {c.option()}")
    if q.granted:
        paid = f"{money(q.amount)} 元" if q.amount is not None else "granted (support)"
        click.echo(f"then {q.item} pays {paid}")
    else:
        click.echo(f"then {q.item} is eligible but not paid:")
        for r in q.why_not:
            click.echo(f"  {r.code}: {r.detail}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def readings(fmt: str) -> None:
    """The readings of docs/ambiguities.md that `--reading ID=VALUE` can switch: default and alternatives.

    \b
    Example:
        jjpolicy evaluate facts/portfolio.json --reading A2=top_up --reading A3=cumulative
    """
    rows = [{"id": rid, "default": default, "values": list(values)} for rid, (default, values) in policy().switches.items()]
    if fmt == "json":
        click.echo(to_json(rows))
        return
    for row in rows:
        others = ", ".join(v for v in row["values"] if v != row["default"])
        click.echo(f"{row['id']:<4} default {row['default']:<18} or {others}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def measures(fmt: str) -> None:
    """The catalogue: every item with its amount or rate and cap, and its clause.

    \b
    Example:
        jjpolicy measures --format json
    """
    p = policy()
    rows = []
    for item in sorted(p.items.values(), key=lambda i: (p.measure_rank(i.measure), i.id)):
        row = {"item": item.id, "measure": item.measure, "mode": item.mode}
        if item.amount is not None:
            row["amount"] = item.amount
        if item.rate is not None:
            row["rate"] = f"{item.rate[0] * 100 // item.rate[1]}%"
            row["base"] = f"{item.rate_type}.{item.rate_field}"
            row["caps"] = {k: v for k, v in sorted(item.caps.items())}
        row["clause"] = p.clauses[item.measure]
        rows.append(row)
    if fmt == "json":
        click.echo(to_json(rows))
        return
    from rich.table import Table

    table = Table(title="晉政規〔2025〕5號: items")
    table.add_column("item", no_wrap=True)
    for col in ("measure", "amount / rate", "cap"):
        table.add_column(col)
    for row in rows:
        amount = money(row["amount"]) if "amount" in row else row.get("rate", "support" if row["mode"] == "support" else "")
        caps = ", ".join(f"{money(v)}" + ("" if k == "all" else f" ({k})") for k, v in row.get("caps", {}).items())
        table.add_row(row["item"], row["measure"], amount, caps)
    _console().print(table)


@main.command()
def schema() -> None:
    """The JSON Schema (draft 2020-12) of the input, jjpolicy.facts/1, for editors and other tools.

    It is generated from the tables the validator reads. What a schema cannot say (unique ids,
    other_awards naming an event of the subject, ...) only evaluate checks. docs/facts.schema.json is
    a copy.

    \b
    Example:
        jjpolicy schema > facts.schema.json
    """
    click.echo(json.dumps(facts_schema(policy().items), indent=2, ensure_ascii=False))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
def check(fmt: str) -> None:
    """Findings on the policy itself: unreachable items, overlaps, non-monotone amounts, timing
    incentives, readings that move money, where caps bind; each with a witness that evaluate reproduces.

    \b
    Example:
        jjpolicy check --format md > findings.md

        jjpolicy check --format json | jq '.findings[0].witness' | jjpolicy evaluate -
    """
    from .check import run
    from .check_report import report_md, report_text

    result = run()
    click.echo(to_json(result.to_dict()) if fmt == "json" else report_md(result) if fmt == "md" else report_text(result), nl=fmt == "json")
    click.echo(f"checked in {result.seconds:.1f} s", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
def coverage(paths: tuple[str, ...], fmt: str) -> None:
    """What facts exercise of the policy: items, conditions, alternative paths and denial reasons reached,
    and the holes. PATHS: facts files, test-case files ({"cases": [{"facts": ...}]}) or directories of them.

    \b
    Example:
        jjpolicy coverage tests/cases
    """
    from .coverage import coverage as run_coverage
    from .coverage import coverage_text, load

    try:
        sources, subjects = load(list(paths))
    except InputError as exc:
        raise BadInput("\n".join(str(p) for p in exc.problems)) from None
    cov = run_coverage(sources, subjects)
    click.echo(to_json(cov.to_dict()) if fmt == "json" else coverage_text(cov, md=fmt == "md"), nl=fmt == "json")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
