"""Post texts are written by criminals: hostile values must not inject or break anything."""

from __future__ import annotations

import email
import time
from collections.abc import Callable
from email import policy
from pathlib import Path

import pytest

from cyberpatrol.actions import Letter, LetterRenderer, Message, SmtpDispatcher

from .conftest import LoopbackController, make_context

INJECTION = "募集中\r\nBcc: victim@example.org\r\nSubject: 当選のお知らせ\r\n\r\n本文"
HOSTILE = {
    "script": "<script>alert('闇バイト')</script><img src=x onerror=alert(1)>",
    "crlf": INJECTION,
    "bare_lf": "a\nBcc: victim@example.org",
    "bidi": "報酬\u202e000,01\u202c円 \u2066https://evil.example.com\u2069",
    "nul": "即日\x00即金\x1b[31m",
    "jinja": "{{ sender.email }} {% raw %} {{ 7*7 }} {# #}",
    "line_separators": "一\u2028二\u2029三\x85四",
}


def _all_headers(raw: bytes) -> bytes:
    return raw.split(b"\r\n\r\n", 1)[0]


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("kind", ["deletion_request", "suspension_request", "warning"])
def test_hostile_values_render_plainly(
    letter_for: Callable[..., Letter], name: str, kind: str
) -> None:
    value = HOSTILE[name]
    letter = letter_for(kind, excerpt=value, account=value, recipient=value, category=value)
    assert "\n" not in letter.subject and "\r" not in letter.subject
    for text in (letter.subject, letter.body):
        assert "\r" not in text and "\x00" not in text and "\x1b" not in text
        assert not any(
            ch in text for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        )
        assert "{{" not in text or name == "jinja"  # values are data, never template code
    assert "49" not in letter.body  # {{ 7*7 }} in a value is not evaluated
    if kind != "warning":
        assert "\nBcc:" not in letter.body  # an injected line stays inside the quote or the line


def test_script_tags_stay_literal_text(letter_for: Callable[..., Letter]) -> None:
    letter = letter_for("deletion_request", excerpt=HOSTILE["script"])
    assert "　> <script>alert('闇バイト')</script>" in letter.body  # plain text: not escaped
    assert "&lt;" not in letter.body


def test_bidi_controls_are_reported(letter_for: Callable[..., Letter]) -> None:
    letter = letter_for("deletion_request", excerpt=HOSTILE["bidi"])
    assert "報酬000,01円 hxxps://evil[.]example[.]com" in letter.body
    assert any("4 bidirectional" in w for w in letter.warnings)


def test_a_megabyte_post_renders_quickly(letter_for: Callable[..., Letter]) -> None:
    text = ("闇バイト 即日即金 https://evil.example.com/" + "\u202e" + " " * 50 + "\n") * 20_000
    assert len(text) > 1_000_000
    started = time.perf_counter()
    letter = letter_for("deletion_request", excerpt=text, account=text, recipient=text)
    assert time.perf_counter() - started < 2.0
    assert letter.truncated
    assert any("excerpt was cut to 200" in w for w in letter.warnings)
    assert len(letter.body) < 5000


def test_injection_through_a_platform_name_cannot_add_headers(
    smtp_server: LoopbackController, tmp_path: Path
) -> None:
    platforms = tmp_path / "platforms.toml"
    platforms.write_text(
        '[platform.bbs]\nname = "掲示板\\r\\nBcc: victim@example.org"\nreply_limit = 500\n'
        'counting = "codepoints"\ndelivery = "manual"\n',
        encoding="utf-8",
    )
    renderer = LetterRenderer(platforms=platforms)
    context = make_context(
        platform="bbs", excerpt=INJECTION, account=INJECTION, recipient=INJECTION
    )
    letter = renderer.render("suspension_request", context)
    assert "Bcc: victim@example.org" in letter.subject  # flattened onto the subject line

    dispatcher = SmtpDispatcher(
        "127.0.0.1", smtp_server.port, sender="cyberpatrol@example.org", starttls=False, timeout=5
    )
    result = dispatcher.send(Message(letter, to="abuse@example.org"))

    assert result.status == "sent", result.detail
    (envelope,) = smtp_server.handler.received
    assert envelope.rcpt_tos == ["abuse@example.org"]
    raw = envelope.original_content or envelope.content
    received = email.message_from_bytes(raw, policy=policy.default)
    assert received["Bcc"] is None and received.get_all("Subject") is not None
    assert len(received.get_all("Subject")) == 1
    assert b"victim@example.org" not in _all_headers(raw)  # only inside the encoded subject
    assert "victim@example.org" in str(received["Subject"])
