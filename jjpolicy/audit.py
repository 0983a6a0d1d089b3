"""Explanations and audit reports for people: text, Markdown and one self-contained HTML file."""

from __future__ import annotations

import html

from .explain import Entry, Explanation, clause_of
from .figures import POLICY_NAME, policy
from .result import Result
from .words import Words, words

MARK = {True: "[x]", False: "[ ]", None: "[-]"}


def _w(lang: str | Words | None) -> Words:
    return lang if isinstance(lang, Words) else words(lang)


def _head(e: Entry, w: Words, esc=lambda s: s) -> str:
    return w(
        "head",
        item=e.item,
        year=w("head.year", year=e.year) if e.year else "",
        basis=w("head.basis", basis=esc(w.field(e.basis, "*"))) if e.basis else "",
        status=e.status,
        amount=w("head.amount", amount=e.amount) if e.amount is not None else "",
    )


def _lines(*candidates: str) -> list[str]:
    """The lines a catalogue gives (one may leave a line out by making it empty)."""
    return [line for line in candidates if line]


def explanation_text(x: Explanation, lang: str | Words | None = "en") -> str:
    w = _w(lang)
    lines = [f"{x.subject} {x.name or ''}".rstrip(), w("text.total", amount=x.total), ""]
    if x.readings:
        lines[2:2] = [w("text.readings", switched=", ".join(f"{k}={v}" for k, v in sorted(x.readings.items()))), ""]
    for e in x.entries:
        lines.append(_head(e, w))
        c = e.clause
        lines.append(w("text.clause", section=c.section, title=c.title, measure=c.measure))
        lines.append(w("text.quote", original=c.original))
        lines += _lines(w("text.gloss", gloss=w(c.gloss)))
        if e.conditions:
            lines.append(w("text.conditions"))
            for cond in e.conditions:
                path = w("text.path", path=cond.alternative) if cond.alternative else ""
                lines.append(w("text.condition", mark=MARK[cond.met], text=w(cond.text), path=path))
        if e.audit:
            lines.append(w("text.audit", audit=w(e.audit)))
        for r in e.reasons:
            lines.append(w("text.reason", code=r.code, detail=w(r.detail)))
        if e.decided_by:
            lines.append(w("text.decided", ids=e.decided_by))
        lines.append("")
    return "\n".join(lines)


def explanation_md(x: Explanation, lang: str | Words | None = "en") -> str:
    w = _w(lang)
    lines = [f"# {md_text(x.subject)} {md_text(x.name or '')}".rstrip(), "", w("md.total", amount=x.total), ""]
    for e in x.entries:
        lines.append(f"## {_head(e, w, md_text)}")
        c = e.clause
        lines += ["", w("md.clause", section=c.section, title=c.title, measure=c.measure), w("md.quote", original=c.original), ""]
        lines += [line for line in _lines(w("md.gloss", gloss=w(c.gloss))) for line in (line, "")]
        if e.conditions:
            lines.append(w("md.conditions"))
            lines.append("|---|---|---|---|")
            for cond in e.conditions:
                code = cond.code if cond.met is False else None  # the code a condition fails with, only where it fails
                lines.append(f"| {MARK[cond.met]} | {md_text(w(cond.text))} | {code or ''} | {cond.alternative or ''} |")
            lines.append("")
        if e.audit:
            lines += [w("md.audit", audit=md_text(w(e.audit))), ""]
        for r in e.reasons:
            lines.append(w("md.reason", code=r.code, detail=md_text(w(r.detail))))
        if e.reasons:
            lines.append("")
        if e.decided_by:
            lines += [w("md.decided", ids=e.decided_by), ""]
    return "\n".join(lines)


_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_MD_ACTIVE = "\\`*_[]#|~"
_MD_TABLE = str.maketrans(
    {**_MD_ENTITIES, **{c: "\\" + c for c in _MD_ACTIVE}, **dict.fromkeys("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " ")}
)


def md_text(s: str) -> str:
    """Text that may carry the input (ids, names, event ids, other policies' names, and the sentences
    that quote them), made inert in Markdown. One rule for every Markdown output, applied character by
    character:

    - HTML's special characters become entities: & < > " ' (no tag, attribute or entity of the input
      reaches a renderer that lets HTML through);
    - Markdown's active characters get a backslash: \\ ` * _ [ ] # | ~ (code spans, emphasis, links
      and images, a heading's closing #, table cells, strikethrough);
    - line breaks and other line or paragraph separators become spaces, so the text stays in its line,
      heading or table cell.

    The text is always placed after its line's own marker (`# `, `| `, `- `), never at the start of a
    line, so the other line-start markers (-, +, 1.) need nothing more; > is an entity already. The
    policy's own words (item ids, reason codes, clauses) are written as they are.
    """
    return s.translate(_MD_TABLE)


# ---- the portfolio report ---------------------------------------------------------------------


def report_md(result: Result, title: str, lang: str | Words | None = "en") -> str:
    w = _w(lang)
    awards = sum(len(s.awards) for s in result.subjects)
    year = w("report.year", year=result.year) if result.year else ""
    total = f"**{w.field(result.total, 'yuan')}**"
    lines = [f"# {w('report.title', policy=POLICY_NAME, title=md_text(title))}", ""]
    lines += [
        w("report.summary", subjects=len(result.subjects), awards=awards, total=total, year=year),
        "",
        f"## {w('report.by_measure')}",
        "",
        f"| {w('col.measure')} | {w('col.awards')} | {w('col.amount')} |",
        "|---|---:|---:|",
    ]
    lines += [f"| {w.field(m, 'measure')} | {n} | {w.field(t, 'money')} |" for m, n, t in result.by_measure()]
    cols = " | ".join(w(c) for c in ("col.subject", "col.name", "col.awards", "col.denied", "col.total"))
    lines += ["", f"## {w('report.subjects')}", "", f"| {cols} |", "|---|---|---:|---:|---:|"]
    for s in result.subjects:
        lines.append(
            f"| {md_text(s.id)} | {md_text(s.name or '')} | {len(s.awards)} | {len(s.denied)} | {w.field(s.total, 'money')} |"
        )
    for s in result.subjects:
        total = f"**{w.field(s.total, 'yuan')}**"
        lines += ["", f"## {md_text(s.id)} {md_text(s.name or '')}".rstrip(), "", w("report.subject_total", total=total), ""]
        for a in s.awards:
            c = clause_of(policy(), a.item)
            basis = md_text(w.field(a.basis, "*")) or w("value.none")
            lines += [f"### {w('report.award', item=a.item, year=a.year, amount=a.amount, basis=basis)}", ""]
            lines += [f"> {w('report.quote', measure=c.measure, original=c.original)}", ""]
            lines += [f"- {md_text(w(b))}" for b in a.because]
            lines.append("")
        if s.support:
            lines += [w("report.support"), ""]
            lines += [f"- {w('report.support_line', item=sp.item, year=sp.year)}" for sp in s.support]
            lines.append("")
        if s.denied:
            cols = " | ".join(w(c) for c in ("col.item", "col.year", "col.basis", "col.reasons"))
            lines += [w("report.denied"), "", f"| {cols} |", "|---|---|---|---|"]
            for d in s.denied:
                reasons = w("sep.semi").join(w("report.reason.md", code=r.code, detail=md_text(w(r.detail))) for r in d.reasons)
                lines.append(f"| {d.item} | {d.year} | {md_text(w.field(d.basis, '*'))} | {reasons} |")
            lines.append("")
        for x in s.warnings:
            lines.append(w("report.warning", warning=md_text(w(x))))
    return "\n".join(lines) + "\n"


CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2em;color:#222;max-width:1100px}
h1{font-size:1.5em}h2{border-bottom:1px solid #999;margin-top:2em}h3{font-size:1em;margin-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:.25em .5em;vertical-align:top}
th{background:#eee}td.n{text-align:right;white-space:nowrap}blockquote{color:#444;border-left:3px solid #aac;margin:.3em 0;padding-left:.8em}
.code{font-family:monospace;font-weight:bold}.subject{page-break-before:always}ul{margin:.2em 0}
@media print{body{margin:0}a{color:inherit}}
"""


def report_html(result: Result, title: str, lang: str | Words | None = "en") -> str:
    w = _w(lang)
    e = html.escape
    heading = w("report.title", policy=POLICY_NAME, title=e(title))
    awards = sum(len(s.awards) for s in result.subjects)
    year = w("report.year", year=result.year) if result.year else ""
    total = f"<strong>{w.field(result.total, 'yuan')}</strong>"
    th = lambda *keys: "".join(f"<th>{e(w(k))}</th>" for k in keys)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{w("html.lang")}"><head><meta charset="utf-8">',
        f"<title>{heading}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{heading}</h1>",
        f'<p id="summary">{w("report.summary", subjects=len(result.subjects), awards=awards, total=total, year=year)}</p>',
        f"<h2>{e(w('report.by_measure'))}</h2>",
        f'<table id="measures"><tr>{th("col.measure", "col.awards", "col.amount")}</tr>',
    ]
    for m, n, t in result.by_measure():
        out.append(f'<tr><td>{e(w.field(m, "measure"))}</td><td class="n">{n}</td><td class="n">{w.field(t, "money")}</td></tr>')
    out += [
        "</table>",
        f"<h2>{e(w('report.subjects'))}</h2>",
        f'<table id="subjects"><tr>{th("col.subject", "col.name", "col.awards", "col.denied", "col.total")}</tr>',
    ]
    for s in result.subjects:
        out.append(
            f'<tr><td><a href="#s-{e(s.id)}">{e(s.id)}</a></td><td>{e(s.name or "")}</td><td class="n">{len(s.awards)}</td>'
            f'<td class="n">{len(s.denied)}</td><td class="n">{w.field(s.total, "money")}</td></tr>'
        )
    out.append("</table>")
    for s in result.subjects:
        out.append(f'<section class="subject" id="s-{e(s.id)}"><h2>{e(s.id)} {e(s.name or "")}</h2>')
        total = f"<strong>{w.field(s.total, 'yuan')}</strong>"
        out.append(f"<p>{w('report.subject_total', total=total)}</p>")
        for a in s.awards:
            c = clause_of(policy(), a.item)
            basis = e(w.field(a.basis, "*") or w("value.none"))
            out.append(
                f'<div class="award"><h3>{w("report.award", item=e(a.item), year=a.year, amount=a.amount, basis=basis)}</h3>'
            )
            gloss = w("html.gloss", gloss=e(w(c.gloss)))
            out.append(f"<blockquote>{e(w('report.quote', measure=c.measure, original=c.original))}{gloss}</blockquote><ul>")
            out += [f"<li>{e(w(b))}</li>" for b in a.because]
            out.append("</ul></div>")
        if s.support:
            lines = "".join(f"<li>{e(w('report.support_line', item=sp.item, year=sp.year))}</li>" for sp in s.support)
            out.append(f"<p>{e(w('report.support'))}</p><ul>{lines}</ul>")
        if s.denied:
            out.append(
                f'<p>{e(w("report.denied"))}</p><table class="denied"><tr>{th("col.item", "col.year", "col.basis", "col.reasons")}</tr>'
            )
            for d in s.denied:
                reasons = "<br>".join(w("report.reason.html", code=e(r.code), detail=e(w(r.detail))) for r in d.reasons)
                out.append(f"<tr><td>{e(d.item)}</td><td>{d.year}</td><td>{e(w.field(d.basis, '*'))}</td><td>{reasons}</td></tr>")
            out.append("</table>")
        for x in s.warnings:
            out.append(f"<p>{e(w('report.warning', warning=w(x)))}</p>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
