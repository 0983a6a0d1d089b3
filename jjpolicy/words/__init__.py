"""Every sentence jjpolicy says to a person is made here, from a code and values.

The modules that decide and read the model (result.py, describe.py, explain.py) say *what* to tell as a
`Msg`: a key of the catalogue, the values it speaks of (ids, paths, amounts, dates, other messages) and
the readings of docs/ambiguities.md it states. Nothing there formats a sentence. The renderers
(render.py, audit.py, cli.py) ask the `Words` of the user's language for the text of a message, and
for their own headings by key.

A language is a catalogue: a file beside this one (en.py, zh.py) with

- TEXT: key -> template (`str.format` syntax; a field's format spec names how its value is written,
  see `Words` below); every catalogue has the same keys (a test holds them to each other);
- CONVERT (optional): the OpenCC configuration that the policy's own words (clauses, headings, the
  policy's name) are converted with for this language ("t2s": Traditional -> Simplified), or None to
  quote them verbatim;
- FORMATS (optional): spec -> function(value, words) for the specs that this language writes in its
  own way (zh writes the policy's round figures in 万元).

A third language is a third file; no code changes.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from ..money import format_yuan

__all__ = [
    "Msg",
    "Q",
    "say",
    "readings_of",
    "Words",
    "words",
    "LANGS",
    "DEFAULT_LANG",
    "choose_lang",
    "money",
    "number",
    "exact",
    "field_kind",
    "convert",
]


# ---- what to say ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Msg:
    """A sentence to say: its catalogue key, its values, and the readings (A1 ..) it states.

    Values are plain data (str, int, Decimal, date, None), `Q` quantities, other messages, or tuples of
    these. Two messages are equal when key, values and readings are: equal messages say the same thing in
    every language (lists of grounds and conditions drop repeats by this equality).
    """

    key: str
    args: tuple[tuple[str, Any], ...] = ()
    readings: tuple[str, ...] = ()

    def get(self, name: str, default=None):
        return dict(self.args).get(name, default)

    def __str__(self) -> str:
        return words(DEFAULT_LANG).text(self)


def say(key: str, readings: tuple[str, ...] | list[str] = (), /, **args) -> Msg:
    """A message: `say("check.flag.met", path="events[P1]", field="in_statistics")`."""
    return Msg(key, tuple(sorted((k, _frozen(v)) for k, v in args.items())), tuple(readings))


def _frozen(value):
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def readings_of(*messages) -> tuple[str, ...]:
    """Every reading a message (or several) states, its parts' included, in the order of their numbers."""
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, Msg):
            found.update(value.readings)
            for _, v in value.args:
                walk(v)
        elif isinstance(value, tuple):
            for v in value:
                walk(v)

    for m in messages:
        walk(m)
    return tuple(sorted(found, key=lambda r: int(r[1:])))


@dataclass(frozen=True)
class Q:
    """A quantity of a field, with the field's kind: money (yuan), count, share, level or days."""

    value: Decimal | int
    kind: str


# ---- the kinds of fields ------------------------------------------------------------------------
# Which fields are not money, and what they are. The contract's field types are declared in
# jjpolicy/model.py (EVENT_FIELDS, YEAR_FIELDS); a field-kind lookup exported by the model package is on
# its way (another change). Until then this list is the one place that says it: every other field a
# threshold is held against is money (yuan). Replace it by the model's lookup when that lands.
NOT_MONEY: Mapping[str, str] = {
    "sme_count": "count",
    "enterprises_served": "count",
    "digital_level": "level",
    "filed_days_ahead": "days",
    "green_power_share": "share",
}


def field_kind(field: str) -> str:
    return NOT_MONEY.get(field, "money")


# ---- numbers, the same in every language ---------------------------------------------------------


def number(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:,}" if value == value.to_integral_value() or abs(value) >= 1 else str(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def exact(value: Decimal) -> str:
    """A decimal with thousands separators and every digit it has (no rounding)."""
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value).normalize():f}".partition(".")
    return f"{sign}{int(whole):,}" + (f".{frac}" if frac else "")


def money(value: Decimal) -> str:
    """Yuan with thousands separators; fen, where there are any, always in two digits."""
    whole = format_yuan(value)
    if "." in whole:
        left, right = whole.split(".")
        return f"{int(left):,}.{right:0<2}"
    return f"{int(whole):,}"


# ---- the policy's own words in another script ----------------------------------------------------


@cache
def _converter(config: str):
    import opencc  # OpenCC's own Python package (BYVoid/OpenCC), a dependency of jjpolicy

    return opencc.OpenCC(config)


@lru_cache(maxsize=8192)
def convert(text: str, config: str | None) -> str:
    """The text converted with an OpenCC configuration ("t2s": Traditional -> Simplified)."""
    if not config or not text:
        return text
    return _converter(config).convert(text)


# ---- languages ----------------------------------------------------------------------------------

LANGS: tuple[str, ...] = tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")))
DEFAULT_LANG = "en"
ENV = "JJPOLICY_LANG"


def choose_lang(lang: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language asked for; else JJPOLICY_LANG; else the locale (LC_ALL, LC_MESSAGES, LANG, the
    first one set, as POSIX reads them): a Chinese locale (zh_CN.UTF-8 ...) gives zh, any other en."""
    env = os.environ if environ is None else environ
    if lang:
        return lang
    if env.get(ENV):
        return env[ENV]
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGS else DEFAULT_LANG
    return DEFAULT_LANG


@cache
def _pieces(template: str) -> tuple[tuple[str, str | None, str, str | None], ...]:
    """A template parsed once: (literal text, field name, spec, conversion) as string.Formatter reads it."""
    return tuple(string.Formatter().parse(template))


class Words:
    """The sentences of one language. `w(msg)` or `w(key, **values)` is the text.

    Format specs of a template's fields (a catalogue's FORMATS may redefine any):

    - money: yuan with thousands separators (1,234,567.89); yuan: the same with the unit (元);
    - exact: every digit of a decimal; number: a count or other plain number;
    - q: a fact's quantity (`Q`), written by its kind; fig: one of the policy's figures (`Q`);
    - quote: the policy's own words, converted with the catalogue's CONVERT;
    - measure: a measure number ("2.1"), as this language names measures;
    - kind, level, type, code, status, digital_level: the word for a code (TEXT["kind.association"] ...),
      the code itself where the catalogue has none;
    - a spec ending in "*": a tuple, each value written with the rest of the spec, joined by
      TEXT["sep.list"]; semi: messages joined by TEXT["sep.semi"]; and: joined by TEXT["sep.and"];
    - any other spec is Python's (".4%" ...). A message as a value is its text; None is empty.
    """

    LOOKUPS = ("kind", "level", "type", "code", "status", "digital_level")

    def __init__(self, lang: str):
        if lang not in LANGS:
            raise ValueError(f"no catalogue for language {lang!r} (have {', '.join(LANGS)})")
        cat = importlib.import_module(f"{__name__}.{lang}")
        self.lang = lang
        self.TEXT: dict[str, str] = cat.TEXT
        self.CONVERT: str | None = getattr(cat, "CONVERT", None)
        self.FORMATS: dict[str, Callable[[Any, Words], str]] = {**_FORMATS, **getattr(cat, "FORMATS", {})}
        self._texts: dict[Msg, str] = {}

    def __call__(self, what: Msg | str, /, **args) -> str:
        if isinstance(what, Msg):
            return self.text(what)
        return self._render(what, args, None)

    def text(self, msg: Msg) -> str:
        # Subjects repeat the same messages ("the subject is registered in Jinjiang", a condition on
        # events[P1]): each is rendered once, in a cache emptied when it grows large.
        done = self._texts.get(msg)
        if done is None:
            if len(self._texts) >= 50_000:
                self._texts.clear()
            done = self._texts[msg] = self._render(msg.key, dict(msg.args), msg)
        return done

    def _render(self, key: str, args: dict, msg: Msg | None) -> str:
        try:
            template = self.TEXT[key]
        except KeyError:
            raise KeyError(f"the {self.lang} catalogue has no text {key!r}") from None
        out = []
        for literal, name, spec, conversion in _pieces(template):
            out.append(literal)
            if name is None:
                continue
            if name in args:
                value = args[name]
            elif name == "readings" and msg is not None:
                value = ", ".join(msg.readings)
            elif name == "unit":
                value = self.TEXT["unit"]
            else:
                raise KeyError(f"{name!r} in {msg.key if msg else 'a template'} ({self.lang})")
            if conversion == "r":
                value = repr(value)
            elif conversion == "s":
                value = str(value)
            out.append(self.field(value, spec))
        return "".join(out)

    def has(self, key: str) -> bool:
        return key in self.TEXT

    def quote(self, text: str) -> str:
        """The policy's own words, in this language's script."""
        return convert(text, self.CONVERT)

    def field(self, value, spec: str) -> str:
        if isinstance(value, Msg):
            return self.text(value)
        if value is None:
            return ""
        if spec.endswith("*"):
            return self.TEXT["sep.list"].join(self.field(v, spec[:-1]) for v in value)
        if spec in self.FORMATS:
            return self.FORMATS[spec](value, self)
        if spec in self.LOOKUPS:
            return self.TEXT.get(f"{spec}.{value}", str(value))
        if isinstance(value, Q):
            value = value.value
        return format(value, spec)


def _quantity(q: Q, w: Words) -> str:
    return money(q.value) if q.kind == "money" else number(q.value)


_FORMATS: dict[str, Callable[[Any, Words], str]] = {
    "money": lambda v, w: money(v),
    "yuan": lambda v, w: f"{money(v)} {w.TEXT['unit']}",
    "exact": lambda v, w: exact(v),
    "number": lambda v, w: number(v),
    "q": _quantity,
    "fig": _quantity,
    "quote": lambda v, w: w.quote(v),
    "measure": lambda v, w: str(v),
    "semi": lambda v, w: w.TEXT["sep.semi"].join(w.field(x, "") for x in v),
    "and": lambda v, w: w.TEXT["sep.and"].join(w.field(x, "") for x in v),
    "plus": lambda v, w: " + ".join(w.field(x, "") for x in v),
    "plural": lambda v, w: "" if v == 1 else "s",
}


def words(lang: str | None = None) -> Words:
    """The Words of a language (choose_lang's when None: JJPOLICY_LANG, then the locale)."""
    return _words(choose_lang(lang))


@cache
def _words(lang: str) -> Words:
    return Words(lang)
