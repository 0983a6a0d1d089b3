"""The terminal table (`evaluate`, default format): text from the facts is shown as it is, never read as
rich markup (a "[/]" in a name raised MarkupError, a traceback)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from jjpolicy.cli import main


def test_markup_in_ids_names_and_policies_is_printed_as_text(tmp_path):
    facts = {
        "schema": "jjpolicy.facts/1",
        "subjects": [
            {
                "id": "E[/]1",
                "name": "[bold red]晉江[/] [link=http://x]某[/link] [/]",
                "kind": "industrial_enterprise",
                "events": [
                    {"id": "A[/]", "type": "above_scale_new", "date": "2025-05-01"},
                    {"id": "M[red]", "type": "military_qualification", "qualification": "secrecy", "date": "2025-06-01"},
                ],
                "other_awards": [{"event": "M[red]", "policy": "政策[/][blink]", "amount": 200000}],
            }
        ],
    }
    path = tmp_path / "f.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    res = CliRunner().invoke(main, ["evaluate", str(path)])
    assert res.exit_code == 0, res.output
    # 1.1: 50,000 on A[/]; 2.5 secrecy 100,000 < the other policy's 200,000 (從優): not paid here.
    out = res.output
    assert "E[/]1  [bold red]晉江[/] [link=http://x]某[/link] [/]" in out
    assert "total E[/]1: 50,000 元" in out
    assert "A[/]" in out and "M[red]" in out and "政策[/][blink] pays 200,000 元" in out and "taken" in out
