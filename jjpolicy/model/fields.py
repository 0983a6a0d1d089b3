"""The fields of ``jjpolicy.facts/1``, stated once.

The validator checks each record against its table here and the JSON Schema (``jjpolicy schema``) is
generated from the same tables, so the two cannot drift apart. docs/contract.md says what the fields
mean.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

SCHEMA = "jjpolicy.facts/1"

SUBJECT_KINDS: tuple[str, ...] = (
    "industrial_enterprise",
    "enterprise",
    "green_service_institution",
    "digital_service_provider",
    "association",
    "other_unit",
)

# Bounds that keep counts and day offsets ordinary integers, far past any real value.
MAX_COUNT = 1_000_000_000
MAX_DAYS = 100_000

#: A key of ``years`` (a regular expression matched in full).
YEAR_KEY = "[1-9][0-9]{3}"


@dataclass(frozen=True)
class Field:
    """One field of a record.

    ``kind`` is one of: money, share (0..1), bool, enum (one of ``values``), const (``values[0]``),
    int (``low``..``high``), year (a 4-digit year, ``low``..``high``), date, text, and for the
    containers list (of ``of`` records) and years (``of`` records by calendar year).
    """

    name: str
    kind: str
    required: bool = True
    values: tuple[str, ...] = ()
    low: int = 0
    high: int = 0
    nonempty: bool = False
    #: What the value names, checked by the validator: "item" (the catalogue) or "event" (an event of the subject).
    refers: str | None = None
    #: The value the model takes when the field is absent.
    default: object = None
    #: For an enum whose list is long: a value outside it is "unknown <noun>", with a did-you-mean.
    noun: str | None = None
    #: (field, values): required when that field takes one of these values, not allowed otherwise.
    needed_with: tuple[str, tuple[str, ...]] | None = None
    #: (field, values): may be true only when that field takes one of these values.
    true_only_with: tuple[str, tuple[str, ...]] | None = None
    note: str = ""
    of: str | None = None


Table = Mapping[str, Field]


def _table(*fields: Field) -> Table:
    return MappingProxyType({f.name: f for f in fields})


def _money(name: str, required: bool = True) -> Field:
    return Field(name, "money", required)


def _flag(name: str) -> Field:
    return Field(name, "bool")


def _enum(name: str, *values: str) -> Field:
    return Field(name, "enum", values=values)


def _level(*values: str) -> Field:
    return _enum("level", *values)


def _int(name: str, low: int, high: int) -> Field:
    return Field(name, "int", low=low, high=high)


_NP = ("national", "provincial")
_NPQ = ("national", "provincial", "quanzhou")

#: event type -> its extra fields, in order (every event also has EVENT_COMMON).
EVENT_FIELDS: Mapping[str, Table] = MappingProxyType(
    {
        "above_scale_new": _table(),
        "strategic_emerging_new": _table(),
        "single_champion": _table(_level(*_NP)),
        "specialized_sme": _table(_level(*_NP)),
        "innovative_sme": _table(),
        "equipment_project": _table(
            _money("total_investment"),
            _money("equipment_purchase"),
            _flag("key_tech_renovation"),
            _flag("in_statistics"),
        ),
        "design_institute": _table(_level(*_NP)),
        "design_center": _table(_level(*_NPQ)),
        "enterprise_tech_center": _table(_level(*_NPQ)),
        "innovation_center": _table(_level(*_NP), _enum("role", "lead", "member")),
        "tech_innovation_demo": _table(_level("national")),
        "rd_instrument_purchase": _table(_money("amount")),
        "first_set": _table(_enum("scope", "domestic", "provincial")),
        "management_consulting": _table(_money("fee"), _flag("pre_filed")),
        "service_manufacturing_demo": _table(_level(*_NP)),
        "military_qualification": _table(
            _enum("qualification", "quality_system", "secrecy", "production_license", "contractor"),
        ),
        "green_list": _table(_enum("list", "factory", "supply_chain", "park"), _level(*_NP)),
        "green_design_demo": _table(_level("national")),
        "energy_efficiency_leader": _table(_level(*_NP)),
        "industry_standard_conditions": _table(),
        "carbon_footprint_cert": _table(),
        "energy_management_cert": _table(),
        "smart_factory": _table(_enum("rating", "leading", "excellent", "demonstration", "advanced")),
        "digital_demo": _table(
            _level("jinjiang"),
            _money("total_investment"),
            _flag("in_use"),
            _flag("promotes"),
        ),
        "app_demo": _table(
            _enum("area", "5g", "big_data"),
            _money("recognized_investment"),
            _money("quanzhou_subsidy", required=False),
        ),
        "industrial_internet_demo": _table(
            _money("recognized_investment"),
            _money("quanzhou_subsidy", required=False),
        ),
        "sme_digital_retrofit": _table(
            _money("recognized_investment"),
            _int("digital_level", 1, 5),
            _flag("pilot"),
            _money("quanzhou_subsidy", required=False),
        ),
        "digital_package": _table(_int("sme_count", 0, MAX_COUNT)),
        "quality_award": _table(
            _enum("award", "china", "china_nomination", "fujian", "fujian_nomination", "quanzhou"),
        ),
        "geographical_indication": _table(),
        "standards_secretariat": _table(
            _enum("body", "national_tc", "national_sc", "national_wg", "provincial_tc"),
        ),
        "standard": _table(
            _level("international", "national", "industry", "local", "group"),
            _enum("role", "lead", "participate"),
            Field(
                "jinjiang_rank",
                "int",
                required=False,
                low=1,
                high=MAX_COUNT,
                needed_with=("level", ("local", "group")),
                note="1 = the top-ranked Jinjiang unit",
            ),
            Field("direct_elevation", "bool", required=False, true_only_with=("level", ("international",))),
        ),
        "standardization_demo": _table(_level(*_NP)),
        "public_consulting": _table(_int("enterprises_served", 0, MAX_COUNT), _flag("pre_filed")),
        "public_service_event": _table(
            _flag("government_guided"),
            _flag("has_expenses"),
            _flag("meets_standards"),
            _int("filed_days_ahead", -MAX_DAYS, MAX_DAYS),
        ),
        "regional_brand": _table(_money("investment")),
    }
)

EVENT_TYPES: tuple[str, ...] = tuple(EVENT_FIELDS)

EVENT_COMMON: Table = _table(
    Field("id", "text", nonempty=True),
    Field("type", "enum", values=EVENT_TYPES, noun="event type"),
    Field("date", "date"),
    Field("renewal", "bool", required=False, default=False),
    Field("project", "text", required=False, nonempty=True),
)

#: Every key some event type allows: what an event of an unknown type is checked against.
ALL_EVENT_KEYS = frozenset(EVENT_COMMON).union(*EVENT_FIELDS.values())

YEAR_FIELDS: Table = _table(
    _money("industrial_output", required=False),
    _money("strategic_emerging_output", required=False),
    _money("revenue", required=False),
    Field("above_scale", "bool", required=False),
    Field("key_industrial_enterprise", "bool", required=False),
    Field("green_power_share", "share", required=False),
)

PAST_AWARD: Table = _table(
    Field("item", "text", nonempty=True, refers="item"),
    Field("year", "year", low=1000, high=9999),
    Field("project", "text", required=False, nonempty=True),
)

OTHER_AWARD: Table = _table(
    Field("event", "text", nonempty=True, refers="event"),
    Field("policy", "text"),
    _money("amount"),
)

SUBJECT: Table = _table(
    Field("id", "text", nonempty=True),
    Field("name", "text", required=False),
    Field("kind", "enum", values=SUBJECT_KINDS),
    Field("registered_in_jinjiang", "bool", required=False, default=True),
    Field("years", "years", required=False, of="year"),
    Field("events", "list", required=False, of="event"),
    Field("past_awards", "list", required=False, of="past_award"),
    Field("other_awards", "list", required=False, of="other_award"),
)

DOCUMENT: Table = _table(
    Field("schema", "const", values=(SCHEMA,)),
    Field("subjects", "list", of="subject"),
)


def field_kind(record: str, name: str) -> str:
    """The kind of a field ("money", "share", "int", ...) of a year (``record="year"``) or of an event type."""
    table = YEAR_FIELDS if record == "year" else {**EVENT_COMMON, **EVENT_FIELDS[record]}
    return table[name].kind
