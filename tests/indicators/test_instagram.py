"""Instagram accounts from profile links and from 「インスタ: name」-style mentions."""

from __future__ import annotations

import pytest

from cyberpatrol.indicators import canonical

from .conftest import assert_found, assert_none, found

POSITIVE = [
    ("instagram.com/kasegu_777", "kasegu_777", "instagram.com/kasegu_777"),
    (
        "https://www.instagram.com/Kasegu.777/",
        "kasegu.777",
        "https://www.instagram.com/Kasegu.777",
    ),
    ("instagram.com/kasegu_777?igsh=abc", "kasegu_777", "instagram.com/kasegu_777"),
    ("instagr.am/kasegu", "kasegu", "instagr.am/kasegu"),
    ("instagram.com/stories/kasegu/123", "kasegu", "instagram.com/stories/kasegu"),
    ("instagram[.]com/kasegu", "kasegu", "instagram[.]com/kasegu"),
    ("hxxps://instagram。com/kasegu", "kasegu", "hxxps://instagram。com/kasegu"),
    (
        "ｉｎｓｔａｇｒａｍ．ｃｏｍ／ｋａｓｅｇｕ",
        "kasegu",
        "ｉｎｓｔａｇｒａｍ．ｃｏｍ／ｋａｓｅｇｕ",
    ),
    ("インスタ: kasegu", "kasegu", "kasegu"),
    ("インスタ @kasegu", "kasegu", "@kasegu"),
    ("インスタグラムのID→yami.job", "yami.job", "yami.job"),
    ("Instagram→@kasegu", "kasegu", "@kasegu"),
    ("IG: @kasegu", "kasegu", "@kasegu"),
    ("ＩＧ：＠ｋａｓｅｇｕ", "kasegu", "＠ｋａｓｅｇｕ"),
    ("ｲﾝｽﾀ: kasegu", "kasegu", "kasegu"),
    ("詳しくはインスタで @kasegu_777 まで", "kasegu_777", "@kasegu_777"),
    ("インスタ: kase\u200bgu", "kasegu", "kase\u200bgu"),
    ("インスタ @a", "a", "@a"),
]

NEGATIVE = [
    "インスタ映え @kasegu",
    "インスタ映えするカフェ",
    "インスタント @ramen",
    "インスタンス: server01",
    "インスタ: DM",
    "インスタ: 2024",
    "インスタで見た",
    "big @kasegu",
    "instagram.com/p/AbC123/",
    "instagram.com/reel/xyz",
    "instagram.com/explore/tags/job",
    "instagram.com/accounts/login",
    "myinstagram.com/kasegu",
]


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_instagram_found(text: str, value: str, original: str) -> None:
    assert_found(text, "instagram", value, original)


@pytest.mark.parametrize("text", NEGATIVE)
def test_instagram_not_found(text: str) -> None:
    assert_none(text, "instagram")


def test_instagram_spellings_agree() -> None:
    texts = ["instagram.com/Kasegu_777", "インスタ：＠ｋａｓｅｇｕ＿７７７", "IG→kasegu_777"]
    values = {i.value for t in texts for i in found(t) if i.type == "instagram"}
    assert values == {"kasegu_777"}


def test_instagram_mention_is_not_also_handle() -> None:
    assert [i.type for i in found("インスタ @kasegu_777")] == ["instagram"]


def test_instagram_link_is_also_url() -> None:
    kinds = {i.type for i in found("https://instagram.com/kasegu_777")}
    assert {"instagram", "url", "domain"} <= kinds


@pytest.mark.parametrize(
    "raw",
    [
        "@Kasegu_777",
        "kasegu_777",
        "https://www.instagram.com/kasegu_777/",
        "instagram.com/kasegu_777?igsh=abc",
        "instagr[.]am/kasegu_777",
    ],
)
def test_instagram_canonical(raw: str) -> None:
    assert canonical("instagram", raw) == "kasegu_777"


@pytest.mark.parametrize(
    "raw", ["instagram.com/p/AbC123", "@", "kasegu 777", "@12345", "a" * 31, "kasegu."]
)
def test_instagram_canonical_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        canonical("instagram", raw)


@pytest.mark.parametrize("value", sorted({v for _, v, _ in POSITIVE}))
def test_instagram_found_value_is_canonical(value: str) -> None:
    assert canonical("instagram", value) == value
