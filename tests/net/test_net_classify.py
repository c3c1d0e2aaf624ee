"""classify(): the outcome recorded for a reported URL, and deletion markers."""

from __future__ import annotations

import pytest

from cyberpatrol.net import FetchResult, classify, encoded_markers

DELETED = "このページは存在しません"


def _result(**fields: object) -> FetchResult:
    return FetchResult(url="http://x.test/", final_url="http://x.test/", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "outcome"),
    [
        ({"status_code": 200}, "up"),
        ({"status_code": 204}, "up"),
        ({"status_code": 404}, "gone"),
        ({"status_code": 410}, "gone"),
        ({"status_code": 500}, "error"),
        ({"status_code": 503}, "error"),
        ({"status_code": 403}, "error"),
        ({"status_code": 302}, "error"),
        ({"status_code": None}, "error"),
        ({"refused": "hop 1 (...): port 22 is not allowed"}, "refused"),
        ({"error": "x.test does not resolve", "error_kind": "dns_not_found"}, "gone"),
        ({"error": "timed out", "error_kind": "timeout"}, "error"),
        ({"error": "reset", "error_kind": "connect"}, "error"),
        ({"error": "bad cert", "error_kind": "tls"}, "error"),
        ({"error": "SERVFAIL", "error_kind": "dns"}, "error"),
        ({"status_code": 200, "error": "timed out", "error_kind": "timeout"}, "error"),
    ],
)
def test_outcomes(fields: dict[str, object], outcome: str) -> None:
    assert classify(_result(**fields)) == outcome


def test_deletion_marker_turns_200_into_gone() -> None:
    page = _result(status_code=200, body=f"<h1>{DELETED}</h1>".encode())
    assert classify(page) == "up"
    assert classify(page, gone_markers=[DELETED.encode()]) == "gone"
    assert classify(page, gone_markers=[b"not there"]) == "up"


def test_markers_only_apply_to_2xx() -> None:
    page = _result(status_code=500, body=DELETED.encode())
    assert classify(page, gone_markers=[DELETED.encode()]) == "error"


def test_empty_marker_is_ignored() -> None:
    assert classify(_result(status_code=200, body=b"x"), gone_markers=[b""]) == "up"


def test_encoded_markers_cover_japanese_encodings() -> None:
    markers = encoded_markers(DELETED)
    assert markers == (DELETED.encode(), DELETED.encode("cp932"), DELETED.encode("euc-jp"))
    assert encoded_markers("deleted", "deleted") == (b"deleted",)
    assert encoded_markers("") == ()
    assert encoded_markers("😀") == ("😀".encode(),)  # only where it can be encoded
