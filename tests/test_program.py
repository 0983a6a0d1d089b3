"""The encodings as a program: typed records for what Python reads, broken encodings, clingo's warnings,
the time limit (issue 11 part 1 and 4, issue 12)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from jjpolicy.atoms import AWARDS_SHOWN, EXPLAIN_SHOWN, MEASURES_SHOWN, QUALIFY_SHOWN, SHOWN, signature
from jjpolicy.program import encoding_paths, encodings_dir

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "facts" / "small.json"
PORTFOLIO = ROOT / "facts" / "portfolio.json"


def shows(name: str) -> set[tuple[str, int]]:
    text = (encodings_dir() / name).read_text(encoding="utf-8")
    return {(m.group(1), int(m.group(2))) for m in re.finditer(r"^#show (\w+)/(\d+)\.", text, re.M)}


def test_every_shown_predicate_has_its_record_and_every_record_is_shown():
    assert shows("show_awards.lp") == {signature(r) for r in AWARDS_SHOWN}
    assert shows("show_measures.lp") == {signature(r) for r in MEASURES_SHOWN}
    assert shows("show_awards.lp") | shows("show.lp") | shows("show_measures.lp") == {signature(r) for r in SHOWN}
    assert shows("explain.lp") == {signature(r) for r in EXPLAIN_SHOWN}
    assert shows("qualify.lp") == {signature(r) for r in QUALIFY_SHOWN}


def run(args, env_extra=None, **kw):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "jjpolicy.cli", *args], capture_output=True, text=True, env=env, **kw)


def broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    copy = tmp_path / "encodings"
    shutil.copytree(encodings_dir(), copy)
    path = copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def test_a_syntax_error_in_an_encoding_names_file_and_line_with_its_own_exit_code(tmp_path):
    copy = broken_copy(
        tmp_path,
        "s3_green.lp",
        'receives(I, any_enterprise) :- item(I, "3.1", _).',
        'receives(I, any_enterprise) :- item(I, "3.1", _)',
    )
    res = run(["evaluate", str(SMALL)], {"JJPOLICY_ENCODINGS": str(copy)})
    assert res.returncode == 5
    assert res.stdout == ""
    assert "s3_green.lp:" in res.stderr and "syntax error" in res.stderr
    assert "Traceback" not in res.stderr


def test_a_misspelt_predicate_is_a_warning_when_asked_for(tmp_path):
    copy = broken_copy(
        tmp_path,
        "s6_services.lp",
        'item_of(E, "6.3/regional_brand") :- event(_, E, regional_brand, _, _).',
        'item_of(E, "6.3/regional_brand") :- evnet(_, E, regional_brand, _, _).',
    )
    quiet = run(["evaluate", str(SMALL)], {"JJPOLICY_ENCODINGS": str(copy)})
    assert quiet.returncode == 0 and "evnet" not in quiet.stderr
    loud = run(["evaluate", str(SMALL)], {"JJPOLICY_ENCODINGS": str(copy), "JJPOLICY_WARN": "1"})
    line = next(
        n for n, text in enumerate((copy / "s6_services.lp").read_text(encoding="utf-8").splitlines(), 1) if "evnet(" in text
    )
    assert f"s6_services.lp:{line}:" in loud.stderr
    assert "atom does not occur in any rule head" in loud.stderr and "evnet(" in loud.stderr


def test_the_real_encodings_give_no_warning_on_the_bundled_facts():
    for args in (
        ["evaluate", str(PORTFOLIO), "--format", "json"],
        ["evaluate", str(PORTFOLIO), "--format", "json", "--awards-only"],
        ["explain", str(PORTFOLIO), "--subject", "E01"],
    ):
        res = run(args, {"JJPOLICY_WARN": "1"})
        assert res.returncode == 0
        assert res.stderr == "", res.stderr


def test_the_encodings_are_the_listed_files():
    assert sorted(p.name for p in encodings_dir().glob("*.lp")) == sorted(
        {p.name for p in encoding_paths(explain=True) + encoding_paths(awards_only=True)} | {"qualify.lp"}
    )


def test_a_subject_not_decided_in_time_is_named_with_its_own_exit_code(tmp_path):
    # A limit of 0 s: the guard's path, without a subject that is really slow (twins, issue 12, left none).
    res = run(["evaluate", str(PORTFOLIO)], {"JJPOLICY_TIME_LIMIT": "0"})
    assert res.returncode == 4
    assert res.stdout == ""
    assert "subject 'E01'" in res.stderr and "JJPOLICY_TIME_LIMIT" in res.stderr
    assert "Traceback" not in res.stderr


def test_a_threshold_without_its_test_is_a_broken_encoding(tmp_path):
    # Only the comparison a threshold's test names is written (aspfacts.py): without one, none could be.
    copy = broken_copy(tmp_path, "s2_renewal.lp", 'threshold_test("2.3/fee", reaches).', "")
    res = run(["evaluate", str(SMALL)], {"JJPOLICY_ENCODINGS": str(copy)})
    assert res.returncode == 5
    assert "threshold 2.3/fee: one threshold_test/2 (reaches or exceeds) expected" in res.stderr
    assert "Traceback" not in res.stderr
