"""The `jjpolicy` command: a thin layer over the library. Library errors become messages and exit codes."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from . import bulk, evaluate_facts, load_facts
from .audit import explanation_md, explanation_text, report_html, report_md
from .describe import money
from .explain import ExplainError
from .explain import explain as explain_subject
from .figures import policy
from .model import Facts, InputError, decode_json
from .render import to_json
from .whatif import whatif as run_whatif


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


YEAR = click.option(
    "--year",
    type=int,
    callback=_window_year,
    help="Keep only the results of this year (stacking is decided over the whole window).",
)


@click.group()
@click.version_option(package_name="jjpolicy")
def main() -> None:
    """jjpolicy: 晉政規〔2025〕5號 as rules.

    Evaluates enterprises' facts (JSON, jjpolicy.facts/1) against every measure of Jinjiang's key
    industrial chain policy and explains each award and denial.
    """


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--format", "fmt", type=click.Choice(["table", "json", *bulk.OUTPUTS]), default="table", show_default=True)
@YEAR
@bulk.evaluate_options
def evaluate(file, fmt: str, year: int | None, source_format: str | None, out: str | None, keep_going: bool, jobs: int) -> None:
    """Evaluate FILE (or - for stdin): awards, support, denials with reasons, totals.

    FILE is JSON (jjpolicy.facts/1), JSON Lines (.jsonl: one subject a line, read as a stream) or an
    Excel register (.xlsx, see `jjpolicy template`). Exit 0 evaluated, 2 unusable input, 3 with
    --keep-going when some subjects were skipped.

    \b
    Example:
        jjpolicy evaluate facts/portfolio.json

        jjpolicy evaluate facts/portfolio.json --format json --year 2025

        jjpolicy evaluate big.jsonl --format jsonl --jobs 0 > results.jsonl

        jjpolicy evaluate register.xlsx --format xlsx --out results.xlsx
    """
    bulk.run_evaluate(file, fmt, year, source_format, out, keep_going, jobs, _console)


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--subject", "subject_id", required=True, help="The subject's id.")
@click.option("--item", help="Only this item (explained even when no fact speaks to it).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@YEAR
def explain(file, subject_id: str, item: str | None, fmt: str, year: int | None) -> None:
    """Explain every grant and denial of one subject: conditions, facts, figures, clause, arithmetic.

    \b
    Example:
        jjpolicy explain facts/portfolio.json --subject E01 --item 2.1/equipment_update

        jjpolicy explain facts/portfolio.json --subject E03 --format json
    """
    facts = read_facts(file)
    try:
        x = explain_subject(facts, subject_id, item, year)
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
def report(file, out: str, fmt: str, year: int | None) -> None:
    """Write an audit report of a portfolio: totals by measure, then each subject's awards with their
    justification and its denials with reasons. HTML is one self-contained, printable file.

    \b
    Example:
        jjpolicy report facts/portfolio.json --out report.html
    """
    facts = read_facts(file)
    result = evaluate_facts(facts, year)
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


main.add_command(bulk.convert)
main.add_command(bulk.template)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
