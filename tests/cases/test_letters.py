"""Letters about cases: drafted from the case, sent through real SMTP on loopback, recorded."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from case_builders import Staff, result

from cyberpatrol.actions import SmtpDispatcher
from cyberpatrol.cases import Hotline
from cyberpatrol.errors import AccessDenied, Conflict, WorkflowError

URL = "https://x.com/yami_recruit/status/1234567890"


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[_Inbox, int]]:
    handler = _Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd's start() checks it can connect)
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def judged(hotline: Hotline, staff: Staff) -> int:
    r = result("p1", 0.95)
    hotline.store.save([replace(r, item=replace(r.item, url=URL, author="@yami_recruit"))])
    hotline.enqueue_flagged()
    case_id = hotline.case_id_of("x", "p1")
    assert case_id is not None
    hotline.judge(staff.analyst, case_id, "crime_recruitment", "受け子募集")
    return case_id


def test_a_warning_is_drafted_within_the_platform_limit(
    hotline: Hotline, staff: Staff, judged: int
) -> None:
    letter = hotline.draft_letter(staff.viewer, judged, "warning")
    assert letter.limit == 280 and letter.char_count <= 280
    assert letter.reference.startswith("CP-") and "<script>" not in letter.body


def test_without_a_dispatcher_a_send_is_a_recorded_dry_run(
    hotline: Hotline, staff: Staff, judged: int
) -> None:
    _, outcome = hotline.send_letter(staff.analyst, judged, "warning")
    assert outcome.status == "dry-run"
    (rec,) = hotline.letter_history(staff.viewer, judged)
    assert (rec.kind, rec.status, rec.username, rec.sent_at) == ("warning", "dry-run", "ana", None)
    assert hotline.case(staff.viewer, judged).status == "judged"


def test_a_deletion_request_arrives_by_smtp_and_the_case_is_actioned(
    hotline: Hotline, staff: Staff, judged: int, inbox: tuple[_Inbox, int]
) -> None:
    handler, port = inbox
    hotline.dispatchers["email"] = SmtpDispatcher(
        "127.0.0.1", port, sender="patrol@example.org", starttls=False, timeout=5
    )
    letter, outcome = hotline.send_letter(
        staff.analyst, judged, "deletion_request", to="abuse@example.org"
    )
    assert outcome.status == "sent", outcome.detail
    (mail_from, rcpts, raw) = handler.messages[0]
    assert mail_from == "patrol@example.org" and rcpts == ["abuse@example.org"]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    body = msg.get_body().get_content()  # type: ignore[union-attr]
    assert URL in body and letter.reference in body and letter.reference in str(msg["Subject"])
    (rec,) = hotline.letter_history(staff.viewer, judged)
    assert rec.status == "sent" and rec.sent_at is not None and rec.recipient == "abuse@example.org"
    assert hotline.case(staff.viewer, judged).status == "actioned"


def test_a_failed_send_is_recorded_as_failed(hotline: Hotline, staff: Staff, judged: int) -> None:
    hotline.dispatchers["email"] = SmtpDispatcher(
        "127.0.0.1", 9, sender="patrol@example.org", starttls=False, timeout=2
    )
    _, outcome = hotline.send_letter(
        staff.analyst, judged, "deletion_request", to="abuse@example.org"
    )
    assert outcome.status == "failed"
    (rec,) = hotline.letter_history(staff.viewer, judged)
    assert rec.status == "failed" and rec.sent_at is None
    assert hotline.case(staff.viewer, judged).status == "judged"


def test_letters_need_an_actionable_judgement_a_url_and_the_right_role(
    hotline: Hotline, staff: Staff, judged: int
) -> None:
    with pytest.raises(AccessDenied):
        hotline.send_letter(staff.viewer, judged, "warning")
    hotline.overturn(staff.supervisor, judged, "out_of_scope", "報道の引用")
    with pytest.raises(Conflict):
        hotline.draft_letter(staff.analyst, judged, "warning")
    hotline.store.save([result("nourl", 0.9)])
    hotline.enqueue_flagged()
    other = hotline.case_id_of("x", "nourl")
    assert other is not None
    hotline.judge(staff.analyst, other, "crime_recruitment")
    with pytest.raises(WorkflowError, match="URL"):
        hotline.draft_letter(staff.analyst, other, "deletion_request")
    with pytest.raises(WorkflowError, match="unknown letter kind"):
        hotline.draft_letter(staff.analyst, other, "threat")


def test_a_warning_posted_by_hand_counts_as_sent(
    hotline: Hotline, staff: Staff, judged: int
) -> None:
    hotline.send_letter(staff.analyst, judged, "warning")
    (dry,) = hotline.letter_history(staff.viewer, judged)
    assert hotline.stats(staff.viewer).total["warnings_sent"] == 0
    hotline.confirm_posted(staff.analyst, judged, dry.id)
    records = hotline.letter_history(staff.viewer, judged)
    assert [(r.status, r.channel) for r in records] == [("dry-run", "dry-run"), ("sent", "manual")]
    assert hotline.stats(staff.viewer).total["warnings_sent"] == 1
    with pytest.raises(Conflict):
        hotline.confirm_posted(staff.analyst, judged, records[1].id)  # already a sent one
    with pytest.raises(WorkflowError):
        hotline.confirm_posted(staff.analyst, judged + 1000, dry.id)


@pytest.mark.parametrize(
    ("stored", "key"),
    [
        ("x", "x"),
        ("www.Twitter.com", "x"),
        ("x.com", "x"),
        ("jmty.jp", "jmty"),
        ("mastodon", "mastodon"),
        ("unknown.example", "other"),
    ],
)
def test_stored_platforms_map_to_platforms_toml_keys(stored: str, key: str) -> None:
    from cyberpatrol.actions import LetterRenderer
    from cyberpatrol.cases.letters import platform_key

    assert platform_key(LetterRenderer(), stored) == key


def test_platform_hosts_must_be_a_list_of_names(tmp_path: Path) -> None:
    from cyberpatrol.actions import load_platforms
    from cyberpatrol.errors import ConfigError

    bad = tmp_path / "platforms.toml"
    bad.write_text(
        '[platform.a]\nname = "A"\nreply_limit = 10\ncounting = "codepoints"\n'
        'delivery = "manual"\nhosts = "a.example"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="hosts must be a list"):
        load_platforms(bad)
