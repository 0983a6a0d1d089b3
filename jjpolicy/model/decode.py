"""JSON text -> Python values, exactly: numbers with a fraction as Decimal, and markers for what the
validator must report with its path (duplicate keys, NaN and Infinity, integer literals too long to
convert) instead of failing here or losing it silently."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .records import InputError, Problem


class NonFinite:
    """A ``NaN`` / ``Infinity`` / ``-Infinity`` literal (not valid JSON)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class LongInt(Decimal):
    """An integer literal too long to be converted to ``int`` cheaply."""


class DecodedObject(dict):
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
        return LongInt(text)
    return int(text)


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
            parse_constant=NonFinite,
            object_pairs_hook=DecodedObject,
        )
    except InputError:
        raise
    except json.JSONDecodeError as exc:
        raise InputError([Problem("$", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")]) from None
    except RecursionError:
        raise InputError([Problem("$", "not valid JSON: nested too deeply")]) from None
    except (ValueError, ArithmeticError, MemoryError) as exc:
        raise InputError([Problem("$", f"not valid JSON: {exc}")]) from None
    return data
