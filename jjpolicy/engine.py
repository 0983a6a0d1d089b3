"""Evaluate a portfolio chunk by chunk, in this process or on several cores.

Subjects never affect each other, so chunks are independent: with `jobs` above 1 each is solved and read
into results in a worker process (forked, so the validated facts are shared, not copied through a pipe);
only the results travel back. One job is the default: the output is the same byte for byte.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from .figures import Policy, policy
from .model import Subject
from .result import Builder, SubjectResult
from .solve import CHUNK, TimeLimit, solve_chunk

_PENDING: list[list[Subject]] = []
_READINGS: dict[str, str] = {}
_REFORMED: Policy | None = None  # the reformed policy of the evaluation in progress, if any
_AWARDS_ONLY = False


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic collector runs every 700 new container objects by default, and a chunk makes
    hundreds of thousands (facts, terms, records, messages), none of them garbage cycles: it took a
    fifth of the time of a chunk. Its first threshold is raised while a chunk is evaluated, and put
    back after."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 100_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def results(
    chunk: list[Subject],
    readings: Mapping[str, str] | None = None,
    reformed: Policy | None = None,
    awards_only: bool = False,
) -> list[SubjectResult]:
    """A chunk's results; a chunk that runs out of time is solved subject by subject, so that the
    TimeLimit raised names the one subject that does. `reformed`: a Policy with changed figures
    (jjpolicy/parameters.py), for this evaluation only; `awards_only`: the awards, support and other
    policies' payments, without their grounds or any denial (Builder.awards)."""
    try:
        with fewer_collections():
            answer = solve_chunk(chunk, readings=readings, reformed=reformed, awards_only=awards_only)
            builder = Builder(reformed or policy(), answer)
            return builder.awards() if awards_only else builder.subjects()
    except TimeLimit:
        if len(chunk) == 1:
            raise
    return [r for subject in chunk for r in results([subject], readings, reformed, awards_only)]


def _chunk(i: int) -> list[SubjectResult]:
    return results(_PENDING[i], _READINGS, _REFORMED, _AWARDS_ONLY)


def fork_context():
    """multiprocessing's fork context, or None where there is no fork. Imported when asked for, not at the
    top: one subject from the command line should not pay for multiprocessing."""
    import multiprocessing

    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def cores(jobs: int) -> int:
    """The number of worker processes `jobs` asks for: 0 is one per core."""
    if jobs < 0:
        raise ValueError("jobs must be 0 (one per core) or more")
    return jobs or os.cpu_count() or 1


def evaluate_subjects(
    subjects: list[Subject],
    readings: Mapping[str, str] | None = None,
    reformed: Policy | None = None,
    jobs: int = 1,
    awards_only: bool = False,
) -> list[SubjectResult]:
    """The subjects' results in order; `jobs` worker processes (1, the default: this one; 0: one per core)."""
    global _PENDING, _READINGS, _REFORMED, _AWARDS_ONLY
    chunks = [subjects[i : i + CHUNK] for i in range(0, len(subjects), CHUNK)]
    workers = min(len(chunks), cores(jobs))
    context = fork_context() if workers > 1 else None
    if context is None:
        return [r for chunk in chunks for r in results(chunk, readings, reformed, awards_only)]
    from concurrent.futures import ProcessPoolExecutor

    policy()  # read once here, inherited by the workers
    _PENDING, _READINGS, _REFORMED, _AWARDS_ONLY = chunks, dict(readings or {}), reformed, awards_only
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            return [r for part in pool.map(_chunk, range(len(chunks))) for r in part]
    finally:
        _PENDING, _READINGS, _REFORMED, _AWARDS_ONLY = [], {}, None, False
