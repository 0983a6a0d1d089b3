"""Sentences for the conditions the encodings checked: the fact (its JSON path and value), the policy's
figure, met or not. The terms come from the model (check/fail atoms), so the words follow what was decided.
"""

from __future__ import annotations

from decimal import Decimal


from .aspfacts import Index
from .terms import STRING, Term
from .figures import Policy
from .model import field_kind
from .money import format_yuan

KIND_WORDS = {
    "industrial_enterprise": "an industrial enterprise (工業企業)",
    "enterprise": "an enterprise (企業) other than an industrial one",
    "other_unit": "a unit (單位) of another kind",
    "any_enterprise": "an enterprise",
    "green_service_institution": "a green service institution (綠色服務機構)",
    "digital_service_provider": "an industrial internet platform or system provider (工業互聯網平臺、系統服務商)",
    "association": "an industry association (行業協會、產業聯盟機構)",
    "any_kind": "any unit",
}


def text(sym: Term) -> str:
    return sym.string if sym.kind == STRING else str(sym)


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


def _held(met: bool, what: str, when: str, reading: str, by=None) -> str:
    """A status held or not at a date; `by` is the event that holds it (the earliest, held_by/3)."""
    if by is None:
        return f"{'a' if met else 'no'} {what} is held {when} (reading {reading})"
    level = f" {by.fields['level']}" if "level" in by.fields else ""
    return f"a {what} is held {when} (events[{by.id}], {by.type}{level} from {by.date}; reading {reading})"


class Describer:
    def __init__(self, policy: Policy, index: Index):
        self.policy = policy
        self.index = index
        self.year_totals: dict[tuple[str, int], Decimal] = {}
        self.held: dict[str, Term] = {}  # str(check) -> the event that holds its status (held_by/3)

    # ---- references to facts ------------------------------------------------------------------
    def event(self, e: Term):
        return self.index.events[e.number][1]

    def event_id(self, e: Term) -> str:
        return self.event(e).id

    def subject(self, s: Term):
        return self.index.subjects[s.number]

    def ref(self, ref: Term) -> tuple[str, dict]:
        """(JSON path, fields) of ev(E) or yr(S, Y)."""
        if ref.name == "ev":
            ev = self.event(ref.arguments[0])
            return f"events[{ev.id}]", dict(ev.fields)
        s, y = ref.arguments
        subject = self.subject(s)
        for year in subject.years:
            if year.year == y.number:
                return f"years.{y.number}", dict(year.fields)
        return f"years.{y.number}", {}

    def value(self, ref: Term, name: str):
        return self.ref(ref)[1].get(name)

    # ---- one check ----------------------------------------------------------------------------
    def check(self, item: str, check: Term, met: bool) -> str:
        name, args = check.name, check.arguments
        if name == "kind":
            kind = args[0].name
            return (
                f"the subject is {KIND_WORDS.get(kind, kind)}"
                if met
                else f"{item} is not for a subject of kind {kind}"
            )
        if name == "registered":
            return "the subject is registered in Jinjiang" if met else "the subject is not registered in Jinjiang"
        if name == "flag":
            path, fields = self.ref(args[0])
            field = args[1].name
            if met:
                return f"{path}.{field} is true"
            return f"{path}.{field} is {'false' if field in fields else 'not given'}"
        if name == "has":
            path, _ = self.ref(args[0])
            return f"{path}.{args[1].name} is given" if met else f"{path}.{args[1].name} is missing"
        if name in ("reaches", "exceeds"):
            return self._threshold(name, args[0], text(args[1]), met)
        if name == "ratio":
            r = self.policy.ratios[text(args[1])]
            path, fields = self.ref(args[0])
            num, den = fields.get(r.numerator), fields.get(r.denominator)
            share = (num / den) if num is not None and den else None
            shown = f"{share:.4%}" if share is not None else "undefined"
            verb = "reaches" if met else "is below"
            return (
                f"{path}.{r.numerator} / {r.denominator} = {shown} {verb} {r.value:.0%} ({r.measure} 及以上)"
                + self._reading(r.id)
            )
        if name == "attr":
            ev = self.event(args[0])
            field, wanted = args[1].name, text(args[2])
            if met:
                return f"events[{ev.id}].{field} is {wanted}"
            return f"events[{ev.id}].{field} is {ev.fields.get(field)}, not {wanted}"
        if name == "title_held":
            when = f"on or before {self.event(args[0]).date}"
            return _held(met, "專精特新, 單項冠軍, 戰略性新興 or 創新型中小企業 title", when, "A15", self._holder(check, met))
        if name == "centre_held":
            when = f"on {self.event(args[0]).date}"
            return _held(met, "泉州市級 or higher 企業技術中心 or 工業設計中心", when, "A23", self._holder(check, met))
        if name == "year_total":
            t = self.policy.thresholds[text(args[2])]
            year = args[1].number
            total = self.year_totals.get((t.id, year), Decimal(0))
            if met:
                return f"the counted instrument purchases of {year} total {money(total)}, reaching {money(t.value)} (reading A18)"
            return (
                f"the counted instrument purchases of {year} total {money(total)}, below {money(t.value)} "
                f"({t.measure}: 以上), {money(t.value - total)} short (reading A18)"
            )
        if name == "top_jinjiang_unit":
            ev = self.event(args[0])
            rank = ev.fields.get("jinjiang_rank")
            return (
                f"events[{ev.id}].jinjiang_rank is 1, the top-ranked Jinjiang unit"
                if met
                else f"events[{ev.id}].jinjiang_rank is {rank}: only the top-ranked Jinjiang unit (1) is paid"
            )
        return f"{check} {'met' if met else 'not met'}"

    def _holder(self, check: Term, met: bool):
        t = self.held.get(str(check)) if met else None
        return self.event(t) if t is not None else None

    def _reading(self, figure: str) -> str:
        reading = self.policy.figure_readings.get(figure)
        return f" (reading {reading})" if reading else ""

    def _threshold(self, how: str, ref: Term, tid: str, met: bool) -> str:
        return self._threshold_text(how, ref, tid, met) + self._reading(tid)

    def _threshold_text(self, how: str, ref: Term, tid: str, met: bool) -> str:
        t = self.policy.thresholds[tid]
        path, fields = self.ref(ref)
        value = fields.get(t.field)
        kind = field_kind(self.event(ref.arguments[0]).type if ref.name == "ev" else "year", t.field)
        is_money = kind == "money"
        fmt = money if is_money else number
        shown = fmt(value) if value is not None else "not given"
        figure = fmt(t.value)
        if how == "reaches":
            if met:
                return f"{path}.{t.field} {shown} reaches {figure} ({t.measure}: 以上)"
            gap = f", {fmt(t.value - value)} short" if value is not None else ""
            return f"{path}.{t.field} {shown} is below {figure} ({t.measure}: 以上){gap}"
        if met:
            return f"{path}.{t.field} {shown} exceeds {figure} ({t.measure}: 超過)"
        gap = ""
        if value is not None:
            step = Decimal("0.01") if is_money else (Decimal("0.0001") if kind == "share" else Decimal(1))
            gap = f", needs {fmt(t.value - value + step)} more"
        return f"{path}.{t.field} {shown} does not exceed {figure} ({t.measure}: 超過 excludes the figure itself){gap}"
