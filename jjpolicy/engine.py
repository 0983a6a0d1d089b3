"""Evaluate a portfolio chunk by chunk, on every core the machine has.

Subjects never affect each other, so chunks are independent: each is solved and read into results in a
worker process (forked, so the validated facts are shared, not copied through a pipe); only the results
travel back.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from .figures import Policy, policy
from .model import Subject
from .result import Builder, SubjectResult
from .solve import CHUNK, solve_chunk

_PENDING: list[list[Subject]] = []
_REFORMED: Policy | None = None  # the reformed policy of the evaluation in progress, if any


def _solve(chunk: list[Subject], reformed: Policy | None) -> list[SubjectResult]:
    return Builder(reformed or policy(), solve_chunk(chunk, reformed=reformed)).subjects()


def _chunk(i: int) -> list[SubjectResult]:
    return _solve(_PENDING[i], _REFORMED)


def evaluate_subjects(subjects: list[Subject], reformed: Policy | None = None) -> list[SubjectResult]:
    """The subjects' results; `reformed`: a Policy with changed figures (jjpolicy/parameters.py), for this
    evaluation only."""
    global _PENDING, _REFORMED
    chunks = [subjects[i : i + CHUNK] for i in range(0, len(subjects), CHUNK)]
    workers = min(len(chunks), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [r for chunk in chunks for r in _solve(chunk, reformed)]
    policy()  # read once here, inherited by the workers
    _PENDING, _REFORMED = chunks, reformed
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [r for part in pool.map(_chunk, range(len(chunks))) for r in part]
    finally:
        _PENDING, _REFORMED = [], None
