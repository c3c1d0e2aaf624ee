"""Counting characters each platform's way."""

from __future__ import annotations

import pytest

from cyberpatrol.actions import load_platforms
from cyberpatrol.actions._counting import codepoints, count, graphemes, utf8_emoji, utf16

PLATFORMS = load_platforms()
X = PLATFORMS["x"]
MASTODON = PLATFORMS["mastodon"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" * 280, 280),
        ("あ" * 140, 280),  # kanji and kana weigh 2: 140 full-width characters fill a post
        ("警" * 141, 282),
        ("ｱ", 2),  # half-width katakana is outside the light ranges too
        ("é", 1),
        ("e\u0301", 1),  # NFC-normalised first: one é
        ("“quoted” — dash…", 17),  # quotes and dash (U+2010–U+201F) weigh 1, … (U+2026) 2
        ("https://example.org/a/very/long/path/that/goes/on/and/on", 23),
        ("詳しくは https://example.org/x", 2 * 4 + 1 + 23),
        ("http://a.jp", 23),  # a short link still counts 23
        ("example.org", 23),  # a bare domain may be linked: the larger count
        ("evil[.]example[.]org/abc/def/ghi", 32),
    ],
)
def test_x_counts_the_twitter_text_way(text: str, expected: int) -> None:
    assert X.count(text) == expected


def test_x_limit_is_140_full_width_characters() -> None:
    assert X.reply_limit == 280
    assert X.count("闇" * 140) <= X.reply_limit < X.count("闇" * 141)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("あいう", 3),
        ("か\u3099", 1),  # combining voiced sound mark
        ("👍🏽", 1),  # emoji with skin-tone modifier
        ("❤️", 1),  # with variation selector 16
        ("👨‍👩‍👧", 3),  # ZWJ sequence: over-counted (never under)
        ("\n\u0301", 2),  # a mark after a line break starts a cluster of its own
        ("https://example.org/" + "x" * 100, 23),
    ],
)
def test_mastodon_counts_graphemes_and_links_as_23(text: str, expected: int) -> None:
    assert MASTODON.count(text) == expected


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (codepoints, "あ👍", 2),
        (utf16, "あ👍", 3),
        (utf16, "𠮷野家", 4),  # a kanji outside the BMP is two UTF-16 units
        (utf8_emoji, "あ👍", 5),  # Threads: an emoji counts its UTF-8 bytes
        (utf8_emoji, "闇バイト", 4),
        (graphemes, "", 0),
    ],
)
def test_counting_methods(function: object, text: str, expected: int) -> None:
    assert callable(function)
    assert function(text) == expected


def test_graphemes_never_count_fewer_than_code_points_minus_marks() -> None:
    text = "ホワイト案件👍🏽 即日即金"
    assert graphemes(text) == codepoints(text) - 1


def test_twitter_method_needs_weights() -> None:
    with pytest.raises(ValueError, match="weights"):
        count("x", "twitter")
