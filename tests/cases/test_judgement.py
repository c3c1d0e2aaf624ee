from __future__ import annotations

import pytest
from case_builders import Staff

from cyberpatrol.cases import Hotline, QueueFilter
from cyberpatrol.errors import AccessDenied, Conflict, WorkflowError


def _first(h: Hotline, staff: Staff) -> int:
    return h.queue(staff.viewer, QueueFilter())[0][0].id


def test_judging_closes_the_claim_and_moves_the_case(queued: Hotline, staff: Staff) -> None:
    case_id = _first(queued, staff)
    queued.claim(staff.analyst, case_id)
    queued.judge(staff.analyst, case_id, "crime_recruitment", "受け子募集、報酬と連絡先あり")
    case = queued.case(staff.viewer, case_id)
    assert case.judgement == "crime_recruitment" and case.status == "judged"
    assert case.claimed_by is None
    assert queued.queue(staff.viewer, QueueFilter())[1] == 3  # left the open queue


def test_out_of_scope_closes_the_case(queued: Hotline, staff: Staff) -> None:
    case_id = _first(queued, staff)
    queued.judge(staff.analyst, case_id, "out_of_scope")  # claims on the way
    assert queued.case(staff.viewer, case_id).status == "closed"


def test_a_case_claimed_by_another_cannot_be_judged(queued: Hotline, staff: Staff) -> None:
    case_id = _first(queued, staff)
    queued.claim(staff.analyst, case_id)
    with pytest.raises(Conflict):
        queued.judge(staff.analyst2, case_id, "crime_recruitment")


def test_a_judged_case_changes_only_by_overturn(queued: Hotline, staff: Staff) -> None:
    case_id = _first(queued, staff)
    queued.judge(staff.analyst, case_id, "crime_recruitment")
    with pytest.raises(Conflict, match="判断済み"):
        queued.judge(staff.analyst2, case_id, "out_of_scope")
    with pytest.raises(AccessDenied):
        queued.overturn(staff.analyst, case_id, "out_of_scope", "誤検知")
    with pytest.raises(WorkflowError, match="理由"):
        queued.overturn(staff.supervisor, case_id, "out_of_scope", "  ")
    queued.overturn(staff.supervisor, case_id, "out_of_scope", "報道記事の引用")
    case = queued.case(staff.viewer, case_id)
    assert case.judgement == "out_of_scope" and case.status == "closed"
    history = queued.history(staff.viewer, case_id)
    assert [(j.kind, j.category, j.username) for j in history] == [
        ("judgement", "crime_recruitment", "ana"),
        ("overturn", "out_of_scope", "sup"),
    ]


def test_unknown_categories_and_viewers_are_refused(queued: Hotline, staff: Staff) -> None:
    case_id = _first(queued, staff)
    with pytest.raises(WorkflowError, match="unknown judgement category"):
        queued.judge(staff.analyst, case_id, "spam")
    with pytest.raises(AccessDenied):
        queued.judge(staff.viewer, case_id, "crime_recruitment")
