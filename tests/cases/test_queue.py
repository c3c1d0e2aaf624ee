from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from case_builders import Staff, result

from cyberpatrol.cases import Hotline, QueueFilter
from cyberpatrol.cases.queue import CLAIM_TTL
from cyberpatrol.errors import AccessDenied, Conflict, NotFound
from cyberpatrol.model import Indicator


def test_flagged_posts_enter_the_queue_once(queued: Hotline, staff: Staff) -> None:
    assert queued.enqueue_flagged() == 0
    rows, total = queued.queue(staff.viewer, QueueFilter())
    assert total == 4
    assert [r.external_id for r in rows] == ["c", "a", "b", "d"]  # highest score first
    assert all(r.status == "open" and r.source == "scan" for r in rows)


def test_queue_filters(queued: Hotline, staff: Staff) -> None:
    rows, total = queued.queue(staff.viewer, QueueFilter(platform="instagram"))
    assert total == 1 and rows[0].external_id == "b"
    rows, total = queued.queue(staff.viewer, QueueFilter(limit=2, offset=2))
    assert total == 4 and [r.external_id for r in rows] == ["b", "d"]
    future = datetime(2100, 1, 1, tzinfo=UTC)
    assert queued.queue(staff.viewer, QueueFilter(since=future))[1] == 0
    assert queued.queue(staff.viewer, QueueFilter(status="closed"))[1] == 0


def test_two_analysts_never_hold_the_same_case(queued: Hotline, staff: Staff) -> None:
    case = queued.queue(staff.viewer, QueueFilter())[0][0]
    held = queued.claim(staff.analyst, case.id)
    assert held.claimed_by == "ana"
    with pytest.raises(Conflict, match="ana さんが担当中"):
        queued.claim(staff.analyst2, case.id)
    queued.claim(staff.analyst, case.id)  # re-claiming one's own case is fine
    # An abandoned claim expires.
    later = datetime.now(UTC) + CLAIM_TTL * 2
    assert queued.claim(staff.analyst2, case.id, now=later).claimed_by == "ana2"


def test_release_is_for_the_holder_or_a_supervisor(queued: Hotline, staff: Staff) -> None:
    case = queued.queue(staff.viewer, QueueFilter())[0][0]
    queued.claim(staff.analyst, case.id)
    with pytest.raises(Conflict):
        queued.release(staff.analyst2, case.id)
    queued.release(staff.supervisor, case.id)
    assert queued.case(staff.viewer, case.id).claimed_by is None


def test_viewers_cannot_claim_and_unknown_cases_are_not_found(
    queued: Hotline, staff: Staff
) -> None:
    case = queued.queue(staff.viewer, QueueFilter())[0][0]
    with pytest.raises(AccessDenied):
        queued.claim(staff.viewer, case.id)
    with pytest.raises(NotFound):
        queued.case(staff.viewer, 999_999)
    with pytest.raises(NotFound):
        queued.release(staff.supervisor, 999_999)


def test_cases_sharing_a_contact_point_are_related(hotline: Hotline, staff: Staff) -> None:
    phone = Indicator("phone", "+819012345678", 0, 13, "090-1234-5678")
    tg = Indicator("telegram", "yami_job", 14, 23, "@yami_job")
    posts = [
        replace(result("a1", 0.9), indicators=(phone, tg)),
        replace(result("a2", 0.8), indicators=(phone,)),
        replace(result("a3", 0.7), indicators=(phone, tg)),
        replace(result("a4", 0.95), indicators=()),
    ]
    hotline.store.save(posts)
    hotline.enqueue_flagged()
    ids = {n: hotline.case_id_of("x", n) for n in ("a1", "a2", "a3", "a4")}
    rel = hotline.related(staff.viewer, ids["a1"])  # type: ignore[arg-type]
    assert [r.external_id for r in rel] == ["a3", "a2"]  # two shared before one
    assert set(rel[0].shared) == {"phone:+819012345678", "telegram:yami_job"}
    assert hotline.related(staff.viewer, ids["a4"]) == []  # type: ignore[arg-type]
