"""E-mail addresses, plain and defanged, and look-alikes that are not addresses."""

from __future__ import annotations

import pytest

from cyberpatrol.indicators import canonical

from .conftest import assert_found, assert_none, found

POSITIVE = [
    ("連絡はFoo.Bar@Example.COMまで", "foo.bar@example.com", "Foo.Bar@Example.COM"),
    ("メール：name＠example.com", "name@example.com", "name＠example.com"),
    ("ｎａｍｅ＠ｅｘａｍｐｌｅ．ｊｐ", "name@example.jp", "ｎａｍｅ＠ｅｘａｍｐｌｅ．ｊｐ"),
    ("name[at]example[.]com", "name@example.com", "name[at]example[.]com"),
    ("name(at)example(.)co(.)jp", "name@example.co.jp", "name(at)example(.)co(.)jp"),
    ("name アットマーク example.com", "name@example.com", "name アットマーク example.com"),
    (
        "nameアットマークexample ドット com",
        "name@example.com",
        "nameアットマークexample ドット com",
    ),
    ("📩job+tag@mail.example.net📩", "job+tag@mail.example.net", "job+tag@mail.example.net"),
]

NEGATIVE = [
    "@kasegu_777",
    "user@localhost",
    "foo@bar",
    "a@b.c",
    "単価@500円",
    "メールアドレスは後で送ります",
    "name@@example.com",
]


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_email_found(text: str, value: str, original: str) -> None:
    assert_found(text, "email", value, original)


@pytest.mark.parametrize("text", [row[0] for row in POSITIVE])
def test_email_is_not_also_url_or_handle(text: str) -> None:
    kinds = {i.type for i in found(text)}
    assert not kinds & {"url", "domain", "handle"}


@pytest.mark.parametrize("text", NEGATIVE)
def test_email_not_found(text: str) -> None:
    assert_none(text, "email")


def test_email_canonical() -> None:
    assert canonical("email", "Name[at]Example[.]COM") == "name@example.com"
    assert canonical("email", "ｎａｍｅ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "name@example.com"
    with pytest.raises(ValueError):
        canonical("email", "not-an-address")
