"""Fixtures for the store tests: a fresh store on SQLite and on PostgreSQL.

PostgreSQL tests need ``CYBERPATROL_TEST_PG_URL`` (see ``scripts/pg-test-server.sh``).
Without it they are skipped, except under CI (``CI`` set), where they fail so a
missing server can never pass silently.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cyberpatrol.store import Store


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open, migrated, empty store; closed after the test."""
    opened = Store.open(store_url)
    try:
        yield opened
    finally:
        opened.close()
