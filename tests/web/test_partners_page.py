"""The supervisors' partners page: organisations, their tokens and their usage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from web_helpers import PASSWORD, login

from cyberpatrol.cases import Actor, Hotline
from cyberpatrol.cases.audit import record
from cyberpatrol.cases.roles import role
from cyberpatrol.sharing.orgs import create_org
from cyberpatrol.sharing.tokens import create_token, revoke_token

HOSTILE_LABEL = "<script>alert('bank')</script>"


@pytest.fixture
def partners(hotline: Hotline) -> Hotline:
    """Two partners: bank_a with two tokens (one revoked) and calls, telco with none."""
    with hotline.store.transaction("test") as conn:
        create_org(conn, "bank_a", HOSTILE_LABEL, "bank")
        create_org(conn, "telco", "C通信", "telecom")
        token, _ = create_token(conn, "bank_a", "lookups", ["lookup"], created_by="admin")
        old, _ = create_token(conn, "bank_a", "old", ["export"], created_by="admin")
        revoke_token(conn, old.id)
        caller = Actor(None, token.caller, role("viewer"), "198.51.100.7")
        detail = {"organisation": "bank_a", "token": token.prefix}
        for _ in range(3):
            record(conn, caller, "partner.lookup", "lookup", {**detail, "asked": 2, "flagged": 1})
        record(conn, caller, "partner.export", "export", detail)
        long_ago = datetime.now(UTC) - timedelta(days=45)
        record(conn, caller, "partner.lookup", "lookup", {**detail, "asked": 9}, at=long_ago)
    return hotline


def test_partners_is_for_supervisors(client: TestClient, partners: Hotline) -> None:
    login(client, "ana")
    assert client.get("/partners").status_code == 403
    assert 'href="/partners"' not in client.get("/queue").text
    login(client, "sup")
    assert '<a href="/partners">連携先</a>' in client.get("/queue").text
    assert client.get("/partners").status_code == 200


def test_it_needs_a_login(client: TestClient) -> None:
    r = client.get("/partners", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_tokens_and_usage_of_the_last_30_days(client: TestClient, partners: Hotline) -> None:
    login(client, "sup")
    page = client.get("/partners").text
    assert "C通信" in page and "運用組織" in page
    assert page.count("<code>cpp_") == 2
    assert "lookup" in page and "失効" in page and "有効" in page
    usage = page[page.index("partner.lookup") :]
    cells = [c for c in usage.split("</tr>")[0].split("<td") if c]
    assert ' class="count">3</td>' in cells[1]  # three calls; the one 45 days ago left out
    assert ' class="count">6</td>' in cells[2]  # values asked
    assert "partner.export" in page
    assert "過去30日 4 回" in page


def test_labels_are_escaped(client: TestClient, partners: Hotline) -> None:
    login(client, "sup")
    page = client.get("/partners").text
    assert HOSTILE_LABEL not in page and "&lt;script&gt;alert(&#39;bank&#39;)" in page


def test_another_organisations_supervisor_sees_only_its_own(
    client: TestClient, partners: Hotline
) -> None:
    partners.create_user("tsup", PASSWORD, role_name="supervisor", organisation="telco")
    login(client, "tsup")
    page = client.get("/partners").text
    assert "C通信" in page and "cpp_" not in page and "運用組織" not in page
