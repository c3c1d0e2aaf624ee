"""Per-partner usage from the audit log (``sharing.usage.partner_usage``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cyberpatrol.cases.audit import record
from cyberpatrol.cases.roles import Actor, role
from cyberpatrol.sharing.usage import partner_usage
from cyberpatrol.store import Store

NOW = datetime.now(UTC)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        calls: list[tuple[str, str, str, dict[str, Any], datetime]] = [
            ("bank_a", "cpp_aaaaaa", "partner.lookup", {"asked": 1, "flagged": 1}, NOW),
            ("bank_a", "cpp_aaaaaa", "partner.lookup", {"asked": 10, "flagged": 0}, NOW),
            ("bank_a", "cpp_bbbbbb", "partner.lookup", {"asked": 5, "flagged": 2}, NOW),
            ("bank_a", "cpp_aaaaaa", "partner.export", {"format": "stix"}, NOW),
            ("telco_c", "cpp_cccccc", "partner.lookup", {"asked": 1, "flagged": 0}, NOW),
            ("telco_c", "cpp_cccccc", "partner.lookup", {"asked": 99}, NOW - timedelta(days=40)),
        ]
        with opened.transaction("test") as conn:
            for org, token, action, detail, at in calls:
                actor = Actor(None, f"partner:{org}/{token}", role("viewer"), "192.0.2.9")
                record(
                    conn, actor, action, "t", {"organisation": org, "token": token, **detail}, at=at
                )
            # Not partner calls: a person's actions, and a CLI change naming an organisation.
            record(conn, Actor(None, "ana", role("analyst"), ""), "case.view", "case:1")
            record(
                conn,
                Actor(None, "cli:root", role("admin"), "local"),
                "partner_token.create",
                "partner_token:1",
                {"organisation": "bank_a"},
            )
        yield opened


def _rows(store: Store, **kw: Any) -> list[tuple[str, str, int, int, int, int]]:
    with store.transaction("test") as conn:
        return [
            (u.organisation, u.action, u.calls, u.asked, u.flagged, u.tokens)
            for u in partner_usage(conn, **kw)
        ]


def test_usage_per_organisation_and_action(store: Store) -> None:
    assert _rows(store, since=NOW - timedelta(days=30)) == [
        ("bank_a", "partner.export", 1, 0, 0, 1),
        ("bank_a", "partner.lookup", 3, 16, 3, 2),
        ("telco_c", "partner.lookup", 1, 1, 0, 1),
    ]


def test_the_period_and_the_organisation_filter(store: Store) -> None:
    assert _rows(store, organisation="telco_c") == [("telco_c", "partner.lookup", 2, 100, 0, 1)]
    old = _rows(store, until=NOW - timedelta(days=30))
    assert old == [("telco_c", "partner.lookup", 1, 99, 0, 1)]
    assert _rows(store, since=NOW + timedelta(seconds=1)) == []


def test_first_and_last_call(store: Store) -> None:
    with store.transaction("test") as conn:
        (telco,) = partner_usage(conn, organisation="telco_c")
    assert telco.first_at < NOW - timedelta(days=39)
    assert abs(telco.last_at - NOW) < timedelta(seconds=1)
    assert telco.to_dict()["last_at"] == telco.last_at.isoformat()
