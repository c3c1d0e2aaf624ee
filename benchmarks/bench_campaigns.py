"""Benchmark campaign grouping: N posts at once, then 10,000 more incrementally.

Run: ``.venv/bin/python benchmarks/bench_campaigns.py --posts 1000000`` (in memory), or
``… --posts 100000 --store sqlite:////tmp/bench.db`` (the store path: stored posts grouped by
``update_campaigns``, then 10,000 more stored and grouped incrementally).

Posts are generated on the fly (seeded, streamed: the input is never held in
memory): operations that post reworded variants of their own template from
several accounts with their own contact points, look-alike operations that copy
another's template with other contacts, and singletons (with or without a
contact point). Each post carries its contact points as canonical indicators, as
the engine would hand them over; the timed part is the grouper's own work —
normalising the text, MinHash, LSH, the unions — reported with the process's
peak resident memory. Prints one JSON object; the numbers go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import machine

from cyberpatrol.linking import CampaignGrouper, PostRef
from cyberpatrol.model import Indicator, Item, Result
from cyberpatrol.store import Store

ROLES = [
    "受け子",
    "出し子",
    "UD",
    "荷物受け取り",
    "口座買取",
    "送迎ドライバー",
    "書類運び",
    "タタキ",
]
TOWNS = ["都内", "横浜", "大阪", "名古屋", "福岡", "札幌", "埼玉", "千葉", "神戸", "京都"]
PHRASES = [
    "即日即金",
    "ホワイト案件",
    "誰でもできる簡単作業",
    "秘密厳守",
    "交通費支給",
    "身分証の写真だけで登録",
    "面接なし",
    "未経験OK",
    "今日動ける人",
    "リスクなし",
    "スマホ1台でOK",
    "当日手渡し",
]
CHAT = [
    "今日のランチはラーメン🍜",
    "雨すごいね☔ 電車が遅れてる",
    "週末のサッカー、勝ちました⚽",
    "新しいカフェ見つけた☕ ケーキが美味しい",
    "明日の会議の資料まとめ中",
]
T0 = datetime(2026, 9, 1, tzinfo=UTC)


def _template(rng: random.Random) -> list[str]:
    picked = rng.sample(PHRASES, 5)
    return [
        f"【{rng.choice(['急募', '募集', '高収入'])}】{rng.choice(ROLES)}",
        f"{rng.choice(TOWNS)}で日給{rng.randint(2, 15)}万",
        *picked,
        f"{rng.choice(['詳細は', '連絡は', '応募は'])}下記まで",
    ]


def _variant(lines: list[str], rng: random.Random) -> str:
    kept = [x for x in lines if rng.random() > 0.15]
    rng.shuffle(kept)
    return rng.choice(["、", "。", " ", "\n", "！"]).join(kept)


def posts(n: int, seed: int = 11, offset: int = 0) -> Iterator[PostRef]:
    """``n`` posts: 60 % from operations (about 25 posts each), 40 % singletons."""
    rng = random.Random(seed)
    made = 0
    op = 0
    while made < n:
        if rng.random() < 0.6:
            op += 1
            size = max(2, int(rng.expovariate(1 / 25)))
            lines = _template(rng)
            accounts = [f"x:op{seed}_{op}_{a}" for a in range(rng.randint(2, 10))]
            contacts = [
                ("telegram", f"op{seed}_{op}_tg"),
                ("phone", f"+8190{op + seed * 10**7:08d}"),
            ]
            start = T0 + timedelta(minutes=rng.randint(0, 90 * 24 * 60))
            for k in range(min(size, n - made)):
                shown = tuple(c for c in contacts if rng.random() < 0.6)
                yield PostRef(
                    f"p{offset + made}",
                    _variant(lines, rng),
                    rng.choice(accounts),
                    start + timedelta(hours=k * rng.randint(1, 12)),
                    shown,
                )
                made += 1
        else:
            chatty = rng.random() < 0.5
            text = rng.choice(CHAT) + f" {made}" if chatty else _variant(_template(rng), rng)
            contact = () if chatty or rng.random() < 0.5 else (("line", f"solo{seed}_{made}"),)
            yield PostRef(
                f"p{offset + made}",
                text,
                f"x:solo{seed}_{made}",
                T0 + timedelta(minutes=made),
                contact,
            )
            made += 1


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _results(refs: Iterator[PostRef]) -> Iterator[Result]:
    for p in refs:
        item = Item(
            p.key, p.text, "x", (p.author or "x:").split(":", 1)[1], created_at=p.created_at
        )
        yield Result(
            item,
            True,
            0.99,
            "crime_recruitment",
            (),
            tuple(Indicator(t, v, 0, len(v), v) for t, v in p.indicators),
        )


def _save(store: Store, refs: Iterator[PostRef]) -> None:
    batch: list[Result] = []
    for r in _results(refs):
        batch.append(r)
        if len(batch) >= 5000:
            store.save(batch)
            batch = []
    if batch:
        store.save(batch)


def bench_store(url: str, n: int, more: int) -> None:
    """The store path: group ``n`` stored posts, then ``more`` new ones incrementally."""
    from cyberpatrol.linking.persist import update_campaigns

    with Store.open(url) as store:
        _save(store, posts(n))
        started = time.perf_counter()
        first = update_campaigns(store)
        first_s = time.perf_counter() - started
        _save(store, posts(more, seed=12, offset=n))
        started = time.perf_counter()
        second = update_campaigns(store)
        second_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "machine": machine(),
                "store": url.split(":", 1)[0],
                "posts": n,
                "group_s": round(first_s, 1),
                "campaigns": first.campaigns,
                "incremental_posts": more,
                "incremental_s": round(second_s, 1),
                "restored": second.restored,
                "changed_campaigns": len(second.changed),
                "peak_rss_mb": round(peak_mb()),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--more", type=int, default=10_000)
    parser.add_argument("--store", help="Database URL: time the store path instead.")
    args = parser.parse_args()
    if args.store:
        bench_store(args.store, args.posts, args.more)
        return
    grouper = CampaignGrouper()
    base_mb = peak_mb()
    started = time.perf_counter()
    done = 0
    stream = posts(args.posts)
    while done < args.posts:
        batch = [p for _, p in zip(range(grouper.rules.batch_size), stream, strict=False)]
        if not batch:
            break
        grouper.add_batch(batch)
        done += len(batch)
        if done % 100_000 < len(batch):
            print(
                f"{done:,} posts, {time.perf_counter() - started:.0f} s, {peak_mb():.0f} MB",
                file=sys.stderr,
            )
    elapsed = time.perf_counter() - started
    campaigns = sum(1 for _ in grouper.campaigns())
    peak_after_batch = peak_mb()
    started = time.perf_counter()
    grouper.add_batch(list(posts(args.more, seed=12, offset=args.posts)))
    more_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "machine": machine(),
                "posts": args.posts,
                "group_s": round(elapsed, 1),
                "posts_per_s": round(args.posts / elapsed),
                "campaigns": campaigns,
                "peak_rss_mb": round(peak_after_batch),
                "rss_before_mb": round(base_mb),
                "index_mb": round(grouper.nbytes() / 2**20),
                "incremental_posts": args.more,
                "incremental_s": round(more_s, 2),
                "incremental_posts_per_s": round(args.more / more_s),
                "peak_rss_after_incremental_mb": round(peak_mb()),
            }
        )
    )


if __name__ == "__main__":
    main()
