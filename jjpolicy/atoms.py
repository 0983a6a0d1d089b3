"""Every predicate Python reads back from a model, declared once as a typed record and decoded here.

The encodings' `#show` statements (show_awards.lp; show.lp but in an awards-only evaluation, which reads
show_measures.lp instead; explain.lp when explaining) and the records below are held to each other by a
test, both ways: a renamed or dropped predicate is an error here, never an empty list somewhere else. A
field typed `int` is a number, `str` a string or a constant's name (reason codes, paths of a
disjunction), `Term` a structured term kept whole (a candidate c(Item, Year, Basis), a check, a
payment's key).

The first argument of every shown atom is the subject's number in its chunk.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple, TypeVar, get_type_hints

from .terms import Reader, Term


class Cand(NamedTuple):
    """cand/2: an item one fact of the subject speaks to, c(Item, Year, ev(E) | yr)."""

    subject: int
    cand: Term


class Deny(NamedTuple):
    """deny/3: a reason of eligibility (time or condition) the candidate is denied for."""

    subject: int
    cand: Term
    code: str


class Failed(NamedTuple):
    """failed/4: a check of the candidate that failed, with its reason code."""

    subject: int
    cand: Term
    check: Term
    code: str


class UsedCheck(NamedTuple):
    """used_check/3: a check an eligible candidate rests on."""

    subject: int
    cand: Term
    check: Term


class FirstMet(NamedTuple):
    """first_met/3: the first event that met a once-per-subject item (A19, A28)."""

    subject: int
    cand: Term
    event: int


class DayFirst(NamedTuple):
    """day_first/3: of events equally first on one day (A44), the one that is the item's first."""

    subject: int
    cand: Term
    event: int


class HigherFirst(NamedTuple):
    """higher_first/3: a higher level of the family met first, by this event (reading A20 blocked)."""

    subject: int
    cand: Term
    event: int


class SubsidyBase(NamedTuple):
    """subsidy_base/3: an event's share taken of Quanzhou's approved subsidy (reading A13 subsidy)."""

    subject: int
    event: int
    item: str


class HeldBy(NamedTuple):
    """held_by/3: the event that holds a status a check asks for (a title, a centre)."""

    subject: int
    check: Term
    event: int


class CrossedBefore(NamedTuple):
    """crossed_before/3: an earlier year whose figure already passed this tier (首次超過, A4)."""

    subject: int
    cand: Term
    year: int


class SummedIn(NamedTuple):
    """summed_in/3: a candidate whose figure counts toward a summed threshold (2.2 instruments)."""

    subject: int
    cand: Term
    figure: str


class OwnValue(NamedTuple):
    """own_value/3: what an eligible item pays for its event alone, in fen (stacking rule 3's figure)."""

    subject: int
    cand: Term
    fen: int


class Award(NamedTuple):
    """award/4: a payment, keyed by its candidate or, for an aggregated award, its group g(Item, Year) (or
    g(Item, Year, Basis) for an item capped per basis)."""

    subject: int
    key: Term
    item: str
    year: int


class AwardEvent(NamedTuple):
    """award_event/3: an event an award is paid for."""

    subject: int
    key: Term
    event: int


class Pay(NamedTuple):
    """pay/4: a part of an award, in fen (the amount, a share, a carry fen, the cap)."""

    subject: int
    key: Term
    part: Term
    fen: int


class SpeaksTo(NamedTuple):
    """speaks_to/2: a measure the subject's facts speak to (one of its candidates is of that measure)."""

    subject: int
    measure: str


class GrantedSupport(NamedTuple):
    """granted_support/2: a non-monetary item granted."""

    subject: int
    cand: Term


class StackReason(NamedTuple):
    """stack_reason/4: a stacking rule that keeps an eligible candidate out, and the candidate that won."""

    subject: int
    cand: Term
    code: str
    winner: Term


class OtherWins(NamedTuple):
    """other_wins/3: another policy's payment K beats this item for its event (stacking rule 3)."""

    subject: int
    cand: Term
    other: int


class OtherKept(NamedTuple):
    """other_kept/2: another policy's payment K that is taken."""

    subject: int
    other: int


class Warning(NamedTuple):
    """warning/2: something about the input that did not stop the evaluation."""

    subject: int
    what: Term


class Need(NamedTuple):
    """need/4 (explaining only): a check that must hold, with the code it fails with."""

    subject: int
    cand: Term
    check: Term
    code: str


class Alt(NamedTuple):
    """alt/6 (explaining only): a check of alternative `path` of disjunction `disjunction`."""

    subject: int
    cand: Term
    disjunction: str
    path: str
    check: Term
    code: str


class Ok(NamedTuple):
    """ok/3 (explaining only): a check that holds."""

    subject: int
    cand: Term
    check: Term


class Moot(NamedTuple):
    """moot/3 (explaining only): a check that does not apply (its figure is missing)."""

    subject: int
    cand: Term
    check: Term


class AltClosest(NamedTuple):
    """alt_closest/4 (explaining only): the alternative closest to passing when none passes (A26)."""

    subject: int
    cand: Term
    disjunction: str
    path: str


class AltChosen(NamedTuple):
    """alt_chosen/4 (explaining only): the alternative an award rests on."""

    subject: int
    cand: Term
    disjunction: str
    path: str


class Do(NamedTuple):
    """do/2 (qualify only): a change of one fact the least change makes."""

    subject: int
    change: int


SHOWN: tuple[type, ...] = (
    Cand,
    Deny,
    Failed,
    UsedCheck,
    FirstMet,
    DayFirst,
    HigherFirst,
    HeldBy,
    CrossedBefore,
    SummedIn,
    OwnValue,
    Award,
    AwardEvent,
    Pay,
    GrantedSupport,
    StackReason,
    OtherWins,
    OtherKept,
    Warning,
    SubsidyBase,
    SpeaksTo,
)
AWARDS_SHOWN: tuple[type, ...] = (Award, AwardEvent, Pay, GrantedSupport, OtherKept)  # show_awards.lp
MEASURES_SHOWN: tuple[type, ...] = (SpeaksTo,)  # show_measures.lp
EXPLAIN_SHOWN: tuple[type, ...] = (Need, Alt, Ok, Moot, AltClosest, AltChosen)
QUALIFY_SHOWN: tuple[type, ...] = (Do,)


def signature(record: type) -> tuple[str, int]:
    """The predicate a record stands for: its name in snake case and its arity (cand/2 ...)."""
    name = "".join(f"_{c.lower()}" if c.isupper() else c for c in record.__name__).lstrip("_")
    return name, len(record._fields)


def _decoder(record: type):
    """The record of an atom's argument Terms: an `int` field is the number, a `str` field the string or
    the constant's name (Term.plain), a Term is kept whole. Made as one expression per record, such as
    `lambda a: Deny(a[0].number, a[1], a[2].plain)`: a chunk runs it tens of thousands of times."""
    hints = get_type_hints(record)
    read = {int: "a[{}].number", str: "a[{}].plain"}
    fields = ", ".join(read.get(hints[f], "a[{}]").format(i) for i, f in enumerate(record._fields))
    return eval(f"lambda a: R({fields})", {"R": record})


_DECODERS = {(name.encode(), arity): _decoder(r) for r in SHOWN + EXPLAIN_SHOWN + QUALIFY_SHOWN for name, arity in [signature(r)]}

R = TypeVar("R")


class Shown:
    """The records of one subject, by type: `shown[Deny]` is the list of its Deny records."""

    __slots__ = ("_rows",)

    def __init__(self):
        self._rows: dict[type, list] = defaultdict(list)

    def __getitem__(self, record: type[R]) -> list[R]:
        return self._rows.get(record, [])

    def add(self, row) -> None:
        self._rows[type(row)].append(row)


class UndeclaredAtom(Exception):
    """The model shows a predicate no record declares (a #show added without its record)."""


def decode(symbols: list[int], reader: Reader | None = None) -> dict[int, Shown]:
    """The shown symbols of a model (their representations, Reader.shown), as records grouped by subject
    number."""
    reader = reader or Reader()
    term, memo = reader.term, reader.memo
    out: dict[int, Shown] = defaultdict(Shown)
    for rep in symbols:
        name = reader.name_bytes(rep)
        args = [memo.get(a) or term(a) for a in reader.arguments(rep)]
        decoder = _DECODERS.get((name, len(args)))
        if decoder is None:
            raise UndeclaredAtom(f"{name.decode()}/{len(args)} is shown but jjpolicy/atoms.py declares no record for it")
        row = decoder(args)
        out[row[0]].add(row)
    return out
