"""Readings switched (--reading ID=VALUE): checked against the values the encodings declare, handed to the
program as chosen/2 facts. The switch itself is a rule of the encodings (reading_is/2), never Python."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

import clingo

from .figures import policy
from .model import InputError, Problem


def parse(options: Iterable[str]) -> dict[str, str]:
    """`A2=top_up` ... as {reading: value}; every problem at once as an InputError naming the option."""
    switches = policy().switches
    chosen: dict[str, str] = {}
    problems = []
    for n, option in enumerate(options):
        where = f"--reading[{n}]"
        rid, sep, value = (part.strip() for part in option.partition("="))
        if not sep or not rid or not value:
            problems.append(Problem(where, f"expected ID=VALUE, e.g. A2=top_up (got {option!r})"))
        elif rid not in switches:
            near = difflib.get_close_matches(rid, switches, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            problems.append(Problem(where, f"{rid!r} is not a reading that can be switched{hint}; see docs/ambiguities.md"))
        elif value not in switches[rid][1]:
            problems.append(Problem(where, f"{rid} takes one of {', '.join(switches[rid][1])} (got {value!r})"))
        else:
            chosen[rid] = value
    if problems:
        raise InputError(problems)
    return chosen


def facts(chosen: Mapping[str, str] | None) -> str:
    return "\n".join(f"chosen({clingo.String(rid)},{value})." for rid, value in sorted((chosen or {}).items()))
