"""Errors come out as StoreError with the password masked; URL selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_builders import make_result

from cyberpatrol.errors import StoreError
from cyberpatrol.store import DEFAULT_URL, ENV_VAR, Store, database_url, mask_url
from cyberpatrol.store.url import parse_url


def test_unreachable_postgres_masks_password() -> None:
    url = "postgresql+psycopg://patrol:s3cr3t-pw@127.0.0.1:1/nowhere?connect_timeout=2"
    with pytest.raises(StoreError) as info:
        Store.open(url)
    message = str(info.value)
    assert "s3cr3t-pw" not in message
    assert "cannot open database" in message
    assert "***" in message
    assert "127.0.0.1:1" in message


def test_wrong_password_is_masked(store_url: str) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("passwords only exist on PostgreSQL")
    bad = parse_url(store_url).set(password="wrong-secret-1")
    with pytest.raises(StoreError) as info:
        Store.open(bad.render_as_string(hide_password=False))
    assert "wrong-secret-1" not in str(info.value)
    assert "password authentication failed" in str(info.value)


def test_sqlite_in_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")


@pytest.mark.parametrize("url", ["mysql://u:pw@h/db", "not a url", "oracle+cx://a:b@c/d"])
def test_unsupported_or_malformed_urls(url: str) -> None:
    with pytest.raises(StoreError) as info:
        Store.open(url)
    assert ":pw@" not in str(info.value)
    assert ":b@" not in str(info.value)


def test_closed_store_refuses_work(store: Store) -> None:
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.save([make_result()])


def test_database_url_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert database_url(None) == DEFAULT_URL == "sqlite:///cyberpatrol.db"
    monkeypatch.setenv(ENV_VAR, "sqlite:///from-env.db")
    assert database_url(None) == "sqlite:///from-env.db"
    assert database_url("sqlite:///explicit.db") == "sqlite:///explicit.db"
    monkeypatch.setenv(ENV_VAR, "  ")
    assert database_url("") == DEFAULT_URL


def test_postgres_urls_use_psycopg() -> None:
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert mask_url("postgresql+psycopg://u:pw@h/db") == "postgresql+psycopg://u:***@h/db"


def test_default_url_opens_in_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_VAR, raising=False)
    with Store.open(None) as store:
        store.save([make_result()])
    assert (tmp_path / "cyberpatrol.db").is_file()
