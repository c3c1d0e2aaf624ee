"""Alembic environment for the cyberpatrol store.

Normally run through :func:`cyberpatrol.store.migrate.upgrade`, which passes an
open connection in ``config.attributes["connection"]``. When run by the
``alembic`` command line (with a config that points ``script_location`` here),
the URL comes from ``sqlalchemy.url`` or :func:`cyberpatrol.store.url.database_url`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from cyberpatrol.store.tables import metadata
from cyberpatrol.store.url import database_url, parse_url


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = parse_url(database_url(config.get_main_option("sqlalchemy.url")))
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


_main()
