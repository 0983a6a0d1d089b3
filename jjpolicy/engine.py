"""Evaluate a portfolio chunk by chunk, on every core the machine has.

Subjects never affect each other, so chunks are independent: each is solved and read into results in a
worker process (forked, so the validated facts are shared, not copied through a pipe); only the results
travel back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor

from .figures import policy
from .model import Subject
from .result import Builder, SubjectResult
from .solve import CHUNK, TimeLimit, solve_chunk

_PENDING: list[list[Subject]] = []
_READINGS: dict[str, str] = {}


def results(chunk: list[Subject], readings: Mapping[str, str] | None = None) -> list[SubjectResult]:
    """A chunk's results; a chunk that runs out of time is solved subject by subject, so that the
    TimeLimit raised names the one subject that does."""
    try:
        return Builder(policy(), solve_chunk(chunk, readings=readings)).subjects()
    except TimeLimit:
        if len(chunk) == 1:
            raise
    return [r for subject in chunk for r in results([subject], readings)]


def _chunk(i: int) -> list[SubjectResult]:
    return results(_PENDING[i], _READINGS)


def evaluate_subjects(subjects: list[Subject], readings: Mapping[str, str] | None = None) -> list[SubjectResult]:
    global _PENDING, _READINGS
    chunks = [subjects[i : i + CHUNK] for i in range(0, len(subjects), CHUNK)]
    workers = min(len(chunks), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [r for chunk in chunks for r in results(chunk, readings)]
    policy()  # read once here, inherited by the workers
    _PENDING, _READINGS = chunks, dict(readings or {})
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [r for part in pool.map(_chunk, range(len(chunks))) for r in part]
    finally:
        _PENDING, _READINGS = [], {}
