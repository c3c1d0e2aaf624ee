"""Partner tokens: only a hash is stored; scoped, expiring, revocable; one refusal for all."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from cyberpatrol.errors import AccessDenied
from cyberpatrol.sharing.orgs import NotFound, create_org
from cyberpatrol.sharing.tokens import (
    PREFIX,
    authenticate,
    create_token,
    get_token,
    list_tokens,
    revoke_token,
)
from cyberpatrol.store import Store, tables


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        with opened.transaction("test") as conn:
            create_org(conn, "bank_a", "A銀行", "bank")
            create_org(conn, "bank_b", "B銀行", "bank")
        yield opened


def _create(
    store: Store, org: str = "bank_a", scopes: tuple[str, ...] = ("lookup",), **kw: int
) -> tuple[int, str]:
    with store.transaction("test") as conn:
        token, secret = create_token(conn, org, "test", list(scopes), created_by="cli:test", **kw)
    return token.id, secret


def _auth(store: Store, secret: str, scope: str = "lookup") -> int:
    with store.transaction("test") as conn:
        return authenticate(conn, secret, scope).id


def test_only_a_hash_of_the_secret_is_stored(store: Store) -> None:
    _, secret = _create(store)
    assert secret.startswith(PREFIX) and len(secret) > 40
    with store.transaction("test") as conn:
        row = conn.execute(select(tables.partner_tokens)).one()
    assert row.token_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(secret in str(v) for v in row)
    assert row.prefix == secret[: len(PREFIX) + 6]


def test_a_token_carries_its_organisation_scopes_rate_and_expiry(store: Store) -> None:
    token_id, secret = _create(
        store, scopes=("export", "lookup", "lookup"), days=30, rate_per_minute=7
    )
    with store.transaction("test") as conn:
        token = get_token(conn, token_id)
    assert token.organisation.name == "bank_a"
    assert token.scopes == ("export", "lookup")
    assert token.rate_per_minute == 7 and token.active()
    assert timedelta(days=29) < token.expires_at - datetime.now(UTC) <= timedelta(days=30)
    assert token.caller == f"partner:bank_a/{secret[:10]}"
    assert token.last_used_at is None
    assert _auth(store, secret, "export") == _auth(store, secret, "lookup") == token_id
    with store.transaction("test") as conn:
        assert get_token(conn, token_id).last_used_at is not None


def _revoked(store: Store, token_id: int) -> None:
    with store.transaction("test") as conn:
        revoke_token(conn, token_id)


def _expired(store: Store, token_id: int) -> None:
    with store.transaction("test") as conn:
        t = tables.partner_tokens
        past = datetime.now(UTC) - timedelta(seconds=1)
        conn.execute(update(t).where(t.c.id == token_id).values(expires_at=past))


@pytest.mark.parametrize(
    ("case", "spoil", "scope"),
    [
        ("revoked", _revoked, "lookup"),
        ("expired", _expired, "lookup"),
        ("out of scope", None, "taxii"),
        ("unknown scope", None, "admin"),
    ],
)
def test_refusals_are_identical(store: Store, case: str, spoil: object, scope: str) -> None:
    token_id, secret = _create(store)
    if callable(spoil):
        spoil(store, token_id)
    refusals = []
    for attempt, asked in [
        (secret, scope),  # the spoiled token
        (PREFIX + "x" * 43, "lookup"),  # unknown
        (secret[:-1], "lookup"),  # one character short
        ("cpt_" + secret[4:], "lookup"),  # a user's API token, not a partner's
        ("", "lookup"),
        (PREFIX + "x" * 300, "lookup"),  # absurdly long
    ]:
        with pytest.raises(AccessDenied) as caught:
            _auth(store, attempt, asked)
        refusals.append((str(caught.value), caught.value.authenticated))
    assert len(set(refusals)) == 1, case


def test_revoking(store: Store) -> None:
    token_id, secret = _create(store)
    other_id, other = _create(store, "bank_b")
    with store.transaction("test") as conn, pytest.raises(NotFound):
        revoke_token(conn, token_id, "nobody")
    with store.transaction("test") as conn:
        with pytest.raises(ValueError, match="no partner token"):
            revoke_token(conn, token_id, "bank_b")  # not bank_b's
        with pytest.raises(ValueError, match="no partner token"):
            revoke_token(conn, 999)
    assert _auth(store, secret) == token_id
    with store.transaction("test") as conn:
        revoke_token(conn, token_id, "bank_a")
        revoke_token(conn, token_id)  # twice: harmless
        revoked_at = get_token(conn, token_id).revoked_at
        assert revoked_at is not None and not get_token(conn, token_id).active()
    with pytest.raises(AccessDenied):
        _auth(store, secret)
    assert _auth(store, other) == other_id


def test_listing(store: Store) -> None:
    a, _ = _create(store)
    b, _ = _create(store, "bank_b")
    with store.transaction("test") as conn:
        assert [t.id for t in list_tokens(conn)] == [a, b]
        assert [t.id for t in list_tokens(conn, "bank_b")] == [b]
        with pytest.raises(NotFound):
            list_tokens(conn, "nobody")
        with pytest.raises(ValueError, match="no partner token"):
            get_token(conn, 999)


@pytest.mark.parametrize(
    ("org", "scopes", "kw", "message"),
    [
        ("bank_a", (), {}, "scopes"),
        ("bank_a", ("lookup", "admin"), {}, "admin"),
        ("bank_a", ("lookup",), {"days": 0}, "days"),
        ("bank_a", ("lookup",), {"days": 367}, "days"),
        ("bank_a", ("lookup",), {"rate_per_minute": 0}, "rate_per_minute"),
        ("bank_a", ("lookup",), {"rate_per_minute": 10_001}, "rate_per_minute"),
    ],
)
def test_bad_tokens_are_refused(
    store: Store, org: str, scopes: tuple[str, ...], kw: dict[str, int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _create(store, org, scopes, **kw)


def test_the_audit_name_fits_the_audit_log(store: Store) -> None:
    longest = "b" * 64
    with store.transaction("test") as conn:
        create_org(conn, longest, "長い名前の組織", "bank")
        token, secret = create_token(conn, longest, "t", ["lookup"], created_by="t")
    assert len(token.caller) == 64 and token.caller.endswith("/" + secret[:10])


def test_a_token_for_an_unknown_organisation_is_refused(store: Store) -> None:
    with pytest.raises(NotFound):
        _create(store, "nobody")
