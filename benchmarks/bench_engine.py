"""In-process throughput of the engine (the library call a platform makes per post).

    .venv/bin/python benchmarks/bench_engine.py              # 20,000 generated posts
    .venv/bin/python benchmarks/bench_engine.py --posts 50000 --rounds 7

Posts are read into memory first, then ``Engine.analyze`` runs over all of them
``--rounds`` times; the best round is reported (the least disturbed by other
work on the machine), with the median beside it. The same posts are also timed
stage by stage — normalisation, the detectors, indicator extraction — and with
the lexicon-only engine, to show where the time goes. Pin it to one core with
``taskset -c 0`` for figures comparable to ``run.py``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate
from run import machine

from cyberpatrol.engine import Engine, EngineConfig
from cyberpatrol.indicators import extract
from cyberpatrol.model import Item

T = TypeVar("T")
EXAMPLES = Path(__file__).parent.parent / "examples" / "posts.jsonl"


def load(path: Path, limit: int) -> list[Item]:
    items = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            items.append(Item(id=str(record["id"]), text=record["text"]))
            if len(items) >= limit:
                break
    return items


def rounds(work: Callable[[T], object], inputs: Sequence[T], times: int) -> tuple[float, float]:
    """Best and median microseconds per input over ``times`` rounds."""
    for x in inputs[:100]:
        work(x)  # warm caches
    per_round = []
    for _ in range(times):
        t0 = time.perf_counter()
        for x in inputs:
            work(x)
        per_round.append((time.perf_counter() - t0) / len(inputs) * 1e6)
    return min(per_round), statistics.median(per_round)


def report(name: str, items: list[Item], times: int) -> None:
    engine = Engine()
    lexicon = Engine(EngineConfig.load().lexicon_only())
    docs = [engine.document(it) for it in items]
    (detector,) = engine.detectors
    rows = [
        ("Engine.analyze (learned model)", rounds(engine.analyze, items, times)),
        ("  normalisation", rounds(engine.document, items, times)),
        ("  recruitment.model detector", rounds(detector.detect, docs, times)),
        ("  indicator extraction", rounds(lambda d: extract(d.light), docs, times)),
        ("Engine.analyze (lexicon only)", rounds(lexicon.analyze, items, times)),
    ]
    flagged = sum(engine.analyze(it).flagged for it in items)
    print(f"\n{name}: {len(items):,} posts, {flagged / len(items):.0%} flagged")
    print(f"{'':34} {'posts/s':>9} {'µs/post':>8} {'(median)':>9}")
    for label, (best, median) in rows:
        print(f"{label:34} {1e6 / best:>9,.0f} {best:>8.1f} {median:>9.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--posts", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posts.jsonl"
        generate(path, args.posts)
        report("generated", load(path, args.posts), args.rounds)
    report("examples/posts.jsonl", load(EXAMPLES, args.posts), args.rounds)


if __name__ == "__main__":
    main()
