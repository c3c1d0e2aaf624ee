"""Generate a large JSONL file of synthetic Japanese posts for benchmarks.

Deterministic (seeded); streamed to disk, so any size can be written.
Roughly a third of the posts carry recruitment signals, a third are hard
negatives and a third everyday chatter; a quarter mention a contact point.

    python benchmarks/generate.py OUT.jsonl --posts 1000000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import orjson

RECRUIT = [
    "【急募】ホワイト案件 即日即金 日給{n}万 誰でもできる簡単作業です",
    "荷物の受け取りだけで1回{n}万円 リスクなし 秘密厳守 詳細はDMで",
    "闇 バ イ ト じゃないです✋ 💰高収入💰 ⚪️案件 {n}0k 即払い",
    "ｳｹｺ募集 交通費支給 日当{n}万 身分証の写真送れる人だけ",
    "口座買取します 1口座{n}万 即日振込 名義貸しもOK",
    "海外で簡単作業 渡航費負担 パスポートだけでOK 月収{n}00万可能",
    "UD 運び 荷受け 手伝える人 日給十万 捕まらない",
]
NEGATIVE = [
    "株式会社サンプル運輸 ドライバー募集 時給1,{n}00円 東京都港区 勤務時間9時〜18時 社会保険完備",
    "受け子の男({n}0)を逮捕 特殊詐欺の現金受け取り役と供述 警察によると",
    "【注意】SNSの「ホワイト案件」「即日即金」は闇バイトです。迷ったら#9110に相談を",
    "明日の会議の叩き台、{n}ページにまとめました。確認お願いします",
    "フリーランス向けの高額案件が増えてますね。単価{n}0万のWeb制作とか",
]
CHAT = [
    "今日のランチはラーメン🍜 {n}杯目です",
    "雨すごいね☔ 電車{n}分遅れてる",
    "週末のサッカー、{n}対1で勝ちました⚽",
    "新しいカフェ見つけた☕ ケーキが美味しい",
]
CONTACTS = [
    " テレグラム @kasegu_{n}{n}7",
    " 連絡はこちら→ t.me/white_job_{n}",
    " 090-0000-{n}{n}34",
    " LINE ID: easy_money{n}",
    " signal: kasegi.{n}7",
]
PLATFORMS = ["x", "instagram", "threads", "tiktok", "5ch", "jimoty"]


def generate(path: Path, posts: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    pools = (RECRUIT, NEGATIVE, CHAT)
    with path.open("wb") as fh:
        for i in range(posts):
            n = rng.randint(1, 9)
            text = rng.choice(rng.choice(pools)).format(n=n)
            if rng.random() < 0.25:
                text += rng.choice(CONTACTS).format(n=n)
            record = {
                "id": f"bench-{i}",
                "platform": rng.choice(PLATFORMS),
                "author": f"user{rng.randint(1, 50_000)}",
                "created_at": f"2026-11-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00+09:00",
                "text": text,
            }
            fh.write(orjson.dumps(record) + b"\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    generate(args.out, args.posts, args.seed)


if __name__ == "__main__":
    main()
