"""Benchmark: figures, not assertions (speed goals are checked here, never by a timed test).

    python scripts/bench.py 10000            # evaluate N generated subjects: wall time, rate, memory, stages
    python scripts/bench.py --stress 200     # a family of n interchangeable events (issue 12): time by n

Stages are measured on one core, chunk by chunk, as the engine runs them: writing the facts, parsing
them with the encodings, grounding, solving, decoding the model into records, building the results;
then rendering the JSON. Peak memory is the process's maximum resident size.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

import jjpolicy
from jjpolicy import solve
from jjpolicy.atoms import decode
from jjpolicy.figures import policy
from jjpolicy.model import parse_facts
from jjpolicy.render import to_json
from jjpolicy.result import Builder
from jjpolicy.terms import Reader


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stages(subjects) -> dict[str, float]:
    """CPU seconds of each stage over the subjects, in the engine's chunks, on this one process."""
    out = dict.fromkeys(("facts", "parse", "ground", "solve", "decode", "build"), 0.0)
    for i in range(0, len(subjects), solve.CHUNK):
        chunk = subjects[i : i + solve.CHUNK]
        t = time.process_time()
        text, index = solve._writer().program(chunk)
        out["facts"] += time.process_time() - t
        t = time.process_time()
        program = solve.Program(solve.SOLVER_ARGS)
        program.add(text)
        out["parse"] += time.process_time() - t
        t = time.process_time()
        program.ground()
        out["ground"] += time.process_time() - t
        symbols = []

        def on_model(model, symbols=symbols):
            symbols[:] = Reader.shown(model)

        t = time.process_time()
        program.ctl.solve(on_model=on_model)
        out["solve"] += time.process_time() - t
        t = time.process_time()
        answer = solve.Answer(index, decode(symbols))
        out["decode"] += time.process_time() - t
        t = time.process_time()
        Builder(policy(), answer).subjects()
        out["build"] += time.process_time() - t
    return out


def portfolio(n: int, seed: int) -> None:
    text = json.dumps(generate.portfolio(n, seed), ensure_ascii=False)
    t0 = time.perf_counter()
    result = jjpolicy.evaluate(text)
    t1 = time.perf_counter()
    out = to_json(result.to_dict())
    t2 = time.perf_counter()
    awards = sum(len(s.awards) for s in result.subjects)
    denied = sum(len(s.denied) for s in result.subjects)
    print(f"subjects        {n}")
    print(f"input           {len(text) / 1e6:.1f} MB, awards {awards}, denials {denied}, total {result.total} yuan")
    print(f"evaluate        {t1 - t0:.2f} s wall  ({n / (t1 - t0):.0f} subjects/s)")
    print(f"render json     {t2 - t1:.2f} s  ({len(out) / 1e6:.1f} MB)")
    print(f"peak memory     {peak_mib():.0f} MiB")
    facts = parse_facts(json.loads(text), frozenset(policy().items))
    parts = stages(list(facts.subjects))
    total = sum(parts.values())
    print(
        "stages (cpu s, one core): " + ", ".join(f"{k} {v:.2f}" for k, v in parts.items()) + f"; sum {total:.2f}"
        f" ({1000 * total / n:.2f} ms a subject)"
    )


def stress(top: int) -> None:
    """n 5G demos cloned on one project beside a digital demo (issue 12's hang): time by n."""
    print("interchangeable events   seconds   total")
    n = 25
    while n <= top:
        events = [
            {
                "id": f"A{i:03}",
                "type": "app_demo",
                "area": "5g",
                "recognized_investment": 580000,
                "date": "2025-11-05",
                "project": "MES",
            }
            for i in range(n)
        ]
        events.append(
            {
                "id": "D",
                "type": "digital_demo",
                "level": "jinjiang",
                "total_investment": 3000000,
                "in_use": True,
                "promotes": True,
                "date": "2025-11-05",
                "project": "MES",
            }
        )
        doc = {"schema": "jjpolicy.facts/1", "subjects": [{"id": "E1", "kind": "industrial_enterprise", "events": events}]}
        t = time.perf_counter()
        r = jjpolicy.evaluate(doc)
        print(f"{n:>22}   {time.perf_counter() - t:7.2f}   {r.total}")
        n *= 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stress", type=int, metavar="N", help="the interchangeable-events family up to N")
    args = parser.parse_args()
    if args.stress:
        stress(args.stress)
    else:
        portfolio(args.n, args.seed)


if __name__ == "__main__":
    main()
