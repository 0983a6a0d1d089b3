"""The `jjpolicy` command: a thin layer over the library. Library errors become messages and exit codes."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

import click

from . import bulk, evaluate_facts, load_facts, reform_cli
from .figures import POLICY_NAME, cap_level, percent_text, policy
from .model import Facts, InputError, decode_json, facts_schema
from .program import EncodingError
from .readings import parse as parse_readings
from .render import print_table, to_json
from .solve import SolveError, TimeLimit
from .whatif import whatif as run_whatif
from .words import ENV, LANGS, Words, words

# explain, audit, qualify and check are imported by the commands that use them: one subject evaluated from
# the command line should not pay for them (scripts/bench.py --one).

if TYPE_CHECKING:  # rich is imported when a table is drawn: JSON output does not pay for it
    from rich.console import Console

# Exit codes (docs/contract.md): 0 evaluated, 2 unusable input, 4 a subject not decided within the
# time limit, 5 the encodings are broken.
EXIT_TIME_LIMIT = 4
EXIT_ENCODINGS = 5

LANG = "jjpolicy.lang"  # ctx.meta: the language asked for with --lang


def _console() -> Console:
    """The terminal's width, or a wide page when the output goes to a file or a pipe."""
    from rich.console import Console

    console = Console()
    return console if console.is_terminal else Console(width=160)


def say(ctx: click.Context | None = None) -> Words:
    """The words of the language asked for: --lang, else JJPOLICY_LANG, else the locale."""
    ctx = ctx or click.get_current_context(silent=True)
    lang = ctx.meta.get(LANG) if ctx is not None else None
    try:
        return words(lang)
    except ValueError as exc:
        raise BadInput(f"{ENV}: {exc}") from None


def _peek_lang(args: list[str]) -> str | None:
    """--lang from the arguments, read before click parses them, so that --help before --lang speaks it."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


class Opt(click.Option):
    """An option whose help text is a key of the catalogues, rendered in the language asked for."""

    def __init__(self, *args, help_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_key = help_key

    def get_help_record(self, ctx):
        """click's record, with its "[default: ...]" and "[required]" in the language asked for."""
        if self.hidden or not (hasattr(self, "get_help_extra") and hasattr(self, "get_help_spec")):
            return super().get_help_record(ctx)  # an older click: its own English words
        w = say(ctx)
        extra = self.get_help_extra(ctx)
        items = []
        if "default" in extra:
            items.append(w("help.default", default=extra["default"]))
        if "range" in extra:
            items.append(extra["range"])
        if "required" in extra:
            items.append(w("help.required"))
        text = self.help or ""
        if items:
            shown = w("sep.semi").join(items)
            text = f"{text}  [{shown}]" if text else f"[{shown}]"
        return self.get_help_spec(ctx), text


class Localized:
    """Help in the language asked for: the command's text, its options', the headings."""

    help_key = ""

    def localize(self, ctx: click.Context) -> None:
        w = say(ctx)
        if self.help_key:
            self.help = w(self.help_key, policy=POLICY_NAME)
            first = self.help.split("\n", 1)[0]
            self.short_help = first if len(first) <= 60 else first[:57] + "..."
        for param in self.params:
            if getattr(param, "help_key", None):
                param.help = w(param.help_key, years=tuple(policy().window_years))
            elif param.name == "version":
                param.help = w("help.opt.version")

    def parse_args(self, ctx, args):
        lang = _peek_lang(args)
        if lang in LANGS:
            ctx.meta[LANG] = lang
        return super().parse_args(ctx, args)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = say(ctx)("help.opt.help")
        return option

    def format_help(self, ctx, formatter):
        self.localize(ctx)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), say(ctx)("help.usage"))

    def format_options(self, ctx, formatter):
        rows = [
            row
            for param in self.get_params(ctx)
            if not isinstance(param, click.Argument) and (row := param.get_help_record(ctx)) is not None
        ]
        if rows:
            with _section(formatter, say(ctx)("help.options")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


@contextmanager
def _section(formatter: click.HelpFormatter, heading: str):
    """click's formatter.section with the heading as the catalogue writes it (its own colon: 选项：)."""
    formatter.write_paragraph()
    formatter.write(f"{'':>{formatter.current_indent}}{heading}\n")
    formatter.indent()
    try:
        yield
    finally:
        formatter.dedent()


class Command(Localized, click.Command):
    def __init__(self, *args, help_key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.help_key = help_key


def report_format(out: str) -> str:
    """The report's format from --out: Markdown for .md and .markdown and for stdout (-), else HTML."""
    if out == "-" or out.lower().endswith((".md", ".markdown")):
        return "md"
    return "html"


def _set_lang(ctx, param, value):
    if value:
        ctx.meta[LANG] = value


LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(LANGS),
    cls=Opt,
    help_key="help.opt.lang",
    is_eager=True,
    expose_value=False,
    callback=_set_lang,
)


def format_option(*choices: str, default: str | None = None, help_key: str = "help.opt.format"):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
        cls=Opt,
        help_key=help_key,
    )


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
        raise BadInput(say()("error.cannot_read", name=name, error=exc)) from None
    try:
        return load_facts(raw, frozenset(policy().items))
    except InputError as exc:
        raise BadInput("\n".join(str(p) for p in exc.problems)) from None


def _readings(ctx, param, value: tuple[str, ...]) -> dict[str, str]:
    try:
        return parse_readings(value)
    except InputError as exc:
        raise BadInput("\n".join(str(p) for p in exc.problems)) from None


def _window_year(ctx, param, value: int | None) -> int | None:
    years = policy().window_years
    if value is not None and value not in years:
        raise click.BadParameter(say(ctx)("error.year", year=value, first=years[0], last=years[-1]))
    return value


YEAR = click.option("--year", type=int, callback=_window_year, cls=Opt, help_key="help.opt.year")


class Engine(Localized, click.Group):
    """Errors of the engine itself, not of the input, as messages with their own exit codes; help in the
    language asked for."""

    help_key = "help.main"
    command_class = Command

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TimeLimit as exc:
            click.echo(f"jjpolicy: {say(ctx)(exc.msg)}", err=True)
            ctx.exit(EXIT_TIME_LIMIT)
        except (EncodingError, SolveError) as exc:
            click.echo(f"jjpolicy: {say(ctx)('error.encodings')}\n{exc}", err=True)
            ctx.exit(EXIT_ENCODINGS)

    def format_commands(self, ctx, formatter):
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            if isinstance(cmd, Localized):
                cmd.localize(ctx)
            rows.append((name, cmd.get_short_help_str(formatter.width)))
        if rows:
            with _section(formatter, say(ctx)("help.commands")):
                formatter.write_dl(rows)


@click.group(cls=Engine, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jjpolicy")
@LANG_OPTION
def main() -> None:
    """jjpolicy: the policy as rules (the help is the catalogue's help.main, in the language asked for)."""


READING = click.option(
    "--reading", "readings", multiple=True, metavar="ID=VALUE", callback=_readings, cls=Opt, help_key="help.opt.reading"
)


@main.command(help_key="help.evaluate")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", *bulk.OUTPUTS]),
    default="table",
    show_default=True,
    cls=Opt,
    help_key="help.opt.evaluate_format",
)
@YEAR
@click.option("--summary", is_flag=True, cls=Opt, help_key="help.opt.summary")
@click.option("--awards-only", is_flag=True, cls=Opt, help_key="help.opt.awards_only")
@READING
@reform_cli.PARAM
@bulk.evaluate_options
@LANG_OPTION
def evaluate(
    file,
    fmt: str,
    year: int | None,
    summary: bool,
    awards_only: bool,
    readings: dict[str, str],
    params: tuple[str, ...],
    source_format: str | None,
    out: str | None,
    keep_going: bool,
    jobs: int,
) -> None:
    w = say()
    if summary and fmt != "table":
        raise click.UsageError(w("error.summary_json"))
    reformed, done = reform_cli.reform(params, BadInput)
    kind = bulk.input_format(getattr(file, "name", "-"), source_format)
    if fmt in ("table", "json") and kind == "json" and not (out or keep_going):
        result = evaluate_facts(read_facts(file), year, readings, reformed, jobs, awards_only)
        if fmt == "json":
            click.echo(to_json(reform_cli.with_reform(result.to_dict(w), done)))
        else:
            reform_cli.echo_reform(done)
            print_table(result, _console(), w, summary=summary)
        return
    scenario = bulk.Scenario(w, readings, awards_only, tuple(done))
    bulk.run_evaluate(file, fmt, year, source_format, out, keep_going, jobs, _console, reformed, scenario)


@main.command(help_key="help.explain")
@click.argument("file", type=click.File("rb"))
@click.option("--subject", "subject_id", required=True, cls=Opt, help_key="help.opt.subject")
@click.option("--item", cls=Opt, help_key="help.opt.item")
@format_option("text", "json", "md", default="text")
@YEAR
@READING
@reform_cli.PARAM
@LANG_OPTION
def explain(
    file, subject_id: str, item: str | None, fmt: str, year: int | None, readings: dict[str, str], params: tuple[str, ...]
) -> None:
    from .audit import explanation_md, explanation_text
    from .explain import ExplainError
    from .explain import explain as explain_subject

    w = say()
    reformed, done = reform_cli.reform(params, BadInput)
    facts = read_facts(file)
    try:
        x = explain_subject(facts, subject_id, item, year, readings, reformed)
    except ExplainError as exc:
        raise BadInput(w(exc.msg)) from None
    if fmt == "json":
        click.echo(to_json(reform_cli.with_reform(x.to_dict(w), done)))
    elif fmt == "md":
        click.echo(reform_cli.md_head(done) + explanation_md(x, w))
    else:
        click.echo(reform_cli.text_head(done) + explanation_text(x, w))


@main.command(help_key="help.report")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    cls=Opt,
    help_key="help.opt.out",
)
@format_option("md", "html", help_key="help.opt.report_format")
@YEAR
@READING
@reform_cli.PARAM
@LANG_OPTION
def report(file, out: str, fmt: str | None, year: int | None, readings: dict[str, str], params: tuple[str, ...]) -> None:
    from .audit import report_html, report_md

    w = say()
    fmt = fmt or report_format(out)
    reformed, done = reform_cli.reform(params, BadInput)
    facts = read_facts(file)
    result = evaluate_facts(facts, year, readings, reformed)
    title = getattr(file, "name", "-") + reform_cli.title_tail(done)
    text = report_html(result, title, w) if fmt == "html" else report_md(result, title, w)
    if out == "-":
        click.echo(text, nl=False)
        return
    try:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise BadInput(w("error.cannot_write", out=out, error=exc.strerror)) from None
    many = "report.wrote.1" if len(result.subjects) == 1 else "report.wrote.n"
    click.echo(w(many, out=out, count=len(result.subjects), total=result.total), err=True)


@main.command(help_key="help.whatif")
@click.argument("file", type=click.File("rb"))
@click.option("--subject", "subject_id", help="The subject's id (without it: the whole portfolio under a reform, --param).")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", cls=Opt, help_key="help.opt.set")
@click.option(
    "--add-event",
    "add_events",
    multiple=True,
    metavar="JSON",
    help="Add an event to the subject: a JSON object, validated like any event.",
)
@click.option(
    "--drop-event",
    "drop_events",
    multiple=True,
    metavar="ID",
    help="Drop the subject's event ID (and the other_awards entries that name it).",
)
@reform_cli.PARAM
@READING
@click.option(
    "--top",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="Portfolio: how many of the largest changes the table shows.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@LANG_OPTION
def whatif(
    file,
    subject_id: str | None,
    sets: tuple[str, ...],
    add_events: tuple[str, ...],
    drop_events: tuple[str, ...],
    params: tuple[str, ...],
    readings: dict[str, str],
    top: int,
    fmt: str,
) -> None:
    """What if a subject's facts, or the policy's figures, were different: before, after, the difference.

    With --subject: that subject before and after its changes (--set, --add-event, --drop-event) and
    any reform (--param: after is under the reformed policy). Without: every subject of FILE before and
    after the reform: totals by measure and by year, who gains and loses, the largest changes.

    \b
    Example:
        jjpolicy whatif facts/portfolio.json --subject E02 --set events.P1.equipment_purchase=6000000

        jjpolicy whatif facts/small.json --subject E001 --set years.2024.industrial_output=500000000 --format json

        jjpolicy whatif facts/portfolio.json --param 2.1/equipment_update.rate=6%
    """
    if subject_id is None:
        reform_cli.portfolio(file, sets, add_events, drop_events, params, top, fmt, BadInput, _console, readings)
        return
    if not (sets or add_events or drop_events or params or readings):
        raise BadInput("--subject: give at least one change: --set, --add-event, --drop-event or --param")
    try:
        pairs = reform_cli.set_pairs(sets)
        raw = file.read()
        what = run_whatif(
            decode_json(raw),
            subject_id,
            pairs,
            add_events=add_events,
            drop_events=drop_events,
            params=reform_cli.param_pairs(params),
            readings=readings,
        )
    except InputError as exc:
        raise BadInput("\n".join(str(p) for p in exc.problems)) from None
    if fmt == "json":
        click.echo(to_json(what.to_dict(say())))
        return
    click.echo(reform_cli.subject_text(subject_id, what))


@main.command(help_key="help.qualify")
@click.argument("file", type=click.File("rb"))
@click.option("--subject", "subject_id", required=True, cls=Opt, help_key="help.opt.subject")
@click.option("--item", required=True, cls=Opt, help_key="help.opt.qualify_item")
@YEAR
@format_option("table", "json", default="table")
@LANG_OPTION
def qualify(file, subject_id: str, item: str, year: int | None, fmt: str) -> None:
    from .qualify import qualify as run_qualify

    w = say()
    try:
        q = run_qualify(decode_json(file.read()), subject_id, item, year)
    except InputError as exc:
        raise BadInput("\n".join(str(p) for p in exc.problems)) from None
    if fmt == "json":
        click.echo(to_json(q.to_dict()))
        return
    where = w("qualify.where", item=q.item, year=q.year) if q.year else q.item
    if not q.possible:
        click.echo(w("qualify.cannot", subject=q.subject, item=where))
        for r in q.why_not:
            click.echo(w("qualify.reason", code=r.code, detail=w(r.detail)))
    elif not q.changes:
        click.echo(w("qualify.already", subject=q.subject, item=where))
    else:
        distance = sum((c.distance for c in q.changes), Decimal(0))
        click.echo(w("qualify.needs", subject=q.subject, item=where, count=len(q.changes), distance=distance))
        for c in q.changes:
            click.echo(f"  {c.option()}")
        if q.granted and q.amount is not None:
            click.echo(w("qualify.pays", item=q.item, amount=q.amount))
        elif q.granted:
            click.echo(w("qualify.support", item=q.item))
        else:
            click.echo(w("qualify.not_paid", item=q.item))
            for r in q.why_not:
                click.echo(w("qualify.reason", code=r.code, detail=w(r.detail)))


@main.command(help_key="help.readings")
@format_option("table", "json", default="table")
@LANG_OPTION
def readings(fmt: str) -> None:
    w = say()
    rows = [{"id": rid, "default": default, "values": list(values)} for rid, (default, values) in policy().switches.items()]
    if fmt == "json":
        click.echo(to_json(rows))
        return
    for row in rows:
        others = ", ".join(v for v in row["values"] if v != row["default"])
        click.echo(w("readings.row", id=row["id"], default=row["default"], others=others))


@main.command(help_key="help.schema")
@LANG_OPTION
def schema() -> None:
    click.echo(json.dumps(facts_schema(policy().items), indent=2, ensure_ascii=False))


@main.command(help_key="help.measures")
@format_option("table", "json", default="table")
@LANG_OPTION
def measures(fmt: str) -> None:
    w = say()
    p = policy()
    rows = []
    for item in sorted(p.items.values(), key=lambda i: (p.measure_rank(i.measure), i.id)):
        row = {"item": item.id, "measure": item.measure, "mode": item.mode}
        if item.amount is not None:
            row["amount"] = item.amount
        if item.rate is not None:
            row["rate"] = percent_text(*item.rate)
            row["base"] = f"{item.rate_type}.{item.rate_field}"
            row["caps"] = {k: v for k, v in sorted(item.caps.items())}
        row["clause"] = p.clauses[item.measure]
        row["params"] = reform_cli.item_params(p, item.id)
        rows.append((row, p.sentence(item.id)))
    if fmt == "json":
        click.echo(to_json([row for row, _ in rows]))
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(w("measures.title", policy=POLICY_NAME)), show_lines=True)
    table.add_column(escape(w("col.item")), no_wrap=True)
    table.add_column(escape(w("col.measure")), overflow="fold", max_width=14)
    table.add_column(escape(w("col.rate")), justify="right")
    table.add_column(escape(w("col.cap")), justify="right", no_wrap=True)
    table.add_column(escape(w("col.clause")), overflow="fold", max_width=70)
    for row, sentence in rows:
        if "amount" in row:
            amount = w.field(row["amount"], "money")
        else:
            amount = row.get("rate", w("measures.support") if row["mode"] == "support" else "")
        caps = w("sep.list").join(
            w("measures.cap.all", amount=v) if k == "all" else w("measures.cap.level", amount=v, level=cap_level(k))
            for k, v in row.get("caps", {}).items()
        )
        table.add_row(row["item"], escape(w.field(row["measure"], "measure")), amount, caps, escape(w.quote(sentence)))
    _console().print(table)
    reform_cli.print_params(p, _console(), w)


@main.command()
@format_option("text", "json", "md", default="text")
@reform_cli.PARAM
@LANG_OPTION
def check(fmt: str, params: tuple[str, ...]) -> None:
    """Findings on the policy itself: unreachable items, overlaps, non-monotone amounts, timing
    incentives, readings that move money, where caps bind; each with a witness that evaluate reproduces.
    (The report is in English.)

    \b
    Example:
        jjpolicy check --format md > findings.md

        jjpolicy check --format json | jq '.findings[0].witness' | jjpolicy evaluate -
    """
    from .check import run
    from .check_report import report_md, report_text

    reformed, done = reform_cli.reform(params, BadInput)
    result = run(reformed, partial(evaluate_facts, reformed=reformed)) if reformed else run()
    click.echo(
        to_json(reform_cli.with_reform(result.to_dict(), done))
        if fmt == "json"
        else report_md(result)
        if fmt == "md"
        else report_text(result),
        nl=fmt == "json",
    )
    click.echo(f"checked in {result.seconds:.1f} s", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@format_option("text", "json", "md", default="text")
@LANG_OPTION
def coverage(paths: tuple[str, ...], fmt: str) -> None:
    """What facts exercise of the policy: items, conditions, alternative paths and denial reasons reached,
    and the holes. PATHS: facts files, test-case files ({"cases": [{"facts": ...}]}) or directories of them.
    (The report is in English.)

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


main.add_command(bulk.convert)
main.add_command(bulk.template)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
