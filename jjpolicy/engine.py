"""Evaluate a portfolio chunk by chunk, in this process or on several cores.

Subjects never affect each other, so chunks are independent: with `jobs` above 1 each is solved and read
into results in a worker process (forked, so the validated facts are shared, not copied through a pipe);
only the results travel back. One job is the default: the output is the same byte for byte.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from .figures import policy
from .model import Subject
from .result import Builder, SubjectResult
from .solve import CHUNK, solve_chunk

_PENDING: list[list[Subject]] = []


def _chunk(i: int) -> list[SubjectResult]:
    return Builder(policy(), solve_chunk(_PENDING[i])).subjects()


def cores(jobs: int) -> int:
    """The number of worker processes `jobs` asks for: 0 is one per core."""
    if jobs < 0:
        raise ValueError("jobs must be 0 (one per core) or more")
    return jobs or os.cpu_count() or 1


def evaluate_subjects(subjects: list[Subject], jobs: int = 1) -> list[SubjectResult]:
    """The subjects' results in order; `jobs` worker processes (1, the default: this one; 0: one per core)."""
    global _PENDING
    chunks = [subjects[i : i + CHUNK] for i in range(0, len(subjects), CHUNK)]
    workers = min(len(chunks), cores(jobs))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [r for chunk in chunks for r in Builder(policy(), solve_chunk(chunk)).subjects()]
    policy()  # read once here, inherited by the workers
    _PENDING = chunks
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [r for part in pool.map(_chunk, range(len(chunks))) for r in part]
    finally:
        _PENDING = []
