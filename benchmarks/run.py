"""One command for the scan benchmark: posts/s and peak memory of `scan --no-store`.

    .venv/bin/python benchmarks/run.py                # 1,000,000 posts (and 100,000 for the memory check)
    .venv/bin/python benchmarks/run.py --posts 200000

The scan runs in a child process pinned to one core (taskset when available);
its peak resident memory is read from the kernel (ru_maxrss). It is run on two
file sizes so that memory can be seen not to grow with the input. Each scan is
repeated (``--repeat``, default 3) and the median and best rates are printed:
on a shared virtual machine one run can be 20 % off another.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def run_scan(path: Path, posts: int) -> dict[str, float]:
    exe = Path(sys.executable).with_name("cyberpatrol")
    cmd = [str(exe), "scan", "--no-store", str(path)]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as sink, tempfile.TemporaryFile() as errs:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=errs)
        # wait4 gives this child's own resource usage (taskset execs in place).
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - t0
        if proc.returncode != 0:
            errs.seek(0)
            raise SystemExit(f"scan failed: {errs.read().decode(errors='replace')[-2000:]}")
    return {
        "posts": posts,
        "seconds": elapsed,
        "posts_per_s": posts / elapsed,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
    }


def repeated(path: Path, posts: int, times: int) -> dict[str, float]:
    """``run_scan`` ``times`` times: median and best rate, largest peak memory."""
    runs = [run_scan(path, posts) for _ in range(times)]
    rates = sorted(r["posts_per_s"] for r in runs)
    return {
        "posts": posts,
        "median": statistics.median(rates),
        "best": rates[-1],
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
    }


def replay_examples(path: Path, posts: int) -> None:
    """Write ``posts`` posts by cycling through examples/posts.jsonl (longer, disguise-heavy)."""
    source = Path(__file__).parent.parent / "examples" / "posts.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(posts):
            record = json.loads(lines[i % len(lines)])
            record["id"] = f"replay-{i}"
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--small", type=int, default=100_000, help="size of the memory comparison run")
    ap.add_argument("--replay", type=int, default=50_000, help="posts replayed from examples/")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each scan (median and best)")
    args = ap.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted({args.small, args.posts}):
            path = Path(tmp) / f"posts-{n}.jsonl"
            generate(path, n)
            size = path.stat().st_size / 2**20
            r = repeated(path, n, args.repeat)
            print(
                f"scan --no-store  {n:>9,} posts ({size:,.0f} MiB): {r['median']:>8,.0f} posts/s"
                f" median of {args.repeat} (best {r['best']:,.0f}), wall {r['seconds']:.1f} s,"
                f" cpu {r['cpu_s']:.1f} s, peak RSS {r['peak_rss_mb']:.0f} MB",
                flush=True,
            )
            path.unlink()
        if args.replay:
            path = Path(tmp) / "replay.jsonl"
            replay_examples(path, args.replay)
            r = repeated(path, args.replay, args.repeat)
            print(
                f"scan --no-store  {args.replay:>9,} posts replayed from examples/: "
                f"{r['median']:>8,.0f} posts/s median of {args.repeat} (best {r['best']:,.0f}),"
                f" peak RSS {r['peak_rss_mb']:.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
