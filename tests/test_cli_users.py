"""``cyberpatrol user …`` end to end, and scan feeding the review queue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cyberpatrol.cases import Hotline, QueueFilter
from cyberpatrol.cases.roles import Actor, role
from cyberpatrol.cli import app

runner = CliRunner()
PASSWORD = "a very long passphrase\n"


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'h.db'}"


def test_user_lifecycle(tmp_path: Path) -> None:
    db = _db(tmp_path)
    r = runner.invoke(
        app,
        ["user", "add", "alice", "--role", "supervisor", "--password-stdin", "--db", db],
        input=PASSWORD,
    )
    assert r.exit_code == 0, r.output
    listed = runner.invoke(app, ["user", "list", "--db", db])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert rows == [{**rows[0], "username": "alice", "role": "supervisor", "active": True}]
    assert "hash" not in listed.stdout
    assert runner.invoke(app, ["user", "role", "alice", "viewer", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["user", "disable", "alice", "--db", db]).exit_code == 0
    with Hotline.open(db) as h:
        assert h.user("alice").role == "viewer" and not h.user("alice").active
    token = runner.invoke(app, ["user", "token", "alice", "--name", "bot", "--db", db])
    assert token.exit_code == 0 and token.stdout.strip().startswith("cpt_")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["user", "add", "bob", "--password-stdin"], "short\n", "12文字以上"),
        (["user", "add", "bob", "--role", "god", "--password-stdin"], PASSWORD, "unknown role"),
        (["user", "passwd", "nobody", "--password-stdin"], PASSWORD, "存在しません"),
    ],
)
def test_user_errors_are_clear(tmp_path: Path, args: list[str], stdin: str, message: str) -> None:
    r = runner.invoke(app, [*args, "--db", _db(tmp_path)], input=stdin)
    assert r.exit_code == 2
    assert message in r.output


def test_scan_into_the_store_fills_the_review_queue(tmp_path: Path) -> None:
    db = _db(tmp_path)
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        "\n".join(
            json.dumps({"id": str(i), "text": text}, ensure_ascii=False)
            for i, text in enumerate(
                [
                    "【即日即金】ホワイト案件！受け子できる人募集。日給5万円、詳細はテレグラム @white_88",
                    "今日は雨なので家でカレーを作りました",
                ]
            )
        ),
        encoding="utf-8",
    )
    first = runner.invoke(app, ["scan", "--db", db, str(posts)])
    assert first.exit_code == 0 and "review queue: 1 new cases" in first.stderr
    again = runner.invoke(app, ["scan", "--db", db, str(posts)])
    assert again.exit_code == 0 and "review queue" not in again.stderr
    with Hotline.open(db) as h:
        rows, total = h.queue(_viewer(), QueueFilter())
    assert total == 1 and rows[0].external_id == "0"


def _viewer() -> Actor:
    return Actor(None, "test", role("viewer"))


def test_users_work_for_an_organisation(tmp_path: Path) -> None:
    from cyberpatrol.sharing.orgs import create_org

    db = _db(tmp_path)
    add = ["user", "add", "kato", "--role", "analyst", "--password-stdin", "--db", db]
    unknown = runner.invoke(app, [*add, "--org", "nowhere"], input=PASSWORD)
    assert unknown.exit_code == 2 and "組織「nowhere」は登録されていません" in unknown.output
    with Hotline.open(db) as h, h.store.transaction("test") as conn:
        create_org(conn, "bank_a", "A銀行", "bank")
    assert runner.invoke(app, [*add, "--org", "bank_a"], input=PASSWORD).exit_code == 0
    local = ["user", "add", "alice", "--password-stdin", "--db", db]
    assert runner.invoke(app, local, input=PASSWORD).exit_code == 0
    listed = runner.invoke(app, ["user", "list", "--db", db])
    orgs = {
        row["username"]: row["organisation"] for row in map(json.loads, listed.stdout.splitlines())
    }
    assert orgs == {"alice": "local", "kato": "bank_a"}
