from __future__ import annotations

from pathlib import Path

import pytest

from cyberpatrol.errors import ConfigError
from cyberpatrol.normalize.emoji import EmojiStep, load_emoji

from .helpers import check_row

STEP = EmojiStep()


@pytest.mark.parametrize(
    ("text", "expected", "term", "original"),
    [
        ("⚪案件", "ホワイト案件", "ホワイト案件", "⚪案件"),
        ("〇バイト", "ホワイトバイト", "ホワイト", "〇"),
        ("○仕事です", "ホワイト仕事です", "ホワイト仕事", "○仕事"),
        ("即日💰", "即日金", "即日金", "即日💰"),
        ("💴ほしい", "円ほしい", "円", "💴"),
        ("🤑げる", "稼げる", "稼げる", "🤑げる"),
        ("✈案件", "海外案件", "海外案件", "✈案件"),
        ("📱契約", "携帯契約", "携帯契約", "📱契約"),
        ("🏦売買", "口座売買", "口座", "🏦"),
        ("🔰歓迎", "初心者歓迎", "初心者", "🔰"),
        ("日払い🆗", "日払いok", "ok", "🆗"),
        ("㊙バイト", "秘バイト", "秘", "㊙"),
        # negatives: a zero inside a number, a circle not before a job word
        ("1〇〇万", "1〇〇万", "", ""),
        ("2〇バイト", "2〇バイト", "", ""),
        ("○×クイズ", "○×クイズ", "", ""),
        ("普通の投稿です", "普通の投稿です", "", ""),
    ],
)
def test_emoji(text: str, expected: str, term: str, original: str) -> None:
    check_row(STEP, text, expected, term, original)


def test_emoji_map_is_data() -> None:
    entries = load_emoji()
    assert any(e.emoji == "💰" and e.replacement == "金" and e.note for e in entries)


def test_emoji_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "emoji.toml"
    bad.write_text('[[emoji]]\nemoji = "💰"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_emoji(bad)
    assert err.value.path == str(bad)
