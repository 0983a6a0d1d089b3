"""The input model: ``jjpolicy.facts/1`` validated into frozen objects.

:func:`parse_facts` checks already-decoded JSON, :func:`load_facts` decodes
text first. Both collect *every* problem, each with its JSON path
(``subjects[0].events[2].level``), and raise :class:`InputError` carrying
them all; they never raise anything else, whatever the input.

Validation is hand-rolled on purpose: the messages are part of the user
interface (``exit 2``, one problem per line on stderr).
"""

from __future__ import annotations

import datetime
import difflib
import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .money import MONEY_MESSAGE, parse_money

__all__ = [
    "SCHEMA",
    "SUBJECT_KINDS",
    "EVENT_TYPES",
    "EVENT_FIELDS",
    "YEAR_FIELDS",
    "Problem",
    "InputError",
    "FrozenMap",
    "Event",
    "YearFacts",
    "PastAward",
    "OtherAward",
    "Subject",
    "Facts",
    "parse_facts",
    "load_facts",
    "decode_json",
]

SCHEMA = "jjpolicy.facts/1"

SUBJECT_KINDS: tuple[str, ...] = (
    "industrial_enterprise",
    "enterprise",
    "green_service_institution",
    "digital_service_provider",
    "association",
    "other_unit",
)

MAX_COUNT = 1_000_000_000
MAX_DAYS = 100_000


# --------------------------------------------------------------------------
# Public model
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Decoding helpers: markers that carry odd JSON values to a path-aware report
# --------------------------------------------------------------------------


class _NonFinite:
    """A ``NaN`` / ``Infinity`` / ``-Infinity`` literal (not valid JSON)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class _LongInt(Decimal):
    """An integer literal too long to be converted to ``int`` cheaply."""


class _Object(dict):
    """A decoded JSON object that remembers keys given more than once."""

    __slots__ = ("duplicates",)

    def __init__(self, pairs: list[tuple[str, Any]]):
        super().__init__()
        duplicates: list[str] = []
        for key, value in pairs:
            if key in self and key not in duplicates:
                duplicates.append(key)
            self[key] = value
        self.duplicates = tuple(duplicates)


def _parse_int(text: str) -> object:
    if len(text.lstrip("-")) > 40:
        return _LongInt(text)
    return int(text)


# --------------------------------------------------------------------------
# Message helpers
# --------------------------------------------------------------------------

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z|[0-9]+\Z")


def _quote(text: str, limit: int = 60) -> str:
    """JSON-quote ``text`` for a message; safe to print (no lone surrogates)."""
    if len(text) > limit:
        text = text[:limit] + "..."
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.encode("utf-8", "backslashreplace").decode("utf-8")


def _show(value: object) -> str:
    """A short description of a JSON value, for "(got ...)"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _NonFinite):
        return value.name
    if isinstance(value, _LongInt):
        return f"an integer with {len(str(value).lstrip('-'))} digits"
    if isinstance(value, int):
        if value.bit_length() > 200:
            return "a very large integer"
        return str(value)
    if isinstance(value, Decimal):
        text = str(value)
        return text if len(text) <= 40 else text[:40] + "..."
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _key_path(path: str, key: object) -> str:
    if not isinstance(key, str):
        return f"{path}[{_show(key)}]"
    if _IDENT.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{_quote(key)}]"


def _index_path(path: str, index: int) -> str:
    return f"{path}[{index}]"


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _Invalid(Exception):
    """Raised by a value checker: ``message`` says what was expected."""

    def __init__(self, message: str, show_value: bool = True):
        super().__init__(message)
        self.message = message
        self.show_value = show_value


# --------------------------------------------------------------------------
# Value checkers: value -> converted value, or raise _Invalid
# --------------------------------------------------------------------------

Checker = Callable[[object], object]


def _money(value: object) -> Decimal:
    if isinstance(value, (_NonFinite, _LongInt)):
        raise _Invalid(MONEY_MESSAGE)
    try:
        return parse_money(value)
    except ValueError:
        raise _Invalid(MONEY_MESSAGE) from None


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _Invalid("expected true or false")


def _share(value: object) -> Decimal:
    message = "expected a number from 0 to 1"
    if isinstance(value, bool) or isinstance(value, (_NonFinite, _LongInt)):
        raise _Invalid(message)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise _Invalid(message)
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _Invalid(message)
        number = Decimal(repr(value))
    else:
        raise _Invalid(message)
    if number < 0 or number > 1:
        raise _Invalid(message)
    if number == 0:
        return Decimal(0)  # no "-0"
    return number


def _int_range(low: int, high: int, message: str | None = None) -> Checker:
    text = message or f"expected an integer from {low} to {high}"

    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(text)
        if value < low or value > high:
            raise _Invalid(text)
        return int(value)

    return check


def _enum(*values: str) -> Checker:
    text = "expected one of " + ", ".join(values)

    def check(value: object) -> str:
        if isinstance(value, str) and value in values:
            return value
        raise _Invalid(text)

    check.values = values  # type: ignore[attr-defined]
    return check


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _Invalid("expected a string")
    if _has_lone_surrogate(value):
        raise _Invalid("expected valid Unicode text (found a lone surrogate)", False)
    return value


def _nonempty_text(value: object) -> str:
    if not isinstance(value, str) or value == "":
        raise _Invalid("expected a non-empty string")
    return _text(value)


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


def _date(value: object) -> datetime.date:
    message = "expected a date YYYY-MM-DD"
    if not isinstance(value, str):
        raise _Invalid(message)
    match = _DATE.match(value)
    if not match:
        raise _Invalid(message)
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise _Invalid(message + " that exists in the calendar") from None


_year_int = _int_range(1000, 9999, "expected a 4-digit year (an integer from 1000 to 9999)")


# --------------------------------------------------------------------------
# The schema tables
# --------------------------------------------------------------------------

_NP = _enum("national", "provincial")
_NPQ = _enum("national", "provincial", "quanzhou")
_N = _enum("national")
_J = _enum("jinjiang")
_COUNT = _int_range(0, MAX_COUNT)

#: event type -> {field: (checker, required)} for its extra fields, in order.
EVENT_FIELDS: Mapping[str, Mapping[str, tuple[Checker, bool]]] = MappingProxyType(
    {
        "above_scale_new": {},
        "strategic_emerging_new": {},
        "single_champion": {"level": (_NP, True)},
        "specialized_sme": {"level": (_NP, True)},
        "innovative_sme": {},
        "equipment_project": {
            "total_investment": (_money, True),
            "equipment_purchase": (_money, True),
            "key_tech_renovation": (_bool, True),
            "in_statistics": (_bool, True),
        },
        "design_institute": {"level": (_NP, True)},
        "design_center": {"level": (_NPQ, True)},
        "enterprise_tech_center": {"level": (_NPQ, True)},
        "innovation_center": {
            "level": (_NP, True),
            "role": (_enum("lead", "member"), True),
        },
        "tech_innovation_demo": {"level": (_N, True)},
        "rd_instrument_purchase": {"amount": (_money, True)},
        "first_set": {"scope": (_enum("domestic", "provincial"), True)},
        "management_consulting": {
            "fee": (_money, True),
            "pre_filed": (_bool, True),
        },
        "service_manufacturing_demo": {"level": (_NP, True)},
        "military_qualification": {
            "qualification": (
                _enum("quality_system", "secrecy", "production_license", "contractor"),
                True,
            ),
        },
        "green_list": {
            "list": (_enum("factory", "supply_chain", "park"), True),
            "level": (_NP, True),
        },
        "green_design_demo": {"level": (_N, True)},
        "energy_efficiency_leader": {"level": (_NP, True)},
        "industry_standard_conditions": {},
        "carbon_footprint_cert": {},
        "energy_management_cert": {},
        "smart_factory": {
            "rating": (_enum("leading", "excellent", "demonstration", "advanced"), True),
        },
        "digital_demo": {
            "level": (_J, True),
            "total_investment": (_money, True),
            "in_use": (_bool, True),
            "promotes": (_bool, True),
        },
        "app_demo": {
            "area": (_enum("5g", "big_data"), True),
            "recognized_investment": (_money, True),
            "quanzhou_subsidy": (_money, False),
        },
        "industrial_internet_demo": {
            "recognized_investment": (_money, True),
            "quanzhou_subsidy": (_money, False),
        },
        "sme_digital_retrofit": {
            "recognized_investment": (_money, True),
            "digital_level": (_int_range(1, 5), True),
            "pilot": (_bool, True),
            "quanzhou_subsidy": (_money, False),
        },
        "digital_package": {"sme_count": (_COUNT, True)},
        "quality_award": {
            "award": (
                _enum("china", "china_nomination", "fujian", "fujian_nomination", "quanzhou"),
                True,
            ),
        },
        "geographical_indication": {},
        "standards_secretariat": {
            "body": (_enum("national_tc", "national_sc", "national_wg", "provincial_tc"), True),
        },
        "standard": {
            "level": (_enum("international", "national", "industry", "local", "group"), True),
            "role": (_enum("lead", "participate"), True),
            # Required for local/group, forbidden otherwise: see _check_standard.
            "jinjiang_rank": (_int_range(1, MAX_COUNT), False),
            "direct_elevation": (_bool, False),
        },
        "standardization_demo": {"level": (_NP, True)},
        "public_consulting": {
            "enterprises_served": (_COUNT, True),
            "pre_filed": (_bool, True),
        },
        "public_service_event": {
            "government_guided": (_bool, True),
            "has_expenses": (_bool, True),
            "meets_standards": (_bool, True),
            "filed_days_ahead": (_int_range(-MAX_DAYS, MAX_DAYS), True),
        },
        "regional_brand": {"investment": (_money, True)},
    }
)

EVENT_TYPES: tuple[str, ...] = tuple(EVENT_FIELDS)

_EVENT_COMMON: dict[str, tuple[Checker, bool]] = {
    "id": (_nonempty_text, True),
    "type": (_enum(*EVENT_TYPES), True),
    "date": (_date, True),
    "renewal": (_bool, False),
    "project": (_nonempty_text, False),
}
_ALL_EVENT_KEYS = frozenset(_EVENT_COMMON).union(*(f.keys() for f in EVENT_FIELDS.values()))

#: year field -> checker (all optional).
YEAR_FIELDS: Mapping[str, Checker] = MappingProxyType(
    {
        "industrial_output": _money,
        "strategic_emerging_output": _money,
        "revenue": _money,
        "above_scale": _bool,
        "key_industrial_enterprise": _bool,
        "green_power_share": _share,
    }
)

_TOP_KEYS = ("schema", "subjects")
_SUBJECT_KEYS = (
    "id",
    "name",
    "kind",
    "registered_in_jinjiang",
    "years",
    "events",
    "past_awards",
    "other_awards",
)
_PAST_AWARD_KEYS = ("item", "year", "project")
_OTHER_AWARD_KEYS = ("event", "policy", "amount")
_YEAR_KEY = re.compile(r"[1-9][0-9]{3}\Z")

_MISSING = object()


# --------------------------------------------------------------------------
# The validator
# --------------------------------------------------------------------------


class _Validator:
    def __init__(self, known_items: frozenset[str] | None):
        self.known_items = known_items
        self.problems: list[Problem] = []

    # -- reporting ---------------------------------------------------------

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path or "$", message))

    def field(
        self,
        obj: Mapping[str, object],
        path: str,
        name: str,
        checker: Checker,
        required: bool,
    ) -> object:
        """Check ``obj[name]``; return the converted value, or _MISSING."""
        here = _key_path(path, name)
        if name not in obj:
            if required:
                self.add(here, "required field missing")
            return _MISSING
        value = obj[name]
        try:
            return checker(value)
        except _Invalid as bad:
            message = bad.message
            if bad.show_value:
                message += f" (got {_show(value)})"
            self.add(here, message)
            return _MISSING

    def expect_object(self, value: object, path: str) -> bool:
        if not isinstance(value, dict):
            self.add(path, f"expected an object (got {_show(value)})")
            return False
        for key in getattr(value, "duplicates", ()):
            self.add(_key_path(path, key), "duplicate key: this field is given more than once")
        return True

    def expect_list(self, value: object, path: str) -> bool:
        if not isinstance(value, list):
            self.add(path, f"expected a list (got {_show(value)})")
            return False
        return True

    def unique(self, ident: object, path: str, first_at: dict[str, str], what: str) -> None:
        """An id seen before is reported on the later object, naming the first."""
        if not isinstance(ident, str):
            return
        if ident in first_at:
            self.add(_key_path(path, "id"), f"duplicate {what} id {_quote(ident)} (first at {first_at[ident]})")
        else:
            first_at[ident] = path

    def unknown_fields(self, obj: Mapping[object, object], path: str, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for key in obj:
            if isinstance(key, str) and key in allowed:
                continue
            message = "unknown field"
            if isinstance(key, str):
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
                if close:
                    message += f" (did you mean {_quote(close[0])}?)"
            self.add(_key_path(path, key), message)

    # -- document ----------------------------------------------------------

    def facts(self, data: object) -> Facts | None:
        if not self.expect_object(data, "$"):
            return None
        assert isinstance(data, dict)
        self.unknown_fields(data, "", _TOP_KEYS)
        if "schema" not in data:
            self.add("schema", "required field missing")
        elif data["schema"] != SCHEMA or not isinstance(data["schema"], str):
            self.add("schema", f"expected {_quote(SCHEMA)} (got {_show(data['schema'])})")

        subjects: list[Subject] = []
        if "subjects" not in data:
            self.add("subjects", "required field missing")
            return None
        raw = data["subjects"]
        if not self.expect_list(raw, "subjects"):
            return None
        assert isinstance(raw, list)
        first_at: dict[str, str] = {}
        for index, item in enumerate(raw):
            path = _index_path("subjects", index)
            subject = self.subject(item, path, first_at)
            if subject is not None:
                subjects.append(subject)
        return Facts(subjects=tuple(subjects))

    # -- subject -----------------------------------------------------------

    def subject(self, obj: object, path: str, first_at: dict[str, str]) -> Subject | None:
        if not self.expect_object(obj, path):
            return None
        assert isinstance(obj, dict)
        start = len(self.problems)
        self.unknown_fields(obj, path, _SUBJECT_KEYS)

        ident = self.field(obj, path, "id", _nonempty_text, True)
        self.unique(ident, path, first_at, "subject")
        name = self.field(obj, path, "name", _text, False)
        kind = self.field(obj, path, "kind", _enum(*SUBJECT_KINDS), True)
        registered = self.field(obj, path, "registered_in_jinjiang", _bool, False)

        years = self.years(obj.get("years", _MISSING), _key_path(path, "years"))
        events, event_ids = self.events(obj.get("events", _MISSING), _key_path(path, "events"))
        past = self.past_awards(obj.get("past_awards", _MISSING), _key_path(path, "past_awards"))
        other = self.other_awards(
            obj.get("other_awards", _MISSING), _key_path(path, "other_awards"), event_ids
        )

        if len(self.problems) != start:
            return None
        assert isinstance(ident, str) and isinstance(kind, str)
        return Subject(
            id=ident,
            name=None if name is _MISSING else name,  # type: ignore[arg-type]
            kind=kind,
            registered_in_jinjiang=True if registered is _MISSING else bool(registered),
            years=tuple(sorted(years, key=lambda y: y.year)),
            events=tuple(events),
            past_awards=tuple(past),
            # Their order in the input means nothing: sorted, so that a tie between equal payments for
            # one event (stacking rule 3 compares the first of the largest) never follows the file.
            other_awards=tuple(sorted(other, key=lambda o: (o.event, o.policy, o.amount))),
            path=path,
        )

    # -- years -------------------------------------------------------------

    def years(self, raw: object, path: str) -> list[YearFacts]:
        if raw is _MISSING:
            return []
        if not self.expect_object(raw, path):
            return []
        assert isinstance(raw, dict)
        result: list[YearFacts] = []
        for key, value in raw.items():
            here = _key_path(path, key)
            if not (isinstance(key, str) and _YEAR_KEY.match(key)):
                self.add(here, "expected a 4-digit year (e.g. \"2025\") as key")
                continue
            if not self.expect_object(value, here):
                continue
            assert isinstance(value, dict)
            start = len(self.problems)
            self.unknown_fields(value, here, YEAR_FIELDS)
            fields: dict[str, object] = {}
            for name, checker in YEAR_FIELDS.items():
                converted = self.field(value, here, name, checker, False)
                if converted is not _MISSING:
                    fields[name] = converted
            if len(self.problems) == start:
                result.append(YearFacts(year=int(key), fields=FrozenMap(fields), path=here))
        return result

    # -- events ------------------------------------------------------------

    def events(self, raw: object, path: str) -> tuple[list[Event], set[str] | None]:
        """Return the valid events and the ids named (None: events unreadable)."""
        if raw is _MISSING:
            return [], set()
        if not self.expect_list(raw, path):
            return [], None
        assert isinstance(raw, list)
        result: list[Event] = []
        first_at: dict[str, str] = {}
        for index, item in enumerate(raw):
            event = self.event(item, _index_path(path, index), first_at)
            if event is not None:
                result.append(event)
        return result, set(first_at)

    def event(self, obj: object, path: str, first_at: dict[str, str]) -> Event | None:
        if not self.expect_object(obj, path):
            return None
        assert isinstance(obj, dict)
        start = len(self.problems)

        raw_type = obj.get("type")
        spec = EVENT_FIELDS.get(raw_type) if isinstance(raw_type, str) else None
        if spec is not None:
            self.unknown_fields(obj, path, list(_EVENT_COMMON) + list(spec))
        else:
            # Type unknown: only flag keys that no event type knows.
            self.unknown_fields(
                {k: None for k in obj if not (isinstance(k, str) and k in _ALL_EVENT_KEYS)},
                path,
                sorted(_ALL_EVENT_KEYS),
            )

        values: dict[str, object] = {}
        for name, (checker, required) in _EVENT_COMMON.items():
            if name == "type" and "type" in obj and spec is None:
                got = obj["type"]
                hint = ""
                if isinstance(got, str):
                    close = difflib.get_close_matches(got, EVENT_TYPES, n=1, cutoff=0.75)
                    if close:
                        hint = f" (did you mean {_quote(close[0])}?)"
                self.add(
                    _key_path(path, "type"),
                    f"unknown event type {_show(got)}{hint}; expected one of "
                    + ", ".join(EVENT_TYPES),
                )
                continue
            values[name] = self.field(obj, path, name, checker, required)

        ident = values["id"]
        self.unique(ident, path, first_at, "event")

        fields: dict[str, object] = {}
        if spec is not None:
            for name, (checker, required) in spec.items():
                converted = self.field(obj, path, name, checker, required)
                if converted is not _MISSING:
                    fields[name] = converted
            if raw_type == "standard":
                self.check_standard(obj, path, fields)

        if len(self.problems) != start:
            return None
        assert isinstance(ident, str) and isinstance(raw_type, str)
        renewal = values["renewal"]
        project = values["project"]
        return Event(
            id=ident,
            type=raw_type,
            date=values["date"],  # type: ignore[arg-type]
            renewal=False if renewal is _MISSING else bool(renewal),
            project=None if project is _MISSING else project,  # type: ignore[arg-type]
            fields=FrozenMap(fields),
            path=path,
        )

    def check_standard(self, obj: Mapping[str, object], path: str, fields: Mapping[str, object]) -> None:
        level = fields.get("level")
        if level is None:
            return  # the level problem is already reported
        rank_path = _key_path(path, "jinjiang_rank")
        if level in ("local", "group"):
            if "jinjiang_rank" not in obj:
                self.add(
                    rank_path,
                    "required field missing: a local or group standard needs jinjiang_rank "
                    "(1 = the top-ranked Jinjiang unit)",
                )
        elif "jinjiang_rank" in obj:
            self.add(
                rank_path,
                f"not allowed: jinjiang_rank applies to local and group standards only "
                f"(level is {level})",
            )
        if fields.get("direct_elevation") is True and level != "international":
            self.add(
                _key_path(path, "direct_elevation"),
                f"true is allowed only with level international (level is {level})",
            )

    # -- past and other awards --------------------------------------------

    def _item(self, value: object) -> str:
        item = _nonempty_text(value)
        if self.known_items is not None and item not in self.known_items:
            raise _Invalid(f"unknown item id {_quote(item)}", False)
        return item

    def past_awards(self, raw: object, path: str) -> list[PastAward]:
        if raw is _MISSING or not self.expect_list(raw, path):
            return []
        assert isinstance(raw, list)
        result: list[PastAward] = []
        for index, obj in enumerate(raw):
            here = _index_path(path, index)
            if not self.expect_object(obj, here):
                continue
            assert isinstance(obj, dict)
            start = len(self.problems)
            self.unknown_fields(obj, here, _PAST_AWARD_KEYS)
            item = self.field(obj, here, "item", self._item, True)
            year = self.field(obj, here, "year", _year_int, True)
            project = self.field(obj, here, "project", _nonempty_text, False)
            if len(self.problems) == start:
                result.append(
                    PastAward(
                        item=item,  # type: ignore[arg-type]
                        year=year,  # type: ignore[arg-type]
                        project=None if project is _MISSING else project,  # type: ignore[arg-type]
                        path=here,
                    )
                )
        return result

    def other_awards(self, raw: object, path: str, event_ids: set[str] | None) -> list[OtherAward]:
        if raw is _MISSING or not self.expect_list(raw, path):
            return []
        assert isinstance(raw, list)

        def names_event(value: object) -> str:
            ident = _nonempty_text(value)
            if event_ids is not None and ident not in event_ids:
                raise _Invalid(f"names no event of this subject: {_quote(ident)}", False)
            return ident

        result: list[OtherAward] = []
        for index, obj in enumerate(raw):
            here = _index_path(path, index)
            if not self.expect_object(obj, here):
                continue
            assert isinstance(obj, dict)
            start = len(self.problems)
            self.unknown_fields(obj, here, _OTHER_AWARD_KEYS)
            event = self.field(obj, here, "event", names_event, True)
            policy = self.field(obj, here, "policy", _text, True)
            amount = self.field(obj, here, "amount", _money, True)
            if len(self.problems) == start:
                result.append(
                    OtherAward(
                        event=event,  # type: ignore[arg-type]
                        policy=policy,  # type: ignore[arg-type]
                        amount=amount,  # type: ignore[arg-type]
                        path=here,
                    )
                )
        return result


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------


def parse_facts(data: object, known_items: frozenset[str] | None = None) -> Facts:
    """Validate decoded JSON into :class:`Facts`; raise :class:`InputError`.

    ``data`` should come from :func:`json.loads` with ``parse_float=Decimal``
    (as :func:`load_facts` does); Python floats are tolerated and read
    through their shortest ``repr``. ``known_items``, when given, is the set
    of item ids a ``past_awards`` entry may name.
    """
    validator = _Validator(frozenset(known_items) if known_items is not None else None)
    try:
        facts = validator.facts(data)
    except RecursionError:  # pragma: no cover - defensive
        raise InputError([Problem("$", "input nested too deeply")]) from None
    except InputError:  # pragma: no cover - defensive
        raise
    except Exception as exc:  # pragma: no cover - a bug; still never a traceback
        problems = validator.problems + [
            Problem("$", f"could not validate the input ({type(exc).__name__})")
        ]
        raise InputError(problems) from exc
    if validator.problems or facts is None:
        raise InputError(validator.problems or [Problem("$", "no facts")])
    return facts


def _reject_constant(name: str) -> _NonFinite:
    return _NonFinite(name)


def load_facts(text: str | bytes, known_items: frozenset[str] | None = None) -> Facts:
    """Decode JSON ``text`` (str or UTF-8/16/32 bytes), then :func:`parse_facts`."""
    return parse_facts(decode_json(text), known_items)


def decode_json(text: str | bytes) -> object:
    """JSON ``text`` (str or UTF-8/16/32 bytes) decoded with exact decimals; raise :class:`InputError`."""
    try:
        if isinstance(text, (bytes, bytearray)):
            try:
                text = bytes(text).decode(json.detect_encoding(bytes(text)))
            except UnicodeDecodeError as exc:
                raise InputError(
                    [Problem("$", f"not valid JSON: the bytes are not UTF-8/16/32 text ({exc.reason} at byte {exc.start})")]
                ) from None
        if not isinstance(text, str):
            raise InputError([Problem("$", f"not valid JSON: expected text, got {type(text).__name__}")])
        if text.startswith("\ufeff"):
            text = text[1:]
        data = json.loads(
            text,
            parse_float=Decimal,
            parse_int=_parse_int,
            parse_constant=_reject_constant,
            object_pairs_hook=_Object,
        )
    except InputError:
        raise
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem("$", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")]
        ) from None
    except RecursionError:
        raise InputError([Problem("$", "not valid JSON: nested too deeply")]) from None
    except (ValueError, ArithmeticError, MemoryError) as exc:
        raise InputError([Problem("$", f"not valid JSON: {exc}")]) from None
    return data
