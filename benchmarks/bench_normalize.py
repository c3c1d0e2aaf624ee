"""Micro-benchmark of the default normalisation pipeline (not a test).

Run: ``.venv/bin/python benchmarks/bench_normalize.py [N]``. Prints µs/post for
about 10,000 generated posts (~150 characters each), mixing ordinary posts
with disguised recruitment posts.
"""

from __future__ import annotations

import random
import sys
import time

from cyberpatrol.normalize import default_pipeline

_PLAIN = [
    "今日はカフェでのんびりしてました。新作のケーキがとても美味しかったです！",
    "週末は友達と一緒に映画を見に行く予定です。楽しみ〜",
    "新しいスマホを買いました📱 カメラの性能がすごい。",
    "【お知らせ】明日10時から店舗の営業時間が変わります。ご注意ください。",
    "駅前の桜が満開でした🌸 写真をたくさん撮ったのでまた載せます。",
    "仕事終わりにジムへ。最近は週3回通っています💪",
    "RT @news: 東京都で新たな取り組みが始まりました https://example.com/a/123",
    "ライブ最高だった！！また行きたい #ライブ #音楽",
]
_DISGUISED = [
    "【高収入】闇 バ イ ト じゃないよ！⚪️案件です。日給十万も可能 詳細はDMで",
    "ﾎﾜｲﾄ案件✈️ 即日即金💰 1日で5万〜 テレク゛ラムで連絡ください",
    "受.け.子 募集中 簡単なお仕事です。報酬100k 秘密厳守 LINE→ abc_123",
    "即　日　即　金！！ 荷物を受け取るだけ 🔰初心者歓迎 連絡先 ０９０ー１２３４ー５６７８",
    "やみばいと じゃない ホ ワ イ ト 案 件 です 🏦口座 貸すだけで ①⓪万",
    "telegrаm: @white_j0b 高額報酬 三十五万 保証 運び のお仕事",
    "ウケ\u200bコ 出し子 募集 1.5万〜 日払い OK 詳しくは t.me/example まで",
]


def make_posts(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    posts = []
    for _ in range(n):
        parts: list[str] = []
        pool = _DISGUISED if rnd.random() < 0.3 else _PLAIN
        while sum(map(len, parts)) < 130:
            parts.append(rnd.choice(pool))
        posts.append(" ".join(parts)[: 150 + rnd.randrange(20)])
    return posts


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    posts = make_posts(n)
    pipe = default_pipeline()
    for p in posts[:200]:  # warm-up (lazy tables)
        pipe.run(p)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for p in posts:
            pipe.run(p)
        best = min(best, time.perf_counter() - t0)
    avg_len = sum(map(len, posts)) / len(posts)
    print(f"{n} posts, {avg_len:.0f} chars avg: {best / n * 1e6:.1f} µs/post (best of 3)")
    per_step = {s.id: 0.0 for s in pipe.steps}
    texts = posts
    for s in pipe.steps:
        t0 = time.perf_counter()
        texts = [s.apply(t).text for t in texts]
        per_step[s.id] = (time.perf_counter() - t0) / n * 1e6
    print("  per step (µs/post): " + ", ".join(f"{k} {v:.1f}" for k, v in per_step.items()))


if __name__ == "__main__":
    main()
