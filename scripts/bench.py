"""Benchmark: figures, not assertions (speed goals are checked here, never by a timed test).

    python scripts/bench.py                      # the table: N = 1,000 and 10,000 generated subjects
    python scripts/bench.py --n 1000 10000 100000
    python scripts/bench.py --stages 2000        # the time of each stage, on one core
    python scripts/bench.py --one                # one subject from the command line, wall time
    python scripts/bench.py --stress 200         # a family of n interchangeable events (issue 12): time by n

The table runs the command line as a user does (`jjpolicy evaluate FILE --format json|jsonl --out F`,
with and without --awards-only; one job), each run a fresh process: wall time, subjects a second, and
the peak resident memory of the process and its workers. The subjects are scripts/generate.py's
(seed 1), written once as .json and as .jsonl.

Stages are measured on one core, chunk by chunk, as the engine runs them: writing the facts, loading
the encodings and handing the facts to clingo, grounding, solving, decoding the model into records,
building the results, and writing them as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

import jjpolicy
from jjpolicy import solve
from jjpolicy.atoms import decode
from jjpolicy.engine import fewer_collections
from jjpolicy.figures import policy
from jjpolicy.model import parse_facts
from jjpolicy.render import to_json
from jjpolicy.result import Builder
from jjpolicy.terms import Reader

CLI = [sys.executable, "-c", "from jjpolicy.cli import main; main()"]


def stages(subjects, awards_only: bool = False) -> dict[str, float]:
    """CPU seconds of each stage over the subjects, in the engine's chunks, on this one process."""
    out = dict.fromkeys(("facts", "load", "ground", "solve", "decode", "build", "write"), 0.0)
    for i in range(0, len(subjects), solve.CHUNK):
        with fewer_collections():  # as engine.results runs a chunk
            chunk_stages(subjects[i : i + solve.CHUNK], awards_only, out)
    return out


def chunk_stages(chunk, awards_only: bool, out: dict[str, float]) -> None:
    t = time.process_time()
    facts, index = solve._writer().program(chunk)
    out["facts"] += time.process_time() - t
    t = time.process_time()
    program = solve.Program(solve.SOLVER_ARGS, awards_only=awards_only, facts=facts)
    out["load"] += time.process_time() - t
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
    builder = Builder(policy(), answer)
    results = builder.awards() if awards_only else builder.subjects()
    out["build"] += time.process_time() - t
    t = time.process_time()
    for r in results:
        to_json(r.to_dict(awards_only=awards_only))
    out["write"] += time.process_time() - t


def print_stages(n: int, repeat: int = 3) -> None:
    facts = parse_facts(generate.portfolio(n, 1), frozenset(policy().items))
    subjects = list(facts.subjects)
    print(f"stages on {n} subjects: cpu seconds on one core, the least of {repeat} runs (ms a subject)")
    for awards_only in (False, True):
        runs = [stages(subjects, awards_only) for _ in range(repeat)]
        parts = {k: min(r[k] for r in runs) for k in runs[0]}
        total = sum(parts.values())
        cells = ", ".join(f"{k} {v:.2f}" for k, v in parts.items())
        print(f"  {'awards-only' if awards_only else 'full':<12} {cells}; sum {total:.2f} ({1000 * total / n:.2f} ms)")


def run_cli(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one command-line run (the process and its workers)."""
    t = time.perf_counter()
    proc = subprocess.Popen(CLI + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(args)}: exit {code}\n{proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def write_inputs(n: int, folder: Path) -> tuple[Path, Path]:
    """n generated subjects as FILE.json and FILE.jsonl, written a subject at a time."""
    rng = generate.random.Random(1)
    as_json, as_jsonl = folder / f"{n}.json", folder / f"{n}.jsonl"
    with as_jsonl.open("w", encoding="utf-8") as lines, as_json.open("w", encoding="utf-8") as whole:
        whole.write('{"schema": "jjpolicy.facts/1", "subjects": [\n')
        for i in range(n):
            text = json.dumps(generate.subject(rng, f"S{i:06d}"), ensure_ascii=False)
            lines.write(text + "\n")
            whole.write(("," if i else "") + text + "\n")
        whole.write("]}\n")
    return as_json, as_jsonl


def table(sizes: list[int]) -> None:
    print("| subjects | path | format | wall s | subjects/s | peak MiB |")
    print("|---:|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            sources = write_inputs(n, Path(tmp))
            for awards_only in (False, True):
                for fmt, source in zip(("json", "jsonl"), sources):
                    args = ["evaluate", str(source), "--format", fmt, "--out", str(Path(tmp, "out"))]
                    wall, peak = run_cli(args + (["--awards-only"] if awards_only else []))
                    path = "awards-only" if awards_only else "full"
                    print(f"| {n:,} | {path} | {fmt} | {wall:.1f} | {n / wall:,.0f} | {peak:.0f} |", flush=True)


def one() -> None:
    small = Path(__file__).resolve().parent.parent / "facts" / "small.json"
    walls = sorted(run_cli(["evaluate", str(small), "--format", "json"])[0] for _ in range(7))
    print(f"one subject (facts/small.json) from the command line: median {walls[3]:.3f} s, best {walls[0]:.3f} s of 7")


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
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="the sizes of the table")
    parser.add_argument("--stages", type=int, metavar="N", help="the time of each stage on N subjects")
    parser.add_argument("--one", action="store_true", help="one subject from the command line")
    parser.add_argument("--stress", type=int, metavar="N", help="the interchangeable-events family up to N")
    args = parser.parse_args()
    if args.stress:
        stress(args.stress)
    elif args.stages:
        print_stages(args.stages)
    elif args.one:
        one()
    else:
        table(args.n)


if __name__ == "__main__":
    main()
