"""SmtpDispatcher against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import email
import socket
from collections.abc import Callable, Iterator
from dataclasses import replace
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from cyberpatrol.actions import (
    REFERENCE_HEADER,
    Letter,
    LetterRenderer,
    Message,
    SmtpDispatcher,
)

from .conftest import SMTP_PASSWORD, SMTP_USER, LoopbackController, make_context

SENDER = "cyberpatrol@example.org"
ADMIN = "abuse@example.org"


def _dispatcher(server: LoopbackController, **options: object) -> SmtpDispatcher:
    settings: dict[str, object] = {
        "sender": SENDER,
        "sender_name": "［デモ］サイバーパトロールセンター",
        "starttls": False,
        "timeout": 5.0,
    }
    settings.update(options)
    return SmtpDispatcher("127.0.0.1", server.port, **settings)  # type: ignore[arg-type]


def _received(server: LoopbackController) -> EmailMessage:
    (envelope,) = server.handler.received
    parsed = email.message_from_bytes(
        envelope.original_content or envelope.content, policy=policy.default
    )
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_deletion_request_arrives_intact(
    smtp_server: LoopbackController, letter_for: Callable[..., Letter]
) -> None:
    letter = letter_for("deletion_request")
    result = _dispatcher(smtp_server).send(Message(letter, to=ADMIN))

    assert result.status == "sent", result.detail
    assert result.channel == "smtp" and result.reference == "CP-2026-000123"
    (envelope,) = smtp_server.handler.received
    raw = envelope.original_content or envelope.content
    assert envelope.mail_from == SENDER
    assert envelope.rcpt_tos == [ADMIN]
    received = _received(smtp_server)
    assert received["From"].addresses[0].addr_spec == SENDER
    # decode_header joins adjacent encoded words as RFC 2047 says; the structured parser of
    # policy.default puts a space between them inside a display name.
    raw_from = email.message_from_bytes(raw, policy=policy.compat32)["From"]
    assert (
        str(make_header(decode_header(raw_from)))
        == f"［デモ］サイバーパトロールセンター <{SENDER}>"
    )
    assert str(received["To"]) == ADMIN
    assert str(received["Subject"]) == letter.subject  # Japanese, decoded from RFC 2047
    assert received[REFERENCE_HEADER] == "CP-2026-000123"
    assert received["Message-ID"] == result.remote_id
    assert received["Message-ID"].endswith("@example.org>")
    assert parsedate_to_datetime(received["Date"]).utcoffset() is not None
    body = received.get_content()
    assert body.replace("\r\n", "\n") == letter.body  # UTF-8 round trip (CRLF: MIME's line end)
    assert letter.post_url in body and "CP-2026-000123" in body
    assert received.get_content_charset() == "utf-8"
    raw_headers = raw.split(b"\r\n\r\n", 1)[0]
    assert raw_headers.isascii()  # every non-ASCII header value is encoded


def test_suspension_request_to_the_default_address_of_a_platform(
    smtp_server: LoopbackController, tmp_path: Path
) -> None:
    platforms = tmp_path / "platforms.toml"
    platforms.write_text(
        '[platform.bbs]\nname = "地域掲示板"\nreply_limit = 500\ncounting = "codepoints"\n'
        'delivery = "manual"\nabuse_email = "abuse@example.org"\n',
        encoding="utf-8",
    )
    letter = LetterRenderer(platforms=platforms).render(
        "suspension_request", make_context(platform="bbs")
    )
    assert letter.default_recipient == "abuse@example.org"
    result = _dispatcher(smtp_server).send(Message(letter))
    assert result.status == "sent", result.detail
    assert smtp_server.handler.received[0].rcpt_tos == ["abuse@example.org"]


def test_login_then_send(
    smtp_server: LoopbackController, letter_for: Callable[..., Letter]
) -> None:
    dispatcher = _dispatcher(smtp_server, username=SMTP_USER, password=SMTP_PASSWORD)
    assert dispatcher.send(Message(letter_for("deletion_request"), to=ADMIN)).status == "sent"


def test_wrong_password_fails(
    smtp_server: LoopbackController, letter_for: Callable[..., Letter]
) -> None:
    dispatcher = _dispatcher(smtp_server, username=SMTP_USER, password="wrong")
    result = dispatcher.send(Message(letter_for("deletion_request"), to=ADMIN))
    assert result.status == "failed" and "535" in result.detail
    assert smtp_server.handler.received == []


def test_recipient_rejected_by_the_server(
    smtp_server: LoopbackController, letter_for: Callable[..., Letter]
) -> None:
    result = _dispatcher(smtp_server).send(
        Message(letter_for("deletion_request"), to="reject@example.org")
    )
    assert result.status == "failed"
    assert "reject@example.org" in result.detail and "550" in result.detail
    assert result.remote_id is None
    assert smtp_server.handler.received == []


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port that refuses connections (bound, never listening)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]
    sock.close()


def test_connection_refused(closed_port: int, letter_for: Callable[..., Letter]) -> None:
    dispatcher = SmtpDispatcher("127.0.0.1", closed_port, sender=SENDER, starttls=False, timeout=2)
    result = dispatcher.send(Message(letter_for("deletion_request"), to=ADMIN))
    assert result.status == "failed"
    assert f"127.0.0.1:{closed_port}" in result.detail and "refused" in result.detail.lower()


def test_starttls_required_but_not_offered(
    smtp_server: LoopbackController, letter_for: Callable[..., Letter]
) -> None:
    result = _dispatcher(smtp_server, starttls=True).send(
        Message(letter_for("deletion_request"), to=ADMIN)
    )
    assert result.status == "failed" and "STARTTLS" in result.detail
    assert smtp_server.handler.received == []


def test_no_password_in_clear_to_a_remote_host(letter_for: Callable[..., Letter]) -> None:
    dispatcher = SmtpDispatcher(
        "smtp.example.org", sender=SENDER, starttls=False, username="u", password="p"
    )
    result = dispatcher.send(Message(letter_for("deletion_request"), to=ADMIN))
    assert result.status == "failed" and "STARTTLS" in result.detail


@pytest.mark.parametrize(
    "to",
    [
        "",  # X publishes no abuse address: there is no default recipient
        "not-an-address",
        "abuse@example.org, victim@example.org",
        "abuse@example.org\r\nBcc: victim@example.org",
        "Admin <abuse@example.org>",
    ],
)
def test_unusable_recipients_fail_before_connecting(
    smtp_server: LoopbackController, letter_for: Callable[..., Letter], to: str
) -> None:
    result = _dispatcher(smtp_server).send(Message(letter_for("deletion_request"), to=to))
    assert result.status == "failed" and "recipient" in result.detail
    assert smtp_server.handler.received == []


def test_a_reply_warning_is_not_sent_by_email(
    smtp_server: LoopbackController, letter_for: Callable[..., Letter]
) -> None:
    result = _dispatcher(smtp_server).send(Message(letter_for("warning"), to=ADMIN))
    assert result.status == "failed" and "not sent by e-mail" in result.detail


def test_a_hand_built_letter_with_a_bad_reference_fails(
    smtp_server: LoopbackController, letter_for: Callable[..., Letter]
) -> None:
    letter = replace(letter_for("deletion_request"), reference="CP-1\r\nBcc: victim@example.org")
    result = _dispatcher(smtp_server).send(Message(letter, to=ADMIN))
    assert result.status == "failed" and "reference" in result.detail
    assert smtp_server.handler.received == []
