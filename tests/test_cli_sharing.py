"""``cyberpatrol org|group|partner-token …`` and ``cyberpatrol usage`` end to end."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cyberpatrol.cases import Hotline
from cyberpatrol.cases.audit import entries, record
from cyberpatrol.cases.roles import Actor, role
from cyberpatrol.cli import app
from cyberpatrol.errors import AccessDenied
from cyberpatrol.sharing.tokens import authenticate

runner = CliRunner()


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'h.db'}"


def _ok(*args: str) -> Any:
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return r


def _lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_organisations_and_groups(tmp_path: Path) -> None:
    db = _db(tmp_path)
    _ok("org", "add", "bank_a", "--label", "A銀行", "--kind", "bank", "--db", db)
    _ok("org", "add", "telco_c", "--label", "C通信", "--kind", "telecom", "--db", db)
    orgs = _lines(_ok("org", "list", "--db", db).stdout)
    assert [(o["name"], o["kind"]) for o in orgs] == [
        ("local", "hotline"),
        ("bank_a", "bank"),
        ("telco_c", "telecom"),
    ]
    added = _ok(
        "group", "add", "banks", "--label", "銀行", "--owner", "bank_a", "--member", "local",
        "--db", db,
    )  # fmt: skip
    assert added.stdout == "" and "banks" in added.stderr
    _ok("group", "members", "banks", "--member", "telco_c", "--db", db)
    (group,) = _lines(_ok("group", "list", "--db", db).stdout)
    assert group == {**group, "name": "banks", "owner": "bank_a", "members": ["bank_a", "telco_c"]}
    with Hotline.open(db) as h, h.store.transaction("test") as conn:
        log = {e.action: e for e in entries(conn)}
    assert {"org.create", "group.create", "group.members"} <= set(log)
    assert log["group.members"].detail == {
        "before": ["local", "bank_a"],
        "after": ["bank_a", "telco_c"],
    }
    assert log["org.create"].username.startswith("cli:")


def test_partner_tokens(tmp_path: Path) -> None:
    db = _db(tmp_path)
    _ok("org", "add", "bank_a", "--label", "A銀行", "--kind", "bank", "--db", db)
    created = _ok(
        "partner-token", "create", "bank_a", "--name", "fraud desk", "--scope", "lookup",
        "--scope", "export", "--days", "30", "--rate", "60", "--db", db,
    )  # fmt: skip
    secret = created.stdout.strip()
    assert secret.startswith("cpp_") and "\n" not in secret
    assert "shown only now" in created.stderr and secret not in created.stderr
    with Hotline.open(db) as h, h.store.transaction("test") as conn:
        assert authenticate(conn, secret, "export").organisation.name == "bank_a"
    listed = _ok("partner-token", "list", "bank_a", "--db", db).stdout
    assert secret not in listed and "sha256" not in listed
    (token,) = _lines(listed)
    assert token == {
        **token,
        "organisation": "bank_a",
        "name": "fraud desk",
        "scopes": ["export", "lookup"],
        "rate_per_minute": 60,
        "active": True,
        "revoked_at": None,
    }
    assert _ok("partner-token", "list", "local", "--db", db).stdout == ""
    _ok("partner-token", "revoke", str(token["id"]), "--db", db)
    (token,) = _lines(_ok("partner-token", "list", "--db", db).stdout)
    assert not token["active"] and token["revoked_at"]
    with Hotline.open(db) as h, h.store.transaction("test") as conn:
        with pytest.raises(AccessDenied):
            authenticate(conn, secret, "lookup")
        log = {e.action: e for e in entries(conn)}
    assert log["partner_token.create"].detail["scopes"] == ["export", "lookup"]
    assert secret not in json.dumps(log["partner_token.create"].detail)
    assert log["partner_token.revoke"].target == f"partner_token:{token['id']}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["org", "add", "local", "--label", "x"], "exists already"),
        (["org", "add", "Bad Name", "--label", "x"], "organisation name"),
        (["org", "add", "bank_z", "--label", "x", "--kind", "casino"], "organisation kind"),
        (["group", "add", "g1", "--label", "x", "--owner", "nobody"], "no organisation"),
        (["group", "members", "nogroup", "--member", "local"], "no sharing group"),
        (["partner-token", "create", "local", "--scope", "admin"], "scopes"),
        (["partner-token", "create", "local", "--days", "400"], "days"),
        (["partner-token", "create", "nobody"], "no organisation"),
        (["partner-token", "revoke", "42"], "no partner token"),
        (["partner-token", "list", "nobody"], "no organisation"),
    ],
)
def test_errors_are_clear(tmp_path: Path, args: list[str], message: str) -> None:
    r = runner.invoke(app, [*args, "--db", _db(tmp_path)])
    assert r.exit_code == 2, r.output
    assert message in r.stderr and "Traceback" not in r.output


def test_usage(tmp_path: Path) -> None:
    db = _db(tmp_path)
    now = datetime.now(UTC)
    with Hotline.open(db) as h, h.store.transaction("test") as conn:
        actor = Actor(None, "partner:bank_a/cpp_aaaaaa", role("viewer"), "192.0.2.1")
        detail = {"organisation": "bank_a", "token": "cpp_aaaaaa", "asked": 2, "flagged": 1}
        record(conn, actor, "partner.lookup", "bulk:2", detail)
        record(conn, actor, "partner.lookup", "bulk:2", detail, at=now - timedelta(days=45))
    (recent,) = _lines(_ok("usage", "--db", db).stdout)
    assert recent == {**recent, "organisation": "bank_a", "action": "partner.lookup", "calls": 1}
    (both,) = _lines(_ok("usage", "--days", "60", "--org", "bank_a", "--db", db).stdout)
    assert (both["calls"], both["asked"], both["flagged"]) == (2, 4, 2)
    assert _ok("usage", "--org", "telco_c", "--db", db).stdout == ""
