"""The JSON Schema (draft 2020-12) of ``jjpolicy.facts/1``, generated from the validator's field tables
so that editors check what ``jjpolicy evaluate`` checks, as far as a schema can say it.

What it cannot say, only the validator checks: ids unique within their list, ``other_awards`` naming
an event of the same subject, duplicate keys, lone surrogates in text, money given as a JSON number
with more than 2 decimals (``multipleOf: 0.01`` would be exact only where numbers are decimals: with
binary floats, as most validators read JSON, it rejects valid amounts such as 0.07), and an integer
written with a fraction (``2023.0``, an integer to JSON Schema). A date that does not exist in the
calendar is caught only where ``format: date`` is asserted.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from ..money import MONEY_MAX_YUAN
from .fields import (
    DOCUMENT,
    EVENT_COMMON,
    EVENT_FIELDS,
    OTHER_AWARD,
    PAST_AWARD,
    SCHEMA,
    SUBJECT,
    YEAR_FIELDS,
    YEAR_KEY,
    Field,
    Table,
)

_DIGITS = len(str(MONEY_MAX_YUAN)) - 1
assert MONEY_MAX_YUAN == 10**_DIGITS, "the money pattern below assumes a power of ten"

_DEFS = {
    "money": {
        "description": f"yuan, from 0 to {MONEY_MAX_YUAN}, with at most 2 decimals",
        "anyOf": [
            {"type": "number", "minimum": 0, "maximum": MONEY_MAX_YUAN},
            # Decimals are judged by value, as the validator does: "1.230" is 1.23.
            {"type": "string", "pattern": f"^0*([0-9]{{1,{_DIGITS}}}(\\.[0-9]{{1,2}}0*)?|{MONEY_MAX_YUAN}(\\.0+)?)$"},
        ],
    },
    "date": {
        "type": "string",
        "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        "format": "date",
    },
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


_BY_KIND = {
    "money": lambda f: _ref("money"),
    "share": lambda f: {"type": "number", "minimum": 0, "maximum": 1},
    "bool": lambda f: {"type": "boolean"},
    "enum": lambda f: {"enum": list(f.values)},
    "const": lambda f: {"const": f.values[0]},
    "int": lambda f: {"type": "integer", "minimum": f.low, "maximum": f.high},
    "year": lambda f: {"type": "integer", "minimum": f.low, "maximum": f.high},
    "date": lambda f: _ref("date"),
    "text": lambda f: {"type": "string", "minLength": 1} if f.nonempty else {"type": "string"},
    "list": lambda f: {"type": "array", "items": _ref(f.of)},
    "years": lambda f: {
        "type": "object",
        "propertyNames": {"pattern": f"^{YEAR_KEY}$"},
        "additionalProperties": _ref(f.of),
    },
}


def _value(field: Field, items: Iterable[str] | None) -> dict:
    schema = _BY_KIND[field.kind](field)
    if field.refers == "item" and items is not None:
        schema["enum"] = sorted(items)
    if field.note:
        schema["description"] = field.note
    if field.default is not None:
        schema["default"] = field.default
    return schema


def _conditions(table: Table) -> list[dict]:
    rules = []
    for field in table.values():
        if field.needed_with:
            on, allowed = field.needed_with
            rules.append(
                {
                    "if": {"properties": {on: {"enum": list(allowed)}}, "required": [on]},
                    "then": {"required": [field.name]},
                    "else": {"not": {"required": [field.name]}},
                }
            )
        if field.true_only_with:
            on, allowed = field.true_only_with
            rules.append(
                {
                    "if": {"properties": {field.name: {"const": True}}, "required": [field.name]},
                    "then": {"properties": {on: {"enum": list(allowed)}}},
                }
            )
    return rules


def _object(table: Table, items: Iterable[str] | None, closed: bool = True) -> dict:
    schema: dict = {"type": "object", "properties": {f.name: _value(f, items) for f in table.values()}}
    required = [f.name for f in table.values() if f.required]
    if required:
        schema["required"] = required
    if closed:
        schema["additionalProperties"] = False
    rules = _conditions(table)
    if rules:
        schema["allOf"] = rules
    return schema


def _event(items: Iterable[str] | None) -> dict:
    """The common fields, then per type (if type is T, then ...) the fields that type allows and needs."""
    # Open here: the type's branch, which lists every field the type allows, closes the object.
    common = _object(EVENT_COMMON, items, closed=False)
    branches = []
    for event_type, table in EVENT_FIELDS.items():
        then = _object(table, items)
        then["properties"] = {**dict.fromkeys(EVENT_COMMON, True), **then["properties"]}
        branches.append({"if": {"properties": {"type": {"const": event_type}}, "required": ["type"]}, "then": then})
    common["allOf"] = branches
    return common


def facts_schema(known_items: Iterable[str] | None = None) -> dict:
    """The schema; ``known_items``, as for :func:`parse_facts`, are the ids a past award may name."""
    defs = {
        "subject": _object(SUBJECT, known_items),
        "year": _object(YEAR_FIELDS, known_items),
        "event": _event(known_items),
        "past_award": _object(PAST_AWARD, known_items),
        "other_award": _object(OTHER_AWARD, known_items),
        **copy.deepcopy(_DEFS),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": SCHEMA,
        "description": "Facts about enterprises for jjpolicy (晉政規〔2025〕5號); see docs/contract.md.",
        **_object(DOCUMENT, known_items),
        "$defs": defs,
    }
