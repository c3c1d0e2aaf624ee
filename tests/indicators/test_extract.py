"""The :func:`extract` entry point: mapping, ordering, overlaps, robustness, registry."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberpatrol import indicators
from cyberpatrol.indicators import EXTRACTORS, canonical, extract, find_all

from .conftest import found, identity, light

EXAMPLES = Path(__file__).parent.parent.parent / "examples" / "posts.jsonl"

POST = (
    "【高収入】即日払い💰日給５万〜 詳細は\u200bＤＭ or ＬＩＮＥ→ｋａｓｅｇｕ７７７ "
    "テレグラム：＠ｙａｍｉ＿ｊｏｂ 電話０９０ー１２３４ー５６７８ "
    "hxxps://example[.]com/apply 📩job[at]example[.]com"
)


def test_mixed_post() -> None:
    got = [(i.type, i.value, i.text) for i in found(POST)]
    assert got == [
        ("line", "kasegu777", "ｋａｓｅｇｕ７７７"),
        ("telegram", "yami_job", "＠ｙａｍｉ＿ｊｏｂ"),
        ("phone", "+819012345678", "０９０ー１２３４ー５６７８"),
        ("url", "https://example.com/apply", "hxxps://example[.]com/apply"),
        ("domain", "example.com", "example[.]com"),
        ("email", "job@example.com", "job[at]example[.]com"),
    ]


def test_sorted_and_deduplicated() -> None:
    inds = found("@abc_1 @abc_1 090-1234-5678")
    assert [i.start for i in inds] == sorted(i.start for i in inds)
    keys = [(i.type, i.value, i.start) for i in inds]
    assert len(keys) == len(set(keys))
    assert [i.value for i in inds] == ["abc_1", "abc_1", "+819012345678"]


def test_identity_view() -> None:
    inds = extract(identity("連絡先 090-1234-5678"))
    assert [(i.type, i.start, i.end, i.text) for i in inds] == [("phone", 4, 17, "090-1234-5678")]


def test_url_path_is_not_handle() -> None:
    kinds = {i.type for i in found("https://example.com/@someone")}
    assert "handle" not in kinds


@pytest.mark.parametrize(
    "text",
    [
        "",
        "闇バイトではありません。普通の求人です。",
        "日給50000円、2024-11-22、〒100-0001、12:30〜、注文番号 A-12345、ver.2",
        "ｘｘｘ＠ｘｘｘ",
    ],
)
def test_nothing_found(text: str) -> None:
    assert found(text) == []


def test_registry_and_canonical() -> None:
    assert set(EXTRACTORS) == {
        "phone",
        "url",
        "domain",
        "email",
        "telegram",
        "signal",
        "session",
        "line",
        "handle",
    } | {"bank_account", "btc", "eth", "tron"} | {"threema", "wechat", "instagram", "x"}
    for kind, extractor in EXTRACTORS.items():
        assert extractor.type == kind
    assert canonical("phone", "０９０ー１２３４ー５６７８") == "+819012345678"
    assert canonical("email", "A[at]B[.]JP") == "a@b.jp"
    with pytest.raises(KeyError):
        canonical("fax", "0312345678")
    with pytest.raises(ValueError):
        canonical("phone", "hello")


def test_extracted_values_are_canonical() -> None:
    """Every value found in a post is a fixed point of :func:`canonical`."""
    for ind in found(POST):
        assert canonical(ind.type, ind.value) == ind.value, ind


_ALPHABET = st.sampled_from(
    [
        *list("0123456789-.@:/()[]+_~#%?=ー－。、：＠．０９ abcxyzABCtmelinsg"),
        "ドット",
        "アットマーク",
        "テレグラム",
        "LINE",
        "ライン",
        "シグナル",
        "http://",
        "hxxps://",
        "t.me/",
        "line.me/ti/p/~",
        "signal.me/#p/",
        "\u200b",
        "😀",
        "闇",
        "\n",
        "ID",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_hostile_input_never_raises(text: str) -> None:
    for ind in found(text):
        assert ind.type in EXTRACTORS
        assert ind.value


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises(text: str) -> None:
    found(text)
    for kind, start, end, _ in find_all(text):
        assert kind in EXTRACTORS
        assert 0 <= start <= end <= len(text)


def test_with_default_pipeline() -> None:
    try:
        from cyberpatrol.normalize import default_pipeline
    except ImportError:
        pytest.skip("cyberpatrol.normalize.default_pipeline is not available yet")
    pipeline = default_pipeline()
    text = "連絡はＬＩＮＥ　ＩＤ：ｋａｓｅｇｕ７７７ か ０９０ー１２３４ー５６７８ まで"
    inds = extract(pipeline.view(pipeline.run(text), "light"))
    got = {(i.type, i.value, i.text) for i in inds}
    assert ("line", "kasegu777", "ｋａｓｅｇｕ７７７") in got
    assert ("phone", "+819012345678", "０９０ー１２３４ー５６７８") in got
    for i in inds:
        assert text[i.start : i.end] == i.text


def test_light_helper_maps_back() -> None:
    v = light("ＡＢＣ\u200b")
    assert v.text == "ABC"


def test_the_trigger_gate_never_drops_an_indicator(monkeypatch: pytest.MonkeyPatch) -> None:
    """``find_all`` skips posts without a trigger; running every extractor finds no more."""
    posts = [json.loads(line)["text"] for line in EXAMPLES.open(encoding="utf-8")]
    texts = [light(t).text for t in [POST, *posts]]
    gated = [find_all(t) for t in texts]
    assert any(gated)
    monkeypatch.setattr(indicators, "_ANY_CHAR", re.compile(""))
    assert [find_all(t) for t in texts] == gated
