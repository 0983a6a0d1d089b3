"""Evaluate a portfolio chunk by chunk, on every core the machine has.

Subjects never affect each other, so chunks are independent: each is solved and read into results in a
worker process (forked, so the validated facts are shared, not copied through a pipe); only the results
travel back.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from .figures import policy
from .model import Subject
from .result import Builder, SubjectResult
from .solve import CHUNK, TimeLimit, solve_chunk

_PENDING: list[list[Subject]] = []


def results(chunk: list[Subject]) -> list[SubjectResult]:
    """A chunk's results; a chunk that runs out of time is solved subject by subject, so that the
    TimeLimit raised names the one subject that does."""
    try:
        return Builder(policy(), solve_chunk(chunk)).subjects()
    except TimeLimit:
        if len(chunk) == 1:
            raise
    return [r for subject in chunk for r in results([subject])]


def _chunk(i: int) -> list[SubjectResult]:
    return results(_PENDING[i])


def evaluate_subjects(subjects: list[Subject]) -> list[SubjectResult]:
    global _PENDING
    chunks = [subjects[i : i + CHUNK] for i in range(0, len(subjects), CHUNK)]
    workers = min(len(chunks), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [r for chunk in chunks for r in results(chunk)]
    policy()  # read once here, inherited by the workers
    _PENDING = chunks
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [r for part in pool.map(_chunk, range(len(chunks))) for r in part]
    finally:
        _PENDING = []
