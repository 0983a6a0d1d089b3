"""The input model: ``jjpolicy.facts/1`` validated into frozen objects.

- :mod:`.records`: the frozen objects (Facts, Subject, Event, ...) and InputError;
- :mod:`.decode`: JSON text -> Python values, exactly;
- :mod:`.fields`: the fields of every record, stated once;
- :mod:`.checks`: one checker per kind of field;
- :mod:`.validate`: the validator, reading each record by its table (parse_facts, load_facts);
- :mod:`.schema`: the JSON Schema generated from the same tables (facts_schema).
"""

from .decode import decode_json
from .fields import (
    EVENT_FIELDS,
    EVENT_TYPES,
    MAX_COUNT,
    MAX_DAYS,
    SCHEMA,
    SUBJECT_KINDS,
    YEAR_FIELDS,
    Field,
    field_kind,
)
from .records import Event, Facts, FrozenMap, InputError, OtherAward, PastAward, Problem, Subject, YearFacts
from .schema import facts_schema
from .validate import load_facts, parse_facts

__all__ = [
    "SCHEMA",
    "SUBJECT_KINDS",
    "EVENT_TYPES",
    "EVENT_FIELDS",
    "YEAR_FIELDS",
    "MAX_COUNT",
    "MAX_DAYS",
    "Field",
    "field_kind",
    "facts_schema",
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
