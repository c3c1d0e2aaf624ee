"""Each cleaning step on its own (post texts are hostile input)."""

from __future__ import annotations

import pytest

from cyberpatrol.actions._text import (
    ELLIPSIS,
    cap,
    defang,
    excerpt,
    multi_line,
    one_line,
    strip_bidi,
    strip_controls,
)

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.mark.parametrize(
    ("text", "expected", "removed"),
    [
        ("普通の文", "普通の文", 0),
        ("moc.live\u202eexe.txt", "moc.liveexe.txt", 1),
        (f"a{BIDI}b", "ab", len(BIDI)),
        ("\u2066CP-2026-000123\u2069", "CP-2026-000123", 2),
    ],
)
def test_strip_bidi(text: str, expected: str, removed: int) -> None:
    assert strip_bidi(text) == (expected, removed)


@pytest.mark.parametrize(
    ("text", "expected", "removed"),
    [
        ("a\tb\nc", "a\tb\nc", 0),  # tab and newline stay
        ("a\x00b\x07c\x1bd\x7fe", "abcde", 4),
        ("a\x85b\x9fc", "abc", 2),
        ("a\rb", "ab", 1),
    ],
)
def test_strip_controls(text: str, expected: str, removed: int) -> None:
    assert strip_controls(text) == (expected, removed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("犯罪実行者募集情報", "犯罪実行者募集情報"),
        ("X\r\nBcc: victim@example.org", "X Bcc: victim@example.org"),
        ("a\rb\nc\u2028d\u2029e\x0bf\x0cg\x85h", "a b c d e f g h"),
        ("  many   spaces\t\tand tabs  ", "many spaces and tabs"),
        ("\u202eevil\x00", "evil"),
    ],
)
def test_one_line_never_holds_a_line_break(text: str, expected: str) -> None:
    cleaned = one_line(text).text
    assert cleaned == expected
    assert "\r" not in cleaned and "\n" not in cleaned


def test_multi_line_unifies_breaks_and_drops_blank_runs() -> None:
    cleaned = multi_line("一行目\r\n二行目\r三行目\u2028四行目   \n\n\n\n\n五行目\x00")
    assert cleaned.text == "一行目\n二行目\n三行目\n四行目\n\n五行目"
    assert cleaned.controls_removed == 1


def test_multi_line_is_linear_on_a_long_run_of_spaces() -> None:
    # A regex such as "[ \t]+\n" would take quadratic time here.
    assert multi_line(" " * 1_000_000 + "x").text == "x"


@pytest.mark.parametrize(
    ("text", "limit", "expected", "cut"),
    [
        ("短い", 10, "短い", False),
        ("あいうえおかきくけこ", 5, "あいうえお" + ELLIPSIS, True),
        # A combining voiced sound mark stays with its kana.
        ("かか\u3099か", 3, "かか\u3099" + ELLIPSIS, True),
        ("かか\u3099か", 2, "か" + ELLIPSIS, True),
        # A cut inside a link steps back to its start rather than leave a shorter link.
        ("詳細は https://example.org/abcdef", 20, "詳細は" + ELLIPSIS, True),
    ],
)
def test_cap(text: str, limit: int, expected: str, cut: bool) -> None:
    assert cap(text, limit) == (expected, cut)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://evil.example.com/a.b?x=1", "hxxps://evil[.]example[.]com/a.b?x=1"),
        ("HTTP://Evil.Example.com", "HxxP://Evil[.]Example[.]com"),
        ("詳細はhttp://evil.jp/です", "詳細はhxxp://evil[.]jp/です"),
        ("www.evil.jp まで", "www[.]evil[.]jp まで"),
        ("line.me/ti/p/abc", "line[.]me/ti/p/abc"),
        ("連絡 boss@evil.example.com へ", "連絡 boss[@]evil[.]example[.]com へ"),
        ("https://a.example/?u=http://b.example", "hxxps://a[.]example/?u=hxxp://b.example"),
        ("ホワイト案件 即日即金", "ホワイト案件 即日即金"),
        ("日給10.5万", "日給10.5万"),
    ],
)
def test_defang(text: str, expected: str) -> None:
    assert defang(text) == expected


@pytest.mark.parametrize(
    "text", ["https://evil.example.com/a", "boss@evil.example.com", "evil.example.com/x"]
)
def test_defang_is_idempotent(text: str) -> None:
    once = defang(text)
    assert defang(once) == once


def test_excerpt_cleans_caps_and_defangs() -> None:
    text = "即日即金\u202e https://evil.example.com/x\x00 " + "あ" * 500
    cleaned = excerpt(text, 50)
    assert cleaned.truncated and cleaned.bidi_removed == 1 and cleaned.controls_removed == 1
    assert cleaned.text.startswith("即日即金 hxxps://evil[.]example[.]com/x あ")
    assert cleaned.text.endswith(ELLIPSIS)
    assert len(cleaned.text) <= 50 + len(ELLIPSIS) + 4  # "[.]" adds two characters per dot


def test_excerpt_of_a_megabyte_is_cut_early() -> None:
    cleaned = excerpt("闇バイト" * 250_000, 200)
    assert cleaned.truncated
    assert len(cleaned.text) == 200 + len(ELLIPSIS)
