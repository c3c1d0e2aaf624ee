from __future__ import annotations

import pytest
from case_builders import Staff
from sqlalchemy import delete, update

from cyberpatrol.cases import Hotline, QueueFilter
from cyberpatrol.errors import AccessDenied, StoreError
from cyberpatrol.store.tables import audit_log


def test_every_step_is_audited_with_who_and_where(queued: Hotline, staff: Staff) -> None:
    case_id = queued.queue(staff.viewer, QueueFilter())[0][0].id
    queued.case(staff.analyst, case_id)
    queued.judge(staff.analyst, case_id, "crime_recruitment", "理由")
    with pytest.raises(AccessDenied):
        queued.login("ana", "wrong password!!", ip="203.0.113.5")
    log = queued.audit_log(staff.supervisor)
    actions = [(e.username, e.action) for e in log]
    assert ("ana", "case.view") in actions
    assert ("ana", "case.judge") in actions
    assert ("ana", "login.failed") in actions
    assert any(e.action == "user.create" and e.username.startswith("cli:") for e in log)
    failed = next(e for e in log if e.action == "login.failed")
    assert failed.ip == "203.0.113.5" and "wrong" not in str(failed.detail)
    assert [e.id for e in log] == sorted((e.id for e in log), reverse=True)


def test_analysts_cannot_read_the_audit_log(queued: Hotline, staff: Staff) -> None:
    with pytest.raises(AccessDenied):
        queued.audit_log(staff.analyst)


@pytest.mark.parametrize("statement", ["update", "delete"])
def test_the_database_refuses_to_rewrite_the_log(
    queued: Hotline, staff: Staff, statement: str
) -> None:
    stmt = (
        update(audit_log).values(username="mallory") if statement == "update" else delete(audit_log)
    )
    with pytest.raises(StoreError, match="append-only"), queued.store.transaction("t") as conn:
        conn.execute(stmt)
    assert queued.audit_log(staff.supervisor)
