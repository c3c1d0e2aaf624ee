from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from case_builders import PASSWORD, Staff
from sqlalchemy import select

from cyberpatrol.cases import Hotline
from cyberpatrol.cases import sessions as sess
from cyberpatrol.errors import AccessDenied, Conflict, WorkflowError
from cyberpatrol.store.tables import api_tokens, users, web_sessions


def test_login_opens_a_session_with_a_csrf_token(hotline: Hotline, staff: Staff) -> None:
    user, secret = hotline.login("ana", PASSWORD, ip="198.51.100.7")
    session = hotline.session(secret)
    assert session is not None and session.user.id == user.id
    assert session.csrf_ok(session.csrf_token)
    assert not session.csrf_ok("") and not session.csrf_ok(None)
    assert not session.csrf_ok(session.csrf_token + "x")
    with hotline.store.transaction("t") as conn:
        stored = conn.execute(select(web_sessions.c.id)).scalars().all()
    assert secret not in stored  # only the hash is kept
    hotline.logout(secret, user.actor())
    assert hotline.session(secret) is None


def test_wrong_password_and_unknown_user_fail_alike(hotline: Hotline, staff: Staff) -> None:
    with pytest.raises(AccessDenied) as wrong:
        hotline.login("ana", "not the password!!", ip="x")
    with pytest.raises(AccessDenied) as unknown:
        hotline.login("nobody", PASSWORD, ip="x")
    assert str(wrong.value) == str(unknown.value)
    assert not wrong.value.authenticated


def test_passwords_are_argon2_hashes(hotline: Hotline, staff: Staff) -> None:
    with hotline.store.transaction("t") as conn:
        hashes = conn.execute(select(users.c.password_hash)).scalars().all()
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_disabled_users_cannot_log_in_and_lose_their_sessions(
    hotline: Hotline, staff: Staff
) -> None:
    _, secret = hotline.login("ana", PASSWORD, ip="x")
    hotline.set_active("ana", False)
    assert hotline.session(secret) is None
    with pytest.raises(AccessDenied):
        hotline.login("ana", PASSWORD, ip="x")
    hotline.set_active("ana", True)
    hotline.login("ana", PASSWORD, ip="x")


def test_sessions_expire(hotline: Hotline, staff: Staff) -> None:
    user = hotline.user("ana")
    later = datetime.now(UTC) + sess.LIFETIME + timedelta(minutes=1)
    with hotline.store.transaction("t") as conn:
        secret = sess.start(conn, user, ip="x")
        assert sess.lookup(conn, secret) is not None
        assert sess.lookup(conn, secret, now=later) is None
        assert sess.purge_expired(conn, now=later) >= 1


@pytest.mark.parametrize(
    ("name", "password", "error"),
    [
        ("ok-name", "short", "12文字以上"),
        ("ok-name", "x" * 2000, "1024文字以下"),
        ("Bad Name", PASSWORD, "ユーザー名"),
        ("<script>", PASSWORD, "ユーザー名"),
    ],
)
def test_user_creation_checks_its_input(
    hotline: Hotline, name: str, password: str, error: str
) -> None:
    with pytest.raises(WorkflowError, match=error):
        hotline.create_user(name, password, role_name="analyst")


def test_user_names_are_unique(hotline: Hotline, staff: Staff) -> None:
    with pytest.raises(Conflict):
        hotline.create_user("ana", PASSWORD, role_name="viewer")


def test_only_managers_manage_users(hotline: Hotline, staff: Staff) -> None:
    with pytest.raises(AccessDenied):
        hotline.create_user("eve", PASSWORD, role_name="admin", actor=staff.supervisor)
    with pytest.raises(AccessDenied):
        hotline.set_role("ana", "admin", actor=staff.analyst)
    hotline.set_password("ana", "another long passphrase", actor=staff.analyst)  # own password
    with pytest.raises(AccessDenied):
        hotline.set_password("sup", "another long passphrase", actor=staff.analyst)


def test_api_tokens_authenticate_until_revoked(hotline: Hotline, staff: Staff) -> None:
    user = hotline.user("ana")
    token, secret = hotline.create_token(user, "screening bot", actor=staff.analyst)
    assert secret.startswith("cpt_") and token.prefix == secret[:10]
    actor = hotline.authenticate_token(secret, ip="203.0.113.9")
    assert actor.username == "ana" and actor.can("work")
    with hotline.store.transaction("t") as conn:
        stored = conn.execute(select(api_tokens.c.token_sha256)).scalars().all()
        assert secret not in stored
        from cyberpatrol.cases import users as u

        u.revoke_token(conn, token.id, owner=user)
    with pytest.raises(AccessDenied):
        hotline.authenticate_token(secret)
    for bogus in ("", "cpt_", "cpt_" + "A" * 43, "Bearer x", "cpt_" + "x" * 500):
        with pytest.raises(AccessDenied):
            hotline.authenticate_token(bogus)


def test_repeated_failures_lock_the_account_for_a_while(hotline: Hotline, staff: Staff) -> None:
    from cyberpatrol.cases.service import LOGIN_FAILURES

    for _ in range(LOGIN_FAILURES):
        with pytest.raises(AccessDenied, match="パスワードが違います"):
            hotline.login("ana", "wrong password!!", ip="203.0.113.1")
    with pytest.raises(AccessDenied, match="しばらく"):
        hotline.login("ana", PASSWORD, ip="198.51.100.2")  # even the right one, elsewhere
    hotline.login("sup", PASSWORD, ip="203.0.113.1")  # other accounts from that address still work
