from __future__ import annotations

import pytest

from cyberpatrol.normalize.invisible import InvisibleStep

from .helpers import check_row

STEP = InvisibleStep()


@pytest.mark.parametrize(
    ("text", "expected", "term", "original"),
    [
        ("ウケ\u200bコ", "ウケコ", "ウケコ", "ウケ\u200bコ"),
        ("闇\u200dバイト", "闇バイト", "闇バイト", "闇\u200dバイト"),
        ("⚪\ufe0f案件", "⚪案件", "⚪案件", "⚪\ufe0f案件"),
        ("受\u00adけ子", "受け子", "受け子", "受\u00adけ子"),
        ("即\x00金\ufeff", "即金", "即金", "即\x00金"),
        ("出\U000e0020し子", "出し子", "出し子", "出\U000e0020し子"),
        ("line\r\nid", "line\nid", "line\nid", "line\r\nid"),
        # negatives
        ("闇バイト\n募集\t中", "闇バイト\n募集\t中", "", ""),
        ("plain ascii", "plain ascii", "", ""),
    ],
)
def test_invisible(text: str, expected: str, term: str, original: str) -> None:
    check_row(STEP, text, expected, term, original)
