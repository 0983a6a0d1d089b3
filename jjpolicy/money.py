"""Exact money handling: yuan as :class:`decimal.Decimal`, fen as ``int``.

Money never passes through a binary float or a fixed-width integer: JSON
numbers are decoded with ``parse_float=Decimal`` upstream, and every
conversion here is exact (no rounding by the decimal context).
"""

from __future__ import annotations

import math
import re
from decimal import Context, Decimal, InvalidOperation, localcontext

__all__ = [
    "MONEY_MAX_YUAN",
    "MONEY_MESSAGE",
    "parse_money",
    "to_fen",
    "fen_to_yuan",
    "format_yuan",
]

#: Largest accepted amount, in yuan (inclusive).
MONEY_MAX_YUAN = 10**13

#: The message of every :func:`parse_money` error.
MONEY_MESSAGE = f"expected money: a number or decimal string from 0 to {MONEY_MAX_YUAN} yuan with at most 2 decimals"

# ASCII digits only ("\d" would also match full-width and other digits).
_MONEY_STRING = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")

# Enough precision for any in-range amount in fen (10**15 has 16 digits).
_CONTEXT = Context(prec=40, traps=[InvalidOperation])
_CENT = Decimal("0.01")


def parse_money(value: object) -> Decimal:
    """Return ``value`` as an exact amount of yuan, or raise ``ValueError``.

    Accepted: ``int`` (not ``bool``), ``Decimal`` (how JSON numbers with a
    fraction arrive when decoded with ``parse_float=Decimal``), ``float``
    (read through its shortest ``repr``, never its binary value), or a
    decimal string such as ``"12345.67"``. The value must lie in
    0 .. 10**13 and have at most 2 decimals (judged by value: ``1.230``
    is 1.23, ``1.005`` is an error). The result is canonical: no trailing
    zeros in the fraction, exponent 0 for whole yuan.
    """
    if isinstance(value, bool):
        raise ValueError(MONEY_MESSAGE)
    if isinstance(value, int):
        if value < 0 or value > MONEY_MAX_YUAN:
            raise ValueError(MONEY_MESSAGE)
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(MONEY_MESSAGE)
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(MONEY_MESSAGE)
        number = value
    elif isinstance(value, str):
        if not _MONEY_STRING.match(value):
            raise ValueError(MONEY_MESSAGE)
        number = Decimal(value)
    else:
        raise ValueError(MONEY_MESSAGE)

    # Exact comparisons, whatever the exponent.
    if number < 0 or number > MONEY_MAX_YUAN:
        raise ValueError(MONEY_MESSAGE)
    with localcontext(_CONTEXT):
        try:
            cents = number.quantize(_CENT)
        except InvalidOperation:  # pragma: no cover - cannot happen in range
            raise ValueError(MONEY_MESSAGE) from None
    if cents != number:
        raise ValueError(MONEY_MESSAGE)
    return fen_to_yuan(to_fen(cents))


def to_fen(yuan: Decimal) -> int:
    """Exact ``yuan * 100`` as an ``int``; ``ValueError`` if not whole fen."""
    if isinstance(yuan, bool) or not isinstance(yuan, (Decimal, int)):
        raise ValueError("expected a Decimal amount of yuan")
    number = Decimal(yuan)
    if not number.is_finite():
        raise ValueError("amount is not a finite number")
    sign, digits, exponent = number.as_tuple()
    coefficient = int(Decimal((0, digits, 0)))
    if coefficient == 0:
        return 0
    shift = exponent + 2
    if shift >= 0:
        if number.adjusted() > 1000:
            raise ValueError("amount too large")
        fen = coefficient * 10**shift
    else:
        # A non-zero coefficient with fewer digits than the shift cannot be
        # a multiple of 10**-shift.
        if -shift > len(digits):
            raise ValueError(f"amount {number} is not a whole number of fen")
        fen, rest = divmod(coefficient, 10**-shift)
        if rest:
            raise ValueError(f"amount {number} is not a whole number of fen")
    return -fen if sign else fen


def fen_to_yuan(fen: int) -> Decimal:
    """Exact amount of yuan for ``fen``, canonical (``150`` -> ``Decimal("1.5")``)."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise ValueError("expected an integer number of fen")
    if fen % 100 == 0:
        return Decimal(fen // 100)
    sign = 1 if fen < 0 else 0
    magnitude = -fen if fen < 0 else fen
    if magnitude % 10 == 0:
        magnitude //= 10
        exponent = -1
    else:
        exponent = -2
    digits = Decimal(magnitude).as_tuple().digits
    return Decimal((sign, digits, exponent))


def format_yuan(d: Decimal) -> str:
    """Minimal exact text: ``400000``, ``1234.5``, ``1234.56`` (no exponent)."""
    if isinstance(d, bool) or not isinstance(d, (Decimal, int)):
        raise ValueError("expected a Decimal amount of yuan")
    number = Decimal(d)
    if not number.is_finite():
        raise ValueError("amount is not a finite number")
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text
