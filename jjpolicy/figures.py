"""The policy's own data, read from the encodings: items, amounts, rates, caps, thresholds, clauses.

Every figure of 晉政規〔2025〕5號 is stated once, in encodings/*.lp, beside the clause it comes from.
Python reads them from there (never a copy of its own) to turn the facts' figures into exact
comparison atoms, and to cite and explain.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .cache import kept
from .program import EncodingError, Program, encodings_dir
from .terms import Reader, Term, text

#: The policy's name, as it is cited (its number); the one place it is written.
POLICY_NAME = "晉政規〔2025〕5號"


@dataclass(frozen=True)
class Item:
    id: str
    measure: str
    mode: str  # fixed | percent | support
    amount: Decimal | None = None
    rate: tuple[int, int] | None = None
    rate_type: str | None = None
    rate_field: str | None = None
    caps: dict[str, Decimal] = field(default_factory=dict)  # "all" or "level(N)" -> yuan


@dataclass(frozen=True)
class Threshold:
    id: str
    field: str
    value: Decimal
    measure: str
    test: str  # reaches (以上, >=) or exceeds (超過, >): the one comparison written for it (aspfacts.py)
    summed: bool = False


@dataclass(frozen=True)
class Ratio:
    id: str
    numerator: str
    denominator: str
    value: Decimal
    measure: str


@dataclass(frozen=True)
class CrossCheck:
    item: str
    field: str
    rate: tuple[int, int]


@dataclass(frozen=True)
class Policy:
    items: dict[str, Item]
    thresholds: dict[str, Threshold]
    ratios: dict[str, Ratio]
    cross_checks: tuple[CrossCheck, ...]
    clauses: dict[str, str]
    measures: tuple[str, ...]
    headings: dict[str, tuple[str, str]] = field(default_factory=dict)
    glosses: dict[str, str] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)
    readings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sources: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    figure_readings: dict[str, str] = field(default_factory=dict)
    receivers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tiers: dict[str, tuple[str, int]] = field(default_factory=dict)  # item -> (ladder, rank)
    tier_tests: dict[str, str] = field(default_factory=dict)  # ladder -> reaches | exceeds
    switches: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # reading -> (default, values)
    validity: tuple[datetime.date, datetime.date] = (datetime.date.min, datetime.date.max)
    in_force: datetime.date = datetime.date.min

    @property
    def window(self) -> str:
        return f"{self.validity[0]} .. {self.validity[1]}"

    @property
    def window_years(self) -> range:
        return range(self.validity[0].year, self.validity[1].year + 1)

    def title(self, measure: str) -> str:
        """The measure's title in the text, without its enumerator: 2.1 -> 鼓勵更新生產設備."""
        _, title = self.headings.get(measure, ("", ""))
        return re.sub(r"^[(（][一二三四五六七八九十]+[)）]", "", title)

    def measure_rank(self, measure: str) -> int:
        return self.measures.index(measure)

    def by_prefix(self, table: dict, item: str):
        """The entry of the longest key that is the item id or a prefix of it at a '/'."""
        best = None
        for key in table:
            if (item == key or item.startswith(key + "/")) and (best is None or len(key) > len(best)):
                best = key
        return table.get(best) if best is not None else None

    def sentence(self, item: str) -> str:
        """The sentence of the clause that names the item (the clause itself where none is marked)."""
        clause = self.clauses[self.items[item].measure]
        term = self.by_prefix(self.terms, item)
        if term:
            for part in re.split(r"(?<=[。;;])", clause):
                if term in part:
                    return part.strip()
        return clause


def cap_level(key: str) -> int | None:
    """The digital level N of a cap key "level(N)" (4.3), None for "all"."""
    m = re.fullmatch(r"level\((\d+)\)", key)
    return int(m.group(1)) if m else None


def percent_text(num: int, den: int) -> str:
    """A rate num/den as a percentage, exactly: 5/100 -> "5%", 11/200 -> "5.5%"; a rate whose percentage
    has no finite decimal (2/3) as the fraction "2/3"."""
    d = den
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1 and num % d != 0:
        return f"{num}/{den}"
    pct = Decimal(num * 100) / Decimal(den)
    whole, _, frac = f"{pct.normalize():f}".partition(".")
    return f"{whole}.{frac}%" if frac else f"{whole}%"


@lru_cache(maxsize=1)
def policy() -> Policy:
    """The policy's figures, read from the encodings (and kept between runs: jjpolicy/cache.py)."""
    return kept("policy", [*encodings_dir().glob("*.lp"), Path(__file__)], _read)


def _read() -> Policy:
    program = Program([])
    program.ground()
    ctl = program.ctl
    atoms: dict[str, list[tuple[Term, ...]]] = {}
    reader = Reader()
    for atom in ctl.symbolic_atoms:
        if atom.is_fact:
            term = reader.term(atom.symbol._rep)  # a Symbol's representation, read as in terms.Reader
            atoms.setdefault(f"{term.name}/{len(term.arguments)}", []).append(term.arguments)

    def rows(sig: str):
        return atoms.get(sig, [])

    amounts = {text(i): Decimal(text(v)) for i, v in rows("amount/2")}
    rates = {text(i): (n.number, d.number, t.name, f.name) for i, n, d, t, f in rows("rate/5")}
    caps: dict[str, dict[str, Decimal]] = {}
    for i, key, v in rows("cap/3"):
        caps.setdefault(text(i), {})[str(key)] = Decimal(text(v))
    items = {}
    for i, m, mode in rows("item/3"):
        iid = text(i)
        rate = rates.get(iid)
        items[iid] = Item(
            id=iid,
            measure=text(m),
            mode=mode.name,
            amount=amounts.get(iid),
            rate=(rate[0], rate[1]) if rate else None,
            rate_type=rate[2] if rate else None,
            rate_field=rate[3] if rate else None,
            caps=caps.get(iid, {}),
        )
    summed = {text(t) for (t,) in rows("summed/1")}
    tests: dict[str, list[str]] = {}
    for t, test in rows("threshold_test/2"):
        tests.setdefault(text(t), []).append(test.name)
    thresholds = {}
    for t, f, v, m in rows("threshold/4"):
        tid = text(t)
        test = tests.get(tid, [])
        if len(test) != 1 or test[0] not in ("reaches", "exceeds"):
            raise EncodingError([f"threshold {tid}: one threshold_test/2 (reaches or exceeds) expected, found {test}"])
        thresholds[tid] = Threshold(tid, f.name, Decimal(text(v)), text(m), test[0], tid in summed)
    ratios = {text(t): Ratio(text(t), n.name, d.name, Decimal(text(v)), text(m)) for t, n, d, v, m in rows("ratio/5")}
    cross = tuple(
        sorted(
            (CrossCheck(text(i), f.name, (n.number, d.number)) for i, f, n, d in rows("cross_check/4")),
            key=lambda c: c.item,
        )
    )
    clauses = {text(m): text(t) for m, t in rows("clause/2")}
    measures = tuple(text(m) for m, _ in sorted(rows("measure/2"), key=lambda r: r[1].number))
    readings: dict[str, list[str]] = {}
    for i, r in rows("reading/2"):
        readings.setdefault(text(i), []).append(text(r))
    sources: dict[str, list[tuple[str, str]]] = {}
    for i, what in rows("source/2"):
        sources.setdefault(text(i), []).append((what.name, what.arguments[0].name))
    return Policy(
        items,
        thresholds,
        ratios,
        cross,
        clauses,
        measures,
        headings={text(m): (text(a), text(b)) for m, a, b in rows("heading/3")},
        glosses={text(m): text(g) for m, g in rows("gloss/2")},
        terms={text(i): text(t) for i, t in rows("term/2")},
        readings={i: tuple(sorted(set(r), key=lambda x: int(x[1:]))) for i, r in readings.items()},
        sources={i: tuple(sorted(set(v))) for i, v in sources.items()},
        figure_readings={text(t): text(r) for t, r in rows("figure_reading/2")},
        receivers=_receivers(rows("may_receive/2")),
        tiers={text(i): (ladder.name, r.number) for i, ladder, r in rows("tier/3")},
        tier_tests={ladder.name: test.name for ladder, test in rows("tier_test/2")},
        switches=_switches(rows("reading_value/2"), rows("reading_default/2")),
        validity=tuple(_date(n) for n in rows("validity/2")[0]),
        in_force=_date(rows("in_force/1")[0][0]),
    )


def _switches(values, defaults) -> dict[str, tuple[str, tuple[str, ...]]]:
    default = {text(r): v.name for r, v in defaults}
    out: dict[str, list[str]] = {}
    for r, v in values:
        out.setdefault(text(r), []).append(v.name)
    order = lambda r: int(r[1:])
    return {
        r: (default[r], tuple(sorted(vs, key=lambda v: (v != default[r], v))))
        for r, vs in sorted(out.items(), key=lambda x: order(x[0]))
    }


def _date(term: Term) -> datetime.date:
    n = term.number
    return datetime.date(n // 10000, n // 100 % 100, n % 100)


def _receivers(rows) -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = {}
    for i, k in rows:
        out.setdefault(text(i), set()).add(k.name)
    return {i: tuple(sorted(k)) for i, k in out.items()}
