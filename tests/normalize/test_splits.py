from __future__ import annotations

import pytest

from cyberpatrol.normalize.splits import SplitsStep

STEP = SplitsStep()


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("受\nけ\n子", "受け子"),
        ("高\n額\nバ\nイ\nト", "高額バイト"),
        ("報\n酬は案件ごと", "報酬は案件ごと"),
        ("闇 \n バイト", "闇バイト"),
        ("受け子\n出し子", "受け子出し子"),
        ("、報*酬は案件", "、報酬は案件"),
        ("通話で身*分*証を", "通話で身分証を"),
        ("高額な報・酬。", "高額な報酬。"),
        ("住所をD Mに", "住所をDMに"),
        ("S.e.s.s.i.o.nで", "Sessionで"),
    ],
)
def test_joins_japanese_split_over_lines(text: str, want: str) -> None:
    assert STEP.apply(text).text == want


@pytest.mark.parametrize(
    "text",
    [
        "募集中。\n詳細はDM",  # punctuation before the break
        "第一段落\n\n第二段落",  # a blank line is a paragraph
        "日給5万\n@white_88",  # Latin after the break
        "line one\nline two",
        "🍜\n美味しい",
        "東京・大阪・名古屋",  # words of two or more characters keep their separators
        "10/25",
        "t.me/white_88",
        "I am a boy",
        "今日は 晴れ",
    ],
)
def test_keeps_other_line_breaks(text: str) -> None:
    assert STEP.apply(text).text == text


def test_offsets_map_back_to_the_original() -> None:
    r = STEP.apply("あ\nい\nう")
    assert r.text == "あいう"
