"""The validator: every record of ``jjpolicy.facts/1`` checked against its table (fields.py), then built.

:func:`parse_facts` checks already-decoded JSON, :func:`load_facts` decodes text first. Both collect
*every* problem, each with its JSON path (``subjects[0].events[2].level``), and raise
:class:`InputError` carrying them all; they never raise anything else, whatever the input.

Hand-rolled rather than a JSON Schema validator on purpose: the messages are part of the user
interface (``exit 2``, one problem per line on stderr), and some checks (unique ids, references
between records, duplicate keys) are beyond a schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping

from .checks import Invalid, check, did_you_mean, quote, show
from .decode import decode_json
from .fields import (
    ALL_EVENT_KEYS,
    DOCUMENT,
    EVENT_COMMON,
    EVENT_FIELDS,
    OTHER_AWARD,
    PAST_AWARD,
    SUBJECT,
    YEAR_FIELDS,
    YEAR_KEY,
    Field,
    Table,
)
from .records import Event, Facts, FrozenMap, InputError, OtherAward, PastAward, Problem, Subject, YearFacts

_MISSING = object()
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z|[0-9]+\Z")

#: What a field with ``refers`` says when the value names nothing known.
_UNKNOWN_NAME = {"item": "unknown item id {}", "event": "names no event of this subject: {}"}
# The keys an event of each type may have, in the order a did-you-mean considers them.
_EVENT_KEYS = {t: dict.fromkeys([*EVENT_COMMON, *extra]) for t, extra in EVENT_FIELDS.items()}


_CONDITIONAL: dict[int, tuple[Field, ...]] = {}


def _conditional(table: Table) -> tuple[Field, ...]:
    """The fields of a table whose presence or value depends on another field's, in the table's order (the
    tables are the module's constants: kept by identity)."""
    found = _CONDITIONAL.get(id(table))
    if found is None:
        found = _CONDITIONAL[id(table)] = tuple(f for f in table.values() if f.needed_with or f.true_only_with)
    return found


def _key_path(path: str, key: object) -> str:
    if not isinstance(key, str):
        return f"{path}[{show(key)}]"
    if _IDENT.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{quote(key)}]"


def _index_path(path: str, index: int) -> str:
    return f"{path}[{index}]"


class _Validator:
    def __init__(self, known_items: frozenset[str] | None):
        self.problems: list[Problem] = []
        # The names a field with ``refers`` may take (None: any); "event" is set per subject.
        self.names: dict[str, frozenset[str] | set[str] | None] = {"item": known_items, "event": None}

    # -- the table-driven checks ---------------------------------------------

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path or "$", message))

    def record(self, obj: object, path: str, table: Table, allowed: Iterable[str] | None = None) -> dict | None:
        """Check an object against its table: unknown fields, then :meth:`fields`. None if not an object."""
        if not self.expect_object(obj, path):
            return None
        assert isinstance(obj, dict)
        self.unknown_fields(obj, path, table if allowed is None else allowed)
        return self.fields(obj, path, table)

    def fields(self, obj: Mapping[str, object], path: str, table: Table, what: str = "") -> dict:
        """Each field by its checker, the required ones present, then the conditions between fields.

        Returns the converted values of the valid fields present and the defaults of those absent;
        containers are only required here: the caller reads them, knowing what their items need.
        """
        values: dict[str, object] = {}
        for field in table.values():
            if field.name not in obj:
                # most of a table's fields are absent from a record: settled here, without a call
                if field.required:
                    self.add(_key_path(path, field.name), "required field missing")
                elif field.of is None and field.default is not None:
                    values[field.name] = field.default
                continue
            if field.of is not None:
                continue
            value = self.field(obj, path, field)
            if value is not _MISSING:
                values[field.name] = value
        for field in _conditional(table):
            self.conditions(obj, path, field, values, what)
        return values

    def field(self, obj: Mapping[str, object], path: str, field: Field) -> object:
        """Check ``obj[field.name]``; return the converted value, or _MISSING."""
        if field.name not in obj:
            if field.required:
                self.add(_key_path(path, field.name), "required field missing")
            return _MISSING
        value = obj[field.name]
        try:
            converted = check(field, value)
            names = self.names.get(field.refers)
            if names is not None and converted not in names:
                raise Invalid(_UNKNOWN_NAME[field.refers].format(quote(converted)), False)
            return converted
        except Invalid as bad:
            message = bad.message
            if bad.show_value:
                message += f" (got {show(value)})"
            self.add(_key_path(path, field.name), message)
            return _MISSING

    def conditions(self, obj: Mapping[str, object], path: str, field: Field, values: Mapping[str, object], what: str) -> None:
        """A field's presence or value that depends on another field's (reported once that one is valid)."""
        if field.needed_with and values.get(field.needed_with[0]) is not None:
            on, allowed = field.needed_with
            got = values[on]
            if got in allowed and field.name not in obj:
                note = f" ({field.note})" if field.note else ""
                self.add(
                    _key_path(path, field.name),
                    f"required field missing: a {' or '.join(allowed)} {what} needs {field.name}{note}",
                )
            elif got not in allowed and field.name in obj:
                self.add(
                    _key_path(path, field.name),
                    f"not allowed: {field.name} applies to {' and '.join(allowed)} {what}s only ({on} is {got})",
                )
        if field.true_only_with and values.get(field.true_only_with[0]) is not None:
            on, allowed = field.true_only_with
            got = values[on]
            if values.get(field.name) is True and got not in allowed:
                self.add(_key_path(path, field.name), f"true is allowed only with {on} {' or '.join(allowed)} ({on} is {got})")

    def expect_object(self, value: object, path: str) -> bool:
        if not isinstance(value, dict):
            self.add(path, f"expected an object (got {show(value)})")
            return False
        for key in getattr(value, "duplicates", ()):
            self.add(_key_path(path, key), "duplicate key: this field is given more than once")
        return True

    def expect_list(self, value: object, path: str) -> bool:
        if not isinstance(value, list):
            self.add(path, f"expected a list (got {show(value)})")
            return False
        return True

    def unknown_fields(self, obj: Mapping[object, object], path: str, allowed: Collection[str]) -> None:
        for key in obj:
            if not (isinstance(key, str) and key in allowed):
                self.add(_key_path(path, key), "unknown field" + did_you_mean(key, tuple(allowed)))

    def unique(self, ident: object, path: str, first_at: dict[str, str], what: str) -> None:
        """An id seen before is reported on the later object, naming the first."""
        if not isinstance(ident, str):
            return
        if ident in first_at:
            self.add(_key_path(path, "id"), f"duplicate {what} id {quote(ident)} (first at {first_at[ident]})")
        else:
            first_at[ident] = path

    def each(self, raw: object, path: str, read: Callable[[object, str], object]) -> list:
        """The items of a list that ``read`` built (None: a problem); a missing list is empty."""
        if raw is _MISSING or not self.expect_list(raw, path):
            return []
        assert isinstance(raw, list)
        built = (read(item, _index_path(path, index)) for index, item in enumerate(raw))
        return [item for item in built if item is not None]

    # -- the records -------------------------------------------------------

    def facts(self, data: object) -> Facts | None:
        if self.record(data, "", DOCUMENT) is None or "subjects" not in data:  # type: ignore[operator]
            return None
        first_at: dict[str, str] = {}
        subjects = self.each(data["subjects"], "subjects", lambda obj, path: self.subject(obj, path, first_at))  # type: ignore[index]
        return Facts(subjects=tuple(subjects))

    def subject(self, obj: object, path: str, first_at: dict[str, str]) -> Subject | None:
        start = len(self.problems)
        values = self.record(obj, path, SUBJECT)
        if values is None:
            return None
        assert isinstance(obj, dict)
        self.unique(values.get("id"), path, first_at, "subject")
        years = self.years(obj.get("years", _MISSING), _key_path(path, "years"))
        event_ids: dict[str, str] = {}
        events = self.each(obj.get("events", _MISSING), _key_path(path, "events"), lambda e, here: self.event(e, here, event_ids))
        # Events that are not a list name no ids: then what other_awards name cannot be judged.
        self.names["event"] = set(event_ids) if isinstance(obj.get("events", []), list) else None
        past = self.each(obj.get("past_awards", _MISSING), _key_path(path, "past_awards"), self.past_award)
        other = self.each(obj.get("other_awards", _MISSING), _key_path(path, "other_awards"), self.other_award)
        if len(self.problems) != start:
            return None
        return Subject(
            id=values["id"],
            name=values.get("name"),
            kind=values["kind"],
            registered_in_jinjiang=values["registered_in_jinjiang"],
            years=tuple(sorted(years, key=lambda y: y.year)),
            events=tuple(events),
            past_awards=tuple(past),
            # Their order in the input means nothing: sorted, so that a tie between equal payments for
            # one event (stacking rule 3 compares the first of the largest) never follows the file.
            other_awards=tuple(sorted(other, key=lambda o: (o.event, o.policy, o.amount))),
            path=path,
        )

    def years(self, raw: object, path: str) -> list[YearFacts]:
        if raw is _MISSING or not self.expect_object(raw, path):
            return []
        assert isinstance(raw, dict)
        result: list[YearFacts] = []
        for key, value in raw.items():
            here = _key_path(path, key)
            if not (isinstance(key, str) and re.fullmatch(YEAR_KEY, key)):
                self.add(here, 'expected a 4-digit year (e.g. "2025") as key')
                continue
            start = len(self.problems)
            fields = self.record(value, here, YEAR_FIELDS)
            if fields is not None and len(self.problems) == start:
                result.append(YearFacts(year=int(key), fields=FrozenMap(fields), path=here))
        return result

    def event(self, obj: object, path: str, first_at: dict[str, str]) -> Event | None:
        start = len(self.problems)
        raw_type = obj.get("type") if isinstance(obj, dict) else None
        extra = EVENT_FIELDS.get(raw_type) if isinstance(raw_type, str) else None
        # Of an unknown type, only keys that no event type knows are flagged.
        allowed = ALL_EVENT_KEYS if extra is None else _EVENT_KEYS[raw_type]
        common = self.record(obj, path, EVENT_COMMON, allowed)
        if common is None:
            return None
        assert isinstance(obj, dict)
        self.unique(common.get("id"), path, first_at, "event")
        fields = {} if extra is None else self.fields(obj, path, extra, raw_type)
        if len(self.problems) != start:
            return None
        return Event(
            id=common["id"],
            type=common["type"],
            date=common["date"],
            renewal=common["renewal"],
            project=common.get("project"),
            fields=FrozenMap(fields),
            path=path,
        )

    def past_award(self, obj: object, path: str) -> PastAward | None:
        start = len(self.problems)
        values = self.record(obj, path, PAST_AWARD)
        if values is None or len(self.problems) != start:
            return None
        return PastAward(item=values["item"], year=values["year"], project=values.get("project"), path=path)

    def other_award(self, obj: object, path: str) -> OtherAward | None:
        start = len(self.problems)
        values = self.record(obj, path, OTHER_AWARD)
        if values is None or len(self.problems) != start:
            return None
        return OtherAward(event=values["event"], policy=values["policy"], amount=values["amount"], path=path)


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
        problems = validator.problems + [Problem("$", f"could not validate the input ({type(exc).__name__})")]
        raise InputError(problems) from exc
    if validator.problems or facts is None:
        raise InputError(validator.problems or [Problem("$", "no facts")])
    return facts


def load_facts(text: str | bytes, known_items: frozenset[str] | None = None) -> Facts:
    """Decode JSON ``text`` (str or UTF-8/16/32 bytes), then :func:`parse_facts`."""
    return parse_facts(decode_json(text), known_items)
