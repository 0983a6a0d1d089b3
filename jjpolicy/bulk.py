"""The command line's bulk paths: `evaluate` from JSON, JSON Lines or an Excel register to a table, JSON,
JSON Lines, CSV or xlsx, chunk by chunk, with a progress bar on a terminal and several cores on demand;
`convert` between the three kinds of facts; `template`, the empty register.

Exit codes (docs/contract.md): 0 evaluated; 2 unusable input (with JSON Lines in, the results of the
lines before the first bad one may already be on stdout); 3 `--keep-going` skipped some subjects.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

import click

from .figures import policy
from .model import InputError, Subject, decode_json, parse_facts
from .reform_cli import with_reform
from .render import print_table, to_json
from .result import Result, SubjectResult
from .stream import LineResults, Outcome, evaluate_held, evaluate_lines, lines_of, read_jsonl
from .words import Words, words

INPUTS = ("json", "jsonl", "xlsx")
OUTPUTS = ("jsonl", "csv", "xlsx")  # beside table and json
EXIT_SKIPPED = 3


def _bad_input(problems: list[str]) -> click.ClickException:
    from .cli import BadInput

    return BadInput("\n".join(problems))


class Finished(click.ClickException):
    """The run ended with a summary on stderr and this exit code (2: stopped at bad input; 3: skipped)."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.exit_code = code

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


def input_format(name: str, given: str | None) -> str:
    """The kind of facts: as given, or by the file name's ending (.jsonl/.ndjson, .xlsx; else JSON)."""
    if given:
        return given
    lower = (name or "").lower()
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    return "json"


# ----------------------------------------------------------------------------------------------------
# stderr: problems, notes, progress
# ----------------------------------------------------------------------------------------------------


class Report:
    """Lines for stderr, printed above the progress bar while there is one."""

    def __init__(self) -> None:
        self.console = None

    def line(self, text: str) -> None:
        if self.console is not None:
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(text, err=True)


def progress_wanted() -> bool:
    """A progress bar only when stderr is a terminal (never in a pipe, a file or CI's log)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Subjects done, rate and time left on stderr (rich), refreshed by the caller: no thread runs
    beside the forked workers of --jobs."""

    def __init__(self, total: int | None, enabled: bool, report: Report):
        self.total, self.enabled, self.report = total, enabled, report
        self.bar = None
        self.last = 0.0

    def __enter__(self) -> Progress:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                return Text(f"{task.speed:,.0f} subjects/s" if task.speed else "", style="progress.data.speed")

        columns = [TextColumn("evaluating"), BarColumn(), MofNCompleteColumn(), Rate()]
        if self.total is not None:
            columns.append(TimeRemainingColumn())
        self.bar = Bar(*columns, console=Console(stderr=True), auto_refresh=False, transient=False)
        self.task = self.bar.add_task("evaluate", total=self.total)
        self.bar.start()
        self.report.console = self.bar.console
        return self

    def advance(self, n: int = 1) -> None:
        if self.bar is None:
            return
        self.bar.update(self.task, advance=n)
        now = time.monotonic()
        if now - self.last > 0.1:
            self.last = now
            self.bar.refresh()

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.refresh()
            self.bar.stop()
            self.report.console = None


# ----------------------------------------------------------------------------------------------------
# Sources: validated subjects, and what was wrong
# ----------------------------------------------------------------------------------------------------


class Source:
    total: int | None = None
    skipped = 0
    read = 0  # subjects read, good and bad
    stopped: str | None = None  # where a bad subject stopped the run (without --keep-going)

    def results(self, year: int | None, **solving) -> Iterator:
        """The results of the good subjects, in order (solving: evaluate_held's keywords)."""
        raise NotImplementedError

    def finish(self) -> None:
        """After a stop: read the rest of the input, reporting every problem."""


class ListSource(Source):
    def __init__(self, subjects: list[Subject], skipped: int = 0):
        self.list = subjects
        self.total = len(subjects)
        self.skipped = skipped
        self.read = len(subjects) + skipped

    def results(self, year: int | None, **solving) -> Iterator:
        return evaluate_held(self.list, year, **solving)


def _read(file) -> bytes:
    try:
        return file.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad_input([f"{getattr(file, 'name', '-')}: cannot read: {exc}"]) from None


_SUBJECT_PATH = re.compile(r"subjects\[(\d+)\](?:\Z|[.\[])")


def json_source(file, keep_going: bool, report: Report) -> ListSource:
    """A jjpolicy.facts/1 document. With --keep-going a subject with a problem is skipped (a problem
    outside the subjects still stops the run)."""
    raw = _read(file)
    known = frozenset(policy().items)
    try:
        return ListSource(list(parse_facts(decode_json(raw), known).subjects))
    except InputError as exc:
        problems = exc.problems
    bad: set[int] = set()
    fatal = not keep_going
    for p in problems:
        m = _SUBJECT_PATH.match(p.path)
        if m:
            bad.add(int(m.group(1)))
        else:
            fatal = True
    if fatal:
        raise _bad_input([str(p) for p in problems])
    data = decode_json(raw)
    kept = [s for i, s in enumerate(data["subjects"]) if i not in bad]
    for p in problems:
        report.line(str(p))
    return ListSource(list(parse_facts({**data, "subjects": kept}, known).subjects), len(bad))


def sheet_source(file, keep_going: bool, report: Report) -> ListSource:
    """An Excel register. With --keep-going a subject with a bad cell is skipped (a problem of the file,
    a sheet, a header or a row naming no subject still stops the run)."""
    from .sheets import read_register

    register = read_register(_read(file))
    if register.general or (register.problems and not keep_going):
        raise _bad_input(register.all_problems)
    for line in register.all_problems:
        report.line(line)
    return ListSource([s for s in register.subjects if s is not None], len(register.problems))


class LinesSource(Source):
    """JSON Lines, read as they come. A bad line is reported as ``line N: PATH: message`` (PATH within the
    line's object); without --keep-going it stops the subjects (the lines before it are evaluated), and
    :meth:`finish` reads the rest only to report its problems."""

    def __init__(self, file, keep_going: bool, report: Report, count: bool):
        self.file, self.keep_going, self.report = file, keep_going, report
        self.total = _count_lines(file) if count else None
        self.outcomes: LineResults | None = None

    def _report(self, outcome: Outcome) -> None:
        for p in outcome.problems:
            self.report.line(f"line {outcome.number}: {p}")

    def results(self, year: int | None, **solving) -> Iterator:
        self.outcomes = evaluate_lines(lines_of(self.file), year, **solving)
        for outcome in self.outcomes:
            self.read += 1
            if not outcome.problems:
                yield outcome.result
                continue
            self._report(outcome)
            if not self.keep_going:
                self.stopped = f"line {outcome.number}"
                self.outcomes.stop()
                return
            self.skipped += 1

    def finish(self) -> None:
        if self.stopped is None or self.outcomes is None:
            return
        for outcome in self.outcomes:
            self._report(outcome)


def _count_lines(file) -> int | None:
    """The non-blank lines of a regular file (for the progress bar's total), the file left where it was."""
    try:
        if not file.seekable():
            return None
        start = file.tell()
        n = sum(1 for line in file if line.strip())
        file.seek(start)
        return n
    except (OSError, AttributeError, ValueError):
        return None


# ----------------------------------------------------------------------------------------------------
# Sinks: where the results go
# ----------------------------------------------------------------------------------------------------


class _Echo(io.TextIOBase):
    """stdout through click (flushed at each write, so a pipe sees each chunk's lines at once)."""

    def write(self, text: str) -> int:
        click.echo(text, nl=False)
        return len(text)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class Target:
    """stdout, or --out written to a temporary file beside it and moved into place when the run
    finishes (exit 0 or 3): a run that stops leaves no partial file."""

    def __init__(self, out: str | None, suffix: str = ""):
        self.out = out
        self.tmp = None
        self.fh: IO | None = None
        if out is not None:
            try:
                fd, self.tmp = tempfile.mkstemp(prefix=".jjpolicy-", suffix=suffix, dir=os.path.dirname(os.path.abspath(out)))
                os.close(fd)
            except OSError as exc:
                raise click.ClickException(f"--out: cannot write {out}: {exc.strerror}") from None

    @property
    def streams(self) -> bool:
        """Results reach stdout as they come."""
        return self.out is None

    def text(self, bom: bool = False) -> IO[str]:
        if self.out is None:
            return _Echo()
        self.fh = open(self.tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")
        return self.fh

    def commit(self) -> None:
        if self.fh is not None:
            self.fh.close()
        if self.tmp is not None:
            try:
                os.chmod(self.tmp, 0o666 & ~_umask())  # as open() would have made it, not mkstemp's 0600
                os.replace(self.tmp, self.out)
            except OSError as exc:
                self.abort()
                raise click.ClickException(f"--out: cannot write {self.out}: {exc.strerror}") from None
            self.tmp = None

    def abort(self) -> None:
        if self.fh is not None and not self.fh.closed:
            self.fh.close()
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None


class Sink:
    def __init__(self, target: Target, year: int | None, report: Report):
        self.target, self.year, self.report = target, year, report

    def prepare(self, r: SubjectResult):
        """What add() receives of a result, made where the result is made (in the worker process): a
        sink that writes text makes it there, so that the text travels back instead of the objects."""
        return r

    def add(self, prepared) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.target.commit()

    def abort(self) -> None:
        self.target.abort()

    @staticmethod
    def warning_lines(r: SubjectResult, w: Words) -> tuple[str, ...]:
        return tuple(f"warning: {r.id}: {w(x)}" for x in r.warnings)

    def warnings(self, lines: tuple[str, ...]) -> None:
        for line in lines:
            self.report.line(line)


class TableSink(Sink):
    """table: the whole result, drawn at the end."""

    def __init__(self, target: Target, year: int | None, report: Report, console, scenario: Scenario):
        super().__init__(target, year, report)
        self.console, self.results, self.scenario = console, [], scenario

    def add(self, r: SubjectResult) -> None:
        self.results.append(r)

    def close(self) -> None:
        from rich.console import Console

        result = Result(tuple(self.results), self.year, self.scenario.readings, self.scenario.awards_only)
        console = self.console() if self.target.out is None else Console(file=self.target.text(), width=160)
        print_table(result, console, self.scenario.words)
        super().close()


class JsonSink(Sink):
    """json: the whole document, written at the end from each subject's text (made in the worker), so that
    a large portfolio is held as text, not as objects. The bytes are to_json(result.to_dict())'s."""

    def __init__(self, target: Target, year: int | None, report: Report, scenario: Scenario):
        super().__init__(target, year, report)
        self.scenario, self.texts, self.total, self.warnings_ = scenario, [], Decimal(0), []

    def prepare(self, r: SubjectResult) -> tuple[str, Decimal, list[str]]:
        w = self.scenario.words
        return to_json(r.to_dict(w, self.scenario.awards_only)), r.total, [w(x) for x in r.labelled_warnings]

    def add(self, prepared: tuple[str, Decimal, list[str]]) -> None:
        text, total, warnings = prepared
        self.texts.append(text)
        self.total += total
        self.warnings_ += warnings

    def close(self) -> None:
        s = self.scenario
        empty = Result((), self.year, s.readings, s.awards_only).document(self.total, self.warnings_, [])
        head = to_json(with_reform(empty, s.reform))
        if not head.endswith("[]}"):
            raise AssertionError("the JSON document's last key is not its subjects")
        self.target.text().write(head[:-3] + "[" + ", ".join(self.texts) + "]}\n")
        super().close()


class JsonlSink(Sink):
    def __init__(self, target: Target, year: int | None, report: Report, scenario: Scenario):
        super().__init__(target, year, report)
        self.out, self.scenario = target.text(), scenario

    def prepare(self, r: SubjectResult) -> tuple[str, tuple[str, ...]]:
        w = self.scenario.words
        return to_json(r.to_dict(w, self.scenario.awards_only)) + "\n", self.warning_lines(r, w)

    def add(self, prepared: tuple[str, tuple[str, ...]]) -> None:
        line, warnings = prepared
        self.out.write(line)
        self.warnings(warnings)


class CsvSink(Sink):
    def __init__(self, target: Target, year: int | None, report: Report, w: Words):
        from .sheets import CsvWriter

        super().__init__(target, year, report)
        self.w = w
        self.writer = CsvWriter(target.text(bom=target.out is not None), w)

    def prepare(self, r: SubjectResult) -> tuple[list, tuple[str, ...]]:
        return self.writer.rows(r), self.warning_lines(r, self.w)

    def add(self, prepared: tuple[list, tuple[str, ...]]) -> None:
        rows, warnings = prepared
        self.writer.add_rows(rows)
        self.warnings(warnings)


class XlsxSink(Sink):
    def __init__(self, target: Target, year: int | None, report: Report, w: Words):
        from .sheets import XlsxResultWriter

        super().__init__(target, year, report)
        self.writer = XlsxResultWriter(target.tmp, w)

    def add(self, r: SubjectResult) -> None:
        self.writer.add(r)

    def close(self) -> None:
        self.writer.close()
        super().close()

    def abort(self) -> None:
        try:
            self.writer.close()
        except Exception:
            pass
        super().abort()


@dataclass(frozen=True)
class Scenario:
    """What the output says of the evaluation beside its subjects, and in which language."""

    words: Words
    readings: Mapping[str, str] = field(default_factory=dict)
    awards_only: bool = False
    reform: tuple = ()  # the reform's changes (jjpolicy.parameters.Change)


def open_sink(fmt: str, out: str | None, year: int | None, report: Report, console, scenario: Scenario) -> Sink:
    target = Target(out, suffix="." + fmt)
    if fmt == "table":
        return TableSink(target, year, report, console, scenario)
    if fmt == "json":
        return JsonSink(target, year, report, scenario)
    if fmt == "jsonl":
        return JsonlSink(target, year, report, scenario)
    if fmt == "csv":
        return CsvSink(target, year, report, scenario.words)
    return XlsxSink(target, year, report, scenario.words)


# ----------------------------------------------------------------------------------------------------
# The commands
# ----------------------------------------------------------------------------------------------------


def evaluate_options(f):
    """The options of `evaluate` beyond --format and --year."""
    f = click.option(
        "--jobs",
        type=click.IntRange(min=0),
        default=1,
        show_default=True,
        help="Worker processes (0: one per core). The output is the same byte for byte.",
    )(f)
    f = click.option(
        "--keep-going",
        is_flag=True,
        help="Skip a subject (a JSON Lines line, a register's subject) with bad input, evaluate the rest, exit 3.",
    )(f)
    f = click.option(
        "--out",
        type=click.Path(dir_okay=False),
        help="Write the output to this file (required for xlsx; written only if the run finishes).",
    )(f)
    f = click.option(
        "--from",
        "source_format",
        type=click.Choice(INPUTS),
        help="The kind of FILE (default: by its name: .jsonl, .xlsx, else JSON).",
    )(f)
    return f


def run_evaluate(
    file,
    fmt: str,
    year: int | None,
    source_format: str | None,
    out: str | None,
    keep_going: bool,
    jobs: int,
    console,
    reformed=None,
    scenario: Scenario | None = None,
) -> None:
    """`reformed`: the reformed Policy to evaluate with; `scenario`: the language, the readings switched
    (evaluated with them), awards only or not, and the reform's changes the output states (default:
    English, nothing switched)."""
    scenario = scenario or Scenario(words("en"))
    if fmt == "xlsx" and out in (None, "-"):
        raise click.UsageError("--format xlsx writes a workbook: give --out FILE.xlsx")
    if out == "-":
        out = None  # stdout
    kind = input_format(getattr(file, "name", "-"), source_format)
    report = Report()
    show = progress_wanted()
    if kind == "jsonl":
        source: Source = LinesSource(file, keep_going, report, count=show)
    elif kind == "xlsx":
        source = sheet_source(file, keep_going, report)
    else:
        source = json_source(file, keep_going, report)
    sink = open_sink(fmt, out, year, report, console, scenario)
    done = 0
    try:
        with Progress(source.total, show, report) as bar:
            results = source.results(
                year,
                jobs=jobs,
                isolate=True,
                readings=scenario.readings,
                reformed=reformed,
                awards_only=scenario.awards_only,
                prepare=sink.prepare,
            )
            for r in results:
                sink.add(r)
                done += 1
                bar.advance()
        source.finish()
        if source.stopped is not None:
            sink.abort()
            if sink.target.streams and fmt in ("jsonl", "csv"):
                written = f"the results of the {done} subjects before it are written, nothing after it"
            else:
                written = "nothing is written"
            raise Finished(f"stopped at {source.stopped}: the input is unusable there; {written}", 2)
        sink.close()
    except BaseException:
        sink.abort()
        raise
    if source.skipped:
        raise Finished(f"skipped {source.skipped} of {source.read} subjects (bad input); evaluated {done}", EXIT_SKIPPED)


def read_all(file, kind: str) -> list[Subject]:
    """Every subject of the input, or every problem of it (exit 2)."""
    if kind == "json":
        return json_source(file, False, Report()).list
    if kind == "xlsx":
        return sheet_source(file, False, Report()).list
    subjects, problems = [], []
    for line in read_jsonl(lines_of(file)):
        if line.subject is not None:
            subjects.append(line.subject)
        problems += [f"line {line.number}: {p}" for p in line.problems]
    if problems:
        raise _bad_input(problems)
    return subjects


def run_convert(file, out: str, source_format: str | None, target_format: str | None) -> None:
    from .convert import write_json, write_jsonl
    from .sheets import SheetError, write_register

    to = target_format or input_format(out, None)
    if to == "json" and not target_format and not out.lower().endswith(".json") and out != "-":
        raise click.UsageError(f"--out {out}: name it .json, .jsonl or .xlsx, or say --to")
    if to == "xlsx" and out == "-":
        raise click.UsageError("--to xlsx writes a workbook: give --out FILE.xlsx")
    subjects = read_all(file, input_format(getattr(file, "name", "-"), source_format))
    target = Target(None if out == "-" else out, suffix="." + to)
    try:
        if to == "xlsx":
            n = write_register(subjects, target.tmp)
        else:
            n = (write_json if to == "json" else write_jsonl)(subjects, target.text())
        target.commit()
    except SheetError as exc:
        target.abort()
        raise click.ClickException(f"cannot convert to xlsx: {exc}") from None
    except BaseException:
        target.abort()
        raise
    if out != "-":
        click.echo(f"wrote {out}: {n} subjects", err=True)


def run_template(out: str) -> None:
    from .sheets import write_register

    target = Target(out, suffix=".xlsx")
    try:
        write_register([], target.tmp)
        target.commit()
    except BaseException:
        target.abort()
        raise
    click.echo(f"wrote {out}: an empty register (sheets subjects, years, events, past_awards, other_awards)", err=True)


@click.command()
@click.argument("file", type=click.File("rb"))
@click.option("--out", required=True, help="The converted facts: .json, .jsonl or .xlsx (- for stdout, with --to json or jsonl).")
@click.option("--from", "source_format", type=click.Choice(INPUTS), help="The kind of FILE (default: by its name).")
@click.option("--to", "target_format", type=click.Choice(INPUTS), help="The kind of output (default: by the name of --out).")
def convert(file, out: str, source_format: str | None, target_format: str | None) -> None:
    """Convert facts between JSON, JSON Lines and an Excel register, losslessly (the same facts).

    \b
    Example:
        jjpolicy convert facts/portfolio.json --out register.xlsx

        jjpolicy convert register.xlsx --out facts.jsonl
    """
    run_convert(file, out, source_format, target_format)


@click.command()
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the empty register (.xlsx).")
def template(out: str) -> None:
    """Write an empty Excel register: one sheet per kind of row (subjects, years, events, past_awards,
    other_awards), the contract's field names as headers, lists of the allowed values.

    \b
    Example:
        jjpolicy template --out register.xlsx && jjpolicy evaluate register.xlsx
    """
    run_template(out)
