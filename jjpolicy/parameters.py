"""Policy reforms: the policy's figures as named parameters, and a Policy with some of them changed.

Every amount, rate, cap, threshold and ratio of 晉政規〔2025〕5號 is stated once, in encodings/*.lp, and
read into a :class:`~jjpolicy.figures.Policy` (figures.py). A reform replaces some of those figures where
Python reads them: :func:`reformed` returns a new Policy (the original, cached by figures.policy(), is
never changed), and everything downstream (the ASP facts of aspfacts.py, the words of the result) reads
the new figures from it. The rules in the encodings never state a figure themselves.

Names (`jjpolicy measures --format json` lists them, each under the items it speaks to):

    ITEM.amount          a fixed amount (money)            1.3/single_champion/national.amount
    ITEM.rate            a percentage item's rate          2.1/equipment_update.rate
    ITEM.cap             its cap, where it has one          2.1/equipment_update.cap
    ITEM.cap.levelN      a cap per level (4.3/sme_digital)  4.3/sme_digital.cap.level4
    THRESHOLD            a threshold's id (money, count or share, by its field)  2.1/b/equipment_purchase
    RATIO                a ratio's id (share)               1.2/share

Values are text (as on the command line) or, for money, shares and counts, numbers:
money in yuan (exact, at most 2 decimals), a percentage for a rate (`6%`, `5.5%`), a share for a ratio or
a share threshold (`0.4` or `40%`), a non-negative integer for a count.

The encodings sum this policy's own payments as clingo integers (32 bits): a fixed amount, a cap and the
summed threshold of 2.2's instruments are written in fen, so a reformed one must be at most 2^31-1 fen
(21,474,836.47 yuan). The other thresholds and the ratios are compared in Python, exactly, at any size.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .figures import CrossCheck, Policy, percent_text
from .model import EVENT_FIELDS, MAX_COUNT, YEAR_FIELDS, InputError, Problem
from .money import MONEY_MAX_YUAN, fen_to_yuan, parse_money

#: The most a figure written to the encodings in fen may be: clingo's integers are 32-bit.
FEN_LIMIT = 2**31 - 1
YUAN_LIMIT = fen_to_yuan(FEN_LIMIT)  # 21474836.47

KINDS = ("money", "percent", "share", "count")


@dataclass(frozen=True)
class Param:
    """One figure of the policy, by the name a reform gives it."""

    name: str
    kind: str  # money | percent | share | count
    measure: str
    target: tuple  # ("amount", item) | ("rate", item) | ("cap", item, key) | ("threshold", id) | ("ratio", id)
    items: tuple[str, ...]  # the items it speaks to (where `measures` lists it)

    def value(self, p: Policy):
        """The figure's value in the policy p: Decimal yuan, a rate as Fraction, a Decimal share, an int count."""
        what = self.target[0]
        if what == "amount":
            return p.items[self.target[1]].amount
        if what == "rate":
            num, den = p.items[self.target[1]].rate
            return Fraction(num, den)
        if what == "cap":
            return p.items[self.target[1]].caps[self.target[2]]
        if what == "threshold":
            v = p.thresholds[self.target[1]].value
            return int(v) if self.kind == "count" else v
        return p.ratios[self.target[1]].value

    def show(self, value) -> str:
        """The value as a user writes it: 400000, 5.5%, 0.5, 20."""
        if self.kind == "percent":
            return percent_text(value.numerator, value.denominator)
        if self.kind == "money":
            return format(value, "f") if isinstance(value, Decimal) else str(value)
        return str(value)

    def json_value(self, value):
        """The value for JSON: money and shares as exact numbers, a rate as its text ("5%"), a count as an int."""
        return self.show(value) if self.kind == "percent" else value


@dataclass(frozen=True)
class Change:
    """A reformed figure: the parameter, its value in the policy and the new one."""

    param: Param
    was: object
    value: object

    @property
    def name(self) -> str:
        return self.param.name

    def words(self) -> str:
        return f"{self.name} = {self.param.show(self.value)} (was {self.param.show(self.was)})"

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.param.kind,
            "value": self.param.json_value(self.value),
            "was": self.param.json_value(self.was),
        }


def _cap_suffix(key: str) -> str:
    """ "all" -> "cap"; "level(2)" -> "cap.level2"."""
    if key == "all":
        return "cap"
    m = re.fullmatch(r"([a-z_]+)\((\d+)\)", key)
    return f"cap.{m.group(1)}{m.group(2)}" if m else f"cap.{re.sub(r'[^A-Za-z0-9_]', '', key)}"


def _threshold_kind(field: str) -> str:
    """The kind of the fact's field a threshold is held against, from the model's field tables."""
    kinds = {t[field].kind for t in (YEAR_FIELDS, *EVENT_FIELDS.values()) if field in t}
    if kinds <= {"money"} and kinds:
        return "money"
    if kinds <= {"share"} and kinds:
        return "share"
    if kinds <= {"int"} and kinds:
        return "count"
    raise ValueError(f"a threshold on {field!r} (of kinds {sorted(kinds)}) has no parameter kind")


def _items_of(p: Policy, figure_id: str, measure: str) -> tuple[str, ...]:
    """The items a threshold or ratio speaks to: the item its id names (an item id, or one followed by
    "/..."), else its measure's monetary items, else its measure's items."""
    named = [i for i in p.items if figure_id == i or figure_id.startswith(i + "/")]
    if named:
        return tuple(sorted(named))
    of_measure = [i for i, item in p.items.items() if item.measure == measure]
    monetary = [i for i in of_measure if p.items[i].mode != "support"]
    return tuple(sorted(monetary or of_measure))


def params(p: Policy) -> dict[str, Param]:
    """Every parameter of the policy, by name, in catalogue order: by measure, an item's own figures
    (amount, rate, caps) before the thresholds and ratios."""
    out: list[Param] = []
    for item in p.items.values():
        if item.amount is not None:
            out.append(Param(f"{item.id}.amount", "money", item.measure, ("amount", item.id), (item.id,)))
        if item.rate is not None:
            out.append(Param(f"{item.id}.rate", "percent", item.measure, ("rate", item.id), (item.id,)))
        for key in item.caps:
            out.append(Param(f"{item.id}.{_cap_suffix(key)}", "money", item.measure, ("cap", item.id, key), (item.id,)))
    for t in p.thresholds.values():
        out.append(Param(t.id, _threshold_kind(t.field), t.measure, ("threshold", t.id), _items_of(p, t.id, t.measure)))
    for r in p.ratios.values():
        out.append(Param(r.id, "share", r.measure, ("ratio", r.id), _items_of(p, r.id, r.measure)))
    order = ("amount", "rate", "cap", "threshold", "ratio")
    out.sort(key=lambda x: (p.measure_rank(x.measure), order.index(x.target[0]), x.name))
    return {x.name: x for x in out}


# ---- values ---------------------------------------------------------------------------------------

_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")
_PERCENT = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*%\Z")
_INTEGER = re.compile(r"[0-9]+\Z")


class _Bad(ValueError):
    pass


def _decimals(d: Decimal) -> int:
    return max(0, -d.normalize().as_tuple().exponent)


def _money(param: Param, value, limit: Decimal | None) -> Decimal:
    expected = "expected money in yuan, a number from 0 with at most 2 decimals (e.g. 1500000 or 2000000.50)"
    if isinstance(value, str):
        value = value.strip()
        if not _DECIMAL.match(value):
            raise _Bad(expected)
    try:
        yuan = parse_money(value)
    except ValueError:
        raise _Bad(f"{expected}, at most {MONEY_MAX_YUAN} yuan") from None
    if limit is not None and yuan > limit:
        raise _Bad(
            f"at most {limit:,} yuan (2^31-1 fen): the encodings hold this figure in fen as a clingo integer, which has 32 bits"
        )
    return yuan


def _percent(param: Param, value) -> Fraction:
    expected = "expected a percentage from 0% to 100% with at most 2 decimals, e.g. 6% or 5.5%"
    m = _PERCENT.match(value.strip()) if isinstance(value, str) else None
    if m is None:
        raise _Bad(expected)
    pct = Decimal(m.group(1))
    if pct > 100 or _decimals(pct) > 2:
        raise _Bad(expected)
    return Fraction(pct) / 100


def _share(param: Param, value) -> Decimal:
    expected = "expected a share from 0 to 1 with at most 4 decimals (0.4), or a percentage with at most 2 (40%)"
    if isinstance(value, bool):
        raise _Bad(expected)
    if isinstance(value, str):
        text = value.strip()
        m = _PERCENT.match(text)
        if m:
            pct = Decimal(m.group(1))
            if _decimals(pct) > 2:
                raise _Bad(expected)
            share = pct / 100
        elif _DECIMAL.match(text):
            share = Decimal(text)
        else:
            raise _Bad(expected)
    elif isinstance(value, (int, Decimal)):
        share = Decimal(value)
    elif isinstance(value, float):
        share = Decimal(repr(value))
    else:
        raise _Bad(expected)
    if not share.is_finite() or share < 0 or share > 1 or _decimals(share) > 4:
        raise _Bad(expected)
    return share.normalize() if share else Decimal(0)


def _count(param: Param, value, low: int) -> int:
    expected = f"expected a whole number from {low} to {MAX_COUNT}"
    if isinstance(value, bool):
        raise _Bad(expected)
    if isinstance(value, str):
        if not _INTEGER.match(value.strip()):
            raise _Bad(expected)
        value = int(value.strip())
    elif isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, int) or not low <= value <= MAX_COUNT:
        raise _Bad(expected)
    return value


def _lowest_cap_level(p: Policy, field: str) -> int:
    """A level threshold below the lowest level an item has a cap for would leave a retrofit uncapped."""
    levels = [int(m.group(1)) for item in p.items.values() for key in item.caps if (m := re.fullmatch(r"level\((\d+)\)", key))]
    return min(levels) if field == "digital_level" and levels else 0


def parse_value(p: Policy, param: Param, value):
    """The value for a parameter, checked for its kind and its limits; raises ValueError with a sentence."""
    if param.kind == "percent":
        return _percent(param, value)
    if param.kind == "share":
        return _share(param, value)
    if param.kind == "count":
        field = p.thresholds[param.target[1]].field
        low = _lowest_cap_level(p, field)
        try:
            return _count(param, value, low)
        except _Bad as bad:
            if low:
                raise _Bad(f"{bad}: the policy sets caps from level {low} up, a retrofit below it would have no cap") from None
            raise
    # money
    what = param.target[0]
    limited = what in ("amount", "cap") or (what == "threshold" and p.thresholds[param.target[1]].summed)
    return _money(param, value, YUAN_LIMIT if limited else None)


def suggest(names: Iterable[str], name: str) -> str:
    """ " (did you mean X?)" for a near name, or the names of an item's parameters."""
    names = list(names)
    own = [n for n in names if n.startswith(name + ".")]
    if own:
        return f" ({name} has {', '.join(own)})"
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    if close:
        return f" (did you mean {' or '.join(close)}?)"
    return " (see `jjpolicy measures --format json`, params)"


def changes(p: Policy, given: Mapping[str, object] | Iterable[tuple[str, object]], where: str = "--param") -> list[Change]:
    """Check the named values against the policy p: every problem at once, as an InputError."""
    pairs = list(given.items()) if isinstance(given, Mapping) else list(given)
    table = params(p)
    problems: list[Problem] = []
    out: list[Change] = []
    seen: set[str] = set()
    for n, (name, value) in enumerate(pairs):
        here = f"{where}[{n}] {name}"
        param = table.get(name)
        if param is None:
            problems.append(Problem(here, f"no parameter {name!r}{suggest(table, name)}"))
            continue
        if name in seen:
            problems.append(Problem(here, f"{name} is given more than once"))
            continue
        seen.add(name)
        try:
            new = parse_value(p, param, value)
        except ValueError as bad:
            shown = value if isinstance(value, str) else str(value)
            problems.append(Problem(here, f"{param.kind} parameter: {bad} (got {shown!r})"))
            continue
        out.append(Change(param, param.value(p), new))
    if problems:
        raise InputError(problems)
    return out


def parse_pairs(texts: Iterable[str], where: str = "--param") -> list[tuple[str, str]]:
    """NAME=VALUE texts (the command line) -> pairs; a text without "=" is an InputError."""
    pairs, problems = [], []
    for n, text in enumerate(texts):
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            problems.append(Problem(f"{where}[{n}]", f"expected NAME=VALUE (got {text!r})"))
        pairs.append((name.strip(), value.strip()))
    if problems:
        raise InputError(problems)
    return pairs


def reformed(p: Policy, done: Iterable[Change]) -> Policy:
    """A new Policy with the changed figures; p is not changed. A rate's stated equivalent (cross_check,
    reading A13: 即泉州市核定補助金額的20%) moves with it, so it still checks the same Quanzhou subsidy."""
    items = dict(p.items)
    thresholds = dict(p.thresholds)
    ratios = dict(p.ratios)
    cross = {c.item: c for c in p.cross_checks}
    for ch in done:
        what = ch.param.target[0]
        if what == "amount":
            iid = ch.param.target[1]
            items[iid] = dataclasses.replace(items[iid], amount=ch.value)
        elif what == "rate":
            iid = ch.param.target[1]
            old = Fraction(*items[iid].rate)
            if ch.value == old:
                continue  # the same rate: keep its fraction as the encodings state it
            new = ch.value
            items[iid] = dataclasses.replace(items[iid], rate=(new.numerator, new.denominator))
            if iid in cross and old:
                c = cross[iid]
                scaled = Fraction(*c.rate) * new / old
                cross[iid] = CrossCheck(c.item, c.field, (scaled.numerator, scaled.denominator))
        elif what == "cap":
            iid, key = ch.param.target[1], ch.param.target[2]
            caps = dict(items[iid].caps)
            caps[key] = ch.value
            items[iid] = dataclasses.replace(items[iid], caps=caps)
        elif what == "threshold":
            tid = ch.param.target[1]
            thresholds[tid] = dataclasses.replace(thresholds[tid], value=Decimal(ch.value))
        else:
            rid = ch.param.target[1]
            ratios[rid] = dataclasses.replace(ratios[rid], value=ch.value)
    return dataclasses.replace(
        p,
        items=items,
        thresholds=thresholds,
        ratios=ratios,
        cross_checks=tuple(sorted(cross.values(), key=lambda c: c.item)),
    )


def reform(p: Policy, given) -> tuple[Policy, list[Change]]:
    """Check and apply: (the reformed policy, the changes). No parameters: p itself, unchanged."""
    done = changes(p, given) if given else []
    return (reformed(p, done) if done else p), done


__all__ = [
    "Change",
    "FEN_LIMIT",
    "KINDS",
    "Param",
    "YUAN_LIMIT",
    "changes",
    "params",
    "parse_pairs",
    "parse_value",
    "reform",
    "reformed",
]
