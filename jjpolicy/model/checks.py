"""One checker per kind of field: a decoded JSON value -> the model's value, or :class:`Invalid` saying
what was expected. The words of these messages are part of the user interface (exit 2, stderr)."""

from __future__ import annotations

import datetime
import difflib
import json
import math
import re
from collections.abc import Callable
from decimal import Decimal

from ..money import MONEY_MESSAGE, parse_money
from .decode import LongInt, NonFinite
from .fields import Field


class Invalid(Exception):
    """``message`` says what was expected; ``show_value``: append "(got ...)"."""

    def __init__(self, message: str, show_value: bool = True):
        super().__init__(message)
        self.message = message
        self.show_value = show_value


def quote(text: str, limit: int = 60) -> str:
    """JSON-quote ``text`` for a message; safe to print (no lone surrogates)."""
    if len(text) > limit:
        text = text[:limit] + "..."
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.encode("utf-8", "backslashreplace").decode("utf-8")


def show(value: object) -> str:
    """A short description of a JSON value, for "(got ...)"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, NonFinite):
        return value.name
    if isinstance(value, LongInt):
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
        return quote(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def did_you_mean(word: object, choices) -> str:
    """ " (did you mean "x"?)" for a close match among ``choices``, else ""."""
    if isinstance(word, str):
        close = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
        if close:
            return f" (did you mean {quote(close[0])}?)"
    return ""


def _money(field: Field, value: object) -> Decimal:
    if isinstance(value, (NonFinite, LongInt)):
        raise Invalid(MONEY_MESSAGE)
    try:
        return parse_money(value)
    except ValueError:
        raise Invalid(MONEY_MESSAGE) from None


def _share(field: Field, value: object) -> Decimal:
    message = "expected a number from 0 to 1"
    if isinstance(value, (bool, NonFinite, LongInt)):
        raise Invalid(message)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise Invalid(message)
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise Invalid(message)
        number = Decimal(repr(value))
    else:
        raise Invalid(message)
    if number < 0 or number > 1:
        raise Invalid(message)
    if number == 0:
        return Decimal(0)  # no "-0"
    # Canonical, as money is: 0.000250 and 0.00025 are one share and are worded alike.
    whole, _, frac = f"{number:f}".partition(".")
    return Decimal(f"{whole}.{frac.rstrip('0')}" if frac.rstrip("0") else whole)


def _bool(field: Field, value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise Invalid("expected true or false")


def _enum(field: Field, value: object) -> str:
    if isinstance(value, str) and value in field.values:
        return value
    listed = "expected one of " + ", ".join(field.values)
    if field.noun:
        raise Invalid(f"unknown {field.noun} {show(value)}{did_you_mean(value, field.values)}; {listed}", False)
    raise Invalid(listed)


def _const(field: Field, value: object) -> str:
    if isinstance(value, str) and value == field.values[0]:
        return value
    raise Invalid(f"expected {quote(field.values[0])}")


def _integer(value: object, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(message)
    return int(value)


def _int(field: Field, value: object) -> int:
    return _integer(value, field.low, field.high, f"expected an integer from {field.low} to {field.high}")


def _year(field: Field, value: object) -> int:
    return _integer(value, field.low, field.high, f"expected a 4-digit year (an integer from {field.low} to {field.high})")


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


def _date(field: Field, value: object) -> datetime.date:
    message = "expected a date YYYY-MM-DD"
    match = _DATE.match(value) if isinstance(value, str) else None
    if not match:
        raise Invalid(message)
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise Invalid(message + " that exists in the calendar") from None


def _text(field: Field, value: object) -> str:
    if field.nonempty and (not isinstance(value, str) or value == ""):
        raise Invalid("expected a non-empty string")
    if not isinstance(value, str):
        raise Invalid("expected a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid("expected valid Unicode text (found a lone surrogate)", False) from None
    return value


_CHECKERS: dict[str, Callable[[Field, object], object]] = {
    "money": _money,
    "share": _share,
    "bool": _bool,
    "enum": _enum,
    "const": _const,
    "int": _int,
    "year": _year,
    "date": _date,
    "text": _text,
}


def check(field: Field, value: object) -> object:
    """``value`` as the model holds it (money -> Decimal, date -> datetime.date ...), or :class:`Invalid`."""
    return _CHECKERS[field.kind](field, value)
