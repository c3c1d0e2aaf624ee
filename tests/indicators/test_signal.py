"""Signal links and usernames."""

from __future__ import annotations

import pytest

from cyberpatrol.indicators import canonical

from .conftest import assert_found, assert_none, found

POSITIVE = [
    ("signal.me/#p/+819012345678", "signal.me/#p/+819012345678", "signal.me/#p/+819012345678"),
    (
        "https://signal.me/#eu/AbC-dEf_123",
        "signal.me/#eu/AbC-dEf_123",
        "https://signal.me/#eu/AbC-dEf_123",
    ),
    (
        "グループ→https://signal.group/#CjQKIAbc",
        "signal.group/#CjQKIAbc",
        "https://signal.group/#CjQKIAbc",
    ),
    ("シグナル: Kasegu.77", "kasegu.77", "Kasegu.77"),
    ("シグナルID：yami_job.01です", "yami_job.01", "yami_job.01"),
    ("Signal username: kasegu.777", "kasegu.777", "kasegu.777"),
    ("シグで連絡 @kasegu.55", "kasegu.55", "@kasegu.55"),
    ("Signalで @kasegu_777 まで", "kasegu_777", "@kasegu_777"),
    (
        "hxxps://signal[.]me/#p/+819012345678",
        "signal.me/#p/+819012345678",
        "hxxps://signal[.]me/#p/+819012345678",
    ),
    ("ｼｸﾞﾅﾙ→kase\u200bgu.77", "kasegu.77", "kase\u200bgu.77"),
]

NEGATIVE = [
    "シグネチャ kasegu.77",
    "signal: ver.2",
    "信号 kasegu.77",
    "シグナル: 12.34",
]


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_signal_found(text: str, value: str, original: str) -> None:
    assert_found(text, "signal", value, original)


@pytest.mark.parametrize("text", NEGATIVE)
def test_signal_not_found(text: str) -> None:
    assert_none(text, "signal")


def test_signal_canonical() -> None:
    assert canonical("signal", "@Kasegu.77") == "kasegu.77"
    assert canonical("signal", "HTTPS://Signal.me/#P/+819012345678") == (
        "signal.me/#p/+819012345678"
    )
    with pytest.raises(ValueError):
        canonical("signal", "kasegu 77")


@pytest.mark.parametrize("text", ["シグナル kanamono.31 まで", "しぐなる kanamono.31"])
def test_signal_keyword_then_spaces_then_a_username(text: str) -> None:
    assert [i.value for i in found(text) if i.type == "signal"] == ["kanamono.31"]
