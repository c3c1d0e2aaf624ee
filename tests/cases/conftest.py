"""A hotline over a fresh store (SQLite and PostgreSQL) with posts and staff."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from case_builders import PASSWORD, Staff, result

from cyberpatrol.cases import Hotline


@pytest.fixture
def hotline(store_url: str) -> Iterator[Hotline]:
    with Hotline.open(store_url) as h:
        yield h


@pytest.fixture
def staff(hotline: Hotline) -> Staff:
    made = {
        name: hotline.create_user(name, PASSWORD, role_name=role).actor("192.0.2.1")
        for name, role in [
            ("admin", "admin"),
            ("sup", "supervisor"),
            ("ana", "analyst"),
            ("ana2", "analyst"),
            ("view", "viewer"),
        ]
    }
    return Staff(made["admin"], made["sup"], made["ana"], made["ana2"], made["view"])


@pytest.fixture
def queued(hotline: Hotline) -> Hotline:
    """Five posts stored (four flagged) and the queue filled."""
    hotline.store.save(
        [
            result("a", 0.95),
            result("b", 0.80, platform="instagram"),
            result("c", 0.99),
            result("d", 0.75),
            result("e", 0.10, flagged=False),
        ]
    )
    assert hotline.enqueue_flagged() == 4
    return hotline
