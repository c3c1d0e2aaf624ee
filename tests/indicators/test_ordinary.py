"""Ordinary Japanese posts that mention the apps, prices or dates hold no indicator."""

from __future__ import annotations

import pytest

from .conftest import found

ORDINARY = [
    "昨日Xで見たニュースがすごかった",
    "インスタ映えするカフェに行ってきた",
    "インスタントラーメンが好き",
    "テレビでやってたドラマ、面白かった",
    "来月からテレワークになります",
    "ツイッターもインスタもやってません",
    "WeChat Payが使えるお店",
    "スリーマンセルで行動する",
    "時給1,200円〜、日給三万円以上可能",
    "三万五千円の案件、二〇二四年十一月二十二日から",
    "営業時間 10:00〜18:00 定休日は水曜",
    "2024年11月22日(金) 開催",
    "合計 1,234,567円 (税込)",
    "〇〇駅から徒歩5分",
    "LINEスタンプを買った",
    "シグナルが青になった",
    "エックス線検査を受けた",
    "返信が遅れてすみません",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_post_holds_no_indicator(text: str) -> None:
    assert found(text) == []
