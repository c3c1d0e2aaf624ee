"""Render time of the hotline's queue and item pages with many cases stored.

    .venv/bin/python benchmarks/bench_web.py                       # 100,000 cases, SQLite
    .venv/bin/python benchmarks/bench_web.py --db postgresql+psycopg://…/db   # an EMPTY database

Stores ``--items`` flagged posts (each with evidence and contact points, a
share of them sharing a phone number), opens a case for each, logs in and times
page requests in-process (FastAPI's test client: routing, database, template;
no network): the first queue page, a deep page, a filtered page, and item
pages. Prints the median and 95th percentile per page.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from run import machine

from cyberpatrol.cases import Hotline
from cyberpatrol.model import CRIME_RECRUITMENT, Evidence, Finding, Indicator, Item, Result
from cyberpatrol.web import create_app

PASSWORD = "benchmark password 2026"
TEXT = "【即日即金】ホワイト案件！受け子できる人募集。日給{n}万円、詳細はテレグラム @white_{k} まで"
PLATFORMS = ("x", "instagram", "tiktok", "threads", "jmty")


def make(i: int, rng: random.Random, start: datetime) -> Result:
    text = TEXT.format(n=rng.randint(1, 9), k=i % 5000)
    evidence = (
        Evidence(1, 5, text[1:5], "即日払いの誘い", "pay.same_day", 1.1),
        Evidence(13, 16, text[13:16], "役割: 受け子", "role.ukeko", 1.5),
        Evidence(17, 22, text[17:22], "学習モデルが重視した表現", "model.ngrams", 0.8),
    )
    handle = f"white_{i % 5000}"
    at = text.index("@")
    return Result(
        item=Item(
            id=f"b{i}",
            text=text,
            platform=PLATFORMS[i % len(PLATFORMS)],
            author=f"user{i}",
            url=f"https://example.org/p/{i}",
            created_at=start + timedelta(seconds=i * 30),
        ),
        flagged=True,
        score=round(rng.uniform(0.7, 1.0), 4),
        category=CRIME_RECRUITMENT,
        findings=(Finding("recruitment.model", "bench", CRIME_RECRUITMENT, 0.9, evidence),),
        indicators=(Indicator("telegram", handle, at, at + len(handle) + 1, "@" + handle),),
    )


def populate(hotline: Hotline, items: int) -> float:
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    t0 = time.perf_counter()
    batch: list[Result] = []
    for i in range(items):
        batch.append(make(i, rng, start))
        if len(batch) == 2000:
            hotline.store.save(batch)
            batch.clear()
    if batch:
        hotline.store.save(batch)
    hotline.enqueue_flagged()
    return time.perf_counter() - t0


def timed(client: TestClient, paths: list[str]) -> tuple[float, float]:
    for p in paths[:3]:
        assert client.get(p).status_code == 200, p  # warm up
    ms = []
    for p in paths:
        t0 = time.perf_counter()
        r = client.get(p)
        ms.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (p, r.status_code)
    ms.sort()
    return statistics.median(ms), ms[int(len(ms) * 0.95) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--db", default=None, help="database URL (default: a new SQLite file)")
    ap.add_argument("--requests", type=int, default=40)
    args = ap.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'web.db'}"
        with Hotline.open(url) as hotline:
            hotline.create_user("bench", PASSWORD, role_name="analyst")
            took = populate(hotline, args.items)
            print(
                f"stored {args.items:,} posts and cases in {took:.0f} s ({hotline.store.dialect})"
            )
            with TestClient(create_app(hotline, secure_cookies=False)) as client:
                token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
                assert token
                client.post(
                    "/login",
                    data={"username": "bench", "password": PASSWORD, "csrf_token": token[1]},
                )
                rng = random.Random(1)
                last_page = max(1, args.items // 50)
                pages = {
                    "queue, first page": ["/queue"] * args.requests,
                    "queue, deep page": [
                        f"/queue?page={rng.randint(last_page // 2, last_page)}"
                        for _ in range(args.requests)
                    ],
                    "queue, filtered (platform)": ["/queue?platform=tiktok"] * args.requests,
                    "item page": [
                        f"/cases/{rng.randint(1, args.items)}" for _ in range(args.requests)
                    ],
                }
                for name, paths in pages.items():
                    median, p95 = timed(client, paths)
                    print(f"{name:28} median {median:6.1f} ms   p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
