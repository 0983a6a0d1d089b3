"""Hypothesis strategies for `jjpolicy.facts/1` documents (issue 12).

Valid documents are built from docs/contract.md, not from the validator's tables: every subject kind,
every event type of the contract's table with its required fields and the levels measures.md allows,
money as int, Decimal or decimal string (at most 2 decimals, 0 .. 10^13), dates mostly inside the
window 2025-01-01 .. 2026-12-31 but also before and after it, `years` with optional fields,
`project` values from a small pool (so events share projects), renewals, past awards naming known
item ids, other awards naming existing events, duplicates (events cloned under new ids) and many events
on one project. Figures are drawn often exactly at, and 0.01 (or 1, for counts) either side of, every
threshold of `jjpolicy.figures.policy().thresholds`, of the 1.2 ratio and of each percentage item's cap.

Invalid documents are valid ones with one mutation applied (`invalid_documents`); each mutation also
returns the JSON path its problem must be reported at (or under).

The event count per subject is bounded by MAX_EVENTS: 12 by default (the CI profile), more with
HYPOTHESIS_PROFILE=long (see conftest.py).
"""

from __future__ import annotations

import copy
import datetime
import os
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from hypothesis import strategies as st

from jjpolicy.figures import policy
from jjpolicy.model import SUBJECT_KINDS

POLICY = policy()
ITEMS = tuple(sorted(POLICY.items))
SCHEMA = "jjpolicy.facts/1"

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
MAX_EVENTS = 30 if PROFILE == "long" else 12
MAX_SUBJECTS = 5 if PROFILE == "long" else 3
#: Each test states its ci budget; the long profile multiplies it (HYPOTHESIS_EXAMPLE_FACTOR overrides).
EXAMPLE_FACTOR = int(os.environ.get("HYPOTHESIS_EXAMPLE_FACTOR", "20" if PROFILE == "long" else "1"))


def examples(n: int):
    """The settings of a test that runs n examples in the ci profile (n x EXAMPLE_FACTOR otherwise)."""
    from hypothesis import settings

    return settings(max_examples=n * EXAMPLE_FACTOR)


MONEY_MAX = 10**13
CENT = Decimal("0.01")


NP = ("national", "provincial")
NPQ = ("national", "provincial", "quanzhou")
N = ("national",)

# --------------------------------------------------------------------------------------------------
# Figures at the policy's edges
# --------------------------------------------------------------------------------------------------


def _around(value: Decimal, step: Decimal, low: Decimal = Decimal(0), high: Decimal | None = None) -> list[Decimal]:
    out = []
    for v in (value - step, value, value + step):
        if v >= low and (high is None or v <= high):
            out.append(v)
    return out


def _money_edges() -> dict[str, list[Decimal]]:
    """field -> money values at and 0.01 around each threshold on that field (and each cap's base)."""
    edges: dict[str, set[Decimal]] = {}
    for t in POLICY.thresholds.values():
        edges.setdefault(t.field, set()).update(_around(t.value, CENT))
    # The base at which a percentage item reaches its cap (e.g. 2.1: 5% of 60,000,000 = 3,000,000).
    for item in POLICY.items.values():
        if item.mode != "percent":
            continue
        num, den = item.rate
        for cap in item.caps.values():
            exact = cap * den / num
            for v in (exact.quantize(CENT, ROUND_FLOOR), exact.quantize(CENT, ROUND_CEILING)):
                edges.setdefault(item.rate_field, set()).update(_around(v, CENT))
    # The 1.2 ratio's denominator: see year_facts for the numerator tied to it.
    return {k: sorted(v) for k, v in edges.items()}


MONEY_EDGES = _money_edges()
COUNT_FIELDS = ("sme_count", "enterprises_served", "filed_days_ahead", "digital_level")
COUNT_EDGES = {
    f: sorted(
        {int(v) for t in POLICY.thresholds.values() if t.field == f for v in _around(t.value, Decimal(1), Decimal(-(10**5)))}
    )
    for f in COUNT_FIELDS
}
SHARE_EDGES = sorted(
    {
        v
        for t in POLICY.thresholds.values()
        if t.field == "green_power_share"
        for v in _around(t.value, CENT, Decimal(0), Decimal(1))
    }
)
ALL_EDGES = sorted({v for vs in MONEY_EDGES.values() for v in vs})
ITEM_AMOUNTS = sorted({i.amount for i in POLICY.items.values() if i.amount is not None})

# --------------------------------------------------------------------------------------------------
# Scalars
# --------------------------------------------------------------------------------------------------


def _as_json_money(value: Decimal, form: str):
    """The same amount as an int (when whole), a Decimal, or a decimal string."""
    if form == "int" and value == value.to_integral_value():
        return int(value)
    if form == "str":
        return format(value, "f")
    return value


@st.composite
def money(draw, field: str | None = None, small: int = 10**9):
    """Money for `field`: often at a threshold edge of that field, sometimes anywhere up to 10^13."""
    edges = MONEY_EDGES.get(field, []) if field else []
    choices = [
        st.integers(0, small).map(Decimal),
        st.decimals(min_value=0, max_value=small, places=2, allow_nan=False, allow_infinity=False),
        st.integers(0, MONEY_MAX).map(Decimal),
        st.decimals(min_value=0, max_value=MONEY_MAX, places=2, allow_nan=False, allow_infinity=False),
        st.sampled_from([Decimal(0), Decimal(MONEY_MAX), Decimal(MONEY_MAX) - CENT, CENT]),
    ]
    if edges:
        choices = [st.sampled_from(edges)] * 3 + choices
    value = Decimal(draw(st.one_of(choices)))
    form = draw(st.sampled_from(["int", "int", "dec", "str"]))
    return _as_json_money(value, form)


def count(field: str, low: int = 0, high: int = 200):
    edges = COUNT_EDGES.get(field, [])
    options = [st.integers(low, high)]
    if edges:
        options.insert(0, st.sampled_from([e for e in edges if low <= e]))
    return st.one_of(options)


share = st.one_of(
    st.sampled_from(SHARE_EDGES + [Decimal(0), Decimal(1)]),
    st.decimals(min_value=0, max_value=1, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=1, places=6, allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1]),
)

WINDOW = (datetime.date(2025, 1, 1), datetime.date(2026, 12, 31))
EDGE_DATES = [
    datetime.date(2024, 12, 31),
    datetime.date(2025, 1, 1),
    datetime.date(2025, 6, 14),
    datetime.date(2025, 6, 15),
    datetime.date(2025, 12, 31),
    datetime.date(2026, 1, 1),
    datetime.date(2026, 12, 31),
    datetime.date(2027, 1, 1),
]

dates = st.one_of(
    st.dates(*WINDOW),
    st.dates(*WINDOW),
    st.dates(*WINDOW),
    st.sampled_from(EDGE_DATES),
    st.dates(datetime.date(2015, 1, 1), datetime.date(2024, 12, 31)),
    st.dates(datetime.date(2027, 1, 1), datetime.date(2030, 12, 31)),
).map(lambda d: d.isoformat())

PROJECTS = ("line-3", "P", "项目甲")
project_names = st.sampled_from(PROJECTS)

# Ids: short, with a few characters that must survive quoting (the engine never passes input text on).
ID_ALPHABET = 'ABEP0129_-.中 "\\'
ids = st.text(alphabet=ID_ALPHABET, min_size=1, max_size=4)


@st.composite
def unique_ids(draw, n: int, avoid=frozenset()) -> list[str]:
    """n distinct ids (a repeated draw gets a suffix: no filter, so no rejected examples)."""
    out: list[str] = []
    for _ in range(n):
        ident = draw(ids)
        while ident in out or ident in avoid:
            ident += "~"
        out.append(ident)
    return out


names = st.text(max_size=8)
POLICY_NAMES = ("晉政規〔2023〕11號", "晉政規〔2024〕2號", "another Jinjiang policy", "")

# --------------------------------------------------------------------------------------------------
# Events: the contract's table
# --------------------------------------------------------------------------------------------------


def _b():
    return st.booleans()


def _opt(strategy):
    """An optional field: absent (None marker) or drawn."""
    return st.one_of(st.just(_ABSENT), strategy)


_ABSENT = object()

EVENT_SPECS: dict[str, dict] = {
    "above_scale_new": {},
    "strategic_emerging_new": {},
    "single_champion": {"level": st.sampled_from(NP)},
    "specialized_sme": {"level": st.sampled_from(NP)},
    "innovative_sme": {},
    "equipment_project": {
        "total_investment": money("total_investment"),
        "equipment_purchase": money("equipment_purchase"),
        "key_tech_renovation": _b(),
        "in_statistics": _b(),
    },
    "design_institute": {"level": st.sampled_from(NP)},
    "design_center": {"level": st.sampled_from(NPQ)},
    "enterprise_tech_center": {"level": st.sampled_from(NPQ)},
    "innovation_center": {"level": st.sampled_from(NP), "role": st.sampled_from(("lead", "member"))},
    "tech_innovation_demo": {"level": st.sampled_from(N)},
    "rd_instrument_purchase": {"amount": money("amount")},
    "first_set": {"scope": st.sampled_from(("domestic", "provincial"))},
    "management_consulting": {"fee": money("fee"), "pre_filed": _b()},
    "service_manufacturing_demo": {"level": st.sampled_from(NP)},
    "military_qualification": {
        "qualification": st.sampled_from(("quality_system", "secrecy", "production_license", "contractor"))
    },
    "green_list": {"list": st.sampled_from(("factory", "supply_chain", "park")), "level": st.sampled_from(NP)},
    "green_design_demo": {"level": st.sampled_from(N)},
    "energy_efficiency_leader": {"level": st.sampled_from(NP)},
    "industry_standard_conditions": {},
    "carbon_footprint_cert": {},
    "energy_management_cert": {},
    "smart_factory": {"rating": st.sampled_from(("leading", "excellent", "demonstration", "advanced"))},
    "digital_demo": {
        "level": st.just("jinjiang"),
        "total_investment": money("total_investment"),
        "in_use": _b(),
        "promotes": _b(),
    },
    "app_demo": {
        "area": st.sampled_from(("5g", "big_data")),
        "recognized_investment": money("recognized_investment"),
        "quanzhou_subsidy": _opt(money("quanzhou_subsidy")),
    },
    "industrial_internet_demo": {
        "recognized_investment": money("recognized_investment"),
        "quanzhou_subsidy": _opt(money("quanzhou_subsidy")),
    },
    "sme_digital_retrofit": {
        "recognized_investment": money("recognized_investment"),
        "digital_level": st.integers(1, 5),
        "pilot": _b(),
        "quanzhou_subsidy": _opt(money("quanzhou_subsidy")),
    },
    "digital_package": {"sme_count": count("sme_count")},
    "quality_award": {"award": st.sampled_from(("china", "china_nomination", "fujian", "fujian_nomination", "quanzhou"))},
    "geographical_indication": {},
    "standards_secretariat": {"body": st.sampled_from(("national_tc", "national_sc", "national_wg", "provincial_tc"))},
    "standard": None,  # see _standard_fields
    "standardization_demo": {"level": st.sampled_from(NP)},
    "public_consulting": {"enterprises_served": count("enterprises_served"), "pre_filed": _b()},
    "public_service_event": {
        "government_guided": _b(),
        "has_expenses": _b(),
        "meets_standards": _b(),
        "filed_days_ahead": count("filed_days_ahead", low=-30, high=60),
    },
    "regional_brand": {"investment": money("investment")},
}
EVENT_TYPES = tuple(EVENT_SPECS)

# Which event types speak to the items a kind may receive (measures.md, Subject kinds); drawn more often.
_ANY_ENTERPRISE = (
    "single_champion",
    "specialized_sme",
    "innovative_sme",
    "design_institute",
    "design_center",
    "enterprise_tech_center",
    "innovation_center",
    "tech_innovation_demo",
    "rd_instrument_purchase",
    "first_set",
    "service_manufacturing_demo",
    "military_qualification",
    "green_list",
    "green_design_demo",
    "energy_efficiency_leader",
    "industry_standard_conditions",
    "carbon_footprint_cert",
    "energy_management_cert",
    "smart_factory",
    "app_demo",
    "sme_digital_retrofit",
)
_ANY_KIND = ("quality_award", "geographical_indication", "standards_secretariat", "standard", "standardization_demo")
KIND_TYPES = {
    "industrial_enterprise": _ANY_ENTERPRISE
    + _ANY_KIND
    + ("above_scale_new", "strategic_emerging_new", "equipment_project", "management_consulting", "digital_demo"),
    "enterprise": _ANY_ENTERPRISE + _ANY_KIND,
    "green_service_institution": _ANY_ENTERPRISE + _ANY_KIND,
    "digital_service_provider": _ANY_ENTERPRISE + _ANY_KIND + ("industrial_internet_demo", "digital_package"),
    "association": _ANY_KIND + ("public_consulting", "public_service_event", "regional_brand"),
    "other_unit": _ANY_KIND,
}


@st.composite
def _standard_fields(draw) -> dict:
    level = draw(st.sampled_from(("international", "national", "industry", "local", "group")))
    out = {"level": level, "role": draw(st.sampled_from(("lead", "participate")))}
    if level in ("local", "group"):
        out["jinjiang_rank"] = draw(st.one_of(st.integers(1, 3), st.integers(1, 10**9)))
    elevation = draw(st.sampled_from([_ABSENT, False, True] if level == "international" else [_ABSENT, False]))
    if elevation is not _ABSENT:
        out["direct_elevation"] = elevation
    return out


@st.composite
def event_body(draw, etype: str, date_pool: tuple[str, ...] = ()) -> dict:
    """The type and extra fields of one event (no id); the date often from the subject's `date_pool`
    (events on one date are where a tie-break by input order would show)."""
    date = draw(st.sampled_from(date_pool)) if date_pool and draw(st.booleans()) else draw(dates)
    body: dict = {"type": etype, "date": date}
    if etype == "standard":
        body.update(draw(_standard_fields()))
    else:
        for name, strategy in EVENT_SPECS[etype].items():
            value = draw(strategy)
            if value is not _ABSENT:
                body[name] = value
    if chance(draw, 5):
        body["renewal"] = draw(st.booleans())
    if chance(draw, 5, 2):
        body["project"] = draw(project_names)
    return body


def chance(draw, n: int, k: int = 1) -> bool:
    """True with probability k/n; shrinks to False (so Hypothesis removes optional parts first)."""
    return draw(st.integers(0, n - 1)) >= n - k


@st.composite
def _event_of(draw, kind: str, theme: tuple[str, ...], date_pool: tuple[str, ...]) -> dict:
    return draw(event_body(draw(event_types_for(kind, theme)), date_pool))


# Event types that speak to related measures (families, 2.1 path B titles, centres and instruments,
# the digital items sharing projects ...): a subject's events are drawn mostly from one such group, so
# that same-type events, families and shared bases meet often.
RELATED_TYPES = (
    ("above_scale_new", "strategic_emerging_new", "single_champion", "specialized_sme", "innovative_sme", "equipment_project"),
    (
        "design_institute",
        "design_center",
        "enterprise_tech_center",
        "innovation_center",
        "tech_innovation_demo",
        "rd_instrument_purchase",
    ),
    ("first_set", "management_consulting", "service_manufacturing_demo", "military_qualification"),
    (
        "green_list",
        "green_design_demo",
        "energy_efficiency_leader",
        "industry_standard_conditions",
        "carbon_footprint_cert",
        "energy_management_cert",
    ),
    ("smart_factory", "digital_demo", "app_demo", "industrial_internet_demo", "sme_digital_retrofit", "digital_package"),
    ("quality_award", "geographical_indication", "standards_secretariat", "standard", "standardization_demo"),
    ("public_consulting", "public_service_event", "regional_brand"),
)
assert sorted(t for g in RELATED_TYPES for t in g) == sorted(EVENT_TYPES)


@st.composite
def event_theme(draw, kind: str) -> tuple[str, ...]:
    """1-4 event types, mostly from one related group and mostly ones the kind can be paid for."""
    group = draw(st.sampled_from(RELATED_TYPES))
    fitting = [t for t in group if t in KIND_TYPES[kind]]
    pool = fitting if fitting and draw(st.integers(0, 3)) else list(group)
    theme = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=min(4, len(pool)), unique=True))
    if draw(st.integers(0, 3)) == 0:
        theme.append(draw(st.sampled_from(EVENT_TYPES)))
    return tuple(theme)


def event_types_for(kind: str, theme: tuple[str, ...] = ()):
    options = [st.sampled_from(KIND_TYPES[kind]), st.sampled_from(EVENT_TYPES)]
    if theme:
        options = [st.sampled_from(theme)] * 4 + options
    return st.one_of(options)


# --------------------------------------------------------------------------------------------------
# Years, past and other awards, subjects, documents
# --------------------------------------------------------------------------------------------------

YEAR_KEYS = tuple(str(y) for y in range(2022, 2028))


@st.composite
def year_facts(draw) -> dict:
    out: dict = {}
    if draw(st.booleans()):
        out["industrial_output"] = draw(money("industrial_output", small=3 * 10**10))
    if draw(st.booleans()):
        io = out.get("industrial_output")
        if io is not None and draw(st.booleans()):
            # At and 0.01 around the 1.2 ratio (戰新產值 / 工業總產值 >= 50%).
            half = (Decimal(io) * POLICY.ratios["1.2/share"].value).quantize(CENT, ROUND_CEILING)
            value = max(Decimal(0), half + draw(st.sampled_from([-CENT, Decimal(0), CENT])))
            out["strategic_emerging_output"] = _as_json_money(value, draw(st.sampled_from(["int", "dec", "str"])))
        else:
            out["strategic_emerging_output"] = draw(money("strategic_emerging_output"))
    if draw(st.booleans()):
        out["revenue"] = draw(money("revenue"))
    for flag in ("above_scale", "key_industrial_enterprise"):
        if draw(st.booleans()):
            out[flag] = draw(st.booleans())
    if draw(st.booleans()):
        out["green_power_share"] = draw(share)
    return out


@st.composite
def other_award_amounts(draw):
    return draw(
        st.one_of(
            money(small=10**6),
            st.sampled_from(ITEM_AMOUNTS).map(int),  # a tie with this policy's amount (A16)
            st.sampled_from([10**13, 2**31 // 100, 2**30 // 100 + 1]),
        )
    )


@st.composite
def subjects(draw, subject_id=None, max_events: int | None = None, kind: str | None = None, min_other_awards: int = 0) -> dict:
    """One valid subject (with at least `min_other_awards` other_awards entries; then it has events).

    Every optional part is decided by a draw that shrinks to "absent", and lists are Hypothesis lists,
    so that a failing subject shrinks to the few events and fields that matter.
    """
    max_events = MAX_EVENTS if max_events is None else max_events
    kind = kind or draw(st.sampled_from(SUBJECT_KINDS))
    subject: dict = {"id": subject_id if subject_id is not None else draw(ids), "kind": kind}
    if chance(draw, 4):
        subject["name"] = draw(names)
    if chance(draw, 4):
        subject["registered_in_jinjiang"] = not chance(draw, 4)

    years = draw(st.lists(st.sampled_from(YEAR_KEYS), unique=True, max_size=4))
    if years or chance(draw, 2):
        subject["years"] = {y: draw(year_facts()) for y in years}

    # Events: a list, then clones under new ids (duplicates), then maybe one project shared by many.
    date_pool = tuple(draw(st.lists(dates, min_size=1, max_size=3)))
    theme = draw(event_theme(kind))
    empty_allowed = not min_other_awards and chance(draw, 8)
    bodies = draw(st.lists(_event_of(kind, theme, date_pool), min_size=0 if empty_allowed else 1, max_size=min(8, max_events)))
    if bodies and max_events > len(bodies) and chance(draw, 3):
        # Duplicates: one event cloned (new id, same everything else) once or several times, or several.
        source = draw(st.integers(0, len(bodies) - 1))
        room = max_events - len(bodies)
        if chance(draw, 4):  # a flood: many copies of one event (up to the subject's limit)
            picks = [source] * draw(st.integers(1, room))
        else:
            picks = draw(st.lists(st.one_of(st.just(source), st.integers(0, len(bodies) - 1)), min_size=1, max_size=room))
        bodies += [copy.deepcopy(bodies[i]) for i in picks]
    if len(bodies) >= 2 and chance(draw, 4):
        shared = draw(project_names)
        for i in draw(st.lists(st.integers(0, len(bodies) - 1), min_size=2, unique=True)):
            bodies[i]["project"] = shared
    event_ids = draw(unique_ids(len(bodies)))
    events = [{"id": i, **b} for i, b in zip(event_ids, bodies)]
    if events or chance(draw, 2):
        subject["events"] = events

    if chance(draw, 3):
        subject["past_awards"] = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"item": st.sampled_from(ITEMS), "year": st.integers(2018, 2026)},
                    optional={"project": project_names},
                ),
                max_size=3,
            )
        )

    if events and (min_other_awards or chance(draw, 2)):
        subject["other_awards"] = draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "event": st.sampled_from(event_ids),
                        "policy": st.sampled_from(POLICY_NAMES),
                        "amount": other_award_amounts(),
                    }
                ),
                min_size=max(1, min_other_awards),
                max_size=max(3, min_other_awards),
            )
        )
    return subject


@st.composite
def documents(draw, min_subjects: int = 1, max_subjects: int | None = None) -> dict:
    max_subjects = MAX_SUBJECTS if max_subjects is None else max_subjects
    sids = draw(unique_ids(draw(st.integers(min_subjects, max_subjects))))
    return {"schema": SCHEMA, "subjects": [draw(subjects(subject_id=s)) for s in sids]}


def document_of(*subject_dicts) -> dict:
    return {"schema": SCHEMA, "subjects": list(subject_dicts)}


# --------------------------------------------------------------------------------------------------
# Invalid mutations: (document, path where a problem must be reported)
# --------------------------------------------------------------------------------------------------

_IDENT_KEY = __import__("re").compile(r"[A-Za-z_][A-Za-z0-9_]*\Z|[0-9]+\Z")


def _key(path: str, key: str) -> str:
    if _IDENT_KEY.match(key):
        return f"{path}.{key}" if path else key
    import json

    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


MONEY_FIELDS = {
    "equipment_project": ("total_investment", "equipment_purchase"),
    "rd_instrument_purchase": ("amount",),
    "management_consulting": ("fee",),
    "digital_demo": ("total_investment",),
    "app_demo": ("recognized_investment",),
    "industrial_internet_demo": ("recognized_investment",),
    "sme_digital_retrofit": ("recognized_investment",),
    "regional_brand": ("investment",),
}
BAD_MONEY = st.sampled_from(
    [
        -1,
        Decimal("-0.01"),
        10**13 + 1,
        Decimal("10000000000000.01"),
        Decimal("1.005"),
        "1.005",
        "-5",
        "12,345",
        "1e5",
        "",
        "abc",
        True,
        None,
        [],
        {},
        "１２",
    ]
)
BAD_DATES = st.sampled_from(
    ["2025-13-01", "2025-02-30", "2025/01/01", "25-01-01", "2025-1-1", "", 20250101, None, "2025-06-15T00:00", "２０２５-01-01"]
)
BAD_BOOLS = st.sampled_from([0, 1, "true", None, "yes", []])
BAD_SHARES = st.sampled_from([Decimal("1.01"), Decimal("-0.01"), 2, -1, "0.3", True, None])
_NOT_OBJECT = st.sampled_from([None, 1, "x", [], True])
_NOT_LIST = st.sampled_from([None, 1, "x", {}, True])
_LEVELS = ("national", "provincial", "quanzhou", "jinjiang")
# measures.md / contract.md: the levels each type accepts.
_ALLOWED_LEVELS = {
    **dict.fromkeys(
        (
            "single_champion",
            "specialized_sme",
            "design_institute",
            "service_manufacturing_demo",
            "green_list",
            "energy_efficiency_leader",
            "standardization_demo",
            "innovation_center",
        ),
        NP,
    ),
    "design_center": NPQ,
    "enterprise_tech_center": NPQ,
    "tech_innovation_demo": N,
    "green_design_demo": N,
    "digital_demo": ("jinjiang",),
}


def _events_with(doc, predicate):
    return [(si, ei) for si, s in enumerate(doc["subjects"]) for ei, e in enumerate(s.get("events", [])) if predicate(e)]


_ENUM_FIELDS = {
    "innovation_center": "role",
    "first_set": "scope",
    "military_qualification": "qualification",
    "green_list": "list",
    "smart_factory": "rating",
    "app_demo": "area",
    "quality_award": "award",
    "standards_secretariat": "body",
    "standard": "role",
}
_BOOL_FIELDS = {
    "equipment_project": ("key_tech_renovation", "in_statistics"),
    "management_consulting": ("pre_filed",),
    "digital_demo": ("in_use", "promotes"),
    "sme_digital_retrofit": ("pilot",),
    "public_consulting": ("pre_filed",),
    "public_service_event": ("government_guided", "has_expenses", "meets_standards"),
}
_COUNT_FIELDS = {
    "digital_package": ("sme_count", [-1, Decimal("10.5"), "10", True, None, 10**9 + 1]),
    "public_consulting": ("enterprises_served", [-1, Decimal("20.5"), "20", None]),
    "sme_digital_retrofit": ("digital_level", [0, 6, Decimal("2.5"), "2", None, True]),
    "public_service_event": ("filed_days_ahead", [Decimal("7.5"), "7", None, True]),
}
_OPTIONAL_EVENT_KEYS = ("renewal", "project", "quanzhou_subsidy", "direct_elevation")

MUTATIONS = (
    "schema",
    "top_not_object",
    "top_unknown",
    "subjects_missing",
    "subjects_not_list",
    "subject_not_object",
    "subject_unknown",
    "subject_no_id",
    "dup_subject",
    "bad_kind",
    "bad_name",
    "bad_registered",
    "years_not_object",
    "years_key",
    "years_entry_not_object",
    "years_bool",
    "years_money",
    "years_share",
    "years_unknown",
    "events_not_list",
    "event_not_object",
    "event_unknown",
    "event_type",
    "event_missing",
    "event_date",
    "event_renewal",
    "event_project",
    "dup_event",
    "event_money",
    "event_level",
    "event_enum",
    "event_bool",
    "event_count",
    "standard_rank_missing",
    "standard_rank_forbidden",
    "standard_elevation",
    "standard_rank_bad",
    "past_not_list",
    "past_item",
    "past_year",
    "past_project",
    "past_unknown",
    "other_not_list",
    "other_missing_event",
    "other_money",
    "other_unknown",
    "other_policy_type",
    "other_missing_field",
)


@st.composite
def invalid_documents(draw):
    """A valid document with one thing made invalid: (document, the path a problem must be reported at).

    The path is exact for the problem the mutation makes; other problems may follow from it (a replaced
    event id that an other_awards entry named), so the check is that *some* problem has this path.
    """
    doc = draw(documents(max_subjects=2))
    kind = draw(st.sampled_from(MUTATIONS))
    si = draw(st.integers(0, len(doc["subjects"]) - 1))
    s = doc["subjects"][si]
    sp = f"subjects[{si}]"

    def new_event(etype: str) -> tuple[dict, str]:
        """Append a fresh valid event of `etype` (unique id) to subject si."""
        events = s.setdefault("events", [])
        taken = {e["id"] for e in events}
        ident = "NEW"
        while ident in taken:
            ident += "+"
        e = {"id": ident, **draw(event_body(etype))}
        events.append(e)
        return e, f"{sp}.events[{len(events) - 1}]"

    def some_event(types=None) -> tuple[dict, str]:
        """An existing event of subject si (of one of `types`), or a new one."""
        events = s.get("events", [])
        found = [i for i, e in enumerate(events) if types is None or e["type"] in types]
        if found and draw(st.booleans()):
            i = draw(st.sampled_from(found))
            return events[i], f"{sp}.events[{i}]"
        return new_event(draw(st.sampled_from(sorted(types or EVENT_TYPES))))

    # -- document and subject level --------------------------------------------------------------
    if kind == "schema":
        doc["schema"] = draw(st.sampled_from(["jjpolicy.facts/2", "", 1, None, "jjpolicy.result/1"]))
        return doc, "schema"
    if kind == "top_not_object":
        return draw(st.sampled_from([[doc], None, "[1]", "not json", 1, True])), "$"
    if kind == "top_unknown":
        doc["zz_extra"] = 1
        return doc, "zz_extra"
    if kind == "subjects_missing":
        del doc["subjects"]
        return doc, "subjects"
    if kind == "subjects_not_list":
        doc["subjects"] = draw(_NOT_LIST)
        return doc, "subjects"
    if kind == "subject_not_object":
        doc["subjects"][si] = draw(_NOT_OBJECT)
        return doc, sp
    if kind == "subject_unknown":
        s[draw(st.sampled_from(["zz_extra", "evnets", "Kind"]))] = 1
        key = next(k for k in s if k in ("zz_extra", "evnets", "Kind"))
        return doc, f"{sp}.{key}"
    if kind == "subject_no_id":
        if draw(st.booleans()):
            del s["id"]
        else:
            s["id"] = draw(st.sampled_from(["", 1, None, ["x"]]))
        return doc, f"{sp}.id"
    if kind == "dup_subject":
        doc["subjects"].append(copy.deepcopy(s))
        return doc, f"subjects[{len(doc['subjects']) - 1}].id"
    if kind == "bad_kind":
        if draw(st.booleans()):
            del s["kind"]
        else:
            s["kind"] = draw(st.sampled_from(["industrial", "", None, 3, "Enterprise"]))
        return doc, f"{sp}.kind"
    if kind == "bad_name":
        s["name"] = draw(st.sampled_from([1, None, [], True]))
        return doc, f"{sp}.name"
    if kind == "bad_registered":
        s["registered_in_jinjiang"] = draw(BAD_BOOLS)
        return doc, f"{sp}.registered_in_jinjiang"

    # -- years --------------------------------------------------------------------------------------
    if kind == "years_not_object":
        s["years"] = draw(st.sampled_from([[], 2025, "2025", True]))
        return doc, f"{sp}.years"
    if kind == "years_key":
        key = draw(st.sampled_from(["25", "0999", "year", "2025.0", "20250", " 2025", ""]))
        s.setdefault("years", {})[key] = {}
        return doc, _key(f"{sp}.years", key)
    if kind.startswith("years_"):
        year = draw(st.sampled_from(YEAR_KEYS))
        years = s.setdefault("years", {})
        here = _key(f"{sp}.years", year)
        if kind == "years_entry_not_object":
            years[year] = draw(_NOT_OBJECT)
            return doc, here
        y = years.setdefault(year, {})
        if kind == "years_bool":
            field = draw(st.sampled_from(["above_scale", "key_industrial_enterprise"]))
            y[field] = draw(BAD_BOOLS)
        elif kind == "years_money":
            field = draw(st.sampled_from(["industrial_output", "strategic_emerging_output", "revenue"]))
            y[field] = draw(BAD_MONEY)
        elif kind == "years_share":
            field = "green_power_share"
            y[field] = draw(BAD_SHARES)
        else:
            field = draw(st.sampled_from(["industrial_outptu", "zz_extra", "output", "year"]))
            y[field] = 1
        return doc, f"{here}.{field}"

    # -- events -------------------------------------------------------------------------------------
    if kind == "events_not_list":
        s["events"] = draw(_NOT_LIST)
        s.pop("other_awards", None)
        return doc, f"{sp}.events"
    if kind == "event_not_object":
        e, ep = some_event()
        index = int(ep.rsplit("[", 1)[1][:-1])
        s["events"][index] = draw(_NOT_OBJECT)
        return doc, ep
    if kind == "event_unknown":
        e, ep = some_event()
        field = draw(st.sampled_from(["equipment_purchse", "zz_extra", "Level", "amount_yuan", "dates"]))
        e[field] = 1
        return doc, f"{ep}.{field}"
    if kind == "event_type":
        e, ep = some_event()
        e["type"] = draw(st.sampled_from(["above_scale", "", None, 7, "Standard", "equipment-project"]))
        return doc, f"{ep}.type"
    if kind == "event_missing":
        e, ep = some_event()
        required = [k for k in e if k not in _OPTIONAL_EVENT_KEYS]
        field = draw(st.sampled_from(required))
        del e[field]
        return doc, f"{ep}.{field}"
    if kind == "event_date":
        e, ep = some_event()
        e["date"] = draw(BAD_DATES)
        return doc, f"{ep}.date"
    if kind == "event_renewal":
        e, ep = some_event()
        e["renewal"] = draw(BAD_BOOLS)
        return doc, f"{ep}.renewal"
    if kind == "event_project":
        e, ep = some_event()
        e["project"] = draw(st.sampled_from(["", 1, None, ["p"]]))
        return doc, f"{ep}.project"
    if kind == "dup_event":
        e, _ = some_event()
        s["events"].append(copy.deepcopy(e))
        return doc, f"{sp}.events[{len(s['events']) - 1}].id"
    if kind == "event_money":
        e, ep = some_event(MONEY_FIELDS)
        fields = MONEY_FIELDS[e["type"]] + (
            ("quanzhou_subsidy",) if e["type"] in ("app_demo", "industrial_internet_demo", "sme_digital_retrofit") else ()
        )
        field = draw(st.sampled_from(fields))
        e[field] = draw(BAD_MONEY)
        return doc, f"{ep}.{field}"
    if kind == "event_level":
        e, ep = some_event(_ALLOWED_LEVELS)
        bad = [lv for lv in _LEVELS if lv not in _ALLOWED_LEVELS[e["type"]]] + ["", "National", "international", None]
        e["level"] = draw(st.sampled_from(bad))
        return doc, f"{ep}.level"
    if kind == "event_enum":
        e, ep = some_event(_ENUM_FIELDS)
        field = _ENUM_FIELDS[e["type"]]
        e[field] = draw(st.sampled_from(["", "other", None, 1]))
        return doc, f"{ep}.{field}"
    if kind == "event_bool":
        e, ep = some_event(_BOOL_FIELDS)
        field = draw(st.sampled_from(_BOOL_FIELDS[e["type"]]))
        e[field] = draw(BAD_BOOLS)
        return doc, f"{ep}.{field}"
    if kind == "event_count":
        e, ep = some_event(_COUNT_FIELDS)
        field, bad = _COUNT_FIELDS[e["type"]]
        e[field] = draw(st.sampled_from(bad))
        return doc, f"{ep}.{field}"
    if kind.startswith("standard_"):
        e, ep = new_event("standard")
        for k in ("jinjiang_rank", "direct_elevation"):
            e.pop(k, None)
        if kind == "standard_rank_missing":
            e["level"] = draw(st.sampled_from(["local", "group"]))
            return doc, f"{ep}.jinjiang_rank"
        if kind == "standard_rank_forbidden":
            e["level"] = draw(st.sampled_from(["international", "national", "industry"]))
            e["jinjiang_rank"] = draw(st.integers(1, 3))
            return doc, f"{ep}.jinjiang_rank"
        if kind == "standard_rank_bad":
            e["level"] = draw(st.sampled_from(["local", "group"]))
            e["jinjiang_rank"] = draw(st.sampled_from([0, -1, Decimal("1.5"), "1", None, True]))
            return doc, f"{ep}.jinjiang_rank"
        e["level"] = draw(st.sampled_from(["national", "industry", "local", "group"]))
        if e["level"] in ("local", "group"):
            e["jinjiang_rank"] = 1
        e["direct_elevation"] = True
        return doc, f"{ep}.direct_elevation"

    # -- past and other awards ---------------------------------------------------------------------
    if kind == "past_not_list":
        s["past_awards"] = draw(_NOT_LIST)
        return doc, f"{sp}.past_awards"
    if kind.startswith("past_"):
        entry = {"item": draw(st.sampled_from(ITEMS)), "year": 2024}
        past = s.setdefault("past_awards", [])
        past.append(entry)
        here = f"{sp}.past_awards[{len(past) - 1}]"
        if kind == "past_item":
            value = draw(st.sampled_from(["1.3/specialized_sme", "9.9/none", "", 3, None, "2.1/EQUIPMENT_UPDATE"]))
            if value is None and draw(st.booleans()):
                del entry["item"]
            else:
                entry["item"] = value
            return doc, f"{here}.item"
        if kind == "past_year":
            entry["year"] = draw(st.sampled_from([25, "2024", 999, 10000, None, Decimal("2024.5"), True]))
            return doc, f"{here}.year"
        if kind == "past_project":
            entry["project"] = draw(st.sampled_from(["", 1, None]))
            return doc, f"{here}.project"
        entry["zz_extra"] = 1
        return doc, f"{here}.zz_extra"
    if kind == "other_not_list":
        s["other_awards"] = draw(_NOT_LIST)
        return doc, f"{sp}.other_awards"
    e, _ = some_event()
    other = s.setdefault("other_awards", [])
    entry = {"event": e["id"], "policy": "p", "amount": 1}
    other.append(entry)
    here = f"{sp}.other_awards[{len(other) - 1}]"
    if kind == "other_missing_event":
        existing = {x["id"] for x in s["events"]}
        missing = draw(st.sampled_from(["missing", "", 1]))
        while missing in existing:
            missing += "!"
        entry["event"] = missing
        return doc, f"{here}.event"
    if kind == "other_money":
        entry["amount"] = draw(BAD_MONEY)
        return doc, f"{here}.amount"
    if kind == "other_policy_type":
        entry["policy"] = draw(st.sampled_from([None, 1, [], True]))
        return doc, f"{here}.policy"
    if kind == "other_missing_field":
        field = draw(st.sampled_from(["event", "policy", "amount"]))
        del entry[field]
        return doc, f"{here}.{field}"
    entry["zz_extra"] = 1
    return doc, f"{here}.zz_extra"


# --------------------------------------------------------------------------------------------------
# Timing: every engine call slower than SLOW_SECONDS is listed at the end of the run (conftest.py)
# --------------------------------------------------------------------------------------------------

SLOW_SECONDS = 5.0
SLOW_CALLS: list[tuple[str, float, str]] = []


def timed(what: str, payload, fn, *args, **kwargs):
    """fn(*args, **kwargs), remembering it (and saving `payload` to .hypothesis/slow/) if it is slow."""
    import time
    from pathlib import Path

    start = time.perf_counter()
    try:
        return fn(*args, **kwargs)
    finally:
        seconds = time.perf_counter() - start
        if seconds > SLOW_SECONDS:
            from jjpolicy.render import to_json

            folder = Path(__file__).resolve().parent.parent / ".hypothesis" / "slow"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"slow-{os.getpid()}-{len(SLOW_CALLS):03d}.json"
            try:
                path.write_text(to_json(payload), encoding="utf-8")
            except Exception:  # an unserialisable payload must not hide the timing
                path.write_text(repr(payload), encoding="utf-8")
            SLOW_CALLS.append((what, seconds, str(path)))
