"""X (formerly Twitter) accounts from links and from 「X: @name」-style mentions."""

from __future__ import annotations

import pytest

from cyberpatrol.indicators import canonical

from .conftest import assert_found, assert_none, found

POSITIVE = [
    ("x.com/kasegu777", "kasegu777", "x.com/kasegu777"),
    ("https://x.com/Kasegu777", "kasegu777", "https://x.com/Kasegu777"),
    (
        "https://twitter.com/Kasegu777/status/123456",
        "kasegu777",
        "https://twitter.com/Kasegu777",
    ),
    ("mobile.twitter.com/kasegu", "kasegu", "mobile.twitter.com/kasegu"),
    ("https://twitter.com/#!/kasegu", "kasegu", "https://twitter.com/#!/kasegu"),
    ("x[.]com/kasegu", "kasegu", "x[.]com/kasegu"),
    ("hxxps://twitter(.)com/kasegu", "kasegu", "hxxps://twitter(.)com/kasegu"),
    ("ｘ．ｃｏｍ／ｋａｓｅｇｕ", "kasegu", "ｘ．ｃｏｍ／ｋａｓｅｇｕ"),
    ("X: @kasegu", "kasegu", "@kasegu"),
    ("Ｘ：＠ｋａｓｅｇｕ", "kasegu", "＠ｋａｓｅｇｕ"),
    ("X(旧Twitter): @job_2024", "job_2024", "@job_2024"),
    ("Xで@kasegu_777まで", "kasegu_777", "@kasegu_777"),
    ("XのID：@kasegu", "kasegu", "@kasegu"),
    ("ツイッター @kasegu", "kasegu", "@kasegu"),
    ("ﾂｲｯﾀｰ @kasegu", "kasegu", "@kasegu"),
    ("Twitter→kasegu", "kasegu", "kasegu"),
    ("旧Twitter @kasegu", "kasegu", "@kasegu"),
    ("エックス @kasegu", "kasegu", "@kasegu"),
    ("X: @kase\u200bgu", "kasegu", "@kase\u200bgu"),
]

NEGATIVE = [
    "Xで見た",
    "Xで見た @kasegu",
    "Xデー到来",
    "エックス線 @kasegu",
    "サイズXL @kasegu",
    "X: kasegu",
    "X: @12345",
    "Twitter: 2024",
    "Twitter: DM",
    "x.com/home",
    "x.com/search?q=job",
    "twitter.com/i/web/status/1",
    "x.com/intent/tweet?text=a",
    "twitter.com/hashtag/bitcoin",
    "box.com/abc",
    "netflix.com/title",
    "abc@x.com",
    "x.com/kasegu_1234567890",
]


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_x_found(text: str, value: str, original: str) -> None:
    assert_found(text, "x", value, original)


@pytest.mark.parametrize("text", NEGATIVE)
def test_x_not_found(text: str) -> None:
    assert_none(text, "x")


def test_x_spellings_agree() -> None:
    texts = ["x.com/Kasegu_777", "twitter.com/kasegu_777/status/1", "X：＠ＫＡＳＥＧＵ＿７７７"]
    values = {i.value for t in texts for i in found(t) if i.type == "x"}
    assert values == {"kasegu_777"}


def test_x_mention_is_not_also_handle() -> None:
    assert [i.type for i in found("X(旧Twitter): @job_2024")] == ["x"]


@pytest.mark.parametrize(
    "raw",
    [
        "@Kasegu_777",
        "kasegu_777",
        "https://x.com/kasegu_777",
        "https://twitter.com/Kasegu_777/status/123",
        "mobile.twitter.com/kasegu_777/",
        "x[.]com/kasegu_777",
    ],
)
def test_x_canonical(raw: str) -> None:
    assert canonical("x", raw) == "kasegu_777"


@pytest.mark.parametrize(
    "raw", ["x.com/home", "@", "kasegu 777", "@12345", "a" * 16, "kasegu.777", "x.com/search"]
)
def test_x_canonical_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        canonical("x", raw)


@pytest.mark.parametrize("value", sorted({v for _, v, _ in POSITIVE}))
def test_x_found_value_is_canonical(value: str) -> None:
    assert canonical("x", value) == value
