"""The input model: ``jjpolicy.facts/1`` as frozen objects, and the error that lists what is wrong."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal


class FrozenMap(Mapping[str, object]):
    """A read-only, hashable mapping (the ``fields`` of events and years)."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, object] | Iterable[tuple[str, object]] = ()):
        self._data = dict(data)
        self._hash: int | None = None

    def __getitem__(self, key: str) -> object:
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, at a JSON path (``$`` = document)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InputError(Exception):
    """The input is unusable; ``problems`` lists everything found."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    date: datetime.date
    renewal: bool
    project: str | None
    #: The type's extra fields present in the input (money -> Decimal yuan,
    #: flags -> bool, counts -> int, enums -> str). Read-only.
    fields: Mapping[str, object]
    path: str


@dataclass(frozen=True)
class YearFacts:
    year: int
    #: The year's fields present in the input. Read-only.
    fields: Mapping[str, object]
    path: str


@dataclass(frozen=True)
class PastAward:
    item: str
    year: int
    project: str | None
    path: str


@dataclass(frozen=True)
class OtherAward:
    event: str
    policy: str
    amount: Decimal
    path: str


@dataclass(frozen=True)
class Subject:
    id: str
    name: str | None
    kind: str
    registered_in_jinjiang: bool
    years: tuple[YearFacts, ...]  # sorted by year
    events: tuple[Event, ...]  # input order
    past_awards: tuple[PastAward, ...]
    other_awards: tuple[OtherAward, ...]  # sorted by (event, policy, amount)
    path: str


@dataclass(frozen=True)
class Facts:
    subjects: tuple[Subject, ...]
