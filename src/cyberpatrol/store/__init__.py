"""Persistence of posts, detector results and indicators (SQLite or PostgreSQL).

Public surface::

    from cyberpatrol.store import Store, database_url

    with Store.open(database_url(None)) as store:
        store.save(results)
        print(store.report().total)

Schema changes are Alembic migrations shipped in ``migrations/``;
:meth:`Store.open` applies them.
"""

from __future__ import annotations

from cyberpatrol.store.report import ImportTotals, Report, Tally
from cyberpatrol.store.store import ScanRecord, Store, StoredPost
from cyberpatrol.store.url import DEFAULT_URL, ENV_VAR, database_url, mask_url

__all__ = [
    "DEFAULT_URL",
    "ENV_VAR",
    "ImportTotals",
    "Report",
    "ScanRecord",
    "Store",
    "StoredPost",
    "Tally",
    "database_url",
    "mask_url",
]
