"""Plain @handles, and the @-text that is not a handle."""

from __future__ import annotations

import pytest

from cyberpatrol.indicators import canonical

from .conftest import assert_found, assert_none

POSITIVE = [
    ("DMは@Kasegu_777まで", "kasegu_777", "@Kasegu_777"),
    ("＠ｋａｓｅｇｕ＿７７７", "kasegu_777", "＠ｋａｓｅｇｕ＿７７７"),
    ("🔥@yami.job🔥", "yami.job", "@yami.job"),
    ("フォロー@abc。", "abc", "@abc"),
    ("フォローしてね→@job_2024", "job_2024", "@job_2024"),
    ("Xで見た @kasegu_777", "kasegu_777", "@kasegu_777"),
]

NEGATIVE = [
    "単価@500円",
    "name@example.com",
    "https://line.me/R/ti/p/@abc1234",
    "テレグラム: @kasegu_777",
    "X(旧Twitter): @job_2024",
    "インスタ: @kasegu_777",
    "@",
    "@@@",
    "a@b",
]


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_handle_found(text: str, value: str, original: str) -> None:
    assert_found(text, "handle", value, original)


@pytest.mark.parametrize("text", NEGATIVE)
def test_handle_not_found(text: str) -> None:
    assert_none(text, "handle")


def test_handle_canonical() -> None:
    assert canonical("handle", "@Kasegu_777") == "kasegu_777"
    with pytest.raises(ValueError):
        canonical("handle", "@500")
