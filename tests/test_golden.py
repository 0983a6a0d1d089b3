"""The outputs of evaluate, explain and report on the bundled facts, pinned byte for byte.

Refactoring (issue 11) must not change what users' scripts read. When a change is meant to alter an
output, regenerate with `JJPOLICY_GOLDEN=write python -m pytest tests/test_golden.py`, read the diff
(`git diff tests/golden`), and say in CHANGELOG.md what changed and why.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from jjpolicy.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
PORTFOLIO = ROOT / "facts" / "portfolio.json"
SUBJECTS = [s["id"] for s in json.loads(PORTFOLIO.read_text(encoding="utf-8"))["subjects"]]

RUNS = {
    "evaluate-portfolio.json": ["evaluate", str(PORTFOLIO), "--format", "json"],
    "evaluate-small.json": ["evaluate", str(ROOT / "facts" / "small.json"), "--format", "json"],
    "evaluate-portfolio-2026.json": ["evaluate", str(PORTFOLIO), "--format", "json", "--year", "2026"],
    **{f"explain-{s}.json": ["explain", str(PORTFOLIO), "--subject", s, "--format", "json"] for s in SUBJECTS},
    "explain-E01.md": ["explain", str(PORTFOLIO), "--subject", "E01", "--format", "md"],
    "explain-E03.txt": ["explain", str(PORTFOLIO), "--subject", "E03"],
}


def _run(args: list[str], tmp_path: Path) -> str:
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    return res.stdout


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("JJPOLICY_GOLDEN") == "write":
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{name} differs from the pinned output"


@pytest.mark.parametrize("name", sorted(RUNS))
def test_output_is_unchanged(name, tmp_path):
    _check(name, _run(RUNS[name], tmp_path))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_is_unchanged(fmt, tmp_path):
    out = tmp_path / f"report.{fmt}"
    res = CliRunner().invoke(main, ["report", str(PORTFOLIO), "--out", str(out), "--format", fmt])
    assert res.exit_code == 0, res.output
    _check(f"report-portfolio.{fmt}", out.read_text(encoding="utf-8").replace(str(PORTFOLIO), "facts/portfolio.json"))
