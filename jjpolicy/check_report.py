"""`jjpolicy check` for people: a report a drafting office can read (plain text or Markdown).

Each finding: what was found, why it matters, the clauses (measure and the quoted sentence), and the
witness in words, each subject with what `jjpolicy evaluate` gives it. Then what the searches covered
where they found nothing.
"""

from __future__ import annotations

from decimal import Decimal

from .audit import md_text
from .check import KINDS, Report
from .describe import money
from .words import words

_EN = words("en")  # the report is in English (its sentences are made here, not in the catalogues)

TITLES = {
    "unreachable": "Items no facts can grant",
    "overlap": "One project paid twice",
    "non_monotone": "A better fact, less money",
    "timing_incentive": "Spreading or splitting pays more",
    "reading_sensitive": "Readings that move money",
    "cap_geometry": "Where the caps bind",
}


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return money(v)
    return str(v)


def subject_words(s: dict) -> str:
    """A generated subject in one sentence: kind, years, events, other policies' payments."""
    parts = [f"{s['id']}: {_EN('kind.' + s['kind'])}"]
    if s.get("registered_in_jinjiang") is False:
        parts.append("not registered in Jinjiang")
    for year, fields in sorted((s.get("years") or {}).items()):
        if fields:
            parts.append(
                f"in {year} " + ", ".join(name if v is True else f"{name} {_value(v)}" for name, v in sorted(fields.items()))
            )
        else:
            parts.append(f"a {year} entry with no figures")
    for e in s.get("events", []):
        extra = [
            f"{k} {_value(v)}" if v is not True else k
            for k, v in e.items()
            if k not in ("id", "type", "date", "project", "renewal")
        ]
        words = f"event {e['id']} {e['type']} on {e['date']}"
        if extra:
            words += f" ({', '.join(extra)})"
        if e.get("project"):
            words += f", project {e['project']}"
        if e.get("renewal"):
            words += ", a renewal"
        parts.append(words)
    for o in s.get("other_awards", []):
        parts.append(f"{o['policy']} pays {_value(o['amount'])} for {o['event']}")
    return "; ".join(parts)


def effect_words(effect: dict) -> str:
    awards = ", ".join(f"{a['item']} {a['year']} {money(a['amount'])}" for a in effect["awards"]) or "no award"
    out = f"evaluates to {money(effect['total'])} 元 ({awards})"
    if effect["received"] != effect["total"]:
        out += f"; received with the other policy's payment: {money(effect['received'])} 元"
    return out


def _counts(report: Report) -> str:
    n = dict.fromkeys(KINDS, 0)
    for f in report.findings:
        n[f.kind] += 1
    return ", ".join(f"{k} {v}" for k, v in n.items())


def _searched_lines(report: Report) -> list[str]:
    s = report.searched
    out = [
        f"{s['reachable']} of {s['items']} items are granted to some generated subject "
        f"({s['reach']['alone']} subjects with one event or one year's figures, {s['reach']['varied_or_with_context']} more with "
        "each figure of an event varied or with a context).",
        f"{s.get('overlap_one_event', 0)} subjects with one event: none is paid under two items.",
        f"{s.get('overlap_same_project_pairs', 0)} pairs of items on one project of one subject in one year (every pair of "
        "one event type, one item of each type across types: a family never spans two types): stacking rule 2 pays every "
        "such pair once unless a finding above says otherwise.",
        f"{s.get('non_monotone_pairs', 0)} pairs of a fact and a better one (each level, role and rating against the next; "
        "each figure against the next point of its grid, e.g. a 4.3 retrofit at digital level 4 against level 5) found "
        "no other decrease than those reported.",
    ]
    for line in s.get("stated_equivalents", ()):
        out.append(f"Reading A13, stated equivalent: {line}.")
    for rid, why in sorted(s.get("readings_without_witness", {}).items(), key=lambda kv: int(kv[0][1:])):
        out.append(f"Reading {rid}: no witness ({why}).")
    out.append(f"{s['subjects_evaluated']} subjects evaluated in all.")
    return out


def report_text(report: Report) -> str:
    lines = [
        "jjpolicy check: 晉政規〔2025〕5號 as encoded",
        f"{len(report.findings)} findings: {_counts(report)}",
        "",
    ]
    for n, f in enumerate(report.findings, 1):
        lines += [f"{n}. [{f.kind}] {f.key}", f"   Finding: {f.statement}", f"   Why it matters: {f.why}"]
        for c in f.clauses:
            lines.append(f"   Clause {c.measure}: 「{c.original}」")
        if f.readings:
            lines.append(f"   Readings: {', '.join(f.readings)} (docs/ambiguities.md)")
        lines.append("   Witness (jjpolicy evaluate reproduces it; --format json gives the document):")
        for s in f.witness["subjects"]:
            lines.append(f"     - {subject_words(s)}: {effect_words(f.effect[s['id']])}")
        for label, effects in f.switched.items():
            for sid, e in effects.items():
                lines.append(f"     - with --reading {label}, {sid} {effect_words(e)}")
        lines.append("")
    lines.append("Searched, and found nothing more:")
    lines += [f"  - {x}" for x in _searched_lines(report)]
    for note in report.notes:
        lines.append(f"  - note: {note}")
    return "\n".join(lines) + "\n"


def report_md(report: Report) -> str:
    lines = [
        "# jjpolicy check: 晉政規〔2025〕5號 as encoded",
        "",
        f"{len(report.findings)} findings: {_counts(report)}.",
        "",
        "| # | kind | finding | items |",
        "|---|---|---|---|",
    ]
    for n, f in enumerate(report.findings, 1):
        lines.append(f"| {n} | {f.kind} | `{f.key}` | {', '.join(f'`{i}`' for i in f.items)} |")
    for kind in KINDS:
        group = [(n, f) for n, f in enumerate(report.findings, 1) if f.kind == kind]
        if not group:
            continue
        lines += ["", f"## {TITLES[kind]} (`{kind}`)"]
        for n, f in group:
            lines += [
                "",
                f"### {n}. `{f.key}`",
                "",
                f"**Finding.** {md_text(f.statement)}",
                "",
                f"**Why it matters.** {md_text(f.why)}",
                "",
                "**Clauses.**",
                "",
            ]
            lines += [f"- {c.measure}: 「{md_text(c.original)}」" for c in f.clauses]
            if f.readings:
                lines += ["", f"**Readings.** {', '.join(f.readings)} (docs/ambiguities.md)"]
            lines += [
                "",
                "**Witness** (`jjpolicy check --format json` gives the document; `jjpolicy evaluate` reproduces it):",
                "",
            ]
            for s in f.witness["subjects"]:
                lines.append(f"- {md_text(subject_words(s))}: {md_text(effect_words(f.effect[s['id']]))}")
            for label, effects in f.switched.items():
                for sid, e in effects.items():
                    lines.append(f"- with `--reading {label}`, {md_text(sid)} {md_text(effect_words(e))}")
    lines += ["", "## Searched, and found nothing more", ""]
    lines += [f"- {md_text(x)}" for x in _searched_lines(report)]
    lines += [f"- note: {md_text(x)}" for x in report.notes]
    return "\n".join(lines) + "\n"
