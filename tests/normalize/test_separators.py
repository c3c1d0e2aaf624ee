from __future__ import annotations

import pytest

from cyberpatrol.normalize.separators import SeparatorsStep

from .helpers import check_row

STEP = SeparatorsStep()


@pytest.mark.parametrize(
    ("text", "expected", "term", "original"),
    [
        ("闇 バ イ ト", "闇バイト", "闇バイト", "闇 バ イ ト"),
        ("闇/バ/イ/ト 募集", "闇バイト募集", "闇バイト", "闇/バ/イ/ト"),
        ("闇・バ・イ・ト", "闇バイト", "闇バイト", "闇・バ・イ・ト"),
        ("闇\nバ\nイ\nト", "闇バイト", "闇バイト", "闇\nバ\nイ\nト"),
        ("即 日 即 金", "即日即金", "即日即金", "即 日 即 金"),
        ("受.け.子", "受け子", "受け子", "受.け.子"),
        ("ホ ワ イ ト 案 件", "ホワイト案件", "ホワイト案件", "ホ ワ イ ト 案 件"),
        ("ホワ イト 案件 です", "ホワイト案件です", "ホワイト", "ホワ イト"),
        ("出_し_子", "出し子", "出し子", "出_し_子"),
        ("闇★バ★イ★ト", "闇バイト", "闇バイト", "闇★バ★イ★ト"),
        ("連絡は U D で", "連絡はUDで", "UD", "U D"),
        ("L I N E", "LINE", "LINE", "L I N E"),
        # negatives
        ("090-0000-1234", "090-0000-1234", "", ""),
        ("t.me/abc", "t.me/abc", "", ""),
        ("I am ok", "I am ok", "", ""),
        ("日給 1.5万", "日給 1.5万", "", ""),
        ("#副業 #在宅 #高収入", "#副業 #在宅 #高収入", "", ""),
        ("今日は 晴れ です", "今日は 晴れ です", "", ""),
        ("副業\n在宅\n募集中", "副業\n在宅\n募集中", "", ""),
        ("mail: ab@cd.jp", "mail: ab@cd.jp", "", ""),
    ],
)
def test_separators(text: str, expected: str, term: str, original: str) -> None:
    check_row(STEP, text, expected, term, original)
