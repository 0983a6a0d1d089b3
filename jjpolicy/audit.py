"""Explanations and audit reports for people: text, Markdown and one self-contained HTML file."""

from __future__ import annotations

import html
from collections import defaultdict
from decimal import Decimal

from .describe import money
from .explain import Entry, Explanation, clause_of
from .figures import policy
from .result import Result

MARK = {True: "[x]", False: "[ ]", None: "[-]"}
STATUS = {"granted": "GRANTED", "support": "SUPPORT", "denied": "DENIED", "no_facts": "NO FACTS"}


def _head(e: Entry, esc=lambda s: s) -> str:
    basis = f" · basis {esc(', '.join(e.basis))}" if e.basis else ""
    year = f" · {e.year}" if e.year else ""
    amount = f" {money(e.amount)} 元" if e.amount is not None else ""
    return f"{e.item}{year}{basis} · {STATUS[e.status]}{amount}"


def explanation_text(x: Explanation) -> str:
    lines = [f"{x.subject} {x.name or ''}".rstrip(), f"total {money(x.total)} 元", ""]
    if x.readings:
        lines[2:2] = [f"readings switched: {', '.join(f'{k}={v}' for k, v in sorted(x.readings.items()))} (the others at their default)", ""]
    for e in x.entries:
        lines.append(_head(e))
        c = e.clause
        lines.append(f"  clause {c.section} {c.title} [{c.measure}]")
        lines.append(f"    「{c.original}」")
        lines.append(f"    gloss: {c.gloss}")
        if e.conditions:
            lines.append("  conditions ([x] met, [ ] not met, [-] not applicable):")
            for cond in e.conditions:
                path = f" (path {cond.alternative})" if cond.alternative else ""
                lines.append(f"    {MARK[cond.met]} {cond.text}{path}")
        if e.audit:
            lines.append(f"  audit: {e.audit}")
        for r in e.reasons:
            lines.append(f"  reason {r.code}: {r.detail}")
        if e.decided_by:
            lines.append(f"  decided by readings: {', '.join(e.decided_by)}")
        lines.append("")
    return "\n".join(lines)


def explanation_md(x: Explanation) -> str:
    lines = [f"# {md_text(x.subject)} {md_text(x.name or '')}".rstrip(), "", f"Total: **{money(x.total)} 元**", ""]
    for e in x.entries:
        lines.append(f"## {_head(e, md_text)}")
        c = e.clause
        lines += ["", f"> {c.section} {c.title} [{c.measure}]", f"> 「{c.original}」", "", f"*{c.gloss}*", ""]
        if e.conditions:
            lines.append("| | condition | code | path |")
            lines.append("|---|---|---|---|")
            for cond in e.conditions:
                lines.append(f"| {MARK[cond.met]} | {md_text(cond.text)} | {cond.code or ''} | {cond.alternative or ''} |")
            lines.append("")
        if e.audit:
            lines += [f"Audit: {md_text(e.audit)}", ""]
        for r in e.reasons:
            lines.append(f"- **{r.code}**: {md_text(r.detail)}")
        if e.reasons:
            lines.append("")
        if e.decided_by:
            lines += [f"Readings that decided: {', '.join(e.decided_by)}", ""]
    return "\n".join(lines)


_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_MD_ACTIVE = "\\`*_[]#|~"
_MD_TABLE = str.maketrans(
    {**_MD_ENTITIES, **{c: "\\" + c for c in _MD_ACTIVE}, **{c: " " for c in "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"}}
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

def _by_measure(result: Result) -> list[tuple[str, int, Decimal]]:
    p = policy()
    count: dict[str, int] = defaultdict(int)
    total: dict[str, Decimal] = defaultdict(Decimal)
    for s in result.subjects:
        for a in s.awards:
            count[a.measure] += 1
            total[a.measure] += a.amount
    return [(m, count[m], total[m]) for m in p.measures if count[m]]


def report_md(result: Result, title: str) -> str:
    lines = [f"# 晉政規〔2025〕5號 audit report: {md_text(title)}", ""]
    awards = sum(len(s.awards) for s in result.subjects)
    lines += [
        f"Subjects: {len(result.subjects)} · awards: {awards} · total: **{money(result.total)} 元**"
        + (f" · year {result.year}" if result.year else ""),
        "",
        "## Totals by measure",
        "",
        "| measure | awards | amount (元) |",
        "|---|---:|---:|",
    ]
    lines += [f"| {m} | {n} | {money(t)} |" for m, n, t in _by_measure(result)]
    lines += ["", "## Subjects", "", "| subject | name | awards | denied | total (元) |", "|---|---|---:|---:|---:|"]
    for s in result.subjects:
        lines.append(f"| {md_text(s.id)} | {md_text(s.name or '')} | {len(s.awards)} | {len(s.denied)} | {money(s.total)} |")
    for s in result.subjects:
        lines += ["", f"## {md_text(s.id)} {md_text(s.name or '')}".rstrip(), "", f"Total: **{money(s.total)} 元**", ""]
        for a in s.awards:
            c = clause_of(policy(), a.item)
            lines += [f"### {a.item} · {a.year} · {money(a.amount)} 元 · basis {md_text(', '.join(a.basis)) or '-'}", ""]
            lines += [f"> [{c.measure}] 「{c.original}」", ""]
            lines += [f"- {md_text(b)}" for b in a.because]
            lines.append("")
        if s.support:
            lines += ["Support granted:", ""]
            lines += [f"- {sp.item} · {sp.year}" for sp in s.support]
            lines.append("")
        if s.denied:
            lines += ["Denied:", "", "| item | year | basis | reasons |", "|---|---|---|---|"]
            for d in s.denied:
                reasons = "; ".join(f"**{r.code}**: {md_text(r.detail)}" for r in d.reasons)
                lines.append(f"| {d.item} | {d.year} | {md_text(', '.join(d.basis))} | {reasons} |")
            lines.append("")
        for w in s.warnings:
            lines.append(f"Warning: {md_text(w)}")
    return "\n".join(lines) + "\n"


CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2em;color:#222;max-width:1100px}
h1{font-size:1.5em}h2{border-bottom:1px solid #999;margin-top:2em}h3{font-size:1em;margin-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:.25em .5em;vertical-align:top}
th{background:#eee}td.n{text-align:right;white-space:nowrap}blockquote{color:#444;border-left:3px solid #aac;margin:.3em 0;padding-left:.8em}
.code{font-family:monospace;font-weight:bold}.subject{page-break-before:always}ul{margin:.2em 0}
@media print{body{margin:0}a{color:inherit}}
"""


def report_html(result: Result, title: str) -> str:
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hant"><head><meta charset="utf-8">',
        f"<title>晉政規〔2025〕5號 audit report: {e(title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>晉政規〔2025〕5號 audit report: {e(title)}</h1>",
        f'<p id="summary">Subjects: {len(result.subjects)} · awards: {sum(len(s.awards) for s in result.subjects)}'
        f" · total: <strong>{money(result.total)} 元</strong>"
        + (f" · year {result.year}" if result.year else "")
        + "</p>",
        "<h2>Totals by measure</h2>",
        '<table id="measures"><tr><th>measure</th><th>awards</th><th>amount (元)</th></tr>',
    ]
    for m, n, t in _by_measure(result):
        out.append(f'<tr><td>{m}</td><td class="n">{n}</td><td class="n">{money(t)}</td></tr>')
    out += ["</table>", "<h2>Subjects</h2>", '<table id="subjects"><tr><th>subject</th><th>name</th><th>awards</th><th>denied</th><th>total (元)</th></tr>']
    for s in result.subjects:
        out.append(
            f'<tr><td><a href="#s-{e(s.id)}">{e(s.id)}</a></td><td>{e(s.name or "")}</td><td class="n">{len(s.awards)}</td>'
            f'<td class="n">{len(s.denied)}</td><td class="n">{money(s.total)}</td></tr>'
        )
    out.append("</table>")
    for s in result.subjects:
        out.append(f'<section class="subject" id="s-{e(s.id)}"><h2>{e(s.id)} {e(s.name or "")}</h2>')
        out.append(f"<p>Total: <strong>{money(s.total)} 元</strong></p>")
        for a in s.awards:
            c = clause_of(policy(), a.item)
            out.append(f'<div class="award"><h3>{e(a.item)} · {a.year} · {money(a.amount)} 元 · basis {e(", ".join(a.basis) or "-")}</h3>')
            out.append(f"<blockquote>[{c.measure}] 「{e(c.original)}」<br><em>{e(c.gloss)}</em></blockquote><ul>")
            out += [f"<li>{e(b)}</li>" for b in a.because]
            out.append("</ul></div>")
        if s.support:
            out.append("<p>Support granted:</p><ul>" + "".join(f"<li>{e(sp.item)} · {sp.year}</li>" for sp in s.support) + "</ul>")
        if s.denied:
            out.append('<p>Denied:</p><table class="denied"><tr><th>item</th><th>year</th><th>basis</th><th>reasons</th></tr>')
            for d in s.denied:
                reasons = "<br>".join(f'<span class="code">{e(r.code)}</span>: {e(r.detail)}' for r in d.reasons)
                out.append(f"<tr><td>{e(d.item)}</td><td>{d.year}</td><td>{e(', '.join(d.basis))}</td><td>{reasons}</td></tr>")
            out.append("</table>")
        for w in s.warnings:
            out.append(f"<p>Warning: {e(w)}</p>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
