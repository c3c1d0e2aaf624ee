"""Choosing and displaying the database URL.

The default store is an SQLite file in the current directory; the environment
variable ``CYBERPATROL_DATABASE_URL`` or an explicit URL overrides it.
PostgreSQL URLs are pinned to the psycopg 3 driver, the only one installed.
"""

from __future__ import annotations

import os

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from cyberpatrol.errors import StoreError

ENV_VAR = "CYBERPATROL_DATABASE_URL"
DEFAULT_URL = "sqlite:///cyberpatrol.db"

_POSTGRES_ALIASES = {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg3"}
_SUPPORTED = {"sqlite", "sqlite+pysqlite", "postgresql+psycopg"}


def database_url(explicit: str | None) -> str:
    """The URL to open: ``explicit`` if given, else ``$CYBERPATROL_DATABASE_URL``, else the default.

    Empty strings count as "not given".
    """
    if explicit:
        return explicit
    from_env = os.environ.get(ENV_VAR, "").strip()
    return from_env or DEFAULT_URL


def parse_url(url: str) -> URL:
    """Parse ``url`` into a SQLAlchemy URL on a supported dialect and driver.

    ``postgres://`` and ``postgresql://`` are rewritten to ``postgresql+psycopg://``.
    Raises :class:`StoreError` for malformed or unsupported URLs (password masked).
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"malformed database URL {mask_url(url)!r}") from None
    if parsed.drivername in _POSTGRES_ALIASES:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in _SUPPORTED:
        raise StoreError(
            f"unsupported database URL {mask_url(url)!r}: "
            "use sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB"
        )
    return parsed


def mask_url(url: str | URL) -> str:
    """``url`` with any password replaced by ``***``, safe for messages and logs."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        # Unparseable: hide everything between "://" and the last "@".
        scheme, sep, rest = url.partition("://")
        if sep and "@" in rest:
            return f"{scheme}://***@{rest.rpartition('@')[2]}"
        return url
