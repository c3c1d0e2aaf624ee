"""Session messenger IDs (66 hex characters starting with 05)."""

from __future__ import annotations

import pytest

from cyberpatrol.indicators import canonical

from .conftest import assert_found, assert_none

SID = "05" + "a1b2c3d4" * 8

POSITIVE = [
    (f"Session ID: {SID}", SID, SID),
    (f"セッション：{SID.upper()}です", SID, SID.upper()),
    (f"🔐{SID}🔐", SID, SID),
]

NEGATIVE = [
    "05" + "a1b2c3d4" * 7,
    "06" + "a1b2c3d4" * 8,
    SID + "f",
    "0x" + SID,
]


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_session_found(text: str, value: str, original: str) -> None:
    assert_found(text, "session", value, original)


@pytest.mark.parametrize("text", NEGATIVE)
def test_session_not_found(text: str) -> None:
    assert_none(text, "session")


def test_session_canonical() -> None:
    assert canonical("session", SID.upper()) == SID
    with pytest.raises(ValueError):
        canonical("session", SID[:-1])
