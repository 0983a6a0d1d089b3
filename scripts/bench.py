"""Benchmark: evaluate N generated subjects and print the figures (no assertion: a measure, not a test).

    python scripts/bench.py 10000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

import jjpolicy  # noqa: E402
from jjpolicy.render import to_json  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    text = json.dumps(generate.portfolio(args.n, args.seed), ensure_ascii=False)
    t0 = time.perf_counter()
    result = jjpolicy.evaluate(text)
    t1 = time.perf_counter()
    out = to_json(result.to_dict())
    t2 = time.perf_counter()
    awards = sum(len(s.awards) for s in result.subjects)
    denied = sum(len(s.denied) for s in result.subjects)
    print(f"subjects        {args.n}")
    print(f"input           {len(text) / 1e6:.1f} MB, awards {awards}, denials {denied}, total {result.total} yuan")
    print(f"evaluate        {t1 - t0:.2f} s  ({args.n / (t1 - t0):.0f} subjects/s)")
    print(f"render json     {t2 - t1:.2f} s  ({len(out) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
