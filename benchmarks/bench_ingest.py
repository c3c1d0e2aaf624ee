"""Throughput and memory of the input readers.

Generates a JSON Lines file (default 200,000 short posts, a few of them bad)
in a temporary directory, reads it with :func:`cyberpatrol.ingest.read_items`
and prints lines per second and the peak resident set size. Run with::

    .venv/bin/python benchmarks/bench_ingest.py [--lines N] [--csv]
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from pathlib import Path

import orjson

from cyberpatrol.ingest import Summary, read_items

SAMPLES = [
    "【高額報酬】日給5万円以上！即日払い、誰でもできる簡単なお仕事です。詳しくはテレグラムで",
    "今日のランチ美味しかった🍜 また行きたいな",
    "ホワイト案件 受け子 出し子 募集中 DMください",
    "Looking for part-time staff, good pay, contact on Signal",
]


def peak_rss_mib() -> float:
    """Peak RSS of this process in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


def write_jsonl(path: Path, lines: int) -> None:
    with path.open("wb") as out:
        for i in range(lines):
            if i % 1000 == 999:
                out.write(b'{"id": "broken", "text": \n')
                continue
            record = {
                "id": i,
                "text": SAMPLES[i % len(SAMPLES)],
                "platform": "X",
                "author": f"user{i % 977}",
                "created_at": "2024-05-01T12:00:00Z",
                "likes": i % 50,
            }
            out.write(orjson.dumps(record) + b"\n")


def write_csv(path: Path, lines: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "text", "platform", "author", "created_at", "likes"])
        for i in range(lines):
            writer.writerow(
                [
                    i,
                    SAMPLES[i % len(SAMPLES)],
                    "X",
                    f"user{i % 977}",
                    "2024-05-01T12:00:00Z",
                    i % 50,
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--csv", action="store_true", help="benchmark the CSV reader instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("bench.csv" if args.csv else "bench.jsonl")
        (write_csv if args.csv else write_jsonl)(path, args.lines)
        size_mib = path.stat().st_size / 2**20
        rss_before = peak_rss_mib()
        summary = Summary()
        start = time.perf_counter()
        for _ in summary.track(read_items([str(path)])):
            pass
        elapsed = time.perf_counter() - start
    rate = args.lines / elapsed
    print(f"file: {args.lines:,} lines, {size_mib:.1f} MiB ({'CSV' if args.csv else 'JSONL'})")
    print(f"read: {elapsed:.2f} s, {rate:,.0f} lines/s; {summary.line()}")
    print(f"peak RSS: {peak_rss_mib():.1f} MiB (before reading: {rss_before:.1f} MiB)")


if __name__ == "__main__":
    main()
