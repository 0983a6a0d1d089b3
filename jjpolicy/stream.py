"""Evaluate subjects as a stream: chunk by chunk, results in input order, memory bounded by the chunk.

:func:`evaluate_stream` is the library's entry for inputs too large to hold (a generator over a file,
a partition of a data frame): it takes subjects one at a time, solves them in chunks of
:data:`jjpolicy.solve.CHUNK` (the engine's unit), and yields each chunk's results before it reads the
next. With ``jobs`` above 1, up to two chunks per worker are in flight at once.

:func:`read_jsonl` reads JSON Lines (one ``jjpolicy.facts/1`` subject object per line), validating each
line on its own: problems are reported with the line number and the JSON path within the line's object.
"""

from __future__ import annotations

import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO

from .engine import cores, evaluate_subjects, fewer_collections, fork_context
from .figures import policy
from .model import SCHEMA, InputError, Problem, Subject, decode_json, parse_facts
from .result import SubjectResult
from .solve import CHUNK

__all__ = ["evaluate_stream", "subject_from_dict", "read_jsonl", "Line", "relative_path"]


def _known() -> frozenset[str]:
    return frozenset(policy().items)


def relative_path(path: str, prefix: str = "subjects[0]") -> str:
    """A path of a one-subject document made relative to the subject: ``subjects[0].events[1]`` ->
    ``events[1]``, ``subjects[0]`` -> ``$``."""
    if path == prefix:
        return "$"
    if path.startswith(prefix + "."):
        return path[len(prefix) + 1 :]
    if path.startswith(prefix + "["):
        return path[len(prefix) :]
    return path


_FIRST_AT = re.compile(r"\(first at (subjects\[0\][^)]*)\)")


def _repath(problem: Problem, prefix: str) -> Problem:
    """The problem of a one-subject document with ``subjects[0]`` replaced by ``prefix`` (in the path
    and in the message, which may name an earlier field: ``(first at subjects[0].events[0])``)."""

    def move(path: str) -> str:
        rel = relative_path(path)
        if not prefix:
            return rel
        if rel == "$":
            return prefix
        return prefix + ("" if rel.startswith("[") else ".") + rel

    message = _FIRST_AT.sub(lambda m: f"(first at {move(m.group(1))})", problem.message)
    return Problem(move(problem.path), message)


def subject_from_dict(obj: object, prefix: str = "", known: frozenset[str] | None = None) -> Subject:
    """Validate one subject object (decoded JSON, exact decimals) into a Subject, or raise InputError.

    The problems' paths start with ``prefix`` (``subjects[6]``), or are relative to the object when it
    is empty (``events[0].date``; ``$`` for the object itself).
    """
    try:
        facts = parse_facts({"schema": SCHEMA, "subjects": [obj]}, _known() if known is None else known)
    except InputError as exc:
        raise InputError([_repath(p, prefix) for p in exc.problems]) from None
    return facts.subjects[0]


def _chunks(items: Iterable[Subject], size: int) -> Iterator[list[Subject]]:
    """Lists of `size` items; when the source raises, the items read before it come first."""
    buf: list[Subject] = []
    source = iter(items)
    while True:
        try:
            item = next(source)
        except StopIteration:
            break
        except Exception:
            if buf:
                yield buf
            raise
        buf.append(item)
        if len(buf) == size:
            yield buf
            buf = []
    if buf:
        yield buf


def _die_with_parent(parent: int) -> None:
    """A worker's initializer: end with the process that started it. A forked worker waits on a pipe
    whose writing end it holds itself, so a parent killed outright (SIGKILL, SIGTERM) would leave it
    waiting for ever; on Linux the kernel now kills it (PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):  # not Linux: nothing to ask
        pass
    if os.getppid() != parent:  # the parent died before the request
        os._exit(1)


# The readings, the reformed policy, the detail (awards only or not), the year and what to make of a
# result (`prepare`) of the running stream: set before any worker is forked, so that
# every worker, replaced or not, inherits them.
_SCENARIO: dict = {}


def _solve(chunk: list[Subject]) -> list:
    # Made into text (prepare) with the collector held back too, as the chunk was evaluated: a full
    # result's dictionaries would otherwise set it off hundreds of times a chunk (8% of the time).
    with fewer_collections():
        results = evaluate_subjects(
            chunk, _SCENARIO.get("readings"), _SCENARIO.get("reformed"), jobs=1, awards_only=_SCENARIO.get("awards_only", False)
        )
        year, prepare = _SCENARIO.get("year"), _SCENARIO.get("prepare")
        results = [r.for_year(year) for r in results]
        return [prepare(r) for r in results] if prepare else results


#: Chunks a worker process solves before it is replaced: clingo keeps every function symbol it has made
#: for the life of the process (a few MB per 200 subjects), so a long stream in one process grows.
RECYCLE = 10


def solve_chunks(
    chunks: Iterable, jobs: int = 1, isolate: bool = False, work: Callable[[object], list] = _solve
) -> Iterator[list]:
    """Each chunk's results, in order: `work(chunk)` (a module-level function: the workers find it by
    name), by default the results of a chunk of Subjects.

    With several jobs, or one isolated job, the chunks are solved in forked worker processes (with
    several, at most two per worker ahead of the one being yielded), each worker replaced after :data:`RECYCLE` chunks so
    that memory stays bounded however long the stream. An error of the source is raised after the
    chunks read before it are yielded.
    """
    workers = cores(jobs)
    context = fork_context() if workers > 1 or isolate else None
    if context is None:
        for chunk in chunks:
            yield work(chunk)
        return
    from concurrent.futures import ProcessPoolExecutor

    policy()  # read once here, inherited by the workers
    source = iter(chunks)
    pending: deque = deque()
    pools: list = []  # of ProcessPoolExecutor
    submitted = 0
    ahead = 0 if workers == 1 else 2 * workers
    error: Exception | None = None
    try:
        while True:
            try:
                chunk = next(source)
            except StopIteration:
                break
            except Exception as exc:  # raised once the chunks before it are out
                error = exc
                break
            if not pools or submitted == workers * RECYCLE:
                if pools:
                    pools[-1].shutdown(wait=False)  # finishes what it was given, then its workers exit
                pools.append(
                    ProcessPoolExecutor(
                        workers,
                        mp_context=context,
                        initializer=_die_with_parent,
                        initargs=(os.getpid(),),
                    )
                )
                submitted = 0
            pending.append(pools[-1].submit(work, chunk))
            submitted += 1
            # one worker: each chunk is out before the next is read, as in this process (a pipe sees
            # its lines at once); several: up to two chunks per worker ahead, and what is done is out
            while len(pending) > ahead or (pending and pending[0].done()):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
    if error is not None:
        raise error


def evaluate_stream(
    subjects: Iterable[Mapping | Subject],
    year: int | None = None,
    *,
    jobs: int = 1,
    chunk: int = CHUNK,
    isolate: bool = False,
    readings: Mapping[str, str] | None = None,
    reformed=None,
    awards_only: bool = False,
    prepare: Callable[[SubjectResult], object] | None = None,
) -> Iterator:
    """Yield the result of each subject, in order, reading `subjects` a chunk at a time.

    `subjects` is any iterable of subject objects (a ``jjpolicy.facts/1`` subject: decoded JSON, best
    with ``parse_float=Decimal``; floats are read through their shortest repr) or of validated
    :class:`~jjpolicy.model.Subject`. A bad one raises :class:`InputError` (paths ``subjects[i]...``,
    i counting from 0 in the iterable) once the results of the subjects before it have been yielded.
    Subject ids are not checked for uniqueness across the stream (a partition cannot see the others).
    `year` keeps only that year's results (stacking is decided over the whole window); `jobs`,
    `readings`, `reformed` and `awards_only` as in :func:`jjpolicy.evaluate_facts`. `prepare`, a
    function of a result, runs where the result is made (in the worker process, with several jobs or
    ``isolate``), and what it returns is yielded instead: to turn results into text or rows there, so
    that only those travel back (the command line's JSON Lines and CSV do).

    Memory holds a few chunks of subjects and results, whatever the length of the stream; but clingo
    keeps every symbol it has made for the life of the process that solves (some MB per thousand
    subjects). With ``jobs`` of 2 or more, or ``isolate=True`` for one job, chunks are solved in forked
    worker processes replaced every :data:`RECYCLE` chunks, so that a stream of any length runs in
    bounded memory (the command line does this); with one job and ``isolate=False`` (the default) they
    are solved in this process, which grows with the stream.
    """
    _scenario(readings=readings, reformed=reformed, awards_only=awards_only, year=year, prepare=prepare)
    if chunk < 1:
        raise ValueError("chunk must be 1 or more")
    known = _known()

    def validated() -> Iterator[Subject]:
        for i, obj in enumerate(subjects):
            yield obj if isinstance(obj, Subject) else subject_from_dict(obj, f"subjects[{i}]", known)

    for results in solve_chunks(_chunks(validated(), chunk), jobs, isolate):
        yield from results


def _scenario(*, readings=None, reformed=None, awards_only: bool = False, year: int | None = None, prepare=None) -> None:
    _SCENARIO.clear()
    _SCENARIO.update(readings=dict(readings or {}), reformed=reformed, awards_only=awards_only, year=year, prepare=prepare)


# The subjects of evaluate_held's list, set before any worker is forked: a worker reads its chunk from its
# own copy of the parent's memory, and only the results travel (a Subject through a pipe costs more to
# pickle and unpickle than to validate).
_HELD: list[Subject] = []


def _solve_held(span: tuple[int, int]) -> list:
    return _solve(_HELD[span[0] : span[1]])


def evaluate_held(
    subjects: list[Subject], year: int | None = None, *, jobs: int = 1, isolate: bool = False, **scenario
) -> Iterator:
    """:func:`evaluate_stream` of validated subjects already held in a list (a JSON document, a register),
    which forked workers share instead of receiving them through a pipe; `scenario`: evaluate_stream's
    readings, reformed, awards_only and prepare."""
    global _HELD
    _scenario(year=year, **scenario)
    _HELD = subjects
    try:
        spans = ((i, min(i + CHUNK, len(subjects))) for i in range(0, len(subjects), CHUNK))
        for results in solve_chunks(spans, jobs, isolate, work=_solve_held):
            yield from results
    finally:
        _HELD = []


# ----------------------------------------------------------------------------------------------------
# JSON Lines
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One non-blank line of a JSON Lines input: its subject, or its problems (never both)."""

    number: int  # 1-based, counting blank lines
    subject: Subject | None
    problems: tuple[Problem, ...] = ()


def _line_problem(message: str) -> Problem:
    # decode_json's position is within the line: "(line 1, column 5)" -> "(column 5)"
    return Problem("$", message.replace("(line 1, column ", "(column "))


def _text(number: int, raw: bytes | str) -> str:
    """A line as text: UTF-8 (UnicodeDecodeError otherwise), the first line's byte-order mark dropped."""
    if isinstance(raw, (bytes, bytearray)):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        return bytes(raw).decode("utf-8")
    return raw.removeprefix("\ufeff") if number == 1 else raw


def _blank(number: int, raw: bytes | str) -> bool:
    """A line of nothing but white space: skipped, and counted. A line that is not UTF-8 is not blank:
    check_line reports it."""
    try:
        return not _text(number, raw).strip()
    except UnicodeDecodeError:
        return False


def check_line(number: int, raw: bytes | str, known: frozenset[str]) -> Line:
    """One non-blank line decoded (UTF-8, exact decimals) and validated on its own, whatever the lines
    around it (read_jsonl says whether its subject id was seen before)."""
    try:
        text = _text(number, raw)
    except UnicodeDecodeError as exc:
        return Line(number, None, (Problem("$", f"not valid UTF-8 ({exc.reason} at byte {exc.start})"),))
    try:
        return Line(number, subject_from_dict(decode_json(text.rstrip("\r\n")), "", known))
    except InputError as exc:
        return Line(number, None, tuple(_line_problem(p.message) if p.path == "$" else p for p in exc.problems))


class _FirstAt:
    """The line where each subject id was first seen: a later line with the same id is bad."""

    def __init__(self) -> None:
        self.lines: dict[str, int] = {}

    def problem(self, subject_id: str, number: int) -> Problem | None:
        first = self.lines.setdefault(subject_id, number)
        if first == number:
            return None
        return Problem("id", f"duplicate subject id {_quote(subject_id)} (first at line {first})")


def read_jsonl(lines: Iterable[bytes | str], known: frozenset[str] | None = None) -> Iterator[Line]:
    """Each non-blank line decoded (UTF-8, exact decimals) and validated on its own; problems have
    paths relative to the line's object (``events[0].date``, ``$``). A subject id seen on an earlier
    line makes the later line bad. Blank lines are skipped (and counted)."""
    known = _known() if known is None else known
    first_at = _FirstAt()
    for number, raw in enumerate(lines, 1):
        if _blank(number, raw):
            continue
        line = check_line(number, raw, known)
        if line.subject is not None:
            duplicate = first_at.problem(line.subject.id, number)
            if duplicate is not None:
                line = Line(number, None, (duplicate,))
        yield line


@dataclass(frozen=True)
class Outcome:
    """One non-blank line of a JSON Lines input evaluated: its result (what `prepare` made of it), or its
    problems (never both); a line read after LineResults.stop() has neither."""

    number: int
    result: object = None
    problems: tuple[Problem, ...] = ()


def _solve_lines(
    unit: tuple[list[tuple[int, bytes | str]], bool],
) -> tuple[list[tuple[int, str | None, tuple[Problem, ...]]], list]:
    """A chunk of lines validated, and solved unless `solve` is false: for each line, its number, its
    subject id (None when bad) and its problems; and the results of its good lines, in order."""
    lines, solve = unit
    known = _known()
    checked = [check_line(number, raw, known) for number, raw in lines]
    good = [line.subject for line in checked if line.subject is not None]
    heads = [(line.number, line.subject.id if line.subject else None, line.problems) for line in checked]
    return heads, _solve(good) if solve and good else []


class LineResults:
    """:func:`evaluate_lines`' outcomes, one per non-blank line, in order. Call :meth:`stop` to have the
    lines not yet handed to a worker validated only (their problems reported, nothing solved)."""

    def __init__(self, lines: Iterable[bytes | str], jobs: int, isolate: bool):
        self.solving = True
        self._outcomes = self._run(lines, jobs, isolate)

    def __iter__(self) -> Iterator[Outcome]:
        return self._outcomes

    def stop(self) -> None:
        self.solving = False

    def _units(self, lines: Iterable[bytes | str]) -> Iterator[tuple[list, bool]]:
        chunk: list[tuple[int, bytes | str]] = []
        for number, raw in enumerate(lines, 1):
            if _blank(number, raw):
                continue
            chunk.append((number, raw))
            if len(chunk) == CHUNK:
                yield chunk, self.solving
                chunk = []
        if chunk:
            yield chunk, self.solving

    def _run(self, lines: Iterable[bytes | str], jobs: int, isolate: bool) -> Iterator[Outcome]:
        first_at = _FirstAt()
        for heads, results in solve_chunks(self._units(lines), jobs, isolate, work=_solve_lines):
            solved = iter(results)
            for number, subject_id, problems in heads:
                if subject_id is None:
                    yield Outcome(number, problems=problems)
                    continue
                result = next(solved, None)
                duplicate = first_at.problem(subject_id, number)
                yield Outcome(number, problems=(duplicate,)) if duplicate else Outcome(number, result)


def evaluate_lines(
    lines: Iterable[bytes | str], year: int | None = None, *, jobs: int = 1, isolate: bool = False, **scenario
) -> LineResults:
    """JSON Lines evaluated as :func:`read_jsonl` reads them and :func:`evaluate_stream` solves them, each
    chunk of lines validated where it is solved (in the worker process, with several jobs or
    ``isolate``): only the lines travel there and only what `prepare` makes travels back. `scenario` as
    :func:`evaluate_held`'s."""
    _scenario(year=year, **scenario)
    return LineResults(lines, jobs, isolate)


def _quote(text: str) -> str:
    if len(text) > 60:
        text = text[:60] + "..."
    return json.dumps(text, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8")


def lines_of(fh: BinaryIO) -> Iterator[bytes]:
    """The lines of a binary file, read as they come (a pipe is read no further than needed)."""
    while True:
        line = fh.readline()
        if not line:
            return
        yield line
