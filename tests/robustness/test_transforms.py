"""Every disguise transform does what its name says, and only to the key spans."""

from __future__ import annotations

import random

import pytest

from cyberpatrol.robustness.transforms import (
    TRANSFORMS,
    fallback_spans,
    kanji_number,
    key_spans,
    merge_spans,
)

POST = "受け子募集！日給5万円、テレグラムでDM。ホワイト案件です ATM 1件10万"
KEYS = [(0, 3), (21, 27)]  # 受け子, ホワイト案件


def apply(name: str, text: str = POST, spans: list[tuple[int, int]] = KEYS) -> str:
    return TRANSFORMS[name].apply(text, spans, random.Random(0))


def test_every_transform_changes_a_typical_post() -> None:
    for name in TRANSFORMS:
        assert apply(name) != POST, name


@pytest.mark.parametrize(("name", "seps"), [("spaces", " 　"), ("line_breaks", "\n")])
def test_separators_go_between_the_characters_of_key_words(name: str, seps: str) -> None:
    out = apply(name)
    head = out[: out.index("募集")]
    assert [c for c in head if c not in seps] == list("受け子")
    assert len(head) == 5


def test_symbols_between_characters() -> None:
    out = apply("symbols")
    assert out.startswith("受") and out[2] == "け" and out[1] == out[3]
    assert out[1] in "・./*_｜-"


def test_halfwidth_kana_changes_katakana_only() -> None:
    out = apply("halfwidth_kana")
    assert "ﾃﾚｸﾞﾗﾑ" in out and "ﾎﾜｲﾄ" in out
    assert "受け子" in out and "DM" in out


def test_hiragana_for_katakana() -> None:
    out = apply("hiragana_for_katakana")
    assert "てれぐらむ" in out and "ほわいと" in out


def test_hiragana_for_kanji_words_rewrites_key_words() -> None:
    out = apply("hiragana_for_kanji")
    assert out.startswith("うけこ募集")


def test_fullwidth_latin() -> None:
    out = apply("fullwidth_latin")
    assert "ＤＭ" in out and "ＡＴＭ" in out and "５万" in out


def test_lookalike_uses_other_code_points_that_look_the_same() -> None:
    out = apply("lookalike", "テレグラムのID", [(0, 5)])
    assert out != "テレグラムのID"
    assert out == "テレグラ厶のID"  # ム → 厶 (U+53B6)


def test_emoji_for_words() -> None:
    out = apply("emoji")
    assert "💴" in out and "📩" in out and "🏧" in out


def test_romaji_for_key_words() -> None:
    out = apply("romaji")
    assert out.startswith("uke ko")


@pytest.mark.parametrize(
    ("text", "kanji", "k"),
    [
        ("日給5万円", "日給五万円", "日給50k"),
        ("1件10万", "1件十万", "1件100k"),
        ("報酬30,000円", "報酬三万円", "報酬30k"),
        ("時給1200円", "時給千二百円", "時給1200円"),
        ("3.5万", "三万五千", "35k"),
    ],
)
def test_amounts_in_kanji_or_k(text: str, kanji: str, k: str) -> None:
    assert apply("kanji_amounts", text, []) == kanji
    assert apply("k_amounts", text, []) == k


def test_kanji_numbers() -> None:
    assert [kanji_number(n) for n in (1, 10, 15, 1000, 50000, 120000, 100_000_000)] == [
        "一",
        "十",
        "十五",
        "千",
        "五万",
        "十二万",
        "一億",
    ]


def test_transforms_are_deterministic_for_a_seed() -> None:
    for name, t in TRANSFORMS.items():
        a = t.apply(POST, KEYS, random.Random(5))
        b = t.apply(POST, KEYS, random.Random(5))
        assert a == b, name


def test_key_spans_skip_pure_amounts_and_fall_back_to_runs() -> None:
    text = "日給50000円 受け子"
    assert key_spans([(2, 8), (9, 12)], text) == [(9, 12)]
    assert key_spans([], "今日はカレーを食べた") == fallback_spans("今日はカレーを食べた")
    assert merge_spans([(5, 8), (0, 3), (2, 4)]) == [(0, 4), (5, 8)]
