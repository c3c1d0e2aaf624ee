"""Near-duplicate wording: one template's variants are found, different texts are not."""

from __future__ import annotations

import pytest

from cyberpatrol.linking import NearDuplicates, shingles

TEMPLATE = "【即日即金】ホワイト案件です。受け子できる人を募集しています。日給5万円以上、交通費支給。詳細はテレグラムで連絡ください。"
VARIANTS = [
    # layout and punctuation
    "【即日即金】\nホワイト案件です!!\n受け子できる人を募集しています\n日給5万円以上、交通費支給\n詳細はテレグラムで連絡ください",
    # disguised spellings the normaliser undoes
    "【即日即金】ﾎﾜｲﾄ案件です。受.け.子できる人を募集しています。日給5万円以上、交通費支給。詳細はテレグラムで連絡ください。",
    # a sentence moved and a word changed
    "受け子できる人を募集しています。【即日即金】ホワイト案件です。日給5万円以上、交通費支給。詳細はテレグラムで連絡して下さい。",
]
DIFFERENT = [
    "今日は雨なので家でカレーを作りました。明日は晴れるといいな。",
    "【警察からのお知らせ】SNSの「即日即金」「ホワイト案件」は闇バイトの募集です。応募しないでください。",
    "【急募】コンビニ夜勤スタッフ募集。時給1200円、交通費支給。株式会社サンプル 人事部まで。",
]


def test_variants_of_one_template_are_near_duplicates() -> None:
    idx = NearDuplicates(threshold=0.5)
    assert idx.add("t", TEMPLATE) == []
    for i, text in enumerate(VARIANTS):
        found = dict(idx.add(f"v{i}", text))
        assert "t" in found, (i, idx.similar(text))
        assert found["t"] >= 0.5


def test_different_texts_are_not() -> None:
    idx = NearDuplicates(threshold=0.5)
    idx.add("t", TEMPLATE)
    for i, text in enumerate(DIFFERENT):
        assert idx.add(f"d{i}", text) == [], text


def test_the_index_is_incremental_and_replaces_a_key() -> None:
    idx = NearDuplicates(threshold=0.5)
    idx.add("a", TEMPLATE)
    idx.add("b", DIFFERENT[0])
    assert [k for k, _ in idx.similar(VARIANTS[0])] == ["a"]
    idx.add("a", DIFFERENT[2])  # the same key with another text
    assert idx.similar(VARIANTS[0]) == [] and len(idx) == 2


def test_results_are_reproducible() -> None:
    a, b = NearDuplicates(threshold=0.5), NearDuplicates(threshold=0.5)
    for idx in (a, b):
        idx.add("t", TEMPLATE)
    assert a.similar(VARIANTS[2]) == b.similar(VARIANTS[2])


def test_empty_and_punctuation_only_texts_are_not_indexed() -> None:
    idx = NearDuplicates()
    assert idx.add("e", "") == [] and idx.add("p", "！！！。。。   ") == []
    assert len(idx) == 0
    assert shingles("a b、c。d") == {"abcd"}
    with pytest.raises(ValueError):
        NearDuplicates(threshold=1.5)
