"""Markdown outputs (report --format md, explain --format md): text from the input is inert (issue 12,
defect 3). One rule, audit.md_text: HTML's special characters as entities, Markdown's active
characters with a backslash, line breaks as spaces.
"""

from __future__ import annotations

import re

import pytest

import jjpolicy
from jjpolicy.audit import explanation_md, md_text, report_md
from jjpolicy.explain import explain
from jjpolicy.model import parse_facts

HOSTILE_ID = "X<img src=x onerror=alert(1)>"
HOSTILE_NAME = "<script>alert('n')</script>"
PIPE_NAME = "晉江|某*鞋_服`有限[公司](http://x)#"
PLAIN_NAME = "晉江某鞋服有限公司"


def facts() -> dict:
    def subject(sid, name, event_id, policy):
        return {
            "id": sid,
            "name": name,
            "kind": "industrial_enterprise",
            "events": [
                {"id": event_id, "type": "above_scale_new", "date": "2025-05-01"},
                {"id": "M1", "type": "military_qualification", "qualification": "secrecy", "date": "2025-06-01"},
            ],
            "other_awards": [{"event": "M1", "policy": policy, "amount": 200000}],
        }

    return {
        "schema": "jjpolicy.facts/1",
        "subjects": [
            subject(HOSTILE_ID, HOSTILE_NAME, "A<b onmouseover=x>1", "<iframe src=x>policy</iframe>"),
            subject("E|2", PIPE_NAME, "A|`1`", "政策|二\n# heading"),
            subject("E001", PLAIN_NAME, "A1", "另一項晉江政策"),
        ],
    }


def cells(row: str) -> list[str]:
    """The cells of a Markdown table row: split at pipes that no backslash escapes."""
    out, cur, i = [], "", 0
    while i < len(row):
        c = row[i]
        if c == "\\" and i + 1 < len(row):
            cur += row[i : i + 2]
            i += 2
            continue
        if c == "|":
            out.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    out.append(cur)
    return [c.strip() for c in out[1:-1]]


@pytest.fixture(scope="module")
def report() -> str:
    return report_md(jjpolicy.evaluate(facts()), "r<script>.json")


def test_md_text_rule():
    assert md_text(PLAIN_NAME) == PLAIN_NAME
    assert md_text("E001") == "E001"
    assert md_text("<a href='x'>&</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
    assert md_text('say "hi"') == "say &quot;hi&quot;"
    assert md_text("a|b") == "a\\|b"
    assert md_text("`*_[]#~\\") == "\\`\\*\\_\\[\\]\\#\\~\\\\"
    assert md_text("one\ntwo\r\nthree\u2028four") == "one two  three four"


def test_the_report_has_no_raw_html_from_the_input(report):
    for raw in ("<script", "<img", "<iframe", "<b ", "</script>"):
        assert raw not in report
    assert "X&lt;img src=x onerror=alert(1)&gt;" in report
    assert "&lt;script&gt;alert(&#39;n&#39;)&lt;/script&gt;" in report
    assert "&lt;iframe src=x&gt;policy&lt;/iframe&gt;" in report  # the other policy's name, in a denial


def test_the_subjects_table_keeps_its_columns_with_a_pipe_in_a_name(report):
    lines = report.splitlines()
    head = lines.index("| subject | name | awards | denied | total (元) |")
    rows = []
    for line in lines[head + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(cells(line))
    # Hand count: 3 subjects, each paid 1.1 (50,000) and 2.5 secrecy (100,000 < 200,000: the other policy
    # is taken, 2.5 denied): 1 award, 1 denial, 50,000.
    assert rows == [
        ["X&lt;img src=x onerror=alert(1)&gt;", "&lt;script&gt;alert(&#39;n&#39;)&lt;/script&gt;", "1", "1", "50,000"],
        ["E\\|2", "晉江\\|某\\*鞋\\_服\\`有限\\[公司\\](http://x)\\#", "1", "1", "50,000"],
        ["E001", PLAIN_NAME, "1", "1", "50,000"],
    ]
    assert "## E001 晉江某鞋服有限公司" in lines
    # The line break in a policy name does not start a heading of its own.
    assert not any(line.startswith("# heading") for line in lines)


def test_every_denied_row_keeps_four_columns(report):
    lines = report.splitlines()
    for n, line in enumerate(lines):
        if line == "| item | year | basis | reasons |":
            row = cells(lines[n + 2])
            assert len(row) == 4 and row[0] == "2.5/military/secrecy"


def test_rendered_the_report_has_no_tag_from_the_input_and_three_subject_rows(report):
    markdown_it = pytest.importorskip("markdown_it")
    # A renderer that lets raw HTML through: only escaping keeps the input's tags out.
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(report)
    for raw in ("<script", "<img", "<iframe", "<b ", "<a href"):
        assert raw not in html
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    subjects = next(t for t in tables if "<th>subject</th>" in t)
    body = re.findall(r"<tr>(.*?)</tr>", subjects.split("<tbody>")[1], re.S)
    assert [len(re.findall(r"<td", row)) for row in body] == [5, 5, 5]
    assert "<td>晉江|某*鞋_服`有限[公司](http://x)#</td>" in subjects
    assert f"<td>{PLAIN_NAME}</td>" in subjects


@pytest.mark.parametrize("sid", [HOSTILE_ID, "E|2"])
def test_the_explanation_in_markdown_escapes_ids_names_and_policies(sid):
    x = explain(parse_facts(facts()), sid)
    md = explanation_md(x)
    for raw in ("<script", "<img", "<iframe", "<b "):
        assert raw not in md
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    for raw in ("<script", "<img", "<iframe", "<b ", "<code>", "<a href"):
        assert raw not in html
    # The event id reads as it is in the facts once rendered (HTML-escaped by the renderer only).
    event = {"E|2": "A|`1`", HOSTILE_ID: "A&lt;b onmouseover=x&gt;1"}[sid]
    assert f"events[{event}] is dated 2025-05-01" in html
    assert f"basis {event} · GRANTED 50,000 元</h2>" in html
    # Every condition table keeps its four columns.
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S):
            assert len(re.findall(r"<td", row)) == 4
    assert html.count("<h1>") == 1


def test_an_ordinary_name_is_unchanged_in_the_explanation():
    x = explain(parse_facts(facts()), "E001")
    assert explanation_md(x).startswith("# E001 晉江某鞋服有限公司\n")
