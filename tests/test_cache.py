"""The policy's figures kept between runs (jjpolicy/cache.py): read afresh whenever what they are read
from changes, never from a file others may write."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from jjpolicy import cache, figures
from jjpolicy.program import encodings_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("JJPOLICY_CACHE", str(tmp_path / "cache"))
    figures.policy.cache_clear()
    yield tmp_path / "cache"
    figures.policy.cache_clear()


def kept_files(where: Path) -> list[Path]:
    return sorted(where.glob("policy-*.pickle"))


def test_the_figures_are_kept_and_read_back(fresh, monkeypatch):
    first = figures.policy()
    (kept,) = kept_files(fresh)
    assert kept.stat().st_mode & 0o777 == 0o600
    figures.policy.cache_clear()

    def no_reading():
        raise AssertionError("read again although nothing changed")

    monkeypatch.setattr(figures, "_read", no_reading)
    assert figures.policy() == first


def test_a_changed_encoding_is_read_afresh(fresh, tmp_path, monkeypatch):
    figures.policy()
    copy = tmp_path / "encodings"
    shutil.copytree(encodings_dir(), copy)
    s1 = copy / "s1_gradient.lp"
    s1.write_text(
        s1.read_text(encoding="utf-8").replace(
            'amount("1.1/new_above_scale", "50000")', 'amount("1.1/new_above_scale", "60000")'
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JJPOLICY_ENCODINGS", str(copy))
    figures.policy.cache_clear()
    assert figures.policy().items["1.1/new_above_scale"].amount == Decimal(60000)
    assert len(kept_files(fresh)) == 2


def test_a_file_others_may_write_is_not_read(fresh, monkeypatch):
    figures.policy()
    (kept,) = kept_files(fresh)
    kept.chmod(0o666)
    figures.policy.cache_clear()
    calls = []
    real = figures._read
    monkeypatch.setattr(figures, "_read", lambda: calls.append(1) or real())
    figures.policy()
    assert calls == [1]


def test_a_broken_file_is_read_afresh(fresh):
    figures.policy()
    (kept,) = kept_files(fresh)
    kept.write_bytes(b"not a pickle")
    kept.chmod(0o600)
    figures.policy.cache_clear()
    assert figures.policy().items["2.1/equipment_update"].rate == (5, 100)


def test_off_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("JJPOLICY_CACHE", "off")
    assert cache.folder() is None
    figures.policy.cache_clear()
    assert figures.policy().items
    figures.policy.cache_clear()


def test_an_unwritable_folder_is_no_cache_and_the_same_answer(tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        where = Path("/proc/jjpolicy-cache")  # not writable even by root
    else:
        where = tmp_path / "ro"
        where.mkdir(mode=0o500)
    env = {**os.environ, "JJPOLICY_CACHE": str(where)}
    res = subprocess.run(
        [sys.executable, "-m", "jjpolicy.cli", "evaluate", str(ROOT / "facts" / "small.json"), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""


def test_no_home_folder_is_no_cache(monkeypatch):
    monkeypatch.delenv("JJPOLICY_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def nowhere():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(cache.Path, "home", staticmethod(nowhere))
    assert cache.folder() is None
