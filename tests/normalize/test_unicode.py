from __future__ import annotations

import pytest

from cyberpatrol.normalize.unicode import CasefoldStep, NfkcStep, WidthStep

from .helpers import check_row


@pytest.mark.parametrize(
    ("text", "expected", "term", "original"),
    [
        ("ｈｔｔｐ://ｘ", "http://x", "http", "ｈｔｔｐ"),
        ("０９０", "090", "090", "０９０"),
        ("ﾔﾐﾊﾞｲﾄ", "ヤミバイト", "バイト", "ﾊﾞｲﾄ"),
        ("①⓪万", "10万", "10", "①⓪"),
        ("㍻", "平成", "平成", "㍻"),
        ("即\u3000金", "即 金", " ", "\u3000"),
        ("cafe\u0301", "café", "é", "e\u0301"),
        ("ＤＭ！", "DM!", "DM!", "ＤＭ！"),
        # negatives
        ("闇バイト募集中", "闇バイト募集中", "", ""),
        ("ascii only", "ascii only", "", ""),
    ],
)
def test_nfkc(text: str, expected: str, term: str, original: str) -> None:
    check_row(NfkcStep(), text, expected, term, original)


@pytest.mark.parametrize(
    ("text", "expected", "term", "original"),
    [
        ("090ー0000ー1234", "090-0000-1234", "090-0000-1234", "090ー0000ー1234"),
        ("080−1234—5678", "080-1234-5678", "-1234-", "−1234—"),
        ("1日5万〜", "1日5万~", "~", "〜"),
        ("3∼5", "3~5", "3~5", "3∼5"),
        # negatives: long vowel in words, ideographic punctuation
        ("ホワイト。バイト、", "ホワイト。バイト、", "", ""),
        ("ライン-id", "ライン-id", "", ""),
    ],
)
def test_width(text: str, expected: str, term: str, original: str) -> None:
    check_row(WidthStep(), text, expected, term, original)


@pytest.mark.parametrize(
    ("text", "expected", "term", "original"),
    [
        ("LINE", "line", "line", "LINE"),
        ("DMください", "dmください", "dm", "DM"),
        ("ΤΕΛΕ", "τελε", "τελε", "ΤΕΛΕ"),
        ("Telegram ID", "telegram id", "telegram id", "Telegram ID"),
        # negatives
        ("line", "line", "", ""),
        ("闇バイト", "闇バイト", "", ""),
    ],
)
def test_casefold(text: str, expected: str, term: str, original: str) -> None:
    check_row(CasefoldStep(), text, expected, term, original)
