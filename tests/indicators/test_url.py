"""URLs and domains: plain, bare, defanged, IDN, glued to Japanese text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberpatrol.indicators import canonical
from cyberpatrol.indicators.url import _URL, _may_hold_url

from .conftest import assert_found, assert_none, light

URLS = [
    (
        "詳細はhttps://Example.COM/Apply?id=1です",
        "https://example.com/Apply?id=1",
        "https://Example.COM/Apply?id=1",
    ),
    (
        "ＨＴＴＰＳ：／／ＥＸＡＭＰＬＥ．ＣＯＭ／ａｂｃ",
        "https://example.com/abc",
        "ＨＴＴＰＳ：／／ＥＸＡＭＰＬＥ．ＣＯＭ／ａｂｃ",
    ),
    ("hxxps://example[.]com/job。", "https://example.com/job", "hxxps://example[.]com/job"),
    ("hxxp://bad(.)example(.)net/x", "http://bad.example.net/x", "hxxp://bad(.)example(.)net/x"),
    ("h**ps://example[dot]com", "https://example.com", "h**ps://example[dot]com"),
    ("こちら→example.com", "example.com", "example.com"),
    ("短縮bit.ly/3AbCdEf👈", "bit.ly/3AbCdEf", "bit.ly/3AbCdEf"),
    ("example ドット com で検索", "example.com", "example ドット com"),
    ("サイトはexample。comです", "example.com", "example。com"),
    ("（https://example.com/a_(b)）", "https://example.com/a_(b)", "https://example.com/a_(b)"),
    ("「https://example.com/path」", "https://example.com/path", "https://example.com/path"),
    ("https://example.com:443/x", "https://example.com/x", "https://example.com:443/x"),
    ("http://example.com:8080/x、", "http://example.com:8080/x", "http://example.com:8080/x"),
    ("https://例え.jp/求人", "https://xn--r8jz45g.jp", "https://例え.jp/"),
    ("www.example.co.jp", "www.example.co.jp", "www.example.co.jp"),
    ("https://t.me/kasegu_777", "https://t.me/kasegu_777", "https://t.me/kasegu_777"),
    ("http://192.168.0.1/login", "http://192.168.0.1/login", "http://192.168.0.1/login"),
]

DOMAINS = [
    ("https://www.Example.com/x", "example.com", "www.Example.com"),
    ("hxxps://example[.]com/job", "example.com", "example[.]com"),
    ("https://例え.jp/", "xn--r8jz45g.jp", "例え.jp"),
    ("bit.ly/abc", "bit.ly", "bit.ly"),
]

NEGATIVE = [
    "ver.2 リリース",
    "v1.2.3",
    "readme.md を読んで",
    "image.png",
    "日給5.5万円",
    "午前9.30",
    "Mr.Smith",
    "e.g.こんな感じ",
    "お問い合わせ。よろしく",
    "2024.11.22",
    "name@example.com",
    "foo[at]example[.]com",
]


@pytest.mark.parametrize(("text", "value", "original"), URLS)
def test_url_found(text: str, value: str, original: str) -> None:
    assert_found(text, "url", value, original)


@pytest.mark.parametrize(("text", "value", "original"), DOMAINS)
def test_domain_found(text: str, value: str, original: str) -> None:
    assert_found(text, "domain", value, original)


@pytest.mark.parametrize("text", NEGATIVE)
def test_url_not_found(text: str) -> None:
    assert_none(text, "url")
    assert_none(text, "domain")


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        ("url", "HXXPS://Example[.]Com/A", "https://example.com/A"),
        ("url", "example.com/", "example.com"),
        ("url", "http://example.com:80/", "http://example.com"),
        ("domain", "https://www.example.com/x", "example.com"),
        ("domain", "Example[.]COM", "example.com"),
    ],
)
def test_url_canonical(kind: str, raw: str, value: str) -> None:
    assert canonical(kind, raw) == value


@pytest.mark.parametrize("raw", ["", "localhost", "not a url"])
def test_url_canonical_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        canonical("url", raw)


_URLISH = st.sampled_from(
    [
        *list("0123456789-.:/()[]{}_~#%?=。、 　abcxyzABCjpcomé例え"),
        "ドット",
        "[dot]",
        "(DOT)",
        "http",
        "hxxps",
        "h**p",
        "[:]",
        "xn--",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_URLISH, max_size=30).map("".join))
def test_the_cheap_tests_never_turn_a_url_away(text: str) -> None:
    if _URL.search(text) is not None:
        assert _may_hold_url(text), text


@pytest.mark.parametrize("text", [t for t, _, _ in URLS] + [t for t, _, _ in DOMAINS])
def test_the_cheap_tests_let_every_url_through(text: str) -> None:
    assert _may_hold_url(light(text).text)
