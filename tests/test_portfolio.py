"""Many subjects: chunks and worker processes change nothing; subjects never affect each other."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import jjpolicy
from jjpolicy.render import to_json

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import generate


def test_a_portfolio_in_chunks_equals_each_subject_alone():
    data = generate.portfolio(450, seed=3)  # three chunks of at most 200, solved in parallel
    together = jjpolicy.evaluate(data)
    assert len(together.subjects) == 450
    for subject, result in zip(data["subjects"][::37], together.subjects[::37]):
        alone = jjpolicy.evaluate({"schema": "jjpolicy.facts/1", "subjects": [subject]})
        assert to_json(alone.subjects[0].to_dict()) == to_json(result.to_dict())
    assert together.total == sum((s.total for s in together.subjects), Decimal(0))


def test_generated_portfolios_evaluate_without_error_and_every_denial_has_a_reason():
    result = jjpolicy.evaluate(generate.portfolio(300, seed=11))
    codes = set()
    for s in result.subjects:
        assert s.total == sum(a.amount for a in s.awards)
        for d in s.denied:
            assert d.reasons
            codes.update(d.codes)
        for a in s.awards:
            assert a.amount >= 0 and a.basis == tuple(sorted(a.basis))
    # The random facts reach most reasons; a generator change that stops exercising them shows here.
    assert {"below_threshold", "outside_validity", "wrong_subject_kind", "superseded", "not_first_time"} <= codes
