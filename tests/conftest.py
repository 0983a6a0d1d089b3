"""The suite speaks English unless a test asks for another language: a developer's Chinese locale must
not change what the English tests read (the command line follows JJPOLICY_LANG, then the locale)."""

import pytest


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch):
    monkeypatch.setenv("JJPOLICY_LANG", "en")
