"""The JSON Schema of `jjpolicy.facts/1` (`jjpolicy schema`, docs/facts.schema.json) against the validator.

The schema is generated from the validator's field tables; these tests hold the two to the same verdict
(valid or not) on the bundled facts and on every document tests/test_model.py gives the validator, except
for the problems a schema cannot express (BEYOND_SCHEMA), which must be the validator's alone.

Documents are read with `parse_float=Decimal`, as jjpolicy reads them, so that jsonschema compares
exact numbers (it then also counts 2023.0 as no integer, as the validator does; JSON Schema itself
counts it as one).
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from jjpolicy.cli import main
from jjpolicy.figures import policy
from jjpolicy.model import InputError, Problem, facts_schema, load_facts, parse_facts
from jjpolicy.money import MONEY_MAX_YUAN, MONEY_MESSAGE

ROOT = Path(__file__).resolve().parent.parent
KNOWN = frozenset(policy().items)


@cache
def _schema_validator(known_items: frozenset[str] | None) -> Draft202012Validator:
    return Draft202012Validator(facts_schema(known_items), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_accepts(data: object, known_items: frozenset[str] | None = KNOWN) -> bool:
    return _schema_validator(known_items).is_valid(data)


def validator_problems(source: object, known_items: frozenset[str] | None = KNOWN) -> list[Problem]:
    try:
        (load_facts if isinstance(source, (str, bytes)) else parse_facts)(source, known_items)
    except InputError as exc:
        return list(exc.problems)
    return []


def _fractional_money(problem: Problem) -> bool:
    """Money given as a number in range with more than 2 decimals (strings are quoted in "got")."""
    match = re.fullmatch(re.escape(MONEY_MESSAGE) + r" \(got (.+)\)", problem.message)
    try:
        number = Decimal(match.group(1)) if match else Decimal("NaN")
    except InvalidOperation:
        return False
    return number.is_finite() and 0 <= number <= MONEY_MAX_YUAN and number != number.quantize(Decimal("0.01"))


#: The problems a JSON Schema cannot express, each with an example: only the validator finds them.
BEYOND_SCHEMA = {
    "duplicate subject or event id": (
        lambda p: re.match(r"duplicate (subject|event) id ", p.message),
        '{"schema": "jjpolicy.facts/1", "subjects": [{"id": "A", "kind": "enterprise"}, {"id": "A", "kind": "enterprise"}]}',
    ),
    "other_awards naming no event of the subject": (
        lambda p: p.message.startswith("names no event of this subject"),
        '{"schema": "jjpolicy.facts/1", "subjects": [{"id": "A", "kind": "enterprise",'
        ' "other_awards": [{"event": "T9", "policy": "p", "amount": 1}]}]}',
    ),
    "duplicate key": (
        lambda p: p.message.startswith("duplicate key"),
        '{"schema": "jjpolicy.facts/1", "subjects": [{"id": "A", "kind": "enterprise", "kind": "enterprise"}]}',
    ),
    "lone surrogate in text": (
        lambda p: "lone surrogate" in p.message,
        '{"schema": "jjpolicy.facts/1", "subjects": [{"id": "A\\ud800", "kind": "enterprise"}]}',
    ),
    "money as a number with more than 2 decimals": (
        _fractional_money,
        '{"schema": "jjpolicy.facts/1", "subjects": [{"id": "A", "kind": "enterprise", "years": {"2025": {"revenue": 1.005}}}]}',
    ),
}


def beyond_schema(problem: Problem) -> str | None:
    return next((kind for kind, (test, _) in BEYOND_SCHEMA.items() if test(problem)), None)


def as_json(source: object) -> tuple[bool, object]:
    """(True, document) as any JSON Schema validator would see it; (False, None) for what is not
    JSON at all (invalid text, NaN or Infinity, Python values JSON has not): only jjpolicy's own
    decoder and validator have something to say about those."""
    if isinstance(source, (str, bytes, bytearray)):
        try:
            text = source.decode(json.detect_encoding(source)) if isinstance(source, (bytes, bytearray)) else source
            return True, json.loads(text.removeprefix("\ufeff"), parse_float=Decimal, parse_constant=_not_json)
        except (ValueError, RecursionError):
            return False, None
    try:
        return _is_json(source), source
    except RecursionError:
        return False, None


def _not_json(name: str):
    raise ValueError(f"{name} is not JSON")


def _is_json(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_is_json(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, Decimal):
        return value.is_finite()
    return value is None or isinstance(value, (str, int))


def disagreement(source: object, known_items: frozenset[str] | None, problems: list[Problem]) -> str | None:
    """Why the schema does not give the verdict of the validator (which found ``problems``), or None."""
    is_json, data = as_json(source)
    if not is_json:
        return None
    accepted = schema_accepts(data, known_items)
    if not problems:
        return None if accepted else "the validator accepts, the schema rejects"
    if all(beyond_schema(p) for p in problems):
        return None if accepted else f"only {sorted({beyond_schema(p) for p in problems})}, yet the schema rejects"
    return None if not accepted else f"the schema accepts: {[str(p) for p in problems]}"


# ---------------------------------------------------------------------------------------------------


def test_committed_copy_is_generated():
    res = CliRunner().invoke(main, ["schema"])
    assert res.exit_code == 0, res.output
    assert (ROOT / "docs" / "facts.schema.json").read_text(encoding="utf-8") == res.stdout, (
        "docs/facts.schema.json is stale: jjpolicy schema > docs/facts.schema.json"
    )


def test_schema_is_draft_2020_12():
    Draft202012Validator.check_schema(facts_schema(KNOWN))


def _bundled():
    def read(path: Path):
        return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)

    for path in sorted((ROOT / "facts").glob("*.json")):
        yield pytest.param(read(path), id=path.name)
    for path in sorted((ROOT / "tests" / "cases").glob("*.json")):
        for n, case in enumerate(read(path)["cases"]):
            yield pytest.param(case["facts"], id=f"{path.stem}[{n}]")


@pytest.mark.parametrize("data", list(_bundled()))
def test_bundled_facts_valid_for_both(data):
    assert validator_problems(data) == []
    assert schema_accepts(data)


@pytest.mark.parametrize("kind", sorted(BEYOND_SCHEMA))
def test_beyond_schema_caught_by_the_validator_only(kind):
    test, example = BEYOND_SCHEMA[kind]
    problems = validator_problems(example)
    assert problems and all(test(p) for p in problems), [str(p) for p in problems]
    assert schema_accepts(as_json(example)[1])


class _Recorder:
    """Keeps what tests/test_model.py hands to load_facts and parse_facts."""

    def __init__(self):
        self.calls: list[tuple[object, frozenset[str] | None]] = []

    def _wrap(self, real):
        def recorded(source, known_items=None):
            self.calls.append((source, known_items))
            return real(source, known_items)

        return recorded

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        module = item.module
        saved = module.load_facts, module.parse_facts
        module.load_facts, module.parse_facts = self._wrap(saved[0]), self._wrap(saved[1])
        try:
            yield
        finally:
            module.load_facts, module.parse_facts = saved


def test_same_verdict_on_the_inputs_of_test_model():
    recorder = _Recorder()
    # Without its fuzz test, which asserts only that nothing but InputError is raised: its 3,000 random
    # documents take jsonschema some ten seconds, and the written cases alone already catch the schema
    # weakened in any of the ways tried (conditions, levels, required or extra fields, dates, money, years).
    args = [str(ROOT / "tests" / "test_model.py"), "-q", "-p", "no:cacheprovider", "-k", "not test_fuzz_only_input_error"]
    assert pytest.main(args, plugins=[recorder]) == 0
    assert len(recorder.calls) > 400
    disagreements = []
    seen_beyond = set()
    for source, known_items in recorder.calls:
        problems = validator_problems(source, known_items)
        why = disagreement(source, known_items, problems)
        if why:
            disagreements.append(f"{str(source)[:300]}: {why}")
        seen_beyond.update(filter(None, map(beyond_schema, problems)))
    assert not disagreements, "\n".join(disagreements[:20])
    # Every kind listed as beyond the schema is one that test_model.py checks.
    assert seen_beyond == set(BEYOND_SCHEMA)
