"""Benchmark indicator extraction: µs per post over 10k generated Japanese posts.

Run: ``.venv/bin/python benchmarks/bench_indicators.py``. Posts mix plain text
(no digits, no @, no dots), ordinary posts with prices/dates, and posts with
contact points. Extraction runs on an identity view (no normalisation cost).
"""

from __future__ import annotations

import random
import time

from cyberpatrol.indicators import find_all

PLAIN = [
    "今日はいい天気ですね",
    "週末に友達とカフェに行きました",
    "新作のゲームが楽しみです",
    "猫がかわいすぎて仕事にならない",
    "明日も頑張りましょう",
]
ORDINARY = [
    "日給50000円以上、2024-11-22から。",
    "〒100-0001 東京都千代田区。営業時間は9:00〜18:00です。",
    "ver.2にアップデートしました。",
    "セール価格3,980円！残りわずか。",
]
CONTACT = [
    "高収入バイト💰即日払い 詳細はLINE→kasegu777",
    "ホワイト案件 テレグラム：@yami_job01 まで",
    "連絡先 090-1234-5678 お気軽に",
    "詳しくは hxxps://example[.]com/apply 👈",
    "メール job[at]example[.]com へ",
    "https://t.me/kasegu_777 で募集中。日給10万。",
]


def make_posts(n: int, seed: int = 7) -> list[str]:
    """``n`` posts: 40% plain, 30% ordinary, 30% with a contact point."""
    rng = random.Random(seed)
    posts = []
    for _ in range(n):
        r = rng.random()
        pool = PLAIN if r < 0.4 else ORDINARY if r < 0.7 else CONTACT
        posts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 4))))
    return posts


def bench(posts: list[str], rounds: int = 3) -> float:
    """Best-of-``rounds`` µs per post."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for p in posts:
            find_all(p)
        best = min(best, time.perf_counter() - t0)
    return best / len(posts) * 1e6


def main() -> None:
    posts = make_posts(10_000)
    plain = ["".join(random.Random(i).choices(PLAIN, k=3)) for i in range(10_000)]
    print(f"mixed posts : {bench(posts):7.2f} µs/post  (n={len(posts)})")
    print(f"plain posts : {bench(plain):7.2f} µs/post  (no digits, @ or dots)")


if __name__ == "__main__":
    main()
