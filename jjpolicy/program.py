"""The encodings as a clingo program: which files, where they are, and loading them into a Control.

The .lp files are loaded as files, so that whatever clingo reports names the file and line. A broken
encoding (a syntax error, an unsafe variable) is an EncodingError carrying clingo's own messages, never a
traceback. clingo's warnings (an atom that occurs in no rule head: a misspelt predicate) are off for
users and on for developers with JJPOLICY_WARN=1, which prints them to stderr; the tests turn them on
and fail on any.

JJPOLICY_ENCODINGS names another folder of .lp files (a developer's copy, a test's broken one).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import clingo

from .terms import Maker

ENCODING_FILES = (
    "policy.lp",
    "eligibility.lp",
    "stacking.lp",
    "exact.lp",
    "s1_gradient.lp",
    "s2_renewal.lp",
    "s3_green.lp",
    "s4_digital.lp",
    "s5_brand.lp",
    "s6_services.lp",
    "show_awards.lp",
)
DETAIL_FILE = "show.lp"  # the candidates, reasons and conditions: all but an awards-only evaluation read them
MEASURES_FILE = "show_measures.lp"  # what an awards-only evaluation reads instead of the candidates
EXPLAIN_FILE = "explain.lp"


class EncodingError(Exception):
    """The encodings cannot be loaded or grounded: a defect of jjpolicy's .lp files, not of the input."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages) or "the encodings could not be loaded")
        self.messages = messages


def encodings_dir() -> Path:
    """The .lp files: JJPOLICY_ENCODINGS, else beside the package in a checkout, inside it when installed."""
    override = os.environ.get("JJPOLICY_ENCODINGS")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "encodings", here / "encodings"):
        if (candidate / "policy.lp").is_file():
            return candidate
    raise EncodingError(["the jjpolicy encodings (policy.lp ...) are not installed beside the package"])


def encoding_paths(explain: bool = False, awards_only: bool = False) -> list[Path]:
    base = encodings_dir()
    names = ENCODING_FILES + ((MEASURES_FILE,) if awards_only else (DETAIL_FILE,)) + ((EXPLAIN_FILE,) if explain else ())
    return [base / name for name in names]


def warnings_on() -> bool:
    return os.environ.get("JJPOLICY_WARN", "") not in ("", "0")


class Program:
    """A Control with the encodings loaded, clingo's messages kept for an EncodingError or stderr."""

    def __init__(self, args: list[str], explain: bool = False, awards_only: bool = False, facts=None):
        """`facts`: values as aspfacts.py writes them (terms.Maker), handed over as symbols before the
        encodings are loaded (after them, clingo would report the shown predicates as having no atoms)."""
        self.errors: list[str] = []
        self.warnings: list[str] = []
        verbose = warnings_on()
        self.ctl = clingo.Control(list(args) + ([] if verbose else ["--warn=none"]), logger=self._log)
        if facts is not None:
            self._guard(Maker().add_facts, self.ctl, facts)
        for path in encoding_paths(explain, awards_only):
            self._guard(self.ctl.load, str(path))

    def _log(self, code: clingo.MessageCode, message: str) -> None:
        if code == clingo.MessageCode.RuntimeError:
            self.errors.append(message.strip())
        else:
            self.warnings.append(message.strip())
            print(message.strip(), file=sys.stderr)

    def _guard(self, call, *args):
        try:
            return call(*args)
        except RuntimeError as exc:
            raise EncodingError(self.errors or [str(exc)]) from None

    def add(self, text: str) -> None:
        self._guard(self.ctl.add, "base", [], text)

    def ground(self) -> None:
        self._guard(self.ctl.ground, [("base", [])])
