from __future__ import annotations

import pytest

from cyberpatrol.normalize.kana import KanaStep, VoicingStep

from .helpers import check_row

VOICING = VoicingStep()
KANA = KanaStep()


@pytest.mark.parametrize(
    ("text", "expected", "term", "original"),
    [
        ("テレク゛ラム", "テレグラム", "テレグラム", "テレク゛ラム"),
        ("ハ\u3099イト", "バイト", "バ", "ハ\u3099"),
        ("ハ゜ーティー", "パーティー", "パ", "ハ゜"),
        ("ハ\u309aス", "パス", "パス", "ハ\u309aス"),
        ("は゛いと", "ばいと", "ばいと", "は゛いと"),
        ("ウ゛ィトン", "ヴィトン", "ヴ", "ウ゛"),
        ("ホワイトハﾞイト", "ホワイトバイト", "バイト", "ハﾞイト"),
        # negatives: marks that cannot compose, no marks
        ("ア゛ー", "ア゛ー", "", ""),
        ("闇バイト", "闇バイト", "", ""),
    ],
)
def test_voicing(text: str, expected: str, term: str, original: str) -> None:
    check_row(VOICING, text, expected, term, original)


@pytest.mark.parametrize(
    ("text", "expected", "term", "original"),
    [
        ("やみばいと", "ヤミバイト", "ヤミバイト", "やみばいと"),
        ("うけこ募集", "ウケコ募集", "ウケコ", "うけこ"),
        ("闇ばいと", "闇バイト", "闇バイト", "闇ばいと"),
        ("てれぐらむでDM", "テレグラムでDM".replace("で", "デ"), "テレグラム", "てれぐらむ"),
        ("いすゞ", "イスヾ", "イスヾ", "いすゞ"),
        # negatives
        ("ホワイト案件", "ホワイト案件", "", ""),
        ("LINE 090", "LINE 090", "", ""),
    ],
)
def test_kana(text: str, expected: str, term: str, original: str) -> None:
    check_row(KANA, text, expected, term, original)


def test_kana_offsets_are_one_to_one() -> None:
    r = KANA.apply("あ闇い")
    assert r.text == "ア闇イ"
    assert r.src_start is None  # identity map: one character for one
    assert [r.to_input(i, i + 1) for i in range(3)] == [(0, 1), (1, 2), (2, 3)]
    assert r.changed
