"""Input contract `jjpolicy.facts/1`: validation, paths, messages, exact money."""

from __future__ import annotations

import copy
import datetime
import json
import random
import re
from decimal import Decimal

import pytest

from jjpolicy.model import (
    EVENT_TYPES,
    Event,
    Facts,
    InputError,
    OtherAward,
    PastAward,
    Problem,
    Subject,
    YearFacts,
    load_facts,
    parse_facts,
)
from jjpolicy.money import MONEY_MESSAGE, fen_to_yuan, format_yuan, parse_money, to_fen

MONEY = "expected money: a number or decimal string from 0 to 10000000000000 yuan with at most 2 decimals"

CONTRACT_EXAMPLE = """
{
  "schema": "jjpolicy.facts/1",
  "subjects": [
    {
      "id": "E001",
      "name": "晉江某鞋服有限公司",
      "kind": "industrial_enterprise",
      "registered_in_jinjiang": true,
      "years": {
        "2024": {"industrial_output": 520000000, "key_industrial_enterprise": true},
        "2025": {"industrial_output": 610000000, "key_industrial_enterprise": true,
                 "strategic_emerging_output": 0, "revenue": 0, "green_power_share": 0.35}
      },
      "events": [
        {"id": "T1", "type": "single_champion", "level": "provincial", "date": "2025-08-20"},
        {"id": "P1", "type": "equipment_project", "date": "2025-12-31", "project": "line-3",
         "total_investment": 30000000, "equipment_purchase": 8000000,
         "key_tech_renovation": true, "in_statistics": true}
      ],
      "past_awards": [{"item": "1.3/specialized_sme/provincial", "year": 2023}],
      "other_awards": [{"event": "T1", "policy": "another Jinjiang policy", "amount": 200000}]
    }
  ]
}
"""

# One valid event of every type (extra fields only; id/type/date added).
VALID_EXTRAS: dict[str, dict] = {
    "above_scale_new": {},
    "strategic_emerging_new": {},
    "single_champion": {"level": "national"},
    "specialized_sme": {"level": "provincial"},
    "innovative_sme": {},
    "equipment_project": {
        "total_investment": 30000000,
        "equipment_purchase": "8000000.50",
        "key_tech_renovation": True,
        "in_statistics": False,
    },
    "design_institute": {"level": "provincial"},
    "design_center": {"level": "quanzhou"},
    "enterprise_tech_center": {"level": "quanzhou"},
    "innovation_center": {"level": "provincial", "role": "member"},
    "tech_innovation_demo": {"level": "national"},
    "rd_instrument_purchase": {"amount": 1200000},
    "first_set": {"scope": "domestic"},
    "management_consulting": {"fee": 300000, "pre_filed": True},
    "service_manufacturing_demo": {"level": "national"},
    "military_qualification": {"qualification": "secrecy"},
    "green_list": {"list": "supply_chain", "level": "provincial"},
    "green_design_demo": {"level": "national"},
    "energy_efficiency_leader": {"level": "provincial"},
    "industry_standard_conditions": {},
    "carbon_footprint_cert": {},
    "energy_management_cert": {},
    "smart_factory": {"rating": "advanced"},
    "digital_demo": {"level": "jinjiang", "total_investment": 2000000, "in_use": True, "promotes": False},
    "app_demo": {"area": "5g", "recognized_investment": 500000},
    "industrial_internet_demo": {"recognized_investment": 1000000},
    "sme_digital_retrofit": {"recognized_investment": 400000, "digital_level": 3, "pilot": True},
    "digital_package": {"sme_count": 20},
    "quality_award": {"award": "fujian_nomination"},
    "geographical_indication": {},
    "standards_secretariat": {"body": "national_wg"},
    "standard": {"level": "national", "role": "participate"},
    "standardization_demo": {"level": "provincial"},
    "public_consulting": {"enterprises_served": 20, "pre_filed": True},
    "public_service_event": {
        "government_guided": True,
        "has_expenses": True,
        "meets_standards": True,
        "filed_days_ahead": 7,
    },
    "regional_brand": {"investment": "1000000.5"},
}

OPTIONAL_EXTRAS = {
    ("app_demo", "quanzhou_subsidy"),
    ("industrial_internet_demo", "quanzhou_subsidy"),
    ("sme_digital_retrofit", "quanzhou_subsidy"),
    ("standard", "jinjiang_rank"),
    ("standard", "direct_elevation"),
}


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def doc(*subjects: dict) -> dict:
    return {"schema": "jjpolicy.facts/1", "subjects": list(subjects)}


def subject(**extra) -> dict:
    base = {"id": "S1", "kind": "enterprise"}
    base.update(extra)
    return base


def event(type_: str, id_: str = "E1", date: str = "2025-07-01", **extra) -> dict:
    base = {"id": id_, "type": type_, "date": date}
    base.update(VALID_EXTRAS.get(type_, {}))
    base.update(extra)
    return base


def with_events(*events: dict, **extra) -> dict:
    return doc(subject(events=list(events), **extra))


def problems(data, **kwargs) -> list[Problem]:
    """Problems of decoded data (round-tripped through JSON text)."""
    if isinstance(data, (str, bytes)):
        text = data
    else:
        text = json.dumps(data, ensure_ascii=False)
    with pytest.raises(InputError) as info:
        load_facts(text, **kwargs)
    found = list(info.value.problems)
    assert found, "InputError without problems"
    for p in found:
        assert isinstance(p, Problem)
        assert isinstance(p.path, str) and p.path
        assert isinstance(p.message, str) and p.message
    return found


def at(found: list[Problem], path: str) -> list[str]:
    return [p.message for p in found if p.path == path]


def assert_problem(data, path: str, fragment: str, **kwargs) -> list[Problem]:
    found = problems(data, **kwargs)
    messages = at(found, path)
    assert messages, f"no problem at {path!r}; got {[str(p) for p in found]}"
    assert any(fragment in m for m in messages), f"{fragment!r} not in {messages!r}"
    return found


def load(data) -> Facts:
    return load_facts(json.dumps(data, ensure_ascii=False))


# --------------------------------------------------------------------------
# money
# --------------------------------------------------------------------------


class TestParseMoney:
    @pytest.mark.parametrize(
        "value, expected",
        [
            (0, Decimal("0")),
            (1, Decimal("1")),
            (25000000000, Decimal("25000000000")),
            (10**13, Decimal("10000000000000")),
            ("12345.67", Decimal("12345.67")),
            ("12345.6", Decimal("12345.6")),
            ("0.01", Decimal("0.01")),
            ("10000000000000", Decimal("10000000000000")),
            ("10000000000000.00", Decimal("10000000000000")),
            ("007", Decimal("7")),
            (Decimal("0.1"), Decimal("0.1")),
            (Decimal("1.230"), Decimal("1.23")),
            (Decimal("1E+3"), Decimal("1000")),
            (Decimal("-0.0"), Decimal("0")),
            (0.1, Decimal("0.1")),
            (1234.56, Decimal("1234.56")),
            (9999999999999.99, Decimal("9999999999999.99")),
        ],
    )
    def test_accepts(self, value, expected):
        result = parse_money(value)
        assert isinstance(result, Decimal)
        assert result == expected
        assert str(result) == str(expected)

    @pytest.mark.parametrize(
        "value",
        [
            -1,
            10**13 + 1,
            Decimal("10000000000000.01"),
            "10000000000000.01",
            Decimal("1.005"),
            "1.234",
            1.005,
            -0.01,
            "-1",
            "+1",
            "1e3",
            " 1",
            "1 ",
            "1,000",
            "",
            ".5",
            "5.",
            "１２",  # full-width digits
            "NaN",
            True,
            False,
            None,
            [1],
            {"yuan": 1},
            float("nan"),
            float("inf"),
            Decimal("NaN"),
            Decimal("Infinity"),
            Decimal("1E+999999999"),
            Decimal("1E-999999999"),
            pytest.param(10**5000, id="huge-int"),
        ],
    )
    def test_rejects(self, value):
        with pytest.raises(ValueError) as info:
            parse_money(value)
        assert str(info.value) == MONEY_MESSAGE == MONEY

    def test_float_is_read_through_repr_not_binary(self):
        # The binary value of 0.1 is 0.1000000000000000055511151231257827...
        assert parse_money(0.1) == Decimal("0.1")
        assert parse_money(0.1) + parse_money(0.2) == Decimal("0.3")


class TestFen:
    @pytest.mark.parametrize(
        "yuan, fen",
        [
            (Decimal("0"), 0),
            (Decimal("0.01"), 1),
            (Decimal("1234.5"), 123450),
            (Decimal("1234.56"), 123456),
            (Decimal("25000000000"), 2500000000000),
            (Decimal("10000000000000"), 10**15),
            (Decimal("4E+5"), 40000000),
            (Decimal("1.500"), 150),
            (Decimal("-3.25"), -325),
            (Decimal("123456789012345678901234567890.12"), 12345678901234567890123456789012),
        ],
    )
    def test_to_fen_exact(self, yuan, fen):
        assert to_fen(yuan) == fen
        assert type(to_fen(yuan)) is int

    @pytest.mark.parametrize("bad", [Decimal("0.001"), Decimal("1.005"), Decimal("NaN"), Decimal("1E-50"), 1.5, "1"])
    def test_to_fen_rejects(self, bad):
        with pytest.raises(ValueError):
            to_fen(bad)

    @pytest.mark.parametrize(
        "fen, text",
        [
            (0, "0"),
            (1, "0.01"),
            (150, "1.5"),
            (123456, "1234.56"),
            (40000000, "400000"),
            (10**15, "10000000000000"),
            (-325, "-3.25"),
            (12345678901234567890123456789012, "123456789012345678901234567890.12"),
        ],
    )
    def test_fen_to_yuan_exact(self, fen, text):
        yuan = fen_to_yuan(fen)
        assert isinstance(yuan, Decimal)
        assert str(yuan) == text
        assert to_fen(yuan) == fen

    @pytest.mark.parametrize(
        "value, text",
        [
            (Decimal("400000"), "400000"),
            (Decimal("4E+5"), "400000"),
            (Decimal("400000.00"), "400000"),
            (Decimal("1234.50"), "1234.5"),
            (Decimal("1234.56"), "1234.56"),
            (Decimal("0.00"), "0"),
            (Decimal("-0"), "0"),
            (Decimal("0.05"), "0.05"),
            (Decimal("25000000000"), "25000000000"),
            (Decimal("10000000000000"), "10000000000000"),
            (Decimal("1E-7"), "0.0000001"),
        ],
    )
    def test_format_yuan(self, value, text):
        assert format_yuan(value) == text

    def test_percentage_round_trip_has_no_float_error(self):
        # 5% of 8,000,000.01 is 400,000.0005: exact arithmetic, then floor to fen.
        amount = parse_money("8000000.01")
        exact = amount * Decimal("0.05")
        assert exact == Decimal("400000.0005")
        assert format_yuan(fen_to_yuan(int(exact * 100))) == "400000"


# --------------------------------------------------------------------------
# the contract example and the model
# --------------------------------------------------------------------------


class TestContractExample:
    def test_parses_to_the_expected_model(self):
        facts = load_facts(CONTRACT_EXAMPLE)
        assert isinstance(facts, Facts)
        assert len(facts.subjects) == 1
        s = facts.subjects[0]
        assert isinstance(s, Subject)
        assert (s.id, s.name, s.kind, s.registered_in_jinjiang, s.path) == (
            "E001",
            "晉江某鞋服有限公司",
            "industrial_enterprise",
            True,
            "subjects[0]",
        )
        assert [y.year for y in s.years] == [2024, 2025]
        y2024, y2025 = s.years
        assert isinstance(y2024, YearFacts)
        assert dict(y2024.fields) == {
            "industrial_output": Decimal("520000000"),
            "key_industrial_enterprise": True,
        }
        assert y2024.path == "subjects[0].years.2024"
        assert y2025.fields["green_power_share"] == Decimal("0.35")
        assert isinstance(y2025.fields["green_power_share"], Decimal)
        assert y2025.fields["revenue"] == Decimal(0)
        assert "above_scale" not in y2025.fields

        t1, p1 = s.events
        assert isinstance(t1, Event)
        assert (t1.id, t1.type, t1.date, t1.renewal, t1.project, t1.path) == (
            "T1",
            "single_champion",
            datetime.date(2025, 8, 20),
            False,
            None,
            "subjects[0].events[0]",
        )
        assert dict(t1.fields) == {"level": "provincial"}
        assert p1.project == "line-3"
        assert p1.path == "subjects[0].events[1]"
        assert dict(p1.fields) == {
            "total_investment": Decimal("30000000"),
            "equipment_purchase": Decimal("8000000"),
            "key_tech_renovation": True,
            "in_statistics": True,
        }
        assert all(isinstance(p1.fields[k], Decimal) for k in ("total_investment", "equipment_purchase"))

        assert s.past_awards == (
            PastAward(item="1.3/specialized_sme/provincial", year=2023, project=None, path="subjects[0].past_awards[0]"),
        )
        assert s.other_awards == (
            OtherAward(
                event="T1", policy="another Jinjiang policy", amount=Decimal("200000"), path="subjects[0].other_awards[0]"
            ),
        )

    def test_bytes_and_bom_accepted(self):
        assert load_facts(CONTRACT_EXAMPLE.encode("utf-8")).subjects[0].id == "E001"
        assert load_facts(CONTRACT_EXAMPLE.encode("utf-8-sig")).subjects[0].id == "E001"
        assert load_facts(CONTRACT_EXAMPLE.encode("utf-16")).subjects[0].id == "E001"
        assert load_facts("\ufeff" + CONTRACT_EXAMPLE).subjects[0].id == "E001"

    def test_parse_facts_on_decoded_data(self):
        data = json.loads(CONTRACT_EXAMPLE, parse_float=Decimal)
        facts = parse_facts(data)
        assert facts == load_facts(CONTRACT_EXAMPLE)

    def test_model_is_frozen_and_hashable(self):
        facts = load_facts(CONTRACT_EXAMPLE)
        s = facts.subjects[0]
        with pytest.raises(AttributeError):
            s.kind = "enterprise"  # type: ignore[misc]
        with pytest.raises(TypeError):
            s.events[0].fields["level"] = "national"  # type: ignore[index]
        assert isinstance(s.years, tuple) and isinstance(s.events, tuple)
        assert hash(facts) == hash(load_facts(CONTRACT_EXAMPLE))
        assert len({s.events[0], s.events[0]}) == 1


class TestValidValues:
    def test_empty_subjects(self):
        assert load(doc()) == Facts(subjects=())

    def test_defaults(self):
        facts = load(doc(subject()))
        s = facts.subjects[0]
        assert s.name is None
        assert s.registered_in_jinjiang is True
        assert s.years == s.events == s.past_awards == s.other_awards == ()

    def test_registered_false(self):
        assert load(doc(subject(registered_in_jinjiang=False))).subjects[0].registered_in_jinjiang is False

    def test_money_forms_round_trip_exactly(self):
        text = (
            '{"schema": "jjpolicy.facts/1", "subjects": [{"id": "S", "kind": "industrial_enterprise",'
            ' "years": {"2025": {"industrial_output": 25000000000, "revenue": "12345.67",'
            ' "strategic_emerging_output": 0.1, "green_power_share": 0.1},'
            ' "2026": {"industrial_output": 10000000000000, "revenue": 1.10, "green_power_share": 1}}}]}'
        )
        years = load_facts(text).subjects[0].years
        assert years[0].fields["industrial_output"] == Decimal("25000000000")
        assert years[0].fields["revenue"] == Decimal("12345.67")
        assert str(years[0].fields["strategic_emerging_output"]) == "0.1"
        assert str(years[0].fields["green_power_share"]) == "0.1"
        assert years[1].fields["industrial_output"] == Decimal(10**13)
        assert str(years[1].fields["revenue"]) == "1.1"
        assert years[1].fields["green_power_share"] == Decimal(1)

    def test_share_keeps_exact_digits(self):
        text = '{"schema":"jjpolicy.facts/1","subjects":[{"id":"S","kind":"enterprise","years":{"2025":{"green_power_share":0.29999999999999999999}}}]}'
        share = load_facts(text).subjects[0].years[0].fields["green_power_share"]
        assert share == Decimal("0.29999999999999999999")
        assert share < Decimal("0.3")

    def test_years_sorted_events_in_input_order(self):
        data = doc(
            subject(
                years={"2026": {}, "2024": {"above_scale": True}, "2025": {}},
                events=[event("innovative_sme", "Z"), event("above_scale_new", "A"), event("energy_management_cert", "M")],
            )
        )
        s = load(data).subjects[0]
        assert [y.year for y in s.years] == [2024, 2025, 2026]
        assert [y.path for y in s.years] == ["subjects[0].years.2024", "subjects[0].years.2025", "subjects[0].years.2026"]
        assert [e.id for e in s.events] == ["Z", "A", "M"]
        assert [e.path for e in s.events] == [f"subjects[0].events[{i}]" for i in range(3)]

    @pytest.mark.parametrize("type_", EVENT_TYPES)
    def test_every_type_has_a_valid_form(self, type_):
        assert set(EVENT_TYPES) == set(VALID_EXTRAS)
        e = load(with_events(event(type_, renewal=True, project="prj"))).subjects[0].events[0]
        assert e.type == type_
        assert e.renewal is True
        assert e.project == "prj"
        assert set(e.fields) == set(VALID_EXTRAS[type_])

    def test_event_field_values_are_converted(self):
        events = [
            event("equipment_project", "A"),
            event("sme_digital_retrofit", "B", quanzhou_subsidy="20000.5"),
            event("public_service_event", "C", filed_days_ahead=-3),
            event("standard", "D", level="group", jinjiang_rank=1),
            event("standard", "E", level="international", direct_elevation=True),
            event("standard", "F", level="international", direct_elevation=False),
            event("digital_package", "G", sme_count=0),
        ]
        a, b, c, d, e, f, g = load(with_events(*events)).subjects[0].events
        assert a.fields["equipment_purchase"] == Decimal("8000000.5")
        assert a.fields["in_statistics"] is False
        assert b.fields["digital_level"] == 3 and type(b.fields["digital_level"]) is int
        assert b.fields["quanzhou_subsidy"] == Decimal("20000.5")
        assert c.fields["filed_days_ahead"] == -3
        assert d.fields["jinjiang_rank"] == 1
        assert e.fields["direct_elevation"] is True
        assert f.fields["direct_elevation"] is False
        assert "direct_elevation" not in d.fields
        assert g.fields["sme_count"] == 0

    def test_optional_fields_absent_stay_absent(self):
        e = load(with_events(event("app_demo"))).subjects[0].events[0]
        assert "quanzhou_subsidy" not in e.fields
        assert e.renewal is False and e.project is None

    def test_unicode_ids_and_past_award_project(self):
        data = doc(
            subject(
                id="企業 №1 🙂",
                events=[event("smart_factory", "事件一", project="三號線")],
                past_awards=[{"item": "4.1/smart_factory/advanced", "year": 2024, "project": "三號線"}],
                other_awards=[{"event": "事件一", "policy": "", "amount": "0"}],
            )
        )
        s = load(data).subjects[0]
        assert s.id == "企業 №1 🙂"
        assert s.events[0].id == "事件一"
        assert s.past_awards[0].project == "三號線"
        assert s.other_awards[0].amount == Decimal(0)

    def test_known_items(self):
        data = doc(subject(past_awards=[{"item": "1.1/new_above_scale", "year": 2024}]))
        facts = load_facts(json.dumps(data), known_items=frozenset({"1.1/new_above_scale"}))
        assert facts.subjects[0].past_awards[0].item == "1.1/new_above_scale"

    def test_leap_day(self):
        assert load(with_events(event("innovative_sme", date="2024-02-29"))).subjects[0].events[0].date == datetime.date(
            2024, 2, 29
        )

    def test_same_event_id_in_different_subjects_is_fine(self):
        data = doc(
            subject(id="A", events=[event("innovative_sme", "T1")]),
            subject(id="B", events=[event("innovative_sme", "T1")]),
        )
        assert [s.events[0].id for s in load(data).subjects] == ["T1", "T1"]


# --------------------------------------------------------------------------
# bad input: the list in contract.md "Exit codes and bad input"
# --------------------------------------------------------------------------


class TestContractBadInput:
    @pytest.mark.parametrize(
        "text, fragment",
        [
            ("", "line 1, column 1"),
            ("{", "line 1, column 2"),
            ('{"schema": "jjpolicy.facts/1",\n "subjects": [}', "line 2, column 15"),
            ("{'schema': 1}", "not valid JSON"),
            ('{"a": 1} trailing', "not valid JSON"),
            ("\x00", "not valid JSON"),
        ],
    )
    def test_not_json(self, text, fragment):
        found = problems(text)
        assert len(found) == 1
        assert found[0].path == "$"
        assert found[0].message.startswith("not valid JSON: ")
        assert fragment in found[0].message

    def test_not_json_bytes(self):
        found = problems(b'{"schema": "\xff"}')
        assert found[0].path == "$" and found[0].message.startswith("not valid JSON")

    @pytest.mark.parametrize("schema", ["jjpolicy.facts/2", "", 1, None, ["jjpolicy.facts/1"]])
    def test_wrong_schema(self, schema):
        data = doc()
        data["schema"] = schema
        assert_problem(data, "schema", 'expected "jjpolicy.facts/1"')

    def test_missing_schema(self):
        assert_problem({"subjects": []}, "schema", "required field missing")

    def test_unknown_type(self):
        found = assert_problem(
            with_events(event("innovative_sme"), event("nope", "E2")), "subjects[0].events[1].type", 'unknown event type "nope"'
        )
        assert "single_champion" in at(found, "subjects[0].events[1].type")[0]
        assert len(found) == 1

    def test_unknown_type_suggests(self):
        assert_problem(with_events(event("standrd")), "subjects[0].events[0].type", 'did you mean "standard"')

    def test_unknown_kind(self):
        assert_problem(
            doc(subject(kind="company")),
            "subjects[0].kind",
            "expected one of industrial_enterprise, enterprise, green_service_institution, digital_service_provider, association, other_unit",
        )

    def test_wrong_field_type(self):
        assert_problem(
            with_events(event("equipment_project", in_statistics="yes")),
            "subjects[0].events[0].in_statistics",
            "expected true or false",
        )

    def test_negative_money(self):
        assert_problem(
            with_events(event("equipment_project", total_investment=-1)), "subjects[0].events[0].total_investment", MONEY
        )

    @pytest.mark.parametrize("share", [-0.01, 1.01, 2, -1, "0.5", True, None])
    def test_share_outside_range(self, share):
        data = doc(subject(years={"2025": {"green_power_share": share}}))
        assert_problem(data, "subjects[0].years.2025.green_power_share", "expected a number from 0 to 1")

    @pytest.mark.parametrize(
        "date",
        [
            "2025-02-29",
            "2025-13-01",
            "2025-00-10",
            "2025-04-31",
            "2025-1-1",
            "20250101",
            "2025/01/01",
            "2025-01-01T00:00",
            " 2025-01-01",
            "２０２５-01-01",
            20250101,
            None,
            "0000-01-01",
        ],
    )
    def test_bad_date(self, date):
        assert_problem(
            with_events(event("innovative_sme", date=date)), "subjects[0].events[0].date", "expected a date YYYY-MM-DD"
        )

    def test_duplicate_event_id(self):
        data = with_events(event("innovative_sme", "T1"), event("above_scale_new", "T2"), event("above_scale_new", "T1"))
        found = assert_problem(data, "subjects[0].events[2].id", 'duplicate event id "T1" (first at subjects[0].events[0])')
        assert len(found) == 1

    def test_other_awards_naming_missing_event(self):
        data = with_events(event("innovative_sme", "T1"), other_awards=[{"event": "T9", "policy": "p", "amount": 1}])
        found = assert_problem(data, "subjects[0].other_awards[0].event", 'names no event of this subject: "T9"')
        assert len(found) == 1

    def test_other_awards_cannot_name_another_subjects_event(self):
        data = doc(
            subject(id="A", events=[event("innovative_sme", "T1")]),
            subject(id="B", other_awards=[{"event": "T1", "policy": "p", "amount": 1}]),
        )
        assert_problem(data, "subjects[1].other_awards[0].event", "names no event of this subject")

    def test_other_award_naming_an_invalid_event_is_not_a_second_problem(self):
        data = with_events(
            event("single_champion", "T1", level="city"), other_awards=[{"event": "T1", "policy": "p", "amount": 1}]
        )
        found = problems(data)
        assert [p.path for p in found] == ["subjects[0].events[0].level"]

    def test_duplicate_subject_id(self):
        found = assert_problem(
            doc(subject(id="A"), subject(id="B"), subject(id="A")),
            "subjects[2].id",
            'duplicate subject id "A" (first at subjects[0])',
        )
        assert len(found) == 1

    def test_example_message_from_contract(self):
        events = [event("innovative_sme", "A"), event("innovative_sme", "B"), event("single_champion", "C", level="quanzhou")]
        found = problems(with_events(*events))
        assert str(found[0]).startswith("subjects[0].events[2].level: expected one of national, provincial")


# --------------------------------------------------------------------------
# every rule
# --------------------------------------------------------------------------


LEVELS = {
    "single_champion": "national, provincial",
    "specialized_sme": "national, provincial",
    "design_institute": "national, provincial",
    "service_manufacturing_demo": "national, provincial",
    "green_list": "national, provincial",
    "energy_efficiency_leader": "national, provincial",
    "standardization_demo": "national, provincial",
    "design_center": "national, provincial, quanzhou",
    "enterprise_tech_center": "national, provincial, quanzhou",
    "innovation_center": "national, provincial",
    "tech_innovation_demo": "national",
    "green_design_demo": "national",
    "digital_demo": "jinjiang",
    "standard": "international, national, industry, local, group",
}


class TestEventRules:
    @pytest.mark.parametrize("type_, allowed", sorted(LEVELS.items()))
    def test_levels_per_type(self, type_, allowed):
        for level in allowed.split(", "):
            extra = {"jinjiang_rank": 1} if level in ("local", "group") else {}
            assert load(with_events(event(type_, level=level, **extra))).subjects[0].events[0].fields["level"] == level
        for level in ("national", "provincial", "quanzhou", "jinjiang", "international", "National", ""):
            if level in allowed.split(", "):
                continue
            assert_problem(with_events(event(type_, level=level)), "subjects[0].events[0].level", f"expected one of {allowed}")

    @pytest.mark.parametrize(
        "type_, field, allowed",
        [
            ("innovation_center", "role", "lead, member"),
            ("standard", "role", "lead, participate"),
            ("green_list", "list", "factory, supply_chain, park"),
            ("military_qualification", "qualification", "quality_system, secrecy, production_license, contractor"),
            ("smart_factory", "rating", "leading, excellent, demonstration, advanced"),
            ("app_demo", "area", "5g, big_data"),
            ("quality_award", "award", "china, china_nomination, fujian, fujian_nomination, quanzhou"),
            ("standards_secretariat", "body", "national_tc, national_sc, national_wg, provincial_tc"),
            ("first_set", "scope", "domestic, provincial"),
        ],
    )
    def test_enums(self, type_, field, allowed):
        for value in allowed.split(", "):
            assert load(with_events(event(type_, **{field: value}))).subjects[0].events[0].fields[field] == value
        for bad in ("other", 1, None, True, ["lead"]):
            assert_problem(
                with_events(event(type_, **{field: bad})), f"subjects[0].events[0].{field}", f"expected one of {allowed}"
            )

    @pytest.mark.parametrize("type_", EVENT_TYPES)
    def test_each_required_field(self, type_):
        for field in ["id", "type", "date"] + list(VALID_EXTRAS[type_]):
            e = event(type_)
            del e[field]
            found = assert_problem(with_events(e), f"subjects[0].events[0].{field}", "required field missing")
            assert len(found) == 1, [str(p) for p in found]

    def test_optional_extras_are_really_optional(self):
        for type_, field in OPTIONAL_EXTRAS:
            e = event(type_)
            assert field not in e
            load(with_events(e))

    @pytest.mark.parametrize("type_", EVENT_TYPES)
    def test_unknown_field_rejected(self, type_):
        assert_problem(with_events(event(type_, colour="red")), "subjects[0].events[0].colour", "unknown field")

    def test_typo_does_not_pass_silently(self):
        e = event("equipment_project")
        e["equipment_purchse"] = e.pop("equipment_purchase")
        found = problems(with_events(e))
        assert {p.path for p in found} == {
            "subjects[0].events[0].equipment_purchse",
            "subjects[0].events[0].equipment_purchase",
        }
        assert 'did you mean "equipment_purchase"' in at(found, "subjects[0].events[0].equipment_purchse")[0]
        assert at(found, "subjects[0].events[0].equipment_purchase") == ["required field missing"]

    def test_field_of_another_type_is_unknown(self):
        assert_problem(with_events(event("single_champion", role="lead")), "subjects[0].events[0].role", "unknown field")

    def test_unknown_type_still_flags_fields_no_type_has(self):
        found = problems(with_events(event("nope", level="national", colour="red", date="bad")))
        assert {p.path for p in found} == {
            "subjects[0].events[0].type",
            "subjects[0].events[0].colour",
            "subjects[0].events[0].date",
        }

    @pytest.mark.parametrize("ident", ["", 1, None, True, ["T1"]])
    def test_event_id(self, ident):
        assert_problem(with_events(event("innovative_sme", id_=ident)), "subjects[0].events[0].id", "expected a non-empty string")

    @pytest.mark.parametrize("bad", ["true", 1, 0, None])
    def test_renewal_must_be_bool(self, bad):
        assert_problem(
            with_events(event("innovative_sme", renewal=bad)), "subjects[0].events[0].renewal", "expected true or false"
        )

    @pytest.mark.parametrize("bad", ["", 3, None, {"id": 1}])
    def test_project_must_be_nonempty_string(self, bad):
        assert_problem(
            with_events(event("innovative_sme", project=bad)), "subjects[0].events[0].project", "expected a non-empty string"
        )

    @pytest.mark.parametrize(
        "type_, field",
        [
            ("equipment_project", "total_investment"),
            ("equipment_project", "equipment_purchase"),
            ("rd_instrument_purchase", "amount"),
            ("management_consulting", "fee"),
            ("digital_demo", "total_investment"),
            ("app_demo", "recognized_investment"),
            ("app_demo", "quanzhou_subsidy"),
            ("industrial_internet_demo", "recognized_investment"),
            ("industrial_internet_demo", "quanzhou_subsidy"),
            ("sme_digital_retrofit", "recognized_investment"),
            ("sme_digital_retrofit", "quanzhou_subsidy"),
            ("regional_brand", "investment"),
        ],
    )
    def test_money_fields(self, type_, field):
        for bad in (-1, "1.234", True, None, "abc", 10**13 + 1, [1]):
            assert_problem(with_events(event(type_, **{field: bad})), f"subjects[0].events[0].{field}", MONEY)
        assert load(with_events(event(type_, **{field: "12345.67"}))).subjects[0].events[0].fields[field] == Decimal("12345.67")
        assert load(with_events(event(type_, **{field: 10**13}))).subjects[0].events[0].fields[field] == Decimal(10**13)

    @pytest.mark.parametrize(
        "type_, field",
        [
            ("equipment_project", "key_tech_renovation"),
            ("equipment_project", "in_statistics"),
            ("management_consulting", "pre_filed"),
            ("digital_demo", "in_use"),
            ("digital_demo", "promotes"),
            ("sme_digital_retrofit", "pilot"),
            ("public_consulting", "pre_filed"),
            ("public_service_event", "government_guided"),
            ("public_service_event", "has_expenses"),
            ("public_service_event", "meets_standards"),
            ("standard", "direct_elevation"),
        ],
    )
    def test_bool_fields(self, type_, field):
        for bad in (1, 0, "true", "false", None, [True]):
            assert_problem(with_events(event(type_, **{field: bad})), f"subjects[0].events[0].{field}", "expected true or false")

    @pytest.mark.parametrize(
        "type_, field, low, high, extra",
        [
            ("sme_digital_retrofit", "digital_level", 1, 5, {}),
            ("digital_package", "sme_count", 0, 1_000_000_000, {}),
            ("public_consulting", "enterprises_served", 0, 1_000_000_000, {}),
            ("public_service_event", "filed_days_ahead", -100_000, 100_000, {}),
            ("standard", "jinjiang_rank", 1, 1_000_000_000, {"level": "local"}),
        ],
    )
    def test_int_fields(self, type_, field, low, high, extra):
        message = f"expected an integer from {low} to {high}"
        path = f"subjects[0].events[0].{field}"
        for good in (low, high):
            assert load(with_events(event(type_, **extra, **{field: good}))).subjects[0].events[0].fields[field] == good
        for bad in (low - 1, high + 1, True, False, 2.0, 2.5, "2", None, 10**30):
            assert_problem(with_events(event(type_, **extra, **{field: bad})), path, message)

    def test_int_field_rejects_float_literal(self):
        text = json.dumps(with_events(event("digital_package"))).replace('"sme_count": 20', '"sme_count": 20.0')
        assert_problem(text, "subjects[0].events[0].sme_count", "expected an integer from 0 to 1000000000")
        text = json.dumps(with_events(event("digital_package"))).replace('"sme_count": 20', '"sme_count": 2e1')
        assert_problem(text, "subjects[0].events[0].sme_count", "expected an integer")

    def test_digital_level_message(self):
        assert_problem(
            with_events(event("sme_digital_retrofit", digital_level=6)),
            "subjects[0].events[0].digital_level",
            "expected an integer from 1 to 5",
        )


class TestStandardRules:
    PATH = "subjects[0].events[0]"

    @pytest.mark.parametrize("level", ["local", "group"])
    def test_rank_required_for_local_and_group(self, level):
        found = assert_problem(
            with_events(event("standard", level=level)), f"{self.PATH}.jinjiang_rank", "required field missing"
        )
        assert "local or group" in at(found, f"{self.PATH}.jinjiang_rank")[0]
        assert len(found) == 1

    @pytest.mark.parametrize("level", ["international", "national", "industry"])
    def test_rank_not_allowed_otherwise(self, level):
        found = assert_problem(
            with_events(event("standard", level=level, jinjiang_rank=1)), f"{self.PATH}.jinjiang_rank", "not allowed"
        )
        assert f"level is {level}" in at(found, f"{self.PATH}.jinjiang_rank")[0]

    @pytest.mark.parametrize("rank", [0, -1, True, 1.5, "1"])
    def test_rank_must_be_positive_int(self, rank):
        assert_problem(
            with_events(event("standard", level="group", jinjiang_rank=rank)),
            f"{self.PATH}.jinjiang_rank",
            "expected an integer from 1 to",
        )

    @pytest.mark.parametrize("level", ["national", "industry"])
    def test_direct_elevation_true_only_for_international(self, level):
        found = assert_problem(
            with_events(event("standard", level=level, direct_elevation=True)),
            f"{self.PATH}.direct_elevation",
            "only with level international",
        )
        assert len(found) == 1

    def test_direct_elevation_true_with_local_reports_both(self):
        found = problems(with_events(event("standard", level="local", direct_elevation=True)))
        assert {p.path for p in found} == {f"{self.PATH}.jinjiang_rank", f"{self.PATH}.direct_elevation"}

    def test_direct_elevation_false_fine_anywhere(self):
        e = load(with_events(event("standard", level="national", direct_elevation=False))).subjects[0].events[0]
        assert e.fields["direct_elevation"] is False

    def test_bad_level_does_not_cascade(self):
        found = problems(with_events(event("standard", level="regional", jinjiang_rank=1, direct_elevation=True)))
        assert [p.path for p in found] == [f"{self.PATH}.level"]


class TestSubjectRules:
    @pytest.mark.parametrize(
        "kind",
        [
            "industrial_enterprise",
            "enterprise",
            "green_service_institution",
            "digital_service_provider",
            "association",
            "other_unit",
        ],
    )
    def test_kinds(self, kind):
        assert load(doc(subject(kind=kind))).subjects[0].kind == kind

    @pytest.mark.parametrize("ident", ["", 5, None, ["A"]])
    def test_subject_id(self, ident):
        assert_problem(doc(subject(id=ident)), "subjects[0].id", "expected a non-empty string")

    def test_required(self):
        found = problems(doc({}))
        assert {(p.path, p.message) for p in found} == {
            ("subjects[0].id", "required field missing"),
            ("subjects[0].kind", "required field missing"),
        }

    def test_name_must_be_string(self):
        assert_problem(doc(subject(name=3)), "subjects[0].name", "expected a string")

    def test_registered_must_be_bool(self):
        assert_problem(doc(subject(registered_in_jinjiang="yes")), "subjects[0].registered_in_jinjiang", "expected true or false")

    def test_unknown_subject_field(self):
        assert_problem(
            doc(subject(registered_in_jinjang=True)), "subjects[0].registered_in_jinjang", 'did you mean "registered_in_jinjiang"'
        )

    def test_unknown_top_field(self):
        data = doc()
        data["subject"] = []
        assert_problem(data, "subject", "unknown field")

    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("years", [], "expected an object"),
            ("years", None, "expected an object"),
            ("events", {}, "expected a list"),
            ("events", "T1", "expected a list"),
            ("past_awards", {}, "expected a list"),
            ("other_awards", 1, "expected a list"),
        ],
    )
    def test_container_types(self, field, value, message):
        assert_problem(doc(subject(**{field: value})), f"subjects[0].{field}", message)

    def test_containers_that_are_not_objects(self):
        data = doc(
            subject(
                years={"2025": []},
                events=[None, []],
                past_awards=["x"],
                other_awards=[3],
            ),
            "subject",
        )
        found = problems(data)
        assert [(p.path, p.message.split(" (")[0]) for p in found] == [
            ("subjects[0].years.2025", "expected an object"),
            ("subjects[0].events[0]", "expected an object"),
            ("subjects[0].events[1]", "expected an object"),
            ("subjects[0].past_awards[0]", "expected an object"),
            ("subjects[0].other_awards[0]", "expected an object"),
            ("subjects[1]", "expected an object"),
        ]

    @pytest.mark.parametrize("subjects", [None, {}, "x", 1])
    def test_subjects_not_a_list(self, subjects):
        assert_problem({"schema": "jjpolicy.facts/1", "subjects": subjects}, "subjects", "expected a list")

    def test_missing_subjects(self):
        assert_problem({"schema": "jjpolicy.facts/1"}, "subjects", "required field missing")

    @pytest.mark.parametrize("top", [None, [], 1, "x", True])
    def test_document_not_an_object(self, top):
        found = assert_problem(json.dumps(top), "$", "expected an object")
        assert len(found) == 1


class TestYears:
    @pytest.mark.parametrize("key", ["abc", "25", "02025", "0999", "2025 ", "２０２５", "", "2025.0"])
    def test_bad_year_key(self, key):
        found = problems(doc(subject(years={key: {}})))
        assert len(found) == 1
        assert "expected a 4-digit year" in found[0].message
        assert found[0].path.startswith("subjects[0].years")

    def test_bad_year_key_path(self):
        assert_problem(doc(subject(years={"abc": {}})), "subjects[0].years.abc", 'expected a 4-digit year (e.g. "2025") as key')
        assert_problem(doc(subject(years={"a b": {}})), 'subjects[0].years["a b"]', "expected a 4-digit year")

    def test_unknown_year_field(self):
        assert_problem(doc(subject(years={"2025": {"output": 1}})), "subjects[0].years.2025.output", "unknown field")

    @pytest.mark.parametrize("field", ["industrial_output", "strategic_emerging_output", "revenue"])
    def test_year_money(self, field):
        assert_problem(doc(subject(years={"2025": {field: -5}})), f"subjects[0].years.2025.{field}", MONEY)
        assert load(doc(subject(years={"2025": {field: 25000000000}}))).subjects[0].years[0].fields[field] == Decimal(
            "25000000000"
        )

    @pytest.mark.parametrize("field", ["above_scale", "key_industrial_enterprise"])
    def test_year_bools(self, field):
        assert_problem(doc(subject(years={"2025": {field: 1}})), f"subjects[0].years.2025.{field}", "expected true or false")
        assert load(doc(subject(years={"2025": {field: False}}))).subjects[0].years[0].fields[field] is False

    def test_share_path_from_brief(self):
        data = doc(subject(id="A"), subject(id="B", years={"2025": {"green_power_share": 35}}))
        assert_problem(data, "subjects[1].years.2025.green_power_share", "expected a number from 0 to 1")


class TestAwards:
    def test_past_award_fields(self):
        data = doc(subject(past_awards=[{"item": "", "year": 23, "project": ""}, {"year": 2023.0, "extra": 1}]))
        found = problems(data)
        assert {(p.path, p.message.split(" (")[0]) for p in found} == {
            ("subjects[0].past_awards[0].item", "expected a non-empty string"),
            ("subjects[0].past_awards[0].year", "expected a 4-digit year"),
            ("subjects[0].past_awards[0].project", "expected a non-empty string"),
            ("subjects[0].past_awards[1].extra", "unknown field"),
            ("subjects[0].past_awards[1].item", "required field missing"),
            ("subjects[0].past_awards[1].year", "expected a 4-digit year"),
        }

    def test_unknown_item_with_known_items(self):
        data = doc(subject(past_awards=[{"item": "1.3/specialised_sme/provincial", "year": 2023}]))
        assert_problem(
            data,
            "subjects[0].past_awards[0].item",
            'unknown item id "1.3/specialised_sme/provincial"',
            known_items=frozenset({"1.3/specialized_sme/provincial"}),
        )
        # Without a catalogue any non-empty id is accepted.
        assert load(data).subjects[0].past_awards[0].item == "1.3/specialised_sme/provincial"

    def test_other_award_fields(self):
        data = with_events(
            event("innovative_sme", "T1"),
            other_awards=[{"event": "T1", "policy": 5, "amount": "-3"}, {"evnt": "T1"}],
        )
        found = problems(data)
        assert {(p.path, p.message.split(" (")[0]) for p in found} == {
            ("subjects[0].other_awards[0].policy", "expected a string"),
            ("subjects[0].other_awards[0].amount", MONEY),
            ("subjects[0].other_awards[1].evnt", "unknown field"),
            ("subjects[0].other_awards[1].event", "required field missing"),
            ("subjects[0].other_awards[1].policy", "required field missing"),
            ("subjects[0].other_awards[1].amount", "required field missing"),
        }

    def test_other_award_when_events_unreadable(self):
        data = doc(subject(events={"T1": {}}, other_awards=[{"event": "T1", "policy": "p", "amount": 1}]))
        found = problems(data)
        assert [p.path for p in found] == ["subjects[0].events"]


# --------------------------------------------------------------------------
# many problems, odd input, never anything but InputError
# --------------------------------------------------------------------------


class TestAllProblemsAtOnce:
    def test_collects_across_subjects_and_levels(self):
        data = {
            "schema": "jjpolicy.facts/0",
            "subjects": [
                subject(
                    id="A",
                    kind="firm",
                    years={"2025": {"revenue": "1.005", "green_power_share": 1.5}},
                    events=[
                        event("single_champion", "T1", level="city"),
                        event("equipment_project", "T1", date="2025-02-30", total_investment=-1),
                    ],
                    other_awards=[{"event": "T9", "policy": "p", "amount": True}],
                ),
                subject(id="A"),
            ],
        }
        found = problems(data)
        expected = [
            ("schema", 'expected "jjpolicy.facts/1"'),
            ("subjects[0].kind", "expected one of industrial_enterprise"),
            ("subjects[0].years.2025.revenue", MONEY),
            ("subjects[0].years.2025.green_power_share", "expected a number from 0 to 1"),
            ("subjects[0].events[0].level", "expected one of national, provincial"),
            ("subjects[0].events[1].date", "expected a date YYYY-MM-DD"),
            ("subjects[0].events[1].id", 'duplicate event id "T1" (first at subjects[0].events[0])'),
            ("subjects[0].events[1].total_investment", MONEY),
            ("subjects[0].other_awards[0].event", 'names no event of this subject: "T9"'),
            ("subjects[0].other_awards[0].amount", MONEY),
            ("subjects[1].id", 'duplicate subject id "A" (first at subjects[0])'),
        ]
        assert len(found) == len(expected), [str(p) for p in found]
        for (path, fragment), p in zip(expected, found):
            assert p.path == path
            assert fragment in p.message

    def test_input_error_str_one_problem_per_line(self):
        with pytest.raises(InputError) as info:
            load_facts(json.dumps(doc(subject(kind="x", registered_in_jinjiang=1))))
        lines = str(info.value).splitlines()
        assert len(lines) == 2
        assert lines[0].startswith("subjects[0].kind: expected one of")
        assert lines[1].startswith("subjects[0].registered_in_jinjiang: expected true or false")
        assert str(Problem("a.b", "m")) == "a.b: m"

    def test_got_value_shown(self):
        found = assert_problem(
            with_events(event("single_champion", level="quanzhou")),
            "subjects[0].events[0].level",
            "expected one of national, provincial",
        )
        assert '(got "quanzhou")' in found[0].message


class TestOddInput:
    @pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
    def test_non_finite_numbers(self, constant):
        text = json.dumps(doc(subject(years={"2025": {"revenue": 1, "green_power_share": 0.5}})))
        found = problems(
            text.replace('"revenue": 1', f'"revenue": {constant}').replace(
                '"green_power_share": 0.5', f'"green_power_share": {constant}'
            )
        )
        assert {p.path for p in found} == {"subjects[0].years.2025.revenue", "subjects[0].years.2025.green_power_share"}
        assert all(constant in p.message for p in found)

    def test_nan_at_top(self):
        assert_problem("NaN", "$", "expected an object")

    def test_huge_integer_literal(self):
        big = "9" * 10000
        text = json.dumps(with_events(event("digital_package"))).replace('"sme_count": 20', f'"sme_count": {big}')
        found = assert_problem(text, "subjects[0].events[0].sme_count", "expected an integer")
        assert "10000 digits" in found[0].message
        text = json.dumps(doc(subject(years={"2025": {"revenue": 1}}))).replace('"revenue": 1', f'"revenue": {big}')
        assert_problem(text, "subjects[0].years.2025.revenue", MONEY)

    @pytest.mark.parametrize("number", ["1e999999999", "1e-999999999", "-1e999999999", "1" + "0" * 5000 + ".5"])
    def test_extreme_floats(self, number):
        text = json.dumps(doc(subject(years={"2025": {"revenue": 1, "green_power_share": 0.5}})))
        found = problems(text.replace('"revenue": 1', f'"revenue": {number}'))
        assert [p.path for p in found] == ["subjects[0].years.2025.revenue"]

    def test_deep_nesting(self):
        found = problems("[" * 200000 + "]" * 200000)
        assert found[0].path == "$"
        deep = "[" * 300 + "]" * 300
        text = json.dumps(doc(subject(name="x"))).replace('"x"', deep)
        assert_problem(text, "subjects[0].name", "expected a string")

    def test_deep_nesting_decoded(self):
        value: list = []
        for _ in range(100000):
            value = [value]
        with pytest.raises(InputError) as info:
            parse_facts({"schema": "jjpolicy.facts/1", "subjects": value})
        assert info.value.problems[0].path == "subjects[0]"

    def test_duplicate_keys(self):
        text = '{"schema": "jjpolicy.facts/1", "subjects": [{"id": "A", "kind": "enterprise", "years": {"2025": {}, "2025": {"revenue": 1}}}]}'
        assert_problem(text, "subjects[0].years.2025", "duplicate key")

    def test_lone_surrogate_in_id(self):
        text = '{"schema": "jjpolicy.facts/1", "subjects": [{"id": "A\\ud800", "kind": "enterprise"}]}'
        found = assert_problem(text, "subjects[0].id", "lone surrogate")
        str(found[0]).encode("utf-8")  # printable

    def test_lone_surrogate_in_unknown_key_is_printable(self):
        text = '{"schema": "jjpolicy.facts/1", "subjects": [], "\\udc80": 1}'
        found = problems(text)
        assert found[0].message == "unknown field"
        str(found[0]).encode("utf-8")

    def test_long_strings_are_truncated_in_messages(self):
        found = assert_problem(doc(subject(kind="k" * 100000)), "subjects[0].kind", "expected one of")
        assert len(found[0].message) < 400

    def test_parse_facts_with_python_floats(self):
        data = doc(subject(years={"2025": {"revenue": 0.1, "green_power_share": 0.3}}))
        fields = parse_facts(data).subjects[0].years[0].fields
        assert fields == {"revenue": Decimal("0.1"), "green_power_share": Decimal("0.3")}
        with pytest.raises(InputError):
            parse_facts(doc(subject(years={"2025": {"revenue": float("nan")}})))

    @pytest.mark.parametrize("data", [None, [], 0, "x", b"x", {1: 2}, {"schema": object()}, doc(subject(years={2025: {}}))])
    def test_parse_facts_odd_python_values(self, data):
        with pytest.raises(InputError):
            parse_facts(data)

    def test_load_facts_odd_arguments(self):
        for bad in (None, 5, bytearray(b"{}"), b"", b"\xff\xfe\xfd"):
            with pytest.raises(InputError):
                load_facts(bad)  # type: ignore[arg-type]


def _mutations(rng: random.Random, value, depth=0):
    """Randomly damage a JSON value."""
    odd = [None, True, False, 0, -1, 1.5, "", "x", [], {}, 10**13 + 1, "2025-02-30", "national", 10**40, [None], {"a": 1}]
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(list(value))
        roll = rng.random()
        if roll < 0.2:
            del value[key]
        elif roll < 0.3:
            value[key + "_x"] = rng.choice(odd)
        elif roll < 0.6:
            value[key] = copy.deepcopy(rng.choice(odd))
        else:
            value[key] = _mutations(rng, value[key], depth + 1)
        return value
    if isinstance(value, list) and value and rng.random() < 0.8:
        index = rng.randrange(len(value))
        roll = rng.random()
        if roll < 0.2:
            value.append(copy.deepcopy(value[index]))
        elif roll < 0.5:
            value[index] = copy.deepcopy(rng.choice(odd))
        else:
            value[index] = _mutations(rng, value[index], depth + 1)
        return value
    return copy.deepcopy(rng.choice(odd))


def test_fuzz_only_input_error():
    base = json.loads(CONTRACT_EXAMPLE)
    base["subjects"][0]["events"] += [event(t, f"X{i}") for i, t in enumerate(EVENT_TYPES)]
    base["subjects"][0]["events"].append(event("standard", "L", level="local", jinjiang_rank=2))
    load(base)  # the base is valid
    rng = random.Random(20250515)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(3000):
        data = copy.deepcopy(base)
        for _ in range(rng.randint(1, 4)):
            data = _mutations(rng, data)
        text = json.dumps(data, ensure_ascii=False)
        if rng.random() < 0.1:
            cut = rng.randrange(len(text) + 1)
            text = text[:cut]
        try:
            facts = load_facts(text)
        except InputError as exc:
            outcomes["error"] += 1
            assert exc.problems
            for p in exc.problems:
                assert re.match(r"^(\$|[A-Za-z_])", p.path), p
                str(p).encode("utf-8")
        else:
            outcomes["ok"] += 1
            assert isinstance(facts, Facts)
    assert outcomes["error"] > 1000
    assert outcomes["ok"] > 10
