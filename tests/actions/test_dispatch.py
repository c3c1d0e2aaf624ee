"""The dispatcher protocol and the dry run (the default: nothing leaves the machine)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from cyberpatrol.actions import (
    JST,
    Dispatcher,
    DryRunDispatcher,
    Letter,
    MastodonDispatcher,
    Message,
    SmtpDispatcher,
)

FIXED = datetime(2026, 5, 1, 9, 30, tzinfo=JST)


def test_every_dispatcher_meets_the_protocol() -> None:
    for dispatcher in (
        DryRunDispatcher(),
        SmtpDispatcher("127.0.0.1", sender="cyberpatrol@example.org"),
        MastodonDispatcher("https://mastodon.example", "token"),
    ):
        assert isinstance(dispatcher, Dispatcher)
        assert dispatcher.channel in ("dry-run", "smtp", "mastodon")


def test_dry_run_records_and_sends_nothing(letter_for: Callable[..., Letter]) -> None:
    dry = DryRunDispatcher(clock=lambda: FIXED)
    request = Message(letter_for("deletion_request"), to="abuse@example.org")
    warning = Message(letter_for("warning"))

    results = [dry.send(request), dry.send(warning)]

    assert [r.status for r in results] == ["dry-run", "dry-run"]
    assert all(r.ok and r.channel == "dry-run" and r.timestamp == FIXED for r in results)
    assert all(r.remote_id is None for r in results)
    assert dry.sent == [request, warning]
    assert "abuse@example.org" in results[0].detail
    assert "https://x.com/kasegu_777/status/1790000000000000000" in results[1].detail
    assert "manual" in results[1].detail


@pytest.mark.parametrize(
    "to", ["", "abuse@example.org\r\nBcc: victim@example.org", "a@example.org; b@example.org"]
)
def test_dry_run_fails_where_a_real_send_would(letter_for: Callable[..., Letter], to: str) -> None:
    dry = DryRunDispatcher()
    result = dry.send(Message(letter_for("deletion_request"), to=to))
    assert result.status == "failed" and not result.ok
    assert dry.sent == []


def test_timestamps_are_in_jst(letter_for: Callable[..., Letter]) -> None:
    result = DryRunDispatcher().send(Message(letter_for("warning")))
    assert result.timestamp.utcoffset() is not None
    assert result.timestamp.utcoffset().total_seconds() == 9 * 3600  # type: ignore[union-attr]
